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


RESULT = "#search-results a.result-link"


def search(page, origin: str, lang: str, query: str) -> set[str]:
    page.goto(f"{origin}/{lang}/")
    page.wait_for_selector("#search-form:not([hidden])", timeout=15_000)
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_selector(RESULT, timeout=15_000)
    page.wait_for_timeout(300)
    return results(page)


def search_and_open_filter(page, origin: str, lang: str, query: str, name: str):
    """Search, open the filters (one button, closed at first) and return the group ``name``."""
    search(page, origin, lang, query)
    filters = page.locator("#search-filters")
    expect(filters).to_be_visible()
    assert filters.get_attribute("open") is None  # results first, filters behind the button
    filters.locator("summary").click()
    block = filters.locator("fieldset", has=page.locator("legend", has_text=name))
    try:
        block.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        groups = page.locator("#search-filters legend").all_inner_texts()
        raise AssertionError(f"no filter group {name!r} after searching {query!r}: {groups}") from None
    return block


def results(page) -> set[str]:
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(RESULT)]
    return {re.search(r"/registers/([\w-]+)/", h).group(1) for h in hrefs}


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES)
def test_search_a_profession_in_the_page_language(page, origin: str, lang: str, query: str, expected: set[str]) -> None:
    found = search(page, origin, lang, query)
    assert found == expected
    assert all(h.startswith(f"/{lang}/registers/") for h in
               [a.get_attribute("href") for a in page.query_selector_all(RESULT)])  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "et", "pt"])
def test_country_filter(page, origin: str, lang: str) -> None:
    query = {"en": "doctor", "et": "arst", "pt": "médico"}[lang]
    block = search_and_open_filter(page, origin, lang, query, ui(lang, "Country"))
    assert len(results(page)) == 2
    country = {"en": "Portugal", "et": "Portugal", "pt": "Portugal"}[lang]
    block.locator("label", has_text=country).click()
    expect(page.locator(RESULT)).to_have_count(1, timeout=10_000)
    assert results(page) == {"pt-ordem-dos-medicos"}


def test_search_ui_strings_come_from_the_catalogues(page, origin: str) -> None:
    page.goto(f"{origin}/et/")
    page.wait_for_selector("#search-form:not([hidden])", timeout=15_000)
    placeholder = page.get_attribute("#search-input", "placeholder")
    assert placeholder == ui("et", "Search registers, e.g. a profession and a country")


def test_status_is_a_search_filter(page, origin: str) -> None:
    block = search_and_open_filter(page, origin, "en", "doctor", "Link status")
    block.locator("label", has_text="Unreachable").click()
    expect(page.locator(RESULT)).to_have_count(1, timeout=10_000)
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
    assert page.inner_text("h1") == "Kutseregister"  # no Portuguese name: the official (Estonian) one
    assert page.inner_text("#register-url") == "https://www.kutseregister.ee/"
    page.click("a[href$='professions/tourist-guide/']")
    assert page.inner_text("h1") == "Guia-intérprete"
    assert {a.get_attribute("href").split("/")[-2] for a in page.query_selector_all("ul.registers a")} == {
        "ee-kutseregister", "pt-guias"}  # fmt: skip
    page.click("details.langs summary")
    page.click("details.langs a[hreflang=et]")
    assert page.url == f"{origin}/et/professions/tourist-guide/" and page.inner_text("h1") == "Giid"


def test_status_page_and_badges(page, origin: str) -> None:
    page.goto(f"{origin}/en/status/")  # the overview: one row per country, failing countries first
    first = page.locator("table.status-countries tbody tr").first
    assert first.locator("a").inner_text() == "Portugal" and first.locator("td").nth(1).inner_text() == "1"
    first.locator("a").click()
    assert page.url == f"{origin}/en/status/pt/"
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
AXE_PAGES = ["", "countries/pt/", "registers/ee-kutseregister/", "status/", "professions/doctor/", "accessibility/",
             "coverage/", "countries/ee/", "about/"]  # countries/ee/: the fixture country with a coverage table


@pytest.mark.parametrize("lang", ["en", "et", "pt"])
@pytest.mark.parametrize("path", AXE_PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility(page, origin: str, lang: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{origin}/{lang}/{path}")
    if not path:
        page.wait_for_selector("#search-form:not([hidden])")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_of_the_root_page(page, origin: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    page.goto(f"{origin}/")
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_of_search_results_and_filters(page, origin: str, scheme: str) -> None:
    """The Pagefind UI as a reader sees it after searching, with a filter group open."""
    from axe_playwright_python.sync_playwright import Axe

    page.emulate_media(color_scheme=scheme)
    assert search(page, origin, "et", "arst")
    page.locator("#search-filters summary").click()
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert result.violations_count == 0, result.generate_report()


def test_phone_shows_the_search_box_and_first_result_on_one_screen(browser, origin: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    assert search(page, origin, "et", "arst")
    box = page.locator("#search-input").bounding_box()
    first = page.locator("#search-results li").first.bounding_box()
    assert box["y"] >= 0 and first["y"] + first["height"] <= 844, (box, first)
    assert page.locator("#search-filters").get_attribute("open") is None
    context.close()


def test_zero_results_suggest_country_and_profession_pages(page, origin: str) -> None:
    page.goto(f"{origin}/en/")
    page.wait_for_selector("#search-form:not([hidden])", timeout=15_000)
    page.fill("#search-input", "midwife Malta")  # no word of it is in the index
    page.press("#search-input", "Enter")
    page.wait_for_selector("#search-suggestion-list a", timeout=15_000)
    links = {a.get_attribute("href") for a in page.query_selector_all("#search-suggestion-list a")}
    assert any(h.endswith("countries/mt/") for h in links), links
    assert page.is_visible("#search-suggestions a[href$='countries/']")


def test_result_says_country_kind_and_access(page, origin: str) -> None:
    search(page, origin, "pt", "guia")
    item = page.locator("#search-results li", has=page.locator("a[href$='pt-guias/']"))
    text = item.inner_text()
    assert "Portugal" in text and ui("pt", "Free of charge") in text
    assert item.locator("a.result-link").inner_text() == "Registo Nacional de Guias-Intérpretes"


def test_root_page_search_box_leads_to_the_language_search(browser, origin: str) -> None:
    context = browser.new_context(locale="et-EE")
    page = context.new_page()
    page.goto(f"{origin}/")
    assert page.is_visible("#intro-local[lang=et]")
    page.fill("#root-q", "arst")
    page.press("#root-q", "Enter")
    page.wait_for_url(f"{origin}/et/?q=arst")
    page.wait_for_selector(RESULT, timeout=15_000)
    assert "pt-ordem-dos-medicos" in results(page)
    context.close()


def test_register_page_copies_the_address(browser, origin: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{origin}/en/registers/ee-kutseregister/")
    page.click("button.copy")
    expect(page.locator(".address .copied")).to_have_text("Address copied")
    context.close()
