"""Machine-readable exports: registers.json, registers.csv, catalogue.jsonld (DCAT-AP), sitemaps.

The shapes are documented in docs/site.md and kept stable: every key is always present
(``null`` or ``[]`` when a register has no value), keys only ever get added.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from builder.config import SiteConfig
from builder.model import Site

FORMAT_VERSION = 1
FIELDS = ("id", "status", "replaced_by", "country", "name", "authority", "url", "search_url", "language_urls", "kind",
          "areas", "professions", "information", "search_by", "access", "languages", "data", "check", "reviewed",
          "sources", "notes")  # fmt: skip
LIST_FIELDS = {"areas", "professions", "information", "search_by", "sources", "languages"}
MAP_FIELDS = {"language_urls", "notes", "data", "check"}

# EU Publications Office authority tables (country: ISO 3166-1 alpha-3; language: ISO 639-2/3 as used there).
EU_COUNTRY = {"AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST",
              "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL", "IT": "ITA",
              "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU",
              "SE": "SWE", "SI": "SVN", "SK": "SVK", "IS": "ISL", "LI": "LIE", "NO": "NOR", "CH": "CHE"}  # fmt: skip
EU_LANGUAGE = {"bg": "BUL", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA", "et": "EST",
               "fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA", "lt": "LIT", "lv": "LAV",
               "mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON", "sk": "SLK", "sl": "SLV", "sv": "SWE",
               "is": "ISL", "nb": "NOB", "nn": "NNO", "no": "NOR", "ca": "CAT", "eu": "EUS", "gl": "GLG", "tr": "TUR",
               "lb": "LTZ", "fy": "FRY", "rm": "ROH", "ru": "RUS", "uk": "UKR"}  # fmt: skip
ADMS_STATUS = {"active": "Completed", "deprecated": "Deprecated", "withdrawn": "Withdrawn"}


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


def _texts(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@language": lang, "@value": text} for lang, text in sorted(texts.items())]


def catalogue(site: Site) -> dict[str, Any]:
    """The registers as a DCAT-AP catalogue in the BRegDCAT-AP 3.0 profile (registry of registers).

    Each register is a dcat:Dataset published by a public organisation, with its country and
    interface languages from the EU authority tables, its entry page as landing page, and its
    open data or API as distribution / data service.
    """
    config = site.config
    vocab = site.registry.vocabularies
    graph: list[dict[str, Any]] = []
    catalogue_id = config.absolute("catalogue.jsonld")
    datasets = []
    for register in site.registry.registers:
        d = register.data
        dataset_id = config.absolute(f"en/registers/{register.id}/")
        datasets.append({"@id": dataset_id})
        publisher_id = f"{dataset_id}#publisher"
        notes = d.get("notes") or {}
        description = notes or {
            "en": f"{d['name'].get('en', register.id)}: national online register ({register.country})."
        }
        item: dict[str, Any] = {
            "@id": dataset_id,
            "@type": "dcat:Dataset",
            "dct:identifier": register.id,
            "dct:title": _texts(d["name"]),
            "dct:description": _texts(description),
            "dct:publisher": {"@id": publisher_id},
            "dct:spatial": {"@id": f"http://publications.europa.eu/resource/authority/country/{EU_COUNTRY[register.country]}"},
            "dct:language": [{"@id": f"http://publications.europa.eu/resource/authority/language/{EU_LANGUAGE[code]}"}
                             for code in d["languages"] if code in EU_LANGUAGE],
            "dcat:landingPage": {"@id": d["url"]},
            "dct:type": {"@id": config.absolute(f"vocabularies/kinds#{d['kind']}"),
                         "skos:prefLabel": vocab["kinds"].get(d["kind"]).label("en")},
            "dcat:keyword": [{"@language": "en", "@value": vocab["professions"].get(p).label("en")}
                             for p in d.get("professions") or []],
            "adms:status": {"@id": f"http://purl.org/adms/status/{ADMS_STATUS[d['status']]}"},
            "foaf:page": {"@id": config.absolute(f"en/registers/{register.id}/")},
        }  # fmt: skip
        if d.get("reviewed"):
            item["dct:modified"] = {"@value": d["reviewed"], "@type": "xsd:date"}
        if d.get("replaced_by"):
            item["dct:isReplacedBy"] = {"@id": config.absolute(f"en/registers/{d['replaced_by']}/")}
        distributions = []
        data = d.get("data") or {}
        licence = {"@id": f"https://spdx.org/licenses/{data['licence']}"} if data.get("licence") else None
        for key, title in (("open_data", "Open data"), ("api", "API")):
            if key in data:
                dist: dict[str, Any] = {"@id": f"{dataset_id}#{key}", "@type": "dcat:Distribution",
                                        "dct:title": title, "dcat:accessURL": {"@id": data[key]}}  # fmt: skip
                if key == "api":
                    dist["dcat:accessService"] = {
                        "@id": f"{dataset_id}#api-service",
                        "@type": "dcat:DataService",
                        "dct:title": title,
                        "dcat:endpointURL": {"@id": data[key]},
                    }
                if licence:
                    dist["dct:license"] = licence
                distributions.append(dist)
        if d.get("search_url"):
            distributions.append({"@id": f"{dataset_id}#search", "@type": "dcat:Distribution",
                                  "dct:title": "Search form", "dcat:accessURL": {"@id": d["search_url"]}})  # fmt: skip
        if distributions:
            item["dcat:distribution"] = distributions
        graph.append(item)
        publisher: dict[str, Any] = {
            "@id": publisher_id,
            "@type": ["foaf:Agent", "cv:PublicOrganisation"],
            "foaf:name": _texts(d["authority"]["name"]),
            "dct:spatial": item["dct:spatial"],
        }
        if d["authority"].get("url"):
            publisher["foaf:homepage"] = {"@id": d["authority"]["url"]}
        graph.append(publisher)
    graph.insert(0, {
        "@id": catalogue_id,
        "@type": "dcat:Catalog",
        "dct:title": {"@language": "en", "@value": "Open Registers Directory"},
        "dct:description": {"@language": "en",
                            "@value": "National online registers of the EU/EEA countries and Switzerland."},
        "dct:publisher": {"@id": f"{catalogue_id}#publisher"},
        "foaf:homepage": {"@id": config.absolute("")},
        "dct:language": [{"@id": f"http://publications.europa.eu/resource/authority/language/{EU_LANGUAGE[code]}"}
                         for code in config.languages],
        "dct:conformsTo": {"@id": "https://semiceu.github.io/BRegDCAT-AP/releases/3.0.0/"},
        "dcat:dataset": datasets,
    })  # fmt: skip
    graph.insert(1, {"@id": f"{catalogue_id}#publisher", "@type": "foaf:Agent",
                     "foaf:name": "Open Registers Directory", "foaf:homepage": {"@id": config.repository}})  # fmt: skip
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "adms": "http://www.w3.org/ns/adms#",
            "cv": "http://data.europa.eu/m8g/",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    }


def write_catalogue(site: Site, out: Path) -> None:
    text = json.dumps(catalogue(site), ensure_ascii=False, indent=1)
    (out / "catalogue.jsonld").write_text(text + "\n", encoding="utf-8")


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def write_sitemaps(config: SiteConfig, paths: list[str], out: Path) -> None:
    """sitemap.xml (an index) → sitemap-<lang>.xml, each URL with its hreflang alternates."""
    index = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for language in config.languages:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
        for path in paths:
            lines.append(f"<url><loc>{_esc(config.absolute(f'{language}/{path}'))}</loc>")
            for other in config.languages:
                href = quoteattr(config.absolute(f"{other}/{path}"))
                lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href={href}/>')
            href = quoteattr(config.absolute(f"en/{path}"))
            lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href={href}/></url>')
        lines.append("</urlset>")
        (out / f"sitemap-{language}.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        index.append(f"<sitemap><loc>{_esc(config.absolute(f'sitemap-{language}.xml'))}</loc></sitemap>")
    index.append("</sitemapindex>")
    (out / "sitemap.xml").write_text("\n".join(index) + "\n", encoding="utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
