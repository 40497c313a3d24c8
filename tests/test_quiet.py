"""Quiet by default: many warnings of one kind in one file are summarized; -v lists each."""

from __future__ import annotations

from helpers import run


def test_many_warnings_of_a_kind_in_a_file_are_counted_and_verbose_lists_them(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "locflow.toml").write_text('locales = ["es"]\n')
    (tmp_path / "source" / "a.md").write_text("".join(f"TODO item {n}\n\n" for n in range(15)), encoding="utf-8")
    quiet = [line for line in run(tmp_path, "extract").stderr.splitlines() if line.startswith("warning:")]
    assert len(quiet) == 4
    assert quiet[-1] == 'warning: source/a.md: 12 more warning(s) like "placeholder text" (-v lists each)'
    loud = [line for line in run(tmp_path, "extract", "-v").stderr.splitlines() if line.startswith("warning:")]
    assert len(loud) == 15 and all("placeholder text" in line for line in loud)
