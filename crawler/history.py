"""The memory of the checker: ``data/status/<cc>/<id>.json`` per register and ``summary.json``.

A single failed request proves little (sites have bad minutes, CI runners lose their network),
so nothing is called *stale* on one run. Per URL the file keeps the last 12 results, the state
transitions, since when the current state holds, the last success and the run counters the
stale rule of DESIGN.md needs: a *hard* state in 2 consecutive runs at least 3 days apart, or
failing (hard or soft) in 3 consecutive runs spanning at least 7 days. An ``ok`` or a warning
resets the counters. A *degraded* run (too many hosts failing softly or in DNS at once, or the
canary names unresolvable: our network, not theirs) is recorded in the history of the URLs
that have one but moves no counter and changes no state; a URL without a history gets none.

Files are written with sorted, stable keys and two-space indentation so that the weekly commit
of ``data/status/`` is a readable diff, into a copy of the folder that replaces it in one step
(:mod:`crawler.statusdir`), so an interrupted run leaves the previous folder intact.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler import states
from crawler.items import CheckResult
from crawler.sites import host_of
from crawler.statusdir import write_text
from crawler.targets import UrlRef

log = logging.getLogger("crawler")

HISTORY_LENGTH = 12
TRANSITIONS_LENGTH = 24
SUMMARY = "summary.json"


@dataclass(frozen=True)
class StaleRule:
    """DESIGN.md's thresholds (configurable so tests and other deployments can shrink them)."""

    hard_runs: int = 2
    hard_days: float = 3.0
    soft_runs: int = 3
    soft_days: float = 7.0


@dataclass(frozen=True)
class DegradedRule:
    """A run is degraded when more than ``ratio`` of its hosts, and at least ``min_hosts``, fail softly."""

    ratio: float = 0.15
    min_hosts: int = 3


def iso(moment: dt.datetime) -> str:
    """``2026-11-28T21:04:05Z``: UTC, whole seconds."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def soft_failing_hosts(refs: Iterable[UrlRef], results: Mapping[str, CheckResult]) -> tuple[int, int]:
    """(hosts checked, hosts with at least one URL in a soft state or a DNS error).

    A DNS error counts even when it is hard (``nxdomain``): a resolver that answers NXDOMAIN for
    every name looks like a mass of dead sites, and must trip the guard like a lost network.
    """
    hosts: set[str] = set()
    failing: set[str] = set()
    for ref in refs:
        result = results.get(ref.check.key)
        if result is None:
            continue
        host = host_of(ref.url)
        hosts.add(host)
        if states.state_class(result.state, result.detail) == states.CLASS_SOFT or result.state == states.DNS_ERROR:
            failing.add(host)
    return len(hosts), len(failing)


def is_degraded(hosts: int, failing: int, rule: DegradedRule) -> bool:
    return hosts > 0 and failing >= rule.min_hosts and failing / hosts > rule.ratio


def _days(since: str | None, now: dt.datetime) -> float:
    start = parse_iso(since)
    return 0.0 if start is None else (now - start).total_seconds() / 86400


def update_url(
    previous: Mapping[str, Any] | None,
    ref: UrlRef,
    result: CheckResult,
    now: dt.datetime,
    degraded: bool,
    rule: StaleRule,
) -> dict[str, Any] | None:
    """The new status entry of one URL field from its previous entry and this run's result.

    None for a degraded run on a URL without a previous entry: a run that cannot tell a dead
    site from its own lost network records no state at all (first run or not).
    """
    at = iso(now)
    if previous is not None and previous.get("url") != ref.url:
        previous = None  # the register's URL was edited: a new URL starts a new history
    prev: Mapping[str, Any] = previous or {}
    point: dict[str, Any] = {
        "at": at,
        "state": result.state,
        "detail": result.detail,
        "http_status": result.http_status,
    }
    if degraded:
        point["degraded"] = True
    history = [*prev.get("history", []), point][-HISTORY_LENGTH:]
    transitions = list(prev.get("transitions", []))
    cls = states.state_class(result.state, result.detail)

    if degraded:
        if previous is None:
            return None  # nothing known yet: a degraded run must not invent a first state
        entry = dict(prev)
        entry["history"] = history
        return _ordered(entry)

    counters_move = not degraded
    state_changed = prev.get("state") != result.state
    if previous is not None and state_changed:
        transitions.append({"at": at, "from": prev.get("state"), "to": result.state})
    failing = cls in states.FAILING_CLASSES and counters_move
    failing_runs = int(prev.get("failing_runs", 0)) + 1 if failing else 0
    failing_since = (prev.get("failing_since") or at) if failing and failing_runs > 1 else (at if failing else None)
    hard = cls == states.CLASS_HARD and counters_move
    hard_runs = int(prev.get("hard_runs", 0)) + 1 if hard else 0
    hard_since = (prev.get("hard_since") or at) if hard and hard_runs > 1 else (at if hard else None)
    redirected = result.state == states.REDIRECTED and counters_move
    same_target = prev.get("suggested_url") == result.suggested_url and prev.get("state") == states.REDIRECTED
    redirected_runs = (int(prev.get("redirected_runs", 0)) + 1 if same_target else 1) if redirected else 0
    stale = (hard_runs >= rule.hard_runs and _days(hard_since, now) >= rule.hard_days) or (
        failing_runs >= rule.soft_runs and _days(failing_since, now) >= rule.soft_days
    )
    reached = result.state in (states.OK, states.REDIRECTED)
    entry = {
        "field": ref.field,
        "url": ref.url,
        "state": result.state,
        "detail": result.detail,
        "class": cls,
        "since": at if state_changed or previous is None else prev.get("since", at),
        "last_ok": at if reached else prev.get("last_ok"),
        "failing_runs": failing_runs,
        "failing_since": failing_since,
        "hard_runs": hard_runs,
        "hard_since": hard_since,
        "redirected_runs": redirected_runs,
        "stale": bool(stale),
        "http_status": result.http_status,
        "final_url": result.final_url,
        "suggested_url": result.suggested_url,
        "message": result.message,
        "history": history,
        "transitions": transitions[-TRANSITIONS_LENGTH:],
    }
    return _ordered(entry)


_URL_KEYS = (
    "field", "url", "state", "detail", "class", "since", "last_ok", "failing_runs", "failing_since", "hard_runs",
    "hard_since", "redirected_runs", "stale", "http_status", "final_url", "suggested_url", "message", "history",
    "transitions",
)  # fmt: skip


def _ordered(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Keys in the documented order (unknown keys, from a newer crawler, kept at the end)."""
    ordered = {key: entry.get(key) for key in _URL_KEYS}
    ordered.update({k: v for k, v in entry.items() if k not in ordered})
    return ordered


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class StatusStore:
    """Reads and writes the status folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, country: str, register: str) -> Path:
        return self.folder / country.lower() / f"{register}.json"

    def read(self, country: str, register: str) -> dict[str, Any] | None:
        path = self.path(country, register)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("%s: unreadable status file, starting a new history (%s)", path, exc)
            return None
        return data if isinstance(data, dict) else None

    def write(self, country: str, register: str, data: Mapping[str, Any]) -> None:
        path = self.path(country, register)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, dumps(data))

    def all(self) -> list[dict[str, Any]]:
        """Every register status file (for the summary), sorted by register id."""
        found = []
        for path in sorted(self.folder.glob("*/*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                found.append(data)
        return sorted(found, key=lambda d: str(d.get("register")))

    def remove_others(self, keep: set[tuple[str, str]]) -> list[Path]:
        """Delete status files of registers that no longer exist (full runs only)."""
        removed = []
        for path in sorted(self.folder.glob("*/*.json")):
            if (path.parent.name, path.stem) not in keep:
                path.unlink()
                removed.append(path)
        return removed


def register_status(
    register: str,
    country: str,
    refs: list[UrlRef],
    results: Mapping[str, CheckResult],
    previous: Mapping[str, Any] | None,
    now: dt.datetime,
    degraded: bool,
    rule: StaleRule,
    skipped: str | None = None,
) -> dict[str, Any]:
    """The new status file of one register."""
    earlier = {u.get("field"): u for u in (previous or {}).get("urls", []) if isinstance(u, dict)}
    updated = (update_url(earlier.get(ref.field), ref, results[ref.check.key], now, degraded, rule) for ref in refs)
    urls = [entry for entry in updated if entry is not None]
    data: dict[str, Any] = {
        "register": register,
        "country": country.upper(),
        "checked_at": iso(now),
        "stale": any(u["stale"] for u in urls),
    }
    if skipped is not None:
        data["skipped"] = skipped
    data["urls"] = urls
    return data


def summary(
    statuses: list[dict[str, Any]],
    started: dt.datetime,
    finished: dt.datetime,
    degraded: bool,
    hosts: tuple[int, int],
    due_for_review: list[str],
) -> dict[str, Any]:
    """``summary.json``: the run, and the state of every register in the folder."""
    counts = dict.fromkeys(states.STATES, 0)
    stale, watching, warnings = [], [], []
    url_count = 0
    for status in statuses:
        urls = [u for u in status.get("urls", []) if isinstance(u, dict)]
        url_count += len(urls)
        for url in urls:
            if url.get("state") in counts:
                counts[url["state"]] += 1
        classes = {u.get("class") for u in urls}
        register = str(status.get("register"))
        if status.get("stale"):
            stale.append(register)
        elif classes & states.FAILING_CLASSES:
            watching.append(register)
        if states.CLASS_WARNING in classes:
            warnings.append(register)
    return {
        "started_at": iso(started),
        "finished_at": iso(finished),
        "degraded": degraded,
        "hosts": hosts[0],
        "soft_failing_hosts": hosts[1],
        "registers": len(statuses),
        "urls": url_count,
        "counts": counts,
        "stale": stale,
        "watching": watching,
        "warnings": warnings,
        "due_for_review": sorted(due_for_review),
    }
