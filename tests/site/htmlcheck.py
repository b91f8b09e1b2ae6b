"""Finding active content in HTML the way a browser would see it (tags and attributes, not text)."""

from __future__ import annotations

from html.parser import HTMLParser

DANGEROUS_TAGS = {"iframe", "style", "object", "embed", "img", "svg", "math", "form", "base", "frame"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append(attributes)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))
            ):
                self.problems.append(f"<{tag} {name}={value}>")


def scan(html: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner


def active_content(html: str, *, allowed_tags: set[str] = frozenset()) -> list[str]:
    """Event handlers, script URLs, and tags that run code or load things, as the browser parses them."""
    scanner = scan(html)
    problems = list(scanner.problems)
    problems += [f"<{tag}>" for tag, _ in scanner.tags if tag in DANGEROUS_TAGS - allowed_tags]
    for attributes in scanner.scripts:
        kind = attributes.get("type")
        if kind not in ("application/json", "application/ld+json") and not attributes.get("src"):
            problems.append("<script> inline")
    return problems
