"""Item pipeline: hand every result to the runner (and its progress display) as it arrives."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.items import CheckResult


class CollectResults:
    """Pass results to ``spider.sink`` (a callable the runner gives the spider)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CollectResults:
        return cls(crawler)

    def process_item(self, item: CheckResult) -> CheckResult:
        sink = getattr(self.crawler.spider, "sink", None)
        if sink is not None:
            sink(item)
        return item
