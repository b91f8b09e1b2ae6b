"""Hostile but schema-valid data costs bounded time and reaches no page or export active (issue 11)."""

from __future__ import annotations

import csv
import json
import re
import time
from pathlib import Path

from builder.exports import defuse_cell
from builder.markdown_safe import render_markdown
from builder.pipeline import build
from builder.status import http_url, load_status

from .conftest import make_config

PATTERNS = ["![", "[", "[a", "[`", "`[", "![[", "[a][", "*_", "_a", "[](", "[^", "**a"]


def crafted(pattern: str, length: int = 4000) -> str:
    return (pattern * (length // len(pattern) + 1))[:length]


def _render_time(text: str) -> float:
    start = time.process_time()
    render_markdown.__wrapped__(text)
    return time.process_time() - start


def test_crafted_notes_render_quickly() -> None:
    # Python-Markdown took 2-5 s for one of these 4,000-character notes (the schema's limit);
    # all of them together now take a small fraction of a second (generous bound for a busy CI).
    total = sum(_render_time(crafted(p)) for p in PATTERNS)
    assert total < 3.0, total


def test_rendering_time_grows_linearly() -> None:
    for pattern in ("[", "![", "[a]["):
        small = min(_render_time(crafted(pattern, 4000)) for _ in range(3))
        large = min(_render_time(crafted(pattern, 32000)) for _ in range(3))
        assert large < 16 * max(small, 0.002), (pattern, small, large)  # ×8 the text; quadratic would be ×64


def test_links_still_work_after_the_bounds() -> None:
    html = render_markdown('[a `]` b](https://x.eu) [sic] [ref] [c](https://y.eu "t")\n\n[ref]: https://z.eu')
    assert html.count("<a ") == 3 and "[sic]" in html
    assert 'href="https://x.eu"' in html and "<code>]</code>" in html
    table = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in table and "<td>2</td>" in table
    few = render_markdown("[" * 8 + " stray brackets, then [a link](https://x.eu)")
    assert 'href="https://x.eu"' in few  # a few stray brackets stay within the paragraph's budget
    unclosed = render_markdown("[a link](https://x.eu) then " + "[" * 5000)
    assert 'href="https://x.eu"' in unclosed


def test_raw_html_and_javascript_never_pass() -> None:
    html = render_markdown("<script>alert(1)</script> [x](javascript:alert(1)) <b onclick=x>y</b>")
    assert "<script" not in html and "<b" not in html and "href" not in html


def test_csv_cells_are_defused() -> None:
    for value in ('=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert defuse_cell(value) == "'" + value
    assert defuse_cell("Kutseregister") == "Kutseregister" and defuse_cell(None) == ""


def test_formulas_in_names_are_text_in_registers_csv(site_data: Path, tmp_path: Path) -> None:
    path = site_data / "registers" / "ee" / "ee-kutseregister.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: Register of Occupational Qualifications", "en: '=HYPERLINK(\"https://evil.example\")'")
    text = text.replace("en: Estonian Qualifications Authority", "en: '@SUM(1+1)'")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "public"
    build(make_config(site_data, out, languages=("en",)))
    rows = list(csv.reader((out / "registers.csv").read_text(encoding="utf-8-sig").splitlines()))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("https://evil.example")' in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_http_url() -> None:
    assert http_url("https://www.kutseregister.ee/x?a=1") == "https://www.kutseregister.ee/x?a=1"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:x", "data:text/html,x", "/relative",
                "https://x.ee/\"onmouseover=\"x", "http://", None, 3, "vbscript:x", "file:///etc/passwd"):  # fmt: skip
        assert http_url(bad) == "", bad


def test_javascript_urls_in_status_files_never_become_links(site_data: Path, tmp_path: Path) -> None:
    path = site_data / "status" / "ee" / "ee-kutseregister.json"
    status = json.loads(path.read_text(encoding="utf-8"))
    status["urls"][0]["suggested_url"] = "javascript:alert(1)"
    status["urls"][0]["state"] = "redirected"
    status["urls"][1]["url"] = "javascript:alert(2)"
    path.write_text(json.dumps(status), encoding="utf-8")
    loaded = load_status(site_data / "status").registers["ee-kutseregister"]
    assert loaded.urls[0].suggested_url == "" and all(u.url.startswith("https://") for u in loaded.urls)
    out = tmp_path / "public"
    build(make_config(site_data, out, languages=("en",)))
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"javascript:alert", text, re.IGNORECASE), page
