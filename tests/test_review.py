"""`locflow review`: the review site of a project, block by block, safe, deterministic and tidy."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from click.testing import CliRunner

from helpers import snapshot
from locflow.cli import cli

DOC = "trigger-point-injections"
PO = "locales/{}/LC_MESSAGES/trigger-point-injections.po"
OLD = "The procedure typically takes 15-20 minutes."
NEW = "The procedure typically takes 20-30 minutes."


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), *args])


def page(project: Path, locale: str, doc: str = DOC) -> str:
    return (project / "review" / locale / f"{doc}.html").read_text(encoding="utf-8")


def rows(html: str) -> list[str]:
    return re.findall(r'<li class="row[^"]*"[^>]*>.*?</li>\n(?=<li class="row|</ol>)', html, re.DOTALL)


def test_the_shipped_project_review_shows_every_block_with_its_status_language_and_place(shipped):
    result = run(shipped, "review")
    assert result.exit_code == 0, result.output
    assert "1 document(s) in 3 locale(s): 7 page(s) written" in result.output
    for locale, lang, direction in (("es", "es", "ltr"), ("ar", "ar", "rtl"), ("zh_Hans", "zh-Hans", "ltr")):
        html = page(shipped, locale)
        blocks = rows(html)
        assert len(blocks) == 34
        assert sum('data-status="filler"' in row for row in blocks) == 8
        assert all('<div class="source" lang="en" dir="ltr">' in row for row in blocks)
        translated = [row for row in blocks if 'data-status="translated"' in row]
        assert len(translated) == 26
        assert all(f'<div class="target" lang="{lang}" dir="{direction}">' in row for row in translated)
        assert f"locales/{locale}/LC_MESSAGES/{DOC}.po:18" in blocks[0]  # the .po file and the msgid's line
        assert f"source/{DOC}.md:2" in blocks[0]
        assert "[source-placeholder]" in html and "Sign-off" in html and "<script" not in html
    index = (shipped / "review" / "es.html").read_text(encoding="utf-8")
    assert f'href="es/{DOC}.html"' in index and "75.8%" in index


def test_a_fuzzy_block_shows_a_word_diff_and_a_borrowed_translation_is_from_memory(shipped):
    source = shipped / "source" / f"{DOC}.md"
    text = source.read_text(encoding="utf-8").replace(OLD, NEW)
    text += "\nMost people are able to resume normal activities the same day.\n"
    source.write_text(text, encoding="utf-8")
    assert run(shipped, "extract").exit_code == 0
    # As a merge that borrows the closest translation still in use would leave it:
    po = polib.pofile(str(shipped / PO.format("es")))
    borrowed, lender = po.find("Most people are able to resume normal activities the same day."), po.find("What is it?")
    borrowed.msgstr, borrowed.previous_msgid = lender.msgstr, lender.msgid
    borrowed.flags.append("fuzzy")
    po.save(str(shipped / PO.format("es")))
    assert run(shipped, "review", "--locale", "es").exit_code == 0
    blocks = rows(page(shipped, "es"))
    fuzzy = [row for row in blocks if 'data-status="fuzzy"' in row]
    assert len(fuzzy) == 1
    assert "typically takes <del>15</del><ins>20</ins>-<del>20</del><ins>30</ins> minutes.</div>" in fuzzy[0]
    assert "[fuzzy]" in fuzzy[0] and "in-2" in fuzzy[0]
    memory = [row for row in blocks if 'data-status="from memory"' in row]
    assert len(memory) == 1 and "¿Qué es?" in memory[0] and "<del>What</del>" in memory[0]


def test_translations_reach_the_review_page_as_text_never_as_code(shipped):
    po_path = shipped / PO.format("es")
    po = polib.pofile(str(po_path))
    entry = po.find("What is it?")
    entry.msgstr = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
    po.save(str(po_path))
    assert run(shipped, "review", "--locale", "es").exit_code == 0
    html = page(shipped, "es")
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html and "'unsafe-inline'" not in html.split("script-src")[1].split(";")[0]


def test_review_is_deterministic_writes_only_changes_and_removes_what_is_gone(shipped):
    assert run(shipped, "review").exit_code == 0
    first = snapshot(shipped / "review")
    again = run(shipped, "review")
    assert again.exit_code == 0 and "0 page(s) written, 0 removed" in again.output
    assert snapshot(shipped / "review") == first
    extra = shipped / "source" / "guides" / "extra.md"
    extra.parent.mkdir()
    extra.write_text("# Extra\n", encoding="utf-8")
    assert run(shipped, "review").exit_code == 0
    assert 'href="../../es.html"' in page(shipped, "es", "guides/extra")
    extra.unlink()
    result = run(shipped, "review", "--locale", "es")
    assert result.exit_code == 0 and "1 removed" in result.output
    assert (shipped / "review" / "ar" / "guides" / "extra.html").is_file()  # not reviewed now: left as it was
    assert not (shipped / "review" / "es" / "guides" / "extra.html").exists()


def test_review_refuses_to_write_into_dist_or_the_catalogs(shipped):
    for out in ("dist", "locales/es", "."):
        result = run(shipped, "review", "--out", out)
        assert result.exit_code == 2 and "Error: --out" in result.output, out
