"""Language-aware sorting without ICU.

PyICU needs a C++ toolchain and ICU headers, and pyuca ships no tailorings, so the site uses a
small implementation of the same idea as the Unicode Collation Algorithm with CLDR tailorings:

* **root order**: a string is split into collation elements; each letter is decomposed (NFD)
  and compared first by its base letter (primary level), then by its accents (secondary level),
  then by case (tertiary level, lower case first). So "é" sorts with "e", "Ä" with "a" in German.
  Scripts come in UCA order: spaces/punctuation, digits, Latin, Greek, Cyrillic, others.
* **tailoring**: each site language lists the letters CLDR makes separate letters of its
  alphabet, and where they go: Czech "č" after "c" and "ch" after "h", Icelandic "í" after "i",
  Swedish "å ä ö" after "z", Hungarian digraphs ("cs", "gy", "sz"…), Estonian "š z ž" after "s"…
  A tailored element may span several characters; the longest match wins.

``sort_key(text, lang)`` returns a tuple usable with ``sorted(key=…)``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# "x<y<z" puts y right after x and z right after y at the primary level; "x=y" makes y sort as x.
# Sources: CLDR collation tailorings (common/collation/<lang>.xml), reduced to the letters that
# differ at the primary level from the root order.
TAILORINGS: dict[str, tuple[str, ...]] = {
    "bg": ("и<й",),
    "cs": ("c<č", "h<ch", "r<ř", "s<š", "z<ž"),
    "da": ("z<æ<ø<å", "æ=ä", "ø=ö", "å=aa"),
    "de": (),
    "el": (),
    "en": (),
    "es": ("n<ñ",),
    "et": ("s<š<z<ž", "w<õ<ä<ö<ü"),
    "fi": ("z<å<ä<ö", "ä=æ", "ö=ø"),
    "fr": (),
    "ga": (),
    "hr": ("c<č<ć", "d<dž<đ", "l<lj", "n<nj", "s<š", "z<ž"),
    "hu": ("c<cs", "d<dz<dzs", "g<gy", "l<ly", "n<ny", "o<ö", "ö=ő", "s<sz", "t<ty", "u<ü", "ü=ű", "z<zs"),
    "is": ("a<á", "d<ð", "e<é", "i<í", "o<ó", "u<ú", "y<ý", "z<þ<æ<ö", "ö=ø"),
    "it": (),
    "lt": ("c<č", "i=y", "s<š", "z<ž"),
    "lv": ("c<č", "g<ģ", "k<ķ", "l<ļ", "n<ņ", "s<š", "z<ž"),
    "mt": ("b<ċ", "f<ġ", "g<għ", "h<ħ", "x<ż"),
    "nb": ("z<æ<ø<å", "æ=ä", "ø=ö", "å=aa"),
    "nl": (),
    "pl": ("a<ą", "c<ć", "e<ę", "l<ł", "n<ń", "o<ó", "s<ś", "z<ź<ż"),
    "pt": (),
    "ro": ("a<ă<â", "i<î", "s<ș", "ș=ş", "t<ț", "ț=ţ"),
    "sk": ("a<ä", "c<č", "h<ch", "o<ô", "r<ř", "s<š", "z<ž"),
    "sl": ("c<č<ć", "d<đ", "s<š", "z<ž"),
    "sv": ("z<å<ä<ö", "ä=æ", "ö=ø"),
}

# Articles and initial mutations that dictionaries ignore when sorting (``ignorable_prefix``).
_MALTESE_ARTICLE = re.compile(r"^(?:i?[lċdnrstxżz]|il|għall|tal)-(?=\w)", re.IGNORECASE)
_IRISH_ARTICLE = re.compile(r"^(?:an|na) (?=\w)", re.IGNORECASE)
_IRISH_ECLIPSIS = re.compile(r"^(?:mB|gC|nD|bhF|nG|bP|dT|n-(?=[aeiouáéíóú]))")


def ignorable_prefix(text: str, language: str) -> int:
    """How many leading characters of ``text`` a dictionary of ``language`` ignores when sorting.

    Maltese drops the article ("il-Belġju" sorts as "Belġju", "l-Awstrija" as "Awstrija"); Irish
    drops the article and the initial mutations it causes ("an tSeicia" → "Seicia", "an Bheilg" →
    "Beilg", "na hÍsiltíre" → "Ísiltíre"), as the Maltese and Irish dictionaries and the EU's
    Interinstitutional Style Guide order country names.
    """
    if language == "mt":
        match = _MALTESE_ARTICLE.match(text)
        return match.end() if match else 0
    if language != "ga":
        return 0
    match = _IRISH_ARTICLE.match(text)
    start = match.end() if match else 0
    rest = text[start:]
    eclipsis = _IRISH_ECLIPSIS.match(rest)
    if eclipsis:
        return start + eclipsis.end() - (0 if rest[eclipsis.end() - 1] == "-" else 1)
    if len(rest) > 1 and rest[0] in "th" and (rest[1].isupper() or (rest[0] == "t" and rest[1] == "S")):
        return start + 1  # t-prefix (an tSeicia, an tOileán), h-prefix (na hÍsiltíre)
    if match and len(rest) > 2 and rest[1] == "h" and rest[0].lower() in "bcdfgmpst":
        return -(start + 1)  # lenition: drop the h after the first letter (an Bheilg → Beilg)
    return start


def strip_ignorable(text: str, language: str) -> str:
    """``text`` as a dictionary of ``language`` sorts it (see ``ignorable_prefix``)."""
    cut = ignorable_prefix(text, language)
    if cut < 0:
        start = -cut - 1
        return text[start] + text[start + 2 :]
    return text[cut:]


# Root-order expansions and letters that NFD does not decompose.
_ROOT_EXPANSIONS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ð": "d", "þ": "th", "ħ": "h",
                    "ı": "i", "ς": "σ", "ŀ": "l"}  # fmt: skip

Element = tuple[int, int, int]  # (script group, base code point, tailoring step)


def _script_group(char: str) -> int:
    if char.isdigit():
        return 1
    code = ord(char)
    if not char.isalpha():
        return 0
    if code < 0x0250 or 0x1E00 <= code < 0x1F00:
        return 2  # Latin
    if 0x0370 <= code < 0x0400 or 0x1F00 <= code < 0x2000:
        return 3  # Greek
    if 0x0400 <= code < 0x0530:
        return 4  # Cyrillic
    return 5


class Collator:
    """Sort keys for one language; build once per language (``collator(lang)``)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.tailored: dict[str, Element] = {}
        for rule in TAILORINGS.get(language, ()):
            if "=" in rule:
                continue  # aliases are resolved once every letter has its place
            letters = rule.split("<")
            anchor = self.tailored.get(letters[0]) or self._root_element(letters[0])
            for step, letter in enumerate(letters[1:], start=1):
                self.tailored[letter] = (anchor[0], anchor[1], anchor[2] + step)
        for rule in TAILORINGS.get(language, ()):
            if "=" in rule:
                anchor, alias = rule.split("=")
                self.tailored[alias] = self.tailored.get(anchor) or self._root_element(anchor)
        self.longest = max((len(k) for k in self.tailored), default=1)
        self._chunk_starts = {k[0] for k in self.tailored if len(k) > 1}
        self._letters: dict[str, tuple[tuple[Element, ...], tuple[tuple[int, ...], ...]]] = {}
        self._cache: dict[str, tuple] = {}

    @staticmethod
    def _root_element(letter: str) -> Element:
        base = unicodedata.normalize("NFD", letter.lower())[0]
        base = _ROOT_EXPANSIONS.get(base, base)[0]
        return (_script_group(base), ord(base), 0)

    def key(self, text: str) -> tuple[tuple[Element, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]:
        """Primary (letters), secondary (accents), tertiary (case), then the text itself (stable)."""
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._key(text)
        return cached

    def _key(self, text: str) -> tuple[tuple[Element, ...], tuple[tuple[int, ...], ...], tuple[int, ...], str]:
        sortable = strip_ignorable(text, self.language) if self.language in ("mt", "ga") else text
        lowered = unicodedata.normalize("NFC", sortable.lower())
        original = unicodedata.normalize("NFC", sortable)
        primary: list[Element] = []
        secondary: list[tuple[int, ...]] = []
        tertiary: list[int] = []
        tailored, starts, letters = self.tailored, self._chunk_starts, self._letters
        i, length = 0, len(lowered)
        while i < length:
            char = lowered[i]
            if char in starts:  # a letter that may begin a tailored group ("ch", "dzs"): longest first
                size = next((size for size in range(min(self.longest, length - i), 1, -1)
                             if lowered[i : i + size] in tailored), 0)  # fmt: skip
                if size:
                    chunk = lowered[i : i + size]
                    primary.append(tailored[chunk])
                    secondary.append(())
                    tertiary.append(int(original[i : i + size] != chunk))
                    i += size
                    continue
            entry = letters.get(char)
            if entry is None:
                entry = letters[char] = self._letter(char)
            primary.extend(entry[0])
            secondary.extend(entry[1])
            tertiary.extend([int(original[i : i + 1] != char)] * len(entry[0]))
            i += 1
        return tuple(primary), tuple(secondary), tuple(tertiary), text

    def _letter(self, char: str) -> tuple[tuple[Element, ...], tuple[tuple[int, ...], ...]]:
        """The primary and secondary weights of one letter, worked out once per collator."""
        if char in self.tailored:
            return (self.tailored[char],), ((),)
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], tuple(ord(m) for m in decomposed[1:])
        primary: list[Element] = []
        secondary: list[tuple[int, ...]] = []
        for index, letter in enumerate(_ROOT_EXPANSIONS.get(base, base)):
            group = _script_group(letter)
            primary.append((0, 0, 0) if group == 0 and letter.isspace() else (group, ord(letter), 0))
            secondary.append(marks if index == 0 else ())
        return tuple(primary), tuple(secondary)


@lru_cache(maxsize=64)
def collator(language: str) -> Collator:
    return Collator(language)


def sort_key(text: str, language: str) -> tuple:
    """A key sorting ``text`` as a reader of ``language`` expects."""
    return collator(language).key(text)


def sorted_by(items, text_of, language: str) -> list:
    """``items`` sorted by ``text_of(item)`` in the collation of ``language``."""
    c = collator(language)
    return sorted(items, key=lambda item: c.key(text_of(item)))
