"""`serve`: an edit rebuilds only what it touches, an invalid edit keeps the site, pages reload themselves."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from builder.config import SITE_DIR
from builder.serve import RELOAD_PATH, LiveSite, Version, make_server

from .conftest import make_config

REGISTER = Path("registers/ee/ee-kutseregister.yml")


def read(out: Path, page: str) -> str:
    return (out / page).read_text(encoding="utf-8")


@pytest.fixture
def live(site_data: Path, tmp_path: Path) -> LiveSite:
    site = tmp_path / "site"  # a copy: the tests edit templates
    shutil.copytree(SITE_DIR, site)
    config = make_config(site_data, tmp_path / "public", languages=("en", "et"), site_dir=site)
    logged: list[str] = []
    live = LiveSite(config, log=logged.append)
    live.logged = logged  # type: ignore[attr-defined]
    assert live.full_build(quiet=True) == 0
    return live


def wait_for_exports(live: LiveSite) -> None:
    seen = live.indexed.value
    deadline = time.monotonic() + 30
    while live.indexed.value == seen and time.monotonic() < deadline:
        live.indexed.wait(seen, timeout=1)


def test_a_register_edit_rerenders_its_pages_and_the_pages_that_show_it(live: LiveSite) -> None:
    out, data = live.config.out_dir, live.config.data_dir
    untouched = out / "en" / "registers" / "cz-advokati" / "index.html"
    before = untouched.stat().st_mtime_ns
    path = data / REGISTER
    path.write_text(path.read_text("utf-8").replace("en: Register of Occupational Qualifications",
                                                    "en: Register of Edited Qualifications"), "utf-8")  # fmt: skip
    version = live.version.value
    done = live.apply([path])
    assert "ee-kutseregister" in done, done
    assert live.version.value > version  # the browser reloads
    for page in ("en/registers/ee-kutseregister/index.html", "en/countries/ee/index.html",
                 "en/professions/architect/index.html", "en/status/ee/index.html"):  # fmt: skip
        assert "Register of Edited Qualifications" in read(out, page), page
    assert untouched.stat().st_mtime_ns == before  # a register that did not change is not rendered again
    wait_for_exports(live)
    assert "Register of Edited Qualifications" in read(out, "registers.json")


def test_an_invalid_edit_keeps_the_last_good_site_and_says_where(live: LiveSite, capsys) -> None:
    out, data = live.config.out_dir, live.config.data_dir
    page = read(out, "en/registers/ee-kutseregister/index.html")
    path = data / REGISTER
    path.write_text(path.read_text("utf-8").replace("kind: professional", "kind: no-such-kind"), "utf-8")
    version = live.version.value
    assert live.apply([path]) == ""
    assert read(out, "en/registers/ee-kutseregister/index.html") == page
    assert live.version.value == version
    err = capsys.readouterr().err
    assert "ee-kutseregister.yml:17:" in err and "kind" in err, err
    # fixed again: rebuilt
    path.write_text(path.read_text("utf-8").replace("kind: no-such-kind", "kind: professional"), "utf-8")
    assert "ee-kutseregister" in live.apply([path])


def test_a_template_edit_rerenders_the_pages_made_from_it(live: LiveSite) -> None:
    out = live.config.out_dir
    country = out / "en" / "countries" / "ee" / "index.html"
    before = country.stat().st_mtime_ns
    template = live.config.site_dir / "templates" / "status.html"
    template.write_text(template.read_text("utf-8").replace("{% block main %}", "{% block main %}<p>edited</p>"))
    done = live.apply([template])
    assert "status.html" in done, done
    for page in ("et/status/index.html", "en/status/ee/index.html"):
        assert "<p>edited</p>" in read(out, page), page
    assert country.stat().st_mtime_ns == before


def test_a_deleted_register_or_a_vocabulary_change_rebuilds_everything(live: LiveSite) -> None:
    data, out = live.config.data_dir, live.config.out_dir
    (data / REGISTER).unlink()
    assert live.apply([data / REGISTER]) == "full build"
    assert not (out / "en" / "registers" / "ee-kutseregister").exists()


def test_the_search_index_is_refreshed_after_the_pages(site_data: Path, tmp_path: Path) -> None:
    config = make_config(site_data, tmp_path / "public", languages=("et",), run_pagefind=True)
    live = LiveSite(config, log=lambda line: None)
    assert live.full_build(quiet=True) == 0  # the pages first; the index follows in the background
    entry = config.out_dir / "et" / "pagefind" / "pagefind-entry.json"
    live.indexed.wait(0, timeout=60)
    assert live.indexed.value >= 1 and entry.is_file()
    before = entry.stat().st_ino
    path = site_data / REGISTER
    path.write_text(path.read_text("utf-8").replace("et: Kutseregister", "et: Muudetud kutseregister"), "utf-8")
    seen = live.indexed.value
    live.apply([path])
    live.indexed.wait(seen, timeout=60)
    assert live.indexed.value > seen
    assert entry.stat().st_ino != before  # a new bundle was swapped in
    assert not (config.out_dir / "et" / ".pagefind-next").exists()


def test_serve_injects_the_reload_script_into_pages_it_sends_only(built_site: Path) -> None:
    version = Version()
    server = make_server(built_site, "127.0.0.1", 0, version=version)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/en/") as response:
            html = response.read().decode()
        assert f'<script src="{RELOAD_PATH}"></script></body>' in html
        assert RELOAD_PATH not in read(built_site, "en/index.html")  # never in the built files
        with urllib.request.urlopen(f"{base}{RELOAD_PATH}") as response:
            assert b"location.reload()" in response.read()
        threading.Timer(0.2, version.bump).start()
        started = time.monotonic()
        with urllib.request.urlopen(f"{base}/__serve/wait?v=0", timeout=10) as response:
            assert response.read() == b"1"
        assert 0.1 < time.monotonic() - started < 5  # answered when the site changed, not before
        with urllib.request.urlopen(f"{base}/static/style.css") as response:
            assert RELOAD_PATH.encode() not in response.read()
    finally:
        server.shutdown()
    plain = make_server(built_site, "127.0.0.1", 0)  # build.py serve --no-watch, the browser tests
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{plain.server_address[1]}/en/") as response:
            assert RELOAD_PATH not in response.read().decode()
    finally:
        plain.shutdown()


def test_the_language_being_viewed_is_reindexed_first() -> None:
    from builder.serve import Viewed

    viewed = Viewed()
    for path in ("/de/registers/x/", "/static/style.css", "/et/", "/de/countries/"):
        viewed.note(path)
    assert viewed.order(["bg", "de", "en", "et", "pt"]) == ["de", "et", "bg", "en", "pt"]
