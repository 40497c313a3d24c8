"""Page templates: where a template may put each placeholder, judged as a browser reads the template.

`render.page` fills a template; this module decides whether it may. A value
from a translation must stay text wherever it lands, so a placeholder may
go only where escaping keeps it text (see `template_errors`).
"""

from __future__ import annotations

import bisect
import functools
import re
import html
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
"""``{{ name }}`` in a page template."""

PLACEHOLDERS = (
    "lang", "dir", "locale", "title", "description", "alternates", "stylesheet", "body",
    "switcher", "site_name", "footer", "last_reviewed",
)
"""What a page template may use; every value is already escaped for HTML."""


# A user's page template is read with a small HTML tokenizer that follows the
# WHATWG tokenizer states (data, tags and attributes, comments, RCDATA,
# RAWTEXT, script data with its escapes), so each placeholder is judged by
# where a browser reads it, not by how the template looks.

TRUSTED = frozenset({"lang", "dir", "locale"})
"""Placeholders made from the configured locale codes (letters, digits, ``-``, ``_``, ``@``), never from a translation."""

HTML_BLOCKS = frozenset({"alternates", "body", "switcher", "site_name", "footer", "last_reviewed"})
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
    the URL leads. ``{{ body }}``, ``{{ alternates }}`` and the page parts
    (``{{ switcher }}``, ``{{ site_name }}``, ``{{ footer }}``, ``{{ last_reviewed }}``,
    whole elements) go in element text only; ``{{ stylesheet }}`` only directly inside ``<style>``. Anywhere else
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
def first_error(template: str) -> tuple[int, str] | None:
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
