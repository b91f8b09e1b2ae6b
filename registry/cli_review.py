"""`build.py review`: the registers to check first, weakest evidence first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.cli_validate import print_problems
from registry.evidence import confirming_sources
from registry.gitdates import last_changed
from registry.loader import load_registry
from registry.review import weakest_first


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: the data folder '{data_dir}' does not exist (give it with --data DIR)", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("error: --limit takes a whole number of 1 or more", file=sys.stderr)
        return 2
    result = load_registry(data_dir)
    if result.problems:
        print_problems(result.problems)
        print(f"{len(result.problems)} problem(s) in the data; the files with problems are not reviewed here",
              file=sys.stderr)  # fmt: skip
    registers = result.registers
    if args.country:
        registers = [r for r in registers if r.country == args.country.upper()]
    assessed = weakest_first(registers, last_changed(data_dir / "registers"))
    shown = [a for a in assessed if a.weaknesses or args.all]
    if args.limit is not None:
        shown = shown[: args.limit]
    for assessment in shown:
        register = assessment.register
        changed = f", changed {assessment.last_changed}" if assessment.last_changed else ""
        print(f"{assessment.score:2}  {register.relative_path}{changed}")
        print(f"      url: {register.data['url']}")
        for _, _, text in assessment.weaknesses:
            print(f"      - {text}")
        for evidence in confirming_sources(register.data, "url")[:2]:
            kind = "official" if evidence.official else "third-party"
            print(f"      confirmed by ({kind}): {evidence.url}")
    weak = sum(1 for a in assessed if a.weaknesses)
    print(f"{weak} of {len(assessed)} registers have a weakness in their evidence"
          + (f" (showing {len(shown)})" if len(shown) != weak else ""))  # fmt: skip
    return 1 if result.problems else 0
