"""`python -m builder.catalogues`: re-extract UI strings from the templates and update every .po.

The same as ``pybabel extract -F site/babel.cfg … && pybabel update …`` but in one command that
keeps the project's options (no source locations, so line moves do not churn the catalogues;
sorted output). New msgids arrive empty in every language; the translation test then fails
until they are translated.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from builder.config import BABEL_LOCALES, SITE_DIR
from registry.languages import SITE_LANGUAGES

METHOD_MAP = [("**.html", "jinja2")]
OPTIONS_MAP = {"**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}}


def extract(templates: Path = SITE_DIR / "templates") -> Catalog:
    catalog = Catalog(project="Open Registers Directory", copyright_holder="Open Registers Directory contributors")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates), METHOD_MAP, OPTIONS_MAP, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update(locales: Path = SITE_DIR / "locales") -> None:
    template = extract()
    with (locales / "messages.pot").open("wb") as handle:
        write_po(handle, template, no_location=True, sort_output=True, width=100)
    for lang in SITE_LANGUAGES:
        path = locales / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALES[lang])
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)  # update() shares the template's messages
        if lang == "en":  # the English catalogue is the msgids themselves
            for message in catalog:
                if message.id and not message.string:
                    message.string = tuple(message.id) if message.pluralizable else message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, no_location=True, sort_output=True, width=100, ignore_obsolete=True)


if __name__ == "__main__":
    update()
    print(f"updated {SITE_DIR / 'locales'}/messages.pot and {len(SITE_LANGUAGES)} catalogues", file=sys.stderr)
