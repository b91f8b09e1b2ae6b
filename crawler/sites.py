"""Same site or another registrable domain? Decided offline with the Public Suffix List.

Host names are compared in one canonical form (IDNA 2008 / UTS #46 A-labels, the ``idna``
package), so ``bücher.eu`` and the ``xn--bcher-kva.eu`` that comes back from a redirect are the
same host. ``www.kutseregister.ee`` → ``kutseregister.ee`` is the same site; ``kutseregister.ee`` →
``kutsekoda.ee`` is a move. The list comes from the ``publicsuffixlist`` package (no download at
run time). An IP literal is its own "registrable domain", so 127.0.0.2 and 127.0.0.3 are two
sites, which is what the loopback tests rely on.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import idna

from registry.hosts import parse_ip

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList


@cache
def _psl() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList  # 70 ms to load: only when a redirect needs it

    return PublicSuffixList()


@cache
def canonical_host(host: str) -> str:
    """The one form a host name is compared in: IDNA 2008 A-labels after UTS #46 mapping.

    ``Bücher.EU``, ``bücher.eu`` and ``xn--bcher-kva.eu`` are one host; an IP literal stays as
    it is; a name that IDNA refuses is only lower-cased (it will fail in DNS, not here).
    """
    host = host.strip("[]").rstrip(".")
    if not host or parse_ip(host) is not None:
        return host.lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        return host.lower()


@cache
def display_host(host: str) -> str:
    """The host as people write it: U-labels (``bücher.eu``), from any of its forms."""
    ascii_host = canonical_host(host)
    if "xn--" not in ascii_host:
        return ascii_host if not host.isascii() else host
    try:
        return idna.decode(ascii_host)
    except idna.IDNAError:
        return ascii_host


def host_of(url: str) -> str:
    """The URL's host in its canonical form (:func:`canonical_host`; "" when there is none)."""
    try:
        return canonical_host(urlsplit(url).hostname or "")
    except ValueError:
        return ""


def canonical_url(url: str | None) -> str | None:
    """``url`` with an internationalised host written in U-labels, the form reports and suggestions use.

    Scrapy requests and answers carry the A-label form (``xn--…``); the register file carries
    what its editor typed. Reported and suggested URLs use one form, so a suggestion matches the
    file and two runs' suggestions compare equal. ASCII-only hosts are left exactly as they are.
    """
    if not url:
        return url
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return url
    if not host or (host.isascii() and "xn--" not in host.lower()):
        return url
    shown = display_host(host)
    userinfo = parts.netloc.rpartition("@")[0]
    try:
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:
        return url
    netloc = (f"{userinfo}@" if userinfo else "") + shown + port
    return parts._replace(netloc=netloc).geturl()


def same_url(url_a: str | None, url_b: str | None) -> bool:
    """Equal once both hosts are in canonical form."""
    return canonical_url(url_a) == canonical_url(url_b)


@cache
def registrable_domain(host: str) -> str:
    """``www.example.gov.pt`` → ``example.gov.pt``; an IP literal or a bare suffix stays as it is."""
    host = host.rstrip(".").lower()
    if not host or parse_ip(host) is not None:
        return host
    return _psl().privatesuffix(host) or host


def same_site(url_a: str, url_b: str) -> bool:
    """True when both URLs are on the same registrable domain (scheme and port do not matter)."""
    return registrable_domain(host_of(url_a)) == registrable_domain(host_of(url_b))
