"""``--fix``: replace a permanently redirected URL by its new address, touching nothing else.

Register files are written by people, with comments, flow mappings and their own line breaks,
and every byte of a fix is reviewed in a pull request. So the fix is not a re-serialisation:
ruamel.yaml's round-trip loader finds the exact position of the URL scalar, only those
characters are replaced (keeping the scalar's quoting style), and the result is loaded again
with ruamel.yaml to prove that the one value changed and every other value is as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from registry.schema_sync import write_text_atomically

_PLAIN_SAFE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s#'\"]*$")


class FixError(Exception):
    """The file could not be fixed safely (it is left as it was)."""


@dataclass(frozen=True)
class Fix:
    """Replace ``old`` by ``new`` at ``field`` ("url", "search_url", "language_urls.en")."""

    path: Path
    field: str
    old: str
    new: str


def _load(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    return yaml.load(StringIO(text))


def _locate(document: Any, keys: list[str]) -> tuple[int, int]:
    """0-based (line, column) of the value at ``keys``."""
    node = document
    for key in keys[:-1]:
        node = node[key]
    line, column = node.lc.value(keys[-1])
    return line, column


def _scalar(new: str, quote: str) -> str:
    if quote == "'":
        return "'" + new.replace("'", "''") + "'"
    if quote == '"':
        return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return new if _PLAIN_SAFE.match(new) else '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'


def rewrite(text: str, field: str, old: str, new: str) -> str:
    """The file's text with the value at ``field`` changed from ``old`` to ``new``."""
    keys = field.split(".", 1) if field.startswith("language_urls.") else [field]
    document = _load(text)
    try:
        current = document
        for key in keys:
            current = current[key]
    except (KeyError, TypeError) as exc:
        raise FixError(f"{field} is not in the file") from exc
    if current != old:
        raise FixError(f"{field} is {current!r} now, not {old!r}: the file changed since the check")
    line, column = _locate(document, keys)
    lines = text.splitlines(keepends=True)
    source = lines[line]
    quote = source[column] if source[column] in "'\"" else ""
    token = _scalar(old, quote) if quote else old
    if not source.startswith(token, column):
        raise FixError(f"{field}: the value is not written on one line as a plain or quoted URL")
    lines[line] = source[:column] + _scalar(new, quote) + source[column + len(token) :]
    fixed = "".join(lines)
    _verify(document, _load(fixed), keys, new)
    return fixed


def _verify(before: Any, after: Any, keys: list[str], new: str) -> None:
    """Every value equal except the one replaced."""
    import copy

    expected = copy.deepcopy(_plain(before))
    target = expected
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = new
    if _plain(after) != expected:
        raise FixError("rewriting the URL would change other values; not fixed")


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node if node is None or isinstance(node, (bool, int, float)) else str(node)


def apply(fixes: list[Fix]) -> list[tuple[Fix, str | None]]:
    """Apply each fix in place (atomically); return each with None or the reason it was not applied."""
    done: list[tuple[Fix, str | None]] = []
    for fix in fixes:
        try:
            text = fix.path.read_text(encoding="utf-8")
            write_text_atomically(fix.path, rewrite(text, fix.field, fix.old, fix.new))
        except (OSError, FixError) as exc:
            done.append((fix, str(exc)))
        except Exception as exc:  # a YAML error: report it, never half-fix
            done.append((fix, f"cannot read the file as YAML ({type(exc).__name__})"))
        else:
            done.append((fix, None))
    return done
