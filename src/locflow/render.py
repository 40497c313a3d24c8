"""Stage 3: put translations into a parsed document and render its HTML.

A document is parsed once; `localize` then makes the token stream of one
locale by swapping the inline content of each translated block, and `body`
renders it. Raw HTML never renders as markup: it is shown as escaped text.
A translation is parsed as inline Markdown only, with the source's link
references, so it can neither add block structure nor inject code.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import babel
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from locflow import segment, textrender
from locflow.errors import ConfigError
from locflow.model import Document

LINE_BREAKS = re.compile(r"[ \t]*\n[ \t]*")
"""A line end with the spaces around it: rendered as one space, like a soft break."""

WHITESPACE = re.compile(r"[ \t\n]+")

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
"""``{{ name }}`` in a page template."""

PLACEHOLDERS = ("lang", "dir", "locale", "title", "description", "alternates", "stylesheet", "body")
"""What a page template may use; every value is already escaped for HTML."""

SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl"}
"""gettext ``@modifier`` names that are scripts in BCP 47."""


@dataclass(frozen=True, slots=True)
class Language:
    """How a locale is marked up in HTML."""

    lang: str
    """The BCP 47 tag: ``pt-BR``, ``zh-Hans``."""
    direction: str
    """``ltr`` or ``rtl``, from the locale's script."""


def language(locale: str) -> Language:
    """Return the HTML ``lang`` and ``dir`` of a gettext locale code.

    >>> language("zh_Hans"), language("ar").direction
    (Language(lang='zh-Hans', direction='ltr'), 'rtl')
    """
    code, _, modifier = locale.partition("@")
    tag = code.replace("_", "-")
    if modifier:
        tag += "-" + SCRIPT_MODIFIERS.get(modifier, modifier)
    rtl = babel.Locale.parse(locale).character_order == "right-to-left"
    return Language(tag, "rtl" if rtl else "ltr")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A source document parsed once, ready to be localized into any locale."""

    document: Document
    tokens: tuple[Token, ...]
    """The block token stream; never modified after parsing."""
    env: dict
    """The parse environment, holding the link reference definitions."""
    segments: tuple[tuple[int, str], ...]
    """``(index of the inline token, msgid)`` for each translatable block."""
    md: MarkdownIt


@dataclass(frozen=True, slots=True)
class Localized:
    """One locale's version of a parsed document."""

    tokens: tuple[Token, ...]
    env: dict
    options: dict
    """The dialect's renderer options."""
    language: Language
    title: str
    """Plain text for ``<title>``: the front matter title, else the first heading, else the file name."""
    description: str
    """Plain text for ``<meta name="description">``: front matter, else the first paragraph."""
    fallbacks: int
    """Blocks showing source text for want of a usable translation."""


def parse(source: str, path: str, front_matter_keys: Sequence[str] = ("title", "description")) -> Parsed:
    """Parse a Markdown source once, for segmenting and for rendering every locale.

    >>> parse("# Hi\\n", "a.md").segments
    ((1, 'Hi'),)
    """
    md = segment.parser()
    env: dict = {}
    tokens = md.parse(source, env)
    document = segment.document_from_tokens(tokens, source, path, front_matter_keys)
    places = {id(token): index for index, token in enumerate(tokens)}
    # The document lists its front matter segments first, then one per translatable block.
    texts = [s.text for s in document.segments if not s.kind.startswith("front matter")]
    blocks = [places[id(token)] for _kind, token in segment.translatable(tokens)]
    return Parsed(document, tuple(tokens), env, tuple(zip(blocks, texts, strict=True)), md)


def localize(
    parsed: Parsed, translations: Mapping[str, str] | None, page: Language, source: Language
) -> Localized:
    """Return the document in a locale: translated blocks swapped in, the others marked.

    `translations` maps msgid to msgstr (usable translations only); None means
    the source locale, where nothing is a fallback. A block without a
    translation keeps the source text, and its element gets the source
    ``lang`` (and ``dir`` when the directions differ): the paragraph, heading
    or table cell, or the list item of a tight list (a ``<span>`` around the
    text when the item holds more than that text).

    >>> en, es = language("en"), language("es")
    >>> page = localize(parse("Hello *you*\\n\\nBye\\n", "a.md"), {"Hello *you*": "Hola *tú*"}, es, en)
    >>> body(page), page.fallbacks
    ('<p>Hola <em>tú</em></p>\\n<p lang="en">Bye</p>\\n', 1)
    """
    tokens = list(parsed.tokens)
    fallbacks = 0
    if translations is not None:
        mark = {"lang": source.lang} | ({"dir": source.direction} if page.direction != source.direction else {})
        for index, msgid in parsed.segments:
            inline = tokens[index]
            if (msgstr := translations.get(msgid, "")).strip():  # blank text would empty the block
                children = parsed.md.parseInline(msgstr, parsed.env)[0].children
                tokens[index] = inline.copy(content=msgstr, children=children)
            else:
                fallbacks += 1
                _mark_fallback(tokens, index, mark)
    front = parsed.document.front_matter
    title = (
        _front_matter(front, "title", translations)
        or _first_text(tokens, "heading_open")
        or PurePosixPath(parsed.document.path).stem
    )
    description = _front_matter(front, "description", translations) or _first_text(tokens, "paragraph_open")
    return Localized(tuple(tokens), parsed.env, parsed.md.options, page, title, description, fallbacks)


def _mark_fallback(tokens: list[Token], index: int, attrs: dict[str, str]) -> None:
    opener = tokens[index - 1]
    if not opener.hidden:
        tokens[index - 1] = opener.copy(attrs=opener.attrs | attrs)
        return
    item = tokens[index - 2]
    if item.type == "list_item_open" and tokens[index + 2].type == "list_item_close":
        tokens[index - 2] = item.copy(attrs=item.attrs | attrs)
        return
    inline = tokens[index]
    span = [Token("fallback_open", "span", 1, attrs=attrs), Token("fallback_close", "span", -1)]
    tokens[index] = inline.copy(children=[span[0], *(inline.children or ()), span[1]])


def _front_matter(front: Mapping[str, str], key: str, translations: Mapping[str, str] | None) -> str:
    text = front.get(key, "")
    return (translations or {}).get(text, text) if text else ""


def _first_text(tokens: Sequence[Token], opener: str) -> str:
    for index, token in enumerate(tokens[:-1]):
        if token.type == opener and tokens[index + 1].type == "inline":
            if text := textrender.inline_text(tokens[index + 1].children or (), urls=False).strip():
                return text
    return ""


def body(page: Localized) -> str:
    """Render the localized token stream as the HTML of the page body."""
    return PageRenderer(page.language.direction).render(page.tokens, page.options, page.env)


def page(localized: Localized, locale: str, alternates: Sequence[tuple[str, str]], template: str | None = None) -> str:
    """Return the full HTML page: the default one, or `template` with its placeholders filled.

    `alternates` are ``(hreflang, href)`` pairs for ``<link rel="alternate">``.
    Placeholders are replaced in one pass, so text from a translation is
    never read as a placeholder. Every value is escaped for HTML text and
    quoted attribute values (both quotes), the only places `template_errors`
    lets a placeholder go; a template it refuses raises ConfigError.
    """
    if template and (error := _first_template_error(template)):
        raise ConfigError(f"page template:{error[0]}: {error[1]}")
    values = {
        "lang": html.escape(localized.language.lang),
        "dir": html.escape(localized.language.direction),
        "locale": html.escape(locale),
        "title": textrender.printable(html.escape(localized.title)),
        "description": textrender.printable(html.escape(localized.description)),
        "alternates": "\n".join(
            f'<link rel="alternate" hreflang="{html.escape(lang)}" href="{html.escape(href)}">'
            for lang, href in alternates
        ),
        "stylesheet": STYLESHEET,
        "body": textrender.printable(body(localized)),
    }
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template or DEFAULT_TEMPLATE)


def unknown_placeholders(template: str) -> list[tuple[int, str]]:
    """Return ``(line, name)`` for each placeholder of `template` that `page` cannot fill."""
    return [
        (template.count("\n", 0, match.start()) + 1, match.group(0))
        for match in PLACEHOLDER.finditer(template)
        if match.group(1) not in PLACEHOLDERS
    ]


def relative_href(from_doc: str, locale: str, doc: str, suffix: str = ".html") -> str:
    """Return the URL of a locale's page relative to a page of `from_doc` in another locale folder.

    >>> relative_href("guides/tpi", "es", "guides/tpi")
    '../../es/guides/tpi.html'
    """
    return "../" * (from_doc.count("/") + 1) + urllib.parse.quote(f"{locale}/{doc}{suffix}")


class PageRenderer(RendererHTML):
    """markdown-it's HTML renderer with locflow's rules.

    Raw HTML and front matter are never markup; a soft break is one space
    (so reflowing a paragraph changes no byte of the page); in right-to-left
    pages code is set left-to-right and each link is isolated with
    ``dir="auto"``, so URLs and Latin text in them read correctly.
    """

    def __init__(self, direction: str = "ltr") -> None:
        super().__init__()
        self.rtl = direction == "rtl"

    def render(self, tokens: Sequence[Token], options, env) -> str:
        """Render block tokens; front matter is metadata, not part of the body."""
        return super().render([t for t in tokens if t.type != "front_matter"], options, env)

    def html_block(self, tokens, idx, options, env) -> str:
        return escapeHtml(tokens[idx].content)

    def html_inline(self, tokens, idx, options, env) -> str:
        return escapeHtml(WHITESPACE.sub(" ", tokens[idx].content))

    def softbreak(self, tokens, idx, options, env) -> str:
        return " "

    def link_open(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        attrs = dict(token.attrs)
        if "title" in attrs:
            attrs["title"] = LINE_BREAKS.sub(" ", str(attrs["title"]))
        if self.rtl:
            attrs["dir"] = "auto"
        return self.renderToken([token.copy(attrs=attrs)], 0, options, env)

    def image(self, tokens, idx, options, env) -> str:
        token = tokens[idx]
        attrs = dict(token.attrs)
        attrs["alt"] = textrender.inline_text(token.children or (), urls=False)
        if "title" in attrs:
            attrs["title"] = LINE_BREAKS.sub(" ", str(attrs["title"]))
        return self.renderToken([token.copy(attrs=attrs)], 0, options, env)

    def code_inline(self, tokens, idx, options, env) -> str:
        direction = ' dir="ltr"' if self.rtl else ""
        return f"<code{direction}>{escapeHtml(tokens[idx].content)}</code>"

    def code_block(self, tokens, idx, options, env) -> str:
        return self._ltr(super().code_block(tokens, idx, options, env))

    def fence(self, tokens, idx, options, env) -> str:
        return self._ltr(super().fence(tokens, idx, options, env))

    def _ltr(self, html: str) -> str:
        return html.replace("<pre>", '<pre dir="ltr">', 1) if self.rtl else html


DEFAULT_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
{{ alternates }}
<style>
{{ stylesheet }}
</style>
</head>
<body>
<main>
{{ body }}</main>
</body>
</html>
"""

STYLESHEET = """\
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: #1f2328; background: #fff;
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic",
    "Noto Sans CJK SC", sans-serif; }
main { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 1.9rem; margin-top: 0.5em; }
h2 { font-size: 1.45rem; }
h3 { font-size: 1.2rem; }
p, ul, ol, blockquote, pre, table { margin: 0 0 1rem; }
ul, ol { padding-inline-start: 1.5rem; }
li { margin: 0.25rem 0; }
a { color: #0b57d0; }
img { max-width: 100%; height: auto; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre { overflow-x: auto; padding: 0.75rem; background: #f6f8fa; border-radius: 4px; }
blockquote { margin-inline: 0; padding-inline-start: 1rem; border-inline-start: 4px solid #d0d7de; color: #424a53; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: 0.3rem 0.6rem; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 2rem 0; }"""


# --- page templates -------------------------------------------------------------
#
# A user's page template is read with a small HTML tokenizer that follows the
# WHATWG tokenizer states (data, tags and attributes, comments, RCDATA,
# RAWTEXT, script data with its escapes), so each placeholder is judged by
# where a browser reads it, not by how the template looks.

TRUSTED = frozenset({"lang", "dir", "locale"})
"""Placeholders made from the configured locale codes (letters, digits, ``-``, ``_``, ``@``), never from a translation."""

HTML_BLOCKS = frozenset({"alternates", "body"})
"""Placeholders holding HTML elements: only element content can take them."""

URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "cite", "data", "poster", "background", "longdesc", "manifest",
    "codebase", "classid", "profile", "usemap", "icon", "lowsrc", "dynsrc", "xlink:href", "itemid",
})
"""Attributes holding one URL: the start of the value decides where it leads, and whether it runs code."""

URL_LIST_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping", "archive"})
"""Attributes holding a list of URLs."""

RAWTEXT = frozenset({"style", "xmp", "iframe", "noembed", "noframes", "noscript", "script", "plaintext"})
"""Elements whose text browsers take as it is, without reading character references (``noscript``: as browsers
with scripting on read it)."""

RCDATA = frozenset({"title", "textarea"})
"""Elements whose text is text: character references are read, tags are not, so escaped text is safe there."""

FOREIGN = frozenset({"svg", "math"})

BREAKOUT = frozenset({
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2",
    "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre",
    "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
})
"""Start tags that end SVG or MathML content (HTML's "breakout" list)."""

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r />=]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_ESCAPED_STOP = re.compile(r"-{2,}>|<")
_END_TAG = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE | re.ASCII) for name in RAWTEXT | RCDATA}
_SCRIPT_START = re.compile(r"<script[\t\n\f\r />]", re.IGNORECASE | re.ASCII)
_TAG_START = re.compile(r"<(?:/[A-Za-z]*)?\Z")
_CHARACTER_REFERENCE_START = re.compile(r"&[#A-Za-z0-9]*\Z")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SCHEME_CHARACTERS = re.compile(r"[A-Za-z0-9+.-]+")
_URL_TRIM = "".join(map(chr, range(0x21)))
"""C0 controls and space: a browser trims them from both ends of a URL."""


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a run of template text is read: one tokenizer context."""

    start: int
    end: int
    context: str
    """``text``, ``raw`` (the element's text), ``comment``, ``tag name``, ``end tag``, ``attribute name``,
    ``unquoted`` or ``quoted`` (attribute values)."""
    element: str = ""
    attribute: str = ""
    attributes: frozenset[str] = frozenset()
    """Every attribute name of the element (for ``<meta http-equiv>``)."""
    foreign: bool = False
    """Inside ``<svg>`` or ``<math>``."""


def template_errors(template: str) -> list[tuple[int, str]]:
    """Return ``(line, message)`` for each placeholder of `template` that `page` may not fill.

    A placeholder may go in element text, in ``<title>`` or ``<textarea>``
    text, and in quoted attribute values, with exceptions: no event handler
    (``on*``), ``style``, ``srcdoc``, ``<script>`` or ``<meta http-equiv>``
    attribute, and in a URL attribute only after the part that decides where
    the URL leads. ``{{ body }}`` and ``{{ alternates }}`` go in element text
    only; ``{{ stylesheet }}`` only directly inside ``<style>``. Anywhere else
    (unquoted values, tag and attribute names, comments, ``<script>``,
    ``<style>``, SVG) a value could become markup or code, so the template is
    refused.

    >>> template_errors('<title>{{ title }}</title>\\n<meta name=description content={{ description }}>')
    [(2, 'the placeholder {{ description }} is in the unquoted value of content, where a space in a value starts a new attribute (such as onfocus=...); quote the value: content="{{ description }}"')]
    """
    spans, doubts = _read_template(template)
    starts = [span.start for span in spans]
    errors = []
    for match in PLACEHOLDER.finditer(template):
        line = template.count("\n", 0, match.start()) + 1
        name = match.group(1)
        if name not in PLACEHOLDERS:
            known = ", ".join(f"{{{{ {p} }}}}" for p in PLACEHOLDERS)
            errors.append((line, f"unknown placeholder {match.group(0)}; a page template may use {known}"))
            continue
        index = bisect.bisect_right(starts, match.start()) - 1
        problem = _placement_problem(template, match.start(), name, spans[index], doubts)
        if problem:
            errors.append((line, f"the placeholder {{{{ {name} }}}} {problem}"))
    return errors


@functools.lru_cache(maxsize=8)
def _first_template_error(template: str) -> tuple[int, str] | None:
    """`template_errors` for `page`, which fills one template for every page: read each template once."""
    errors = template_errors(template)
    return errors[0] if errors else None


def _placement_problem(template: str, start: int, name: str, span: _Span, doubts: list[tuple[int, str]]) -> str:
    """Say why the placeholder `name` at `start` may not be filled, or return ``""``."""
    for where, reason in doubts:
        if where < start:
            line = template.count("\n", 0, where) + 1
            return (
                f"comes after {reason} (line {line}), which browsers may read in more than one way, "
                "so where the placeholder lands cannot be told; move it before, or change that markup"
            )
    context, element, attribute = span.context, span.element, span.attribute
    if span.foreign:
        return "is inside <svg> or <math>, which browsers parse by other rules; put it outside"
    if context == "comment":
        return "is inside a comment or <!...> declaration; put it in element text or a quoted attribute value"
    if context in ("tag name", "end tag"):
        return "is inside a tag name, where a value could make any element; put it in element text"
    if context == "attribute name":
        return "is where an attribute name goes, where a value could add any attribute (such as onclick)"
    if context == "unquoted":
        return (
            f"is in the unquoted value of {attribute}, where a space in a value starts a new attribute "
            f'(such as onfocus=...); quote the value: {attribute}="{{{{ {name} }}}}"'
        )
    if context == "text":
        if template[start - 1 : start] == "<":
            return "follows '<', where a value would be read as a tag; put a space between them or write &lt;"
        if name == "stylesheet":
            return "is CSS: it may only go directly inside <style>...</style>"
        return ""
    if context == "raw":
        if element in RCDATA:
            if name in HTML_BLOCKS or name == "stylesheet":
                return f"holds markup, which inside <{element}> would show as text; it may only go in element text"
            if _TAG_START.search(template, span.start, start):
                return f"follows '<' inside <{element}>, where a value could end the element early"
            return ""
        if element == "style" and name == "stylesheet":
            return ""
        if element == "script":
            return "is inside <script>, where text runs as code"
        if element == "style":
            return "is inside <style>, where text is CSS (only {{ stylesheet }} may go there)"
        return f"is inside <{element}>, where browsers do not read text as text"
    # A quoted attribute value.
    if name in HTML_BLOCKS:
        return f"holds HTML elements and may only go in element text, not in the value of {attribute}"
    if name == "stylesheet":
        return "is CSS: it may only go directly inside <style>...</style>"
    if attribute.startswith("on"):
        return f"is in the event handler {attribute}, where text runs as code"
    if attribute == "style":
        return "is in a style attribute, where text is CSS"
    if attribute == "srcdoc":
        return "is in srcdoc, whose value is a page of HTML"
    if element == "script":
        return "is in an attribute of <script>, which decides what code runs"
    if element == "meta" and "http-equiv" in span.attributes:
        return "is in a <meta http-equiv>, whose content browsers act on (a refresh can lead anywhere)"
    if attribute in URL_ATTRIBUTES or attribute in URL_LIST_ATTRIBUTES:
        return _url_problem(template, span.start, start, name, attribute)
    return ""


def _url_problem(template: str, value_start: int, start: int, name: str, attribute: str) -> str:
    """Say why a placeholder may not go at `start` in a URL attribute value, or return ``""``.

    The value is read as a browser reads it: character references decoded,
    C0 controls and spaces trimmed, tabs and newlines dropped, ``\\`` as ``/``.
    """
    trusted = name in TRUSTED
    prefix = PLACEHOLDER.sub("a", template[value_start:start])  # an earlier value: at least one scheme character
    prefix = _CHARACTER_REFERENCE_START.sub("", prefix)  # "&#" and a value could make any character
    url = re.sub(r"[\t\n\r]", "", html.unescape(prefix)).lstrip(_URL_TRIM).replace("\\", "/")
    if attribute in URL_LIST_ATTRIBUTES:
        if not trusted:
            return f"is in {attribute}, a list of URLs that a translation could add to"
        url = re.split(r"[\s,]", url)[-1]
    if not url:
        return (
            f"starts the URL in {attribute}, where a value decides where it leads (and could make it "
            "javascript:...); put it after a fixed start, such as /{{ locale }}/ or https://example.org/"
        )
    if _SCHEME_CHARACTERS.fullmatch(url):
        return f"follows {url!r} in {attribute}, where a value could complete a scheme such as javascript:"
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() in ("javascript", "vbscript", "data"):
        return f"is in a {scheme.group(1).lower()}: URL in {attribute}, which runs as code"
    if trusted:
        return ""
    rest = url[scheme.end() :] if scheme else url
    if scheme or rest.startswith("//"):
        if not re.search(r"[/?#]", rest.lstrip("/")):
            return (
                f"is in the host of the URL in {attribute}, where a translation could point it at another "
                "site; put it after the host and a /, or after ? or #"
            )
    elif rest == "/":
        return (
            f"follows a lone / in {attribute}, where a translation starting with / would make the URL lead "
            "to another site (//example.org); put it after a first path segment, or after ? or #"
        )
    return ""


def _read_template(template: str) -> tuple[list[_Span], list[tuple[int, str]]]:
    """Tokenize `template` as an HTML parser would; return its spans and the places read in more than one way.

    Browsers read some markup by tree-construction rules a tokenizer cannot
    see: inside ``<svg>``, ``<math>`` and ``<select>`` a ``<style>`` or
    ``<title>`` may be honoured or ignored, a CDATA section may end at
    ``]]>`` or at the first ``>``. Where the two readings differ, the place
    is returned as a doubt, and no placeholder may follow it.
    """
    spans: list[_Span] = []
    doubts: list[tuple[int, str]] = []
    foreign: list[str] = []  # open SVG and MathML elements
    in_select = False
    end = len(template)
    pos = 0
    while pos < end:
        less = template.find("<", pos)
        if less < 0:
            less = end
        if less > pos:
            spans.append(_Span(pos, less, "text", foreign=bool(foreign)))
        if less == end:
            break
        after = template[less + 1 : less + 2]
        if template.startswith("<!--", less):
            pos = _comment_end(template, less + 4)
            spans.append(_Span(less, pos, "comment"))
        elif template.startswith("<![CDATA[", less):
            greater, close = template.find(">", less), template.find("]]>", less)
            html_end = greater + 1 if greater >= 0 else end
            foreign_end = close + 3 if close >= 0 else end
            if html_end != foreign_end:
                doubts.append((less, "a CDATA section holding '>'"))
            pos = foreign_end if foreign else html_end
            spans.append(_Span(less, pos, "comment"))
        elif after in ("!", "?") or (after == "/" and not _ascii_letter(template[less + 2 : less + 3])):
            if template.startswith("</>", less):
                pos = less + 3
                spans.append(_Span(less, pos, "end tag"))
                continue
            if after == "/" and less + 2 >= end:
                spans.append(_Span(less, end, "text", foreign=bool(foreign)))
                break
            greater = template.find(">", less)
            pos = greater + 1 if greater >= 0 else end
            spans.append(_Span(less, pos, "comment"))
        elif _ascii_letter(after):
            pos, name, attributes, self_closing = _read_tag(template, less, spans, closing=False, foreign=bool(foreign))
            if foreign:
                if name in RAWTEXT or name in RCDATA:
                    if not _reads_alike(template, pos, name):
                        doubts.append((less, f"a <{name}> holding '<' inside <{foreign[0]}>"))
                if name in BREAKOUT or (name == "font" and attributes & {"color", "face", "size"}):
                    doubts.append((less, f"<{name}> inside <{foreign[0]}>"))
                if not self_closing:
                    foreign.append(name)
                continue
            if name in FOREIGN:
                if not self_closing:
                    foreign.append(name)
                continue
            if name == "frameset":
                doubts.append((less, "<frameset>"))
            if name == "select":
                in_select = True
            if name in RAWTEXT or name in RCDATA:
                if in_select and name not in ("script", "textarea") and not _reads_alike(template, pos, name):
                    doubts.append((less, f"a <{name}> holding '<' inside <select>"))
                close = _script_end(template, pos) if name == "script" else _raw_end(template, pos, name)
                spans.append(_Span(pos, close, "raw", element=name))
                pos = close
        elif template.startswith("</", less):
            pos, name, _, _ = _read_tag(template, less, spans, closing=True, foreign=bool(foreign))
            if foreign:
                if name in foreign:
                    del foreign[len(foreign) - 1 - foreign[::-1].index(name) :]
                else:
                    doubts.append((less, f"</{name}> inside <{foreign[0]}>"))
                    foreign.clear()
            elif name == "select":
                in_select = False
        else:  # "<" before anything but a letter, "!", "/" or "?" is text
            spans.append(_Span(less, less + 1, "text", foreign=bool(foreign)))
            pos = less + 1
    return spans, doubts


def _read_tag(
    template: str, less: int, spans: list[_Span], closing: bool, foreign: bool
) -> tuple[int, str, frozenset[str], bool]:
    """Read the tag at `less` into `spans`; return where it ends, its name, its attribute names, and whether it ends with ``/>``."""
    end = len(template)
    name_start = less + (2 if closing else 1)
    name_end = _TAG_NAME.match(template, name_start).end()
    name = template[name_start:name_end].translate(_ASCII_LOWER)
    parts = [(less, name_end, "tag name", "")]  # start, end, context, attribute
    names: set[str] = set()
    pos = name_end
    self_closing = False
    while True:
        pos = _SPACE.match(template, pos).end()
        if pos >= end:
            break
        char = template[pos]
        if char == ">":
            pos += 1
            break
        if char == "/":
            pos += 1
            if template.startswith(">", pos):
                pos += 1
                self_closing = True
                break
            continue
        name_end = _ATTRIBUTE_NAME.match(template, pos + 1).end()  # the first character may be "="
        attribute = template[pos:name_end].translate(_ASCII_LOWER)
        names.add(attribute)
        parts.append((pos, name_end, "attribute name", attribute))
        pos = _SPACE.match(template, name_end).end()
        if not template.startswith("=", pos):
            continue
        pos = _SPACE.match(template, pos + 1).end()
        quote = template[pos : pos + 1]
        if quote in ('"', "'"):
            close = template.find(quote, pos + 1)
            close = end if close < 0 else close
            parts.append((pos + 1, close, "quoted", attribute))
            pos = close + 1
        elif quote != ">":
            value_end = _UNQUOTED.match(template, pos).end()
            parts.append((pos, value_end, "unquoted", attribute))
            pos = value_end
    attributes = frozenset(names)
    for start, stop, context, attribute in parts:
        context = "end tag" if closing else context
        spans.append(_Span(start, stop, context, name, attribute, attributes, foreign))
    return pos, name, attributes, self_closing


def _comment_end(template: str, pos: int) -> int:
    """Return where the comment whose text starts at `pos` ends: ``-->``, ``--!>``, or ``<!-->`` and ``<!--->``."""
    if template.startswith(">", pos):
        return pos + 1
    if template.startswith("->", pos):
        return pos + 2
    match = _COMMENT_END.search(template, pos)
    return match.end() if match else len(template)


def _raw_end(template: str, pos: int, name: str) -> int:
    """Return where the text of a `name` element that starts at `pos` ends: at its end tag."""
    if name == "plaintext":
        return len(template)
    match = _END_TAG[name].search(template, pos)
    return match.start() if match else len(template)


def _reads_alike(template: str, pos: int, name: str) -> bool:
    """Whether the text of a `name` element starting at `pos` reads the same as raw text and as markup."""
    return name != "plaintext" and "<" not in template[pos : _raw_end(template, pos, name)]


def _script_end(template: str, pos: int) -> int:
    """Return where the text of a ``<script>`` that starts at `pos` ends.

    A ``</script>`` after ``<!--`` and ``<script>`` does not end it (the
    tokenizer's "double escaped" state); ``-->`` leaves the escape.
    """
    end = len(template)
    state = "data"
    while True:
        if state == "data":
            less = template.find("<", pos)
            if less < 0:
                return end
            if template.startswith("<!--", less):
                pos = less + 4
                while template.startswith("-", pos):
                    pos += 1
                if template.startswith(">", pos):
                    pos += 1
                else:
                    state = "escaped"
                continue
            if _END_TAG["script"].match(template, less):
                return less
            pos = less + 1
            continue
        match = _ESCAPED_STOP.search(template, pos)
        if match is None:
            return end
        if match.group() != "<":
            state, pos = "data", match.end()
            continue
        less = match.start()
        if state == "escaped":
            if _END_TAG["script"].match(template, less):
                return less
            if _SCRIPT_START.match(template, less):
                state, pos = "double escaped", less + 7
                continue
        elif _END_TAG["script"].match(template, less):
            state, pos = "escaped", less + 8
            continue
        pos = less + 1


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()
