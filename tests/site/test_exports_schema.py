"""registers.json against its published JSON Schema, the CSV against its CSVW description, and the
licence and attribution in every export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from builder.catalogue import ATTRIBUTION, CSV_COLUMN_TITLES, LICENCE_URL
from builder.config import SITE_DIR
from builder.exports import CSV_COLUMNS
from builder.pipeline import build

from .conftest import make_config

REPO = Path(__file__).resolve().parent.parent.parent
SCHEMA = json.loads((SITE_DIR / "static" / "registers.schema.json").read_text("utf-8"))


def check(document: object) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker(["date"]))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data, built in English only, without the search index."""
    out = tmp_path_factory.mktemp("shipped") / "public"
    build(make_config(REPO / "data", out, languages=("en",)))
    return out


def test_the_schema_is_a_valid_2020_12_schema_and_published(built_site: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert (built_site / "static" / "registers.schema.json").read_bytes() == (
        SITE_DIR / "static" / "registers.schema.json"
    ).read_bytes()
    assert json.loads((built_site / "registers.json").read_text("utf-8"))["$schema"] == "/static/registers.schema.json"


def test_registers_json_of_the_fixture_site_is_valid(built_site: Path) -> None:
    assert check(json.loads((built_site / "registers.json").read_text("utf-8"))) == []


def test_registers_json_of_the_shipped_data_is_valid(shipped_site: Path) -> None:
    document = json.loads((shipped_site / "registers.json").read_text("utf-8"))
    assert document["count"] > 100
    assert check(document) == []


def test_the_schema_rejects_a_broken_export(built_site: Path) -> None:
    document = json.loads((built_site / "registers.json").read_text("utf-8"))
    del document["registers"][0]["notes"]
    document["registers"][1]["link_status"]["badge"] = "fine"
    document["registers"][2]["reviewed"] = "2026-02-30"
    assert len(check(document)) == 3
    assert check({**document, "licence": None})


def test_every_record_key_is_in_the_schema(built_site: Path) -> None:
    """A key added to the export must be described in the schema (keys are only ever added)."""
    document = json.loads((built_site / "registers.json").read_text("utf-8"))
    assert set(document) == set(SCHEMA["properties"])
    record_schema = SCHEMA["$defs"]["register"]
    for record in document["registers"]:
        assert set(record) == set(record_schema["properties"]) == set(record_schema["required"])


def test_licence_and_attribution_travel_with_every_export(built_site: Path) -> None:
    document = json.loads((built_site / "registers.json").read_text("utf-8"))
    assert document["licence"]["url"] == LICENCE_URL and document["attribution"] == ATTRIBUTION
    assert "org-id.guide" in ATTRIBUTION and "ODbL" in ATTRIBUTION
    metadata = json.loads((built_site / "registers.csv-metadata.json").read_text("utf-8"))
    assert metadata["dc:license"] == {"@id": LICENCE_URL} and ATTRIBUTION in metadata["dc:rights"]
    assert LICENCE_URL in (built_site / "catalogue.jsonld").read_text("utf-8")
    assert "org-id.guide" in (built_site / "catalogue.ttl").read_text("utf-8")


def test_the_csvw_metadata_describes_the_csv(built_site: Path) -> None:
    metadata = json.loads((built_site / "registers.csv-metadata.json").read_text("utf-8"))
    assert metadata["url"] == "registers.csv" and metadata["@context"][0] == "http://www.w3.org/ns/csvw"
    raw = (built_site / "registers.csv").read_bytes()
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    columns = metadata["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == header == list(CSV_COLUMNS)
    assert all(c["dc:description"] for c in columns), "describe the new column in builder.catalogue"
    assert set(CSV_COLUMN_TITLES) == set(CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    for column in columns:
        separator = column.get("separator")
        for row in rows:
            cells = row[column["name"]].split(separator) if separator and row[column["name"]] else [row[column["name"]]]
            if column["datatype"] == "date":
                assert all(re.fullmatch(r"(\d{4}-\d\d-\d\d)?", cell) for cell in cells)
            elif isinstance(column["datatype"], dict):
                assert all(cell in ("true", "false") for cell in cells)


def test_the_docs_list_the_csv_columns() -> None:
    text = (REPO / "docs" / "site.md").read_text("utf-8")
    section = text.split("## `registers.csv`", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"columns: (.+?);", section.replace("\n", " "), re.S).group(1)
    assert [c.strip(" `") for c in listed.split(",")] == list(CSV_COLUMNS)
