"""The configuration file: adding a locale keeps every other byte, and settings that would harm the project are refused."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
import tomlkit

from locflow import config
from locflow.errors import ConfigError, LocflowError


def project(tmp_path: Path, file: str, text: str) -> config.Config:
    (tmp_path / file).write_text(text, encoding="utf-8")
    return config.load_config(tmp_path)


def comments(text: str) -> list[str]:
    """Return every comment of a TOML text (from ``#`` to the line end), in order."""
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


# --- adding a locale -----------------------------------------------------------------

ADDED = [
    (  # the case of the bug report: a comment holding "[" and "]" after an item
        'locales = [\n    "es",  # Spanish [Spain]\n]\n',
        'locales = [\n    "es",  # Spanish [Spain]\n    "fr",\n]\n',
    ),
    (
        '# Project settings\nlocales = [\n    "es",  # Spanish [Spain]\n    "ar"  # Arabic, right to left\n]\n'
        'source_dir = "source"  # the English pages [edit here]\n',
        '# Project settings\nlocales = [\n    "es",  # Spanish [Spain]\n    "ar",  # Arabic, right to left\n    "fr"\n]\n'
        'source_dir = "source"  # the English pages [edit here]\n',
    ),
    ('locales = ["es", "ar"]  # targets [all of them]\n', 'locales = ["es", "ar", "fr"]  # targets [all of them]\n'),
    ('locales = ["es",]\n', 'locales = ["es", "fr"]\n'),
    ("locales = []\n", 'locales = ["fr"]\n'),
    ('locales = [ # targets\n  "es", # one\n  # more to come\n]\n', 'locales = [ # targets\n  "es", # one\n  # more to come\n  "fr"\n]\n'),
    ('locales = [\n\t"es",\n\t"ar",\n]\n', 'locales = [\n\t"es",\n\t"ar",\n\t"fr",\n]\n'),
    ("locales = ['es'] # single quotes\n", "locales = ['es', \"fr\"] # single quotes\n"),
]


@pytest.mark.parametrize("before,after", ADDED)
def test_add_locale_appends_to_the_list_and_keeps_everything_else(tmp_path, before, after):
    config.add_locale(project(tmp_path, "locflow.toml", before), "fr")
    written = (tmp_path / "locflow.toml").read_text(encoding="utf-8")
    assert written == after
    assert tomllib.loads(written)["locales"][-1] == "fr"
    assert comments(written) == comments(before)


def test_add_locale_edits_tool_locflow_in_pyproject_and_nothing_else(tmp_path):
    before = (
        '[project]\nname = "clinic-pages"\nversion = "1.0"  # locales = ["xx"]\n\n'
        "[tool.locflow]\n# the languages we publish\nlocales = [\n  \"es\",  # Spanish [Spain]\n]  # end [of list]\n"
        'text_width = 80\n\n[tool.other]\nlocales = ["not", "ours"]\n'
    )
    config.add_locale(project(tmp_path, "pyproject.toml", before), "fr")
    written = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert written == before.replace('  "es",  # Spanish [Spain]\n', '  "es",  # Spanish [Spain]\n  "fr",\n')
    parsed = tomllib.loads(written)
    assert parsed["tool"]["locflow"]["locales"] == ["es", "fr"]
    assert parsed["tool"]["other"]["locales"] == ["not", "ours"]
    assert parsed["project"] == {"name": "clinic-pages", "version": "1.0"}
    assert config.load_config(tmp_path).locales == ("es", "fr")


def test_add_locale_round_trip_keeps_every_comment_byte(tmp_path):
    before = (
        "# locflow settings — the clinic's pages [v2]\n"
        'source_locale = "en"  # English is written first\n'
        "locales = [  # every language we publish\n"
        '    "es",  # Spanish [Spain], reviewed by Ana\n'
        "    # \"de\",  # German: paused until 2027 ]\n"
        '    "ar",  # Arabic, right to left\n'
        '    "zh_Hans", # Chinese, simplified\n'
        "]  # no trailing comment bug ]]\n"
        "min_complete = 80  # percent\n"
    )
    cfg = project(tmp_path, "locflow.toml", before)
    config.add_locale(cfg, "pt_BR")
    config.add_locale(config.load_config(tmp_path), "fr")
    written = (tmp_path / "locflow.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written)["locales"] == ["es", "ar", "zh_Hans", "pt_BR", "fr"]
    assert comments(written) == comments(before)
    # Every byte of the old file is still there, in order; only the two new lines were added.
    assert written == before.replace("simplified\n", 'simplified\n    "pt_BR",\n    "fr",\n')
    assert config.load_config(tmp_path).locales == ("es", "ar", "zh_Hans", "pt_BR", "fr")


def test_add_locale_leaves_the_file_alone_when_the_locale_is_listed(tmp_path):
    cfg = project(tmp_path, "locflow.toml", 'locales = [ "es" ]  # keep\n')
    before = os.stat(tmp_path / "locflow.toml").st_mtime_ns
    config.add_locale(cfg, "es")
    assert (tmp_path / "locflow.toml").read_text(encoding="utf-8") == 'locales = [ "es" ]  # keep\n'
    assert os.stat(tmp_path / "locflow.toml").st_mtime_ns == before


def test_add_locale_refuses_a_code_that_is_not_a_locale(tmp_path):
    cfg = project(tmp_path, "locflow.toml", 'locales = ["es"]\n')
    with pytest.raises(ConfigError, match=r"locflow.toml: locales: '\.\./x' is not a locale code"):
        config.add_locale(cfg, "../x")
    assert (tmp_path / "locflow.toml").read_text(encoding="utf-8") == 'locales = ["es"]\n'


def test_add_locale_does_not_overwrite_a_file_changed_since_it_was_read(tmp_path, monkeypatch):
    cfg = project(tmp_path, "locflow.toml", 'locales = ["es"]\n')
    real_dumps = tomlkit.dumps

    def dumps_while_someone_saves(document):
        (tmp_path / "locflow.toml").write_text('locales = ["es", "de"]\n', encoding="utf-8")
        return real_dumps(document)

    monkeypatch.setattr(tomlkit, "dumps", dumps_while_someone_saves)
    with pytest.raises(LocflowError, match="changed on disk while locflow was running; nothing was written"):
        config.add_locale(cfg, "fr")
    assert (tmp_path / "locflow.toml").read_text(encoding="utf-8") == 'locales = ["es", "de"]\n'
    assert [p.name for p in tmp_path.iterdir()] == ["locflow.toml"]


# --- settings that are refused -------------------------------------------------------


def refusal(tmp_path: Path, settings: str) -> str:
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\n' + settings, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        config.load_config(tmp_path)
    return str(caught.value)


@pytest.mark.parametrize(
    "settings,message",
    [
        ('template = "/etc/hostname"\n', "locflow.toml: template must be a file inside the project, not '/etc/hostname': "
         "its text goes into every page, so a file from elsewhere would be published"),
        ('template = "../page.html"\n', "not '../page.html'"),
        ('template = "templates/../../page.html"\n', "not 'templates/../../page.html'"),
        ('template = ""\n', "template must be a file inside the project, not ''"),
    ],
)
def test_a_template_outside_the_project_is_refused(tmp_path, settings, message):
    assert message in refusal(tmp_path, settings)


def test_a_template_that_links_outside_the_project_is_refused(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").symlink_to("/etc/hostname")
    assert refusal(tmp_path, 'template = "templates/page.html"\n') == (
        "locflow.toml: template must be a file inside the project, not 'templates/page.html' (a link to /etc/hostname): "
        "its text goes into every page, so a file from elsewhere would be published"
    )


def test_a_template_inside_the_project_is_accepted_also_through_a_link(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "page.html").write_text("{{ body }}", encoding="utf-8")
    (tmp_path / "page.html").symlink_to(tmp_path / "web" / "page.html")
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\ntemplate = "page.html"\n', encoding="utf-8")
    assert config.load_config(tmp_path).template == "page.html"


@pytest.mark.parametrize(
    "settings,message",
    [
        ('dist_dir = "."\n', "locflow.toml: dist_dir must not be the project folder itself ('.'); a build writes its pages there"),
        ('dist_dir = "./"\n', "dist_dir must not be the project folder itself ('./')"),
        ('dist_dir = "source"\n', "locflow.toml: dist_dir 'source' and source_dir 'source' are the same folder; "
         "a build would overwrite its own inputs"),
        ('dist_dir = "./locales/"\n', "dist_dir './locales/' and locales_dir 'locales' are the same folder"),
        ('dist_dir = "source/html"\n', "locflow.toml: dist_dir 'source/html' and source_dir 'source': dist_dir is inside "
         "source_dir; a build would write into its own inputs"),
        ('dist_dir = "site"\nlocales_dir = "site/po"\n', "dist_dir 'site' and locales_dir 'site/po': locales_dir is "
         "inside dist_dir; a build would overwrite its own inputs"),
        ('source_dir = "."\n', "dist_dir 'dist' and source_dir '.': dist_dir is inside source_dir"),
        ('source_dir = "text"\nlocales_dir = "text"\n', "locflow.toml: source_dir 'text' and locales_dir 'text' are the "
         "same folder; sources and catalogs need folders of their own"),
    ],
)
def test_folders_a_build_would_overwrite_are_refused(tmp_path, settings, message):
    assert message in refusal(tmp_path, settings)


def test_a_dist_dir_that_links_to_the_sources_is_refused(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "public").symlink_to(tmp_path / "source")
    assert "dist_dir 'public' and source_dir 'source' are the same folder" in refusal(tmp_path, 'dist_dir = "public"\n')


def test_separate_folders_are_accepted(tmp_path):
    (tmp_path / "locflow.toml").write_text(
        'locales = ["es"]\nsource_dir = "content/en"\nlocales_dir = "content/po"\ndist_dir = "public/site"\n', encoding="utf-8"
    )
    loaded = config.load_config(tmp_path)
    assert (loaded.source_dir, loaded.locales_dir, loaded.dist_dir) == ("content/en", "content/po", "public/site")
