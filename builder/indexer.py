"""Pagefind, fed as pages render, without search documents in the output folder.

Each language's lean search documents (``builder.search_index.search_document``) are written by
the page writer's threads into a scratch folder in memory (``/dev/shm``, else the system's
temporary folder; :class:`FileLanguageIndex`), then the Pagefind binary indexes the folder into
``<lang>/pagefind/`` and the folder is removed (:class:`BundleRun`). The binary reads files on
several threads and used a fifth less CPU than ``pagefind --service`` fed message by message;
writing the documents into the output folder instead and deleting them cost more than indexing.
In the parallel build the parent process starts the run for each language a worker finishes;
``serve`` starts runs on the pages on disk after an edit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from builder.errors import BuildError
from builder.search_index import bundle_dir, pagefind_executable, prune_bundle


def scratch_folder(language: str) -> Path:
    """A new folder for one language's search documents, in memory (``/dev/shm``) when there is one."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix=f"ord-search-{language}-",
                                 dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))  # fmt: skip


def document_path(scratch: Path, url: str) -> Path:
    """Where a page's search document goes: Pagefind makes the result's URL from this path."""
    return scratch / url.strip("/") / "index.html"


class FileLanguageIndex:
    """The same, through files: documents written (by the page writer's threads) into a scratch folder
    in memory when there is one (``/dev/shm``), then the Pagefind binary over it, then the folder removed.

    Pagefind's command line reads files on several threads and spends a fifth less CPU than its
    service, which decodes one base64 JSON message after the other; with a RAM-backed scratch
    folder the files cost nothing on disk.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.count = 0
        self.scratch: Path | None = scratch_folder(language)

    def add(self, url: str, document: str) -> None:
        from builder.writer import WRITER

        self.count += 1
        WRITER.write(document_path(self.scratch, url), document)

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


_OPEN: dict[tuple[Path, str], FileLanguageIndex] = {}


def index_for(site: Path, language: str) -> FileLanguageIndex:
    """The open index of a language being rendered (its Pagefind runs in the worker that renders it)."""
    key = (site, language)
    if key not in _OPEN:
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
    if DEFER_TO_PARENT:
        detached = index.detach()
        if detached:
            DETACHED[language] = detached
        return detached is not None
    return index.write(site)


def discard() -> None:
    """Close every open index without writing (a failed build)."""
    while _OPEN:
        _, index = _OPEN.popitem()
        index.close()
