"""Progress on stderr: a one-line bar on an interactive terminal, plain log lines otherwise.

CI logs are files, where a redrawn bar becomes thousands of lines of escape codes; a person at
a terminal wants to see the run move. Results that are not ``ok`` are always printed as lines.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from crawler.items import CheckResult
from registry.status import states

_WIDTH = 30


class Progress:
    """Call :meth:`result` for each result and :meth:`done` at the end."""

    def __init__(self, total: int, stream: TextIO | None = None, interactive: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.count = 0
        self.failing = 0
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self._drawn = 0.0

    def _line(self, text: str) -> None:
        if self.interactive:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self._draw(force=True)

    def result(self, result: CheckResult, number: int) -> None:
        if number == 1:
            self.count += 1
        cls = states.state_class(result.state, result.detail)
        failing = cls in states.FAILING_CLASSES
        self.failing += failing and number == 1
        label = f"{result.state}/{result.detail}" if result.detail else result.state
        if not self.interactive or cls != states.CLASS_OK:
            prefix = f"[{self.count}/{self.total}]" if number == 1 else "[recheck]"
            self._line(f"{prefix} {label:<32} {result.url} ({result.elapsed_ms} ms)")
        else:
            self._draw()

    def note(self, text: str) -> None:
        self._line(text)

    def _draw(self, force: bool = False) -> None:
        if not self.interactive or not self.total:
            return
        now = time.monotonic()
        if not force and now - self._drawn < 0.1 and self.count < self.total:
            return
        self._drawn = now
        filled = int(_WIDTH * self.count / self.total)
        bar = "#" * filled + "." * (_WIDTH - filled)
        self.stream.write(f"\r\033[K[{bar}] {self.count}/{self.total} · failing {self.failing}")
        self.stream.flush()

    def done(self) -> None:
        if self.interactive:
            self.stream.write("\r\033[K")
            self.stream.flush()
