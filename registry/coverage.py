"""The coverage matrix: for each country and each need an official has, a register or a reason.

Which needs a country's registers serve is computed from the register files; only the gaps
are written down, in ``data/coverage/<cc>.yml``, each with its reason and the page that shows
it. A gap recorded for a need that a register serves is an error, so nothing is said twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The needs every country is checked for: professions, then two kinds of register.
PROFESSION_NEEDS: tuple[str, ...] = (
    "doctor", "nurse", "midwife", "dentist", "pharmacist", "veterinary-surgeon", "architect", "lawyer",
    "statutory-auditor", "notary", "tourist-guide", "insurance-intermediary",
)  # fmt: skip
KIND_NEEDS: tuple[str, ...] = ("business", "insolvency")
NEEDS: tuple[str, ...] = PROFESSION_NEEDS + KIND_NEEDS

# Why a need is not served, in the order the matrix counts them.
REASONS: tuple[str, ...] = ("none-online", "not-regulated", "regional", "unknown")
SERVING_STATUSES = frozenset({"active", "deprecated"})  # a withdrawn register serves nobody

MODELINE = "# yaml-language-server: $schema=../schema/coverage.schema.json"


def serves(register: dict[str, Any], need: str) -> bool:
    """True when a register (its data) answers the need: lists the profession or is of that kind."""
    if register.get("status") not in SERVING_STATUSES:
        return False
    if need in KIND_NEEDS:
        return register.get("kind") == need
    return need in (register.get("professions") or [])


@dataclass(frozen=True)
class Gap:
    """Why no register serves a need in a country, as a coverage file records it."""

    reason: str
    note: dict[str, str] = field(default_factory=dict)
    sources: tuple[dict[str, Any], ...] = ()
    path: Path | None = None
    line: int = 1


@dataclass(frozen=True)
class Cell:
    """One country × need: the registers serving it, else the recorded gap (None = never researched)."""

    country: str
    need: str
    registers: tuple[str, ...] = ()
    gap: Gap | None = None

    @property
    def state(self) -> str:
        """``served``, or the gap's reason; a need nobody recorded is ``unknown``."""
        if self.registers:
            return "served"
        return self.gap.reason if self.gap else "unknown"


def build_matrix(
    countries: Iterable[str], registers: Iterable[tuple[str, str, dict[str, Any]]], gaps: dict[str, dict[str, Gap]]
) -> dict[tuple[str, str], Cell]:
    """Every (country, need) cell; ``registers`` yields (id, country, data)."""
    serving: dict[tuple[str, str], list[str]] = {}
    for register_id, country, data in registers:
        for need in NEEDS:
            if serves(data, need):
                serving.setdefault((country, need), []).append(register_id)
    return {
        (country, need): Cell(
            country,
            need,
            tuple(sorted(serving.get((country, need), []))),
            None if (country, need) in serving else gaps.get(country, {}).get(need),
        )
        for country in countries
        for need in NEEDS
    }


@dataclass
class CoverageCounts:
    """How many cells are served and how many carry each reason."""

    cells: int = 0
    by_state: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("served", *REASONS), 0))

    @classmethod
    def of(cls, cells: Iterable[Cell]) -> CoverageCounts:
        counts = cls()
        for cell in cells:
            counts.cells += 1
            counts.by_state[cell.state] += 1
        return counts

    @property
    def unknown_share(self) -> float:
        return self.by_state["unknown"] / self.cells if self.cells else 0.0


Report = Callable[[Path, tuple[int, int], str, str], None]


def check_gaps_against_registers(matrix: dict[tuple[str, str], Cell], gaps: dict[str, dict[str, Gap]],
                                 report: Report) -> None:  # fmt: skip
    """A gap recorded for a need that a register serves says the same thing twice: an error."""
    for country, recorded in gaps.items():
        for need, gap in recorded.items():
            cell = matrix.get((country, need))
            if cell is not None and cell.registers and gap.path is not None:
                served_by = ", ".join(cell.registers[:3]) + (" …" if len(cell.registers) > 3 else "")
                report(
                    gap.path,
                    (gap.line, 3),
                    f"gaps.{need}",
                    f"'{need}' is served by {served_by}; remove this gap (coverage is computed from the registers)",
                )
