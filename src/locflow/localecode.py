"""Locale codes as people type them, in the one form locflow stores, and the nearest code to a guess.

People write ``pt-BR`` and ``zh-Hans`` (BCP 47, the ``lang=`` of a web page)
as often as ``pt_BR`` and ``zh_Hans`` (gettext, the names of catalog
folders). Both spellings are read, in any letter case, and the gettext form
is what travels and is stored. A language name or a typo (``french``,
``espanol``, ``zh_hnas``) gets a suggestion from Babel's locale data.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import babel
from babel import localedata

SPELLING = re.compile(
    r"(?P<language>[a-z]{2,3})(?:[-_](?P<script>[a-z]{4}))?(?:[-_](?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?:\.[a-z0-9-]+)?(?P<modifier>@[a-z0-9]+)?",
    re.IGNORECASE,
)
"""A locale code in gettext or BCP 47 spelling, any case, with an optional POSIX charset (``.UTF-8``)."""


def normalize(text: str) -> str | None:
    """Return the gettext spelling of a locale code written either way, or None if it is not shaped like one.

    >>> normalize("pt-BR"), normalize("zh-hans"), normalize("ES"), normalize("en_US.UTF-8")
    ('pt_BR', 'zh_Hans', 'es', 'en_US')
    >>> normalize("french") is None
    True
    """
    match = SPELLING.fullmatch(text.strip())
    if match is None:
        return None
    code = match["language"].lower()
    if match["script"]:
        code += "_" + match["script"].title()
    if match["region"]:
        code += "_" + match["region"].upper()
    return code + (match["modifier"] or "").lower()


def parents(locale: str, known: tuple[str, ...] | list[str] | set[str] | frozenset[str]) -> tuple[str, ...]:
    """Return the locales in `known` that `locale` falls back to, nearest first, as gettext's language chain does.

    A modifier, then a region, then a script is dropped in turn.

    >>> parents("es_MX", ("es", "es_MX", "fr")), parents("zh_Hans_CN", ("zh", "zh_Hans")), parents("es", ("es",))
    (('es',), ('zh_Hans', 'zh'), ())
    """
    chain = []
    code = locale
    while True:
        if "@" in code:
            code = code.partition("@")[0]
        elif "_" in code:
            code = code.rpartition("_")[0]
        else:
            break
        if code in known:
            chain.append(code)
    return tuple(chain)


def known(locale: str) -> bool:
    """Return whether Babel knows the language, and the script and region if any, of a gettext code.

    >>> known("zh_Hans"), known("sr_Latn_RS"), known("zh_Hnas"), known("zz")
    (True, True, False, False)
    """
    try:
        babel.Locale.parse(locale)  # reads ``zh_Hnas`` as ``zh_Hans``: the parts are checked below
        _language, territory, script, _variant = babel.parse_locale(locale.partition("@")[0])
    except (babel.UnknownLocaleError, ValueError):
        return False
    english = babel.Locale("en")
    return (script is None or script in english.scripts) and (territory is None or territory in english.territories)


def name(locale: str) -> str:
    """Return a locale's English name, as Babel spells it (``Portuguese (Brazil)``)."""
    try:
        return babel.Locale.parse(locale).english_name or locale
    except (babel.UnknownLocaleError, ValueError):
        return locale


def suggest(text: str) -> str | None:
    """Return the valid gettext code nearest to `text` (a language name in English or in itself, or a typo).

    >>> suggest("french"), suggest("Español"), suggest("espanol"), suggest("zh_hnas"), suggest("qqqq")
    ('fr', 'es', 'es', 'zh_Hans', None)
    """
    key = _key(text)
    if not key:
        return None
    names = _names()
    if key in names:
        return names[key]
    if len(key) < 3:
        return None  # two letters are too few to guess from
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
    return names[close[0]] if close else None


def _key(text: str) -> str:
    """Lower case, no accents, ``-`` read as ``_``: how two spellings of one name are compared."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", "_")


def _names() -> dict[str, str]:
    """Return every code Babel knows by its spellings: the code itself, its English name, its own name.

    A name shared by several codes goes to the shortest code (``French`` is ``fr``, not ``fr_FR``).
    """
    names: dict[str, str] = {}
    codes = sorted(localedata.locale_identifiers(), key=lambda c: (len(c), c))
    for code in codes:
        names.setdefault(_key(code), code)
    known = set(codes)
    for code, spelling in sorted(babel.Locale("en").languages.items(), key=lambda item: (len(item[0]), item[0])):
        if code in known:
            names.setdefault(_key(spelling), code)
    for code in codes:
        if "_" not in code and (spelling := _own_name(code)):
            names.setdefault(_key(spelling), code)
    return names


def _own_name(code: str) -> str | None:
    try:
        return babel.Locale.parse(code).get_display_name(code)
    except (babel.UnknownLocaleError, ValueError):
        return None
