"""The one exception a build stage raises for a problem the user has to fix."""

from __future__ import annotations


class BuildError(Exception):
    """A problem with the input (status files, templates, Pagefind) reported as plain lines.

    The CLI prints ``lines`` and exits 1; nothing is written to the output folder.
    """

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)
