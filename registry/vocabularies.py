"""The controlled vocabularies: terms with labels in every site language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Vocabulary file name (without .yml) → the register key whose values it controls.
VOCABULARY_KEYS: dict[str, str] = {
    "areas": "areas",
    "professions": "professions",
    "information": "information",
    "search-by": "search_by",
    "kinds": "kind",
}

# Register key → the schema definition that enumerates its terms (kept in step by `build.py schema`).
SCHEMA_DEFS: dict[str, str] = {
    "areas": "area",
    "professions": "profession",
    "information": "information",
    "search_by": "search_by",
    "kind": "kind",
}


@dataclass(frozen=True)
class Term:
    id: str
    labels: dict[str, str]
    description: dict[str, str] = field(default_factory=dict)
    isco08: str | None = None
    legal_act: dict[str, Any] | None = None
    alt: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, language: str) -> str:
        """The label in ``language``, falling back to English (the validator rejects gaps)."""
        return self.labels.get(language) or self.labels.get("en") or self.id

    def alternatives(self, language: str) -> tuple[str, ...]:
        """The other words people use for the term in ``language`` (SKOS altLabel; searched, not shown)."""
        return self.alt.get(language, ())

    def legal_act_title(self, language: str) -> tuple[str, str] | None:
        """(title, the language it is in): the act named in ``language``, else in English.

        Older data gives the title as one English string."""
        if not self.legal_act or not self.legal_act.get("title"):
            return None
        title = self.legal_act["title"]
        if isinstance(title, str):
            return title, "en"
        for candidate in (language, "en", *sorted(title)):
            if title.get(candidate):
                return title[candidate], candidate
        return None


@dataclass(frozen=True)
class Vocabulary:
    name: str
    terms: tuple[Term, ...]

    def ids(self) -> list[str]:
        return [term.id for term in self.terms]

    def get(self, term_id: str) -> Term | None:
        return next((term for term in self.terms if term.id == term_id), None)


def vocabulary_from_data(name: str, data: dict[str, Any]) -> Vocabulary:
    terms = tuple(
        Term(
            id=term["id"],
            labels=dict(term["labels"]),
            description=dict(term.get("description") or {}),
            isco08=term.get("isco08"),
            legal_act=term.get("legal_act"),
            alt={lang: tuple(words) for lang, words in (term.get("alt") or {}).items()},
        )
        for term in data["terms"]
    )
    return Vocabulary(name=name, terms=terms)
