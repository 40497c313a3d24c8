"""`locflow pseudo`: pseudo-locales that pass the gate, keep what Markdown needs, and never touch real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from helpers import snapshot
from locflow import pseudo
from locflow.cli import cli

DOC = "trigger-point-injections"
ROOT = Path(__file__).resolve().parent.parent


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), "pseudo", *args])


def msgstrs(project: Path, locale: str, doc: str = DOC) -> dict[str, str]:
    po = polib.pofile(str(project / "pseudo" / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"))
    return {entry.msgid: entry.msgstr for entry in po}


def test_the_shipped_project_pseudo_catalogs_pass_the_gate_and_leave_real_files_alone(shipped):
    before = snapshot(shipped)
    result = run(shipped)
    assert result.exit_code == 0, result.output
    assert "check: no errors in the pseudo catalogs (0 warning(s))" in result.output
    after = snapshot(shipped)
    assert {path: data for path, data in after.items() if not path.startswith("pseudo/")} == before
    for locale in pseudo.LOCALES:
        for name in (f"locales/{locale}/LC_MESSAGES/{DOC}.po", f"dist/{locale}/{DOC}.html", f"dist/{locale}/{DOC}.txt"):
            assert f"pseudo/{name}" in after
    # `locflow check` itself agrees, run on the pseudo project as the gate sees it.
    check = CliRunner().invoke(cli, ["-C", str(shipped), "check", "--format", "json"])
    assert check.exit_code == 1  # the real catalogs and the source's filler still fail, as before


def test_the_benchmark_corpus_pseudo_catalogs_pass_the_gate(tmp_path):
    out = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), "--docs", "40", "--seed", "3", "--locales", "es",
         "--out", str(out), "--no-catalogs"],
        check=True, capture_output=True,
    )
    result = run(out, "-j", "2")
    assert result.exit_code == 0, result.output
    assert "40 document(s) in en_XA and ar_XB" in result.output
    assert "no errors in the pseudo catalogs" in result.output


MARKDOWN = """\
---
title: Care after a "nerve block"
---

# Call {{ clinic_phone }} or %(name)s

Read `ice --hours 24` and [the guide](https://example.org/after-care "After care") for 2 days,
or see [our team][team] and [Care].

Write to care@example.org, visit <https://example.org/a_b> or www.example.org. &copy; 2024 <b>Bold</b> \\*not emphasis\\*.

Ask the Spine Institute about 15-20 minutes and 0.5 ml.

[team]: https://example.org/team
[care]: https://example.org/care
"""


@pytest.mark.parametrize("locale", pseudo.LOCALES)
def test_pseudo_translations_keep_code_links_placeholders_names_and_numbers(tmp_path, locale):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\ndo_not_translate = ["Spine Institute"]\n', encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert "no errors in the pseudo catalogs" in result.output
    texts = msgstrs(tmp_path, locale, "a")
    joined = "\n".join(texts.values())
    for kept in (
        "{{ clinic_phone }}", "%(name)s", "`ice --hours 24`", '](https://example.org/after-care "After care")',
        "][team]", "[Care]", "care@example.org", "<https://example.org/a_b>", "www.example.org", "&copy;",
        "<b>", "</b>", "\\*", "Spine Institute", "15-20", "0.5", "2024",
    ):
        assert kept in joined, kept
    for msgid, msgstr in texts.items():
        assert msgstr != msgid
    assert "the guide" not in joined and "Bold" not in joined  # link text and HTML text are translated
    assert not any(char in joined for char in "\u202a\u202b\u202c\u202d\u202e")  # marks only, no overrides


def test_the_accented_page_shows_english_a_custom_template_hard_codes(shipped):
    template = shipped / "page.html"
    template.write_text(
        '<!DOCTYPE html>\n<html lang="{{ lang }}" dir="{{ dir }}">\n<head><title>{{ title }}</title></head>\n'
        "<body><nav>Contact us</nav>\n<main>{{ body }}</main></body>\n</html>\n",
        encoding="utf-8",
    )
    config = shipped / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'template = "page.html"\n', encoding="utf-8")
    assert run(shipped).exit_code == 0
    page = (shipped / "pseudo" / "dist" / "en_XA" / f"{DOC}.html").read_text(encoding="utf-8")
    assert "<nav>Contact us</nav>" in page  # the hard-coded English stands out among bracketed text
    assert '<h1 id="trigger-point-injections">⟦Ţŕîĝĝéŕ Þöîñţ Îñĵéçţîöñš' in page and '<html lang="en-XA" dir="ltr">' in page
    mirrored = (shipped / "pseudo" / "dist" / "ar_XB" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<html lang="ar-XB" dir="rtl">' in mirrored


def test_pseudo_removes_files_of_a_document_that_is_gone_and_refuses_real_folders(shipped):
    extra = shipped / "source" / "extra.md"
    extra.write_text("# Extra\n", encoding="utf-8")
    assert run(shipped).exit_code == 0
    assert (shipped / "pseudo" / "dist" / "en_XA" / "extra.html").is_file()
    extra.unlink()
    result = run(shipped)
    assert result.exit_code == 0 and "6 removed" in result.output
    assert not (shipped / "pseudo" / "dist" / "en_XA" / "extra.html").exists()
    for out in ("locales", "dist", ".", "../elsewhere"):
        refused = run(shipped, "--out", out)
        assert refused.exit_code == 2 and "Error: --out" in refused.output, out
