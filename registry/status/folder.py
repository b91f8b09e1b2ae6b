"""The status folder: its path layout, reading it whole, and writing it in one step.

Layout: ``<folder>/<cc>/<register>.json`` per register (``cc`` lower case) and
``<folder>/summary.json``. :func:`read_folder` reads everything for the site and the GitHub
automation; :class:`StatusStore` reads and writes single files for the crawler.

The folder passes from one run to the next in one step: entirely old or entirely new.

A run writes every status file and ``summary.json`` into a copy of the folder beside it
(``.status.new-<pid>``), renames that copy ``.status.ready-<pid>`` once it is complete, and
then swaps it with the folder: in one system call where Linux offers it (``renameat2`` with
``RENAME_EXCHANGE``), else with two renames while SIGINT and SIGTERM are held back. Whatever
signal arrives before the swap, the copy is removed and the folder is the previous run's;
after the swap, it is the new run's. A process killed outright (SIGKILL, power loss) is
repaired at the next start by :func:`recover`: a missing folder with a ready copy beside it is
completed (the ready copy was whole), one with only the old folder beside it is put back, and
copies left by dead processes are removed.

Files are written with the process umask (``0644`` under the usual ``022``), not ``0600``.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from registry.status.records import (
    RegisterStatus,
    ReportRow,
    StatusFileError,
    Summary,
    dumps,
    read_register,
    read_report,
    read_summary,
)

SUMMARY = "summary.json"
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|ready|old)-(?P<pid>\d+)$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_text(path: Path, text: str, *, durable: bool = False) -> None:
    """Write ``text`` through a temporary file and a rename, with the umask's permissions.

    ``durable`` adds an fsync (a file on its own); files inside a transaction's copy need none,
    the folder is swapped in whole.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(folder: Path) -> list[tuple[str, int, Path]]:
    found = []
    if not folder.parent.is_dir():
        return found
    for entry in folder.parent.iterdir():
        match = _LEFTOVER.match(entry.name)
        if match and match["name"] == folder.name and entry.is_dir() and not entry.is_symlink():
            found.append((match["kind"], int(match["pid"]), entry))
    return found


def recover(folder: Path) -> str | None:
    """Repair what a killed run left; returns a sentence saying what was done, or None."""
    done = None
    dead = [(kind, pid, path) for kind, pid, path in _leftovers(folder) if not _alive(pid)]
    if not folder.exists():
        ready = [path for kind, _, path in dead if kind == "ready"]
        old = [path for kind, _, path in dead if kind == "old"]
        if ready:
            os.replace(ready[0], folder)
            done = f"{folder}: completed the status update of an interrupted run"
        elif old:
            os.replace(old[0], folder)
            done = f"{folder}: restored the previous status after an interrupted run"
    for _, _, path in dead:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
    return done


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    signals = {signal.SIGINT, signal.SIGTERM}
    main = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    if main:
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        if main:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


class Transaction:
    """``staging``: the folder to write into; ``committed`` becomes True once the swap happened."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.staging = folder.parent / f".{folder.name}.new-{os.getpid()}"
        self.committed = False
        self.before_swap: Callable[[], None] | None = None  # tests: a signal between the two renames

    def commit(self) -> None:
        ready = self.folder.parent / f".{self.folder.name}.ready-{os.getpid()}"
        old = self.folder.parent / f".{self.folder.name}.old-{os.getpid()}"
        try:
            with _signals_held():  # a signal now waits until the folder is whole again
                os.replace(self.staging, ready)
                if self.folder.exists():
                    if self.before_swap:
                        self.before_swap()
                    if _exchange(ready, self.folder):
                        old = ready  # the ready name now holds the previous folder
                    else:
                        os.replace(self.folder, old)
                        os.replace(ready, self.folder)
                else:
                    os.replace(ready, self.folder)
                self.committed = True
        finally:  # a signal held back during the swap is raised here: the old copy goes all the same
            if self.committed and old.exists():
                shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def transaction(folder: Path) -> Iterator[Transaction]:
    """A copy of ``folder`` to write into, swapped in when the block ends without an error.

    On any exception (KeyboardInterrupt from SIGINT/SIGTERM included) the copy is removed and
    ``folder`` is left exactly as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover(folder)
    work = Transaction(folder)
    shutil.rmtree(work.staging, ignore_errors=True)
    try:
        if folder.is_dir():
            shutil.copytree(folder, work.staging, symlinks=True)
        else:
            work.staging.mkdir()
        yield work
        work.commit()
    except BaseException:
        if not work.committed:
            shutil.rmtree(work.staging, ignore_errors=True)
            ready = folder.parent / f".{folder.name}.ready-{os.getpid()}"
            old = folder.parent / f".{folder.name}.old-{os.getpid()}"
            if not folder.exists() and old.is_dir():
                os.replace(old, folder)  # the swap failed half-way (an OSError): put the old one back
            shutil.rmtree(ready, ignore_errors=True)
        raise


def register_path(folder: Path, country: str, register: str) -> Path:
    return folder / country.lower() / f"{register}.json"


def register_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*/*.json"))


@dataclass
class Snapshot:
    """Everything under a status folder: per-register results and the last run's summary."""

    registers: dict[str, RegisterStatus] = field(default_factory=dict)
    summary: Summary | None = None
    report: dict[tuple[str, str], ReportRow] = field(default_factory=dict)  # (register, url) → the --json row
    report_degraded: bool = False

    @property
    def checked(self) -> bool:
        return bool(self.registers) or self.summary is not None

    @property
    def degraded(self) -> bool:
        return self.summary.degraded if self.summary else self.report_degraded

    def badge(self, register_id: str) -> tuple[str, str]:
        status = self.registers.get(register_id)
        return status.badge if status else ("unchecked", "")

    def for_registers(self, current: dict[str, dict[str, str]]) -> Snapshot:
        """Only what belongs to the registers' current URLs (``current``: id → field → URL; see
        :func:`checked_urls`): an edited URL, or a register that no longer exists, is unchecked."""
        kept = {}
        for register_id, status in self.registers.items():
            if register_id in current and (narrowed := status.for_urls(current[register_id])) is not None:
                kept[register_id] = narrowed
        return Snapshot(kept, self.summary, self.report, self.report_degraded)


def checked_urls(data: dict) -> dict[str, str]:
    """The URL fields the crawler checks in a register file: field name → URL (``url``,
    ``search_url``, ``language_urls.<lang>``)."""
    urls = {"url": data.get("url")} if data.get("url") else {}
    if data.get("search_url"):
        urls["search_url"] = data["search_url"]
    for language, url in sorted((data.get("language_urls") or {}).items()):
        urls[f"language_urls.{language}"] = url
    return urls


def read_folder(folder: Path, report: Path | None = None) -> Snapshot:
    """Read every ``<cc>/<id>.json`` and ``summary.json`` (and the ``--json`` report when given); an
    absent folder is "not checked yet".

    StatusFileError lists every file that cannot be read (each message names its file).
    """
    snapshot = Snapshot()
    if report is not None:
        run = read_report(report)
        snapshot.report = {(row.register, row.url): row for row in run.results}
        snapshot.report_degraded = run.degraded
    if not folder.is_dir():
        return snapshot
    errors: list[str] = []
    summary = folder / SUMMARY
    if summary.exists():
        try:
            snapshot.summary = read_summary(summary)
        except StatusFileError as exc:
            errors += exc.messages
    for path in register_files(folder):
        try:
            status = read_register(path)
        except StatusFileError as exc:
            errors += exc.messages
            continue
        snapshot.registers[status.register] = status
    if errors:
        raise StatusFileError(*errors)
    return snapshot


class StatusStore:
    """Single files of a status folder (the crawler writes into a transaction's staging copy)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, country: str, register: str) -> Path:
        return register_path(self.folder, country, register)

    def read(self, country: str, register: str) -> RegisterStatus | None:
        """None when there is no file; StatusFileError when it cannot be read."""
        try:
            return read_register(self.path(country, register))
        except FileNotFoundError:
            return None

    def write(self, status: RegisterStatus) -> None:
        path = self.path(status.country, status.register)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, dumps(status))

    def write_summary(self, summary: Summary) -> None:
        write_text(self.folder / SUMMARY, dumps(summary))

    def all(self) -> list[RegisterStatus]:
        """Every readable register file, sorted by register id (unreadable ones are left out)."""
        found = []
        for path in register_files(self.folder):
            try:
                found.append(read_register(path))
            except (OSError, StatusFileError):
                continue
        return sorted(found, key=lambda status: status.register)

    def remove_others(self, keep: set[tuple[str, str]]) -> list[Path]:
        """Delete the files of registers not in ``keep`` ((country, id)); full runs only."""
        removed = []
        for path in register_files(self.folder):
            if (path.parent.name, path.stem) not in keep:
                path.unlink()
                removed.append(path)
        return removed
