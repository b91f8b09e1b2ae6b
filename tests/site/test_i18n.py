"""Translations: catalogues complete for the 26 languages, in step with the templates; CLDR data."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from builder.catalogues import extract
from builder.config import SITE_DIR
from builder.i18n import LocaleData, load_translations, native_name
from registry.languages import SITE_LANGUAGES

LOCALES = SITE_DIR / "locales"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\[[A-Z_]+\]")


def catalogue(lang: str):
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_catalogue_is_fully_translated(lang: str) -> None:
    """Fails on any untranslated or fuzzy entry (the site must be 100 % translated)."""
    missing = []
    for message in catalogue(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    assert not missing, f"{lang}: {len(missing)} untranslated or fuzzy, e.g. {missing[:3]}"


@pytest.mark.parametrize("lang", SITE_LANGUAGES)
def test_translations_keep_placeholders(lang: str) -> None:
    for message in catalogue(lang):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if text:
                assert set(PLACEHOLDER.findall(text)) <= expected | {"%(count)s"}, (lang, ids[0], text)
                assert set(PLACEHOLDER.findall(text)) >= expected - {"%(count)s"}, (lang, ids[0], text)


def test_catalogues_are_in_step_with_the_templates() -> None:
    """Re-extracting the templates gives exactly the msgids of messages.pot and of every .po."""
    fresh = {m.id for m in extract() if m.id}
    with (LOCALES / "messages.pot").open("rb") as handle:
        committed = {m.id for m in read_po(handle) if m.id}
    assert fresh == committed, "run `python -m builder.catalogues` (docs/site.md)"
    for lang in SITE_LANGUAGES:
        assert {m.id for m in catalogue(lang) if m.id} == committed, lang


def test_english_catalogue_compiles_and_translates() -> None:
    translations = load_translations(LOCALES, "en")
    assert translations.gettext("Countries") == "Countries"
    assert translations.ngettext("%(count)s register", "%(count)s registers", 2) == "%(count)s registers"


def test_locale_data_from_cldr() -> None:
    assert LocaleData("pt").country("EE") == "Estónia"  # pt_PT, not Brazilian "Estônia"
    assert LocaleData("et").country("GR") == "Kreeka"
    assert LocaleData("de").date("2026-03-01") == "1. März 2026"
    assert LocaleData("en").language_name("nb") == "Norwegian Bokmål"
    assert native_name("nb") == "Norsk bokmål" and native_name("el") == "Ελληνικά"
