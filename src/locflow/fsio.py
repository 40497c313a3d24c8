"""Reading and writing project files safely: atomic, all-or-nothing, never clobbering."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Staged:
    """A file written next to its target, waiting to replace it."""

    target: str
    temp: str
    expected: str | None
    """sha256 of the target when it was read (None: it did not exist); checked before replacing."""


@dataclass(slots=True)
class Transaction:
    """Files written all together or not at all.

    `stage` writes each new text to a temporary file beside its target and
    fsyncs it; `commit` renames them all into place (``os.replace`` is atomic);
    `rollback` removes them. A target that changed on disk since it was read
    (a translator saved it meanwhile) is never overwritten.
    """

    staged: list[Staged] = field(default_factory=list)

    def stage(self, path: Path, data: bytes, expected: str | None = None, old: bytes | None = None) -> bool:
        """Stage `data` for `path` unless the file already holds exactly that; return whether staged."""
        if old is None:
            try:
                old = path.read_bytes()
            except FileNotFoundError:
                old = None
            except OSError as err:
                raise LocflowError(f"{path}: cannot read: {err.strerror or err}") from err
        if old == data:
            return False
        temp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(temp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as err:
            with contextlib.suppress(OSError):
                temp.unlink()
            self.rollback()
            raise LocflowError(f"{path.parent}: cannot write: {err.strerror or err}") from err
        self.staged.append(Staged(str(path), str(temp), expected))
        return True

    def extend(self, other: list[Staged]) -> None:
        self.staged.extend(other)

    def commit(self) -> list[str]:
        """Move every staged file into place; return the targets written."""
        conflicts = [s.target for s in self.staged if s.expected is not None and _hash_of(s.target) != s.expected]
        if conflicts:
            self.rollback()
            raise LocflowError(
                f"{conflicts[0]}: changed on disk while locflow was running; nothing was written, run the command again"
            )
        directories = set()
        for item in self.staged:
            os.replace(item.temp, item.target)
            directories.add(os.path.dirname(item.target))
        for directory in sorted(directories):
            _fsync_directory(directory)
        written = [s.target for s in self.staged]
        self.staged = []
        return written

    def rollback(self) -> None:
        for item in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(item.temp)
        self.staged = []


def _hash_of(path: str) -> str | None:
    try:
        return digest(Path(path).read_bytes())
    except FileNotFoundError:
        return None


def _fsync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a killed locflow run left under `folder`."""
    if folder.is_dir():
        for path in folder.rglob(f".*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                path.unlink()


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` so two runs never merge the same catalogs at once.

    The lock is released by the kernel if the process dies.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / ".locflow.lock", "a+b")
    except OSError as err:
        raise LocflowError(f"{folder}: cannot create the lock file: {err.strerror or err}") from err
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
