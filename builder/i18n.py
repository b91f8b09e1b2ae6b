"""Translations and locale data for the 26 site languages.

UI strings come from gettext catalogues (site/locales/<lang>/LC_MESSAGES/messages.po), compiled
in memory at build time with Babel so no .mo file is committed. Country names, language names
and dates come from CLDR through Babel, so they are correct without any translator.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from builder.config import BABEL_LOCALES
from builder.errors import BuildError


def load_translations(locales_dir: Path, language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``; English (the msgids) when there is none.

    Untranslated and fuzzy entries fall back to English, which the translation test forbids
    in the shipped catalogues but which keeps a half-translated build usable.
    """
    path = locales_dir / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return gettext.NullTranslations()
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALES.get(language, language), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as exc:
        raise BuildError(f"{path}: error: cannot read the translation catalogue: {exc}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


# Where the EU's Interinstitutional Style Guide uses another short name than CLDR.
COUNTRY_OVERRIDES: dict[tuple[str, str], str] = {
    ("mt", "CZ"): "iċ-Ċekja",
}


@dataclass(frozen=True)
class LocaleData:
    """CLDR names and formats for one site language."""

    language: str

    @property
    def babel(self) -> Locale:
        return _babel_locale(self.language)

    def country(self, code: str) -> str:
        """The country's short name; Maltese and Irish names start with a capital even after an article
        ("Il-Belġju", "An Bheilg"), as they head list items, table cells and headings."""
        code = code.upper()
        name = COUNTRY_OVERRIDES.get((self.language, code)) or self.babel.territories.get(code, code)
        if self.language in ("mt", "ga"):
            name = name[:1].upper() + name[1:]
        return name

    def language_name(self, code: str) -> str:
        """A language's name in this site language (``nb`` → "Norwegian Bokmål" in English)."""
        return self.babel.languages.get(code) or code

    def date(self, value: dt.date | str | None) -> str:
        if value is None:
            return ""
        return _format_date(self.language, value if isinstance(value, str) else value.isoformat())

    def __hash__(self) -> int:
        return hash(self.language)


@lru_cache(maxsize=8192)
def _format_date(language: str, value: str) -> str:
    parsed = parse_date(value)
    return format_date(parsed, format="long", locale=_babel_locale(language)) if parsed else ""


@lru_cache(maxsize=64)
def _babel_locale(language: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(language, language))


@lru_cache(maxsize=64)
def native_name(language: str) -> str:
    """A language named in itself, capitalised as in a language menu ("Português", "Eesti")."""
    name = _babel_locale(language).languages.get(language, language)
    return name[:1].upper() + name[1:]


def parse_date(value: str) -> dt.date | None:
    """A date from "YYYY-MM-DD" or an ISO timestamp; None when it is neither."""
    try:
        return dt.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None
