"""The memory of the checker: how one run's results update ``data/status/``.

A single failed request proves little (sites have bad minutes, CI runners lose their network),
so nothing is called *stale* on one run. Per URL the status keeps the last 12 results, the state
transitions, since when the current state holds, the last success and the run counters the
stale rule of docs/design.md needs: a *hard* state in 2 consecutive runs at least 3 days apart,
or failing (hard or soft) in 3 consecutive runs spanning at least 7 days. An ``ok`` or a warning
resets the counters. A *degraded* run (too many hosts failing softly or in DNS at once, or the
canary names unresolvable: our network, not theirs) is recorded in the history of the URLs
that have one but moves no counter and changes no state; a URL without a history gets none.

The records, their file format, the path layout and the all-or-nothing folder write are the
contract in :mod:`registry.status`; this module only decides what the new records say.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from crawler.items import CheckResult
from crawler.sites import host_of
from crawler.targets import UrlRef
from registry.status import (
    HISTORY_LENGTH,
    TRANSITIONS_LENGTH,
    HistoryPoint,
    RegisterStatus,
    Summary,
    Transition,
    UrlStatus,
    states,
)

log = logging.getLogger("crawler")


@dataclass(frozen=True)
class StaleRule:
    """docs/design.md's thresholds (configurable so tests and other deployments can shrink them)."""

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
    previous: UrlStatus | None,
    ref: UrlRef,
    result: CheckResult,
    now: dt.datetime,
    degraded: bool,
    rule: StaleRule,
) -> UrlStatus | None:
    """The new status entry of one URL field from its previous entry and this run's result.

    None for a degraded run on a URL without a previous entry: a run that cannot tell a dead
    site from its own lost network records no state at all (first run or not).
    """
    at = iso(now)
    if previous is not None and previous.url != ref.url:
        previous = None  # the register's URL was edited: a new URL starts a new history
    point = HistoryPoint(at, result.state, result.detail, result.http_status, degraded)
    history = ((*previous.history, point) if previous else (point,))[-HISTORY_LENGTH:]
    if degraded:
        return None if previous is None else replace(previous, history=history)

    cls = states.state_class(result.state, result.detail)
    transitions = previous.transitions if previous else ()
    if previous is not None and previous.state != result.state:
        transitions = (*transitions, Transition(at, previous.state, result.state))
    failing = cls in states.FAILING_CLASSES
    failing_runs = previous.failing_runs + 1 if failing and previous else int(failing)
    failing_since = ((previous and previous.failing_since) or at) if failing else None
    if failing and failing_runs == 1:
        failing_since = at
    hard = cls == states.CLASS_HARD
    hard_runs = previous.hard_runs + 1 if hard and previous else int(hard)
    hard_since = (((previous and previous.hard_since) or at) if hard_runs > 1 else at) if hard else None
    redirected_runs = 0
    if result.state == states.REDIRECTED:
        same_target = bool(
            previous and previous.state == states.REDIRECTED and previous.suggested_url == result.suggested_url
        )
        redirected_runs = previous.redirected_runs + 1 if same_target and previous else 1
    stale = (hard_runs >= rule.hard_runs and _days(hard_since, now) >= rule.hard_days) or (
        failing_runs >= rule.soft_runs and _days(failing_since, now) >= rule.soft_days
    )
    changed = previous is None or previous.state != result.state
    return UrlStatus(
        field=ref.field,
        url=ref.url,
        state=result.state,
        detail=result.detail,
        since=at if changed or previous is None else (previous.since or at),
        last_ok=at if result.state in states.REACHED else (previous.last_ok if previous else None),
        failing_runs=failing_runs,
        failing_since=failing_since,
        hard_runs=hard_runs,
        hard_since=hard_since,
        redirected_runs=redirected_runs,
        stale=bool(stale),
        http_status=result.http_status,
        final_url=result.final_url,
        suggested_url=result.suggested_url,
        message=result.message,
        history=history,
        transitions=transitions[-TRANSITIONS_LENGTH:],
        extra=previous.extra if previous else {},
    )


def register_status(
    register: str,
    country: str,
    refs: list[UrlRef],
    results: Mapping[str, CheckResult],
    previous: RegisterStatus | None,
    now: dt.datetime,
    degraded: bool,
    rule: StaleRule,
    skipped: str | None = None,
) -> RegisterStatus:
    """The new status file of one register."""
    earlier = {u.field: u for u in previous.urls} if previous else {}
    updated = (update_url(earlier.get(ref.field), ref, results[ref.check.key], now, degraded, rule) for ref in refs)
    urls = tuple(entry for entry in updated if entry is not None)
    return RegisterStatus(
        register=register,
        country=country.lower(),
        checked_at=iso(now),
        stale=any(u.stale for u in urls),
        urls=urls,
        skipped=skipped,
    )


def summary(
    statuses: list[RegisterStatus],
    started: dt.datetime,
    finished: dt.datetime,
    degraded: bool,
    hosts: tuple[int, int],
    due_for_review: list[str],
) -> Summary:
    """``summary.json``: the run, and the state of every register in the folder."""
    counts = dict.fromkeys(states.STATES, 0)
    stale, watching, warnings = [], [], []
    for status in statuses:
        for url in status.urls:
            if url.state in counts:
                counts[url.state] += 1
        classes = {u.cls for u in status.urls}
        if status.stale:
            stale.append(status.register)
        elif classes & states.FAILING_CLASSES:
            watching.append(status.register)
        if states.CLASS_WARNING in classes:
            warnings.append(status.register)
    return Summary(
        started_at=iso(started),
        finished_at=iso(finished),
        degraded=degraded,
        hosts=hosts[0],
        soft_failing_hosts=hosts[1],
        registers=len(statuses),
        urls=sum(len(s.urls) for s in statuses),
        counts=counts,
        stale=tuple(stale),
        watching=tuple(watching),
        warnings=tuple(warnings),
        due_for_review=tuple(sorted(due_for_review)),
    )
