"""`broken-links`: a link or picture in a source document that leads to nothing in the site.

A relative link to a document (``other.md``), an anchor (``#part``, ``other.md#part``)
or a file (``images/x.png``) is looked up in source/: the documents, the ids of their
headings (`links.heading_ids`, the same in every locale) and of the elements of their own HTML
(``<div id="x">``, ``<a name="x">``: the allow-list keeps both), and the other files, which
`build` publishes beside the pages. Links to other sites, absolute paths and
``mailto:`` are not checked, nor an address the site generator makes: one holding
template syntax (Hugo's ``{{< relref "x" >}}``, ``{{% eturl x %}}``, Liquid's ``{% link x %}``).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence

from markdown_it.token import Token

from locflow import links
from locflow.checks.registry import issue
from locflow.model import Finding


HTML_ID = re.compile(r"""<[A-Za-z][^<>]*?\s(?:id|name)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'=<>`]+))""")
"""An ``id`` (or an ``<a>``'s ``name``) in the source's own HTML: an element a link may lead to."""


def anchors(tokens: Sequence[Token]) -> frozenset[str]:
    """Return the ids a parsed document's pages carry: its headings' and its own HTML's.

    >>> from markdown_it import MarkdownIt
    >>> sorted(anchors(MarkdownIt().parse('# Top\\n\\n<div id="box">x</div>\\n\\nSee <a name=old></a>.')))
    ['box', 'old', 'top']
    """
    found = set(links.anchors(links.heading_ids(tokens)))
    for token in tokens:
        html = [token] if token.type == "html_block" else [c for c in token.children or () if c.type == "html_inline"]
        for part in html:
            found.update(a or b or c for a, b, c in HTML_ID.findall(part.content))
    return frozenset(found)


def broken_links(
    tokens: Sequence[Token], doc: str, documents: Mapping[str, frozenset[str]], files: frozenset[str],
    unchecked: Sequence[re.Pattern[str]] = (),
) -> Iterator[Finding]:
    """Yield a finding for each link or picture of `doc` (parsed `tokens`) leading to no document,
    anchor or file: `documents` maps each document to its anchors, `files` lists source/'s other files;
    an address one of `unchecked` matches whole (``unchecked_links``) is the site generator's."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 0
        for child in token.children:
            url = child.attrs.get("href") if child.type == "link_open" else child.attrs.get("src") if child.type == "image" else None
            if not isinstance(url, str) or _generated(url) or not (found := links.target(doc, url)):
                continue
            if unchecked and any(p.fullmatch(urllib.parse.unquote(url)) for p in unchecked):
                continue
            if problem := _problem(found, doc, documents, files):
                yield issue("broken-links", f"{url} leads nowhere: {problem}; fix the link", line=line)


def _generated(url: str) -> bool:
    """Return whether an address holds template syntax: the site generator makes it.

    >>> _generated("%7B%7B%25%20eturl%20alias%20%25%7D%7D"), _generated("%7B%25%20link%20a.md%20%25%7D"), _generated("a.md")
    (True, True, False)
    """
    if "%7B" not in url and "{" not in url:
        return False
    text = urllib.parse.unquote(url)
    return "{{" in text or "{%" in text


def _problem(found: links.Target, doc: str, documents: Mapping[str, frozenset[str]], files: frozenset[str]) -> str:
    target = found.document if found.path else doc
    if target is None:
        return "" if found.path in files else f"there is no {found.path} in the source folder"
    if target not in documents:
        return f"there is no document {found.path} in the source folder"
    if found.fragment and found.fragment not in documents[target]:
        where = "this page" if target == doc else found.path
        return f"no heading or element with the id {found.fragment!r} in {where}"
    return ""
