"""Downloader middlewares: the address guard and retries with backoff and ``Retry-After``.

Everything else the crawler needs from a downloader (redirects, meta refresh, decompression,
timeouts) is Scrapy's own middleware, configured in :mod:`crawler.settings`.
"""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.httpobj import urlparse_cached

from crawler.exceptions import RedirectCycle, RefusedAddress
from registry.hosts import forbidden_address_reason, parse_ip

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

NOT_BEFORE = "crawler_not_before"


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


class AddressGuardMiddleware:
    """Refuse requests to loopback, private, link-local, reserved or unspecified addresses.

    A register page must not be able to send the checker (which runs on CI runners and may
    run on pull-request data) to ``169.254.169.254``, an intranet or the runner itself. IP
    literals are checked as they are; host names are resolved first, through the crawler's own
    resolver (so the answer is cached for the connection that follows). The check runs before
    anything is sent. It also stops redirect chains that come back to a URL already visited.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.allow_loopback = crawler.settings.getbool("CRAWLER_ALLOW_LOOPBACK")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> Coroutine[Any, Any, None] | None:
        previous = request.meta.get("redirect_urls") or []
        if previous and _without_fragment(request.url) in {_without_fragment(u) for u in previous}:
            raise RedirectCycle(request.url)
        host = (urlparse_cached(request).hostname or "").rstrip(".")
        address = parse_ip(host)
        if address is None:
            return self._check_name(request, host)  # a coroutine: Scrapy awaits it
        self._check(request, address)
        return None

    def _check(self, request: Request, address: Any) -> None:
        reason = forbidden_address_reason(address, allow_loopback=self.allow_loopback)
        if reason:
            raise RefusedAddress(request.url, reason, str(address))

    async def _check_name(self, request: Request, host: str) -> None:
        from twisted.internet import reactor

        resolver = getattr(reactor, "nameResolver", None)
        try:
            if hasattr(resolver, "addresses"):  # the crawler's resolver: every address, IPv4 and IPv6
                resolved = await resolver.addresses(host)
            else:
                resolved = [await reactor.resolve(host)]  # type: ignore[attr-defined]
        except Exception:
            return  # the download fails with the resolver's error, classified as dns_error
        for text in resolved:  # the connection may use any of them: each must be public
            address = parse_ip(str(text))
            if address is not None:
                self._check(request, address)


class DeclaredSizeMiddleware:
    """A page that *declares* more than ``DOWNLOAD_MAXSIZE`` is read like any other, up to 256 KiB.

    Scrapy's HTTP handler cancels a download whose ``Content-Length`` exceeds the request's
    ``download_maxsize`` before reading a byte, and the request then fails: a register published
    as one long list would count as a connection error. The raw body never needs that limit here
    (the ``BodyLimit`` extension stops every download at ``CRAWLER_MAX_BODY``), so this
    middleware, closest to the downloader, sets the ``download_maxsize`` meta key to 0 (no limit)
    for the download, and puts ``DOWNLOAD_MAXSIZE`` back on the way out, before
    ``HttpCompressionMiddleware`` reads it as its limit on a decompressed body (gzip bombs).
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeclaredSizeMiddleware:
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_request(self, request: Request) -> None:
        request.meta["download_maxsize"] = 0

    def process_response(self, request: Request, response: Response) -> Response:
        request.meta["download_maxsize"] = self.maxsize
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        request.meta["download_maxsize"] = self.maxsize


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def worth_retrying(exception: BaseException, host: str) -> bool:
    """False for failures that another attempt cannot change: a refused certificate, a name
    that does not exist. (Timeouts, resets, refused connections and resolver failures may.)"""
    from OpenSSL import SSL
    from scrapy.exceptions import CannotResolveHostError
    from twisted.internet.error import DNSLookupError

    from crawler.classify import causes
    from crawler.resolver import LOOKUP_FAILURES, NXDOMAIN

    for cause in causes(exception):
        if isinstance(cause, SSL.Error) or type(cause).__name__ == "VerificationError":
            return False
        if isinstance(cause, (DNSLookupError, CannotResolveHostError)):
            return LOOKUP_FAILURES.get(host) != NXDOMAIN
    return True


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, but the retry waits: exponential backoff, or ``Retry-After``.

    Scrapy retries at once and ignores ``Retry-After``; a server that says "come back in 30 s"
    deserves to be believed, and a flaky one a pause. The wait never runs past the crawl's
    deadline: when ``Retry-After`` asks for more time than is left, the answer stands (429 then
    counts as ``blocked``). The waiting happens in ``process_request``, outside the per-host
    download slot, so other URLs of the same host go on meanwhile.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("CRAWLER_RETRY_BACKOFF")
        self.retry_after_max = settings.getfloat("CRAWLER_RETRY_AFTER_MAX")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")

    def _remaining(self) -> float:
        deadline = getattr(self.crawler.spider, "deadline", None)
        return float("inf") if deadline is None else deadline - time.monotonic()

    def _schedule(self, request: Request, reason: Any, wait: float) -> Request | None:
        if wait + self.timeout > self._remaining():
            return None
        retry = self._retry(request, reason)
        if retry is not None:
            retry.meta[NOT_BEFORE] = time.monotonic() + wait
        return retry

    def _backoff(self, request: Request) -> float:
        return self.backoff * (2 ** request.meta.get("retry_times", 0))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        if response.headers.get("cf-mitigated"):
            return response  # a bot challenge does not go away by asking again
        wait = self._backoff(request)
        if response.status in (429, 503):
            asked = retry_after_seconds(response.headers.get("Retry-After"))
            if asked is not None:
                if asked > self.retry_after_max:
                    return response
                wait = max(wait, asked)
        return self._schedule(request, f"{response.status}", wait) or response

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry") or not isinstance(exception, self.exceptions_to_retry):
            return None
        if not worth_retrying(exception, (urlparse_cached(request).hostname or "").rstrip(".").lower()):
            return None
        return self._schedule(request, exception, self._backoff(request))

    def process_request(self, request: Request) -> Coroutine[Any, Any, None] | None:
        not_before = request.meta.get(NOT_BEFORE)
        if not_before:
            wait = min(not_before - time.monotonic(), self._remaining())
            if wait > 0:
                return _sleep(wait)  # awaited by Scrapy
        return None


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await deferLater(reactor, seconds)
