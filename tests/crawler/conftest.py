"""Fixtures for the crawler tests: the loopback fault server, register files, and running the CLI.

The crawler runs as ``python -m crawler`` in a subprocess (Twisted's reactor cannot be started
twice in one process), with ``SSL_CERT_FILE`` pointing at the test CA so that only the fault
server's own certificates are trusted. No request ever leaves 127.0.0.0/8: every URL is a
loopback IP literal, and the one host name (``registers.invalid``) is answered by the
crawler's resolver without a query.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.crawler.faultserver import FaultServer

REPO = Path(__file__).resolve().parents[2]
MODELINE = "# yaml-language-server: $schema=../../schema/register.schema.json"


def register_yaml(
    register_id: str,
    url: str,
    *,
    expect: str | None = None,
    skip: str | None = None,
    search_url: str | None = None,
    language_urls: dict[str, str] | None = None,
    reviewed: str | None = "2026-01-15",
) -> str:
    """A valid register file (country EE) checking ``url``; comments included on purpose."""
    lines = [
        MODELINE,
        f"id: {register_id}",
        "status: active  # still in use",
        "country: EE",
        "name:",
        "  et: Kutseregister",
        "  en: Register of Occupational Qualifications",
        "authority:",
        "  name: {et: SA Kutsekoda, en: Estonian Qualifications Authority}",
        f"  url: {url}",
        f"url: {url}   # the entry page",
    ]
    if search_url:
        lines.append(f"search_url: '{search_url}'")
    if language_urls:
        lines.append("language_urls:")
        lines += [f"  {lang}: {value}" for lang, value in language_urls.items()]
    lines += [
        "kind: professional",
        "areas: [professional-qualifications]",
        "information: [registration]",
        "search_by: [name]",
        "access: {cost: free, login: none, captcha: false}",
        "languages: [et, en]",
    ]
    if expect:
        lines.append(f'check: {{expect: "{expect}"}}')
    if skip:
        lines.append(f'check: {{skip: "{skip}"}}')
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    lines += ["sources:", f"  - url: {url}", "    confirms: [url]"]
    lines += ["notes:", "  en: >-", "    Search by name", "    or number.", ""]
    return "\n".join(lines)


def make_data(root: Path) -> Path:
    """An empty data folder with the real schema and vocabularies."""
    import shutil

    data = root / "data"
    shutil.copytree(DATA / "schema", data / "schema")
    shutil.copytree(DATA / "vocabularies", data / "vocabularies")
    (data / "registers" / "ee").mkdir(parents=True)
    return data


def write(data: Path, register_id: str, url: str, **kwargs: Any) -> Path:
    path = data / "registers" / register_id[:2] / f"{register_id}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(register_yaml(register_id, url, **kwargs), encoding="utf-8")
    return path


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    report: dict[str, Any] | None

    def result(self, register: str, url: str | None = None) -> dict[str, Any]:
        assert self.report is not None, self.stderr
        for item in self.report["results"]:
            if item["register"] == register and (url is None or item["url"] == url):
                return item
        raise AssertionError(f"no result for {register}: {self.stderr}")


def run_crawler(
    data: Path,
    *args: str,
    server: FaultServer | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 90,
    hosts: dict[str, Any] | None = None,
) -> Run:
    """``python -m crawler --data DATA --allow-loopback --json …`` with fast test settings.

    ``hosts``: the test resolver's answers (``CRAWLER_TEST_HOSTS``), e.g. ``{"bücher.eu":
    ["127.0.0.2"], "*": "nxdomain"}``; loopback addresses only, no DNS query is made.
    """
    report = data.parent / "report.json"
    report.unlink(missing_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CRAWLER_TEST_"))}
    if hosts is not None:
        hosts_file = data.parent / "test-hosts.json"
        hosts_file.write_text(json.dumps(hosts, ensure_ascii=False), encoding="utf-8")
        environment["CRAWLER_TEST_HOSTS"] = str(hosts_file)
    if server is not None:
        environment["SSL_CERT_FILE"] = str(server.ca_file)
    environment.update(env or {})
    command = [sys.executable, "-m", "crawler", "--data", str(data), "--allow-loopback", "--json", str(report),
               "--timeout", "2", "--backoff", "0.1", "--retry-after-max", "5", *args]  # fmt: skip
    done = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=timeout)
    parsed = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    status_dir = Path(args[args.index("--status") + 1]) if "--status" in args else data / "status"
    check_against_schemas(parsed, None if "--no-status" in args else status_dir)
    return Run(done.returncode, done.stdout, done.stderr, parsed)


@functools.cache
def _validators() -> tuple[Any, Any, Any]:
    from jsonschema import Draft202012Validator, FormatChecker

    def load(name: str) -> dict[str, Any]:
        return json.loads((REPO / "data" / "schema" / name).read_text(encoding="utf-8"))

    status, report = load("status.schema.json"), load("report.schema.json")
    summary = {"$ref": "#/$defs/summary", "$defs": status["$defs"]}
    return tuple(Draft202012Validator(s, format_checker=FormatChecker()) for s in (status, summary, report))


def check_against_schemas(report: dict[str, Any] | None, status_dir: Path | None) -> None:
    """Every file the crawler really wrote matches its published schema (data/schema/status.schema.json,
    report.schema.json): checked after every run of these tests."""
    status_schema, summary_schema, report_schema = _validators()
    problems = []
    if report is not None:
        problems += [f"report: {e.json_path}: {e.message}" for e in report_schema.iter_errors(report)]
    if status_dir is not None and status_dir.is_dir():
        for path in sorted(status_dir.glob("*/*.json")) + sorted(status_dir.glob("summary.json")):
            schema = summary_schema if path.name == "summary.json" else status_schema
            data = json.loads(path.read_text(encoding="utf-8"))
            problems += [f"{path}: {e.json_path}: {e.message}" for e in schema.iter_errors(data)]
    assert problems == []


@pytest.fixture(scope="module")
def fault_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultServer]:
    server = FaultServer(tmp_path_factory.mktemp("faultserver")).start()
    yield server
    server.stop()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data(tmp_path)
