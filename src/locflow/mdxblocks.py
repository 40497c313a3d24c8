"""MDX components as blocks: Markdown inside JSX (``<Tabs>``, ``<Steps>``, ``<TabItem label="npm">``).

CommonMark reads a line holding only ``<Tabs>`` as the start of an HTML block that runs to the
next blank line, so a fence or a list inside a component would show as text. MDX (mdx-js 2+,
Astro, Starlight, Docusaurus) reads such a line as a JSX element of its own and the lines after it
as Markdown again. With the ``mdx`` dialect, locflow does the same for **components**: tags whose
name starts with an upper-case letter and is not an HTML element's name in capitals (``<Tabs>``,
``<Option>``, ``<Card.Body>``; never ``<div>`` or ``<DIV>``), so the HTML blocks of plain Markdown
(Hugo, MkDocs) read as before.

- A line (or, for an opening tag whose attributes span lines, the lines) holding only component
  tags and spaces is a block of markup: ``mdx_jsx`` (self-closing, or no matching end tag found),
  or ``mdx_jsx_open`` … ``mdx_jsx_close`` around the blocks between a tag and its end tag.
- Between them, indentation is only indentation, as in MDX: a fence indented under ``<TabItem>``
  is a fence, never an indented code block.
- Pages and plain text show the children, never the tags; Markdown output keeps the tag lines as
  written. The values of a component's readable attributes (`READABLE`) are segments of their own.
- A component's tags inside a paragraph or an HTML block (``<ReadMore>See …</ReadMore>``) are left
  off pages by the sanitizer, as MDX syntax: extract does not warn about them (`without_components`).

The rule is a markdown-it block rule (`rule`), added by `syntax.make`; it reads the parser state
by duck typing, so this module imports no markdown-it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from locflow import sourcehtml

NAME = re.compile(r"[A-Z][\w.:$-]*")
"""A component's name: JSX reads a name starting with an upper-case letter as a component."""
HTML_NAMES = sourcehtml.TAGS | frozenset(
    """
    address article base basefont body center dialog dir fieldset footer form frame frameset head header html
    iframe legend link main menu menuitem nav noframes optgroup option param script search style textarea
    title track
    """.split()
)
"""HTML elements' names (CommonMark's block names among them): written in capitals (``<DIV>``), HTML still."""
ATTRIBUTE_NAME = re.compile(r"[A-Za-z_$][\w:.$-]*")
READABLE = ("title", "label", "description", "alt", "caption", "text")
"""Attributes of a component a reader reads (``<Card title="Next steps">``): segments of their own."""
KIND = "component attribute"
"""The kind of a segment that is a readable component attribute's value."""
BUDGET = "_locflow_mdx_budget"
"""The attribute, on markdown-it's block state, of the lines the searches for end tags may still read."""
SCANS_PER_LINE = 8
"""Lines read searching for end tags, per line of the source: past that, tags are lines of their own.
Astro's and Starlight's pages read at most three per line (a line is read once per component around it)."""
DEEPEST = 50
"""The most components open inside one whose end tag is searched for (markdown-it nests no deeper)."""
LONGEST = 4000
"""The most characters a tag (with its attributes) may take: past it, a line is not read as a tag."""


@dataclass(frozen=True, slots=True)
class Tag:
    """A JSX tag as written."""

    name: str
    kind: str
    """``open``, ``close`` or ``self`` (self-closing)."""
    start: int
    end: int
    """Where it is in the source."""


def component(name: str) -> bool:
    """Whether a tag name is a component's, not an HTML element's.

    >>> component("Tabs"), component("Option"), component("Card.Body"), component("DIV"), component("div")
    (True, True, True, False, False)
    """
    return bool(NAME.fullmatch(name)) and ("." in name or not name.isupper() or name.lower() not in HTML_NAMES)


def tags_at(src: str, pos: int, end: int) -> list[Tag] | None:
    """Return the component tags that make up the text from `pos` to the end of its line (an opening
    tag may go on over lines, up to `end`), or None when anything else is on the line.

    >>> [(t.name, t.kind) for t in tags_at('<TabItem label="a>b" {...x}></Other>', 0, 99)]
    [('TabItem', 'open'), ('Other', 'close')]
    >>> tags_at("<Badge /> and text", 0, 99), tags_at("<div>", 0, 99)
    (None, None)
    """
    found: list[Tag] = []
    end = min(end, len(src))
    while True:
        tag = _tag(src, pos, min(end, pos + LONGEST))
        if tag is None or not component(tag.name):
            return None
        found.append(tag)
        pos = tag.end
        while pos < end and src[pos] in " \t":
            pos += 1
        if pos >= end or src[pos] == "\n":
            return found
        if src[pos] != "<":
            return None


def _tag(src: str, pos: int, end: int) -> Tag | None:
    """Read one tag at `pos` (``<Name …>``, ``</Name>``, ``<Name … />``); a blank line ends the search."""
    if not src.startswith("<", pos):
        return None
    start, pos = pos, pos + 1
    closing = src.startswith("/", pos)
    pos += closing
    name = NAME.match(src, pos, end)
    if name is None:
        return None
    pos = name.end()
    while pos < end:
        char = src[pos]
        if char in " \t\n\r":
            if src.startswith("\n\n", pos) or src.startswith("\n\r\n", pos):
                return None  # a blank line: no tag goes on over one here
            pos += 1
        elif char == ">":
            return Tag(name.group(), "close" if closing else "open", start, pos + 1)
        elif src.startswith("/>", pos) and not closing:
            return Tag(name.group(), "self", start, pos + 2)
        elif closing:
            return None
        elif char == "{":
            pos = _expression(src, pos, end)
        elif match := ATTRIBUTE_NAME.match(src, pos, end):
            pos = match.end()
            while pos < end and src[pos] in " \t\n":
                pos += 1
            if src.startswith("=", pos):
                pos += 1
                while pos < end and src[pos] in " \t\n":
                    pos += 1
                if pos < end and src[pos] in "\"'":
                    close = src.find(src[pos], pos + 1, end)
                    pos = close + 1 if close >= 0 else end
                elif src.startswith("{", pos):
                    pos = _expression(src, pos, end)
                else:
                    return None
        else:
            return None
        if pos < 0:
            return None
    return None


def _expression(src: str, pos: int, end: int) -> int:
    """Return where the JavaScript expression in braces at `pos` ends (after its ``}``), -1 if it does not."""
    depth = 0
    while pos < end:
        char = src[pos]
        if char in "\"'`":
            close = src.find(char, pos + 1, end)
            if close < 0:
                return -1
            pos = close
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return -1


def _line_of(state, line: int, offset: int) -> int:
    """Return the line (from `line` on) that holds `offset` of the source."""
    while line + 1 < state.lineMax and state.eMarks[line] < offset:
        line += 1
    return line


def _end_tag_line(state, first: int, end: int, opened: list[str]) -> int | None:
    """Return the line, from `first` on, whose tags close every one of `opened`, or None.

    Only lines of tags alone count; fenced code is skipped; a line less indented than the block
    that holds the component ends the search (the block ends there)."""
    stack = list(opened)
    fence = ""
    line = first
    budget = getattr(state, BUDGET, None)
    if budget is None:
        budget = SCANS_PER_LINE * len(state.bMarks) + 2000
    while line < end:
        budget -= 1
        setattr(state, BUDGET, budget)
        if budget < 0:
            return None  # a page of unclosed tags: the rest are lines of their own, in linear time
        start, stop = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        if start >= stop:
            line += 1
            continue
        if state.sCount[line] < state.blkIndent:
            return None
        text = state.src[start:stop]
        if fence:
            if text.startswith(fence[0] * len(fence)) and not text.lstrip(fence[0]).strip():
                fence = ""
        elif text.startswith(("```", "~~~")):
            fence = text[: len(text) - len(text.lstrip(text[0]))]
        elif text.startswith("<") and (tags := tags_at(state.src, start, state.eMarks[end - 1] if end else stop)):
            for tag in tags:
                if tag.kind == "open":
                    stack.append(tag.name)
                    if len(stack) > DEEPEST:
                        return None
                elif tag.kind == "close" and tag.name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(tag.name) :]
                    if not stack:
                        return line
            line = _line_of(state, line, tags[-1].end - 1)
        line += 1
    return None


def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it block rule: a line of component tags alone, and the blocks up to its end tag."""
    pos = state.bMarks[start_line] + state.tShift[start_line]
    src = state.src
    if not src.startswith("<", pos) or pos + 1 >= len(src) or not (src[pos + 1].isupper() or src[pos + 1] == "/"):
        return False
    if state.is_code_block(start_line):
        return False
    tags = tags_at(src, pos, state.eMarks[end_line - 1])
    if not tags:
        return False
    if silent:
        return True
    last = _line_of(state, start_line, tags[-1].end - 1)
    opened: list[str] = []
    for tag in tags:
        if tag.kind == "open":
            opened.append(tag.name)
        elif tag.kind == "close" and tag.name in opened:
            opened.remove(tag.name)
    close = _end_tag_line(state, last + 1, end_line, opened) if opened else None
    written = src[pos : tags[-1].end]
    if close is None:
        token = state.push("mdx_jsx", "", 0)
        token.map, token.content, token.block = [start_line, last + 1], written, True
        state.line = last + 1
        return True
    token = state.push("mdx_jsx_open", "", 1)
    token.map, token.content, token.block = [start_line, last + 1], written, True
    saved = state.parentType, state.lineMax, state.blkIndent, getattr(state, "_code_enabled", False)
    indents = [state.sCount[n] for n in range(last + 1, close) if state.bMarks[n] + state.tShift[n] < state.eMarks[n]]
    state.parentType, state.lineMax = "mdx_jsx", close
    state.blkIndent = max(state.blkIndent, min(indents, default=0))
    state._code_enabled = False  # MDX has no indented code: indentation is only indentation
    try:
        state.md.block.tokenize(state, last + 1, close)
    finally:
        state.parentType, state.lineMax, state.blkIndent, state._code_enabled = saved
    end = state.bMarks[close] + state.tShift[close]
    token = state.push("mdx_jsx_close", "", -1)
    token.map, token.content, token.block = [close, close + 1], src[end : state.eMarks[close]], True
    state.line = close + 1
    return True


TAG = re.compile(r"""</?([A-Z][\w.:$-]*)(?:[^<>"'{}]|"[^"]*"|'[^']*'|\{[^{}]*\})*>""")
"""A component's tag, the simple way (attributes in quotes or in one level of braces)."""


def without_components(fragment: str) -> str:
    """Return HTML without the MDX components' tags in it (pages leave them out, as MDX syntax).

    >>> without_components('<p><Since v="4.15" /> <ReadMore>See</ReadMore> <b>x</b></p>')
    '<p> See <b>x</b></p>'
    """
    if "<" not in fragment:
        return fragment
    return TAG.sub(lambda match: "" if component(match.group(1)) else match.group(), fragment)


@dataclass(frozen=True, slots=True)
class Attribute:
    """A readable attribute's value in a component's tags."""

    start: int
    end: int
    """Where the value is in the tags' text, its quotes included."""
    text: str
    """The value as read (entities decoded, white space joined): the msgid."""


VALUE = re.compile(r"""(?<![\w:.$-])(%s)\s*=\s*("[^"]*"|'[^']*')""" % "|".join(READABLE))


def attributes(written: str) -> list[Attribute]:
    """Return the readable attributes' values of the component tags `written` (a ``mdx_jsx`` token's content).

    >>> [a.text for a in attributes('<Card title="Next &amp; last" icon="star">')]
    ['Next & last']
    """
    if "=" not in written:
        return []
    found = []
    for match in VALUE.finditer(written):
        if _outside_expressions(written, match.start()):
            text = " ".join(html.unescape(match.group(2)[1:-1]).split())
            if any(char.isalpha() for char in text):
                found.append(Attribute(match.start(2), match.end(2), text))
    return found


def _outside_expressions(written: str, at: int) -> bool:
    """Whether `at` is outside any braces (``slugs={["title='x'"]}`` holds no attribute)."""
    depth = 0
    for char in written[:at]:
        depth += (char == "{") - (char == "}")
    return depth == 0


def localized(written: str, translations) -> str:
    """Return component tags with each readable attribute's value translated (as one line, escaped as
    JSX reads a string: HTML entities, so no quote can end it).

    >>> localized('<Card title="Next" icon="x">', {"Next": 'Luego "ya"'})
    '<Card title="Luego &quot;ya&quot;" icon="x">'
    """
    for attribute in reversed(attributes(written)):
        wanted = " ".join(((translations or {}).get(attribute.text) or "").split())
        if wanted and wanted != attribute.text:
            value = html.escape(wanted).replace("{", "&#123;").replace("}", "&#125;")
            written = f'{written[: attribute.start]}"{value}"{written[attribute.end :]}'
    return written
