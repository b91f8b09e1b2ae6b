"""The one contract for what the crawler writes and everybody else reads (``data/status/`` and
the ``--json`` report): typed records, tolerant reading, URL checks, the path layout, and the
all-or-nothing write. The state → class table is :mod:`registry.states` (re-exported here as
``states``). Schemas: ``data/schema/status.schema.json`` (register files and ``summary.json``),
``data/schema/report.schema.json`` (the report).

**Records.** ``data/status/<cc>/<id>.json`` is a :class:`RegisterStatus` (one :class:`UrlStatus`
per checked field, each with its :class:`HistoryPoint` list and :class:`Transition` list),
``data/status/summary.json`` a :class:`Summary`, the ``--json`` report a :class:`Report` of
:class:`ReportRow`.

**Reading.** Readers are tolerant of what a newer or older crawler may write (unknown keys are kept
and written back at the end, missing ones take defaults) and strict about what reaches a page: an
entry whose ``url`` is not an absolute http(s) URL is dropped, and such a ``suggested_url`` or
``final_url`` becomes "" (absent: None). ``class`` is written for other consumers, but never
trusted when read: it is always :func:`registry.states.state_class` of the state and detail, so
every reader uses the one table. A file that is not JSON, not an object, or not shaped like a
status file raises :class:`StatusFileError` naming the file (``path:line:col: error: …``).
A status belongs to a (register, URL) pair (:meth:`Snapshot.for_registers`).

**Writing.** Layout: ``<folder>/<cc>/<register>.json`` (``cc`` lower case) and
``<folder>/summary.json``. The folder passes from one run to the next in one step: entirely old or
entirely new. A run writes every status file and ``summary.json`` into a copy of the folder beside
it (``.status.new-<pid>``), renames that copy ``.status.ready-<pid>`` once it is complete, and then
swaps it with the folder: in one system call where Linux offers it (``renameat2`` with
``RENAME_EXCHANGE``), else with two renames while SIGINT and SIGTERM are held back. Whatever signal
arrives before the swap, the copy is removed and the folder is the previous run's; after the swap,
it is the new run's. A process killed outright (SIGKILL, power loss) is repaired at the next start
by :func:`recover`: a missing folder with a ready copy beside it is completed (the ready copy was
whole), one with only the old folder beside it is put back, and copies left by dead processes are
removed. Files are written with the process umask (``0644`` under the usual ``022``), not ``0600``.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from registry import states
from registry.states import STATES, advice, state_class

__all__ = [
    "BLOCKED", "STATES", "SUMMARY", "UNCHECKED", "UNREACHABLE", "VERIFIED", "HistoryPoint", "RegisterStatus",
    "Report", "ReportRow", "Snapshot", "StatusFileError", "StatusStore", "Summary", "Transition", "UrlStatus",
    "advice", "checked_urls", "dumps", "http_url", "read_folder", "read_register", "read_report", "read_summary",
    "recover", "register_path", "state_class", "states", "transaction", "write_text",
]  # fmt: skip

HISTORY_LENGTH = 12
TRANSITIONS_LENGTH = 24

_UNSAFE = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")


class StatusFileError(ValueError):
    """One or more crawler files cannot be read; ``messages``: one ``path:line:col: error: …`` each."""

    def __init__(self, *messages: str) -> None:
        super().__init__("\n".join(messages))
        self.messages = list(messages)


def http_url(value: Any) -> str:
    """``value`` when it is an absolute http(s) URL, else "": nothing else from a crawler file may
    become a link (``javascript:``, ``data:``, relative or malformed values are dropped)."""
    if not isinstance(value, str) or _UNSAFE.search(value):
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def _link(value: Any) -> str | None:
    """None when absent; "" when present but not an http(s) URL (it must never become a link)."""
    return http_url(value) if value else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(value: Any) -> int:
    return _int(value) or 0


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_json()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """A record's JSON form: its fields in declaration order (the documented key order), under the
    name in ``metadata["key"]`` if any, left out when ``metadata["omit"]`` and at the default;
    ``extra`` (keys of a newer crawler) last."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if item.name == "extra" or (item.metadata.get("omit") and value == item.default):
                continue
            out[item.metadata.get("key", item.name)] = _plain(value)
        out.update({k: v for k, v in getattr(self, "extra", {}).items() if k not in out})
        return out


def _extra(raw: Mapping[str, Any], cls: type) -> dict[str, Any]:
    known = {f.metadata.get("key", f.name) for f in fields(cls)}
    return {k: v for k, v in raw.items() if k not in known and k != "class"}


@dataclass(frozen=True)
class HistoryPoint(Record):
    """One run's result for a URL (``history``: the last 12, newest last)."""

    at: str
    state: str
    detail: str | None = None
    http_status: int | None = None
    degraded: bool = field(default=False, metadata={"omit": True})

    @property
    def cls(self) -> str:
        return states.state_class(self.state, self.detail)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> HistoryPoint:
        return cls(
            at=_text(raw.get("at")) or _text(raw.get("checked_at")) or "",
            state=_text(raw.get("state")) or states.CONNECTION_ERROR,
            detail=_text(raw.get("detail")),
            http_status=_int(raw.get("http_status")),
            degraded=raw.get("degraded") is True,
        )


@dataclass(frozen=True)
class Transition(Record):
    """A state change of a URL (``transitions``: the last 24)."""

    at: str
    from_state: str | None = field(default=None, metadata={"key": "from"})
    to_state: str | None = field(default=None, metadata={"key": "to"})

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Transition:
        return cls(_text(raw.get("at")) or "", _text(raw.get("from")), _text(raw.get("to")))


@dataclass(frozen=True)
class UrlStatus(Record):
    """One checked URL field of a register: its current state, counters and history."""

    field: str
    url: str
    state: str
    detail: str | None = None
    since: str | None = None
    last_ok: str | None = None
    failing_runs: int = 0
    failing_since: str | None = None
    hard_runs: int = 0
    hard_since: str | None = None
    redirected_runs: int = 0
    stale: bool = False
    http_status: int | None = None
    final_url: str | None = None
    suggested_url: str | None = None
    message: str = ""
    history: tuple[HistoryPoint, ...] = ()
    transitions: tuple[Transition, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # keys of a newer crawler, written back as read

    @property
    def cls(self) -> str:
        return states.state_class(self.state, self.detail)

    @property
    def failing(self) -> bool:
        return self.cls in states.FAILING_CLASSES

    @property
    def label(self) -> str:
        return states.label(self.state, self.detail)

    def to_json(self) -> dict[str, Any]:
        """The documented key order (docs/crawler.md): ``class`` after ``detail``, unknown keys last."""
        out = super().to_json()
        out["history"], out["transitions"] = out["history"][-HISTORY_LENGTH:], out["transitions"][-TRANSITIONS_LENGTH:]
        keys = list(out)
        keys.insert(keys.index("detail") + 1, "class")
        return {key: self.cls if key == "class" else out[key] for key in keys}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> UrlStatus | None:
        """None for an entry whose ``url`` is not an http(s) URL (never shown, never a link)."""
        url = raw.get("url")
        if url and not http_url(url):
            return None
        history, transitions = raw.get("history") or [], raw.get("transitions") or []
        if not isinstance(history, list) or not isinstance(transitions, list):
            raise ValueError("'history' and 'transitions' must be lists")
        return cls(
            field=_text(raw.get("field")) or "url",
            url=http_url(url),
            state=_text(raw.get("state")) or states.CONNECTION_ERROR,
            detail=_text(raw.get("detail")),
            since=_text(raw.get("since")),
            last_ok=_text(raw.get("last_ok")),
            failing_runs=_count(raw.get("failing_runs")),
            failing_since=_text(raw.get("failing_since")),
            hard_runs=_count(raw.get("hard_runs")),
            hard_since=_text(raw.get("hard_since")),
            redirected_runs=_count(raw.get("redirected_runs")),
            stale=raw.get("stale") is True,
            http_status=_int(raw.get("http_status")),
            final_url=_link(raw.get("final_url")),
            suggested_url=_link(raw.get("suggested_url")),
            message=_text(raw.get("message")) or "",
            history=tuple(HistoryPoint.from_json(h) for h in history if isinstance(h, dict))[-HISTORY_LENGTH:],
            transitions=tuple(Transition.from_json(t) for t in transitions if isinstance(t, dict)),
            extra=_extra(raw, cls),
        )


# What a register page's badge says (the template turns the kind into words in the page's language).
VERIFIED, BLOCKED, UNREACHABLE, UNCHECKED = "verified", "blocked", "unreachable", "unchecked"


@dataclass(frozen=True)
class RegisterStatus(Record):
    """``data/status/<cc>/<id>.json``. ``country`` is the folder's code (lower case); files say it upper case."""

    register: str
    country: str
    checked_at: str = ""
    stale: bool = False
    skipped: str | None = field(default=None, metadata={"omit": True})
    urls: tuple[UrlStatus, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """``ee/ee-kutseregister``: the path below the status folder, without ``.json``."""
        return f"{self.country}/{self.register}"

    @property
    def entry(self) -> UrlStatus | None:
        """The result for the register's entry page (field ``url``), which the badge reports."""
        return next((u for u in self.urls if u.field == "url"), None)

    @property
    def failing(self) -> bool:
        return any(u.failing for u in self.urls)

    @property
    def stale_urls(self) -> list[UrlStatus]:
        return [u for u in self.urls if u.stale] or ([u for u in self.urls if u.failing] if self.stale else [])

    @property
    def since(self) -> str | None:
        """When the oldest stale URL started failing."""
        dates = sorted(u.since for u in self.stale_urls if u.since)
        return dates[0] if dates else None

    @property
    def badge(self) -> tuple[str, str]:
        """(kind, ISO date) for the register's entry page: verified / blocked / unreachable / unchecked."""
        entry = self.entry
        if entry is None:
            return UNCHECKED, ""
        if entry.state in states.REACHED and not entry.stale:
            return VERIFIED, entry.last_ok or self.checked_at
        if entry.state in (states.BLOCKED, states.AUTH_REQUIRED) and not entry.stale:
            return BLOCKED, self.checked_at
        return UNREACHABLE, entry.since or self.checked_at

    def for_urls(self, current: Mapping[str, str]) -> RegisterStatus | None:
        """Only the entries whose (field, URL) is still the register's: a status belongs to a
        (register, URL) pair, so an edited URL is "not checked yet". None when nothing is left."""
        urls = tuple(u for u in self.urls if u.url and current.get(u.field) == u.url)
        if not urls and self.skipped is None:
            return None
        return replace(self, urls=urls, stale=any(u.stale for u in urls))

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "country": self.country.upper()}  # the key keeps its place

    @classmethod
    def from_json(cls, raw: Mapping[str, Any], register: str = "", country: str = "") -> RegisterStatus:
        """``register`` and ``country``: defaults from the file's path. ValueError when not shaped like one."""
        items = raw.get("urls") or []
        if not isinstance(items, list) or not all(isinstance(u, dict) for u in items):
            raise ValueError("each entry of 'urls' must be an object")
        urls = tuple(u for u in (UrlStatus.from_json(item) for item in items) if u is not None)
        return cls(
            register=_text(raw.get("register")) or register,
            country=(_text(raw.get("country")) or country).lower(),
            checked_at=_text(raw.get("checked_at")) or "",
            stale=raw.get("stale") is True or any(u.stale for u in urls),
            urls=urls,
            skipped=_text(raw.get("skipped")),
            extra=_extra(raw, cls),
        )


@dataclass(frozen=True)
class Summary(Record):
    """``data/status/summary.json``: the last run, and the state of every register in the folder."""

    started_at: str = ""
    finished_at: str = ""
    degraded: bool = False
    hosts: int = 0
    soft_failing_hosts: int = 0
    registers: int | None = None  # None: the file does not say (readers count the status files)
    urls: int = 0
    counts: Mapping[str, int] = field(default_factory=dict)
    stale: tuple[str, ...] = ()
    watching: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    due_for_review: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {**super().to_json(), "registers": self.registers or 0}

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Summary:
        counts = raw.get("counts") if isinstance(raw.get("counts"), dict) else {}

        def names(key: str) -> tuple[str, ...]:
            value = raw.get(key)
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        return cls(
            started_at=_text(raw.get("started_at")) or "",
            finished_at=_text(raw.get("finished_at")) or "",
            degraded=raw.get("degraded") is True,
            hosts=_count(raw.get("hosts")),
            soft_failing_hosts=_count(raw.get("soft_failing_hosts")),
            registers=_int(raw.get("registers")),
            urls=_count(raw.get("urls")),
            counts={str(k): v for k, v in counts.items() if _int(v) is not None},
            stale=names("stale"),
            watching=names("watching"),
            warnings=names("warnings"),
            due_for_review=names("due_for_review"),
        )


@dataclass(frozen=True)
class ReportRow(Record):
    """One register URL field of the ``--json`` report."""

    register: str
    file: str
    line: int | None
    url: str
    state: str
    detail: str | None = None
    message: str = ""
    http_status: int | None = None
    final_url: str | None = None
    redirects: tuple[Mapping[str, Any], ...] = ()
    suggested_url: str | None = None
    elapsed_ms: int = 0

    @property
    def cls(self) -> str:
        return states.state_class(self.state, self.detail)

    @property
    def label(self) -> str:
        return states.label(self.state, self.detail)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> ReportRow:
        redirects = raw.get("redirects") if isinstance(raw.get("redirects"), list) else []
        return cls(
            register=str(raw.get("register") or ""),
            file=str(raw.get("file") or ""),
            line=_int(raw.get("line")),
            url=str(raw.get("url") or ""),
            state=_text(raw.get("state")) or states.CONNECTION_ERROR,
            detail=_text(raw.get("detail")),
            message=_text(raw.get("message")) or "",
            http_status=_int(raw.get("http_status")),
            final_url=_link(raw.get("final_url")),
            redirects=tuple(r for r in redirects if isinstance(r, dict)),
            suggested_url=_link(raw.get("suggested_url")),
            elapsed_ms=_count(raw.get("elapsed_ms")),
        )


@dataclass(frozen=True)
class Report(Record):
    """The ``--json`` report: the run and one row per register URL field."""

    started_at: str
    finished_at: str
    degraded: bool
    results: tuple[ReportRow, ...] = ()

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Report:
        results = raw.get("results", [])
        if not isinstance(results, list):
            raise ValueError("expected the crawler's JSON report ({'results': [...]})")
        return cls(
            started_at=_text(raw.get("started_at")) or "",
            finished_at=_text(raw.get("finished_at")) or "",
            degraded=raw.get("degraded") is True,
            results=tuple(ReportRow.from_json(r) for r in results if isinstance(r, dict)),
        )


def dumps(data: Any) -> str:
    """Two-space indented JSON with the records' fixed key order: a readable weekly diff."""
    return json.dumps(_plain(data), indent=2, ensure_ascii=False) + "\n"


def read_object(path: Path) -> dict[str, Any]:
    """A crawler file's JSON object; StatusFileError naming the file (FileNotFoundError passes)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except json.JSONDecodeError as exc:
        raise StatusFileError(f"{path}:{exc.lineno}:{exc.colno}: error: not valid JSON: {exc.msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StatusFileError(f"{path}:1:1: error: cannot read the crawler result: {exc}") from None
    if not isinstance(value, dict):
        raise StatusFileError(f"{path}:1:1: error: expected a JSON object, found {type(value).__name__}")
    return value


def read_register(path: Path) -> RegisterStatus:
    """``data/status/<cc>/<id>.json`` (the path gives the defaults of ``register`` and ``country``)."""
    raw = read_object(path)
    try:
        return RegisterStatus.from_json(raw, path.stem, path.parent.name)
    except (TypeError, ValueError, AttributeError) as exc:
        raise StatusFileError(f"{path}:1:1: error: not a crawler result this version understands ({exc})") from None


def read_summary(path: Path) -> Summary:
    return Summary.from_json(read_object(path))


def read_report(path: Path) -> Report:
    raw = read_object(path)
    try:
        return Report.from_json(raw)
    except ValueError as exc:
        raise StatusFileError(f"{path}:1:1: error: {exc}") from None


# --- the status folder: layout, reading it whole, the all-or-nothing write ---------------------------

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


def process_alive(pid: int) -> bool:
    """True while the process ``pid`` exists (this one included): whose leftover folder is it safe to remove?"""
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
    dead = [(kind, pid, path) for kind, pid, path in _leftovers(folder) if not process_alive(pid)]
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
