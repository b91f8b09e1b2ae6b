"""No false alarm on a working register, and no half-written status folder (issue 11).

Host names are answered by the crawler's own resolver from a test map (``CRAWLER_TEST_HOSTS``,
honoured only with ``--allow-loopback``), so no DNS query leaves the machine and every
connection goes to the fault server on 127.0.0.0/8 (an IPv6-only host is given the
IPv4-mapped address ``::ffff:127.0.0.2``: an AAAA answer that still reaches 127.0.0.2).
"""

from __future__ import annotations

import json
import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.crawler.conftest import run_crawler, write
from tests.crawler.faultserver import FaultServer

DAY = ["2026-11-02T03:17:00Z", "2026-11-09T03:17:00Z", "2026-11-16T03:17:00Z", "2026-11-23T03:17:00Z"]
CANARIES_OK = {"a.root-servers.net": ["127.0.0.1"], "europa.eu": ["127.0.0.1"]}


def status_of(data: Path, register: str) -> dict[str, Any]:
    return json.loads((data / "status" / register[:2] / f"{register}.json").read_text(encoding="utf-8"))


def port(server: FaultServer) -> int:
    return server.listeners["a"].port


# -- internationalised host names --------------------------------------------------------------


def test_idn_host_is_one_host_in_either_form(data: Path, fault_server: FaultServer) -> None:
    p = port(fault_server)
    write(data, "ee-idn-ok", f"http://bücher.eu:{p}/temp", expect="Kutseregister")
    write(data, "ee-idn-perm", f"http://Bücher.EU:{p}/perm")
    write(data, "ee-idn-punycode", f"http://xn--bcher-kva.eu:{p}/ok")
    write(data, "ee-idn-cross", f"http://bücher.eu:{p}/cross")
    hosts = {"bücher.eu": ["127.0.0.2"], **CANARIES_OK}
    run = run_crawler(data, "--no-status", server=fault_server, hosts=hosts)
    assert run.report is not None, run.stderr
    ok = run.result("ee-idn-ok")
    assert (ok["state"], ok["detail"]) == ("ok", None), ok
    assert ok["final_url"] == f"http://bücher.eu:{p}/ok"  # reported in the form the file uses
    perm = run.result("ee-idn-perm")
    assert (perm["state"], perm["detail"]) == ("redirected", "permanent"), perm
    assert perm["suggested_url"] == f"http://bücher.eu:{p}/ok"
    assert all("xn--" not in hop["url"] for hop in perm["redirects"])
    assert run.result("ee-idn-punycode")["state"] == "ok"
    cross = run.result("ee-idn-cross")
    assert (cross["state"], cross["detail"]) == ("moved", "other_domain")  # a real move still is one


def test_canonical_forms() -> None:
    from crawler.sites import canonical_url, host_of, same_site, same_url

    assert host_of("https://Bücher.EU./x") == host_of("https://xn--bcher-kva.eu/") == "xn--bcher-kva.eu"
    assert host_of("https://faß.de/") == "xn--fa-hia.de"  # IDNA 2008: ß is kept, not mapped to ss
    assert same_site("https://bücher.eu/", "https://www.xn--bcher-kva.eu/a")
    assert canonical_url("http://xn--bcher-kva.eu:81/a?b=1#c") == "http://bücher.eu:81/a?b=1#c"
    assert canonical_url("https://WWW.Example.org/") == "https://WWW.Example.org/"  # ASCII: untouched
    assert same_url("https://xn--bcher-kva.eu/", "https://bücher.eu/")


# -- A and AAAA -----------------------------------------------------------------------------


def test_ipv6_only_host_is_not_nxdomain(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-ipv6-only", f"http://v6only.eu:{port(fault_server)}/ok", expect="Kutseregister")
    run = run_crawler(data, "--no-status", server=fault_server, hosts={"v6only.eu": ["::ffff:127.0.0.2"]})
    result = run.result("ee-ipv6-only")
    assert (result["state"], result["detail"]) == ("ok", None), result


def test_lookup_asks_for_both_families(monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler import resolver

    asked: list[int] = []

    def only_aaaa(host: str, port: Any, family: int = 0, type: int = 0, *rest: Any) -> list[tuple[Any, ...]]:
        asked.append(family)
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2001:db8::1", 0, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", only_aaaa)
    assert resolver.lookup("v6only.eu") == ["2001:db8::1"]
    assert asked == [socket.AF_UNSPEC]


def test_test_map_accepts_loopback_answers_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crawler import resolver

    path = tmp_path / "hosts.json"
    path.write_text(json.dumps({"x.eu": ["192.0.2.1"]}))
    monkeypatch.setenv("CRAWLER_TEST_HOSTS", str(path))
    assert resolver.load_test_hosts(allow_loopback=False) is None  # never outside the tests' mode
    with pytest.raises(ValueError, match="only loopback"):
        resolver.load_test_hosts(allow_loopback=True)


# -- the degraded-run guard -------------------------------------------------------------------


def _four_registers(data: Path, server: FaultServer) -> None:
    for n in range(4):
        write(data, f"ee-site-{n}", f"http://site-{n}.eu:{port(server)}/ok")


def test_nxdomain_for_every_name_trips_the_guard(data: Path, fault_server: FaultServer) -> None:
    _four_registers(data, fault_server)
    for day in DAY[:3]:
        run = run_crawler(data, "--now", day, "--canaries", "", server=fault_server, hosts={"*": "nxdomain"})
        assert run.report is not None, run.stderr
        assert run.report["degraded"] is True
        assert {r["state"] for r in run.report["results"]} == {"dns_error"}
        assert run.code == 0, run.stderr  # nothing stale: the runner's resolver, not the sites
    assert not list((data / "status" / "ee").glob("*.json"))  # no state was ever known: none invented
    summary = json.loads((data / "status" / "summary.json").read_text(encoding="utf-8"))
    assert summary["degraded"] is True and summary["stale"] == []


def test_unresolvable_canaries_trip_the_guard(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-one", f"http://one.eu:{port(fault_server)}/status/404")
    hosts = {"one.eu": ["127.0.0.2"], "*": "nxdomain"}
    run = run_crawler(data, "--now", DAY[0], server=fault_server, hosts=hosts)
    assert run.report["degraded"] is True and "a.root-servers.net" in run.stderr
    assert not (data / "status" / "ee" / "ee-one.json").exists()
    healthy = run_crawler(data, "--now", DAY[1], server=fault_server, hosts={**hosts, **CANARIES_OK})
    assert healthy.report["degraded"] is False
    assert status_of(data, "ee-one")["urls"][0]["state"] == "not_found"


def test_degraded_first_run_records_no_state(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-fine", f"http://127.0.0.2:{port(fault_server)}/ok")
    for n in (4, 5, 6):
        write(data, f"ee-down-{n}", f"http://127.0.0.{n}:{fault_server.closed_port}/")
    run = run_crawler(data, "--now", DAY[0], server=fault_server)
    assert run.report["degraded"] is True
    assert not list((data / "status" / "ee").glob("ee-down-*.json"))
    summary = json.loads((data / "status" / "summary.json").read_text(encoding="utf-8"))
    assert summary["watching"] == [] and summary["counts"]["connection_error"] == 0


def test_degraded_url_entry_is_none_without_history() -> None:
    import datetime as dt

    from crawler.history import StaleRule, update_url
    from crawler.items import CheckResult
    from crawler.targets import UrlRef

    ref = UrlRef("ee-x", "ee", "f.yml", 1, "url", "https://x.ee/", None)
    result = CheckResult(ref.check.key, ref.url, "timeout", None, "no answer")
    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    assert update_url(None, ref, result, now, True, StaleRule()) is None
    assert update_url(None, ref, result, now, False, StaleRule()).state == "timeout"


# -- the status folder: entirely old or entirely new ----------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("phase", "new"),
    [("crawled", False), ("writing-status", False), ("status-complete", False), ("swapping", True),
     ("status-swapped", True)],
)  # fmt: skip
def test_sigterm_at_each_phase_leaves_old_or_new(data: Path, fault_server: FaultServer, phase: str, new: bool) -> None:
    for n in range(6):
        write(data, f"ee-reg-{n}", f"http://127.0.0.2:{port(fault_server)}/{'ok' if n % 2 else 'status/404'}")
    first = run_crawler(data, "--now", DAY[0], server=fault_server)
    assert first.code == 0, first.stderr
    folder = data / "status"
    before = _snapshot(folder)
    stopped = run_crawler(data, "--now", DAY[1], server=fault_server, env={"CRAWLER_TEST_STOP_AT": phase})
    assert stopped.code == 130, stopped.stderr
    assert "Traceback" not in stopped.stderr
    after = _snapshot(folder)
    if new:
        assert "new status was written" in stopped.stderr
        assert all(json.loads(text)["checked_at"] == DAY[1] for name, text in after.items() if "/" in name)
        summary = json.loads(after["summary.json"])
        assert summary["started_at"] == DAY[1]
        assert set(after) == set(before)
    else:
        assert "nothing was written" in stopped.stderr and "previous status is intact" in stopped.stderr
        assert after == before
    assert [p.name for p in data.iterdir() if p.name.startswith(".status")] == []


def test_a_killed_swap_is_completed_or_undone_at_the_next_start(tmp_path: Path) -> None:
    from registry import status as statusdir

    folder = tmp_path / "status"
    # Killed between the two renames: the folder is gone, the complete copy is "ready".
    (tmp_path / ".status.ready-999999999").mkdir()
    (tmp_path / ".status.ready-999999999" / "summary.json").write_text("new")
    (tmp_path / ".status.old-999999999").mkdir()
    (tmp_path / ".status.old-999999999" / "summary.json").write_text("old")
    (tmp_path / ".status.new-999999998").mkdir()  # a copy that was never finished
    assert "completed" in (statusdir.recover(folder) or "")
    assert (folder / "summary.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status"]
    # Killed after the first rename only, with no ready copy: the old folder comes back.
    os.replace(folder, tmp_path / ".status.old-999999999")
    assert "restored" in (statusdir.recover(folder) or "")
    assert (folder / "summary.json").read_text() == "new"


def test_files_are_written_with_the_umask(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-fine", f"http://127.0.0.2:{port(fault_server)}/ok")
    old = os.umask(0o022)
    try:
        run = run_crawler(data, "--markdown", str(data.parent / "r.md"), server=fault_server)
    finally:
        os.umask(old)
    assert run.code == 0, run.stderr
    for path in (data / "status" / "ee" / "ee-fine.json", data / "status" / "summary.json",
                 data.parent / "report.json", data.parent / "r.md"):  # fmt: skip
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


@pytest.mark.parametrize("exchange", [True, False])
def test_transaction_swaps_with_or_without_renameat2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     exchange: bool) -> None:  # fmt: skip
    from registry import status as statusdir

    if not exchange:
        monkeypatch.setattr(statusdir, "_exchange", lambda a, b: False)
    folder = tmp_path / "status"
    folder.mkdir()
    (folder / "a.json").write_text("old")
    with pytest.raises(RuntimeError), statusdir.transaction(folder) as work:
        statusdir.write_text(work.staging / "a.json", "half")
        raise RuntimeError("stopped")
    assert (folder / "a.json").read_text() == "old"
    with statusdir.transaction(folder) as work:
        statusdir.write_text(work.staging / "a.json", "new")
        statusdir.write_text(work.staging / "b.json", "new")
    assert work.committed and sorted(p.name for p in folder.iterdir()) == ["a.json", "b.json"]
    assert (folder / "a.json").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status"]
