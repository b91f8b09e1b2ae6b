"""`build.py serve`: build once, serve on 127.0.0.1, then rebuild only what an edit touches.

The first build is the full, atomic one (``build.py build``). After that, :class:`LiveSite`
keeps the validated registry in memory and, for each change the watcher reports:

- a register file: only that file is read and validated again (``load_registry(only=…)``, plus
  the cross-file rules); its page is rendered in every language, with the pages that show it
  (its country's page, its professions' and areas' pages, the status and coverage pages, the
  registers it replaces, and the home and list pages when its country, terms or the number of
  registers changed), and the exports are written again;
- a template: the pages rendered from it (every page for the layout, header, footer and macros);
- a catalogue ``site/locales/<lang>/…``: that language's pages; a prose file: that page;
  a static file: that file;
- anything else (vocabularies, schema, coverage, crawler results, a deleted register): a full build.

Pages are written in place (the server reads them on the next request); the search index of
every language the edit touched is rebuilt afterwards in a background thread, from the pages on
disk, and swapped in, so a page never waits for it. An invalid edit prints the validator's
``file:line:col`` lines and leaves the site as it was.

The server injects ``<script src="/__serve/reload.js">`` into every HTML page it sends (never
into the files): the script long-polls ``/__serve/wait`` and reloads the page when a rebuild
finished.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import http.server
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

from builder import render
from builder.cli import config_from_args, run_build
from builder.config import SiteConfig
from builder.errors import BuildError
from builder.i18n import load_translations
from builder.model import LanguageView, Site
from builder.output import refusal
from builder.pipeline import InvalidData, load, write_exports
from builder.status import load_status

RELOAD_PATH = "/__serve/reload.js"
WAIT_PATH = "/__serve/wait"
RELOAD_SCRIPT = b"""// Injected by `build.py serve` only: reload the page when the site was rebuilt.
(function () {
  var version = null;
  function wait() {
    fetch("/__serve/wait" + (version === null ? "" : "?v=" + version), {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (version !== null && v !== version) { location.reload(); return; }
        version = v; wait();
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""
RELOAD_TAG = f'<script src="{RELOAD_PATH}"></script>'.encode()
LAYOUT_TEMPLATES = {"base.html", "_header.html", "_footer.html", "_macros.html"}


class Version:
    """A number that grows with every finished rebuild; ``wait`` blocks until it passes a value."""

    def __init__(self) -> None:
        self.value = 0
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.value += 1
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float = 25.0) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.value != seen, timeout=timeout)
            return self.value


class Viewed:
    """The languages whose pages the browser asked for, latest first: their search is refreshed first."""

    def __init__(self) -> None:
        self._order: list[str] = []
        self._lock = threading.Lock()

    def note(self, url_path: str) -> None:
        first = url_path.strip("/").split("/", 1)[0]
        if 2 <= len(first) <= 3 and first.isalpha() and first.islower():
            with self._lock:
                if first in self._order:
                    self._order.remove(first)
                self._order.insert(0, first)

    def order(self, languages: Iterable[str]) -> list[str]:
        with self._lock:
            rank = {code: i for i, code in enumerate(self._order)}
        return sorted(languages, key=lambda code: (rank.get(code, len(rank)), code))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types for Pagefind, a 404 page, quiet logs, and live reload."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm",
                      ".pf_meta": "application/octet-stream", ".jsonld": "application/ld+json"}  # fmt: skip
    version: Version | None = None  # set by make_server(live=True)
    viewed: Viewed | None = None

    def do_GET(self) -> None:
        if self.version is not None and self._live():
            return
        super().do_GET()

    def _live(self) -> bool:
        """The reload script, the long poll, and HTML pages with the script tag; False: not handled here."""
        assert self.version is not None
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT)
            return True
        if url.path == WAIT_PATH:
            seen = parse_qs(url.query).get("v", [""])[0]
            value = self.version.value if not seen.isdigit() else self.version.wait(int(seen))
            self._send(200, "text/plain; charset=utf-8", str(value).encode())
            return True
        path = Path(self.translate_path(url.path))
        if path.is_dir():
            if not url.path.endswith("/"):
                return False  # the redirect to the folder's URL
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return False
        if self.viewed is not None:
            self.viewed.note(url.path)
        body = path.read_bytes()
        at = body.rfind(b"</body>")
        body = body[:at] + RELOAD_TAG + body[at:] if at >= 0 else body + RELOAD_TAG
        self._send(200, "text/html; charset=utf-8", body)
        return True

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            self._send(404, "text/html; charset=utf-8", page.read_bytes())
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0, version: Version | None = None,
                viewed: Viewed | None = None) -> http.server.ThreadingHTTPServer:  # fmt: skip
    """A threaded static server for ``directory`` (port 0 picks a free port; tests use that).

    With ``version``, HTML pages get the live-reload script and ``/__serve/wait`` answers; with
    ``viewed``, the languages of the pages served are noted (see ``Viewed``)."""
    handler_class = type("Handler", (_Handler,), {"version": version, "viewed": viewed})
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def watch_paths(config: SiteConfig) -> list[Path]:
    return [p for p in (config.data_dir, config.site_dir, config.status_dir) if p.exists()]


# --- incremental rebuilds -------------------------------------------------------------------------


class LiveSite:
    """The site as last built, and the smallest rebuild for each change (see the module docstring)."""

    def __init__(self, config: SiteConfig, allow_loopback: bool = False, log=print) -> None:
        self.config = config
        self.allow_loopback = allow_loopback
        self.log = log
        self.site: Site | None = None
        self.version = Version()
        self._dirty: set[str] = set()  # languages whose search index is behind their pages
        self._exports_due = False  # the exports are behind the registry
        self._index_wake = threading.Condition()
        self._indexer: threading.Thread | None = None
        self._envs: dict[str, object] = {}  # one Jinja environment per language, kept between edits
        self._status = None  # the crawler results as read (Site.create keeps the registers' own)
        self._quiet: tuple[Site, Site] | None = None  # the model, and its copy that renders without indexing
        self.lock = threading.RLock()  # the model and the output: one writer at a time
        self.indexed = Version()  # grows when a search refresh finished (benchmarks wait on it)
        self.viewed = Viewed()
        self._running: set = set()  # Pagefind runs under way (indexer.BundleRun), ended by close()
        self._closing = False
        render.load_translations = _translations_once  # this process only: catalogues parsed once per change

    # the whole site ---------------------------------------------------------------------------
    def full_build(self, quiet: bool = False) -> int:
        """The whole site; the search index follows in the background (the site answers sooner)."""
        pages_only = dataclasses.replace(self.config, run_pagefind=False)
        code = run_build(pages_only, allow_loopback=self.allow_loopback, quiet=quiet)
        if code == 0:
            self._load_model()
            self.version.bump()
            self._mark_dirty(self.config.languages)
        return code

    def _load_model(self) -> None:
        registry = load(self.config, self.allow_loopback)
        self._status = load_status(self.config.status_dir)
        self.site = Site.create(registry, self._status, self.config)
        self._envs.clear()
        threading.Thread(target=self._warm, args=(self.site,), name="warm-up", daemon=True).start()

    def _warm(self, site: Site) -> None:
        """Sort keys and templates ready before the first edit (the full build made them in its workers)."""
        for language in self.config.languages:
            with self.lock:
                if self.site is not site:
                    return
                view = LanguageView(site, language)
                view.sorted_registers(site.registry.registers)
                self._environment(language)

    # one change ---------------------------------------------------------------------------------
    def apply(self, paths: Iterable[Path]) -> str:
        """Bring the output up to date with ``paths`` (changed, added or deleted); returns what was done."""
        with self.lock:
            return self._apply(paths)

    def _apply(self, paths: Iterable[Path]) -> str:
        paths = sorted({Path(p).resolve() for p in paths})
        if self.site is None or not self.config.out_dir.is_dir():
            return self._full("no previous build")
        data = self.config.data_dir.resolve()
        site_dir = self.config.site_dir.resolve()
        registers, templates, languages, prose, static = [], set(), set(), set(), []
        for path in paths:
            if path.suffix in (".swp", ".tmp") or path.name.startswith((".#", "~")) or path.name.endswith("~"):
                continue
            if _inside(path, data / "registers") and path.suffix == ".yml" and path.exists():
                registers.append(path)
            elif _inside(path, site_dir / "templates") and path.suffix == ".html":
                templates.add(path.name)
            elif _inside(path, site_dir / "locales") and path.suffix == ".po":
                languages.add(path.relative_to(site_dir / "locales").parts[0])
            elif _inside(path, site_dir / "content") and path.suffix == ".md":
                prose.add((path.parent.name, path.stem))
            elif _inside(path, site_dir / "static"):
                static.append(path)
            elif _inside(path, site_dir) and path.suffix in (".pot", ".cfg", ".mo"):
                continue
            else:
                return self._full(f"{_shown(path)} changed")
        done = []
        if registers:
            result = self._registers(registers)
            if not result:  # invalid: nothing was written
                return ""
            done.append(result)
        if templates or languages or prose:
            done.append(self._site_files(templates, languages, prose))
        for path in static:
            target = self.config.out_dir / "static" / path.name
            if path.is_file():
                shutil.copyfile(path, target)
            done.append(f"copied static/{path.name}")
        if not done:
            return "nothing to do"
        self.version.bump()
        return "; ".join(d for d in done if d)

    def _full(self, why: str) -> str:
        self.log(f"{why}: full build")
        return "full build" if self.full_build(quiet=False) == 0 else "the build failed; the site is unchanged"

    def _registers(self, paths: list[Path]) -> str:
        """Validate the edited files; re-render their pages and the pages showing them."""
        from registry.cli_validate import print_problems
        from registry.coverage import build_matrix, check_gaps_against_registers
        from registry.loader import LoadResult, load_registry
        from registry.problems import Problem

        assert self.site is not None
        start = time.perf_counter()
        fresh = load_registry(self.config.data_dir, allow_loopback=self.allow_loopback, only=paths)
        old = self.site.registry
        changed = {r.id: r for r in fresh.registers}
        merged = [r for r in old.registers if r.id not in changed and r.path.exists()] + list(changed.values())
        merged.sort(key=lambda r: r.id)
        problems = list(fresh.problems)
        if not problems:
            matrix = build_matrix(fresh.countries, ((r.id, r.country, r.data) for r in merged), fresh.gaps)
            check_gaps_against_registers(
                matrix, fresh.gaps, lambda path, pos, field, msg: problems.append(Problem(str(path), *pos, field, msg))
            )
        if problems:
            print_problems(problems)
            self.log(f"{len(problems)} problem(s); the site was left as it was")
            return ""
        registry = LoadResult(old.data_dir, merged, fresh.vocabularies, [], len(merged), fresh.gaps, fresh.countries)
        site = Site.create(registry, self._status, self.config)
        previous = {i: old.by_id.get(i) for i in changed}
        pages = self._pages_for_registers(site, changed, previous)
        self.site = site
        # The edited register's own pages first, in every language: that is the page the person looks at.
        own = [p for p in pages if p.path in {f"registers/{i}/" for i in changed}]
        count = sum(self._render_language(lang, own) for lang in self.config.languages)
        self.version.bump()
        first = time.perf_counter() - start
        count += self._render([p for p in pages if p not in own])
        self._mark_dirty(self.config.languages, exports=True)
        names = ", ".join(sorted(changed))
        return (f"{names}: its pages in {first:.2f} s, {count} pages in {time.perf_counter() - start:.2f} s "
                f"(exports and search index follow)")  # fmt: skip

    def _pages_for_registers(self, site: Site, changed: dict, previous: dict) -> list[render.Page]:
        """The pages that show one of the ``changed`` registers, before or after the edit."""
        countries, terms, lists = set(), set(), False
        for register_id, register in changed.items():
            before = previous.get(register_id)
            for version in (register, before):
                if version is None:
                    continue
                countries.add(version.country.lower())
                for key in ("professions", "areas"):
                    terms.update(f"{key}/{t}/" for t in version.data.get(key) or [])
            if before is None or before.country != register.country or any(
                (before.data.get(k) or []) != (register.data.get(k) or []) for k in ("professions", "areas", "kind")
            ):
                lists = True
        referring = {r.id for r in site.registry.registers if r.data.get("replaced_by") in changed}
        wanted = {f"registers/{i}/" for i in set(changed) | referring}
        wanted |= {f"countries/{c}/" for c in countries} | {f"status/{c}/" for c in countries} | terms
        if lists:
            wanted |= {"", "countries/", "professions/", "areas/", "about/", "status/", "coverage/"}
        return [p for p in render.pages_for(site) if p.path in wanted and p.file == "index.html"]

    def _site_files(self, templates: set[str], languages: set[str], prose: set[tuple[str, str]]) -> str:
        assert self.site is not None
        self._envs.clear()  # an edited template compiles again (COMPILED checks the source), a catalogue loads again
        every = render.pages_for(self.site)
        if templates & LAYOUT_TEMPLATES:
            by_language = {lang: every for lang in self.config.languages}
        else:
            chosen = [p for p in every if p.template in templates]
            by_language = {lang: list(chosen) for lang in self.config.languages}
        for lang in languages:
            if lang in by_language:
                by_language[lang] = every
        for lang, name in prose:
            if lang in by_language and by_language[lang] is not every:
                by_language[lang] = by_language[lang] + [p for p in every if p.path == f"{name}/"]
        start = time.perf_counter()
        count = sum(self._render_language(lang, pages) for lang, pages in by_language.items() if pages)
        searchable = {lang for lang, pages in by_language.items() if any(p.searchable for p in pages)}
        self._mark_dirty(searchable)
        if "root.html" in templates or "root404.html" in templates:
            render.render_root(render.make_environment(self.config.site_dir), self.site, self.config.out_dir)
        what = ", ".join(sorted(templates | {f"{lang} catalogue" for lang in languages}
                                | {f"{lang}/{name}.md" for lang, name in prose}))  # fmt: skip
        return f"{what}: {count} pages in {time.perf_counter() - start:.2f} s"

    def _render(self, pages: list[render.Page]) -> int:
        """``pages`` in every language; in two forked processes when there is enough work to share."""
        global _LIVE
        languages = list(self.config.languages)
        jobs = max(1, min(self.config.jobs, len(languages)))
        if jobs == 1 or len(pages) * len(languages) < 60 or "fork" not in multiprocessing.get_all_start_methods():
            return sum(self._render_language(lang, pages) for lang in languages)
        _LIVE = (self, pages)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                return sum(pool.map(_render_languages, [languages[i::jobs] for i in range(jobs)]))
        finally:
            _LIVE = None

    def _render_language(self, language: str, pages: list[render.Page]) -> int:
        """Render ``pages`` of one language in place, without the search index (refreshed afterwards)."""
        assert self.site is not None
        if self._quiet is None or self._quiet[0] is not self.site:  # one per model: its cached properties stay
            self._quiet = (self.site, dataclasses.replace(self.site, config=dataclasses.replace(self.config,
                                                                                          run_pagefind=False)))
        quiet_site = self._quiet[1]
        try:
            return render.render_language(self._environment(language), quiet_site, language, self.config.out_dir,
                                          pages)  # fmt: skip
        except BuildError as exc:
            for line in exc.lines:
                print(line, file=sys.stderr)
            return 0

    def _environment(self, language: str):
        if language not in self._envs:
            self._envs[language] = render.make_environment(self.config.site_dir)
        return self._envs[language]

    # the exports and the search index, behind the pages ------------------------------------------------
    def _mark_dirty(self, languages: Iterable[str], exports: bool = False) -> None:
        with self._index_wake:
            if self.config.run_pagefind:
                self._dirty.update(languages)
            self._exports_due = self._exports_due or exports
            self._index_wake.notify_all()
        if self._indexer is None:
            self._indexer = threading.Thread(target=self._index_loop, name="search-index", daemon=True)
            self._indexer.start()

    def _index_loop(self) -> None:
        while not self._closing:
            with self._index_wake:
                self._index_wake.wait_for(lambda: bool(self._dirty) or self._exports_due or self._closing)
                if self._closing:
                    return
                languages = self.viewed.order(self._dirty)  # the language being looked at first
                exports, self._exports_due = self._exports_due, False
                self._dirty.clear()
            start = time.perf_counter()
            try:
                if exports:
                    with self.lock:
                        write_exports(self.site, self.config.out_dir)
                indexed = self.reindex(languages)
            except (BuildError, OSError, ValueError) as exc:  # ValueError: its log closed by close()
                if self._closing:
                    return
                self.log(f"search index not refreshed: {exc}")
                continue
            if indexed:
                self.log(f"search index refreshed ({indexed} languages) in {time.perf_counter() - start:.1f} s")
            self.indexed.bump()

    def reindex(self, languages: Iterable[str]) -> int:
        """Index the register pages of ``languages`` as they are on disk; swap each new bundle in.

        The build's way (``indexer.BundleRun``: the Pagefind binary over the lean documents in a
        scratch folder in memory), two runs per core at a time and at low priority, so an edit's pages
        still render first; a newer edit interrupts it, and the language the browser is showing goes
        first (``Viewed``): its search follows an edit in under two seconds, all 26 languages of the
        shipped data in about 15 s (one Pagefind service per language, fed document by document, took
        25 s). Returns how many languages were indexed.
        """
        from builder.indexer import BundleRun

        slots = 2 * max(1, os.cpu_count() or 1)  # a run on a few hundred pages keeps one core half busy
        runs: list[tuple[str, BundleRun]] = []
        languages = list(languages)
        swapped = 0
        try:
            for done, language in enumerate(languages):
                if len(runs) >= slots:
                    self._swap_in(*runs.pop(0))
                    swapped += 1
                if self._closing:
                    return swapped
                with self._index_wake:
                    if self._dirty:  # a newer edit: start over with it, the viewed language first
                        self._dirty.update(languages[done:])
                        break
                run = self._start_index(language)
                if run is not None:
                    runs.append((language, run))
                    self._running.add(run)
            while runs:
                self._swap_in(*runs.pop(0))
                swapped += 1
        finally:
            for _, run in runs:
                run.close()
                self._running.discard(run)
        return swapped

    def close(self) -> None:
        """Stop indexing: the Pagefind runs still going are ended (they would outlive the server)."""
        with self._index_wake:
            self._closing = True
            self._index_wake.notify_all()
        for run in list(self._running):
            run.close()
        if self._indexer is not None:  # let it finish the documents it is writing, then remove them
            self._indexer.join(timeout=10)
        for run in list(self._running):
            run.close()

    def _start_index(self, language: str):
        """Write the language's search documents into a scratch folder and start Pagefind on it."""
        from builder.indexer import BundleRun, document_path, scratch_folder
        from builder.search_index import index_only_html, search_document

        with self.lock:
            site = self.site
            assert site is not None
            view = LanguageView(site, language)
            pages = [page for page in render.pages_for(site) if page.searchable]
        out = self.config.out_dir
        scratch = scratch_folder(language)
        count = 0
        try:
            for page in pages:
                try:
                    html = (out / language / page.path / page.file).read_text(encoding="utf-8")
                except OSError:
                    continue
                extra = index_only_html(page.search_terms(view)) if page.search_terms else ""
                document = search_document(html, language, extra)
                if document is not None:
                    target = document_path(scratch, f"/{language}/{page.path}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(document, encoding="utf-8")
                    count += 1
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        if not count:
            shutil.rmtree(scratch, ignore_errors=True)
            return None
        fresh = out / language / ".pagefind-next"
        shutil.rmtree(fresh, ignore_errors=True)
        return BundleRun(language, scratch, fresh, nice=True)

    def _swap_in(self, language: str, run) -> None:
        try:
            run.wait()  # raises BuildError, the old bundle kept, when Pagefind failed
        finally:
            self._running.discard(run)
        if self._closing:
            return
        from builder.search_index import bundle_dir

        out = self.config.out_dir
        bundle = bundle_dir(out, language)
        old = out / language / ".pagefind-old"
        shutil.rmtree(old, ignore_errors=True)
        if bundle.exists():
            os.replace(bundle, old)
        os.replace(run.output, bundle)
        shutil.rmtree(old, ignore_errors=True)


_TRANSLATIONS: dict[tuple[Path, str], tuple[float, object]] = {}


def _translations_once(locales_dir: Path, language: str):
    """``render``'s catalogue loader, remembered until the .po file changes (an edit re-renders 26
    languages; parsing 26 catalogues each time cost a quarter of a second)."""
    path = locales_dir / language / "LC_MESSAGES" / "messages.po"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    cached = _TRANSLATIONS.get((locales_dir, language))
    if cached is None or cached[0] != stamp:
        cached = _TRANSLATIONS[(locales_dir, language)] = (stamp, load_translations(locales_dir, language))
    return cached[1]


_LIVE: tuple[LiveSite, list[render.Page]] | None = None


def _render_languages(languages: list[str]) -> int:
    """A forked worker of LiveSite._render: the model and warm caches are inherited."""
    assert _LIVE is not None
    live, pages = _LIVE
    return sum(live._render_language(language, pages) for language in languages)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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
    quiet = getattr(args, "quiet", False)
    live = LiveSite(config, allow_loopback=getattr(args, "allow_loopback", False),
                    log=(lambda line: None) if quiet else functools.partial(print, flush=True))  # fmt: skip
    code = live.full_build(quiet=quiet)
    if code != 0 and not config.out_dir.exists():
        return code
    if live.site is None:  # the first build failed but an older site exists: serve it, rebuild on edits
        print("serving the previous build; fix the problems above and save", file=sys.stderr)
    try:
        server = make_server(config.out_dir, args.host, args.port, version=None if args.no_watch else live.version,
                             viewed=live.viewed)  # fmt: skip
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    host, port = server.server_address[:2]
    signal.signal(signal.SIGTERM, _stop)  # like Ctrl+C: the finally below ends the indexing too
    print(f"serving {config.out_dir} on http://{host}:{port}/ (Ctrl+C stops)", flush=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        if args.no_watch:
            thread.join()
        else:
            from watchfiles import watch

            for changes in watch(*watch_paths(config), debounce=50, step=20):
                started = time.perf_counter()
                try:
                    done = live.apply(Path(p) for _, p in changes)
                except InvalidData as exc:
                    from registry.cli_validate import print_problems

                    print_problems(exc.result.problems)
                    done = "the site was left as it was"
                if done:
                    live.log(f"rebuilt {done} ({time.perf_counter() - started:.2f} s)")
    finally:
        server.shutdown()
        live.close()
    return 0


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
