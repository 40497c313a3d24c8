"""`unchanged`, `whitespace` and `length`: the translation as text a reader reads, markup aside."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from locflow.checks import filler
from locflow.checks.registry import issue
from locflow.model import Entry, Finding
from locflow.segment import sub_spans

if TYPE_CHECKING:
    from locflow.checks.context import Context


PROSE_ONLY = re.compile(r"`+[^`]*`+|\]\([^)]*\)?|<[^<>]*>|https?://\S+|[*_#>\[\]\\]")
"""Markup, link targets and code: what `_prose` removes (with `segment.sub_spans`)."""
PROSE_ONLY_REST = re.compile(r"`+[^`]*`+|<[^<>]*>|https?://\S+|[*_#>\[\]\\]")
"""`PROSE_ONLY` without its link destinations."""
MARKUP_CHARS = "`]<*_#>[\\"
SPANS = re.compile(r"``*[^`]*``*|\]\([^)]*\)?|<[^<>]*>|https?://\S+")
"""The spans of `PROSE_ONLY` without its single characters (`MARKS`). Every alternative starts
with a literal character, so the regex engine skips to the characters that can start one."""
SPANS_REST = re.compile(r"``*[^`]*``*|<[^<>]*>|https?://\S+")
"""`SPANS` without its link destinations."""
MARKS = "*_#>[]\\"
SPACES = " \n\u00a0\u3000"
INVISIBLE_MARKS = "\u200c\u200d\u200e\u200f"
"""Joiners and direction marks: they take no room on the page, so `length` does not count them."""


def _prose(text: str, names: Sequence[str]) -> str:
    """Return the text a reader reads: without markup, link targets, code and do-not-translate names."""
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    if "://" in text or any(char in text for char in MARKUP_CHARS):
        return sub_spans(PROSE_ONLY, PROSE_ONLY_REST, " ", text)
    return text


def unchanged(entry: Entry, context: Context) -> Iterator[Finding]:
    """Warn when the translation is the source text as is (names and letterless text aside)."""
    if entry.msgstr.strip() == entry.msgid.strip() and filler.WORD.search(_prose(entry.msgid, context.names)):
        yield issue("unchanged", "the translation is the source text unchanged; translate it (or add names that stay in English to do_not_translate)")


def whitespace(entry: Entry) -> Iterator[Finding]:
    """Warn when leading or trailing whitespace differs from the source."""
    source, translation = entry.msgid, entry.msgstr
    if not (source[:1].isspace() or source[-1:].isspace() or translation[:1].isspace() or translation[-1:].isspace()):
        return  # neither text starts or ends with whitespace
    ends = (
        ("starts", source[: len(source) - len(source.lstrip())], translation[: len(translation) - len(translation.lstrip())]),
        ("ends", source[len(source.rstrip()) :], translation[len(translation.rstrip()) :]),
    )
    for where, expected, written in ends:
        if written == expected:
            continue
        if not expected:
            message = f"the translation {where} with {written!r} and the source does not"
        elif not written:
            message = f"the source {where} with {expected!r} and the translation does not"
        else:
            message = f"the translation {where} with {written!r} where the source has {expected!r}"
        yield issue("whitespace", message)


LENGTH_MIN_SOURCE = 20
"""Shorter source texts (in characters other than spaces) vary too much to judge."""
LENGTH_BOUNDS = ((150, 0.55, 1.8), (LENGTH_MIN_SOURCE, 0.4, 2.5))
"""(source length at least, low, high): bounds relative to the expected length; longer texts vary less."""


def length(entry: Entry, context: Context) -> Iterator[Finding]:
    """Warn when a translation is far shorter or longer than its language pair makes likely.

    Lengths are counted in characters other than spaces, without markup, URLs,
    code and do-not-translate names; the expected ratio is the target's
    typical length over the source's (Chinese about 0.33 of English, Spanish
    1.15), so a complete Chinese translation is not "too short".
    """
    if len(entry.msgid) < LENGTH_MIN_SOURCE:
        return
    size = context.source_size(entry.msgid)
    if size < LENGTH_MIN_SOURCE:
        return
    translated = _size(entry.msgstr, context.names)
    expected = context.target.length_factor / context.source.length_factor
    low, high = next((lo, hi) for minimum, lo, hi in LENGTH_BOUNDS if size >= minimum)
    ratio = translated / size
    if low * expected <= ratio <= high * expected:
        return
    pair = f"{context.target.code} text is usually {expected:.2f}× as long as {context.source.code}"
    if ratio < low * expected:
        yield issue("length", f"the translation is much shorter than the source: {translated} characters for {size} ({ratio:.2f}×; {pair}, warned below {low * expected:.2f}×); is something missing?")
    elif ratio > high * expected:
        yield issue("length", f"the translation is much longer than the source: {translated} characters for {size} ({ratio:.2f}×; {pair}, warned above {high * expected:.2f}×); is something added?")


def _size(text: str, names: Sequence[str]) -> int:
    """Count the characters of `_prose` other than spaces, without making it.

    `SPANS` matches where `PROSE_ONLY` matches a span (its single characters
    never start one), so removing the spans, then not counting the `MARKS`
    left, counts what `_prose` keeps.
    """
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    if "`" in text or "](" in text or "<" in text or "://" in text:
        text = sub_spans(SPANS, SPANS_REST, " ", text)
    size = len(text) - sum(map(text.count, SPACES)) - sum(map(text.count, MARKS))
    if any(mark in text for mark in INVISIBLE_MARKS):
        size -= sum(map(text.count, INVISIBLE_MARKS))
    return size
