"""Files of a project: reading them, the private ``.locflow/`` folder, staging folders, locks.

Writing goes through `transaction.Transaction`: atomic, all-or-nothing, and
never over a translator's save.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from locflow.errors import LocflowError, SourceError

TEMP_SUFFIX = ".locflow-tmp"
"""Suffix of files staged for an atomic replace; leftovers of a killed run are removed."""


def read_bytes(path: Path, shown: str) -> bytes:
    """Return a file's bytes, or raise a LocflowError naming it."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise LocflowError(f"{shown}: cannot read: {err.strerror or err}") from err


def decode_utf8(data: bytes, shown: str) -> str:
    """Decode UTF-8 source text (a BOM is allowed), or raise SourceError with the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(
            f"{shown}:{line}: not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        ) from err
    return text.removeprefix("\ufeff")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_regular(path: Path | str) -> bytes:
    """Return the bytes of a regular file; raise OSError for anything else (without blocking on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return handle.read()


def work_dir(root: Path) -> Path:
    """Return the project's private folder for staged files and locks (``.locflow/``)."""
    return root / ".locflow"


def staging_dir(root: Path) -> Path:
    """Return a staging folder for this process, after removing those of dead runs.

    Files are staged outside ``dist/`` and ``locales/`` so that nobody syncing
    or editing those folders ever sees a partial file.
    """
    base = work_dir(root) / "staging"
    if base.is_dir():
        for folder in base.iterdir():
            if folder.name.isdigit() and int(folder.name) != os.getpid() and not _alive(int(folder.name)):
                shutil.rmtree(folder, ignore_errors=True)
    mine = base / str(os.getpid())
    try:
        mine.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise LocflowError(f"{base}: cannot create the staging folder: {err.strerror or err}") from err
    return mine


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def umask() -> int:
    """Return the process's file creation mask, leaving it as it is."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


LOCK_PATIENCE = 1.0
"""Seconds to wait for a lock before `locked` calls its `waiting` callback."""


@contextlib.contextmanager
def locked(root: Path, name: str, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's exclusive lock `name`, waiting for another run to finish.

    If another run still holds it after about a second, `waiting` is called
    once (to tell the user why nothing happens), and the wait goes on.
    The lock is released by the kernel if the process dies.
    """
    folder = work_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / f"{name}.lock", "a+b")
    except OSError as err:
        raise LocflowError(f"{folder}: cannot create the lock file: {err.strerror or err}") from err
    with handle:
        _lock(handle.fileno(), waiting)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _lock(fd: int, waiting: Callable[[], None] | None) -> None:
    if waiting is not None:
        deadline = time.monotonic() + LOCK_PATIENCE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.02)
        waiting()
    fcntl.flock(fd, fcntl.LOCK_EX)
