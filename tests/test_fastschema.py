"""The fast check (jsonschema-rs) and jsonschema agree on which documents are valid.

The loader trusts the fast check when it accepts a file, so it must never accept a document
that jsonschema rejects. Each case mutates a valid register in one way that the schema forbids
(or allows) and compares the two validators' verdicts. Neither may keep anything from an
earlier schema: a validator built after the schema changed applies the new schema.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry.fastschema import FastValidator, inline_local_refs, register_validator, vocabulary_validator
from tests.conftest import VALID_REGISTER

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"
SCHEMA = json.loads((SCHEMA_DIR / "register.schema.json").read_text("utf-8"))
VOCABULARY_SCHEMA = json.loads((SCHEMA_DIR / "vocabulary.schema.json").read_text("utf-8"))
BASE = yaml.safe_load(VALID_REGISTER)


def _set(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target.setdefault(key, {})
    if isinstance(target, list):
        target[int(last)] = value
    elif value is _DELETE:
        del target[last]
    else:
        target[last] = value
    return data


_DELETE = object()

CASES = {
    "valid": BASE,
    "reviewed ok": _set("reviewed", "2024-02-29"),
    "reviewed impossible date": _set("reviewed", "2026-02-30"),
    "reviewed wrong shape": _set("reviewed", "2026-2-3"),
    "reviewed as number": _set("reviewed", 20260203),
    "unknown key": _set("colour", "blue"),
    "missing required": _set("kind", _DELETE),
    "bad enum": _set("kind", "shop"),
    "enum wrong type": _set("kind", 3),
    "bad country": _set("country", "XX"),
    "lower-case country": _set("country", "ee"),
    "bad language key": _set("name.xx", "Name"),
    "language key upper": _set("name.EN", "Name"),
    "empty name text": _set("name.en", ""),
    "very long name": _set("name.en", "ä" * 5000),
    "name not a mapping": _set("name", ["Kutseregister"]),
    "url ftp": _set("url", "ftp://www.kutseregister.ee/"),
    "url relative": _set("url", "/registry"),
    "url with space": _set("url", "https://www.kutse register.ee/"),
    "url not text": _set("url", True),
    "captcha as text": _set("access.captcha", "no"),
    "captcha as number": _set("access.captcha", 0),
    "bad cost": _set("access.cost", "cheap"),
    "duplicate list items": _set("languages", ["et", "et"]),
    "empty list": _set("areas", []),  # allowed: a business register concerns no IMI area
    "sources empty": _set("sources", []),
    "source without url": _set("sources", [{"title": "x"}]),
    "source extra key": _set("sources", [{"url": "https://a.ee/", "x": 1}]),
    "search_url null": _set("search_url", None),
    "information empty": _set("information", []),
    "notes too long": _set("notes.en", "x" * 100000),
    "status withdrawn": _set("status", "withdrawn"),
    "check both": _set("check", {"expect": "Kutse", "skip": "no"}),
    "check expect": _set("check", {"expect": "Kutse"}),
    "not a mapping": ["id", "ee-x"],
    "a string": "ee-kutseregister",
    "nothing": None,
}


@pytest.fixture(scope="module")
def validator() -> FastValidator:
    built = register_validator(SCHEMA)
    assert built.fast is not None, "the register schema should compile to the fast check"
    return built


def _fast_accepts(validator: FastValidator, instance: Any) -> bool:
    return validator.fast.is_valid(instance)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_check_agrees_with_jsonschema(validator: FastValidator, name: str) -> None:
    instance = CASES[name]
    full_accepts = not list(validator.full.iter_errors(instance))
    assert _fast_accepts(validator, instance) == full_accepts
    assert (not list(validator.iter_errors(instance))) == full_accepts


def test_some_cases_are_valid_and_most_are_not(validator: FastValidator) -> None:
    verdicts = {name: not list(validator.iter_errors(case)) for name, case in CASES.items()}
    accepted = {name for name, ok in verdicts.items() if ok}
    assert accepted == {"valid", "reviewed ok", "information empty", "empty list", "status withdrawn", "check expect"}


def test_the_fast_check_speaks_draft_2020_12() -> None:
    """prefixItems exists only in 2020-12 (draft 7 spells it items: [...]): both validators apply it."""
    schema = copy.deepcopy(SCHEMA)
    schema["properties"]["languages"]["prefixItems"] = [{"const": "et"}]
    validator = FastValidator(inline_local_refs(schema))
    assert validator.is_valid(BASE)  # languages: [et, en]
    wrong = _set("languages", ["en", "et"])
    assert not _fast_accepts(validator, wrong)
    assert [error.validator for error in validator.iter_errors(wrong)] == ["const"]


def test_a_changed_enum_is_seen_by_the_next_validator_in_the_same_process() -> None:
    """The old hand-made enum check cached sets by id() of the schema's lists: a new schema whose
    list took the address of a freed one was checked against the old set (AT accepted by [CH, DE])."""
    for _ in range(200):
        wide = copy.deepcopy(SCHEMA)
        assert register_validator(wide).is_valid(_set("country", "AT"))
        del wide
        narrow = copy.deepcopy(SCHEMA)
        narrow["$defs"]["country"]["enum"] = ["CH", "DE"]
        validator = register_validator(narrow)
        at = _set("country", "AT")
        assert not validator.is_valid(at)
        assert [error.validator for error in validator.iter_errors(at)] == ["enum"]
        assert validator.is_valid(_set("country", "DE"))


def test_vocabulary_validator_resolves_the_register_schemas_languages() -> None:
    validator = vocabulary_validator(VOCABULARY_SCHEMA, SCHEMA)
    good = {"vocabulary": "kinds", "terms": [{"id": "x", "labels": {"en": "X", "et": "X"}}]}
    bad = {"vocabulary": "kinds", "terms": [{"id": "x", "labels": {"en": "X", "zz": "X"}}]}
    assert validator.fast is not None
    assert not list(validator.iter_errors(good))
    errors = list(validator.iter_errors(bad))
    assert errors and _fast_accepts(validator, bad) is False
