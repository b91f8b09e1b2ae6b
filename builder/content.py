"""Prose pages (about, contribute, accessibility) from site/content/<lang>/<page>.md.

A page missing in a language falls back to English; the template then marks it as such and
puts ``lang="en"`` on the text so screen readers switch voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.markdown_safe import render_markdown

PROSE_PAGES = ("about", "contribute", "accessibility")
_TITLE = re.compile(r"^#\s+(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Prose:
    title: str
    html: str
    language: str  # the language the text is actually in
    fallback: bool


def load_prose(content_dir: Path, language: str, page: str, variables: dict[str, str]) -> Prose:
    """The page in ``language`` or English; ``{repository}``-style placeholders are filled in."""
    for candidate in (language, "en"):
        path = content_dir / candidate / f"{page}.md"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            for name, value in variables.items():
                text = text.replace("{" + name + "}", value)
            match = _TITLE.search(text)
            title = match.group(1) if match else page.title()
            body = _TITLE.sub("", text, count=1) if match else text  # "# Title" is the page's <h1>; "##" are <h2>
            return Prose(title, render_markdown(body), candidate, candidate != language)
    return Prose(page.title(), "", "en", language != "en")
