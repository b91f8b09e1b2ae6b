"""`build.py serve` edit latency: how long after saving a register file the page shows the change.

    python benchmarks/bench_serve.py [--edits 5] [--languages LIST]

Copies the shipped data/ into a temporary folder, starts ``build.py serve`` on it (a free port),
waits for the first build, then edits one register's English name several times (a different
register each time). For each edit it measures, from the moment the file is written:

- page: until the English register page served over HTTP shows the new name (target ≤ 1 s);
- index: until the English search bundle was replaced (target: a few seconds).

The watcher's own delay (file-system events, debounce) is included: this is what a person sees.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--languages", default=None, help="site languages (default: all 26)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(REPO / "data", data)
        out = Path(tmp) / "public"
        port = free_port()
        command = [sys.executable, str(REPO / "build.py"), "serve", "--data", str(data), "--out", str(out),
                   "--port", str(port)] + (["--languages", args.languages] if args.languages else [])  # fmt: skip
        start = time.perf_counter()
        server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp)
        lines: list[str] = []
        try:
            assert server.stdout is not None
            for line in server.stdout:
                lines.append(line)
                if line.startswith("serving "):
                    break
            else:
                print("".join(lines))
                return 1
            print(f"first build and server ready: {time.perf_counter() - start:.1f} s")
            import threading

            threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()
            time.sleep(2)  # the watcher starts after the "serving" line
            files = sorted((data / "registers").glob("*/*.yml"))
            page_times, index_times = [], []
            for number in range(args.edits):
                path = files[(number * 37) % len(files)]
                text = path.read_text("utf-8")
                match = re.search(r"^name:\n(?:  [a-z]{2}: .*\n)*?(  en: )(.+)$", text, re.M)
                if not match:
                    continue
                marker = f"Edited{number}x"
                register_id = path.stem
                page = f"http://127.0.0.1:{port}/en/registers/{register_id}/"
                bundle = out / "en" / "pagefind" / "pagefind-entry.json"
                before = bundle.stat().st_ino if bundle.exists() else None
                edited = text[: match.start(2)] + marker + " " + text[match.start(2):]  # fmt: skip
                written = time.perf_counter()
                path.write_text(edited, "utf-8")
                page_time = index_time = None
                while time.perf_counter() - written < 30:
                    now = time.perf_counter() - written
                    if page_time is None and marker in fetch(page):
                        page_time = now
                    if index_time is None and bundle.exists() and bundle.stat().st_ino != before:
                        index_time = now
                    if page_time is not None and index_time is not None:
                        break
                    time.sleep(0.01)
                shown = [f"{t:.2f} s" if t is not None else "not seen" for t in (page_time, index_time)]
                print(f"edit {number + 1} ({register_id}): page {shown[0]}, search index {shown[1]}")
                if page_time is not None:
                    page_times.append(page_time)
                if index_time is not None:
                    index_times.append(index_time)
                time.sleep(max(0.0, 1.0 - (time.perf_counter() - written)))
        finally:
            server.terminate()
            server.wait()
        print("server log:\n  " + "  ".join(line for line in lines if "rebuilt" in line or "index" in line
                                                or "error" in line))  # fmt: skip
        if not page_times:
            print("".join(lines[-20:]))
            return 1
        print(f"one-register edit → page: median {statistics.median(page_times):.2f} s, max {max(page_times):.2f} s "
              f"(target ≤ 1 s); search index: median {statistics.median(index_times or [0]):.1f} s")  # fmt: skip
        return 0 if statistics.median(page_times) <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
