"""Crawler results: badges, tolerance of missing/extra fields, clear errors for broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.errors import BuildError
from builder.status import BLOCKED, UNCHECKED, UNREACHABLE, VERIFIED, load_status

from .conftest import FIXTURE_DATA


def test_badges_from_the_fixture() -> None:
    status = load_status(FIXTURE_DATA / "status")
    assert status.badge("ee-kutseregister") == (VERIFIED, "2026-02-01T03:02:00Z")
    assert status.badge("pt-ordem-dos-medicos") == (UNREACHABLE, "2026-01-18T03:00:00Z")
    assert status.badge("cz-advokati")[0] == BLOCKED
    assert status.badge("xx-unknown") == (UNCHECKED, "")
    assert status.registers["pt-ordem-dos-medicos"].stale
    assert status.summary["counts"]["ok"] == 2


def test_missing_folder_means_not_checked_yet(tmp_path: Path) -> None:
    status = load_status(tmp_path / "absent")
    assert not status.checked and status.badge("ee-kutseregister") == (UNCHECKED, "")


def test_minimal_and_extra_fields_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(json.dumps({"urls": [{"state": "timeout", "new": 1}], "x": []}))
    status = load_status(tmp_path)
    entry = status.registers["ee-x"].entry
    assert entry is not None and entry.cls == "soft" and entry.field == "url"
    assert status.badge("ee-x")[0] == UNREACHABLE


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object"), ('{"urls": [3]}', "not a crawler result")],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(content)
    with pytest.raises(BuildError) as caught:
        load_status(tmp_path)
    assert message in caught.value.lines[0] and "ee-x.json" in caught.value.lines[0]
