"""What a long build is doing, as it happens.

Each stage prints one line when it ends, with its counts and time (``render: 6,320 pages in 26
languages, 5.1 s``): that is what a CI log shows. On a terminal, a live line above it says how
far the running stage is (``render: 12/26 languages, 2,940 pages…``) and is replaced by the
stage's line when it ends. ``--quiet`` prints nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, *, live: bool | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stdout
        self.quiet = quiet
        if live is None:
            live = self.stream.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")
        self.live = live and not quiet
        self._name = ""
        self._started = time.perf_counter()
        self._shown = 0  # length of the live line on screen

    def start(self, name: str, detail: str = "") -> None:
        self._name = name
        self._started = time.perf_counter()
        if self.live:
            self._show(f"{name}{': ' + detail if detail else ''}…")

    def update(self, detail: str) -> None:
        if self.live:
            self._show(f"{self._name}: {detail}…")

    def done(self, summary: str = "") -> float:
        """End the running stage: one line with ``summary`` and its time; returns the seconds."""
        elapsed = time.perf_counter() - self._started
        if not self.quiet:
            self._clear()
            parts = [summary] if summary else []
            parts.append(f"{elapsed:.1f} s")
            print(f"{self._name}: {', '.join(parts)}", file=self.stream, flush=True)
        return elapsed

    def note(self, line: str) -> None:
        if not self.quiet:
            self._clear()
            print(line, file=self.stream, flush=True)

    def _show(self, text: str) -> None:
        width = 100
        text = text[:width]
        self.stream.write("\r" + text + " " * max(0, self._shown - len(text)))
        self.stream.flush()
        self._shown = len(text)

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self._shown = 0


QUIET = Progress(quiet=True)


def number(count: int) -> str:
    return f"{count:,}"
