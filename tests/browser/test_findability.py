"""Findability: natural queries an official types, in many languages, against the shipped registers.

The shipped data is built with its search index (only the languages the queries use), served on
127.0.0.1 and searched in Chromium through the site's own search box and Pagefind bundles. A query
passes when one of its first 5 results is a register of the country it names serving the need it
names (a profession, or a kind of register: business, insolvency, activity). At least 95 % must pass.
Each case names a pair the shipped data serves (see 'python build.py coverage').
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator

import pytest

from builder.config import REPO_ROOT, SiteConfig
from builder.pipeline import build
from builder.serve import make_server
from registry.loader import load_registry

# (language, query, country, need)
QUERIES: list[tuple[str, str, str, str]] = [
    ("en", "doctors in Ireland", "IE", "doctor"),
    ("en", "Ireland doctor", "IE", "doctor"),
    ("en", "company register Germany", "DE", "business"),
    ("en", "bankruptcy register Finland", "FI", "insolvency"),
    ("en", "insurance broker France", "FR", "insurance-intermediary"),
    ("en", "lawyers Poland", "PL", "lawyer"),
    ("en", "Polish lawyer", "PL", "lawyer"),
    ("en", "vet Netherlands", "NL", "veterinary-surgeon"),
    ("en", "architects Portugal", "PT", "architect"),
    ("en", "Swedish auditor", "SE", "statutory-auditor"),
    ("en", "notary Austria", "AT", "notary"),
    ("de", "Handelsregister Polen", "PL", "business"),
    ("de", "Wirtschaftsprüfer Italien", "IT", "statutory-auditor"),
    ("de", "Anwalt Tschechien", "CZ", "lawyer"),
    ("de", "Tschechien Anwalt", "CZ", "lawyer"),
    ("de", "Insolvenz Österreich", "AT", "insolvency"),
    ("de", "Zahnärzte Dänemark", "DK", "dentist"),
    ("de", "Firmenbuch Österreich", "AT", "business"),
    ("de", "Tierarzt Schweiz", "CH", "veterinary-surgeon"),
    ("fr", "avocats Slovénie", "SI", "lawyer"),
    ("fr", "registre du commerce Belgique", "BE", "business"),
    ("fr", "faillite Luxembourg", "LU", "insolvency"),
    ("fr", "médecin Roumanie", "RO", "doctor"),
    ("fr", "Roumanie médecins", "RO", "doctor"),
    ("fr", "courtier assurance Italie", "IT", "insurance-intermediary"),
    ("es", "abogados Alemania", "DE", "lawyer"),
    ("es", "registro mercantil Francia", "FR", "business"),
    ("es", "traductor jurado Austria", "AT", "sworn-translator"),
    ("es", "dentista Eslovaquia", "SK", "dentist"),
    ("it", "avvocati Svezia", "SE", "lawyer"),
    ("it", "registro imprese Spagna", "ES", "business"),
    ("it", "fallimento Paesi Bassi", "NL", "insolvency"),
    ("it", "farmacisti Belgio", "BE", "pharmacist"),
    ("pt", "médicos Bélgica", "BE", "doctor"),
    ("pt", "registo comercial Espanha", "ES", "business"),
    ("pt", "enfermeiros França", "FR", "nurse"),
    ("pt", "insolvência Polónia", "PL", "insolvency"),
    ("nl", "advocaat Litouwen", "LT", "lawyer"),
    ("nl", "handelsregister Duitsland", "DE", "business"),
    ("nl", "faillissement België", "BE", "insolvency"),
    ("nl", "tandarts Noorwegen", "NO", "dentist"),
    ("pl", "lekarz Czechy", "CZ", "doctor"),
    ("pl", "Czechy lekarze", "CZ", "doctor"),
    ("pl", "rejestr firm Niemcy", "DE", "business"),
    ("pl", "upadłość Hiszpania", "ES", "insolvency"),
    ("pl", "biegły rewident Austria", "AT", "statutory-auditor"),
    ("cs", "advokát Slovensko", "SK", "lawyer"),
    ("cs", "obchodní rejstřík Polsko", "PL", "business"),
    ("cs", "lékař Rakousko", "AT", "doctor"),
    ("cs", "insolvence Německo", "DE", "insolvency"),
    ("sv", "advokat Finland", "FI", "lawyer"),
    ("sv", "läkare Norge", "NO", "doctor"),
    ("sv", "konkurs Danmark", "DK", "insolvency"),
    ("sv", "företagsregister Estland", "EE", "business"),
    ("da", "læge Sverige", "SE", "doctor"),
    ("da", "revisor Norge", "NO", "statutory-auditor"),
    ("fi", "lääkäri Ruotsi", "SE", "doctor"),
    ("fi", "kaupparekisteri Viro", "EE", "business"),
    ("fi", "konkurssi Latvia", "LV", "insolvency"),
    ("et", "arst Soome", "FI", "doctor"),
    ("et", "äriregister Läti", "LV", "business"),
    ("et", "advokaat Leedu", "LT", "lawyer"),
    ("lv", "ārsts Igaunija", "EE", "doctor"),
    ("lv", "uzņēmumu reģistrs Lietuva", "LT", "business"),
    ("lt", "advokatas Latvija", "LV", "lawyer"),
    ("lt", "įmonių registras Estija", "EE", "business"),
    ("hu", "ügyvéd Ausztria", "AT", "lawyer"),
    ("hu", "cégjegyzék Szlovákia", "SK", "business"),
    ("hu", "orvos Szlovénia", "SI", "doctor"),
    ("ro", "avocat Bulgaria", "BG", "lawyer"),
    ("ro", "registrul comerțului Ungaria", "HU", "business"),
    ("sk", "lekár Maďarsko", "HU", "doctor"),
    ("sk", "obchodný register Česko", "CZ", "business"),
    ("sl", "odvetnik Hrvaška", "HR", "lawyer"),
    ("sl", "poslovni register Avstrija", "AT", "business"),
    ("el", "δικηγόρος Κύπρος", "CY", "lawyer"),
    ("el", "ΓΕΜΗ Ελλάδα", "GR", "business"),
    ("el", "ελεγκτής Κύπρος", "CY", "statutory-auditor"),
    ("bg", "търговски регистър Румъния", "RO", "business"),
    ("bg", "лекар България", "BG", "doctor"),
    ("hr", "odvjetnik Slovenija", "SI", "lawyer"),
    ("hr", "sudski registar Hrvatska", "HR", "business"),
    ("mt", "avukat Ċipru", "CY", "lawyer"),
    ("mt", "perit Malta", "MT", "architect"),
    ("ga", "dochtúir Éire", "IE", "doctor"),
    ("ga", "clár cuideachtaí Málta", "MT", "business"),
    ("is", "lögmaður Noregur", "NO", "lawyer"),
    ("nb", "advokat Sverige", "SE", "lawyer"),
    ("nb", "konkurs Norge", "NO", "insolvency"),
]
LANGUAGES = tuple(sorted({lang for lang, *_ in QUERIES}))
DATA = REPO_ROOT / "data"


def serves(data: dict, need: str) -> bool:
    return need == data["kind"] or need in (data.get("professions") or [])


@pytest.fixture(scope="module")
def shipped_origin(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[str]:
    out = tmp_path_factory.mktemp("findability") / "public"
    build(SiteConfig(data_dir=DATA, out_dir=out, status_dir=DATA / "status", languages=LANGUAGES, jobs=2))
    server = make_server(out, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    shutil.rmtree(out, ignore_errors=True)


def first_results(page, origin: str, lang: str, query: str, count: int = 5) -> list[str]:
    """The register ids of the first ``count`` results the search box shows for ``query``."""
    page.goto(f"{origin}/{lang}/")
    page.wait_for_selector("#search-form:not([hidden])", timeout=15_000)
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        status = page.inner_text("#search-status")
        if "\u201c" in status and not status.endswith("..."):
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(150)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all("#search-results a.result-link")][:count]
    return [re.search(r"/registers/([\w-]+)/", h).group(1) for h in hrefs]


def test_natural_queries_find_the_register(browser, shipped_origin: str) -> None:
    registry = load_registry(DATA)
    by_id = {r.id: r for r in registry.registers}
    for _, _, country, need in QUERIES:  # each case must be answerable from the shipped data
        assert any(r.country == country and serves(r.data, need) for r in registry.registers), (country, need)
    assert len(QUERIES) >= 60 and len(LANGUAGES) >= 15
    page = browser.new_page()
    failures = []
    for lang, query, country, need in QUERIES:
        found = first_results(page, shipped_origin, lang, query)
        if not any(by_id[i].country == country and serves(by_id[i].data, need) for i in found if i in by_id):
            failures.append(f"{lang}: {query!r} → {found}")
    page.close()
    rate = 1 - len(failures) / len(QUERIES)
    print(f"\nfindability: {len(QUERIES) - len(failures)}/{len(QUERIES)} = {rate:.1%} in {len(LANGUAGES)} languages")
    for failure in failures:
        print("  missed", failure)
    assert rate >= 0.95, f"{rate:.1%} found in the top 5; missed:\n" + "\n".join(failures)
