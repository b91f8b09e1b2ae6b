"""The languages and countries the directory is about."""

from __future__ import annotations

# The 24 official EU languages plus Icelandic and Norwegian (Bokmål), in the site's order.
SITE_LANGUAGES: tuple[str, ...] = (
    "bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu",
    "it", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv", "is", "nb",
)  # fmt: skip
