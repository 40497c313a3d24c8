"""Site-generator constructs as blocks of their own, chosen with ``syntax = [...]`` in locflow.toml:
heading ids, alerts, admonitions, footnotes, definition lists and math never put their markup in a
msgid, render as the generators render them, and come back byte for byte in Markdown output."""

from __future__ import annotations

import re

import pytest

from helpers import run
from locflow import checks, config, links, mdoutput, render, segment, syntaxnames, textrender
from locflow.model import Entry

ALL = frozenset(syntaxnames.NAMES)
NONE: frozenset[str] = frozenset()
EN, ES, AR = render.language("en"), render.language("es"), render.language("ar")
SITE = links.Site(frozenset({"a"}))

SOURCE = """\
# Install {#setup}

See the note[^1] and $x^2$ here.

> [!WARNING]
> Hot *water*.

:::tip[Read this first]
A tip body.

- an item
:::

:::danger
No title here.
:::

!!! note "Mind the gap"
    An indented body.

??? info
    Folded away.

Term
: The *definition*.

$$
a = b
$$

[^1]: The footnote text.
"""

MSGIDS = [
    "Install", "See the note[^1] and $x^2$ here.", "Warning", "Hot *water*.", "Read this first", "A tip body.", "an item",
    "Danger", "No title here.", "Mind the gap", "An indented body.", "Info", "Folded away.", "Term", "The *definition*.",
    "The footnote text.",
]
"""The untitled admonitions' and the alert's labels are texts of their own (`labels`)."""
LABELS = {"Warning", "Danger", "Info"}


def texts(source: str, syntax=ALL) -> list[str]:
    return [s.text for s in segment.segment(source, "a.md", syntax=syntax).segments]


def upper(parsed: render.Parsed) -> dict[str, str]:
    """A translation keeping markup, footnote markers and formulas: every other letter upper case."""
    keep = re.compile(r"\[\^\w+\]|\$[^$]+\$|\*")
    texts = [m for _, m in parsed.segments] + [label for _, label in parsed.labels]
    return {m: "".join(p if keep.fullmatch(p) else p.upper() for p in re.split(f"({keep.pattern})", m)) for m in texts}


# --- 1. the syntax key -----------------------------------------------------------------------------


def test_syntax_defaults_to_every_dialect_but_math(tmp_path):
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\n')
    assert config.load_config(tmp_path).syntax == syntaxnames.DEFAULT
    assert set(syntaxnames.NAMES) - set(syntaxnames.DEFAULT) == {"math"}


def test_an_unknown_dialect_is_an_error_naming_the_line_with_a_suggestion(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\nsyntax = [\n  "hugo",\n  "admonition",\n]\n')
    result = run(tmp_path, "check")
    assert result.exit_code == 2
    assert "locflow.toml:4: syntax: unknown dialect 'admonition'; did you mean 'admonitions'?" in result.output
    assert "Traceback" not in result.output


def test_a_chosen_syntax_is_read_in_a_stable_order(tmp_path):
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\nsyntax = ["math", "hugo", "math"]\n')
    assert config.load_config(tmp_path).syntax == ("hugo", "math")


def test_every_construct_keeps_its_markup_out_of_the_msgids():
    assert texts(SOURCE) == MSGIDS


def test_dialects_turned_off_are_plain_commonmark():
    plain = segment.segment(SOURCE, "a.md", syntax=NONE)
    assert [s.text for s in plain.segments][:3] == ["Install {#setup}", "See the note[^1] and $x^2$ here.", "[!WARNING] Hot *water*."]
    assert ":::tip[Read this first] A tip body." in [s.text for s in plain.segments]
    page = render.body(render.localize(render.parse(SOURCE, "a.md", syntax=NONE), None, EN, EN))
    for absent in ("<aside", "<dl>", 'class="footnote', 'class="math"', 'class="alert"'):
        assert absent not in page
    assert "{{&lt; x &gt;}}" in render.body(render.localize(render.parse("A {{< x >}} b\n", "a.md", syntax=NONE), None, EN, EN))
    assert texts("{{< new-in 1.0 />}}\n", NONE) == ["{{< new-in 1.0 />}}"]


# --- 2. heading ids ----------------------------------------------------------------------------------


def test_an_explicit_heading_id_wins_in_every_locale():
    source = "## Sort order {#sort}\n\n## Other {: #other }\n\n## Sort order\n\n## Pip <small>best</small> { #pip .x data-toc-label=\"pip\" onclick=y }\n"
    parsed = render.parse(source, "a.md")
    assert [m for _, m in parsed.segments] == ["Sort order", "Other", "Sort order", "Pip <small>best</small>"]
    for translations in (None, {"Sort order": "Orden", "Other": "Otro"}):
        page = render.body(render.localize(parsed, translations, ES, EN))
        assert re.findall(r'id="([^"]+)"', page) == ["sort", "other", "sort-order", "pip"]
        assert "onclick" not in page and "data-toc-label" not in page  # only the id is taken from an attribute list


# --- 3. alerts -----------------------------------------------------------------------------------------


def test_an_alert_marker_stays_out_of_the_msgid_and_the_page_shows_its_label():
    parsed = render.parse("> [!TIP]\n> Drink *water*.\n", "a.md")
    assert [m for _, m in parsed.segments] == ["Drink *water*."]
    page = render.localize(parsed, {"Drink *water*.": "Beba *agua*."}, ES, EN)
    assert '<p><strong class="alert" lang="en">Tip</strong> Beba <em>agua</em>.</p>' in render.body(page)  # untranslated label
    assert textrender.to_text(page.tokens, 72) == "> Tip: Beba agua.\n"


# --- 4. admonitions --------------------------------------------------------------------------------


def test_admonitions_render_as_asides_with_their_titles():
    parsed = render.parse(SOURCE, "a.md")
    page = render.body(render.localize(parsed, upper(parsed), ES, EN))
    assert '<aside class="admonition tip">\n<p class="admonition-title">READ THIS FIRST</p>\n<p>A TIP BODY.</p>' in page
    assert '<aside class="admonition danger">\n<p class="admonition-title">DANGER</p>\n<p>NO TITLE HERE.</p>' in page
    assert '<aside class="admonition note">\n<p class="admonition-title">MIND THE GAP</p>\n<p>AN INDENTED BODY.</p>' in page
    assert '<aside class="admonition info collapsible">\n<p class="admonition-title">INFO</p>' in page
    assert ":::" not in page and "!!!" not in page and "???" not in page


def test_nested_docusaurus_admonitions_and_an_untitled_mkdocs_one():
    source = '::::note[Outer]\nOuter text.\n\n:::tip\nInner text.\n:::\n\n::::\n\n!!! warning ""\n    No title bar.\n'
    parsed = render.parse(source, "a.md")
    assert [m for _, m in parsed.segments] == ["Outer", "Outer text.", "Inner text.", "No title bar."]
    page = render.body(render.localize(parsed, None, EN, EN))
    assert page.count("<aside") == 3 and page.count("</aside>") == 3
    assert '<aside class="admonition warning">\n<p>No title bar.</p>' in page


def test_plain_text_shows_admonitions_footnotes_definitions_and_formulas():
    parsed = render.parse(SOURCE, "a.md", syntax=ALL)
    text = textrender.to_text(render.localize(parsed, None, EN, EN).tokens, 72, "en", syntax=ALL)
    assert "| Read this first\n|\n| A tip body.\n|\n| • an item\n" in text
    assert "| Danger\n|\n| No title here." in text
    assert "Term\n    The definition.\n" in text
    assert "See the note[1] and x^2 here." in text
    assert text.endswith("* * *\n\n[1] The footnote text.\n")
    assert "    a = b" in text and "$" not in text


# --- 5. footnotes ------------------------------------------------------------------------------------


def test_footnotes_render_as_a_list_with_back_links_in_every_locale():
    source = "One[^a] and two[^b], one again[^a].\n\n[^b]: Second.\n\n[^a]: First.\n"
    parsed = render.parse(source, "a.md")
    assert [m for _, m in parsed.segments] == ["One[^a] and two[^b], one again[^a].", "First.", "Second."]  # as numbered
    english = render.body(render.localize(parsed, None, ES, EN))
    spanish = render.body(render.localize(parsed, {
        "One[^a] and two[^b], one again[^a].": "Uno[^a], otra vez[^a] y dos[^b].", "Second.": "Segunda.", "First.": "Primera."
    }, ES, EN))
    for page in (english, spanish):
        ids = re.findall(r' id="([^"]+)"', page)
        hrefs = re.findall(r'href="#([^"]+)"', page)
        assert sorted(ids) == ["fn1", "fn2", "fnref1", "fnref1:1", "fnref2"] and set(hrefs) <= set(ids)
        assert 'class="footnote-backref"' in page
    assert spanish.index("Primera") < spanish.index("Segunda")  # numbered by first reference, as the source


def test_a_translation_that_drops_or_changes_a_footnote_marker_is_an_error():
    assert ids("Text[^1] here.", "Texto aquí.") == ["protected"]
    assert ids("Text[^1] here.", "Texto[^2] aquí.") == ["protected"]


def test_syntax_of_a_dialect_turned_off_is_text_a_translator_may_adapt():
    changed = [
        ("hugo", 'See {{< figure src="a.png" >}}.', 'Vea {{< figure src="b.png" >}}.'),
        ("footnotes", "Text[^1] here.", "Texto aquí."),
        ("heading-ids", "Install {#install}", "Instalar {#instalar}"),
        ("gfm-alerts", "[!NOTE] Hot.", "[!NOTA] Caliente."),
        ("mdx", "By {frontmatter.author}.", "Por {frontmatter.autor}."),
    ]
    for dialect, msgid, msgstr in changed:
        assert ids(msgid, msgstr, ALL) == ["protected"], dialect
        assert "protected" not in ids(msgid, msgstr, ALL - {dialect}), dialect


# --- 7. math -----------------------------------------------------------------------------------------


def ids(msgid: str, msgstr: str, syntax=ALL) -> list[str]:
    md = segment.parser(syntax)
    context = checks.Context(source=checks.language("en"), target=checks.language("es"), md=md)
    return [finding.check for finding in checks.check_entry(Entry(msgid, msgstr, False, 1), context)]


def test_a_changed_formula_is_reported_with_math_on_only():
    assert ids("The area is $\\pi r^2$ here.", "El área es $\\pi r^2$ aquí.") == []
    assert "protected" in ids("The area is $\\pi r^2$ here.", "El área es $\\pi r^3$ aquí.")
    assert ids("It costs $5 and $10 now.", "Cuesta $5 y $10 ahora.") == []
    assert "protected" not in ids("The area is $\\pi r^2$ here.", "El área es $\\pi r^3$ aquí.", frozenset(syntaxnames.DEFAULT))


def test_math_is_shown_as_code_never_as_markup():
    parsed = render.parse("Area $a<b>_1$ done.\n\n$$\n<script>x</script>\n$$\n", "a.md", syntax=ALL)
    page = render.body(render.localize(parsed, None, EN, EN))
    assert '<code class="math" dir="ltr">a&lt;b&gt;_1</code>' in page
    assert '<pre class="math" dir="ltr"><code>&lt;script&gt;x&lt;/script&gt;</code></pre>' in page


# --- round trips ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [ES, AR])
def test_identity_translations_give_the_source_page(page):
    parsed = render.parse(SOURCE, "a.md", syntax=ALL)
    identity = {s.text: s.text for s in parsed.document.segments}
    assert render.body(render.localize(parsed, identity, page, EN)) == render.body(render.localize(parsed, None, page, EN))


def test_markdown_output_is_the_source_under_identity_and_reads_back_as_the_translations():
    parsed = render.parse(SOURCE, "a.md", syntax=ALL)
    identity = {m: m for _, m in parsed.segments}
    assert mdoutput.localized(parsed, identity, "a", "es", SITE, "folder") == SOURCE
    translated = upper(parsed)
    markdown = mdoutput.localized(parsed, translated, "a", "es", SITE, "folder")
    assert "# INSTALL {#setup}\n" in markdown
    assert ":::tip[READ THIS FIRST]\n" in markdown and '!!! note "MIND THE GAP"\n' in markdown
    assert "> [!WARNING]\n> HOT *WATER*.\n" in markdown and "[^1]: THE FOOTNOTE TEXT.\n" in markdown
    assert texts(markdown) == [m if m in LABELS else translated[m] for m in MSGIDS]  # the generator shows its own labels


def test_a_title_that_repeats_its_type_is_put_back_after_the_type():
    source = ":::tip[tip]\nBody.\n:::\n"
    parsed = render.parse(source, "a.md")
    assert mdoutput.localized(parsed, {"tip": "consejo"}, "a", "es", SITE, "folder") == ":::tip[consejo]\nBody.\n:::\n"


def test_a_hostile_translation_of_a_title_or_footnote_adds_no_markup():
    parsed = render.parse(SOURCE, "a.md")
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))'
    page = render.body(render.localize(parsed, {m: hostile for _, m in parsed.segments}, ES, EN))
    assert "<script" not in page and "<img" not in page and 'href="javascript' not in page


def test_a_page_with_the_sources_own_html_keeps_its_asides_and_footnotes():
    parsed = render.parse(SOURCE + "\n<details><summary>More</summary>\n\nHidden.\n\n</details>\n", "a.md")
    assert parsed.has_html
    page = render.body(render.localize(parsed, None, EN, EN))
    assert page.count('<aside class="admonition') == 4 and '<section class="footnotes">' in page
    assert '<a href="#fn1" id="fnref1">[1]</a>' in page and "<dl>" in page


def test_the_pseudo_locales_keep_formulas():
    from locflow import pseudo

    assert "$\\pi r^2$" in pseudo.translate("en_XA", "The area is $\\pi r^2$ here.")
    shell = pseudo.translate("en_XA", "Set *$HOME/bin* in your `$PATH` with `cargo install`.")
    assert "`$PATH`" in shell and "`cargo install`" in shell  # no formula across a code span


def test_the_dialects_chosen_in_locflow_toml_reach_extract_build_and_check(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(
        "# Care {#care}\n\n:::tip[Rest]\nStay in bed.\n:::\n\nThe area is $\\pi r^2$.\n", encoding="utf-8"
    )
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\nmin_complete = 0\n', encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    catalog = (tmp_path / "locales" / "es" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert 'msgid "Rest"' in catalog and ":::" not in catalog and "{#care}" not in catalog
    catalog = catalog.replace('msgid "Rest"\nmsgstr ""', 'msgid "Rest"\nmsgstr "Descanso"')
    catalog = catalog.replace('msgid "The area is $\\\\pi r^2$."\nmsgstr ""', 'msgid "The area is $\\\\pi r^2$."\nmsgstr "El área es $\\\\pi r^3$."')
    (tmp_path / "locales" / "es" / "LC_MESSAGES" / "a.po").write_text(catalog, encoding="utf-8")
    assert run(tmp_path, "build").exit_code == 0
    page = (tmp_path / "dist" / "es" / "a.html").read_text(encoding="utf-8")
    assert '<h1 id="care"' in page and '<p class="admonition-title">Descanso</p>' in page
    assert "protected" not in run(tmp_path, "check").output  # math is off: a dollar is text
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\nmin_complete = 0\nsyntax = ["math", "admonitions"]\n', encoding="utf-8")
    assert run(tmp_path, "extract").exit_code == 0
    assert "[protected]" in run(tmp_path, "check").output
    assert run(tmp_path, "build").exit_code == 0  # the dialects are in the build's settings: every page is built again
    page = (tmp_path / "dist" / "es" / "a.html").read_text(encoding="utf-8")
    assert '<h1 id="care-care"' in page and '<code class="math"' in page


def test_starlight_admonitions_keep_their_attributes_in_braces_off_the_page_and_in_the_markdown():
    source = ':::tip{icon="heart"}\nAstro helps.\n:::\n\n:::note[Did you know?]{icon="heart"}\nBody.\n:::\n'
    parsed = render.parse(source, "a.md")
    assert [m for _, m in parsed.segments] == ["Astro helps.", "Did you know?", "Body."]
    page = render.body(render.localize(parsed, upper(parsed), ES, EN))
    assert '<aside class="admonition tip">\n<p class="admonition-title">TIP</p>\n<p>ASTRO HELPS.</p>' in page
    assert '<p class="admonition-title">DID YOU KNOW?</p>' in page and "icon" not in page and ":::" not in page
    markdown = mdoutput.localized(parsed, upper(parsed), "a", "es", SITE, "folder")
    assert markdown == ':::tip{icon="heart"}\nASTRO HELPS.\n:::\n\n:::note[DID YOU KNOW?]{icon="heart"}\nBODY.\n:::\n'
