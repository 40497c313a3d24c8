"""Localized Markdown for site generators: the source with translations in place, read back the same."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from helpers import run
from locflow import links, mdoutput, render, segment
from sitefixture import SOURCES, make_site

PAGES = {"en": ["a", "sub/b", "sub/deep/c"], "es": ["a", "sub/b", "sub/deep/c"], "ar": ["a", "sub/b"]}
SITE = links.Site(frozenset(["a", "sub/b", "sub/deep/c"]), frozenset({("sub/deep/c", "ar"), *(
    (doc, "fr") for doc in ("a", "sub/b", "sub/deep/c"))}), "en")


def markdown_site(tmp_path: Path, layout: str = "folder") -> Path:
    root = make_site(tmp_path / "site", f'formats = ["html", "text", "markdown"]\nmarkdown_layout = "{layout}"\n')
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root


def translations(root: Path, locale: str, doc: str) -> dict[str, str]:
    if locale == "en":
        return {}
    po = polib.pofile(str(root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.fuzzy}


@pytest.mark.parametrize("layout", ["folder", "suffix"])
def test_reading_the_markdown_back_gives_the_published_translations(tmp_path, layout):
    root = markdown_site(tmp_path, layout)
    dist = root / "dist"
    written = sorted(p.relative_to(dist).as_posix() for p in (dist / "markdown").rglob("*.md"))
    assert written == sorted(mdoutput.path(doc, locale, layout) for locale, docs in PAGES.items() for doc in docs)
    for locale, docs in PAGES.items():
        for doc in docs:
            text = (dist / mdoutput.path(doc, locale, layout)).read_text(encoding="utf-8")
            texts = translations(root, locale, doc)
            source = segment.segment(SOURCES[f"{doc}.md"], "s.md")
            copies = {"images/x.png": "images/x.es.png"} if (locale, layout) == ("es", "suffix") else {}
            expected = [
                mdoutput.DESTINATION.sub(
                    lambda m: m.group(1) + mdoutput.href(doc, locale, m.group(2), SITE, layout, copies),
                    texts.get(s.text) or s.text,
                )
                for s in source.segments
            ]
            assert [s.text for s in segment.segment(text, "t.md").segments] == expected, (locale, doc)


def test_the_english_markdown_is_the_source_byte_for_byte_and_untranslated_text_stays_english(tmp_path):
    root = markdown_site(tmp_path)
    dist = root / "dist" / "markdown"
    for doc in PAGES["en"]:
        assert (dist / "en" / f"{doc}.md").read_bytes() == (root / "source" / f"{doc}.md").read_bytes()
    arabic = (dist / "ar" / "a.md").read_text(encoding="utf-8")
    assert arabic.startswith('---\ntitle: "الصفحة أ"\nlast_reviewed: 2026-03-01\n---\n')
    assert "- Second item of a list\n" in arabic
    assert "](../en/sub/deep/c.md#steps)" in arabic  # withheld in Arabic: the English file
    assert (dist / "es" / "images" / "x.png").read_bytes() == (root / "source" / "images" / "x.es.png").read_bytes()


def test_markdown_rendered_by_markdown_it_is_the_html_body(tmp_path):
    root = markdown_site(tmp_path)
    dist = root / "dist"

    def normal(html: str) -> str:
        html = re.sub(r' (id|lang|dir)="[^"]*"', "", html)
        return re.sub(r'href="([^"#]*)\.(md|html)', r'href="\1.page', html)

    for locale, docs in PAGES.items():
        for doc in docs:
            page = (dist / locale / f"{doc}.html").read_text(encoding="utf-8")
            body = page.split("<main>\n", 1)[1].split("</main>", 1)[0]
            body = re.sub(r'<p class="reviewed".*</p>\n?', "", body)
            text = (dist / "markdown" / locale / f"{doc}.md").read_text(encoding="utf-8")
            language = render.language(locale)
            rendered = render.body(render.localize(render.parse(text, "t.md"), None, language, language))
            assert normal(rendered).strip() == normal(body).strip(), (locale, doc)


def test_a_hostile_or_block_making_translation_adds_nothing_to_the_markdown(tmp_path):
    root = make_site(tmp_path / "site", 'formats = ["html", "text", "markdown"]\n')
    path = root / "locales" / "es" / "LC_MESSAGES" / "sub" / "b.po"
    po = polib.pofile(str(path))
    hostile = {
        "Page B": "# Página\nB",
        "Back to [page A](../a.md).": "Volver <script>alert(1)</script> a [A](../a.md).",
        "See [the steps](deep/c.md#steps).": "Vea [los pasos](javascript:alert(1)).",
        "Part": "1. Parte",
    }
    for entry in po:
        entry.msgstr = hostile.get(entry.msgid, entry.msgstr)
    po.save(str(path))
    assert run(root, "build").exit_code == 0
    text = (root / "dist" / "markdown" / "es" / "sub" / "b.md").read_text(encoding="utf-8")
    assert text == (
        "# \\# Página B\n\nBack to [page A](../a.md).\n\n## 1\\. Parte\n\nSee [the steps](deep/c.md#steps).\n"
    )


def test_markdown_files_of_a_page_no_longer_published_are_removed(tmp_path):
    root = markdown_site(tmp_path)
    assert run(root, "build").stdout.startswith("8 page(s) in dist/: 0 written, 8 unchanged, 0 file(s) removed")
    (root / "locales" / "ar" / "LC_MESSAGES" / "sub" / "b.po").unlink()
    result = run(root, "build")
    assert result.exit_code == 0
    assert not (root / "dist" / "markdown" / "ar" / "sub" / "b.md").exists()
    assert (root / "dist" / "markdown" / "ar" / "a.md").is_file()


@pytest.mark.parametrize("layout", ["folder", "suffix"])
def test_a_locale_with_its_own_picture_shows_it_in_the_markdown_output(tmp_path, layout):
    root = markdown_site(tmp_path, layout)
    dist, source = root / "dist", root / "source" / "images"

    def picture(locale: str) -> bytes:
        page = (dist / mdoutput.path("a", locale, layout)).read_text(encoding="utf-8")
        [url] = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", page)
        folder = (dist / mdoutput.path("a", locale, layout)).parent
        return (folder / url).read_bytes()

    assert picture("es") == (source / "x.es.png").read_bytes()
    assert picture("en") == picture("ar") == (source / "x.png").read_bytes()
    if layout == "suffix":
        assert "](images/x.es.png)" in (dist / "markdown" / "a.es.md").read_text(encoding="utf-8")
        assert "](images/x.png)" in (dist / "markdown" / "a.ar.md").read_text(encoding="utf-8")
    # A localized copy added later is picked up by the next build, and so is its removal.
    (source / "x.ar.png").write_bytes((source / "x.es.png").read_bytes()[:-1] + b"\x00")
    assert run(root, "build").exit_code == 0
    assert picture("ar") == (source / "x.ar.png").read_bytes()
    (source / "x.ar.png").unlink()
    assert run(root, "build").exit_code == 0
    assert picture("ar") == (source / "x.png").read_bytes()


def test_the_sources_own_html_is_translated_in_the_markdown_and_a_translation_adds_none(tmp_path):
    root = make_site(tmp_path / "site", 'formats = ["markdown"]\n')
    (root / "source" / "h.md").write_text(
        "# Code\n\n<span class=\"filename\">Filename: src/main.rs</span>\n\n"
        "See [page A](a.md)<!-- ignore --> first.\n\n"
        "<figure>\n<img src=\"images/x.png\" alt=\"An X-ray\">\n<figcaption>The spine</figcaption>\n</figure>\n\n"
        "Last <b>bold</b> words.\n",
        encoding="utf-8",
    )
    assert run(root, "extract").exit_code == 0
    path = root / "locales" / "es" / "LC_MESSAGES" / "h.po"
    po = polib.pofile(str(path))
    texts = {
        "Code": "Código",
        '<span class="filename">Filename: src/main.rs</span>': '<span class="filename">Archivo: src/main.rs</span>',
        "See [page A](a.md)<!-- ignore --> first.": "Vea primero [la página A](a.md)<!-- ignore -->.",
        "An X-ray": "Una radiografía <script>alert(1)</script>",
        "The spine": "La columna\n\n# vertebral [x](javascript:alert(1))",
        "Last <b>bold</b> words.": "Últimas <b onclick=\"alert(1)\">palabras</b>.",
    }
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, "")
    po.save(str(path))
    assert run(root, "build").exit_code == 0
    text = (root / "dist" / "markdown" / "es" / "h.md").read_text(encoding="utf-8")
    assert text == (
        "# Código\n\n<span class=\"filename\">Archivo: src/main.rs</span>\n\n"
        "Vea primero [la página A](a.md)<!-- ignore -->.\n\n"
        "<figure>\n<img src=\"images/x.png\" alt=\"Una radiografía &lt;script&gt;alert(1)&lt;/script&gt;\">\n"
        "<figcaption>La columna # vertebral [x](javascript:alert(1))</figcaption>\n</figure>\n\n"
        "Last <b>bold</b> words.\n"  # a tag the source has not (onclick): the English stays
    )


def _localized(source: str, texts: dict[str, str]) -> str:
    return mdoutput.localized(render.parse(source, "a.md"), texts, "a", "es", links.Site(frozenset({"a"})), "folder")


def test_hard_line_breaks_of_a_translation_stay_line_breaks_in_the_block_they_belong_to():
    source = "- **Type:** `string`\\\n  **Default:** `'note'`\n\n> One  \n> two\n"
    texts = {
        "**Type:** `string`\\\n**Default:** `'note'`": "**Tipo:** `string`\\\n- **Por defecto:** `'note'`",
        "One  \ntwo": "Uno  \ndos",
    }
    markdown = _localized(source, texts)
    assert markdown == "- **Tipo:** `string`\\\n  \\- **Por defecto:** `'note'`\n\n> Uno  \n> dos\n"
    assert [s.text for s in segment.segment(markdown, "a.md").segments] == [
        "**Tipo:** `string`\\\n\\- **Por defecto:** `'note'`", "Uno  \ndos",
    ]


def test_html_blocks_after_a_list_marker_in_a_quote_or_indented_are_translated_in_place():
    source = "- <p>Hello <b>you</b></p>\n\n> <div title=\"Hi\">\n> Hello\n> </div>\n\n<Tabs>\n    <p>Hello</p>\n</Tabs>\n"
    markdown = _localized(source, {"Hello": "Hola", "Hi": "Hola <x>"})
    assert markdown == (
        "- <p>Hola <b>you</b></p>\n\n> <div title=\"Hola &lt;x&gt;\">\n> Hola\n> </div>\n\n<Tabs>\n    <p>Hola</p>\n</Tabs>\n"
    )


def test_a_front_matter_value_written_over_several_lines_is_replaced_whole():
    source = "---\ntitle: Setup\ndescription: |-\n  Tutorial: Build\n  your blog\ntype: tutorial\n---\n\nText.\n"
    markdown = _localized(source, {"Tutorial: Build your blog": "Tutorial: crea tu blog"})
    assert markdown == '---\ntitle: Setup\ndescription: "Tutorial: crea tu blog"\ntype: tutorial\n---\n\nText.\n'
