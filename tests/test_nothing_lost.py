"""Property: whatever the source edits, every translation ever written stays in the catalog."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locflow.commands import extract as extract_command
from locflow.config import load_config

WORDS = ["rest", "ice", "pain", "muscle", "needle", "dose", "24", "hours", "doctor", "swelling", "gently", "not"]

paragraph = st.lists(st.sampled_from(WORDS), min_size=2, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")

edit = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(WORDS)),
    st.tuples(st.just("reorder"), st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("readd"), st.integers(0, 50)),
    st.tuples(st.just("add"), paragraph),
    st.tuples(st.just("split"), st.integers(0, 50)),
    st.tuples(st.just("join"), st.integers(0, 50)),
    st.tuples(st.just("heading"), st.integers(0, 50), st.integers(1, 6)),
)


def apply(blocks: list[list], deleted: list[list], step: tuple) -> None:
    """Apply one source edit to `blocks` ([level, text]; level 0 is a paragraph)."""
    kind, *args = step
    if not blocks and kind != "add":
        kind, args = "add", ["Rest well."]
    n = len(blocks)
    if kind == "edit":
        block = blocks[args[0] % n]
        words = block[1].rstrip(".").split()
        words[args[0] % len(words)] = args[1]
        block[1] = " ".join(words) + "."
    elif kind == "reorder":
        blocks.insert(args[1] % n, blocks.pop(args[0] % n))
    elif kind == "delete":
        deleted.append(blocks.pop(args[0] % n))
    elif kind == "readd":
        if deleted:
            blocks.insert(args[0] % (n + 1), deleted.pop(args[0] % len(deleted)))
    elif kind == "add":
        blocks.append([0, args[0]])
    elif kind == "split":
        block = blocks[args[0] % n]
        words = block[1].split()
        if len(words) > 1:
            cut = len(words) // 2
            block[1] = " ".join(words[:cut]) + "."
            blocks.insert(args[0] % n + 1, [block[0], " ".join(words[cut:])])
    elif kind == "join":
        i = args[0] % n
        if i + 1 < n:
            blocks[i][1] = blocks[i][1] + " " + blocks.pop(i + 1)[1]
    elif kind == "heading":
        blocks[args[0] % n][0] = args[1] if blocks[args[0] % n][0] == 0 else 0


def markdown(blocks: list[list]) -> str:
    return "".join(("#" * level + " " if level else "") + text + "\n\n" for level, text in blocks)


def every_translation(path: Path) -> set[str]:
    return {e.msgstr for e in polib.pofile(str(path)) if e.msgstr}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.lists(paragraph, min_size=1, max_size=6),
    steps=st.lists(st.tuples(edit, st.lists(st.booleans(), max_size=8)), min_size=1, max_size=8),
)
def test_no_translation_is_ever_lost(tmp_path_factory, start, steps):
    root = tmp_path_factory.mktemp("project")
    (root / "locflow.toml").write_text('locales = ["es"]\n')
    (root / "source").mkdir()
    source = root / "source" / "page.md"
    catalog_path = root / "locales" / "es" / "LC_MESSAGES" / "page.po"
    blocks = [[0, text] for text in start]
    deleted: list[list] = []
    written: set[str] = set()
    counter = 0
    config = load_config(root)
    source.write_text(markdown(blocks), encoding="utf-8")
    extract_command.extract(config)
    for step, fills in steps:
        # A translator fills some untranslated or fuzzy entries, as Poedit would save them.
        po = polib.pofile(str(catalog_path))
        active = [e for e in po if not e.obsolete and (not e.msgstr or e.fuzzy)]
        for entry, fill in zip(active, fills):
            if fill:
                counter += 1
                entry.msgstr = f"traducción {counter}"
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                written.add(entry.msgstr)
        po.save(str(catalog_path))
        apply(blocks, deleted, step)
        source.write_text(markdown(blocks), encoding="utf-8")
        extract_command.extract(config)
        missing = written - every_translation(catalog_path)
        assert not missing, f"lost after {step}: {missing}"
