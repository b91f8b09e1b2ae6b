"""Print the ids of the register files a pull request adds or changes, one per line.

python -m automation.changed_registers BASE [--data data]

The pull-request workflow feeds them to ``python -m crawler --only …`` so a PR crawls only
its own registers. Exit 0 (also when nothing changed: then nothing is printed), 2 when BASE
is not a revision or git is unavailable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from automation.gitutil import GitError, changed_register_ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m automation.changed_registers", description=__doc__.split("\n")[0])
    parser.add_argument("base", metavar="BASE", help="git revision to compare with (e.g. HEAD^1, origin/main)")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    args = parser.parse_args(argv)
    try:
        ids = changed_register_ids(args.data, args.base)
    except GitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for register_id in ids:
        print(register_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
