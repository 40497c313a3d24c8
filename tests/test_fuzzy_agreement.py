"""locflow's fuzzy matches agree with GNU msgmerge's on a sample of edited pages.

The sample is the benchmark's own corpus (bench/corpus.py): pages whose
paragraphs get one word changed, one number changed and one new paragraph.
For every text that is new in a catalog after the edit, the old text that
locflow offers in ``#| msgid`` (or none) is compared with the one
``msgmerge --previous`` offers for the same catalog and template.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from locflow import catalog
from locflow.config import load_config

BENCH = Path(__file__).resolve().parent.parent / "bench"
LOCALES = ["es", "ar", "zh_Hans"]


def _corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(path: Path):
    return catalog.loads(catalog.decode(path.read_bytes(), str(path)), str(path))


@pytest.fixture(scope="module")
def msgmerge() -> str:
    from conftest import _gettext_tool

    return _gettext_tool("msgmerge")


def test_fuzzy_matches_agree_with_msgmerge(tmp_path, msgmerge):
    corpus = _corpus()
    before = tmp_path / "before"
    corpus.generate(before, 40, 7, LOCALES, jobs=1)
    after = tmp_path / "after"
    subprocess.run(["cp", "-a", str(before), str(after)], check=True)
    edited = corpus.edit_documents(after, 0.5, 7, "agreement")
    subprocess.run([sys.executable, "-m", "locflow", "-C", str(after), "extract"], check=True, capture_output=True)
    config = load_config(after)

    total = agree = fuzzy = 0
    disagreements = []
    for locale in LOCALES:
        for doc in edited:
            old = before / config.locales_dir / locale / "LC_MESSAGES" / f"{doc}.po"
            theirs_path = tmp_path / "msgmerge" / locale / f"{doc}.po"
            theirs_path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [msgmerge, "--quiet", "--previous", "--no-wrap", "-o", str(theirs_path), str(old), str(config.template_path(doc))],
                check=True,
            )
            known = {e.msgid for e in _read(old)}
            theirs = {e.msgid: (e.previous_msgid if e.fuzzy else None) for e in _read(theirs_path) if not e.obsolete}
            for entry in _read(config.catalog_path(locale, doc)):
                if entry.obsolete or entry.msgid in known:
                    continue
                total += 1
                ours = entry.previous_msgid if entry.fuzzy else None
                fuzzy += ours is not None
                if ours == theirs.get(entry.msgid, "(missing)"):
                    agree += 1
                else:
                    disagreements.append((locale, doc, entry.msgid[:50], ours and ours[:50], theirs.get(entry.msgid)))
    # Each edited page has two changed texts and one new one, in three locales.
    assert total >= 2 * 3 * len(edited)
    assert fuzzy >= 2 * 3 * len(edited) * 0.9  # the changed texts found their old translation
    assert agree >= 0.95 * total, (agree, total, disagreements[:5])
