"""`build.py build`: invalid data prints the validator's lines and writes nothing; the swap is atomic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builder.config import REPO_ROOT


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "build.py"), "build", "--no-search", "--languages", "en,et", *args],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip


def test_build_then_invalid_data_keeps_the_old_output(site_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    ok = run_build("--data", str(site_data), "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "built 3 registers" in ok.stdout
    page = out / "en" / "registers" / "ee-kutseregister" / "index.html"
    before = page.read_text(encoding="utf-8")

    register = site_data / "registers" / "ee" / "ee-kutseregister.yml"
    register.write_text(register.read_text().replace("kind: professional", "kind: nonsense"), encoding="utf-8")
    (site_data / "registers" / "pt" / "pt-ordem-dos-medicos.yml").unlink()
    failed = run_build("--data", str(site_data), "--out", str(out))
    assert failed.returncode == 1
    assert "ee-kutseregister.yml:" in failed.stderr and ": error: kind" in failed.stderr
    assert "Traceback" not in failed.stderr + failed.stdout
    assert page.read_text(encoding="utf-8") == before
    assert (out / "en" / "registers" / "pt-ordem-dos-medicos" / "index.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_invalid_data_on_first_build_writes_nothing(site_data: Path, tmp_path: Path) -> None:
    (site_data / "registers" / "ee" / "ee-kutseregister.yml").write_text("id: [", encoding="utf-8")
    out = tmp_path / "public"
    result = run_build("--data", str(site_data), "--out", str(out))
    assert result.returncode == 1 and "ee-kutseregister.yml:2:1: error:" in result.stderr
    assert not out.exists() and list(tmp_path.glob(".public*")) == []


def test_malformed_status_file_is_a_clear_error(site_data: Path, tmp_path: Path) -> None:
    (site_data / "status" / "ee" / "ee-kutseregister.json").write_text("{oops", encoding="utf-8")
    result = run_build("--data", str(site_data), "--out", str(tmp_path / "public"))
    assert result.returncode == 1
    assert "ee-kutseregister.json:1:2: error: not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "public").exists()


def test_unknown_language_is_a_usage_error(site_data: Path, tmp_path: Path) -> None:
    result = run_build("--data", str(site_data), "--out", str(tmp_path / "p"), "--languages", "en,xx")
    assert result.returncode == 2 and "xx" in result.stderr and "Traceback" not in result.stderr


def test_swap_replaces_the_folder_in_one_step(tmp_path: Path) -> None:
    from builder.output import staging

    out = tmp_path / "public"
    out.mkdir()
    (out / "old.txt").write_text("old")
    try:
        with staging(out) as temp:
            (temp / "new.txt").write_text("new")
            raise RuntimeError("a stage failed")
    except RuntimeError:
        pass
    assert [p.name for p in out.iterdir()] == ["old.txt"]
    with staging(out) as temp:
        (temp / "new.txt").write_text("new")
    assert [p.name for p in out.iterdir()] == ["new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["public"]
