"""Sorting follows each language's alphabet (CLDR tailorings), not code points."""

from __future__ import annotations

import json

import pytest

from builder.collation import sort_key, sorted_by

from .conftest import FIXTURE_DATA


def order(words: list[str], lang: str) -> list[str]:
    return sorted_by(words, str, lang)


def test_czech_ch_after_h_and_c_caron_after_c() -> None:
    assert order(["Hradec", "Chomutov", "Cvikov", "Čáslav", "Dačice", "Brno"], "cs") == [
        "Brno", "Cvikov", "Čáslav", "Dačice", "Hradec", "Chomutov"]  # fmt: skip


def test_icelandic_accented_vowels_are_letters() -> None:
    assert order(["Ísafjörður", "Ibiza", "Jökull", "Iða", "Óðinn", "Oslo", "Þór", "Zeta", "Ölfus", "Æsa"], "is") == [
        "Ibiza", "Iða", "Ísafjörður", "Jökull", "Oslo", "Óðinn", "Zeta", "Þór", "Æsa", "Ölfus"]  # fmt: skip


def test_german_umlaut_sorts_with_its_vowel() -> None:
    assert order(["Zebra", "Äpfel", "Birne", "Apfel"], "de") == ["Apfel", "Äpfel", "Birne", "Zebra"]


def test_swedish_and_norwegian_letters_after_z() -> None:
    assert order(["Öl", "Åre", "Zebra", "Äpple", "Apa"], "sv") == ["Apa", "Zebra", "Åre", "Äpple", "Öl"]
    assert order(["Ørsta", "Ålesund", "Zeta", "Æra", "Oslo"], "nb") == ["Oslo", "Zeta", "Æra", "Ørsta", "Ålesund"]


def test_estonian_s_caron_z_z_caron_before_t() -> None:
    assert order(["Tallinn", "Žemė", "Zarasai", "Šiauliai", "Sala"], "et") == [
        "Sala", "Šiauliai", "Zarasai", "Žemė", "Tallinn"]  # fmt: skip


def test_hungarian_digraphs() -> None:
    assert order(["zsák", "zebra", "csak", "cukor", "szép", "sor"], "hu") == [
        "cukor",
        "csak",
        "sor",
        "szép",
        "zebra",
        "zsák",
    ]


def test_spanish_n_tilde_and_polish_letters() -> None:
    assert order(["ñu", "nube", "oso"], "es") == ["nube", "ñu", "oso"]
    assert order(["łódź", "lis", "mama"], "pl") == ["lis", "łódź", "mama"]


@pytest.mark.parametrize("lang", ["en", "fr", "pt"])
def test_accents_and_case_only_break_ties(lang: str) -> None:
    assert order(["b", "É", "e", "a", "é"], lang) == ["a", "b", "e", "é", "É"]


def test_greek_and_cyrillic_ignore_accents_at_first_level() -> None:
    assert order(["Ελλάδα", "Άλφα", "Βήτα"], "el") == ["Άλφα", "Βήτα", "Ελλάδα"]
    assert order(["Чехия", "Австрия", "Гърция"], "bg") == ["Австрия", "Гърция", "Чехия"]


def test_keys_are_comparable_across_scripts() -> None:
    assert sort_key("Zeta", "en") < sort_key("Άλφα", "en") < sort_key("Австрия", "en")


def test_maltese_and_irish_articles_and_mutations_are_ignored() -> None:
    assert order(["il-Belġju", "l-Awstrija", "Ċipru", "Malta", "id-Danimarka"], "mt") == [
        "l-Awstrija", "il-Belġju", "Ċipru", "id-Danimarka", "Malta"]  # fmt: skip
    assert order(["an tSualainn", "Éire", "an Bheilg", "an Ostair", "Málta", "an Fhrainc"], "ga") == [
        "an Bheilg", "Éire", "an Fhrainc", "Málta", "an Ostair", "an tSualainn"]  # fmt: skip


def test_romanian_comma_and_cedilla_letters_after_s_and_t() -> None:
    assert order(["Țara", "Suedia", "Şcoala", "Tulcea", "Șiret", "Zalău"], "ro") == [
        "Suedia", "Şcoala", "Șiret", "Tulcea", "Țara", "Zalău"]  # fmt: skip


def test_lithuanian_y_sorts_as_i() -> None:
    assert order(["Jonava", "Ylakiai", "Ignalina", "Kaunas"], "lt") == ["Ignalina", "Ylakiai", "Jonava", "Kaunas"]


@pytest.mark.parametrize("lang", __import__("registry.languages", fromlist=["SITE_LANGUAGES"]).SITE_LANGUAGES)
def test_country_lists_follow_icu(lang: str) -> None:
    """The shipped country names sort as ICU (CLDR) sorts them; Maltese and Irish without articles."""
    icu = pytest.importorskip("icu")
    from builder.collation import strip_ignorable
    from builder.config import BABEL_LOCALES
    from builder.i18n import LocaleData

    codes = json.loads((FIXTURE_DATA.parent.parent.parent.parent / "data" / "schema" / "register.schema.json")
                       .read_text("utf-8"))["$defs"]["country"]["enum"]
    locale = LocaleData(lang)
    names = [locale.country(code) for code in codes]
    collator = icu.Collator.createInstance(icu.Locale(BABEL_LOCALES.get(lang, lang)))
    expected = sorted(names, key=lambda n: collator.getSortKey(strip_ignorable(n, lang)))
    assert order(names, lang) == expected
