"""Which hosts and addresses a register URL (or a redirect) may point at.

Shared by the validator (URLs in the data) and the crawler (redirect targets), so the
two can never disagree about what is "public".
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# Names that never denote a public host (RFC 6761, RFC 6762, RFC 8375, ICANN .internal).
SPECIAL_USE_SUFFIXES = (
    "localhost",
    "local",
    "internal",
    "home.arpa",
    "lan",
    "localdomain",
    "invalid",
    "test",
    "example",
    "onion",
    "alt",
)

_WHITE_SPACE = re.compile(r"\s")  # the same characters as str.isspace()

LOOPBACK_NETWORKS = (ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128"))


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address if ``host`` is an IP literal (brackets and zone ids tolerated), else None."""
    host = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_allowed_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for 127.0.0.0/8 and ::1: the only addresses tests may use."""
    return any(address in net for net in LOOPBACK_NETWORKS if net.version == address.version)


def forbidden_address_reason(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_loopback: bool = False
) -> str | None:
    """Why an address is not a public internet address, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return forbidden_address_reason(address.ipv4_mapped, allow_loopback=allow_loopback)
    if allow_loopback and is_allowed_loopback(address):
        return None
    checks = (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    if not address.is_global:
        return "reserved"
    return None


def forbidden_host_reason(host: str, *, allow_loopback: bool = False) -> str | None:
    """Why a URL host must not appear in register data, or None when it is a public name.

    IP literals are refused outright (a register is published under a name), except
    loopback literals when ``allow_loopback`` is set for tests.
    """
    host = host.lower().rstrip(".")
    if not host:
        return "the URL has no host name"
    address = parse_ip(host)
    if address is not None:
        if allow_loopback and is_allowed_loopback(address):
            return None
        reason = forbidden_address_reason(address)
        kind = f"a {reason} address" if reason else "an IP address"
        return f"the host is {kind}; use the register's public host name"
    labels = host.split(".")
    if len(labels) < 2:
        return "the host name has no domain (a public host name such as www.example.eu is expected)"
    for suffix in SPECIAL_USE_SUFFIXES:
        if host == suffix or host.endswith("." + suffix):
            return f"'.{suffix}' names are not public host names"
    if any(not label or len(label) > 63 for label in labels):
        return "the host name has an empty or overlong label"
    return None


def url_problem(url: str, *, allow_loopback: bool = False) -> str | None:
    """What is wrong with a register URL, or None when it is an absolute public http(s) URL."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return f"'{url}' is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"'{url}' must start with https:// or http://"
    if _WHITE_SPACE.search(url):
        return f"'{url}' contains white space; encode it as %20"
    if parts.username or parts.password:
        return f"'{url}' must not contain a user name or password"
    reason = forbidden_host_reason(host, allow_loopback=allow_loopback)
    return f"'{url}': {reason}" if reason else None
