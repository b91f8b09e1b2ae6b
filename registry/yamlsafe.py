"""A strict YAML reader that keeps the position of every value.

Register files are small, hand-edited and reviewed, so the reader refuses anything a
reviewer could miss: tags (``!!python/...``), anchors and aliases, duplicate keys,
non-UTF-8 bytes and oversized files. Scalars are resolved by the YAML 1.2 core schema,
so ``NO`` (Norway) stays a string and ``2026-11-20`` stays a string for the schema's
``format: date`` to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is ~10x faster; the pure-Python parser gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_INT_DIGITS = 4000

Path_ = tuple[str | int, ...]

# Invisible characters with effects besides the C0 controls: DEL, C1 controls, line/paragraph
# separators, and the bidirectional overrides and isolates that make a reviewer read something
# other than what the file says ("Trojan Source", CVE-2021-42574). Also escaped in messages
# (registry.formatting.printable).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
EFFECT_CHARACTERS = f"\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{EFFECT_CHARACTERS}]")  # C0 but tab, LF, CR
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


class YamlError(Exception):
    """A file that cannot be read as plain YAML; ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass
class Document:
    """The plain data of a file plus where each value (and each mapping key) starts."""

    data: Any
    first_line: str = ""
    value_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """The closest known position for ``path``: the value, else its key, else a parent."""
        path = tuple(path)
        while True:
            if path in self.value_positions:
                return self.value_positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def decode(raw: bytes) -> str:
    """Bytes to text, refusing what an editor would not show faithfully."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlError(
            f"the file is {len(raw):,} bytes; a register file must stay under "
            f"{MAX_FILE_BYTES // 1024} KiB (move long text to the site's content pages)"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start])
        raise YamlError("the file is not valid UTF-8; save it as UTF-8", line, col) from None
    control = _CONTROL.search(text)
    if control:
        char = control.group()
        line, col = _line_col(text[: control.start()].encode())
        raise YamlError(f"{_character_name(char)} U+{ord(char):04X} is not allowed; remove it", line, col)
    return text


def _character_name(char: str) -> str:
    if _BIDI.match(char):
        return "the bidirectional control character"
    if char in "\u2028\u2029":
        return "the line separator character"
    return "the control character"


def _line_col(prefix: bytes) -> tuple[int, int]:
    line = prefix.count(b"\n") + 1
    return line, len(prefix) - (prefix.rfind(b"\n") + 1) + 1


def parse(raw: bytes) -> Document:
    """Parse one YAML document from bytes into plain Python data with positions."""
    text = decode(raw)
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_EventLoader):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        raise YamlError(f"invalid YAML: {what}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}") from None
    document = builder.result()
    document.first_line = text.split("\n", 1)[0].rstrip("\r")
    return document


class _Builder:
    """Turns a stream of parser events into data; refuses anything beyond plain YAML."""

    def __init__(self) -> None:
        self.document = Document(data=None)
        self.documents = 0
        self.stack: list[tuple[Any, Path_, str | None]] = []
        self.done = False

    def result(self) -> Document:
        if self.documents == 0:
            raise YamlError("the file is empty; a register file is a YAML mapping of keys")
        return self.document

    def feed(self, event: yaml.Event) -> None:
        """One parser event; dispatched on its exact class (a few hundred thousand per large run)."""
        handler = _HANDLERS.get(type(event))
        if handler is None:  # pragma: no cover - PyYAML has no other event classes
            raise YamlError(f"unexpected YAML event {type(event).__name__}", *_pos(event))
        handler(self, event)

    def _document_start(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlError(
                "the file holds more than one YAML document ('---'); keep one register per file", *_pos(event)
            )

    def _ignore(self, event: yaml.Event) -> None:
        return

    def _alias(self, event: yaml.AliasEvent) -> None:
        raise YamlError(f"alias '*{event.anchor}' is not allowed; write the value out in full", *_pos(event))

    def _check_node(self, event: yaml.NodeEvent, tag: str | None, plain_str_allowed: bool) -> None:
        if event.anchor:
            raise YamlError(f"anchor '&{event.anchor}' is not allowed; write each value out in full", *_pos(event))
        if tag is not None and tag != "!" and not (plain_str_allowed and tag == "tag:yaml.org,2002:str"):
            raise YamlError(f"tag '{tag}' is not allowed; remove it", *_pos(event))

    def _scalar_event(self, event: yaml.ScalarEvent) -> None:
        if event.anchor or event.tag is not None:
            self._check_node(event, event.tag, plain_str_allowed=True)
        hidden = _CONTROL.search(event.value)
        if hidden:  # written as an escape ("\x00", "\u202e") in a quoted scalar
            char = hidden.group()
            raise YamlError(
                f"{_character_name(char)} U+{ord(char):04X} (written as an escape) is not allowed; remove it",
                *_pos(event),
            )
        self._add(_scalar(event), event)

    def _collection_start(self, event: yaml.CollectionStartEvent) -> None:
        if event.anchor or event.tag is not None:
            self._check_node(event, event.tag, plain_str_allowed=False)
        if len(self.stack) >= MAX_DEPTH:
            raise YamlError(f"the data is nested deeper than {MAX_DEPTH} levels", *_pos(event))
        container: Any = {} if type(event) is yaml.MappingStartEvent else []
        path = self._add(container, event)
        self.stack.append((container, path, None))

    def _collection_end(self, event: yaml.CollectionEndEvent) -> None:
        _container, _path, pending_key = self.stack.pop()
        if pending_key is not None:  # pragma: no cover - the parser never allows this
            raise YamlError("a mapping key has no value", *_pos(event))

    def _add(self, value: Any, event: yaml.Event) -> Path_:
        """Place ``value`` in the open container (or as the document) and return its path."""
        position = _pos(event)
        if not self.stack:
            self.document.data = value
            self.document.value_positions[()] = position
            return ()
        container, path, pending_key = self.stack[-1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            self.document.value_positions[child] = position
            return child
        if pending_key is None:
            if not isinstance(event, yaml.ScalarEvent):
                raise YamlError("a mapping key must be plain text, not a list or mapping", *position)
            key = event.value
            if key == "<<" and event.style in (None, ""):
                raise YamlError("merge keys ('<<') are not allowed; write the keys out", *position)
            if key in container:
                first_line = self.document.key_positions[(*path, key)][0]
                raise YamlError(
                    f"duplicate key '{key}' (first used on line {first_line}); keep only one",
                    *position,
                )
            container[key] = None
            self.document.key_positions[(*path, key)] = position
            self.stack[-1] = (container, path, key)
            return (*path, key)
        child = (*path, pending_key)
        container[pending_key] = value
        self.document.value_positions[child] = position
        self.stack[-1] = (container, path, None)
        return child


_HANDLERS = {
    yaml.StreamStartEvent: _Builder._ignore,
    yaml.StreamEndEvent: _Builder._ignore,
    yaml.DocumentStartEvent: _Builder._document_start,
    yaml.DocumentEndEvent: _Builder._ignore,
    yaml.AliasEvent: _Builder._alias,
    yaml.ScalarEvent: _Builder._scalar_event,
    yaml.MappingStartEvent: _Builder._collection_start,
    yaml.SequenceStartEvent: _Builder._collection_start,
    yaml.MappingEndEvent: _Builder._collection_end,
    yaml.SequenceEndEvent: _Builder._collection_end,
}


def _pos(event: yaml.Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _scalar(event: yaml.ScalarEvent) -> Any:
    """Resolve a scalar by the YAML 1.2 core schema; quoted scalars are always strings."""
    value = event.value
    if event.style not in (None, "") or event.tag == "tag:yaml.org,2002:str":
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        if len(value.lstrip("+-")) > MAX_INT_DIGITS:  # Python refuses to convert longer ones
            raise YamlError(f"the number has more than {MAX_INT_DIGITS} digits; quote it if it is text", *_pos(event))
        return int(value)
    if _INT_OCT.match(value):
        return int(value[2:], 8)
    if _INT_HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    return value
