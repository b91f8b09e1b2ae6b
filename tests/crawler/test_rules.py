"""The crawler's rules as pure functions: no server, no network, no reactor running."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler import content
from crawler.classify import Hop, classify_response, is_https_upgrade, permanent_target
from crawler.middlewares import retry_after_seconds
from crawler.resolver import NameNotFound, is_special_use
from crawler.sites import registrable_domain, same_site
from crawler.tlsdiag import detail_for_code
from registry.hosts import forbidden_address_reason, parse_ip
from registry.status import states

PAGE = "<html><head><title>Kutseregister</title></head><body><h1>Kutseregister</h1></body></html>"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "link-local"),
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("172.16.0.1", "private"),
        ("0.0.0.0", "unspecified"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("240.0.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.216.34", None),
    ],
)
def test_address_filter(address: str, reason: str | None) -> None:
    assert forbidden_address_reason(parse_ip(address)) == reason


def test_allow_loopback_allows_only_loopback() -> None:
    assert forbidden_address_reason(parse_ip("127.0.0.2"), allow_loopback=True) is None
    assert forbidden_address_reason(parse_ip("::1"), allow_loopback=True) is None
    assert forbidden_address_reason(parse_ip("10.0.0.1"), allow_loopback=True) == "private"
    assert forbidden_address_reason(parse_ip("169.254.169.254"), allow_loopback=True) == "link-local"
    assert forbidden_address_reason(parse_ip("0.0.0.0"), allow_loopback=True) == "unspecified"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.kutseregister.ee/", "https://kutseregister.ee/otsing", True),
        ("http://kutseregister.ee/", "https://www.kutseregister.ee:8443/", True),
        ("https://www.kutseregister.ee/", "https://www.kutsekoda.ee/", False),
        ("https://a.example.gov.pt/", "https://b.example.gov.pt/", True),
        ("https://a.gov.pt/", "https://b.gov.pt/", False),  # gov.pt is a public suffix
        ("https://x.github.io/", "https://y.github.io/", False),  # a private suffix counts too
        ("http://127.0.0.2:8000/", "http://127.0.0.2:9000/", True),
        ("http://127.0.0.2/", "http://127.0.0.3/", False),  # an IP literal is its own site
    ],
)
def test_same_site(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same


def test_registrable_domain() -> None:
    assert registrable_domain("www.kutseregister.ee") == "kutseregister.ee"
    assert registrable_domain("WWW.Example.CO.UK.") == "example.co.uk"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


@pytest.mark.parametrize("name", ["registers.invalid", "x.test", "example", "a.example", "printer.local",
                                  "app.localhost", "router.home.arpa"])  # fmt: skip
def test_special_use_names_are_never_resolved(name: str) -> None:
    from crawler.resolver import LOOKUP_FAILURES, CheckingResolver

    assert is_special_use(name)
    resolver = CheckingResolver(reactor=None, timeout=1)
    failures: list[object] = []
    resolver.getHostByName(name).addErrback(failures.append)
    assert failures and failures[0].check(NameNotFound)  # failed at once: no thread, no query
    assert LOOKUP_FAILURES[name] == "nxdomain"


def test_public_names_and_localhost_are_not_special() -> None:
    assert not is_special_use("localhost")
    assert not is_special_use("www.kutseregister.ee")
    assert not is_special_use("testing.ee")


def test_retry_after() -> None:
    now = dt.datetime(2026, 11, 28, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds(b"30") == 30
    assert retry_after_seconds("Sat, 28 Nov 2026 12:01:00 GMT", now) == 60
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


@pytest.mark.parametrize(
    ("title", "sign"),
    [
        ("Seite nicht gefunden", "seite nicht gefunden"),
        ("Page introuvable – Registre", "page introuvable"),
        ("Página no encontrada", "pagina no encontrada"),
        ("Pagina non trovata", "pagina non trovata"),
        ("Nie znaleziono strony", "nie znaleziono strony"),
        ("Stránka nenalezena", "stranka nenalezena"),
        ("Sivua ei löytynyt", "sivua ei loytynyt"),
        ("Страницата не е намерена", "страницата не е намерена"),
        ("Η σελίδα δεν βρέθηκε", "η σελιδα δεν βρεθηκε"),
        ("Lapa nav atrasta", "lapa nav atrasta"),
        ("Síða fannst ekki", "sıða fannst ekki".replace("ı", "i")),
        ("Error 404 | Ministry", "404"),
    ],
)
def test_soft_404_titles(title: str, sign: str) -> None:
    assert content.soft_404_sign(f"<html><head><title>{title}</title></head><body></body></html>") == sign


def test_every_site_language_has_soft_404_phrases() -> None:
    from registry.languages import SITE_LANGUAGES

    assert set(content.SOFT_404_PHRASES) == set(SITE_LANGUAGES)


def test_soft_404_only_in_title_and_heading() -> None:
    body = "<html><head><title>Kutseregister</title></head><body><p>No results: not found.</p></body></html>"
    assert content.soft_404_sign(body) is None
    assert content.soft_404_sign("<title>Regulation 404/2012 register</title>") is None


def test_parked_and_challenge_pages() -> None:
    assert content.parked_sign("<p>This domain is for sale!</p>") == "this domain is for sale"
    assert content.parked_sign("<p>Diese Domain steht zum Verkauf</p>")
    assert content.parked_sign(PAGE) is None
    assert content.challenge_kind({"cf-mitigated": "challenge"}, "") == "challenge"
    assert content.challenge_kind({}, "<title>Just a moment...</title>") == "challenge"
    assert content.challenge_kind({}, "Incapsula incident ID: 123") == "waf"
    assert content.challenge_kind({}, PAGE) is None


REGISTER_TEXT = "<p>" + "Search the register of licensed professionals by name or number. " * 20 + "</p>"


@pytest.mark.parametrize(
    "marker",
    [
        '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>',  # Cloudflare JS detections
        '<script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3"></script>',  # Imperva
        '<script src="https://abc.token.awswaf.com/abc/challenge.js"></script>',  # AWS WAF integration
        '<script src="https://js.captcha-delivery.com/x.js"></script>',  # DataDome
        "<label>Verify you are human</label><div class='cf-turnstile'></div>",  # a CAPTCHA on the search form
        "<footer>Protected by Sucuri Website Firewall</footer>",
    ],
)
def test_protected_sites_normal_pages_are_not_challenges(marker: str) -> None:
    """Markers that protected sites carry on every page: a full 200 page is the register, not a block."""
    page = f"<html><head><title>Register</title></head><body><h1>Register</h1>{REGISTER_TEXT}{marker}</body></html>"
    assert content.challenge_kind({}, page, 200) is None
    url = "https://www.kutseregister.ee/"
    assert classify_response(url, url, 200, {}, page, []).state == "ok"
    # … but the same marker on a near-empty page, or with an error status, is the interstitial.
    bare = f"<html><head><title>One moment</title></head><body>{marker}</body></html>"
    assert content.challenge_kind({}, bare, 200) in ("challenge", "waf")
    assert content.challenge_kind({}, page, 403) in ("challenge", "waf")


def test_visible_text_leaves_out_scripts_and_styles() -> None:
    page = "<style>p{}</style><p>Kutse<b>register</b></p><script>var x = 'hidden';</script>"
    assert content.visible_text(page) == "kutse register"


def test_expected_text_ignores_case_accents_markup_and_spacing() -> None:
    page = "<p>Kutse&shy;register</p><p>Eesti   <b>Kutseregister</b> &amp; Co</p>"
    assert content.contains_expected(page, "eesti kutseregister")
    assert content.contains_expected("<p>Fédération</p>", "Fédération")
    assert not content.contains_expected(page, "Äriregister")


@pytest.mark.parametrize(
    ("original", "final", "fallback"),
    [
        ("https://x.ee/register/search", "https://x.ee/", True),
        ("https://x.ee/register/search", "https://x.ee/et/", True),
        ("https://x.ee/register/search", "https://x.ee/index.php", True),
        ("https://x.ee/register", "https://x.ee/register/new", False),
        ("https://x.ee/", "https://x.ee/en/", False),  # not deep to begin with
        ("https://x.ee/ok", "https://x.ee/ok/", False),
    ],
)
def test_home_page_fallback(original: str, final: str, fallback: bool) -> None:
    assert content.is_home_fallback(original, final) is fallback


def test_permanent_target_follows_only_the_leading_permanent_redirects() -> None:
    a, b, c = "https://x.ee/a", "https://x.ee/b", "https://x.ee/c"
    assert permanent_target(a, [Hop(a, 301), Hop(b, 308)], c) == c
    assert permanent_target(a, [Hop(a, 301), Hop(b, 302)], c) == b
    assert permanent_target(a, [Hop(a, 302), Hop(b, 301)], c) is None
    assert permanent_target("http://x.ee/a", [Hop("http://x.ee/a", 302)], "https://x.ee/a") == "https://x.ee/a"
    assert is_https_upgrade("http://x.ee/a?q=1", "https://x.ee/a?q=1")
    assert not is_https_upgrade("http://x.ee/a", "https://www.x.ee/a")


def test_classification_order() -> None:
    def state(status: int, page: str = PAGE, hops: list[Hop] | None = None, final: str = "https://x.ee/r",
              headers: dict[str, str] | None = None, expect: str | None = None) -> tuple[str, str | None]:  # fmt: skip
        outcome = classify_response("https://x.ee/r", final, status, headers or {}, page, hops or [], expect)
        return outcome.state, outcome.detail

    assert state(200) == ("ok", None)
    assert state(503, "<title>Just a moment...</title>") == ("blocked", "challenge")
    assert state(200, final="https://other.ee/r", hops=[Hop("https://x.ee/r", 301)]) == ("moved", "other_domain")
    assert state(404, final="https://other.ee/r", hops=[Hop("https://x.ee/r", 301)]) == ("moved", "other_domain")
    assert state(401) == ("auth_required", None)
    assert state(407) == ("client_error", "status_407")
    assert state(410) == ("not_found", "gone")
    assert state(502) == ("server_error", "status_502")
    assert state(200, expect="Äriregister") == ("content_missing", "expect_missing")
    assert state(200, hops=[Hop("https://x.ee/r", 301)], final="https://x.ee/s") == ("redirected", "permanent")


def test_state_classes_follow_the_design() -> None:
    assert states.state_class("dns_error", "nxdomain") == "hard"
    assert states.state_class("dns_error", "resolver") == "soft"
    assert {states.state_class(s) for s in ("moved", "content_missing", "not_found", "client_error",
                                            "redirect_loop")} == {"hard"}  # fmt: skip
    assert {states.state_class(s) for s in ("server_error", "timeout", "connection_error")} == {"soft"}
    assert {states.state_class(s) for s in ("redirected", "auth_required", "blocked", "tls_error")} == {"warning"}
    assert states.state_class("dns_error", "timeout") == "soft"
    assert states.state_class("dns_error", "dns_error/nxdomain") == "hard"  # a detail written with its state
    assert states.state_class("gone") == "warning"  # an unknown state: one behaviour everywhere (the contract)


def test_tls_codes() -> None:
    assert [detail_for_code(c) for c in (10, 18, 19, 20, 21, 62, 64, 9, 99)] == [
        "expired", "self_signed", "self_signed", "incomplete_chain", "incomplete_chain", "wrong_host", "wrong_host",
        "not_yet_valid", "untrusted",
    ]  # fmt: skip
