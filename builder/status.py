"""Reading the crawler's results (data/status/) for badges and the status page.

The crawler is a separate program that may be newer or older than the site, so this reader is
tolerant: unknown fields are ignored and missing ones take defaults. URLs are checked when they
are read: an entry whose ``url`` is not an absolute http(s) URL is dropped, and such a
``suggested_url`` becomes "", so no ``javascript:`` value ever reaches a page as a link. A file that is not JSON,
or not an object, is reported as a build error naming the file (never a traceback).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from builder.errors import BuildError

STATES = (
    "ok", "redirected", "moved", "content_missing", "not_found", "client_error", "redirect_loop",
    "dns_error", "server_error", "timeout", "connection_error", "auth_required", "blocked", "tls_error",
)  # fmt: skip
CLASSES = ("ok", "warning", "soft", "hard")
_DEFAULT_CLASS = {"ok": "ok", "redirected": "warning", "auth_required": "warning", "blocked": "warning",
                  "tls_error": "warning", "server_error": "soft", "timeout": "soft",
                  "connection_error": "soft"}  # fmt: skip

# Badge kinds (the template turns them into words in the page's language).
VERIFIED, BLOCKED, UNREACHABLE, UNCHECKED = "verified", "blocked", "unreachable", "unchecked"


@dataclass(frozen=True)
class HistoryPoint:
    at: str
    state: str
    detail: str = ""
    http_status: int | None = None

    @property
    def cls(self) -> str:
        return state_class(self.state)


@dataclass(frozen=True)
class UrlStatus:
    field: str
    url: str
    state: str
    cls: str
    detail: str = ""
    since: str = ""
    last_ok: str = ""
    failing_runs: int = 0
    stale: bool = False
    suggested_url: str = ""
    history: tuple[HistoryPoint, ...] = ()


@dataclass(frozen=True)
class RegisterStatus:
    register: str
    checked_at: str
    stale: bool
    urls: tuple[UrlStatus, ...] = ()

    @property
    def entry(self) -> UrlStatus | None:
        """The result for the register's entry page (field "url"), which the badge reports."""
        return next((u for u in self.urls if u.field == "url"), self.urls[0] if self.urls else None)

    @property
    def badge(self) -> tuple[str, str]:
        """(kind, ISO date) for the register page: verified / blocked / unreachable / unchecked."""
        entry = self.entry
        if entry is None:
            return UNCHECKED, ""
        if entry.state in ("ok", "redirected") and not entry.stale:
            return VERIFIED, entry.last_ok or self.checked_at
        if entry.state in ("blocked", "auth_required") and not entry.stale:
            return BLOCKED, self.checked_at
        return UNREACHABLE, entry.since or self.checked_at

    @property
    def failing(self) -> bool:
        return any(u.cls in ("soft", "hard") for u in self.urls)


@dataclass
class StatusData:
    """Everything under data/status/: per-register results and the last run's summary."""

    registers: dict[str, RegisterStatus] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def checked(self) -> bool:
        return bool(self.registers) or bool(self.summary)

    def badge(self, register_id: str) -> tuple[str, str]:
        status = self.registers.get(register_id)
        return status.badge if status else (UNCHECKED, "")


def state_class(state: str) -> str:
    if state == "ok":
        return "ok"
    if state in _DEFAULT_CLASS:
        return _DEFAULT_CLASS[state]
    return "hard" if state in STATES else "warning"


def load_status(status_dir: Path) -> StatusData:
    """Read every data/status/<cc>/<id>.json and summary.json; an absent folder means "not checked yet"."""
    data = StatusData()
    if not status_dir.is_dir():
        return data
    errors: list[str] = []
    summary_path = status_dir / "summary.json"
    if summary_path.exists():
        summary = _read_json(summary_path, errors)
        if summary is not None:
            data.summary = summary
    for path in sorted(status_dir.glob("*/*.json")):
        raw = _read_json(path, errors)
        if raw is None:
            continue
        try:
            status = _register_status(raw, path.stem)
        except (TypeError, ValueError, AttributeError) as exc:
            errors.append(f"{path}:1:1: error: not a crawler result this build understands ({exc})")
            continue
        data.registers[status.register] = status
    if errors:
        raise BuildError(*errors)
    return data


def _read_json(path: Path, errors: list[str]) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.append(f"{path}:{exc.lineno}:{exc.colno}: error: not valid JSON: {exc.msg}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(f"{path}:1:1: error: cannot read the crawler result: {exc}")
        return None
    if not isinstance(value, dict):
        errors.append(f"{path}:1:1: error: expected a JSON object, found {type(value).__name__}")
        return None
    return value


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


def http_url(value: Any) -> str:
    """``value`` when it is an absolute http(s) URL, else "": nothing else from a status file
    may become a link (``javascript:``, ``data:``, relative or malformed values are dropped)."""
    if not isinstance(value, str) or _UNSAFE.search(value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def _register_status(raw: dict[str, Any], stem: str) -> RegisterStatus:
    urls = []
    for item in raw.get("urls") or []:
        if not isinstance(item, dict):
            raise ValueError("each entry of 'urls' must be an object")
        if item.get("url") and not http_url(item.get("url")):
            continue  # not a URL the crawler could have checked: never shown, never a link
        state = _text(item.get("state")) or "connection_error"
        history = tuple(
            HistoryPoint(
                at=_text(h.get("at")),
                state=_text(h.get("state")) or "connection_error",
                detail=_text(h.get("detail")),
                http_status=h.get("http_status") if isinstance(h.get("http_status"), int) else None,
            )
            for h in (item.get("history") or [])[-12:]
            if isinstance(h, dict)
        )
        cls = _text(item.get("class"))
        urls.append(
            UrlStatus(
                field=_text(item.get("field")) or "url",
                url=http_url(item.get("url")),
                state=state,
                cls=cls if cls in CLASSES else state_class(state),
                detail=_text(item.get("detail")),
                since=_text(item.get("since")),
                last_ok=_text(item.get("last_ok")),
                failing_runs=int(item.get("failing_runs") or 0),
                stale=bool(item.get("stale")),
                suggested_url=http_url(item.get("suggested_url")),
                history=history,
            )
        )
    return RegisterStatus(
        register=_text(raw.get("register")) or stem,
        checked_at=_text(raw.get("checked_at")),
        stale=bool(raw.get("stale")) or any(u.stale for u in urls),
        urls=tuple(urls),
    )


def history_chart(history: tuple[HistoryPoint, ...], width: int = 12) -> list[dict[str, Any]]:
    """Cells for the inline SVG chart: one per run, oldest first, coloured by class."""
    return [
        {"x": index * width, "cls": point.cls, "state": point.state, "at": point.at[:10], "detail": point.detail}
        for index, point in enumerate(history)
    ]
