"""The texts of a built page with the language each is in, for the English-leak test.

A text's language is the ``lang`` of its nearest ancestor that has one (``<html lang>`` at the
top), as a screen reader or a browser's translator sees it. Texts are the text nodes (outside
the elements in ``SKIP`` and ``hidden`` ones), and the attributes a reader meets: ``alt``, ``title``,
``aria-label``, ``placeholder`` and the labels of buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

# Not prose: code, scripts, the <title> (it repeats the page's <h1> and cannot carry lang on a part)
# and hidden metadata for the search index. Charts (svg) are the status page's, checked by its tests.
SKIP = {"script", "style", "template", "svg", "title", "code", "pre", "kbd", "samp"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageText:
    text: str
    lang: str  # the language the page says the text is in
    where: str  # "text", or "@attribute" of the element it came from
    tag: str


def page_texts(html: str) -> list[PageText]:
    """Every text of the page with its language (lxml: a browser's tree, fast enough for 10,000 pages)."""
    texts: list[PageText] = []

    def add(text: str | None, lang: str, where: str, tag: str) -> None:
        text = _SPACE.sub(" ", text or "").strip()
        if text:
            texts.append(PageText(text, lang, where, tag))

    def walk(element, lang: str) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction: only its tail counts
            return
        attributes = element.attrib
        if "lang" in attributes:
            lang = attributes["lang"].split("-")[0].lower()
        tag = element.tag
        if tag in SKIP or "hidden" in attributes:
            return
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                add(attributes[name], lang, "@" + name, tag)
        if tag == "input" and attributes.get("type") in ("submit", "button"):
            add(attributes.get("value"), lang, "@value", tag)
        add(element.text, lang, "text", tag)
        for child in element:
            walk(child, lang)
            add(child.tail, lang, "text", tag)

    root = lxml.html.document_fromstring(html)
    walk(root, "")
    return texts


_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b")  # addresses, domains
_WORD = re.compile(r"[^\W\d_]{2,}")


def has_words(text: str) -> bool:
    """True when the text has a word that can be in a language: two letters or more with a lower-case
    one (identifiers like "CELEX 32006L0123", "JSON" and addresses are no language)."""
    return any(not word.isupper() for word in _WORD.findall(_URL.sub(" ", text)))


def english_texts(english_html: str) -> set[str]:
    return {t.text for t in page_texts(english_html) if t.lang == "en"}


def english_leaks(page_html: str, english: str | set[str], allowed: set[str] = frozenset()) -> list[PageText]:
    """The texts of a page that the page does not mark as English but that the English build of the
    same page shows as English text: an untranslated string, a fallback without ``lang="en"``.

    Data in another language is not flagged: the English page marks it with its own ``lang`` too.
    ``english``: the English page's HTML, or its ``english_texts``; ``allowed``: texts that are the
    same word in the page's language (a country name, "Professions").
    """
    if isinstance(english, str):
        english = english_texts(english)
    return [
        t for t in page_texts(page_html)
        if t.lang != "en" and t.text in english and t.text not in allowed and has_words(t.text)
    ]  # fmt: skip
