"""Scrapy extensions of the crawler: the 256 KiB body limit."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import StopDownload

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

RECEIVED = "crawler_bytes_received"
STARTED = "crawler_started"


class BodyLimit:
    """Stop reading a body after ``CRAWLER_MAX_BODY`` bytes and use what arrived.

    DOWNLOAD_MAXSIZE would *fail* the request; ``StopDownload(fail=False)`` raised from a
    ``bytes_received`` handler keeps the response (flagged ``download_stopped``) and drops the
    connection, so a huge or endless page costs 256 KiB and no waiting.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodyLimit:
        extension = cls(crawler.settings.getint("CRAWLER_MAX_BODY"))
        crawler.signals.connect(extension.bytes_received, signal=signals.bytes_received)
        crawler.signals.connect(extension.reset, signal=signals.request_reached_downloader)
        return extension

    def reset(self, request: Request) -> None:
        """Count from zero for every download (redirects and retries copy the request's meta)."""
        request.meta[RECEIVED] = 0
        request.meta.setdefault(STARTED, time.monotonic())  # kept by redirects and retries: elapsed_ms

    def bytes_received(self, data: bytes, request: Request) -> None:
        total = request.meta.get(RECEIVED, 0) + len(data)
        request.meta[RECEIVED] = total
        if total >= self.limit:
            raise StopDownload(fail=False)
