"""Read the crawler's output files: ``data/status/`` and the optional ``--json`` report.

These files are the crawler's public contract (issue 4); reading them instead of importing
crawler internals keeps the issue sync working whatever the crawler does inside. Unknown
keys are ignored and missing optional ones get defaults, so a crawler that adds a field
does not break the sync; a file that is not JSON at all is a tool failure and is reported.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.yamlsafe import YamlError, parse

# DESIGN.md, "Crawler states": the class of each state (dns_error depends on its detail).
HARD_STATES = frozenset({"moved", "content_missing", "not_found", "client_error", "redirect_loop"})
SOFT_STATES = frozenset({"server_error", "timeout", "connection_error"})
WARNING_STATES = frozenset({"redirected", "auth_required", "blocked", "tls_error"})
UNVERIFIABLE_STATES = frozenset({"auth_required", "blocked", "tls_error"})


class StatusError(Exception):
    """The crawler's files are missing or unreadable: the tool failed, not a register."""


def state_class(state: str, detail: str | None = None) -> str:
    """ok, warning, soft or hard, as in DESIGN.md's table."""
    if state == "dns_error":
        return "hard" if (detail or "").endswith("nxdomain") else "soft"
    if state in HARD_STATES:
        return "hard"
    if state in SOFT_STATES:
        return "soft"
    if state in WARNING_STATES:
        return "warning"
    return "ok"


@dataclass
class UrlStatus:
    """One checked URL of a register, as the status file records it."""

    field: str
    url: str
    state: str
    detail: str | None = None
    cls: str = "ok"
    since: str | None = None
    last_ok: str | None = None
    failing_runs: int = 0
    stale: bool = False
    suggested_url: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> UrlStatus:
        state = str(raw.get("state") or "ok")
        detail = raw.get("detail")
        return cls(
            field=str(raw.get("field") or "url"),
            url=str(raw.get("url") or ""),
            state=state,
            detail=str(detail) if detail else None,
            cls=str(raw.get("class") or state_class(state, detail)),
            since=raw.get("since"),
            last_ok=raw.get("last_ok"),
            failing_runs=int(raw.get("failing_runs") or 0),
            stale=bool(raw.get("stale")),
            suggested_url=raw.get("suggested_url"),
            history=[h for h in raw.get("history") or [] if isinstance(h, dict)],
        )

    @property
    def failing(self) -> bool:
        return self.cls in ("hard", "soft")

    @property
    def label(self) -> str:
        """``state/detail`` for people (the crawler may give the detail with or without the state)."""
        if not self.detail:
            return self.state
        return self.detail if "/" in self.detail else f"{self.state}/{self.detail}"


@dataclass
class RegisterStatus:
    """``data/status/<cc>/<id>.json``."""

    register: str
    country: str
    checked_at: str | None
    stale: bool
    urls: list[UrlStatus]

    @property
    def key(self) -> str:
        """The issue marker's key: ``ee/ee-kutseregister``."""
        return f"{self.country}/{self.register}"

    @property
    def stale_urls(self) -> list[UrlStatus]:
        return [u for u in self.urls if u.stale] or ([u for u in self.urls if u.failing] if self.stale else [])

    @property
    def since(self) -> str | None:
        """When the oldest stale URL started failing."""
        dates = sorted(u.since for u in self.stale_urls if u.since)
        return dates[0] if dates else None


@dataclass
class Snapshot:
    """Everything one crawler run left behind."""

    registers: dict[str, RegisterStatus]
    summary: dict[str, Any]
    report: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @property
    def degraded(self) -> bool:
        return bool(self.summary.get("degraded"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StatusError(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StatusError(f"{path} is not a readable JSON file: {exc}") from None


def load_snapshot(status_dir: Path, report_path: Path | None = None) -> Snapshot:
    """Read the status folder (and the JSON report when given); StatusError when unusable."""
    if not status_dir.is_dir():
        raise StatusError(f"the status folder {status_dir} does not exist (did the crawler run with --status?)")
    registers: dict[str, RegisterStatus] = {}
    for path in sorted(status_dir.glob("*/*.json")):
        raw = _read_json(path)
        if not isinstance(raw, dict):
            raise StatusError(f"{path}: expected a JSON object")
        register_id = str(raw.get("register") or path.stem)
        country = path.parent.name.lower()
        registers[register_id] = RegisterStatus(
            register=register_id,
            country=country,
            checked_at=raw.get("checked_at"),
            stale=bool(raw.get("stale")),
            urls=[UrlStatus.from_json(u) for u in raw.get("urls") or [] if isinstance(u, dict)],
        )
    summary_path = status_dir / "summary.json"
    summary = _read_json(summary_path) if summary_path.exists() else {}
    if not isinstance(summary, dict):
        raise StatusError(f"{summary_path}: expected a JSON object")
    snapshot = Snapshot(registers=registers, summary=summary)
    if report_path is not None:
        report = _read_json(report_path)
        if not isinstance(report, dict) or not isinstance(report.get("results", []), list):
            raise StatusError(f"{report_path}: expected the crawler's JSON report ({{'results': [...]}})")
        for result in report.get("results", []):
            if isinstance(result, dict):
                snapshot.report[(str(result.get("register")), str(result.get("url")))] = result
        if "degraded" not in summary and "degraded" in report:
            summary["degraded"] = report["degraded"]
    return snapshot


def field_path(field_name: str) -> tuple[str | int, ...]:
    """``language_urls.en`` (or ``language_urls/en``, ``sources[0].url``) → a position path."""
    parts: list[str | int] = []
    for part in re.split(r"[./]", field_name):
        match = re.fullmatch(r"([^\[]*)((?:\[\d+\])*)", part)
        if not match:
            parts.append(part)
            continue
        if match.group(1):
            parts.append(match.group(1))
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", match.group(2)))
    return tuple(parts)


def line_of(data_dir: Path, register: RegisterStatus, url: UrlStatus, snapshot: Snapshot) -> int | None:
    """The line of a URL in its register file: from the report, else from the file itself."""
    result = snapshot.report.get((register.register, url.url))
    if result and isinstance(result.get("line"), int):
        return result["line"]
    path = data_dir / "registers" / register.country / f"{register.register}.yml"
    try:
        document = parse(path.read_bytes())
    except (OSError, YamlError):
        return None
    where = field_path(url.field)
    position = document.value_positions.get(where) or document.key_positions.get(where)
    return position[0] if position else None  # never a parent's line: that would point at the wrong place
