"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """A data folder with the real schema and vocabularies and no registers yet."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "schema", data / "schema")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "registers").mkdir()
    return data
