"""Site-generator syntax: shortcodes, MDX lines, alerts, footnote markers and heading ids are code, not text."""

from __future__ import annotations

from locflow import links, mdoutput, pseudo, render, segment, textrender
from test_checks import found, ids

ES, EN = render.language("es"), render.language("en")
SOURCE = (
    "# Install\n\n{{< new-in 0.153.0 />}}\n\nimport Tabs from '@theme/Tabs';\n\n> [!NOTE]\n> Hugo is *fast*.\n\n"
    ":smile: :+1:\n\nA shortcode {{< param \"x\" >}} inside.\n"
)


def test_blocks_of_site_generator_syntax_only_are_not_segments():
    assert [s.text for s in segment.segment(SOURCE, "a.md").segments] == [
        "Install", "Note", "Hugo is *fast*.", 'A shortcode {{< param "x" >}} inside.'
    ]


def test_pages_show_no_shortcode_mdx_line_or_alert_marker():
    parsed = render.parse(SOURCE, "a.md")
    page = render.localize(parsed, {"Hugo is *fast*.": "Hugo es *rápido*."}, ES, EN)
    html = render.body(page)
    assert "{{" not in html and "import" not in html and "[!NOTE]" not in html
    assert '<p><strong class="alert" lang="en">Note</strong> Hugo es <em>rápido</em>.</p>' in html
    assert "{{" not in textrender.to_text(page.tokens, 72)


def test_a_translator_who_changes_drops_or_adds_site_generator_syntax_gets_an_error():
    assert ids('See {{< figure src="a.png" >}}.', 'Vea {{< figure src="b.png" >}}.') == ["protected"]
    assert ids("New in {{< new-in 0.153 />}} now.", "Nuevo ahora.") == ["protected"]
    assert ids("Text[^1] here.", "Texto aquí.") == ["protected"]
    assert ids("Install {#install}", "Instalar {#instalar}") == ["protected"]
    assert ids("[!NOTE] Hot.", "[!NOTA] Caliente.") == ["protected"]


def test_readable_shortcode_arguments_may_be_translated():
    assert found('See {{< figure src="a.png" alt="A cat" >}}.', 'Vea {{< figure src="a.png" alt="Un gato" >}}.') == []


def test_identity_round_trip_of_alerts_and_heading_ids():
    source = "## Sort {#sort-order}\n\n> [!NOTE]\n> `code` first.\n\n> [!TIP]\n> **Bold** then.\n"
    parsed = render.parse(source, "a.md")
    identity = {s.text: s.text for s in parsed.document.segments}  # the alerts' labels too
    assert render.body(render.localize(parsed, identity, ES, EN)) == render.body(render.localize(parsed, None, ES, EN))
    assert '<p><strong class="alert">Note</strong> <code>code</code> first.</p>' in render.body(render.localize(parsed, None, ES, EN))


def test_a_shortcode_over_several_lines_never_shows():
    source = "Text {{% table path=/a\n  filter=b_c_d %}}\nmore.\n"
    parsed = render.parse(source, "a.md")
    page = render.body(render.localize(parsed, None, ES, EN))
    assert "{{" not in page and "table" not in page
    identity = {text: text for _, text in parsed.segments}
    assert render.body(render.localize(parsed, identity, ES, EN)) == page


def test_code_a_paragraph_starts_with_export_shows_the_same_in_every_locale():
    # MDX code that CommonMark reads as a paragraph (a fence inside a JSX tag): the translation
    # is one line where the source had several, and no line of it may vanish from the page.
    source = "<Tabs>\n```jsx\nimport a from 'a';\n\nexport default function Cart() {\n  const open = useStore(x);\n}\n```\n</Tabs>\n"
    parsed = render.parse(source, "a.md")
    identity = {text: text for _, text in parsed.segments}
    english = render.body(render.localize(parsed, None, ES, EN))
    assert "export default function Cart()" in english
    assert render.body(render.localize(parsed, identity, ES, EN)).replace(' lang="en"', "") == english.replace(' lang="en"', "")


def test_a_translator_who_changes_or_drops_an_mdx_expression_gets_an_error():
    source = "Written by {frontmatter.author} on {new Date().getFullYear()}."
    assert ids(source, "Escrito por {frontmatter.autor} en {new Date().getFullYear()}.") == ["protected"]
    assert ids(source, "Escrito por {frontmatter.author}.") == ["protected"]
    assert found(source, "Escrito por {frontmatter.author} en {new Date().getFullYear()}.") == []
    # braces in code spans are code (the markup check's), and a shortcode is not an expression
    assert found("Use `{x.y}` and {{< b >}}.", "Usa `{x.y}` y {{< b >}}.") == []


def test_a_pseudo_translation_keeps_mdx_expressions():
    source = "Written by {frontmatter.author} in { .md-button }."
    for locale in pseudo.LOCALES:
        assert found(source, pseudo.translate(locale, source)) == []


FIGURE = 'Intro.\n\n{{< figure\n  src="a.png"\n  alt="A \\"big\\" cat"\n  caption=`Cats` >}}\n\nSee {{< img src="b.png" title="A dog" >}} here.\n'


def test_readable_shortcode_arguments_are_segments_of_their_own():
    segments = [(s.kind, s.text, s.line) for s in segment.segment(FIGURE, "a.md").segments]
    assert segments == [
        ("paragraph", "Intro.", 1), ("shortcode argument", 'A "big" cat', 5), ("shortcode argument", "Cats", 6),
        ("paragraph", 'See {{< img src="b.png" title="" >}} here.', 8), ("shortcode argument", "A dog", 8),
    ]
    # the rest of the shortcode is still guarded
    assert ids('See {{< img src="b.png" title="" >}} here.', 'Vea {{< img src="c.png" title="" >}} aquí.') == ["protected"]


def test_translated_shortcode_arguments_go_back_into_the_markdown_escaped():
    parsed = render.parse(FIGURE, "a.md")
    translations = {
        "Intro.": "Introducción.", 'A "big" cat': 'Un "gran" gato \\ }}', "Cats": "Ga`tos",
        'See {{< img src="b.png" title="" >}} here.': 'Vea {{< img src="b.png" title="" >}} aquí.', "A dog": "Un perro",
    }
    site = links.Site(documents=frozenset({"a"}))
    text = mdoutput.localized(parsed, translations, "a", "es", site, "folder")
    assert 'alt="Un \\"gran\\" gato \\\\ } }"' in text and "caption=`Ga'tos`" in text
    assert 'Vea {{< img src="b.png" title="Un perro" >}} aquí.' in text
    assert mdoutput.localized(parsed, None, "a", "en", site, "folder") == FIGURE
    # an identity translation gives the source back, byte for byte
    identity = {s.text: s.text for s in parsed.document.segments}
    assert mdoutput.localized(parsed, identity, "a", "es", site, "folder") == FIGURE
    # and pages never show a shortcode, translated or not
    assert "{{" not in render.body(render.localize(parsed, translations, ES, EN))
