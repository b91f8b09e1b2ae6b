"""Which URLs a run checks: ``url``, ``search_url`` and every ``language_urls`` entry of a register.

A URL shared by several fields or registers is fetched once per run (one request per URL, like
a person following a link); ``check.expect`` only applies to the entry page (``url``), so the
same URL with and without an expected text are two checks. ``check.skip`` leaves the whole
register out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from registry.loader import Register
from registry.problems import display_path


@dataclass(frozen=True)
class Check:
    """One distinct request of the run."""

    url: str
    expect: str | None = None

    @property
    def key(self) -> str:
        return self.url if self.expect is None else f"{self.url}\n{self.expect}"


@dataclass(frozen=True)
class UrlRef:
    """One URL field of one register file, with the place a person edits it."""

    register: str
    country: str
    file: str
    line: int
    field: str  # "url", "search_url" or "language_urls.<lang>"
    url: str
    expect: str | None = None

    @property
    def check(self) -> Check:
        return Check(self.url, self.expect)


def url_refs(registers: Iterable[Register]) -> tuple[list[UrlRef], dict[str, str]]:
    """The URL fields to check, and the registers skipped with their reason."""
    refs: list[UrlRef] = []
    skipped: dict[str, str] = {}
    for register in registers:
        data = register.data
        check = data.get("check") or {}
        if "skip" in check:
            skipped[register.id] = str(check["skip"])
            continue
        file = display_path(register.path)

        def ref(path: tuple[str, ...], url: str, expect: str | None = None, register: Register = register,
                file: str = file) -> UrlRef:  # fmt: skip
            line = register.line_of(*path)
            return UrlRef(register.id, register.country.lower(), file, line, ".".join(path), url, expect)

        refs.append(ref(("url",), data["url"], check.get("expect")))
        if data.get("search_url"):
            refs.append(ref(("search_url",), data["search_url"]))
        for language in sorted(data.get("language_urls") or {}):
            refs.append(ref(("language_urls", language), data["language_urls"][language]))
    return refs, skipped


def distinct_checks(refs: Iterable[UrlRef]) -> list[Check]:
    """Each distinct (URL, expected text) once, in first-seen order."""
    seen: dict[str, Check] = {}
    for ref in refs:
        seen.setdefault(ref.check.key, ref.check)
    return list(seen.values())
