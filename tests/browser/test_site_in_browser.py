"""The built site in real headless Chromium: search per language, filters, switcher, no-JS browsing, a11y."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from builder.config import SITE_DIR
from builder.i18n import load_translations

SEARCHES = [
    # (language, query in that language, registers it must find)
    ("en", "doctor", {"pt-ordem-dos-medicos", "ee-tervishoiutootajad"}),
    ("et", "arst", {"pt-ordem-dos-medicos", "ee-tervishoiutootajad"}),
    ("pt", "médico", {"pt-ordem-dos-medicos", "ee-tervishoiutootajad"}),
    ("et", "giid", {"ee-kutseregister", "pt-guias"}),
    ("pt", "guia-intérprete", {"ee-kutseregister", "pt-guias"}),
]


def ui(lang: str, text: str) -> str:
    return load_translations(SITE_DIR / "locales", lang).gettext(text)


def search(page, origin: str, lang: str, query: str) -> set[str]:
    page.goto(f"{origin}/{lang}/")
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    page.wait_for_timeout(300)
    return results(page)


def search_and_open_filter(page, origin: str, lang: str, query: str, name: str):
    """Search, then open the filter group ``name``; returns the group's locator.

    Pagefind's UI loads the filter list separately from the results and opens small groups by
    itself, so the group is awaited (one fresh page load if it did not appear, as a reader
    would reload) and its summary is clicked only when the group is still closed.
    """
    for attempt in range(2):
        search(page, origin, lang, query)
        block = page.locator("details.pagefind-ui__filter-block", has=page.locator("summary", has_text=name))
        try:
            block.locator("summary").wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt:
                groups = page.locator("summary").all_inner_texts()
                raise AssertionError(f"no filter group {name!r} after searching {query!r}: {groups}") from None
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    expect(block).to_have_attribute("open", "")
    return block


def results(page) -> set[str]:
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]
    return {re.search(r"/registers/([\w-]+)/", h).group(1) for h in hrefs}


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_a_profession_in_the_page_language(page, origin: str, lang: str, query: str, expected: set[str]) -> None:
    found = search(page, origin, lang, query)
    assert found == expected
    assert all(h.startswith(f"/{lang}/registers/") for h in
               [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")])  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "et", "pt"])
def test_country_filter(page, origin: str, lang: str) -> None:
    query = {"en": "doctor", "et": "arst", "pt": "médico"}[lang]
    block = search_and_open_filter(page, origin, lang, query, ui(lang, "Country"))
    assert len(results(page)) == 2
    country = {"en": "Portugal", "et": "Portugal", "pt": "Portugal"}[lang]
    block.locator("label", has_text=country).click()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(1, timeout=10_000)
    assert results(page) == {"pt-ordem-dos-medicos"}


def test_search_ui_strings_come_from_the_catalogues(page, origin: str) -> None:
    page.goto(f"{origin}/et/")
    placeholder = page.get_attribute(".pagefind-ui__search-input", "placeholder")
    assert placeholder == ui("et", "Search registers, e.g. a profession and a country")


def test_status_is_a_search_filter(page, origin: str) -> None:
    block = search_and_open_filter(page, origin, "en", "doctor", "Link status")
    block.locator("label", has_text="Unreachable").click()
    expect(page.locator(".pagefind-ui__result-link")).to_have_count(1, timeout=10_000)
    assert results(page) == {"pt-ordem-dos-medicos"}


@pytest.mark.parametrize(("start", "target", "name"), [("et", "pt", "Português"), ("pt", "en", "English"),
                                                        ("en", "et", "Eesti")])  # fmt: skip
def test_language_switcher_keeps_the_page(page, origin: str, start: str, target: str, name: str) -> None:
    page.goto(f"{origin}/{start}/registers/ee-kutseregister/")
    page.click("details.langs summary")
    page.click(f"details.langs a[hreflang={target}]")
    page.wait_for_url(f"{origin}/{target}/registers/ee-kutseregister/")
    assert page.get_attribute("html", "lang") == target
    assert page.inner_text("details.langs summary").endswith(name)


def test_browse_without_javascript(page_without_js, origin: str) -> None:
    page = page_without_js
    page.goto(f"{origin}/")
    page.click("a[hreflang=pt]")
    assert page.url == f"{origin}/pt/"
    assert page.is_visible(
        "text=" + ui("pt", "Search needs JavaScript. Every register can also be found through the lists below.")
    )
    page.click("a[href$='countries/ee/']")
    assert page.url == f"{origin}/pt/countries/ee/"
    page.click("a[href$='registers/ee-kutseregister/']")
    assert page.inner_text("h1") == "Register of Occupational Qualifications"
    page.click("a[href$='professions/tourist-guide/']")
    assert page.inner_text("h1") == "Guia-intérprete"
    assert {a.get_attribute("href").split("/")[-2] for a in page.query_selector_all("ul.registers a")} == {
        "ee-kutseregister", "pt-guias"}  # fmt: skip
    page.click("details.langs summary")
    page.click("details.langs a[hreflang=et]")
    assert page.url == f"{origin}/et/professions/tourist-guide/" and page.inner_text("h1") == "Giid"


def test_status_page_and_badges(page, origin: str) -> None:
    page.goto(f"{origin}/en/status/")
    headings = page.locator("h2").all_inner_texts()
    assert headings[0].startswith("Stale") and "Register of Medical Doctors" in page.inner_text("table.status")
    assert page.locator("svg.chart rect").count() >= 4
    page.goto(f"{origin}/en/registers/pt-ordem-dos-medicos/")
    assert "Unreachable since January 18, 2026" in page.inner_text(".badges")
    assert "Never reviewed by a person" in page.inner_text(".badges")
    page.goto(f"{origin}/en/registers/ee-tervishoiutootajad/")
    assert "Link not checked yet" in page.inner_text(".badges")


def test_root_suggests_the_browser_language_without_redirecting(browser, origin: str) -> None:
    context = browser.new_context(locale="pt-PT")
    page = context.new_page()
    page.goto(f"{origin}/")
    assert page.url == f"{origin}/"
    assert page.is_visible("#suggestion a[hreflang=pt]")
    context.close()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_PAGES = ["", "countries/pt/", "registers/ee-kutseregister/", "status/", "professions/doctor/", "accessibility/"]


@pytest.mark.parametrize("lang", ["en", "et", "pt"])
@pytest.mark.parametrize("path", AXE_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility(page, origin: str, lang: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{origin}/{lang}/{path}")
    if not path:
        page.wait_for_selector(".pagefind-ui__search-input")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_of_search_results_and_filters(page, origin: str, scheme: str) -> None:
    """The Pagefind UI as a reader sees it after searching, with a filter group open."""
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    assert search(page, origin, "et", "arst")
    page.locator("details.pagefind-ui__filter-block summary").first.click()
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()
