"""`build.py new`: scaffold a register file that explains every key and cannot be merged unfilled.

The file has the right shape, so the only errors `build.py validate` reports are its
placeholders (… and example.org), one line each, saying what to write there: a pull request
with an unfilled scaffold fails its check. The explanations come from the schema's own
``description``s, so the scaffold and the schema cannot drift apart; only the placeholder
values and the key order live here.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from registry.loader import MODELINE, PLACEHOLDER_TEXT

# A documentation domain (RFC 2606): the validator refuses it as a placeholder.
PLACEHOLDER_URL = "https://example.org/"
# Letters a plain NFKD fold does not decompose into ASCII.
_EXTRA_FOLDS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "ð": "d"}
)


class ScaffoldError(Exception):
    """A user mistake (unknown country, bad id, existing file): printed, exit 2."""


def slugify(text: str) -> str:
    """ASCII-fold, lower-case, hyphens between words: 'Ordem dos Médicos' → 'ordem-dos-medicos'."""
    folded = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def derive_id(country: str, name: str, max_length: int = 80) -> str:
    """``<cc>-<slug of name>``, cut at a hyphen to fit the schema's maxLength."""
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(f"cannot derive an id from the name '{name}' (no Latin letters); give one with --id")
    register_id = f"{country.lower()}-{slug}"
    if len(register_id) > max_length:
        register_id = register_id[:max_length].rsplit("-", 1)[0]
    return register_id


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one), safe for any name."""
    return json.dumps(text, ensure_ascii=False)


def _wrap(text: str, indent: str, width: int = 100) -> list[str]:
    """Comment lines of at most ``width`` characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(indent) + 2 + len(current) + 1 + len(word) > width:
            lines.append(f"{indent}# {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(f"{indent}# {current}")
    return lines


class _Schema:
    """Look-ups into the register schema with ``$ref`` resolved one level (enough for it)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def node(self, *keys: str) -> dict[str, Any]:
        node: dict[str, Any] = self.schema
        for key in keys:
            node = self._resolve(node)
            node = node["items"] if key == "[]" else node.get("properties", {}).get(key, {})
        return node

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            merged = dict(self.schema["$defs"][ref.rsplit("/", 1)[1]])
            merged.update({k: v for k, v in node.items() if k != "$ref"})
            return merged
        return node

    def explain(self, *keys: str) -> str:
        """The description of a key; enums without one are explained by listing the choices."""
        node = self._resolve(self.node(*keys))
        items = self._resolve(node.get("items", {}))
        text = node.get("description") or items.get("description") or ""
        choices = node.get("enum") or items.get("enum")
        if choices and not any(str(choice) in text for choice in choices[1:]):
            shown = ", ".join(str(c) for c in choices[:12]) + (", …" if len(choices) > 12 else "")
            text = f"{text} One of: {shown}." if text else f"One of: {shown}."
        if keys[-1] not in self.required(*keys[:-1]):
            text = f"Optional. {text}"
        return text.strip()

    def required(self, *keys: str) -> list[str]:
        node = self._resolve(self.node(*keys)) if keys else self.schema
        return list(node.get("required", []))

    def properties(self, *keys: str) -> list[str]:
        node = self._resolve(self.node(*keys)) if keys else self.schema
        return list(node.get("properties", {}))


def render(schema: dict[str, Any], register_id: str, country: str, english_name: str) -> str:
    """The scaffold's text; every schema key appears, as a value or as a commented example."""
    s = _Schema(schema)
    official = schema.get("x-official-languages", {}).get(country, [])
    native = next((lang for lang in official if lang != "en"), "en")
    names = {native: PLACEHOLDER_TEXT, "en": english_name} if native != "en" else {"en": english_name}
    names_flow = "{" + ", ".join(f"{lang}: {_quote(text)}" for lang, text in names.items()) + "}"
    native_note = f"the official name in '{native}' (official languages of {country}: {', '.join(official)})"

    out: list[str] = [
        MODELINE,
        "# Scaffolded by 'python build.py new'. Replace every … and example.org, uncomment what applies,",
        "# then run 'python build.py validate'.",
    ]

    def key(name: str, value: str | None, *, path: tuple[str, ...] = (), commented: str | None = None) -> None:
        indent = "  " * len(path)
        out.extend(_wrap(s.explain(*path, name), indent))
        if value is not None:
            out.append(f"{indent}{name}: {value}")
        else:
            out.append(f"{indent}# {name}: {commented}")

    def section(name: str, body: Callable[[], None]) -> None:
        out.extend(_wrap(s.explain(name), ""))
        out.append(f"{name}:")
        body()

    key("id", register_id)
    key("status", "active")
    key("replaced_by", None, commented=f"{country.lower()}-other-register   # only when status is not active")
    key("country", country)
    out.extend(_wrap(f"{s.explain('name')} Replace … with {native_note}.", ""))
    out.append(f"name: {names_flow}")

    def authority() -> None:
        key("name", names_flow.replace(_quote(english_name), _quote(PLACEHOLDER_TEXT)), path=("authority",))
        key("url", None, path=("authority",), commented="https://www.authority.example.eu/")

    section("authority", authority)
    key("url", _quote(PLACEHOLDER_URL))
    key("search_url", None, commented="https://…/search")
    key("language_urls", None, commented="{en: https://…/en/}")
    key("kind", "other")
    key("areas", "[]")
    key("professions", "[]")
    key("information", "[]")
    key("search_by", "[]")

    def access() -> None:
        key("cost", "free", path=("access",))
        key("login", "none", path=("access",))
        key("captcha", "false", path=("access",))
        key("note", None, path=("access",), commented='{en: "…"}')

    section("access", access)
    key("languages", f"[{native}]")
    out.extend(_wrap(s.explain("data"), ""))
    out.append("# data:")
    for name, example in (("api", "https://…"), ("open_data", "https://…"), ("licence", "CC-BY-4.0")):
        out.extend(_wrap(s.explain("data", name), "#   "))
        out.append(f"#   {name}: {example}")
    key("check", None, commented='{expect: "text the page shows"}   # or {skip: "why it is not checked"}')
    key("reviewed", None, commented="YYYY-MM-DD")
    out.extend(_wrap(s.explain("sources"), ""))
    out.append("sources:")
    item = [f"url: {_quote(PLACEHOLDER_URL)}", f"title: {_quote(PLACEHOLDER_TEXT)}", "confirms: [url]"] + [
        f"# {name}: …" for name in s.properties("sources", "[]") if name not in ("url", "title", "confirms")
    ]
    out.append(f"  - {item[0]}")
    out.extend(f"    {line}" for line in item[1:])
    key("notes", None, commented='{en: "How to search, caveats (Markdown)."}')
    text = "\n".join(out) + "\n"
    _check_complete(s, text)
    return text


def _check_complete(s: _Schema, text: str) -> None:
    """Guard against a schema key added later and forgotten here (a test runs this too)."""
    missing = [name for name in s.properties() if not re.search(rf"^#?\s*{re.escape(name)}:", text, re.MULTILINE)]
    if missing:  # pragma: no cover - only when the schema grows
        raise RuntimeError(f"the scaffold does not mention: {', '.join(missing)}")


def create(data_dir: Path, country: str, english_name: str, register_id: str | None = None) -> Path:
    """Write the scaffold and return its path; ScaffoldError for anything the user must fix."""
    schema_path = data_dir / "schema" / "register.schema.json"
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScaffoldError(f"cannot read the schema {schema_path} (is --data right?): {exc}") from None
    countries = schema["$defs"]["country"]["enum"]
    country = country.strip().upper()
    if country not in countries:
        hint = " (Greece is GR)" if country == "EL" else ""
        raise ScaffoldError(f"unknown country '{country}'{hint}; expected one of: {', '.join(countries)}")
    english_name = " ".join(english_name.split())
    if not english_name:
        raise ScaffoldError("--name is empty; give the register's English name")
    id_schema = schema["properties"]["id"]
    register_id = register_id.strip() if register_id else derive_id(country, english_name, id_schema["maxLength"])
    prefix = f"{country.lower()}-"
    if not register_id.startswith(prefix) or not re.fullmatch(id_schema["pattern"], register_id):
        raise ScaffoldError(
            f"bad id '{register_id}': expected '{prefix}<slug>' with lower-case letters, digits and hyphens "
            f"(e.g. {prefix}{slugify(english_name) or 'register'})"
        )
    if len(register_id) > id_schema["maxLength"]:
        raise ScaffoldError(f"bad id '{register_id}': at most {id_schema['maxLength']} characters")
    path = data_dir / "registers" / country.lower() / f"{register_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; edit it, or choose another name with --id")
    text = render(schema, register_id, country, english_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path


def run(args: argparse.Namespace) -> int:
    """Entry point of `build.py new`: 0 created, 2 for anything the user must change."""
    try:
        path = create(Path(args.data), args.country, args.name, args.id)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot write the file: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"created {path}")
    print("next: replace the placeholders (…, example.org), then run 'python build.py validate'")
    return 0
