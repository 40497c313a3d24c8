"""Localized Markdown for site generators (Hugo, MkDocs, Docusaurus, Astro, mdBook).

The file is the source, byte for byte, except each translated segment and
front matter value: a translated block's text takes the place of the
source's on the block's first line (its other lines go); an untranslated or
fuzzy one keeps the English. Links to other documents lead to that locale's
file, or the source locale's where that locale's page is withheld.

A translation is untrusted: one that holds raw HTML other than the
source's own tags and comments, a ``<`` the source has not, or a link the
source does not have is not used here (the English stays); line breaks become
spaces, and a text that would start block syntax at the start of a line
(``# ``, ``- ``, ``1. ``, ``>``) is escaped, so a translation can neither add
structure nor markup to what the generator renders. In the source's own
HTML blocks, each readable text (`sourcehtml`: an element's text, ``alt``,
``title``) takes its translation, escaped.

Layouts: ``folder`` writes ``markdown/<locale>/<path>.md`` (Docusaurus,
Astro, mdBook, mkdocs-static-i18n's folder structure); ``suffix`` writes
``markdown/<path>.<locale>.md`` (Hugo's translation by file name,
mkdocs-static-i18n's suffix structure). The files beside the pages
(pictures, PDFs) are published under ``markdown/<locale>/`` in the folder
layout, a locale's own copy (``x.es.png``) in place of the file; in the
suffix layout they are published once under their own names, and a link to
a file with a copy for the locale leads to the copy.
"""

from __future__ import annotations

import json
import posixpath
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from locflow import dialects, links, mdxblocks, sourcehtml

if TYPE_CHECKING:
    from locflow import render

FOLDER = "markdown"
"""The folder of dist/ that holds the Markdown output."""
LAYOUTS = ("folder", "suffix")
BLOCK_START = re.compile(r"(#{1,6}(?=[ \t]|$)|[>+*-](?=[ \t]|$)|```|~~~|<|\||=+[ \t]*$)")
LEADING_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?>")
"""An opening tag at the start of a text."""
HARD_BREAK = re.compile(r"((?:\\| {2,})\n)[ \t]*")
"""A hard line break (a backslash or two spaces at a line end) and the spaces after it."""
ORDERED = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
DESTINATION = re.compile(r"(\]\(\s*<?|^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s)>]+)", re.MULTILINE)
"""A link destination: after ``](`` (inline links) or in a reference definition."""


def path(doc: str, locale: str, layout: str) -> str:
    """Return the page's Markdown file, relative to dist/.

    >>> path("sub/b", "es", "folder"), path("sub/b", "es", "suffix")
    ('markdown/es/sub/b.md', 'markdown/sub/b.es.md')
    """
    return f"{FOLDER}/{locale}/{doc}.md" if layout == "folder" else f"{FOLDER}/{doc}.{locale}.md"


def locale_of(name: str, layout: str) -> str:
    """Return the locale of a Markdown file `path` names.

    >>> locale_of("markdown/es/sub/b.md", "folder"), locale_of("markdown/sub/b.es.md", "suffix")
    ('es', 'es')
    """
    return name.split("/")[1] if layout == "folder" else name.rsplit(".", 2)[-2]


def published(pages: Sequence[tuple[str, str]], before: object, chosen: Sequence[str], layout: str) -> set[str]:
    """Return the Markdown files of the published `pages` (``(document, locale)`` of this build's locales),
    and those the last build listed (`before`) of the locales this one did not build."""
    files = {path(doc, locale, layout) for doc, locale in pages}
    earlier = before if isinstance(before, list) else []
    return files | {
        name for name in earlier if isinstance(name, str) and name.endswith(".md") and locale_of(name, layout) not in chosen
    }


def href(
    from_doc: str, locale: str, url: str, site: links.Site, layout: str, copies: Mapping[str, str] | None = None,
) -> str:
    """Return where a link of `from_doc`'s `locale` file leads in the Markdown output.

    `copies` maps a file of source/ to this locale's copy of it (``img/x.png`` to ``img/x.es.png``),
    which a link to the file leads to instead.

    >>> site = links.Site(frozenset({"a", "sub/b"}))
    >>> href("sub/b", "es", "../img/x.png?v=2", site, "suffix", {"img/x.png": "img/x.es.png"})
    '../img/x.es.png?v=2'
    """
    found = links.target(from_doc, url)
    doc = found.document if found else None
    here = posixpath.dirname(from_doc) or "."
    if found is not None and doc is None and found.path in (copies or {}):
        relative = posixpath.relpath((copies or {})[found.path], here)
        return urllib.parse.quote(relative, safe="/") + (f"?{found.query}" if found.query else "") + (
            f"#{found.fragment}" if found.fragment else "")
    if found is None or doc is None or doc not in site.documents:
        return url
    shown = site.source_locale if (doc, locale) in site.withheld else locale
    if layout == "folder":
        target = f"{doc}.md" if shown == locale else "../" * (from_doc.count("/") + 1) + f"{shown}/{doc}.md"
        relative = target if shown != locale else posixpath.relpath(target, here)
    else:
        relative = posixpath.relpath(f"{doc}.{shown}.md", here)
    quoted = urllib.parse.quote(relative, safe="/")
    return quoted + (f"?{found.query}" if found.query else "") + (f"#{found.fragment}" if found.fragment else "")


def usable(parsed: render.Parsed, msgid: str, msgstr: str) -> bool:
    """Return whether a translation may go into Markdown: no raw HTML but the source's own tags and comments
    (``<span class="filename">``, ``<!-- ignore -->``, each as often as the source has it), no link or picture
    the source lacks."""
    def targets(text: str) -> tuple[set[str], list[str]]:
        urls, raw = set(), []
        stack = list(parsed.md.parseInline(text, dict(parsed.env))[0].children or ())
        while stack:
            token = stack.pop()
            if token.type == "html_inline":
                raw.append(token.content)
            urls |= {str(token.attrs[key]) for key in ("href", "src") if key in token.attrs}
            stack += token.children or ()
        return urls, sorted(raw)

    source, tags = targets(msgid)
    found, raw = targets(msgstr)
    # Written destinations too, and any "<" the source has not: what markdown-it refuses
    # (javascript:, an autolink, a tag) another renderer may follow.
    written = {m.group(2) for m in DESTINATION.finditer(msgstr)} <= {m.group(2) for m in DESTINATION.finditer(msgid)}
    return raw == tags and found <= source and written and ("<" not in msgstr or "<" in msgid)


def escaped(text: str, cell: bool = False, source: str = "") -> str:
    """Return a translation as one line that starts no block syntax (and, in a table cell, splits no cell).

    A translation that starts with the tag its `source` starts with keeps it: the source's paragraph
    starts so without being an HTML block, and so does the translation, text following the tag.

    >>> escaped("# not a heading"), escaped("1. not a list"), escaped("a\\nb")
    ('\\\\# not a heading', '1\\\\. not a list', 'a b')
    >>> escaped('<span class="f">Archivo</span>', source='<span class="f">File</span>')
    '<span class="f">Archivo</span>'
    """
    text = " ".join(part.strip() for part in text.split("\n")).strip()
    if cell:
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    tag = LEADING_TAG.match(text)
    if tag and source.startswith(tag.group(0)) and text[tag.end():].strip():
        return text
    if BLOCK_START.match(text):
        return "\\" + text
    if match := ORDERED.match(text):
        return f"{match.group(1)}\\{text[len(match.group(1)):]}"
    return text


def _arguments(parsed: render.Parsed, translations, lines: list[str], edits: dict, replaced: set[int]) -> None:
    """Add the edits that translate the readable shortcode arguments of the blocks kept as written."""
    if not translations:
        return
    for index, token in enumerate(parsed.tokens):
        if token.type != "inline" or index in replaced or not token.map or "{{" not in token.content:
            continue
        cursor: dict[int, int] = {}
        for argument in dialects.arguments(token.content):
            number = token.map[0] + token.content.count("\n", 0, argument.start)
            written = token.content[argument.start : argument.end]
            wanted = (translations.get(argument.text) or "").strip()
            at = lines[number].find(written, cursor.get(number, 0)) if number < len(lines) else -1
            if not wanted or wanted == argument.text or at < 0 or "\n" in written:
                continue
            cursor[number] = at + len(written)
            edits.setdefault(number, []).append((at, at + len(written), dialects.quoted(wanted, argument.quote)))


def _components(parsed: render.Parsed, translations, lines: list[str], dropped: set[int]) -> None:
    """Translate the readable attributes of MDX components' tags (``<Card title="…">``) in their lines."""
    for token in parsed.tokens if translations else ():
        if token.type in ("mdx_jsx", "mdx_jsx_open") and token.map and "=" in token.content:
            first, end = token.map
            written = "".join(lines[first:end])
            at = written.find(token.content)
            wanted = mdxblocks.localized(token.content, translations)
            if at >= 0 and wanted != token.content:
                lines[first] = written[:at] + wanted + written[at + len(token.content) :]
                dropped.update(range(first + 1, end))


def _with_breaks(msgstr: str, msgid: str, lines: list[str], first: int, content: list[str]) -> str | None:
    """Return a translation with hard line breaks (``\\`` or two spaces at a line end) as lines, each starting
    as the source block's second line does (in a list item, a quote, a component), or None when there is none."""
    following = lines[first + 1] if len(content) > 1 and first + 1 < len(lines) else ""
    at = following.find(content[1].lstrip(" \t")) if following else -1
    if at < 0 or following[:at].strip(" \t>"):
        return None
    parts = HARD_BREAK.split(msgstr)
    text = escaped(parts[0], source=msgid)
    for number in range(1, len(parts), 2):
        text += parts[number] + following[:at] + escaped(parts[number + 1])
    return text


BLOCK_PREFIX = re.compile(r"[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?")
"""What the line of a block inside a list item or a quote holds before the block: indentation, ``>``, a list marker."""


def _prefixes(written: list[str], content: str) -> tuple[str, str] | None:
    """Return what the lines `written` put before a block's `content` on its first line and on the others
    (in a list item, a quote, an MDX component), or None when they hold anything else.

    >>> _prefixes(["- <p>\\n", "  </p>\\n"], "<p>\\n</p>\\n"), _prefixes(["x <p>\\n"], "<p>\\n")
    (('- ', '  '), None)
    """
    inner = content.splitlines(True)
    if not written or len(written) != len(inner):
        return None
    found = []
    for line, own in zip(written, inner, strict=True):
        prefix = line[: len(line) - len(own)]
        if not line.endswith(own) or not BLOCK_PREFIX.fullmatch(prefix) or (found and not prefix.strip(" \t>") == ""):
            return None
        found.append(prefix)
    rest = {prefix for prefix, own in zip(found[1:], inner[1:], strict=True) if own.strip()}
    return (found[0], rest.pop() if rest else "") if len(rest) <= 1 else None


def _value_lines(lines: list[str], first: int) -> range:
    """Return the lines from `first` on that go on a front matter value: indented ones (blank ones between)."""
    end = number = first
    while number < len(lines) and (lines[number][:1] in (" ", "\t") or not lines[number].strip()):
        number += 1
        if lines[number - 1].strip():
            end = number
    return range(first, end)


def localized(
    parsed: render.Parsed, translations: Mapping[str, str] | None, doc: str, locale: str, site: links.Site, layout: str,
    copies: Mapping[str, str] | None = None,
) -> str:
    """Return the source with each usable translation in place and links leading to this locale's files
    (`copies`: this locale's copies of files of source/, which links lead to, in the ``suffix`` layout)."""
    source = parsed.document.source
    lines = source.splitlines(keepends=True)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    dropped: set[int] = set()
    cursor: dict[int, int] = {}
    replaced: set[int] = set()
    for index, msgid in parsed.segments:
        inline = parsed.tokens[index]
        if not inline.map:
            continue
        first = inline.map[0]
        content = inline.content.split("\n")
        line = lines[first] if first < len(lines) else ""
        start = line.find(content[0], max(cursor.get(first, 0), inline.meta.get("column", 0)))  # a title after its type
        if start < 0:
            continue
        cursor[first] = start + len(content[0])
        msgstr = (translations or {}).get(msgid, "")
        if not msgstr.strip() or msgstr == msgid or not usable(parsed, msgid, msgstr):
            continue
        cell = parsed.tokens[index - 1].type in ("th_open", "td_open")
        text = _with_breaks(msgstr, msgid, lines, first, content) if HARD_BREAK.search(msgstr) and not cell else None
        text = escaped(msgstr, cell, msgid) if text is None else text
        if "{{" in text:  # the block's shortcodes get their readable arguments back, translated
            text = dialects.put_back(text, [a.text for a in dialects.arguments(inline.content, every=True)], translations)
        edits.setdefault(first, []).append((start, start + len(content[0]), text))
        dropped.update(range(first + 1, first + len(content)))
        replaced.add(index)
    for index, spans in parsed.html:  # the source's own HTML blocks: their readable text, escaped
        block = parsed.tokens[index]
        prefixes = _prefixes(lines[block.map[0] : block.map[1]], block.content) if block.map else None
        if prefixes is None:
            continue  # its lines hold more than the block and what a list item or a quote puts before it (the English stays)
        # One line each: a blank line would end the HTML block, and what follows would be Markdown.
        texts = {span.text: " ".join((translations or {}).get(span.text, "").split()) for span in spans}
        wanted = [span for span in spans if texts[span.text] and texts[span.text] != span.text]
        if wanted:
            parts = sourcehtml.localize(block.content, wanted, texts).splitlines(True)
            lines[block.map[0]] = "".join(
                (prefixes[0] if number == 0 else prefixes[1] if line.strip() else prefixes[1].rstrip(" \t")) + line
                for number, line in enumerate(parts)
            )
            dropped.update(range(block.map[0] + 1, block.map[1]))
    _arguments(parsed, translations, lines, edits, replaced)
    _components(parsed, translations, lines, dropped)
    for segment in parsed.document.segments:
        if segment.kind.startswith("front matter") and (msgstr := (translations or {}).get(segment.text, "")).strip():
            number = segment.line - 1
            key = segment.kind.removeprefix("front matter: ")
            if number < len(lines) and re.match(rf"{re.escape(key)}:[ \t]", lines[number]):
                ending = lines[number][len(lines[number].rstrip("\r\n")):]
                lines[number] = f"{key}: {json.dumps(' '.join(msgstr.split()), ensure_ascii=False)}{ending}"
                dropped.update(_value_lines(lines, number + 1))  # a value over several lines (``|-``): now one
    out = []
    for number, line in enumerate(lines):
        if number in dropped:
            continue
        for start, end, text in sorted(edits.get(number, ()), reverse=True):
            line = line[:start] + text + line[end:]
        out.append(line)
    text = "".join(out)
    return DESTINATION.sub(lambda m: m.group(1) + href(doc, locale, m.group(2), site, layout, copies), text)
