"""Markdown from YAML (notes) and from site/content, rendered in linear time without raw HTML, sanitised.

The renderer is markdown-it-py in CommonMark mode (plus GitHub's tables), with raw HTML off
(``<script>`` stays text). CommonMark's reference algorithms are designed to run in linear
time on any input; Python-Markdown's regular expressions took seconds on one 4,000-character
note of unclosed brackets, so one pull request could stall every build
(``benchmarks/bench_markdown.py`` measures both). The output is then sanitised with nh3
(ammonia) to an allow-list of tags, attributes and URL schemes: belt and braces, so a future
plug-in cannot reintroduce ``javascript:`` links or event handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from types import SimpleNamespace

import nh3
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br", "h2", "h3", "h4",
                "table", "thead", "tbody", "tr", "th", "td", "hr", "dl", "dt", "dd"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


# The characters that failed link-label searches may scan in one paragraph, per character of it.
# CommonMark looks for the "]" that closes each "[" up to the end of the paragraph, so a note of
# unclosed brackets costs time quadratic in its length; once this budget is spent, further
# searches fail at once and their brackets stay text (what a failed search yields anyway).
LABEL_SCAN_BUDGET = 8


def _bounded_label_parser(original: Callable[..., int]) -> Callable[..., int]:
    def parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
        budget = state.__dict__.get("_ord_budget")
        if budget is None:
            budget = LABEL_SCAN_BUDGET * len(state.src) + 1000
        last_close = state.__dict__.get("_ord_last_close")
        if last_close is None:
            last_close = state._ord_last_close = state.src.rfind("]")  # type: ignore[attr-defined]
        if budget <= 0 or start >= last_close:
            state._ord_budget = budget  # type: ignore[attr-defined]
            return -1  # no "]" after it: no label can close (exact), or the budget is spent
        end = original(state, start, disable_nested)
        if end < 0:
            budget -= state.posMax - start  # a failed search scanned (up to) the rest of the paragraph
        state._ord_budget = budget  # type: ignore[attr-defined]
        return end

    return parse_link_label


_WEB_AUTOLINK = re.compile(r"<(?:[Hh][Tt][Tt][Pp][Ss]?://|[Mm][Aa][Ii][Ll][Tt][Oo]:|[^\s<>@:]+@)")


def _web_autolink(state: StateInline, silent: bool) -> bool:
    """``<https://…>`` and ``<name@host>`` only; ``<javascript:…>`` stays text, as with the old renderer."""
    if not _WEB_AUTOLINK.match(state.src, state.pos):
        return False
    return rules_inline.autolink(state, silent)


def _make() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    helpers = SimpleNamespace(**{name: getattr(md.helpers, name) for name in md.helpers.__all__})
    helpers.parseLinkLabel = _bounded_label_parser(md.helpers.parseLinkLabel)
    md.helpers = helpers  # this instance only: markdown_it.helpers is a shared module
    # Links keep their text and lose a forbidden target in nh3 (as before), rather than showing
    # as "[text](javascript:…)": nh3's URL schemes are the one allow-list.
    md.validateLink = lambda url: True
    md.inline.ruler.at("autolink", _web_autolink)
    return md


_MD = _make()


@lru_cache(maxsize=4096)
def render_markdown(text: str, *, shift_headings: int = 0) -> str:
    """Safe HTML for ``text``; ``shift_headings`` turns "# x" into <h2> etc. inside a page."""
    html = _MD.render(text).rstrip("\n")
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
