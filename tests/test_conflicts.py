"""check's consistency warnings from the memory's store: the same findings as over every catalog read whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib

from helpers import run
from locflow import conflicts, memoryfiles, memorystore
from locflow.checks.consistency import consistency
from locflow.commands import check as check_command
from locflow.config import load_config

TEXTS = ["Rest well.", "Drink water.", "Call us.", "Keep the wound dry.", "Walk a little."]


def translate(root: Path, doc: str, locale: str, table: dict[str, str], obsolete: bool = False) -> None:
    path = root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            entry.flags = []
    if obsolete:
        po.append(polib.POEntry(msgid="Gone text.", msgstr="Texto ido.", obsolete=True))
    po.save(str(path))


def make(tmp_path: Path) -> Path:
    """Three pages sharing texts, translated with some variants in es and fr."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es", "fr"]\n')
    (root / "source" / "a.md").write_text("".join(f"{t}\n\n" for t in TEXTS[:4]))
    (root / "source" / "b.md").write_text("".join(f"{t}\n\n" for t in TEXTS[1:]))
    (root / "source" / "c.md").write_text("".join(f"{t}\n\n" for t in (TEXTS[0], TEXTS[4])))
    assert run(root, "extract").exit_code == 0
    for locale in ("es", "fr"):
        same = {t: f"{locale} {t}" for t in TEXTS}
        translate(root, "a", locale, same, obsolete=True)
        translate(root, "b", locale, {**same, "Drink water.": f"{locale} other", "Call us.": f"{locale} Walk a little."})
        translate(root, "c", locale, {**same, "Walk a little.": f"{locale} Walk a little."})
    assert run(root, "extract").exit_code == 0  # records every catalog in the store
    return root


def whole(root: Path) -> list:
    """The consistency findings over every unit, as check found them before the store answered."""
    config = load_config(root)
    names = ["a", "b", "c"]
    documents = {f"source/{doc}.md" for doc in names}
    found = []
    for locale, known in memoryfiles.memories(config, config.locales, names).items():
        found.append((locale, list(consistency([u for g in known.exact.values() for u in g if u.origin in documents]))))
    return found


def from_store(root: Path) -> list:
    config = load_config(root)
    return [(locale, list(consistency(units))) for locale, units in conflicts.units(config, config.locales, ["a", "b", "c"]).items()]


def test_the_store_gives_the_consistency_warnings_of_every_catalog_read_whole(tmp_path):
    root = make(tmp_path)
    expected = whole(root)
    assert sum(len(findings) for _, findings in expected) == 6  # per locale: two texts translated two ways, one translation for two texts
    assert from_store(root) == expected


def test_the_store_loads_only_the_units_of_texts_with_variants(tmp_path):
    root = make(tmp_path)
    config = load_config(root)
    loaded = conflicts.units(config, config.locales, ["a", "b", "c"])["es"]
    assert {u.source for u in loaded} == {"Drink water.", "Call us.", "Walk a little."}


def test_a_catalog_changed_since_the_store_recorded_it_is_read(tmp_path):
    root = make(tmp_path)
    translate(root, "a", "es", {"Keep the wound dry.": "es changed"})  # now differs from b's
    translate(root, "c", "fr", {"Walk a little.": "fr Walk"})  # c changed in another locale too
    translate(root, "c", "es", {"Walk a little.": "es Drink water."})  # now a's translation of a text c has not
    expected = whole(root)
    assert any("Keep the wound dry." == f.source for f in expected[0][1])
    assert any("es Drink water." == f.translation and "2 source texts" in f.message for f in expected[0][1])
    assert from_store(root) == expected


def test_check_reports_the_same_with_and_without_the_store(tmp_path):
    root = make(tmp_path)
    translate(root, "b", "es", {"Rest.": "x", "Keep the wound dry.": "es dry"})
    twin = tmp_path / "twin"
    shutil.copytree(root, twin, symlinks=True)
    memorystore.remove(memorystore.path_of(twin))
    with_store = run(root, "check", "--format", "json").output
    without = run(twin, "check", "--format", "json").output
    assert '"consistency"' in with_store
    assert with_store == without


def test_a_damaged_store_gives_the_warnings_of_every_catalog(tmp_path):
    root = make(tmp_path)
    expected = whole(root)
    memorystore.path_of(root).write_bytes(b"\0" * 4096)
    assert from_store(root) == expected
    outcome = check_command.check(load_config(root))
    assert sum(f.check == "consistency" for f in outcome.findings) == 6
