"""The build, stage by stage: read+validate → model → render (+ index, per language) → export → swap.

Nothing is written to ``--out`` unless every stage succeeded: invalid data stops the build
before anything is rendered, and later failures leave the previous output in place.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder import exports, output, render, search_index
from builder.config import SiteConfig
from builder.errors import BuildError
from builder.model import Site
from builder.status import load_status
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


def build(config: SiteConfig, *, allow_loopback: bool = False, log: Callable[[str], None] | None = None) -> BuildReport:
    """Run every stage; raises InvalidData or BuildError, leaving ``config.out_dir`` as it was."""
    report = BuildReport()
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[name] = now - clock
        clock = now
        if log:
            log(f"{name}: {report.timings[name]:.2f} s")

    registry = load(config, allow_loopback)
    status = load_status(config.status_dir)
    stage("read and validate")
    site = Site.create(registry, status, config)
    report.registers = len(registry.registers)
    with output.staging(config.out_dir) as temp:
        try:
            report.pages = render_all(site, temp)
        finally:
            search_index.remove_documents(temp)
        stage("render and index" if config.run_pagefind else "render")
        exports.write_json(site, temp)
        exports.write_csv(site, temp)
        exports.write_catalogue(site, temp)
        exports.write_sitemaps(config, [p.path + ("" if p.file == "index.html" else p.file)
                                        for p in render.pages_for(site) if p.file == "index.html"], temp)  # fmt: skip
        stage("export")
    stage("swap")
    return report


def render_all(site: Site, out: Path) -> int:
    """Render the 26 languages, in parallel processes when there are several cores."""
    env = render.make_environment(site.config.site_dir)
    pages = render.pages_for(site)
    render.copy_static(site.config.site_dir, out)
    render.render_root(env, site, out)
    if site.config.run_pagefind:
        search_index.pagefind_executable()  # found once, before the workers fork
    render.compile_templates(env)  # once, here: the workers inherit the compiled templates
    languages = list(site.config.languages)
    jobs = max(1, min(site.config.jobs, len(languages)))
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        site_dir = site.config.site_dir
        return sum(render.render_language(render.make_environment(site_dir), site, lang, out, pages)
                   for lang in languages) + 2  # fmt: skip
    global _SHARED
    _SHARED = (site, out, pages)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            counts = pool.map(_render_one, languages, chunksize=1)
    finally:
        _SHARED = None
    return sum(counts) + 2


_SHARED: tuple[Site, Path, list[render.Page]] | None = None


def _render_one(language: str) -> int:
    """Worker: the site model and the compiled templates are inherited through fork, nothing is pickled."""
    assert _SHARED is not None
    site, out, pages = _SHARED
    try:
        return render.render_language(render.make_environment(site.config.site_dir), site, language, out, pages)
    except BuildError as exc:
        raise RuntimeError("\n".join(exc.lines)) from None


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
