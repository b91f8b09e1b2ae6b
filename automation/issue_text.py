"""The text of the issues the sync keeps: markers, titles, bodies, comments.

Bodies are a pure function of the crawler's files (no wall clock), so a second run on the
same status produces the same text and the sync sends no edit at all. Anything that comes
from a web page or a register file is put in code spans or autolinks, so a page title can
neither ping someone (@name) nor inject HTML or break a table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from registry.states import UNVERIFIABLE
from registry.states import label as state_label
from registry.status import RegisterStatus, Snapshot, UrlStatus

MARKER = re.compile(r"^<!-- status: ([a-z]{2})/([a-z0-9][a-z0-9-]*) -->", re.MULTILINE)
META = re.compile(r"^<!-- status-data: (\{.*?\}) -->$", re.MULTILINE)
DASHBOARD_MARKER = "<!-- status-dashboard -->"
MASS_FAILURE_MARKER = "<!-- status-mass-failure -->"
FOOTER = (
    "<sub>Kept in step with `data/status/` by the scheduled link check (`.github/workflows/check-registers.yml`, "
    "`python -m automation.sync_issues`). This text is rewritten on every run; discuss in the comments. "
    "A comment is added only when the state changes.</sub>"
)

ADVICE = {
    "not_found": "The page is gone (404/410). Find the register's new address on the authority's site and "
    "update the URL, or set `status: withdrawn` (with `replaced_by` when a successor exists).",
    "moved": "The address now leads to another site. Check where it ends up (final URL below): if that is the "
    "register's new home, update the URL; if not, find the new address.",
    "content_missing": "The page answers but is not the register (expected text missing, a soft 404, a parked "
    "domain or the home page). Check the page, then update the URL or `check.expect`.",
    "client_error": "The server refuses the request (4xx). Open the URL in a browser; update it if it changed.",
    "redirect_loop": "The server redirects in a circle. Check the URL in a browser; report it to the authority "
    "if it fails there too.",
    "dns_error": "The host name does not resolve. The domain may have been dropped: find the register's new address.",
    "server_error": "The server fails (5xx) again and again. If it stays broken, tell the authority.",
    "timeout": "The server does not answer in time, run after run.",
    "connection_error": "The server refuses or drops connections, run after run.",
}


@dataclass(frozen=True)
class Links:
    """Where links in the text point: the repository on the web and its default branch."""

    server: str
    repo: str
    branch: str

    def file(self, path: str, line: int | None, *, edit: bool = False) -> str:
        anchor = f"#L{line}" if line else ""
        return f"{self.server}/{self.repo}/{'edit' if edit else 'blob'}/{self.branch}/{path}{anchor}"


def code(text: Any) -> str:
    """An inline code span that cannot be broken out of (no backticks, no newlines, no pipes)."""
    cleaned = re.sub(r"\s+", " ", str(text)).replace("`", "'").replace("|", "¦").strip()
    return f"`{cleaned[:300]}`" if cleaned else "–"


def link(url: str | None) -> str:
    """An autolink for a well-formed http(s) URL, else a code span."""
    if url and re.fullmatch(r"https?://[^\s<>`|\"']+", url):
        return f"<{url}>"
    return code(url or "")


def meta_of(body: str | None) -> dict[str, Any]:
    """The machine-readable line of a body the sync wrote earlier (empty when absent or edited)."""
    match = META.search(body or "")
    if not match:
        return {}
    try:
        value = json.loads(match.group(1))
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def marker_of(body: str | None) -> str | None:
    """``cc/id`` for a register issue, ``dashboard`` or ``mass-failure``, else None."""
    text = (body or "").lstrip()
    if text.startswith(DASHBOARD_MARKER):
        return "dashboard"
    if text.startswith(MASS_FAILURE_MARKER):
        return "mass-failure"
    match = MARKER.match(text)
    return f"{match.group(1)}/{match.group(2)}" if match else None


def _meta_line(meta: dict[str, Any]) -> str:
    text = json.dumps(meta, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- status-data: {text} -->"


def state_signature(register: RegisterStatus) -> list[str]:
    """What a state change means for comments: the failing state of each stale URL."""
    return sorted(f"{u.field}:{u.state}" for u in register.stale_urls)


def title_for(register: RegisterStatus) -> str:
    states = sorted({u.state for u in register.stale_urls}) or ["stale"]
    return f"Stale register {register.register}: {', '.join(states)}"


def labels_for(register: RegisterStatus) -> list[str]:
    return ["stale-register", f"country:{register.country}", *sorted({f"state:{u.state}" for u in register.stale_urls})]


def _run_time(snapshot: Snapshot) -> str:
    summary = snapshot.summary
    return (summary.finished_at or summary.started_at or "unknown") if summary else "unknown"


def _date(value: str | None) -> str:
    return value[:10] if value else "never"


def _history(url: UrlStatus, limit: int = 6) -> list[str]:
    rows = []
    for entry in url.history[-limit:]:
        status = entry.http_status
        rows.append(f"| {code(entry.at)} | {code(state_label(entry.state, entry.detail))} | "
                    f"{code(status) if status else '–'} |")  # fmt: skip
    if not rows:
        return []
    return ["", "| checked | state | HTTP |", "|---|---|---|", *rows]


def _evidence(register: RegisterStatus, url: UrlStatus, snapshot: Snapshot) -> list[str]:
    result = snapshot.report.get((register.register, url.url))
    lines = [f"**{code(url.field)}** {link(url.url)} → **{code(url.label)}**"]
    if result is None:
        return lines
    if result.http_status:
        lines.append(f"- HTTP status: {code(result.http_status)}")
    if result.redirects:
        chain = " → ".join(code(r.get("url", r)) for r in result.redirects[:8])
        lines.append(f"- redirects: {chain}")
    if result.final_url and result.final_url != url.url:
        lines.append(f"- final URL: {link(result.final_url)}")
    if result.message:
        lines.append(f"- crawler: {code(result.message)}")
    lines.extend(_history(url))
    return lines


def register_body(
    register: RegisterStatus,
    snapshot: Snapshot,
    links: Links,
    lines: dict[str, int | None],
    previous: int | None = None,
) -> str:
    """The issue body for one stale register; ``lines`` maps a URL field to its line in the file."""
    path = f"data/registers/{register.country}/{register.register}.yml"
    urls = register.stale_urls
    meta = {"since": register.since, "states": state_signature(register)}
    first_line = next((lines.get(u.field) for u in urls if lines.get(u.field)), None)
    out = [
        f"<!-- status: {register.key} -->",
        _meta_line(meta),
        f"## {code(register.register)} is stale",
        "",
        f"The scheduled link check has failed for this register on consecutive runs since **{_date(register.since)}**"
        f" (last check {code(register.checked_at or 'unknown')}).",
        "",
        "| field | URL | state | failing since | failing runs | last OK |",
        "|---|---|---|---|---|---|",
    ]
    for u in urls:
        out.append(
            f"| {code(u.field)} | {link(u.url)} | **{code(u.label)}** ({u.cls}) | {_date(u.since)} | "
            f"{u.failing_runs} | {_date(u.last_ok)} |"
        )
    if previous:
        out += ["", f"This register failed before: #{previous}."]
    out += ["", "### Evidence", ""]
    for u in urls:
        out += [*_evidence(register, u, snapshot), ""]
    out += ["### How to fix", ""]
    where = f"{path}:{first_line}" if first_line else path
    out.append(
        f"- The file: [{code(where)}]({links.file(path, first_line)}) · "
        f"[edit it on GitHub]({links.file(path, first_line, edit=True)})"
    )
    for u in urls:
        row = snapshot.report.get((register.register, u.url))
        suggested = u.suggested_url or (row.suggested_url if row else None)
        line = lines.get(u.field)
        at = f" (line {line})" if line else ""
        if suggested:
            out.append(f"- Suggested fix for {code(u.field)}{at}: replace the URL with {link(suggested)}")
        advice = ADVICE.get(u.state)
        if advice:
            out.append(f"- {code(u.field)}{at}: {advice}")
    out.append(
        '- If the site objects to automated checks, add `check: {skip: "<reason>"}` to the file instead of '
        "closing this issue; it closes itself once the register passes the check again."
    )
    out += ["", FOOTER, ""]
    return "\n".join(out)


def state_change_comment(old: list[str], register: RegisterStatus) -> str:
    before = ", ".join(code(s) for s in old) or "–"
    after = ", ".join(code(s) for s in state_signature(register)) or "–"
    return f"The failing state changed: {before} → {after}. The description above has the new evidence."


def relapse_comment(register: RegisterStatus, closed_at: str | None) -> str:
    return (
        f"Failing again (since {_date(register.since)}), {_date(closed_at)} after this issue was closed: "
        f"reopened. States: {', '.join(code(s) for s in state_signature(register))}."
    )


def resolved_comment(days: int) -> str:
    return (
        f"Resolved after {days} day{'s' if days != 1 else ''}: no URL of this register fails the link check any more."
    )


GONE_COMMENT = (
    "Closed: the link check no longer reports on this register (the file was removed or renamed, or its check is "
    "skipped)."
)


def mass_failure_body(overflow: list[RegisterStatus], cap: int, snapshot: Snapshot) -> str:
    out = [
        MASS_FAILURE_MARKER,
        "## Many registers went stale at once",
        "",
        f"More than {cap} registers needed a new issue in one run, so these got no issue of their own yet "
        "(at most "
        f"{cap} new issues are opened per run; the next runs open the rest if they are still stale). When many "
        "fail together, suspect the network of the runner or a crawler bug before the registers.",
        "",
        f"Run: {code(_run_time(snapshot))}",
        "",
        "| register | states | failing since |",
        "|---|---|---|",
    ]
    for register in overflow:
        states = ", ".join(code(u.label) for u in register.stale_urls)
        out.append(f"| {code(register.register)} | {states} | {_date(register.since)} |")
    out += ["", FOOTER, ""]
    return "\n".join(out)


def dashboard_body(
    snapshot: Snapshot, issue_numbers: dict[str, int], overflow: list[str], muted: list[str], degraded: bool
) -> str:
    """One issue for people: what is stale, watched, unverifiable or redirected."""
    registers = sorted(snapshot.registers.values(), key=lambda r: r.register)
    stale = [r for r in registers if r.stale]
    watching = [r for r in registers if not r.stale and any(u.failing for u in r.urls)]
    unverifiable = [(r, u) for r in registers for u in r.urls if u.state in UNVERIFIABLE]
    redirects = [(r, u) for r in registers for u in r.urls if u.state == "redirected"]
    run = _run_time(snapshot)
    out = [
        DASHBOARD_MARKER,
        "## Register link check",
        "",
        f"Last run: {code(run)} · registers: {len(registers)} · stale: {len(stale)} · watching: {len(watching)} · "
        f"unverifiable URLs: {len(unverifiable)} · permanent redirects: {len(redirects)}",
    ]
    if degraded:
        out += [
            "",
            "> [!WARNING]",
            "> The last run was **degraded** (too many hosts failed at once: the runner probably lost its network). "
            "It moved no counter, and no issue was opened or closed.",
        ]
    out += ["", f"### Stale ({len(stale)})", ""]
    for r in stale:
        number = issue_numbers.get(r.key)
        where = f"#{number}" if number else ("in the mass-failure issue" if r.key in overflow else "no issue")
        where = "issue closed as not planned" if r.key in muted else where
        states = ", ".join(code(u.label) for u in r.stale_urls)
        out.append(f"- {code(r.register)}: {states} since {_date(r.since)} ({where})")
    if not stale:
        out.append("None.")
    out += ["", f"### Watching: failing, not stale yet ({len(watching)})", ""]
    for r in watching:
        for u in (u for u in r.urls if u.failing):
            out.append(
                f"- {code(r.register)} {code(u.field)}: {code(u.label)} since {_date(u.since)}, "
                f"{u.failing_runs} failing run(s)"
            )
    if not watching:
        out.append("None.")
    out += ["", f"### Blocked or unverifiable ({len(unverifiable)})", ""]
    out += [f"- {code(r.register)} {code(u.field)} {link(u.url)}: {code(u.label)}" for r, u in unverifiable] or [
        "None."
    ]
    out += ["", f"### Permanent redirects: update the URL ({len(redirects)})", ""]
    out += [f"- {code(r.register)} {code(u.field)}: {link(u.url)} → {link(u.suggested_url)}" for r, u in redirects] or [
        "None."
    ]
    out += ["", FOOTER, ""]
    return "\n".join(out)
