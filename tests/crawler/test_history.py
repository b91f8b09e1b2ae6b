"""The stale rule, the degraded-run guard and the status files, over simulated runs (injected clock)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crawler.history import DegradedRule, StaleRule, is_degraded, register_status, summary, update_url
from crawler.items import CheckResult
from crawler.targets import UrlRef
from registry.status import RegisterStatus, UrlStatus

REF = UrlRef("ee-x", "ee", "data/registers/ee/ee-x.yml", 11, "url", "https://x.ee/")
DAY0 = dt.datetime(2026, 11, 2, 3, 17, tzinfo=dt.UTC)
DEFAULT = StaleRule()


def result(state: str, detail: str | None = None, suggested: str | None = None) -> CheckResult:
    return CheckResult("https://x.ee/", "https://x.ee/", state, detail, state, 404, None, [], suggested)


def runs(
    sequence: list[tuple[float, str]], rule: StaleRule = DEFAULT, degraded: set[int] = frozenset()
) -> list[dict[str, Any]]:
    """Apply results at the given day offsets; return the entry after each run."""
    entry = None
    entries = []
    for index, (day, state) in enumerate(sequence):
        detail = "nxdomain" if state == "dns_error" else None
        entry = update_url(entry, REF, result(state, detail), DAY0 + dt.timedelta(days=day), index in degraded, rule)
        entries.append(entry.to_json() if entry else None)
    return entries


def test_hard_state_is_stale_after_two_runs_three_days_apart() -> None:
    entries = runs([(0, "not_found"), (1, "not_found"), (3, "not_found")])
    assert [e["stale"] for e in entries] == [False, False, True]
    assert entries[-1]["failing_runs"] == 3 and entries[-1]["since"] == "2026-11-02T03:17:00Z"
    assert runs([(0, "not_found"), (3, "not_found")])[-1]["stale"]
    assert runs([(0, "dns_error"), (3, "dns_error")])[-1]["stale"]  # nxdomain is hard


def test_soft_state_needs_three_runs_over_seven_days() -> None:
    assert [e["stale"] for e in runs([(0, "timeout"), (4, "timeout"), (7, "timeout")])] == [False, False, True]
    assert not runs([(0, "timeout"), (8, "timeout")])[-1]["stale"]  # two runs only
    assert not runs([(0, "timeout"), (1, "timeout"), (2, "timeout")])[-1]["stale"]  # three runs, two days


def test_one_ok_resets_the_count() -> None:
    entries = runs([(0, "not_found"), (3, "ok"), (6, "not_found")])
    assert [e["stale"] for e in entries] == [False, False, False]
    assert entries[-1]["failing_runs"] == 1 and entries[1]["last_ok"] == "2026-11-05T03:17:00Z"
    assert [t["to"] for t in entries[-1]["transitions"]] == ["ok", "not_found"]


def test_warnings_never_make_stale() -> None:
    entries = runs([(day, "blocked") for day in range(0, 40, 5)])
    assert not any(e["stale"] for e in entries) and entries[-1]["failing_runs"] == 0


def test_thresholds_are_options() -> None:
    quick = StaleRule(hard_runs=2, hard_days=0, soft_runs=2, soft_days=0)
    assert runs([(0, "not_found"), (0.01, "not_found")], quick)[-1]["stale"]
    assert runs([(0, "timeout"), (0.01, "timeout")], quick)[-1]["stale"]


def test_degraded_run_moves_no_counter() -> None:
    entries = runs([(0, "not_found"), (3, "timeout"), (4, "not_found")], degraded={1})
    assert entries[1]["state"] == "not_found" and entries[1]["failing_runs"] == 1  # unchanged by the degraded run
    assert entries[1]["history"][-1] == {"at": "2026-11-05T03:17:00Z", "state": "timeout", "detail": None,
                                         "http_status": 404, "degraded": True}  # fmt: skip
    assert entries[2]["failing_runs"] == 2 and entries[2]["stale"]


def test_degraded_rule() -> None:
    rule = DegradedRule(ratio=0.15, min_hosts=3)
    assert is_degraded(10, 3, rule)
    assert not is_degraded(100, 15, rule)  # 15 % is not more than 15 %
    assert not is_degraded(4, 2, rule)  # too few hosts to tell
    assert not is_degraded(0, 0, rule)


def test_history_keeps_twelve_results_and_a_new_url_starts_over() -> None:
    entries = runs([(day, "ok") for day in range(20)])
    assert len(entries[-1]["history"]) == 12 and entries[-1]["history"][-1]["at"].startswith("2026-11-21")
    moved = UrlRef("ee-x", "ee", REF.file, 11, "url", "https://new.x.ee/")
    fresh = update_url(UrlStatus.from_json(entries[-1]), moved, result("ok"), DAY0, False, StaleRule())
    assert fresh is not None and len(fresh.history) == 1 and fresh.url == "https://new.x.ee/"


def test_status_file_and_summary_shapes() -> None:
    data = register_status("ee-x", "ee", [REF], {REF.check.key: result("not_found")}, None, DAY0, False,
                           StaleRule()).to_json()  # fmt: skip
    assert list(data) == ["register", "country", "checked_at", "stale", "urls"]
    url = data["urls"][0]
    for key in ("field", "url", "state", "detail", "class", "since", "last_ok", "failing_runs", "stale",
                "suggested_url", "history", "transitions"):  # fmt: skip
        assert key in url
    assert url["class"] == "hard" and url["field"] == "url"
    made = summary([RegisterStatus.from_json(data)], DAY0, DAY0, False, (1, 0), ["ee-x"]).to_json()
    assert made["counts"]["not_found"] == 1 and set(made["counts"]) >= {"ok", "tls_error"}
    assert made["watching"] == ["ee-x"] and made["stale"] == [] and made["registers"] == 1
    for key in (
        "started_at",
        "finished_at",
        "degraded",
        "registers",
        "urls",
        "counts",
        "stale",
        "watching",
        "warnings",
    ):
        assert key in made


def test_redirected_runs_count_the_same_target() -> None:
    one = update_url(None, REF, result("redirected", "permanent", "https://x.ee/new"), DAY0, False, StaleRule())
    two = update_url(one, REF, result("redirected", "permanent", "https://x.ee/new"), DAY0, False, StaleRule())
    other = update_url(two, REF, result("redirected", "permanent", "https://x.ee/other"), DAY0, False, StaleRule())
    assert [one.redirected_runs, two.redirected_runs, other.redirected_runs] == [1, 2, 1]
