"""The shipped data meets the coverage the directory promises, and stays honest."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from registry import load_registry
from registry.languages import SITE_LANGUAGES

DATA = Path(__file__).resolve().parent.parent / "data"
COUNTRIES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO", "CH",
}  # fmt: skip
SECTORAL = {"doctor", "nurse", "midwife", "dentist", "pharmacist", "veterinary-surgeon", "architect"}


@pytest.fixture(scope="module")
def shipped():
    result = load_registry(DATA)
    assert result.ok, "\n".join(p.format() for p in result.problems[:20])
    return result


def test_every_term_has_a_label_in_every_site_language(shipped) -> None:
    for vocabulary in shipped.vocabularies.values():
        for term in vocabulary.terms:
            missing = [lang for lang in SITE_LANGUAGES if not term.labels.get(lang, "").strip()]
            assert not missing, f"{vocabulary.name}/{term.id} lacks {missing}"


def test_vocabularies_cover_the_required_terms(shipped) -> None:
    professions = shipped.vocabularies["professions"]
    assert len(professions.terms) >= 30
    assert set(professions.ids()) >= SECTORAL
    assert {"lawyer", "tourist-guide", "statutory-auditor", "engineer", "estate-agent", "psychologist",
            "physiotherapist", "teacher", "electrician"} <= set(professions.ids())  # fmt: skip
    for term in professions.terms:
        assert term.isco08 is None or term.isco08.isdigit()
    areas = shipped.vocabularies["areas"].terms
    acts = {term.id: (term.legal_act or {}).get("title", {}).get("en", "") for term in areas}
    for area, act in {
        "professional-qualifications": "2005/36/EC",
        "services": "2006/123/EC",
        "posting-of-workers": "96/71/EC",
        "cross-border-healthcare": "2011/24/EU",
        "road-transport-posting": "2020/1057",
    }.items():
        assert act in acts[area]
    assert "2014/67/EU" in acts["posting-of-workers"]


def test_registers_cover_every_country_and_profession(shipped) -> None:
    registers = shipped.registers
    assert len(registers) >= 120
    per_country = Counter(r.country for r in registers)
    thin = {cc: per_country.get(cc, 0) for cc in COUNTRIES if per_country.get(cc, 0) < 3}
    assert not thin, f"countries with fewer than 3 registers: {thin}"
    professions = {p for r in registers for p in r.data.get("professions", [])}
    assert len(professions) >= 15


def test_nothing_is_marked_verified_and_everything_is_sourced(shipped) -> None:
    for register in shipped.registers:
        assert "reviewed" not in register.data, f"{register.id}: nobody has reviewed it yet"
        assert register.data["sources"], register.id
        assert register.document.first_line.startswith("# yaml-language-server: $schema=")
