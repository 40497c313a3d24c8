"""Real documentation written by others (tests/data/realdocs/, see tests/data/README.md), end to end.

Identity catalogs give pages identical to English and no finding but `unchanged`; a
pseudo-translation passes the gate; no source markup (an HTML comment, a tag) shows on a
page as text; the words inside HTML blocks reach translators. The whole repositories go
through `bench/realdocs.py`, which prints the same figures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "realdocs"
spec = importlib.util.spec_from_file_location("realdocs", ROOT / "bench" / "realdocs.py")
realdocs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(realdocs)


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> dict:
    folders = sorted(path for path in SAMPLE.iterdir() if path.is_dir())
    assert [f.name for f in folders] == ["astro-docs", "hugo-docs", "mkdocs-material", "rust-book", "starlight", "tldr"]
    return realdocs.run(folders, tmp_path_factory.mktemp("realdocs"), ROOT / "src")


def test_the_sample_is_small_and_whole(figures):
    assert 30 <= figures["documents"] <= 60


def test_identity_catalogs_give_the_english_pages(figures):
    assert figures["pages"] == figures["documents"]
    assert figures["pages differing from English"] == []


def test_identity_catalogs_raise_nothing_but_unchanged(figures):
    # broken-links is about the sources: the sample leaves out pages its documents link to.
    assert set(figures["identity findings"]) - {"broken-links"} <= {"unchanged"}


def test_no_source_markup_shows_as_text(figures):
    # Fenced code inside MDX components (Tabs, Steps, PackageManagerTabs) included: the components are blocks.
    assert not figures["source markup shown as text"]
    assert not figures["pseudo pages showing source markup as text"]


def test_words_inside_html_blocks_are_segments(figures):
    assert figures["html segments"] > 0 and figures["html words"] > 0


def test_a_pseudo_translation_passes_the_gate(figures):
    assert not figures["pseudo errors"]


def test_a_writer_s_edit_changes_a_word_and_adds_a_paragraph_in_the_site_s_own_words(tmp_path):
    """bench/memory.py --real edits real pages as a writer would: same pages and words for the same seed, front matter kept."""
    root = realdocs.project([SAMPLE / "hugo-docs", SAMPLE / "rust-book"], tmp_path / "a")
    before = {path: path.read_text(encoding="utf-8") for path in sorted((root / "source").rglob("*.md"))}
    edited = realdocs.edit_pages(root, 0.2, 1)
    assert len(edited) == round(0.2 * len(before)) and edited == sorted(edited)
    for path, text in before.items():
        now = path.read_text(encoding="utf-8")
        name = path.relative_to(root / "source").with_suffix("").as_posix()
        if name not in edited:
            assert now == text
            continue
        head, body = realdocs._body(text)
        assert now.startswith(head) and now != text
        added = now.rstrip("\n").rsplit("\n\n", 1)[1]
        elsewhere = {word for other, words in before.items() if other != path for word in words.split()}
        assert added not in text and set(added.split()) <= elsewhere  # other pages' sentences
        blocks = now[len(head) :].rstrip("\n").split("\n\n")
        assert len(blocks) == len(body.rstrip("\n").split("\n\n")) + 1
        changed = [(a, b) for a, b in zip(body.rstrip("\n").split("\n\n"), blocks) if a != b]
        assert len(changed) <= 1 and all(len(set(a.split()) ^ set(b.split())) <= 2 for a, b in changed)
    again = realdocs.project([SAMPLE / "hugo-docs", SAMPLE / "rust-book"], tmp_path / "b")
    assert realdocs.edit_pages(again, 0.2, 1) == edited
    assert [p.read_bytes() for p in sorted((again / "source").rglob("*.md"))] == [p.read_bytes() for p in sorted((root / "source").rglob("*.md"))]
