"""Reading and writing project files safely: atomic, all-or-nothing, never clobbering."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import os
import shutil
import tempfile
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


@dataclass(slots=True)
class Transaction:
    """Files written all together or not at all.

    `stage` writes each new text to a temporary file (in `staging`, or beside
    its target); `commit` flushes them to disk and renames them all into place
    (``os.replace`` is atomic);
    `rollback` removes them. A target that changed on disk since it was read
    (a translator saved it meanwhile) is never overwritten.
    """

    staging: Path | None = None
    """Where temporary files go (same file system as the targets); None: beside each target."""
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
        temp = None
        try:
            if self.staging is None:
                path.parent.mkdir(parents=True, exist_ok=True)
            if self.staging is None:
                fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
            else:
                fd, name = _create_in(self.staging)
            temp = Path(name)
            with open(fd, "wb") as handle:
                handle.write(data)
                os.fchmod(handle.fileno(), 0o666 & ~umask())
        except OSError as err:
            if temp is not None:
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
        for folder in sorted({os.path.dirname(s.target) for s in self.staged}):
            self._probe(folder)
        if self.staged:
            os.sync()  # the new contents reach the disk before any name points at them
        for done, item in enumerate(self.staged):
            try:
                os.replace(item.temp, item.target)
            except OSError as err:
                self.staged = self.staged[done:]
                self.rollback()
                raise LocflowError(
                    f"{item.target}: cannot write: {err.strerror or err} ({done} other file(s) were already updated)"
                ) from err
        if self.staged:
            os.sync()
        written = [s.target for s in self.staged]
        self.staged = []
        return written

    def _probe(self, folder: str) -> None:
        """Make sure files can be created in `folder` before anything is moved into place."""
        try:
            os.makedirs(folder, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".locflow-probe.", dir=folder)
            os.close(fd)
            os.unlink(name)
        except OSError as err:
            self.rollback()
            raise LocflowError(f"{folder}: cannot write there: {err.strerror or err}; nothing was written") from err

    def rollback(self) -> None:
        for item in self.staged:
            with contextlib.suppress(OSError):
                os.unlink(item.temp)
        self.staged = []


_numbers = itertools.count()


def _create_in(folder: Path) -> tuple[int, str]:
    """Create a new file in a private staging `folder`; cheaper than `tempfile.mkstemp`.

    Pool workers share their parent's folder: the process id keeps names apart.
    """
    while True:
        name = f"{folder}/{os.getpid()}.{next(_numbers)}{TEMP_SUFFIX}"
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), name
        except FileExistsError:
            continue


def umask() -> int:
    """Return the process's file creation mask without changing it."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _hash_of(path: str) -> str | None:
    try:
        return digest(Path(path).read_bytes())
    except FileNotFoundError:
        return None


@contextlib.contextmanager
def locked(root: Path, name: str) -> Iterator[None]:
    """Hold the project's exclusive lock `name`, waiting for another run to finish.

    The lock is released by the kernel if the process dies.
    """
    folder = work_dir(root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / f"{name}.lock", "a+b")
    except OSError as err:
        raise LocflowError(f"{folder}: cannot create the lock file: {err.strerror or err}") from err
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
