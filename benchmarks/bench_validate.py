"""Benchmark: `build.py validate` on 1,000 synthetic register files (target: under 2 s).

Run: python benchmarks/bench_validate.py [--count 1000]
It copies the real schema and vocabularies, writes COUNT valid register files spread over
the 31 countries, then times the whole command in a fresh process (start-up included), and
the schema check alone (registry.fastschema, in this process) per file.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTRIES = json.loads((REPO / "data/schema/register.schema.json").read_text())["$defs"]["country"]["enum"]
OFFICIAL = json.loads((REPO / "data/schema/register.schema.json").read_text())["x-official-languages"]

TEMPLATE = """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: {id}
status: active
country: {cc}
name:
  {lang}: Register number {n}
  en: Register number {n}
authority:
  name: {{en: Authority {n}}}
  url: https://authority{n}.example.eu/
url: https://register{n}.example.eu/search?q=1
search_url: https://register{n}.example.eu/search
language_urls: {{en: "https://register{n}.example.eu/en/"}}
kind: professional
areas: [professional-qualifications, services]
professions: [doctor, nurse]
information: [registration, right-to-practise, disciplinary-measures]
search_by: [name, registration-number]
access: {{cost: free, login: none, captcha: false}}
languages: [{lang}, en]
sources:
  - url: https://register{n}.example.eu/search?q=1
    confirms: [url]
notes:
  en: |
    Search by **name** or registration number. Entry {n}.
"""


def write_data(target: Path, count: int) -> None:
    shutil.copytree(REPO / "data/schema", target / "schema")
    shutil.copytree(REPO / "data/vocabularies", target / "vocabularies")
    for n in range(count):
        cc = COUNTRIES[n % len(COUNTRIES)]
        register_id = f"{cc.lower()}-bench-{n}"
        folder = target / "registers" / cc.lower()
        folder.mkdir(parents=True, exist_ok=True)
        text = TEMPLATE.format(id=register_id, cc=cc, lang=OFFICIAL[cc][0], n=n)
        (folder / f"{register_id}.yml").write_text(text, encoding="utf-8")


def schema_check_time(data: Path) -> float:
    """Seconds per file for the schema check of valid files (what the loader calls per file)."""
    sys.path.insert(0, str(REPO))
    from registry.fastschema import register_validator
    from registry.yamlsafe import parse

    schema = json.loads((data / "schema/register.schema.json").read_text("utf-8"))
    documents = [parse(path.read_bytes()).data for path in sorted((data / "registers").glob("*/*.yml"))]
    validator = register_validator(schema)
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for document in documents:
            for _error in validator.iter_errors(document):
                raise SystemExit(f"unexpected schema error: {_error.message}")
        best = min(best, time.perf_counter() - started)
    return best / len(documents)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary) / "data"
        write_data(data, args.count)
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, str(REPO / "build.py"), "validate", "--data", str(data)],
                capture_output=True,
                text=True,
            )
            timings.append(time.perf_counter() - started)
            if result.returncode != 0:
                print(result.stderr[-2000:], file=sys.stderr)
                return 1
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        per_file = schema_check_time(data)
        print(result.stdout.strip())
        print(
            f"validate {args.count} files: best {min(timings):.2f} s, worst {max(timings):.2f} s "
            f"(whole command, {args.runs} runs); peak RSS {usage.ru_maxrss / 1024:.0f} MiB; target < 2 s"
        )
        print(f"schema check alone: {per_file * 1e6:.1f} µs per file (best of 5 passes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
