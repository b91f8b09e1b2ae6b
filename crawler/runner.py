"""Run the spider in-process: a first pass over every URL, then a second pass over the failures.

Twisted's reactor can only be started once per process, so both passes run inside one reactor
run (``CrawlerRunner``). Each pass has a deadline (Scrapy's
``CLOSESPIDER_TIMEOUT``); a URL without a result when it strikes gets ``timeout/deadline``, so
one run can never hang. SIGINT/SIGTERM stop the run and raise :class:`Interrupted`: the caller
then writes nothing.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from crawler import settings as defaults
from crawler.items import CheckResult
from crawler.targets import Check
from registry.status import states

log = logging.getLogger("crawler")


class Interrupted(Exception):
    """The run was stopped by a signal before it finished."""


@dataclass(frozen=True)
class CrawlOptions:
    """One run's request options; the defaults are the request policy of :mod:`crawler.settings`
    (declared there once; the command line's defaults are these)."""

    timeout: float = float(defaults.DOWNLOAD_TIMEOUT)
    deadline: float = defaults.CRAWLER_DEADLINE
    recheck_delay: float = defaults.CRAWLER_RECHECK_DELAY
    allow_loopback: bool = defaults.CRAWLER_ALLOW_LOOPBACK
    backoff: float = defaults.CRAWLER_RETRY_BACKOFF
    retry_after_max: float = defaults.CRAWLER_RETRY_AFTER_MAX
    verbose: bool = False


def needs_recheck(result: CheckResult) -> bool:
    """Failures get a second chance later in the run; warnings and ``ok`` do not."""
    return states.state_class(result.state, result.detail) in states.FAILING_CLASSES


def scrapy_settings(options: CrawlOptions) -> Any:
    """The project's settings module plus this run's options."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("DOWNLOAD_TIMEOUT", options.timeout, priority="cmdline")
    settings.set("CRAWLER_DEADLINE", options.deadline, priority="cmdline")
    settings.set("CLOSESPIDER_TIMEOUT", options.deadline + 1, priority="cmdline")
    settings.set("CRAWLER_ALLOW_LOOPBACK", options.allow_loopback, priority="cmdline")
    settings.set("CRAWLER_RETRY_BACKOFF", options.backoff, priority="cmdline")
    settings.set("CRAWLER_RETRY_AFTER_MAX", options.retry_after_max, priority="cmdline")
    settings.set("DNS_TIMEOUT", min(options.timeout, defaults.DNS_TIMEOUT), priority="cmdline")
    if options.verbose:
        settings.set("LOG_LEVEL", "DEBUG", priority="cmdline")
    return settings


def _missing(check: Check, deadline: float) -> CheckResult:
    return CheckResult(check.key, check.url, states.TIMEOUT, "deadline",
                       f"no result before the run's deadline ({deadline:g} s)")  # fmt: skip


def crawl(
    checks: Sequence[Check],
    options: CrawlOptions,
    on_result: Callable[[CheckResult, int], None] | None = None,
    on_recheck: Callable[[int, float], None] | None = None,
) -> dict[str, CheckResult]:
    """Check every URL; return the final result per ``Check.key``.

    ``on_result(result, pass_number)`` is called as results arrive (progress display);
    ``on_recheck(count, delay)`` before the second pass.
    """
    from scrapy.utils.reactor import install_reactor

    settings = scrapy_settings(options)
    install_reactor(settings["TWISTED_REACTOR"])
    from scrapy.crawler import CrawlerRunner
    from twisted.internet import defer, reactor
    from twisted.internet.task import deferLater

    from crawler.spiders.registers import RegistersSpider

    _setup_reactor(reactor, settings)
    runner = CrawlerRunner(settings)
    results: dict[str, CheckResult] = {}
    outcome: dict[str, BaseException] = {}
    interrupted: list[int] = []

    async def one_pass(batch: Sequence[Check], number: int) -> None:
        def sink(result: CheckResult) -> None:
            results[result.key] = result
            if on_result:
                on_result(result, number)

        found: set[str] = set()

        def tracking_sink(result: CheckResult) -> None:
            found.add(result.key)
            sink(result)

        await runner.crawl(RegistersSpider, checks=batch, sink=tracking_sink)
        for check in batch:
            if check.key not in found and not interrupted:
                sink(_missing(check, options.deadline))

    async def main() -> None:
        try:
            await one_pass(checks, 1)
            again = [c for c in checks if c.key in results and needs_recheck(results[c.key])]
            if again and not interrupted:
                if on_recheck:
                    on_recheck(len(again), options.recheck_delay)
                if options.recheck_delay > 0:
                    await deferLater(reactor, options.recheck_delay)
                if not interrupted:
                    await one_pass(again, 2)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            if reactor.running:  # type: ignore[attr-defined]
                reactor.stop()  # type: ignore[attr-defined]

    def stop(signum: int, _frame: Any) -> None:
        interrupted.append(signum)
        log.warning("interrupted (signal %d): stopping, nothing will be written", signum)
        reactor.callFromThread(_stop_everything, runner, reactor)  # type: ignore[attr-defined]

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        defer.Deferred.fromCoroutine(main())
        reactor.run(installSignalHandlers=False)  # type: ignore[attr-defined]
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if interrupted:
        raise Interrupted(f"stopped by signal {interrupted[0]}")
    if "error" in outcome:
        raise outcome["error"]
    for check in checks:
        results.setdefault(check.key, _missing(check, options.deadline))
    return results


def _setup_reactor(reactor: Any, settings: Any) -> None:
    """What Scrapy's CrawlerProcess does to its reactor and a runner does not: install the
    ``TWISTED_DNS_RESOLVER`` (here: special-use names never leave the machine) and size the
    thread pool that resolves names."""
    from types import SimpleNamespace

    from scrapy.utils.misc import build_from_crawler, load_object

    resolver_class = load_object(settings["TWISTED_DNS_RESOLVER"])
    resolver = build_from_crawler(resolver_class, SimpleNamespace(settings=settings), reactor=reactor)
    resolver.install_on_reactor()
    reactor.getThreadPool().adjustPoolsize(maxthreads=settings.getint("REACTOR_THREADPOOL_MAXSIZE"))


def _stop_everything(runner: Any, reactor: Any) -> None:
    if reactor.running:
        reactor.stop()
