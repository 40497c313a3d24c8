"""fsio: symbolic links to catalogs, files that appear meanwhile, waiting for the lock, the umask."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from locflow import fsio
from locflow.commands import extract as extract_command
from locflow.config import load_config
from locflow.errors import LocflowError
from locflow.fsio import digest, locked, staging_dir
from locflow.transaction import Transaction

# --- symbolic links --------------------------------------------------------------


def test_a_symlinked_catalog_is_updated_through_the_link(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "es.po").write_bytes(b"old")
    es = tmp_path / "locales" / "es"
    es.mkdir(parents=True)
    (es / "middle.po").symlink_to("../../shared/es.po")
    link = es / "guide.po"
    link.symlink_to("middle.po")  # a chain of two links
    staging = staging_dir(tmp_path)
    staged = Transaction(staging)
    assert staged.stage(link, b"new", expected=digest(b"old"))
    assert staged.commit() == [str(link)]
    assert link.is_symlink() and os.readlink(link) == "middle.po"
    assert (es / "middle.po").is_symlink()
    assert (shared / "es.po").read_bytes() == b"new"
    assert sorted(p.name for p in shared.iterdir()) == ["es.po"]
    assert not list(staging.iterdir())


def test_a_symlinked_catalog_saved_meanwhile_is_not_overwritten(tmp_path):
    (tmp_path / "real.po").write_bytes(b"old")
    link = tmp_path / "es.po"
    link.symlink_to("real.po")
    staged = Transaction()
    staged.stage(link, b"new", expected=digest(b"old"))
    (tmp_path / "real.po").write_bytes(b"saved through the link")
    with pytest.raises(LocflowError, match="es.po: changed on disk while locflow was running"):
        staged.commit()
    assert link.is_symlink() and (tmp_path / "real.po").read_bytes() == b"saved through the link"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.po", "real.po"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda link: link.symlink_to("gone/es.po"), r"es.po: is a symbolic link to gone/es.po, which does not exist"),
        (lambda link: link.symlink_to("es.po"), r"es.po: is a symbolic link that leads back to itself"),
    ],
    ids=["dangling", "loop"],
)
def test_a_broken_link_is_a_clear_error_and_nothing_is_written(tmp_path, make, message):
    link = tmp_path / "es.po"
    make(link)
    staged = Transaction()
    with pytest.raises(LocflowError, match=message):
        staged.stage(link, b"new")
    assert link.is_symlink() and [p.name for p in tmp_path.iterdir()] == ["es.po"]


def small_project(root: Path) -> None:
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es"]\n')
    (root / "source" / "guide.md").write_text("# Guide\n\nRest the muscle.\n", encoding="utf-8")
    extract_command.extract(load_config(root))
    path = root / "locales" / "es" / "LC_MESSAGES" / "guide.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"[es] {entry.msgid}"
    po.save(str(path))


def test_extract_updates_a_symlinked_catalog_and_keeps_the_link(tmp_path):
    root = tmp_path / "project"
    small_project(root)
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "guide.po"
    shared = tmp_path / "translations" / "guide.es.po"
    shared.parent.mkdir()
    catalog.rename(shared)
    catalog.symlink_to(shared)
    (root / "source" / "guide.md").write_text("# Guide\n\nRest the muscle.\n\nThen stretch.\n", encoding="utf-8")
    result = extract_command.extract(load_config(root))
    assert "locales/es/LC_MESSAGES/guide.po" in result.written
    assert catalog.is_symlink() and os.readlink(catalog) == str(shared)
    text = shared.read_text(encoding="utf-8")
    assert 'msgid "Then stretch."' in text and 'msgstr "[es] Guide"' in text
    assert sorted(p.name for p in shared.parent.iterdir()) == ["guide.es.po"]


def test_extract_through_a_dangling_link_names_it(tmp_path):
    root = tmp_path / "project"
    small_project(root)
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "guide.po"
    catalog.unlink()
    catalog.symlink_to(tmp_path / "unmounted" / "guide.po")
    with pytest.raises(LocflowError, match=r"guide.po: is a symbolic link to .*unmounted/guide.po, which does not exist"):
        extract_command.extract(load_config(root))
    assert catalog.is_symlink()


# --- files that appear meanwhile ----------------------------------------------------


def test_a_new_file_is_not_written_over_one_that_appeared_meanwhile(tmp_path):
    path = tmp_path / "es.po"
    staged = Transaction()
    assert staged.stage(path, b"new catalog")
    path.write_bytes(b"created by the translator")
    with pytest.raises(LocflowError, match="es.po: changed on disk while locflow was running; nothing was written"):
        staged.commit()
    assert path.read_bytes() == b"created by the translator"
    assert [p.name for p in tmp_path.iterdir()] == ["es.po"]


def test_a_caller_that_found_no_file_can_say_so(tmp_path):
    """The file appeared between the caller's read and `stage`: `absent=True` still protects it."""
    path = tmp_path / "es.po"
    path.write_bytes(b"created by the translator")
    staged = Transaction()
    assert staged.stage(path, b"new catalog", absent=True)
    with pytest.raises(LocflowError, match="changed on disk while locflow was running"):
        staged.commit()
    assert path.read_bytes() == b"created by the translator"


def test_unchecked_files_are_still_replaced(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"old page")
    staged = Transaction()
    assert staged.stage(path, b"new page")
    path.write_bytes(b"changed by someone")  # dist/ outputs are not guarded
    assert staged.commit() == [str(path)]
    assert path.read_bytes() == b"new page"
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


# --- waiting for the lock --------------------------------------------------------------

HOLDER = """
import fcntl, sys, time
handle = open(sys.argv[1], "a+b")
fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
open(sys.argv[3], "w").close()  # written before the lock is let go
fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
"""


def test_waiting_is_called_once_while_another_run_holds_the_lock(tmp_path):
    lock = tmp_path / ".locflow" / "extract.lock"
    lock.parent.mkdir()
    released = tmp_path / "released"
    command = [sys.executable, "-c", HOLDER, str(lock), "2.2", str(released)]
    holder = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        calls = []
        with locked(tmp_path, "extract", waiting=lambda: calls.append(released.exists())):
            got_it_after_release = released.exists()
        assert calls == [False], "waiting must be called once, while the other run still holds the lock"
        assert got_it_after_release
    finally:
        holder.kill()
        holder.wait()


def test_waiting_is_not_called_when_the_lock_is_free(tmp_path):
    calls = []
    with locked(tmp_path, "extract", waiting=lambda: calls.append(1)):
        with locked(tmp_path, "build", waiting=lambda: calls.append(2)):
            pass
    with locked(tmp_path, "extract", waiting=lambda: calls.append(3)):
        pass
    assert calls == []


# --- umask --------------------------------------------------------------------------------


def test_umask_reads_the_mask_without_changing_it(tmp_path):
    before = os.umask(0o027)
    try:
        assert fsio.umask() == 0o027
        assert fsio.umask() == 0o027
        staged = Transaction()
        staged.stage(tmp_path / "es.po", b"new")
        staged.commit()
        assert (tmp_path / "es.po").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(before)
