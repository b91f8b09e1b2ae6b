"""Read the crawler's output files (``data/status/`` and the optional ``--json`` report) for the
issue sync, through the contract in :mod:`registry.status` (records, state classes, reading).

What is left here is the automation's own concern: a missing or unreadable file is a tool
failure (:class:`StatusError`), and a URL's line in its register file.
"""

from __future__ import annotations

import re
from pathlib import Path

from registry.status import RegisterStatus, Snapshot, StatusFileError, UrlStatus, read_folder
from registry.yamlsafe import YamlError, parse


class StatusError(Exception):
    """The crawler's files are missing or unreadable: the tool failed, not a register."""


def load_snapshot(status_dir: Path, report_path: Path | None = None) -> Snapshot:
    """Read the status folder (and the JSON report when given); StatusError when unusable."""
    if not status_dir.is_dir():
        raise StatusError(f"the status folder {status_dir} does not exist (did the crawler run with --status?)")
    if report_path is not None and not report_path.exists():
        raise StatusError(f"{report_path} does not exist")
    try:
        return read_folder(status_dir, report_path)
    except StatusFileError as exc:
        raise StatusError(str(exc)) from None


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
    if result and result.line is not None:
        return result.line
    path = data_dir / "registers" / register.country / f"{register.register}.yml"
    try:
        document = parse(path.read_bytes())
    except (OSError, YamlError):
        return None
    where = field_path(url.field)
    position = document.value_positions.get(where) or document.key_positions.get(where)
    return position[0] if position else None  # never a parent's line: that would point at the wrong place
