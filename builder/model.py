"""From the validated registry to what templates show, one site language at a time.

Everything a template prints is prepared here as plain dicts (fast to render, easy to test):
texts carry the language they are really in, so templates can put ``lang`` on text that fell
back to another language; lists are sorted with the language's collation.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from builder.collation import collator, strip_ignorable
from builder.config import SiteConfig
from builder.i18n import LocaleData
from builder.markdown_safe import render_markdown
from builder.status import Snapshot, history_chart
from registry.coverage import KIND_NEEDS, NEEDS, Cell, CoverageCounts
from registry.evidence import Evidence, confirming_sources
from registry.gitdates import last_changed
from registry.languages import COUNTRY_ALT_NAMES
from registry.loader import LoadResult, Register
from registry.status import checked_urls


@dataclass(frozen=True)
class Text:
    """A piece of register or vocabulary text and the language it is written in."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


# Words that mark a source title as English (the editors describe third-party pages in English):
# function words that are not also common words of another site language.
_ENGLISH_WORDS = frozenset((
    "the", "of", "and", "for", "with", "from", "its", "which", "where", "this", "that", "are", "was", "were",
    "has", "have", "about", "only", "their", "into", "page", "website", "site", "list", "search", "register",
    "registers",
))  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


def source_language(title: str, official: list[str]) -> str:
    """The language a source's title is written in, as far as it can be told: English when it has
    English function words or the country has English as an official language, else the country's
    first official language (titles copied from the page they name). Titles have no language key."""
    words = {word.lower() for word in _WORD.findall(title)}
    if words & _ENGLISH_WORDS or "en" in official or not official:
        return "en"
    return official[0]


@dataclass
class Site:
    """The language-independent model: registers, vocabularies, crawler results, settings."""

    registry: LoadResult
    status: Snapshot
    config: SiteConfig
    countries: tuple[str, ...] = field(default=())
    official_languages: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def create(cls, registry: LoadResult, status: Snapshot, config: SiteConfig) -> Site:
        schema = json.loads((Path(registry.data_dir) / "schema" / "register.schema.json").read_text("utf-8"))
        countries = tuple(schema["$defs"]["country"]["enum"])
        status = status.for_registers({r.id: checked_urls(r.data) for r in registry.registers})  # (id, URL) pairs
        return cls(registry, status, config, countries, schema.get("x-official-languages", {}))

    @cached_property
    def by_country(self) -> dict[str, list[Register]]:
        grouped: dict[str, list[Register]] = defaultdict(list)
        for register in self.registry.registers:
            grouped[register.country].append(register)
        return grouped

    @cached_property
    def last_changed(self) -> dict[Path, Any]:
        """Resolved path of a register file → the date of the last commit that changed it (git)."""
        return last_changed(Path(self.registry.data_dir) / "registers")

    @cached_property
    def _changed_by_path(self) -> dict[str, Any]:
        """relative_path → last change, resolved once: a resolve() per page cost 7 % of the render."""
        data_dir = Path(self.registry.data_dir)
        changed = self.last_changed
        return {r.relative_path: changed.get((data_dir / r.relative_path).resolve()) for r in self.registry.registers}

    def changed_on(self, register: Register) -> Any:
        return self._changed_by_path.get(register.relative_path)

    def confirming_url_sources(self, register: Register) -> list[Evidence]:
        """The same in every language, so decided once per register (Public Suffix look-ups)."""
        found = self._confirming.get(register.id)
        if found is None:
            found = self._confirming[register.id] = confirming_sources(register.data, "url")
        return found

    @cached_property
    def _confirming(self) -> dict[str, list[Evidence]]:
        return {}

    def by_term(self, key: str) -> dict[str, list[Register]]:
        return self._by_term[key]

    @cached_property
    def _by_term(self) -> dict[str, dict[str, list[Register]]]:
        index: dict[str, dict[str, list[Register]]] = {"professions": defaultdict(list), "areas": defaultdict(list)}
        for register in self.registry.registers:
            for key, terms in index.items():
                for term_id in register.data.get(key) or []:
                    terms[term_id].append(register)
        return index


def _matrix_cell(cell: Cell) -> dict[str, Any]:
    """One cell of the coverage page: its state, and the register to link when exactly one serves it."""
    return {"need": cell.need, "state": cell.state, "only": cell.registers[0] if len(cell.registers) == 1 else None}


class LanguageView:
    """The site seen in one language: labels, names, sorted lists, register views."""

    def __init__(self, site: Site, language: str) -> None:
        self.site = site
        self.lang = language
        self.locale = LocaleData(language)
        self.collate = collator(language).key
        self._summaries: dict[str, dict[str, Any]] = {}
        self._labels: dict[tuple[str, str], Text] = {}
        self._terms = {name: {t.id: t for t in vocab.terms} for name, vocab in site.registry.vocabularies.items()}

    # --- small helpers -------------------------------------------------------------------
    def text(self, texts: dict[str, str] | None) -> Text | None:
        if not texts:
            return None
        for candidate in (self.lang, "en", *sorted(texts)):
            if candidate in texts:
                return Text(texts[candidate], candidate)
        return None

    def label(self, vocabulary: str, term_id: str) -> Text:
        """A vocabulary label, English when the term has none in this language yet."""
        key = (vocabulary, term_id)
        if key not in self._labels:
            term = self._terms[vocabulary].get(term_id)
            if term is None:
                self._labels[key] = Text(term_id, "en")
            elif term.labels.get(self.lang):
                self._labels[key] = Text(term.labels[self.lang], self.lang)
            else:
                self._labels[key] = Text(term.labels.get("en") or term_id, "en")
        return self._labels[key]

    def labels(self, vocabulary: str, ids: list[str]) -> list[dict[str, Any]]:
        items = [{"id": i, "label": self.label(vocabulary, i)} for i in ids]
        return sorted(items, key=lambda item: self.collate(item["label"].text))

    def country_name(self, code: str) -> str:
        return self.locale.country(code)

    def sorted_registers(self, registers: list[Register]) -> list[dict[str, Any]]:
        views = [self.register_summary(r) for r in registers]
        return sorted(views, key=lambda v: self.collate(v["name"].text))

    # --- registers -------------------------------------------------------------------------
    def register_name(self, register: Register) -> Text:
        """The name in the page's language, else in an official language of the country, else English."""
        names = register.data["name"]
        official = self.site.official_languages.get(register.country, [])
        for candidate in (self.lang, *official, "en", *sorted(names)):
            if names.get(candidate):
                return Text(names[candidate], candidate)
        return Text(register.id, "en")

    def country_words(self, code: str) -> list[str]:
        """What a reader may type for a country: its name (also without Maltese/Irish article), other
        names, and the names of its official languages, which are also the adjectives in most site
        languages ("polnisch", "Polish", "polonais", "tšehhi")."""
        name = self.country_name(code)
        words = [name, strip_ignorable(name, self.lang), *COUNTRY_ALT_NAMES.get((self.lang, code), ())]
        for language in self.site.official_languages.get(code, [])[:2]:
            words.append(self.locale.language_name(language))
        seen: list[str] = []
        for word in words:
            if word and word.lower() not in (w.lower() for w in seen):
                seen.append(word)
        return seen

    def search_terms(self, register: Register) -> list[tuple[float, list[str]]]:
        """Index-only text for the register's search document, with its Pagefind weight: the words
        people use for its country, kind and professions (labels and their alternatives) in this
        language, and its names in every language it has."""
        data = register.data
        terms = self._terms
        professions: list[str] = []
        for term_id in data.get("professions") or []:
            term = terms["professions"].get(term_id)
            if term:
                professions += [term.label(self.lang), *term.alternatives(self.lang)]
        kind = terms["kinds"].get(data["kind"])
        kind_words = [kind.label(self.lang), *kind.alternatives(self.lang)] if kind else []
        areas: list[str] = []
        for term_id in data.get("areas") or []:
            term = terms["areas"].get(term_id)
            if term:
                areas += [term.label(self.lang), *term.alternatives(self.lang)]
        names = [text for _, text in sorted(data["name"].items())]
        return [
            (5.0, names),
            (5.0, professions),
            (4.0, self.country_words(register.country)),
            (3.0, kind_words),
            (1.0, areas),
        ]

    def register_summary(self, register: Register) -> dict[str, Any]:
        """What a list entry needs: id, name, country, kind, badge (computed once per language)."""
        if register.id in self._summaries:
            return self._summaries[register.id]
        kind, date = self.site.status.badge(register.id)
        summary = self._summaries[register.id] = {
            "id": register.id,
            "name": self.register_name(register),
            "country": register.country,
            "country_name": self.country_name(register.country),
            "kind": self.label("kinds", register.data["kind"]),
            "status": register.data["status"],
            "badge": kind,
            "badge_date": self.locale.date(date) if date else "",
        }
        return summary

    def register(self, register: Register) -> dict[str, Any]:
        """Everything the register page shows."""
        data = register.data
        official = self.site.official_languages.get(register.country, [])
        names = data["name"]
        native_lang = next((lang for lang in official if lang in names), None)
        native = Text(names[native_lang], native_lang) if native_lang else None
        english = Text(names["en"], "en") if "en" in names else None
        status = self.site.status.registers.get(register.id)
        badge, badge_date = self.site.status.badge(register.id)
        notes = self.text(data.get("notes"))
        access = data["access"]
        replaced = data.get("replaced_by")
        replacement = self.site.registry.by_id.get(replaced) if replaced else None
        return {
            **self.register_summary(register),
            "native": native,
            "english": english,
            "other_names": [Text(t, lang) for lang, t in sorted(names.items()) if lang not in (native_lang, "en")],
            "authority": self.text(data["authority"]["name"]),
            "authority_url": data["authority"].get("url"),
            "url": data["url"],
            "search_url": data.get("search_url"),
            "language_urls": [
                {"lang": lang, "name": self.locale.language_name(lang), "url": url}
                for lang, url in sorted((data.get("language_urls") or {}).items())
            ],
            "areas": self.labels("areas", data.get("areas") or []),
            "professions": self.labels("professions", data.get("professions") or []),
            "information": self.labels("information", data.get("information") or []),
            "search_by": self.labels("search-by", data.get("search_by") or []),
            "access": {
                "cost": access["cost"],
                "login": access["login"],
                "captcha": access["captcha"],
                "note": self.text(access.get("note")),
            },
            "languages": sorted(
                ({"code": c, "name": self.locale.language_name(c)} for c in data["languages"]),
                key=lambda item: self.collate(item["name"]),
            ),
            "data": data.get("data") or {},
            "notes": {"html": render_markdown(notes.text, shift_headings=2), "lang": notes.lang} if notes else None,
            "sources": self.sources(data.get("sources") or [], register.country),
            "reviewed": data.get("reviewed"),
            "reviewed_text": self.locale.date(data.get("reviewed")) if data.get("reviewed") else "",
            "source_url": self.site.config.source_url(register.relative_path),
            "edit_url": self.site.config.edit_url(register.relative_path),
            "relative_path": register.relative_path,
            "replaced_by": self.register_summary(replacement) if replacement else None,
            "badge": badge,
            "badge_date": self.locale.date(badge_date) if badge_date else "",
            "checked_at": self.locale.date(status.checked_at) if status and status.checked_at else "",
            "suggested_url": (status.entry.suggested_url or "") if status and status.entry else "",
            "jsonld": self.jsonld(register),
            "evidence": self.evidence(register),
            "changed_text": self.locale.date(self.site.changed_on(register)) if self.site.changed_on(register) else "",
        }

    def evidence(self, register: Register) -> dict[str, Any] | None:
        """The page that best confirms the register's address (official pages first), or None."""
        found = self.site.confirming_url_sources(register)
        if not found:
            return None
        best = found[0]
        title = self.sources([{"url": best.url, "title": best.title}], register.country)[0]["title"]
        return {"url": best.url, "title": title, "official": best.official, "others": len(found) - 1}

    def sources(self, sources, country: str) -> list[dict[str, Any]]:
        """Source links: the title (or the address) as a Text in the language it is written in."""
        official = self.site.official_languages.get(country, [])
        return [
            {
                "url": s["url"],
                "title": Text(s["title"], source_language(s["title"], official))
                if s.get("title") and s["title"] != s["url"]
                else Text(s["url"], self.lang),
            }
            for s in sources
        ]

    # --- coverage ----------------------------------------------------------------------------
    def need_label(self, need: str) -> Text:
        """A need's name: the profession's label, or the kind of register's for business/insolvency."""
        return self.label("kinds", need) if need in KIND_NEEDS else self.label("professions", need)

    def coverage(self, country: str) -> list[dict[str, Any]]:
        """Every need of one country, in the fixed need order: its registers, or why there is none."""
        rows = []
        for need in NEEDS:
            cell = self.site.registry.coverage[(country, need)]
            by_id = self.site.registry.by_id
            registers = [self.register_summary(by_id[i]) for i in cell.registers if i in by_id]
            gap = cell.gap
            rows.append({
                "need": need,
                "label": self.need_label(need),
                "state": cell.state,
                "registers": sorted(registers, key=lambda v: self.collate(v["name"].text)),
                "note": self.text(gap.note) if gap else None,
                "sources": self.sources(gap.sources, country) if gap else [],
            })  # fmt: skip
        return rows

    def coverage_matrix(self) -> dict[str, Any]:
        """The whole matrix for the coverage page: countries by name, needs in the fixed order."""
        matrix = self.site.registry.coverage
        countries = sorted(self.site.countries, key=lambda code: self.collate(self.country_name(code)))
        counts = CoverageCounts.of(matrix.values())
        return {
            "needs": [{"id": need, "label": self.need_label(need)} for need in NEEDS],
            "rows": [
                {"code": c, "name": self.country_name(c), "cells": [_matrix_cell(matrix[(c, n)]) for n in NEEDS]}
                for c in countries
            ],
            "counts": counts.by_state,
            "cells": counts.cells,
        }

    def jsonld(self, register: Register) -> dict[str, Any]:
        """schema.org Dataset description of the register (search engines read it)."""
        data = register.data
        config = self.site.config
        item: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": config.absolute(f"{self.lang}/registers/{register.id}/"),
            "identifier": register.id,
            "name": [{"@language": lang, "@value": text} for lang, text in sorted(data["name"].items())],
            "url": data["url"],
            "inLanguage": data["languages"],
            "spatialCoverage": {"@type": "Country", "name": self.locale.country(register.country),
                                "identifier": register.country},
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": [{"@language": lang, "@value": t} for lang, t in sorted(data["authority"]["name"].items())],
                **({"url": data["authority"]["url"]} if data["authority"].get("url") else {}),
            },
            "isAccessibleForFree": data["access"]["cost"] == "free",
            "keywords": [self.label("professions", p).text for p in data.get("professions") or []]
            + [self.label("areas", a).text for a in data.get("areas") or []],
        }  # fmt: skip
        if data.get("reviewed"):
            item["dateModified"] = data["reviewed"]
        if (data.get("data") or {}).get("licence"):
            item["license"] = f"https://spdx.org/licenses/{data['data']['licence']}.html"
        return item

    # --- lists -------------------------------------------------------------------------------
    def countries(self) -> list[dict[str, Any]]:
        items = [
            {"code": code, "name": self.country_name(code), "count": len(self.site.by_country.get(code, []))}
            for code in self.site.countries
        ]
        return sorted(items, key=lambda item: self.collate(item["name"]))

    def terms(self, vocabulary: str, key: str) -> list[dict[str, Any]]:
        """Every term of a vocabulary with how many registers use it."""
        ids = self.site.registry.vocabularies[vocabulary].ids()
        index = self.site.by_term(key)
        items = self.labels(vocabulary, ids)
        for item in items:
            item["count"] = len(index.get(item["id"], []))
        return items

    def term(self, vocabulary: str, key: str, term_id: str) -> dict[str, Any]:
        """One profession or area: its label, description and registers grouped by country."""
        vocab_term = self.site.registry.vocabularies[vocabulary].get(term_id)
        groups: dict[str, list[Register]] = defaultdict(list)
        for register in self.site.by_term(key).get(term_id, []):
            groups[register.country].append(register)
        countries = sorted(groups, key=lambda code: self.collate(self.country_name(code)))
        return {
            "id": term_id,
            "label": self.label(vocabulary, term_id),
            "description": self.text(vocab_term.description) if vocab_term else None,
            "isco08": vocab_term.isco08 if vocab_term else None,
            "legal_act": self._legal_act(vocab_term) if vocab_term else None,
            "groups": [
                {"code": code, "name": self.country_name(code), "registers": self.sorted_registers(groups[code])}
                for code in countries
            ],
            "count": sum(len(v) for v in groups.values()),
        }

    def _legal_act(self, term: Any) -> dict[str, Any] | None:
        named = term.legal_act_title(self.lang)
        if not named:
            return None
        return {"title": Text(*named), "celex": term.legal_act.get("celex")}

    def search_suggestions(self) -> list[dict[str, Any]]:
        """What the search offers when it finds nothing: the country, profession and area pages whose
        names (or the other words people use for them) match a word of the query (site/static/search.js).
        Professions and areas without a register are left out."""
        items: list[dict[str, Any]] = []
        for code in sorted(self.site.countries, key=lambda c: self.collate(self.country_name(c))):
            name = self.country_name(code)
            items.append({"h": f"countries/{code.lower()}/", "l": name, "w": self.country_words(code)})
        for vocabulary in ("professions", "areas"):
            index = self.site.by_term(vocabulary)
            for item in self.labels(vocabulary, self.site.registry.vocabularies[vocabulary].ids()):
                if not index.get(item["id"]):
                    continue
                term = self._terms[vocabulary][item["id"]]
                words = [item["label"].text, *term.alternatives(self.lang)]
                items.append({"h": f"{vocabulary}/{item['id']}/", "l": item["label"].text, "w": words})
        return items

    def status_page(self, country: str | None = None) -> dict[str, Any]:
        """The link status: without ``country`` the summary (the last check, and the countries with most
        failing registers first); with it, that country's registers, stale first (with their history
        charts), then failing, warnings, working, unchecked. One page per country keeps every page small
        however many registers there are."""
        site = self.site
        registers = site.by_country.get(country, []) if country else site.registry.registers
        rows = []
        worst = {"hard": 3, "soft": 2, "warning": 1, "ok": 0}
        for register in registers:
            status = site.status.registers.get(register.id)
            if status is None:
                rows.append({"register": register, "group": 4, "status": None})
                continue
            level = max((worst.get(u.cls, 0) for u in status.urls), default=0)
            group = 0 if status.stale else 1 if level >= 2 else 2 if level == 1 else 3
            rows.append({"register": register, "group": group, "status": status})
        summary = site.status.summary.to_json() if site.status.summary else {}
        page: dict[str, Any] = {
            "checked": site.status.checked,
            "country": country,
            "country_name": self.country_name(country) if country else "",
            "finished_at": self.locale.date(summary.get("finished_at")) if summary.get("finished_at") else "",
            "registers_checked": summary.get("registers") if isinstance(summary.get("registers"), int)
            else len(site.status.registers),
            "degraded": bool(summary.get("degraded")),
            "counts": sorted((state, n) for state, n in (summary.get("counts") or {}).items()
                             if isinstance(n, int) and n > 0) if isinstance(summary.get("counts"), dict) else [],
        }  # fmt: skip
        if country is None:
            per_country: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
            for row in rows:
                per_country[row["register"].country][row["group"]] += 1
            page["countries"] = sorted(
                ({"code": code, "name": self.country_name(code), "failing": g[0] + g[1], "warnings": g[2],
                  "working": g[3], "unchecked": g[4], "registers": sum(g)} for code, g in per_country.items()),
                key=lambda c: (-c["failing"], -c["warnings"], self.collate(c["name"])),
            )  # fmt: skip
            return page
        views = []
        for row in rows:
            status = row["status"]
            view = {**self.register_summary(row["register"]), "group": row["group"], "urls": []}
            if status is not None:
                view["checked_at"] = self.locale.date(status.checked_at)
                view["urls"] = [
                    {
                        "field": u.field,
                        "url": u.url,
                        "state": u.state,
                        "cls": u.cls,
                        "since": self.locale.date(u.since) if u.since else "",
                        "last_ok": self.locale.date(u.last_ok) if u.last_ok else "",
                        "suggested_url": u.suggested_url or "",
                        "chart": history_chart(u.history),
                    }
                    for u in status.urls
                ]
            views.append(view)
        views.sort(key=lambda row: (row["group"], self.collate(row["name"].text)))
        page["rows"] = views
        page["groups"] = {g: [r for r in views if r["group"] == g] for g in range(5)}
        return page
