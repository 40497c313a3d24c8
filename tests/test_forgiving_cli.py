"""The command line forgives what people type: locale spellings, where they stand, terminals without colour."""

from __future__ import annotations

import polib
import pytest

from helpers import run, snapshot

PO = "locales/{}/LC_MESSAGES/trigger-point-injections.po"


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
