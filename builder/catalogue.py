"""The site's linked-data description: a DCAT-AP 3.0.1 catalogue and three SKOS vocabularies.

Written by the export stage (``builder.exports.write_catalogue``):

- ``catalogue.jsonld`` and its Turtle twin ``catalogue.ttl``: a ``dcat:Catalog`` whose datasets
  are the registers. It passes the DCAT-AP 3.0.1 mandatory and range shapes (tests/dcat/):
  every value whose class the profile fixes is typed in the graph itself (landing pages and pages
  ``foaf:Document``, licences ``dct:LicenseDocument``, countries ``dct:Location`` and languages
  ``dct:LinguisticSystem`` as concepts of the EU authority tables, kinds, professions and areas
  ``skos:Concept``); ``adms:status`` is used only on distributions, the one place DCAT-AP 3 gives
  a dataset's parts a status; descriptions are plain text.
- ``vocabularies/<name>/`` (an HTML page), ``vocabularies/<name>.jsonld`` and ``.ttl``: the
  kinds, professions and areas as SKOS concept schemes. The scheme's IRI is
  ``<base>vocabularies/<name>/`` and a term's is ``<base>vocabularies/<name>/#<id>``: both are
  served by the built page, so no IRI the catalogue uses under the site's address is a dead link.
- ``registers.csv-metadata.json``: the CSV on the Web (CSVW) description of ``registers.csv``,
  found by CSVW processors beside the CSV by its name, with the licence and the attribution.

IRIs under the site are absolute with ``--base-url`` and root-relative without (as in the
sitemaps). The Turtle is written here (``turtle``), so the build needs no RDF library; the tests
check with rdflib that both files hold the same graph.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale

from builder.markdown_safe import render_markdown
from builder.model import Site

LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
LICENCE_NAME = "Open Database License (ODbL) v1.0"
ATTRIBUTION = (
    "Open Registers Directory contributors and org-id.guide. This database contains information from the "
    "org-id.guide register (https://org-id.guide), made available under the Open Database License (ODbL) v1.0; "
    "share any adapted database under the ODbL."
)
DCAT_AP = "https://semiceu.github.io/DCAT-AP/releases/3.0.1/"
AUTHORITY = "http://publications.europa.eu/resource/authority/"

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
# A register's status → the EU "distribution status" table, the value DCAT-AP 3 expects for adms:status.
DISTRIBUTION_STATUS = {"active": "COMPLETED", "deprecated": "DEPRECATED", "withdrawn": "WITHDRAWN"}

AUTHORITY_TABLES = {"country": "Countries and territories", "language": "Languages",
                    "distribution-status": "Distribution status"}  # fmt: skip
ENGLISH = Locale("en")  # country and language names (CLDR) for the authority-table concepts

# The vocabularies published as concept schemes: name → (register key, English title).
SCHEMES = {
    "kinds": ("kind", "Kinds of register"),
    "professions": ("professions", "Professions"),
    "areas": ("areas", "Areas of EU law"),
}

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "cv": "http://data.europa.eu/m8g/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def write(site: Site, out: Path, csv_columns: tuple[str, ...]) -> None:
    """Every file this module makes, into the build folder ``out``."""
    document = catalogue(site)
    _write_json(out / "catalogue.jsonld", document)
    (out / "catalogue.ttl").write_text(turtle(document), encoding="utf-8")
    _write_json(out / "registers.csv-metadata.json", csv_metadata(site, csv_columns))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(site.config.site_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    folder = out / "vocabularies"
    for name in SCHEMES:
        scheme = concept_scheme(site, name)
        (folder / name).mkdir(parents=True, exist_ok=True)
        _write_json(folder / f"{name}.jsonld", scheme)
        (folder / f"{name}.ttl").write_text(turtle(scheme), encoding="utf-8")
        page = env.get_template("vocabulary.html").render(_scheme_page(site, name))
        (folder / name / "index.html").write_text(page, encoding="utf-8")


def _write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- IRIs ---------------------------------------------------------------------------------------------------------


def page_language(site: Site) -> str:
    """The language of the pages the catalogue points to: English when it is built."""
    languages = site.config.languages
    return "en" if "en" in languages else languages[0]


def scheme_iri(site: Site, name: str) -> str:
    return site.config.absolute(f"vocabularies/{name}/")


def concept_iri(site: Site, name: str, term_id: str) -> str:
    return f"{scheme_iri(site, name)}#{term_id}"


def external(url: str) -> str:
    """A URL from the data as an IRI: the few characters an IRI may not hold, percent-encoded."""
    return "".join(f"%{ord(c):02X}" if c in ' <>"{}|^`\\' else c for c in url)


def _texts(texts: dict[str, str]) -> list[dict[str, str]]:
    return [{"@language": lang, "@value": text} for lang, text in sorted(texts.items()) if text]


# --- plain text ---------------------------------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    """The text of sanitised HTML; ``BREAK`` where a block starts or ends."""

    BREAK = "\x00"
    BLOCKS = frozenset(("p", "li", "br", "tr", "h2", "h3", "h4", "pre", "blockquote", "dt", "dd", "hr"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str | None, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append(self.BREAK)
        if tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and href not in (text, f"mailto:{text}"):
                self.parts.append(f" ({href})")
        elif tag in self.BLOCKS:
            self.parts.append(self.BREAK)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markdown: str) -> str:
    """Markdown as plain text: the words without markup, one line per paragraph or list item, a
    link's address in brackets after its text."""
    parser = _TextOnly()
    parser.feed(render_markdown(markdown))
    parser.close()
    blocks = (" ".join(block.split()) for block in "".join(parser.parts).split(_TextOnly.BREAK))
    return "\n".join(block for block in blocks if block)


# --- the catalogue ------------------------------------------------------------------------------------------------


def catalogue(site: Site) -> dict[str, Any]:
    """The registers as a DCAT-AP 3.0.1 catalogue (a registry of registers, in BRegDCAT-AP's manner).

    Each register is a dcat:Dataset published by a public organisation, with its country and
    interface languages from the EU authority tables, its entry page as landing page, its kind as
    dct:type and its areas and professions as themes, and its search form, open data or API as
    distributions (an API through a dcat:DataService).
    """
    config = site.config
    vocab = site.registry.vocabularies
    lang = page_language(site)
    catalogue_id = config.absolute("catalogue.jsonld")
    graph: list[dict[str, Any]] = []
    typed: dict[str, dict[str, Any]] = {}  # values whose class DCAT-AP fixes, typed once each

    def document(url: str) -> dict[str, str]:
        typed.setdefault(url, {"@id": url, "@type": "foaf:Document"})
        return {"@id": url}

    def authority(table: str, code: str, cls: str, label: str) -> dict[str, str]:
        iri = f"{AUTHORITY}{table}/{code}"
        scheme = f"{AUTHORITY}{table}"
        classes = [cls, "skos:Concept"] if cls != "skos:Concept" else cls
        typed.setdefault(iri, {"@id": iri, "@type": classes, "skos:inScheme": {"@id": scheme},
                               "skos:prefLabel": {"@language": "en", "@value": label}})  # fmt: skip
        typed.setdefault(scheme, {"@id": scheme, "@type": "skos:ConceptScheme",
                                  "dct:title": {"@language": "en", "@value": AUTHORITY_TABLES[table]}})  # fmt: skip
        return {"@id": iri}

    def country(code: str) -> dict[str, str]:
        return authority("country", EU_COUNTRY[code], "dct:Location", ENGLISH.territories.get(code, code))

    def language(code: str) -> dict[str, str]:
        name = ENGLISH.languages.get({"nb": "nb", "no": "no"}.get(code, code), code)
        return authority("language", EU_LANGUAGE[code], "dct:LinguisticSystem", name)

    def concept(name: str, term_id: str) -> dict[str, str]:
        iri = concept_iri(site, name, term_id)
        term = vocab[name].get(term_id)
        label = {"@language": "en", "@value": term.label("en") if term else term_id}
        typed.setdefault(iri, {"@id": iri, "@type": "skos:Concept", "skos:inScheme": {"@id": scheme_iri(site, name)},
                               "skos:prefLabel": label})  # fmt: skip
        return {"@id": iri}

    def licence(url: str, title: str | None = None) -> dict[str, str]:
        node: dict[str, Any] = {"@id": url, "@type": "dct:LicenseDocument"}
        if title:
            node["dct:title"] = {"@language": "en", "@value": title}
        typed.setdefault(url, node)
        return {"@id": url}

    datasets = []
    for register in site.registry.registers:
        d = register.data
        page = config.absolute(f"{lang}/registers/{register.id}/")
        dataset_id = f"{page}#dataset"
        datasets.append({"@id": dataset_id})
        publisher_id = f"{page}#publisher"
        notes = {language: plain_text(text) for language, text in (d.get("notes") or {}).items()}
        description = {k: v for k, v in notes.items() if v} or {
            "en": f"{d['name'].get('en', register.id)}: national online register ({register.country})."
        }
        spatial = country(register.country)
        item: dict[str, Any] = {
            "@id": dataset_id,
            "@type": "dcat:Dataset",
            "dct:identifier": register.id,
            "dct:title": _texts(d["name"]),
            "dct:description": _texts(description),
            "dct:publisher": {"@id": publisher_id},
            "dct:spatial": spatial,
            "dct:language": [language(code) for code in d["languages"] if code in EU_LANGUAGE],
            "dcat:landingPage": document(external(d["url"])),
            "dct:type": concept("kinds", d["kind"]),
            "foaf:page": document(page),
        }  # fmt: skip
        themes = [concept("areas", a) for a in d.get("areas") or []]
        themes += [concept("professions", p) for p in d.get("professions") or []]
        if themes:
            item["dcat:theme"] = themes
        if d.get("professions"):
            item["dcat:keyword"] = [{"@language": "en", "@value": vocab["professions"].get(p).label("en")}
                                    for p in d["professions"]]  # fmt: skip
        if d.get("reviewed"):
            item["dct:modified"] = {"@value": d["reviewed"], "@type": "xsd:date"}
        if d.get("replaced_by"):
            item["dct:isReplacedBy"] = {"@id": config.absolute(f"{lang}/registers/{d['replaced_by']}/") + "#dataset"}
        code = DISTRIBUTION_STATUS[d["status"]]
        status = authority("distribution-status", code, "skos:Concept", code.capitalize())
        distributions = []
        data = d.get("data") or {}
        data_licence = licence(f"https://spdx.org/licenses/{data['licence']}") if data.get("licence") else None
        for key, title in (("open_data", "Open data"), ("api", "API")):
            if key in data:
                dist: dict[str, Any] = {"@id": f"{page}#{key}", "@type": "dcat:Distribution",
                                        "dct:title": {"@language": "en", "@value": title},
                                        "dcat:accessURL": {"@id": external(data[key])},
                                        "adms:status": status}  # fmt: skip
                if key == "api":
                    dist["dcat:accessService"] = {
                        "@id": f"{page}#api-service",
                        "@type": "dcat:DataService",
                        "dct:title": {"@language": "en", "@value": title},
                        "dcat:endpointURL": {"@id": external(data[key])},
                    }
                if data_licence:
                    dist["dct:license"] = data_licence
                distributions.append(dist)
        # Every register can be searched on the web: its search form (or entry page) carries its status.
        distributions.append({"@id": f"{page}#search", "@type": "dcat:Distribution",
                              "dct:title": {"@language": "en", "@value": "Search form"},
                              "dcat:accessURL": {"@id": external(d.get("search_url") or d["url"])},
                              "adms:status": status})  # fmt: skip
        item["dcat:distribution"] = distributions
        graph.append(item)
        publisher: dict[str, Any] = {
            "@id": publisher_id,
            "@type": ["foaf:Agent", "cv:PublicOrganisation"],
            "foaf:name": _texts(d["authority"]["name"]),
            "dct:spatial": spatial,
        }
        if d["authority"].get("url"):
            publisher["foaf:homepage"] = document(external(d["authority"]["url"]))
        graph.append(publisher)
    head = [
        {
            "@id": catalogue_id,
            "@type": "dcat:Catalog",
            "dct:title": {"@language": "en", "@value": "Open Registers Directory"},
            "dct:description": {"@language": "en",
                                "@value": "National online registers of the EU/EEA countries and Switzerland."},
            "dct:publisher": {"@id": f"{catalogue_id}#publisher"},
            "foaf:homepage": document(config.absolute("")),
            "dct:language": [language(code) for code in config.languages if code in EU_LANGUAGE],
            "dct:license": licence(LICENCE_URL, LICENCE_NAME),
            "dct:rights": {"@id": f"{catalogue_id}#rights"},
            "dct:conformsTo": {"@id": DCAT_AP},
            "dcat:themeTaxonomy": [{"@id": scheme_iri(site, name)} for name in SCHEMES],
            "dcat:dataset": datasets,
        },
        {"@id": f"{catalogue_id}#publisher", "@type": "foaf:Agent", "foaf:name": "Open Registers Directory",
         "foaf:homepage": document(external(config.repository))},
        {"@id": f"{catalogue_id}#rights", "@type": "dct:RightsStatement",
         "rdfs:label": {"@language": "en", "@value": f"Attribution: {ATTRIBUTION}"}},
        {"@id": DCAT_AP, "@type": "dct:Standard", "dct:title": "DCAT-AP 3.0.1"},
        *({"@id": scheme_iri(site, name), "@type": "skos:ConceptScheme",
           "dct:title": {"@language": "en", "@value": title}} for name, (_key, title) in SCHEMES.items()),
    ]  # fmt: skip
    return {"@context": CONTEXT, "@graph": [*head, *graph, *typed.values()]}


# --- the vocabularies ---------------------------------------------------------------------------------------------


def concept_scheme(site: Site, name: str) -> dict[str, Any]:
    """One vocabulary as a SKOS concept scheme, with every label, alternative label and description."""
    config = site.config
    scheme = scheme_iri(site, name)
    terms = site.registry.vocabularies[name].terms
    key, title = SCHEMES[name]
    graph: list[dict[str, Any]] = [{
        "@id": scheme,
        "@type": "skos:ConceptScheme",
        "dct:title": {"@language": "en", "@value": title},
        "skos:hasTopConcept": [{"@id": concept_iri(site, name, t.id)} for t in terms],
        "dct:license": {"@id": LICENCE_URL},
        "dct:rights": {"@language": "en", "@value": f"Attribution: {ATTRIBUTION}"},
        "foaf:homepage": {"@id": scheme},
    }]  # fmt: skip
    for term in terms:
        node: dict[str, Any] = {
            "@id": concept_iri(site, name, term.id),
            "@type": "skos:Concept",
            "skos:inScheme": {"@id": scheme},
            "skos:topConceptOf": {"@id": scheme},
            "skos:notation": term.id,
            "skos:prefLabel": _texts(term.labels),
        }
        alternatives = [{"@language": lang, "@value": word} for lang, words in sorted(term.alt.items())
                        for word in words]  # fmt: skip
        if alternatives:
            node["skos:altLabel"] = alternatives
        if term.description:
            node["skos:definition"] = _texts(term.description)
        if name != "kinds":  # professions and areas have a page per term in every language
            node["foaf:page"] = [{"@id": config.absolute(f"{lang}/{key}/{term.id}/")} for lang in config.languages]
        graph.append(node)
    return {"@context": CONTEXT, "@graph": graph}


def _scheme_page(site: Site, name: str) -> dict[str, Any]:
    config = site.config
    key, title = SCHEMES[name]
    terms = []
    for term in site.registry.vocabularies[name].terms:
        labels = [(lang, term.labels[lang]) for lang in config.languages if term.labels.get(lang)]
        pages = [(lang, f"../../{lang}/{key}/{term.id}/") for lang in config.languages] if name != "kinds" else []
        terms.append({"id": term.id, "label": term.label("en"), "description": term.description.get("en", ""),
                      "labels": labels, "pages": pages})  # fmt: skip
    return {"title": title, "name": name, "iri": scheme_iri(site, name), "terms": terms,
            "licence_url": LICENCE_URL, "licence": LICENCE_NAME, "attribution": ATTRIBUTION}  # fmt: skip


# --- CSV on the Web ---------------------------------------------------------------------------------------------

CSV_COLUMN_TITLES = {
    "id": "the register's id (also its page: registers/<id>/)",
    "status": "active, deprecated or withdrawn",
    "replaced_by": "the id of the register that replaces it",
    "country": "ISO 3166-1 alpha-2 code",
    "name_en": "name in English",
    "name_native": "name in the first official language of the country that the file gives",
    "name_native_language": "the language of name_native and authority_native (ISO 639-1)",
    "authority_en": "keeping authority, in English",
    "authority_native": "keeping authority, in the language of name_native",
    "authority_url": "the authority's website",
    "url": "the register's entry page",
    "search_url": "the search form, when it is not the entry page",
    "kind": "kind of register (vocabularies/kinds/)",
    "areas": "areas of EU law (vocabularies/areas/), separated by '; '",
    "professions": "professions (vocabularies/professions/), separated by '; '",
    "information": "what the register tells, separated by '; '",
    "search_by": "what it can be searched by, separated by '; '",
    "cost": "free, partly-paid or paid",
    "login": "none, registration or eid",
    "captcha": "true when a CAPTCHA stands before the results",
    "languages": "interface languages (ISO 639-1), separated by '; '",
    "api": "the address of its API",
    "open_data": "the address of its open data",
    "licence": "the open data's licence (SPDX id)",
    "reviewed": "the date a person last checked the entry (YYYY-MM-DD)",
    "link_status": "the crawler's verdict on url: verified, blocked, unreachable or unchecked",
    "link_status_date": "the date of that verdict (ISO 8601)",
    "source_file": "the YAML file in the repository",
}
_LIST_COLUMNS = {"areas", "professions", "information", "search_by", "languages"}


def csv_metadata(site: Site, columns: tuple[str, ...]) -> dict[str, Any]:
    """The CSVW description of registers.csv: dialect, columns, licence and attribution.

    Cells that begin with ``= + - @`` carry a leading ``'`` (spreadsheets would read them as formulas).
    """
    described = []
    for column in columns:
        entry: dict[str, Any] = {"name": column, "titles": column, "datatype": "string",
                                 "dc:description": CSV_COLUMN_TITLES.get(column, "")}  # fmt: skip
        if column in _LIST_COLUMNS:
            entry["separator"] = "; "
        if column == "captcha":
            entry["datatype"] = {"base": "boolean", "format": "true|false"}
        if column == "reviewed":
            entry["datatype"] = "date"
        if column == "id":
            entry["required"] = True
        described.append(entry)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": "registers.csv",
        "dc:title": "Open Registers Directory: the registers",
        "dc:license": {"@id": LICENCE_URL},
        "dc:rights": f"{LICENCE_NAME}. Attribution: {ATTRIBUTION}",
        "dc:source": {"@id": site.config.repository},
        "dialect": {"encoding": "utf-8", "lineTerminators": ["\r\n"], "header": True, "doubleQuote": True},
        "tableSchema": {"columns": described, "primaryKey": "id"},
    }


# --- Turtle -------------------------------------------------------------------------------------------------------


def turtle(document: dict[str, Any]) -> str:
    """The JSON-LD documents this module writes (a context of prefixes, a graph of nodes) as Turtle.

    Embedded nodes become subjects of their own; IRIs the context does not abbreviate stay
    relative when they are (root-relative without ``--base-url``), as in the JSON-LD.
    """
    context = document["@context"]
    lines = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in context.items()]
    subjects: dict[str, list[tuple[str, str]]] = {}

    def term(value: str) -> str:
        prefix = value.split(":", 1)[0]
        return value if prefix in context else f"<{value}>"

    def obj(value: Any) -> str:
        if isinstance(value, dict) and "@value" in value:
            text = _literal(str(value["@value"]))
            if "@language" in value:
                return f"{text}@{value['@language']}"
            if "@type" in value:
                return f"{text}^^{term(value['@type'])}"
            return text
        if isinstance(value, dict):
            if len(value) > 1:
                add(value)
            return f"<{value['@id']}>"
        if isinstance(value, bool):
            return "true" if value else "false"
        return _literal(str(value))

    def add(node: dict[str, Any]) -> None:
        pairs = subjects.setdefault(node["@id"], [])
        for key, values in node.items():
            if key == "@id":
                continue
            for value in values if isinstance(values, list) else [values]:
                pair = ("a", term(value)) if key == "@type" else (term(key), obj(value))
                if pair not in pairs:
                    pairs.append(pair)

    for node in document["@graph"]:
        add(node)
    for subject, pairs in subjects.items():
        body = " ;\n    ".join(f"{predicate} {value}" for predicate, value in pairs)
        lines.append(f"\n<{subject}>\n    {body} .")
    return "\n".join(lines) + "\n"


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
