"""Real gettext tools as clients: GNU gettext, Poedit- and Weblate-style edits, Translate Toolkit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from translate.storage import po as ttk_po

from locflow.cli import cli

PO = "locales/es/LC_MESSAGES/trigger-point-injections.po"


def written_files(project: Path) -> list[Path]:
    return sorted(p for p in (project / "locales").rglob("*") if p.suffix in (".po", ".pot"))


def semantic(entries) -> list[tuple]:
    """What a catalog means: everything but layout, and flags GNU tools do not know."""
    return [
        (e.obsolete, e.msgctxt, e.msgid, e.msgstr, e.fuzzy, e.previous_msgid, e.tcomment, e.comment, e.occurrences)
        for e in entries
    ]


@pytest.fixture
def changed(shipped: Path) -> Path:
    """The shipped project after a source edit: fuzzy, obsolete and new entries in every catalog."""
    source = shipped / "source" / "trigger-point-injections.md"
    text = source.read_text(encoding="utf-8")
    text = text.replace("for 24 hours.", "for 48 hours.").replace("### What is it?\n", "### What is it exactly?\n")
    text = text.replace("- Stay hydrated and maintain a balanced routine to prevent muscle tightness\n", "")
    source.write_text(text + "\nNew closing paragraph.\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["-C", str(shipped), "extract"]).exit_code == 0
    po = polib.pofile(str(shipped / PO))
    assert any(e.fuzzy for e in po) and any(e.obsolete for e in po)
    return shipped


def test_every_written_file_passes_msgfmt_check(changed, msgfmt):
    for path in written_files(changed):
        result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, f"{path}: {result.stderr}"


def test_msgcat_reads_the_same_entries(changed, msgcat):
    for path in written_files(changed):
        output = subprocess.run([msgcat, "--no-wrap", str(path)], capture_output=True, text=True, check=True).stdout
        assert semantic(polib.pofile(output)) == semantic(polib.pofile(str(path))), path


def test_translate_toolkit_parses_every_file(changed):
    for path in written_files(changed):
        store = ttk_po.pofile(path.read_bytes())
        ours = [e for e in polib.pofile(str(path)) if not e.obsolete]
        theirs = [u for u in store.units if not u.isheader() and not u.isobsolete()]
        assert [u.source for u in theirs] == [e.msgid for e in ours], path
        assert [u.target for u in theirs] == [e.msgstr for e in ours], path
        assert [u.isfuzzy() for u in theirs] == [e.fuzzy for e in ours], path


POEDIT_STYLE = '''\
# Spanish translation of trigger-point-injections.
# Reviewed by the clinic's translator, 2026.
msgid ""
msgstr ""
"Project-Id-Version: trigger-point-injections\\n"
"PO-Revision-Date: 2026-11-20 10:00+0100\\n"
"Last-Translator: Ana <ana@example.org>\\n"
"Language-Team: Spanish\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"X-Generator: Poedit 3.4\\n"

# Keep "Procedimiento" capitalized, as on the clinic's site.
#. heading 2
#: source/trigger-point-injections.md:8
#, markdown-text
msgid "Information about the Procedure"
msgstr "Información sobre el Procedimiento"

#. paragraph
#: source/trigger-point-injections.md:12
#, markdown-text
msgid ""
"This treatment is commonly used in areas such as the neck, shoulders, back, "
"and hips, and can be a valuable part of a broader pain management or "
"physical therapy plan."
msgstr ""
"Este tratamiento se utiliza con frecuencia en zonas como el cuello, los "
"hombros, la espalda y las caderas."

msgctxt "navigation"
msgid "Aftercare"
msgstr "Cuidados"

msgid "One visit"
msgid_plural "%d visits"
msgstr[0] "Una visita"
msgstr[1] "%d visitas"

#~| msgid "Old heading"
#~ msgid "Older heading"
#~ msgstr "Encabezado antiguo"
'''


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_catalog_edited_in_poedit_or_weblate_loses_nothing(shipped, newline, bom):
    path = shipped / PO
    path.write_bytes(bom + POEDIT_STYLE.replace("\n", newline).encode("utf-8"))
    result = CliRunner().invoke(cli, ["-C", str(shipped), "extract"])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(path))
    heading = po.find("Information about the Procedure")
    assert heading.msgstr == "Información sobre el Procedimiento"
    assert heading.tcomment == 'Keep "Procedimiento" capitalized, as on the clinic\'s site.'
    paragraph = next(e for e in po if e.msgid.startswith("This treatment is commonly used"))
    assert paragraph.msgstr.startswith("Este tratamiento se utiliza con frecuencia")
    obsolete = {(e.msgctxt, e.msgid): e for e in po if e.obsolete}
    assert obsolete[("navigation", "Aftercare")].msgstr == "Cuidados"
    assert obsolete[(None, "One visit")].msgstr_plural == {0: "Una visita", 1: "%d visitas"}
    assert obsolete[(None, "Older heading")].msgstr == "Encabezado antiguo"
    assert po.header.startswith("Spanish translation of trigger-point-injections.\nReviewed by")
    assert po.metadata["Last-Translator"] == "Ana <ana@example.org>"
    assert b"\r\n" not in path.read_bytes()


def test_a_catalog_in_a_declared_legacy_charset_is_read_and_rewritten_as_utf8(shipped):
    path = shipped / PO
    latin = POEDIT_STYLE.replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_bytes(latin.encode("latin-1"))
    assert CliRunner().invoke(cli, ["-C", str(shipped), "extract"]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "charset=UTF-8" in text
    assert 'msgstr "Información sobre el Procedimiento"' in text


def test_msgmerge_output_is_read_without_loss(changed, tmp_path):
    msgmerge = shutil.which("msgmerge")
    assert msgmerge, "GNU gettext's msgmerge is required"
    path = changed / PO
    before = {e.msgstr for e in polib.pofile(str(path)) if e.msgstr}
    merged = tmp_path / "merged.po"
    subprocess.run(
        [msgmerge, "--quiet", "-o", str(merged), str(path), str(changed / "locales/trigger-point-injections.pot")],
        check=True,
    )
    shutil.copy(merged, path)
    result = CliRunner().invoke(cli, ["-C", str(changed), "extract"])
    assert result.exit_code == 0, result.output
    after = polib.pofile(str(path))
    assert before <= {e.msgstr for e in after if e.msgstr}
    assert all("markdown-text" in e.flags for e in after if not e.obsolete and not e.comment.startswith("front matter"))
