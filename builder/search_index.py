"""Indexing: Pagefind, one bundle per language, run as soon as that language is rendered.

Pagefind makes one index per ``<html lang>``, and a reader only ever searches the index of the
page's language, so each language gets its own bundle at ``<lang>/pagefind/``: the render
worker that wrote a language runs Pagefind on it while the other worker still renders, which
keeps both cores busy (one run over the whole site would wait for all 26 languages and then
use one and a half cores).

Pagefind does not read the real pages. Each register page yields a *search document*
(``search_document``): the page's ``<html lang>``, title and ``data-pagefind-body`` article,
without navigation, the 27 ``hreflang`` links and the language switcher, plus words only the
index sees (``index_only_html``). ``builder.indexer`` hands them to Pagefind under the page's URL,
so results point at the real pages; ``prune_bundle`` then drops what Pagefind writes for
interfaces the site does not use.
"""

from __future__ import annotations

import functools
import json
import shutil
import sys
from pathlib import Path

from markupsafe import escape

SEARCH_TREE = ".search-documents"
BODY_START = "<article data-pagefind-body"
BODY_END = "</article>"


def bundle_dir(site: Path, language: str) -> Path:
    return site / language / "pagefind"


def index_only_html(terms: list[tuple[float, list[str]]]) -> str:
    """Text that only the index sees: each group of words in a block with its Pagefind weight.

    Pagefind ranks a match by the weight of the element it is in (1 by default, headings more),
    so the words readers type for a register (its names, professions, country, kind) count more
    than a match in its notes."""
    blocks = []
    for weight, words in terms:
        if words:
            text = " · ".join(escape(word) for word in words)
            blocks.append(f'<div data-pagefind-weight="{weight:g}">{text}</div>')
    return "\n".join(blocks)


def search_document(html: str, language: str, extra: str = "") -> str | None:
    """The lean copy of a rendered page that Pagefind indexes; None when it has no search body.

    The slices are taken from the page as rendered (already escaped), so nothing is re-escaped;
    ``extra`` (already escaped HTML, see ``index_only_html``) goes at the end of the body.
    """
    start = html.find(BODY_START)
    end = html.find(BODY_END, start)
    if start < 0 or end < 0:
        return None
    title_start = html.find("<title>")
    title_end = html.find("</title>", title_start)
    title = html[title_start : title_end + len("</title>")] if 0 <= title_start < title_end else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n{title}\n</head>\n'
        f"<body>\n{html[start:end]}{extra}\n{BODY_END}\n</body>\n</html>\n"
    )


@functools.cache
def pagefind_executable() -> tuple[str, ...]:
    """The Pagefind binary of the ``pagefind[bin]`` package, called directly (``python -m pagefind``
    costs a Python start-up per language); else ``pagefind`` on PATH; else the module."""
    try:
        import pagefind_bin

        return (str(pagefind_bin.get_executable()),)
    except Exception:  # not installed, or no binary for this platform: try the other ways
        found = shutil.which("pagefind")
        return (found,) if found else (sys.executable, "-m", "pagefind")


#: What Pagefind writes into every bundle for its own ready-made interfaces. The site searches through
#: ``pagefind.js`` with its own interface (site/static/search.js), so these are never requested:
#: dropping them saves 0.4 MB per language (11 MB of the 1 GB GitHub Pages allows).
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js",
)  # fmt: skip


def prune_bundle(output: Path) -> None:
    """Remove the files of a freshly written bundle that no reader downloads.

    Besides the ready-made interfaces, Pagefind writes its language's WebAssembly and a
    ``wasm.unknown.pagefind`` for languages it has no stemmer for; a bundle holds one language, and
    its ``pagefind-entry.json`` says which of the two ``pagefind.js`` loads, so the other goes.
    """
    for name in UNUSED_BUNDLE_FILES:
        (output / name).unlink(missing_ok=True)
    try:
        entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
        # pagefind.js loads wasm.<wasm>.pagefind, or wasm.unknown.pagefind when Pagefind has no
        # stemmer for the language (``"wasm": null``: Croatian, Icelandic, Maltese...).
        needed = {f"wasm.{language.get('wasm') or 'unknown'}.pagefind" for language in entry["languages"].values()}
    except (OSError, ValueError, KeyError, TypeError):
        return  # an entry we cannot read: keep every WebAssembly file rather than guess
    for wasm in output.glob("wasm.*.pagefind"):
        if wasm.name not in needed:
            wasm.unlink()


def remove_documents(site: Path) -> None:
    """Drop whatever search documents a failed or skipped run left behind."""
    shutil.rmtree(site / SEARCH_TREE, ignore_errors=True)
