"""The spider: one GET per distinct register URL, one :class:`CheckResult` per URL.

The spider only starts requests and turns the final response (after Scrapy's redirect, retry
and decompression middlewares) or the final failure into a result; the rules live in
:mod:`crawler.classify`, the request policy in :mod:`crawler.settings`.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.threads import deferToThread

from crawler import tlsdiag
from crawler.classify import META_REFRESH, Hop, Outcome, classify_failure, classify_response
from crawler.extensions import STARTED
from crawler.items import CheckResult
from crawler.sites import canonical_url
from crawler.targets import Check

CHECK = "crawler_check"


def hops_of(meta: dict[str, Any]) -> list[Hop]:
    """The redirect chain Scrapy's redirect middlewares recorded in the request meta."""
    urls = meta.get("redirect_urls") or []
    reasons = meta.get("redirect_reasons") or []
    return [
        Hop(canonical_url(url) or url, META_REFRESH if reason == "meta refresh" else int(reason))
        for url, reason in zip(urls, reasons, strict=False)
    ]


class RegistersSpider(scrapy.Spider):
    """Checks the URLs it is given; ``sink`` receives every result (see the pipeline)."""

    name = "registers"

    def __init__(self, checks: Iterable[Check] = (), sink: Callable[[CheckResult], None] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(**kwargs)
        self.checks = list(checks)
        self.sink = sink
        self.deadline: float | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.deadline = time.monotonic() + self.settings.getfloat("CRAWLER_DEADLINE")
        headers = self.settings.getdict("REQUEST_HEADERS")
        for check in self.checks:
            yield scrapy.Request(check.url, callback=self.parse, errback=self.failed, headers=headers,
                                 dont_filter=True, meta={CHECK: check})  # fmt: skip

    def parse(self, response: Response) -> Iterator[CheckResult]:
        check: Check = response.meta[CHECK]
        hops = hops_of(response.meta)
        page = response.text if isinstance(response, TextResponse) else ""
        headers = {
            key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        final_url = canonical_url(response.url) or response.url
        outcome = classify_response(check.url, final_url, response.status, headers, page, hops, check.expect)
        yield self._result(check, outcome, hops, response.meta)

    async def failed(self, failure: Any) -> AsyncIterator[CheckResult]:
        request: scrapy.Request = failure.request
        check: Check = request.meta[CHECK]
        hops = hops_of(request.meta)
        outcome = classify_failure(failure.value, check.url, canonical_url(request.url) or request.url, hops)
        if outcome.diagnose_tls:
            parsed = urlparse_cached(request)
            timeout = self.settings.getfloat("DOWNLOAD_TIMEOUT")
            detail, message = await deferToThread(tlsdiag.diagnose, parsed.hostname or "", parsed.port or 443, timeout)
            outcome = Outcome(outcome.state, detail, message, final_url=outcome.final_url)
        yield self._result(check, outcome, hops, request.meta)

    def _result(self, check: Check, outcome: Outcome, hops: list[Hop], meta: dict[str, Any]) -> CheckResult:
        started = meta.get(STARTED)
        elapsed = int((time.monotonic() - started) * 1000) if started else 0
        return CheckResult(
            key=check.key,
            url=check.url,
            state=outcome.state,
            detail=outcome.detail,
            message=outcome.message,
            http_status=outcome.http_status,
            final_url=outcome.final_url,
            redirects=[hop.as_json() for hop in hops],
            suggested_url=outcome.suggested_url,
            elapsed_ms=elapsed,
            attempts=1 + int(meta.get("retry_times", 0)),
        )
