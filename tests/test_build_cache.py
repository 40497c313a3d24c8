"""The build cache: what a build remembers of each file so that the next one only looks at metadata."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from test_build import DOC, LOCALES, PO, SUMMARY, built, files, identities

from locflow import cache


def settled(project: Path) -> None:
    """Build twice: the second build re-checks files written in the same clock tick as the first one's record."""
    built(project)
    time.sleep(0.02)
    built(project)


def spy_reads(monkeypatch) -> list[str]:
    """Record every file the build reads in full (sources, catalogs, pages)."""
    reads = []
    load = cache.load_file

    def spying(path, since):
        reads.append(Path(path).name)
        return load(path, since)

    monkeypatch.setattr(cache, "load_file", spying)
    return reads


def test_a_no_op_build_reads_no_file_and_rewrites_nothing(shipped, monkeypatch):
    settled(shipped)
    before = identities(shipped)
    reads = spy_reads(monkeypatch)
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    assert reads == []
    assert identities(shipped) == before


def test_a_page_edited_by_hand_with_its_size_and_mtime_put_back_is_restored(shipped):
    settled(shipped)
    expected = files(shipped)
    page = shipped / "dist" / "es" / f"{DOC}.txt"
    info = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"a", b"o"))
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert page.stat().st_size == info.st_size and page.stat().st_mtime_ns == info.st_mtime_ns
    assert "1 written, 3 unchanged" in built(shipped).stdout  # its change time (ctime) gave it away
    assert files(shipped) == expected


def test_files_recorded_in_the_clock_tick_they_changed_are_read_again(shipped, monkeypatch):
    monkeypatch.setattr(cache, "clock", lambda root, lock: 0)  # every record is taken "too early" to be trusted
    built(shipped)
    monkeypatch.undo()
    reads = spy_reads(monkeypatch)
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    pages = [f"{DOC}{suffix}" for suffix in (".html", ".txt")]
    assert sorted(name for name in reads if not name.endswith(".po")) == sorted([f"{DOC}.md"] + pages * 4)
    assert reads.count(f"{DOC}.po") >= 3  # each catalog (the gate's summary may read them again)
    reads.clear()
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    assert reads == []


def test_unchanged_trusts_only_metadata_recorded_after_the_file_last_changed():
    now = [120, 1_000, 1_000, 7, 0]
    assert cache.unchanged(now, [120, 1_000, 1_000, 7, 2_000])
    assert not cache.unchanged(now, [120, 1_000, 1_000, 7, 1_000])  # recorded in the same tick: may have changed since
    assert not cache.unchanged(now, [120, 1_000, 1_000, 8, 2_000])  # replaced by another file
    assert not cache.unchanged(now, [121, 1_000, 1_000, 7, 2_000])
    assert not cache.unchanged(now, [120, 1_000, 999, 7, 2_000])  # ctime: touched since (os.utime, chmod)
    assert not cache.unchanged(None, [120, 1_000, 1_000, 7, 2_000])
    assert not cache.unchanged(now, [])


def test_a_page_added_to_dist_by_hand_is_removed_by_a_build_with_nothing_else_to_do(shipped):
    settled(shipped)
    stray = shipped / "dist" / "es" / "old-page.html"
    stray.write_text("left over", encoding="utf-8")
    assert "0 written, 4 unchanged, 1 file(s) removed" in built(shipped).stdout
    assert not stray.exists()


def test_a_catalog_deleted_after_a_build_rebuilds_the_page_and_warns_every_time(shipped):
    settled(shipped)
    (shipped / PO.format("es")).unlink()
    warning = f"warning: {PO.format('es')}: no catalog; the es page shows the source text (run locflow extract)\n"
    for written in (3, 0):  # the other pages no longer link to it
        result = built(shipped)
        assert result.stderr == warning
        assert f"{written} written" in result.stdout
        assert "  es       1 withheld\n" in result.stdout  # nothing translated: not published


def test_the_manifest_is_written_as_json_dumps_with_indent_2_would(shipped):
    for number in range(3):
        page = shipped / "source" / f"ünïcode-{number}" / "page.md"
        page.parent.mkdir()
        page.write_text(f"# Part {number}\n\nText.\n", encoding="utf-8")
    settled(shipped)
    (shipped / "source" / "ünïcode-1" / "page.md").write_text("# Changed\n", encoding="utf-8")
    built(shipped)  # one document's part rewritten, the others copied from the old manifest
    text = (shipped / "dist" / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert list(manifest["documents"]) == [DOC, "ünïcode-0/page", "ünïcode-1/page", "ünïcode-2/page"]
    assert manifest["documents"]["ünïcode-1/page"]["es"]["segments"]["untranslated"] == 1


def test_a_project_without_documents_gets_an_empty_manifest(shipped):
    (shipped / "source" / f"{DOC}.md").unlink()
    built(shipped)
    text = (shipped / "dist" / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text)["documents"] == {}
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert sorted(files(shipped)) == ["manifest.json"]


def test_a_manifest_edited_by_hand_is_read_whole_and_rewritten(shipped):
    settled(shipped)
    path = shipped / "dist" / "manifest.json"
    expected = path.read_bytes()
    manifest = json.loads(expected)
    manifest["documents"][DOC]["es"]["percent_complete"] = 1.0
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    assert path.read_bytes() == expected
    assert sorted(files(shipped)) == sorted(
        [f"{locale}/{DOC}{suffix}" for locale in LOCALES for suffix in (".html", ".txt")] + ["manifest.json"]
        + [f"{locale}/index.html" for locale in LOCALES]
    )
