"""The prose pages: every placeholder filled, the accessibility contact from the one config value."""

from __future__ import annotations

import re
from pathlib import Path

from builder.config import DEFAULT_CONTACT_EMAIL
from builder.pipeline import build
from registry.languages import SITE_LANGUAGES
from tests.site.conftest import FIXTURE_DATA, make_config

CONTENT = Path(__file__).resolve().parents[2] / "site" / "content"


def test_every_language_has_every_prose_page() -> None:
    for lang in SITE_LANGUAGES:
        for page in ("about", "contribute", "accessibility"):
            assert (CONTENT / lang / f"{page}.md").is_file(), f"{lang}/{page}.md"


def test_placeholders_filled_and_contact_in_every_statement(built_site: Path) -> None:
    for lang in SITE_LANGUAGES:
        for page in ("about", "contribute", "accessibility"):
            html = (built_site / lang / page / "index.html").read_text("utf-8")
            assert not re.search(r"\{[a-z_]+\}", html), f"{lang}/{page}: a placeholder was not filled"
        statement = (built_site / lang / "accessibility" / "index.html").read_text("utf-8")
        assert f'href="mailto:{DEFAULT_CONTACT_EMAIL}"' in statement, lang
        assert 'href="https://www.ombudsman.europa.eu/"' in statement, lang
        assert "2026" in statement, lang  # the preparation and review dates
        about = (built_site / lang / "about" / "index.html").read_text("utf-8")
        for target in ("../status/", "../coverage/", "../../static/registers.schema.json",
                       "../../registers.csv-metadata.json", "https://org-id.guide"):  # fmt: skip
            assert f'href="{target}"' in about, (lang, target)


def test_contact_address_is_one_setting(tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(make_config(FIXTURE_DATA, out, languages=("en", "de"), contact_email="a11y@registers.example"))
    for lang in ("en", "de"):
        statement = (out / lang / "accessibility" / "index.html").read_text("utf-8")
        assert 'href="mailto:a11y@registers.example"' in statement
        assert DEFAULT_CONTACT_EMAIL not in statement
