"""The crawler's 14 result states (docs/design.md, "Crawler states") and the class of each.

The only table in the project that maps a state to a class (tests/test_status_contract.py checks
that no other module makes one; :mod:`registry.status`, the rest of the contract, re-exports it):
the crawler classifies, keeps history and reports with it, the site draws badges and charts with
it, the GitHub automation judges pull requests with it. The
class decides what a state may cause: hard and soft states count towards staleness (at different
paces), warnings are only listed for a person, and ``ok`` resets every counter.

``dns_error`` is the one state whose class depends on its detail: ``nxdomain`` (the name does
not exist) is hard, the site's fault; any other DNS failure (``resolver``, ``timeout``, a
non-public address) is soft, possibly ours (docs/crawler.md). An **unknown state** (a newer
crawler's file read by an older site) is a *warning*: shown to a person, never counted as
working, never making anything stale or failing a pull request.
"""

from __future__ import annotations

from typing import Final

OK: Final = "ok"
REDIRECTED: Final = "redirected"
MOVED: Final = "moved"
CONTENT_MISSING: Final = "content_missing"
NOT_FOUND: Final = "not_found"
CLIENT_ERROR: Final = "client_error"
REDIRECT_LOOP: Final = "redirect_loop"
DNS_ERROR: Final = "dns_error"
SERVER_ERROR: Final = "server_error"
TIMEOUT: Final = "timeout"
CONNECTION_ERROR: Final = "connection_error"
AUTH_REQUIRED: Final = "auth_required"
BLOCKED: Final = "blocked"
TLS_ERROR: Final = "tls_error"

STATES: Final = (
    OK, REDIRECTED, MOVED, CONTENT_MISSING, NOT_FOUND, CLIENT_ERROR, REDIRECT_LOOP,
    DNS_ERROR, SERVER_ERROR, TIMEOUT, CONNECTION_ERROR, AUTH_REQUIRED, BLOCKED, TLS_ERROR,
)  # fmt: skip

CLASS_OK: Final = "ok"
CLASS_WARNING: Final = "warning"
CLASS_SOFT: Final = "soft"
CLASS_HARD: Final = "hard"
CLASSES: Final = (CLASS_OK, CLASS_WARNING, CLASS_SOFT, CLASS_HARD)
FAILING_CLASSES: Final = frozenset({CLASS_HARD, CLASS_SOFT})
UNKNOWN_STATE_CLASS: Final = CLASS_WARNING

NXDOMAIN: Final = "nxdomain"

# state → (class, what a person should do: the reports' "suggested fix").
TABLE: Final = {
    OK: (CLASS_OK, ""),
    REDIRECTED: (CLASS_WARNING, "update the URL to the suggested one"),
    MOVED: (CLASS_HARD, "check where the register went; update the URL if the new site is the register"),
    CONTENT_MISSING: (
        CLASS_HARD,
        "open the page: the register may have moved within the site; fix the URL or check.expect",
    ),
    NOT_FOUND: (CLASS_HARD, "find the register's new address on the authority's site"),
    CLIENT_ERROR: (CLASS_HARD, "open the URL in a browser; it may need updating"),
    REDIRECT_LOOP: (CLASS_HARD, "open the URL in a browser; report the loop to the authority if it persists"),
    DNS_ERROR: (CLASS_SOFT, "the host name does not resolve: find the register's new domain"),  # nxdomain: hard
    SERVER_ERROR: (CLASS_SOFT, "the site has server errors; wait for the next run"),
    TIMEOUT: (CLASS_SOFT, "the site does not answer in time; wait for the next run"),
    CONNECTION_ERROR: (CLASS_SOFT, "the site refuses or drops connections; wait for the next run"),
    AUTH_REQUIRED: (CLASS_WARNING, "the page asks for a login: is this the public entry page?"),
    BLOCKED: (CLASS_WARNING, "the site blocks automated checks; check it by hand, or set check: {skip: …}"),
    TLS_ERROR: (CLASS_WARNING, "the site's certificate is not valid; check by hand and tell the authority"),
}
UNKNOWN_STATE_ADVICE: Final = "a state this version does not know: open the URL and check by hand"

# The page was reached (``last_ok`` moves); the page could not be verified by a machine.
REACHED: Final = frozenset({OK, REDIRECTED})
UNVERIFIABLE: Final = frozenset({AUTH_REQUIRED, BLOCKED, TLS_ERROR})


def bare_detail(state: str, detail: str | None) -> str:
    """The detail without a leading ``state/`` (older files wrote ``blocked/waf`` as the detail)."""
    text = detail or ""
    return text.split("/", 1)[1] if text.startswith(f"{state}/") else text


def state_class(state: str, detail: str | None = None, *, degraded: bool = False) -> str:
    """``ok``, ``warning``, ``soft`` or ``hard`` for a state and its detail (unknown state: warning).

    ``degraded``: the result comes from a degraded run (the runner's resolver failed), where even
    ``nxdomain`` is no proof that a name is gone: soft (the pull-request check uses this).
    """
    if state == DNS_ERROR and bare_detail(state, detail) == NXDOMAIN and not degraded:
        return CLASS_HARD
    entry = TABLE.get(state)
    return entry[0] if entry else UNKNOWN_STATE_CLASS


def advice(state: str) -> str:
    """What a person should do about a URL in this state ("" for ``ok``)."""
    entry = TABLE.get(state)
    return entry[1] if entry else UNKNOWN_STATE_ADVICE


def is_known(state: str) -> bool:
    return state in TABLE


def label(state: str, detail: str | None) -> str:
    """``state/detail`` for people (just ``state`` without a detail)."""
    rest = bare_detail(state, detail)
    return f"{state}/{rest}" if rest else state
