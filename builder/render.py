"""Rendering: Jinja2 templates (autoescaped) × 26 languages → HTML files in the output folder.

Templates take prepared views (``builder.model``) and never touch YAML directly; every value is
escaped by Jinja's autoescape, and only the sanitised Markdown HTML is marked safe.
"""

from __future__ import annotations

import gettext
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from builder import indexer
from builder.config import SiteConfig
from builder.errors import BuildError
from builder.i18n import load_translations, native_name
from builder.model import LanguageView, Site, Text
from builder.search_index import index_only_html, search_document
from builder.status import STATES
from builder.writer import WRITER
from registry.languages import PROTOCOL_ORDER


@dataclass(frozen=True)
class Page:
    """One page in one language: ``path`` is the folder under <lang>/ ("registers/ee-x/")."""

    path: str
    template: str
    context: Callable[[LanguageView], dict[str, Any]]
    file: str = "index.html"
    searchable: bool = False  # register pages: indexed by Pagefind (builder.search_index)
    search_terms: Callable[[LanguageView], list[tuple[float, list[str]]]] | None = None  # index-only words


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for every environment of the process.

    Each language gets a fresh environment (a template module imported by ``{% from … import %}``
    is cached per environment, with the gettext of the language that first imported it), but the
    templates are compiled once: Jinja checks each entry against the template's source checksum,
    so an edited template (``serve``) is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


COMPILED = MemoryBytecodeCache()


def make_environment(site_dir: Path) -> jinja2.Environment:
    """A new environment for one language (see MemoryBytecodeCache); templates compile once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(site_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=COMPILED,
    )
    env.newstyle_gettext = True  # how {% trans %} compiles; the same in every environment sharing COMPILED
    # JSON-LD as UTF-8 without spaces: "\u00c4rzteliste" is 6 bytes for 2 and is repeated on 26
    # language pages of every register (tojson still escapes < > & ' for the <script> element).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False, "separators": (",", ":")}
    env.globals["lang_attr"] = lang_attr
    env.globals["STATES"] = STATES
    return env


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template now, so that render workers forked afterwards find them in COMPILED."""
    for name in env.list_templates(extensions=["html"]):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            raise BuildError(f"site/templates/{name}: error: {exc}") from None


class LinkMaker:
    """The hreflang alternates and the language switcher: 26 links on every page, built as strings.

    Done in Python rather than in a Jinja loop because they are the same shape on every one of
    the ~30,000 pages of a large build, and a loop of 26 escaped links costs more than the page.
    """

    def __init__(self, config: SiteConfig, language: str) -> None:
        self.config = config
        self.language = language
        self.names = [(code, escape(native_name(code))) for code in config.languages]
        self.menu = sorted(self.names, key=lambda item: menu_position(item[0]))

    def alternates(self, page_path: str) -> Markup:
        absolute = self.config.absolute
        links = [f'<link rel="alternate" hreflang="{code}" href="{escape(absolute(f"{code}/{page_path}"))}">'
                 for code, _ in self.names]  # fmt: skip
        links.append(f'<link rel="alternate" hreflang="x-default" href="{escape(absolute(f"en/{page_path}"))}">')
        return Markup("\n".join(links))

    def switcher(self, root: str, page_path: str, page_file: str) -> Markup:
        target = escape(page_path + ("" if page_file == "index.html" else page_file))
        current = ' aria-current="true"'
        items = [
            f'<li><a href="{escape(root)}{code}/{target}" hreflang="{code}" lang="{code}"'
            f"{current if code == self.language else ''}>{name}</a></li>"
            for code, name in self.menu
        ]
        return Markup("<ul>\n" + "\n".join(items) + "\n</ul>")


class Chrome:
    """The header and footer, rendered once per language and folder depth instead of per page.

    They differ between pages only by the relative ``root`` prefix (``../../``), so a build of
    ~30,000 pages renders each a handful of times; a fifth of the rendering time otherwise.
    """

    def __init__(self, env: jinja2.Environment, context: dict[str, Any]) -> None:
        self.env = env
        self.context = context
        self._rendered: dict[tuple[str, str], Markup] = {}

    def __call__(self, template: str, root: str) -> Markup:
        key = (template, root)
        if key not in self._rendered:
            html = self.env.get_template(template).render({**self.context, "root": root})
            self._rendered[key] = Markup(html)
        return self._rendered[key]


def menu_position(code: str) -> int:
    """A language's place in menus: the EU's protocol order (registry.languages.PROTOCOL_ORDER)."""
    return PROTOCOL_ORDER.index(code) if code in PROTOCOL_ORDER else len(PROTOCOL_ORDER)


def install_translations(env: jinja2.Environment, translations: gettext.NullTranslations) -> None:
    """Jinja's new-style gettext (autoescaped, ``%``-formatted), with the lookups memoised.

    A large build calls ``_()`` about 50 times per page; Jinja's own callables look the string up,
    wrap it in Markup and format it every time, which was a fifth of the rendering time. The
    result of a call without variables never changes within a language, so it is kept.
    """
    env.install_gettext_translations(translations, newstyle=True)  # also tells the compiler: new style
    lookup, plural_lookup = translations.gettext, translations.ngettext
    cache: dict[str, Markup] = {}

    def cached_gettext(string: str, /, **variables: Any) -> Markup:
        if not variables:
            try:
                return cache[string]
            except KeyError:
                result = cache[string] = Markup(lookup(string)) % {}
                return result
        return Markup(lookup(string)) % variables

    def cached_ngettext(singular: str, plural: str, number: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", number)
        return Markup(plural_lookup(singular, plural, number)) % variables

    env.globals.update(gettext=cached_gettext, _=cached_gettext, ngettext=cached_ngettext)


def lang_attr(text: Text | str | None, page_lang: str) -> Markup:
    """`` lang="et"`` when a text is not in the page's language (screen readers switch voice)."""
    if isinstance(text, Text) and text.lang != page_lang:
        return Markup(' lang="%s"') % text.lang
    return Markup("")


def pages_for(site: Site) -> list[Page]:
    """Every page of one language; the same list for each language (so switchers always work)."""
    pages = [
        Page("", "home.html", lambda v: {"countries": v.countries(), "professions": _terms(v, "professions"),
                                         "areas": _terms(v, "areas")}),
        Page("countries/", "countries.html", lambda v: {"countries": v.countries()}),
        Page("professions/", "terms.html", lambda v: {"kind": "professions", "terms": _terms(v, "professions")}),
        Page("areas/", "terms.html", lambda v: {"kind": "areas", "terms": v.terms("areas", "areas")}),
        Page("status/", "status.html", lambda v: {"status": v.status_page()}),
        Page("coverage/", "coverage.html", lambda v: {"matrix": v.coverage_matrix()}),
        Page("", "404.html", lambda v: {}, file="404.html"),
    ]  # fmt: skip
    for page in ("about", "contribute", "accessibility"):
        pages.append(Page(f"{page}/", "prose.html", _prose_context(site, page)))
    for code in site.countries:
        pages.append(Page(f"countries/{code.lower()}/", "country.html", _country_context(site, code)))
    for code in sorted(site.by_country):  # the link status, one page per country with registers
        pages.append(Page(f"status/{code.lower()}/", "status.html", _status_context(code)))
    for register in site.registry.registers:
        pages.append(Page(f"registers/{register.id}/", "register.html", _register_context(register), searchable=True,
                          search_terms=_search_terms(register)))
    for vocabulary, key in (("professions", "professions"), ("areas", "areas")):
        for term_id in site.registry.vocabularies[vocabulary].ids():
            pages.append(Page(f"{key}/{term_id}/", "term.html", _term_context(vocabulary, key, term_id)))
    return pages


def _terms(view: LanguageView, key: str) -> list[dict[str, Any]]:
    return view.terms(key, key)


def _prose_context(site: Site, name: str) -> Callable[[LanguageView], dict[str, Any]]:
    from builder.content import load_prose

    states = [cell.state for cell in site.registry.coverage.values()]
    variables = {
        "repository": site.config.repository,
        "contact_email": site.config.contact_email,
        "registers": str(len(site.registry.registers)),
        "cells": str(len(states)),
        "served": str(states.count("served")),
        "unknown": str(states.count("unknown")),
    }
    return lambda v: {"prose": load_prose(site.config.content, v.lang, name, variables), "name": name}


def _country_context(site: Site, code: str) -> Callable[[LanguageView], dict[str, Any]]:
    return lambda v: {
        "code": code,
        "name": v.country_name(code),
        "registers": v.sorted_registers(site.by_country.get(code, [])),
        "coverage": v.coverage(code),
    }


def _status_context(code: str) -> Callable[[LanguageView], dict[str, Any]]:
    return lambda v: {"status": v.status_page(code)}


def _register_context(register) -> Callable[[LanguageView], dict[str, Any]]:
    return lambda v: {"register": v.register(register)}


def _search_terms(register) -> Callable[[LanguageView], list[tuple[float, list[str]]]]:
    return lambda v: v.search_terms(register)


def _term_context(vocabulary: str, key: str, term_id: str) -> Callable[[LanguageView], dict[str, Any]]:
    return lambda v: {"kind": key, "term": v.term(vocabulary, key, term_id)}


def page_depth(path: str, file: str = "index.html") -> int:
    return 1 + path.count("/")


def render_language(env: jinja2.Environment, site: Site, language: str, out_dir: Path, pages: list[Page]) -> int:
    """Write every page of ``language`` and, unless disabled, its search index; returns the page count."""
    config: SiteConfig = site.config
    install_translations(env, load_translations(config.locales, language))
    view = LanguageView(site, language)
    languages = [(code, native_name(code)) for code in config.languages]
    links = LinkMaker(config, language)
    common = {
        "alternates": links.alternates,
        "switcher": links.switcher,
        "lang": language,
        "languages": languages,
        "config": config,
        "locale": view.locale,
        "view": view,
        "page_count": len(pages),
    }
    common["chrome"] = Chrome(env, common)
    written = 0
    for page in pages:
        try:
            template = env.get_template(page.template)
        except jinja2.TemplateError as exc:
            raise BuildError(f"site/templates/{page.template}: error: {exc}") from None
        is_404 = page.file == "404.html"
        root = config.base_path if is_404 else "../" * page_depth(page.path)
        context = {**common, **page.context(view), "page_path": page.path, "page_file": page.file, "root": root}
        try:
            html = template.render(context)
        except jinja2.TemplateError as exc:
            raise BuildError(f"site/templates/{page.template}: error: {exc} (page {language}/{page.path})") from None
        WRITER.write(out_dir / language / page.path / page.file, html)  # by threads (builder.writer)
        written += 1
        if config.run_pagefind and page.searchable:
            extra = index_only_html(page.search_terms(view)) if page.search_terms else ""
            _write_search_document(out_dir, language, page, html, extra)
    WRITER.flush()
    suggestions = json.dumps(view.search_suggestions(), ensure_ascii=False, separators=(",", ":"))
    (out_dir / language / "search-suggestions.json").write_text(suggestions, encoding="utf-8")
    if config.run_pagefind:
        indexer.finish(out_dir, language)
    return written


def _write_search_document(out_dir: Path, language: str, page: Page, html: str, extra: str = "") -> None:
    document = search_document(html, language, extra)
    if document is None:
        raise BuildError(f"site/templates/{page.template}: error: no <article data-pagefind-body> to index "
                         f"(page {language}/{page.path})")  # fmt: skip
    indexer.index_for(out_dir, language).add(f"/{language}/{page.path}", document)  # streamed, not written


# What the root page says in the reader's language when JavaScript runs (site/static/language.js).
ROOT_TEXTS = {
    "title": "National online registers of Europe",
    "intro": "Find the official online register of a profession or business in any EU/EEA country or "
             "Switzerland, and how to search it.",
    "who": "For officials who check a professional's or a company's registration in another country, and "
           "for anyone who needs the same answer.",
    "search": "Search the registers",
    "button": "Search",
}  # fmt: skip


def render_root(env: jinja2.Environment, site: Site, out_dir: Path) -> None:
    """The language chooser at / and the site-wide 404 page (English, with every language)."""
    languages = sorted(((code, native_name(code)) for code in site.config.languages),
                       key=lambda item: menu_position(item[0]))  # fmt: skip
    intros = {}
    for code in site.config.languages:
        catalogue = load_translations(site.config.locales, code)
        intros[code] = {key: catalogue.gettext(text) for key, text in ROOT_TEXTS.items()}
    install_translations(env, load_translations(site.config.locales, "en"))
    for template, name, root in (("root.html", "index.html", ""), ("root404.html", "404.html", site.config.base_path)):
        html = env.get_template(template).render(
            {"lang": "en", "languages": languages, "config": site.config, "root": root, "page_path": "",
             "page_file": name, "intros": intros}
        )  # fmt: skip
        (out_dir / name).write_text(html, encoding="utf-8")


def copy_static(site_dir: Path, out_dir: Path) -> None:
    """site/static/* → <out>/static/ (CSS, the search starter)."""
    source = site_dir / "static"
    target = out_dir / "static"
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if path.is_file():
            (target / path.name).write_bytes(path.read_bytes())


def relative(path: str) -> str:
    return os.path.normpath(path)
