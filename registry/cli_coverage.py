"""`build.py coverage`: the country × need matrix, its counts, and whether the targets are met."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registry.coverage import NEEDS, REASONS, Cell, CoverageCounts
from registry.loader import LoadResult, load_registry

# One character per state in the matrix (plain ASCII besides the tick, so it survives any log).
SYMBOLS: dict[str, str] = {"served": "✓", "none-online": "-", "not-regulated": "x", "regional": "r", "unknown": "?"}
# Column headings: three letters per need.
SHORT: dict[str, str] = {
    "doctor": "doc", "nurse": "nur", "midwife": "mid", "dentist": "den", "pharmacist": "pha",
    "veterinary-surgeon": "vet", "architect": "arc", "lawyer": "law", "statutory-auditor": "aud",
    "notary": "not", "tourist-guide": "gui", "insurance-intermediary": "ins", "business": "bus",
    "insolvency": "bkr",
}  # fmt: skip


def matrix_lines(result: LoadResult, countries: list[str]) -> list[str]:
    """The matrix as text: a row per country with its register count, a column per need."""
    counts = {c: 0 for c in countries}
    for register in result.registers:
        if register.country in counts:
            counts[register.country] += 1
    lines = ["cc  regs  " + " ".join(SHORT[n] for n in NEEDS)]
    for country in countries:
        cells = [result.coverage[(country, need)] for need in NEEDS]
        lines.append(f"{country}  {counts[country]:4}  " + " ".join(f"{SYMBOLS[c.state]:^3}" for c in cells))
    legend = ", ".join(f"{symbol} {state}" for state, symbol in SYMBOLS.items())
    lines.append(f"legend: {legend}; columns: " + ", ".join(f"{SHORT[n]} {n}" for n in NEEDS))
    return lines


def country_lines(result: LoadResult, country: str) -> list[str]:
    """One line per need of one country: the registers serving it, or the reason and its note."""
    lines = []
    for need in NEEDS:
        cell: Cell = result.coverage[(country, need)]
        if cell.registers:
            detail = ", ".join(cell.registers)
        elif cell.gap is None:
            detail = "not researched yet (record a reason in coverage/" + country.lower() + ".yml)"
        else:
            note = cell.gap.note.get("en") or next(iter(cell.gap.note.values()), "")
            detail = " ".join(note.split()) if note else ""
        lines.append(f"{SYMBOLS[cell.state]} {need:<23} {cell.state:<14} {detail}".rstrip())
    return lines


def counts_line(counts: CoverageCounts) -> str:
    states = ", ".join(f"{counts.by_state[state]} {state}" for state in ("served", *REASONS))
    return f"{counts.cells} cells: {states} ({counts.unknown_share:.1%} unknown)"


def run(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"error: the data folder '{data_dir}' does not exist (give it with --data DIR)", file=sys.stderr)
        return 2
    result = load_registry(data_dir)
    if not result.ok:
        print(f"{len(result.problems)} problem(s) in the data ('build.py validate' lists them); "
              "the matrix counts only the files without problems", file=sys.stderr)  # fmt: skip
    countries = list(result.countries)
    if args.country:
        country = args.country.upper()
        if country not in countries:
            print(f"error: '{args.country}' is not one of the {len(countries)} countries "
                  f"({', '.join(sorted(countries))})", file=sys.stderr)  # fmt: skip
            return 2
        print("\n".join(country_lines(result, country)))
        print(counts_line(CoverageCounts.of(result.coverage[(country, n)] for n in NEEDS)))
        return 0 if result.ok else 1
    print("\n".join(matrix_lines(result, sorted(countries))))
    counts = CoverageCounts.of(result.coverage.values())
    print(counts_line(counts))
    missed = []
    if counts.unknown_share * 100 > args.max_unknown:
        missed.append(f"{counts.unknown_share:.1%} of the cells are unknown (target: at most {args.max_unknown:g} %)")
    per_country = {c: 0 for c in countries}
    for register in result.registers:
        per_country[register.country] += 1
    thin = sorted(c for c, n in per_country.items() if n < args.min_registers)
    if thin:
        missed.append(f"fewer than {args.min_registers} registers: {', '.join(thin)}")
    for line in missed:
        print(f"target missed: {line}", file=sys.stderr)
    return 1 if missed or not result.ok else 0
