"""Every command against broken file-system states: a clear message and exit 2 (or a warning), never a traceback.

When a command cannot do its job, nothing is written.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import run, snapshot

DOC = "trigger-point-injections"
PO = f"locales/es/LC_MESSAGES/{DOC}.po"


def catalog_is_a_folder(root: Path) -> str:
    (root / PO).unlink()
    (root / PO).mkdir()
    return PO


def locale_folder_is_a_file(root: Path) -> str:
    shutil.rmtree(root / "locales/es")
    (root / "locales/es").write_text("not a folder\n")
    return "locales/es"


def catalog_is_a_fifo(root: Path) -> str:
    (root / PO).unlink()
    os.mkfifo(root / PO)
    return PO


def template_is_a_fifo(root: Path) -> str:
    (root / f"locales/{DOC}.pot").unlink()
    os.mkfifo(root / f"locales/{DOC}.pot")
    return f"locales/{DOC}.pot"


def source_is_a_fifo(root: Path) -> str:
    os.mkfifo(root / "source/pipe.md")
    return "source/pipe.md"


def source_name_not_utf8(root: Path) -> str:
    os.rename(root / f"source/{DOC}.md", os.fsencode(root / "source") + b"/caf\xe9.md")
    return "source/caf\\xe9.md"


def source_name_with_a_newline(root: Path) -> str:
    (root / "source/two\nlines.md").write_text("# Title\n", encoding="utf-8")
    return "source/two\\nlines.md"


def source_folder_named_like_a_document(root: Path) -> str:
    (root / "source/folder.md").mkdir()
    return ""


STATES: dict[str, Callable[[Path], str]] = {
    "catalog is a folder": catalog_is_a_folder,
    "locale folder is a file": locale_folder_is_a_file,
    "catalog is a FIFO": catalog_is_a_fifo,
    "template is a FIFO": template_is_a_fifo,
    "source is a FIFO": source_is_a_fifo,
    "source name not UTF-8": source_name_not_utf8,
    "source name with a newline": source_name_with_a_newline,
    "folder named like a document": source_folder_named_like_a_document,
}

EXPECTED = {
    # state: {command: exit code}; a source that is not a regular file is skipped with a warning.
    "catalog is a folder": {"extract": 2, "build": 2, "check": 1, "stats": 2},
    "locale folder is a file": {"extract": 2, "build": 2, "check": 1, "stats": 2},
    "catalog is a FIFO": {"extract": 2, "build": 2, "check": 1, "stats": 2},
    "template is a FIFO": {"extract": 2, "build": 0, "check": 1, "stats": 0},
    "source is a FIFO": {"extract": 0, "build": 0, "check": 1, "stats": 0},
    "source name not UTF-8": {"extract": 2, "build": 2, "check": 2, "stats": 2},
    "source name with a newline": {"extract": 2, "build": 2, "check": 2, "stats": 2},
    "folder named like a document": {"extract": 0, "build": 0, "check": 1, "stats": 0},
}


@pytest.mark.parametrize("command", ["extract", "build", "check", "stats"])
@pytest.mark.parametrize("state", sorted(STATES))
def test_every_command_on_a_broken_file_system_state(shipped, state, command):
    run(shipped, "build")  # a dist/ to protect as well
    named = STATES[state](shipped)
    before = snapshot(shipped)
    result = run(shipped, command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code == EXPECTED[state][command], result.output
    if result.exit_code == 2:
        assert result.stderr.startswith(f"Error: {named}"), result.stderr
        assert snapshot(shipped) == before
    elif named and command != "check":
        assert f"warning: {named}: not a regular file; skipped" in result.stderr or named.endswith(".pot")


class FullDisk:
    """A file whose every write, flush and close fails as on a full disk."""

    def __init__(self, fd: int) -> None:
        os.close(fd)

    def write(self, data: bytes = b"") -> int:
        raise OSError(28, "No space left on device")

    close = flush = write


def full_disk_open(file, mode="r", *args, **kwargs):
    """`open` for files being written by descriptor (the staged manifest): a full disk."""
    return FullDisk(file) if isinstance(file, int) and "w" in mode else open(file, mode, *args, **kwargs)


def test_a_full_disk_while_the_manifest_is_written_is_a_clear_error_and_nothing_is_written(shipped, monkeypatch):
    from locflow import manifest

    (shipped / "source" / "new.md").write_text("# New\n", encoding="utf-8")
    before = snapshot(shipped)
    monkeypatch.setattr(manifest, "open", full_disk_open, raising=False)
    result = run(shipped, "build")
    assert result.exit_code == 2, result.output
    assert result.stderr == "Error: dist/manifest.json: cannot write: No space left on device; nothing was written\n"
    assert snapshot(shipped) == before
    assert not any((shipped / ".locflow" / "staging").rglob("*.*"))
