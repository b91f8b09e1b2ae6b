"""``python -m crawler`` as CI runs it: several runs over days (injected with --now), --fix,
the degraded-run guard, an interrupted run, exit codes and the JUnit/annotation outputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.crawler.conftest import REPO, run_crawler, write
from tests.crawler.faultserver import FaultServer

DAY = ["2026-11-02T03:17:00Z", "2026-11-03T03:17:00Z", "2026-11-06T03:17:00Z"]


def status_of(data: Path, register: str) -> dict:
    return json.loads((data / "status" / "ee" / f"{register}.json").read_text(encoding="utf-8"))


def test_stale_after_repeated_runs_and_exit_codes(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-gone", fault_server.url("a", "/status/404"))
    write(data, "ee-fine", fault_server.url("a", "/ok"), expect="Kutseregister")
    codes = []
    for day in DAY:
        run = run_crawler(data, "--now", day, server=fault_server)
        codes.append(run.code)
    assert codes == [0, 0, 1]  # hard state in runs 4 days apart: stale on the third run only
    gone = status_of(data, "ee-gone")
    assert gone["stale"] and gone["checked_at"] == DAY[2]
    url = gone["urls"][0]
    assert (url["state"], url["class"], url["failing_runs"], url["since"]) == ("not_found", "hard", 3, DAY[0])
    assert [h["at"] for h in url["history"]] == DAY and url["last_ok"] is None
    fine = status_of(data, "ee-fine")["urls"][0]
    assert fine["last_ok"] == DAY[2] and not fine["stale"]
    summary = json.loads((data / "status" / "summary.json").read_text(encoding="utf-8"))
    assert summary["stale"] == ["ee-gone"] and summary["counts"]["ok"] == 1 and summary["degraded"] is False
    text = (data / "status" / "ee" / "ee-gone.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_fix_rewrites_only_the_url_after_two_runs(data: Path, fault_server: FaultServer) -> None:
    old = fault_server.url("a", "/perm")
    path = write(data, "ee-moved", old, search_url=fault_server.url("a", "/ok"))
    before = path.read_bytes()
    first = run_crawler(data, "--fix", "--now", DAY[0], server=fault_server)
    assert first.result("ee-moved", old)["state"] == "redirected"
    assert path.read_bytes() == before  # one run is not enough
    run_crawler(data, "--fix", "--now", DAY[1], server=fault_server)
    after = path.read_bytes()
    new = fault_server.url("a", "/ok")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [(f"url: {old}   # the entry page".encode(), f"url: {new}   # the entry page".encode())]
    assert after.replace(new.encode(), old.encode(), 1) == before  # every other byte (comments, sources) kept
    assert f"  url: {old}".encode() in after  # authority.url and sources are not the checked URL


def test_degraded_run_moves_no_counter(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-fine", fault_server.url("a", "/ok"))
    for n in (4, 5, 6):
        write(data, f"ee-down-{n}", f"http://127.0.0.{n}:{fault_server.closed_port}/")
    normal = run_crawler(data, "--now", DAY[0], "--degraded-ratio", "1", server=fault_server)
    assert normal.report["degraded"] is False
    assert status_of(data, "ee-down-4")["urls"][0]["failing_runs"] == 1
    degraded = run_crawler(data, "--now", DAY[2], server=fault_server)
    assert degraded.report["degraded"] is True
    down = status_of(data, "ee-down-4")["urls"][0]
    assert down["failing_runs"] == 1 and down["since"] == DAY[0]
    assert down["history"][-1]["degraded"] is True
    summary = json.loads((data / "status" / "summary.json").read_text(encoding="utf-8"))
    assert summary["degraded"] is True and summary["soft_failing_hosts"] == 3


def test_interrupted_run_leaves_previous_status_intact(data: Path, fault_server: FaultServer) -> None:
    write(data, "ee-slow", fault_server.url("a", "/slow"))
    status = data / "status" / "ee" / "ee-slow.json"
    status.parent.mkdir(parents=True)
    status.write_text('{"register": "ee-slow", "urls": []}\n', encoding="utf-8")
    before = {p: p.read_bytes() for p in (data / "status").rglob("*") if p.is_file()}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler", "--data", str(data), "--allow-loopback", "--timeout", "20",
         "--json", str(data.parent / "r.json")],
        cwd=REPO, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    line = process.stderr.readline()
    assert "checking 1 URL" in line
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130, err
    assert "nothing was written" in err and "Traceback" not in err
    after = {p: p.read_bytes() for p in (data / "status").rglob("*") if p.is_file()}
    assert after == before and not (data.parent / "r.json").exists()


def test_invalid_data_and_usage_errors_exit_2(data: Path, fault_server: FaultServer) -> None:
    path = write(data, "ee-bad", fault_server.url("a", "/ok"))
    path.write_text(path.read_text(encoding="utf-8").replace("kind: professional", "kind: imaginary"), encoding="utf-8")
    run = run_crawler(data, server=fault_server)
    assert run.code == 2 and "ee-bad.yml:" in run.stderr and "kind" in run.stderr and run.report is None
    for args in (["--only", "ee-nope"], ["--fix", "--no-status"], ["--timeout", "-1"], ["--bogus"]):
        bad = run_crawler(data, *args, server=fault_server)
        assert bad.code == 2, (args, bad.stderr)
        assert "Traceback" not in bad.stderr


def test_no_status_junit_and_github_annotations(data: Path, fault_server: FaultServer) -> None:
    gone = write(data, "ee-gone", fault_server.url("a", "/status/404"))
    write(data, "ee-forbidden", fault_server.url("a", "/status/403"))
    write(data, "ee-fine", fault_server.url("a", "/ok"), reviewed=None)
    junit = data.parent / "crawl.xml"
    markdown = data.parent / "crawl.md"
    run = run_crawler(data, "--no-status", "--junit", str(junit), "--markdown", str(markdown),
                      "--only", "ee-gone", "ee-forbidden", "ee-fine",
                      server=fault_server, env={"GITHUB_ACTIONS": "true"})  # fmt: skip
    assert run.code == 0 and not (data / "status").exists()
    error = next(line for line in run.stdout.splitlines() if line.startswith("::error"))
    assert f"file={run.result('ee-gone')['file']}" in error.replace("%3A", ":") and ",line=11," in error
    assert any(line.startswith("::warning") and "ee-forbidden" in line for line in run.stdout.splitlines())
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    failed = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert [case.get("classname") for case in failed] == ["ee-gone"] and failed[0].get("line") == "11"
    text = markdown.read_text(encoding="utf-8")
    assert "### Due for review (1)" in text and "`ee-fine`" in text
    assert str(gone) in run.result("ee-gone")["file"] or gone.name in run.result("ee-gone")["file"]
