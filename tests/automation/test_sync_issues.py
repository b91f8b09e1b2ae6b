"""The issue sync against a fake GitHub on loopback, through ``automation.sync_issues.main``.

``main`` is what the scheduled workflow runs (`python -m automation.sync_issues …`), so these
tests exercise the same code path: argument parsing, reading status files, the HTTP client,
pagination and every issue operation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from automation.github import GitHubClient, GitHubError
from automation.sync_issues import main
from tests.automation.conftest import REPO_NAME, StatusDir, url_status
from tests.automation.fake_github import FakeGitHub

NOT_FOUND = url_status("not_found", stale=True, failing_runs=3)


class Run:
    """Runs the sync like the workflow does and returns its output."""

    def __init__(self, status: StatusDir, capsys: pytest.CaptureFixture[str]) -> None:
        self.status = status
        self.capsys = capsys

    def __call__(self, *extra: str, now: str = "2026-01-08T04:00:00Z", expect: int = 0) -> str:
        if not (self.status.path / "summary.json").exists():
            self.status.summary()
        args = ["--status", str(self.status.path), "--data", str(self.status.data), "--now", now, *extra]
        code = main(args)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        assert code == expect, out + err
        return out + err


@pytest.fixture
def run(status: StatusDir, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(status, capsys)


def register_issues(fake: FakeGitHub, key: str | None = None) -> list[dict[str, Any]]:
    issues = [i for i in fake.state.issue_list() if i["body"].startswith("<!-- status: ")]
    return [i for i in issues if key is None or i["body"].startswith(f"<!-- status: {key} -->")]


def labels(issue: dict[str, Any]) -> set[str]:
    return {label["name"] for label in issue["labels"]}


def dashboards(fake: FakeGitHub) -> list[dict[str, Any]]:
    return [i for i in fake.state.issue_list() if i["body"].startswith("<!-- status-dashboard -->")]


def stale_run(status: StatusDir, *urls: dict[str, Any], register_id: str = "ee-kutseregister") -> None:
    status.register(register_id, *(urls or (NOT_FOUND,)))
    status.summary()


# -- create, edit in place, comment on change ------------------------------------------------


def test_creates_one_issue_with_marker_labels_evidence_and_links(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    status.write_register_file()
    status.register("ee-healthy", url_status("ok"))
    stale_run(status)
    output = run()
    (issue,) = register_issues(fake)
    body = issue["body"]
    assert body.splitlines()[0] == "<!-- status: ee/ee-kutseregister -->"
    assert issue["title"] == "Stale register ee-kutseregister: not_found"
    assert labels(issue) == {"stale-register", "country:ee", "state:not_found"}
    assert {"stale-register", "country:ee", "state:not_found", "status-dashboard"} <= set(fake.state.labels)
    # The YAML line: `url:` is line 13 of the register file.
    edit = "https://github.com/acme/registers/edit/main/data/registers/ee/ee-kutseregister.yml#L13"
    blob = "https://github.com/acme/registers/blob/main/data/registers/ee/ee-kutseregister.yml#L13"
    assert edit in body
    assert blob in body
    assert "data/registers/ee/ee-kutseregister.yml:13" in body
    assert "<https://www.kutseregister.ee/>" in body
    assert "not_found" in body and "| 3 |" in body  # evidence: state, failing runs
    assert "status: withdrawn" in body  # the advice for a dead page
    assert fake.state.comments[issue["number"]] == []
    assert len(dashboards(fake)) == 1
    assert "create issue for ee/ee-kutseregister" in output


def test_second_run_on_the_same_status_writes_nothing(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    before = len(fake.state.writes())
    output = run()
    assert len(fake.state.writes()) == before
    assert "0 change(s)" in output
    assert len(register_issues(fake)) == 1
    assert len(dashboards(fake)) == 1


def test_new_evidence_edits_the_body_in_place_without_a_comment(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    (issue,) = register_issues(fake)
    old_body = issue["body"]
    stale_run(status, url_status("not_found", stale=True, failing_runs=4))
    run()
    (issue,) = register_issues(fake)
    assert issue["body"] != old_body
    assert "| 4 |" in issue["body"]
    assert fake.state.comments[issue["number"]] == []


def test_comment_only_when_the_state_changes(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    moved = url_status("moved", stale=True, failing_runs=4, detail="other-domain")
    stale_run(status, moved)
    run()
    (issue,) = register_issues(fake)
    comments = fake.state.comments[issue["number"]]
    assert len(comments) == 1
    assert "`url:not_found` → `url:moved`" in comments[0]["body"]
    assert issue["title"] == "Stale register ee-kutseregister: moved"
    assert labels(issue) == {"stale-register", "country:ee", "state:moved"}
    run()  # same state again: no new comment
    assert len(fake.state.comments[issue["number"]]) == 1


def test_people_keep_their_labels(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    (issue,) = register_issues(fake)
    fake.state.labels["help wanted"] = {"name": "help wanted", "color": "ffffff"}
    issue["labels"].append({"name": "help wanted"})
    stale_run(status, url_status("timeout", stale=True, failing_runs=3))
    run()
    assert labels(register_issues(fake)[0]) == {"stale-register", "country:ee", "state:timeout", "help wanted"}


def test_suggested_fix_is_shown(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    moved = url_status("moved", stale=True, failing_runs=2, suggested_url="https://new.example.eu/register")
    stale_run(status, moved)
    run()
    assert "replace the URL with <https://new.example.eu/register>" in register_issues(fake)[0]["body"]


def test_report_adds_evidence_and_line(fake: FakeGitHub, status: StatusDir, run: Run, tmp_path: Path) -> None:
    stale_run(status)
    report = tmp_path / "crawl.json"
    result = {
        "register": "ee-kutseregister",
        "file": "data/registers/ee/ee-kutseregister.yml",
        "line": 42,
        "url": "https://www.kutseregister.ee/",
        "state": "not_found",
        "detail": None,
        "message": "HTTP 404 from @octocat <script>alert(1)</script>",
        "http_status": 404,
        "final_url": "https://www.kutseregister.ee/gone",
        "redirects": [{"url": "https://www.kutseregister.ee/", "status": 301}],
        "suggested_url": None,
        "elapsed_ms": 120,
    }
    report.write_text(json.dumps({"started_at": "", "finished_at": "", "degraded": False, "results": [result]}))
    run("--report", str(report))
    body = register_issues(fake)[0]["body"]
    assert "ee-kutseregister.yml#L42" in body
    assert "<https://www.kutseregister.ee/gone>" in body
    # Page text is quoted as code: no mention, no HTML.
    assert "`HTTP 404 from @octocat <script>alert(1)</script>`" in body


# -- close, reopen, relapse ----------------------------------------------------------------


def test_closed_with_resolved_after_n_days(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    stale_run(status, url_status("ok"))
    output = run(now="2026-01-11T03:00:00Z")
    (issue,) = register_issues(fake)
    assert issue["state"] == "closed"
    assert issue["state_reason"] == "completed"
    assert fake.state.comments[issue["number"]][-1]["body"].startswith("Resolved after 10 days")
    assert f"close #{issue['number']}" in output
    writes = len(fake.state.writes())
    run(now="2026-01-12T03:00:00Z")
    assert len(fake.state.writes()) == writes  # nothing more to do


def test_not_stale_but_still_failing_stays_open(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    stale_run(status, url_status("timeout", failing_runs=1))
    run()
    (issue,) = register_issues(fake)
    assert issue["state"] == "open"
    assert fake.state.comments[issue["number"]] == []


def test_issue_of_a_removed_register_is_closed(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    status.remove("ee-kutseregister")
    status.summary()
    run()
    (issue,) = register_issues(fake)
    assert issue["state"] == "closed"
    assert "no longer reports on this register" in fake.state.comments[issue["number"]][-1]["body"]


def test_relapse_within_30_days_reopens_the_same_issue(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    stale_run(status, url_status("ok"))
    fake.state.now = "2026-01-10T00:00:00Z"
    run(now="2026-01-10T00:00:00Z")
    stale_run(status, url_status("not_found", stale=True, since="2026-01-25T03:00:00Z", failing_runs=2))
    fake.state.now = "2026-02-01T00:00:00Z"
    run(now="2026-02-01T00:00:00Z")
    (issue,) = register_issues(fake)
    assert issue["state"] == "open"
    comments = [c["body"] for c in fake.state.comments[issue["number"]]]
    assert comments[0].startswith("Resolved after")
    assert comments[1].startswith("Failing again (since 2026-01-25)")
    assert len(comments) == 2
    run(now="2026-02-01T00:00:00Z")
    assert len(fake.state.comments[issue["number"]]) == 2


def test_relapse_after_30_days_opens_a_new_issue_pointing_to_the_old(
    fake: FakeGitHub, status: StatusDir, run: Run
) -> None:
    stale_run(status)
    run()
    stale_run(status, url_status("ok"))
    fake.state.now = "2026-01-10T00:00:00Z"
    run(now="2026-01-10T00:00:00Z")
    stale_run(status, url_status("not_found", stale=True, since="2026-03-01T03:00:00Z", failing_runs=2))
    run(now="2026-03-05T00:00:00Z")
    old, new = register_issues(fake, "ee/ee-kutseregister")
    assert old["state"] == "closed"
    assert new["state"] == "open"
    assert f"failed before: #{old['number']}" in new["body"]
    writes = len(fake.state.writes())
    run(now="2026-03-06T00:00:00Z")  # the next run finds the new one: no third issue, no edit
    assert len(register_issues(fake)) == 2
    assert len(fake.state.writes()) == writes


def test_closed_as_not_planned_stays_closed(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    (issue,) = register_issues(fake)
    issue.update(state="closed", state_reason="not_planned", closed_at="2026-01-08T05:00:00Z")
    stale_run(status, url_status("not_found", stale=True, failing_runs=5))
    run(now="2026-01-09T00:00:00Z")
    assert register_issues(fake)[0]["state"] == "closed"
    assert len(register_issues(fake)) == 1
    assert "issue closed as not planned" in dashboards(fake)[0]["body"]


# -- the cap, mass failure, degraded runs --------------------------------------------------


def test_at_most_10_new_issues_then_one_mass_failure_issue(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    for index in range(13):
        status.register(f"lv-register-{index:02d}", url_status("not_found", stale=True, failing_runs=2))
    status.summary()
    run()
    assert len(register_issues(fake)) == 10
    (mass,) = [i for i in fake.state.issue_list() if i["body"].startswith("<!-- status-mass-failure -->")]
    assert mass["state"] == "open"
    assert mass["body"].count("| `lv-register-") == 3
    assert "lv-register-12" in mass["body"]
    assert "mass-failure" in labels(mass)
    # Next run: the remaining 3 get their own issue; the mass-failure issue closes; no duplicate.
    run(now="2026-01-15T04:00:00Z")
    assert len(register_issues(fake)) == 13
    keys = [i["body"].splitlines()[0] for i in register_issues(fake)]
    assert len(set(keys)) == 13
    assert fake.state.issues[mass["number"]]["state"] == "closed"


def test_cap_is_configurable(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    for index in range(3):
        status.register(f"lv-register-{index}", url_status("not_found", stale=True, failing_runs=2))
    run("--max-new", "1")
    assert len(register_issues(fake)) == 1


def test_degraded_run_opens_and_closes_nothing(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status, register_id="ee-old")
    run()
    status.remove("ee-old")
    status.register("ee-new", url_status("timeout", stale=True, failing_runs=3))
    status.summary(degraded=True)
    run()
    issues = register_issues(fake)
    assert [(i["body"].splitlines()[0], i["state"]) for i in issues] == [("<!-- status: ee/ee-old -->", "open")]
    assert "**degraded**" in dashboards(fake)[0]["body"]


# -- the dashboard -------------------------------------------------------------------------


def test_dashboard_lists_watched_unverifiable_and_redirects_and_is_edited_in_place(
    fake: FakeGitHub, status: StatusDir, run: Run
) -> None:
    status.register("ee-stale", url_status("not_found", stale=True, failing_runs=3))
    status.register("ee-watch", url_status("server_error", failing_runs=1))
    status.register("ee-blocked", url_status("blocked", detail="waf"))
    status.register("ee-redirect", url_status("redirected", suggested_url="https://www.example.eu/new"))
    status.register("ee-fine", url_status("ok"))
    status.summary()
    run()
    (dashboard,) = dashboards(fake)
    body = dashboard["body"]
    stale_issue = register_issues(fake, "ee/ee-stale")[0]
    assert f"`ee-stale`: `not_found` since 2026-01-01 (#{stale_issue['number']})" in body
    assert "### Watching: failing, not stale yet (1)" in body and "`ee-watch` `url`: `server_error`" in body
    assert "### Blocked or unverifiable (1)" in body and "`blocked/waf`" in body
    assert "<https://www.example.eu/new>" in body
    assert "ee-fine" not in body
    assert labels(dashboard) == {"status-dashboard"}
    status.register("ee-watch", url_status("ok"))
    status.summary(finished_at="2026-01-15T03:10:00Z")
    run()
    (again,) = dashboards(fake)
    assert again["number"] == dashboard["number"]
    assert "ee-watch" not in again["body"]
    assert "2026-01-15T03:10:00Z" in again["body"]
    assert fake.state.comments[dashboard["number"]] == []


def test_existing_issue_found_across_pages(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    run()
    number = register_issues(fake)[0]["number"]
    for index in range(230):  # push it to the third page (100 per page, newest first)
        fake.state.add_issue(f"unrelated {index}", pull=index % 3 == 0)
    stale_run(status, url_status("not_found", stale=True, failing_runs=9))
    run()
    assert [i["number"] for i in register_issues(fake)] == [number]
    assert "| 9 |" in register_issues(fake)[0]["body"]
    pages = [p for m, p in fake.state.log if m == "GET" and p.endswith("/issues")]
    assert len(pages) == 1 + 3  # one page on the first run, three on the second


def test_marker_copied_into_a_human_issue_is_not_hijacked(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    fake.state.add_issue("Question", "I saw this:\n<!-- status: ee/ee-kutseregister -->\nwhat does it mean?")
    stale_run(status)
    run()
    assert len(register_issues(fake, "ee/ee-kutseregister")) == 1
    assert fake.state.issues[1]["body"].startswith("I saw this")


# -- dry run and failures ------------------------------------------------------------------


def test_dry_run_writes_nothing(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status)
    output = run("--dry-run")
    assert fake.state.writes() == []
    assert "would create issue for ee/ee-kutseregister" in output
    assert "would create issue for dashboard" in output


def test_bad_token_is_a_clear_error(
    fake: FakeGitHub, status: StatusDir, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "wrong")
    stale_run(status)
    output = run(expect=1)
    assert "error: GitHub API GET /repos/acme/registers/issues failed (401): Bad credentials" in output
    assert "GITHUB_TOKEN" in output


def test_missing_permission_is_a_clear_error(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    fake.state.deny_writes = 403  # as GitHub answers a token without 'issues: write'
    stale_run(status)
    output = run(expect=1)
    assert "failed (403): Resource not accessible by integration" in output
    assert "issues: write" in output


def test_missing_status_folder(fake: FakeGitHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--status", str(tmp_path / "nowhere")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "does not exist" in err
    assert "Traceback" not in out + err


def test_unreadable_status_file(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    status.summary()
    (status.path / "ee").mkdir()
    (status.path / "ee" / "ee-broken.json").write_text("{not json", encoding="utf-8")
    output = run(expect=1)
    assert "ee-broken.json:1:2: error: not valid JSON" in output  # the contract's message, naming the file
    assert fake.state.writes() == []


@pytest.mark.parametrize(("args", "message"), [(["--repo", "not a repo"], "owner/name"), (["--now", "x"], "--now")])
def test_usage_errors_exit_2(
    fake: FakeGitHub, status: StatusDir, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main(["--status", str(status.path), *args])
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err


def test_unreachable_api_is_a_clear_error() -> None:
    import socket

    with socket.socket() as sock:  # a loopback port that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = GitHubClient(REPO_NAME, token="t", api_url=f"http://127.0.0.1:{port}", retries=0, timeout=2)
    with pytest.raises(GitHubError, match=r"failed \(no answer\): cannot reach http://127.0.0.1:"):
        client.list_issues()


def test_pagination_never_leaves_the_configured_api(fake: FakeGitHub) -> None:
    client = GitHubClient(REPO_NAME)
    original = fake.server.RequestHandlerClass._page

    def evil_page(handler: Any, items: list[Any], query: dict[str, str]) -> None:
        handler._send(200, items[:1], {"Link": '<http://127.0.0.2:9/steal>; rel="next"'})

    fake.server.RequestHandlerClass._page = evil_page  # type: ignore[method-assign]
    fake.state.add_issue("one")
    try:
        with pytest.raises(GitHubError, match="pagination left the API"):
            client.list_issues()
    finally:
        fake.server.RequestHandlerClass._page = original  # type: ignore[method-assign]


def test_line_of_a_nested_url_field(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    path = status.write_register_file()
    text = path.read_text(encoding="utf-8").replace(
        "kind: professional", "language_urls:\n  en: https://www.kutseregister.ee/en\nkind: professional"
    )
    path.write_text(text, encoding="utf-8")
    gone = url_status("not_found", field="language_urls.en", url="https://www.kutseregister.ee/en", stale=True)
    missing = url_status("not_found", field="search_url", url="https://www.kutseregister.ee/s", stale=True)
    stale_run(status, gone, missing)
    run()
    body = register_issues(fake)[0]["body"]
    assert "`language_urls.en` (line 15)" in body
    assert "`search_url`:" in body  # not in the file: no line rather than a wrong one
    assert "`search_url` (line" not in body


def test_unexpected_api_answer_is_one_line_not_a_trace(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    number = fake.state.add_issue("odd")
    del fake.state.issues[number]["number"]
    stale_run(status)
    output = run(expect=1)
    assert "error: unexpected KeyError" in output
