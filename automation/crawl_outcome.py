"""Decide whether a crawler run failed as a *tool* (red job) or only found failing sites (green job).

python -m automation.crawl_outcome EXIT_CODE [--report crawl.json] [--status data/status]

The crawler exits 0 (nothing stale), 1 (something stale) or 2 (usage or data error). A
Python crash also exits 1, so exit 1 alone cannot tell "sites fail" from "the crawler
broke": the run only counts as healthy when the files it promises were written and are
readable. Exit 0 when the run is usable, 1 otherwise (with the reason).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


def problem(exit_code: int, report: Path | None, status: Path | None) -> str | None:
    """Why the run is a tool failure, or None when it is usable."""
    if exit_code == 2:
        return "the crawler refused its input (exit 2): see its errors above (invalid data or options)"
    if exit_code not in (0, 1):
        return f"the crawler ended with exit code {exit_code} (killed, timed out or crashed)"
    for path, key in ((report, "results"), (status / "summary.json" if status else None, "finished_at")):
        if path is None:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return f"the crawler exited {exit_code} but {path} is missing or unreadable ({exc}): it probably crashed"
        if not isinstance(data, dict) or key not in data:
            return f"the crawler exited {exit_code} but {path} has no '{key}': it probably crashed"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m automation.crawl_outcome", description=__doc__.split("\n")[0])
    parser.add_argument("exit_code", type=int, metavar="EXIT_CODE", help="the crawler's exit code")
    parser.add_argument("--report", type=Path, default=None, help="the --json report the run should have written")
    parser.add_argument("--status", type=Path, default=None, help="the status folder the run should have written")
    args = parser.parse_args(argv)
    reason = problem(args.exit_code, args.report, args.status)
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    verdict = "something is stale (see the report)" if args.exit_code == 1 else "nothing is stale"
    print(f"crawler run usable: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
