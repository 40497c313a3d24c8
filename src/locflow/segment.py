"""Stage 1: split Markdown into translatable segments.

This module owns the Markdown dialect and the one definition of what is
translatable; extraction, rendering and checks all go through `translatable`
and `msgid`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence

import yaml
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from locflow import dialects, directives, labels, mdxblocks, sourcehtml
from locflow import syntax as syntaxes
from locflow.errors import SourceError
from locflow.model import Document, Segment

CONTAINERS = {
    "blockquote_open": "block quote", "list_item_open": "list item", "admonition_open": "admonition",
    "footnote_open": "footnote", "dd_open": "definition",
}
"""Block tokens that give the paragraphs inside them their own kind."""
CLOSERS = {"blockquote_close", "list_item_close", "admonition_close", "footnote_close", "dd_close"}
OPENERS = {"heading_open": "", "th_open": "table cell", "td_open": "table cell", "dt_open": "term", "admonition_title_open": "admonition title"}
"""Block tokens whose inline content is a segment of its own, with its kind (a heading's is its level)."""

LABELLED = frozenset({"admonitions", "gfm-alerts"})
"""The dialects whose blocks show a label (`labels`)."""
ARGUMENT = "shortcode argument"
"""The kind of a segment that is a readable shortcode argument's value (`dialects.arguments`)."""

NEWLINE = re.compile(r"\n[ \t]*")
"""A line end inside inline content, with the indentation of the next line."""


@functools.cache
def parser(syntax: Iterable[str] | None = None) -> MarkdownIt:
    """Return the Markdown dialect used everywhere: CommonMark, GFM tables, front matter, and the
    site-generator `syntax` of the project (None: the default dialects; see `syntax`).

    Raw HTML is *parsed* (so it can be found and reported) but never rendered
    as markup; see `render`. The parser is made once per process and shared:
    configure a copy, never this one.
    """
    return syntaxes.make(syntaxes.names(syntax))


@functools.cache
def block_parser(syntax: Iterable[str] | None = None) -> MarkdownIt:
    """Return `parser` without its inline stage: blocks and their raw inline content only.

    Segmenting needs no more than that, and inline parsing is half of
    markdown-it's time; the few texts that need it are parsed on demand.
    """
    return syntaxes.make(syntaxes.names(syntax), inline=False)


def translatable(tokens: Sequence[Token]) -> Iterator[tuple[str, Token]]:
    """Yield ``(kind, inline_token)`` for each block whose inline content is translated."""
    containers: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in CONTAINERS:
            containers.append(CONTAINERS[kind])
        elif kind in CLOSERS:
            containers.pop()
        elif kind == "inline" and token.content.strip():
            opener = tokens[index - 1].type
            if opener == "paragraph_open":
                yield (containers[-1] if containers else "paragraph"), token
            elif opener == "heading_open":
                yield f"heading {tokens[index - 1].tag[1:]}", token
            elif opener in OPENERS:
                yield OPENERS[opener], token


def msgid(token: Token) -> str:
    """Return the catalog key of an inline token: soft line breaks become one space.

    Hard breaks (two trailing spaces or a backslash) are kept as written.

    >>> msgid(parser().parse("Some *text*\\n   on two lines.")[1])
    'Some *text* on two lines.'
    """
    content = token.content
    if "\n" not in content:
        return content.strip()
    # Only the inline parser knows which line ends are breaks when a code span,
    # raw HTML or a link destination may hold one; otherwise every one is.
    code, breaks = _line_ends(content) if _line_ends_need_parser(content) else ((), None)
    code = sorted(code)  # code spans never overlap: the one a line end may be in starts last before it
    code_starts = [start for start, _end in code]

    def join(start: int, backslashes: str, spaces: str, newline: int, end: int) -> str:
        written = content[start:end]
        if breaks is not None and newline not in breaks:
            span = bisect.bisect_right(code_starts, newline) - 1
            if span >= 0 and newline < code[span][1]:
                return written.replace("\n", " ")  # in a code span a line end is a space
            return written  # raw HTML, a link destination or title: kept as written
        line = content[content.rfind("\n", 0, start) + 1 : start]
        if line.rfind("<") > line.rfind(">"):
            return written  # a <link destination> cannot span lines: joining could make one
        escaped = len(backslashes) % 2  # an odd backslash escapes the space (or line end) after it
        if len(spaces) - escaped >= 2 or (escaped and not spaces):
            return written  # a hard break, with the next line's indentation, as written
        return f"{backslashes}{spaces[:escaped]} "

    parts, done = [], 0
    for start, backslashes, spaces, newline, end in _line_end_runs(content):
        parts += (content[done:start], join(start, backslashes, spaces, newline, end))
        done = end
    parts.append(content[done:])
    return "".join(parts).strip()


def _line_end_runs(content: str) -> Iterator[tuple[int, str, str, int, int]]:
    """Yield ``(start, backslashes, spaces, newline, end)`` for each line end of `content`.

    A line end is the run of backslashes and the run of spaces before a newline, the newline
    and the spaces and tabs after it: what ``re.finditer(r"(\\\\*)( *)\\n[ \\t]*")`` finds, in
    time linear in the length of `content` (that regex tries again at every space of a run
    that no newline ends).

    >>> list(_line_end_runs("a\\\\  \\n  b\\nc"))
    [(1, '\\\\', '  ', 4, 7), (8, '', '', 8, 9)]
    """
    done = 0
    for match in NEWLINE.finditer(content):
        newline = match.start()
        before = content[done:newline]
        spaces = len(before) - len(before.rstrip(" "))
        unspaced = before[: len(before) - spaces]
        backslashes = len(unspaced) - len(unspaced.rstrip("\\"))
        start = newline - spaces - backslashes
        yield start, content[start : newline - spaces], content[newline - spaces : newline], newline, match.end()
        done = match.end()


UNCLEAR_LINK = re.compile(r"\]\((?![^\s()\\<>]*\))")
"""A ``](`` not followed by a plain one-line link destination and ``)``: its end is the parser's call."""


def _line_ends_need_parser(content: str) -> bool:
    """Whether a line end of `content` may sit in a code span, raw HTML or a link destination or title.

    >>> _line_ends_need_parser("See [the guide](https://x.org/a_b)\\nfor more.")
    False
    >>> _line_ends_need_parser('See [the guide](https://x.org "The\\nguide").')
    True
    """
    return "`" in content or "<" in content or UNCLEAR_LINK.search(content) is not None


def _line_ends(content: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Return the code spans (start, end) of inline `content` and the offsets of its line breaks."""
    found: dict = {"spans": [], "breaks": set(), "offsets": [0]}
    _line_end_parser().parseInline(content, {LINE_ENDS: found})
    return found["spans"], found["breaks"]


LINE_ENDS = "locflow line ends"
"""The key, in the inline parser's env, of what `_line_end_parser`'s rules record."""


@functools.cache
def _line_end_parser() -> MarkdownIt:
    """Return an inline parser whose rules record code spans and line breaks in ``env[LINE_ENDS]``.

    ``offsets`` tracks where the text being parsed starts: image descriptions are parsed apart.
    """

    def backticks(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rules_inline.backtick(state, silent)
        if found and len(state.tokens) > count and state.tokens[-1].type == "code_inline":
            record = state.env[LINE_ENDS]
            record["spans"].append((record["offsets"][-1] + start, record["offsets"][-1] + state.pos))
        return found

    def line_break(rule):
        def record_break(state: StateInline, silent: bool) -> bool:
            start, count = state.pos, len(state.tokens)
            found = rule(state, silent)
            if found and len(state.tokens) > count and state.tokens[-1].type in ("softbreak", "hardbreak"):
                record = state.env[LINE_ENDS]
                record["breaks"].add(record["offsets"][-1] + state.src.index("\n", start))
            return found

        return record_break

    def image(state: StateInline, silent: bool) -> bool:
        offsets = state.env[LINE_ENDS]["offsets"]
        offsets.append(offsets[-1] + state.pos + 2)
        try:
            return rules_inline.image(state, silent)
        finally:
            offsets.pop()

    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    md.inline.ruler.at("backticks", backticks)
    md.inline.ruler.at("newline", line_break(rules_inline.newline))
    md.inline.ruler.at("escape", line_break(rules_inline.escape))
    md.inline.ruler.at("image", image)
    return md


def segment(
    source: str, path: str, front_matter_keys: Sequence[str] = ("title", "description"), syntax: Iterable[str] | None = None,
) -> Document:
    """Split Markdown into translatable segments, in document order.

    `path` is only used in error messages; `syntax` names the dialects (None: the default ones).

    >>> [s.text for s in segment("# Hi\\n\\nSome *text*\\non two lines.\\n", "a.md").segments]
    ['Hi', 'Some *text* on two lines.']
    """
    env: dict = {}
    syntax = syntaxes.needed(source, syntax)
    # Footnotes are gathered at the end by the inline stage, which knows which are referenced.
    md = parser(syntax) if "footnotes" in syntax else block_parser(syntax)
    tokens = md.parse(source, env)
    return document_from_tokens(tokens, source, path, front_matter_keys, env, syntax=syntax)


def document_from_tokens(
    tokens: Sequence[Token], source: str, path: str, front_matter_keys: Sequence[str], env: dict | None = None,
    said: directives.Directives | None = None, syntax: Iterable[str] | None = None,
) -> Document:
    """Build the Document for already parsed `tokens` of `source`, parsed with the dialects `syntax`.

    The tokens may come from `block_parser` (inline tokens without children);
    then the texts that may hold raw HTML are parsed here, with the `env` of
    the block parse.
    """
    segments: list[Segment] = []
    front_matter: dict[str, str] = {}
    raw_html: list[int] = []
    if tokens and tokens[0].type == "front_matter":
        for key, value, line in front_matter_values(tokens[0], path):
            if key in front_matter_keys and value:
                front_matter[key] = value
                segments.append(Segment(f"front matter: {key}", value, line))
    syntax = syntaxes.names(syntax)
    blocks = {id(token): kind for kind, token in translatable(tokens)}
    said = directives.scan(tokens) if said is None else said
    shown = dict(labels.places(tokens, said.skipped)) if syntax & LABELLED else {}
    for index, token in enumerate(tokens):
        kind = token.type
        if index in shown:  # the label of an untitled admonition or an alert: a text of its own
            segments.append(Segment(labels.KIND, shown[index], token.map[0] + 1 if token.map else 1, labels.note(token)))
            continue
        if kind != "inline" and kind != "html_block":
            if kind in ("mdx_jsx", "mdx_jsx_open") and "=" in token.content:  # readable attributes: segments
                line = token.map[0] + 1 if token.map else 1
                for value in mdxblocks.attributes(token.content):
                    where = line + token.content.count("\n", 0, value.start)
                    segments.append(Segment(mdxblocks.KIND, value.text, where, said.notes.get(index, "")))
            continue
        line = token.map[0] + 1 if token.map else 1
        if index in said.skipped:
            pass
        elif kind == "html_block":
            for span in sourcehtml.readable(token.content):
                where = line + token.content.count("\n", 0, span.start)
                segments.append(Segment("html", span.text, where, said.notes.get(index, "")))
        elif (found := blocks.get(id(token))) is not None:
            if not syntaxes.nothing_to_translate(token.content, syntax):
                text = msgid(token)
                shortcodes = "hugo" in syntax and "{{" in text
                segments.append(Segment(found, dialects.blanked(text) if shortcodes else text, line, said.notes.get(index, "")))
            if "hugo" in syntax:
                for argument in dialects.arguments(token.content):  # their own segments, not text in the block's
                    where = line + token.content.count("\n", 0, argument.start)
                    segments.append(Segment(ARGUMENT, argument.text, where, said.notes.get(index, "")))
        if (kind == "html_block" or "<" in token.content) and _removed_html(token, env, syntax):
            raw_html.append(line)
    return Document(path, source, tuple(segments), front_matter, tuple(raw_html))


def _removed_html(token: Token, env: dict | None, syntax: frozenset[str]) -> list[str]:
    """Return what the sanitizer removes from the source HTML of a block (see `sourcehtml`); with ``mdx``,
    an MDX component's tags are MDX, not HTML (`mdxblocks.without_components`)."""
    mdx = mdxblocks.without_components if "mdx" in syntax else str
    if token.type == "html_block":
        return sourcehtml.removed(mdx(token.content))
    if not sourcehtml.may_remove(token.content):
        return []  # no tag-like text that would lose anything: Markdown's tags, a subset, lose nothing
    children = token.children
    if not children:  # not parsed yet (block_parser), or really empty
        children = parser(syntax).parseInline(token.content, dict(env or {}))[0].children or ()
    return sourcehtml.removed(mdx("".join(child.content for child in children if child.type == "html_inline")))


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


LINK_TARGET = re.compile(r"\]\([^)]*\)?|<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*>")
"""Link destinations (see `sub_spans` for the ``)?``) and autolinks. An autolink holds no
``<`` (CommonMark's rule; allowing one made ``<a:`` repeated take quadratic time)."""
AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*>")
"""`LINK_TARGET` without its link destinations."""
WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def word_count(text: str) -> int:
    """Count the words a translator is paid for: link targets and markup do not count.

    >>> word_count("See [our *clinic*](https://example.org/a-b) within 24 hours.")
    6
    """
    return len(WORD.findall(sub_spans(LINK_TARGET, AUTOLINK, "]", text)))


def sub_spans(spans: re.Pattern[str], rest: re.Pattern[str], replacement: str, text: str) -> str:
    """Replace the matches of `spans` with `replacement`, in time linear in the length of `text`.

    `spans` is an alternation of which one alternative is a link destination written
    ``\\]\\([^)]*\\)?``, and `rest` is `spans` without that alternative. The ``?`` is
    the point: ``\\]\\([^)]*\\)`` fails at a ``](`` that no ``)`` follows after scanning
    to the end of the text, and fails again at every ``](`` after it (``[a](`` repeated
    takes time quadratic in its length). With ``)?`` the first such ``](`` matches the
    rest of the text instead; no ``](`` in it is a destination, so `rest` finishes it.
    The result is what ``re.sub(spans_with_a_closing_parenthesis, replacement, text)`` gives.

    >>> sub_spans(LINK_TARGET, AUTOLINK, "]", "[a](x) [b](<c:d> e")
    '[a] [b](] e'
    """

    def replace(match: re.Match[str]) -> str:
        span = match.group()
        if span.startswith("](") and not span.endswith(")"):  # no ")" after it: no destination
            return rest.sub(replacement, span)
        return replacement

    return spans.sub(replace, text)
