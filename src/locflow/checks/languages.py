"""What the checks need to know about a language: number symbols, text length, number words."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import babel
from babel.numbers import get_decimal_symbol, get_group_symbol

from locflow import pseudo

SPACES = frozenset(" \u00a0\u202f\u2009")
"""Spaces a writer may put between digit groups where the locale groups with a space."""

APOSTROPHES = frozenset("'’")
ARABIC_DECIMAL, ARABIC_GROUP = "\u066b", "\u066c"
"""The Arabic decimal and thousands separators mean nothing else, whatever Babel's default
numbering system for the locale (Arabic-Indic digits are written with them)."""

LENGTH_FACTORS = {
    "zh": 0.33, "yue": 0.33, "ja": 0.45, "ko": 0.55,
    "ar": 0.8, "he": 0.75, "fa": 0.85, "ur": 0.9, "am": 0.8, "vi": 1.05, "th": 0.95,
    "en": 1.0, "es": 1.15, "pt": 1.12, "it": 1.1, "fr": 1.2, "ca": 1.15, "ro": 1.1,
    "de": 1.2, "nl": 1.15, "ru": 1.1, "pl": 1.1, "el": 1.2, "fi": 1.1, "hi": 1.0,
}
"""Typical length of a text in each language, in characters other than spaces, relative to
English (0.33: Chinese says in a third of the characters what English says)."""

DEFAULT_LENGTH_FACTOR = 1.1

NUMBER_WORDS: dict[str, dict[str, int | float]] = {
    "en": {
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
        "thirty": 30, "hundred": 100, "thousand": 1000, "once": 1, "twice": 2, "first": 1,
        "second": 2, "third": 3, "fourth": 4, "fifth": 5, "single": 1, "both": 2, "couple": 2,
        "dozen": 12, "half": 0.5, "quarter": 0.25, "a": 1, "an": 1,
    },
    "es": {
        "cero": 0, "un": 1, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
        "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
        "quince": 15, "veinte": 20, "treinta": 30, "cien": 100, "ciento": 100, "mil": 1000,
        "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
        "tercero": 3, "tercera": 3, "ambos": 2, "ambas": 2, "medio": 0.5, "media": 0.5,
    },
    "pt": {
        "zero": 0, "um": 1, "uma": 1, "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5,
        "seis": 6, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12,
        "quinze": 15, "vinte": 20, "trinta": 30, "cem": 100, "mil": 1000, "ambos": 2, "ambas": 2,
        "meio": 0.5, "meia": 0.5, "primeiro": 1, "primeira": 1,
    },
    "it": {
        "zero": 0, "un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5,
        "sei": 6, "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12,
        "quindici": 15, "venti": 20, "trenta": 30, "cento": 100, "mille": 1000, "entrambi": 2,
        "entrambe": 2, "mezzo": 0.5, "mezza": 0.5, "primo": 1, "prima": 1,
    },
    "fr": {
        "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
        "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15,
        "vingt": 20, "trente": 30, "cent": 100, "mille": 1000, "demi": 0.5, "demie": 0.5,
        "premier": 1, "première": 1,
    },
    "de": {
        "null": 0, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eins": 1, "zwei": 2,
        "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
        "elf": 11, "zwölf": 12, "fünfzehn": 15, "zwanzig": 20, "dreißig": 30, "hundert": 100,
        "tausend": 1000, "beide": 2, "beiden": 2, "halb": 0.5, "halbe": 0.5, "halben": 0.5,
    },
    "ca": {
        "zero": 0, "un": 1, "u": 1, "una": 1, "dos": 2, "dues": 2, "tres": 3, "quatre": 4,
        "cinc": 5, "sis": 6, "set": 7, "vuit": 8, "nou": 9, "deu": 10, "mig": 0.5, "mitja": 0.5,
    },
    "ro": {
        "zero": 0, "unu": 1, "un": 1, "una": 1, "doi": 2, "două": 2, "trei": 3, "patru": 4,
        "cinci": 5, "șase": 6, "șapte": 7, "opt": 8, "nouă": 9, "zece": 10, "jumătate": 0.5,
    },
    "nl": {
        "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
        "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "half": 0.5, "halve": 0.5,
    },
    "ar": {
        "واحد": 1, "واحدة": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3,
        "ثلاثة": 3, "أربع": 4, "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7,
        "سبعة": 7, "ثماني": 8, "ثمانية": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10,
        "نصف": 0.5, "يومين": 2, "ساعتين": 2, "مرتين": 2, "أسبوعين": 2,
    },
}
"""Spelled-out numbers: a source digit written out in the translation (2 → "dos"), or a
source number word written as digits ("two" → 2), is the same number."""

CJK_NUMERALS = "零〇一二两兩三四五六七八九十百千万萬半"
"""Chinese and Japanese numeral characters (see `numbers.cjk_numbers`)."""


@dataclass(frozen=True, slots=True)
class Language:
    """A locale as the checks see it."""

    code: str
    """The gettext locale code, e.g. "pt_BR"."""
    language: str
    """The language part, e.g. "pt"."""
    decimal: frozenset[str]
    """Decimal separators the locale writes (its Latin-digit and native-digit forms)."""
    group: frozenset[str]
    """Digit group separators the locale writes."""
    secondary_group: int
    """Size of digit groups left of the first one: 3, or 2 where 10,00,000 is written."""
    length_factor: float
    """Typical text length relative to English (see `LENGTH_FACTORS`)."""
    number_words: dict[str, int | float]
    """Spelled-out numbers of the language (empty when unknown)."""
    cjk_numerals: bool
    """Whether numbers may be written with Chinese numeral characters."""


@functools.cache
def language(code: str) -> Language:
    """Describe the locale `code` (a code Babel knows) for the checks; once per process.

    >>> language("fr").group >= {" ", "\\u202f"}, sorted(language("de").decimal)
    (True, [',', '\u066b'])
    """
    locale = babel.Locale.parse(pseudo.babel_code(code))
    decimal = {get_decimal_symbol(locale, numbering_system=n) for n in ("latn", "default")} | {ARABIC_DECIMAL}
    group = {get_group_symbol(locale, numbering_system=n) for n in ("latn", "default")} | {ARABIC_GROUP}
    if group & SPACES:
        group |= SPACES
    if group & APOSTROPHES:
        group |= APOSTROPHES
    pattern = locale.decimal_formats.get(None)
    secondary = pattern.grouping[1] if pattern is not None else 3
    return Language(
        code=code,
        language=locale.language,
        decimal=frozenset(decimal),
        group=frozenset(group - decimal),
        secondary_group=secondary,
        length_factor=LENGTH_FACTORS.get(locale.language, DEFAULT_LENGTH_FACTOR),
        number_words=NUMBER_WORDS.get(locale.language, {}),
        cjk_numerals=locale.language in ("zh", "ja", "yue"),
    )


@functools.cache
def regional_symbols(language_code: str) -> frozenset[tuple[str, str]]:
    """Return the (decimal, group) symbols of every regional variant of a language.

    Spanish is written with ``10.800,5`` in Spain and ``10,800.5`` in Mexico, so an
    English number copied into a Spanish text may be read either way; no German
    variant writes ``1,000`` for a thousand.

    >>> ("." , ",") in regional_symbols("es"), ("." , ",") in regional_symbols("de")
    (True, False)
    """
    found = set()
    for identifier in babel.localedata.locale_identifiers():
        if identifier == language_code or identifier.startswith(language_code + "_"):
            symbols = babel.Locale.parse(identifier).number_symbols.get("latn", {})
            if "decimal" in symbols and "group" in symbols:
                found.add((symbols["decimal"], symbols["group"]))
    return frozenset(found)
