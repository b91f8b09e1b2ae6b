"""The lean search documents Pagefind indexes: same language, title and body as the page."""

from __future__ import annotations

import json
from pathlib import Path

from builder.pipeline import build
from builder.search_index import SEARCH_TREE, search_document
from tests.site.conftest import make_config


def test_search_document_keeps_lang_title_and_body_only() -> None:
    page = (
        '<!DOCTYPE html><html lang="et"><head><title>Arstide register – X</title>'
        '<link rel="alternate" hreflang="de" href="/de/x/"></head><body><nav>Menüü</nav>'
        '<article data-pagefind-body><h1 data-pagefind-meta="title">Arstide &lt;register&gt;</h1></article>'
        "<footer>Jalus</footer></body></html>"
    )
    document = search_document(page, "et")
    assert document is not None
    assert '<html lang="et">' in document and "<title>Arstide register – X</title>" in document
    assert '<h1 data-pagefind-meta="title">Arstide &lt;register&gt;</h1></article>' in document
    assert "hreflang" not in document and "Menüü" not in document and "Jalus" not in document


def test_page_without_search_body_has_no_document() -> None:
    assert search_document("<html><body><main>Countries</main></body></html>", "en") is None


def test_index_points_at_the_real_pages_and_leaves_no_documents(site_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(make_config(site_data, out, run_pagefind=True, languages=("en", "et")))
    assert not (out / SEARCH_TREE).exists()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"en", "et"}
    assert all(lang["page_count"] == 3 for lang in entry["languages"].values())
