"""The configuration: where it is read from, what it accepts, and what it refuses with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from locflow.config import Config, load_config, parse_config, validate_locale
from locflow.errors import ConfigError


def write(root: Path, text: str, name: str = "locflow.toml") -> Path:
    (root / name).write_text(text, encoding="utf-8")
    return root


def test_defaults_fill_every_key_but_locales(tmp_path):
    config = load_config(write(tmp_path, 'locales = ["es", "zh_Hans"]\n'))
    assert config == Config(root=tmp_path.resolve(), locales=("es", "zh_Hans"))
    assert (config.source_locale, config.source_dir, config.locales_dir, config.dist_dir) == ("en", "source", "locales", "dist")
    assert (config.text_width, config.front_matter_keys, config.min_complete, config.template) == (72, ("title", "description"), 50, None)


def test_pyproject_tool_locflow_is_read_when_there_is_no_locflow_toml(tmp_path):
    write(tmp_path, '[project]\nname = "site"\n\n[tool.locflow]\nlocales = ["ar"]\ntext_width = 0\n', "pyproject.toml")
    config = load_config(tmp_path)
    assert (config.file, config.locales, config.text_width) == ("pyproject.toml", ("ar",), 0)


def test_locflow_toml_wins_over_pyproject(tmp_path):
    write(tmp_path, '[tool.locflow]\nlocales = ["ar"]\n', "pyproject.toml")
    write(tmp_path, 'locales = ["es"]\n')
    assert load_config(tmp_path).locales == ("es",)


def test_paths_are_built_from_one_string_per_document(tmp_path):
    config = load_config(write(tmp_path, 'locales = ["es"]\nsource_dir = "content/en"\n'))
    root = tmp_path.resolve()
    assert config.source_path("a/b") == root / "content/en/a/b.md"
    assert config.template_path("a/b") == root / "locales/a/b.pot"
    assert config.catalog_path("es", "a/b") == root / "locales/es/LC_MESSAGES/a/b.po"
    assert config.relative(root / "locales" / "x.po") == "locales/x.po"


def test_placeholder_patterns_are_compiled_once(tmp_path):
    config = load_config(write(tmp_path, 'locales = ["es"]\nplaceholder_patterns = ["XX+", "\\\\[tbd\\\\]"]\n'))
    assert [p.pattern for p in config.compiled_patterns] == ["XX+", "\\[tbd\\]"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "locflow.toml: missing key 'locales'"),
        ('locales = ["es"]\ncolour = "red"\n', "locflow.toml: unknown key 'colour'"),
        ('locales = "es"\n', "locflow.toml: locales must be a list of strings, not str"),
        ('locales = ["es", "es"]\n', "locflow.toml: locales: a locale is listed twice"),
        ('locales = ["en"]\n', "locflow.toml: locales: 'en' is the source locale; list only target locales"),
        ('locales = ["es"]\ntext_width = 10\n', "locflow.toml: text_width must be 0 (no wrapping) or at least 20, not 10"),
        ('locales = ["es"]\ntext_width = true\n', "locflow.toml: text_width must be a int, not bool"),
        ('locales = ["es"]\nmin_complete = 101\n', "locflow.toml: min_complete must be between 0 and 100, not 101"),
        ('locales = ["es"]\nsource_dir = "../elsewhere"\n', "locflow.toml: source_dir must be a folder inside the project"),
        ('locales = ["es"]\nplaceholder_patterns = ["("]\n', "locflow.toml: placeholder_patterns: '(' is not a valid regular expression"),
        ("locales = [\n", "locflow.toml: invalid TOML"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(tmp_path, text, message):
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    assert str(raised.value).startswith(message)


def test_a_folder_without_configuration_says_what_to_create(tmp_path):
    with pytest.raises(ConfigError, match=r"no locflow.toml \(or \[tool.locflow\] in pyproject.toml\); create one"):
        load_config(tmp_path)


@pytest.mark.parametrize("code", ["es", "pt_BR", "zh_Hans", "sr_Latn_RS", "ca@valencia", "es_419"])
def test_gettext_locale_codes_that_babel_knows_are_valid(code):
    assert validate_locale(code, "here") == code


@pytest.mark.parametrize(
    ("code", "stored"),
    [("pt-BR", "pt_BR"), ("zh-Hans", "zh_Hans"), ("zh_hans", "zh_Hans"), ("ES", "es"), ("sr-Latn-RS", "sr_Latn_RS"),
     ("es-419", "es_419"), ("en_US.UTF-8", "en_US")],
)
def test_bcp47_and_loose_spellings_are_stored_in_gettext_form(code, stored):
    assert validate_locale(code, "here") == stored


def test_a_locale_list_in_bcp47_spelling_is_read_in_gettext_form(tmp_path):
    assert load_config(write(tmp_path, 'locales = ["pt-BR", "zh-Hans"]\n')).locales == ("pt_BR", "zh_Hans")


@pytest.mark.parametrize(
    ("code", "suggestion"),
    [("french", "'fr' (French)"), ("spanish", "'es' (Spanish)"), ("espanol", "'es' (Spanish)"),
     ("Español", "'es' (Spanish)"), ("zh_hnas", "'zh_Hans' (Chinese (Simplified))"),
     ("brazilian portuguese", "'pt_BR' (Portuguese (Brazil))")],
)
def test_a_language_name_or_a_typo_gets_the_nearest_code(code, suggestion):
    with pytest.raises(ConfigError) as raised:
        validate_locale(code, "here")
    assert str(raised.value).endswith(f"did you mean {suggestion}?")


@pytest.mark.parametrize("code", ["../es", "zz", "zh_Hnas", "", 7])
def test_other_locale_codes_are_refused(code):
    with pytest.raises(ConfigError, match="^here: "):
        validate_locale(code, "here")


def test_parse_config_takes_a_settings_table(tmp_path):
    config = parse_config(tmp_path, "pyproject.toml", {"locales": ["es"], "do_not_translate": ["Mayo Clinic"]})
    assert (config.file, config.do_not_translate) == ("pyproject.toml", ("Mayo Clinic",))
