"""`build.py review`: registers whose evidence is weakest come first, with the reasons."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import build
from registry.loader import load_registry
from registry.review import weakest_first
from tests.conftest import VALID_REGISTER, write_register

OFFICIAL = VALID_REGISTER.replace(
    "url: https://www.kutseregister.ee/\nkind", "url: https://www.kutseregister.ee/otsing\nkind"
)
OFFICIAL = OFFICIAL.replace(
    "  - url: https://www.kutseregister.ee/\n", "  - url: https://www.kutseregister.ee/otsing\n"
)


def variant(register_id: str, text: str) -> str:
    return text.replace("ee-kutseregister", register_id)


def make_data(data: Path) -> None:
    write_register(data, variant("ee-official", OFFICIAL), name="ee-official")
    home = variant("ee-home", VALID_REGISTER)  # url is a home page, confirmed by that page itself
    write_register(data, home, name="ee-home")
    third = OFFICIAL.replace("  - url: https://www.kutseregister.ee/otsing\n",
                             "  - url: https://blog.example.ee/registers\n")  # fmt: skip
    write_register(data, variant("ee-third", third), name="ee-third")
    withdrawn = VALID_REGISTER.replace("status: active", "status: withdrawn").replace("    confirms: [url]\n", "")
    write_register(data, variant("ee-gone", withdrawn), name="ee-gone")


def test_weakest_first(empty_data: Path) -> None:
    make_data(empty_data)
    result = load_registry(empty_data)
    assert result.ok, result.problems
    ranked = weakest_first(result.registers, {})
    assert [(a.register.id, a.score) for a in ranked] == [("ee-third", 4), ("ee-home", 2), ("ee-official", 0)]
    assert [k for _, k, _ in ranked[0].weaknesses] == ["third-party"]
    assert [k for _, k, _ in ranked[1].weaknesses] == ["home-page"]


def test_stale_sources_use_access_dates_and_git(empty_data: Path) -> None:
    import datetime as dt

    dated = OFFICIAL.replace("    confirms: [url]\n", "    confirms: [url]\n    accessed: 2026-01-05\n")
    write_register(empty_data, dated)
    result = load_registry(empty_data)
    (register,) = result.registers
    changed = {register.path.resolve(): dt.date(2026, 6, 1)}
    assert [k for _, k, _ in weakest_first(result.registers, changed)[0].weaknesses] == ["stale-sources"]
    changed = {register.path.resolve(): dt.date(2026, 1, 5)}
    assert weakest_first(result.registers, changed)[0].weaknesses == []


def test_review_command(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_data(empty_data)
    subprocess.run(["git", "init", "-q", str(empty_data)], check=True)
    code = build.main(["review", "--data", str(empty_data)])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == [" 4".strip(), "registers/ee/ee-third.yml"]
    assert "      - only third-party pages confirm the address" in lines
    assert "      confirmed by (third-party): https://blog.example.ee/registers" in lines
    assert "ee-official" not in out and "ee-gone" not in out
    assert lines[-1] == "2 of 3 registers have a weakness in their evidence"
    assert build.main(["review", "--data", str(empty_data), "--limit", "1", "--all"]) == 0
    out = capsys.readouterr().out
    assert "ee-home" not in out and out.splitlines()[-1].endswith("(showing 1)")
    assert build.main(["review", "--data", str(empty_data), "--limit", "0"]) == 2
