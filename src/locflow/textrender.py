"""Render a localized token stream as plain text, wrapped by display width.

Headings are their text underlined (``=`` under a title, ``-`` under the
others), blocks are separated by one blank line, bullets are ``• ``,
ordered items ``1. ``, nested lists are indented, links read ``text (url)``
unless the text is the URL, images are their alt text and tables are
aligned columns. Code blocks and tables are never wrapped.

A block shown in another language than the page's (a fallback) starts with
its language tag: ``[en] Rest for a day.``. In right-to-left text a URL is
isolated (U+2066 … U+2069), and a line of the page's language that would
start left-to-right (its first letter Latin) starts with U+200F, so a
reader's bidi algorithm lays it out right-to-left.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from markdown_it.common.normalize_url import normalizeLinkText
from markdown_it.token import Token

from locflow import blocktext, labels, sourcehtml
from locflow import syntax as syntaxes

NO_LINE_START = set(
    "!%),.:;?]}¢°’”‰′″℃、。〉》」』】〕〗〙〟ゝゞー々〻…‥・"
    "ァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎ！％），．：；？］｝～｡｣､･ｰ"
)
"""Characters a wrapped line may not begin with (closing punctuation, small kana)."""
NO_LINE_END = set("([{‘“〈《「『【〔〖〘〝（［｛｢")
"""Characters a wrapped line may not end with (opening punctuation)."""
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters and noncharacters of the BMP: never valid in HTML, and unsafe on a
terminal; and bidi embeddings and overrides, which can make text read differently from
what it says (pages set direction with ``dir``; isolates, LRM and RLM stay)."""
ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)) + "]"
)
"""Noncharacters beyond the BMP (searched apart: they make a pattern ten times slower)."""
SPACES = re.compile(r"[ \t]+")
OTHER_SPACES = re.compile(r"[^\S \t]")
"""White space other than spaces and tabs (no-break space, form feed…)."""
WHITESPACE = re.compile(r"[ \t\n]+")
ALIGN = re.compile(r"text-align:\s*(left|right|center)")


Node = tuple[Token, list["Node"]]
"""A block token with the nodes between it and its closing token."""


def to_text(tokens: Sequence[Token], width: int, lang: str = "", rtl: bool = False, syntax: Iterable[str] | None = None) -> str:
    """Return the document as plain text wrapped at `width` columns (0: no wrapping).

    `lang` is the page's BCP 47 tag (blocks marked with another language get
    their tag in front), `rtl` whether it is written right to left, `syntax` the dialects
    (`syntax`; None: the default ones), whose blocks `blocktext` writes.

    >>> from locflow.segment import parser
    >>> print(to_text(parser().parse("# Care\\n\\n- Rest\\n- Ice, see [help](https://x.org)\\n"), 72), end="")
    Care
    ====
    <BLANKLINE>
    • Rest
    • Ice, see help (https://x.org)
    """
    widths = _Widths()
    widths.lang, widths.rtl, widths.syntax = lang, rtl, syntaxes.names(syntax)
    tokens = syntaxes.visible(list(tokens), widths.syntax)
    lines = _join(_blocks(_tree(_marked_items(tokens)), width, widths), loose=True)
    return printable("\n".join(lines) + "\n" if lines else "")


def printable(text: str) -> str:
    """Replace control characters, noncharacters and bidi overrides with U+FFFD.

    >>> printable("a\\x1b[31mb")
    'a\\ufffd[31mb'
    """
    text = UNPRINTABLE.sub("\ufffd", text)
    return ASTRAL_NONCHARACTERS.sub("\ufffd", text) if max(text, default="") > "\uffff" else text


def _marked_items(tokens: Sequence[Token]) -> list[Token]:
    """Return the tokens with a list item's language mark moved to its first paragraph (where text is made)."""
    out = list(tokens)
    for index, token in enumerate(out):
        if token.type == "list_item_open" and "lang" in token.attrs and index + 1 < len(out):
            if out[index + 1].type == "paragraph_open":
                marks = {key: value for key, value in token.attrs.items() if key in ("lang", "dir")}
                out[index + 1] = out[index + 1].copy(attrs=out[index + 1].attrs | marks)
    return out


def _other_language(token: Token, widths: _Widths) -> str:
    """Return the language tag of a block marked as another language than the page's, else ``""``."""
    lang = str(token.attrs.get("lang", ""))
    if not lang or not widths.lang or lang.split("-")[0].lower() == widths.lang.split("-")[0].lower():
        return ""
    return lang


def _right_to_left(line: str) -> str:
    """Return a line of right-to-left text with U+200F in front if its first strong character is left-to-right."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return line
        if kind == "L":
            return "\u200f" + line
    return line


def _tree(tokens: Sequence[Token]) -> list[Node]:
    root: list[Node] = []
    stack = [root]
    for token in tokens:
        if token.nesting == -1:
            stack.pop()
            continue
        node: Node = (token, [])
        stack[-1].append(node)
        if token.nesting == 1:
            stack.append(node[1])
    return root


def _join(blocks: list[list[str]], loose: bool) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if lines and loose:
            lines.append("")
        lines.extend(block)
    return lines


def _blocks(nodes: Sequence[Node], width: int, widths: dict[str, int]) -> list[list[str]]:
    return [block for node in nodes if (block := _block(node, width, widths))]


def _block(node: Node, width: int, widths: dict[str, int]) -> list[str]:
    token, children = node
    kind = token.type
    if kind in ("paragraph_open", "heading_open"):
        if not children:
            return []
        text = _inline(children, isolate=widths.rtl, syntax=widths.syntax)
        if label := labels.shown(token)[0]:
            text = f"{label}: {text}"
        if other := _other_language(token, widths):
            text = f"[{other}] {text}"
        lines = wrap(text, width, widths)
        if widths.rtl and token.attrs.get("dir") != "ltr":
            lines = [_right_to_left(line) for line in lines]
        if kind == "heading_open" and (size := max(display_width(line, widths) for line in lines)):
            lines.append(("=" if token.tag == "h1" else "-") * size)
        return lines
    if kind in ("bullet_list_open", "ordered_list_open"):
        return _list(node, width, widths)
    if kind == "blockquote_open":
        return [f"> {line}".rstrip() for line in _join(_blocks(children, max(width - 2, 1), widths), loose=True)]
    if kind in ("code_block", "fence"):
        return ["    " + line if line else "" for line in token.content.rstrip("\n").split("\n")]
    if kind == "html_block":
        text = sourcehtml.plain(token.meta.get(sourcehtml.LOCALIZED, token.content)).strip("\n")
        return text.split("\n") if text.strip() else []
    if kind == "hr":
        return ["* * *"]
    if kind == "table_open":
        return _table(children, widths)
    return blocktext.block(node, width, widths, _blocks, _inline, wrap)


def _inline(children: list[Node], isolate: bool = False, syntax: frozenset[str] | None = None) -> str:
    if not children or children[0][0].type != "inline":
        return ""
    return inline_text(children[0][0].children or (), isolate=isolate, syntax=syntax)


def _list(node: Node, width: int, widths: dict[str, int]) -> list[str]:
    token, items = node
    start = int(token.attrs.get("start", 1))
    tight = all(child.hidden for item in items for child, _ in item[1] if child.type == "paragraph_open")
    result = []
    for number, (_, children) in enumerate(items, start):
        marker = "• " if token.type == "bullet_list_open" else f"{number}. "
        indent = " " * len(marker)
        lines = _join(_blocks(children, max(width - len(marker), 1), widths), loose=not tight)
        result.append([(marker if i == 0 else indent) + line if line else "" for i, line in enumerate(lines or [""])])
    return [line.rstrip() for line in _join(result, loose=not tight)]


def _table(sections: list[Node], widths: dict[str, int]) -> list[str]:
    rows = [
        [(" ".join(_inline(cell, syntax=widths.syntax).split()), _align(token)) for token, cell in row]
        for _, section in sections
        for _, row in section
    ]
    columns = max(len(row) for row in rows)
    sizes = [max((display_width(row[i][0], widths) for row in rows if i < len(row)), default=0) for i in range(columns)]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(_pad(text, sizes[i], align, widths) for i, (text, align) in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * max(size, 1) for size in sizes))
    return lines


def _align(cell: Token) -> str:
    match = ALIGN.search(str(cell.attrs.get("style", "")))
    return match.group(1) if match else "left"


def _pad(text: str, width: int, align: str, widths: dict[str, int]) -> str:
    room = width - display_width(text, widths)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def inline_text(
    children: Sequence[Token], urls: bool = True, isolate: bool = False, syntax: frozenset[str] | None = None
) -> str:
    """Return inline tokens as plain text; with `urls`, a link reads ``text (url)``.

    Soft breaks become spaces and hard breaks newlines; raw HTML is kept as
    text, with its line breaks joined. With `isolate` (right-to-left text) a
    URL is isolated left-to-right. With `urls`, text marked as another
    language (a fallback inside a list item) starts with its tag: ``[en] ``.
    """
    parts: list[str] = []
    links: list[tuple[int, str]] = []
    syntax = syntaxes.names(syntax)
    for token in children:
        kind = token.type
        if kind == "text":
            parts.append(syntaxes.strip(token.content, syntax))
        elif kind == "code_inline" or kind.startswith("math_inline"):
            parts.append(" ".join(token.content.split()) if kind != "code_inline" else token.content)
        elif kind == "footnote_ref":
            parts.append(f"[{token.meta['id'] + 1}]")
        elif kind == "html_inline":
            if not token.meta.get(sourcehtml.TRUSTED):  # the source's own tags are markup, not text
                parts.append(WHITESPACE.sub(" ", token.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(inline_text(token.children or (), urls=False))
        elif kind == "fallback_open" and urls and token.attrs.get("lang"):
            parts.append(f"[{token.attrs['lang']}] ")
        elif kind == "link_open" and urls:
            links.append((len(parts), str(token.attrs.get("href", ""))))
        elif kind == "link_close" and urls and links:
            start, href = links.pop()
            text = "".join(parts[start:])
            if href and not {href, normalizeLinkText(href)} & {text, f"mailto:{text}"}:
                # unless the text is the URL (or the address of a mailto: link)
                parts.append(f" (\u2066{href}\u2069)" if isolate else f" ({href})")
    return "".join(parts)


# --- wrapping ------------------------------------------------------------

SIMPLE = re.compile(r"[^\x00-\xac\xae-\u02ff]")
"""A character that may not be one column wide (Latin text up to U+02FF always is)."""
MAYBE_WIDE = re.compile(r"[\u1100-\U0010ffff]")
"""A character that may be East Asian wide (none is below U+1100)."""


def char_width(char: str) -> int:
    """Return the columns a character takes: 2 for East Asian wide, 0 for marks."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class _Widths(dict):
    """Character widths, each looked up once per wrapped block; with the page's language, carried
    with them through the block renderers."""

    lang = ""
    """The page's BCP 47 tag (``""``: unknown, no block is marked as another language)."""
    syntax: frozenset[str] = frozenset()
    """The dialects the document was parsed with."""
    rtl = False
    """Whether the page is written right to left."""

    def __missing__(self, char: str) -> int:
        self[char] = width = char_width(char)
        return width


def display_width(text: str, widths: dict[str, int] | None = None) -> int:
    """Return the columns `text` takes in a monospaced terminal.

    >>> display_width("注射 24h")
    8
    """
    if not SIMPLE.search(text):
        return len(text)
    widths = _Widths() if widths is None else widths
    return sum(map(widths.__getitem__, text))


def wrap(text: str, width: int, widths: dict[str, int] | None = None) -> list[str]:
    """Wrap text at spaces (and between wide characters) into lines of at most `width` columns.

    A line is longer only when it holds a single unbreakable word, such as a
    URL. Newlines in `text` are kept as line breaks.

    >>> wrap("See a doctor: 一种治疗。好", 12)
    ['See a', 'doctor: 一种', '治疗。好']
    """
    widths = _Widths() if widths is None else widths
    lines: list[str] = []
    for line in text.split("\n"):
        lines.extend(_wrap_line(line.strip(" \t"), width, widths) if width > 0 else [line.strip(" \t")])
    return lines


def _wrap_line(text: str, width: int, widths: dict[str, int]) -> list[str]:
    if not SIMPLE.search(text):  # one column per character
        if OTHER_SPACES.search(text):  # the longest run of words that fits, or one long word
            return re.findall(rf"\S.{{0,{width - 1}}}(?= |$)|\S+", SPACES.sub(" ", text)) or [""]
        words = _words(text)
        sizes = list(map(len, words))
    elif (zero := _zero_width(text, widths)) is not None:  # no wide character: the pieces are the words
        words = _words(text)
        sizes = [len(word.translate(zero)) for word in words] if zero else list(map(len, words))
    else:
        return _fill(_pieces(text, widths), width)
    lines = []
    start, used = 0, sizes[0]
    for index in range(1, len(words)):
        size = sizes[index]
        if used + 1 + size > width:
            lines.append(" ".join(words[start:index]))
            start, used = index, size
        else:
            used += 1 + size
    lines.append(" ".join(words[start:]))
    return lines


def _words(text: str) -> list[str]:
    """Split a line without spaces around it at runs of spaces and tabs."""
    return SPACES.split(text) if "\t" in text or "  " in text else text.split(" ")


def _zero_width(text: str, widths: dict[str, int]) -> dict[int, None] | None:
    """Return a table deleting the characters of `text` that take no column, or None if one takes two."""
    zero = {}
    for char in {*_unusual().findall(text), *MAYBE_WIDE.findall(text)}:
        size = widths[char]
        if size == 2:
            return None
        if size == 0:
            zero[ord(char)] = None
    return zero


@functools.cache
def _unusual() -> re.Pattern[str]:
    """Return a pattern of the characters below U+1100 that do not take exactly one column (marks, unassigned)."""
    ranges: list[list[int]] = []
    for code in range(0x1100):
        if char_width(chr(code)) != 1:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


def _fill(pieces: Iterator[tuple[str, str, int]], width: int) -> list[str]:
    """Return lines of pieces: each piece goes on the current line if it fits with its glue, else starts a line."""
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for glue, piece, size in pieces:
        if line and used + len(glue) + size > width:
            lines.append("".join(line))
            line, used = [], 0
        if line:
            line.append(glue)
            used += len(glue)
        line.append(piece)
        used += size
    lines.append("".join(line))
    return lines


def _pieces(text: str, widths: dict[str, int]) -> Iterator[tuple[str, str, int]]:
    """Yield ``(glue, piece, width)``: the unbreakable pieces of a line, what joins each to the one before,
    and the columns it takes."""
    for number, word in enumerate(SPACES.split(text) if text else ()):
        glue = " " if number else ""
        if not MAYBE_WIDE.search(word):
            yield glue, word, display_width(word, widths)
            continue
        start, size, before = 0, widths[word[0]], widths[word[0]]
        for index in range(1, len(word)):
            after = widths[word[index]]
            if (
                (before == 2 or after == 2)
                and after > 0
                and word[index] not in NO_LINE_START
                and word[index - 1] not in NO_LINE_END
            ):
                yield glue, word[start:index], size
                glue, start, size = "", index, 0
            size += after
            before = after
        yield glue, word[start:], size
