"""Scrapy's DNS resolver, plus two things a link checker needs: local NXDOMAIN and the failure kind.

* RFC 6761/6762 special-use names (``.invalid``, ``.test``, ``.example``, ``.local``,
  ``*.localhost`` …) never exist on the internet, so asking a DNS server about them only leaks
  queries: they fail here at once with NXDOMAIN, without a packet. (``localhost`` itself is
  resolved normally; the redirect guard refuses its loopback address.)
* Twisted's HostnameEndpoint drops the resolver's exception and only says "no results", so the
  crawler could not tell "this name does not exist" (hard: the register is gone) from "the
  resolver did not answer" (soft: our network). Each failed lookup is recorded in
  :data:`LOOKUP_FAILURES` for the classifier to read.

Installed through Scrapy's ``TWISTED_DNS_RESOLVER`` setting.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from twisted.internet import defer
from twisted.internet.base import ThreadedResolver
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer

from registry.hosts import parse_ip

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler

# Special-use domain names (IANA registry, RFC 6761 §6, RFC 6762, RFC 8375, RFC 9476) and
# ICANN's ".internal": no public DNS answer exists for them.
SPECIAL_USE_SUFFIXES = ("invalid", "test", "example", "localhost", "local", "home.arpa", "internal", "onion", "alt")

NXDOMAIN = "nxdomain"
RESOLVER_FAILURE = "resolver"

# host name → NXDOMAIN or RESOLVER_FAILURE, for the last failed lookup of that name.
LOOKUP_FAILURES: dict[str, str] = {}

_NO_SUCH_NAME = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}


class NameNotFound(DNSLookupError):
    """The name does not exist (NXDOMAIN, or no address record)."""


class ResolverFailure(DNSLookupError):
    """The resolver failed or timed out: says nothing about the site."""


def is_special_use(name: str) -> bool:
    """True for names that must never reach a DNS server (``localhost`` itself excepted)."""
    name = name.rstrip(".").lower()
    if name == "localhost":
        return False
    return any(name == suffix or name.endswith("." + suffix) for suffix in SPECIAL_USE_SUFFIXES)


def _lookup(name: str) -> str:
    try:
        return socket.gethostbyname(name)
    except socket.gaierror as exc:
        if exc.errno in _NO_SUCH_NAME:
            raise NameNotFound(f"{name}: no such host name (NXDOMAIN)") from None
        raise ResolverFailure(f"{name}: the resolver failed ({exc.strerror})") from None
    except (OSError, UnicodeError) as exc:
        raise ResolverFailure(f"{name}: the resolver failed ({exc})") from None


@implementer(IResolverSimple)
class CheckingResolver(ThreadedResolver):
    """Caching, IPv4, thread-pool resolver like Scrapy's default, with the two additions above."""

    def __init__(self, reactor: Any, timeout: float, cache_size: int = 10000) -> None:
        super().__init__(reactor)
        self.timeout = timeout
        self.cache_size = cache_size
        self.cache: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> CheckingResolver:
        return cls(reactor, crawler.settings.getfloat("DNS_TIMEOUT"), crawler.settings.getint("DNSCACHE_SIZE"))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        key = name.rstrip(".").lower()
        if parse_ip(key) is not None:
            return defer.succeed(key.strip("[]"))
        if is_special_use(key):
            LOOKUP_FAILURES[key] = NXDOMAIN
            return defer.fail(NameNotFound(f"{key}: special-use name (RFC 6761), never resolved"))
        if key in self.cache:
            return defer.succeed(self.cache[key])
        d: defer.Deferred[str] = deferToThreadPool(self.reactor, self.reactor.getThreadPool(), _lookup, key)
        d.addTimeout(self.timeout, self.reactor)
        d.addCallbacks(self._store, self._failed, callbackArgs=(key,), errbackArgs=(key,))
        return d

    def _store(self, address: str, key: str) -> str:
        if len(self.cache) < self.cache_size:
            self.cache[key] = address
        LOOKUP_FAILURES.pop(key, None)
        return address

    def _failed(self, failure: Any, key: str) -> Any:
        kind = NXDOMAIN if failure.check(NameNotFound) else RESOLVER_FAILURE
        LOOKUP_FAILURES[key] = kind
        if kind == RESOLVER_FAILURE and not failure.check(ResolverFailure):
            return defer.fail(ResolverFailure(f"{key}: the resolver did not answer ({failure.getErrorMessage()})"))
        return failure
