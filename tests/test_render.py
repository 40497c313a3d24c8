"""Rendering: localized HTML bodies and pages, plain text, and what no translation can do."""

from __future__ import annotations

import json
from pathlib import Path

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from locflow import render, segment, textrender
from locflow import template as page_template

from hostile import HOSTILE, assert_nothing_executable

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = json.loads((Path(__file__).parent / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
EN, ES, AR = render.language("en"), render.language("es"), render.language("ar")


def localized(source: str, translations: dict[str, str] | None, page: render.Language = ES) -> render.Localized:
    return render.localize(render.parse(source, "source/doc.md"), translations, page, EN)


def body(source: str, translations: dict[str, str] | None, page: render.Language = ES) -> str:
    return render.body(localized(source, translations, page))


def full_page(source: str, translations: dict[str, str] | None, page: render.Language = ES, locale: str = "es") -> str:
    alternates = [("en", "../en/doc.html"), (page.lang, f"../{locale}/doc.html"), ("x-default", "../en/doc.html")]
    return render.page(localized(source, translations, page), locale, alternates)


# --- locales --------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,lang,direction",
    [("en", "en", "ltr"), ("pt_BR", "pt-BR", "ltr"), ("zh_Hans", "zh-Hans", "ltr"), ("ar", "ar", "rtl"),
     ("he", "he", "rtl"), ("fa", "fa", "rtl"), ("sr_RS@latin", "sr-RS-Latn", "ltr")],
)
def test_language_gives_the_bcp47_tag_and_direction(locale, lang, direction):
    assert render.language(locale) == render.Language(lang, direction)


# --- translations in place ----------------------------------------------------


def test_translation_replaces_the_inline_content_of_its_block():
    assert body("# Care\n\nRest *well*.\n", {"Care": "Cuidados", "Rest *well*.": "Descanse *bien*."}) == (
        "<h1 id=\"care\">Cuidados</h1>\n<p>Descanse <em>bien</em>.</p>\n"
    )


def test_a_translation_cannot_add_block_structure():
    result = body("Text\n", {"Text": "# Not a heading\n\n- not a list\n> nor a quote\n```\ncode\n```"})
    assert result == "<p># Not a heading  - not a list &gt; nor a quote <code>code</code></p>\n"


def test_a_translation_uses_the_link_references_of_the_source():
    source = "See [the guide][g].\n\n[g]: https://example.org/guide\n"
    assert body(source, {"See [the guide][g].": "Vea [la guía][g]."}) == (
        '<p>Vea <a href="https://example.org/guide">la guía</a>.</p>\n'
    )


def test_untranslated_blocks_keep_the_source_and_are_marked_english():
    source = "# Title\n\nPara\n\n| A | B |\n|---|---|\n| c | d |\n\n> Quote\n"
    result = body(source, {"Title": "Título", "A": "A", "d": "d"})
    assert result == (
        '<h1 id="title">Título</h1>\n<p lang="en">Para</p>\n<table>\n<thead>\n<tr>\n<th>A</th>\n<th lang="en">B</th>\n'
        '</tr>\n</thead>\n<tbody>\n<tr>\n<td lang="en">c</td>\n<td>d</td>\n</tr>\n</tbody>\n</table>\n'
        '<blockquote>\n<p lang="en">Quote</p>\n</blockquote>\n'
    )


def test_untranslated_tight_list_item_marks_the_item_or_a_span_around_its_text():
    result = body("- one\n- two\n  - nested\n", {"nested": "anidado"})
    assert result == (
        '<ul>\n<li lang="en">one</li>\n<li><span lang="en">two</span>\n<ul>\n<li>anidado</li>\n</ul>\n</li>\n</ul>\n'
    )


def test_every_untranslated_occurrence_is_marked():
    page = localized("One\n\nTwo\n\nOne\n", {})
    assert page.fallbacks == 3
    assert render.body(page).count('lang="en"') == 3


def test_a_blank_translation_falls_back_instead_of_emptying_its_block():
    assert body("# Title\n", {"Title": "  "}) == '<h1 id="title" lang="en">Title</h1>\n'


def test_fallbacks_in_a_right_to_left_page_are_also_left_to_right():
    assert body("Para\n", {}, AR) == '<p lang="en" dir="ltr">Para</p>\n'


def test_source_locale_page_has_no_fallback_marks():
    page = localized("# A\n\nB\n", None, EN)
    assert page.fallbacks == 0 and 'lang="en"' not in render.body(page)


# --- markup ---------------------------------------------------------------


def test_soft_breaks_render_as_one_space():
    assert body("one\ntwo\n   three\n", None) == "<p>one two three</p>\n"


def test_source_html_renders_through_the_allow_list_and_translated_html_as_text():
    source = "<!-- Do not remove -->\n\n<div onclick=\"x()\">\n<script>alert(1)</script>\n</div>\n\nSee <b\nclass=x>this</b>.\n"
    assert body(source, None) == '<div>\n\n</div>\n<p>See <b class="x">this</b>.</p>\n'
    translated = body(source, {"See <b\nclass=x>this</b>.": "Vea <b\nclass=x>esto</b> <i>ya</i>."})
    assert translated == '<div>\n\n</div>\n<p>Vea <b class="x">esto</b> &lt;i&gt;ya&lt;/i&gt;.</p>\n'


def test_source_html_blocks_are_segments_put_back_as_text():
    source = '<details>\n<summary>More</summary>\n\nBody.\n\n</details>\n\n<figure><img src="a.png" alt="A cat"><figcaption>The cat</figcaption></figure>\n'
    assert [(s.kind, s.text) for s in render.parse(source, "a.md").document.segments] == [
        ("html", "More"), ("paragraph", "Body."), ("html", "A cat"), ("html", "The cat")
    ]
    page = body(source, {"More": "Más <script>", "A cat": 'Un "gato"', "The cat": "El gato", "Body.": "Cuerpo."})
    assert page == (
        "<details>\n<summary>Más &lt;script&gt;</summary>\n<p>Cuerpo.</p>\n</details>\n"
        '<figure><img src="a.png" alt="Un &quot;gato&quot;"><figcaption>El gato</figcaption></figure>\n'
    )


def test_a_raw_text_element_left_open_in_source_html_does_not_take_the_rest_of_the_page():
    # ``<textarea />`` is not closed in HTML: read with the page, it would make the rest of it text.
    source = '<form>\n<textarea id="m" />\n</form>\n\nAfter *that*.\n\n<details><summary>More</summary></details>\n'
    page = body(source, None)
    assert "<p>After <em>that</em>.</p>" in page and "<details><summary>More</summary></details>" in page
    assert "&lt;p&gt;" not in page and body(source, {"After *that*.": "Después *de eso*."}).count("<p>") == 1


def test_right_to_left_pages_isolate_links_and_set_code_left_to_right():
    source = "See <https://example.org/a-b?x=1> and `dose_mg`.\n\n```\ncode\n```\n"
    assert body(source, None, AR) == (
        '<p>See <a href="https://example.org/a-b?x=1" dir="auto">https://example.org/a-b?x=1</a> and '
        '<code dir="ltr">dose_mg</code>.</p>\n<pre dir="ltr"><code>code\n</code></pre>\n'
    )


def test_left_to_right_pages_add_no_direction_attributes():
    assert "dir=" not in body("See <https://example.org> and `x`.\n\n    code\n", None, ES)


def test_link_titles_and_image_alt_text_join_lines():
    result = body('[a](/u "one\n  two") ![x\ny](/i.png)\n', None)
    assert result == '<p><a href="/u" title="one two">a</a> <img src="/i.png" alt="x y" /></p>\n'


# --- the page -----------------------------------------------------------------


def test_page_head_has_lang_dir_title_description_and_alternates():
    source = "---\ntitle: Care\ndescription: How to care.\n---\n\n# Heading\n"
    page = full_page(source, {"Care": "Cuidados", "How to care.": "Cómo cuidarse."})
    assert page.startswith('<!DOCTYPE html>\n<html lang="es" dir="ltr">\n<head>\n<meta charset="utf-8">\n')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<title>Cuidados</title>\n" in page
    assert '<meta name="description" content="Cómo cuidarse.">' in page
    assert (
        '<link rel="alternate" hreflang="en" href="../en/doc.html">\n'
        '<link rel="alternate" hreflang="es" href="../es/doc.html">\n'
        '<link rel="alternate" hreflang="x-default" href="../en/doc.html">\n'
    ) in page


def test_title_falls_back_to_the_first_heading_then_the_file_name():
    assert localized("Intro\n\n## First *heading*\n\n# Second\n", None).title == "First heading"
    assert localized("Just text.\n", None).title == "doc"
    assert localized("Just text.\n", None).description == "Just text."


def test_untranslated_front_matter_title_stays_in_the_source_language():
    assert localized("---\ntitle: Care\n---\n# Other\n", {}).title == "Care"


def test_front_matter_cannot_break_out_of_title_or_attributes():
    source = "---\ntitle: '</title><script>alert(1)</script>'\ndescription: '\"><script>alert(2)</script>'\n---\nx\n"
    page = full_page(source, None)
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert 'content="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in page
    assert "<script" not in page


def test_relative_href_climbs_out_of_nested_documents():
    assert render.relative_href("tpi", "ar", "tpi") == "../ar/tpi.html"
    assert render.relative_href("a/b/c", "zh_Hans", "a/b/c") == "../../../zh_Hans/a/b/c.html"
    assert render.relative_href("odd name#1", "es", "odd name#1") == "../es/odd%20name%231.html"


def test_template_placeholders_are_filled_in_one_pass():
    template = "<html lang='{{lang}}' dir='{{ dir }}'><title>{{ title }}</title>{{ locale }}|{{body}}</html>"
    page = render.page(localized("# {{ body }}\n", {"{{ body }}": "{{ body }} & co"}), "es", [], template)
    assert page == "<html lang='es' dir='ltr'><title>{{ body }} &amp; co</title>es|<h1 id=\"-body-\">{{ body }} &amp; co</h1>\n</html>"


def test_unknown_template_placeholders_are_reported_with_their_line():
    errors = page_template.template_errors("<p>{{ body }}</p>\n{{ sidebar }}\n<p>{{ lang }}</p>")
    assert [(line, message.split(";")[0]) for line, message in errors] == [(2, "unknown placeholder {{ sidebar }}")]


# --- safety -------------------------------------------------------------------

HOSTILE_SOURCE = (
    "---\ntitle: Title\ndescription: Description\n---\n\n# Heading\n\nParagraph with [a link](https://example.org/a).\n\n"
    "- item\n- item two\n  - nested\n\n> Quote\n\n| Head | Cell |\n| --- | --- |\n| a | b |\n"
)


@pytest.mark.parametrize("payload", HOSTILE)
@pytest.mark.parametrize("page_language,locale", [(ES, "es"), (AR, "ar")])
def test_hostile_translations_put_nothing_executable_into_the_page(payload, page_language, locale):
    msgids = [s.text for s in render.parse(HOSTILE_SOURCE, "doc.md").document.segments]
    page = full_page(HOSTILE_SOURCE, {msgid: payload for msgid in msgids}, page_language, locale)
    assert_nothing_executable(page)
    html5lib.HTMLParser(strict=True).parse(page)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_sources_put_nothing_executable_into_the_page(payload):
    # the source's own HTML renders through the allow-list (sourcehtml): its tags, never a script or handler
    assert_nothing_executable(full_page(f"{payload}\n\n- {payload}\n\n| {payload} |\n|---|\n", None, EN, "en"), source_html=True)


def test_only_image_data_urls_survive():
    result = body("![ok](data:image/png;base64,iVBORw0KGgo=) ![no](data:image/svg+xml;base64,PHN2Zz4=)\n", None)
    assert '<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok" />' in result
    assert "![no](data:image/svg+xml;base64,PHN2Zz4=)" in result


@pytest.mark.parametrize("example", SPEC, ids=lambda e: str(e["example"]))
def test_every_spec_example_makes_a_valid_html5_page(example):
    for page_language, locale in ((EN, "en"), (AR, "ar")):
        page = full_page(example["markdown"], None, page_language, locale)
        html5lib.HTMLParser(strict=True).parse(page)


# --- plain text -------------------------------------------------------------


@pytest.mark.parametrize("line,title,source,expected", read_fixture_file(FIXTURES / "text.md"))
def test_plain_text(line, title, source, expected):
    assert textrender.to_text(segment.parser().parse(source), 30) == expected


def test_plain_text_of_a_translation_with_fallbacks():
    page = localized("# Care\n\n- Rest\n- Ice\n", {"Care": "Cuidados", "Rest": "Descanso"})
    assert textrender.to_text(page.tokens, 72) == "Cuidados\n========\n\n• Descanso\n• Ice\n"
    assert textrender.to_text(page.tokens, 72, "es") == "Cuidados\n========\n\n• Descanso\n• [en] Ice\n"


def test_control_characters_are_replaced_in_text_and_html():
    page = localized("Text\n", {"Text": "a\x1b[2Jb\x00c\x7f"})
    assert textrender.to_text(page.tokens, 72) == "a\ufffd[2Jb\ufffdc\ufffd\n"
    assert "<p>a\ufffd[2Jb\ufffdc\ufffd</p>" in render.page(page, "es", [])


def test_width_zero_turns_wrapping_off():
    assert textrender.to_text(segment.parser().parse("word " * 40 + "\n"), 0) == ("word " * 40).strip() + "\n"


@pytest.mark.parametrize(
    "text,width",
    [("字", 2), ("注射 24h", 8), ("é", 1), ("e\u0301", 1), ("한국어", 6), ("ｶﾀｶﾅ", 4), ("ＡＢ", 4), ("مُحالًا", 5), ("a\u200db", 2)],
)
def test_display_width_counts_wide_characters_twice_and_marks_not_at_all(text, width):
    assert textrender.display_width(text) == width


def test_wrap_keeps_closing_punctuation_off_the_line_start_and_opening_off_the_end():
    assert textrender.wrap("注射（触发点）。好", 6) == ["注射", "（触发", "点）。", "好"]


def test_wrap_never_splits_a_url_next_to_chinese():
    assert textrender.wrap("请访问 https://example.org/a-b?x=1 了解", 12) == ["请访问", "https://example.org/a-b?x=1", "了解"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["word", "a", "注射", "治疗。", "（注）", "https://example.org/x", "ب", "ً", " ", "  "]), max_size=40).map("".join),
    st.integers(min_value=4, max_value=40),
)
def test_wrapped_lines_fit_unless_one_word_is_longer(text, width):
    lines = textrender.wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert line == line.strip()
        assert textrender.display_width(line) <= width or textrender.wrap(line, 1) == [line]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["word", "a", "é", "привет", "ب", "ً", "नमस्ते", "\u0378", "\xad", "’", "Việt", "注射", "治疗。", "\t", " ", "  "]),
        max_size=40,
    ).map("".join),
    st.integers(min_value=1, max_value=40),
)
def test_wrapping_by_words_gives_the_lines_of_wrapping_piece_by_piece(text, width):
    """The fast paths (one column per character; no wide character) break exactly where the general one does."""
    text = text.strip(" \t")
    widths = textrender._Widths()
    assert textrender._wrap_line(text, width, widths) == textrender._fill(textrender._pieces(text, widths), width)
