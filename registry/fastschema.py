"""Schema validation that is fast for valid files and precise for the others.

Validating 1,000 files must take well under a second. Most files are valid, so each is first
checked by jsonschema-rs (a maintained JSON Schema 2020-12 validator compiled in Rust, about
6 µs per register file). Only a file it rejects goes through jsonschema, whose errors carry the
schema context that ``registry.formatting`` turns into messages, and which reports every error.

Both validators are built from the schema as it is when the validator is made, and keep no
state between validators: a schema edited in a running ``build.py serve`` is seen by the next
load. Formats: ``date`` is asserted (strictly YYYY-MM-DD, a real day), every other format is an
annotation, as jsonschema's ``FormatChecker(["date"])`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource

REGISTER_SCHEMA_NAME = "register.schema.json"  # how the vocabulary schema refers to the register schema


def inline_local_refs(schema: Any, definitions: dict[str, Any] | None = None, prefix: str = "#/$defs/") -> Any:
    """A copy of ``schema`` with every ``{"$ref": "<prefix>x"}`` replaced by the definition ``x``.

    The full report uses it so that an error's ``schema`` is the definition merged with the
    keywords beside the ``$ref`` (its ``description``, ``x-expected``), which the messages quote.
    ``prefix`` is ``#/$defs/`` for the schema's own definitions, or e.g.
    ``register.schema.json#/$defs/`` for those of another schema passed as ``definitions``.
    """
    if definitions is None:
        definitions = schema.get("$defs", {}) if isinstance(schema, dict) else {}
    if isinstance(schema, list):
        return [inline_local_refs(item, definitions, prefix) for item in schema]
    if not isinstance(schema, dict):
        return schema
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith(prefix) and reference[len(prefix) :] in definitions:
        target = definitions[reference[len(prefix) :]]
        merged = {**inline_local_refs(target, definitions)}  # the target's own refs are local to its schema
        merged.update({k: inline_local_refs(v, definitions, prefix) for k, v in schema.items() if k != "$ref"})
        return merged
    return {key: inline_local_refs(value, definitions, prefix) for key, value in schema.items()}


def strict_date(value: str) -> bool:
    """``format: date`` as jsonschema's checker asserts it, limited to the YYYY-MM-DD form."""
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _annotation(value: str) -> bool:
    return True


# Only "date" is asserted; "uri" (and any other format) is an annotation, as in the full report.
_FORMATS = {"date": strict_date, "uri": _annotation}


class FastValidator:
    """jsonschema's full error report, behind jsonschema-rs's check for the common valid case."""

    def __init__(self, schema: dict[str, Any], resources: dict[str, dict[str, Any]] | None = None) -> None:
        """``resources``: other schemas that ``schema`` refers to, by the names it uses."""
        resources = resources or {}
        references = Registry().with_resources(
            (name, Resource.from_contents(contents)) for name, contents in resources.items()
        )
        self.full = Draft202012Validator(schema, format_checker=FormatChecker(["date"]), registry=references)
        self.fast = jsonschema_rs.Draft202012Validator(
            schema,
            formats=_FORMATS,
            validate_formats=True,
            registry=jsonschema_rs.Registry(list(resources.items())) if resources else None,
        )

    def is_valid(self, instance: Any) -> bool:
        try:
            return self.fast.is_valid(instance)
        except (ValueError, TypeError, OverflowError):  # a value JSON has no type for: let jsonschema judge
            return not any(True for _ in self.full.iter_errors(instance))

    def iter_errors(self, instance: Any) -> Iterator[ValidationError]:
        if self.is_valid(instance):
            return
        yield from self.full.iter_errors(instance)


def register_validator(schema: dict[str, Any]) -> FastValidator:
    """A validator for register (or coverage) files, built from the (already checked) schema."""
    return FastValidator(inline_local_refs(schema))


def vocabulary_validator(vocabulary_schema: dict[str, Any], register_schema: dict[str, Any]) -> FastValidator:
    """A validator for vocabulary files, whose schema refers to the register schema's definitions."""
    inlined = inline_local_refs(vocabulary_schema)
    inlined = inline_local_refs(inlined, register_schema.get("$defs", {}), REGISTER_SCHEMA_NAME + "#/$defs/")
    names = [REGISTER_SCHEMA_NAME, *([register_schema["$id"]] if isinstance(register_schema.get("$id"), str) else [])]
    return FastValidator(inlined, {name: register_schema for name in names})
