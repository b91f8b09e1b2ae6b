"""No English in a page of another language unless it is marked ``lang="en"``.

The shipped data is built in all 26 languages (no search index); every page of every other
language is compared with the English build of the same page: a text the English page shows as
English, shown on the other page without ``lang="en"``, is a leak — an untranslated catalogue
string, a vocabulary label or prose sentence that fell back to English unmarked, English register
data without its language. Register data in other languages is never flagged, because the English
page marks it with its own ``lang`` as well (see tests/site/langcheck.py).

Words that are the same in the page's language are allowed explicitly below (reviewed by hand),
plus the CLDR country and language names of that language.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel import Locale

from builder.config import BABEL_LOCALES, REPO_ROOT
from builder.pipeline import build
from registry.languages import SITE_LANGUAGES
from tests.site.conftest import make_config
from tests.site.langcheck import english_leaks, english_texts, has_words, page_texts

# The same word in the language as in English (checked against the language's own usage).
SAME_WORDS: dict[str, set[str]] = {
    "cs": {"Data (JSON)", "Data (CSV)"},
    "da": {"Data (JSON)", "Data (CSV)"},
    "mt": {"Data (JSON)", "Data (CSV)"},
    "nb": {"Data (JSON)", "Data (CSV)"},
    "sv": {"Data (JSON)", "Data (CSV)"},
    "de": {"Name"},
    "fr": {"Professions", "Profession", "Qualifications", "Services"},
    "nl": {"Filters", "Registers", "Privacy", "Accountant", "Architect", "Home"},
    "ro": {"Optician", "Paramedic", "Electrician"},
}
SAME_PATTERNS: dict[str, re.Pattern[str]] = {
    "nl": re.compile(r"\d+ registers"),  # the Dutch plural of "register"
    "cs": re.compile(r"Licence: .+"),  # "licence" is the Czech and the Latvian word
    "lv": re.compile(r"Licence: .+"),
}


@cache
def allowed_words(lang: str) -> frozenset[str]:
    locale = Locale.parse(BABEL_LOCALES[lang])
    return frozenset(SAME_WORDS.get(lang, set()) | set(locale.territories.values()) | set(locale.languages.values()))


@cache
def english_of(path: Path) -> frozenset[str]:
    return frozenset(english_texts(path.read_text("utf-8")))


def leaks_of(site: Path, lang: str, relative: Path) -> list[str]:
    page, english = site / lang / relative, english_of(site / "en" / relative)
    allowed = allowed_words(lang)
    pattern = SAME_PATTERNS.get(lang)
    return [
        f"{lang}/{relative}: <{t.tag}> {t.where}: {t.text[:120]!r}"
        for t in english_leaks(page.read_text("utf-8"), english, allowed)
        if not (pattern and pattern.fullmatch(t.text))
    ]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "public"
    build(make_config(REPO_ROOT / "data", out, jobs=2))
    return out


def test_detector_flags_english_and_spares_marked_text() -> None:
    english = ('<html lang="en"><body><h1>Register of doctors</h1><p>Search by name</p>'
               '<p lang="et">Arstide register</p><a>Malta</a><code>python build.py</code></body></html>')  # fmt: skip
    page = ('<html lang="de"><body><h1 lang="en">Register of doctors</h1><p>Search by name</p>'
            '<p lang="et">Arstide register</p><a>Malta</a><code>python build.py</code></body></html>')  # fmt: skip
    assert [t.text for t in english_leaks(page, english, {"Malta"})] == ["Search by name"]
    assert not has_words("CELEX 32006L0123") and not has_words("https://example.org/register")
    assert not has_words("org-id.guide") and has_words("e.g. the register")
    assert has_words("Data (JSON)")


def test_no_english_outside_lang_en(shipped_site: Path) -> None:
    english_pages = sorted((shipped_site / "en").rglob("*.html"))
    english_texts = sum(1 for p in english_pages for t in page_texts(p.read_text("utf-8")) if t.lang == "en")
    assert len(english_pages) > 300 and english_texts > 20_000  # the comparison has something to compare
    leaks: list[str] = []
    compared = 0
    for lang in SITE_LANGUAGES:
        if lang == "en":
            continue
        pages = sorted((shipped_site / lang).rglob("*.html"))
        assert len(pages) == len(english_pages), lang
        for page in pages:
            leaks += leaks_of(shipped_site, lang, page.relative_to(shipped_site / lang))
            compared += 1
    assert compared == 25 * len(english_pages)
    assert not leaks, f"{len(leaks)} English texts outside lang=en:\n" + "\n".join(sorted(set(leaks))[:200])


def test_an_untranslated_page_would_be_caught(shipped_site: Path) -> None:
    """The English home and a register page, passed off as German: the test must see the English."""
    for relative in ("index.html", "about/index.html"):
        english = shipped_site / "en" / relative
        fake = english.read_text("utf-8").replace('<html lang="en"', '<html lang="de"', 1)
        found = english_leaks(fake, english.read_text("utf-8"), allowed_words("de"))
        assert len(found) >= 10, relative


def test_source_titles_carry_their_language() -> None:
    """Source titles have no language key: English when they read as English, else the country's."""
    from builder.model import source_language

    assert source_language("Wikipedia — Law Society of Ireland", ["en", "ga"]) == "en"
    assert source_language("SPOT: Notary (List of Notaries with the Chamber of Notaries of Slovenia)", ["sl"]) == "en"
    assert source_language("IZS: Imenik — koristne informacije", ["sl"]) == "sl"
    assert source_language("Notaris.be — Reglementen en wetgeving", ["nl", "fr", "de"]) == "nl"
