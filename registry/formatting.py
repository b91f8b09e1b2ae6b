"""Human wording for positions and JSON Schema errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from jsonschema import ValidationError

from registry.yamlsafe import EFFECT_CHARACTERS

_TYPE_WORDS = {
    "object": "a mapping of keys (key: value)",
    "array": "a list ([a, b] or '- item' lines)",
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


def field_path(path: Sequence[str | int]) -> str:
    """``('sources', 0, 'url')`` → ``sources[0].url``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def describe_value(value: Any) -> str:
    """What a value is, in a maintainer's words."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text '{shorten(str(value))}'"


# All C0 controls and the characters yamlsafe refuses: in a message they would break the one-line
# format or reorder what a terminal shows ("Trojan Source").
UNSAFE_CHARACTERS = re.compile(f"[\x00-\x1f{EFFECT_CHARACTERS}]")


def printable(text: str) -> str:
    """``text`` with every unsafe character written as an escape (``\\u202e``)."""
    return UNSAFE_CHARACTERS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expected_choices(value: Any, choices: Iterable[Any], limit: int = 12) -> str:
    """'expected one of …', with a did-you-mean when the list is long."""
    options = [str(choice) for choice in choices]
    if len(options) <= limit:
        return "expected one of: " + ", ".join(options)
    close = difflib.get_close_matches(str(value), options, n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    return f"{hint}expected one of {len(options)} values: {', '.join(options[:limit])}, …"


def schema_error_message(error: ValidationError) -> tuple[tuple[str | int, ...], str]:
    """The field path to report and the message for one schema error."""
    path = tuple(error.absolute_path)
    keyword = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    description = schema.get("description", "")
    if keyword == "required":
        missing = [key for key in error.validator_value if key not in (value or {})]
        key = missing[0] if missing else "?"
        about = schema.get("properties", {}).get(key, {}).get("description", "")
        return path, f"'{key}' is required" + (f" ({about.rstrip('.')})" if about else "")
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        key = extra[0] if extra else "?"
        return (*path, key), f"unknown key '{key}'; {expected_choices(key, allowed, limit=30)}"
    if keyword == "enum":
        what = description.rstrip(".") if description else "value"
        return path, f"{describe_value(value)} is not allowed: {what}; {expected_choices(value, error.validator_value)}"
    if keyword == "const":
        return path, f"{describe_value(value)} is not allowed; expected {error.validator_value!r}"
    if keyword == "type":
        expected = error.validator_value
        words = _TYPE_WORDS.get(expected, str(expected)) if isinstance(expected, str) else " or ".join(expected)
        return path, f"expected {words}, found {describe_value(value)}"
    if keyword == "pattern":
        expected = schema.get("x-expected") or description
        return path, f"{describe_value(value)} has the wrong form" + (f"; expected {expected}" if expected else "")
    if keyword == "format":
        expected = {"date": "a date written YYYY-MM-DD", "uri": "an absolute URL"}.get(
            error.validator_value, error.validator_value
        )
        return path, f"{describe_value(value)} is not {expected}"
    if keyword == "minLength":
        return path, f"the text is empty or too short (at least {error.validator_value} characters)"
    if keyword == "maxLength":
        return path, f"the text is {len(value)} characters long; at most {error.validator_value} are allowed"
    if keyword == "minItems":
        return path, f"the list needs at least {error.validator_value} item(s)"
    if keyword == "maxItems":
        return path, f"the list has {len(value)} items; at most {error.validator_value} are allowed"
    if keyword == "uniqueItems":
        seen: list[Any] = []
        for index, item in enumerate(value):
            if item in seen:
                return (*path, index), f"{describe_value(item)} is listed twice; keep it once"
            seen.append(item)
        return path, "the list has duplicates"
    if keyword == "minProperties":
        return path, f"the mapping needs at least {error.validator_value} key(s)" + (
            f" ({description})" if description else ""
        )
    if keyword == "maxProperties":
        return path, f"the mapping may have at most {error.validator_value} key(s)" + (
            f" ({description})" if description else ""
        )
    if keyword == "propertyNames":
        return path, f"key {describe_value(value)} is not allowed here"
    return path, error.message
