"""Regional variants cost only their differences: es_MX falls back to es before English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from helpers import run

DOC = "trigger-point-injections"
PO = "locales/{}/LC_MESSAGES/" + DOC + ".po"


@pytest.fixture
def regional(shipped: Path) -> Path:
    """The shipped project with es_MX added; one segment has a Mexican translation of its own."""
    assert run(shipped, "init", "es-MX").exit_code == 0
    po = polib.pofile(str(shipped / PO.format("es_MX")))
    po.find("What is it?").msgstr = "¿Qué es, pues?"
    po.save()
    return shipped


def page(project: Path, locale: str) -> str:
    return (project / "dist" / locale / f"{DOC}.html").read_text(encoding="utf-8")


def test_a_regional_page_shows_its_parents_translation_marked_with_its_language(regional):
    result = run(regional, "build")
    assert result.exit_code == 0, result.output
    html = page(regional, "es_MX")
    assert '<html lang="es-MX"' in html
    assert '<h3 id="what-is-it">¿Qué es, pues?</h3>' in html  # its own translation, in the page's language
    assert '<h1 id="trigger-point-injections" lang="es">Inyecciones en puntos gatillo</h1>' in html  # the es translation, marked es
    assert "<title>Inyecciones en puntos gatillo</title>" in html
    assert re.search(r'<h3 id="keypoint-1-lorem-ipsum" lang="en">Keypoint #1-Lorem Ipsum</h3>', html)  # neither has it: English
    assert page(regional, "es").split("<main>")[1].count(' lang="es"') == 0  # the es page itself: only its <html> (and the switcher) say es


def test_the_manifest_counts_inherited_segments_only_for_regional_locales(regional):
    run(regional, "build")
    entries = json.loads((regional / "dist" / "manifest.json").read_text())["documents"][DOC]
    assert entries["es_MX"]["segments"] == {"fuzzy": 0, "inherited": 24, "translated": 1, "untranslated": 8}
    assert entries["es_MX"]["percent_complete"] == 75.8
    assert "inherited" not in entries["es"]["segments"]


def test_check_counts_inherited_segments_as_covered_and_says_so(regional):
    result = run(regional, "check", "--locale", "es-MX")
    assert result.stdout.splitlines()[0] == "es_MX: 24 segments shown from es"
    assert "[untranslated]" not in result.stdout
    data = json.loads(run(regional, "check", "--locale", "es_MX", "--format", "json").stdout)
    assert not [f for f in data["findings"] if f["check"] == "untranslated"]


def test_without_its_parent_a_regional_locale_is_untranslated(regional):
    (regional / "locflow.toml").write_text('locales = ["es_MX"]\n')
    result = run(regional, "check")
    assert result.stdout.splitlines()[0].startswith("es_MX: 24 untranslated (")


def test_stats_shows_an_inherited_column_for_a_project_with_regional_locales(regional):
    lines = run(regional, "stats").stdout.splitlines()
    assert lines[0].split() == [
        "locale", "document", "translated", "inherited", "fuzzy", "untranslated", "complete", "words", "to", "translate",
    ]
    assert lines[-1].split() == ["es_MX", DOC, "1", "24", "0", "8", "75.8%", "36"]
    rows = json.loads(run(regional, "stats", "--format", "json").stdout)
    assert [(r["locale"], r.get("inherited")) for r in rows] == [("es", None), ("ar", None), ("zh_Hans", None), ("es_MX", 24)]


def test_a_change_to_the_parents_catalog_rebuilds_the_regional_page(regional):
    run(regional, "build")
    es = regional / PO.format("es")
    es.write_text(es.read_text().replace('msgstr "Inyecciones en puntos gatillo"', 'msgstr "Inyecciones de puntos gatillo"'))
    result = run(regional, "build", "--locale", "es")  # es_MX shows es text: it is built with es
    assert "es_MX" in result.stdout
    assert '<h1 id="trigger-point-injections" lang="es">Inyecciones de puntos gatillo</h1>' in page(regional, "es_MX")
    assert run(regional, "build").stdout.startswith("5 page(s) in dist/: 0 written, 5 unchanged")


def test_a_project_without_regional_locales_keeps_its_manifest_and_stats(shipped):
    run(shipped, "build")
    entries = json.loads((shipped / "dist" / "manifest.json").read_text())["documents"][DOC]
    assert all("inherited" not in entry["segments"] for entry in entries.values())
    assert "inherited" not in run(shipped, "stats").stdout
