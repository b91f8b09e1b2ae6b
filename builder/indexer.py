"""Pagefind, fed as pages render, without search documents in the output folder.

The render worker used to write a lean copy of every register page into ``.search-documents/``
inside the staging folder (one folder and one file per page), run the Pagefind binary over that
tree, and remove it: on this disk, creating and deleting 26,000 folders and files cost more than
indexing them. Now each language's documents go either

- into a scratch folder in memory (``/dev/shm``; else the system's temporary folder), written by
  the page writer's threads, then the Pagefind binary over it (:class:`FileLanguageIndex`, the
  build's default: Pagefind's command line reads files on several threads and used a fifth less
  CPU than its service), or
- to ``pagefind --service`` (:class:`PagefindService`, :class:`LanguageIndex`; the protocol of
  its Python and Node APIs: base64 JSON messages separated by commas), which ``serve`` uses to
  re-index a language in the background; ``ORD_PAGEFIND=service`` makes the build use it too.

Pagefind's own Python API polls for each answer every 100 ms; this client writes requests from
a thread and reads answers in another, so nothing waits.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

from builder.errors import BuildError
from builder.search_index import bundle_dir, pagefind_executable, prune_bundle


class PagefindService:
    """One ``pagefind --service`` process; several indexes (one per language) can live in it."""

    def __init__(self, nice: bool = False) -> None:
        command = pagefind_executable()
        if len(command) != 1:  # only `python -m pagefind` was found: that has no service binary
            raise BuildError("error: the Pagefind binary was not found; install it with 'pip install pagefind[bin]'")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in close())
        try:
            self.process = subprocess.Popen([command[0], "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self._stderr,
                                            preexec_fn=(lambda: os.nice(10)) if nice else None)  # fmt: skip
        except OSError as exc:
            message = f"error: could not run Pagefind ({exc}); install it with 'pip install pagefind[bin]'"
            raise BuildError(message) from None
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._done = threading.Condition()
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        # Requests go out through a thread: writing to a full pipe blocks until Pagefind has read,
        # and the render loop should go on rendering meanwhile.
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._write_error: OSError | None = None
        self._writer = threading.Thread(target=self._write, daemon=True)
        self._writer.start()

    def _write(self) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        while True:
            message = self._outbox.get()
            if message is None:
                break
            try:
                stdin.write(message)
                if self._outbox.empty():
                    stdin.flush()
            except OSError as exc:
                self._write_error = exc
                break

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        buffer = b""
        while True:
            chunk = stdout.read1(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                try:
                    answer = json.loads(base64.b64decode(message))
                except ValueError:
                    continue
                if not isinstance(answer, dict):
                    continue
                message_id = answer.get("message_id")
                payload = answer.get("payload") or {}
                if message_id is None and isinstance(payload.get("original_message"), str):
                    try:
                        message_id = json.loads(payload["original_message"]).get("message_id")
                    except ValueError:
                        message_id = None
                if message_id is not None:
                    with self._done:
                        self._answers[message_id] = payload
                        self._done.notify_all()
        with self._done:
            self._closed = True
            self._done.notify_all()

    def send(self, payload: dict[str, Any]) -> int:
        """Queue a request; its answer is collected by :meth:`wait`."""
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        if self._write_error is not None:
            raise self._failure(f"Pagefind stopped ({self._write_error})")
        self._outbox.put(base64.b64encode(message.encode("utf-8")) + b",")
        return self._next_id

    def wait(self, message_id: int) -> dict[str, Any]:
        with self._done:
            while message_id not in self._answers:
                if self._closed or self._write_error is not None:
                    raise self._failure("Pagefind stopped")
                self._done.wait(timeout=1.0)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise self._failure(str(answer.get("message")))
        return answer

    def wait_all(self, message_ids: list[int]) -> None:
        for message_id in message_ids:
            self.wait(message_id)

    def _failure(self, what: str) -> BuildError:
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        return BuildError(f"error: Pagefind could not index the pages: {what}", *lines)

    def close(self) -> None:
        self._outbox.put(None)
        self._writer.join(timeout=5)
        if self.process.poll() is None:
            try:
                assert self.process.stdin is not None
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


class LanguageIndex:
    """The search index of one language: documents added as they are rendered, written at the end."""

    def __init__(self, service: PagefindService, language: str, keep: bool = False) -> None:
        self.service = service
        self.language = language
        self.documents: dict[str, str] | None = {} if keep else None
        self.count = 0
        self._index_id = service.wait(service.send({"type": "NewIndex", "config": None}))["index_id"]
        self._pending: list[int] = []

    def add(self, url: str, document: str) -> None:
        """``url`` is the page's root-relative URL (``/et/registers/x/``): results link to it."""
        if self.documents is not None:
            self.documents[url] = document
        self.count += 1
        self._pending.append(self.service.send({"type": "AddFile", "index_id": self._index_id, "url": url,
                                                "file_contents": document, "file_path": None}))  # fmt: skip
        if len(self._pending) >= 2048:  # answers are read by a thread; this only bounds the list
            self.service.wait_all(self._pending[:1024])
            self._pending = self._pending[1024:]

    def write(self, site: Path) -> bool:
        """Write ``<site>/<lang>/pagefind/``; False (nothing written) when the language has no document."""
        self.service.wait_all(self._pending)
        self._pending = []
        if not self.count:
            return False
        output = bundle_dir(site, self.language)
        self.service.wait(self.service.send({"type": "WriteFiles", "index_id": self._index_id,
                                             "output_path": str(output.resolve())}))  # fmt: skip
        self.service.wait(self.service.send({"type": "DeleteIndex", "index_id": self._index_id}))
        if not (output / "pagefind.js").exists():
            raise BuildError(f"error: Pagefind wrote no search bundle for {self.language} into {output}")
        prune_bundle(output)
        return True


def scratch_folder(language: str) -> Path:
    """A new folder for one language's search documents, in memory (``/dev/shm``) when there is one."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix=f"ord-search-{language}-",
                                 dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))  # fmt: skip


class FileLanguageIndex:
    """The same, through files: documents written (by the page writer's threads) into a scratch folder
    in memory when there is one (``/dev/shm``), then the Pagefind binary over it, then the folder removed.

    Pagefind's command line reads files on several threads and spends a fifth less CPU than its
    service, which decodes one base64 JSON message after the other; with a RAM-backed scratch
    folder the files cost nothing on disk. Used by the build; ``serve`` uses the service.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.count = 0
        self.scratch: Path | None = scratch_folder(language)

    def add(self, url: str, document: str) -> None:
        from builder.writer import WRITER

        self.count += 1
        WRITER.write(self.scratch / url.strip("/") / "index.html", document)

    def write(self, site: Path) -> bool:
        from builder.writer import WRITER

        try:
            WRITER.flush()
            if not self.count:
                return False
            bundle = BundleRun(self.language, self.scratch, bundle_dir(site, self.language))
            self.scratch = None  # the run owns the folder now
            bundle.wait()
            return True
        finally:
            self.close()

    def detach(self) -> tuple[str, str] | None:
        """The documents are all written: hand the scratch folder over (to the parent process, which
        runs Pagefind on it while this worker renders the next language). None when there are none."""
        from builder.writer import WRITER

        try:
            WRITER.flush()
            if not self.count or self.scratch is None:
                return None
            scratch, self.scratch = self.scratch, None
            return self.language, str(scratch)
        finally:
            self.close()

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


class BundleRun:
    """The Pagefind binary writing one language's bundle from a scratch folder, then the folder removed.

    Started at once; ``wait`` checks the result. The build starts one as each render worker finishes
    a language, so the binary's threads use the cores while the workers render the next languages,
    instead of a worker waiting for its own Pagefind run (a tenth of the build on two cores).
    """

    def __init__(self, language: str, scratch: Path, output: Path, nice: bool = False) -> None:
        """``nice``: at low priority (``serve`` indexes behind the pages an edit re-renders)."""
        self.language, self.scratch, self.output = language, scratch, output
        command = [*pagefind_executable(), "--site", str(scratch), "--output-path", str(output), "--quiet"]
        if nice and shutil.which("nice"):  # the command, not preexec_fn: serve has threads running
            command = ["nice", "-n", "10", *command]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), after the run)
        try:
            self.process: subprocess.Popen | None = subprocess.Popen(
                command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as exc:
            self.process = None
            self.close()
            raise BuildError(f"error: could not run Pagefind ({exc}); install it with 'pip install pagefind[bin]'") \
                from None

    def wait(self) -> None:
        assert self.process is not None
        try:
            try:
                code = self.process.wait(timeout=900)
            except subprocess.TimeoutExpired:
                raise BuildError(f"error: Pagefind took more than 15 minutes to index the pages in {self.language}") \
                    from None
            if code != 0 or not (self.output / "pagefind.js").exists():
                self._log.seek(0)
                lines = self._log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
                raise BuildError(f"error: Pagefind could not index the pages in {self.language}:", *lines)
            prune_bundle(self.output)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the run if it is still going (a failed build) and remove the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


_OPEN: dict[tuple[Path, str], LanguageIndex | FileLanguageIndex] = {}


def index_for(site: Path, language: str) -> LanguageIndex | FileLanguageIndex:
    """The open index of a language being rendered (its Pagefind runs in the worker that renders it)."""
    key = (site, language)
    if key not in _OPEN:
        if os.environ.get("ORD_PAGEFIND") == "service":
            _OPEN[key] = LanguageIndex(PagefindService(), language)
        else:
            _OPEN[key] = FileLanguageIndex(language)
    return _OPEN[key]


#: Set in a render worker of the parallel build: ``finish`` hands the scratch folder to the parent
#: (through ``DETACHED``) instead of running Pagefind itself.
DEFER_TO_PARENT = False
DETACHED: dict[str, tuple[str, str]] = {}


def finish(site: Path, language: str) -> bool:
    """Write the language's bundle from the documents added since its first page (or, in a worker
    of the parallel build, leave the documents for the parent to index: see ``DEFER_TO_PARENT``)."""
    index = _OPEN.pop((site, language), None)
    if index is None:
        return False
    if isinstance(index, FileLanguageIndex):
        if DEFER_TO_PARENT:
            detached = index.detach()
            if detached:
                DETACHED[language] = detached
            return detached is not None
        return index.write(site)
    try:
        return index.write(site)
    finally:
        index.service.close()


def discard() -> None:
    """Close every open index without writing (a failed build)."""
    while _OPEN:
        _, index = _OPEN.popitem()
        if isinstance(index, FileLanguageIndex):
            index.close()
        else:
            index.service.close()
