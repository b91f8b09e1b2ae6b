"""One problem found in the data, with the place a maintainer has to edit."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """An error tied to a file position; ``line``/``col`` are 1-based."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def format(self) -> str:
        """The compiler-style line that editors and terminals turn into a link."""
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.col}: error: {where}{self.message}"

    def github_annotation(self) -> str:
        """A GitHub Actions workflow command that annotates the pull request at the line."""
        text = (f"{self.field}: " if self.field else "") + self.message
        return f"::error file={_escape_property(self.path)},line={self.line},col={self.col}::{_escape_data(text)}"


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it is inside it, else as given."""
    path = Path(path)
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except ValueError:
        return str(path)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
