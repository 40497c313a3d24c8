"""Compare the numbers of a source text and its translation by value.

Digits of every script are the same digits (``٢٤`` and ``２４`` are 24).
Decimal and group separators are read the way the text's locale writes
them (Babel's symbols): ``0,5`` is 0.5 in Spanish, ``1 000`` is 1000 in
French. A token that is not a valid number in the translation's locale but
is one in the source's (a Spanish translation keeping ``0.5``) is read the
source's way. A token copied verbatim from the source is not a difference when some
regional variant of the language reads it as the source does (an English ``10,800`` kept
in a Spanish text is ten thousand eight hundred, as Mexico writes it; in German it is
ten point eight, and an error), and
identifiers (versions ``0.8.5``, IP addresses ``127.0.0.1``) are compared as strings, not
values. Ranges are just their ends (``15-20``, ``15 a 20``, ``15–20``
and ``15 到 20`` all hold 15 and 20), signs are ignored, and code spans and
link destinations do not count (`markup` and `links` compare those).
"""

from __future__ import annotations

import dataclasses
import decimal
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from locflow.checks.languages import CJK_NUMERALS, SPACES, Language, regional_symbols
from locflow.checks.registry import issue
from locflow.model import Entry, Finding
from locflow.segment import sub_spans

if TYPE_CHECKING:
    from locflow.checks.context import Context

TOKEN = re.compile(r"\d+(?:[.,'’ \u00a0\u202f\u2009\u066b\u066c]\d+)*")
"""Digits joined by characters that may separate decimals or digit groups (any script's digits)."""
PART = re.compile(r"(\d+)")
DIGIT = re.compile(r"\d")
"""A digit of any script: a text without one has no number `values` reads."""
NOT_COUNTED = re.compile(r"``*[^`]*``*|\]\([^)]*\)?|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|\]\[[^\]]*\]|https?://\S+|\[\^[^\]\s]*\]|\{\{[<%][^\n]{0,1000}?[>%]\}\}")
"""Code spans, link destinations and reference labels, autolinks, bare URLs, footnote markers
and Hugo shortcodes (`protected` compares those; removed with `segment.sub_spans`).

Every alternative starts with a literal character (a code span is "a backtick, then any more",
not "one or more backticks"), so the regex engine skips to the characters that can start one
instead of trying every alternative at every position."""
NOT_COUNTED_REST = re.compile(r"``*[^`]*``*|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|\]\[[^\]]*\]|https?://\S+|\[\^[^\]\s]*\]|\{\{[<%][^\n]{0,1000}?[>%]\}\}")
"""`NOT_COUNTED` without its link destinations."""
ZERO_MINUTES = re.compile(r"(?<![\d.,:])(\d{1,2}):00(?![\d:])")
"""A time on the hour: 8:00 is written 8 h, 8 Uhr or 8点 in other languages, so it counts as 8."""
TIME = re.compile(r"(?<![\d.,:])(\d{1,2}):(\d\d)(?![\d:])")
PM = re.compile(r"(?<![\d.,:])(\d{1,2})(?::\d\d)?\s*(?:p\.\s?m\.|pm\b|PM\b)")
WORD = re.compile(r"[^\W\d_]+")
CJK_RUN = re.compile(f"[{CJK_NUMERALS}]+")
CJK_DIGITS = {c: i for i, chars in enumerate(("零〇", "一", "二两兩", "三", "四", "五", "六", "七", "八", "九")) for c in chars}
CJK_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}
ARITHMETIC = decimal.Context(prec=28, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
"""Python's default decimal context, but without overflow: a run of a million digits is a number too."""
SHOWN_DIGITS = 4300
"""Numbers with more digits than this are shown by their first digits and their length."""


IDENTIFIER = re.compile(r"\d+(?:\.\d+){2,}")
"""Digits joined by two or more dots: a version (``0.8.5``) or an IP address, unless every
group after the first has three digits (``1.000.000`` is a million in Spanish)."""


def identifier(token: str) -> bool:
    """Whether a token of digits is an identifier, compared as a string.

    >>> identifier("0.8.5"), identifier("127.0.0.1"), identifier("1.000.000"), identifier("0.5")
    (True, True, False, False)
    """
    return bool(IDENTIFIER.fullmatch(token)) and not all(len(group) == 3 for group in token.split(".")[1:])


@dataclass(frozen=True, slots=True)
class Difference:
    """Numbers the translation lacks and numbers it adds, in the order they appear
    (identifiers such as versions as the strings they are)."""

    missing: tuple[Decimal | str, ...]
    added: tuple[Decimal | str, ...]

    def __bool__(self) -> bool:
        return bool(self.missing or self.added)

    def describe(self) -> str:
        """Say what changed, e.g. ``20 became 30`` or ``24 is missing``."""
        missing = [show(n) for n in self.missing]
        added = [show(n) for n in self.added]
        if len(missing) == 1 and len(added) == 1:
            return f"{missing[0]} became {added[0]}"
        parts = []
        if missing:
            parts.append(f"{_join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
        if added:
            parts.append(f"{_join(added)} {'is' if len(added) == 1 else 'are'} added")
        return " and ".join(parts)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def show(number: Decimal | str) -> str:
    """Write a number plainly: ``0.5``, ``1000``, ``24``; a very long one by its first digits.

    >>> show(Decimal("0.50")), show(Decimal("1" * 5000)), show("0.8.5")
    ('0.5', '1111111111… (5000 digits)', '0.8.5')
    """
    if isinstance(number, str):
        return number
    written = format(number.normalize(ARITHMETIC), "f")
    return f"{written[:10]}… ({len(written)} digits)" if len(written) > SHOWN_DIGITS else written


def values(text: str, language: Language, fallback: Language | None = None) -> list[Decimal]:
    """Return the numbers written with digits in `text`, in order.

    >>> from locflow.checks.languages import language
    >>> [show(n) for n in values("Tome 0,5 ml cada 1.000 horas (15-20 min)", language("es"))]
    ['0.5', '1000', '15', '20']
    >>> [show(n) for n in values("٢٤ ساعة", language("ar"))]
    ['24']
    """
    found: list[Decimal] = []
    for token in tokens(text):
        found.extend(token_values(token, language, fallback))
    return found


def tokens(text: str) -> list[str]:
    """Return the runs of digits and separators of `text` that count (see `values`).

    >>> tokens("Use `v2` at 8:00 or 10,800 times")
    ['8', '10,800']
    """
    if "`" in text or "](" in text or "][" in text or "<" in text or "://" in text or "[^" in text or "{{" in text:
        text = sub_spans(NOT_COUNTED, NOT_COUNTED_REST, " ", text)
    if ":" in text:
        text = ZERO_MINUTES.sub(r"\1", text)
    return TOKEN.findall(text)


def token_values(token: str, language: Language, fallback: Language | None = None) -> list[Decimal]:
    """Return the numbers one token holds, read as `language` writes them (or `fallback`)."""
    numbers, valid = parse(token, language)
    if not valid and fallback is not None:
        other, other_valid = parse(token, fallback)
        if other_valid:
            return other
    return numbers


def parse(token: str, language: Language) -> tuple[list[Decimal], bool]:
    """Read a run of digits and separators as `language` writes numbers.

    Return the numbers and whether every separator other than a space was
    read as part of a number (False: the locale would not write it so).

    >>> from locflow.checks.languages import language
    >>> parse("1,000", language("en")), parse("1,000", language("de"))
    (([Decimal('1000')], True), ([Decimal('1')], True))
    >>> parse("0.5", language("es"))
    ([Decimal('0'), Decimal('5')], False)
    """
    if token.isdigit():  # Decimal reads the digits of every script, as int does (and any number of them)
        return [Decimal(token)], True  # no separator: the common case
    pieces = PART.split(token)[1:-1]  # digits, separator, digits, ...
    digits, separators = pieces[0::2], pieces[1::2]
    found: list[Decimal] = []
    valid = True
    i = 0
    while i < len(digits):
        whole, end = digits[i], i
        if len(whole) <= 3:
            end = _grouped(digits, separators, i, language)
            whole = "".join(digits[i : end + 1])
        value = Decimal(whole)
        if end < len(separators) and separators[end] in language.decimal:
            fraction = digits[end + 1]  # its value as int(fraction) / 10 ** len(fraction) writes it
            value = ARITHMETIC.add(value, ARITHMETIC.scaleb(Decimal(fraction), -len(fraction)).normalize(ARITHMETIC))
            end += 1
        found.append(value)
        if end < len(separators) and separators[end] not in SPACES:
            valid = False
        i = end + 1
    return found, valid


def _grouped(digits: list[str], separators: list[str], start: int, language: Language) -> int:
    """Return the index of the last digit group of a grouped number starting at `start`."""
    end = start
    sizes = {3, language.secondary_group}
    while end < len(separators) and separators[end] in language.group and len(digits[end + 1]) in sizes:
        end += 1
    while end > start and len(digits[end]) != 3:  # the last group always has three digits
        end -= 1
    return end


def word_values(text: str, language: Language) -> Counter[Decimal]:
    """Return the numbers `text` spells out in words or in Chinese numerals.

    >>> from locflow.checks.languages import language
    >>> sorted(show(n) for n in word_values("二十四小时内", language("zh_Hans")))
    ['24']
    """
    found: Counter[Decimal] = Counter()
    if language.number_words:
        for word in WORD.findall(text.lower()):
            if (value := language.number_words.get(word)) is None and len(word) > 3 and word[0] in "وبلف":
                value = language.number_words.get(word[1:])
            if value is not None:
                found[Decimal(str(value))] += 1
    if language.cjk_numerals:
        for run in CJK_RUN.findall(text):
            found.update(cjk_numbers(run))
    return found


def cjk_numbers(run: str) -> Iterator[Decimal]:
    """Yield the value of Chinese numerals (二十四 is 24), or of each character when they do not form one.

    >>> [show(n) for n in cjk_numbers("一两")]
    ['1', '2']
    """
    if run == "半":
        yield Decimal("0.5")
        return
    total, current, last_unit = 0, None, None
    for char in run:
        if char in CJK_UNITS:
            unit = CJK_UNITS[char]
            if last_unit is not None and unit >= last_unit and current is None:
                break
            total += (1 if current is None else current) * unit
            current, last_unit = None, unit
        elif char in CJK_DIGITS and current is None:
            current = CJK_DIGITS[char]
        else:
            break
    else:
        yield Decimal(total + (current or 0))
        return
    for char in run:
        if char in CJK_DIGITS:
            yield Decimal(CJK_DIGITS[char])
        elif char in CJK_UNITS:
            yield Decimal(CJK_UNITS[char])


def compare(
    source: str, translation: str, source_language: Language, target: Language, *, wanted: list[Decimal] | None = None
) -> Difference:
    """Return the numbers the translation lacks or adds compared with the source.

    >>> from locflow.checks.languages import language
    >>> en, es = language("en"), language("es")
    >>> bool(compare("Wait 15-20 minutes, 0.5 ml", "Espere de 15 a 20 minutos, 0,5 ml", en, es))
    False
    >>> compare("Avoid it for 24 hours.", "Evítelo durante 48 horas.", en, es).describe()
    '24 became 48'

    `wanted` is ``values(source, source_language)`` when the caller already has it.
    """
    if wanted is None:
        wanted = values(source, source_language)
    written = values(translation, target, fallback=source_language)
    if wanted == written or sorted(wanted) == sorted(written):
        return Difference((), ())
    return _compare_tokens(source, translation, source_language, target)


def _compare_tokens(source: str, translation: str, source_language: Language, target: Language) -> Difference:
    """Compare what is left once tokens copied verbatim cancel out; identifiers as strings."""
    source_tokens, translation_tokens = Counter(tokens(source)), Counter(tokens(translation))
    copied = Counter({token: n for token, n in (source_tokens & translation_tokens).items() if _same(token, source_language, target)})
    source_tokens -= copied
    translation_tokens -= copied
    wanted: list[Decimal | str] = []
    written: list[Decimal | str] = []
    for token in source_tokens.elements():
        wanted.extend([token] if identifier(token) else token_values(token, source_language))
    for token in translation_tokens.elements():
        written.extend([token] if identifier(token) else token_values(token, target, source_language))
    missing = Counter(wanted)
    missing.subtract(written)
    added = -missing
    missing = +missing
    if not missing and not added:
        return Difference((), ())
    _forgive_times(source, missing, added)
    if missing and (spelled := word_values(translation, target)):
        _cancel(missing, spelled)
    if added and (spelled := word_values(source, source_language)):
        _cancel(added, spelled)
    return Difference(_ordered(wanted, missing), _ordered(written, added))


def _same(token: str, source_language: Language, target: Language) -> bool:
    """Whether a token copied verbatim means what it means in the source for some reader of `target`'s
    language: an identifier, a plain number, or one a regional variant writes the source's way
    (``10,800`` is ten thousand eight hundred in Mexican Spanish, but one German writes ``1,000``
    for one, and none writes it for a thousand)."""
    if identifier(token) or token.isdigit():
        return True
    meant = token_values(token, source_language)
    for decimal, group in regional_symbols(target.language):
        reader = dataclasses.replace(target, decimal=frozenset({decimal}), group=frozenset({group} | (SPACES if group in SPACES else set())))
        if token_values(token, reader) == meant:
            return True
    return False


def _forgive_times(source: str, missing: Counter[Decimal | str], added: Counter[Decimal | str]) -> None:
    """Accept 8:30 written 8.30 (as Italian and Finnish do) and 2 pm written 14."""
    for hour, minute in TIME.findall(source):
        h, m = Decimal(int(hour)), Decimal(int(minute))
        joined = h + m / 100
        if missing[h] and missing[m] and added[joined]:
            missing[h] -= 1
            missing[m] -= 1
            added[joined] -= 1
    for hour in PM.findall(source):
        h = Decimal(int(hour))
        if missing[h] and added[h + 12]:
            missing[h] -= 1
            added[h + 12] -= 1
    missing += Counter()
    added += Counter()


def _cancel(extra: Counter[Decimal | str], spelled: Counter[Decimal]) -> None:
    for number, count in spelled.items():
        if extra[number]:
            extra[number] -= min(count, extra[number])
    extra += Counter()


def _ordered(numbers: list[Decimal | str], left: Counter[Decimal | str]) -> tuple[Decimal | str, ...]:
    left = Counter(left)
    result = []
    for number in numbers:
        if left[number] > 0:
            left[number] -= 1
            result.append(number)
    return tuple(result)


# --- the check -----------------------------------------------------------------


def number_check(entry: Entry, context: Context) -> Iterator[Finding]:
    """Compare the numbers of source and translation by value."""
    wanted = context.source_numbers(entry.msgid)
    if not wanted and not DIGIT.search(entry.msgstr):
        return  # no number on either side
    difference = compare(entry.msgid, entry.msgstr, context.source, context.target, wanted=wanted)
    if difference:
        yield issue("numbers", f"the numbers differ from the source: {difference.describe()}")
