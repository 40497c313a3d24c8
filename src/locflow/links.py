"""Links between the pages of a site: heading ids, and links to other source documents.

Every heading gets an ``id`` made from the *source* heading (GitHub's rule:
lower case, punctuation dropped, spaces as hyphens, ``-1``, ``-2`` for
repeats), so ``#part`` leads to the same place in every locale. A relative
link to another source document (``other.md``, ``../x/y.md#part``) is
rewritten to that document's page in the same locale, or in the source
locale when that locale's page is withheld; a link to anything else is left
as written (`checks.sitelinks` reports one that leads nowhere).

Tokens are markdown-it's, handled through their ``copy`` and ``attrs`` only.
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

DROPPED = re.compile(r"[^\w\- ]")
"""What GitHub drops from a heading's text to make its anchor (letters of every script stay)."""


def slug(text: str) -> str:
    """Return the anchor of a heading's plain text, as GitHub (github-slugger, used by Astro and
    Docusaurus) makes it: a space left by a dropped character stays a hyphen (`` `<Image />` ``: ``image-``).

    >>> slug("Trigger-point injections: what to expect?"), slug("¿Qué es?"), slug("!!")
    ('trigger-point-injections-what-to-expect', 'qué-es', 'section')
    >>> slug("<Image />"), slug("→ Next"), slug(" Padded ")
    ('image-', '-next', 'padded')
    """
    return DROPPED.sub("", text.strip().lower()).replace(" ", "-") or "section"


@dataclass(frozen=True, slots=True)
class Site:
    """What a page needs to know of the rest of the site to link to it."""

    documents: frozenset[str]
    """Every source document, by its path in source/ without ``.md``."""
    withheld: frozenset[tuple[str, str]] = frozenset()
    """``(document, locale)`` of the pages that are not published."""
    source_locale: str = "en"
    suffix: str = ".html"
    """The published page's file name ending (``.html``; ``.md`` for Markdown output)."""


def heading_ids(tokens: Sequence) -> list:
    """Return the tokens with an ``id`` on every heading, made from its text; an id already set is kept."""
    from locflow import textrender  # only where tokens are made: `build` loads it when it renders

    out = list(tokens)
    used: dict[str, int] = {}
    for index, token in enumerate(out):
        if token.type != "heading_open" or index + 1 >= len(out):
            continue
        wanted = str(token.attrs["id"]) if "id" in token.attrs else slug(
            textrender.inline_text(out[index + 1].children or (), urls=False)
        )
        anchor = wanted
        while anchor in used:
            used[wanted] += 1
            anchor = f"{wanted}-{used[wanted]}"
        used[anchor] = 0
        used.setdefault(wanted, 0)
        out[index] = token.copy(attrs=token.attrs | {"id": anchor})
    return out


def anchors(tokens: Sequence) -> frozenset[str]:
    """Return the ids of the headings of tokens made by `heading_ids`."""
    return frozenset(str(t.attrs["id"]) for t in tokens if t.type == "heading_open" and "id" in t.attrs)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a relative URL of a page leads, inside source/."""

    path: str
    """The file, relative to source/ (``""``: the page itself)."""
    fragment: str
    query: str

    @property
    def document(self) -> str | None:
        """The document, when the path is a Markdown file (``sub/b`` for ``sub/b.md``)."""
        return self.path[:-3] if self.path.endswith(".md") else None


def target(from_doc: str, url: str) -> Target | None:
    """Return where a URL written in `from_doc` leads in source/, or None (absolute, elsewhere, outside).

    >>> target("sub/b", "../a.md#top")
    Target(path='a.md', fragment='top', query='')
    >>> target("a", "https://example.org/a.md"), target("a", "../../etc.md")
    (None, None)
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("/"):
        return None
    path = urllib.parse.unquote(parts.path)
    if not path:
        return Target("", urllib.parse.unquote(parts.fragment), parts.query)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_doc), path))
    if joined == ".." or joined.startswith("../"):
        return None
    return Target(joined, urllib.parse.unquote(parts.fragment), parts.query)


def href(from_doc: str, locale: str, url: str, site: Site) -> str:
    """Return the URL a page of `from_doc` in `locale` publishes for `url`.

    >>> site = Site(frozenset({"a", "sub/b"}), frozenset({("a", "es")}))
    >>> href("sub/b", "es", "../a.md#top", site), href("a", "ar", "sub/b.md#part", site)
    ('../../en/a.html#top', 'sub/b.html#part')
    >>> href("a", "es", "missing.md", site), href("a", "es", "#top", site)
    ('missing.md', '#top')
    """
    found = target(from_doc, url)
    doc = found.document if found else None
    if found is None or doc is None or doc not in site.documents:
        return url
    if (doc, locale) in site.withheld:
        path = "../" * (from_doc.count("/") + 1) + f"{site.source_locale}/{doc}{site.suffix}"
    else:
        path = posixpath.relpath(doc + site.suffix, posixpath.dirname(from_doc) or ".")
    quoted = urllib.parse.quote(path, safe="/")
    return quoted + (f"?{found.query}" if found.query else "") + (
        f"#{urllib.parse.quote(found.fragment, safe='')}" if found.fragment else ""
    )


def rewrite(tokens: Sequence, from_doc: str, locale: str, site: Site) -> tuple:
    """Return the tokens of a page with every link to a source document pointing at its published page."""
    out = list(tokens)
    for index, token in enumerate(out):
        if token.type != "inline" or not token.children:
            continue
        children, changed = list(token.children), False
        for number, child in enumerate(children):
            if child.type == "link_open" and isinstance(url := child.attrs.get("href"), str):
                new = href(from_doc, locale, url, site)
                if new != url:
                    children[number] = child.copy(attrs=child.attrs | {"href": new})
                    changed = True
        if changed:
            out[index] = token.copy(children=children)
    return tuple(out)
