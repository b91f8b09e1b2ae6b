"""Open, or update, the one pull request that carries the crawler's ``--fix`` URL rewrites.

python -m automation.fix_pr --repo owner/name --branch BRANCH [--base main] [--report crawl.json] FILE…

The workflow has already committed the rewritten register files to BRANCH and force-pushed
it; this only makes sure exactly one open pull request from BRANCH exists and that its text
lists what changed, so a person reviews every rewrite before it reaches main.
Exit 0 done, 1 GitHub API error, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.github import GitHubClient, GitHubError
from automation.issue_text import code, link
from registry.status import Report, read_report

TITLE = "Update permanently redirected register URLs"


def body(files: list[str], report: Report | None) -> str:
    out = [
        "The scheduled link check found these URLs permanently redirected (301/308 on the same site) on two "
        "runs and rewrote them with `python -m crawler --fix`. Please check each new address before merging.",
        "",
        "| file | old URL | new URL |",
        "|---|---|---|",
    ]
    wanted = {str(Path(f)) for f in files}
    rows = [r for r in (report.results if report else ()) if r.suggested_url and str(Path(r.file)) in wanted]
    for r in sorted(rows, key=lambda r: (r.file, r.url)):
        out.append(f"| {code(r.file)} | {link(r.url)} | {link(r.suggested_url)} |")
    listed = {str(Path(r.file)) for r in rows}
    out += [f"| {code(f)} | (see the diff) | |" for f in sorted(wanted - listed)]
    out += [
        "",
        "<sub>Opened by `.github/workflows/check-registers.yml`; the branch is force-pushed by later runs. "
        "Pull requests opened with the workflow token do not start other workflows: close and reopen this one "
        "to run the pull-request checks.</sub>",
        "",
    ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m automation.fix_pr", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="*", help="the register files the fix changed")
    parser.add_argument("--repo", default=os.environ.get("GITHUB_REPOSITORY"), help="owner/name")
    parser.add_argument("--branch", required=True, help="the branch holding the fix commit")
    parser.add_argument("--base", default="main", help="the branch to merge into (default: main)")
    parser.add_argument("--report", type=Path, default=None, help="the crawler's --json report")
    args = parser.parse_args(argv)
    if not args.repo:
        print("error: give --repo owner/name (or set GITHUB_REPOSITORY)", file=sys.stderr)
        return 2
    try:
        report = read_report(args.report) if args.report else None
        client = GitHubClient(args.repo)
    except (OSError, ValueError) as exc:  # StatusFileError is a ValueError
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = body(args.files, report)
    try:
        pull = client.find_pull(args.branch, args.base)
        if pull is None:
            pull = client.create_pull(args.branch, args.base, TITLE, text)
            print(f"opened pull request #{pull['number']}")
        elif pull.get("body") != text or pull.get("title") != TITLE:
            client.update_pull(pull["number"], title=TITLE, body=text)
            print(f"updated pull request #{pull['number']}")
        else:
            print(f"pull request #{pull['number']} is up to date")
    except GitHubError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (KeyError, TypeError, ValueError) as exc:  # an answer of an unexpected shape
        if os.environ.get("AUTOMATION_DEBUG"):
            raise
        print(f"error: unexpected answer from GitHub: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
