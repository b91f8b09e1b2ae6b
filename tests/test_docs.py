"""The docs name every command and option, and every option they name exists (as Datasette tests its docs).

Commands and options are read from the ``--help`` output of ``build.py`` and ``python -m crawler``.
The docs are README.md and docs/*.md. A command's option is documented when one paragraph, table
row or line of the docs names both the command (``build.py validate``; ``build.py [build]`` for
the default command; ``python -m crawler``) and the option. A documented option is any
``--option`` written after ``build.py COMMAND`` or ``python -m crawler`` on the same line (up to
the end of its code span), or in the first column of the crawler's option table.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import build
from crawler.cli import parser as crawler_parser

REPO = Path(__file__).resolve().parent.parent
DOCS = {path.relative_to(REPO).as_posix(): path.read_text("utf-8")
        for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]}  # fmt: skip
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
CRAWLER = "python -m crawler"


def _help(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build.make_parser().parse_args(argv)
    return out.getvalue()


def build_commands() -> list[str]:
    text = build.make_parser().format_help()
    listing = text.split("COMMAND\n", 1)[1] if "COMMAND\n" in text else text
    return re.findall(r"^ {4}([a-z][a-z-]*)\s", listing, re.M)


def options(help_text: str) -> set[str]:
    return set(OPTION.findall(help_text.split("options:", 1)[-1])) - {"--help"}


def units() -> list[tuple[str, str]]:
    """Paragraphs, table rows and code-block lines of the docs, with the file they are in."""
    found = []
    for name, text in DOCS.items():
        for block in re.split(r"\n\s*\n", text):
            lines = block.splitlines()
            if any(line.startswith("|") for line in lines) or block.lstrip().startswith("```"):
                found += [(name, line) for line in lines]
            else:
                found.append((name, " ".join(lines)))
    return found


def names_command(unit: str, command: str | None) -> bool:
    if command is None:
        return CRAWLER in unit
    pattern = r"(?<!\w)build\.py (\[build\]|build\b)" if command == "build" else rf"(?<!\w)build\.py {command}\b"
    return re.search(pattern, unit) is not None


def test_the_command_list_is_read() -> None:
    assert {"validate", "build", "serve", "new", "schema", "coverage", "review"} <= set(build_commands())
    assert {"--only", "--json", "--fix"} <= options(crawler_parser().format_help())


@pytest.mark.parametrize("command", build_commands())
def test_every_build_command_and_option_is_documented(command: str) -> None:
    documented = [unit for _name, unit in units() if names_command(unit, command)]
    assert documented, f"no paragraph of README.md or docs/*.md names 'build.py {command}'"
    missing = sorted(o for o in options(_help([command, "--help"])) if not any(o in unit for unit in documented))
    assert missing == [], f"build.py {command}: options not in the docs"


def test_every_crawler_option_is_documented() -> None:
    documented = [unit for _name, unit in units() if names_command(unit, None)]
    documented.append(DOCS["docs/crawler.md"])  # its option table
    missing = sorted(o for o in options(crawler_parser().format_help()) if not any(o in u for u in documented))
    assert missing == [], "python -m crawler: options not in the docs"


def _invocations(text: str, start: str) -> list[str]:
    """What follows each ``start`` (not inside a longer name) on its line, up to the end of the code span."""
    found = []
    for line in text.splitlines():
        for piece in re.split(rf"(?<![\w/]){re.escape(start)}", line)[1:]:
            found.append(piece.split("`", 1)[0] if "`" in line else piece)
    return found


def test_every_documented_option_exists() -> None:
    crawler_options = options(crawler_parser().format_help())
    per_command = {command: options(_help([command, "--help"])) for command in build_commands()}
    wrong = []
    for name, text in DOCS.items():
        for invocation in _invocations(text, "build.py "):
            command = invocation.split()[0].strip("[]") if invocation.split() else "build"
            command = command if command in per_command else "build"
            wrong += [f"{name}: build.py {command} {o}" for o in OPTION.findall(invocation)
                      if o not in per_command[command] | {"--help"}]  # fmt: skip
        for invocation in _invocations(text, CRAWLER):
            wrong += [f"{name}: {CRAWLER} {o}" for o in OPTION.findall(invocation) if o not in crawler_options]
    table = DOCS["docs/crawler.md"].split("## ", 2)[1]  # the options table, before the first section
    for row in table.splitlines():
        if row.startswith("| `--"):
            named = OPTION.findall(row.split("|")[1])
            wrong += [f"docs/crawler.md table: {o}" for o in named if o not in crawler_options]
    assert wrong == []


def test_no_reference_to_a_design_file_outside_the_repository() -> None:
    for name, text in DOCS.items():
        assert "DESIGN.md" not in text and "../shared" not in text, name
    assert "DESIGN.md" not in _help(["build", "--help"]) + build.make_parser().format_help()
    naming = set()
    for path in REPO.rglob("*"):
        relative = path.relative_to(REPO).as_posix()
        if (
            path.suffix in (".py", ".md", ".yml", ".html", ".toml", ".cfg")
            and path.is_file()
            and not any(
                part.startswith(".") or part in ("public", "node_modules") or part.endswith(".egg-info")
                for part in path.relative_to(REPO).parts
            )
        ):
            text = path.read_text("utf-8", errors="replace")
            if relative != "tests/test_docs.py" and ("DESIGN.md" in text or "../shared/" in text):
                naming.add(relative)
    assert naming == set(), sorted(naming)
