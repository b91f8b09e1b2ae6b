"""Browser tests: the fixture site built with search, served on 127.0.0.1, driven in Debian's Chromium.

Chromium is missing → the tests skip locally but fail when CI=true (CI must run them).
Every request that is not to the local server is aborted and recorded; each test asserts none.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.config import SiteConfig
from builder.pipeline import build
from builder.serve import make_server

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]  # fmt: skip
FIXTURE_DATA = Path(__file__).resolve().parent.parent / "site" / "fixtures" / "data"

# Two more registers so that searches find registers in several countries.
EXTRA = {
    "pt/pt-guias.yml": """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: pt-guias
status: active
country: PT
name:
  pt: Registo Nacional de Guias-Intérpretes
  en: National Register of Tourist Guides
authority:
  name:
    pt: Turismo de Portugal
url: https://www.turismodeportugal.pt/
kind: professional
areas: [professional-qualifications]
professions: [tourist-guide]
information: [registration]
search_by: [name]
access: {cost: free, login: none, captcha: false}
languages: [pt]
sources:
  - url: https://www.turismodeportugal.pt/
    confirms: [url]
""",
    "ee/ee-tervishoiutootajad.yml": """\
# yaml-language-server: $schema=../../schema/register.schema.json
id: ee-tervishoiutootajad
status: active
country: EE
name:
  et: Tervishoiutöötajate register
  en: Register of Healthcare Professionals
authority:
  name:
    et: Terviseamet
    en: Health Board
url: https://www.terviseamet.ee/
kind: professional
areas: [professional-qualifications]
professions: [doctor]
information: [registration, right-to-practise]
search_by: [name]
access: {cost: free, login: none, captcha: false}
languages: [et, en]
reviewed: 2026-01-10
sources:
  - url: https://www.terviseamet.ee/
    confirms: [url]
""",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(FIXTURE_DATA, data)
    for name, text in EXTRA.items():
        (data / "registers" / name).write_text(text, encoding="utf-8")
    # ee-tervishoiutootajad serves doctors in Estonia, so the fixture's recorded gap must go.
    coverage = data / "coverage" / "ee.yml"
    text = coverage.read_text(encoding="utf-8")
    start = text.index("  doctor:\n")
    end = text.index("  lawyer:\n")
    coverage.write_text(text[:start] + text[end:], encoding="utf-8")
    out = data.parent / "public"
    build(SiteConfig(data_dir=data, out_dir=out, status_dir=data / "status", jobs=2))
    return out


@pytest.fixture(scope="session")
def origin(site_root: Path) -> Iterator[str]:
    server = make_server(site_root, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Guard:
    """Aborts and records every request that does not go to the local origin."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.outside: list[str] = []
        self.console_errors: list[str] = []

    def route(self, route, request) -> None:
        url = request.url
        if url.startswith(self.origin + "/") or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def _context(browser, origin: str, **options):
    guard = Guard(origin)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **options)
    context.route("**/*", guard.route)
    return context, guard


@pytest.fixture
def page(browser, origin: str):
    context, guard = _context(browser, origin)
    page = context.new_page()
    page.on("console", lambda m: guard.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: guard.console_errors.append(str(e)))
    yield page
    context.close()
    assert guard.outside == [], f"requests left the origin: {guard.outside}"
    assert guard.console_errors == [], f"errors in the console (CSP?): {guard.console_errors}"


@pytest.fixture
def page_without_js(browser, origin: str):
    context, guard = _context(browser, origin, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()
    assert guard.outside == [], f"requests left the origin: {guard.outside}"
