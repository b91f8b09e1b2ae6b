"""The run's reports: ``--json`` (machines), ``--markdown`` (people), ``--junit`` (CI test views)
and GitHub workflow annotations at the YAML line.

Every report is built from the same :class:`Row` list (one per register URL field), so they
cannot disagree. Text that comes from web pages (messages, final URLs) goes into Markdown code
spans and XML attributes escaped, never as markup.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from crawler.items import CheckResult
from crawler.targets import UrlRef
from registry.status import Report, ReportRow, UrlStatus, dumps, states


@dataclass(frozen=True)
class Row:
    """One register URL field: where it is written, this run's result, and its status entry."""

    ref: UrlRef
    result: CheckResult
    status: UrlStatus | None = None

    @property
    def cls(self) -> str:
        return states.state_class(self.result.state, self.result.detail)

    @property
    def stale(self) -> bool:
        return bool(self.status and self.status.stale)

    @property
    def since(self) -> str | None:
        return self.status.since if self.status else None

    @property
    def label(self) -> str:
        return states.label(self.result.state, self.result.detail)

    @property
    def section(self) -> str | None:
        """stale, watching (failing, not stale yet), warning, or None for ok."""
        if self.stale:
            return "stale"
        if self.cls in states.FAILING_CLASSES:
            return "watching"
        if self.cls == states.CLASS_WARNING:
            return "warning"
        return None


# -- JSON ------------------------------------------------------------------------------------


def report_row(row: Row) -> ReportRow:
    return ReportRow(
        register=row.ref.register,
        file=row.ref.file,
        line=row.ref.line,
        url=row.ref.url,
        state=row.result.state,
        detail=row.result.detail,
        message=row.result.message,
        http_status=row.result.http_status,
        final_url=row.result.final_url,
        redirects=tuple(row.result.redirects),
        suggested_url=row.result.suggested_url,
        elapsed_ms=row.result.elapsed_ms,
    )


def json_report(rows: Iterable[Row], started: str, finished: str, degraded: bool) -> Report:
    """The ``--json`` document (docs/crawler.md; data/schema/report.schema.json)."""
    return Report(started, finished, degraded, tuple(report_row(row) for row in rows))


def write_json(rows: Iterable[Row], started: str, finished: str, degraded: bool) -> str:
    return dumps(json_report(rows, started, finished, degraded))


# -- Markdown --------------------------------------------------------------------------------


def code(text: Any) -> str:
    """A Markdown code span that no page text can break out of."""
    value = str(text).replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in value else "`"
    return f"{fence} {value} {fence}" if fence == "``" else f"`{value}`"


def file_link(file: str, line: int) -> str:
    """``[data/registers/ee/x.yml:12](…#L12)``: absolute on GitHub Actions, relative elsewhere."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    revision = os.environ.get("GITHUB_SHA")
    target = f"{server}/{repository}/blob/{revision}/{file}" if server and repository and revision else file
    return f"[{file}:{line}]({target}#L{line})"


def markdown(rows: list[Row], started: str, degraded: bool, due_for_review: list[str],
             skipped: dict[str, str]) -> str:  # fmt: skip
    """Stale first, then watching, then warnings; each with the file:line link, state, since and fix."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.result.state] = counts.get(row.result.state, 0) + 1
    out = [f"## Register link check, {started}", ""]
    total = ", ".join(f"{state} {n}" for state, n in sorted(counts.items())) or "nothing checked"
    out += [f"{len(rows)} URL(s): {total}.", ""]
    if degraded:
        out += [
            "> **Degraded run:** too many hosts failed with network-level errors at once; the runner probably "
            "lost its network. No counter moved and no register became stale.",
            "",
        ]
    titles = {
        "stale": "Stale: needs a fix",
        "watching": "Watching: failing, not stale yet",
        "warning": "Warnings: for a person to look at",
    }
    for section, title in titles.items():
        chosen = [row for row in rows if row.section == section]
        out += [f"### {title} ({len(chosen)})", ""]
        if not chosen:
            out += ["None.", ""]
            continue
        out += ["| register | where | state | since | HTTP | suggested fix |", "|---|---|---|---|---|---|"]
        for row in sorted(chosen, key=lambda r: (r.ref.register, r.ref.field)):
            fix = (
                f"use {code(row.result.suggested_url)}"
                if row.result.suggested_url and row.result.state == states.REDIRECTED
                else states.advice(row.result.state)
            )
            if row.result.suggested_url and row.result.state == states.MOVED:
                fix += f" (now at {code(row.result.suggested_url)})"
            out.append(
                f"| {code(row.ref.register)} | {file_link(row.ref.file, row.ref.line)} {code(row.ref.field)} "
                f"| {code(row.label)} {code(row.result.message)} | {row.since or started} "
                f"| {row.result.http_status or ''} | {fix} |"
            )
        out.append("")
    if due_for_review:
        out += [f"### Due for review ({len(due_for_review)})", "",
                "Never reviewed, or last reviewed more than a year ago: " + ", ".join(code(r) for r in due_for_review),
                ""]  # fmt: skip
    if skipped:
        out += [f"### Not checked ({len(skipped)})", ""]
        out += [f"- {code(register)}: {code(reason)}" for register, reason in sorted(skipped.items())] + [""]
    return "\n".join(out)


# -- JUnit -----------------------------------------------------------------------------------


def junit(rows: list[Row], started: str) -> str:
    """One test case per register URL; hard and soft states fail, warnings pass with a note."""
    failures = sum(1 for row in rows if row.cls in states.FAILING_CLASSES)
    seconds = sum(row.result.elapsed_ms for row in rows) / 1000
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="register links" tests="{len(rows)}" failures="{failures}" time="{seconds:.3f}">',
        f'  <testsuite name="register links" tests="{len(rows)}" failures="{failures}" errors="0" skipped="0" '
        f'time="{seconds:.3f}" timestamp={quoteattr(started)}>',
    ]
    for row in rows:
        attrs = (
            f"classname={quoteattr(row.ref.register)} name={quoteattr(f'{row.ref.field} {row.ref.url}')} "
            f'file={quoteattr(row.ref.file)} line="{row.ref.line}" time="{row.result.elapsed_ms / 1000:.3f}"'
        )
        message = f"{row.label}: {row.result.message}"
        if row.cls in states.FAILING_CLASSES:
            kind = "stale" if row.stale else row.cls
            out.append(f"    <testcase {attrs}>")
            out.append(f"      <failure type={quoteattr(kind)} message={quoteattr(message)}/>")
            out.append("    </testcase>")
        elif row.cls == states.CLASS_WARNING:
            out.append(f"    <testcase {attrs}>")
            out.append(f"      <system-out>{_xml_text('warning: ' + message)}</system-out>")
            out.append("    </testcase>")
        else:
            out.append(f"    <testcase {attrs}/>")
    out += ["  </testsuite>", "</testsuites>", ""]
    return "\n".join(out)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- GitHub annotations ------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotations(rows: list[Row], stream: TextIO, no_history: bool) -> None:
    """``::error`` for stale URLs (hard states when there is no history), ``::warning`` for the rest."""
    for row in rows:
        section = row.section
        if section is None:
            continue
        error = section == "stale" or (no_history and row.cls == states.CLASS_HARD)
        level = "error" if error else "warning"
        title = f"{row.ref.register} {row.ref.field}: {row.label}"
        text = f"{row.ref.url}: {row.result.message}"
        if row.result.suggested_url:
            text += f" (suggested: {row.result.suggested_url})"
        print(
            f"::{level} file={_escape_property(row.ref.file)},line={row.ref.line},"
            f"title={_escape_property(title)}::{_escape_data(text)}",
            file=stream,
        )
