"""Every state and every rule of the issue, end to end: one crawl of the fault server.

All cases run in one ``python -m crawler`` (a module-scoped fixture), as a real run would:
many hosts in parallel, retries, the second pass. Each test then reads its own register's
result from the JSON report. The table below is the "case → state" table of docs/crawler.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crawler.conftest import Run, make_data, run_crawler, write
from tests.crawler.faultserver import FaultServer

EXPECT = "Kutseregister"

# (register id, listener, path, check.expect, state, detail)
CASES: list[tuple[str, str, str, str | None, str, str | None]] = [
    ("ee-ok", "a", "/ok", EXPECT, "ok", None),
    ("ee-temporary-302", "a", "/temp", None, "ok", None),
    ("ee-temporary-307", "a", "/temp-307", None, "ok", None),
    ("ee-meta-same-site", "a", "/meta-same", None, "ok", None),
    ("ee-permanent-chain", "a", "/perm", None, "redirected", "permanent"),
    ("ee-permanent-then-temporary", "a", "/perm-then-temp", None, "redirected", "permanent"),
    ("ee-https-upgrade", "a", "/up", None, "redirected", "permanent"),
    ("ee-cross-domain", "a", "/cross", None, "moved", "other_domain"),
    ("ee-meta-cross-domain", "a", "/meta-cross", None, "moved", "meta_refresh"),
    ("ee-refused-redirect", "a", "/to-zero", None, "moved", "unspecified_address"),
    ("ee-expect-missing", "a", "/ok", "Ettevõtjaportaal", "content_missing", "expect_missing"),
    ("ee-parked", "a", "/parked", None, "content_missing", "parked"),
    ("ee-soft404-de", "a", "/soft404/de", None, "content_missing", "soft404"),
    ("ee-soft404-fr", "a", "/soft404/fr", None, "content_missing", "soft404"),
    ("ee-soft404-pl", "a", "/soft404/pl", None, "content_missing", "soft404"),
    ("ee-soft404-et", "a", "/soft404/et", None, "content_missing", "soft404"),
    ("ee-soft404-el", "a", "/soft404/el", None, "content_missing", "soft404"),
    ("ee-soft404-en", "a", "/soft404/en", None, "content_missing", "soft404"),
    ("ee-home-fallback", "a", "/deep/register/search", None, "content_missing", "home_fallback"),
    ("ee-not-found", "a", "/status/404", None, "not_found", None),
    ("ee-gone", "a", "/status/410", None, "not_found", "gone"),
    ("ee-client-error", "a", "/status/400", None, "client_error", "status_400"),
    ("ee-teapot", "a", "/status/418", None, "client_error", "status_418"),
    ("ee-loop", "a", "/loop-a", None, "redirect_loop", "cycle"),
    ("ee-too-many", "a", "/many/0", None, "redirect_loop", "too_many"),
    ("ee-nxdomain", "a", "/to-invalid", None, "dns_error", "nxdomain"),
    ("ee-server-error", "a", "/always-500", None, "server_error", "status_500"),
    ("ee-slow", "a", "/slow", None, "timeout", None),
    ("ee-closed-port", "closed", "/", None, "connection_error", "refused"),
    ("ee-reset", "a", "/reset", None, "connection_error", "reset"),
    ("ee-auth", "a", "/status/401", None, "auth_required", None),
    ("ee-forbidden", "a", "/status/403", None, "blocked", "forbidden"),
    ("ee-status-999", "a", "/status/999", None, "blocked", "status_999"),
    ("ee-cf-mitigated", "a", "/cf-challenge", None, "blocked", "challenge"),
    ("ee-challenge-page", "a", "/challenge-page", None, "blocked", "challenge"),
    ("ee-rate-limited", "a", "/rate-always", None, "blocked", "rate_limited"),
    ("ee-retry-after-honoured", "a", "/rate-once", EXPECT, "ok", None),
    ("ee-flaky", "a", "/flaky", EXPECT, "ok", None),
    ("ee-huge", "a", "/huge", EXPECT, "ok", None),
    ("ee-declared-64-mib", "a", "/huge?declared=67108864", EXPECT, "ok", None),
    ("ee-latin1", "a", "/latin1", "Fédération nationale", "ok", None),
    ("ee-cp1250-meta", "a", "/cp1250", "Rejstřík živností", "ok", None),
    ("ee-gzip", "a", "/gzip", "compressed", "ok", None),
    ("ee-brotli", "a", "/br", "compressed", "ok", None),
    ("ee-deflate", "a", "/deflate", "compressed", "ok", None),
    ("ee-tls-ok", "tls", "/ok", EXPECT, "ok", None),
    ("ee-tls-expired", "expired", "/ok", None, "tls_error", "expired"),
    ("ee-tls-self-signed", "self_signed", "/ok", None, "tls_error", "self_signed"),
    ("ee-tls-wrong-host", "wrong_host", "/ok", None, "tls_error", "wrong_host"),
    ("ee-tls-incomplete-chain", "incomplete", "/ok", None, "tls_error", "incomplete_chain"),
    ("ee-tls-handshake", "handshake", "/ok", None, "tls_error", "handshake"),
]


def case_url(server: FaultServer, listener: str, path: str) -> str:
    if listener == "closed":
        return f"http://127.0.0.2:{server.closed_port}{path}"
    if listener == "handshake":  # https:// to a plain-HTTP port: the TLS handshake fails
        return f"https://127.0.0.2:{server.listeners['a'].port}{path}"
    return server.url(listener, path)


@pytest.fixture(scope="module")
def crawl(fault_server: FaultServer, tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path]:
    data = make_data(tmp_path_factory.mktemp("states"))
    for register_id, listener, path, expect, _, _ in CASES:
        write(data, register_id, case_url(fault_server, listener, path), expect=expect)
    fault_server.requests.clear()
    run = run_crawler(data, "--markdown", str(data.parent / "report.md"), server=fault_server)
    return run, data


@pytest.mark.parametrize(
    ("register", "state", "detail"), [(c[0], c[4], c[5]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_case_gets_its_state(crawl: tuple[Run, Path], register: str, state: str, detail: str | None) -> None:
    run, _ = crawl
    result = run.result(register)
    assert (result["state"], result["detail"]) == (state, detail), result


def test_every_state_is_produced(crawl: tuple[Run, Path]) -> None:
    from registry.states import STATES

    run, _ = crawl
    assert {r["state"] for r in run.report["results"]} == set(STATES)


def test_report_shape_and_lines(crawl: tuple[Run, Path]) -> None:
    run, _ = crawl
    assert set(run.report) == {"started_at", "finished_at", "degraded", "results"}
    keys = {"register", "file", "line", "url", "state", "detail", "message", "http_status", "final_url",
            "redirects", "suggested_url", "elapsed_ms"}  # fmt: skip
    for result in run.report["results"]:
        assert set(result) == keys
        text = Path(result["file"]).read_text(encoding="utf-8") if Path(result["file"]).is_absolute() else (
            (Path(__file__).resolve().parents[2] / result["file"]).read_text(encoding="utf-8"))  # fmt: skip
        assert text.splitlines()[result["line"] - 1].startswith(f"url: {result['url']}")
    assert run.code == 0  # first run: nothing can be stale yet


def test_redirect_chain_and_suggestion(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    run, _ = crawl
    chain = run.result("ee-permanent-chain")
    assert [hop["status"] for hop in chain["redirects"]] == [301, 308]
    assert chain["suggested_url"] == fault_server.url("a", "/ok") == chain["final_url"]
    mixed = run.result("ee-permanent-then-temporary")
    assert mixed["suggested_url"] == fault_server.url("a", "/landing-temp")  # not the temporary target
    upgrade = run.result("ee-https-upgrade")
    assert upgrade["suggested_url"] == fault_server.url("tls_a", "/up")
    temporary = run.result("ee-temporary-302")
    assert temporary["suggested_url"] is None and temporary["redirects"][0]["status"] == 302
    moved = run.result("ee-cross-domain")
    assert moved["final_url"] == fault_server.url("b", "/ok")
    meta = run.result("ee-meta-cross-domain")
    assert meta["redirects"] == [{"url": fault_server.url("a", "/meta-cross"), "status": "meta_refresh"}]


def test_refused_redirect_never_connects(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    run, _ = crawl
    result = run.result("ee-refused-redirect")
    assert "0.0.0.0" in result["message"] and "unspecified" in result["message"]
    assert not [r for r in fault_server.requests if r.headers.get("host", "").startswith("0.0.0.0")]
    assert not [r for r in fault_server.requests if r.listener == "c"]


def test_retry_after_is_honoured(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    run, _ = crawl
    times = [r.at for r in fault_server.requests if r.path == "/rate-once"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert run.result("ee-retry-after-honoured")["elapsed_ms"] >= 950
    # Retry-After: 3600 is more than --retry-after-max: not waited for, not retried.
    assert fault_server.hits["/rate-always"] == 1
    assert run.result("ee-rate-limited")["elapsed_ms"] < 3000


def test_flaky_and_failing_servers_are_retried(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    assert fault_server.hits["/flaky"] == 2
    # 3 attempts in the first pass (2 retries) and 3 in the second pass over failures.
    assert fault_server.hits["/always-500"] == 6
    assert fault_server.hits["/status/404"] == 2  # no retry, but the second pass
    assert fault_server.hits["/status/403"] == 1  # a warning: no second pass


def test_huge_body_is_cut_at_256_kib_without_waiting(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    run, _ = crawl
    assert run.result("ee-huge")["elapsed_ms"] < 1500  # the server keeps the rest back for 30 s
    assert run.result("ee-declared-64-mib")["elapsed_ms"] < 1500  # declared 64 MiB: read like any page
    assert fault_server.huge_closed and max(fault_server.huge_closed) < 2.0


def test_timeout_is_bounded(crawl: tuple[Run, Path]) -> None:
    run, _ = crawl
    # 3 attempts of 2 s plus backoff, twice (second pass): far below the server's 30 s.
    assert run.result("ee-slow")["elapsed_ms"] < 8000


def test_only_get_requests_and_an_honest_user_agent(crawl: tuple[Run, Path], fault_server: FaultServer) -> None:
    assert {r.method for r in fault_server.requests} == {"GET"}
    agents = {r.headers.get("user-agent") for r in fault_server.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert "OpenRegistersDirectory" in agent and "https://" in agent


def test_markdown_lists_problems_with_links(crawl: tuple[Run, Path]) -> None:
    _, data = crawl
    text = (data.parent / "report.md").read_text(encoding="utf-8")
    watching = text.index("### Watching")
    warnings = text.index("### Warnings")
    assert text.index("### Stale") < watching < warnings
    assert "ee-not-found.yml:11](" in text and "#L11)" in text
    assert "`ee-permanent-chain`" in text[warnings:]
