"""`build.py validate --changed BASE` on a temporary git repository.

Only the register files changed since BASE get the per-file checks; the cross-file rules
(unique ids, replaced_by targets) still see every file, and anything that can invalidate
files nobody touched (a deleted register, a vocabulary or schema change) checks them all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import build
from tests.conftest import DATA, VALID_REGISTER

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def register_text(register_id: str, country: str = "EE", **replace: str) -> str:
    text = VALID_REGISTER.replace("id: ee-kutseregister", f"id: {register_id}").replace(
        "country: EE", f"country: {country}"
    )
    if country == "LV":
        text = text.replace("et: Kutseregister", "lv: Reģistrs").replace("et: SA Kutsekoda", "lv: Iestāde")
        text = text.replace("languages: [et, en]", "languages: [lv, en]")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def put(data: Path, register_id: str, text: str) -> Path:
    path = data / "registers" / register_id[:2] / f"{register_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BROKEN = {"kind: professional": "kind: nonsense"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with data/schema, data/vocabularies and two valid registers committed."""
    root = tmp_path / "repo"
    data = root / "data"
    shutil.copytree(DATA / "schema", data / "schema")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    put(data, "ee-kutseregister", register_text("ee-kutseregister"))
    put(data, "ee-other", register_text("ee-other"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def validate(repo: Path, capsys: pytest.CaptureFixture[str], *changed: str) -> tuple[int, list[str], str]:
    """Run the command as a user would; return the exit code, the register error lines and all output."""
    code = build.main(["validate", "--data", str(repo / "data"), "--changed", *changed])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if ": error: " in line and "/registers/" in line]
    return code, errors, out + err


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, errors, output = validate(repo, capsys, "HEAD")
    assert code == 0 or "vocabularies" in output  # vocabularies are being completed by others
    assert errors == []
    assert "0 changed of 2 register files" in output


def test_only_changed_files_are_checked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A broken file already on the base branch is not this change's business...
    put(repo / "data", "ee-other", register_text("ee-other", **BROKEN))
    git(repo, "commit", "-q", "-am", "broken on main")
    # ...the file this change touches is.
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **{"en: Search by": "en: Find by"}))
    code, errors, output = validate(repo, capsys, "HEAD")
    assert errors == []
    assert "1 changed of 2 register files" in output
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **BROKEN))
    code, errors, output = validate(repo, capsys, "HEAD")
    assert code == 1
    assert len(errors) == 1
    assert "ee-kutseregister.yml:14:7: error: kind:" in errors[0]
    assert "ee-other" not in output


def test_base_can_be_a_branch_or_older_commit(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "-c", "feature")
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **BROKEN))
    git(repo, "commit", "-q", "-am", "committed on the branch")
    code, errors, _ = validate(repo, capsys, "main")
    assert code == 1
    assert len(errors) == 1
    assert validate(repo, capsys, "HEAD")[1] == []


def test_untracked_new_file_counts(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(repo / "data", "ee-new", register_text("ee-new", **BROKEN))
    code, errors, output = validate(repo, capsys, "HEAD")
    assert code == 1
    assert [e for e in errors if "ee-new.yml" in e]
    assert "1 changed of 3 register files" in output


def test_ignored_files_do_not_count(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gitignore").write_text("*.tmp.yml\n", encoding="utf-8")
    put(repo / "data", "ee-scratch.tmp", "not: [valid")
    _, _, output = validate(repo, capsys, "HEAD")
    assert "0 changed of" in output


def test_duplicate_id_still_detected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "data" / "registers" / "lv" / "ee-other.yml"
    path.parent.mkdir(parents=True)
    path.write_text(register_text("ee-other"), encoding="utf-8")
    code, errors, _ = validate(repo, capsys, "HEAD")
    assert code == 1
    assert any("'ee-other' is already used by" in e for e in errors)


def test_replaced_by_checks_unchanged_targets(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = {"status: active": "status: deprecated\nreplaced_by: ee-other"}
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **ok))
    assert validate(repo, capsys, "HEAD")[1] == []
    bad = {"status: active": "status: deprecated\nreplaced_by: ee-missing"}
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **bad))
    code, errors, _ = validate(repo, capsys, "HEAD")
    assert code == 1
    assert any("no register has the id 'ee-missing'" in e for e in errors)


def test_deleting_a_replaced_by_target_is_caught(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = {"status: active": "status: deprecated\nreplaced_by: ee-other"}
    put(repo / "data", "ee-kutseregister", register_text("ee-kutseregister", **ok))
    git(repo, "commit", "-q", "-am", "deprecate")
    (repo / "data" / "registers" / "ee" / "ee-other.yml").unlink()
    code, errors, _ = validate(repo, capsys, "HEAD")
    assert code == 1
    assert any("no register has the id 'ee-other'" in e for e in errors)


def test_vocabulary_change_checks_every_register(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Removing a term that an untouched register uses must not pass as "nothing changed".
    vocabulary = repo / "data" / "vocabularies" / "kinds.yml"
    text = vocabulary.read_text(encoding="utf-8")
    start = text.index("  - id: professional")
    end = text.index("  - id: business")
    vocabulary.write_text(text[:start] + text[end:], encoding="utf-8")
    code, _, output = validate(repo, capsys, "HEAD")
    assert code == 1
    assert "2 changed of 2 register files" in output


def test_bad_base_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, output = validate(repo, capsys, "no-such-branch")
    assert code == 2
    assert "error: --changed:" in output
    assert "no-such-branch" in output


def test_option_like_base_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # git would read '--output=FILE' as an option and write a file; refuse before git sees it.
    code = build.main(["validate", "--data", str(repo / "data"), "--changed=--output=/tmp/x"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "'--output=/tmp/x' is not a git revision" in err
    assert "Traceback" not in out + err


def test_outside_git_exits_2(tmp_path: Path, empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = build.main(["validate", "--data", str(empty_data), "--changed", "HEAD"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "error: --changed:" in err
    assert "Traceback" not in out + err
