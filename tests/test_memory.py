"""The project's translation memory: shared texts, moves, renames, splits, merges and compendia keep every translation."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run
from locflow.memory import Memory, Unit

PARAS = [f"Paragraph number {n} about resting well after the procedure." for n in range(8)]
SHARED = "Call your doctor if the swelling does not go down within 48 hours."


def project(tmp_path: Path, pages: dict[str, list[str]], extra: str = "") -> Path:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es"]\n' + extra)
    write(root, pages)
    return root


def write(root: Path, pages: dict[str, list[str]]) -> None:
    for name, paras in pages.items():
        path = root / "source" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{p}\n\n" for p in paras))


def po_path(root: Path, doc: str) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{doc}.po"


def translate_all(root: Path, doc: str) -> set[str]:
    po = polib.pofile(str(po_path(root, doc)))
    for entry in po:
        if not entry.obsolete:
            entry.msgstr = f"ES {entry.msgid}"
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save(str(po_path(root, doc)))
    return {e.msgstr for e in po if e.msgstr}


def translations(root: Path) -> set[str]:
    found = set()
    for path in (root / "locales" / "es").rglob("*.po"):
        found |= {e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete and not e.fuzzy}
    return found


def extract(root: Path):
    result = run(root, "extract")
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_a_shared_paragraph_in_a_new_page_is_filled_from_memory_with_a_note(tmp_path):
    root = project(tmp_path, {"a": [PARAS[0], SHARED]})
    extract(root)
    translate_all(root, "a")
    write(root, {"b": [PARAS[1], SHARED]})
    out = extract(root).output
    entry = polib.pofile(str(po_path(root, "b"))).find(SHARED)
    assert entry.msgstr == f"ES {SHARED}" and not entry.fuzzy
    assert "translation memory: source/a.md" in entry.comment
    assert "1 from memory" in out
    assert polib.pofile(str(po_path(root, "b"))).find(PARAS[1]).fuzzy  # similar to a's first paragraph


def test_a_paragraph_on_many_pages_names_three_of_them_and_a_refill_keeps_only_the_newest_note(tmp_path):
    pages = {f"p{n}": [PARAS[n], SHARED] for n in range(5)}
    root = project(tmp_path, pages)
    extract(root)
    for name in pages:
        translate_all(root, name)
    write(root, {"new": [SHARED]})
    extract(root)
    notes = [n for n in polib.pofile(str(po_path(root, "new"))).find(SHARED).comment.split("\n") if n.startswith("translation memory")]
    assert notes == ["translation memory: source/p0.md, source/p1.md, source/p2.md and 2 more"]
    po = polib.pofile(str(po_path(root, "new")))  # the translator empties it; the memory fills it again
    po.find(SHARED).msgstr = ""
    po.save(str(po_path(root, "new")))
    (root / "source" / "p0.md").unlink()
    extract(root)
    notes = [n for n in polib.pofile(str(po_path(root, "new"))).find(SHARED).comment.split("\n") if n.startswith("translation memory")]
    assert len(notes) == 1 and notes[0].startswith("translation memory: ")


def test_a_similar_text_elsewhere_gives_a_fuzzy_suggestion(tmp_path):
    root = project(tmp_path, {"a": [SHARED]})
    extract(root)
    translate_all(root, "a")
    write(root, {"b": [SHARED.replace("48", "72")]})
    extract(root)
    entry = polib.pofile(str(po_path(root, "b"))).find(SHARED.replace("48", "72"))
    assert entry.fuzzy and entry.msgstr == f"ES {SHARED}" and entry.previous_msgid == SHARED


def test_two_translations_of_one_text_are_offered_fuzzy_naming_the_other(tmp_path):
    root = project(tmp_path, {"a": [SHARED], "b": [SHARED, PARAS[0]], "c": [SHARED, PARAS[1]]})
    extract(root)
    for doc, text in (("a", "uno"), ("b", "dos"), ("c", "dos")):
        po = polib.pofile(str(po_path(root, doc)))
        po.find(SHARED).msgstr = text
        po.save(str(po_path(root, doc)))
    write(root, {"d": [SHARED]})
    extract(root)
    entry = polib.pofile(str(po_path(root, "d"))).find(SHARED)
    assert entry.msgstr == "dos" and entry.fuzzy
    assert "source/b.md, source/c.md" in entry.comment and "'uno' (source/a.md)" in entry.comment


def test_a_legacy_compendium_fills_a_new_project(tmp_path):
    root = project(tmp_path, {"a": [SHARED, PARAS[0]]}, 'compendium = ["legacy/es.po"]\n')
    (root / "legacy").mkdir()
    legacy = polib.POFile()
    legacy.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    legacy.append(polib.POEntry(msgid=SHARED, msgstr="Llame a su médico."))
    legacy.save(str(root / "legacy" / "es.po"))
    extract(root)
    entry = polib.pofile(str(po_path(root, "a"))).find(SHARED)
    assert entry.msgstr == "Llame a su médico." and not entry.fuzzy
    assert "translation memory: legacy/es.po" in entry.comment


def test_two_paragraphs_merged_into_one_get_their_translations_joined_fuzzy(tmp_path):
    root = project(tmp_path, {"a": [PARAS[0], PARAS[1], SHARED]})
    extract(root)
    translate_all(root, "a")
    write(root, {"a": [f"{PARAS[0]} {PARAS[1]}", SHARED]})  # the writer merges two paragraphs
    out = extract(root).output
    entry = polib.pofile(str(po_path(root, "a"))).find(f"{PARAS[0]} {PARAS[1]}")
    assert entry.msgstr == f"ES {PARAS[0]} ES {PARAS[1]}"
    assert entry.fuzzy and entry.previous_msgid is None  # a translator reads it once more: sentences may read otherwise together
    assert "translation memory: 2 texts joined: source/a.md" in entry.comment.split("\n")
    assert "1 changed" in out


def test_a_paragraph_whose_sentences_a_sentence_memory_translates_is_joined_and_one_missing_sentence_is_not(tmp_path):
    first, second, third = "Rest for two days.", "Keep the bandage dry.", "Call us on Monday."
    root = project(tmp_path, {"a": [f"{first} {second}", f"{first}  \n{second}", f"{first} {third}", second]},
                   'compendium = ["legacy/es.po"]\n')
    (root / "legacy").mkdir()
    legacy = polib.POFile()  # what a CAT tool's memory holds: sentences
    legacy.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    legacy.append(polib.POEntry(msgid=first, msgstr="Descanse dos días."))
    legacy.append(polib.POEntry(msgid=second, msgstr="Mantenga el vendaje seco."))
    legacy.save(str(root / "legacy" / "es.po"))
    extract(root)
    po = polib.pofile(str(po_path(root, "a")))
    joined = po.find(f"{first} {second}")
    assert joined.msgstr == "Descanse dos días. Mantenga el vendaje seco." and joined.fuzzy
    assert "translation memory: 2 texts joined: legacy/es.po" in joined.comment
    assert po.find(f"{first}  \n{second}").msgstr == "Descanse dos días.  \nMantenga el vendaje seco."  # the line break stays
    assert po.find(second).msgstr == "Mantenga el vendaje seco." and not po.find(second).fuzzy
    missing = po.find(f"{first} {third}")  # "Call us on Monday." is translated nowhere: the most similar text instead
    assert (missing.msgstr, missing.previous_msgid, missing.fuzzy) == ("Descanse dos días.", first, True)
    import json

    (es,) = json.loads(run(root, "stats", "--costs", "--format", "json").output)
    assert {name: band["segments"] for name, band in es["bands"].items() if band["segments"]} == {"95-99%": 2, "new": 1}


def test_joined_translations_keep_hard_breaks_drop_a_space_after_a_chinese_full_stop_and_prefer_longer_runs():
    memory = Memory([
        Unit("Rest.", "休息。", "paragraph", "source/a.md"), Unit("Ice it.", "冰敷。", "paragraph", "source/b.md"),
        Unit("Rest. Ice it.", "休息并冰敷。", "paragraph", "source/c.md"), Unit("Call us.", "致电我们。", "", "legacy/zh.po"),
    ])
    assert memory.recall("Rest. Ice it. Call us.", "paragraph").translation == "休息并冰敷。致电我们。"  # 2 runs, not 3
    assert memory.recall("Rest.\\\nCall us.", "paragraph").translation == "休息。\\\n致电我们。"
    offer = memory.recall("Ice it. Rest. Call us.", "paragraph")
    assert offer.translation == "冰敷。休息。致电我们。" and offer.score == 1.0
    assert offer.note == "translation memory: 3 texts joined: source/b.md; source/a.md; legacy/zh.po"
    assert memory.recall("Rest. Ice it. Call us.", "paragraph", fuzzy=False) is None  # joined is a suggestion, never exact
    assert memory.recall("Rest. Swim.", "paragraph").previous is not None  # a sentence nowhere: a similar text, if any


def test_a_page_made_of_another_s_texts_takes_them_exactly_across_heading_levels_titles_terms_and_quoted_paragraphs(tmp_path):
    root = project(tmp_path, {})
    (root / "source" / "a.md").write_text(
        "# Aftercare\n\n## Swelling\n\nRest.\n\nCall us if it hurts.\n\n### Bandage\n\nKeep it dry.\n", encoding="utf-8"
    )
    extract(root)
    translate_all(root, "a")
    (root / "source" / "b.md").write_text(  # the same texts, another page's structure (a site reorganized)
        "---\ntitle: Aftercare\n---\n\n### Swelling\n\n> Call us if it hurts.\n\nBandage\n: Keep it dry.\n\n- Rest.\n",
        encoding="utf-8",
    )
    out = extract(root).output
    po = {e.msgid: e for e in polib.pofile(str(po_path(root, "b"))) if not e.obsolete}
    for text, kind in (("Aftercare", "front matter: title"), ("Swelling", "heading 3"), ("Call us if it hurts.", "block quote"),
                       ("Bandage", "term"), ("Keep it dry.", "definition")):
        assert (po[text].msgstr, po[text].fuzzy, po[text].comment.split("\n")[:2]) == (
            f"ES {text}", False, [kind, "translation memory: source/a.md"])
    assert po["Rest."].fuzzy and "(as a paragraph)" in po["Rest."].comment  # a list item is a kind of its own
    assert "5 from memory" in out


def test_a_moved_page_keeps_its_catalog_and_is_reported_as_one_move(tmp_path):
    root = project(tmp_path, {"a": PARAS[:4]})
    extract(root)
    written = translate_all(root, "a")
    (root / "source" / "procedures").mkdir()
    (root / "source" / "a.md").rename(root / "source" / "procedures" / "a.md")
    out = extract(root).output
    assert "moved source/a.md -> source/procedures/a.md (4/4 texts)" in out
    assert written <= translations(root)
    assert not po_path(root, "a").exists() and not (root / "locales" / "a.pot").exists()
    assert "0 new" in out


def test_an_orphaned_catalog_is_kept_and_reported_by_extract_and_check(tmp_path):
    root = project(tmp_path, {"a": PARAS[:2], "b": PARAS[4:6]})
    extract(root)
    translate_all(root, "a")
    (root / "source" / "a.md").unlink()
    result = extract(root)
    assert "locales/es/LC_MESSAGES/a.po" in result.stderr and "translation memory" in result.stderr
    assert po_path(root, "a").exists()
    check = run(root, "check")
    assert "orphan" in check.output + check.stderr


moves = st.sampled_from(["rename", "split", "merge", "delete-restore"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=moves, size=st.integers(2, 6))
def test_move_rename_split_merge_and_restore_lose_no_translation(tmp_path_factory, kind, size):
    root = project(tmp_path_factory.mktemp("p"), {"a": PARAS[:size], "b": PARAS[size:]})
    extract(root)
    written = translate_all(root, "a") | translate_all(root, "b")
    src = root / "source"
    if kind == "rename":
        (src / "a.md").rename(src / "renamed.md")
    elif kind == "split":
        write(root, {"a": PARAS[: size // 2], "c": PARAS[size // 2 : size]})
    elif kind == "merge":
        (src / "b.md").unlink()
        write(root, {"a": PARAS})
    else:
        text = (src / "a.md").read_text()
        (src / "a.md").unlink()
        extract(root)
        (src / "a.md").write_text(text)
    extract(root)
    # Every translation is still in use by some page's active entries.
    assert written - translations(root) <= ({f"ES {p}" for p in PARAS[size:]} if kind == "merge" else set()) - {
        f"ES {p}" for p in PARAS
    }
    used = translations(root)
    for doc in [p.stem for p in src.rglob("*.md")]:
        po = polib.pofile(str(po_path(root, doc)))
        assert all(e.msgstr and not e.fuzzy for e in po if not e.obsolete), (kind, doc)
    assert written <= used | translations(root)


def test_memory_prefers_the_same_kind_and_the_most_used_translation():
    memory = Memory([Unit("Rest.", "Descanse.", "paragraph", "a"), Unit("Rest.", "Reposo", "heading 2", "b")])
    offer = memory.recall("Rest.", "paragraph")
    assert offer.translation == "Descanse." and not offer.fuzzy
    assert memory.recall("Rest.", "list item").fuzzy
    assert memory.recall("Rest.", "paragraph", skip="a").translation == "Reposo"


def test_the_same_kind_comes_before_its_family_and_the_family_before_any_other_kind():
    memory = Memory([Unit("Overview", "Resumen", "heading 2", "a"), *(Unit("Overview", "Visión general", "term", n) for n in "bcd"),
                     Unit("Overview", "Vista", "table cell", "e")])
    assert (memory.recall("Overview", "heading 2").translation, memory.recall("Overview", "heading 2").fuzzy) == ("Resumen", False)
    offer = memory.recall("Overview", "heading 4")  # no heading 4: the family, headings, titles and terms, counted together
    assert offer.translation == "Visión general" and offer.fuzzy and "also translated as 'Resumen' (a)" in offer.note
    assert memory.recall("Overview", "front matter: title").fuzzy  # two translations in the family: pick one
    assert Memory([Unit("Overview", "Resumen", "heading 2", "a")]).recall("Overview", "front matter: title").fuzzy is False
    assert Memory([Unit("Example", "Ejemplo", "heading 3", "a")]).recall("Example", "label").fuzzy is False  # an admonition's label
    other = Memory([Unit("Overview", "Vista", "table cell", "e")]).recall("Overview", "heading 2")
    assert other.fuzzy and "(as a table cell)" in other.note


def test_the_consistency_warning_names_both_translations_and_where_they_are():
    from locflow.checks.consistency import consistency

    units = [Unit("Rest.", "Descanse.", "paragraph", "source/a.md"), Unit("Rest.", "Repose.", "paragraph", "source/b.md"),
             Unit("Ice.", "Hielo.", "paragraph", "source/a.md"), Unit("Cold.", "Hielo.", "paragraph", "source/b.md"),
             Unit("Old.", "Viejo.", "paragraph", "source/a.md"), Unit("Old.", "Antiguo.", "paragraph", "source/b.md", False)]
    found = list(consistency(units))
    assert [(f.check, f.severity, f.source) for f in found] == [
        ("consistency", "warning", "Rest."), ("consistency", "warning", "Cold.")]
    assert "'Descanse.' in source/a.md; 'Repose.' in source/b.md" in found[0].message
    assert "'Cold.' in source/b.md; 'Ice.' in source/a.md" in found[1].message


def test_consistency_stays_quiet_on_consistent_catalogs_and_fires_across_documents(tmp_path):
    root = project(tmp_path, {"a": [SHARED, PARAS[0]], "b": [SHARED, PARAS[1]]})
    extract(root)
    translate_all(root, "a")
    translate_all(root, "b")
    assert "[consistency]" not in run(root, "check").output
    po = polib.pofile(str(po_path(root, "b")))
    po.find(SHARED).msgstr = "Otra traducción."
    po.save(str(po_path(root, "b")))
    out = run(root, "check").output
    assert "[consistency]" in out and "source/a.md" in out and "source/b.md" in out


def test_costs_put_each_remaining_segment_in_one_band(tmp_path):
    filler = "Lorem ipsum dolor sit amet consectetur adipiscing elit."
    root = project(tmp_path, {"a": [SHARED, PARAS[0]]})
    extract(root)
    translate_all(root, "a")
    write(root, {"b": [SHARED, PARAS[0].replace("0", "9"), "Completely different words here now.", filler],
                 "c": ["Completely different words here now."]})
    result = run(root, "stats", "--costs", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    (es,) = json.loads(result.output)
    bands = {name: band["segments"] for name, band in es["bands"].items()}
    assert bands == {"new": 1, "repetitions": 1, "100%": 1, "95-99%": 1, "85-94%": 0, "75-84%": 0, "filler": 1}
    assert es["words_to_send"] == sum(b["words"] for n, b in es["bands"].items() if n != "filler")
    csv_out = run(root, "stats", "--costs", "--format", "csv").output
    assert csv_out.splitlines()[0] == "locale,band,segments,words" and "es,filler,1,8" in csv_out
    assert "words to send" in run(root, "stats", "--costs").output
    assert run(root, "stats", "--format", "csv").exit_code == 2


def test_memory_export_writes_a_compendium_msgmerge_uses(tmp_path, msgfmt):
    import subprocess

    root = project(tmp_path, {"a": [SHARED, PARAS[0]], "b": [SHARED]})
    extract(root)
    translate_all(root, "a")
    result = run(root, "memory", "export", "es", "-o", str(tmp_path / "es.po"))
    assert result.exit_code == 0, result.output + result.stderr
    po = polib.pofile(str(tmp_path / "es.po"))
    assert {e.msgid: e.msgstr for e in po} == {SHARED: f"ES {SHARED}", PARAS[0]: f"ES {PARAS[0]}"}
    assert po.metadata["Language"] == "es" and "source/a.md" in po.find(SHARED).comment
    subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(tmp_path / "es.po")], check=True)
    # gettext's own merge fills a fresh template from it
    pot = root / "locales" / "b.pot"
    merged = subprocess.run(["msgmerge", "-q", "-C", str(tmp_path / "es.po"), "/dev/null", str(pot)],
                            capture_output=True, text=True, check=True).stdout
    assert f'msgstr "ES {SHARED}"' in merged
