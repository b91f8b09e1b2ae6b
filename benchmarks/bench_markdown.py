"""Markdown benchmark: notes crafted to be slow (issue 11) cost the build at most one second.

    python benchmarks/bench_markdown.py [--repeat 3] [--jobs 2] [--files 1]

1. Renders crafted notes (4,000 characters, the schema's limit per language: long runs of
   brackets, backticks and emphasis markers) with the project's renderer
   (``builder.markdown_safe``: markdown-it-py in CommonMark mode + nh3) and, for comparison,
   with Python-Markdown configured as the renderer was before (tables, sane_lists), and checks
   that the time grows linearly with the length (×4 the text, at most ×6 the time).
2. Builds the site's fixture data (3 registers, all 26 languages, no search index) plus
   ``--files`` extra register files whose notes hold such text in all 26 languages, and the same
   with ordinary notes in those files, and prints the difference (best of ``--repeat``
   interleaved builds each). Target: < 1 s per crafted file.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder.config import SiteConfig  # noqa: E402
from builder.markdown_safe import render_markdown  # noqa: E402
from builder.pipeline import build  # noqa: E402
from registry.languages import SITE_LANGUAGES  # noqa: E402

FIXTURE = REPO / "tests" / "site" / "fixtures" / "data"
LIMIT = 4000  # data/schema/register.schema.json: notes, maxLength per language
PATTERNS = ["![", "[", "[a", "[`", "`[", "![[", "[a][", "*_", "_a", "[](", "`", "[^", "**a"]


def crafted(pattern: str, length: int = LIMIT) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def slowest(render, length: int = LIMIT) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    results = []
    for pattern in PATTERNS:
        text = crafted(pattern, length)
        start = time.perf_counter()
        render(text)
        results.append((time.perf_counter() - start, pattern))
    return max(results)


def python_markdown():  # type: ignore[no-untyped-def]
    """The renderer before issue 11 (Python-Markdown, raw HTML off), for comparison; None if not installed."""
    try:
        import markdown
    except ImportError:
        return None
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def add_crafted_registers(data: Path, count: int, *, plain: bool = False) -> None:
    """``count`` copies of a fixture register with crafted notes (``plain``: ordinary notes, the baseline)."""
    import yaml

    source = data / "registers" / "ee" / "ee-kutseregister.yml"
    register = yaml.safe_load(source.read_text(encoding="utf-8"))
    for index in range(count):
        register_id = f"ee-crafted-{index}"
        register["id"] = register_id
        register["notes"] = {lang: "Search by **name** or [number](https://example.eu/help)." if plain
                             else crafted(PATTERNS[(i + index) % len(PATTERNS)])
                             for i, lang in enumerate(SITE_LANGUAGES)}  # fmt: skip
        target = data / "registers" / "ee" / f"{register_id}.yml"
        modeline = source.read_text(encoding="utf-8").splitlines()[0]
        body = yaml.safe_dump(register, allow_unicode=True, sort_keys=False, width=10**6)
        target.write_text(f"{modeline}\n{body}", encoding="utf-8")


def best_build(data: Path, out: Path, jobs: int, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        render_markdown.cache_clear()
        config = SiteConfig(data_dir=data, out_dir=out, status_dir=data / "status", run_pagefind=False, jobs=jobs)
        start = time.perf_counter()
        build(config)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--files", type=int, default=1, help="crafted register files to add (default 1)")
    args = parser.parse_args()

    ours = render_markdown.__wrapped__
    took, pattern = slowest(ours)
    took4, _ = slowest(ours, LIMIT * 4)
    print(f"markdown-it-py + nh3: slowest 4,000-character note {took * 1000:.0f} ms ({pattern!r}); "
          f"×4 the length: {took4 * 1000:.0f} ms (×{took4 / took:.1f})")  # fmt: skip
    notes = [crafted(PATTERNS[i % len(PATTERNS)]) for i in range(len(SITE_LANGUAGES))]
    start = time.process_time()
    for note in notes:
        ours(note)
    one_file = time.process_time() - start
    print(f"markdown-it-py + nh3: the 26 notes of one crafted file: {one_file * 1000:.0f} ms CPU in all")
    old = python_markdown()
    if old is not None:
        old_took, old_pattern = slowest(old)
        print(f"Python-Markdown (before): slowest 4,000-character note {old_took * 1000:.0f} ms ({old_pattern!r})")
    linear = took4 / took <= 6

    with tempfile.TemporaryDirectory() as tmp:
        plain, slowed = Path(tmp) / "plain", Path(tmp) / "crafted"
        shutil.copytree(FIXTURE, plain)
        shutil.copytree(FIXTURE, slowed)
        add_crafted_registers(plain, args.files, plain=True)  # the same files with ordinary notes
        add_crafted_registers(slowed, args.files)
        best_build(plain, Path(tmp) / "public", args.jobs, 1)  # warm-up: imports, template compilation, caches
        base, slow = float("inf"), float("inf")
        for _ in range(args.repeat):  # interleaved, best of each: a busy neighbour hurts both alike
            base = min(base, best_build(plain, Path(tmp) / "public", args.jobs, 1))
            slow = min(slow, best_build(slowed, Path(tmp) / "public", args.jobs, 1))
    added = slow - base
    per_file = added / max(1, args.files)
    print(f"build, fixture data, 26 languages, {args.jobs} job(s): {base:.2f} s; with {args.files} crafted file(s) "
          f"(26 notes of {LIMIT} characters each): {slow:.2f} s → +{added:.2f} s, {per_file:.2f} s per file "
          f"(target < 1 s)")  # fmt: skip
    ok = linear and per_file < 1.0
    print("OK" if ok else "TOO SLOW")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
