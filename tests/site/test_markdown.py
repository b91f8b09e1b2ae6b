"""Markdown notes: no raw HTML, no script, no event handlers, no javascript: links."""

from __future__ import annotations

from builder.markdown_safe import render_markdown

from .htmlcheck import active_content, scan


def test_raw_html_is_text() -> None:
    html = render_markdown("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<iframe src=x></iframe>")
    assert active_content(html) == [] and not scan(html).scripts
    assert "&lt;script&gt;" in html


def test_javascript_links_lose_their_target() -> None:
    html = render_markdown(
        "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,x) <javascript:alert(1)>"
    )
    assert "javascript:" not in html.lower().replace("&lt;javascript:alert(1)&gt;", "")
    assert "data:" not in html


def test_ordinary_markdown_survives() -> None:
    html = render_markdown("**bold** and [a link](https://example.eu/x?a=1&b=2)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.eu/x?a=1&amp;b=2"' in html
    assert "<li>one</li>" in html


def test_style_and_event_attributes_never_pass() -> None:
    html = render_markdown('<p style="color:red" onclick="x()">t</p>\n\n<style>body{}</style> [a](https://x.eu "t")')
    assert active_content(html) == []
    assert all("style" not in attrs for _, attrs in scan(html).tags)


def test_headings_are_shifted_below_the_page_heading() -> None:
    assert "<h3>" in render_markdown("# Title", shift_headings=2)
