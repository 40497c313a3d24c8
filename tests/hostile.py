"""Hostile text: translations (and sources) that try to put something executable into a page.

Shared by the renderer's tests and the end-to-end tests of build and check.
"""

from __future__ import annotations

import re

import html5lib

from locflow import render, sourcehtml

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><iframe src=javascript:alert(1)></iframe>",
    "</p><script>alert(1)</script><p>",
    "<style>body{display:none}</style><base href='//evil.example/'>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<a href='javascript:alert(1)' onclick='alert(2)'>x</a>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;vascript:alert(1))",
    "[x](&#0000106;avascript:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java&#10;script:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](&#1;javascript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](\\javascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "[x](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,alert(1)>",
    "<https://example.org/\" onclick=\"alert(1)>",
    '[x](/ok "a\\" onmouseover=\\"alert(1)")',
    "[x](/ok '\"><script>alert(1)</script>')",
    '![a" onerror="alert(1)](/img.png)',
    "[x][missing] [y]: javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "# heading\n\n- list\n\n<div>block</div>",
    "{{ body }}{{ title }}",
]
"""Hostile translations: none may put anything executable into a page."""

ALLOWED = {
    "html", "head", "meta", "title", "link", "style", "body", "main", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul",
    "ol", "li", "a", "em", "strong", "code", "pre", "blockquote", "img", "br", "hr", "table", "thead", "tbody", "tr",
    "th", "td", "span", "header", "footer", "nav", "time",
}
ATTRIBUTES = {
    "lang", "dir", "charset", "name", "content", "rel", "hreflang", "href", "src", "alt", "title", "style", "start",
    "id", "class", "aria-current", "aria-label", "datetime",
}
SAFE_DATA = re.compile(r"data:image/(gif|png|jpeg|webp);")
def browser_scheme(url: str) -> str:
    """Return the URL scheme as a browser reads it (WHATWG URL: control and space trimmed, tab and newline removed)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12"
                                           "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_nothing_executable(page: str, source_html: bool = False) -> None:
    """Check a page; with `source_html`, the source's own HTML may add the tags and attributes of the allow-list."""
    allowed, attributes = ALLOWED, ATTRIBUTES
    if source_html:
        allowed = ALLOWED | sourcehtml.TAGS
        attributes = ATTRIBUTES | {name for names in sourcehtml.ATTRIBUTES.values() for name in names}
    document = html5lib.parse(page, namespaceHTMLElements=False)
    styles = document.findall(".//style")
    assert [s.text for s in styles] == [f"\n{render.STYLESHEET}\n"]
    for element in document.iter():
        assert element.tag in allowed, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on") and name in attributes, (element.tag, name)
            if name in ("href", "src"):
                scheme = browser_scheme(value)
                assert scheme not in ("javascript", "vbscript", "file"), value
                assert scheme != "data" or (name == "src" and SAFE_DATA.match(value.strip())), value
            if name == "style":
                assert element.tag in ("th", "td") and re.fullmatch(r"text-align:(left|right|center)", value)
            if name == "rel":
                assert value == "alternate"
