"""Scrapy's DNS resolver, plus what a link checker needs: A and AAAA, local NXDOMAIN, the failure kind.

* Names are resolved with ``getaddrinfo`` for any address family, so a host with only an IPv6
  address (AAAA) resolves, and the connection (Twisted's ``HostnameEndpoint``) is tried over
  every address, IPv4 or IPv6. The resolver is installed as the reactor's *name resolver*
  (``IHostnameResolver``), the interface that carries several addresses of both families.
* RFC 6761/6762 special-use names (``.invalid``, ``.test``, ``.example``, ``.local``,
  ``*.localhost`` …) never exist on the internet, so asking a DNS server about them only leaks
  queries: they fail here at once with NXDOMAIN, without a packet. (``localhost`` itself is
  resolved normally; the redirect guard refuses its loopback address.)
* Twisted's HostnameEndpoint drops the resolver's exception and only says "no results", so the
  crawler could not tell "this name does not exist" (hard: the register is gone) from "the
  resolver did not answer" (soft: our network). Each failed lookup is recorded in
  :data:`LOOKUP_FAILURES` (keyed by the canonical host, :func:`crawler.sites.canonical_host`)
  for the classifier to read.
* Tests only (``--allow-loopback``): ``CRAWLER_TEST_HOSTS`` names a JSON file that answers
  instead of DNS, ``{"bücher.eu": ["127.0.0.2"], "v6.eu": ["::ffff:127.0.0.2"], "gone.eu":
  "nxdomain", "*": "resolver"}`` (``*``: every other name). Only loopback answers are accepted.

Installed through Scrapy's ``TWISTED_DNS_RESOLVER`` setting.
"""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twisted.internet import defer
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IHostnameResolver, IHostResolution
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer

from crawler.sites import canonical_host
from registry.hosts import is_allowed_loopback, parse_ip

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scrapy.crawler import Crawler

# Special-use domain names (IANA registry, RFC 6761 §6, RFC 6762, RFC 8375, RFC 9476) and
# ICANN's ".internal": no public DNS answer exists for them.
SPECIAL_USE_SUFFIXES = ("invalid", "test", "example", "localhost", "local", "home.arpa", "internal", "onion", "alt")

NXDOMAIN = "nxdomain"
RESOLVER_FAILURE = "resolver"
TEST_HOSTS_VARIABLE = "CRAWLER_TEST_HOSTS"

# canonical host name → NXDOMAIN or RESOLVER_FAILURE, for the last failed lookup of that name.
LOOKUP_FAILURES: dict[str, str] = {}

_NO_SUCH_NAME = {getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)}

TestHosts = Mapping[str, "list[str] | str"]


class NameNotFound(DNSLookupError):
    """The name does not exist (NXDOMAIN, or no address record of either family)."""


class ResolverFailure(DNSLookupError):
    """The resolver failed or timed out: says nothing about the site."""


def is_special_use(name: str) -> bool:
    """True for names that must never reach a DNS server (``localhost`` itself excepted)."""
    name = name.rstrip(".").lower()
    if name == "localhost":
        return False
    return any(name == suffix or name.endswith("." + suffix) for suffix in SPECIAL_USE_SUFFIXES)


def load_test_hosts(allow_loopback: bool) -> TestHosts | None:
    """The tests' answers (``CRAWLER_TEST_HOSTS``), honoured only with ``--allow-loopback``."""
    path = os.environ.get(TEST_HOSTS_VARIABLE)
    if not path or not allow_loopback:
        return None
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    hosts: dict[str, list[str] | str] = {}
    for name, answer in raw.items():
        if isinstance(answer, list):
            for address in answer:
                parsed = parse_ip(str(address))
                mapped = getattr(parsed, "ipv4_mapped", None) or parsed
                if parsed is None or not is_allowed_loopback(mapped):
                    raise ValueError(f"{TEST_HOSTS_VARIABLE}: {name}: only loopback addresses, not {address!r}")
            hosts[name if name == "*" else canonical_host(name)] = [str(a) for a in answer]
        elif answer in (NXDOMAIN, RESOLVER_FAILURE):
            hosts[name if name == "*" else canonical_host(name)] = answer
        else:
            raise ValueError(f"{TEST_HOSTS_VARIABLE}: {name}: a list of addresses, 'nxdomain' or 'resolver'")
    return hosts


def lookup(name: str, test_hosts: TestHosts | None = None) -> list[str]:
    """Every address of ``name`` (IPv4 and IPv6, in getaddrinfo's order); raises NameNotFound or ResolverFailure."""
    if test_hosts is not None:
        answer = test_hosts.get(canonical_host(name), test_hosts.get("*", NXDOMAIN))
        if answer == NXDOMAIN:
            raise NameNotFound(f"{name}: no such host name (NXDOMAIN)")
        if answer == RESOLVER_FAILURE:
            raise ResolverFailure(f"{name}: the resolver failed (test answer)")
        return list(answer)
    try:
        infos = socket.getaddrinfo(name, None, socket.AF_UNSPEC, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in _NO_SUCH_NAME:
            raise NameNotFound(f"{name}: no such host name (NXDOMAIN)") from None
        raise ResolverFailure(f"{name}: the resolver failed ({exc.strerror})") from None
    except (OSError, UnicodeError) as exc:
        raise ResolverFailure(f"{name}: the resolver failed ({exc})") from None
    addresses = list(
        dict.fromkeys(
            str(info[4][0]).split("%", 1)[0] for info in infos if info[0] in (socket.AF_INET, socket.AF_INET6)
        )
    )
    if not addresses:
        raise NameNotFound(f"{name}: no address record")
    return addresses


def resolve_canaries(
    names: Sequence[str], test_hosts: TestHosts | None = None, attempts: int = 2, timeout: float = 15.0
) -> list[str]:
    """The canary names that could not be resolved (each tried ``attempts`` times, all at once,
    within ``timeout`` seconds: a resolver that does not answer fails them too)."""
    import threading

    resolved: set[str] = set()

    def resolve(name: str) -> None:
        for _ in range(attempts):
            try:
                lookup(name, test_hosts)
            except DNSLookupError:
                continue
            resolved.add(name)
            return

    threads = [threading.Thread(target=resolve, args=(name,), daemon=True) for name in names]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [name for name in names if name not in resolved]


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:  # pragma: no cover - Twisted never cancels a resolution it started
        pass


@implementer(IHostnameResolver)
class CheckingResolver:
    """Caching, IPv4 + IPv6, thread-pool resolver, with the additions above."""

    def __init__(self, reactor: Any, timeout: float, cache_size: int = 10000,
                 test_hosts: TestHosts | None = None) -> None:  # fmt: skip
        self.reactor = reactor
        self.timeout = timeout
        self.cache_size = cache_size
        self.cache: dict[str, list[str]] = {}
        self.test_hosts = test_hosts

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> CheckingResolver:
        settings = crawler.settings
        test_hosts = load_test_hosts(settings.getbool("CRAWLER_ALLOW_LOOPBACK"))
        return cls(reactor, settings.getfloat("DNS_TIMEOUT"), settings.getint("DNSCACHE_SIZE"), test_hosts)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)  # also serves reactor.resolve() (the first address)

    def addresses(self, name: str) -> defer.Deferred[list[str]]:
        """Every address of ``name``; fails with NameNotFound or ResolverFailure."""
        key = canonical_host(name)
        if parse_ip(key) is not None:
            return defer.succeed([key])
        if is_special_use(key):
            LOOKUP_FAILURES[key] = NXDOMAIN
            return defer.fail(NameNotFound(f"{key}: special-use name (RFC 6761), never resolved"))
        if key in self.cache:
            return defer.succeed(self.cache[key])
        d: defer.Deferred[list[str]] = deferToThreadPool(
            self.reactor, self.reactor.getThreadPool(), lookup, key, self.test_hosts
        )
        d.addTimeout(self.timeout, self.reactor)
        d.addCallbacks(self._store, self._failed, callbackArgs=(key,), errbackArgs=(key,))
        return d

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        """The first address (Twisted's simple interface)."""
        return self.addresses(name).addCallback(lambda addresses: addresses[0])

    def _store(self, addresses: list[str], key: str) -> list[str]:
        if len(self.cache) < self.cache_size:
            self.cache[key] = addresses
        LOOKUP_FAILURES.pop(key, None)
        return addresses

    def _failed(self, failure: Any, key: str) -> Any:
        kind = NXDOMAIN if failure.check(NameNotFound) else RESOLVER_FAILURE
        LOOKUP_FAILURES[key] = kind
        if kind == RESOLVER_FAILURE and not failure.check(ResolverFailure):
            return defer.fail(ResolverFailure(f"{key}: the resolver did not answer ({failure.getErrorMessage()})"))
        return failure

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        resolution = _Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        wanted = set(addressTypes) if addressTypes else {IPv4Address, IPv6Address}

        def deliver(addresses: list[str]) -> None:
            for address in addresses:
                version = getattr(parse_ip(address), "version", 4)
                kind = IPv6Address if version == 6 else IPv4Address
                if kind in wanted:
                    resolutionReceiver.addressResolved(kind("TCP", address, portNumber))
            resolutionReceiver.resolutionComplete()

        def failed(_failure: Any) -> None:
            resolutionReceiver.resolutionComplete()  # no address: the endpoint reports DNSLookupError

        self.addresses(hostName).addCallbacks(deliver, failed)
        return resolution
