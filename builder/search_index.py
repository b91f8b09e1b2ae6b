"""Indexing: Pagefind, one bundle per language, run as soon as that language is rendered.

Pagefind makes one index per ``<html lang>``, and a reader only ever searches the index of the
page's language, so each language gets its own bundle at ``<lang>/pagefind/``: the render
worker that wrote a language runs Pagefind on it while the other worker still renders, which
keeps both cores busy (one run over the whole site would wait for all 26 languages and then
use one and a half cores).

Pagefind does not read the real pages. Rendering writes, beside each register page, a *search
document* into a separate tree with the same path: the page's ``<html lang>``, title and
``data-pagefind-body`` article, without navigation, the 27 ``hreflang`` links and the language
switcher. Pagefind derives each result's URL from the file's path, so results point at the
real pages, and parsing a third of the HTML takes a third less time. Adding pages one by one
through the Python API would be far slower, so the binary is run once per language.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path

from markupsafe import escape

from builder.errors import BuildError

SEARCH_TREE = ".search-documents"
BODY_START = "<article data-pagefind-body"
BODY_END = "</article>"


def documents_root(site: Path, language: str) -> Path:
    """The folder Pagefind indexes for ``language``; documents sit below it at ``<lang>/<page path>``."""
    return site / SEARCH_TREE / language


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


def pagefind_command(documents: Path, output: Path) -> list[str]:
    return [*pagefind_executable(), "--site", str(documents), "--output-path", str(output), "--quiet"]


def build_language_index(site: Path, language: str) -> bool:
    """Write <site>/<lang>/pagefind/ from the language's search documents, then remove them.

    Returns False when the language has no register page (Pagefind refuses an empty site; the
    home page then keeps its note that the lists below lead to every register).
    """
    documents = documents_root(site, language)
    if not documents.is_dir():  # created by the first search document the render stage wrote
        return False
    output = bundle_dir(site, language)
    try:
        result = subprocess.run(pagefind_command(documents, output), capture_output=True, text=True, timeout=900,
                                check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BuildError(
            f"error: could not run Pagefind ({exc}); install it with 'pip install pagefind[bin]'"
        ) from None
    finally:
        shutil.rmtree(documents, ignore_errors=True)
    if result.returncode != 0 or not (output / "pagefind-ui.js").exists():
        lines = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError(f"error: Pagefind could not index the pages in {language}:", *lines)
    return True


def remove_documents(site: Path) -> None:
    """Drop whatever search documents a failed or skipped run left behind."""
    shutil.rmtree(site / SEARCH_TREE, ignore_errors=True)
