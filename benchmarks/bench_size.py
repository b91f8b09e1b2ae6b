"""Bytes per register: does the site stay under GitHub Pages' 1 GB as the data grows?

    python benchmarks/bench_size.py [--shipped] [--small 200] [--large 400] [--base-url URL]

Builds synthetic data (``bench_build.synthetic_data``) at two sizes with the search index and
26 languages, and reports the size of the output (the sum of the files' sizes, as Pages counts
them) by part: register pages, lists, status, search index, sitemaps, exports. The difference
between the two builds divided by the difference in registers is the *marginal* cost of one
register, which projects the size at 2,500 registers (target: < 1 GB). ``--shipped`` also
reports the shipped data's size per register (fixed costs included). The build uses the
published site's ``--base-url`` (as .github/workflows/publish.yml does), because the absolute
addresses it puts in every page's hreflang links and in the sitemaps count toward the limit.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_build import synthetic_data  # noqa: E402

from builder.config import SiteConfig  # noqa: E402
from builder.pipeline import build  # noqa: E402

TARGET_REGISTERS, LIMIT = 2500, 10**9


def part(relative: Path) -> str:
    parts = relative.parts
    if len(parts) > 1 and len(parts[0]) == 2:  # <lang>/…
        second = parts[1]
        if second == "pagefind":
            return "search index"
        if len(parts) == 2:
            return "home, 404"
        return {"registers": "register pages", "status": "status pages"}.get(second, "lists and other pages")
    if parts[0].startswith("sitemap"):
        return "sitemaps"
    if parts[0] in ("static", "index.html", "404.html") or parts[0].startswith("."):
        return "static and root"
    return "exports"


def measure(out: Path) -> Counter:
    sizes: Counter = Counter()
    for folder, _, files in os.walk(out):
        for name in files:
            path = Path(folder) / name
            sizes[part(path.relative_to(out))] += path.stat().st_size
    return sizes


#: The address GitHub Pages gives the repository's site (project/organisation Pages URL).
PAGES_URL = "https://open-registers.github.io/open-registers-directory/"


def site_size(data: Path, out: Path, base_url: str) -> tuple[int, Counter]:
    config = SiteConfig(data_dir=data, out_dir=out, status_dir=data / "status", jobs=2, base_url=base_url)
    report = build(config)
    return report.registers, measure(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=400)
    parser.add_argument("--shipped", action="store_true", help="also the shipped data/ (fixed costs included)")
    parser.add_argument("--base-url", default=PAGES_URL, help=f"the published address (default {PAGES_URL})")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-size-") as tmp:
        root = Path(tmp)
        n1, small = site_size(synthetic_data(root / "d1", args.small), root / "o1", args.base_url)
        n2, large = site_size(synthetic_data(root / "d2", args.large), root / "o2", args.base_url)
        marginal = {key: (large[key] - small[key]) / (n2 - n1) for key in large}
        total = sum(marginal.values())
        print(f"marginal bytes per register (synthetic, {n1} → {n2} registers, 26 languages, search index):")
        for key, value in sorted(marginal.items(), key=lambda item: -item[1]):
            print(f"  {key:24} {value / 1024:8.1f} KiB")
        print(f"  {'total':24} {total / 1024:8.1f} KiB")
        fixed = sum(large.values()) - total * n2
        projected = fixed + total * TARGET_REGISTERS
        print(f"projected site at {TARGET_REGISTERS:,} registers: {projected / 1e9:.2f} GB "
              f"(fixed {fixed / 1e6:.0f} MB; limit 1 GB)")  # fmt: skip
        if args.shipped:
            count, sizes = site_size(REPO / "data", root / "shipped", args.base_url)
            whole = sum(sizes.values())
            print(f"shipped data: {count} registers, {whole / 1e6:.1f} MB, {whole / count / 1024:.0f} KiB per register "
                  f"(fixed costs included)")  # fmt: skip
            for key, value in sorted(sizes.items(), key=lambda item: -item[1]):
                print(f"  {key:24} {value / 1e6:8.1f} MB")
    return 0 if projected < LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
