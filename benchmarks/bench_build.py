"""Site build benchmark: 1,000 synthetic registers × 26 languages, full build with the Pagefind index.

    python benchmarks/bench_build.py [--registers 1000] [--jobs 2] [--shipped] [--runs 3] [--no-hugo]

Reports wall time per stage and the peak memory of the whole process tree (the build, its render
workers and Pagefind), sampled from /proc every 50 ms. Targets (issue 3): < 60 s and < 1.5 GB on
2 cores; the shipped data (``--shipped``, data/) < 15 s.

When ``hugo`` is installed (Debian: ``apt-get install hugo``), each run also builds the same
registers with Hugo and a comparable multilingual template (``benchmarks/hugo_site.py``) and
indexes its output with the same Pagefind binary, then prints both times and the ratio (issue 12
target: ours ≤ 0.8 × Hugo + Pagefind). The two builds alternate, so a busy machine slows both.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from builder.config import SiteConfig  # noqa: E402
from builder.pipeline import InvalidData, build  # noqa: E402
from registry.vocabularies import vocabulary_from_data  # noqa: E402, F401

FIXTURE = REPO / "tests" / "site" / "fixtures" / "data"
COUNTRIES = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
             "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "CH"]  # fmt: skip
WORDS = ["register", "national", "chamber", "professional", "licensed", "public", "official", "search", "board",
         "authority", "association", "certified", "members", "practitioners", "database", "list"]  # fmt: skip


def synthetic_data(target: Path, count: int, seed: int = 1) -> Path:
    """A data folder with the fixture schema and vocabularies and ``count`` generated registers."""
    import json

    import yaml

    rng = random.Random(seed)
    shutil.copytree(FIXTURE / "schema", target / "schema")
    shutil.copytree(FIXTURE / "vocabularies", target / "vocabularies")
    schema = json.loads((target / "schema" / "register.schema.json").read_text())
    official = schema["x-official-languages"]
    vocab = {name: [t["id"] for t in yaml.safe_load((target / "vocabularies" / f"{name}.yml").read_text())["terms"]]
             for name in ("areas", "professions", "information", "search-by", "kinds")}  # fmt: skip
    for index in range(count):
        country = COUNTRIES[index % len(COUNTRIES)]
        cc = country.lower()
        register_id = f"{cc}-register-{index:04d}"
        lang = official[country][0]
        words = " ".join(rng.choice(WORDS) for _ in range(4))
        data = {
            "id": register_id,
            "status": "active",
            "country": country,
            "name": {lang: f"{words.title()} {index}", "en": f"{words.title()} register {index}"},
            "authority": {"name": {"en": f"Authority {index}"}, "url": f"https://authority{index}.example.eu/"},
            "url": f"https://register{index}.example.eu/",
            "search_url": f"https://register{index}.example.eu/search",
            "kind": rng.choice(vocab["kinds"]),
            "areas": rng.sample(vocab["areas"], 2),
            "professions": rng.sample(vocab["professions"], 3),
            "information": rng.sample(vocab["information"], 4),
            "search_by": rng.sample(vocab["search-by"], 2),
            "access": {"cost": "free", "login": "none", "captcha": False},
            "languages": sorted({lang, "en"}),
            "reviewed": "2026-01-15",
            "sources": [{"url": f"https://register{index}.example.eu/", "confirms": ["url"]}],
            "notes": {"en": f"Search by **name** or number. {' '.join(rng.choice(WORDS) for _ in range(40))}."},
        }
        path = target / "registers" / cc / f"{register_id}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text("# yaml-language-server: $schema=../../schema/register.schema.json\n" + text, "utf-8")
    return target


class TreeMemory:
    """Peak resident memory of this process and all its descendants, sampled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            time.sleep(0.05)

    @staticmethod
    def sample() -> int:
        children: dict[int, list[int]] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry)
            children.setdefault(int(fields[1]), []).append(pid)
            rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        total, stack = 0, [os.getpid()]
        while stack:
            pid = stack.pop()
            total += rss.get(pid, 0)
            stack.extend(children.get(pid, []))
        return total


def run(data: Path, out: Path, jobs: int) -> tuple[float, int, dict[str, float], int]:
    config = SiteConfig(data_dir=data, out_dir=out, status_dir=data / "status", jobs=jobs)
    with TreeMemory() as memory:
        start = time.perf_counter()
        report = build(config)
        elapsed = time.perf_counter() - start
    return elapsed, memory.peak, report.timings, report.pages


def run_hugo(project: Path) -> tuple[float, float, float, int, int]:
    """Hugo + Pagefind on the project written by hugo_site; (total, hugo, pagefind, peak bytes, pages)."""
    import hugo_site

    from builder.search_index import pagefind_executable

    shutil.rmtree(project / "public", ignore_errors=True)
    with TreeMemory() as memory:
        hugo, pagefind, pages = hugo_site.run(project, pagefind_executable())
    return hugo + pagefind, hugo, pagefind, memory.peak, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registers", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2, help="render processes (default 2: the target machine)")
    parser.add_argument("--shipped", action="store_true", help="also time the build of the shipped data/")
    parser.add_argument("--runs", type=int, default=1, help="alternating runs of both builds (default 1)")
    parser.add_argument("--no-hugo", action="store_true", help="skip the Hugo + Pagefind comparison")
    args = parser.parse_args()
    hugo = not args.no_hugo and shutil.which("hugo") is not None
    if not args.no_hugo and not hugo:
        print("hugo is not installed (apt-get install hugo): no comparison")
    sys.path.insert(0, str(REPO / "benchmarks"))
    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        data = synthetic_data(Path(tmp) / "data", args.registers)
        if hugo:
            import hugo_site

            from registry.languages import SITE_LANGUAGES

            hugo_site.write_project(data, Path(tmp) / "hugo", SITE_LANGUAGES)
        ok = True
        ratios = []
        for number in range(1, args.runs + 1):
            out = Path(tmp) / "public"
            shutil.rmtree(out, ignore_errors=True)
            elapsed, peak, timings, pages = run(data, out, args.jobs)
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items())
            print(f"run {number}: ours: {args.registers} registers × 26 languages, {pages} pages: {elapsed:.1f} s "
                  f"wall ({stages}); peak memory {peak / 2**20:.0f} MiB (targets: < 60 s, < 1536 MiB)")  # fmt: skip
            ok = ok and elapsed < 60 and peak < 1.5 * 2**30
            if hugo:
                total, hugo_s, pagefind_s, hugo_peak, hugo_pages = run_hugo(Path(tmp) / "hugo")
                ratios.append(elapsed / total)
                print(f"run {number}: Hugo + Pagefind: {hugo_pages} pages: {total:.1f} s (hugo {hugo_s:.1f} s, "
                      f"pagefind {pagefind_s:.1f} s); peak memory {hugo_peak / 2**20:.0f} MiB; "
                      f"ratio ours / theirs {ratios[-1]:.2f} (target ≤ 0.80)")  # fmt: skip
        if ratios:
            print(f"ratio over {len(ratios)} run(s): {min(ratios):.2f}–{max(ratios):.2f} "
                  f"(median {sorted(ratios)[len(ratios) // 2]:.2f})")
            ok = ok and sorted(ratios)[len(ratios) // 2] <= 0.8
        if args.shipped:
            try:
                elapsed, peak, timings, pages = run(REPO / "data", Path(tmp) / "shipped", args.jobs)
            except InvalidData as exc:
                print(f"shipped data: not valid yet ({len(exc.result.problems)} problems); not timed")
            else:
                print(f"shipped data: {pages} pages in {elapsed:.1f} s; peak memory {peak / 2**20:.0f} MiB "
                      f"(target: < 15 s)")  # fmt: skip
                ok = ok and elapsed < 15
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
