"""Issue: every active register has a page confirming its address; official pages are told apart."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from registry.evidence import confirming_sources, is_government_host, is_home_page, is_official, registrable_domain
from tests.conftest import VALID_REGISTER, write_register

REGISTER = {
    "url": "https://www.kutseregister.ee/ctrl/et/Otsing",
    "authority": {"url": "https://www.kutsekoda.ee/"},
    "sources": [
        {"url": "https://news.example.com/article", "title": "A news article", "confirms": ["url"]},
        {"url": "https://kutsekoda.ee/en/about", "title": "Kutsekoda", "confirms": ["url", "authority"]},
        {"url": "https://www.riigiteataja.ee/akt/123", "title": "The law"},
    ],
}


@pytest.mark.parametrize(
    ("source", "official"),
    [
        ("https://www.kutseregister.ee/otsing", True),  # the register's own registrable domain
        ("https://KUTSEREGISTER.EE./", True),  # case and the root dot do not matter
        ("https://static.kutsekoda.ee/x.pdf", True),  # the authority's domain, any subdomain
        ("https://www.riigiteataja.ee/akt/1", False),  # another Estonian site, not a government suffix
        ("https://www.ris.bka.gv.at/x", True),  # an Austrian government domain
        ("https://eur-lex.europa.eu/eli/dir/2005/36/oj", True),  # the EU institutions
        ("https://www.admin.ch.example.com/", False),  # a look-alike is not under admin.ch
        ("https://kutseregister.ee.evil.com/", False),
        ("https://en.wikipedia.org/wiki/Kutsekoda", False),
        ("https://co.at/", False),  # a public suffix that is not a government one
        ("not a url", False),
    ],
)
def test_official_source_decision(source: str, official: bool) -> None:
    assert is_official(source, REGISTER) is official


def test_registrable_domain_uses_the_public_suffix_list() -> None:
    assert registrable_domain("www.ris.bka.gv.at") == "bka.gv.at"
    assert registrable_domain("portal.oa.pt") == "oa.pt"
    assert registrable_domain("a.b.gov.pl") == "b.gov.pl"
    assert is_government_host("gov.pl") and is_government_host("www.gov.pl") and not is_government_host("xgov.pl")


def test_confirming_sources_put_official_pages_first() -> None:
    found = confirming_sources(REGISTER)
    assert [e.url for e in found] == ["https://kutsekoda.ee/en/about", "https://news.example.com/article"]
    assert [e.official for e in found] == [True, False]
    assert confirming_sources(REGISTER, "search_url") == []


def test_home_page() -> None:
    assert is_home_page("https://www.example.ee/") and is_home_page("https://www.example.ee")
    assert not is_home_page("https://www.example.ee/search") and not is_home_page("https://www.example.ee/?q=1")


def run_validate(data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = build.main(["validate", "--data", str(data)])
    _, err = capsys.readouterr()
    return code, [line for line in err.splitlines() if ": error: " in line]


def test_active_register_without_confirming_source_is_refused(
    empty_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = VALID_REGISTER.replace("    confirms: [url]\n", "    confirms: [authority]\n")
    path = write_register(empty_data, text)
    code, errors = run_validate(empty_data, capsys)
    assert code == 1
    line = text.splitlines().index("sources:") + 2  # the first source, where confirms goes
    assert errors == [
        f"{path}:{line}:3: error: sources: no source confirms the address https://www.kutseregister.ee/: "
        "add 'confirms: [url]' to the source whose page shows exactly this address (the page itself, or an "
        "official page linking it), or add such a page as a source"
    ]


def test_withdrawn_register_needs_no_confirming_source(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = VALID_REGISTER.replace("    confirms: [url]\n", "").replace("status: active", "status: withdrawn")
    write_register(empty_data, text)
    assert run_validate(empty_data, capsys) == (0, [])


def test_confirming_a_key_the_register_lacks_is_refused(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = VALID_REGISTER.replace("    confirms: [url]\n", "    confirms: [url, search_url]\n")
    write_register(empty_data, text)
    code, errors = run_validate(empty_data, capsys)
    assert code == 1
    assert len(errors) == 1 and "sources[0].confirms[1]: 'search_url' is confirmed but the register has no" in errors[0]


def test_unknown_confirms_key_is_a_schema_error(empty_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_register(empty_data, VALID_REGISTER.replace("confirms: [url]", "confirms: [url, colour]"))
    code, errors = run_validate(empty_data, capsys)
    assert code == 1 and len(errors) == 1 and "sources[0].confirms[1]" in errors[0]


def test_shipped_data_every_active_register_is_confirmed() -> None:
    from registry import load_registry

    result = load_registry(Path(__file__).resolve().parent.parent / "data")
    assert [p.format() for p in result.problems if "no source confirms" in p.message] == []
    unconfirmed = [r.id for r in result.registers if r.data["status"] == "active" and not confirming_sources(r.data)]
    assert unconfirmed == []
