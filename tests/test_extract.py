"""`locflow extract`, `init` and `stats` end to end, through the command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from helpers import run, snapshot

DOC = "source/trigger-point-injections.md"
PO = "locales/{}/LC_MESSAGES/trigger-point-injections.po"


def entry(project: Path, locale: str, msgid: str) -> polib.POEntry:
    return polib.pofile(str(project / PO.format(locale))).find(msgid)


def test_extract_on_the_shipped_project_changes_no_byte(shipped):
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1 document(s), 33 segments, 570 source words; 0 file(s) written\n"
        "  es: 0 new (0 words), 0 changed (0 words), 0 removed (0 words)\n"
        "  ar: 0 new (0 words), 0 changed (0 words), 0 removed (0 words)\n"
        "  zh_Hans: 0 new (0 words), 0 changed (0 words), 0 removed (0 words)\n"
    )
    assert snapshot(shipped) == before


def test_extract_reports_new_changed_and_removed_segments(shipped):
    source = shipped / DOC
    text = source.read_text(encoding="utf-8")
    text = text.replace("for 24 hours.", "for 48 hours.")  # changed (one paragraph)
    text = text.replace("### Treatment Benefits\n", "### Treatment Benefits\n\nAsk about side effects.\n")  # new
    text = text.replace("- Massa bibendum\n", "")  # removed (untranslated filler)
    source.write_text(text, encoding="utf-8")
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert "  es: 1 new (4 words), 1 changed (73 words), 1 removed (2 words)\n" in result.stdout
    changed = entry(shipped, "es", next(e.msgid for e in polib.pofile(str(shipped / PO.format("es"))) if "48 hours." in e.msgid))
    assert changed.fuzzy and "24 hours." in changed.previous_msgid and "24 horas" in changed.msgstr


def test_extract_creates_templates_and_catalogs_that_msgfmt_accepts(shipped, msgfmt):
    for path in (shipped / "locales").rglob("*.po*"):
        path.unlink()
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert "  ar: 33 new (570 words)" in result.stdout
    written = sorted((shipped / "locales").rglob("*.po*"))
    assert len(written) == 4
    for path in written:
        check = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_shipped_catalogs_pass_msgfmt_check(msgfmt):
    root = Path(__file__).resolve().parent.parent / "locales"
    paths = sorted(root.rglob("*.po*"))
    assert len(paths) == 4
    for path in paths:
        check = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_extract_keeps_a_translators_layout_when_nothing_changed(shipped):
    path = shipped / PO.format("es")
    po = polib.pofile(str(path), wrapwidth=60)  # as Poedit or Weblate might wrap it
    po.header += "\nReviewed by the clinic."
    wrapped = str(po).encode("utf-8")
    path.write_bytes(wrapped)
    assert run(shipped, "extract").exit_code == 0
    assert path.read_bytes() == wrapped


def test_extract_in_parallel_writes_the_same_bytes(shipped, tmp_path):
    (shipped / "source" / "more").mkdir()
    for n in range(6):
        (shipped / "source" / "more" / f"page{n}.md").write_text(f"# Page {n}\n\nRest for {n} days.\n", encoding="utf-8")
    serial = tmp_path / "serial"
    subprocess.run(["cp", "-r", str(shipped), str(serial)], check=True)
    assert run(serial, "extract").exit_code == 0
    assert run(shipped, "extract", "-j", "2").exit_code == 0
    assert snapshot(shipped) == snapshot(serial)
    assert (shipped / "locales/zh_Hans/LC_MESSAGES/more/page3.po").is_file()


def test_invalid_utf8_source_exits_2_naming_file_and_line_and_writes_nothing(shipped):
    (shipped / "source" / "bad.md").write_bytes(b"# Fine\n\nCaf\xe9\n")
    (shipped / DOC).write_text("# Changed\n", encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr == "Error: source/bad.md:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n"
    assert snapshot(shipped) == before


def test_malformed_catalog_exits_2_and_no_catalog_is_written(shipped):
    (shipped / DOC).write_text((shipped / DOC).read_text(encoding="utf-8") + "\nNew paragraph.\n", encoding="utf-8")
    bad = shipped / PO.format("ar")
    bad.write_text(bad.read_text(encoding="utf-8") + '\nmsgid "x\nmsgstr ""\n', encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {PO.format('ar')}:")
    assert "malformed string" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(shipped) == before


def test_init_adds_a_locale_and_its_catalogs(shipped):
    result = run(shipped, "init", "pt_BR")
    assert result.exit_code == 0, result.output
    assert result.stdout == "pt_BR: 33 segments to translate (570 words); 1 file(s) written\n"
    assert 'locales = ["es", "ar", "zh_Hans", "pt_BR"]' in (shipped / "locflow.toml").read_text()
    po = polib.pofile(str(shipped / PO.format("pt_BR")))
    assert po.metadata["Language"] == "pt_BR"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")


def test_init_in_pyproject_keeps_the_rest_of_the_file(shipped):
    (shipped / "locflow.toml").unlink()
    pyproject = '[project]\nname = "site"\nlocales = ["unrelated"]\n\n[tool.locflow]\nlocales = [\n    "es",\n]\n'
    (shipped / "pyproject.toml").write_text(pyproject)
    result = run(shipped, "init", "fr")
    assert result.exit_code == 0, result.output
    assert (shipped / "pyproject.toml").read_text() == pyproject.replace('    "es",\n', '    "es",\n    "fr",\n')
    assert (shipped / PO.format("fr")).is_file()


@pytest.mark.parametrize(
    "code,message",
    [
        ("xx_INVALID", "Error: locale: 'xx_INVALID' is not a locale code"),
        ("../x", "Error: locale: '../x' is not a locale code"),
        ("xx", "Error: locale: unknown locale 'xx'"),
        ("en", "Error: 'en' is the source locale"),
    ],
)
def test_init_refuses_bad_locale_codes_and_writes_nothing(shipped, code, message):
    before = snapshot(shipped)
    result = run(shipped, "init", code)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert snapshot(shipped) == before


@pytest.mark.parametrize(
    "config,message",
    [
        ('locales = ["es"\n', "Error: locflow.toml: invalid TOML: "),
        ('locales = ["es"]\nlocale = "x"\n', "Error: locflow.toml: unknown key 'locale'"),
        ('locales = "es"\n', "Error: locflow.toml: locales must be a list of strings, not str"),
        ('locales = ["es"]\ntext_width = "72"\n', "Error: locflow.toml: text_width must be a int, not str"),
        ('locales = ["tlh"]\n', "Error: locflow.toml: locales: unknown locale 'tlh'"),
        ('source_dir = "x"\n', "Error: locflow.toml: missing key 'locales'"),
        ('locales = ["es"]\ndist_dir = "../public"\n', "Error: locflow.toml: dist_dir must be a folder inside the project"),
        ('locales = ["es"]\nplaceholder_patterns = ["("]\n', "Error: locflow.toml: placeholder_patterns: '(' is not a valid regular expression"),
    ],
)
def test_broken_config_exits_2_naming_file_and_key(shipped, config, message):
    (shipped / "locflow.toml").write_text(config)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output


def test_missing_config_and_missing_source_folder(tmp_path):
    result = run(tmp_path, "extract")
    assert result.exit_code == 2 and "no locflow.toml" in result.stderr
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\n')
    result = run(tmp_path, "extract")
    assert result.exit_code == 2
    assert result.stderr == "Error: source/: no such folder; put the English Markdown documents there\n"


def test_symlink_out_of_the_source_folder_is_refused(shipped, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n")
    (shipped / "source" / "link.md").symlink_to(outside)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: source/link.md: links outside source/")


def test_extract_warns_about_source_html_the_allow_list_removes(shipped):
    (shipped / "source" / "extra.md").write_text("# Extra\n\n<div>box</div>\n\n<div onclick=x()>no</div>\n", encoding="utf-8")
    result = run(shipped, "extract")
    assert result.exit_code == 0
    assert "warning: source/extra.md:5: HTML outside the allow-list is left out of pages\n" in result.stderr
    assert "extra.md:3" not in result.stderr


def test_stats_text_and_json(shipped):
    result = run(shipped, "stats")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "locale   document                  translated  fuzzy  untranslated  complete  words to translate",
        "es       trigger-point-injections          25      0             8     75.8%                  36",
        "ar       trigger-point-injections          25      0             8     75.8%                  36",
        "zh_Hans  trigger-point-injections          25      0             8     75.8%                  36",
    ]
    data = json.loads(run(shipped, "stats", "--format", "json").stdout)
    assert data[0] == {
        "locale": "es", "document": "trigger-point-injections", "segments": 33, "translated": 25, "fuzzy": 0,
        "untranslated": 8, "words": 570, "translated_words": 534, "fuzzy_words": 0, "untranslated_words": 36,
        "words_to_translate": 36, "percent_complete": 75.8,
    }


def test_extract_warns_about_placeholder_text_in_the_source(shipped):
    result = run(shipped, "extract")
    warnings = [line for line in result.stderr.splitlines() if "placeholder text" in line]
    assert [w.split(":")[2] for w in warnings] == ["24", "26", "28", "29", "30", "31", "33", "35"]
    assert warnings[0] == (
        'warning: source/trigger-point-injections.md:24: placeholder text (Lorem ipsum: lorem, ipsum): '
        '"Keypoint #1-Lorem Ipsum"; replace it before it is sent for translation'
    )
    (shipped / "source" / "todo.md").write_text("# Dosage\n\nTODO: confirm the dose with Dr. Ruiz.\n", encoding="utf-8")
    assert "source/todo.md:3: placeholder text" in run(shipped, "extract").stderr
