"""``python -m crawler``: check the register URLs, update data/status/, write the reports.

Exit codes: 0 nothing is stale, 1 something is stale, 2 usage or data error (the validator's
messages are printed), 3 the checker itself failed (one line; ``--verbose`` for the
traceback), 130 interrupted (nothing written). Never a traceback by default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import logging
import math
import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler import history, reports
from crawler.history import DegradedRule, StaleRule
from crawler.items import CheckResult
from crawler.runner import CrawlOptions
from crawler.targets import Check, UrlRef
from registry.problems import Problem
from registry.status import RegisterStatus, UrlStatus, states

RegisterKey = tuple[str, str, str | None]  # (id, country folder, reviewed)

log = logging.getLogger("crawler")

EXIT_OK, EXIT_STALE, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

# Two names run by different operators that have resolved for decades: when neither resolves,
# the runner's resolver is broken (or lies), and every result of the run is suspect.
CANARIES = ("a.root-servers.net", "europa.eu")
RUN = CrawlOptions()  # the defaults of the request options (declared in crawler/settings.py)
STOP_AT_VARIABLE = "CRAWLER_TEST_STOP_AT"  # tests only (--allow-loopback): SIGTERM at a phase

# The status transaction of the run, for the message of an interrupted run.
_written: dict[str, Any] = {}


def _seconds(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0 or more)")
    return value


def _positive(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a count of 1 or more is expected")
    return value


def _ratio(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a fraction between 0 and 1 is expected")
    return value


def _moment(text: str) -> dt.datetime:
    moment = history.parse_iso(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 time such as 2026-11-28T03:17:00Z")
    return moment


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m crawler",
        description="Check the registers' URLs, keep their history in data/status/ and report what needs a person.",
        epilog="Exit 0: nothing stale; 1: something stale; 2: usage or data error; 3: the checker failed.",
    )
    p.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    p.add_argument("--only", nargs="+", action="extend", metavar="ID", help="check only these registers")
    p.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report (see docs/crawler.md)")
    p.add_argument("--markdown", type=Path, metavar="FILE", help="write the Markdown report")
    p.add_argument("--junit", type=Path, metavar="FILE", help="write a JUnit XML report")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--status", type=Path, metavar="DIR", help="the status folder (default: DATA/status)")
    where.add_argument("--no-status", action="store_true", help="neither read nor write any status (pull requests)")
    # (option, group, type, default, metavar, help): every default is a declared one (crawler/settings.py
    # through CrawlOptions, the stale rule and the degraded-run guard of crawler/history.py).
    rules = p.add_argument_group("stale rule and degraded-run guard (docs/design.md)")
    tuning = p.add_argument_group("request policy")
    stale, guard = StaleRule(), DegradedRule()
    numbers = (
        ("--timeout", p, _positive, RUN.timeout, "SECONDS", "per request (default: %(default)g)"),
        ("--deadline", p, _positive, RUN.deadline, "SECONDS",
         "for each pass; URLs without an answer by then are timeouts (default: %(default)g)"),
        ("--recheck-delay", p, _seconds, RUN.recheck_delay, "SECONDS",
         "wait before the second pass over failures (default: %(default)g)"),
        ("--hard-runs", rules, _count, stale.hard_runs, "N", "hard state: runs in a row (%(default)s)"),
        ("--hard-days", rules, _seconds, stale.hard_days, "DAYS", "… spanning days (%(default)g)"),
        ("--soft-runs", rules, _count, stale.soft_runs, "N", "soft state: runs in a row (%(default)s)"),
        ("--soft-days", rules, _seconds, stale.soft_days, "DAYS", "… spanning days (%(default)g)"),
        ("--degraded-ratio", rules, _ratio, guard.ratio, "FRACTION",
         "degraded when more than this fraction of hosts fail softly (%(default)g)"),
        ("--degraded-min-hosts", rules, _count, guard.min_hosts, "N", "… and at least this many hosts (%(default)s)"),
        ("--backoff", tuning, _seconds, RUN.backoff, "SECONDS",
         "wait before the first retry, doubled for the second (%(default)g)"),
        ("--retry-after-max", tuning, _seconds, RUN.retry_after_max, "SECONDS",
         "longest Retry-After honoured (%(default)g)"),
    )  # fmt: skip
    for option, group, kind, default, metavar, text in numbers:
        group.add_argument(option, type=kind, default=default, metavar=metavar, help=text)
    switches = (
        ("--allow-loopback", "for tests: accept 127.0.0.0/8 and ::1 URLs, and redirects to them"),
        ("--fix", "rewrite URLs redirected permanently on two runs in a row (needs the status history)"),
    )
    for option, text in switches:
        p.add_argument(option, action="store_true", help=text)
    rules.add_argument(
        "--canaries",
        default=",".join(CANARIES),
        metavar="NAMES",
        help="host names that always exist, resolved before the crawl; when none resolves the run is degraded "
        f"(default: {','.join(CANARIES)}; empty: none)",
    )
    p.add_argument(
        "--now", type=_moment, metavar="ISO-TIME", help="pretend the run happens at this UTC time (tests, replays)"
    )
    p.add_argument("-v", "--verbose", action="store_true", help="Scrapy's log and tracebacks")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    # A run allocates millions of short-lived objects (YAML events, schema errors, Twisted
    # Deferreds) and keeps few cycles: collecting less often saves a tenth of the CPU time.
    gc.set_threshold(100_000, 50, 100)
    args = parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminated)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if not args.verbose:
        for noisy in ("scrapy", "twisted", "py.warnings", "asyncio"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
        import warnings

        warnings.simplefilter("ignore")
    try:
        return run(args)
    except KeyboardInterrupt:
        work = _written.get("status")
        if work is not None and work.committed:
            log.error("interrupted after the new status was written to %s (complete); the reports may be missing",
                      work.folder)  # fmt: skip
        else:
            log.error("interrupted: nothing was written; the previous status is intact")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.verbose:
            log.exception("the checker failed")
        else:
            log.error("error: the checker failed: %s: %s (run with --verbose for details)", type(exc).__name__, exc)
        return EXIT_FAILED


@dataclass
class Loaded:
    """What a run needs from the loader."""

    problems: list[Problem] = field(default_factory=list)
    refs: list[UrlRef] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    registers: list[RegisterKey] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _load(data: Path, allow_loopback: bool, only: list[Path] | None, today: dt.date | None) -> Loaded:
    from crawler.targets import url_refs
    from registry import load_registry

    result = load_registry(data, allow_loopback=allow_loopback, only=only, today=today)
    refs, skipped = url_refs(result.registers)
    registers = [(r.id, r.country.lower(), r.data.get("reviewed")) for r in result.registers]
    return Loaded(list(result.problems), refs, skipped, registers)


def _terminated(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _register_files(data: Path, ids: list[str]) -> tuple[list[Path], list[str]]:
    found, unknown = [], []
    for register_id in dict.fromkeys(ids):
        matches = sorted((data / "registers").glob(f"*/{register_id}.yml")) if "/" not in register_id else []
        if matches:
            found.extend(matches)
        else:
            unknown.append(register_id)
    return found, unknown


def run(args: argparse.Namespace) -> int:
    from registry.cli_validate import print_problems

    if args.fix and args.no_status:
        log.error("error: --fix needs the status history (two runs in a row); it cannot be used with --no-status")
        return EXIT_USAGE
    if not (args.data / "registers").is_dir() and not (args.data / "schema").is_dir():
        log.error("error: %s is not a data folder (no registers/ or schema/ in it)", args.data)
        return EXIT_USAGE
    only = None
    if args.only:
        only, unknown = _register_files(args.data, args.only)
        if unknown:
            log.error("error: no register file for: %s", ", ".join(unknown))
            return EXIT_USAGE
    today = args.now.date() if args.now else None
    loaded = _load(args.data, args.allow_loopback, only, today)
    if not loaded.ok:
        print_problems(loaded.problems)
        log.error("error: %d problem(s) in the data; fix them first (python build.py validate)", len(loaded.problems))
        return EXIT_USAGE

    from crawler.targets import distinct_checks

    refs, skipped = loaded.refs, loaded.skipped
    checks = distinct_checks(refs)
    started = args.now or dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    log.info(
        "checking %d URL(s) of %d register(s)%s",
        len(checks),
        len(loaded.registers),
        f", {len(skipped)} skipped" if skipped else "",
    )
    canaries_failed = _check_canaries(args)
    results = _crawl(args, checks)
    if results is None:
        return EXIT_INTERRUPTED
    finished = (args.now + dt.timedelta(seconds=time.monotonic() - clock)) if args.now else dt.datetime.now(dt.UTC)

    _stop_here(args, "crawled")
    hosts = history.soft_failing_hosts(refs, results)
    degraded = history.is_degraded(*hosts, DegradedRule(args.degraded_ratio, args.degraded_min_hosts))
    if degraded:
        log.warning("degraded run: %d of %d hosts failed softly or in DNS; no state or counter changes",
                    hosts[1], hosts[0])  # fmt: skip
    elif canaries_failed:
        degraded = True
        log.warning("degraded run: the resolver could not resolve %s, names that always exist; "
                    "no state or counter changes", ", ".join(canaries_failed))  # fmt: skip
    due = _due_for_review(loaded.registers, started.date())

    statuses: dict[tuple[str, str], RegisterStatus] = {}
    if not args.no_status:
        status_dir = args.status or args.data / "status"
        statuses = _update_status(
            args, status_dir, loaded.registers, refs, results, skipped, started, finished, degraded, hosts, due
        )

    rows = [reports.Row(ref, results[ref.check.key], _url_status(statuses, ref)) for ref in refs]
    if args.fix:
        _fix(rows)
    _write_reports(args, rows, started, finished, degraded, due, skipped)
    stale = sorted({row.ref.register for row in rows if row.stale})
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.result.state] = counts.get(row.result.state, 0) + 1
    log.info("done in %.1f s: %s", time.monotonic() - clock, ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if stale:
        log.info("stale: %s", ", ".join(stale))
    return EXIT_STALE if stale else EXIT_OK


def _crawl(args: argparse.Namespace, checks: list[Check]) -> dict[str, CheckResult] | None:
    from crawler.progress import Progress
    from crawler.runner import CrawlOptions, Interrupted, crawl

    if not checks:
        return {}
    progress = Progress(len(checks))
    options = CrawlOptions(
        timeout=args.timeout,
        deadline=args.deadline,
        recheck_delay=args.recheck_delay,
        allow_loopback=args.allow_loopback,
        backoff=args.backoff,
        retry_after_max=args.retry_after_max,
        verbose=args.verbose,
    )
    try:

        def recheck(count: int, delay: float) -> None:
            progress.note(f"second pass over failing URL(s) in {delay:g} s")

        return crawl(checks, options, progress.result, recheck)
    except Interrupted as exc:
        progress.done()
        log.error("interrupted (%s): nothing was written; the previous status is intact", exc)
        return None
    finally:
        progress.done()


def _check_canaries(args: argparse.Namespace) -> list[str]:
    """The canary names that did not resolve (all of them: the resolver is broken), else []."""
    from crawler import resolver

    names = [name.strip() for name in (args.canaries or "").split(",") if name.strip()]
    test_hosts = resolver.load_test_hosts(args.allow_loopback)
    if not names or (args.allow_loopback and test_hosts is None):
        return []  # tests without a test resolver never query a real DNS server
    failed = resolver.resolve_canaries(names, test_hosts)
    return failed if len(failed) == len(names) else []


def _stop_here(args: argparse.Namespace, phase: str) -> None:
    """Tests only: SIGTERM this process at ``phase`` (``CRAWLER_TEST_STOP_AT``, with --allow-loopback)."""
    if args.allow_loopback and os.environ.get(STOP_AT_VARIABLE) == phase:
        os.kill(os.getpid(), signal.SIGTERM)


def _due_for_review(registers: list[RegisterKey], today: dt.date) -> list[str]:
    """Registers never reviewed, or last reviewed more than 365 days ago (listed, never an alarm)."""
    return [
        register_id
        for register_id, _, reviewed in registers
        if not reviewed or (today - dt.date.fromisoformat(reviewed)).days > 365
    ]


def _update_status(
    args: argparse.Namespace,
    status_dir: Path,
    registers: list[RegisterKey],
    refs: list[UrlRef],
    results: dict[str, CheckResult],
    skipped: dict[str, str],
    started: dt.datetime,
    finished: dt.datetime,
    degraded: bool,
    hosts: tuple[int, int],
    due: list[str],
) -> dict[tuple[str, str], RegisterStatus]:
    from registry import status as contract

    repaired = contract.recover(status_dir)
    if repaired:
        log.warning("%s", repaired)
    rule = StaleRule(args.hard_runs, args.hard_days, args.soft_runs, args.soft_days)
    by_register: dict[str, list[UrlRef]] = {}
    for ref in refs:
        by_register.setdefault(ref.register, []).append(ref)
    written: dict[tuple[str, str], RegisterStatus] = {}
    keep: set[tuple[str, str]] = set()
    with contract.transaction(status_dir) as work:
        _written["status"] = work
        store = contract.StatusStore(work.staging)
        for index, (register_id, country, _) in enumerate(registers):
            keep.add((country, register_id))
            if index == len(registers) // 2:
                _stop_here(args, "writing-status")
            try:
                previous = store.read(country, register_id)
            except contract.StatusFileError as exc:
                log.warning("%s; starting a new history", exc)
                previous = None
            if degraded and previous is None:
                continue  # nothing known yet, and this run cannot tell: no file rather than a false state
            data = history.register_status(
                register_id,
                country,
                by_register.get(register_id, []),
                results,
                previous,
                started,
                degraded,
                rule,
                skipped.get(register_id),
            )
            store.write(data)
            written[(country, register_id)] = data
        removed = store.remove_others(keep) if not args.only else []
        summary = history.summary(store.all(), started, finished, degraded, hosts, due)
        store.write_summary(summary)
        _stop_here(args, "status-complete")
        work.before_swap = lambda: _stop_here(args, "swapping")
    for path in removed:
        log.info("removed %s (no such register any more)", status_dir / path.relative_to(work.staging))
    _stop_here(args, "status-swapped")
    return written


def _url_status(statuses: dict[tuple[str, str], RegisterStatus], ref: UrlRef) -> UrlStatus | None:
    data = statuses.get((ref.country, ref.register))
    return next((u for u in data.urls if u.field == ref.field), None) if data else None


def _fix(rows: list[reports.Row]) -> None:
    from crawler.fix import Fix, apply

    fixes = [
        Fix(Path(row.ref.file), row.ref.field, row.ref.url, row.result.suggested_url)
        for row in rows
        if row.result.state == states.REDIRECTED
        and row.result.suggested_url
        and row.status
        and row.status.redirected_runs >= 2
    ]
    for fix, problem in apply(fixes):
        if problem:
            log.warning("not fixed: %s %s: %s", fix.path, fix.field, problem)
        else:
            log.info("fixed %s %s: %s -> %s", fix.path, fix.field, fix.old, fix.new)


def _write_reports(
    args: argparse.Namespace,
    rows: list[reports.Row],
    started: dt.datetime,
    finished: dt.datetime,
    degraded: bool,
    due: list[str],
    skipped: dict[str, str],
) -> None:
    from registry.status import write_text

    started_at, finished_at = history.iso(started), history.iso(finished)
    outputs = (
        (args.json, lambda: reports.write_json(rows, started_at, finished_at, degraded)),
        (args.markdown, lambda: reports.markdown(rows, started_at, degraded, due, skipped)),
        (args.junit, lambda: reports.junit(rows, started_at)),
    )
    for path, render in outputs:
        if path is not None:
            if path.parent and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, render())
    if os.environ.get("GITHUB_ACTIONS") == "true":
        reports.annotations(rows, sys.stdout, no_history=args.no_status)
