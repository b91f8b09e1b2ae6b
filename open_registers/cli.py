"""The command line: ``ord COMMAND`` (console script) and ``python build.py COMMAND`` (a checkout).

ord validate [--data DIR]          check every register file
ord [build] [--out DIR] [--quiet]  validate, then build the static site
ord serve [--port 8000]            build, serve locally, rebuild what an edit touches
ord new --country PT --name …      scaffold a new register file
ord schema                         update the schema's vocabulary enums
ord coverage [--country CC]        the country × need matrix and its gaps
ord review [--limit N]             registers whose evidence is weakest, first
ord-crawl …                        check the register URLs (python -m crawler; extra [crawler])
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as argparse does, without a trace
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def make_parser(prog: str = "build.py") -> argparse.ArgumentParser:
    parser = _Parser(
        prog=prog,
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status: 0 success, 1 problems in the data (or a failed build), 2 usage error, "
        "3 internal error, 130 interrupted",
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def data_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--data", default="data", metavar="DIR", help="the data folder (default: data)")
        sub.add_argument(
            "--allow-loopback", action="store_true", help="accept 127.0.0.0/8 and ::1 in URLs (for tests only)"
        )

    def site_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--languages", default=None, metavar="LIST", help="only these site languages, e.g. en,et (default: all 26)"
        )
        sub.add_argument("--no-search", action="store_true", help="skip the Pagefind search index (faster)")
        sub.add_argument("--repository", default=None, metavar="URL", help="repository URL for source/edit links")
        sub.add_argument("--jobs", type=int, default=None, metavar="N", help="render processes (default: cores, max 4)")
        sub.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")

    validate = commands.add_parser("validate", help="check every register file and print all problems")
    data_option(validate)
    validate.add_argument(
        "--changed",
        nargs="?",
        const="origin/main",
        default=None,
        metavar="BASE",
        help="check only register files changed since the git revision BASE "
        "(default origin/main), plus the cross-file rules",
    )

    build = commands.add_parser("build", help="validate, then build the static site (the default command)")
    data_option(build)
    build.add_argument("--out", default="public", metavar="DIR", help="output folder (default: public)")
    build.add_argument("--status", default=None, metavar="DIR", help="crawler results folder (default: <data>/status)")
    build.add_argument(
        "--base-url",
        default="",
        metavar="URL",
        help="absolute site URL for the sitemap and catalogue (default: relative)",
    )

    site_options(build)

    serve = commands.add_parser("serve", help="build, serve locally, and rebuild on changes")
    data_option(serve)
    serve.add_argument("--out", default="public", metavar="DIR", help="output folder (default: public)")
    serve.add_argument("--status", default=None, metavar="DIR", help="crawler results folder")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--no-watch", action="store_true", help="do not rebuild on changes")
    site_options(serve)

    new = commands.add_parser("new", help="scaffold a register file with every key explained")
    new.add_argument("--data", default="data", metavar="DIR", help="the data folder (default: data)")
    new.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. PT")
    new.add_argument("--name", required=True, help="the register's English name")
    new.add_argument("--id", default=None, help="the id (default: derived from the name)")

    coverage = commands.add_parser(
        "coverage", help="print the country × need coverage matrix and check the coverage targets"
    )
    coverage.add_argument("--data", default="data", metavar="DIR", help="the data folder (default: data)")
    coverage.add_argument("--country", default=None, metavar="CC", help="one country's needs, with notes")
    coverage.add_argument(
        "--max-unknown", type=float, default=10.0, metavar="PERCENT",
        help="fail when more cells than this are unknown (default: 10)",
    )
    coverage.add_argument(
        "--min-registers", type=int, default=8, metavar="N", help="fail when a country has fewer registers (default: 8)"
    )

    review = commands.add_parser("review", help="list the registers whose evidence is weakest, first")
    review.add_argument("--data", default="data", metavar="DIR", help="the data folder (default: data)")
    review.add_argument("--country", default=None, metavar="CC", help="only this country")
    review.add_argument("--limit", type=int, default=None, metavar="N", help="show only the first N registers")
    review.add_argument("--all", action="store_true", help="also list registers with no weakness")

    schema = commands.add_parser("schema", help="update the schema's vocabulary enums from data/vocabularies")
    schema.add_argument("--data", default="data", metavar="DIR", help="the data folder (default: data)")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "ord") -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "build")
    args = make_parser(prog).parse_args(argv)
    try:
        if args.command == "validate":
            from registry.cli_validate import run
        elif args.command == "schema":
            from registry.cli_schema import run
        elif args.command == "coverage":
            from registry.cli_coverage import run
        elif args.command == "review":
            from registry.cli_review import run
        elif args.command == "new":
            from registry.scaffold import run
        elif args.command == "serve":
            from builder.serve import run
        else:
            from builder.cli import run
        return run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback only on request
        if os.environ.get("ORD_DEBUG"):
            raise
        print(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it "
            "(set ORD_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 3


def crawl(argv: Sequence[str] | None = None) -> int:
    """``ord-crawl``: the same as ``python -m crawler`` (needs the extra ``[crawler]``)."""
    try:
        import scrapy  # noqa: F401
    except ImportError:
        print("ord-crawl: error: the crawler needs its extra: pip install 'open-registers-directory[crawler]'",
              file=sys.stderr)
        return 2
    from crawler.cli import main as crawler_main

    if argv is not None:
        sys.argv[1:] = list(argv)
    code = crawler_main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # as python -m crawler: no Twisted clean-up tracebacks at shutdown
