"""What a 2xx page says about itself: soft 404s, parked domains, bot challenges, expected text.

All functions are pure (text in, verdict out) so each rule is tested on strings, without a server.
Matching is case- and accent-insensitive ("página não encontrada" = "pagina nao encontrada"),
and soft-404 phrases are only looked for in the page's <title> and first <h1>: a register's
body text may well say "no results found", its title does not say "page not found".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from urllib.parse import urlsplit

# Titles and headings of "not found" pages, in the 26 site languages (24 EU + is + nb).
SOFT_404_PHRASES: dict[str, tuple[str, ...]] = {
    "bg": ("страницата не е намерена", "страницата не съществува", "не е намерена"),
    "cs": ("stránka nenalezena", "stránka nebyla nalezena", "stránka neexistuje", "nenalezeno"),
    "da": ("siden blev ikke fundet", "siden findes ikke", "side ikke fundet", "siden kunne ikke findes"),
    "de": ("seite nicht gefunden", "seite wurde nicht gefunden", "seite existiert nicht", "nicht gefunden",
           "fehler 404"),
    "el": ("η σελίδα δεν βρέθηκε", "η σελίδα δεν υπάρχει", "δεν βρέθηκε"),
    "en": ("page not found", "not found", "page cannot be found", "page could not be found",
           "page does not exist", "page doesn't exist", "page no longer exists", "error 404"),
    "es": ("página no encontrada", "no se ha encontrado la página", "no se encuentra la página",
           "la página no existe", "error 404"),
    "et": ("lehte ei leitud", "lehekülge ei leitud", "lehekülge ei eksisteeri", "ei leitud"),
    "fi": ("sivua ei löytynyt", "sivua ei löydy", "sivua ei ole olemassa", "ei löytynyt"),
    "fr": ("page introuvable", "page non trouvée", "page inexistante", "la page demandée n'existe pas",
           "erreur 404", "introuvable"),
    "ga": ("níor aimsíodh an leathanach", "leathanach gan aimsiú", "níor aimsíodh"),
    "hr": ("stranica nije pronađena", "stranica ne postoji", "nije pronađena"),
    "hu": ("az oldal nem található", "oldal nem található", "a keresett oldal nem található", "nem található"),
    "it": ("pagina non trovata", "pagina non esistente", "la pagina non esiste", "non trovata"),
    "lt": ("puslapis nerastas", "puslapis nerasta", "puslapis neegzistuoja", "nerastas"),
    "lv": ("lapa nav atrasta", "lapa netika atrasta", "lapa neeksistē", "nav atrasta"),
    "mt": ("il-paġna ma nstabitx", "paġna mhux misjuba", "ma nstabitx", "mhux misjuba"),
    "nl": ("pagina niet gevonden", "pagina bestaat niet", "pagina is niet gevonden", "niet gevonden"),
    "pl": ("nie znaleziono strony", "strona nie została znaleziona", "strona nie istnieje", "nie znaleziono"),
    "pt": ("página não encontrada", "página inexistente", "a página não existe", "não encontrada"),
    "ro": ("pagina nu a fost găsită", "pagina nu există", "pagină negăsită", "nu a fost găsită"),
    "sk": ("stránka sa nenašla", "stránka nebola nájdená", "stránka neexistuje", "nenašla"),
    "sl": ("stran ne obstaja", "strani ni mogoče najti", "stran ni bila najdena", "ni bila najdena"),
    "sv": ("sidan hittades inte", "sidan kunde inte hittas", "sidan finns inte", "hittades inte"),
    "is": ("síða fannst ekki", "síðan fannst ekki", "síðan finnst ekki", "fannst ekki"),
    "nb": ("siden finnes ikke", "fant ikke siden", "siden ble ikke funnet", "ikke funnet"),
}  # fmt: skip

# "This domain is for sale" pages and the parking services that serve them.
PARKED_PHRASES: tuple[str, ...] = (
    "this domain is for sale", "this domain may be for sale", "domain is for sale", "buy this domain",
    "the domain name is for sale", "this domain name is for sale", "domain for sale", "this domain is parked",
    "parked free", "domain parking", "parkingcrew", "sedoparking", "bodis.com", "hugedomains.com",
    "afternic.com", "dan.com/buy-domain", "diese domain kaufen", "diese domain steht zum verkauf",
    "domain steht zum verkauf", "ce domaine est à vendre", "nom de domaine à vendre", "dominio en venta",
    "este dominio está a la venta", "questo dominio è in vendita", "domein te koop", "deze domeinnaam is te koop",
    "domena na sprzedaż", "domæne til salg", "domänen är till salu", "verkkotunnus on myynnissä",
    "doména je na prodej", "domínio à venda",
)  # fmt: skip

# Bot-protection pages: (signature in the lower-cased page, detail). These markers only appear on
# the interstitial or block page itself, whatever its HTTP status.
CHALLENGE_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("<title>just a moment...</title>", "challenge"),
    ("cf-browser-verification", "challenge"),
    ("/cdn-cgi/challenge-platform/h/", "challenge"),
    ("cf_chl_opt", "challenge"),
    ("attention required! | cloudflare", "challenge"),
    ("checking your browser before accessing", "challenge"),
    ("ddos protection by ddos-guard", "challenge"),
    ("px-captcha", "challenge"),
    ("incapsula incident id", "waf"),
    ("request unsuccessful. incapsula", "waf"),
    ("sucuri website firewall - access denied", "waf"),
    ("the requested url was rejected. please consult with your administrator", "waf"),
)
# Markers that protected sites also put on their normal pages (Cloudflare's JavaScript detections
# load /cdn-cgi/challenge-platform/scripts/jsd/, Imperva injects _Incapsula_Resource scripts, AWS
# WAF and DataDome integrate their scripts, a search form may say "verify you are human"): they
# mean a challenge only on an error status or on a page with almost no text of its own.
WEAK_CHALLENGE_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("/cdn-cgi/challenge-platform/", "challenge"),
    ("verify you are human", "challenge"),
    ("please enable javascript and cookies to continue", "challenge"),
    ("captcha-delivery.com", "challenge"),
    ("validate.perfdrive.com", "challenge"),
    ("awswaf", "challenge"),
    ("_incapsula_resource", "waf"),
    ("sucuri website firewall", "waf"),
)
INTERSTITIAL_TEXT_LIMIT = 600  # characters of visible text; a register's page has more

_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_STANDALONE_404 = re.compile(r"(?:^|[\s\-–—|:(\[])404(?:$|[\s\-–—|:)\].])")
# Paths of a home page: "/", "/index.html", "/en/", "/et/avaleht"… (a site language's root).
_LANGUAGE_ROOTS = "|".join([*sorted(SOFT_404_PHRASES), "no", "nn", "lb", "rm", "ru", "uk"])
_HOME_PATHS = re.compile(
    rf"^/?(?:(?:{_LANGUAGE_ROOTS})(?:[-_][a-z]{{2}})?/?)?(?:(?:index|default|home|start|avaleht|etusivu)(?:\.\w+)?)?/?$",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Case-, accent- and white-space-insensitive form used for every comparison."""
    text = html.unescape(text).casefold() if "&" in text else text.casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", text).strip()


def _plain(fragment: str) -> str:
    return fold(_TAG.sub(" ", fragment))


def title_and_heading(page: str) -> tuple[str, str]:
    """The folded <title> and first <h1> of an HTML page ("" when absent)."""
    title = _TITLE.search(page)
    heading = _H1.search(page)
    return (_plain(title.group(1)) if title else "", _plain(heading.group(1)) if heading else "")


@cache
def _folded_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(p) for p in phrases)


@cache
def _all_soft_404_phrases() -> tuple[str, ...]:
    return _folded_phrases(tuple(p for group in SOFT_404_PHRASES.values() for p in group))


def soft_404_sign(page: str) -> str | None:
    """The phrase that makes a 2xx page a "not found" page, or None."""
    for text in title_and_heading(page):
        if not text:
            continue
        if _STANDALONE_404.search(text):
            return "404"
        for phrase in _all_soft_404_phrases():
            if phrase in text:
                return phrase
    return None


def parked_sign(page: str) -> str | None:
    """The phrase that shows a parked ("domain for sale") page, or None."""
    folded = fold(page)
    for phrase in _folded_phrases(PARKED_PHRASES):
        if phrase in folded:
            return phrase
    return None


def challenge_kind(headers: Mapping[str, str], page: str, status: int = 200) -> str | None:
    """``challenge`` or ``waf`` when a bot-protection layer answered instead of the site, else None.

    ``cf-mitigated: challenge`` is Cloudflare's documented header for challenge answers; the
    other signatures are the fixed markers of the common bot-protection products' pages. Markers
    that protected sites also carry on their normal pages count only on an error status or on a
    page with almost no text, so a working register behind such a service is not "blocked".
    """
    if "challenge" in headers.get("cf-mitigated", "").lower():
        return "challenge"
    lowered = page.lower()
    for signature, kind in CHALLENGE_SIGNATURES:
        if signature in lowered:
            return kind
    weak = [kind for signature, kind in WEAK_CHALLENGE_SIGNATURES if signature in lowered]
    if weak and (not 200 <= status < 300 or len(visible_text(page)) < INTERSTITIAL_TEXT_LIMIT):
        return weak[0]
    return None


_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def visible_text(page: str) -> str:
    """The page's text without markup, scripts and styles (folded)."""
    return _plain(_INVISIBLE.sub(" ", page))


def contains_expected(page: str, expect: str) -> bool:
    """``check.expect`` found in the page (markup stripped, case/accents/white space ignored)."""
    needle = fold(expect)
    return needle in fold(page) or needle in _plain(page)


def is_home_fallback(original_url: str, final_url: str) -> bool:
    """A deep URL that ended on the site's home page: the page the register points to is gone."""
    original = urlsplit(original_url)
    final = urlsplit(final_url)
    deep = bool(original.path.strip("/")) and not _HOME_PATHS.match(original.path)
    return deep and bool(_HOME_PATHS.match(final.path)) and not final.query


def names(items: Iterable[str]) -> str:
    """A short, sorted, comma-separated list for messages."""
    return ", ".join(sorted(set(items)))
