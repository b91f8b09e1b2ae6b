"""The pull-request link check and the --fix pull request: changed_registers, pr_check,
crawl_outcome and fix_pr, run through their ``main`` as the workflows call them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from automation import changed_registers, crawl_outcome, fix_pr, pr_check
from tests.automation.fake_github import FakeGitHub
from tests.conftest import VALID_REGISTER

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def write(repo: Path, register_id: str, text: str | None = None) -> Path:
    path = repo / "data" / "registers" / register_id[:2] / f"{register_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or VALID_REGISTER.replace("ee-kutseregister", register_id), encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    write(root, "ee-kutseregister")
    write(root, "ee-other")
    (root / "data" / "vocabularies").mkdir()
    (root / "data" / "vocabularies" / "kinds.yml").write_text("vocabulary: kinds\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


# -- changed_registers ---------------------------------------------------------------------


def ids(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = changed_registers.main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out.split(), err


def test_changed_registers_lists_added_modified_and_untracked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert ids(capsys, "HEAD") == (0, [], "")
    write(repo, "ee-other", VALID_REGISTER.replace("ee-kutseregister", "ee-other").replace("Search", "Find"))
    write(repo, "lv-new")
    (repo / "data" / "vocabularies" / "kinds.yml").write_text("vocabulary: kinds\n# changed\n", encoding="utf-8")
    (repo / "data" / "registers" / "ee" / "ee-kutseregister.yml").unlink()  # deleted: nothing to crawl
    (repo / "data" / "registers" / "notes.txt").write_text("x", encoding="utf-8")
    for hostile in ("--fix", "ee-a b", "ee-$(id)"):  # never reach the crawler's command line
        (repo / "data" / "registers" / "ee" / f"{hostile}.yml").write_text("x", encoding="utf-8")
    assert ids(capsys, "HEAD") == (0, ["ee-other", "lv-new"], "")


def test_changed_registers_against_a_branch(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "lv-new")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add")
    assert ids(capsys, "main")[1] == ["lv-new"]
    assert ids(capsys, "HEAD^1")[1] == ["lv-new"]


@pytest.mark.parametrize(("base", "message"), [("nope", "not a known git revision"), ("--output=x", "not a git rev")])
def test_changed_registers_bad_base(repo: Path, capsys: pytest.CaptureFixture[str], base: str, message: str) -> None:
    code, out, err = ids(capsys, "--", base)
    assert code == 2
    assert out == []
    assert message in err


# -- crawl_outcome -------------------------------------------------------------------------


def test_crawl_outcome(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "crawl.json"
    status = tmp_path / "status"
    status.mkdir()
    assert crawl_outcome.main(["1", "--report", str(report)]) == 1  # exit 1 and no report: a crash
    assert "probably crashed" in capsys.readouterr().err
    report.write_text(json.dumps({"results": []}), encoding="utf-8")
    (status / "summary.json").write_text(json.dumps({"finished_at": "x"}), encoding="utf-8")
    assert crawl_outcome.main(["1", "--report", str(report), "--status", str(status)]) == 0  # sites fail: fine
    assert crawl_outcome.main(["0", "--report", str(report)]) == 0
    assert crawl_outcome.main(["2", "--report", str(report)]) == 1
    assert crawl_outcome.main(["137"]) == 1
    (status / "summary.json").write_text("{", encoding="utf-8")
    assert crawl_outcome.main(["0", "--status", str(status)]) == 1
    err = capsys.readouterr().err
    assert "exit 2" in err and "137" in err and "Traceback" not in err


# -- pr_check ------------------------------------------------------------------------------


def result(register: str, url: str, state: str, *, line: int = 13, **extra: Any) -> dict[str, Any]:
    return {
        "register": register,
        "file": f"data/registers/{register[:2]}/{register}.yml",
        "line": line,
        "url": url,
        "state": state,
        "detail": None,
        "message": f"{state} message",
        "http_status": 404 if state == "not_found" else 200,
        "final_url": url,
        "redirects": [],
        "suggested_url": None,
        "elapsed_ms": 10,
        **extra,
    }


def check(repo: Path, capsys: pytest.CaptureFixture[str], results: list[dict[str, Any]], *args: str,
          degraded: bool = False) -> tuple[int, str]:  # fmt: skip
    report = repo / "crawl.json"
    report.write_text(json.dumps({"degraded": degraded, "results": results}), encoding="utf-8")
    code = pr_check.main([str(report), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_hard_state_of_a_changed_url_fails(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "ee-other", VALID_REGISTER.replace("ee-kutseregister", "ee-other").replace(
        "url: https://www.kutseregister.ee/", "url: https://www.kutseregister.ee/new", 1
    ))  # fmt: skip
    summary = repo / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    results = [
        result("ee-other", "https://www.kutseregister.ee/new", "not_found"),
        result("ee-other", "https://www.kutseregister.ee/", "ok", line=20),
    ]
    code, output = check(repo, capsys, results, "--base", "HEAD")
    assert code == 1
    assert (
        "::error file=data/registers/ee/ee-other.yml,line=13,title=link check%3A not_found::"
        "https://www.kutseregister.ee/new: not_found — not_found message (fails this pull request)"
    ) in output
    markdown = summary.read_text(encoding="utf-8")
    assert "**1 changed URL(s) are broken**" in markdown
    assert "| ❌ | `ee-other` | <https://www.kutseregister.ee/new> | `not_found` (hard)" in markdown


def test_unchanged_soft_and_warning_states_do_not_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "lv-new")
    results = [
        # Already on main and broken: not this PR's fault.
        result("ee-other", "https://www.kutseregister.ee/", "not_found"),
        result("lv-new", "https://www.kutseregister.ee/", "timeout"),
        result("lv-new", "https://www.kutseregister.ee/a", "blocked", detail="waf"),
        result("lv-new", "https://www.kutseregister.ee/b", "dns_error", detail="servfail"),
        result("lv-new", "https://www.kutseregister.ee/c", "redirected", suggested_url="https://x.example.eu/"),
    ]
    code, output = check(repo, capsys, results, "--base", "HEAD", "--summary", str(repo / "s.md"))
    assert code == 0, output
    assert "0 changed URL(s) in a hard state" in output
    markdown = (repo / "s.md").read_text(encoding="utf-8")
    assert "not changed by this PR" in markdown
    assert "suggested: <https://x.example.eu/>" in markdown


def test_nxdomain_is_hard(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "lv-new")
    results = [result("lv-new", "https://gone.example.eu/", "dns_error", detail="dns_error/nxdomain")]
    assert check(repo, capsys, results, "--base", "HEAD")[0] == 1


def test_nxdomain_in_a_degraded_run_does_not_fail(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "lv-new")  # the runner's resolver answered NXDOMAIN for every name (issue 11)
    results = [result("lv-new", "https://gone.example.eu/", "dns_error", detail="nxdomain")]
    code, output = check(repo, capsys, results, "--base", "HEAD", degraded=True)
    assert code == 0, output
    moved = [result("lv-new", "https://gone.example.eu/", "not_found")]
    assert check(repo, capsys, moved, "--base", "HEAD", degraded=True)[0] == 1  # other hard states still fail


def test_without_base_every_url_counts(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(repo, capsys, [result("ee-other", "https://www.kutseregister.ee/", "moved")])[0] == 1


def test_no_results_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = check(repo, capsys, [], "--summary", str(repo / "s.md"))
    assert code == 0
    assert "No register file changed" in (repo / "s.md").read_text(encoding="utf-8")


def test_unusable_report_or_base_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "crawl.json").write_text("[", encoding="utf-8")
    assert pr_check.main([str(repo / "crawl.json")]) == 2
    assert pr_check.main([str(repo / "missing.json")]) == 2
    assert check(repo, capsys, [], "--base", "no-such-ref")[0] == 2
    assert "Traceback" not in capsys.readouterr().err


# -- fix_pr --------------------------------------------------------------------------------


def test_fix_pr_opens_then_updates_one_pull_request(
    fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "crawl.json"
    moved = result("ee-other", "http://old.example.eu/", "redirected", suggested_url="https://new.example.eu/")
    report.write_text(json.dumps({"results": [moved]}), encoding="utf-8")
    args = ["--branch", "bot/url-fixes", "--report", str(report), "data/registers/ee/ee-other.yml"]
    assert fix_pr.main(args) == 0
    assert "opened pull request #1" in capsys.readouterr().out
    (pull,) = [i for i in fake.state.issue_list(pulls=True) if "pull_request" in i]
    assert pull["head"]["ref"] == "bot/url-fixes" and pull["base"]["ref"] == "main"
    assert "| `data/registers/ee/ee-other.yml` | <http://old.example.eu/> | <https://new.example.eu/> |" in pull["body"]
    assert fix_pr.main(args) == 0
    assert "is up to date" in capsys.readouterr().out
    assert fix_pr.main([*args, "data/registers/lv/lv-x.yml"]) == 0
    assert "updated pull request #1" in capsys.readouterr().out
    assert len([i for i in fake.state.issue_list(pulls=True) if "pull_request" in i]) == 1
    assert "`data/registers/lv/lv-x.yml` | (see the diff)" in fake.state.issues[1]["body"]


def test_fix_pr_api_error(fake: FakeGitHub, capsys: pytest.CaptureFixture[str]) -> None:
    fake.state.deny_writes = 403
    assert fix_pr.main(["--branch", "bot/url-fixes", "data/registers/ee/ee-other.yml"]) == 1
    err = capsys.readouterr().err
    assert "failed (403)" in err and "Traceback" not in err
