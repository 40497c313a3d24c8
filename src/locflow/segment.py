"""Stage 1: split Markdown into translatable segments.

This module owns the Markdown dialect and the one definition of what is
translatable; extraction, rendering and checks all go through `translatable`
and `msgid`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from locflow.errors import SourceError
from locflow.model import Document, Segment

CONTAINERS = {"blockquote_open": "block quote", "list_item_open": "list item"}
"""Block tokens that give the paragraphs inside them their own kind."""

LINE_END = re.compile(r"(\\*)( *)\n[ \t]*")
"""A line end inside inline content, with the backslashes and spaces before it."""


def parser() -> MarkdownIt:
    """Return the Markdown dialect used everywhere: CommonMark, GFM tables, front matter.

    Raw HTML is *parsed* (so it can be found and reported) but never rendered
    as markup; see `render`.
    """
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


def translatable(tokens: Sequence[Token]) -> Iterator[tuple[str, Token]]:
    """Yield ``(kind, inline_token)`` for each block whose inline content is translated."""
    containers: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in CONTAINERS:
            containers.append(CONTAINERS[kind])
        elif kind in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif kind == "inline" and token.content.strip():
            opener = tokens[index - 1].type
            if opener == "heading_open":
                yield f"heading {tokens[index - 1].tag[1:]}", token
            elif opener == "paragraph_open":
                yield (containers[-1] if containers else "paragraph"), token
            elif opener in ("th_open", "td_open"):
                yield "table cell", token


def msgid(token: Token) -> str:
    """Return the catalog key of an inline token: soft line breaks become one space.

    Hard breaks (two trailing spaces or a backslash) are kept as written.

    >>> msgid(parser().parse("Some *text*\\n   on two lines.")[1])
    'Some *text* on two lines.'
    """
    return LINE_END.sub(_join_line, token.content).strip()


def _join_line(match: re.Match[str]) -> str:
    backslashes, spaces = match.group(1), match.group(2)
    if len(spaces) >= 2 or (not spaces and len(backslashes) % 2):
        return f"{backslashes}{spaces}\n"
    return f"{backslashes} "


def segment(source: str, path: str, front_matter_keys: Sequence[str] = ("title", "description")) -> Document:
    """Split Markdown into translatable segments, in document order.

    `path` is only used in error messages.

    >>> [s.text for s in segment("# Hi\\n\\nSome *text*\\non two lines.\\n", "a.md").segments]
    ['Hi', 'Some *text* on two lines.']
    """
    tokens = parser().parse(source)
    return document_from_tokens(tokens, source, path, front_matter_keys)


def document_from_tokens(
    tokens: Sequence[Token], source: str, path: str, front_matter_keys: Sequence[str]
) -> Document:
    """Build the Document for already parsed `tokens` of `source`."""
    segments: list[Segment] = []
    front_matter: dict[str, str] = {}
    raw_html: list[int] = []
    if tokens and tokens[0].type == "front_matter":
        for key, value, line in front_matter_values(tokens[0], path):
            if key in front_matter_keys and value:
                front_matter[key] = value
                segments.append(Segment(f"front matter: {key}", value, line))
    for kind, token in translatable(tokens):
        segments.append(Segment(kind, msgid(token), token.map[0] + 1 if token.map else 1))
    for token in tokens:
        if token.type == "html_block" or (
            token.type == "inline" and any(child.type == "html_inline" for child in token.children or ())
        ):
            raw_html.append(token.map[0] + 1 if token.map else 1)
    return Document(path, source, tuple(segments), front_matter, tuple(raw_html))


def front_matter_values(token: Token, path: str) -> Iterator[tuple[str, str, int]]:
    """Yield ``(key, text, line)`` for each top-level text value of YAML front matter.

    Values are whitespace-normalized; lists, mappings and non-mapping front
    matter carry nothing to translate and are skipped.
    """
    first_line = (token.map[0] if token.map else 0) + 2  # after the opening ---
    try:
        node = yaml.compose(token.content, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(err, "problem", None) or str(err)
        raise SourceError(f"{path}:{line}: invalid YAML front matter: {problem}") from err
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode):
            text = " ".join(value_node.value.split())
            yield key_node.value, text, first_line + value_node.start_mark.line


LINK_TARGET = re.compile(r"\]\([^)]*\)|<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>")
WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def word_count(text: str) -> int:
    """Count the words a translator is paid for: link targets and markup do not count.

    >>> word_count("See [our *clinic*](https://example.org/a-b) within 24 hours.")
    6
    """
    return len(WORD.findall(LINK_TARGET.sub("]", text)))
