"""Declared once: the request policy's defaults live in crawler/settings.py, the stale rule's in
crawler.history, the repository URL in registry/project.py; everything else reads them."""

from __future__ import annotations

import ast
from pathlib import Path

from crawler import settings
from crawler.cli import parser
from crawler.history import DegradedRule, StaleRule
from crawler.runner import CrawlOptions, scrapy_settings
from registry.project import REPOSITORY_URL

REPO = Path(__file__).resolve().parents[2]


def test_the_command_line_defaults_are_the_declared_ones() -> None:
    args = parser().parse_args([])
    run, stale, guard = CrawlOptions(), StaleRule(), DegradedRule()
    assert (args.timeout, args.deadline, args.recheck_delay, args.backoff, args.retry_after_max) == (
        run.timeout, run.deadline, run.recheck_delay, run.backoff, run.retry_after_max)  # fmt: skip
    assert (run.timeout, run.deadline, run.backoff, run.retry_after_max) == (
        settings.DOWNLOAD_TIMEOUT, settings.CRAWLER_DEADLINE, settings.CRAWLER_RETRY_BACKOFF,
        settings.CRAWLER_RETRY_AFTER_MAX)  # fmt: skip
    assert (args.hard_runs, args.hard_days, args.soft_runs, args.soft_days) == (
        stale.hard_runs, stale.hard_days, stale.soft_runs, stale.soft_days)  # fmt: skip
    assert (args.degraded_ratio, args.degraded_min_hosts) == (guard.ratio, guard.min_hosts)
    built = scrapy_settings(run)
    assert built.getfloat("DOWNLOAD_TIMEOUT") == run.timeout and built.getfloat("CRAWLER_DEADLINE") == run.deadline


def test_help_texts_show_the_declared_defaults() -> None:
    text = parser().format_help()
    assert "(default: 30)" in text and "(default: 900)" in text and "(0.15)" in text


def test_no_number_is_declared_twice() -> None:
    """cli.py and runner.py state no default of their own: every default= is a name, not a number."""
    for name in ("crawler/cli.py", "crawler/runner.py"):
        tree = ast.parse((REPO / name).read_text(encoding="utf-8"))
        numbers = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.keyword) and node.arg == "default" and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, int | float) and not isinstance(node.value.value, bool)
        ]  # fmt: skip
        fields = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, int | float) and not isinstance(node.value.value, bool)
        ]  # fmt: skip
        assert numbers == [] and fields == [], name


def test_one_repository_url() -> None:
    from builder.config import DEFAULT_REPOSITORY

    assert DEFAULT_REPOSITORY == REPOSITORY_URL and f"+{REPOSITORY_URL};" in settings.USER_AGENT
    for wing in ("crawler", "builder", "automation", "registry"):
        for path in (REPO / wing).rglob("*.py"):
            if path.name != "project.py":
                assert "github.com/open-registers" not in path.read_text(encoding="utf-8"), path
