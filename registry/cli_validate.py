"""`build.py validate`: check the data and print every problem."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from registry.loader import load_registry
from registry.problems import Problem


def print_problems(problems: list[Problem], stream: TextIO | None = None) -> None:
    """Compiler-style lines, plus GitHub annotations when running in GitHub Actions."""
    stream = stream or sys.stderr
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format(), file=stream)
        if github:
            print(problem.github_annotation(), file=sys.stdout)


def changed_files(data_dir: Path, base: str) -> list[Path] | str:
    """Register files changed since ``base`` (git), or an error message.

    A deleted register (another file's ``replaced_by`` may name it) or a changed schema or
    vocabulary (an untouched file may use a removed term) can break files nobody edited:
    then every register file is returned.
    """
    if base.startswith("-"):
        return f"'{base}' is not a git revision"
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=data_dir, capture_output=True, text=True, check=True
        ).stdout.strip()
        subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"],
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=True,
        )
        names = subprocess.run(
            ["git", "diff", "--name-status", "-z", "--no-renames", base, "--", "."],
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
        untracked = subprocess.run(
            ["git", "ls-files", "-z", "--others", "--exclude-standard", "--", "."],
            cwd=data_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split("\0")
    except FileNotFoundError:
        return "git is not installed"
    except subprocess.CalledProcessError as exc:
        return f"git could not compare with '{base}': {exc.stderr.strip() or 'no such revision'}"
    changes = list(zip(names[0::2], names[1::2], strict=False))
    paths = [Path(top) / name for status, name in changes if status != "D"]
    paths += [data_dir / name for name in untracked if name]
    registers = (data_dir / "registers").resolve()
    shared = [(data_dir / folder).resolve() for folder in ("schema", "vocabularies")]
    deleted = [(Path(top) / name).resolve() for status, name in changes if status == "D"]
    if any(registers in p.parents for p in deleted) or any(
        folder in p.resolve().parents for p in paths for folder in shared
    ):
        return sorted(p.resolve() for p in registers.rglob("*.yml"))
    return sorted({p.resolve() for p in paths if p.suffix == ".yml" and registers in p.resolve().parents})


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: the data folder '{data_dir}' does not exist (give it with --data DIR)", file=sys.stderr)
        return 2
    only = None
    if args.changed is not None:
        only = changed_files(data_dir, args.changed)
        if isinstance(only, str):
            print(f"error: --changed: {only}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    result = load_registry(data_dir, allow_loopback=args.allow_loopback, only=only)
    elapsed = time.perf_counter() - started
    print_problems(result.problems)
    scope = f"{len(only)} changed of {result.files_checked}" if only is not None else f"{result.files_checked}"
    countries = len({r.country for r in result.registers})
    summary = (
        f"{scope} register files checked in {elapsed:.2f} s: {len(result.registers)} valid "
        f"({countries} countries), {len(result.problems)} problem(s)"
    )
    print(summary, file=sys.stderr if result.problems else sys.stdout)
    return 0 if result.ok else 1
