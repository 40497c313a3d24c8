"""The Markdown dialect of a project: CommonMark, GFM tables, front matter, and the site-generator
syntax ``syntax = [...]`` turns on (`syntaxnames`).

Each construct is a block of its own, so its markup never reaches a msgid:

- ``heading-ids``: ``## Install {#install}``: the id leaves the heading's text and becomes its
  ``id`` in every locale (Hugo, MkDocs ``attr_list``, Docusaurus, kramdown).
- ``gfm-alerts``: ``> [!NOTE]``: the marker leaves the text; the page shows its label (`labels`).
- ``admonitions``: ``:::note[Title]`` … ``:::`` (Docusaurus, Starlight; ``:::note Title`` too) and
  ``!!! note "Title"`` / ``??? note`` with an indented body (MkDocs Material, mdit-py-plugins'
  admon): the title is one segment, the body's blocks are segments of their own; the page shows an
  ``<aside>`` with the title, or the type's name where none is written (a label, `labels`).
- ``footnotes``: each definition's text is a segment; ``[^1]`` markers stay in the msgids (the
  `protected` check compares them); the page ends with the notes and their back-links.
- ``deflist``: terms and definitions are segments (``<dl>``).
- ``math``: ``$…$`` and ``$$…$$`` (pandoc's rules: no space inside the dollars, no digit after
  the closing one) are never translated, shown as code.
- ``hugo`` and ``mdx``: shortcodes and MDX lines are protected and left off pages (`dialects`);
  with ``mdx``, a line of MDX component tags alone (``<Tabs>``, ``</TabItem>``) is markup and the
  Markdown inside the component is read as blocks (`mdxblocks`).

A dialect turned off is plain CommonMark: its syntax is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.footnote.index import (
    render_footnote_anchor,
    render_footnote_anchor_name,
    render_footnote_block_close,
    render_footnote_block_open,
    render_footnote_caption,
    render_footnote_close,
    render_footnote_open,
    render_footnote_ref,
)
from mdit_py_plugins.front_matter import front_matter_plugin

from locflow import dialects, labels, mdxblocks
from locflow.syntaxnames import DEFAULT

OPTION = "locflow_syntax"
"""The key, in a parser's options, of the dialects it reads (renderers see the options)."""
_ATTRIBUTE = r"""(?:\.[\w-]+|[A-Za-z_][\w:.-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'}]+))"""
HEADING_ID = re.compile(r"\{:?[ \t]*(?:%s[ \t]+)*#([A-Za-z][\w:.-]*)(?:[ \t]+%s)*[ \t]*\}" % (_ATTRIBUTE, _ATTRIBUTE))
"""An explicit heading id at the end of a heading: ``{#id}`` (``{: #id }``, MkDocs' spelling, too), also in
an attribute list with classes and attributes (``{ #with-pip data-toc-label="with pip" }``: only the id is kept)."""
ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(\n[ \t]*)?", re.IGNORECASE)
"""A GitHub alert marker starting a block quote, with the spaces and line end after it."""
FENCE = re.compile(r"[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\[(.*)\][ \t]*(?:\{[^{}\n]*\})?|\{[^{}\n]*\}|[ \t](.*))?[ \t]*$")
"""What follows ``:::``: the admonition's type, then ``[Title]`` (Docusaurus 3, Starlight) or `` Title``;
Starlight's attributes in braces (``:::tip{icon="heart"}``, ``:::tip[Title]{icon="heart"}``) are kept, not shown."""


DEFAULTS = frozenset(DEFAULT)
PAGE_ONLY = frozenset({"hugo", "mdx"})
"""The dialects pages apply (`strip`, `shown`) rather than the parser."""


def names(syntax: Iterable[str] | None) -> frozenset[str]:
    """Return the dialects as a frozenset (None: the default ones)."""
    if syntax is None:
        return DEFAULTS
    return syntax if isinstance(syntax, frozenset) else frozenset(syntax)


MARKS = {"footnotes": ("[^",), "admonitions": (":::", "!!!", "???"), "math": ("$",), "heading-ids": ("{",), "gfm-alerts": ("[!",)}
"""What a source holds somewhere when it uses a dialect: without it, the dialect's rules need not run."""
DEFINITION = re.compile(r"^[ \t>]*[:~]", re.MULTILINE)
"""A line that may be a definition (``: text``), in a block quote or a list too."""


def needed(source: str, syntax: Iterable[str] | None) -> frozenset[str]:
    """Return the dialects of `syntax` a source may use: those whose marks it holds (`MARKS`), and
    ``hugo`` and ``mdx``, which pages apply. A parser of fewer rules tries fewer at every line.

    >>> sorted(needed("# Title {#top}\\n\\nText.\\n", None))
    ['heading-ids', 'hugo', 'mdx']
    """
    syntax = names(syntax)
    dropped = {name for name, marks in MARKS.items() if name in syntax and not any(mark in source for mark in marks)}
    if "deflist" in syntax and not DEFINITION.search(source):
        dropped.add("deflist")
    return syntax - dropped if dropped else syntax


def make(syntax: frozenset[str], inline: bool = True) -> MarkdownIt:
    """Return a new parser of a set of dialects (`segment.parser` keeps one per process).

    Without `inline`, blocks and their raw inline content only (segmenting needs no more).
    """
    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    if "footnotes" in syntax:
        md.use(footnote_plugin, inline=False)
    if "deflist" in syntax:
        md.use(deflist_plugin)
    if "math" in syntax:
        md.use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False, allow_blank_lines=False)
    if "admonitions" in syntax:
        md.use(admon_plugin).use(container_plugin, name="admonition", validate=lambda params, *_: bool(FENCE.match(params)))
        md.core.ruler.before("inline", "locflow_admonitions", _admonitions)
    if "heading-ids" in syntax:
        md.core.ruler.before("inline", "locflow_heading_ids", _heading_ids)
    if "gfm-alerts" in syntax:
        md.core.ruler.before("inline", "locflow_alerts", _alerts)
    if "mdx" in syntax:
        md.block.ruler.before("html_block", "mdx_jsx", mdxblocks.rule, {"alt": ["paragraph", "reference", "blockquote"]})
    md.options[OPTION] = syntax
    return md.disable("inline") if not inline else md


def of(options) -> frozenset[str]:
    """Return the dialects of a parser's `options` (a renderer's third argument)."""
    try:
        return options[OPTION]
    except KeyError:
        return DEFAULTS


def _heading_ids(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.type == "heading_open" and (content := tokens[index + 1].content.rstrip(" \t")).endswith("}"):
            start = content.rfind("{")
            if match := HEADING_ID.fullmatch(content, start):
                token.attrSet("id", match.group(1))
                tokens[index + 1].content = content[:start].rstrip(" \t")


def _alerts(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        if token.type == "blockquote_open" and tokens[index + 1].type == "paragraph_open":
            inline = tokens[index + 2]
            if inline.content.startswith("[!") and (match := ALERT.match(inline.content)):
                tokens[index + 1].meta = {**tokens[index + 1].meta, "alert": match.group(1).capitalize()}
                inline.content = inline.content[match.end() :]
                if match.group(2) and inline.map:  # the text starts on the next line
                    inline.map = [inline.map[0] + 1, inline.map[1]]


def _admonitions(state: StateCore) -> None:
    """Make MkDocs' and Docusaurus' admonitions the same tokens: ``admonition_open`` (meta ``tag``;
    ``untitled`` for MkDocs' ``!!! note ""``), an optional title (``admonition_title_open``, inline,
    ``admonition_title_close``), the body, ``admonition_close``. A title's inline token knows the
    column it starts at (meta ``column``), for `mdoutput`; an admonition without a title shows
    its type's name (meta ``label``, `labels.ENGLISH`)."""
    if not any(t.type in ("admonition_open", "container_admonition_open") for t in state.tokens):
        return
    lines = state.src.split("\n")
    out: list[Token] = []
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == "container_admonition_close":
            token.type = "admonition_close"
        if token.type == "admonition_open" and token.markup[0] in "!?":  # MkDocs: a title in quotes, or none
            quoted = '"' in token.info
            token.meta = {**token.meta, "untitled": quoted and not token.content}  # !!! note "": no title
            if tokens[index].type == "admonition_title_open":
                title = tokens[index + 1]
                if quoted and title.content:
                    line = lines[token.map[0]] if token.map else ""
                    title.meta = {**title.meta, "column": line.find('"', line.find(token.markup)) + 1}
                    out.append(token)
                    continue
                index += 3  # no title written: the page shows the type's name
            if not token.meta["untitled"]:
                token.meta[labels.ENGLISH] = _name(token)
        elif token.type == "container_admonition_open":
            match = FENCE.match(token.info)
            assert match is not None  # the container's validate said so
            title = (match.group(2) or match.group(3) or "").strip()
            token.type, token.tag = "admonition_open", "aside"
            token.meta = {**token.meta, "tag": match.group(1).lower()}
            out.append(token)
            if not title:
                token.meta[labels.ENGLISH] = _name(token)
            else:
                line = lines[token.map[0]] if token.map else ""
                head = line.find(token.markup) + len(token.markup)
                inline = Token("inline", "", 0, content=title, map=token.map and [token.map[0], token.map[0] + 1], children=[])
                inline.meta = {"column": line.find(title, head + len(match.group(1)))}
                out += [Token("admonition_title_open", "p", 1), inline, Token("admonition_title_close", "p", -1)]
            continue
        out.append(token)
    state.tokens = out


def translated_children(md: MarkdownIt, msgstr: str, env: dict, source: Sequence[Token] | None) -> list[Token]:
    """Return a translation parsed as inline Markdown with the source's `env`, its footnote markers
    numbered as the source's are (the back-links lead to them); `env` is never changed."""
    if "[^" not in msgstr or "footnotes" not in env:
        return md.parseInline(msgstr, env)[0].children or []
    notes = env["footnotes"]
    env = {**env, "footnotes": {"refs": dict(notes["refs"]), "list": {k: dict(v) for k, v in notes["list"].items()}}}
    children = md.parseInline(msgstr, env)[0].children or []
    ids: dict[str, list[dict]] = {}
    for token in source or ():
        if token.type == "footnote_ref":
            ids.setdefault(token.meta["label"], []).append(token.meta)
    for number, token in enumerate(children):
        if token.type == "footnote_ref":
            found = ids.get(token.meta["label"])
            meta = found.pop(0) if found else {**token.meta, "extra": True}
            children[number] = token.copy(meta=meta)
    return children


# --- rendering -------------------------------------------------------------------------------


def shown(tokens: list[Token], options) -> list[Token]:
    """Return a block token stream without the paragraphs that hold site-generator syntax only."""
    return visible(tokens, of(options))


def visible(tokens: list[Token], syntax: frozenset[str]) -> list[Token]:
    """Return a block token stream without the paragraphs that hold only the shortcodes and MDX
    lines of the dialects turned on (`dialects.shown`)."""
    on = syntax & PAGE_ONLY
    return dialects.shown(tokens, on) if on else tokens


def strip(text: str, syntax: frozenset[str]) -> str:
    """Remove what the dialects keep off pages inside a text: shortcodes, with ``hugo`` (a paragraph
    of MDX lines is left out whole, `visible`)."""
    return dialects.strip(text) if "hugo" in syntax else text


def nothing_to_translate(text: str, syntax: frozenset[str]) -> bool:
    """Whether a block's text holds nothing to translate (`dialects.nothing_to_translate`, for the
    dialects turned on: a shortcode or MDX line of a dialect turned off is text)."""
    return not dialects.turned_off(text, syntax) and dialects.nothing_to_translate(text)


def _paragraph_open(self, tokens, idx, options, env) -> str:
    """A paragraph; the first of an alert starts with the alert's label (in the page's language, `labels`)."""
    html = self.renderToken(tokens, idx, options, env)
    label, attrs = labels.shown(tokens[idx])
    if label:
        text = tokens[idx + 1].content.strip() if idx + 1 < len(tokens) else ""
        html += f'<strong class="alert"{labels.attributes(attrs, escapeHtml)}>{escapeHtml(label)}</strong>' + (" " if text else "")
    return html


def _tag(token: Token) -> str:
    """Return an admonition's type as a class name (``note`` where none is usable)."""
    return re.sub(r"[^\w-]", "", str(token.meta.get("tag", ""))) or "note"


def _name(token: Token) -> str:
    """Return the label an untitled admonition shows in English: its type's name."""
    return _tag(token).replace("-", " ").capitalize()


def _admonition_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    collapsible = " collapsible" if token.markup.startswith("?") else ""
    html = f'<aside class="admonition {_tag(token)}{collapsible}">\n'
    label, attrs = labels.shown(token)
    if label and not _titled(tokens, idx):
        html += f'<p class="admonition-title"{labels.attributes(attrs, escapeHtml)}>{escapeHtml(label)}</p>\n'
    return html


def _titled(tokens, idx) -> bool:
    return idx + 1 < len(tokens) and tokens[idx + 1].type == "admonition_title_open"


def _title_open(self, tokens, idx, options, env) -> str:
    """An admonition's title; one in the source language in a translated page keeps its ``lang``."""
    return f'<p class="admonition-title"{labels.attributes({k: v for k, v in tokens[idx].attrs.items() if k != "class"}, escapeHtml)}>'


def _math_inline(self, tokens, idx, options, env) -> str:
    return f'<code class="math" dir="ltr">{escapeHtml(" ".join(tokens[idx].content.split()))}</code>'


def _math_block(self, tokens, idx, options, env) -> str:
    return f'<pre class="math" dir="ltr"><code>{escapeHtml(tokens[idx].content.strip())}</code></pre>\n'


def _footnote_ref(self, tokens, idx, options, env) -> str:
    html = render_footnote_ref(self, tokens, idx, options, env)
    return re.sub(r' id="[^"]*"', "", html) if tokens[idx].meta.get("extra") else html


def _nothing(self, tokens, idx, options, env) -> str:
    return ""  # an MDX component's tags: markup for the site generator, never shown


RULES = {
    "paragraph_open": _paragraph_open,
    "admonition_open": _admonition_open,
    "admonition_close": lambda self, tokens, idx, options, env: "</aside>\n",
    "admonition_title_open": _title_open,
    "admonition_title_close": lambda self, tokens, idx, options, env: "</p>\n",
    "math_inline": _math_inline,
    "math_inline_double": _math_inline,
    "math_block": _math_block,
    "footnote_ref": _footnote_ref,
    "mdx_jsx": _nothing,
    "mdx_jsx_open": _nothing,
    "mdx_jsx_close": _nothing,
    "footnote_block_open": render_footnote_block_open,
    "footnote_block_close": render_footnote_block_close,
    "footnote_open": render_footnote_open,
    "footnote_close": render_footnote_close,
    "footnote_anchor": render_footnote_anchor,
    "footnote_caption": render_footnote_caption,
    "footnote_anchor_name": render_footnote_anchor_name,
}
"""Render rules of the dialects' tokens, for a renderer to bind (``rule.__get__(renderer)``)."""
