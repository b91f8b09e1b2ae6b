"""The 14 result states of DESIGN.md ("Crawler states") and the class of each.

One table shared by the classifier, the history and the reports, so a state can never be
"hard" in one place and "soft" in another. The class decides what a state may cause: hard
and soft states count towards staleness (at different paces), warnings are only listed for a
person, and ``ok`` resets every counter.
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
FAILING_CLASSES: Final = frozenset({CLASS_HARD, CLASS_SOFT})

_CLASSES: Final = {
    OK: CLASS_OK,
    REDIRECTED: CLASS_WARNING,
    MOVED: CLASS_HARD,
    CONTENT_MISSING: CLASS_HARD,
    NOT_FOUND: CLASS_HARD,
    CLIENT_ERROR: CLASS_HARD,
    REDIRECT_LOOP: CLASS_HARD,
    SERVER_ERROR: CLASS_SOFT,
    TIMEOUT: CLASS_SOFT,
    CONNECTION_ERROR: CLASS_SOFT,
    AUTH_REQUIRED: CLASS_WARNING,
    BLOCKED: CLASS_WARNING,
    TLS_ERROR: CLASS_WARNING,
}

# dns_error is the one state whose class depends on its detail: a name that does not exist
# (NXDOMAIN) is the site's fault, a resolver that does not answer is ours.
NXDOMAIN: Final = "nxdomain"


def state_class(state: str, detail: str | None = None) -> str:
    """``ok``, ``warning``, ``soft`` or ``hard`` for a state (and its detail, for dns_error)."""
    if state == DNS_ERROR:
        return CLASS_HARD if detail == NXDOMAIN else CLASS_SOFT
    try:
        return _CLASSES[state]
    except KeyError:
        raise ValueError(f"unknown crawler state {state!r}") from None
