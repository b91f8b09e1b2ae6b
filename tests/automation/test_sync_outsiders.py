"""Markers are trusted only in issues the workflow's own identity opened (issue 11).

An outsider can write ``<!-- status: … -->`` or ``<!-- status-dashboard -->`` into an issue; the
sync must neither adopt such an issue (edit it, close it, treat it as "muted") nor let it hide
a real alert. The ignored issues are listed in the job summary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.automation.conftest import StatusDir
from tests.automation.fake_github import BOT, FakeGitHub
from tests.automation.test_sync_issues import NOT_FOUND, Run, dashboards, register_issues, run, stale_run

OUTSIDER = "mallory"
__all__ = ["run"]  # the fixture, imported


def mine(issues: list[dict]) -> list[dict]:
    return [i for i in issues if i["user"]["login"] == BOT]


def test_an_outsiders_not_planned_issue_does_not_mute_a_register(
    fake: FakeGitHub, status: StatusDir, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    fake.state.add_issue(
        "please ignore", "<!-- status: ee/ee-kutseregister -->\nmute it", state="closed",
        state_reason="not_planned", user=OUTSIDER,
    )  # fmt: skip
    stale_run(status, NOT_FOUND)
    out = run()
    ours = mine(register_issues(fake, "ee/ee-kutseregister"))
    assert len(ours) == 1 and ours[0]["state"] == "open"  # the alert is raised all the same
    (dashboard,) = dashboards(fake)
    assert "not planned" not in dashboard["body"]
    assert "ignored #1" in out and OUTSIDER in out
    text = summary.read_text(encoding="utf-8")
    assert "#1 by `mallory`" in text
    assert fake.state.issues[1]["body"] == "<!-- status: ee/ee-kutseregister -->\nmute it"


def test_an_outsiders_open_dashboard_is_not_adopted(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    fake.state.add_issue("Dashboard", "<!-- status-dashboard -->\nmy text", user=OUTSIDER)
    stale_run(status, NOT_FOUND)
    run()
    assert fake.state.issues[1]["body"] == "<!-- status-dashboard -->\nmy text"
    assert fake.state.issues[1]["title"] == "Dashboard"
    bots = mine(dashboards(fake))
    assert len(bots) == 1 and bots[0]["number"] != 1
    assert not any(path.endswith("/issues/1") for method, path in fake.state.writes())


def test_an_outsiders_open_register_issue_is_neither_edited_nor_closed(
    fake: FakeGitHub, status: StatusDir, run: Run
) -> None:
    fake.state.add_issue("fake alert", "<!-- status: ee/ee-kutseregister -->\n", user=OUTSIDER)
    status.register("ee-kutseregister")  # passing: our sync would close its own issue
    status.summary()
    run()
    assert fake.state.issues[1]["state"] == "open"
    assert not any("/issues/1" in path for method, path in fake.state.writes())


def test_the_bots_own_issues_are_still_adopted(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    stale_run(status, NOT_FOUND)
    run()
    (issue,) = register_issues(fake)
    issue.update(state="closed", state_reason="not_planned", closed_at="2026-01-08T05:00:00Z")
    stale_run(status, NOT_FOUND)
    run(now="2026-01-09T00:00:00Z")
    assert len(register_issues(fake)) == 1
    assert "issue closed as not planned" in dashboards(fake)[0]["body"]


def test_another_author_can_be_named(fake: FakeGitHub, status: StatusDir, run: Run) -> None:
    fake.state.add_issue("Dashboard", "<!-- status-dashboard -->\nold", user="my-app[bot]")
    stale_run(status, NOT_FOUND)
    run("--author", "My-App[bot]")
    assert fake.state.issues[1]["body"] != "<!-- status-dashboard -->\nold"  # adopted and rewritten
