"""The command line forgives what people type: locale spellings, where they stand, terminals without colour."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from helpers import run, snapshot
from locflow import cli as cli_module
from locflow.cli import cli

PO = "locales/{}/LC_MESSAGES/trigger-point-injections.po"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- locale codes in either spelling --------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [("pt-BR", "pt_BR"), ("PT_br", "pt_BR"), ("fr-CA", "fr_CA")])
def test_init_takes_the_bcp47_spelling_and_stores_the_gettext_one(shipped, typed, stored):
    result = run(shipped, "init", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{stored}: 33 segments to translate")
    assert f'"zh_Hans", "{stored}"]' in (shipped / "locflow.toml").read_text()
    assert polib.pofile(str(shipped / PO.format(stored))).metadata["Language"] == stored


def test_init_of_a_locale_the_project_has_in_the_other_spelling_changes_nothing(shipped):
    run(shipped, "extract")
    before = snapshot(shipped)
    result = run(shipped, "init", "zh-Hans")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("zh_Hans: 33 segments")
    assert snapshot(shipped) == before


def test_init_writes_only_the_new_locale_and_the_templates(shipped):
    run(shipped, "extract")
    (shipped / "source" / "trigger-point-injections.md").open("a").write("\nA new closing line.\n")
    before = snapshot(shipped)
    assert run(shipped, "init", "fr").exit_code == 0
    after = snapshot(shipped)
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert changed == ["locales/fr/LC_MESSAGES/trigger-point-injections.po", "locales/trigger-point-injections.pot", "locflow.toml"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("french", "Error: locale: 'french' is not a locale code; did you mean 'fr' (French)?\n"),
        ("spanish", "Error: locale: 'spanish' is not a locale code; did you mean 'es' (Spanish)?\n"),
        ("espanol", "Error: locale: 'espanol' is not a locale code; did you mean 'es' (Spanish)?\n"),
        ("zh_hnas", "Error: locale: unknown locale 'zh_hnas'; did you mean 'zh_Hans' (Chinese (Simplified))?\n"),
        ("zz", "Error: locale: unknown locale 'zz'; codes look like 'es', 'pt_BR' or 'pt-BR', 'zh_Hans' or 'zh-Hans'\n"),
    ],
)
def test_init_suggests_the_nearest_code_and_writes_nothing(shipped, typed, message):
    before = snapshot(shipped)
    result = run(shipped, "init", typed)
    assert (result.exit_code, result.stderr) == (2, message)
    assert snapshot(shipped) == before


@pytest.mark.parametrize("command", ["extract", "build", "check", "stats"])
def test_every_locale_option_takes_the_bcp47_spelling(shipped, command):
    result = run(shipped, command, "--locale", "zh-Hans")
    assert result.exit_code in (0, 1), result.output
    assert "Error" not in result.output


def test_a_locale_the_project_lacks_suggests_an_init_that_works(shipped):
    result = run(shipped, "build", "--locale", "pt-BR")
    assert result.exit_code == 2
    assert "add it with `locflow init pt_BR`" in result.stderr
    assert run(shipped, "init", "pt_BR").exit_code == 0
    assert run(shipped, "build", "--locale", "pt-BR").exit_code == 0


def test_a_language_name_given_to_locale_gets_a_suggestion(shipped):
    result = run(shipped, "stats", "--locale", "arabic")
    assert result.exit_code == 2
    assert result.stderr == "Error: --locale arabic: 'arabic' is not a locale code; did you mean 'ar' (Arabic)?\n"


# --- extract --locale ------------------------------------------------------------


def test_extract_with_locale_updates_only_that_locales_catalogs(shipped):
    run(shipped, "extract")
    source = shipped / "source" / "trigger-point-injections.md"
    source.write_text(source.read_text() + "\nA new closing line.\n")
    before = snapshot(shipped)
    result = run(shipped, "extract", "--locale", "es")
    assert result.exit_code == 0, result.output
    after = snapshot(shipped)
    changed = sorted(path for path in after if before.get(path) != after[path])
    assert changed == [PO.format("es"), "locales/trigger-point-injections.pot"]
    assert "  es: 1 new" in result.stdout and "ar:" not in result.stdout


def test_a_full_extract_after_a_partial_one_updates_the_catalogs_left_out(shipped):
    run(shipped, "extract")
    source = shipped / "source" / "trigger-point-injections.md"
    source.write_text(source.read_text() + "\nA new closing line.\n")
    assert run(shipped, "extract", "--locale", "es").exit_code == 0
    assert run(shipped, "extract", "--locale", "es").stdout.startswith("1 document(s)")  # from the cache
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert "  ar: 1 new" in result.stdout and "  zh_Hans: 1 new" in result.stdout and "  es: 0 new" in result.stdout
    for locale in ("es", "ar", "zh_Hans"):
        assert 'msgid "A new closing line."' in (shipped / PO.format(locale)).read_text()
    again = run(shipped, "extract")
    assert "0 file(s) written" in again.stdout


# --- the project is found upward; paths are printed as seen from where you stand ---------


def test_a_command_run_in_a_subfolder_finds_the_project_above(shipped, monkeypatch):
    monkeypatch.chdir(shipped / "locales" / "es")
    result = CliRunner().invoke(cli, ["stats", "--locale", "es"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].split()[:2] == ["es", "trigger-point-injections"]


def test_minus_c_is_searched_upward_from_too(shipped):
    result = run(shipped / "source", "stats")
    assert result.exit_code == 0, result.output


def test_a_pyproject_without_a_locflow_table_does_not_stop_the_search(shipped, monkeypatch):
    package = shipped / "tools" / "package"
    package.mkdir(parents=True)
    (package / "pyproject.toml").write_text('[project]\nname = "helper"\n')
    monkeypatch.chdir(package)
    assert CliRunner().invoke(cli, ["stats"]).exit_code == 0


def test_a_pyproject_with_a_locflow_table_is_a_project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.locflow]\nlocales = ["es"]\n')
    (tmp_path / "source" / "deep").mkdir(parents=True)
    (tmp_path / "source" / "deep" / "a.md").write_text("# Hello\n")
    monkeypatch.chdir(tmp_path / "source" / "deep")
    result = CliRunner().invoke(cli, ["extract"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales" / "es" / "LC_MESSAGES" / "deep" / "a.po").is_file()


def test_no_project_up_to_the_root_says_so(tmp_path):
    result = run(tmp_path, "build")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path.resolve()}: no locflow.toml (or [tool.locflow] in pyproject.toml) here or in any folder above")


def test_check_in_a_translators_folder_prints_paths_from_there(shipped, monkeypatch):
    edit(shipped / PO.format("es"), 'msgstr "¿Qué es?"', 'msgstr ""')
    monkeypatch.chdir(shipped / "locales" / "es")
    result = CliRunner().invoke(cli, ["check", "--locale", "es"])
    assert result.exit_code == 1
    untranslated = [line for line in result.stdout.splitlines() if "[untranslated]" in line]
    assert len(untranslated) == 1 and untranslated[0].startswith("LC_MESSAGES/trigger-point-injections.po:")
    assert "../../source/trigger-point-injections.md:24: error: placeholder text" in result.stdout
    # JSON keeps the project's paths: records do not depend on where a command ran
    data = json.loads(CliRunner().invoke(cli, ["check", "--locale", "es", "--format", "json"]).stdout)
    assert {f["file"] for f in data["findings"] if f["check"] == "untranslated"} == {PO.format("es")}


def test_warnings_and_errors_name_files_from_where_you_stand(shipped, monkeypatch):
    monkeypatch.chdir(shipped / "source")
    result = CliRunner().invoke(cli, ["extract"])
    assert "warning: trigger-point-injections.md:24: placeholder text" in result.stderr
    (shipped / PO.format("ar")).write_text('msgid "x"\nmsgstr "y\n')
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: ../{PO.format('ar')}:")
    assert "Traceback" not in result.output


# --- check: totals per locale, then the entries -------------------------------------------


def test_check_on_a_new_locale_counts_its_untranslated_entries(shipped):
    assert run(shipped, "init", "fr").exit_code == 0
    result = run(shipped, "check", "--locale", "fr")
    lines = result.stdout.splitlines()
    assert lines[0] == "fr: 25 untranslated (534 words); run with -v to list the untranslated ones"
    assert not any("[untranslated]" in line for line in lines)
    assert lines[-1] == "33 errors, 0 warnings in 2 files (2 files checked)"
    verbose = run(shipped, "check", "--locale", "fr", "-v").stdout.splitlines()
    listed = [line for line in verbose if line.endswith("[untranslated]")]
    assert len(listed) == 25
    assert listed[0].endswith(': no translation; translate it: "Trigger Point Injections" [untranslated]')
    assert verbose[0] == "fr: 25 untranslated (534 words)"


def test_a_few_untranslated_entries_are_listed_with_their_english(shipped):
    edit(shipped / PO.format("es"), 'msgstr "¿Qué es?"', 'msgstr ""')
    lines = run(shipped, "check").stdout.splitlines()
    assert lines[0] == "es: 1 untranslated (3 words)"
    assert [line for line in lines if "[untranslated]" in line][0].endswith(
        ': no translation; translate it: "What is it?" [untranslated]'
    )


def test_extract_warnings_come_in_line_order(shipped):
    source = shipped / "source" / "trigger-point-injections.md"
    text = source.read_text()
    source.write_text(text.replace("# Trigger Point Injections", "# Trigger Point Injections\n\n<div onclick=x()>note</div>", 1))  # outside the allow-list
    result = run(shipped, "extract")
    lines = [int(line.split(":")[2]) for line in result.stderr.splitlines() if line.startswith("warning: source/")]
    assert len(lines) == 9 and lines == sorted(lines)


def test_check_findings_of_a_file_come_in_line_order(shipped):
    po = shipped / PO.format("es")
    edit(po, '"Language: es\\n"', '"Language: ar\\n"')  # a header finding, some lines down
    edit(po, 'msgid "What is it?"\nmsgstr "¿Qué es?"\n', "")  # the file as a whole is out of date
    found = json.loads(run(shipped, "check", "--locale", "es", "--format", "json").stdout)["findings"]
    lines = [f["line"] for f in found if f["file"] == PO.format("es")]
    assert lines == sorted(lines) and lines[0] == 0


# --- colour -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({"TERM": "xterm"}, True), ({"TERM": "dumb"}, False), ({"TERM": "xterm", "NO_COLOR": "1"}, False)],
)
def test_colour_on_a_terminal_unless_term_is_dumb_or_no_color(shipped, monkeypatch, env, coloured):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(cli_module, "is_terminal", lambda stream: True)
    result = CliRunner(env=env).invoke(cli, ["-C", str(shipped), "check"])
    assert ("\x1b[" in result.stdout) is coloured
