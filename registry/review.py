"""Which registers a maintainer should check first: the ones whose evidence is weakest.

Each weakness has a weight; a register's score is their sum, so a register with no page
confirming its address comes before one confirmed only by a third party, which comes before
one that points at a site's home page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from registry.evidence import confirming_sources, is_home_page
from registry.loader import Register

# (weight, key, what a maintainer reads)
NO_CONFIRMING_SOURCE = (8, "unconfirmed", "no source confirms the address")
THIRD_PARTY_ONLY = (4, "third-party", "only third-party pages confirm the address")
HOME_PAGE = (2, "home-page", "the address is a site's home page, not the register's search")
STALE_SOURCES = (1, "stale-sources", "every dated source was read before the file last changed")


@dataclass
class Assessment:
    """The weaknesses found in one register's evidence."""

    register: Register
    weaknesses: list[tuple[int, str, str]] = field(default_factory=list)
    last_changed: dt.date | None = None

    @property
    def score(self) -> int:
        return sum(weight for weight, _, _ in self.weaknesses)


def assess(register: Register, last_changed: dt.date | None = None) -> Assessment:
    data = register.data
    found = Assessment(register, last_changed=last_changed)
    evidence = confirming_sources(data, "url")
    if not evidence:
        found.weaknesses.append(NO_CONFIRMING_SOURCE)
    elif not any(e.official for e in evidence):
        found.weaknesses.append(THIRD_PARTY_ONLY)
    authority_url = (data.get("authority") or {}).get("url")
    if is_home_page(data["url"]) or data["url"] == authority_url:
        found.weaknesses.append(HOME_PAGE)
    dated = [dt.date.fromisoformat(s["accessed"]) for s in data.get("sources") or [] if s.get("accessed")]
    if dated and last_changed and max(dated) < last_changed:
        found.weaknesses.append(STALE_SOURCES)
    return found


def weakest_first(registers: list[Register], last_changed: dict[Path, dt.date]) -> list[Assessment]:
    """Every register that is not withdrawn, weakest evidence first, then by id."""
    assessed = [
        assess(r, last_changed.get(r.path.resolve())) for r in registers if r.data["status"] != "withdrawn"
    ]
    return sorted(assessed, key=lambda a: (-a.score, a.register.id))
