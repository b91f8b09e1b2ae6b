"""The one contract for what the crawler writes and everybody else reads.

- :mod:`registry.status.states`: the 14 states, their class (ok/warning/soft/hard) and advice;
  the only state → class table in the project.
- :mod:`registry.status.records`: typed records (register status file, URL entry, history
  point, transition, summary, report and report row), their JSON form and tolerant reading, URL
  checks (only http(s) URLs reach a page).
- :mod:`registry.status.folder`: the path layout of ``data/status/``, reading it whole, and the
  all-or-nothing write (a staging copy swapped in with one ``renameat2``).

Schemas: ``data/schema/status.schema.json`` (register files and ``summary.json``) and
``data/schema/report.schema.json`` (the crawler's ``--json`` report).
"""

from registry.status import states
from registry.status.folder import (
    SUMMARY,
    Snapshot,
    StatusStore,
    checked_urls,
    read_folder,
    recover,
    register_path,
    transaction,
    write_text,
)
from registry.status.records import (
    BLOCKED,
    UNCHECKED,
    UNREACHABLE,
    VERIFIED,
    HistoryPoint,
    RegisterStatus,
    Report,
    ReportRow,
    StatusFileError,
    Summary,
    Transition,
    UrlStatus,
    dumps,
    http_url,
    read_register,
    read_report,
    read_summary,
)
from registry.status.states import STATES, advice, state_class

__all__ = [
    "BLOCKED", "STATES", "SUMMARY", "UNCHECKED", "UNREACHABLE", "VERIFIED", "HistoryPoint", "RegisterStatus",
    "Report", "ReportRow", "Snapshot", "StatusFileError", "StatusStore", "Summary", "Transition", "UrlStatus",
    "advice", "checked_urls", "dumps", "http_url", "read_folder", "read_register", "read_report", "read_summary",
    "recover", "register_path", "state_class", "states", "transaction", "write_text",
]  # fmt: skip
