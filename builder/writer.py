"""Pages written by a few threads while the next page renders.

On a slow or busy disk, creating a folder and a file per page blocks for about a millisecond, longer
than rendering the page: a build of 29,000 pages spent most of its time waiting in ``mkdir`` and
``open``. Those calls release the GIL, so four threads writing while the render loop goes on make the
waits overlap (three times faster on the build machine). ``flush`` waits for every write and raises
the first error, so a build never swaps in a half-written site.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

THREADS = 4
BATCH = 16  # pages handed to a thread at once: one wake-up (and GIL hand-over) per batch, not per page


def _write_batch(batch: list[tuple[Path, str]]) -> None:
    for path, text in batch:
        _write(path, text)


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


class Writer:
    def __init__(self, threads: int = THREADS) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._threads = threads
        self._pending: list[Future] = []
        self._batch: list[tuple[Path, str]] = []

    def write(self, path: Path, text: str) -> None:
        self._batch.append((path, text))
        if len(self._batch) >= BATCH:
            self._submit()

    def _submit(self) -> None:
        if not self._batch:
            return
        if self._pool is None:  # started lazily: in a render worker, after the fork
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="write")
        self._pending.append(self._pool.submit(_write_batch, self._batch))
        self._batch = []
        if len(self._pending) >= 64:
            self._collect(len(self._pending) // 2)

    def _collect(self, count: int) -> None:
        done, self._pending = self._pending[:count], self._pending[count:]
        for future in done:
            future.result()

    def flush(self) -> None:
        """Wait for every write; raises the first OSError."""
        try:
            self._submit()
            self._collect(len(self._pending))
        finally:
            self._pending = []

    def discard(self) -> None:
        """Wait for the writes without raising (a build that failed anyway: nothing left writing)."""
        self._batch = []
        for future in self._pending:
            future.exception()
        self._pending = []

    def _after_fork(self) -> None:
        self._pool = None  # the parent's threads do not exist in the child
        self._pending = []
        self._batch = []


WRITER = Writer()  # one per process; render.render_language flushes it before returning
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WRITER._after_fork)
