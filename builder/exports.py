"""Machine-readable exports: registers.json, registers.csv, sitemaps; the catalogue is builder.catalogue.

The shapes are documented in docs/site.md and kept stable: every key is always present
(``null`` or ``[]`` when a register has no value), keys only ever get added.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from builder import catalogue
from builder.config import SiteConfig
from builder.model import Site

FORMAT_VERSION = 1
SCHEMA_FILE = "registers.schema.json"  # site/static/: the JSON Schema of registers.json
FIELDS = ("id", "status", "replaced_by", "country", "name", "authority", "url", "search_url", "language_urls", "kind",
          "areas", "professions", "information", "search_by", "access", "languages", "data", "check", "reviewed",
          "sources", "notes")  # fmt: skip
LIST_FIELDS = {"areas", "professions", "information", "search_by", "sources", "languages"}
MAP_FIELDS = {"language_urls", "notes", "data", "check"}


def register_record(site: Site, register) -> dict[str, Any]:
    """One register in the stable export shape."""
    data = register.data
    record: dict[str, Any] = {}
    for key in FIELDS:
        value = data.get(key)
        if value is None:
            value = [] if key in LIST_FIELDS else None
        record[key] = value
    kind, date = site.status.badge(register.id)
    record["source_file"] = f"data/{register.relative_path}"
    record["page"] = f"registers/{register.id}/"
    record["link_status"] = {"badge": kind, "date": date or None}
    return record


def write_json(site: Site, out: Path) -> None:
    document = {
        "format": "open-registers-directory/registers",
        "version": FORMAT_VERSION,
        "$schema": site.config.absolute(f"static/{SCHEMA_FILE}"),
        "licence": {"name": catalogue.LICENCE_NAME, "url": catalogue.LICENCE_URL},
        "attribution": catalogue.ATTRIBUTION,
        "languages": list(site.config.languages),
        "count": len(site.registry.registers),
        "registers": [register_record(site, r) for r in site.registry.registers],
    }
    (out / "registers.json").write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


CSV_COLUMNS = ("id", "status", "replaced_by", "country", "name_en", "name_native", "name_native_language",
               "authority_en", "authority_native", "authority_url", "url", "search_url", "kind", "areas",
               "professions", "information", "search_by", "cost", "login", "captcha", "languages", "api",
               "open_data", "licence", "reviewed", "link_status", "link_status_date", "source_file")  # fmt: skip


# OWASP, "CSV Injection": a cell starting with one of these is read as a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a ``'`` before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(site: Site, out: Path) -> None:
    """One row per register; lists joined with "; "; UTF-8 with BOM so spreadsheets read accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for register in site.registry.registers:
        d = register.data
        official = site.official_languages.get(register.country, [])
        native_lang = next((lang for lang in official if lang in d["name"]), "")
        authority = d["authority"]["name"]
        kind, date = site.status.badge(register.id)
        writer.writerow(map(defuse_cell,
            [register.id, d["status"], d.get("replaced_by", ""), register.country, d["name"].get("en", ""),
             d["name"].get(native_lang, ""), native_lang, authority.get("en", ""), authority.get(native_lang, ""),
             d["authority"].get("url", ""), d["url"], d.get("search_url", ""), d["kind"],
             "; ".join(d.get("areas") or []), "; ".join(d.get("professions") or []),
             "; ".join(d.get("information") or []), "; ".join(d.get("search_by") or []), d["access"]["cost"],
             d["access"]["login"], str(d["access"]["captcha"]).lower(), "; ".join(d["languages"]),
             (d.get("data") or {}).get("api", ""), (d.get("data") or {}).get("open_data", ""),
             (d.get("data") or {}).get("licence", ""), d.get("reviewed", ""), kind, date,
             f"data/{register.relative_path}"]
        ))  # fmt: skip
    (out / "registers.csv").write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")


def write_catalogue(site: Site, out: Path) -> None:
    """catalogue.jsonld and .ttl, the SKOS vocabularies and the CSVW metadata (builder.catalogue)."""
    catalogue.write(site, out, CSV_COLUMNS)


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemaps(config: SiteConfig, paths: list[str], out: Path) -> None:
    """sitemap.xml (an index) → sitemap-<lang>.xml, one ``<loc>`` per page.

    The hreflang alternates are on the pages themselves (``<link rel="alternate">``); search
    engines read either, and repeating the 27 alternates of every URL here cost 26 × 27 links per
    page, about 75 KB per register: the largest part of the site after the register pages.
    """
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for language in config.languages:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
        lines.extend(f"<url><loc>{_esc(config.absolute(f'{language}/{path}'))}</loc></url>" for path in paths)
        lines.append("</urlset>")
        (out / f"sitemap-{language}.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        index.append(f"<sitemap><loc>{_esc(config.absolute(f'sitemap-{language}.xml'))}</loc></sitemap>")
    index.append("</sitemapindex>")
    (out / "sitemap.xml").write_text("\n".join(index) + "\n", encoding="utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
