"""Keep the JSON Schema's vocabulary enums in step with data/vocabularies/.

The vocabularies are the source of the terms; the schema repeats their ids only so that
editors can complete and check them. This writes that copy; the validator refuses a
schema that is out of step.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from registry.problems import display_path
from registry.vocabularies import SCHEMA_DEFS, VOCABULARY_KEYS


def sync_schema(data_dir: Path) -> tuple[bool, str]:
    """Rewrite the enums from the vocabularies; (changed, message). Raises nothing on bad data."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    from registry.loader import _Collector, _load_json_schema, _load_vocabularies

    collector = _Collector()
    schema_path = data_dir / "schema" / "register.schema.json"
    schema = _load_json_schema(schema_path, collector)
    vocab_schema = _load_json_schema(data_dir / "schema" / "vocabulary.schema.json", collector)
    if schema is None or vocab_schema is None:
        return False, "\n".join(p.format() for p in collector.problems)
    resources = Registry().with_resource("register.schema.json", Resource.from_contents(schema))
    vocabularies = _load_vocabularies(
        data_dir, Draft202012Validator(vocab_schema, registry=resources, format_checker=FormatChecker()), collector
    )
    updated = json.loads(json.dumps(schema))
    for name, key in VOCABULARY_KEYS.items():
        if name in vocabularies:
            updated["$defs"][SCHEMA_DEFS[key]]["enum"] = vocabularies[name].ids()
    if updated == schema:
        return False, f"{display_path(schema_path)} is up to date"
    write_text_atomically(schema_path, json.dumps(updated, indent=2, ensure_ascii=False) + "\n")
    return True, f"updated the vocabulary enums in {display_path(schema_path)}"


def write_text_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside ``path`` and rename it over: never a half-written file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
