"""Compare the inline Markdown of a source text and its translation: links, markup, raw HTML.

Texts are parsed with the project's dialect (`segment.parser`) as inline
content, the way `render` puts a translation in place, with the source
document's link reference definitions.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from markdown_it import MarkdownIt

MARKUP = re.compile(r"[\[\]`*_<]")
"""A text without these characters is plain text: nothing to parse."""
KEEPS_LETTERS = re.compile(r"[`<&\\]")
"""Code spans, raw HTML, autolinks, entities and escapes, whose letters matter: a text with
one of these characters is a `shape` of its own."""
DESTINATION_AHEAD = re.compile(r"(\]\((?:[^\x01-\x20\x7f]|(?<=\]\()\s+)*)")
"""Where a link or image destination may start, and all a destination can hold after it:
markdown-it skips whitespace after ``](`` and ends a destination at a space or a control
character (NUL is read as U+FFFD); another ``](`` inside starts over."""
WORDS = re.compile(r"[^\W_]+(?: [^\W_]+)*")
"""Words (runs of letters and digits, Unicode categories L and N) one space apart."""

BLOCK_MARKERS = (
    ("a heading", re.compile(r"#{1,6}(?:[ \t]|$)")),
    ("a list item", re.compile(r"[-*+](?:[ \t]|$)")),
    ("a numbered list item", re.compile(r"\d{1,9}[.)](?:[ \t]|$)")),
    ("a block quote", re.compile(r">")),
    ("a code fence", re.compile(r"```|~~~")),
)
"""Line starts that would be block structure in Markdown (a translation is inline only)."""
BLOCK_STARTS = frozenset("#-*+>`~0123456789 \t")
"""First characters of a line that may start block structure."""

DESTINATION = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()]*\))*)|<([A-Za-z][^<>\s]*:[^<>\s]*)>|\b(?:href|src|action)\s*=\s*[\"']?([^\"'\s>]+)|\]:[ \t]*<?([^\s<>]+)", re.IGNORECASE)
"""Link and image destinations, autolinks and HTML URL attributes, as written."""

CONTROL = re.compile(r"[\x00-\x20\x7f]+")
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|file|data):", re.IGNORECASE)
SAFE_DATA = re.compile(r"^data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Inline:
    """What a text holds that must survive translation."""

    urls: frozenset[str]
    """Link and image destinations (normalized by markdown-it)."""
    links: int
    images: int
    emphasis: int
    """Emphasis and strong emphasis spans."""
    code: tuple[str, ...]
    """Code spans, sorted."""
    html: tuple[str, ...]
    """Raw HTML tags and comments, in order."""
    stray_stars: bool
    """Whether ``*`` or ``_`` markers were left as text (emphasis that did not form)."""
    tag_like: tuple[str, ...] = ()
    """Text that looks like an HTML tag but is not one (a broken tag, an attribute breakout)."""


PLAIN = Inline(frozenset(), 0, 0, 0, (), (), False)

TAG_LIKE = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>)[A-Za-z!/?][^<>\n]*>?")
"""Markup-looking text: ``<`` and a letter, ``!``, ``/`` or ``?``; not an autolink (`links` and
the script URL test judge those)."""


def inline(text: str, md: MarkdownIt, env: Mapping) -> Inline:
    """Parse `text` as inline Markdown and return what it holds.

    >>> from locflow.segment import parser
    >>> inline("See [*the* guide](https://x.org) and `code`", parser(), {}).urls
    frozenset({'https://x.org'})
    """
    if not MARKUP.search(text):
        return PLAIN
    tokens = md.parseInline(text, dict(env))[0].children or []
    urls, code, tags, tag_like = set(), [], [], []
    links = images = emphasis = 0
    stray = False
    for token in tokens:
        if token.type == "link_open":
            links += 1
            urls.add(str(token.attrGet("href") or ""))
        elif token.type == "image":
            images += 1
            urls.add(str(token.attrGet("src") or ""))
        elif token.type in ("em_open", "strong_open"):
            emphasis += 1
        elif token.type == "code_inline":
            code.append(token.content)
        elif token.type == "html_inline":
            tags.append(token.content)
        elif token.type == "text":
            stray = stray or "*" in token.content or "__" in token.content
            if "<" in token.content:  # written as "<" (an entity "&lt;" is text by construction)
                tag_like += [found for found in TAG_LIKE.findall(token.content) if found[:2] in text]
    return Inline(frozenset(urls), links, images, emphasis, tuple(sorted(code)), tuple(tags), stray, tuple(tag_like))


def shape(text: str) -> str:
    """Return a text with the same `inline` analysis as `text` (with no link reference
    definitions around); texts of one shape share it.

    Where a text can hold only emphasis, links and images, markdown-it's
    rules see letters and digits only as "neither whitespace nor
    punctuation", except in a link destination; and a run of words with
    single spaces holds no delimiter, line break or character a check looks
    for. So outside destinations each run becomes "a". A text with code,
    raw HTML, autolinks, entities or escapes is its own shape.

    >>> shape('Rest for **24 hours** after the [injection](https://x.org/tpi "Trigger points").')
    'a **a** a [a](https://x.org/tpi "a").'
    """
    if KEEPS_LETTERS.search(text):
        return text
    if "](" not in text:
        return WORDS.sub("a", text)
    parts = DESTINATION_AHEAD.split(text)  # outside, destination, outside, ...
    parts[::2] = [WORDS.sub("a", part) for part in parts[::2]]
    return "".join(parts)


def added_structure(source: str, translation: str) -> list[str]:
    """Name the block structure the translation has and the source does not, sorted.

    >>> added_structure("1. Introduction", "1. Introducción\\n\\nTexto")
    ['a blank line']
    """
    if "\n" not in translation and translation[:1] not in BLOCK_STARTS:
        return []
    added = Counter(block_structure(translation)) - Counter(block_structure(source))
    return sorted(added)


def block_structure(text: str) -> list[str]:
    """Name the block structure `text` tries to make: line starts and blank lines.

    >>> block_structure("# Title\\n\\n- item")
    ['a heading', 'a blank line', 'a list item']
    """
    found = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.lstrip(" ")
        if not stripped.strip():
            if 0 < number < len(lines) - 1:
                found.append("a blank line")
            continue
        if number > 0 or not line.startswith("    "):
            found.extend(name for name, marker in BLOCK_MARKERS if marker.match(stripped))
    return found


def dangerous_urls(text: str) -> list[str]:
    """Return the destinations in `text` that would run code: javascript:, vbscript:, data: ...

    Entities, control characters and case are undone first, as a browser would.

    >>> dangerous_urls("[x](&#106;ava&#x09;Script:alert(1)) ![y](data:image/png;base64,AA)")
    ['&#106;ava&#x09;Script:alert(1)']
    """
    if (":" not in text and "&" not in text) or not ("](" in text or "<" in text or "=" in text or "]:" in text):
        return []  # no scheme, or nowhere to put a destination
    if "&" not in text:  # no entity: a bad scheme is in the text once control characters are gone
        squeezed = CONTROL.sub("", text).lower()
        if "script:" not in squeezed and "file:" not in squeezed and "data:" not in squeezed:
            return []
    found = []
    for match in DESTINATION.finditer(text):
        url = next(group for group in match.groups() if group is not None)
        plain = CONTROL.sub("", html.unescape(url))
        if BAD_SCHEME.match(plain) and not SAFE_DATA.match(plain):
            found.append(url)
    return found
