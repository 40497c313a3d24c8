"""`check` re-checks only the documents whose files changed, and finds exactly what a fresh run finds."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import polib
import pytest

from helpers import run
from locflow.commands import check as check_command
from locflow.config import load_config
from sitefixture import make_site


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site")
    time.sleep(0.02)  # a record taken in the clock tick its files changed vouches for none of them (cache.unchanged)
    return root


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The documents each run checks (not taken from the last run)."""
    seen: list[str] = []
    real = check_command.check_document

    def spy(config, doc, *args, **kwargs):
        seen.append(doc)
        return real(config, doc, *args, **kwargs)

    monkeypatch.setattr(check_command, "check_document", spy)
    return seen


def fresh(root: Path):
    shutil.rmtree(root / ".locflow" / "cache", ignore_errors=True)
    return check_command.check(load_config(root))


def test_a_second_run_checks_no_document_and_finds_the_same(site, checked):
    first = check_command.check(load_config(site))
    assert sorted(checked) == ["a", "sub/b", "sub/deep/c"]
    checked.clear()
    second = check_command.check(load_config(site))
    assert checked == []
    assert second == first
    assert any(f.check == "untranslated" for f in second.findings)


def test_a_changed_catalog_rechecks_its_document_only(site, checked):
    check_command.check(load_config(site))
    path = site / "locales" / "es" / "LC_MESSAGES" / "sub" / "b.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == "Part").msgstr = "Parte 2"  # a number the source has not
    po.save(str(path))
    checked.clear()
    outcome = check_command.check(load_config(site))
    assert checked == ["sub/b"]
    assert [(f.check, f.locale, f.document) for f in outcome.findings if f.check == "numbers"] == [("numbers", "es", "sub/b")]
    assert outcome == fresh(site)


def test_a_heading_renamed_in_one_document_breaks_the_links_of_the_others(site, checked):
    check_command.check(load_config(site))
    path = site / "source" / "sub" / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Part", "## Section"), encoding="utf-8")
    outcome = check_command.check(load_config(site))
    assert [(f.document, f.check) for f in outcome.findings if "#part" in f.message] == [("a", "broken-links")]
    assert outcome == fresh(site)


def test_a_deleted_catalog_and_a_new_document_are_noticed(site, checked):
    check_command.check(load_config(site))
    (site / "locales" / "ar" / "LC_MESSAGES" / "a.po").unlink()
    checked.clear()
    assert any(f.check == "stale" and f.document == "a" for f in check_command.check(load_config(site)).findings)
    assert checked == ["a"]
    (site / "source" / "new.md").write_text("# New\n\nLorem ipsum dolor sit amet.\n", encoding="utf-8")
    checked.clear()
    outcome = check_command.check(load_config(site))
    assert sorted(checked) == ["a", "new", "sub/b", "sub/deep/c"]  # where links may lead changed: all again
    assert any(f.check == "stale" and f.locale == "ar" and f.document == "a" for f in outcome.findings)
    assert any(f.check == "source-placeholder" and f.document == "new" for f in outcome.findings)
    assert outcome == fresh(site)


def test_a_build_after_one_change_gives_the_same_summary_as_check(site):
    assert run(site, "build").exit_code == 0
    path = site / "locales" / "es" / "LC_MESSAGES" / "a.po"
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == "Page A").msgstr = "TODO"
    po.save(str(path))
    built = run(site, "build")
    assert "check: " in built.stdout
    line = next(line for line in built.stdout.splitlines() if line.startswith("check: "))
    assert "es: 1 error" in line
    shutil.rmtree(site / ".locflow" / "cache")
    again = run(site, "build")
    assert next(line for line in again.stdout.splitlines() if line.startswith("check: ")) == line
