"""`build.py serve`: build, serve the output on 127.0.0.1, rebuild when data/templates/translations change.

The server always serves the current ``--out`` folder by path, so the atomic swap of a rebuild
is picked up by the next request; a failed rebuild prints the problems and keeps serving the
last good site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import ClassVar

from builder.cli import config_from_args, run_build
from builder.config import SiteConfig
from builder.output import refusal


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types for Pagefind, a 404 page, and quiet logs."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm",
                      ".pf_meta": "application/octet-stream", ".jsonld": "application/ld+json"}  # fmt: skip

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """A threaded static server for ``directory`` (port 0 picks a free port; tests use that)."""
    handler = functools.partial(_Handler, directory=str(directory))
    return http.server.ThreadingHTTPServer((host, port), handler)


def watch_paths(config: SiteConfig) -> list[Path]:
    return [p for p in (config.data_dir, config.site_dir, config.status_dir) if p.exists()]


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from_args(args)
    except ValueError as exc:
        print(f"build.py serve: error: {exc}", file=sys.stderr)
        return 2
    refused = refusal(config.out_dir, config.data_dir, config.status_dir)
    if refused:
        print(f"build.py serve: error: {refused}", file=sys.stderr)
        return 2
    allow_loopback = getattr(args, "allow_loopback", False)
    code = run_build(config, allow_loopback=allow_loopback)
    if code != 0 and not config.out_dir.exists():
        return code
    try:
        server = make_server(config.out_dir, args.host, args.port)
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    print(f"serving {config.out_dir} on http://{host}:{port}/ (Ctrl+C stops)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        if args.no_watch:
            thread.join()
        else:
            from watchfiles import watch

            for changes in watch(*watch_paths(config), debounce=400):
                names = sorted({Path(p).name for _, p in changes})[:3]
                print(f"changed: {', '.join(names)} … rebuilding")
                run_build(config, allow_loopback=allow_loopback)
    finally:
        server.shutdown()
    return 0
