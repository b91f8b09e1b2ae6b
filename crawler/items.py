"""The item the spider yields: one checked URL and its verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CheckResult:
    """What happened to one distinct URL (several register fields may share it)."""

    key: str  # Check.key: the URL and, for entry pages, the expected text
    url: str
    state: str
    detail: str | None
    message: str
    http_status: int | None = None
    final_url: str | None = None
    redirects: list[dict[str, Any]] = field(default_factory=list)
    suggested_url: str | None = None
    elapsed_ms: int = 0
    attempts: int = 1
