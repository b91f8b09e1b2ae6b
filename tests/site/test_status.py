"""Crawler results: badges, tolerance of missing/extra fields, clear errors for broken files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.errors import BuildError
from builder.status import BLOCKED, UNCHECKED, UNREACHABLE, VERIFIED, load_status

from .conftest import FIXTURE_DATA, make_config


def test_badges_from_the_fixture() -> None:
    status = load_status(FIXTURE_DATA / "status")
    assert status.badge("ee-kutseregister") == (VERIFIED, "2026-02-01T03:02:00Z")
    assert status.badge("pt-ordem-dos-medicos") == (UNREACHABLE, "2026-01-18T03:00:00Z")
    assert status.badge("cz-advokati")[0] == BLOCKED
    assert status.badge("xx-unknown") == (UNCHECKED, "")
    assert status.registers["pt-ordem-dos-medicos"].stale
    assert status.summary is not None and status.summary.counts["ok"] == 2


def test_missing_folder_means_not_checked_yet(tmp_path: Path) -> None:
    status = load_status(tmp_path / "absent")
    assert not status.checked and status.badge("ee-kutseregister") == (UNCHECKED, "")


def test_minimal_and_extra_fields_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(json.dumps({"urls": [{"state": "timeout", "new": 1}], "x": []}))
    status = load_status(tmp_path)
    entry = status.registers["ee-x"].entry
    assert entry is not None and entry.cls == "soft" and entry.field == "url"
    assert status.badge("ee-x")[0] == UNREACHABLE


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object"), ('{"urls": [3]}', "not a crawler result")],
)
def test_malformed_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(content)
    with pytest.raises(BuildError) as caught:
        load_status(tmp_path)
    assert message in caught.value.lines[0] and "ee-x.json" in caught.value.lines[0]


def _site(data: Path, tmp_path: Path):
    from builder.model import LanguageView, Site
    from builder.pipeline import load

    config = make_config(data, tmp_path / "public", languages=("en",))
    site = Site.create(load(config), load_status(data / "status"), config)
    return site, LanguageView(site, "en")


def _edit_status(data: Path, register: str, change) -> None:
    path = next((data / "status").glob(f"*/{register}.json"))
    status = json.loads(path.read_text(encoding="utf-8"))
    change(status)
    path.write_text(json.dumps(status), encoding="utf-8")


def test_a_changed_url_is_not_checked_yet(site_data: Path, tmp_path: Path) -> None:
    """A status belongs to a (register, URL) pair: after the url is corrected, the old verdict is gone."""
    path = site_data / "registers" / "pt" / "pt-ordem-dos-medicos.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("https://ordemdosmedicos.pt/pesquisa-de-medicos/", "https://ordemdosmedicos.pt/novo/"),
                    encoding="utf-8")  # fmt: skip
    site, view = _site(site_data, tmp_path)
    register = site.registry.by_id["pt-ordem-dos-medicos"]
    assert load_status(site_data / "status").badge("pt-ordem-dos-medicos")[0] == UNREACHABLE  # the old URL's
    assert site.status.badge("pt-ordem-dos-medicos") == (UNCHECKED, "")
    assert view.register(register)["badge"] == UNCHECKED
    row = next(r for r in view.status_page("PT")["rows"] if r["id"] == "pt-ordem-dos-medicos")
    assert row["group"] == 4 and row["urls"] == []  # listed as unchecked, not "unreachable since …"
    # Only the edited field loses its history: ee's search_url changes, its entry page keeps "verified".
    path = site_data / "registers" / "ee" / "ee-kutseregister.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("/ctrl/et/Kutsetunnistused/", "/ctrl/et/uus/"),
                    encoding="utf-8")  # fmt: skip
    site, view = _site(site_data, tmp_path)
    assert site.status.badge("ee-kutseregister")[0] == VERIFIED
    assert [u.field for u in site.status.registers["ee-kutseregister"].urls] == ["url"]


def test_a_resolver_timeout_is_soft_on_the_badge_and_the_chart(site_data: Path, tmp_path: Path) -> None:
    """dns_error is hard only for nxdomain (docs/crawler.md); the site follows the contract's table."""

    def resolver_failures(status: dict) -> None:
        entry = status["urls"][0]
        entry.update(state="dns_error", detail="timeout", stale=False, **{"class": "hard"})  # a wrong class is ignored
        entry["history"] = [{"at": "2026-01-25T03:00:00Z", "state": "dns_error", "detail": "timeout"},
                            {"at": "2026-02-01T03:00:00Z", "state": "dns_error", "detail": "nxdomain"}]  # fmt: skip

    _edit_status(site_data, "pt-ordem-dos-medicos", resolver_failures)
    site, view = _site(site_data, tmp_path)
    entry = site.status.registers["pt-ordem-dos-medicos"].entry
    assert entry is not None and entry.cls == "soft"
    assert site.status.badge("pt-ordem-dos-medicos")[0] == UNREACHABLE  # failing, but a temporary failure:
    row = next(r for r in view.status_page("PT")["rows"] if r["id"] == "pt-ordem-dos-medicos")
    assert row["group"] == 1 and row["urls"][0]["cls"] == "soft"  # "failing", not "stale"
    assert [cell["cls"] for cell in row["urls"][0]["chart"]] == ["soft", "hard"]


def test_an_unknown_state_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "ee").mkdir()
    (tmp_path / "ee" / "ee-x.json").write_text(json.dumps({"urls": [{"state": "quantum_error", "class": "ok",
                                                                      "history": [{"state": "quantum_error"}]}]}))
    entry = load_status(tmp_path).registers["ee-x"].entry
    assert entry is not None and entry.cls == "warning" and entry.history[0].cls == "warning"
