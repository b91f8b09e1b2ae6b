"""Judge a pull request's crawl: fail only on *hard* states of the URLs the PR changed.

python -m automation.pr_check crawl.json [--base BASE] [--summary FILE]

A contributor must not be blocked because a site they did not touch is down, or because a
server hiccups (soft states) or blocks robots (warnings): only a URL the PR adds or edits
that is definitely wrong (404, moved away, wrong content, …) fails the check. Everything else
is shown as a warning. Writes a Markdown table to the job summary (``$GITHUB_STEP_SUMMARY``)
and annotations at the YAML lines under GitHub Actions.

Exit 0 pass, 1 a changed URL is in a hard state, 2 the report or BASE is unusable.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automation.gitutil import GitError, check_revision, file_at
from automation.issue_text import code, link
from registry.status import Report, ReportRow, StatusFileError, read_report, state_class
from registry.yamlsafe import YamlError, parse


@dataclass
class Verdict:
    result: ReportRow
    cls: str
    changed: bool

    @property
    def fails(self) -> bool:
        return self.cls == "hard" and self.changed

    @property
    def level(self) -> str:
        if self.fails:
            return "error"
        return "notice" if self.cls == "ok" else "warning"


def _strings(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


def base_urls(base: str | None, file: str, cache: dict[str, set[str] | None]) -> set[str] | None:
    """Every string of the file at BASE (None: no BASE given, or the file is new)."""
    if base is None:
        return None
    if file not in cache:
        text = file_at(base, _relative(file))
        try:
            cache[file] = _strings(parse(text.encode("utf-8")).data) if text is not None else None
        except YamlError:
            cache[file] = None
    return cache[file]


def _relative(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            return str(candidate.relative_to(Path.cwd()))
        except ValueError:
            return path
    return path


def judge(report: Report, base: str | None) -> list[Verdict]:
    cache: dict[str, set[str] | None] = {}
    verdicts = []
    for result in report.results:
        before = base_urls(base, result.file, cache)
        changed = before is None or result.url not in before
        # In a degraded run the runner's resolver failed: a dns_error is no proof that the name is gone.
        verdicts.append(Verdict(result, state_class(result.state, result.detail, degraded=report.degraded), changed))
    return verdicts


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def annotation(verdict: Verdict) -> str:
    r = verdict.result
    why = (
        "fails this pull request" if verdict.fails else ("a URL this PR did not change" if not verdict.changed else "")
    )
    message = f"{r.url}: {r.label}" + (f" — {r.message}" if r.message else "")
    message += f" ({why})" if why else ""
    props = f"file={_escape(_relative(r.file), prop=True)}"
    if r.line is not None:
        props += f",line={r.line}"
    props += f",title={_escape('link check: ' + r.state, prop=True)}"
    return f"::{verdict.level} {props}::{_escape(message)}"


def summary(verdicts: list[Verdict], report: Report) -> str:
    failing = [v for v in verdicts if v.fails]
    if not verdicts:
        return "## Link check of changed registers\n\nNo register file changed: nothing to crawl.\n"
    head = (
        f"**{len(failing)} changed URL(s) are broken**: fix them before merging."
        if failing
        else "Every changed URL passes (warnings below do not block the merge)."
    )
    out = ["## Link check of changed registers", "", head, ""]
    if report.degraded:
        out += [
            "> [!WARNING]",
            "> The run was degraded (many hosts failed at once): soft failures may be the runner's.",
            "",
        ]
    out += ["| | register | URL | state | HTTP | note |", "|---|---|---|---|---|---|"]
    icons = {"error": "❌", "warning": "⚠️", "notice": "✅"}
    order = {"error": 0, "warning": 1, "notice": 2}
    for v in sorted(verdicts, key=lambda v: (order[v.level], v.result.register, v.result.url)):
        r = v.result
        note = (r.suggested_url and f"suggested: {link(r.suggested_url)}") or code(r.message)
        if v.cls == "hard" and not v.changed:
            note = "not changed by this PR; " + note
        out.append(
            f"| {icons[v.level]} | {code(r.register)} | {link(r.url)} | {code(r.label)} ({v.cls}) | "
            f"{code(r.http_status or '')} | {note} |"
        )
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m automation.pr_check", description=__doc__.split("\n")[0])
    parser.add_argument("report", type=Path, help="the crawler's --json report")
    parser.add_argument(
        "--base", default=None, help="git revision of the target branch (URLs already there never fail)"
    )
    parser.add_argument(
        "--summary", type=Path, default=None, help="append Markdown here (default: $GITHUB_STEP_SUMMARY)"
    )
    args = parser.parse_args(argv)
    try:
        report = read_report(args.report)
        if args.base is not None:
            check_revision(args.base)
    except (OSError, StatusFileError, GitError) as exc:
        print(f"error: {args.report if not isinstance(exc, GitError) else '--base'}: {exc}", file=sys.stderr)
        return 2
    verdicts = judge(report, args.base)
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for verdict in verdicts:
        if verdict.level == "notice":
            continue
        if github:
            print(annotation(verdict))
        else:
            r = verdict.result
            print(f"{r.file}:{r.line or 1}: {verdict.level}: {r.url}: {r.state}")
    markdown = summary(verdicts, report)
    target = args.summary or (
        Path(os.environ["GITHUB_STEP_SUMMARY"]) if os.environ.get("GITHUB_STEP_SUMMARY") else None
    )
    if target is not None:
        with target.open("a", encoding="utf-8") as handle:
            handle.write(markdown)
    failing = sum(1 for v in verdicts if v.fails)
    print(f"{len(verdicts)} URL(s) checked, {failing} changed URL(s) in a hard state")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
