"""Keep the issue tracker in step with the crawler's status files, without spam.

python -m automation.sync_issues --status data/status --repo owner/name [--report crawl.json] [--dry-run]

- one issue per stale register, found again by the hidden marker ``<!-- status: cc/id -->``
  on its first line (titles and labels may be edited by people; the marker is what counts);
- the body is rewritten in place with the evidence; a comment is added only when the failing
  state changes, so watchers are notified of news, not of every run;
- closed with "resolved after N days" when the register passes again; reopened, not
  duplicated, on a relapse within 30 days; an issue a person closed as "not planned" stays
  closed (the register is listed as muted on the dashboard);
- at most 10 new issues per run: the rest go into one "mass failure" issue, because many
  registers failing together usually means the runner or the crawler is broken;
- one dashboard issue, edited in place;
- a degraded run (the runner lost its network) opens and closes nothing.

Every write is skipped when nothing changed, so running twice on the same status is a no-op.
Exit 0 on success, 1 when the tool failed (GitHub API error, unreadable status), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from automation import issue_text as text
from automation.github import GitHubClient, GitHubError
from automation.status import StatusError, line_of, load_snapshot
from registry.status import RegisterStatus, Snapshot

MAX_NEW_ISSUES = 10
RELAPSE_DAYS = 30
LABELS = {
    "stale-register": ("b60205", "A register whose URL failed the scheduled link check repeatedly"),
    "status-dashboard": ("0e8a16", "The link check's dashboard issue"),
    "mass-failure": ("d93f0b", "Many registers went stale in one run"),
}
STATE_LABEL_COLOR = "fbca04"
# The identity the workflow's token acts as (GITHUB_TOKEN); only its issues are adopted by marker.
BOT_LOGIN = "github-actions[bot]"
COUNTRY_LABEL_COLOR = "c5def5"


@dataclass
class Issue:
    """The fields of a GitHub issue the sync uses."""

    number: int
    title: str
    body: str
    state: str
    labels: list[str]
    created_at: str | None = None
    closed_at: str | None = None
    state_reason: str | None = None
    author: str = ""

    @classmethod
    def from_api(cls, raw: dict[str, Any]) -> Issue:
        return cls(
            number=int(raw["number"]),
            title=str(raw.get("title") or ""),
            body=str(raw.get("body") or ""),
            state=str(raw.get("state") or "open"),
            labels=[lbl["name"] if isinstance(lbl, dict) else str(lbl) for lbl in raw.get("labels") or []],
            created_at=raw.get("created_at"),
            closed_at=raw.get("closed_at"),
            state_reason=raw.get("state_reason"),
            author=str((raw.get("user") or {}).get("login") or "") if isinstance(raw.get("user"), dict) else "",
        )

    @property
    def open(self) -> bool:
        return self.state == "open"


@dataclass
class Options:
    repo: str
    data_dir: Path
    branch: str = "main"
    server_url: str = "https://github.com"
    max_new: int = MAX_NEW_ISSUES
    relapse_days: int = RELAPSE_DAYS
    dry_run: bool = False
    author: str = BOT_LOGIN
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def parse_time(value: str | None) -> dt.datetime | None:
    """An ISO date or timestamp (GitHub's ``Z`` suffix included), always timezone-aware."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _managed(label: str) -> bool:
    return label in LABELS or label.startswith(("country:", "state:"))


class IssueSync:
    """One run of the sync: read the issues once, then create/edit/comment/close as needed."""

    def __init__(self, client: GitHubClient, snapshot: Snapshot, options: Options) -> None:
        self.client = client
        self.snapshot = snapshot
        self.options = options
        self.links = text.Links(options.server_url.rstrip("/"), options.repo, options.branch)
        self.actions: list[str] = []
        self._known_labels: set[str] | None = None
        self._all: list[Issue] = []
        self.ignored: list[Issue] = []  # issues carrying a marker, written by someone else

    # -- writes (all go through here, so --dry-run is honest) ------------------------------

    def _write(self, description: str, call: Any, *args: Any, **kwargs: Any) -> Any:
        self.actions.append(description)
        if self.options.dry_run:
            return None
        return call(*args, **kwargs)

    def _ensure_labels(self, labels: list[str]) -> None:
        if self._known_labels is None:
            self._known_labels = {label["name"].lower() for label in self.client.list_labels()}
        for label in labels:
            if label.lower() in self._known_labels:
                continue
            color, description = LABELS.get(label, ("", ""))
            if label.startswith("state:"):
                color, description = STATE_LABEL_COLOR, f"Link check state {label[6:]}"
            elif label.startswith("country:"):
                color, description = COUNTRY_LABEL_COLOR, f"Registers of {label[8:].upper()}"
            self._write(f"create label {label}", self.client.create_label, label, color or "ededed", description)
            self._known_labels.add(label.lower())

    def _create(self, key: str, title: str, body: str, labels: list[str]) -> int | None:
        self._ensure_labels(labels)
        issue = self._write(f"create issue for {key}: {title}", self.client.create_issue, title, body, labels)
        return int(issue["number"]) if issue else None

    def _edit(self, issue: Issue, *, title: str, body: str, labels: list[str], reopen: bool = False) -> None:
        kept = [label for label in issue.labels if not _managed(label)]
        new_labels = sorted(set(kept) | set(labels))
        fields: dict[str, Any] = {}
        if issue.title != title:
            fields["title"] = title
        if issue.body.replace("\r\n", "\n") != body:
            fields["body"] = body
        if sorted(issue.labels) != new_labels:
            fields["labels"] = new_labels
        if reopen:
            fields["state"] = "open"
        if not fields:
            return
        self._ensure_labels(labels)
        what = "reopen" if reopen else "edit " + "/".join(sorted(fields))
        self._write(f"{what} #{issue.number}", self.client.update_issue, issue.number, **fields)

    def _close(self, issue: Issue, comment: str) -> None:
        self._write(f"comment on #{issue.number}: {comment[:60]}", self.client.comment, issue.number, comment)
        self._write(
            f"close #{issue.number}", self.client.update_issue, issue.number, state="closed", state_reason="completed"
        )

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> list[str]:
        issues = [Issue.from_api(raw) for raw in self.client.list_issues(state="all")]
        ours = [i for i in issues if i.author.lower() == self.options.author.lower()]
        self.ignored = [i for i in issues if i not in ours and text.marker_of(i.body)]
        issues = ours
        by_key = self._index(issues)
        self._all = issues
        degraded = self.snapshot.degraded
        stale = sorted(
            (r for r in self.snapshot.registers.values() if r.stale),
            key=lambda r: (r.since or "9999", r.register),
        )
        numbers: dict[str, int] = {}
        overflow: list[RegisterStatus] = []
        muted: list[str] = []
        created = 0
        for register in stale:
            existing = by_key.get(register.key)
            if existing is not None and existing.open:
                self._update_open(existing, register)
                numbers[register.key] = existing.number
            elif existing is not None and existing.state_reason == "not_planned":
                muted.append(register.key)  # a person decided not to track it; respect that
            elif degraded:
                continue  # a degraded run opens nothing
            elif existing is not None and self._recent(existing):
                self._reopen(existing, register)
                numbers[register.key] = existing.number
            elif created >= self.options.max_new:
                overflow.append(register)
            else:
                title, body, labels = self._content(register)
                number = self._create(register.key, title, body, labels)
                created += 1
                if number:
                    numbers[register.key] = number
        if not degraded:
            stale_keys = {r.key for r in stale}
            for key, issue in by_key.items():
                if key in stale_keys or not issue.open or "/" not in key:
                    continue
                register = self.snapshot.registers.get(key.split("/", 1)[1])
                if register is not None and any(u.failing for u in register.urls):
                    continue  # not stale any more but still failing: wait for a clean run before closing
                self._close_recovered(issue, register)
            self._sync_mass_failure(by_key.get("mass-failure"), overflow)
        self._sync_dashboard(by_key.get("dashboard"), numbers, [r.key for r in overflow], muted, degraded)
        return self.actions

    @staticmethod
    def _index(issues: list[Issue]) -> dict[str, Issue]:
        """One issue per marker: an open one first, else the most recently closed."""
        by_key: dict[str, Issue] = {}
        for issue in sorted(issues, key=lambda i: (i.open, i.closed_at or "", -i.number)):
            key = text.marker_of(issue.body)
            if key:
                by_key[key] = issue  # later (open / more recent) wins
        return by_key

    def _recent(self, issue: Issue) -> bool:
        closed = parse_time(issue.closed_at)
        return closed is not None and self.options.now - closed <= dt.timedelta(days=self.options.relapse_days)

    def _lines(self, register: RegisterStatus) -> dict[str, int | None]:
        return {u.field: line_of(self.options.data_dir, register, u, self.snapshot) for u in register.stale_urls}

    def _content(self, register: RegisterStatus, number: int | None = None) -> tuple[str, str, list[str]]:
        body = text.register_body(
            register, self.snapshot, self.links, self._lines(register), self._previous(register.key, number)
        )
        return text.title_for(register), body, text.labels_for(register)

    def _previous(self, key: str, number: int | None) -> int | None:
        """The last earlier issue of the same register, mentioned in a new one for context."""
        earlier = [
            i.number
            for i in self._all
            if text.marker_of(i.body) == key and not i.open and (number is None or i.number < number)
        ]
        return max(earlier) if earlier else None

    def _update_open(self, issue: Issue, register: RegisterStatus) -> None:
        title, body, labels = self._content(register, issue.number)
        old = text.meta_of(issue.body).get("states")
        if isinstance(old, list) and old != text.state_signature(register):
            comment = text.state_change_comment(old, register)
            self._write(f"comment on #{issue.number}: state change", self.client.comment, issue.number, comment)
        self._edit(issue, title=title, body=body, labels=labels)

    def _reopen(self, issue: Issue, register: RegisterStatus) -> None:
        title, body, labels = self._content(register, issue.number)
        self._edit(issue, title=title, body=body, labels=labels, reopen=True)
        comment = text.relapse_comment(register, issue.closed_at)
        self._write(f"comment on #{issue.number}: relapse", self.client.comment, issue.number, comment)

    def _close_recovered(self, issue: Issue, register: RegisterStatus | None) -> None:
        if register is None:
            self._close(issue, text.GONE_COMMENT)
            return
        since = parse_time(text.meta_of(issue.body).get("since")) or parse_time(issue.created_at)
        days = max(0, (self.options.now - since).days) if since else 0
        self._close(issue, text.resolved_comment(days))

    def _sync_mass_failure(self, issue: Issue | None, overflow: list[RegisterStatus]) -> None:
        if not overflow:
            if issue is not None and issue.open:
                self._close(issue, "Closed: every stale register has its own issue now, or passes again.")
            return
        title = f"Link check: {len(overflow)} more stale registers without their own issue"
        body = text.mass_failure_body(overflow, self.options.max_new, self.snapshot)
        labels = ["stale-register", "mass-failure"]
        if issue is None:
            self._create("mass-failure", title, body, labels)
        else:
            self._edit(issue, title=title, body=body, labels=labels, reopen=not issue.open)

    def _sync_dashboard(
        self, issue: Issue | None, numbers: dict[str, int], overflow: list[str], muted: list[str], degraded: bool
    ) -> None:
        body = text.dashboard_body(self.snapshot, numbers, overflow, muted, degraded)
        title = "Register link check dashboard"
        labels = ["status-dashboard"]
        if issue is None:
            self._create("dashboard", title, body, labels)
        else:
            self._edit(issue, title=title, body=body, labels=labels)


def report_ignored(ignored: list[Issue], author: str) -> None:
    """Issues that carry a marker but were not written by ``author``: printed and put in the job summary."""
    if not ignored:
        return
    for issue in ignored:
        who = issue.author or "unknown"
        print(f"ignored #{issue.number}: carries a link-check marker but was opened by {who}, not {author}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        return
    lines = [
        "### Issues with a link-check marker that the sync ignored",
        "",
        f"Only issues opened by {text.code(author)} are adopted; these were opened by someone else:",
        "",
    ]
    lines += [f"- #{i.number} by {text.code(i.author or 'unknown')}" for i in ignored]
    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError as exc:
        print(f"warning: cannot write the job summary: {exc}", file=sys.stderr)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m automation.sync_issues",
        description="Keep one GitHub issue per stale register, and a dashboard issue, in step with data/status/.",
    )
    parser.add_argument("--status", type=Path, default=Path("data/status"), help="the crawler's status folder")
    parser.add_argument(
        "--repo", default=os.environ.get("GITHUB_REPOSITORY"), help="owner/name (default: $GITHUB_REPOSITORY)"
    )
    parser.add_argument("--report", type=Path, default=None, help="the crawler's --json report (adds evidence)")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder, for line numbers")
    parser.add_argument("--branch", default="main", help="branch the file links point at (default: main)")
    parser.add_argument("--max-new", type=int, default=MAX_NEW_ISSUES, help="new issues per run (default: 10)")
    parser.add_argument("--relapse-days", type=int, default=RELAPSE_DAYS, help="reopen window (default: 30)")
    parser.add_argument(
        "--dry-run", action="store_true", help="read the issues, print what would change, write nothing"
    )
    parser.add_argument(
        "--author",
        default=os.environ.get("SYNC_ISSUES_AUTHOR") or BOT_LOGIN,
        help=f"login whose issues the sync adopts by their marker (default: {BOT_LOGIN}); others are ignored",
    )
    parser.add_argument("--now", default=None, help=argparse.SUPPRESS)  # for tests: the clock, as ISO 8601
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    if not args.repo:
        print("error: give --repo owner/name (or set GITHUB_REPOSITORY)", file=sys.stderr)
        return 2
    now = parse_time(args.now) if args.now else dt.datetime.now(dt.UTC)
    if now is None:
        print(f"error: --now: '{args.now}' is not an ISO 8601 time", file=sys.stderr)
        return 2
    try:
        client = GitHubClient(args.repo)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    options = Options(
        repo=args.repo,
        data_dir=args.data,
        branch=args.branch,
        server_url=os.environ.get("GITHUB_SERVER_URL") or "https://github.com",
        max_new=max(0, args.max_new),
        relapse_days=args.relapse_days,
        dry_run=args.dry_run,
        author=args.author,
        now=now,
    )
    try:
        snapshot = load_snapshot(args.status, args.report)
        sync = IssueSync(client, snapshot, options)
        actions = sync.run()
    except (StatusError, GitHubError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or an API answer of an unexpected shape: one line, not a trace
        if os.environ.get("AUTOMATION_DEBUG"):
            raise
        print(f"error: unexpected {type(exc).__name__}: {exc} (set AUTOMATION_DEBUG=1 for details)", file=sys.stderr)
        return 1
    prefix = "would " if args.dry_run else ""
    for action in actions:
        print(f"{prefix}{action}")
    report_ignored(sync.ignored, options.author)
    stale = sum(1 for r in snapshot.registers.values() if r.stale)
    print(
        f"{len(snapshot.registers)} registers, {stale} stale; {len(actions)} change(s)"
        f"{' planned (dry run)' if args.dry_run else ''}; {client.requests_made} API request(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
