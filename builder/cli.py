"""`build.py build`: validate, render, index, export; invalid data → the validator's lines, exit 1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.config import DEFAULT_REPOSITORY, SiteConfig
from builder.errors import BuildError
from builder.output import refusal
from builder.pipeline import InvalidData, build, default_jobs
from builder.progress import Progress
from registry.cli_validate import print_problems
from registry.languages import SITE_LANGUAGES


def config_from_args(args: argparse.Namespace) -> SiteConfig:
    """Raises ValueError for an unknown --languages code."""
    data = Path(args.data)
    languages = SITE_LANGUAGES
    if getattr(args, "languages", None):
        languages = tuple(code.strip() for code in args.languages.split(",") if code.strip())
        unknown = [code for code in languages if code not in SITE_LANGUAGES]
        if unknown or not languages:
            raise ValueError(f"--languages: not a site language: {', '.join(unknown) or '(empty)'}")
    return SiteConfig(
        languages=languages,
        data_dir=data,
        out_dir=Path(args.out),
        status_dir=Path(args.status) if getattr(args, "status", None) else data / "status",
        base_url=getattr(args, "base_url", "") or "",
        repository=getattr(args, "repository", None) or DEFAULT_REPOSITORY,
        run_pagefind=not getattr(args, "no_search", False),
        jobs=getattr(args, "jobs", None) or default_jobs(),
    )


def run_build(config: SiteConfig, allow_loopback: bool = False, quiet: bool = False) -> int:
    """One build with user-facing errors; returns the exit code (0 ok, 1 problems)."""
    if not config.data_dir.is_dir():
        print(f"{config.data_dir}: error: no such data folder", file=sys.stderr)
        return 1
    progress = Progress(quiet=quiet)
    try:
        report = build(config, allow_loopback=allow_loopback, progress=progress)
    except InvalidData as exc:
        print_problems(exc.result.problems)
        print(f"{len(exc.result.problems)} problem(s); nothing was written to {config.out_dir}", file=sys.stderr)
        return 1
    except BuildError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        print(f"the build failed; {config.out_dir} was left as it was", file=sys.stderr)
        return 1
    except RuntimeError as exc:  # a render worker's BuildError
        print(str(exc), file=sys.stderr)
        print(f"the build failed; {config.out_dir} was left as it was", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        print(f"the build failed; {config.out_dir} was left as it was", file=sys.stderr)
        return 1
    if not quiet:
        total = sum(report.timings.values())
        print(f"built {report.registers} registers, {report.pages} pages in {total:.1f} s → {config.out_dir}")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
    except ValueError as exc:
        print(f"build.py build: error: {exc}", file=sys.stderr)
        return 2
    refused = refusal(config.out_dir, config.data_dir, config.status_dir)
    if refused:
        print(f"build.py build: error: {refused}", file=sys.stderr)
        return 2
    return run_build(config, allow_loopback=getattr(args, "allow_loopback", False), quiet=getattr(args, "quiet", False))
