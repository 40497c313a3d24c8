"""Pseudo-translations: English made to look foreign, Markdown and all it must keep left intact.

Two pseudo-locales, after Android's ``en-XA`` and ``ar-XB`` (Microsoft's
``qps-ploc`` and ``qps-plocm``):

- `ACCENTED` (``en_XA``): every ASCII letter accented, the text padded to
  about 35 % longer and put between ``⟦`` and ``⟧``, so a page shows at a
  glance which English escaped translation and where longer text breaks the
  layout;
- `MIRRORED` (``ar_XB``): every word's letters reversed, with right-to-left
  marks (U+200F) beside each word, so in a right-to-left page the text reads
  as the mirror image of the English; a word left the right way round is
  English that escaped translation.

What a translator must keep is kept byte for byte: code spans, link
destinations and reference labels, autolinks, raw HTML tags, entities,
backslash escapes, URLs, e-mail addresses, placeholders (``{{ var }}``,
``%(name)s``, ``%s``, ``{0}``), expressions in braces (MDX's ``{props.title}``)
and the project's do-not-translate names.
Digits are never touched. No bidi override or embedding is written (the
``control-chars`` check refuses them), only marks.

Neither code is in CLDR, so Babel knows neither: `babel_code` names the
locale whose data (plural rules, number symbols, script direction) each one
borrows. Standard library only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Set

ACCENTED = "en_XA"
MIRRORED = "ar_XB"
LOCALES = (ACCENTED, MIRRORED)
"""The pseudo-locales, in the order `locflow pseudo` writes them."""

STAND_INS = {ACCENTED: "en", MIRRORED: "ar"}
"""The locale whose CLDR data a pseudo-locale uses."""

ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
"""Android's pseudo-localization letters: each still reads as the English letter."""

OPEN, CLOSE = "⟦", "⟧"
"""Brackets that mean nothing in Markdown, so they cannot make a link or a reference."""

EXPANSION = 0.35
PAD = "·"
RLM = "\u200f"

_KEPT = (
    r"(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`)"  # a code span
    r"|\\[!-/:-@\[-`{-~]"  # a backslash escape
    r"|\]\([^)]*\)"  # a link destination and title
    r"|\]\[[^\]]*\]"  # a full reference's label
    r"|<[^<>\s][^<>]*>"  # an autolink or a raw HTML tag
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # an entity
    r"|\{\{.*?\}\}|\{[^{}\n]*\}"  # {{ var }}, a Hugo shortcode, {0}, {name}, an MDX {expression}, { .attr }
    r"|\[\^[^\]\s]+\]|\[![A-Za-z]+\]|\{#[A-Za-z][\w:.-]*\}"  # a footnote marker, an alert marker, a heading id
    r"|\$(?![\s$])[^$`\n]*?(?<![\s\\])\$(?!\d)"  # a formula (the math dialect's $x^2$), never across a code span
    r"|%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[sdif]"  # printf placeholders
    r"|https?://[^\s<>()]+|www\.[^\s<>()]+"  # a bare URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
)
_LABEL = re.compile(r"\[([^\[\]]+)\](?=\[\]|[^(\[]|$)")
"""A bracketed text that is not a link's text: a shortcut or collapsed reference when its label is defined."""
_WORD = re.compile(r"[^\W\d_]+")


def babel_code(code: str) -> str:
    """Return the code Babel should look up for `code`: a pseudo-locale's stand-in, else `code`.

    >>> babel_code("en_XA"), babel_code("es")
    ('en', 'es')
    """
    return STAND_INS.get(code, code)


def kept_spans(text: str, names: Iterable[str] = (), labels: Set[str] = frozenset()) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of `text` a pseudo-translation keeps as they are.

    `labels` are the document's link reference labels, lower-cased; a
    ``[label]`` that names one is a link and is kept.

    >>> text = "See `x` at [the clinic](https://a.org) for {{ name }}."
    >>> [text[a:b] for a, b in kept_spans(text)]
    ['`x`', '](https://a.org)', '{{ name }}']
    """
    alternatives = [re.escape(name) for name in sorted(set(names), key=len, reverse=True) if name]
    pattern = re.compile("|".join([*alternatives, _KEPT]))
    spans = [match.span() for match in pattern.finditer(text)]
    if labels:
        for match in _LABEL.finditer(text):
            if " ".join(match.group(1).split()).lower() in labels and not _inside(match.start(), spans):
                spans.append(match.span())
        spans.sort()
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _transform(text: str, change, names: Iterable[str], labels: Set[str]) -> str:
    """Apply `change` to each run of `text` outside `kept_spans`."""
    parts, last = [], 0
    for start, end in kept_spans(text, names, labels):
        if start < last:
            continue
        parts.append(change(text[last:start]))
        parts.append(text[start:end])
        last = end
    parts.append(change(text[last:]))
    return "".join(parts)


def accented(text: str, names: Iterable[str] = (), labels: Set[str] = frozenset()) -> str:
    """Return the ``en_XA`` pseudo-translation of a segment: accented, about 35 % longer, bracketed.

    >>> accented("Rest for *24 hours*; see [us](https://a.org).")
    '⟦Ŕéšţ ƒöŕ *24 ĥöûŕš*; šéé [ûš](https://a.org). ····· ····· ···⟧'
    """
    if not text.strip():
        return text
    body = _transform(text, lambda run: run.translate(ACCENTS), names, labels)
    padding = max(1, math.ceil(len(text) * EXPANSION) - 3)
    groups = " ".join(PAD * min(5, padding - i) for i in range(0, padding, 5))
    return f"{OPEN}{body} {groups}{CLOSE}"


def mirrored(text: str, names: Iterable[str] = (), labels: Set[str] = frozenset()) -> str:
    """Return the ``ar_XB`` pseudo-translation: each word reversed between right-to-left marks.

    >>> mirrored("Rest for 24 hours.") == "\\u200ftseR\\u200f \\u200frof\\u200f 24 \\u200fsruoh\\u200f."
    True
    """
    if not text.strip():
        return text
    return _transform(text, lambda run: _WORD.sub(lambda m: f"{RLM}{m.group(0)[::-1]}{RLM}", run), names, labels)


def translate(locale: str, text: str, names: Iterable[str] = (), labels: Set[str] = frozenset()) -> str:
    """Return the pseudo-translation of `text` into the pseudo-locale `locale`."""
    return (accented if locale == ACCENTED else mirrored)(text, names, labels)
