"""Same site or another registrable domain? Decided offline with the Public Suffix List.

``www.kutseregister.ee`` → ``kutseregister.ee`` is the same site; ``kutseregister.ee`` →
``kutsekoda.ee`` is a move. The list comes from the ``publicsuffixlist`` package (no download at
run time). An IP literal is its own "registrable domain", so 127.0.0.2 and 127.0.0.3 are two
sites, which is what the loopback tests rely on.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from registry.hosts import parse_ip

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList


@cache
def _psl() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList  # 70 ms to load: only when a redirect needs it

    return PublicSuffixList()


def host_of(url: str) -> str:
    """The URL's host, lower case, without brackets or a trailing dot ("" when there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


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
