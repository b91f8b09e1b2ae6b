"""Fixtures for the automation tests: a fake GitHub on loopback and crawler status files.

No test here sends a packet outside 127.0.0.0/8: the API URL is an IP literal on loopback
(no name is resolved), and links in issue bodies are only text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.automation.fake_github import TOKEN, FakeGitHub
from tests.conftest import VALID_REGISTER, write_register

REPO_NAME = "acme/registers"


class FakeClock:
    """Time for the GitHub client that passes only when it sleeps: the tests never wait."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    import automation.github

    fake_clock = FakeClock()
    monkeypatch.setattr(automation.github, "CLOCK", fake_clock)
    return fake_clock


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Iterator[FakeGitHub]:
    with FakeGitHub(REPO_NAME) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.delenv("GH_TOKEN", raising=False)
        monkeypatch.delenv("GITHUB_SERVER_URL", raising=False)
        monkeypatch.setenv("GITHUB_REPOSITORY", REPO_NAME)
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield server


def url_status(
    state: str = "ok",
    *,
    field: str = "url",
    url: str = "https://www.kutseregister.ee/",
    stale: bool = False,
    since: str | None = "2026-01-01T03:00:00Z",
    failing_runs: int = 0,
    detail: str | None = None,
    cls: str | None = None,
    suggested_url: str | None = None,
) -> dict[str, Any]:
    """One URL entry of a status file, as the crawler's contract describes it."""
    from registry.status import state_class

    return {
        "field": field,
        "url": url,
        "state": state,
        "detail": detail,
        "class": cls or state_class(state, detail),
        "since": since if state != "ok" else None,
        "last_ok": "2025-12-20T03:00:00Z",
        "failing_runs": failing_runs,
        "stale": stale,
        "suggested_url": suggested_url,
        "history": [
            {"checked_at": "2025-12-20T03:00:00Z", "state": "ok", "http_status": 200},
            {"checked_at": since or "2026-01-01T03:00:00Z", "state": state, "http_status": 404},
        ],
        "transitions": [],
    }


class StatusDir:
    """Writes ``data/status`` the way the crawler would, one run at a time."""

    def __init__(self, root: Path) -> None:
        self.data = root / "data"
        self.path = self.data / "status"
        self.path.mkdir(parents=True)
        (self.data / "registers").mkdir()

    def register(self, register_id: str, *urls: dict[str, Any], stale: bool | None = None) -> None:
        country = register_id[:2]
        payload = {
            "register": register_id,
            "checked_at": "2026-01-08T03:00:00Z",
            "stale": any(u["stale"] for u in urls) if stale is None else stale,
            "urls": list(urls) or [url_status()],
        }
        path = self.path / country / f"{register_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=2, sort_keys=True), encoding="utf-8")

    def remove(self, register_id: str) -> None:
        (self.path / register_id[:2] / f"{register_id}.json").unlink()

    def summary(self, *, degraded: bool = False, finished_at: str = "2026-01-08T03:10:00Z") -> None:
        registers = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.path.glob("*/*.json"))]
        payload = {
            "started_at": "2026-01-08T03:00:00Z",
            "finished_at": finished_at,
            "degraded": degraded,
            "registers": len(registers),
            "urls": sum(len(r["urls"]) for r in registers),
            "counts": {},
            "stale": [r["register"] for r in registers if r["stale"]],
            "watching": [],
            "warnings": [],
        }
        (self.path / "summary.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")

    def write_register_file(self, register_id: str = "ee-kutseregister") -> Path:
        text = VALID_REGISTER.replace("ee-kutseregister", register_id)
        return write_register(self.data, text, name=register_id, folder=register_id[:2])


@pytest.fixture
def status(tmp_path: Path) -> StatusDir:
    return StatusDir(tmp_path)
