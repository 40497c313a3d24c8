"""`build` killed at any moment leaves dist/ whole; a dist/ it cannot write is a clear error."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from corpus import make_corpus
from helpers import snapshot
from locflow.cli import cli


def dist(root: Path) -> dict[str, bytes]:
    return snapshot(root / "dist", root)


def build_command(root: Path) -> list[str]:
    return [sys.executable, "-m", "locflow", "-C", str(root), "build"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """Return (a built project whose catalogs changed since, dist/ before, dist/ after a full build, its seconds)."""
    before = tmp_path_factory.mktemp("built")
    make_corpus(before)
    subprocess.run([sys.executable, "-m", "locflow", "-C", str(before), "extract"], check=True, capture_output=True)
    subprocess.run(build_command(before), check=True, capture_output=True)
    for path in (before / "locales").rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgstr.replace("]", "] (revised)", 1)
        catalog.save(str(path))
    after = tmp_path_factory.mktemp("after") / "project"
    shutil.copytree(before, after)
    started = time.monotonic()
    subprocess.run(build_command(after), check=True, capture_output=True)
    return before, dist(before), dist(after), time.monotonic() - started


def test_sigkill_during_build_leaves_every_page_old_or_new(built, tmp_path):
    before, old, new, seconds = built
    assert old.keys() == new.keys() and sum(old[k] != new[k] for k in old) > 100
    rng = random.Random(1127)
    for attempt in range(10):
        root = tmp_path / f"run{attempt}"
        shutil.copytree(before, root)
        process = subprocess.Popen(build_command(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, seconds * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = dist(root)
        assert now.keys() == old.keys(), "a partial or stray file appeared in dist/"
        for name, data in now.items():
            assert data in (old[name], new[name]), f"{name} is neither its old nor its new version"
        subprocess.run(build_command(root), check=True, capture_output=True)
        assert dist(root) == new


@pytest.fixture
def read_only(tmp_path):
    """Make a folder unwritable, even for root (an immutable attribute), and undo it afterwards."""
    made = []

    def make(folder: Path) -> None:
        if os.geteuid() == 0:
            result = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
            assert result.returncode == 0, f"chattr is needed to make a folder read-only for root: {result.stderr}"
        else:
            folder.chmod(0o555)
        made.append(folder)

    yield make
    for folder in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_a_read_only_dist_is_a_clear_error_and_nothing_is_half_written(shipped, read_only):
    assert CliRunner().invoke(cli, ["-C", str(shipped), "build"]).exit_code == 0
    before = dist(shipped)
    catalog = shipped / "locales/es/LC_MESSAGES/trigger-point-injections.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Inyecciones", "Las inyecciones"), encoding="utf-8")
    (shipped / "source" / "more.md").write_text("# More\n", encoding="utf-8")
    read_only(shipped / "dist" / "es")
    result = CliRunner().invoke(cli, ["-C", str(shipped), "build"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and "dist/es" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert dist(shipped) == before


def test_a_build_names_no_temporary_file_in_dist(tmp_path, monkeypatch):
    """Every file a build writes is staged under .locflow/ and renamed into place: a kill at any moment leaves none behind."""
    import tempfile

    root = tmp_path / "project"
    make_corpus(root)
    (root / "locflow.toml").write_text((root / "locflow.toml").read_text() + 'base_url = "https://example.org/"\n')
    assert CliRunner().invoke(cli, ["-C", str(root), "extract"]).exit_code == 0
    named: list[str] = []
    make = tempfile.mkstemp

    def recorded(*args, **kwargs):
        fd, name = make(*args, **kwargs)
        named.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", recorded)
    result = CliRunner().invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code in (0, 1), result.output
    assert (root / "dist" / "sitemap.xml").is_file() and (root / "dist" / "es" / "index.html").is_file()
    dist = str(root / "dist") + os.sep
    assert [name for name in named if name.startswith(dist)] == []
