"""Benchmark: the whole ``python -m crawler`` on 1,000 register URLs over 100 slow loopback hosts.

Run: python benchmarks/bench_crawler.py [--registers 1000] [--hosts 100] [--delay 0.2]

Every host (127.0.0.1 … 127.0.0.100, each its own Scrapy download slot) answers each request
after 200 ms, and the crawler allows 2 requests at once per host, so 10 URLs per host cannot
take less than 5 × 200 ms = 1.0 s. Target: the whole command (start-up and loading 1,000
register files included) under 3.0 s wall time and 300 MB peak memory. Prints wall time, the
child's CPU time (user + sys) and peak RSS, and exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.crawler_slowserver import SlowServer  # noqa: E402

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: {id}
status: active
country: EE
name:
  et: Register {n}
  en: Register {n}
authority:
  name: {{en: Authority {n}}}
  url: {url}
url: {url}
kind: professional
areas: [professional-qualifications]
information: [registration]
search_by: [name]
access: {{cost: free, login: none, captcha: false}}
languages: [et, en]
check: {{expect: "Register search"}}
sources:
  - url: {url}
    confirms: [url]
"""


class TreeMemory:
    """Samples the summed RSS of a process and its descendants every 20 ms (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, frontier = [], [self.pid]
        while frontier:
            pid = frontier.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as handle:
                        frontier += [int(child) for child in handle.read().split()]
            except OSError:
                continue
        return pids

    def _run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.wait(0.02):
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/statm") as handle:
                        total += int(handle.read().split()[1]) * page
                except OSError:
                    continue
            self.peak = max(self.peak, total)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def write_data(target: Path, addresses: list[tuple[str, int]], count: int) -> None:
    shutil.copytree(REPO / "data/schema", target / "schema")
    shutil.copytree(REPO / "data/vocabularies", target / "vocabularies")
    folder = target / "registers" / "ee"
    folder.mkdir(parents=True)
    for n in range(count):
        host, port = addresses[n % len(addresses)]
        register_id = f"ee-bench-{n:04d}"
        url = f"http://{host}:{port}/register/{n}"
        (folder / f"{register_id}.yml").write_text(TEMPLATE.format(id=register_id, n=n, url=url), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--registers", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--max-wall", type=float, default=3.0)
    parser.add_argument("--max-rss-mb", type=float, default=300.0)
    args = parser.parse_args()

    server = SlowServer(args.hosts, args.delay)
    addresses = server.start()
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary) / "data"
        write_data(data, addresses, args.registers)
        report = Path(temporary) / "crawl.json"
        command = [sys.executable, "-m", "crawler", "--data", str(data), "--allow-loopback", "--no-status",
                   "--json", str(report), "--timeout", "10"]  # fmt: skip
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sampler = TreeMemory(process.pid)
        stdout, stderr = process.communicate()
        wall = time.perf_counter() - start
        sampler.stop()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        server.stop()
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            print(f"crawler exited {done.returncode}", file=sys.stderr)
            return 1
        results = json.loads(report.read_text(encoding="utf-8"))["results"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rss_mb = after.ru_maxrss / 1024  # kilobytes on Linux: the largest single process
    tree_mb = sampler.peak / 1024 / 1024
    states: dict[str, int] = {}
    for result in results:
        states[result["state"]] = states.get(result["state"], 0) + 1
    floor = args.delay * -(-args.registers // (args.hosts * 2))
    print(f"{args.registers} URLs on {args.hosts} hosts, {args.delay * 1000:.0f} ms per answer (floor {floor:.1f} s)")
    print(
        f"wall {wall:.2f} s · CPU {cpu:.2f} s (user+sys of the crawler processes) · "
        f"peak RSS {rss_mb:.0f} MB (largest process), {tree_mb:.0f} MB (whole process tree, sampled)"
    )
    print(
        f"states: {states}; server: peak concurrency {server.peak}, {server.requests} requests "
        f"on {server.connections} connections"
    )
    ok = wall < args.max_wall and max(rss_mb, tree_mb) < args.max_rss_mb and states.get("ok") == args.registers
    print("PASS" if ok else f"FAIL (targets: < {args.max_wall} s, < {args.max_rss_mb} MB, all ok)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
