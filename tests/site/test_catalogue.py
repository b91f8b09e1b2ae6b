"""The DCAT-AP catalogue and the SKOS vocabularies: valid against the official shapes, no dead IRI.

The shapes are DCAT-AP 3.0.1's own (tests/dcat/, CC BY 4.0, see its README).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS

from builder.catalogue import LICENCE_URL, plain_text, turtle
from builder.pipeline import build

from .conftest import FIXTURE_DATA, make_config

SHAPES = Path(__file__).resolve().parent.parent / "dcat"
BASE = "https://example.org/dir/"
ADMS = rdflib.Namespace("http://www.w3.org/ns/adms#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalogue") / "public"
    build(make_config(FIXTURE_DATA, out, languages=("en", "et"), base_url=BASE.rstrip("/")))
    return out


def graph(path: Path) -> rdflib.Graph:
    kind = "json-ld" if path.suffix == ".jsonld" else "turtle"
    return rdflib.Graph().parse(path, format=kind, publicID=BASE + path.name)


def violations(data: rdflib.Graph, shapes: str) -> list[str]:
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=rdflib.Graph().parse(SHAPES / shapes), inference="none"
    )
    return [
        f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
        for r in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(r, SH.resultSeverity) == SH.Violation
    ]


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl"])
@pytest.mark.parametrize("name", ["catalogue.jsonld", "catalogue.ttl"])
def test_no_violation_of_the_mandatory_and_range_shapes(site: Path, name: str, shapes: str) -> None:
    data = graph(site / name)
    assert len(data) > 100
    assert violations(data, shapes) == []


def test_the_turtle_twin_holds_the_same_graph(site: Path) -> None:
    assert isomorphic(graph(site / "catalogue.jsonld"), graph(site / "catalogue.ttl"))
    for name in ("kinds", "professions", "areas"):
        folder = site / "vocabularies"
        json_ld = rdflib.Graph().parse(folder / f"{name}.jsonld", format="json-ld", publicID=BASE)
        assert isomorphic(json_ld, rdflib.Graph().parse(folder / f"{name}.ttl", format="turtle", publicID=BASE))


def test_every_iri_under_the_site_is_a_built_file(site: Path) -> None:
    files = ["catalogue.jsonld", "vocabularies/kinds.jsonld", "vocabularies/professions.jsonld",
             "vocabularies/areas.jsonld"]  # fmt: skip
    seen = set()
    for name in files:
        data = rdflib.Graph().parse(site / name, format="json-ld", publicID=BASE + name)
        for triple in data:
            for node in triple:
                if isinstance(node, rdflib.URIRef) and str(node).startswith(BASE):
                    seen.add(str(node))
    assert any("/vocabularies/kinds/#" in iri for iri in seen) and any("#dataset" in iri for iri in seen)
    for iri in sorted(seen):
        path = urlsplit(iri).path.removeprefix(urlsplit(BASE).path)
        target = site / (path + "index.html" if path == "" or path.endswith("/") else path)
        assert target.is_file(), iri
        fragment = urlsplit(iri).fragment
        if fragment and "/vocabularies/" in iri:  # a term's IRI: its section on the scheme's page
            assert f'id="{fragment}"' in target.read_text("utf-8"), iri


def test_claims_only_dcat_ap_3_0_1_and_carries_the_licence(site: Path) -> None:
    data = graph(site / "catalogue.jsonld")
    catalogue = next(data.subjects(RDF.type, DCAT.Catalog))
    assert list(data.objects(catalogue, DCTERMS.conformsTo)) == [
        rdflib.URIRef("https://semiceu.github.io/DCAT-AP/releases/3.0.1/")
    ]
    assert "BRegDCAT" not in (site / "catalogue.jsonld").read_text("utf-8")
    assert list(data.objects(catalogue, DCTERMS.license)) == [rdflib.URIRef(LICENCE_URL)]
    rights = next(data.objects(catalogue, DCTERMS.rights))
    assert "org-id.guide" in str(next(data.objects(rights, rdflib.RDFS.label)))


def test_status_only_on_distributions_and_documents_typed(site: Path) -> None:
    data = graph(site / "catalogue.jsonld")
    for subject in data.subjects(ADMS.status, None):
        assert (subject, RDF.type, DCAT.Distribution) in data, subject
    deprecated = rdflib.URIRef(BASE + "en/registers/cz-advokati/#dataset")
    statuses = {str(s) for d in data.objects(deprecated, DCAT.distribution) for s in data.objects(d, ADMS.status)}
    assert statuses == {"http://publications.europa.eu/resource/authority/distribution-status/DEPRECATED"}
    for dataset in data.subjects(RDF.type, DCAT.Dataset):
        for page in [*data.objects(dataset, DCAT.landingPage), *data.objects(dataset, FOAF.page)]:
            assert (page, RDF.type, FOAF.Document) in data
        for kind in data.objects(dataset, DCTERMS.type):
            assert (kind, SKOS.inScheme, rdflib.URIRef(BASE + "vocabularies/kinds/")) in data


def test_descriptions_are_plain_text(site: Path) -> None:
    data = graph(site / "catalogue.jsonld")
    ee = rdflib.URIRef(BASE + "en/registers/ee-kutseregister/#dataset")
    description = str(next(data.objects(ee, DCTERMS.description)))
    assert "holder's name" in description and "**" not in description
    for text in data.objects(None, DCTERMS.description):
        assert not any(mark in str(text) for mark in ("**", "](", "<p>", "&amp;")), text


def test_plain_text_keeps_words_and_link_addresses() -> None:
    assert plain_text("Search by **name** or [number](https://a.ee/x).\n\n- one\n- two") == (
        "Search by name or number (https://a.ee/x).\none\ntwo"
    )
    assert plain_text("<script>x</script> & `code`") == "<script>x</script> & code"


def test_vocabularies_are_skos_concept_schemes_in_every_built_language(site: Path) -> None:
    for name, count in (("kinds", 1), ("professions", 1), ("areas", 1)):
        data = rdflib.Graph().parse(site / "vocabularies" / f"{name}.jsonld", format="json-ld", publicID=BASE)
        scheme = rdflib.URIRef(f"{BASE}vocabularies/{name}/")
        assert (scheme, RDF.type, SKOS.ConceptScheme) in data
        concepts = list(data.subjects(SKOS.inScheme, scheme))
        assert len(concepts) >= count
        for concept in concepts:
            assert (concept, SKOS.topConceptOf, scheme) in data
            languages = {label.language for label in data.objects(concept, SKOS.prefLabel)}
            assert {"en", "et"} <= languages, concept
        page = (site / "vocabularies" / name / "index.html").read_text("utf-8")
        assert 'type="application/ld+json"' in page and "Open Database License" in page


def test_turtle_escapes_literals_and_keeps_relative_iris() -> None:
    document = {
        "@context": {"dct": "http://purl.org/dc/terms/"},
        "@graph": [{"@id": "/en/x/", "dct:title": [{"@language": "en", "@value": 'a "b"\n\\c'}],
                    "dct:hasPart": {"@id": "/en/x/#y", "@type": "dct:Standard", "dct:title": "y"}}],
    }  # fmt: skip
    text = turtle(document)
    data = rdflib.Graph().parse(data=text, format="turtle", publicID="https://h.example/")
    title = next(data.objects(rdflib.URIRef("https://h.example/en/x/"), DCTERMS.title))
    assert str(title) == 'a "b"\n\\c'
    assert (rdflib.URIRef("https://h.example/en/x/#y"), RDF.type, DCTERMS.Standard) in data


def test_a_root_relative_build_is_valid_too(tmp_path: Path) -> None:
    """Without --base-url the IRIs are root-relative; resolved against any base they pass the shapes."""
    out = tmp_path / "public"
    build(make_config(FIXTURE_DATA, out, languages=("en",)))
    text = json.loads((out / "catalogue.jsonld").read_text("utf-8"))
    assert text["@graph"][0]["@id"] == "/catalogue.jsonld"
    data = rdflib.Graph().parse(out / "catalogue.ttl", format="turtle", publicID="https://h.example/catalogue.ttl")
    assert violations(data, "range.ttl") == []


def test_plain_text_joins_soft_line_breaks() -> None:
    assert plain_text("One sentence\nwrapped in the file.\n\nA second paragraph.") == (
        "One sentence wrapped in the file.\nA second paragraph."
    )
