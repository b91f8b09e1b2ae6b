"""The built site: languages, alternates, switcher, pages, exports, size, no outside requests."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

from builder.config import SITE_DIR, SiteConfig
from builder.model import LanguageView, Site
from builder.pipeline import build, load
from builder.status import load_status
from registry.languages import SITE_LANGUAGES

from .conftest import FIXTURE_DATA, make_config
from .htmlcheck import active_content, scan

REGISTERS = ("cz-advokati", "ee-kutseregister", "pt-ordem-dos-medicos")


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_language_has_every_page(built_site: Path) -> None:
    expected = sorted(p.relative_to(built_site / "en").as_posix() for p in (built_site / "en").rglob("*.html"))
    assert "registers/ee-kutseregister/index.html" in expected and "countries/pt/index.html" in expected
    assert {"professions/doctor/index.html", "areas/lawyers/index.html", "status/index.html", "about/index.html",
            "contribute/index.html", "accessibility/index.html", "404.html", "index.html"} <= set(expected)  # fmt: skip
    for lang in SITE_LANGUAGES:
        pages = sorted(p.relative_to(built_site / lang).as_posix() for p in (built_site / lang).rglob("*.html"))
        assert pages == expected, lang


def test_html_lang_alternates_and_switcher(built_site: Path) -> None:
    html = read(built_site, "et/registers/ee-kutseregister/index.html")
    assert '<html lang="et"' in html
    # Register pages leave out the <link> alternates (3.4 KB a page at the published address;
    # see register.html); the pages that list them carry them, and the switcher links every version.
    assert '<link rel="alternate" hreflang' not in html
    country = read(built_site, "et/countries/pt/index.html")
    alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', country)
    assert [lang for lang, _ in alternates] == [*SITE_LANGUAGES, "x-default"]
    assert ("pt", "/pt/countries/pt/") in alternates
    switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"', html)
    assert ("../../../pt/registers/ee-kutseregister/", "pt") in switcher
    assert len(switcher) == 26
    assert ">Português</a>" in html and ">Eesti</a>" in html


def test_root_lists_languages_by_their_own_names_without_redirect(built_site: Path) -> None:
    html = read(built_site, "index.html")
    for name in ("Deutsch", "Eesti", "Português", "Íslenska", "Norsk bokmål", "Ελληνικά", "Български"):
        assert f">{name}</a>" in html
    assert 'http-equiv="refresh"' not in html.lower()
    assert 'href="pt/"' in html


def test_register_page_shows_every_field(built_site: Path) -> None:
    html = read(built_site, "en/registers/ee-kutseregister/index.html")
    for text in ("Register of Occupational Qualifications", "Kutseregister", "Estonian Qualifications Authority",
                 'href="https://www.kutseregister.ee/"', 'href="https://www.kutseregister.ee/ctrl/et/Kutsetunnistused/"',
                 'hreflang="en" rel="noopener noreferrer">English</a>', "Qualifications", "Registration number",
                 "Free of charge", "No login needed", "Estonian", "Tourist guide",
                 "/open-registers-directory/blob/main/data/registers/ee/ee-kutseregister.yml",
                 "November 20, 2025", "Link verified on February 1, 2026",
                 "<strong>holder's name</strong>"):  # fmt: skip
        assert text in html, text


def test_text_in_another_language_is_marked(built_site: Path) -> None:
    # The Portuguese register has notes only in Portuguese and no Estonian name.
    html = read(built_site, "et/registers/pt-ordem-dos-medicos/index.html")
    assert '<div class="notes" lang="pt" data-pagefind-weight="0.5">' in html
    # No Estonian name: the official (Portuguese) name first, then the English one.
    assert '<h1 data-pagefind-meta="title" lang="pt">Pesquisa de Médicos</h1>' in html
    assert '<p class="alt-name" lang="en">Register of Medical Doctors</p>' in html
    assert 'lang="pt">Ordem dos Médicos' in html
    # A page in Portuguese does not mark Portuguese text.
    html = read(built_site, "pt/registers/pt-ordem-dos-medicos/index.html")
    assert '<div class="notes" data-pagefind-weight="0.5">' in html
    assert '<h1 data-pagefind-meta="title">Pesquisa de Médicos</h1>' in html


def test_prose_fallback_is_marked(site_data: Path, tmp_path: Path) -> None:
    """A prose page missing in a language is shown in English, marked, with lang="en" on the text."""
    content = tmp_path / "content"
    shutil.copytree(SITE_DIR / "content" / "en", content / "en")
    out = tmp_path / "public"
    build(make_config(site_data, out, languages=("en", "et"), content_dir=content))
    html = read(out, "et/about/index.html")
    assert '<article lang="en">' in html and 'class="note" lang="et"' in html


def test_translated_prose_pages_are_not_marked(built_site: Path) -> None:
    for lang in SITE_LANGUAGES:
        for page in ("about", "accessibility", "contribute"):
            html = read(built_site, f"{lang}/{page}/index.html")
            assert "<article>" in html and '<p class="note" lang=' not in html, (lang, page)


def test_badges_and_review_marks(built_site: Path) -> None:
    assert "Unreachable since January 18, 2026" in read(built_site, "en/registers/pt-ordem-dos-medicos/index.html")
    assert "Never reviewed by a person" in read(built_site, "en/registers/pt-ordem-dos-medicos/index.html")
    assert "Blocked for automated checks" in read(built_site, "en/registers/cz-advokati/index.html")
    assert "Never reviewed by a person" not in read(built_site, "en/registers/cz-advokati/index.html")


def test_status_page_lists_countries_failing_first_in_plain_words(built_site: Path) -> None:
    html = read(built_site, "en/status/index.html")
    # Portugal (a stale register) before Czechia (a warning) before Estonia (all working)
    assert html.index("Portugal") < html.index("Czechia") < html.index("Estonia")
    assert 'href="../../en/status/pt/"' in html
    assert "Last check: February 1, 2026. Registers checked: 3" in html
    main = html.split("<main", 1)[1]
    assert "blocked/waf" not in main and "<code>" not in main  # the crawler's codes are not the site's words
    assert "Blocked for automated checks" in main  # the counts of the last check, in words
    assert "<script" not in html.split("</head>", 1)[1]


def test_status_country_page_lists_stale_first_with_an_svg_chart(built_site: Path) -> None:
    html = read(built_site, "en/status/pt/index.html")
    stale = html.index("Stale: unreachable")
    assert "Register of Medical Doctors" in html[stale:] and "Search for Lawyers" not in html
    chart = html[stale:].split("<svg", 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") == 4 and 'class="c-hard"' in chart and 'class="c-ok"' in chart
    czech = read(built_site, "en/status/cz/index.html")
    assert czech.index("Warnings for a person") < czech.index("Search for Lawyers")
    assert "blocked/waf" not in czech and "Blocked for automated checks" in czech


def test_not_checked_yet_without_status(site_data: Path, tmp_path: Path) -> None:
    import shutil

    from builder.pipeline import build

    from .conftest import make_config

    shutil.rmtree(site_data / "status")
    build(make_config(site_data, tmp_path / "out", languages=("en",)))
    assert "The links have not been checked yet." in read(tmp_path / "out", "en/status/index.html")
    assert "Link not checked yet" in read(tmp_path / "out", "en/registers/ee-kutseregister/index.html")


def test_search_filters_and_body_only_on_register_pages(built_site: Path) -> None:
    html = read(built_site, "pt/registers/ee-kutseregister/index.html")
    filters = set(re.findall(r'data-pagefind-filter="([^"]+)"', html))
    assert len(filters) == 7  # country, kind, access, interface language, status, profession, area
    assert "data-pagefind-body" in html
    assert ">Guia-intérprete</a>" in html  # the profession label in the page's language is indexed
    for page in ("pt/index.html", "pt/countries/ee/index.html", "pt/professions/doctor/index.html", "index.html"):
        assert "data-pagefind-body" not in read(built_site, page), page


def test_no_request_leaves_the_origin(built_site: Path) -> None:
    for path in [*built_site.rglob("*.html")][:400]:
        html = path.read_text(encoding="utf-8")
        for tag, attrs in scan(html).tags:
            if tag in ("script", "img", "iframe") or (tag == "link" and attrs.get("rel") in ("stylesheet", "icon")):
                url = attrs.get("src") or attrs.get("href") or ""
                assert not re.match(r"^(https?:)?//", url), (path, tag, url)
        assert "Content-Security-Policy" in html
    css = read(built_site, "static/style.css")
    assert "url(" not in css and "@import" not in css


def test_csp_permits_exactly_what_pagefind_needs(built_site: Path) -> None:
    html = read(built_site, "en/index.html")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp
    assert "unsafe-inline" not in csp and "'unsafe-eval'" not in csp and "default-src 'self'" in csp


def test_register_page_is_small(built_site: Path) -> None:
    css = len((built_site / "static" / "style.css").read_bytes())
    for register in REGISTERS:
        for lang in ("en", "bg", "el"):
            size = len((built_site / lang / "registers" / register / "index.html").read_bytes())
            assert size + css < 30_000, (lang, register, size, css)


def test_pages_have_no_active_content_besides_the_search(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        scripts = [a.get("src", "") for a in scan(path.read_text("utf-8")).scripts if a.get("src")]
        relative = path.relative_to(built_site).as_posix()
        search_form = relative == "index.html" or (path.name == "index.html" and path.parent.parent == built_site)
        if relative == "index.html":
            assert scripts == ["static/language.js"]
        elif search_form:
            assert [s.rsplit("/", 1)[-1] for s in scripts] == ["search.js"], path
        elif "/registers/" in relative and path.name == "index.html":
            assert [s.rsplit("/", 1)[-1] for s in scripts] == ["copy.js"], path
        else:
            assert scripts == [], path
        allowed = {"svg", "form"} if search_form else {"svg"}  # the search form (root and home pages)
        assert active_content(path.read_text("utf-8"), allowed_tags=allowed) == [], path


def test_lists_are_sorted_in_the_page_language(built_site: Path) -> None:
    def names(lang: str) -> list[str]:
        return re.findall(
            rf'<a href="\.\./\.\./{lang}/countries/\w\w/">([^<]+)</a>', read(built_site, f"{lang}/countries/index.html")
        )

    cs = names("cs")
    assert cs[:4] == ["Belgie", "Bulharsko", "Česko", "Dánsko"]  # "Č" after "C"
    assert cs.index("Francie") + 1 == cs.index("Chorvatsko") == cs.index("Irsko") - 1  # "Ch" after "H"
    assert cs.index("Rumunsko") + 1 == cs.index("Řecko")
    is_ = names("is")
    assert is_.index("Holland") + 1 == is_.index("Írland") and is_[-1] == "Þýskaland"
    et = names("et")
    assert et.index("Soome") < et.index("Šveits") < et.index("Taani")


def test_exports(built_site: Path) -> None:
    document = json.loads(read(built_site, "registers.json"))
    assert document["format"] == "open-registers-directory/registers" and document["version"] == 1
    assert [r["id"] for r in document["registers"]] == list(REGISTERS)
    record = document["registers"][1]
    assert record["name"]["et"] == "Kutseregister" and record["replaced_by"] is None and record["data"] is None
    assert record["link_status"] == {"badge": "verified", "date": "2026-02-01T03:02:00Z"}
    assert record["source_file"] == "data/registers/ee/ee-kutseregister.yml"

    raw = (built_site / "registers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == list(REGISTERS)
    assert rows[2]["name_native"] == "Pesquisa de Médicos" and rows[2]["captcha"] == "true"

    catalogue = json.loads(read(built_site, "catalogue.jsonld"))
    graph = catalogue["@graph"]
    assert graph[0]["@type"] == "dcat:Catalog" and len(graph[0]["dcat:dataset"]) == 3
    datasets = [n for n in graph if n.get("@type") == "dcat:Dataset"]
    pt = next(n for n in datasets if n["dct:identifier"] == "pt-ordem-dos-medicos")
    assert pt["dct:spatial"]["@id"].endswith("/country/PRT")
    assert pt["dct:language"] == [{"@id": "http://publications.europa.eu/resource/authority/language/POR"}]
    assert pt["dcat:distribution"][0]["dct:license"]["@id"] == "https://spdx.org/licenses/CC-BY-4.0"
    cz = next(n for n in datasets if n["dct:identifier"] == "cz-advokati")
    assert "adms:status" not in cz  # DCAT-AP 3 gives a status to distributions, not datasets
    assert cz["dcat:distribution"][-1]["adms:status"]["@id"].endswith("distribution-status/DEPRECATED")

    sitemap = read(built_site, "sitemap-et.xml")
    assert "<loc>/et/registers/ee-kutseregister/</loc>" in sitemap
    assert 'hreflang="' not in sitemap  # the alternates are on the pages (test_alternates…), not repeated here
    assert read(built_site, "sitemap.xml").count("<sitemap>") == 26


def test_json_ld_on_register_pages(built_site: Path) -> None:
    html = read(built_site, "en/registers/ee-kutseregister/index.html")
    block = re.search(r'<script type="application/ld\+json">(.+?)</script>', html, re.S).group(1)
    item = json.loads(block)
    assert item["@type"] == "Dataset" and item["identifier"] == "ee-kutseregister"
    assert item["spatialCoverage"]["name"] == "Estonia" and item["dateModified"] == "2025-11-20"


def test_base_url_makes_absolute_links(tmp_path: Path) -> None:
    from builder.pipeline import build

    from .conftest import make_config

    out = tmp_path / "out"
    build(make_config(FIXTURE_DATA, out, languages=("en",), base_url="https://example.org/dir"))
    assert "<loc>https://example.org/dir/en/registers/cz-advokati/</loc>" in read(out, "sitemap-en.xml")
    assert 'href="/dir/static/style.css"' in read(out, "en/404.html")
    assert 'data-base="/dir/"' in read(out, "en/index.html")


def test_model_falls_back_to_english_labels() -> None:
    site = Site.create(load(SiteConfig(FIXTURE_DATA, Path("/nonexistent"), FIXTURE_DATA / "status")),
                       load_status(FIXTURE_DATA / "status"),
                       SiteConfig(FIXTURE_DATA, Path("/nonexistent"), FIXTURE_DATA / "status"))  # fmt: skip
    term = site.registry.vocabularies["professions"].get("doctor")
    object.__setattr__(term, "labels", {"en": "Medical doctor"})
    label = LanguageView(site, "fi").label("professions", "doctor")
    assert (label.text, label.lang) == ("Medical doctor", "en")


def test_macros_speak_each_language_in_a_one_process_build(site_data: Path, tmp_path: Path) -> None:
    """Macros imported by templates are cached per Jinja environment: each language needs its own.

    (A single shared environment rendered the second language's badges and access labels with the
    first language's gettext.)
    """
    from builder.i18n import load_translations

    out = tmp_path / "public"
    build(make_config(site_data, out, languages=("en", "et", "pt"), jobs=1))
    for lang in ("en", "et", "pt"):
        gettext = load_translations(SITE_DIR / "locales", lang).gettext
        html = read(out, f"{lang}/registers/cz-advokati/index.html")
        for text in ("Free of charge", "Blocked for automated checks"):
            assert gettext(text) in html, (lang, text)
