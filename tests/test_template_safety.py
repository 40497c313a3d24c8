"""Page templates: a placeholder is filled only where no translation can turn it into markup or code.

A template is read as an HTML parser reads it (`template.template_errors`);
every shape that would let a value escape its place is refused with its line,
and with every template locflow accepts, the hostile corpus reaches the page
as text (checked by parsing each page with html5lib).
"""

from __future__ import annotations

import re
import urllib.parse

import html5lib
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locflow import render, textrender
from locflow import template as page_template
from locflow.errors import ConfigError

from helpers import run
from hostile import HOSTILE, assert_nothing_executable, browser_scheme
from test_hostile import hostile_project  # noqa: F401  (a fixture: the project whose catalogs are hostile)

EN, ES = render.language("en"), render.language("es")

QUOTED = """\
<!DOCTYPE html>
<html lang='{{ lang }}' dir="{{ dir }}">
<head>
<meta charset="utf-8">
<title>{{ title }} | Clinic</title>
<meta name='description' content='{{ description }}'>
<meta name="description" content="{{ description }}">
<link rel='alternate' hreflang='{{ lang }}' href='/{{ locale }}/index.html'>
{{ alternates }}
<style>
{{ stylesheet }}
</style>
</head>
<body>
<a href="../{{ locale }}/" title='{{ title }}'>{{ title }}</a>
<main>{{ body }}</main>
</body>
</html>
"""
"""Every text placeholder in single and in double quotes."""

EVERYWHERE = """\
<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<title>{{ title }} — {{ description }}</title>
<meta name="description" content="{{ title }}: {{ description }}">
<meta name=keywords content="{{ title }}, {{ description }}">
<link rel="alternate" href="https://example.org/{{ locale }}/?title={{ title }}#{{ description }}" hreflang="{{ lang }}">
<style>
{{ stylesheet }}
</style>
</head>
<body>
<h1 title="{{ description }}" lang="{{ lang }}">{{ title }}</h1>
<p>{{ description }}</p>
<img src="/images/{{ locale }}/logo.png" alt='{{ title }}' title="{{ description }}">
<a href="/share?text={{ title }}&amp;via={{ description }}">{{ title }} {{ description }}</a>
<main>{{ body }}</main>
<p><span title="{{ title }}">{{ description }}</span></p>
</body>
</html>
"""
"""Title and description in text, in <title>, in quoted values, in URLs after their fixed start."""

TEMPLATES = {"default": render.DEFAULT_TEMPLATE, "quoted": QUOTED, "everywhere": EVERYWHERE}

AIMED = [
    "x autofocus onfocus=alert(1)",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "//evil.example/",
    "/evil.example/",
    "\\evil.example",
    "@evil.example",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "/title ><img src=x onerror=alert(1)>",
    "img src=x onerror=alert(1) x=",
    "--><script>alert(1)</script>",
    "]]><script>alert(1)</script>",
    "0;url=javascript:alert(1)",
    "alert(1)",
    "{{ body }}",
    "a\tb\nc\u202e",
]
"""Titles and descriptions aimed at the places a template could put them."""


def page_with(template: str, title: str, description: str, body: str = "Paragraph.") -> str:
    """Render `template` for a Spanish page whose title, description and paragraph are these translations."""
    source = "---\ntitle: Title\ndescription: Description\n---\n\nParagraph.\n"
    translations = {"Title": title, "Description": description, "Paragraph.": body}
    localized = render.localize(render.parse(source, "source/doc.md"), translations, ES, EN)
    return render.page(localized, "es", [("en", "../en/doc.html"), ("es", "../es/doc.html")], template)


# --- what is accepted -----------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_example_templates_are_accepted(name):
    assert page_template.template_errors(TEMPLATES[name]) == []


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("payload", HOSTILE + AIMED)
def test_hostile_translations_through_each_template_leave_nothing_executable(name, payload):
    page = page_with(TEMPLATES[name], payload, payload, payload)
    assert_nothing_executable(page)
    document = html5lib.parse(page, namespaceHTMLElements=False)
    if name == "everywhere":  # the description arrives whole, as the value of one attribute
        assert document.find(".//h1").get("title") == textrender.printable(payload)


def test_a_description_with_an_event_handler_stays_inside_its_quoted_value():
    page = page_with(QUOTED, "Title", "x autofocus onfocus=alert(1)")
    metas = html5lib.parse(page, namespaceHTMLElements=False).findall(".//meta[@name='description']")
    assert [dict(meta.attrib) for meta in metas] == [{"name": "description", "content": "x autofocus onfocus=alert(1)"}] * 2


@pytest.mark.parametrize(
    "template",
    [
        '<a href="/{{ locale }}/index.html">x</a>',  # a locale code holds no "/" or ":"
        '<a href="../{{ title }}">x</a>',
        '<a href="https://example.org/{{ title }}">x</a>',
        '<a href="?q={{ title }}">x</a><a href="#{{ description }}">y</a>',
        '<img srcset="/a/{{ locale }}.png 1x, /b/{{ locale }}.png 2x">',
        "<title>{{ title }}</title><textarea>{{ description }}</textarea>",
        "<script>if (a < b) f();</script>\n<p>{{ title }}</p>",
        "<script><!-- <script></script> --></script>\n<p>{{ title }}</p>",
        "<!-- a --!>{{ title }}",
        "<svg><title>Logo</title><path d='M0 0'/></svg>\n{{ body }}",
        "<select><option>{{ title }}</option></select>",
        "< {{ title }}",
    ],
)
def test_placeholders_in_text_and_after_a_fixed_url_start_are_accepted(template):
    assert page_template.template_errors(template) == []


# --- what is refused --------------------------------------------------------------

REFUSED = [
    ("<meta name=description content={{ description }}>", "is in the unquoted value of content"),
    ("<p title={{ lang }}>", "is in the unquoted value of title"),
    ("<script>var title = '{{ title }}';</script>", "is inside <script>, where text runs as code"),
    ("<script><!--<script></script>\n{{ title }}</script>", "is inside <script>, where text runs as code"),
    ("<style>h1::before { content: '{{ title }}' }</style>", "is inside <style>, where text is CSS"),
    ("<xmp>{{ title }}</xmp>", "is inside <xmp>"),
    ("<noscript>{{ title }}</noscript>", "is inside <noscript>"),
    ("<iframe>{{ title }}</iframe>", "is inside <iframe>"),
    ("<textarea>{{ body }}</textarea>", "holds markup, which inside <textarea> would show as text"),
    ("<title>{{ alternates }}</title>", "holds markup, which inside <title> would show as text"),
    ("<title></{{ title }}</title>", "follows '<' inside <title>"),
    ('<button onclick="share(\'{{ title }}\')">', "is in the event handler onclick"),
    ('<body ONLOAD="go(\'{{ locale }}\')">', "is in the event handler onload"),
    ('<p style="direction: {{ dir }}">', "is in a style attribute"),
    ('<iframe srcdoc="<p>{{ title }}</p>"></iframe>', "is in srcdoc"),
    ('<script src="/js/{{ locale }}.js"></script>', "is in an attribute of <script>"),
    ('<meta http-equiv="refresh" content="0;url=/{{ locale }}/">', "is in a <meta http-equiv>"),
    ("<p {{ title }}>", "is where an attribute name goes"),
    ('<p title="{{ title }}"{{ description }}>', "is where an attribute name goes"),
    ("<h{{ lang }}>", "is inside a tag name"),
    ("</p {{ title }}>", "is inside a tag name"),
    ("<{{ title }}>", "follows '<'"),
    ("<!-- {{ title }} -->", "is inside a comment"),
    ("<!DOCTYPE {{ lang }}>", "is inside a comment or <!...> declaration"),
    ('<a href="{{ title }}">', "starts the URL in href"),
    ('<img src="{{ locale }}.png">', "starts the URL in src"),
    ('<form action=" {{ title }}">', "starts the URL in action"),
    ('<button formaction="&#{{ description }}">', "starts the URL in formaction"),
    ('<img srcset="/a.png 1x, {{ locale }}.png 2x">', "starts the URL in srcset"),
    ('<img srcset="/a/{{ title }}.png">', "is in srcset, a list of URLs"),
    ('<a href="java{{ lang }}">', "follows 'java' in href"),
    ('<a href="javascript:go(\'{{ locale }}\')">', "is in a javascript: URL in href"),
    ('<a href="/{{ title }}">', "follows a lone / in href"),
    ('<a href="https://{{ title }}">', "is in the host of the URL in href"),
    ('<a href="https://example.org{{ title }}">', "is in the host of the URL in href"),
    ('<a title="{{ body }}">', "holds HTML elements and may only go in element text"),
    ("{{ stylesheet }}", "is CSS: it may only go directly inside <style>"),
    ('<a title="{{ stylesheet }}">', "is CSS: it may only go directly inside <style>"),
    ("<svg><text>{{ title }}</text></svg>", "is inside <svg> or <math>"),
    ("<math><mi>{{ title }}</mi></math>", "is inside <svg> or <math>"),
    ("<svg><style>a{}</style><p></svg>{{ title }}", "comes after <p> inside <svg> (line 2)"),
    ("<svg><style><a title='</style>' onclick=\"{{ title }}\">", "comes after a <style> holding '<' inside <svg>"),
    ("<svg><![CDATA[ > <a title=' ]]> <b onclick=\"{{ title }}\">'>", "comes after a CDATA section holding '>'"),
    ("<select><style><a title='</style>' onclick=\"{{ title }}\"></select>", "comes after a <style> holding '<' inside <select>"),
    ("<frameset>{{ title }}", "comes after <frameset>"),
    ("{{ header }}", "unknown placeholder {{ header }}; a page template may use {{ lang }}, {{ dir }}"),
]


@pytest.mark.parametrize("shape,reason", REFUSED)
def test_each_unsafe_shape_is_refused_with_its_line(shape, reason):
    template = f"<!DOCTYPE html>\n{shape}\n<p>{{{{ body }}}}</p>\n"
    errors = page_template.template_errors(template)
    assert len(errors) == (2 if "comes after" in reason else 1), errors  # {{ body }} too comes after the doubt
    line, message = errors[0]
    assert line == 2 + shape[: shape.index("{{")].count("\n")
    assert reason in message


def test_every_unsafe_placeholder_is_reported_not_just_the_first():
    template = "<p title={{ title }}>\n<p>{{ body }}</p>\n<script>{{ description }}</script>\n<a href='{{ title }}'>"
    assert [line for line, _ in page_template.template_errors(template)] == [1, 3, 4]


def test_page_refuses_an_unsafe_template_itself():
    with pytest.raises(ConfigError, match=r"^page template:2: the placeholder \{\{ description \}\} is in the unquoted"):
        page_with("<html>\n<meta name=description content={{ description }}>\n</html>", "Title", "x onfocus=alert(1)")


# --- the tokenizer against html5lib -----------------------------------------------

FRAGMENTS = [
    "<p>{{ title }}</p>", "<p class=x>{{ description }}</p>", "<title>{{ title }}</title>", "<title><{{ title }}</title>",
    "<textarea>{{ description }}</textarea>", "<meta name=description content={{ description }}>",
    '<meta name="description" content="{{ description }}">', "<meta name='d' content='{{ description }}'>",
    '<a href="{{ title }}">x</a>', '<a href="/{{ title }}">x</a>', '<a href="/x/{{ title }}">x</a>',
    '<a href="https://example.org{{ title }}">', '<a href="https://example.org/{{ title }}">', '<a href="?q={{ title }}">',
    '<a href="java{{ lang }}">', '<a href="/{{ locale }}/">', '<a href="&#{{ title }}">', '<img srcset="{{ title }}">',
    '<img alt="{{ title }}" src="/a.png">', '<div onclick="{{ title }}">', '<div style="{{ title }}">',
    "<script>{{ title }}</script>", "<script>var a = 1 < 2;</script>", "<script><!--<script></script>\n{{ title }}</script>",
    "<style>{{ title }}</style>", "<style>{{ stylesheet }}</style>", "<!-- {{ title }} -->", "<!-- x --!> {{ title }}",
    "<p {{ title }}>", "<{{ title }}>", "<p{{ title }}>", "</{{ title }}>", '<a title="{{ title }}"{{ description }}>',
    "<svg><title>{{ title }}</title></svg>", "<svg><style><a title='</style>' onclick=\"", "<![CDATA[ > <a title=' ]]>",
    "<select>", "</select>", '<iframe srcdoc="{{ title }}"></iframe>', "<noscript>{{ title }}</noscript>",
    "<xmp>{{ title }}</xmp>", "<a title='", '"', "'", '<b title="', ">", "<", '<form action="{{ title }}">',
    '<button formaction="/{{ title }}">', '<meta http-equiv="refresh" content="0;url=/{{ locale }}/{{ title }}">',
    "{{ body }}", "{{ alternates }}", '<p title="{{ body }}">', "<math><mi>{{ title }}</mi></math>", "<textarea>",
    "</textarea>", "<script>", "</script>", "<!--", "-->", "<svg>", "</svg>", "<table>", "<p>", "</p>", "{{ title }}",
    "{{ description }}", "<b title='{{ title }}'>", '<a href="../{{ title }}">', "<noscript>", "<title>", "</title>",
]

URL_NAMES = {"href", "src", "action", "formaction", "poster", "cite", "data", "background"}
RAW = {"script", "style", "xmp", "iframe", "noscript", "noembed", "noframes", "plaintext"}


def origin(url: str) -> tuple[str, str]:
    """Return the scheme and host a browser would take from `url` (relative: empty)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).replace("\\", "/")
    try:
        host = urllib.parse.urlsplit(url).netloc.lower()
    except ValueError:  # a host no URL may have ("//[x"): as different as can be
        host = f"invalid {url}"
    return browser_scheme(url), host


def skeleton(page: str) -> list:
    """Return what a page does, leaving out text and harmless attribute values: a translation may change only those."""
    shape = []
    for element in html5lib.parse(page, namespaceHTMLElements=False).iter():
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        attributes = []
        for name, value in sorted((str(n).lower(), v) for n, v in element.attrib.items()):
            if name.startswith("on") or name in ("style", "srcdoc", "http-equiv") or tag == "script" or (
                tag == "meta" and "http-equiv" in element.attrib
            ):
                attributes.append((name, value))
            elif name in URL_NAMES:
                attributes.append((name, origin(value)))
            elif name in ("srcset", "ping"):
                attributes.append((name, [origin(part.split()[0]) for part in value.split(",") if part.split()]))
            else:
                attributes.append((name,))
        shape.append((tag, attributes, element.text if tag in RAW else None))
    return shape


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
    separators=st.lists(st.sampled_from(["", "\n", " "]), min_size=6, max_size=6),
    title=st.sampled_from(AIMED + HOSTILE),
    description=st.sampled_from(AIMED + HOSTILE),
)
def test_a_template_that_is_accepted_does_the_same_whatever_the_translation(parts, separators, title, description):
    template = "".join(part + separator for part, separator in zip(parts, separators))
    if page_template.template_errors(template):
        with pytest.raises(ConfigError):
            page_with(template, title, description)
        return
    assert skeleton(page_with(template, title, description)) == skeleton(page_with(template, "Title", "Description"))


# --- end to end ---------------------------------------------------------------------


@pytest.mark.parametrize("name", TEMPLATES)
def test_built_pages_hold_nothing_executable_with_each_template(hostile_project, name):  # noqa: F811
    root, _ = hostile_project
    (root / "page.html").write_text(TEMPLATES[name], encoding="utf-8")
    config = root / "locflow.toml"
    config.write_text('locales = ["es", "ar"]\ntemplate = "page.html"\n', encoding="utf-8")
    try:
        result = run(root, "build")
        assert result.exit_code == 0, result.output
        pages = sorted((root / "dist").rglob("*.html"))
        assert len(pages) == 6  # 3 pages and 3 indexes, which list the pages by their (hostile) titles
        for page in pages:
            assert_nothing_executable(page.read_text(encoding="utf-8"))
        spanish = (root / "dist" / "es" / "care.html").read_text(encoding="utf-8")
        assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in spanish
        assert "<script" not in spanish
    finally:
        config.write_text('locales = ["es", "ar"]\n', encoding="utf-8")


def test_build_refuses_a_template_with_an_unquoted_placeholder(hostile_project):  # noqa: F811
    root, _ = hostile_project
    catalog = polib.pofile(str(root / "locales" / "es" / "LC_MESSAGES" / "care.po"))
    assert any(entry.msgstr == '" onload="alert(1)" data-x="' for entry in catalog)
    (root / "unsafe.html").write_text(
        "<!DOCTYPE html>\n<html>\n<meta name=description content={{ description }}>\n{{ body }}</html>\n", encoding="utf-8"
    )
    config = root / "locflow.toml"
    config.write_text('locales = ["es", "ar"]\ntemplate = "unsafe.html"\ndist_dir = "unsafe-dist"\n', encoding="utf-8")
    try:
        result = run(root, "build")
    finally:
        config.write_text('locales = ["es", "ar"]\n', encoding="utf-8")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert result.stderr.endswith(
        ":3: the placeholder {{ description }} is in the unquoted value of content, where a space in a value starts "
        'a new attribute (such as onfocus=...); quote the value: content="{{ description }}"\n'
    )
    assert not (root / "unsafe-dist").exists()


def test_a_refused_template_names_the_fix():
    [(line, message)] = page_template.template_errors("<meta name=description content={{ description }}>")
    fixed = "<meta name=description content=" + message.rsplit("content=", 1)[1] + ">"
    assert line == 1 and page_template.template_errors(fixed) == []
