"""Use every core: load the register files in several processes, then crawl in several processes.

Validating 1,000 register files and driving 1,000 requests through Scrapy are both CPU-bound
(a few milliseconds each), and one Python process uses one core. So, on Linux and macOS
(``fork``), a large run is split:

1. **Loading**: each worker runs the shared loader on a slice of the files
   (``load_registry(only=…)``); every worker still sees every file's id, so the cross-file
   rules hold, and the union of their problems is what one full load reports.
2. **Crawling**: the parent merges the URLs and splits them *by site* (registrable domain),
   so each site is crawled by exactly one process and the per-host limit of 2 concurrent
   requests holds. Each worker runs both passes on its share and streams its results back
   for the progress display. (A redirect to another site may meet that site's own worker:
   then up to 2 more requests reach it for a moment; rare, as moves are.)

Small runs (a pull request) stay in one process: forking would only cost time there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import pickle
import signal
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from crawler.items import CheckResult
from crawler.sites import host_of, registrable_domain
from crawler.targets import Check, UrlRef, url_refs
from registry.problems import Problem

MIN_FILES_PER_LOADER = 150


class WorkerFailed(Exception):
    """A worker process died or reported an error."""


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Loaded:
    """What the CLI needs from the loader, in a form that crosses process boundaries."""

    problems: list[Problem] = field(default_factory=list)
    refs: list[UrlRef] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    registers: list[tuple[str, str, str | None]] = field(default_factory=list)  # (id, country, reviewed)

    @property
    def ok(self) -> bool:
        return not self.problems

    def merge(self, other: Loaded) -> None:
        self.problems = sorted(set(self.problems) | set(other.problems))
        self.refs += other.refs
        self.skipped.update(other.skipped)
        self.registers += other.registers


def _load(data: Path, allow_loopback: bool, only: list[Path] | None, today: dt.date | None) -> Loaded:
    from registry import load_registry

    result = load_registry(data, allow_loopback=allow_loopback, only=only, today=today)
    refs, skipped = url_refs(result.registers)
    registers = [(r.id, r.country.lower(), r.data.get("reviewed")) for r in result.registers]
    return Loaded(list(result.problems), refs, skipped, registers)


class Workers:
    """Forked processes that load slices of the register files, or crawl sets of sites.

    The CLI uses one set to load (forked early, while only the loader is imported, so the
    parent imports Scrapy meanwhile) and a second set to crawl (forked after that import, so
    each crawler starts at once). A worker crawls at most once: Twisted's reactor does not
    restart.
    """

    def __init__(self, count: int) -> None:
        import registry.loader  # noqa: F401 - imported once, before forking, shared by every worker

        context = multiprocessing.get_context("fork")
        self.connections: list[Connection] = []
        self.processes: list[Any] = []
        for _ in range(count):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_worker, args=(child_end,), daemon=True)
            process.start()
            child_end.close()
            self.connections.append(parent_end)
            self.processes.append(process)

    def _gather(self, active: list[int], on_event: Callable[[str, Any], None] | None = None) -> dict[int, Any]:
        outputs: dict[int, Any] = {}
        pending = {index: self.connections[index] for index in active}
        while pending:
            for conn in wait(list(pending.values())):
                index = next(i for i, c in pending.items() if c is conn)
                try:
                    kind, payload = conn.recv()
                except EOFError:
                    raise WorkerFailed(f"worker {index} ended without a result") from None
                if kind == "done":
                    outputs[index] = payload
                    del pending[index]
                elif kind == "error":
                    raise WorkerFailed(payload)
                elif on_event:
                    on_event(kind, payload)
        return outputs

    def load(
        self,
        data: Path,
        allow_loopback: bool,
        files: list[Path],
        today: dt.date | None,
        while_waiting: Callable[[], None] | None = None,
    ) -> Loaded:
        """Each worker loads a slice; ``while_waiting`` runs here meanwhile (the CLI imports Scrapy)."""
        count = len(self.connections)
        for index, conn in enumerate(self.connections):
            conn.send(("load", (data, allow_loopback, files[index::count], today)))
        if while_waiting is not None:
            while_waiting()
        outputs = self._gather(list(range(count)))
        merged = Loaded()
        for index in range(count):
            merged.merge(outputs[index])
        merged.refs.sort(key=lambda ref: (ref.register, ref.field))
        merged.registers.sort()
        return merged

    def crawl(
        self,
        checks: Sequence[Check],
        options: Any,
        on_result: Callable[[CheckResult, int], None] | None = None,
        on_recheck: Callable[[int, float], None] | None = None,
    ) -> dict[str, CheckResult]:
        shards = site_shards(checks, len(self.connections))
        active = []
        for index, conn in enumerate(self.connections):
            if index < len(shards):
                conn.send(("crawl", (shards[index], options)))
                active.append(index)
            else:
                conn.send(("stop", None))
        results: dict[str, CheckResult] = {}
        rechecks: list[tuple[int, float]] = []

        def event(kind: str, payload: Any) -> None:
            if kind == "result":
                result, number = payload
                results[result.key] = result
                if on_result:
                    on_result(result, number)
            elif kind == "recheck":
                rechecks.append(payload)
                if on_recheck and len(rechecks) == 1:
                    on_recheck(*payload)

        for output in self._gather(active, event).values():
            results.update(output)
        return results

    def close(self) -> None:
        for conn in self.connections:
            with contextlib.suppress(OSError):
                conn.send(("stop", None))
        for process in self.processes:
            process.join(2)
            if process.is_alive():
                process.terminate()
                process.join(2)


def _worker(conn: Connection) -> None:
    """The worker's loop: answer "load" and "crawl" requests until "stop" (one crawl at most)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and terminates us if needed
    try:
        while True:
            try:
                kind, payload = conn.recv()
            except EOFError:
                return
            if kind == "load":
                conn.send(("done", _load(*payload)))
            elif kind == "crawl":
                from crawler import runner

                shard, options = payload
                output = runner.crawl(
                    shard,
                    options,
                    lambda result, number: conn.send(("result", (result, number))),
                    lambda count, delay: conn.send(("recheck", (count, delay))),
                )
                conn.send(("done", output))
                return
            else:
                return
    except BaseException as exc:  # reported to the parent, which prints it
        with contextlib.suppress(OSError, pickle.PicklingError):
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def workers_for(files: int, requested: int) -> int:
    """How many worker processes a run of ``files`` register files deserves (0: stay in-process)."""
    count = min(requested, files // MIN_FILES_PER_LOADER)
    return count if count >= 2 and can_fork() else 0


def load(data: Path, allow_loopback: bool, only: list[Path] | None, today: dt.date | None) -> Loaded:
    """Load in this process (small runs)."""
    return _load(data, allow_loopback, only, today)


def site_shards(checks: Sequence[Check], workers: int) -> list[list[Check]]:
    """Split the checks by registrable domain (stable: the same site always lands together)."""
    shards: list[list[Check]] = [[] for _ in range(workers)]
    for check in checks:
        site = registrable_domain(host_of(check.url))
        shards[zlib.crc32(site.encode()) % workers].append(check)
    return [shard for shard in shards if shard]
