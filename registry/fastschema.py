"""A faster validator for the register schema, with the same results as jsonschema's.

Validating 1,000 files must take well under a second: jsonschema resolves every ``$ref``
through its registry and checks ``enum`` by a linear scan. Inlining the schema's own
``#/$defs/…`` references once and checking string enums against a set removes both costs
without changing which documents are valid or the errors reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema._keywords import enum as _enum_keyword

_ENUM_SETS: dict[int, frozenset[str]] = {}


def _fast_enum(validator: Any, enums: list[Any], instance: Any, schema: dict[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, str):
        allowed = _ENUM_SETS.get(id(enums))
        if allowed is None:
            allowed = _ENUM_SETS[id(enums)] = frozenset(e for e in enums if isinstance(e, str))
        if instance in allowed:
            return
    yield from _enum_keyword(validator, enums, instance, schema)


_Validator = validators.extend(Draft202012Validator, {"enum": _fast_enum})


def inline_local_refs(schema: Any, definitions: dict[str, Any] | None = None) -> Any:
    """A copy of ``schema`` with every ``{"$ref": "#/$defs/x"}`` replaced by the definition."""
    if definitions is None:
        definitions = schema.get("$defs", {}) if isinstance(schema, dict) else {}
    if isinstance(schema, list):
        return [inline_local_refs(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/") and reference[8:] in definitions:
        merged = {**inline_local_refs(definitions[reference[8:]], definitions)}
        merged.update({k: inline_local_refs(v, definitions) for k, v in schema.items() if k != "$ref"})
        return merged
    return {key: inline_local_refs(value, definitions) for key, value in schema.items()}


def register_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for register files built from the (already checked) schema."""
    return _Validator(inline_local_refs(schema), format_checker=FormatChecker(["date"]))
