"""Why the crawler itself stopped following a URL (raised by its middlewares, read by the classifier)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class RefusedAddress(IgnoreRequest):
    """A request (usually a redirect target) points at a non-public address and is not sent."""

    def __init__(self, url: str, reason: str, address: str) -> None:
        super().__init__(f"{url}: {address} is a {reason} address; not requested")
        self.url = url
        self.reason = reason
        self.address = address


class RedirectCycle(IgnoreRequest):
    """A redirect leads back to a URL already visited in the same chain."""

    def __init__(self, url: str) -> None:
        super().__init__(f"the redirect chain comes back to {url}")
        self.url = url
