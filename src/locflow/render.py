"""Stage 3: put translations into a parsed document and render its HTML.

A document is parsed once; `localize` then makes the token stream of one
locale by swapping the inline content of each translated block, and `body`
renders it. The source's own HTML renders through `sourcehtml`'s allow-list
(comments never); HTML a translation adds is shown as escaped text.
A translation is parsed as inline Markdown only, with the source's link
references, so it can neither add block structure nor inject code.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import babel
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from locflow import dialects, directives, labels, links, mdxblocks, pseudo, segment, sourcehtml, textrender
from locflow import syntax as syntaxes
from locflow import template as template_module
from locflow.pagestyle import DEFAULT_TEMPLATE, STYLESHEET
from locflow.errors import ConfigError
from locflow.model import Document

LINE_BREAKS = re.compile(r"(?<![ \t])[ \t]*\n[ \t]*|\n[ \t]*")
"""A line end with the spaces around it: rendered as one space, like a soft break.

The same as ``[ \\t]*\\n[ \\t]*`` (the second alternative is a line end right after one
such match), in linear time: a run of spaces no line end follows is tried at its start
only, not again at each of its spaces."""

WHITESPACE = re.compile(r"[ \t\n]+")

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
    rtl = babel.Locale.parse(pseudo.babel_code(locale)).character_order == "right-to-left"
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
    html: tuple[tuple[int, tuple[sourcehtml.Span, ...]], ...] = ()
    """``(index of the html_block token, its readable spans)`` for each source HTML block."""
    has_html: bool = False
    """Whether the source has HTML of its own (then its pages go through `sourcehtml.sanitize`)."""
    labels: tuple[tuple[int, str], ...] = ()
    """``(index of the block token, English label)`` for each label shown above an untitled admonition or an alert."""


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
    inherited: int = 0
    """Blocks showing a parent locale's translation (``es`` in an ``es_MX`` page)."""
    has_html: bool = False
    """Whether the page holds the source's own HTML (its body goes through `sourcehtml.sanitize`)."""


def parse(
    source: str, path: str, front_matter_keys: Sequence[str] = ("title", "description"), syntax: Iterable[str] | None = None,
) -> Parsed:
    """Parse a Markdown source once, for segmenting and for rendering every locale (`syntax`: the dialects).

    >>> parse("# Hi\\n", "a.md").segments
    ((1, 'Hi'),)
    """
    md = segment.parser(syntaxes.needed(source, syntax))
    env: dict = {}
    tokens = md.parse(source, env)
    said = directives.scan(tokens)
    document = segment.document_from_tokens(tokens, source, path, front_matter_keys, said=said, syntax=syntaxes.of(md.options))
    places = {id(token): index for index, token in enumerate(tokens)}
    # The document lists its front matter segments first, then one per translatable block.
    texts = [s.text for s in document.segments if not s.kind.startswith("front matter") and s.kind not in ("html", segment.ARGUMENT, mdxblocks.KIND, labels.KIND)]
    skipped = said.skipped
    blocks = [
        places[id(token)]
        for _kind, token in segment.translatable(tokens)
        if places[id(token)] not in skipped and not syntaxes.nothing_to_translate(token.content, syntaxes.of(md.options))
    ]
    html = []
    inline_html = False
    for index, token in enumerate(tokens):
        if token.type == "html_block" and index in skipped:
            html.append((index, ()))
        elif token.type == "html_block":
            html.append((index, tuple(sourcehtml.readable(token.content))))
        elif token.type == "inline" and token.children and "<" in token.content:
            for child in token.children:
                if child.type == "html_inline":
                    child.meta = {**child.meta, TRUSTED: True}  # the source's own: rendered through the allow-list
                    inline_html = True
    segments = tuple(zip(blocks, texts, strict=True))
    tokens = links.heading_ids(tokens)  # from the source text: the same ids in every locale
    shown = tuple(labels.places(tokens, skipped)) if any(s.kind == labels.KIND for s in document.segments) else ()
    return Parsed(document, tuple(tokens), env, segments, md, tuple(html), bool(html) or inline_html, shown)


TRUSTED, CLEAN = sourcehtml.TRUSTED, sourcehtml.LOCALIZED


def localize(
    parsed: Parsed, translations: Mapping[str, str] | None, page: Language, source: Language,
    parents: Sequence[tuple[Language, Mapping[str, str]]] = (),
) -> Localized:
    """Return the document in a locale: translated blocks swapped in, the others marked.

    `translations` maps msgid to msgstr (usable translations only); None means
    the source locale, where nothing is a fallback. A block without a
    translation keeps the source text, and its element gets the source
    ``lang`` (and ``dir`` when the directions differ): the paragraph, heading
    or table cell, or the list item of a tight list (a ``<span>`` around the
    text when the item holds more than that text).

    `parents` are the translations a regional locale falls back to before
    the source, nearest first (``es`` for ``es_MX``), as gettext's language
    chain does; a block taken from one is marked with that language the same way.

    >>> en, es = language("en"), language("es")
    >>> page = localize(parse("Hello *you*\\n\\nBye\\n", "a.md"), {"Hello *you*": "Hola *tú*"}, es, en)
    >>> body(page), page.fallbacks
    ('<p>Hola <em>tú</em></p>\\n<p lang="en">Bye</p>\\n', 1)
    """
    tokens = list(parsed.tokens)
    fallbacks = inherited = 0
    if translations is not None:
        chain = [(None, translations), *((_mark(page, parent), texts) for parent, texts in parents)]
        mark = _mark(page, source)
        for index, msgid in parsed.segments:
            inline = tokens[index]
            for marked, texts in chain:
                if (msgstr := texts.get(msgid, "")).strip():  # blank text would empty the block
                    children = syntaxes.translated_children(parsed.md, msgstr, parsed.env, inline.children)
                    if "<" in msgstr:
                        children = sourcehtml.trust(children, inline)
                    meta = {**inline.meta, dialects.TRANSLATED: True}
                    tokens[index] = inline.copy(content=msgstr, children=children, meta=meta)
                    if marked is not None:
                        inherited += 1
                        _mark_fallback(tokens, index, marked)
                    break
            else:
                fallbacks += 1
                _mark_fallback(tokens, index, mark)
        missing, borrowed = labels.localize(tokens, parsed.labels, chain, mark)
        fallbacks, inherited = fallbacks + missing, inherited + borrowed
        if parents:
            translations = {k: v for _, texts in reversed(chain) for k, v in texts.items() if v.strip()}
    for index, spans in parsed.html:
        block = tokens[index]
        tokens[index] = block.copy(meta={**block.meta, CLEAN: sourcehtml.localize(block.content, list(spans), translations)})
    front = parsed.document.front_matter
    title = (
        _front_matter(front, "title", translations)
        or _first_text(tokens, "heading_open")
        or PurePosixPath(parsed.document.path).stem
    )
    description = _front_matter(front, "description", translations) or _first_text(tokens, "paragraph_open")
    return Localized(
        tuple(tokens), parsed.env, parsed.md.options, page, title, description, fallbacks, inherited, parsed.has_html
    )


def _mark(page: Language, other: Language) -> dict[str, str]:
    """Return the attributes of an element of `page` that shows text in the `other` language."""
    return {"lang": other.lang} | ({"dir": other.direction} if page.direction != other.direction else {})


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
    """Render the localized token stream as the HTML of the page body.

    A page with the source's own HTML is sanitized as a whole (`sourcehtml.sanitize`): an HTML
    block may open an element that a later one closes (``<details>`` around Markdown).
    """
    rendered = PageRenderer(page.language.direction).render(page.tokens, page.options, page.env)
    return sourcehtml.sanitize(rendered) if page.has_html else rendered


def inline(parsed: Parsed, text: str, direction: str = "ltr") -> str:
    """Render one segment's text as inline HTML, as `localize` and `body` render it in a page.

    The text is parsed as inline Markdown only, with the source's link
    references, and rendered by `PageRenderer`: raw HTML shows as text.
    Texts of documents without link references are rendered once per process.

    >>> inline(parse("x", "a.md"), "Hola <b>*tú*</b>")
    'Hola &lt;b&gt;<em>tú</em>&lt;/b&gt;'
    """
    if not parsed.env.get("references") and not parsed.env.get("footnotes"):
        return _inline_without_references(parsed.md, text, direction)
    return _inline(parsed.md, parsed.env, text, direction)


def source_blocks(parsed: Parsed, direction: str = "ltr") -> dict[str, str]:
    """Return ``{msgid: HTML}`` of the source's translatable blocks, rendered from the parse as `body` renders them."""
    renderer = _renderer(direction)
    found = {}
    for index, msgid in parsed.segments:
        children = parsed.tokens[index].children or []
        rendered = renderer.renderInline(children, parsed.md.options, parsed.env)
        if any(child.meta.get(TRUSTED) for child in children):
            rendered = sourcehtml.sanitize(rendered)
        found[msgid] = textrender.printable(rendered)
    return found


@functools.lru_cache(maxsize=16384)
def _inline_without_references(md: MarkdownIt, text: str, direction: str) -> str:
    return _inline(md, {}, text, direction)


def _inline(md: MarkdownIt, env: dict, text: str, direction: str) -> str:
    tokens = md.parseInline(text, env)
    return textrender.printable(_renderer(direction).render(tokens, md.options, env))


@functools.cache
def _renderer(direction: str) -> PageRenderer:
    """A renderer per direction, made once: making one looks up every rule method."""
    return PageRenderer(direction)


def page(
    localized: Localized, locale: str, alternates: Sequence[tuple[str, str]], template: str | None = None,
    parts: Mapping[str, str] | None = None, content: str | None = None,
) -> str:
    """Return the full HTML page: the default one, or `template` with its placeholders filled.

    A list item shown in the other direction (English in an Arabic page) keeps the list's side,
    indent and bullets: the stylesheet sets it in the page's direction, its text laid out by its
    own (``unicode-bidi: plaintext``).

    `alternates` are ``(hreflang, href)`` pairs for ``<link rel="alternate">``;
    `parts` the HTML of the elements around the body (`pageparts.parts`); `content`, HTML already
    escaped, stands for the body (a site's index page).
    Placeholders are replaced in one pass, so text from a translation is
    never read as a placeholder. Every value is escaped for HTML text and
    quoted attribute values (both quotes), the only places `template_errors`
    lets a placeholder go; a template it refuses raises ConfigError.
    """
    if template and (error := template_module.first_error(template)):
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
        "body": textrender.printable(body(localized) if content is None else content),
    } | {name: textrender.printable((parts or {}).get(name, "")) for name in PARTS}
    if not template:  # the default page: no empty line where a part is not configured
        template = DEFAULT_TEMPLATE
        for name in PARTS:
            if not values[name]:
                template = template.replace(f"{{{{ {name} }}}}\n", "").replace(f"{{{{ {name} }}}}", "")
    return template_module.PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


PARTS = ("switcher", "site_name", "footer", "last_reviewed")
"""Placeholders of the parts around the body, whole elements made by `pageparts` (empty when not given)."""


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
        self.rules.update({name: rule.__get__(self) for name, rule in syntaxes.RULES.items()})
        self.syntax = syntaxes.DEFAULTS
        """The dialects of the text being rendered (set by `renderInline`, from the parser's options)."""

    def render(self, tokens: Sequence[Token], options, env) -> str:
        """Render block tokens; front matter is metadata, not part of the body, and a paragraph of
        site-generator syntax only (a shortcode, an MDX import) is not shown."""
        return super().render(syntaxes.shown([t for t in tokens if t.type != "front_matter"], options), options, env)

    def html_block(self, tokens, idx, options, env) -> str:
        clean = tokens[idx].meta.get(CLEAN)
        if sourcehtml.only_comments(tokens[idx].content):
            return ""  # comments never reach a page
        if clean is None:
            return escapeHtml(tokens[idx].content)
        return clean if clean.endswith("\n") or not clean else clean + "\n"

    def html_inline(self, tokens, idx, options, env) -> str:
        if tokens[idx].meta.get(TRUSTED):
            if tokens[idx].content.startswith("<!--"):
                return ""
            return tokens[idx].content  # the source's own: `body` sanitizes the whole page
        return escapeHtml(WHITESPACE.sub(" ", tokens[idx].content))

    def softbreak(self, tokens, idx, options, env) -> str:
        return " "

    def renderInline(self, tokens, options, env) -> str:
        self.syntax = syntaxes.of(options)
        if any(t.type == "text" and "{{" in t.content for t in tokens) and "hugo" in self.syntax:
            tokens = dialects.joined(tokens)  # a shortcode may span text tokens
        return super().renderInline(tokens, options, env)

    def text(self, tokens, idx, options, env) -> str:
        """Text, without the site-generator syntax pages never show (`syntax.strip`)."""
        return escapeHtml(syntaxes.strip(tokens[idx].content, self.syntax))

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
