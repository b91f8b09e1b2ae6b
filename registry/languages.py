"""The languages and countries the directory is about."""

from __future__ import annotations

# The 24 official EU languages plus Icelandic and Norwegian (Bokmål), in the site's order.
SITE_LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu",
    "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "nb",
)  # fmt: skip

# The language menu's order: the EU's protocol order (languages by their own names, as on the EU's
# own sites: български, español, čeština …), then the EEA languages Icelandic and Norwegian.
PROTOCOL_ORDER: tuple[str, ...] = (
    "bg", "es", "cs", "da", "de", "et", "el", "en", "fr", "ga", "hr", "it", "lv", "lt", "hu",
    "mt", "nl", "pl", "pt", "ro", "sk", "sl", "fi", "sv", "is", "nb",
)  # fmt: skip

# Other names readers type for a country (searched, never shown): former or long names and the
# adjectives that are not the name of the country's language ("Austrian", "schweizerisch").
COUNTRY_ALT_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "AT"): ("Austrian",), ("en", "BE"): ("Belgian",), ("en", "CH"): ("Swiss", "Switzerland"),
    ("en", "CY"): ("Cypriot",), ("en", "CZ"): ("Czech Republic",), ("en", "IE"): ("Irish", "Eire"),
    ("en", "NL"): ("Holland", "Dutch"), ("en", "LU"): ("Luxembourgish",), ("en", "MT"): ("Maltese",),
    ("de", "AT"): ("österreichisch", "österreichische"), ("de", "BE"): ("belgisch",),
    ("de", "CH"): ("schweizerisch", "Schweizer"), ("de", "CZ"): ("Tschechische Republik",),
    ("de", "NL"): ("Holland",), ("de", "LU"): ("luxemburgisch",), ("de", "IE"): ("irisch",),
    ("fr", "AT"): ("autrichien",), ("fr", "BE"): ("belge",), ("fr", "CH"): ("suisse",),
    ("fr", "CZ"): ("République tchèque",), ("fr", "NL"): ("Hollande",), ("fr", "LU"): ("luxembourgeois",),
    ("it", "CZ"): ("Repubblica Ceca",), ("it", "AT"): ("austriaco",), ("it", "CH"): ("svizzero",),
    ("es", "CZ"): ("República Checa",), ("es", "NL"): ("Holanda",), ("es", "AT"): ("austriaco",),
    ("pt", "CZ"): ("República Checa",), ("pt", "NL"): ("Holanda",), ("pl", "CZ"): ("Republika Czeska",),
    ("pl", "AT"): ("austriacki",), ("pl", "DE"): ("niemiecki",), ("nl", "AT"): ("Oostenrijks",),
    ("nl", "CZ"): ("Tsjechische Republiek",), ("nl", "NL"): ("Holland",), ("sv", "AT"): ("österrikisk",),
    ("mt", "CZ"): ("ir-Repubblika Ċeka", "Repubblika Ċeka"), ("ga", "IE"): ("Éirinn",),
    ("cs", "AT"): ("rakouský",), ("cs", "DE"): ("německý",), ("cs", "SK"): ("slovenský",),
    ("sk", "CZ"): ("Česká republika",), ("hu", "AT"): ("osztrák",), ("hu", "DE"): ("német",),
}  # fmt: skip
