"""Read → schema-validate → semantic checks, collecting every problem before returning.

Stages are kept apart (MkDocs style) so a caller gets *all* problems of *all* files in one
pass, and nothing downstream ever sees a register that failed validation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

from registry.coverage import MODELINE as COVERAGE_MODELINE
from registry.coverage import Cell, Gap, build_matrix, check_gaps_against_registers
from registry.fastschema import FastValidator, inline_local_refs, register_validator, vocabulary_validator
from registry.formatting import field_path, printable, schema_error_message, shorten
from registry.hosts import url_problem
from registry.languages import SITE_LANGUAGES
from registry.problems import Problem, display_path
from registry.vocabularies import SCHEMA_DEFS, VOCABULARY_KEYS, Vocabulary, vocabulary_from_data
from registry.yamlsafe import Document, YamlError, parse

MODELINE = "# yaml-language-server: $schema=../../schema/register.schema.json"
# What `build.py new` writes where a fact is needed; never valid in a register.
PLACEHOLDER_TEXT = "…"
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")  # RFC 2606 documentation names


@dataclass
class Register:
    """One valid register file, with the positions of its values for error reports."""

    id: str
    country: str
    path: Path
    data: dict[str, Any]
    document: Document = field(repr=False)

    def line_of(self, *path: str | int) -> int:
        """The 1-based line of a value (``line_of("language_urls", "en")``)."""
        return self.document.position(path)[0]

    def text(self, key: str, language: str) -> tuple[str, str] | None:
        """A language-keyed text in ``language``, else English, else any: (language, text)."""
        texts: dict[str, str] = self.data.get(key) or {}
        for candidate in (language, "en", *sorted(texts)):
            if candidate in texts:
                return candidate, texts[candidate]
        return None

    @property
    def relative_path(self) -> str:
        """The path under the data folder: ``registers/ee/ee-kutseregister.yml``."""
        return "/".join(self.path.parts[-3:])


@dataclass
class LoadResult:
    data_dir: Path
    registers: list[Register]
    vocabularies: dict[str, Vocabulary]
    problems: list[Problem]
    files_checked: int
    gaps: dict[str, dict[str, Gap]] = field(default_factory=dict)
    countries: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def by_id(self) -> dict[str, Register]:
        return {register.id: register for register in self.registers}

    @cached_property
    def coverage(self) -> dict[tuple[str, str], Cell]:
        """Every (country, need) cell: computed from the registers, gaps from data/coverage/."""
        return build_matrix(self.countries, ((r.id, r.country, r.data) for r in self.registers), self.gaps)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, position: tuple[int, int], field: str, message: str) -> None:
        """Record a problem; characters that would garble a terminal are shown as escapes."""
        message, field = printable(message), printable(field)
        self.problems.append(Problem(display_path(path), position[0], position[1], field, message))


def load_registry(
    data_dir: Path | str = "data",
    *,
    allow_loopback: bool = False,
    only: Iterable[Path] | None = None,
    today: dt.date | None = None,
) -> LoadResult:
    """Load and validate everything under ``data_dir``.

    ``only`` limits the per-file checks to those register files (for fast pull-request
    feedback); every other file still takes part in the cross-file rules through its id.
    """
    data_dir = Path(data_dir)
    collector = _Collector()
    schema_path = data_dir / "schema" / "register.schema.json"
    schema = _load_json_schema(schema_path, collector)
    vocab_schema = _load_json_schema(data_dir / "schema" / "vocabulary.schema.json", collector)
    if schema is None or vocab_schema is None:
        return LoadResult(data_dir, [], {}, _sorted(collector.problems), 0)

    vocabularies = _load_vocabularies(data_dir, vocabulary_validator(vocab_schema, schema), collector)
    _check_schema_in_step(schema, schema_path, vocabularies, collector)
    validator = register_validator(schema)

    files = sorted((data_dir / "registers").glob("*/*.yml"))
    files += sorted(p for p in (data_dir / "registers").glob("**/*") if p.is_file() and _misplaced(p, data_dir))
    if not (data_dir / "registers").is_dir():
        collector.add(
            data_dir / "registers", (1, 1), "", "the folder is missing; register files go in registers/<cc>/<id>.yml"
        )
    selected = None if only is None else {Path(p).resolve() for p in only}

    registers: list[Register] = []
    ids_seen: dict[str, Path] = {}
    for path in files:
        if _misplaced(path, data_dir):
            collector.add(
                path,
                (1, 1),
                "",
                "register files go in registers/<cc>/<id>.yml (a two-letter country folder, a .yml file)",
            )
            continue
        stem = path.stem
        if stem in ids_seen:
            collector.add(
                path, (1, 1), "id", f"'{stem}' is already used by {display_path(ids_seen[stem])}; ids are unique"
            )
        ids_seen.setdefault(stem, path)
        if selected is not None and path.resolve() not in selected:
            continue
        try:
            register = _load_register(path, validator, schema, vocabularies, collector, allow_loopback, today)
        except (RecursionError, MemoryError, ValueError, TypeError) as exc:  # a checker bug, never a traceback
            collector.add(path, (1, 1), "", f"this file could not be checked ({type(exc).__name__}: {exc}); "
                          "please report it with the file attached")  # fmt: skip
            register = None
        if register is not None:
            registers.append(register)

    known_ids = set(ids_seen)
    for register in registers:
        target = register.data.get("replaced_by")
        if target is not None and target not in known_ids:
            collector.add(
                register.path,
                register.document.position(("replaced_by",)),
                "replaced_by",
                f"no register has the id '{target}'; give the id of an existing register file",
            )
    registers.sort(key=lambda r: r.id)
    countries = tuple(schema.get("$defs", {}).get("country", {}).get("enum", ()))
    gaps = _load_coverage(data_dir, countries, collector)
    bad = {p.path for p in collector.problems}
    valid = [r for r in registers if display_path(r.path) not in bad]
    if only is None:  # the served needs are known only when every register was read
        matrix = build_matrix(countries, ((r.id, r.country, r.data) for r in valid), gaps)
        check_gaps_against_registers(matrix, gaps, collector.add)
    return LoadResult(data_dir, valid, vocabularies, _sorted(collector.problems), len(files), gaps, countries)


def _load_coverage(data_dir: Path, countries: tuple[str, ...], collector: _Collector) -> dict[str, dict[str, Gap]]:
    """The recorded gaps of data/coverage/<cc>.yml, by country code; problems go to the collector."""
    folder = data_dir / "coverage"
    if not folder.is_dir():
        return {}
    files = sorted(p for p in folder.iterdir() if p.is_file())
    schema_path = data_dir / "schema" / "coverage.schema.json"
    schema = _load_json_schema(schema_path, collector) if files else None
    if schema is None:
        return {}
    validator = FastValidator(inline_local_refs(schema))
    codes = {code.lower() for code in countries}
    gaps: dict[str, dict[str, Gap]] = {}
    for path in files:
        if path.suffix != ".yml" or path.stem not in codes:
            collector.add(path, (1, 1), "", "coverage files are named <cc>.yml after a country code, e.g. pt.yml")
            continue
        document = read_document(path, collector)
        if document is None:
            continue
        if document.first_line.strip() != COVERAGE_MODELINE:
            collector.add(path, (1, 1), "", f"the first line must be the editor modeline '{COVERAGE_MODELINE}'")
        if not isinstance(document.data, dict) or not _schema_problems(document, validator, path, collector):
            continue
        country = document.data["country"]
        if country.lower() != path.stem:
            message = f"'{country}' does not match the file name; this file is for {path.stem.upper()}"
            collector.add(path, document.position(("country",)), "country", message)
            continue
        gaps[country] = {
            need: Gap(
                reason=gap["reason"],
                note=dict(gap.get("note") or {}),
                sources=tuple(gap.get("sources") or ()),
                path=path,
                line=document.key_positions.get(("gaps", need), document.position(("gaps", need)))[0],
            )
            for need, gap in document.data["gaps"].items()
        }
        for need, gap in document.data["gaps"].items():
            for index, source in enumerate(gap.get("sources") or []):
                problem = url_problem(source["url"])
                if problem:
                    where = ("gaps", need, "sources", index, "url")
                    collector.add(path, document.position(where), field_path(where), problem)
    return gaps


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems))


def _misplaced(path: Path, data_dir: Path) -> bool:
    relative = path.relative_to(data_dir / "registers")
    return not (len(relative.parts) == 2 and len(relative.parts[0]) == 2 and path.suffix == ".yml")


def _load_json_schema(path: Path, collector: _Collector) -> dict[str, Any] | None:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        return schema
    except FileNotFoundError:
        collector.add(path, (1, 1), "", "the JSON Schema is missing; it belongs to the data folder")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line, col = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        collector.add(path, (line, col), "", f"the schema is not valid JSON: {exc}")
    except Exception as exc:  # jsonschema.SchemaError and friends
        collector.add(path, (1, 1), "", f"the schema is not a valid JSON Schema: {getattr(exc, 'message', exc)}")
    return None


def read_document(path: Path, collector: _Collector) -> Document | None:
    """Parse one file, turning every way it can fail into a problem at a position."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        collector.add(path, (1, 1), "", f"cannot read the file: {exc.strerror or exc}")
        return None
    try:
        return parse(raw)
    except YamlError as exc:
        collector.add(path, (exc.line, exc.col), "", exc.message)
        return None


def _schema_problems(document: Document, validator: FastValidator, path: Path, collector: _Collector) -> bool:
    """Report every schema error; True when there were none."""
    clean = True
    for error in validator.iter_errors(document.data):
        clean = False
        where, message = schema_error_message(error)
        at_key = error.validator == "additionalProperties"
        if "propertyNames" in error.absolute_schema_path and isinstance(error.instance, str):
            where, at_key = (*where, error.instance), True
            message = f"'{shorten(error.instance)}' is not a language code (ISO 639-1, e.g. en, et, pt)"
        position = document.key_positions.get(where) if at_key else None
        position = position or document.position(where)
        collector.add(path, position, field_path(where), message)
    return clean


def _load_vocabularies(data_dir: Path, validator: FastValidator, collector: _Collector) -> dict[str, Vocabulary]:
    vocabularies: dict[str, Vocabulary] = {}
    for name in VOCABULARY_KEYS:
        path = data_dir / "vocabularies" / f"{name}.yml"
        if not path.exists():
            collector.add(path, (1, 1), "", "the vocabulary file is missing")
            continue
        document = read_document(path, collector)
        if document is None or not _schema_problems(document, validator, path, collector):
            continue
        data = document.data
        if data["vocabulary"] != name:
            collector.add(path, document.position(("vocabulary",)), "vocabulary", f"expected '{name}' (the file name)")
        seen: set[str] = set()
        for index, term in enumerate(data["terms"]):
            if term["id"] in seen:
                collector.add(
                    path,
                    document.position(("terms", index, "id")),
                    f"terms[{index}].id",
                    f"'{term['id']}' is defined twice; keep one",
                )
            seen.add(term["id"])
            missing = [lang for lang in SITE_LANGUAGES if lang not in term["labels"]]
            if missing:
                collector.add(
                    path,
                    document.position(("terms", index, "labels")),
                    f"terms[{index}].labels",
                    f"'{term['id']}' has no label in: {', '.join(missing)}; every site language needs one",
                )
        vocabularies[name] = vocabulary_from_data(name, data)
    return vocabularies


def _check_schema_in_step(
    schema: dict[str, Any], schema_path: Path, vocabularies: dict[str, Vocabulary], collector: _Collector
) -> None:
    for name, key in VOCABULARY_KEYS.items():
        if name not in vocabularies:
            continue
        definition = SCHEMA_DEFS[key]
        if schema.get("$defs", {}).get(definition, {}).get("enum") != vocabularies[name].ids():
            collector.add(
                schema_path,
                (1, 1),
                f"$defs.{definition}",
                f"the enum is out of step with vocabularies/{name}.yml; run 'python build.py schema'",
            )


def _load_register(
    path: Path,
    validator: FastValidator,
    schema: dict[str, Any],
    vocabularies: dict[str, Vocabulary],
    collector: _Collector,
    allow_loopback: bool,
    today: dt.date | None,
) -> Register | None:
    document = read_document(path, collector)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        from registry.formatting import describe_value

        collector.add(
            path,
            document.position(()),
            "",
            f"expected a mapping of keys (id: …, country: …), found {describe_value(document.data)}",
        )
        return None
    problems_before = len(collector.problems)
    if not _schema_problems(document, validator, path, collector):
        _check_identity(path, document, collector)
        return None
    _check_identity(path, document, collector)
    _check_semantics(path, document, schema, vocabularies, collector, allow_loopback, today or dt.date.today())
    if len(collector.problems) > problems_before:
        return None
    data = document.data
    return Register(id=data["id"], country=data["country"], path=path, data=data, document=document)


def _check_identity(path: Path, document: Document, collector: _Collector) -> None:
    """The file name, folder, id and country must agree (checked even on otherwise bad files)."""
    data = document.data
    register_id, country = data.get("id"), data.get("country")
    folder = path.parent.name
    if isinstance(register_id, str):
        if register_id != path.stem:
            collector.add(
                path,
                document.position(("id",)),
                "id",
                f"'{shorten(register_id)}' must equal the file name '{path.stem}' (rename the file or fix the id)",
            )
        if not register_id.startswith(folder + "-"):
            collector.add(
                path,
                document.position(("id",)),
                "id",
                f"'{shorten(register_id)}' must start with the folder's country code '{folder}-'",
            )
    if isinstance(country, str) and country.lower() != folder:
        collector.add(
            path,
            document.position(("country",)),
            "country",
            f"'{shorten(country)}' does not match the folder '{folder}'; "
            f"move the file to registers/{shorten(country.lower())}/",
        )


def _check_semantics(
    path: Path,
    document: Document,
    schema: dict[str, Any],
    vocabularies: dict[str, Vocabulary],
    collector: _Collector,
    allow_loopback: bool,
    today: dt.date,
) -> None:
    data = document.data

    def report(where: tuple[str | int, ...], message: str) -> None:
        collector.add(path, document.position(where), field_path(where), message)

    if document.first_line.strip() != MODELINE:
        report((), f"the first line must be the editor modeline '{MODELINE}'")

    official = schema.get("x-official-languages", {}).get(data["country"], [])
    names = data["name"]
    if "en" not in names:
        report(("name",), "an English name ('en') is required")
    if official and not any(lang in names for lang in official):
        report(("name",), f"a name in an official language of {data['country']} is required ({', '.join(official)})")

    if data.get("replaced_by") and data["status"] == "active":
        report(("replaced_by",), "only a deprecated or withdrawn register is replaced; set status accordingly")
    if data.get("replaced_by") == data["id"]:
        report(("replaced_by",), "a register cannot replace itself")

    for name, key in VOCABULARY_KEYS.items():
        vocabulary = vocabularies.get(name)
        if vocabulary is None or key not in data:
            continue
        values = data[key] if isinstance(data[key], list) else [data[key]]
        known = set(vocabulary.ids())
        for index, value in enumerate(values):
            if value not in known:
                where = (key, index) if isinstance(data[key], list) else (key,)
                report(where, f"'{shorten(str(value))}' is not in vocabularies/{name}.yml")

    for where, url in _urls(data):
        problem = url_problem(url, allow_loopback=allow_loopback) or _placeholder_url(url)
        if problem:
            report(where, problem)
    for where, text in _texts(data):
        if text.strip() == PLACEHOLDER_TEXT:
            report(where, f"'{PLACEHOLDER_TEXT}' is a placeholder: write {_what_belongs(where)}")

    _check_confirms(data, report)

    reviewed = data.get("reviewed")
    if reviewed and dt.date.fromisoformat(reviewed) > today:
        report(("reviewed",), f"{reviewed} is in the future; give the date the review happened")


def _check_confirms(data: dict[str, Any], report: Callable[[tuple[str | int, ...], str], None]) -> None:
    """An active register needs a page that shows its address; a source confirms only keys the file has."""
    sources = data.get("sources") or []
    for index, source in enumerate(sources):
        for position, key in enumerate(source.get("confirms") or []):
            if key not in data:
                report(
                    ("sources", index, "confirms", position),
                    f"'{key}' is confirmed but the register has no '{key}'; remove it from confirms or add the key",
                )
    if data["status"] == "active" and not any("url" in (s.get("confirms") or []) for s in sources):
        report(
            ("sources",),
            f"no source confirms the address {shorten(data['url'])}: add 'confirms: [url]' to the source whose "
            "page shows exactly this address (the page itself, or an official page linking it), "
            "or add such a page as a source",
        )


def _placeholder_url(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS):
        return f"'{shorten(url)}' is a placeholder: give the real address of the page you saw"
    return None


def _texts(data: Any, where: tuple[str | int, ...] = ()) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """Every string value of a register, with its field path."""
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*where, index))


def _what_belongs(where: tuple[str | int, ...]) -> str:
    """What a placeholder at ``where`` stands for, in a few words."""
    language = where[-1] if isinstance(where[-1], str) and len(where[-1]) == 2 else None
    in_language = f" in '{language}'" if language else ""
    if where[:1] == ("name",):
        return f"the register's name{in_language}, as the register's own page gives it"
    if where[:2] == ("authority", "name"):
        return f"the keeping authority's name{in_language}"
    if where[:1] == ("sources",) and where[-1] == "title":
        return "a short title of that page (e.g. 'Ordem dos Médicos: Pesquisa de Médicos')"
    return "the real value (see the comment above the key)"


def _urls(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Every URL of a register, with its field path."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for key in ("url", "search_url"):
        if key in data:
            found.append(((key,), data[key]))
    for language, url in (data.get("language_urls") or {}).items():
        found.append((("language_urls", language), url))
    if "url" in data.get("authority", {}):
        found.append((("authority", "url"), data["authority"]["url"]))
    for key in ("api", "open_data"):
        if key in (data.get("data") or {}):
            found.append((("data", key), data["data"][key]))
    for index, source in enumerate(data.get("sources") or []):
        found.append((("sources", index, "url"), source["url"]))
    return found
