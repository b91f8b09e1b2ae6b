"""The lean search documents Pagefind indexes: same language, title and body as the page."""

from __future__ import annotations

import json
from pathlib import Path

from builder.pipeline import build
from builder.search_index import SEARCH_TREE, UNUSED_BUNDLE_FILES, index_only_html, prune_bundle, search_document
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
    assert '<h1 data-pagefind-meta="title">Arstide &lt;register&gt;</h1>\n</article>' in document
    assert "hreflang" not in document and "Menüü" not in document and "Jalus" not in document


def test_index_only_words_carry_their_weight_and_are_escaped() -> None:
    extra = index_only_html([(5.0, ["Anwalt", "<b>"]), (1.0, []), (0.5, ["Notiz"])])
    assert extra == ('<div data-pagefind-weight="5">Anwalt · &lt;b&gt;</div>\n'
                     '<div data-pagefind-weight="0.5">Notiz</div>')
    page = '<html><body><article data-pagefind-body><h1>X</h1></article></body></html>'
    document = search_document(page, "de", extra)
    assert document is not None and document.index(extra) < document.index("</article>")


def test_page_without_search_body_has_no_document() -> None:
    assert search_document("<html><body><main>Countries</main></body></html>", "en") is None


def test_one_bundle_per_language_and_no_documents_left(site_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(make_config(site_data, out, run_pagefind=True, languages=("en", "et"), jobs=2))
    assert not (out / SEARCH_TREE).exists()
    for lang in ("en", "et"):
        entry = json.loads((out / lang / "pagefind" / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [lang]
        assert entry["languages"][lang]["page_count"] == 3
        home = (out / lang / "index.html").read_text()
        assert f'data-bundle="../{lang}/pagefind/"' in home and (out / lang / "pagefind" / "pagefind.js").exists()
        # Only what pagefind.js loads is published (builder.search_index.prune_bundle).
        bundle = out / lang / "pagefind"
        assert not any((bundle / name).exists() for name in UNUSED_BUNDLE_FILES)
        wasm = f"wasm.{entry['languages'][lang]['wasm'] or 'unknown'}.pagefind"
        assert sorted(path.name for path in bundle.glob("wasm.*")) == [wasm]
        assert (bundle / "pagefind-worker.js").exists() and list((bundle / "fragment").iterdir())
    assert not (out / "pagefind").exists()


def test_prune_keeps_the_generic_wasm_for_a_language_pagefind_cannot_stem(tmp_path: Path) -> None:
    """Pagefind has no stemmer for Maltese, Croatian or Icelandic: pagefind.js then loads wasm.unknown."""
    for name in ("pagefind.js", "wasm.mt.pagefind", "wasm.unknown.pagefind"):
        (tmp_path / name).write_text("x")
    entry = {"version": "1.5.2", "languages": {"mt": {"hash": "mt_1", "wasm": None, "page_count": 1}}}
    (tmp_path / "pagefind-entry.json").write_text(json.dumps(entry))
    prune_bundle(tmp_path)
    assert sorted(path.name for path in tmp_path.glob("wasm.*")) == ["wasm.unknown.pagefind"]


def test_prune_keeps_every_wasm_when_the_entry_cannot_be_read(tmp_path: Path) -> None:
    for name in ("pagefind.js", "pagefind-ui.js", "wasm.de.pagefind", "wasm.unknown.pagefind"):
        (tmp_path / name).write_text("x")
    (tmp_path / "pagefind-entry.json").write_text("{not json")
    prune_bundle(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "pagefind-entry.json", "pagefind.js", "wasm.de.pagefind", "wasm.unknown.pagefind"]


def test_a_language_without_registers_gets_no_index(site_data: Path, tmp_path: Path) -> None:
    for path in (site_data / "registers").glob("*/*.yml"):
        path.unlink()
    out = tmp_path / "public"
    build(make_config(site_data, out, run_pagefind=True, languages=("en",)))
    assert (out / "en" / "index.html").exists() and not (out / "en" / "pagefind").exists()
    assert not (out / SEARCH_TREE).exists()
