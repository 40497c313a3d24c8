"""locflow's fuzzy matches agree with GNU msgmerge's on a sample of edited pages.

The sample is the benchmark's own corpus (bench/corpus.py): pages whose
paragraphs get one word changed, one number changed and one new paragraph.
For every text that is new in a catalog after the edit, what locflow offers
(the same text's translation from the project's memory, the old text in
``#| msgid``, or nothing) is compared with what ``msgmerge --previous -C``
offers for the same catalog and template, given as compendium every catalog
of the locale (what locflow's translation memory holds).
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
    compendia = {}
    for locale in LOCALES:
        catalogs = sorted(str(p) for p in (before / config.locales_dir / locale).rglob("*.po"))
        compendia[locale] = tmp_path / f"compendium-{locale}.po"
        subprocess.run([msgmerge.replace("msgmerge", "msgcat"), "--use-first", "-o", str(compendia[locale]), *catalogs], check=True)
    for locale in LOCALES:
        for doc in edited:
            old = before / config.locales_dir / locale / "LC_MESSAGES" / f"{doc}.po"
            theirs_path = tmp_path / "msgmerge" / locale / f"{doc}.po"
            theirs_path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [msgmerge, "--quiet", "--previous", "--no-wrap", "-C", str(compendia[locale]), "-o", str(theirs_path),
                 str(old), str(config.template_path(doc))],
                check=True,
            )
            known = {e.msgid for e in _read(old)}
            theirs = {e.msgid: _offer(e) for e in _read(theirs_path) if not e.obsolete}
            for entry in _read(config.catalog_path(locale, doc)):
                if entry.obsolete or entry.msgid in known:
                    continue
                total += 1
                ours = _offer(entry)
                fuzzy += ours is not None
                if ours == theirs.get(entry.msgid, "(missing)"):
                    agree += 1
                else:
                    disagreements.append((locale, doc, entry.msgid[:50], ours and ours[:50], theirs.get(entry.msgid)))
    # Each edited page has two changed texts and one new one, in three locales.
    assert total >= 2 * 3 * len(edited)
    assert fuzzy >= 2 * 3 * len(edited) * 0.9  # the changed texts found their old translation (or the memory's)
    # Measured: 179 of 180 (99%). The one left: a new paragraph for which locflow's memory
    # offers a text more similar (0.679) than msgmerge's choice (0.658): msgmerge scores only
    # a short list of its own (gettext's msgl-fsearch.c index), as locflow does (see bench/README.md).
    assert agree >= 0.97 * total, (agree, total, disagreements[:5])


def _offer(entry) -> str | None:
    """What a merge offered a new text: ``(same text)`` from the memory, the similar old text, or None."""
    if entry.msgstr and not entry.fuzzy:
        return "(same text)"
    return entry.previous_msgid if entry.fuzzy else None
