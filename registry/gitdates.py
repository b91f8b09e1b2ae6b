"""When each data file last changed, from git: one `git log` for the whole folder."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

_DATE_MARK = "@@date "


def last_changed(folder: Path | str) -> dict[Path, dt.date]:
    """Resolved path → the commit date of the last commit that touched it, for files under ``folder``.

    Files git does not know (new, uncommitted) are absent; outside a repository, or without git,
    the answer is empty: callers show no date rather than a wrong one.
    """
    folder = Path(folder).resolve()
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True,
                             text=True, check=True).stdout.strip()  # fmt: skip
        log = subprocess.run(
            ["git", "log", "--format=%x00@@date %cs", "--name-only", "--no-renames", "-z", "--", "."],
            cwd=folder, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[Path, dt.date] = {}
    date: dt.date | None = None
    for token in log.split("\0"):
        token = token.strip("\n")
        if not token:
            continue
        if token.startswith(_DATE_MARK):
            date = dt.date.fromisoformat(token[len(_DATE_MARK) :])
        elif date is not None:
            dates.setdefault((Path(top) / token).resolve(), date)
    return dates
