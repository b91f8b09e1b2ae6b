# ruff: noqa: E501  (Hugo templates: one line each, as in a real theme)
"""The same site for Hugo: a comparable multilingual template over the benchmark's registers.

``bench_build.py`` writes, from the synthetic data folder, a Hugo project with the 26 site
languages (one content folder per language, the register's texts and labels resolved for that
language as our model does), a register page with the same facts, the 27 ``hreflang`` links
and the language switcher on every page, home/country/profession/area list pages (Hugo
taxonomies), and Pagefind run over the output, as a Hugo site would be indexed. Writing the
project is not timed; ``hugo`` + ``pagefind`` are.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import yaml

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ i18n "site" }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="{{ "static/style.css" | relURL }}">
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ i18n "site" }}</a>
<nav><a href="{{ "countries/" | relLangURL }}">{{ i18n "countries" }}</a> <a href="{{ "professions/" | relLangURL }}">{{ i18n "professions" }}</a> <a href="{{ "areas/" | relLangURL }}">{{ i18n "areas" }}</a></nav>
<ul>{{ $page := . }}{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}"{{ if eq .Language.Lang $page.Language.Lang }} aria-current="true"{{ end }}>{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ i18n "footer" }}</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<p><a href="{{ "countries/" | relLangURL }}">{{ i18n "countries" }}</a></p>
<article data-pagefind-body>
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
{{ with .Params.native }}<p class="alt-name">{{ . }}</p>{{ end }}
<p class="actions"><a class="button" href="{{ .Params.register_url }}" rel="noopener noreferrer">{{ i18n "open" }}</a>
{{ with .Params.search_url }}<a class="button" href="{{ . }}" rel="noopener noreferrer">{{ i18n "search" }}</a>{{ end }}</p>
<dl class="facts">
<dt>{{ i18n "country" }}</dt><dd>{{ range .GetTerms "countries" }}<a href="{{ .RelPermalink }}" data-pagefind-filter="country">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>{{ i18n "kept_by" }}</dt><dd><a href="{{ .Params.authority_url }}">{{ .Params.authority }}</a></dd>
<dt>{{ i18n "kind" }}</dt><dd data-pagefind-filter="kind">{{ .Params.kind }}</dd>
<dt>{{ i18n "access" }}</dt><dd data-pagefind-filter="access">{{ .Params.access }}</dd>
<dt>{{ i18n "languages" }}</dt><dd><ul>{{ range .Params.languages }}<li data-pagefind-filter="language">{{ . }}</li>{{ end }}</ul></dd>
</dl>
<h2>{{ i18n "information" }}</h2><ul>{{ range .Params.information }}<li>{{ . }}</li>{{ end }}</ul>
<h2>{{ i18n "how" }}</h2><ul>{{ range .Params.search_by }}<li>{{ . }}</li>{{ end }}</ul>
<div class="notes">{{ .Content }}</div>
<h2>{{ i18n "professions" }}</h2><ul>{{ range .GetTerms "professions" }}<li><a href="{{ .RelPermalink }}" data-pagefind-filter="profession">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<h2>{{ i18n "areas" }}</h2><ul>{{ range .GetTerms "areas" }}<li><a href="{{ .RelPermalink }}" data-pagefind-filter="area">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
<h2>{{ i18n "about" }}</h2>
<ul><li>{{ i18n "reviewed" }} {{ .Params.reviewed }}</li>
<li>{{ range .Params.sources }}<a href="{{ . }}">{{ . }}</a> {{ end }}</li>
<li><a href="{{ .Params.source_url }}">{{ .Params.source_file }}</a></li></ul>
<script type="application/ld+json">{{ .Params.jsonld | jsonify | safeJS }}</script>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ with .Params.kind }}<span>{{ . }}</span>{{ end }}</li>{{ end }}</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ i18n "site" }}</h1>
<form role="search"><input type="search" name="q"></form>
<h2>{{ i18n "countries" }}</h2><ul>{{ range .Site.Taxonomies.countries.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>{{ i18n "professions" }}</h2><ul>{{ range .Site.Taxonomies.professions.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
}
I18N = {"site": "Open Registers Directory", "countries": "Countries", "professions": "Professions",
        "areas": "Areas of EU law", "footer": "Open data, open source.", "open": "Open the register",
        "search": "Go to the search form", "country": "Country", "kept_by": "Kept by",
        "kind": "Kind of register", "access": "Access", "languages": "Interface languages",
        "information": "What you can check", "how": "How to search", "about": "About this entry",
        "reviewed": "A person last checked this entry on"}  # fmt: skip


def _labels(data: Path) -> dict[str, dict[str, dict[str, str]]]:
    labels = {}
    for name in ("areas", "professions", "information", "search-by", "kinds"):
        doc = yaml.safe_load((data / "vocabularies" / f"{name}.yml").read_text("utf-8"))
        labels[name] = {t["id"]: t.get("labels", {}) for t in doc["terms"]}
    return labels


def write_project(data: Path, target: Path, languages: tuple[str, ...]) -> int:
    """A Hugo project for the registers of ``data`` in ``languages``; returns the number of content files."""
    from babel import Locale

    labels = _labels(data)
    for name, text in LAYOUTS.items():
        path = target / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (target / "static" / "static").mkdir(parents=True)
    (target / "static" / "static" / "style.css").write_text("body{font-family:sans-serif}\n")
    config = ['baseURL = "/"', 'defaultContentLanguage = "en"', "defaultContentLanguageInSubdir = true",
              'disableKinds = ["RSS"]', "[taxonomies]", 'country = "countries"', 'profession = "professions"',
              'area = "areas"', "[languages]"]  # fmt: skip
    for weight, lang in enumerate(languages, 1):
        name = Locale.parse({"pt": "pt_PT", "nb": "nb"}.get(lang, lang)).get_display_name()
        config += [f"[languages.{lang}]", f'contentDir = "content/{lang}"', f"weight = {weight}",
                   f'languageName = "{name}"']  # fmt: skip
        (target / "i18n").mkdir(exist_ok=True)
        (target / "i18n" / f"{lang}.toml").write_text("".join(f'{k} = "{v}"\n' for k, v in I18N.items()), "utf-8")
    (target / "hugo.toml").write_text("\n".join(config) + "\n", "utf-8")
    files = 0
    registers = [yaml.safe_load(p.read_text("utf-8")) for p in sorted((data / "registers").glob("*/*.yml"))]

    def label(vocab: str, term: str, lang: str) -> str:
        found = labels[vocab].get(term, {})
        return found.get(lang) or found.get("en") or term

    for lang in languages:
        for r in registers:
            name = r["name"].get(lang) or r["name"].get("en") or next(iter(r["name"].values()))
            front = {
                "title": name,
                "native": next((v for k, v in r["name"].items() if k != "en"), ""),
                "countries": [r["country"]],
                "professions": r.get("professions") or [],
                "areas": r.get("areas") or [],
                "register_url": r["url"],
                "search_url": r.get("search_url") or "",
                "authority": r["authority"]["name"].get(lang) or r["authority"]["name"]["en"],
                "authority_url": r["authority"].get("url") or "",
                "kind": label("kinds", r["kind"], lang),
                "access": r["access"]["cost"],
                "languages": r["languages"],
                "information": [label("information", i, lang) for i in r.get("information") or []],
                "search_by": [label("search-by", i, lang) for i in r.get("search_by") or []],
                "reviewed": str(r.get("reviewed") or ""),
                "sources": [s["url"] for s in r.get("sources") or []],
                "source_file": f"data/registers/{r['country'].lower()}/{r['id']}.yml",
                "source_url": f"https://github.com/o/r/blob/main/data/registers/{r['country'].lower()}/{r['id']}.yml",
                "jsonld": {"@type": "Dataset", "identifier": r["id"], "name": name, "url": r["url"]},
            }
            path = target / "content" / lang / "registers" / f"{r['id']}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            notes = (r.get("notes") or {}).get(lang) or (r.get("notes") or {}).get("en") or ""
            path.write_text("---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + notes + "\n", "utf-8")
            files += 1
    return files


def run(project: Path, pagefind: tuple[str, ...]) -> tuple[float, float, int]:
    """Build with Hugo, then index with Pagefind; returns (hugo seconds, pagefind seconds, pages)."""
    start = time.perf_counter()
    subprocess.run(["hugo", "--quiet", "--source", str(project), "--destination", str(project / "public")],
                   check=True)  # fmt: skip
    middle = time.perf_counter()
    subprocess.run([*pagefind, "--site", str(project / "public"), "--quiet"], check=True, capture_output=True)
    end = time.perf_counter()
    pages = sum(1 for _ in (project / "public").rglob("*.html"))
    return middle - start, end - middle, pages
