"""The translation memory's SQLite store: a shortcut only, rebuilt when damaged or foreign, never half written."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from array import array
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run, snapshot
from locflow import cache, memorylookup, memoryfiles, memorystore, memoryways
from locflow.config import load_config
from locflow.errors import ConfigError
from locflow import memory
from locflow.memory import Memory, Shared, Unit
from locflow.similar import WordIndex, code_point

PARAS = [f"Paragraph number {n} about resting well after the procedure." for n in range(8)]
SHARED = "Call your doctor if the swelling does not go down within 48 hours."


def make(tmp_path: Path) -> Path:
    """A project whose page a is translated in es and ar; page b shares a text and has near-twins of others."""
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es", "ar"]\n')
    (root / "source" / "a.md").write_text("".join(f"{p}\n\n" for p in [*PARAS[:4], SHARED]))
    extract(root)
    for locale in ("es", "ar"):
        path = root / "locales" / locale / "LC_MESSAGES" / "a.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"{locale.upper()} {entry.msgid}"
        po.save(str(path))
    return root


def extract(root: Path, *args: str):
    result = run(root, "extract", *args)
    assert result.exit_code == 0, result.output + result.stderr
    return result


def add_page(root: Path) -> None:
    near = [PARAS[1].replace("resting", "sleeping"), SHARED.replace("48", "72"), "Something else entirely."]
    (root / "source" / "b.md").write_text("".join(f"{p}\n\n" for p in [SHARED, *near]))


def store(root: Path) -> Path:
    return memorystore.path_of(root)


def test_deleting_the_store_changes_no_result(tmp_path):
    root = make(tmp_path)
    extract(root)
    twin = tmp_path / "twin"
    shutil.copytree(root, twin, symlinks=True)
    shutil.rmtree(twin / ".locflow")
    for folder in (root, twin):
        add_page(folder)
        extract(folder)
    assert store(root).exists() and store(twin).exists()
    assert snapshot(root / "locales") == snapshot(twin / "locales")
    entry = polib.pofile(str(root / "locales" / "es" / "LC_MESSAGES" / "b.po")).find(SHARED.replace("48", "72"))
    assert entry.fuzzy and entry.msgstr == f"ES {SHARED}"


@pytest.mark.parametrize("damage", ["garbage", "foreign", "trigger", "other key", "truncated"])
def test_a_damaged_or_foreign_store_is_rebuilt_not_trusted(tmp_path, damage):
    root = make(tmp_path)
    extract(root)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, symlinks=True)
    path = store(root)
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    else:
        db = sqlite3.connect(path)
        if damage == "foreign":
            db.execute("DROP TABLE postings")
            db.execute("CREATE TABLE postings(word TEXT, texts BLOB)")
        elif damage == "trigger":
            db.execute("CREATE TRIGGER spy AFTER INSERT ON units BEGIN DELETE FROM texts; END")
        else:
            db.execute("UPDATE meta SET value = 'another version' WHERE name = 'key'")
        db.commit()
        db.close()
    for folder in (root, clean):
        add_page(folder)
        extract(folder)
    assert snapshot(root / "locales") == snapshot(clean / "locales")
    db = sqlite3.connect(path)
    assert not db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    assert db.execute("SELECT COUNT(*) FROM units").fetchone()[0] > 0


def test_check_and_stats_read_a_damaged_store_as_no_store(tmp_path):
    root = make(tmp_path)
    extract(root)
    before = run(root, "stats", "--costs").output
    store(root).write_bytes(b"\0" * 4096)
    assert run(root, "stats", "--costs").output == before
    assert run(root, "check").exit_code in (0, 1)


def test_an_interrupted_run_leaves_the_last_finished_store(tmp_path):
    root = make(tmp_path)
    (root / "locflow.toml").write_text('locales = ["es", "ar"]\ncompendium = ["legacy/es.po"]\n')
    (root / "legacy").mkdir()
    legacy = polib.POFile()
    legacy.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    legacy.append(polib.POEntry(msgid="Something else entirely.", msgstr="Otra cosa."))
    legacy.save(str(root / "legacy" / "es.po"))
    extract(root)
    rows = sqlite3.connect(store(root)).execute("SELECT * FROM units ORDER BY file, seq").fetchall()
    po = root / "locales" / "es" / "LC_MESSAGES" / "a.po"
    po.write_text(po.read_text().replace(f"ES {PARAS[0]}", "changed by a translator"))
    add_page(root)
    (root / "legacy" / "es.po").unlink()  # the refresh fails at the compendium, after reading a.po again
    result = run(root, "extract")
    assert result.exit_code == 2 and "compendium" in result.output + result.stderr
    assert sqlite3.connect(store(root)).execute("SELECT * FROM units ORDER BY file, seq").fetchall() == rows
    legacy.save(str(root / "legacy" / "es.po"))
    extract(root)
    config = load_config(root)
    memory = memoryfiles.memories(config, ("es",), ["a", "b"])["es"]
    assert memory.units(PARAS[0])[0].translation == "changed by a translator"
    assert polib.pofile(str(root / "locales" / "es" / "LC_MESSAGES" / "b.po")).find("Something else entirely.").msgstr == "Otra cosa."


def test_a_run_with_nothing_pending_opens_no_store(tmp_path, monkeypatch):
    root = make(tmp_path)
    time.sleep(0.02)  # settle: the caches distrust files changed in the clock tick of their record
    extract(root)
    time.sleep(0.02)

    def refuse(*args, **kwargs):
        raise AssertionError("the memory store was opened")

    monkeypatch.setattr(memorystore, "connect", refuse)
    extract(root)


def test_the_store_answers_as_the_memory_read_whole(tmp_path):
    root = make(tmp_path)
    add_page(root)
    extract(root)
    config = load_config(root)
    since = 1 << 62
    queries = [SHARED, SHARED.replace("48", "24"), PARAS[2], PARAS[5], "Something else entirely.", "Nothing like it", ""]
    for chosen in (("es", "ar"), ("ar",)):
        whole = memoryfiles.memories(config, chosen, ["a", "b"])
        stored = memoryfiles.load(config, chosen, ["a", "b"], since)
        for locale in chosen:
            assert bool(whole[locale]) == bool(stored[locale])
            for text in queries:
                for skip in (None, "source/a.md", "source/b.md"):
                    for floor in (None, 0.6, 0.95):
                        args = dict(skip=skip, floor=floor)
                        assert whole[locale].recall(text, "paragraph", **args) == stored[locale].recall(text, "paragraph", **args), (text, skip)


def test_a_catalog_that_is_gone_leaves_the_store(tmp_path):
    root = make(tmp_path)
    (root / "source" / "b.md").write_text(f"{PARAS[6]}\n")
    extract(root)
    (root / "source" / "a.md").unlink()
    for locale in ("es", "ar"):
        (root / "locales" / locale / "LC_MESSAGES" / "a.po").unlink()
    (root / "locales" / "a.pot").unlink()
    (root / "source" / "b.md").write_text(f"{PARAS[7]}\n")  # some document pending: the memory is consulted
    extract(root)
    db = sqlite3.connect(store(root))
    assert db.execute("SELECT COUNT(*) FROM texts WHERE source = ?", (SHARED,)).fetchone()[0] == 0
    assert db.execute("SELECT size, texts FROM postings WHERE word = 'swelling'").fetchall() == [(0, b"")]  # its number kept


def test_a_compendium_that_cannot_be_read_is_still_a_config_error(tmp_path):
    root = make(tmp_path)
    (root / "locflow.toml").write_text('locales = ["es", "ar"]\ncompendium = ["legacy/none.po"]\n')
    with pytest.raises(ConfigError):
        memoryfiles.memories(load_config(root), ("es",), ["a"])


def _contents(db) -> tuple:
    units = db.execute(  # each file's units in their order (the numbers themselves may differ)
        "SELECT f.path, t.source, u.locale, u.translation, u.kind, u.active FROM units u"
        " JOIN texts t ON t.id = u.text JOIN files f ON f.id = u.file ORDER BY f.path, u.seq").fetchall()
    texts = db.execute("SELECT source, refs FROM texts ORDER BY source").fetchall()
    sources = dict(db.execute("SELECT id, source FROM texts"))
    postings = {  # a word no text holds any more keeps its number, not a list
        word: sorted(sources[n] for n in memorystore.posting_numbers(blob)) for word, blob in db.execute("SELECT word, texts FROM postings") if blob
    }
    codes = {code_point(code): word for word, code in db.execute("SELECT word, code FROM postings")}
    assert len(codes) == db.execute("SELECT COUNT(*) FROM postings").fetchone()[0]  # one number per word
    for source, words in db.execute("SELECT source, words FROM texts"):
        assert [codes[char] for char in words] == source.casefold().split()  # each text's words, coded
    ways = db.execute("SELECT t.source, w.locale, w.kind, w.translation, w.uses, w.files, w.names FROM ways w"
                      " JOIN texts t ON t.id = w.text ORDER BY 1, 2, 3, 4").fetchall()
    return units, texts, postings, ways


def test_a_file_recorded_again_holds_what_a_fresh_store_holds_and_rewrites_only_changed_rows(tmp_path):
    first = [("Rest well.", "Descanse.", "paragraph", True), ("Drink water.", "Beba agua.", "paragraph", True),
             ("Call us.", "Llámenos.", "paragraph", True), ("Old text.", "Texto viejo.", "paragraph", False)]
    second = [("New first text.", "Nuevo.", "heading 1", True), ("Rest well.", "Descanse bien.", "paragraph", True),
              ("Drink water.", "Beba agua.", "paragraph", True), ("Untranslated.", "", "paragraph", True)]
    stores = []
    for name, runs in (("updated", [first, second]), ("fresh", [second])):
        db = memorystore.connect(tmp_path / f"{name}.sqlite", "key", True)
        for units in runs:
            writer = memorystore.Writer(db)
            writer.put("locales/es/LC_MESSAGES/a.po", "es", "source/a.md", False, [1, 2, 3, 4, 5], units)
            writer.put("locales/es/LC_MESSAGES/b.po", "es", "source/b.md", False, [1, 2, 3, 4, 5], first[:2])
            writer.commit()
        stores.append(_contents(db))
        db.close()
    assert stores[0] == stores[1]
    assert [row[1] for row in stores[0][0][:3]] == ["New first text.", "Rest well.", "Drink water."]
    assert ("Call us.", 1) not in stores[0][1] and ("Rest well.", 2) in stores[0][1]
    assert "call" not in stores[0][2] and stores[0][2]["new"] == ["New first text."]


def test_a_unit_added_at_the_top_of_a_recorded_file_writes_one_row(tmp_path):
    units = [(f"Text {n}.", f"Texto {n}.", "paragraph", True) for n in range(50)]
    db = memorystore.connect(tmp_path / "store.sqlite", "key", True)
    for version in (units, [("Text new.", "Texto nuevo.", "paragraph", True), *units[:20], *units[21:]]):
        writer = memorystore.Writer(db)
        statements: list[str] = []
        db.set_trace_callback(statements.append)
        writer.put("locales/es/LC_MESSAGES/a.po", "es", "source/a.md", False, [1, 2, 3, 4, 5], version)
        db.set_trace_callback(None)
        writer.commit()
    assert sum(s.startswith("INSERT INTO units") for s in statements) == 1
    assert sum(s.startswith("DELETE FROM units") for s in statements) == 1
    assert [t for (t,) in db.execute("SELECT t.source FROM units u JOIN texts t ON t.id = u.text ORDER BY u.seq")][:2] == [
        "Text new.", "Text 0."]
    db.close()


def test_a_folder_where_the_store_belongs_is_a_clear_error_and_no_catalog_changes(tmp_path):
    root = make(tmp_path)
    before = snapshot(root / "locales")
    path = store(root)
    if path.exists():
        path.unlink()
    path.mkdir(parents=True)
    add_page(root)
    result = run(root, "extract")
    assert result.exit_code == 2 and "Traceback" not in result.output + result.stderr
    assert "memory.sqlite: cannot replace the translation memory's store" in result.stderr
    assert snapshot(root / "locales") == before


def _recorded(path: Path, texts: list[str], name: str = "a.po", origin: str = "source/a.md") -> None:
    """Record a catalog of `texts` in es (each translated as "es " and itself) in the store at `path`."""
    writer = memorystore.Writer(memorystore.connect(path, "key", True))
    writer.put(name, "es", origin, False, [0, 0, 0, 0, 0], [(t, f"es {t}", "paragraph", True) for t in texts])
    writer.commit()


def test_the_store_picks_the_candidates_the_memory_read_whole_picks_ties_in_code_point_order(tmp_path):
    prefixes = ["Zebra", "apple", "Éclair", "éclair", "ß", "日本", "😀", "Ångström", "zz", "A", "ａ", "\u00a0x"]
    texts = [f"{prefixes[n % len(prefixes)]}{n} knee brace" for n in range(WordIndex.WIDE * 20)]  # far more than are scored: ties
    texts += [f"Wear the knee brace and splint {n}" for n in range(40)]  # more shared words: surely chosen
    texts += [f"the knee {n} brace" for n in range(30)]  # the same words, in another order
    path = tmp_path / "memory.sqlite"
    _recorded(path, texts)
    whole = WordIndex(sorted(texts))
    stored = memorylookup.StoredShared(path, ["es"], True)
    for query in ("knee brace splint", "A knee brace", "brace", "nothing shared", "the knee brace"):
        expected = [whole.texts[n] for n in whole.candidates(query)]
        assert stored.candidates(query) == expected, query  # the same texts, in the same order
    assert len(stored.candidates("knee brace splint")) == WordIndex.WIDE
    assert stored.candidates("the knee brace")[:2] == ["the knee 0 brace", "the knee 1 brace"]  # its words, in order, fewest others


KINDS = ("paragraph", "heading 2", "list item", "")


def _write_shared(path: Path, names: list[str], texts: list[str], seed: int) -> tuple[dict, dict]:
    """Record files of es and fr sharing `texts` (several ways, kinds, some twice); return the files' order and each locale's units."""
    writer = memorystore.Writer(memorystore.connect(path, "key", True))
    ranks: dict[str, int] = {}
    units: dict[str, list[Unit]] = {"es": [], "fr": []}
    for locale in units:
        for n, origin in enumerate(names + names[:3] + ["glossary.po"]):  # three origins with two files each
            file = f"locales/{locale}/{n:02d}.po" if n % 3 else f"locales/{locale}/~{n:02d}.po"  # the order is not the paths'
            ranks[file] = len(ranks)
            # recorded again: odd files hold other units, every fourth is gone, every eighth of the others moves
            rng = random.Random(f"{locale} {n} {seed if n % 2 else 0}")
            origin = f"source/moved {n}.md" if seed and n % 8 == 2 else origin
            found = [("Kept text", f"{locale} kept", "paragraph", True)] if n % 8 == 2 else []
            found += [("Dropped text", f"{locale} {n % 3}", "paragraph", True)] if n % 4 == 0 or n % 8 == 6 else []
            for number, text in enumerate(texts):
                for _ in range(rng.choice((0, 1, 1, 1, 2))):  # a text twice in one file: its name counted once
                    kinds = KINDS if number % 4 == 0 else KINDS[1:3] if number % 4 == 1 else KINDS[:1] if number % 4 == 2 else KINDS[:2]
                    found.append((text, f"{locale} {rng.randrange(1 + number % 6)}", rng.choice(kinds), rng.random() < 0.8))
            if seed == 0 or n % 4:  # later: every fourth file gone
                writer.put(file, locale, origin, origin.endswith(".po"), [0, 0, 0, 0, 0], found)
                units[locale].extend(Unit(s, t, k, origin, a) for s, t, k, a in found)
            else:
                writer.forget(file)
    writer.commit()
    return ranks, units


def test_the_store_offers_what_the_memory_read_whole_offers_for_texts_shared_by_many_files(tmp_path):
    """Many files per text, several translations with ties, mixed kinds, files whose order is not their names' order;
    the store's counts kept in step as files are recorded again and forgotten."""
    names = [f"source/{name}.md" for name in ("zeta", "Éclair", "éclair", "a", "b/c", "b-c", "日本", "😀", "ß", "A")]
    names += [f"source/p{n}.md" for n in range(30)]
    random.Random(7).shuffle(names)
    texts = [f"Shared text {n}" for n in range(8)]
    path = tmp_path / "memory.sqlite"
    for seed in (0, 1):  # recorded afresh, then recorded again with other units
        ranks, units = _write_shared(path, names, texts, seed)
        shared = Shared()
        whole = {locale: Memory(units[locale], shared) for locale in units}
        stored_shared = memorylookup.StoredShared(path, list(units), True)
        stored = {locale: memorylookup.StoredMemory(stored_shared, locale, ranks) for locale in units}
        offers = 0
        for locale in units:
            for text in [*texts, "Kept text", "Dropped text", "Shared text 3 again", "Nothing like it"]:
                for kind in KINDS:
                    for skip in (None, "glossary.po", names[0], names[5], "source/none.md"):
                        expected = whole[locale].recall(text, kind, skip=skip)
                        assert stored[locale].recall(text, kind, skip=skip) == expected, (seed, locale, text, kind, skip)
                        offers += expected is not None
        assert offers > 300
        found = [stored_shared.ways(text, kind, None, "es") for text in texts for kind in KINDS]
        assert any(isinstance(way, memory.Ways) for way in found) and True in found  # counted, and read unit by unit
        notes = [whole["es"].recall(text, kind).note for text in texts for kind in KINDS]
        assert any("more" in note for note in notes) and any("other translations" in note for note in notes)
        assert any("(as a" in note for note in notes)


def test_the_store_finds_every_text_that_can_beat_a_floor_as_the_memory_read_whole_does(tmp_path):
    """Texts the word index would miss (decoys hold the rarest words of the text looked up, which they lack) are found by their length."""
    best = "Rest the knee brace for 24 hours after the visit, then walk a little every day."
    query = best.replace("24", "48").replace("walk a little", "zircon quartz basalt")
    near = [best.replace("visit", "visits"), best.replace("day", "week"), best.replace("knee", "ankle")]
    decoys = [f"A{n:04d} zircon quartz basalt {best} {'and keep going ' * 12}" for n in range(WordIndex.LIMIT // 3)]
    texts = [best, *near, *decoys]
    path = tmp_path / "memory.sqlite"
    writer = memorystore.Writer(memorystore.connect(path, "key", True))
    for n, origin in enumerate(("source/a.md", "source/b.md")):
        writer.put(f"{n}.po", "es", origin, False, [0, 0, 0, 0, 0], [(t, f"es {t}", "paragraph", True) for t in texts[n::2]])
    writer.commit()
    units = [Unit(t, f"es {t}", "paragraph", ("source/a.md", "source/b.md")[n % 2]) for n, t in enumerate(texts)]
    whole = Memory(units)
    stored = memorylookup.StoredMemory(memorylookup.StoredShared(path, ["es"], True), "es", {"0.po": 0, "1.po": 1})
    for floor in (None, 0.8, 0.95, 0.99):
        for skip in (None, "source/a.md", "source/b.md"):
            for text in (query, best, near[0]):
                expected = whole.recall(text, "paragraph", skip=skip, floor=floor)
                assert stored.recall(text, "paragraph", skip=skip, floor=floor) == expected, (floor, skip, text)
    assert stored.recall(query, "paragraph", floor=0.8).previous == best


_FORKED: list[memorylookup.StoredShared] = []
"""What a forked worker inherits from the test (as extract's workers inherit its memory)."""


def _near_in_child(text: str) -> tuple[bool, list | None, bool]:
    """In a forked process: whether the parent's texts serve its queries (not read again), and what `near` answers."""
    shared = _FORKED[0]
    before = shared.by_length
    found = shared.near(text, 0.9)
    return before is not None and shared.by_length is before, found, shared.db is not None


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_workers_forked_after_prepare_share_the_texts_and_open_their_own_connection(tmp_path):
    import multiprocessing

    texts = [f"Rest the knee for {n} hours after the visit." for n in range(30)]
    path = tmp_path / "memory.sqlite"
    _recorded(path, texts)
    shared = memorylookup.StoredShared(path, ["es"], True)
    shared.prepare()
    parent = shared.db
    query = "Rest the knee for 12 hours after a visit."
    _FORKED[:] = [shared]
    with multiprocessing.get_context("fork").Pool(1) as pool:
        inherited, found, connected = pool.apply(_near_in_child, (query,))
    assert inherited and connected
    assert found == shared.near(query, 0.9) and found and found[0][0] == "Rest the knee for 12 hours after the visit."
    assert shared.db is parent  # the parent keeps its own connection
def _recount(db) -> list:
    """The ``ways`` rows counted afresh from every unit, as a store made from scratch holds them."""
    found: dict[tuple, list] = {}
    for text, locale, kind, translation, origin in db.execute(
        "SELECT u.text, u.locale, u.kind, u.translation, f.origin FROM units u JOIN files f ON f.id = u.file"
    ):
        way = found.setdefault((text, locale, kind, translation), [0, set()])
        way[0] += 1
        way[1].add(origin)
    return sorted(
        (*key, uses, len(origins), json.dumps(sorted(origins)[: memory.NAMED + 1], ensure_ascii=False))
        for key, (uses, origins) in found.items()
    )


def _ways(db) -> list:
    return sorted(db.execute("SELECT * FROM ways"))


ORIGINS = ["source/a.md", "source/b.md", "source/Éclair.md", "source/éclair.md", "source/z.md", "source/日本.md", "glossary.po"]
"""Seven origins: a way held by more than `memory.NAMED` + 1 of them has origins beyond the named ones."""


SOME = [("Text 0", "Texto 0", "paragraph", True), ("Text 0", "Texto 0", "paragraph", False), ("Text 0", "Otro 0", "paragraph", True),
        ("Text 0", "Texto 0", "heading 2", True), ("Text 1", "Texto 1", "paragraph", True)]
"""Few units, so that one way is often held by many of the ten files and seven origins."""

edit = st.one_of(
    st.tuples(st.just("put"), st.integers(0, 9), st.integers(0, len(ORIGINS) - 1), st.sampled_from(["es", "es", "fr"]),
              st.lists(st.sampled_from(SOME), max_size=4)),
    st.tuples(st.just("forget"), st.integers(0, 9)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(edit, min_size=1, max_size=8), min_size=1, max_size=8))
def test_the_ways_kept_by_difference_equal_a_count_afresh_after_every_run(runs):
    """Units added, removed, made obsolete, files moved to another origin or locale and forgotten, several per run:
    after every commit the ``ways`` rows are those counted from every unit."""
    with tempfile.TemporaryDirectory() as folder:
        db = memorystore.connect(Path(folder) / "memory.sqlite", "key", True)
        start = [("put", file, file % len(ORIGINS), "es", [SOME[0], SOME[4]]) for file in range(10)]  # one way in every origin
        for edits in [start, *runs]:
            writer = memorystore.Writer(db)
            for step in edits:
                if step[0] == "put":
                    _, file, origin, locale, found = step
                    writer.put(f"f{file}.po", locale, ORIGINS[origin], origin == len(ORIGINS) - 1, [0, 0, 0, 0, 0], found)
                else:
                    writer.forget(f"f{step[1]}.po")
            writer.commit()
            assert _ways(db) == _recount(db)
        db.close()


@pytest.mark.parametrize("before, changes, now, expected", [
    (None, {"b": 2, "a": 1}, {"b": 2, "a": 1}, (3, 2, '["a", "b"]')),  # a new way
    ((3, 2, '["a", "b"]'), {"a": -1}, {}, (2, 1, '["b"]')),  # an origin's last unit gone
    ((3, 2, '["a", "b"]'), {"a": -1, "b": -2}, {}, None),  # the way's last unit gone
    ((4, 2, '["a", "b"]'), {"a": -1}, {"a": 1}, (3, 2, '["a", "b"]')),  # an origin keeps a unit: its name stays
    ((9, 6, '["a", "b", "c", "d"]'), {"e": -1}, {}, (8, 5, '["a", "b", "c", "d"]')),  # an origin beyond the names goes
    ((9, 6, '["a", "b", "c", "d"]'), {"0": 1}, {"0": 1}, (10, 7, '["0", "a", "b", "c"]')),  # a new first name
    ((9, 6, '["a", "b", "c", "d"]'), {"a": -1, "0": 1}, {"0": 1}, (9, 6, '["0", "b", "c", "d"]')),  # one name for another
    ((5, 4, '["a", "b", "c", "d"]'), {"a": -2}, {}, (3, 3, '["b", "c", "d"]')),  # named all along: no other origin to find
    ((9, 6, '["a", "b", "c", "d"]'), {"a": -1}, {}, "recount"),  # a name gone, others beyond: which comes next?
    ((9, 6, '["a", "b", "c", "d"]'), {"a": -1, "x": 1}, {"x": 1}, "recount"),  # x may sort after an origin beyond the names
    ((9, 6, '["a", "b", "c", "d"]'), {"b": 1}, {"b": 1}, "recount"),  # out of step: b was named, holding no unit
    ((2, 1, '["a"]'), {"a": -3}, {}, "recount"),  # out of step: more units gone than counted
    ((2, 1, "not JSON"), {"a": 1}, {"a": 3}, "recount"),
    ((2, "two", '["a"]'), {"a": 1}, {"a": 3}, "recount"),
    (None, {"a": 1}, {"a": 2}, "recount"),  # out of step: no row, but a held a unit already
])
def test_a_ways_row_is_updated_by_difference_and_counted_again_only_when_a_name_goes_unknown(before, changes, now, expected):
    assert memoryways.updated(before, changes, now) == expected


def test_a_shared_text_edited_in_one_page_reads_no_unit_of_the_other_pages(tmp_path):
    """A text held by 40 pages: one page's unit changed or gone is counted from that page's units only; a named page's
    last unit gone, with more pages beyond the names, is the one case the way's units are counted again."""
    db = memorystore.connect(tmp_path / "store.sqlite", "key", True)
    shared = ("Shared text.", "Texto compartido.", "paragraph", True)
    writer = memorystore.Writer(db)
    for n in range(40):
        writer.put(f"locales/es/p{n:02d}.po", "es", f"source/p{n:02d}.md", False, [0, 0, 0, 0, 0], [shared, (f"Own {n}.", "Propio.", "paragraph", True)])
    writer.commit()
    counted = []
    for page, units in ((20, [(shared[0], "Otro texto.", "paragraph", True)]), (30, []), (0, [])):
        writer = memorystore.Writer(db)
        writer.put(f"locales/es/p{page:02d}.po", "es", f"source/p{page:02d}.md", False, [0, 0, 0, 0, 0], units)
        statements: list[str] = []
        db.set_trace_callback(statements.append)
        writer.commit()
        db.set_trace_callback(None)
        counted.append(sum("GROUP BY f.origin" in statement for statement in statements))
        assert _ways(db) == _recount(db)
    assert counted == [0, 0, 1]
    row = db.execute("SELECT uses, files, names FROM ways WHERE translation = ?", (shared[1],)).fetchone()
    assert row == (37, 37, json.dumps([f"source/p{n:02d}.md" for n in range(1, 5)]))
    db.close()


def test_offers_stay_those_of_the_memory_read_whole_through_a_sequence_of_edits(tmp_path):
    """Runs that add and remove units, move files to other origins, forget files and record them again: after every
    run the ``ways`` rows equal a count afresh, and every offer and note is the memory read whole's."""
    names = [f"source/{name}.md" for name in ("zeta", "Éclair", "éclair", "a", "b/c", "b-c", "日本", "😀", "ß", "A")]
    names += [f"source/p{n}.md" for n in range(14)]
    texts = [f"Shared text {n}" for n in range(6)]
    paths = [f"locales/{locale}/{n:02d}.po" for locale in ("es", "fr") for n in range(len(names) + 1)]
    ranks = {path: rank for rank, path in enumerate(paths)}
    rng = random.Random(11)

    def units_of(locale: str) -> list[tuple[str, str, str, bool]]:
        found = []
        for number, text in enumerate(texts):
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                found.append((text, f"{locale} {rng.randrange(1 + number % 4)}", rng.choice(KINDS[:2] if number % 2 else KINDS), rng.random() < 0.8))
        return found

    recorded: dict[str, tuple[str, str, list]] = {}  # path: origin, locale, units
    db = memorystore.connect(tmp_path / "memory.sqlite", "key", True)
    for run_number in range(8):
        writer = memorystore.Writer(db)
        for path in paths if run_number == 0 else rng.sample(paths, 12):
            locale, n = path.split("/")[1], int(path[-5:-3])
            origin, _, units = recorded.get(path, (names[n] if n < len(names) else "glossary.po", locale, []))
            action = "record" if run_number == 0 else rng.choice(("edit", "edit", "move", "forget", "same"))
            if action == "forget":
                writer.forget(path)
                recorded.pop(path, None)
                continue
            if action == "move":
                origin = rng.choice([*names, "source/moved.md", "glossary.po"])
            elif action == "edit":
                units = [unit for unit in units if rng.random() < 0.7] + units_of(locale)[:2]
                rng.shuffle(units)
            elif action == "record":
                units = units_of(locale)
            writer.put(path, locale, origin, origin.endswith(".po"), [0, 0, 0, 0, 0], units)
            recorded[path] = (origin, locale, units)
        writer.commit()
        assert _ways(db) == _recount(db), run_number
        whole_units: dict[str, list[Unit]] = {"es": [], "fr": []}
        for path in paths:
            if path in recorded:
                origin, locale, units = recorded[path]
                whole_units[locale].extend(Unit(s, t, k, origin, a) for s, t, k, a in units)
        shared = Shared()
        whole = {locale: Memory(whole_units[locale], shared) for locale in whole_units}
        stored_shared = memorylookup.StoredShared(tmp_path / "memory.sqlite", ["es", "fr"], True)
        stored = {locale: memorylookup.StoredMemory(stored_shared, locale, ranks) for locale in whole}
        for locale in whole:
            for text in [*texts, "Nothing like it"]:
                for kind in KINDS:
                    for skip in (None, "glossary.po", "source/moved.md", names[0], names[3], "source/ß.md"):
                        expected = whole[locale].recall(text, kind, skip=skip)
                        assert stored[locale].recall(text, kind, skip=skip) == expected, (run_number, locale, text, kind, skip)
    counts = db.execute("SELECT MAX(files), COUNT(*) FROM ways").fetchone()
    assert counts[0] > memory.NAMED + 1 and counts[1] > 20
    db.close()


def test_a_writer_given_the_files_it_records_reads_only_those_and_records_as_one_reading_every_file(tmp_path):
    first = [("Rest well.", "Descanse.", "paragraph", True), ("Drink water.", "Beba agua.", "paragraph", True)]
    second = [("Drink water.", "Beba agua.", "paragraph", True), ("Call us.", "Llámenos.", "heading 2", True)]
    stores = []
    for name, paths in (("all", None), ("some", ["locales/es/a.po", "locales/es/new.po"])):
        db = memorystore.connect(tmp_path / f"{name}.sqlite", "key", True)
        writer = memorystore.Writer(db)
        for n in range(5):
            writer.put(f"locales/es/{'abcde'[n]}.po", "es", f"source/{n}.md", False, [1, 2, 3, 4, 5], first)
        writer.commit()
        writer = memorystore.Writer(db, paths)
        assert (sorted(writer.files) == ["locales/es/a.po"]) == (paths is not None)
        writer.put("locales/es/a.po", "es", "source/moved.md", False, [1, 2, 3, 4, 6], second)
        writer.put("locales/es/new.po", "es", "source/new.md", False, [1, 2, 3, 4, 6], second)
        writer.commit()
        stores.append(_contents(db))
        assert _ways(db) == _recount(db)
        db.close()
    assert stores[0] == stores[1]


def test_ways_out_of_step_with_the_units_give_no_error_and_are_mended_when_their_text_changes(tmp_path):
    """A store not written by locflow: a way counted below zero, one whose names are not JSON, one missing. Lookups fall back to
    the units (or miss), never fail; the next run touching those texts counts their ways afresh."""
    path = tmp_path / "memory.sqlite"
    db = memorystore.connect(path, "key", True)
    texts = ["Below zero.", "No names.", "Missing."]
    writer = memorystore.Writer(db)
    for n in range(6):
        writer.put(f"locales/es/p{n}.po", "es", f"source/p{n}.md", False, [0, 0, 0, 0, 0], [(t, f"ES {t}", "paragraph", True) for t in texts])
    writer.commit()
    ids = dict(db.execute("SELECT source, id FROM texts"))
    db.execute("UPDATE ways SET uses = -5 WHERE text = ?", (ids[texts[0]],))
    db.execute("UPDATE ways SET names = 'not json' WHERE text = ?", (ids[texts[1]],))
    db.execute("DELETE FROM ways WHERE text = ?", (ids[texts[2]],))
    db.commit()
    whole = Memory([Unit(t, f"ES {t}", "paragraph", f"source/p{n}.md") for n in range(6) for t in texts])
    stored = memorylookup.StoredMemory(memorylookup.StoredShared(path, ["es"], True), "es", {})
    assert stored.recall(texts[1], "paragraph") == whole.recall(texts[1], "paragraph")  # read from the units
    for text in (texts[0], texts[2]):  # no count above zero: no offer, and no error
        assert stored.recall(text, "paragraph", fuzzy=False) is None
    assert _ways(db) != _recount(db)
    writer = memorystore.Writer(db)
    writer.put("locales/es/p0.po", "es", "source/p0.md", False, [0, 0, 0, 0, 1], [(t, f"ES {t}", "paragraph", True) for t in texts * 2])
    writer.commit()
    assert _ways(db) == _recount(db)
    db.close()


def test_a_text_is_numbered_alike_before_and_after_the_store_s_texts_are_read(tmp_path):
    """Before the texts are read, the store's index answers; after, the texts sorted in code point order do."""
    texts = ["Zebra.", "apple", "Éclair au café.", "éclair", "日本語の文。", "😀 emoji first", "ß", "A", "a b", "a\u00a0b", "\ufb01ne"]
    path = tmp_path / "memory.sqlite"
    _recorded(path, texts)
    asked = [*texts, "Zebra", "éclair au café.", "😀", "", "\U0010ffff", "zzz", "0"]
    before = memorylookup.StoredShared(path, ["es"], True)
    numbers = [before.number(text) for text in asked]
    assert before.numbers is None and all(n is not None for n in numbers[: len(texts)]) and set(numbers[len(texts) :]) == {None}
    after = memorylookup.StoredShared(path, ["es"], True)
    after.prepare()
    assert after.numbers is not None
    assert [after.number(text) for text in asked] == numbers
    assert after.ids == {}  # no query was made


def test_a_memory_text_scoring_exactly_the_floor_is_not_offered_nor_looked_up(tmp_path):
    """The caller keeps its own suggestion over one scoring the same: such a text's translations are not read."""
    query = "Rest the knee brace for 48 hours after the visit, then walk a little every day."
    own = query.replace("48", "24")
    better = query.replace("little", "litle")
    path = tmp_path / "memory.sqlite"
    writer = memorystore.Writer(memorystore.connect(path, "key", True))
    writer.put("b.po", "es", "source/b.md", False, [0, 0, 0, 0, 0], [(own, "es own", "paragraph", True)])
    writer.commit()
    floor = memory.similarity(query, own)
    shared = memorylookup.StoredShared(path, ["es"], True)
    stored = memorylookup.StoredMemory(shared, "es", {"b.po": 0})
    assert stored.recall(query, "paragraph", floor=floor) is None
    assert [key[0] for key in shared.offers] == [query]  # its own exact offer only: the text at the floor was never looked up
    assert stored.recall(query, "paragraph", floor=floor - 1e-9).translation == "es own"
    whole = Memory([Unit(own, "es own", "paragraph", "source/b.md"), Unit(better, "es better", "paragraph", "source/c.md")])
    offer = whole.recall(query, "paragraph", floor=floor)  # more similar than the floor: offered
    assert offer is not None and (offer.previous, offer.translation) == (better, "es better") and offer.score > floor


def test_the_store_s_refresh_does_not_look_again_at_catalogs_extract_has_just_looked_at(tmp_path, monkeypatch):
    """What extract saw of the pages' catalogs is what the store is brought up to date with: no second look."""
    root = make(tmp_path)
    for n in range(3):
        (root / "source" / f"p{n}.md").write_text(f"{PARAS[n]}\n\nPage {n} of the set.\n")
    for _ in range(2):  # the second run settles what the first wrote in the clock tick of its record
        time.sleep(0.02)
        extract(root)
    time.sleep(0.02)
    add_page(root)
    looked: list[tuple[str, str]] = []
    seen = cache.seen

    def counted(path, since):
        looked.append((sys._getframe(1).f_globals["__name__"], str(path)))
        return seen(path, since)

    monkeypatch.setattr(cache, "seen", counted)
    extract(root)
    first = next(n for n, (caller, _) in enumerate(looked) if caller == "locflow.memoryfiles")
    by_extract = {path for caller, path in looked[:first] if caller == "locflow.commands.extract" and path.endswith(".po")}
    by_store = {path for caller, path in looked if caller == "locflow.memoryfiles"}
    assert len(by_extract) == 2 * 4 and by_store  # the catalogs of a, p0, p1, p2 in es and ar; b's, new, by the store
    assert not by_extract & by_store
    assert "translation memory: source/a.md" in (root / "locales" / "es" / "LC_MESSAGES" / "b.po").read_text()


def test_the_most_used_words_take_the_smallest_numbers_in_the_store_and_in_the_memory_read_whole(tmp_path):
    """Words numbered by how many texts hold them (then alphabetically): most characters of a text's code are below 256."""
    path = tmp_path / "memory.sqlite"
    texts = [f"zz the knee {'brace ' * (n % 2)}{n}" for n in range(30)]
    _recorded(path, texts)
    stored = dict(sqlite3.connect(path).execute("SELECT word, code FROM postings"))
    assert [word for word, _ in sorted(stored.items(), key=lambda item: item[1])][:5] == ["knee", "the", "zz", "brace", "0"]
    assert WordIndex(sorted(texts)).codes == stored  # the same rule in both
    assert all(ord(char) < 256 for (words,) in sqlite3.connect(path).execute("SELECT words FROM texts") for char in words)
    _recorded(path, ["aa bb bb.", "bb the"], "b.po", "source/b.md")  # words new to the store: the next numbers
    now = dict(sqlite3.connect(path).execute("SELECT word, code FROM postings"))
    assert {word: now[word] for word in stored} == stored and (now["bb"], now["aa"], now["bb."]) == (30 + 4, 30 + 5, 30 + 6)


def test_word_numbers_and_coded_words_not_ours_give_no_error(tmp_path):
    """The store is untrusted: a word's number that is not a number, or coded words that are not text, only rank worse."""
    path = tmp_path / "memory.sqlite"
    texts = [f"Rest the knee {n} hours after the visit." for n in range(20)]
    _recorded(path, texts)
    db = sqlite3.connect(path)
    db.execute("UPDATE postings SET code = 'x' WHERE word = 'knee'")
    db.execute("UPDATE postings SET code = -5 WHERE word = 'rest'")
    db.execute("UPDATE texts SET words = x'00ff' WHERE source = ?", (texts[3],))
    db.commit()
    db.close()
    shared = memorylookup.StoredShared(path, ["es"], True)
    shared.prepare()
    found = shared.candidates("Rest the knee 3 hours after the visit!")
    assert len(found) == len(texts) and set(found) == set(texts)
    _recorded(path, ["Rest the knee well."], "b.po", "source/b.md")  # new texts take new numbers
    codes = [code for (code,) in sqlite3.connect(path).execute("SELECT code FROM postings WHERE word IN ('knee', 'rest', 'well.')")]
    assert all(type(code) is int and code >= 0 for code in codes) and len(set(codes)) == 3


@pytest.mark.parametrize("blob", [memorystore._blob(array("i", [1, 10**6])), b"\x01\x00\x00", "text"])
def test_a_posting_not_ours_is_a_damaged_store_removed_with_a_message(tmp_path, blob):
    """A posting naming no text, or not a list of numbers, is reported as any damage is: the store removed, no traceback."""
    path = tmp_path / "memory.sqlite"
    _recorded(path, [f"Rest the knee {n} hours." for n in range(5)])
    db = sqlite3.connect(path)
    db.execute("UPDATE postings SET texts = ? WHERE word = 'knee'", (blob,))
    db.commit()
    db.close()
    shared = memorylookup.StoredShared(path, ["es"], True)
    with pytest.raises(memorystore.Damaged, match="cannot be read"):
        shared.candidates("Rest the knee 9 hours.")
    assert not path.exists()


def _renumbered(path, source: str, number: int) -> None:
    """Give a stored text another number, everywhere the store names it."""
    db = sqlite3.connect(path)
    old = db.execute("SELECT id FROM texts WHERE source = ?", (source,)).fetchone()[0]
    for table, column in (("texts", "id"), ("units", "text"), ("ways", "text")):
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (number, old))
    if number < 2**31:
        for word, blob in db.execute("SELECT word, texts FROM postings").fetchall():
            numbers = array("i", [number if n == old else n for n in memorystore.posting_numbers(blob)])
            db.execute("UPDATE postings SET texts = ? WHERE word = ?", (memorystore._blob(numbers), word))
    db.commit()
    db.close()


def test_texts_numbered_far_apart_give_the_same_candidates(tmp_path):
    """A store kept for years numbers its texts sparsely: their places come from a dict instead of a list, in the same order."""
    path = tmp_path / "memory.sqlite"
    texts = [f"Rest the knee {n} hours after the visit." for n in range(20)]
    _recorded(path, texts)
    query = "Rest the knee 3 hours after the visit!"
    near = memorylookup.StoredShared(path, ["es"], True)
    expected = near.candidates(query)
    assert isinstance(near.ranks, list) and len(expected) == len(texts)
    _renumbered(path, texts[7], 10**7)
    apart = memorylookup.StoredShared(path, ["es"], True)
    assert apart.candidates(query) == expected and isinstance(apart.ranks, dict)
    assert apart.number(texts[7]) == 10**7


def test_a_text_number_no_posting_can_hold_is_a_damaged_store(tmp_path):
    """A text numbered beyond 32 bits was not numbered by locflow: reported as damage, not an overflow's traceback."""
    path = tmp_path / "memory.sqlite"
    texts = [f"Rest the knee {n} hours after the visit." for n in range(20)]
    _recorded(path, texts)
    _renumbered(path, texts[7], 2**40)
    shared = memorylookup.StoredShared(path, ["es"], True)
    with pytest.raises(memorystore.Damaged, match="cannot be read"):
        shared.candidates("Rest the knee 3 hours after the visit!")
    assert not path.exists()


def _source_as_bytes(path: Path, source: str) -> None:
    """Store a source text as bytes, as locflow never writes it."""
    db = sqlite3.connect(path)
    db.execute("UPDATE texts SET source = CAST(source AS BLOB) WHERE source = ?", (source,))
    db.commit()
    db.close()


@pytest.mark.parametrize("whole", [True, False])
def test_a_source_text_not_text_is_a_damaged_store_removed_with_a_message(tmp_path, whole):
    """Texts are read sorted: one stored as bytes (a store not written by locflow) is reported as damage, not a traceback."""
    path = tmp_path / "memory.sqlite"
    texts = [f"Rest the knee {n} hours." for n in range(5)]
    _recorded(path, texts)
    _source_as_bytes(path, texts[2])
    shared = memorylookup.StoredShared(path, ["es"], whole)  # whole: every locale chosen; else extract --locale
    with pytest.raises(memorystore.Damaged, match="cannot be read"):
        shared.near("Rest the knee 9 hours.", 0.8)
    assert not path.exists()


NOT_OURS = {
    "source as bytes": "UPDATE texts SET source = CAST(source AS BLOB) WHERE id = (SELECT MIN(id) FROM texts)",
    "translation as bytes": "UPDATE units SET translation = CAST(translation AS BLOB)",
    "kind as bytes": "UPDATE units SET kind = x'07'",
    "seen as text": "UPDATE files SET since = 'soon'",
    "uses as text": "UPDATE ways SET uses = 'many'",
    "offered translation as bytes": "UPDATE ways SET translation = CAST(translation AS BLOB)",
    "posting as text": "UPDATE postings SET texts = 'not numbers'",
    "posting ragged": "UPDATE postings SET texts = x'010203'",
    "posting size as text": "UPDATE postings SET size = 'many'",
}
"""Values of another type than locflow writes, in each table (SQLite keeps any type in any column)."""


@pytest.mark.parametrize("damage", ["posting as text", "posting ragged", "source as bytes"])
def test_a_writer_meeting_a_value_not_ours_raises_the_store_s_error(tmp_path, damage):
    """Where such a value fails in the writer, it is the store's error: extract's refresh replaces the store, its record removes it.

    (The writer writes most other values back as locflow writes them: a row it reads and finds changed is rewritten.)
    """
    path = tmp_path / "memory.sqlite"
    texts = [f"Rest the knee {n} hours." for n in range(5)]
    _recorded(path, texts)
    db = sqlite3.connect(path)
    db.execute(NOT_OURS[damage])
    db.commit()
    db.close()
    connection = memorystore.connect(path, "key", True)
    with pytest.raises(memorystore.Error, match="not written by locflow"):
        writer = memorystore.Writer(connection)  # every file's record read
        writer.put(  # every unit read back; a new text's words and every text's ways brought in step at the commit
            "a.po", "es", "source/a.md", False, [1, 0, 0, 0, 0], [(t, f"es {t}!", "paragraph", True) for t in [*texts, "Rest well."]]
        )
        writer.commit()
    connection.execute("ROLLBACK")


@pytest.mark.parametrize("damage", sorted(NOT_OURS))
def test_extract_meeting_a_value_not_ours_shows_no_traceback_and_the_next_run_offers_as_a_clean_store(tmp_path, damage):
    """Met while looking texts up: a message, exit 2, nothing written; met by the store's writer: the store replaced, exit 0."""
    root = make(tmp_path)
    for _ in range(2):  # the second run settles what the first wrote in the clock tick of its record
        time.sleep(0.02)
        extract(root)
    time.sleep(0.02)
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, symlinks=True)
    db = sqlite3.connect(store(root))
    db.execute(NOT_OURS[damage])
    db.commit()
    db.close()
    for folder in (root, clean):
        page = folder / "source" / "a.md"
        page.write_text(page.read_text().replace(PARAS[0], PARAS[6]))
        add_page(folder)
    catalogs = snapshot(root / "locales")
    result = run(root, "extract")
    assert "Traceback" not in result.output + result.stderr and result.exit_code in (0, 2), result.output + result.stderr
    if result.exit_code == 2:
        assert "translation memory's store cannot be read" in result.stderr and snapshot(root / "locales") == catalogs
    for folder in (root, clean):
        extract(folder)
    assert snapshot(root / "locales") == snapshot(clean / "locales")
