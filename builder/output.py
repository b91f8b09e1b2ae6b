"""The output folder is replaced only by a complete build, and never when it holds anything else.

The build writes into a temporary folder beside ``--out`` (same file system, so renaming is
atomic), then swaps: old → backup, new → out, backup removed. On any failure the temporary
folder is removed and the previous output stays untouched, so a web server or ``serve`` never
serves a half-written site.

Since the swap removes whatever ``--out`` names, :func:`refusal` is asked first (``build`` and
``serve`` exit 2 on its answer): ``--out`` must not be, contain or lie inside the data folder
(or the status folder), must not be or contain the repository root or any folder holding a
``.git``, must not lie inside a ``.git`` folder, and a non-empty ``--out`` must carry the marker
file :data:`MARKER` that a command-line build writes into its output.

A build stopped by SIGTERM or Ctrl+C removes its staging folder; one killed outright (SIGKILL)
leaves it, and the next build into the same parent folder removes it (the folder's name carries
the process id, so a build running at the same time is left alone). Render workers die quietly
with the build: no ``BrokenPipeError`` or ``KeyboardInterrupt`` tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from registry.status import process_alive

MARKER = ".open-registers-build"
MARKER_TEXT = "This folder is the output of `python build.py build`; the next build replaces it whole.\n"

# Output folders whose builds write the marker (registered by the command line through ``refusal``;
# library builds, as in the tests, write none).
_MARKED: set[Path] = set()


def _git_roots(start: Path) -> list[Path]:
    """Every folder from ``start`` upwards that holds a ``.git`` (a work tree, or a submodule's)."""
    roots = []
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            roots.append(folder)
    return roots


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _holds_git(folder: Path) -> Path | None:
    """The first ``.git`` found anywhere below ``folder`` (only asked of a marked previous build)."""
    for root, dirs, files in os.walk(folder):
        if ".git" in dirs or ".git" in files:
            return Path(root) / ".git"
    return None


def refusal(out_dir: Path, data_dir: Path, status_dir: Path | None = None, *, mark: bool = True) -> str | None:
    """Why ``out_dir`` must not be replaced by a build, in one line; None when it is safe.

    With ``mark`` (the command line), a safe ``out_dir`` is remembered so that the build writes
    the marker file into it.
    """
    from builder.config import REPO_ROOT, SITE_DIR

    out = out_dir.resolve()
    shown = str(out_dir)
    repositories = {REPO_ROOT.resolve(), SITE_DIR.resolve()}
    for start in (data_dir.resolve(), Path.cwd().resolve(), REPO_ROOT.resolve(), out):
        repositories.update(_git_roots(start))
    for folder in sorted(repositories):
        if _inside(folder, out):
            return f"--out {shown}: refused: it is or contains a repository ({folder}), which the build would delete"
    protected: list[tuple[Path, str]] = [(data_dir.resolve(), "the data folder")]
    if status_dir is not None:
        protected.append((status_dir.resolve(), "the status folder"))
    for folder, what in protected:
        if _inside(out, folder):
            return f"--out {shown}: refused: it is or lies inside {what} ({folder}), which the build would delete"
        if _inside(folder, out):
            return f"--out {shown}: refused: it contains {what} ({folder}), which the build would delete"
    if ".git" in out.parts:
        return f"--out {shown}: refused: it lies inside a .git folder"
    if out.exists() and not out.is_dir():
        return f"--out {shown}: refused: it is a file, not a folder"
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            return (f"--out {shown}: refused: the folder is not empty and is not a previous build "
                    f"(no {MARKER} file); empty it or choose another folder")  # fmt: skip
        found = _holds_git(out)
        if found is not None:
            return f"--out {shown}: refused: it contains a repository ({found}), which the build would delete"
    if mark:
        _MARKED.add(out)
    return None


# --- staging and swap ---------------------------------------------------------------------------

_STAGING = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)(?:-.*)?$")
_active = 0  # > 0 while a staging block runs in this process (read by the at-fork hook)


def remove_leftovers(out_dir: Path) -> list[Path]:
    """Remove staging and backup folders beside ``out_dir`` left by builds that were killed."""
    removed = []
    parent = out_dir.parent
    if not parent.is_dir():
        return removed
    for entry in parent.iterdir():
        match = _STAGING.match(entry.name)
        if not match or match["name"] != out_dir.name or not entry.is_dir() or entry.is_symlink():
            continue
        if process_alive(int(match["pid"])):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _quiet_child() -> None:
    """In a worker forked during a build: die with the build, without tracebacks."""
    if not _active:
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C: the parent stops the pool
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool's terminate(), or the parent's death
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # the parent is gone: end, no BrokenPipeError
    with contextlib.suppress(Exception):  # Linux: SIGTERM when the parent dies, even by SIGKILL
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_quiet_child)


class Terminated(KeyboardInterrupt):
    """SIGTERM during a build: unwinds like Ctrl+C, so the staging folder is removed."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def staging(out_dir: Path) -> Iterator[Path]:
    """A fresh folder to build into; swapped into place when the block ends without an error."""
    global _active
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out_dir)
    with _sigterm_unwinds():
        temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-{os.getpid()}-", dir=out_dir.parent))
        _active += 1
        try:
            _last_resort(out_dir)
            yield temp
            if out_dir in _MARKED:
                (temp / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            swap(temp, out_dir)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
        finally:
            _active -= 1


def _last_resort(out_dir: Path) -> None:
    """Whoever calls the build: never replace a repository (the command line checks much more first)."""
    from builder.config import REPO_ROOT
    from builder.errors import BuildError

    if (out_dir / ".git").exists() or _inside(REPO_ROOT.resolve(), out_dir.resolve()):
        raise BuildError(f"{out_dir}: refused: it is or contains a repository, which the build would delete")


def swap(new: Path, out_dir: Path) -> None:
    _last_resort(out_dir)
    os.chmod(new, 0o755)  # mkdtemp makes it private; a web server must be able to read it
    signals = {signal.SIGTERM, signal.SIGINT}
    blocked = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    if blocked:  # the two renames happen together or not at all
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        if out_dir.exists():
            backup = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            shutil.rmtree(backup, ignore_errors=True)
            os.replace(out_dir, backup)
            os.replace(new, out_dir)
        else:
            backup = None
            os.replace(new, out_dir)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
