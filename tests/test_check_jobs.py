"""`locflow check -j N`: documents checked in parallel give the same report, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import run
from locflow.commands import check as check_command
from locflow.config import load_config

DOC = "trigger-point-injections"
COPIES = ("a/first", "b/second", "c/third", "d/fourth", "e/fifth")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def several(shipped: Path) -> Path:
    """The shipped project with five more documents, each with problems of its own."""
    for name in COPIES:
        target = shipped / "source" / f"{name}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(shipped / "source" / f"{DOC}.md", target)
        for locale in ("es", "ar", "zh_Hans"):
            catalog = shipped / "locales" / locale / "LC_MESSAGES" / f"{name}.po"
            catalog.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(shipped / "locales" / locale / "LC_MESSAGES" / f"{DOC}.po", catalog)
    catalogs = {name: shipped / "locales" / "es" / "LC_MESSAGES" / f"{name}.po" for name in COPIES}
    edit(catalogs["a/first"], 'msgstr "¿Qué es?"', 'msgstr "¿Qué es? <script>alert(1)</script>"')
    edit(catalogs["b/second"], "durante 24 horas.", "durante 48 horas.")
    edit(
        catalogs["d/fourth"],
        '#, markdown-text\nmsgid "Avoid heavy lifting or intense physical activity involving the treated area for 24 hours"',
        "#, fuzzy, markdown-text\n#| msgid \"Avoid heavy lifting or intense physical activity involving the treated area for 12 hours\"\n"
        'msgid "Avoid heavy lifting or intense physical activity involving the treated area for 24 hours"',
    )
    edit(catalogs["e/fifth"], 'msgstr "Beneficios del tratamiento"', 'msgstr "Treatment Benefits"')
    (shipped / "locales" / "ar" / "LC_MESSAGES" / "c" / "third.po").write_text('msgid "broken\n', encoding="utf-8")
    return shipped


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_check_with_two_jobs_prints_the_same_bytes_as_with_one(several, fmt):
    one = run(several, "check", "--format", fmt)
    two = run(several, "check", "-j", "2", "--format", fmt)
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr == ""


def test_check_with_jobs_keeps_the_dangerous_fuzzy_entry_first_and_documents_in_order(several):
    lines = run(several, "check", "-j", "3").stdout.splitlines()
    assert lines[0].startswith("es: ") and lines[1] == ""  # each locale's totals first
    assert lines[2].startswith("locales/es/LC_MESSAGES/d/fourth.po:") and "(12 became 24)" in lines[2]
    files = list(dict.fromkeys(line.split(":")[0] for line in lines[3:] if line.startswith(("source/", "locales/"))))
    assert files == [  # document by document, the source first; d/fourth's one finding went first
        "source/a/first.md",
        "locales/es/LC_MESSAGES/a/first.po",
        "source/b/second.md",
        "locales/es/LC_MESSAGES/b/second.po",
        "source/c/third.md",
        "locales/ar/LC_MESSAGES/c/third.po",
        "source/d/fourth.md",
        "source/e/fifth.md",
        "locales/es/LC_MESSAGES/e/fifth.po",
        f"source/{DOC}.md",
    ]
    # 3 of the warnings are `consistency`: the copies' edited translations differ from the shipped page's.
    assert lines[-1] == "53 errors, 4 warnings in 11 files (24 files checked)"


def test_check_reports_progress_once_per_document_and_the_same_outcome_for_any_jobs(several):
    config = load_config(several)
    calls: list[int] = []
    outcome = check_command.check(config, jobs=2, progress=lambda done, total: calls.append(done))
    assert calls == [1] * (len(COPIES) + 1)
    assert outcome == check_command.check(config)
    assert [c.file for c in outcome.checked[:4]] == [
        "source/a/first.md",
        "locales/es/LC_MESSAGES/a/first.po",
        "locales/ar/LC_MESSAGES/a/first.po",
        "locales/zh_Hans/LC_MESSAGES/a/first.po",
    ]
