"""The labels above untitled admonitions and alerts (``> [!WARNING]``, ``:::tip``) in the page's language.

Each distinct label is a catalog entry of kind ``label`` with a note for the translator; the HTML
and text pages show its translation, escaped (the English, marked ``lang="en"``, where there is
none); the translation memory fills it in other documents; the Markdown output never writes it.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import polib

from helpers import run
from locflow import render, segment

SOURCE = """\
# Safety

> [!WARNING]
> Hot water burns.

:::tip
Drink water.
:::

> [!WARNING]
> Knives cut.
"""
BODY = {"Safety": "Seguridad", "Hot water burns.": "El agua caliente quema.", "Drink water.": "Beba agua.",
        "Knives cut.": "Los cuchillos cortan."}
LABELS = {"Warning": "Advertencia", "Tip": "Consejo"}


def project(tmp_path: Path, extra: str = 'formats = ["html", "text"]\n', locales: str = '["es"]', source: str = SOURCE) -> Path:
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text(source, encoding="utf-8")
    (root / "locflow.toml").write_text(f"locales = {locales}\n{extra}", encoding="utf-8")
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    return root


def catalog(root: Path, doc: str = "a", locale: str = "es") -> polib.POFile:
    return polib.pofile(str(root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"))


def translate(root: Path, texts: dict[str, str], doc: str = "a", locale: str = "es") -> None:
    po = catalog(root, doc, locale)
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
    po.save(str(root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"))
    time.sleep(0.02)  # out of the clock tick of the catalog's record (the caches' racy rule)


def build(root: Path) -> Path:
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root / "dist"


def test_extract_writes_one_entry_per_distinct_label_with_a_note_for_the_translator(tmp_path):
    po = catalog(project(tmp_path))
    warning, tip = po.find("Warning"), po.find("Tip")
    assert warning.comment.split("\n") == [
        "label", "label shown above an alert (`> [!WARNING]`); translate it as your site's generator would",
    ]
    assert tip.comment.split("\n") == [
        "label", "label shown above an admonition with no title (`:::tip`); translate it as your site's generator would",
    ]
    assert warning.occurrences == [("source/a.md", "3"), ("source/a.md", "10")]  # two alerts, one entry
    assert "markdown-text" not in warning.flags  # shown as text, never as Markdown
    assert [e.msgid for e in po] == ["Safety", "Warning", "Hot water burns.", "Tip", "Drink water.", "Knives cut."]


def test_titled_and_deliberately_untitled_admonitions_have_no_label_entry():
    source = ':::note[Read me]\nBody.\n:::\n\n!!! warning "Mind"\n    Text.\n\n!!! danger ""\n    Bare.\n\n??? info\n    Folded.\n'
    kinds = [(s.kind, s.text) for s in segment.segment(source, "a.md").segments]
    assert ("label", "Info") in kinds  # ??? info: the page shows the type's name
    assert [text for kind, text in kinds if kind == "label"] == ["Info"]


def test_a_skipped_alert_keeps_its_english_label_and_has_no_entry():
    source = "<!-- i18n:skip -->\n> [!NOTE]\n> Keep me.\n\n> [!TIP]\n> Translate me.\n"
    assert [(s.kind, s.text) for s in segment.segment(source, "a.md").segments] == [
        ("label", "Tip"), ("block quote", "Translate me."),
    ]
    parsed = render.parse(source, "a.md")
    page = render.body(render.localize(parsed, {"Tip": "Consejo"}, render.language("es"), render.language("en")))
    assert '<strong class="alert">Note</strong> Keep me.' in page and '<strong class="alert">Consejo</strong>' in page


def test_translated_labels_show_on_the_spanish_page_and_in_its_text(tmp_path):
    root = project(tmp_path)
    translate(root, BODY | LABELS)
    dist = build(root)
    html = (dist / "es" / "a.html").read_text(encoding="utf-8")
    assert '<p><strong class="alert">Advertencia</strong> El agua caliente quema.</p>' in html
    assert '<aside class="admonition tip">\n<p class="admonition-title">Consejo</p>\n<p>Beba agua.</p>' in html
    assert "Warning" not in html and ">Tip<" not in html
    text = (dist / "es" / "a.txt").read_text(encoding="utf-8")
    assert "> Advertencia: El agua caliente quema." in text and "| Consejo\n|\n| Beba agua." in text
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"]["a"]["es"]["status"] == "complete"
    english = (dist / "en" / "a.html").read_text(encoding="utf-8")
    assert '<strong class="alert">Warning</strong>' in english and '<p class="admonition-title">Tip</p>' in english


def test_an_untranslated_label_shows_the_english_marked_as_english(tmp_path):
    root = project(tmp_path)
    translate(root, BODY)
    dist = build(root)
    html = (dist / "es" / "a.html").read_text(encoding="utf-8")
    assert '<p><strong class="alert" lang="en">Warning</strong> El agua caliente quema.</p>' in html
    assert '<p class="admonition-title" lang="en">Tip</p>' in html
    assert "> Warning: El agua caliente quema." in (dist / "es" / "a.txt").read_text(encoding="utf-8")
    page = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["documents"]["a"]["es"]
    assert (page["status"], page["segments"]["untranslated"]) == ("partial", 2)  # a label is a segment like any other


def test_a_hostile_label_translation_is_shown_as_text(tmp_path):
    root = project(tmp_path)
    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    translate(root, BODY | {"Warning": hostile, "Tip": hostile})
    html = (build(root) / "es" / "a.html").read_text(encoding="utf-8")
    assert "<img" not in html and "<script>alert" not in html and "onerror=\"" not in html
    assert '<strong class="alert">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;' in html
    assert '<p class="admonition-title">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;' in html


def test_the_memory_fills_a_label_translated_in_another_document(tmp_path):
    root = project(tmp_path)
    translate(root, LABELS)
    (root / "source" / "b.md").write_text("> [!WARNING]\n> Sharp edges.\n\n:::tip[Own title]\nBody.\n:::\n", encoding="utf-8")
    result = run(root, "extract")
    assert result.exit_code == 0, result.output
    other = catalog(root, "b")
    assert (other.find("Warning").msgstr, other.find("Warning").fuzzy) == ("Advertencia", False)
    assert other.find("Tip") is None  # a titled admonition shows its title, not its type


def test_the_markdown_output_leaves_labels_to_the_site_generator(tmp_path):
    root = project(tmp_path, 'formats = ["html", "markdown"]\n')
    translate(root, BODY)
    before = (build(root) / "markdown" / "es" / "a.md").read_text(encoding="utf-8")
    translate(root, LABELS)
    after = (build(root) / "markdown" / "es" / "a.md").read_text(encoding="utf-8")
    assert after == before
    assert "> [!WARNING]\n> El agua caliente quema.\n" in after and ":::tip\nBeba agua.\n:::" in after
    assert "Advertencia" not in after and "Consejo" not in after


def test_a_markdown_only_page_counts_no_label_but_stats_do(tmp_path):
    root = project(tmp_path, 'formats = ["markdown"]\n')
    translate(root, BODY)
    page = json.loads((build(root) / "manifest.json").read_text(encoding="utf-8"))["documents"]["a"]["es"]
    assert (page["status"], page["segments"]["untranslated"]) == ("complete", 0)  # no file of the page shows a label
    result = run(root, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.output)[0]
    assert (row["untranslated"], row["untranslated_words"]) == (2, 2)  # "Warning", "Tip": one word each, still work


def test_a_label_may_stay_the_same_word_without_an_unchanged_warning(tmp_path):
    source = ":::info\nSee below.\n:::\n\nInfo\n"
    root = project(tmp_path, "", '["de"]', source)
    translate(root, {"Info": "Info", "See below.": "Siehe unten."}, locale="de")
    result = run(root, "check")
    assert "[unchanged]" in result.output  # the paragraph "Info" shares the entry: it is text too
    (root / "source" / "a.md").write_text(":::info\nSee below.\n:::\n", encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert "[unchanged]" not in result.output
    po = catalog(root, locale="de")
    assert po.find("Info").msgstr == "Info" and po.find("Info").comment.startswith("label")


def test_pseudo_localized_labels_pass_the_gate_and_show_on_the_pseudo_page(tmp_path):
    root = project(tmp_path)
    result = run(root, "pseudo")
    assert result.exit_code == 0, result.output
    assert "check: no errors in the pseudo catalogs (0 warning(s))" in result.output
    html = (root / "pseudo" / "dist" / "en_XA" / "a.html").read_text(encoding="utf-8")
    po = polib.pofile(str(root / "pseudo" / "locales" / "en_XA" / "LC_MESSAGES" / "a.po"))
    assert po.find("Tip").msgstr and po.find("Tip").msgstr != "Tip"
    assert f'<p class="admonition-title">{po.find("Tip").msgstr}</p>' in html


def test_a_regional_page_shows_its_parents_label_marked_with_its_language():
    parsed = render.parse("> [!TIP]\n> Drink.\n\n:::note\nRest.\n:::\n", "a.md")
    es, mx, en = render.language("es"), render.language("es_MX"), render.language("en")
    page = render.localize(parsed, {"Drink.": "Tome.", "Note": "Nota"}, mx, en, [(es, {"Tip": "Consejo"})])
    html = render.body(page)
    assert '<strong class="alert" lang="es">Consejo</strong> Tome.' in html
    assert '<p class="admonition-title">Nota</p>' in html
    assert (page.inherited, page.fallbacks) == (1, 1)  # the tip's label from es; "Rest." in English


def test_a_label_on_a_right_to_left_page_in_english_is_set_left_to_right():
    parsed = render.parse(":::danger\nHot.\n:::\n", "a.md")
    html = render.body(render.localize(parsed, {"Hot.": "ساخن."}, render.language("ar"), render.language("en")))
    assert '<p class="admonition-title" dir="ltr" lang="en">Danger</p>' in html


def test_nested_untitled_admonitions_each_have_their_label_and_share_its_entry():
    source = "!!! note\n    !!! tip\n        !!! note\n            Deep.\n"
    assert [(s.kind, s.text) for s in segment.segment(source, "a.md").segments] == [
        ("label", "Note"), ("label", "Tip"), ("label", "Note"), ("admonition", "Deep."),
    ]
    html = render.body(render.localize(render.parse(source, "a.md"), {"Note": "Nota", "Tip": "Consejo"}, render.language("es"), render.language("en")))
    assert html.count('<p class="admonition-title">Nota</p>') == 2 and '<p class="admonition-title">Consejo</p>' in html
