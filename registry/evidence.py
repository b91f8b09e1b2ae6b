"""Which page proves a register's address, and whether that page is the government's own.

A source is *official* when its host lies in the registrable domain of the register's own
address or of the keeping authority's, or under a government domain. Registrable domains come
from the Public Suffix List (the ``publicsuffixlist`` package, no download at run time);
government domains from the short list below, because the PSL does not say which public
suffixes belong to a state (``gv.at`` and ``co.at`` look alike to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# Domains under which only public bodies publish: national government suffixes of the 31
# countries and the EU institutions. A host equal to one of them or ending in "." + one counts.
# Keep it short and documented (docs/data.md): a suffix belongs here only when registration
# under it is restricted to public bodies.
GOVERNMENT_DOMAINS: tuple[str, ...] = (
    "europa.eu",  # EU institutions
    "gv.at", "bund.de", "admin.ch", "llv.li",  # AT, DE (federal), CH (federal), LI
    "fgov.be", "belgium.be", "gouv.fr", "public.lu", "etat.lu", "overheid.nl", "rijksoverheid.nl",
    "gov.ie", "gov.mt", "gob.es", "gov.pt", "gov.it", "gov.gr", "gov.cy",
    "gov.pl", "gov.cz", "gov.sk", "gov.hu", "gov.si", "gov.hr", "gov.ro", "government.bg", "egov.bg",
    "riik.ee", "gov.ee", "gov.lv", "gov.lt", "lrv.lt",
    "gov.fi", "valtioneuvosto.fi", "regeringen.se", "government.se", "regjeringen.no", "gov.is",
    "stjornarradid.is",
)  # fmt: skip


@cache
def _psl() -> PublicSuffixList:
    from publicsuffixlist import PublicSuffixList  # 70 ms to load: only when evidence is asked for

    return PublicSuffixList()


def host_of(url: str) -> str:
    """The lower-case host name of a URL, without a trailing dot ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def registrable_domain(host: str) -> str:
    """``www.aerztekammer.at`` → ``aerztekammer.at``; the host itself when the PSL knows no suffix."""
    host = host.rstrip(".").lower()
    return _psl().privatesuffix(host) or host


def is_government_host(host: str) -> bool:
    host = host.rstrip(".").lower()
    return any(host == domain or host.endswith("." + domain) for domain in GOVERNMENT_DOMAINS)


def official_domains(register: dict[str, Any]) -> set[str]:
    """The registrable domains that speak for the register: its own address and its authority's."""
    urls = [register.get("url"), register.get("search_url"), (register.get("authority") or {}).get("url")]
    return {registrable_domain(host) for url in urls if url and (host := host_of(url))}


def is_official(source_url: str, register: dict[str, Any]) -> bool:
    """True when the page at ``source_url`` is published by the register's keeper or a government."""
    host = host_of(source_url)
    if not host:
        return False
    return is_government_host(host) or registrable_domain(host) in official_domains(register)


@dataclass(frozen=True)
class Evidence:
    """One source that confirms a register key, and whether it is an official page."""

    url: str
    title: str
    official: bool


def confirming_sources(register: dict[str, Any], key: str = "url") -> list[Evidence]:
    """The sources that confirm ``key``, official pages first (file order otherwise)."""
    found = [
        Evidence(source["url"], source.get("title") or source["url"], is_official(source["url"], register))
        for source in register.get("sources") or []
        if key in (source.get("confirms") or [])
    ]
    return sorted(found, key=lambda evidence: not evidence.official)


def is_home_page(url: str) -> bool:
    """True when the address is a site's front page (no path beyond '/', no query)."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query
