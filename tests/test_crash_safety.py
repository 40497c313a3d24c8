"""Killing locflow at any moment, or running it twice at once, never loses or corrupts a catalog."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from corpus import make_corpus
from helpers import snapshot
from locflow.errors import LocflowError
from locflow.fsio import digest
from locflow.transaction import Transaction


def catalogs(root: Path) -> dict[str, bytes]:
    return snapshot(root / "locales", root)


def extract_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "locflow", "-C", str(root), "extract"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """Return (project before the run, its catalogs before, after a full run, the run's seconds)."""
    before = tmp_path_factory.mktemp("before")
    make_corpus(before)
    after = tmp_path_factory.mktemp("after") / "project"
    shutil.copytree(before, after)
    started = time.monotonic()
    subprocess.run(extract_command(after), check=True, capture_output=True)
    return before, catalogs(before), catalogs(after), time.monotonic() - started


def test_sigkill_during_extract_leaves_every_catalog_old_or_new(corpus, tmp_path):
    before, old, new, seconds = corpus
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old if k.endswith(".po"))
    rng = random.Random(20261127)
    for attempt in range(12):
        root = tmp_path / f"run{attempt}"
        shutil.copytree(before, root)
        process = subprocess.Popen(extract_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, seconds * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = catalogs(root)
        assert now.keys() == old.keys(), "a stray file appeared in locales/"
        for name, data in now.items():
            assert data in (old[name], new[name]), f"{name} is neither its old nor its new version"
            if name.endswith(".po"):
                assert all(e.msgstr for e in polib.pofile(data.decode("utf-8")))
        # The next run finishes the job.
        subprocess.run(extract_command(root), check=True, capture_output=True)
        assert catalogs(root) == new
        assert not list((root / ".locflow" / "staging").glob("*/*")), "staged files were left behind"


def test_two_extracts_at_once_take_turns_and_lose_nothing(corpus, tmp_path):
    before, _old, new, _seconds = corpus
    root = tmp_path / "project"
    shutil.copytree(before, root)
    first = subprocess.Popen(extract_command(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second = subprocess.Popen(extract_command(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert first.wait() == 0 and second.wait() == 0
    assert catalogs(root) == new


def test_a_catalog_saved_by_a_translator_during_a_run_is_not_overwritten(tmp_path):
    target = tmp_path / "es.po"
    target.write_text("old")
    transaction = Transaction()
    transaction.stage(target, b"merged", expected=digest(b"old"))
    target.write_text("saved by Poedit meanwhile")
    with pytest.raises(LocflowError, match="changed on disk while locflow was running; nothing was written"):
        transaction.commit()
    assert target.read_text() == "saved by Poedit meanwhile"
    assert [p.name for p in tmp_path.iterdir()] == ["es.po"]
