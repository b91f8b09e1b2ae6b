"""The build, stage by stage: read+validate → model → render (+ index, per language) → export → swap.

Nothing is written to ``--out`` unless every stage succeeded: invalid data stops the build
before anything is rendered, and later failures leave the previous output in place.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder import exports, indexer, output, render, search_index
from builder.config import SiteConfig
from builder.errors import BuildError
from builder.model import Site
from builder.progress import QUIET, Progress, number
from builder.status import load_status
from builder.writer import WRITER
from registry import load_registry
from registry.loader import LoadResult


@dataclass
class BuildReport:
    registers: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)


class InvalidData(Exception):
    """The data did not validate; ``result.problems`` says where."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__(f"{len(result.problems)} problem(s) in the data")
        self.result = result


def load(config: SiteConfig, allow_loopback: bool = False) -> LoadResult:
    result = load_registry(config.data_dir, allow_loopback=allow_loopback)
    if not result.ok:
        raise InvalidData(result)
    return result


def build(config: SiteConfig, *, allow_loopback: bool = False, log: Callable[[str], None] | None = None,
          progress: Progress | None = None) -> BuildReport:
    """Run every stage; raises InvalidData or BuildError, leaving ``config.out_dir`` as it was.

    ``progress`` prints each stage with its counts and time as it ends (``build.py build``);
    ``log`` (older callers) gets one ``stage: seconds`` line per stage.
    """
    report = BuildReport()
    progress = progress or QUIET

    def stage(name: str, summary: str = "") -> None:
        report.timings[name] = progress.done(summary)
        if log:
            log(f"{name}: {report.timings[name]:.2f} s")

    progress.start("read and validate")
    registry = load(config, allow_loopback)
    status = load_status(config.status_dir)
    report.registers = len(registry.registers)
    stage("read and validate", f"{number(report.registers)} registers")
    site = Site.create(registry, status, config)
    with output.staging(config.out_dir) as temp:
        languages = len(config.languages)
        name = "render and index" if config.run_pagefind else "render"
        progress.start(name, f"0/{languages} languages")
        try:
            report.pages = render_all(site, temp, progress)
        finally:
            WRITER.discard()  # a failed one-process render: no thread still writing into the staging folder
            search_index.remove_documents(temp)
            indexer.discard()
        stage(name, f"{number(report.pages)} pages in {languages} languages"
                    + (", search index" if config.run_pagefind else ""))  # fmt: skip
        progress.start("export")
        files = write_exports(site, temp)
        stage("export", f"{files} files")
        progress.start("swap")
    stage("swap", f"→ {config.out_dir}")
    return report


def write_exports(site: Site, out: Path) -> int:
    """registers.json, registers.csv, catalogue.jsonld, the sitemaps; returns how many files."""
    exports.write_json(site, out)
    exports.write_csv(site, out)
    exports.write_catalogue(site, out)
    paths = [p.path for p in render.pages_for(site) if p.file == "index.html"]
    exports.write_sitemaps(site.config, paths, out)
    return 4 + len(site.config.languages)


def render_all(site: Site, out: Path, progress: Progress | None = None) -> int:
    """Render the 26 languages, in parallel processes when there are several cores."""
    progress = progress or QUIET
    env = render.make_environment(site.config.site_dir)
    pages = render.pages_for(site)
    render.copy_static(site.config.site_dir, out)
    render.render_root(env, site, out)
    if site.config.run_pagefind:
        search_index.pagefind_executable()  # found once, before the workers fork
    render.compile_templates(env)  # once, here: the workers inherit the compiled templates
    languages = list(site.config.languages)
    jobs = max(1, min(site.config.jobs, len(languages)))
    total = 2

    def advance(done: int, count: int) -> None:
        nonlocal total
        total += count
        progress.update(f"{done}/{len(languages)} languages, {number(total)} pages")

    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        site_dir = site.config.site_dir
        for done, lang in enumerate(languages, 1):
            advance(done, render.render_language(render.make_environment(site_dir), site, lang, out, pages))
        return total
    global _SHARED
    _SHARED = (site, out, pages)
    runs: list[indexer.BundleRun] = []
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for done, (count, detached) in enumerate(pool.imap_unordered(_render_one, languages, chunksize=1), 1):
                advance(done, count)
                if detached:  # index it here while the workers render the next languages
                    language, scratch = detached
                    runs.append(indexer.BundleRun(language, Path(scratch), search_index.bundle_dir(out, language)))
        while runs:
            runs.pop(0).wait()
    finally:
        _SHARED = None
        for run in runs:  # a failed build: stop what is still indexing, remove the scratch folders
            run.close()
    return total


_SHARED: tuple[Site, Path, list[render.Page]] | None = None


def _render_one(language: str) -> tuple[int, tuple[str, str] | None]:
    """Worker: the site model and the compiled templates are inherited through fork, nothing is pickled.

    Returns the page count and, when the language has search documents, (language, scratch folder)
    for the parent to run Pagefind on."""
    assert _SHARED is not None
    site, out, pages = _SHARED
    indexer.DEFER_TO_PARENT = True
    try:
        count = render.render_language(render.make_environment(site.config.site_dir), site, language, out, pages)
        return count, indexer.DETACHED.pop(language, None)
    except BuildError as exc:
        indexer.discard()
        WRITER.discard()
        raise RuntimeError("\n".join(exc.lines)) from None


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
