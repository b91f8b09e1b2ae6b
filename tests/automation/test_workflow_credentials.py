"""No workflow keeps a token in .git/config; a push gets its token in its own step only (issue 11)."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / ".github" / "workflows").glob("*.yml"))


def steps() -> list[tuple[str, str, dict]]:
    found = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_name, job in (workflow.get("jobs") or {}).items():
            for step in job.get("steps") or []:
                found.append((path.name, job_name, step))
    return found


def test_every_checkout_drops_its_credentials() -> None:
    checkouts = [(f, j, s) for f, j, s in steps() if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    for file, job, step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, (file, job)


def test_pushes_carry_their_own_token() -> None:
    pushes = [(f, j, s) for f, j, s in steps() if " push " in s.get("run", "")]
    assert len(pushes) == 2  # commit-status and fix-pr
    for file, job, step in pushes:
        assert (step.get("env") or {}).get("GITHUB_TOKEN") == "${{ github.token }}", (file, job)
        run = step["run"]
        for line in run.splitlines():
            if " push " in line or " pull " in line:
                assert 'http.extraheader="$auth"' in line, (file, job, line)
        assert "::add-mask::" in run


def test_the_sync_names_the_identity_it_trusts() -> None:
    (sync,) = [s for f, j, s in steps() if "automation.sync_issues" in s.get("run", "")]
    assert '--author "$BOT_NAME"' in sync["run"]
