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


VALID_REGISTER = """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: ee-kutseregister
status: active
country: EE
name:
  et: Kutseregister
  en: Register of Occupational Qualifications
authority:
  name:
    et: SA Kutsekoda
    en: Estonian Qualifications Authority
  url: https://www.kutsekoda.ee/
url: https://www.kutseregister.ee/
kind: professional
areas: [professional-qualifications]
professions: [tourist-guide]
information: [registration, qualifications]
search_by: [name, registration-number]
access:
  cost: free
  login: none
  captcha: false
languages: [et, en]
sources:
  - url: https://www.kutseregister.ee/
    confirms: [url]
notes:
  en: Search by name or certificate number.
"""


def write_register(data: Path, text: str, *, name: str = "ee-kutseregister", folder: str = "ee") -> Path:
    """Write a register file as raw text (so tests control every byte and line)."""
    path = data / "registers" / folder / f"{name}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
