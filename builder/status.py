"""The crawler's results (data/status/) for badges and the status page: presentation only.

Reading, URL checks, the state table and the records are the contract in :mod:`registry.status`;
this module turns a malformed file into a build error naming the file (never a traceback) and
draws the history chart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.errors import BuildError
from registry.status import (
    BLOCKED,
    STATES,
    UNCHECKED,
    UNREACHABLE,
    VERIFIED,
    HistoryPoint,
    Snapshot,
    StatusFileError,
    http_url,
    read_folder,
)

__all__ = ["BLOCKED", "STATES", "UNCHECKED", "UNREACHABLE", "VERIFIED", "Snapshot", "history_chart", "http_url",
           "load_status"]  # fmt: skip


def load_status(status_dir: Path) -> Snapshot:
    """Every data/status/<cc>/<id>.json and summary.json; an absent folder means "not checked yet"."""
    try:
        return read_folder(status_dir)
    except StatusFileError as exc:
        raise BuildError(*exc.messages) from None


def history_chart(history: tuple[HistoryPoint, ...], width: int = 12) -> list[dict[str, Any]]:
    """Cells for the inline SVG chart: one per run, oldest first, coloured by class."""
    return [
        {"x": index * width, "cls": point.cls, "state": point.state, "at": point.at[:10], "detail": point.detail or ""}
        for index, point in enumerate(history)
    ]
