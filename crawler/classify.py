"""Turn what the downloader saw (a final response, or a failure) into one of the 14 states.

The rules are docs/design.md's table, applied in a fixed order so every case has exactly one
answer: a bot challenge is ``blocked`` before anything else (a challenge page often sits on a
foreign domain or answers 503); a page on another registrable domain is ``moved``; then the
status code; then, for 2xx, what the page says (parked, soft 404, home-page fallback, missing
``check.expect``); and last the redirect chain (permanent on the same site → ``redirected``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from crawler import content
from crawler.sites import canonical_url, host_of, same_site, same_url
from registry.status import states

META_REFRESH = "meta_refresh"
PERMANENT_CODES = frozenset({301, 308})


@dataclass(frozen=True)
class Hop:
    """One redirect: the URL that answered with it, and its status (or ``meta_refresh``)."""

    url: str
    status: int | str

    def as_json(self) -> dict[str, int | str]:
        return {"url": self.url, "status": self.status}


@dataclass(frozen=True)
class Outcome:
    """The verdict for one URL."""

    state: str
    detail: str | None
    message: str
    http_status: int | None = None
    final_url: str | None = None
    suggested_url: str | None = None
    diagnose_tls: bool = False  # the certificate was refused; ask tlsdiag for the reason


def is_https_upgrade(source: str, target: str) -> bool:
    """http://host/path → https://host/path: always worth recording as the new URL."""
    a, b = urlsplit(source), urlsplit(target)
    return (
        a.scheme == "http"
        and b.scheme == "https"
        and host_of(source) == host_of(target)
        and (a.path or "/") == (b.path or "/")
        and a.query == b.query
    )


def permanent_target(url: str, hops: Sequence[Hop], final_url: str) -> str | None:
    """The URL reached by the leading run of permanent redirects (None when the first is temporary).

    ``A -301-> B -302-> C`` suggests B: C is only where B sends people today.
    """
    if not hops:
        return None
    targets = [hop.url for hop in hops[1:]] + [final_url]
    suggested = None
    for hop, target in zip(hops, targets, strict=True):
        if hop.status in PERMANENT_CODES or is_https_upgrade(hop.url, target):
            suggested = target
        else:
            break
    return suggested if suggested and not same_url(suggested, url) else None


def _status_text(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _via(hops: Sequence[Hop]) -> str:
    kinds = ["meta refresh" if hop.status == META_REFRESH else str(hop.status) for hop in hops]
    return f" (via {', '.join(kinds)})" if kinds else ""


def classify_response(
    url: str,
    final_url: str,
    status: int,
    headers: Mapping[str, str],
    page: str,
    hops: Sequence[Hop],
    expect: str | None = None,
) -> Outcome:
    """The state of a URL whose chain ended in an HTTP answer (``headers`` keys lower case)."""

    def outcome(state: str, detail: str | None, message: str, suggested: str | None = None) -> Outcome:
        return Outcome(state, detail, message, status, final_url, suggested)

    challenge = content.challenge_kind(headers, page, status) if status != 404 else None
    if challenge:
        return outcome(states.BLOCKED, challenge, f"{_status_text(status)}: a bot-protection {challenge} page answered")
    ok_status = 200 <= status < 300
    if ok_status and (sign := content.parked_sign(page)):
        return outcome(states.CONTENT_MISSING, "parked", f"the domain is parked ('{sign}')")
    if not same_site(url, final_url):
        via_meta = any(hop.status == META_REFRESH for hop in hops)
        detail = "meta_refresh" if via_meta else "other_domain"
        return outcome(
            states.MOVED,
            detail,
            f"ended on another site: {final_url}{_via(hops)}, {_status_text(status)}",
            final_url if ok_status else None,
        )
    if status == 401:
        return outcome(states.AUTH_REQUIRED, None, f"{_status_text(status)}: the page asks for a login")
    if status == 403:
        return outcome(states.BLOCKED, "forbidden", f"{_status_text(status)}: the site refuses the checker")
    if status == 999:
        return outcome(states.BLOCKED, "status_999", "HTTP 999: the site's bot filter refused the checker")
    if status == 429:
        return outcome(states.BLOCKED, "rate_limited", f"{_status_text(status)}, still after honouring Retry-After")
    if status in (404, 410):
        return outcome(states.NOT_FOUND, "gone" if status == 410 else None, _status_text(status))
    if 400 <= status < 500:
        return outcome(states.CLIENT_ERROR, f"status_{status}", _status_text(status))
    if 300 <= status < 400:
        return outcome(states.SERVER_ERROR, "bad_redirect", f"{_status_text(status)} without a usable Location")
    if not ok_status:
        return outcome(states.SERVER_ERROR, f"status_{status}", f"{_status_text(status)}, after retries")
    if sign := content.soft_404_sign(page):
        return outcome(states.CONTENT_MISSING, "soft404", f"the page says it is not found ('{sign}')")
    if hops and content.is_home_fallback(url, final_url):
        return outcome(states.CONTENT_MISSING, "home_fallback", f"the deep URL fell back to the home page {final_url}")
    if expect is not None and not content.contains_expected(page, expect):
        return outcome(states.CONTENT_MISSING, "expect_missing", f"the expected text '{expect}' is not on the page")
    suggested = permanent_target(url, hops, final_url)
    if suggested:
        return outcome(
            states.REDIRECTED, "permanent", f"permanently redirected{_via(hops)}: use {suggested}", suggested
        )
    message = f"{_status_text(status)}{_via(hops)}" if hops else _status_text(status)
    return outcome(states.OK, None, message)


def classify_failure(exc: BaseException, url: str, target: str, hops: Sequence[Hop]) -> Outcome:
    """The state of a URL whose chain ended without an answer (``target``: the URL being fetched)."""
    from crawler.exceptions import RedirectCycle, RefusedAddress

    if isinstance(exc, RefusedAddress):
        if not hops:
            return Outcome(states.DNS_ERROR, f"{exc.reason.replace('-', '_')}_address",
                           f"the host resolves to a {exc.reason} address ({exc.address}); not requested",
                           final_url=target)  # fmt: skip
        return Outcome(
            states.MOVED,
            f"{exc.reason.replace('-', '_')}_address",
            f"redirect to {target} refused: {exc.address} is a {exc.reason} address",
            final_url=target,
        )
    if isinstance(exc, RedirectCycle):
        message = f"redirect cycle back to {canonical_url(exc.url)}{_via(hops)}"
        return Outcome(states.REDIRECT_LOOP, "cycle", message, final_url=target)
    from scrapy.exceptions import IgnoreRequest

    if isinstance(exc, IgnoreRequest) and "max redirections" in str(exc):
        return Outcome(states.REDIRECT_LOOP, "too_many", f"more than {len(hops)} redirects", final_url=target)
    return _network_failure(exc, target)


def causes(exc: BaseException) -> list[BaseException]:
    """The exception, what it wraps (Scrapy wraps Twisted's errors), and the reasons of Twisted's
    ResponseFailed/ResponseNeverReceived (one per connection attempt)."""
    found: list[BaseException] = []
    pending = [exc]
    while pending:
        error = pending.pop(0)
        if error in found:
            continue
        found.append(error)
        if error.__cause__ is not None:
            pending.append(error.__cause__)
        for reason in getattr(error, "reasons", None) or []:
            value = getattr(reason, "value", reason)
            if isinstance(value, BaseException):
                pending.append(value)
    return found


def _network_failure(exc: BaseException, target: str) -> Outcome:
    from OpenSSL import SSL
    from scrapy import exceptions as sx
    from twisted.internet import defer
    from twisted.internet import error as terror

    from crawler import resolver

    found = causes(exc)
    timeouts = (sx.DownloadTimeoutError, terror.TimeoutError, defer.TimeoutError, terror.TCPTimedOutError)

    def fail(state: str, detail: str | None, message: str) -> Outcome:
        return Outcome(state, detail, message, final_url=target)

    for error in found:
        if isinstance(error, (terror.DNSLookupError, sx.CannotResolveHostError)):
            host = host_of(target)
            kind = resolver.LOOKUP_FAILURES.get(host)
            if kind is None:
                kind = resolver.NXDOMAIN if isinstance(error, resolver.NameNotFound) else resolver.RESOLVER_FAILURE
            if kind == resolver.NXDOMAIN:
                return fail(states.DNS_ERROR, states.NXDOMAIN, f"{host}: the host name does not exist")
            return fail(states.DNS_ERROR, "resolver", f"{host}: the name could not be resolved (resolver failure)")
        if isinstance(error, timeouts):
            return fail(states.TIMEOUT, None, "no answer within the timeout, after retries")
        if type(error).__name__ == "VerificationError":  # service_identity: the certificate names another host
            return fail(states.TLS_ERROR, "wrong_host", f"the certificate is for another host ({error})")
        if isinstance(error, SSL.Error):
            if "certificate verify failed" in str(error):
                return Outcome(states.TLS_ERROR, "untrusted", "certificate verification failed",
                               final_url=target, diagnose_tls=True)  # fmt: skip
            return fail(states.TLS_ERROR, "handshake", f"TLS handshake failed: {_ssl_reason(error)}")
    for error in found:
        if isinstance(error, (sx.DownloadConnectionRefusedError, terror.ConnectionRefusedError)):
            return fail(states.CONNECTION_ERROR, "refused", "connection refused")
        if isinstance(error, terror.NoRouteError):
            return fail(states.CONNECTION_ERROR, "unreachable", "no route to the host")
        if isinstance(error, (terror.ConnectionLost, terror.ConnectionDone, sx.ResponseDataLossError)):
            return fail(states.CONNECTION_ERROR, "reset", "the connection was closed before a complete answer")
        if isinstance(error, terror.ConnectError):
            return fail(states.CONNECTION_ERROR, "connect_failed", f"could not connect: {error}")
    return fail(states.CONNECTION_ERROR, "other", f"{type(found[-1]).__name__}: {found[-1]}")


def _ssl_reason(error: BaseException) -> str:
    args = getattr(error, "args", ())
    try:
        return "; ".join(str(entry[2]) for entry in args[0]) or str(error)
    except (IndexError, TypeError):
        return str(error)
