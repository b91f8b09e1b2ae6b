"""The address filter shared by the validator and the crawler, tested on strings only."""

from __future__ import annotations

import pytest

from registry.hosts import forbidden_address_reason, forbidden_host_reason, parse_ip, url_problem


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "link-local"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    parsed = parse_ip(address)
    assert parsed is not None
    assert forbidden_address_reason(parsed) == reason


@pytest.mark.parametrize("address", ["193.40.1.1", "2a00:1450:4001:80b::200e", "8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    parsed = parse_ip(address)
    assert parsed is not None
    assert forbidden_address_reason(parsed) is None


def test_allow_loopback_admits_only_loopback() -> None:
    for address in ("127.0.0.1", "127.0.0.99", "::1"):
        assert forbidden_address_reason(parse_ip(address), allow_loopback=True) is None  # type: ignore[arg-type]
    for address in ("10.0.0.1", "169.254.169.254", "0.0.0.0", "::"):
        assert forbidden_address_reason(parse_ip(address), allow_loopback=True) is not None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "host",
    ["localhost", "foo.localhost", "printer.local", "db.internal", "router.home.arpa", "x.invalid", "a.test", "web"],
)
def test_special_use_names_are_refused(host: str) -> None:
    assert forbidden_host_reason(host) is not None


@pytest.mark.parametrize(
    "host", ["www.kutseregister.ee", "WWW.ORDEM-MEDICOS.PT", "example.eu", "xn--e1afmkfd.xn--p1ai"]
)
def test_public_names_pass(host: str) -> None:
    assert forbidden_host_reason(host) is None


def test_zone_ids_and_brackets_are_understood() -> None:
    assert parse_ip("[fe80::1%eth0]") is not None
    assert url_problem("http://[fe80::1%25eth0]/") is not None


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("https://www.kutseregister.ee/", None),
        ("http://www.kutseregister.ee:8080/a?b=c#d", None),
        ("javascript:alert(1)", "must start with https://"),
        ("https://www.kutseregister.ee:99999/", "not a valid URL"),
        ("https:///path", "has no host name"),
    ],
)
def test_url_problem(url: str, fragment: str | None) -> None:
    problem = url_problem(url)
    if fragment is None:
        assert problem is None
    else:
        assert problem is not None and fragment in problem
