"""The extract cache: unchanged documents are not parsed again, and it never changes a result."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from helpers import snapshot
from locflow import cache, segment
from locflow.commands import extract as extract_command
from locflow.config import load_config


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "locflow.toml").write_text('locales = ["es", "ar"]\n')
    for n in range(5):
        (tmp_path / "source" / f"p{n}.md").write_text(f"# Page {n}\n\nRest for {n} hours.\n", encoding="utf-8")
    extract_command.extract(load_config(tmp_path))
    return tmp_path


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """Record the path of every document that gets segmented."""
    calls: list[str] = []
    real = segment.segment

    def counting(source, path, *args):
        calls.append(path)
        return real(source, path, *args)

    monkeypatch.setattr(segment, "segment", counting)
    return calls


def files(root: Path) -> dict[str, bytes]:
    return snapshot(root / "locales", root)


def test_a_warm_extract_parses_only_the_changed_document(site, parsed):
    (site / "source" / "p3.md").write_text("# Page 3\n\nRest for 48 hours.\n", encoding="utf-8")
    result = extract_command.extract(load_config(site))
    assert parsed == ["source/p3.md"]
    assert result.segments == 10 and result.locales["es"].new == 1


def test_a_catalog_saved_by_a_translator_is_merged_again(site, parsed):
    path = site / "locales/es/LC_MESSAGES/p1.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "Page 1"\nmsgstr ""', 'msgid "Page 1"\nmsgstr "Página 1"'))
    extract_command.extract(load_config(site))
    assert parsed == ["source/p1.md"]


def test_an_upgrade_of_locflow_invalidates_the_cache(site, parsed, monkeypatch):
    monkeypatch.setattr(cache, "__version__", "999.0")
    extract_command.extract(load_config(site))
    assert len(parsed) == 5


def test_a_config_change_invalidates_the_cache(site, parsed):
    (site / "locflow.toml").write_text('locales = ["es", "ar"]\nfront_matter_keys = ["title"]\n')
    extract_command.extract(load_config(site))
    assert len(parsed) == 5


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"key": "x", "documents": []}', b"[1, 2]"])
def test_a_damaged_or_missing_cache_changes_no_result(site, content, tmp_path_factory):
    expected = files(site)
    (site / "source" / "p0.md").write_text("# Page 0\n\nRest for 1 hour.\n", encoding="utf-8")
    reference = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(site, reference)
    shutil.rmtree(reference / ".locflow")
    extract_command.extract(load_config(reference))
    (site / ".locflow" / "cache" / "extract.json").write_bytes(content)
    extract_command.extract(load_config(site))
    assert files(site) == files(reference) != expected


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """Record every source document whose bytes extract reads."""
    calls: list[str] = []
    real = extract_command.read_bytes

    def recording(path, shown):
        calls.append(shown)
        return real(path, shown)

    monkeypatch.setattr(extract_command, "read_bytes", recording)
    return calls


def settle(root: Path) -> None:
    """Extract again a moment later: files written in the clock tick of the last record are looked at once more."""
    time.sleep(0.02)
    extract_command.extract(load_config(root))


def test_unchanged_files_are_recognised_by_their_metadata_without_reading_them(site, read, parsed):
    settle(site)
    read.clear()
    result = extract_command.extract(load_config(site))
    assert read == [] and parsed == []
    assert result.segments == 10


def test_a_copy_that_keeps_times_is_read_but_not_parsed_again(site, tmp_path_factory, read, parsed):
    settle(site)
    copy = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(site, copy)  # copies modification times, not inode numbers or change times
    read.clear()
    extract_command.extract(load_config(copy))
    assert len(read) == 5 and parsed == []  # hashed once, found the same
    read.clear()
    settle(copy)
    assert read == [] and parsed == []


def test_files_recorded_in_the_clock_tick_they_changed_are_read_again(site, read, parsed, monkeypatch):
    # A record taken in the same tick as a file's last change cannot vouch for
    # it (the racy case, which git's index handles the same way): such files are
    # hashed again next time, and only parsed if their bytes changed.
    real = cache.clock
    shutil.rmtree(site / ".locflow" / "cache")
    monkeypatch.setattr(cache, "clock", lambda root, lock: 0)
    extract_command.extract(load_config(site))
    monkeypatch.setattr(cache, "clock", real)
    read.clear()
    parsed.clear()
    extract_command.extract(load_config(site))
    assert len(read) == 5 and parsed == []
    read.clear()
    settle(site)
    assert read == [] and parsed == []


def test_a_source_rewritten_with_its_size_and_mtime_put_back_is_parsed_again(site, parsed):
    settle(site)
    source = site / "source/p2.md"
    before = source.stat()
    source.write_text("# Page 2\n\nRest for 9 hours.\n", encoding="utf-8")  # same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    parsed.clear()
    result = extract_command.extract(load_config(site))
    assert parsed == ["source/p2.md"]  # its change time (ctime) gave it away
    assert result.locales["es"].new == 1


def test_a_catalog_edited_after_the_cache_is_merged_again_whatever_its_size(site, parsed):
    path = site / "locales/ar/LC_MESSAGES/p4.po"
    path.write_text(path.read_text(encoding="utf-8").replace("Rest for 4 hours.", "Rest for 5 hours."))
    extract_command.extract(load_config(site))
    assert parsed == ["source/p4.md"]


def test_editing_any_file_of_the_package_invalidates_the_cache(tmp_path, monkeypatch, site):
    package = tmp_path / "package"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    config = load_config(site)
    before = cache.fingerprint(config, "extract")
    check = package / "checks" / "filler.py"
    check.write_text(check.read_text(encoding="utf-8") + "\n# a changed check\n", encoding="utf-8")
    assert cache.fingerprint(config, "extract") != before

