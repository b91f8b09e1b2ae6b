"""Fixtures for the site tests: a frozen mini data set (tests/site/fixtures/data) and builds of it.

The fixture data carries its own copy of the schema and vocabularies (labels filled in), so the
site tests do not depend on the state of the shipped data or of the translations.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.config import SiteConfig
from builder.pipeline import build

FIXTURE_DATA = Path(__file__).resolve().parent / "fixtures" / "data"


@pytest.fixture
def site_data(tmp_path: Path) -> Path:
    """A writable copy of the fixture data folder (3 registers, status files)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    return data


def make_config(data: Path, out: Path, **options) -> SiteConfig:
    options.setdefault("run_pagefind", False)
    options.setdefault("jobs", 1)
    return SiteConfig(data_dir=data, out_dir=out, status_dir=data / "status", **options)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data built once in all 26 languages, without the search index."""
    out = tmp_path_factory.mktemp("site") / "public"
    build(make_config(FIXTURE_DATA, out, jobs=2))
    return out
