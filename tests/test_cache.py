"""The extract cache: unchanged documents are not parsed again, and it never changes a result."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from locflow import cache, project, segment
from locflow.config import load_config


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "source").mkdir()
    (tmp_path / "locflow.toml").write_text('locales = ["es", "ar"]\n')
    for n in range(5):
        (tmp_path / "source" / f"p{n}.md").write_text(f"# Page {n}\n\nRest for {n} hours.\n", encoding="utf-8")
    project.extract(load_config(tmp_path))
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
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.po*"))}


def test_a_warm_extract_parses_only_the_changed_document(site, parsed):
    (site / "source" / "p3.md").write_text("# Page 3\n\nRest for 48 hours.\n", encoding="utf-8")
    result = project.extract(load_config(site))
    assert parsed == ["source/p3.md"]
    assert result.segments == 10 and result.locales["es"].new == 1


def test_a_catalog_saved_by_a_translator_is_merged_again(site, parsed):
    path = site / "locales/es/LC_MESSAGES/p1.po"
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "Page 1"\nmsgstr ""', 'msgid "Page 1"\nmsgstr "Página 1"'))
    project.extract(load_config(site))
    assert parsed == ["source/p1.md"]


def test_an_upgrade_of_locflow_invalidates_the_cache(site, parsed, monkeypatch):
    monkeypatch.setattr(cache, "__version__", "999.0")
    project.extract(load_config(site))
    assert len(parsed) == 5


def test_a_config_change_invalidates_the_cache(site, parsed):
    (site / "locflow.toml").write_text('locales = ["es", "ar"]\nfront_matter_keys = ["title"]\n')
    project.extract(load_config(site))
    assert len(parsed) == 5


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"key": "x", "documents": []}', b"[1, 2]"])
def test_a_damaged_or_missing_cache_changes_no_result(site, content, tmp_path_factory):
    expected = files(site)
    (site / "source" / "p0.md").write_text("# Page 0\n\nRest for 1 hour.\n", encoding="utf-8")
    reference = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(site, reference)
    shutil.rmtree(reference / ".locflow")
    project.extract(load_config(reference))
    (site / ".locflow" / "cache" / "extract.json").write_bytes(content)
    project.extract(load_config(site))
    assert files(site) == files(reference) != expected


@pytest.fixture
def read(monkeypatch) -> list[str]:
    """Record every source document whose bytes extract reads."""
    calls: list[str] = []
    real = project.read_bytes

    def recording(path, shown):
        calls.append(shown)
        return real(path, shown)

    monkeypatch.setattr(project, "read_bytes", recording)
    return calls


def _age_cache(root: Path, seconds: float = 2.0) -> None:
    """Make the cache file look written `seconds` after everything else, as when time has passed."""
    path = root / ".locflow/cache/extract.json"
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + int(seconds * 1e9)))


def test_unchanged_files_are_recognised_by_size_and_time_without_reading_them(site, read, parsed):
    _age_cache(site)
    result = project.extract(load_config(site))
    assert read == [] and parsed == []
    assert result.segments == 10


def test_a_copy_that_keeps_times_is_not_read_again(site, tmp_path_factory, read, parsed):
    _age_cache(site)
    copy = tmp_path_factory.mktemp("copy") / "site"
    shutil.copytree(site, copy)  # copies modification times, not inode numbers
    project.extract(load_config(copy))
    assert read == [] and parsed == []


def test_a_file_changed_in_the_same_clock_tick_as_the_cache_is_read(site, parsed):
    # A source rewritten with the same size and modification time as recorded
    # is only caught because its time is not older than the cache file's: the
    # racy case, which git's index handles the same way.
    source = site / "source/p2.md"
    cache_file = site / ".locflow/cache/extract.json"
    before = source.stat()
    os.utime(cache_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    source.write_text("# Page 2\n\nRest for 9 hours.\n", encoding="utf-8")  # same size
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    result = project.extract(load_config(site))
    assert parsed == ["source/p2.md"]
    assert result.locales["es"].new == 1


def test_a_catalog_edited_after_the_cache_is_merged_again_whatever_its_size(site, parsed):
    _age_cache(site, -10.0)  # the catalog below is written after the cache
    path = site / "locales/ar/LC_MESSAGES/p4.po"
    path.write_text(path.read_text(encoding="utf-8").replace("Rest for 4 hours.", "Rest for 5 hours."))
    project.extract(load_config(site))
    assert parsed == ["source/p4.md"]
