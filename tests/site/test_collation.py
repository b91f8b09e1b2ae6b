"""Sorting follows each language's alphabet (CLDR tailorings), not code points."""

from __future__ import annotations

import pytest

from builder.collation import sort_key, sorted_by


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
