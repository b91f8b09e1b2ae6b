"""`build.py new`: the scaffold explains every key, fails validation until filled in, refuses bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import build
from registry import load_registry
from registry.scaffold import derive_id, slugify

REPO = Path(__file__).resolve().parent.parent


def new(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = build.main(["new", "--data", str(data), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def register_problems(data: Path) -> list[str]:
    """Problems in register files only (the vocabularies are being completed by others)."""
    result = load_registry(data)
    return [p.format() for p in result.problems if "registers" in Path(p.path).parts]


@pytest.mark.parametrize(
    ("country", "name", "native"),
    [
        ("PT", "Register of Doctors", "pt"),
        ("pt", "Ordem dos Médicos: «Registo»", "pt"),
        ("IE", "Register of Nurses", "ga"),
        ("NO", "Helsepersonellregisteret", "nb"),
        ("BE", "Central Enterprise Register", "nl"),
        ("GR", "Registry of Lawyers", "el"),
    ],
)
def test_scaffold_fails_until_filled_in(
    empty_data: Path, capsys: pytest.CaptureFixture[str], country: str, name: str, native: str
) -> None:
    code, out, err = new(empty_data, capsys, "--country", country, "--name", name)
    assert code == 0, err
    path = Path(out.split()[1])
    assert path.parent == empty_data / "registers" / country.lower()
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/register.schema.json"
    # Unchanged, it is refused: one line per placeholder, at that placeholder's line, saying what belongs there.
    problems = register_problems(empty_data)
    placeholder_lines = [n for n, line in enumerate(text.splitlines(), 1)
                         if not line.lstrip().startswith("#") and ("…" in line or "example.org" in line)]  # fmt: skip
    expected = 1 + 2 + 1 + 1 + 1  # name, authority name (native and en), url, source url, source title
    assert len(problems) == expected, problems
    assert sorted({int(p.split(":")[1]) for p in problems}) == placeholder_lines
    assert all("is a placeholder: " in p for p in problems)
    assert any(f"name.{native}: '…' is a placeholder: write the register's name in '{native}'" in p for p in problems)
    assert any("url: 'https://example.org/' is a placeholder" in p for p in problems)
    # Filled in, it validates.
    filled = text.replace('"…"', '"Filled in"').replace("https://example.org/", "https://www.register.eu/")
    path.write_text(filled, encoding="utf-8")
    assert register_problems(empty_data) == []
    result = load_registry(empty_data)
    (register,) = result.registers
    assert register.id == path.stem
    assert register.data["name"]["en"] == " ".join(name.split())
    assert native in register.data["name"]
    assert register.data["country"] == country.upper()


def test_every_schema_key_is_present_or_commented(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new(empty_data, capsys, "--country", "EE", "--name", "Kutseregister")
    text = (empty_data / "registers" / "ee" / "ee-kutseregister.yml").read_text(encoding="utf-8")
    schema = json.loads((empty_data / "schema" / "register.schema.json").read_text(encoding="utf-8"))
    keys = list(schema["properties"])
    for nested in ("authority", "access", "data", "check"):
        keys += list(schema["properties"][nested]["properties"])
    keys += list(schema["properties"]["sources"]["items"]["properties"])
    for key in keys:
        assert re.search(rf"(?<![a-z_]){key}:", text), key
    # The explanations are the schema's own words, not a copy that can drift.
    assert schema["properties"]["url"]["description"] in text
    assert "One of: professional, business" in text


def test_explanations_come_before_each_key(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new(empty_data, capsys, "--country", "EE", "--name", "Kutseregister")
    lines = (empty_data / "registers" / "ee" / "ee-kutseregister.yml").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^[a-z_]+:", line):
            assert lines[index - 1].lstrip().startswith("#"), line


def test_scaffold_passes_yamllint(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("yamllint")
    new(empty_data, capsys, "--country", "FI", "--name", "Register of Healthcare Professionals")
    path = empty_data / "registers" / "fi" / "fi-register-of-healthcare-professionals.yml"
    run = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(REPO / ".yamllint.yml"), str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_explicit_id(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(empty_data, capsys, "--country", "LU", "--name", "RCS", "--id", "lu-rcs")
    assert code == 0, err
    assert (empty_data / "registers" / "lu" / "lu-rcs.yml").exists()
    assert all("lu-rcs.yml" in p and "is a placeholder" in p for p in register_problems(empty_data))


def test_refuses_to_overwrite(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new(empty_data, capsys, "--country", "EE", "--name", "Kutseregister")
    path = empty_data / "registers" / "ee" / "ee-kutseregister.yml"
    path.write_text("# my edits\n", encoding="utf-8")
    code, _, err = new(empty_data, capsys, "--country", "EE", "--name", "Kutseregister")
    assert code == 2
    assert "already exists" in err
    assert path.read_text(encoding="utf-8") == "# my edits\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "XX", "--name", "A register"], "unknown country 'XX'"),
        (["--country", "EL", "--name", "A register"], "Greece is GR"),
        (["--country", "UK", "--name", "A register"], "unknown country 'UK'"),
        (["--country", "PT", "--name", "   "], "--name is empty"),
        (["--country", "PT", "--name", "A", "--id", "ee-wrong-country"], "bad id 'ee-wrong-country'"),
        (["--country", "PT", "--name", "A", "--id", "pt-Upper_Case"], "bad id 'pt-Upper_Case'"),
        (["--country", "PT", "--name", "A", "--id", "pt-" + "a" * 90], "bad id"),
        (["--country", "GR", "--name", "Μητρώο Δικηγόρων"], "give one with --id"),
    ],
)
def test_clear_errors_exit_2(
    empty_data: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = new(empty_data, capsys, *args)
    assert code == 2
    assert message in err
    assert list((empty_data / "registers").rglob("*.yml")) == []


def test_missing_data_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = new(tmp_path / "nowhere", capsys, "--country", "PT", "--name", "A register")
    assert code == 2
    assert "cannot read the schema" in err


def test_slugs() -> None:
    assert slugify("Ordem dos Médicos") == "ordem-dos-medicos"
    assert slugify("Straße & Ærø  —  Łódź") == "strasse-aero-lodz"
    assert slugify("  --Registre  national!! ") == "registre-national"
    assert derive_id("PT", "Ordem dos Médicos") == "pt-ordem-dos-medicos"
    long_id = derive_id("DE", "word " * 40)
    assert len(long_id) <= 80
    assert not long_id.endswith("-")
