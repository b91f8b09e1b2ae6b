"""`build`/`serve` never destroy their inputs, and a killed build leaves no staging folder (issue 11).

Every dangerous ``--out`` is tried in a throw-away "checkout" under tmp_path (a folder with a
``.git`` and a copy of the fixture data), never in the real one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.config import REPO_ROOT
from builder.output import MARKER, refusal, remove_leftovers

BUILD = str(REPO_ROOT / "build.py")


def run(cwd: Path, *args: str, command: str = "build") -> subprocess.CompletedProcess[str]:
    extra = ["--no-search", "--languages", "en,et"] if command == "build" else ["--no-watch", "--port", "0"]
    return subprocess.run([sys.executable, BUILD, command, *extra, *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)  # fmt: skip


@pytest.fixture
def checkout(site_data: Path, tmp_path: Path) -> Path:
    """tmp_path/repo: a .git folder, the fixture data in data/, a README."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / "README.md").write_text("keep me\n")
    site_data.rename(repo / "data")
    return repo


def snapshot(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize(
    ("out", "why"),
    [
        (".", "repository"),
        ("data", "data folder"),
        ("data/registers", "data folder"),
        ("data/status", "data folder"),
        ("..", "contains"),
        (".git/site", ".git"),
    ],
)
def test_dangerous_out_is_refused(checkout: Path, out: str, why: str, command: str) -> None:
    before = snapshot(checkout.parent)
    result = run(checkout, "--data", "data", "--out", out, command=command)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "refused" in lines[0] and why in lines[0], lines
    assert "Traceback" not in result.stderr
    assert snapshot(checkout.parent) == before


def test_out_holding_another_repository_is_refused(checkout: Path, tmp_path: Path) -> None:
    other = tmp_path / "other-clone"
    (other / ".git").mkdir(parents=True)
    (other / MARKER).write_text("a marker does not make a repository safe\n")
    result = run(checkout, "--data", "data", "--out", str(other))
    assert result.returncode == 2 and "repository" in result.stderr
    assert (other / ".git").is_dir()
    nested = tmp_path / "site-with-clone"
    (nested / "sub" / "clone" / ".git").mkdir(parents=True)
    (nested / MARKER).write_text("x")
    result = run(checkout, "--data", "data", "--out", str(nested))
    assert result.returncode == 2 and "repository" in result.stderr
    assert (nested / "sub" / "clone" / ".git").is_dir()


def test_non_empty_out_without_the_marker_is_refused(checkout: Path, tmp_path: Path) -> None:
    home = tmp_path / "documents"
    home.mkdir()
    (home / "thesis.txt").write_text("years of work\n")
    result = run(checkout, "--data", "data", "--out", str(home))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and MARKER in result.stderr and "not empty" in result.stderr
    assert (home / "thesis.txt").read_text() == "years of work\n"


def test_a_previous_build_and_an_empty_folder_are_accepted(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()  # empty: fine
    first = run(checkout, "--data", "data", "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert (out / MARKER).is_file() and (out / "en" / "index.html").is_file()
    assert (out / MARKER).stat().st_mode & 0o777 == 0o644 & ~_umask()
    second = run(checkout, "--data", "data", "--out", str(out))  # marked: replaced
    assert second.returncode == 0, second.stderr
    default = run(checkout, "--data", "data")  # public/ inside the checkout is the normal case
    assert default.returncode == 0, default.stderr
    assert (checkout / "public" / MARKER).is_file() and (checkout / ".git" / "HEAD").is_file()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_refusal_function(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "status").mkdir(parents=True)
    assert refusal(tmp_path / "public", data, data / "status", mark=False) is None
    assert "data folder" in (refusal(data, data, mark=False) or "")
    assert "status folder" in (refusal(tmp_path / "s", data, tmp_path / "s" / "x", mark=False) or "")
    assert "repository" in (refusal(REPO_ROOT, data, mark=False) or "")
    assert "repository" in (refusal(REPO_ROOT.parent, data, mark=False) or "")
    (tmp_path / "file").write_text("x")
    assert "file" in (refusal(tmp_path / "file", data, mark=False) or "")


def _start_build(checkout: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, BUILD, "build", "--no-search", "--jobs", "2", "--data", "data",
                             "--out", str(out)], cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)  # fmt: skip


def _wait_for_staging(parent: Path, proc: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = [p for p in parent.glob(".public.building-*") if (p / "en").is_dir()]
        if found:
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("no staging folder appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_removes_its_staging_folder_quietly(checkout: Path, tmp_path: Path, sig: int) -> None:
    out = tmp_path / "public"
    proc = _start_build(checkout, out)
    _wait_for_staging(tmp_path, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert list(tmp_path.glob(".public.*")) == [] and not out.exists()


def test_a_killed_build_leaves_nothing_for_long(checkout: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    proc = _start_build(checkout, out)
    _wait_for_staging(tmp_path, proc)
    proc.kill()
    _, stderr = proc.communicate(timeout=60)
    time.sleep(0.5)  # the workers get SIGTERM from the kernel when their parent dies
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    leftovers = list(tmp_path.glob(".public.building-*"))
    again = run(checkout, "--data", "data", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert not any(p.exists() for p in leftovers)
    assert list(tmp_path.glob(".public.*")) == []


def test_leftovers_of_a_live_build_are_kept(tmp_path: Path) -> None:
    live = tmp_path / f".public.building-{os.getpid()}-abc"
    dead = tmp_path / ".public.building-999999999-abc"
    other = tmp_path / ".other.building-999999999-abc"
    for folder in (live, dead, other):
        folder.mkdir()
    assert remove_leftovers(tmp_path / "public") == [dead]
    assert live.exists() and other.exists()
