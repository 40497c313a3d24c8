"""The source's own HTML: trusted, sanitized, and its readable text translated.

A content owner's HTML (``<details><summary>``, ``<figure>``, ``<img alt>``,
``<kbd>``) renders as markup, through an allow-list sanitizer (nh3, a binding
of the maintained Rust sanitizer ammonia: we do not write our own). Comments
never reach a page. The human-readable text of an HTML block (text nodes and
the `READABLE` attributes) is a segment; its tags never reach a msgid, so a
translator cannot change them, and a translation is put back escaped, as text.

HTML typed by a translator stays text: `render` renders only the tags the
source segment itself has.

To widen the allow-list, add tags to `TAGS` and attributes to `ATTRIBUTES`
(never ``script``, ``style``, ``on…`` handlers: nh3 refuses them anyway).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = frozenset(
    """
    a abbr aside b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p picture pre q rp rt ruby s
    samp section small source span strong sub summary sup table tbody td tfoot th thead time tr u
    ul var wbr
    """.split()
)
"""Tags a source's HTML may render (everything else is removed, its text kept)."""

ATTRIBUTES = {
    "*": {"lang", "dir", "title", "id", "class", "aria-label", "aria-hidden", "role"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "source": {"srcset", "media", "type", "sizes"},
    "details": {"open"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
}
"""Attributes a source's HTML may keep, per tag (``*``: on every allowed tag)."""

STYLE_PROPERTIES = {"text-align"}
"""CSS properties a ``style`` attribute may keep (table cells' alignment, as Markdown writes it)."""

READABLE = ("alt", "title", "aria-label")
"""Attributes whose values a reader reads: they are segments."""

NOT_PROSE = frozenset({"code", "kbd", "pre", "samp", "script", "style", "var", "svg", "math"})
"""Elements whose text is not translated."""

TRUSTED = "locflow trusted"
"""The key, in an html_inline token's meta, that marks a tag the source itself has."""
LOCALIZED = "locflow localized"
"""The key, in an html_block token's meta, of the block with its translations put in (`localize`)."""

COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
WHITESPACE = re.compile(r"\s+")
ATTRIBUTE = re.compile(r"""\s([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)""")
"""One ``name=value`` of a start tag that `HTMLParser` has already recognised."""


def sanitize(fragment: str) -> str:
    """Return the HTML with only allowed tags and attributes, safe URLs, and no comments.

    >>> sanitize('<details onclick="x()"><summary>More</summary><script>alert(1)</script>Text</details>')
    '<details><summary>More</summary>Text</details>'
    >>> sanitize('<img src="data:image/png;base64,AA=="><a href="data:text/html,x">y</a>')
    '<img src="data:image/png;base64,AA=="><a>y</a>'
    """
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        link_rel=None,
        filter_style_properties=STYLE_PROPERTIES,
        url_schemes=nh3.ALLOWED_URL_SCHEMES | {"data"},
        attribute_filter=_image_data_only,
    )


SAFE_DATA = re.compile(r"^\s*data:image/(?:gif|png|jpeg|webp);", re.IGNORECASE)
"""The only data: URLs a page keeps: images, in an ``img``'s ``src`` (as Markdown images)."""


def _image_data_only(element: str, attribute: str, value: str) -> str | None:
    if value[:5].lower() != "data:" and not value.lstrip()[:5].lower() == "data:":
        return value
    return value if element == "img" and attribute == "src" and SAFE_DATA.match(value) else None


def only_comments(fragment: str) -> bool:
    """Whether an HTML block holds comments and nothing else (it renders as nothing).

    >>> only_comments("<!-- Old headings. Do not remove -->\\n"), only_comments("<!-- a --><b>x</b>")
    (True, False)
    """
    return not COMMENT.sub("", fragment).strip()


def plain(fragment: str) -> str:
    """Return the text a reader reads in HTML: no tags, no comments, no scripts.

    >>> plain("<!-- c --><details><summary>More &amp; less</summary><script>x()</script></details>")
    'More & less'
    """
    return html.unescape(nh3.clean(fragment, tags=set()))


@dataclass(frozen=True, slots=True)
class Span:
    """A run of readable text in an HTML block: where it is and what a translator sees."""

    start: int
    end: int
    text: str
    """The text as read (entities decoded, white space joined): the msgid."""
    attribute: bool
    """Whether it is an attribute value (then `start`/`end` include its quotes)."""


def readable(fragment: str) -> list[Span]:
    """Return the readable text of an HTML block, in order.

    >>> [s.text for s in readable('<figure><img src="a.png" alt="A cat">\\n<figcaption>The &amp; cat</figcaption></figure>')]
    ['A cat', 'The & cat']
    """
    reader = _Reader(fragment)
    reader.feed(fragment)
    reader.close()
    return reader.spans


class _Reader(HTMLParser):
    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=False)
        self.fragment = fragment
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", fragment)]
        self.spans: list[Span] = []
        self.skipping: list[str] = []
        self.text_start: int | None = None
        self.removed: list[str] = []
        """Tags and attributes the sanitizer removes, as written (``<script>``, ``onclick``)."""

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _flush(self) -> None:
        if self.text_start is None:
            return
        start, end = self.text_start, self._offset()
        self.text_start = None
        raw = self.fragment[start:end]
        text = WHITESPACE.sub(" ", html.unescape(raw)).strip()
        if text and any(c.isalpha() for c in text):
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            self.spans.append(Span(start + lead, end - trail, text, False))

    def _text(self) -> None:
        if self.text_start is None and not self.skipping:
            self.text_start = self._offset()

    def handle_data(self, data: str) -> None:
        self._text()

    def handle_entityref(self, name: str) -> None:
        self._text()

    def handle_charref(self, name: str) -> None:
        self._text()

    def handle_starttag(self, tag: str, attrs) -> None:
        self._flush()
        start = self._offset()
        written = self.get_starttag_text() or ""
        if tag not in TAGS:
            self.removed.append(f"<{tag}>")
        else:
            allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
            self.removed += [name for name, _value in attrs if name not in allowed]
        for match in ATTRIBUTE.finditer(written):
            if match.group(1).lower() in READABLE:
                value = match.group(2)
                text = WHITESPACE.sub(" ", html.unescape(value.strip("\"'"))).strip()
                if text and not self.skipping:
                    self.spans.append(Span(start + match.start(2), start + match.end(2), text, True))
        if tag in NOT_PROSE:
            self.skipping.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag in NOT_PROSE:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass

    def handle_comment(self, data: str) -> None:
        self._flush()

    def handle_decl(self, decl: str) -> None:
        self._flush()

    def handle_pi(self, data: str) -> None:
        self._flush()

    def close(self) -> None:
        super().close()
        if self.text_start is not None:
            start, self.text_start = self.text_start, None
            raw = self.fragment[start:]
            text = WHITESPACE.sub(" ", html.unescape(raw)).strip()
            if text and any(c.isalpha() for c in text):
                lead = len(raw) - len(raw.lstrip())
                self.spans.append(Span(start + lead, len(self.fragment) - (len(raw) - len(raw.rstrip())), text, False))


TAG_LIKE = re.compile(r"""</?[A-Za-z][A-Za-z0-9-]*(?:[^<>"']|"[^"]*"|'[^']*')*>""")
"""Anything that may be a start or end tag: more than Markdown reads as one (autolinks, tags in code spans)."""


def may_remove(text: str) -> bool:
    """Whether the sanitizer may remove a tag or attribute of the HTML in Markdown text: False when no
    tag-like part of it (`TAG_LIKE`) would lose anything, so no inline parse is needed to know.

    >>> may_remove("Press <kbd>Ctrl</kbd> or a < b"), may_remove('Go <a href="x" onclick="y()">')
    (False, True)
    """
    tags = TAG_LIKE.findall(text)
    return bool(tags) and bool(removed("".join(tags)))


def removed(fragment: str) -> list[str]:
    """Return the tags and attributes of source HTML that pages leave out, in order, once each.

    >>> removed('<div onclick="x()"><script>alert(1)</script><b>ok</b></div>')
    ['onclick', '<script>']
    """
    reader = _Reader(fragment)
    reader.feed(fragment)
    reader.close()
    return list(dict.fromkeys(reader.removed))


def localize(fragment: str, spans: list[Span], translations: dict[str, str] | None) -> str:
    """Return the HTML block with each readable text replaced by its translation, escaped (`sanitize` the page after;
    a block holding an element whose content is raw text, `RAW_TEXT`, is sanitized here).

    Text without a translation is written as its msgid (escaped), so the source
    page and an identity translation are the same bytes.

    >>> html_ = '<p title="Hi">Hello <b>you</b></p>'
    >>> localize(html_, readable(html_), {"Hello": "Hola <script>", "Hi": 'Ho"la'})
    '<p title="Ho&quot;la">Hola &lt;script&gt; <b>you</b></p>'
    """
    parts, done = [], 0
    for span in spans:
        wanted = (translations or {}).get(span.text, "").strip() or span.text
        parts.append(fragment[done : span.start])
        parts.append(f'"{html.escape(wanted)}"' if span.attribute else html.escape(wanted, quote=False))
        done = span.end
    parts.append(fragment[done:])
    localized = "".join(parts)
    return sanitize(localized) if RAW_TEXT.search(localized) else localized


RAW_TEXT = re.compile(r"<(?:textarea|title|xmp|noembed|noframes|noscript|iframe|script|style|plaintext)\b", re.IGNORECASE)
"""Elements whose content a browser reads as text up to their end tag: one left open in a block
(``<textarea />`` is not closed) would take the rest of the page, so such a block is sanitized alone."""


def trust(children: list, source) -> list:
    """Return a translation's inline tokens with the HTML tags its `source` inline token has marked
    `TRUSTED` (rendered through the allow-list); any other tag stays text."""
    known = {child.content for child in source.children or () if child.type == "html_inline"}
    return [
        child.copy(meta={**child.meta, TRUSTED: True}) if child.type == "html_inline" and child.content in known else child
        for child in children
    ]
