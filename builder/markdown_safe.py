"""Markdown from YAML (notes) and from site/content, rendered without raw HTML and sanitised.

Python-Markdown passes raw HTML through by default; its HTML block preprocessor and inline HTML
pattern are removed so ``<script>`` stays text. The output is then sanitised with nh3 (ammonia)
to an allow-list of tags, attributes and URL schemes: belt and braces, so a future Markdown
extension cannot reintroduce ``javascript:`` links or event handlers.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "h2", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "dl", "dt", "dd"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _make()


@lru_cache(maxsize=4096)
def render_markdown(text: str, *, shift_headings: int = 0) -> str:
    """Safe HTML for ``text``; ``shift_headings`` turns "# x" into <h2> etc. inside a page."""
    _MD.reset()
    html = _MD.convert(text)
    if shift_headings:
        for level in range(6 - shift_headings, 0, -1):
            html = html.replace(f"<h{level}>", f"<h{level + shift_headings}>").replace(
                f"</h{level}>", f"</h{level + shift_headings}>"
            )
    return sanitise(html)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
