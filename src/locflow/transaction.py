"""Files written all together or not at all, never over a translator's save.

A translator's save is never overwritten, even one that lands while files are
being moved into place: see `Transaction` for how, and for what other
systems than Linux and macOS get (the renames themselves are in `renames`).
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from locflow import renames
from locflow.errors import LocflowError
from locflow.fsio import TEMP_SUFFIX, digest, read_regular, staging_dir, umask


@dataclass(slots=True)
class Staged:
    """A file written next to its target, waiting to replace it."""

    target: str
    temp: str
    expected: str | None
    """sha256 of the target when it was read; it is replaced only if it still has it (None: not checked)."""
    absent: bool = False
    """The target did not exist when it was read: a file that appeared since is never replaced."""
    real: str | None = None
    """Where `target` leads when it is a symbolic link: that file is replaced and the link kept (None: `target`)."""

    @property
    def destination(self) -> str:
        """The name the new file takes."""
        return self.real or self.target


@dataclass(slots=True)
class Transaction:
    """Files written all together or not at all, never over a translator's save.

    `stage` writes each new text to a temporary file (in `staging`, or beside
    its target); `commit` flushes them to disk and moves them all into place;
    `rollback` removes them. A target that changed on disk since it was read
    (a translator saved it meanwhile) is never overwritten, even when the save
    lands while `commit` is moving files:

    - On Linux (``renameat2`` with ``RENAME_EXCHANGE``) and macOS
      (``renamex_np`` with ``RENAME_SWAP``) the new file and the target swap
      names in one step, then the file swapped out is checked. If it is not the
      one that was read, a save came first: the two swap back, every file
      already moved is put back, and `commit` raises "changed on disk while
      locflow was running; your version is kept". A save after the swap
      replaces the new file, as any later save does. No moment is left at
      which a save can be lost.
    - A new file is moved in only if no file of that name appeared meanwhile
      (``RENAME_NOREPLACE``, ``RENAME_EXCL``, else a hard link).
    - Elsewhere, or on a file system that refuses these renames, each target
      is checked again just before ``os.replace``: a save in the few
      microseconds between the two is lost, and files already replaced cannot
      be put back if a later one fails.

    Nothing that is not ours is deleted: a file of someone else's that comes
    back while undoing is kept beside its target as ``<name>.conflict``, and
    the message names it. Checked targets go first, then new files, then the
    others, so that a refusal usually finds nothing moved yet.
    """

    staging: Path | None = None
    """Where temporary files go (same file system as the targets); None: beside each target."""
    staged: list[Staged] = field(default_factory=list)
    hook: Callable[[str, str], None] | None = None
    """Called with the name of each step of `commit` and its target, just before the step (for tests)."""

    def stage(
        self, path: Path, data: bytes, expected: str | None = None, old: bytes | None = None, absent: bool = False
    ) -> bool:
        """Stage `data` for `path` unless the file already holds exactly that; return whether staged.

        `expected` is the sha256 the file had when the caller read it: the file
        is replaced only if it still has it. `absent` says the caller found no
        file: none that appears meanwhile is replaced; a file missing here counts
        as absent too unless `expected` is given. A symbolic link is followed:
        the file it leads to is updated (its new version written beside it) and
        the link is kept.
        """
        real = _follow(path)
        if old is None:
            try:
                old = read_regular(real)
            except FileNotFoundError:
                old = None
                absent = absent or expected is None
            except OSError as err:
                raise LocflowError(f"{path}: cannot read: {err.strerror or err}") from err
        if old == data:
            return False
        temp = None
        try:
            if self.staging is None or real != path:
                real.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=TEMP_SUFFIX, dir=real.parent)
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
            raise LocflowError(f"{real.parent}: cannot write: {err.strerror or err}") from err
        self.staged.append(Staged(str(path), str(temp), expected, absent, None if real == path else str(real)))
        return True

    def extend(self, other: list[Staged]) -> None:
        self.staged.extend(other)

    def commit(self) -> list[str]:
        """Move every staged file into place; return the targets written."""
        self._step("check", "")
        conflicts = [s.target for s in self.staged if _changed(s)]
        if conflicts:
            self.rollback()
            raise LocflowError(
                f"{conflicts[0]}: changed on disk while locflow was running; nothing was written, run the command again"
            )
        for folder in sorted({os.path.dirname(s.destination) for s in self.staged}):
            self._probe(folder)
        if self.staged:
            self._step("sync", "")
            os.sync()  # the new contents reach the disk before any name points at them
        order = sorted(self.staged, key=lambda s: 0 if s.expected is not None else 1 if s.absent else 2)
        done: list[_Done] = []
        try:
            for item in order:
                self._place(item, done)
        except _Changed as changed:
            stuck, copies = self._undo(done)
            raise LocflowError(_changed_message(changed.item.target, stuck, copies)) from None
        except OSError as err:
            stuck, copies = self._undo(done)
            kept = f"; other versions saved meanwhile are kept as {', '.join(copies)}" if copies else ""
            raise LocflowError(
                f"{item.target}: cannot write: {err.strerror or err} ({_written(stuck)}{kept})"
            ) from err
        except BaseException:
            self._undo(done)
            raise
        for item, how, _ours in done:
            if how == _SWAPPED:  # the old file, now at the temporary name
                self._step("finish", item.target)
                with contextlib.suppress(OSError):
                    os.unlink(item.temp)
        if self.staged:
            self._step("sync", "")
            os.sync()
        written = [s.target for s in self.staged]
        self.staged = []
        return written

    def _place(self, item: Staged, done: list[_Done]) -> None:
        """Move one staged file into place, and record in `done` how, to undo it."""
        to = item.destination
        ours = _identity(item.temp)
        if item.absent:
            self._step("create", item.target)
            try:
                renames.move_new(item.temp, to)
            except FileExistsError:
                raise _Changed(item) from None
            done.append(_Done(item, _CREATED, ours))
            return
        self._step("exchange", item.target)
        try:
            swapped = renames.exchange(item.temp, to)
        except FileNotFoundError:
            if item.expected is not None:
                raise _Changed(item) from None
            swapped = False
        if swapped:
            done.append(_Done(item, _SWAPPED, ours))
            if item.expected is not None:
                self._step("verify", item.target)
                if _hash_of(item.temp) != item.expected:
                    raise _Changed(item)  # a save came first; undoing swaps it back
            return
        if item.expected is not None:  # no atomic exchange here: check as late as possible
            self._step("recheck", item.target)
            if _hash_of(to) != item.expected:
                raise _Changed(item)
        self._step("replace", item.target)
        os.replace(item.temp, to)
        done.append(_Done(item, _REPLACED, ours))

    def _undo(self, done: list[_Done]) -> tuple[int, list[str]]:
        """Put back what `done` moved, newest first, and remove the other temporary files.

        Return how many files could not be put back, and the conflict copies made.
        """
        stuck, copies = 0, []
        for item, how, ours in reversed(done):
            self._step("undo", item.target)
            if how == _REPLACED:
                stuck += 1
                continue
            copy = _swap_back(item, ours) if how == _SWAPPED else _take_back(item, ours)
            if copy is not None:
                copies.append(copy)
        placed = {id(d.item) for d in done}
        self.staged = [s for s in self.staged if id(s) not in placed]
        self.rollback()
        return stuck, copies

    def _step(self, name: str, target: str) -> None:
        if self.hook is not None:
            self.hook(name, target)

    def _probe(self, folder: str) -> None:
        """Make sure files can be created in `folder` before anything is moved into place.

        Where the system allows, the file made to find out has no name (``O_TMPFILE``): a run killed
        meanwhile leaves nothing in the folder.
        """
        try:
            os.makedirs(folder, exist_ok=True)
            unnamed = getattr(os, "O_TMPFILE", None)
            if unnamed is not None:
                try:
                    os.close(os.open(folder, unnamed | os.O_WRONLY | os.O_CLOEXEC, 0o600))
                    return
                except OSError as err:
                    if err.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):  # not this file system's
                        raise
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


_SWAPPED, _CREATED, _REPLACED = "swapped", "created", "replaced"


@contextlib.contextmanager
def staged(root: Path) -> Iterator[Transaction]:
    """Give a `Transaction` staging in this process's folder under ``.locflow/``: committed when
    the block ends, rolled back if it raises (Ctrl-C included); the staging folder removed either way.

    For commands whose every file is staged in the block (``pseudo``, ``review``); ``extract``
    and ``build`` also stage their workers' files there and keep the steps apart.
    """
    staging = staging_dir(root)
    transaction = Transaction(staging)
    try:
        yield transaction
        transaction.commit()
    except BaseException:
        transaction.rollback()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class _Done(NamedTuple):
    """A staged file moved into place: how, and the identity of our new file."""

    item: Staged
    how: str
    ours: tuple[int, int] | None


class _Changed(Exception):
    """A target changed on disk during the commit (internal to `Transaction.commit`)."""

    def __init__(self, item: Staged) -> None:
        super().__init__(item.target)
        self.item = item


def _changed_message(target: str, stuck: int, copies: list[str]) -> str:
    kept = f" (a version saved at the same moment is kept as {', '.join(copies)})" if copies else ""
    return (
        f"{target}: changed on disk while locflow was running; your version is kept{kept};"
        f" {_written(stuck)}; run the command again"
    )


def _written(stuck: int) -> str:
    return "nothing was written" if stuck == 0 else f"{stuck} other file(s) were already updated"


def _changed(item: Staged) -> bool:
    """Whether a staged file's target is no longer as it was read."""
    if item.expected is not None:
        return _hash_of(item.destination) != item.expected
    return item.absent and os.path.lexists(item.destination)


def _swap_back(item: Staged, ours: tuple[int, int] | None) -> str | None:
    """Put back the file `item` swapped out; return the conflict copy made, if any.

    Nothing that is not ours is deleted, except the very version that was
    read when a save has replaced it since (as the save itself would have).
    """
    to = item.destination
    if _identity(to) != ours:  # a save replaced our new file after the swap: it stays in place
        return _drop_old(item)
    try:
        swapped = renames.exchange(item.temp, to)
    except FileNotFoundError:  # the target was removed meanwhile: the old file goes back alone
        try:
            renames.move_new(item.temp, to)
            return None
        except OSError:
            return _keep_aside(item.temp, to)
    except OSError:
        return _keep_aside(item.temp, to)
    if not swapped:
        return _keep_aside(item.temp, to)
    if _identity(item.temp) == ours:
        with contextlib.suppress(OSError):
            os.unlink(item.temp)
        return None
    return _keep_aside(item.temp, to)  # a save landed between the look and the swap


def _drop_old(item: Staged) -> str | None:
    """Delete the old file swapped out by `item` if it is the version that was read; else keep it aside."""
    if item.expected is None or _hash_of(item.temp) == item.expected:
        with contextlib.suppress(OSError):
            os.unlink(item.temp)
        return None
    return _keep_aside(item.temp, item.destination)


def _take_back(item: Staged, ours: tuple[int, int] | None) -> str | None:
    """Remove the new file `item` created, unless a save replaced it; return the conflict copy made, if any."""
    to = item.destination
    if _identity(to) != ours:  # a save replaced it: it stays
        return None
    try:
        os.rename(to, item.temp)  # take it away, then make sure it was ours
    except OSError:
        return None
    if _identity(item.temp) == ours:
        with contextlib.suppress(OSError):
            os.unlink(item.temp)
        return None
    try:
        renames.move_new(item.temp, to)  # a save landed between the look and the rename: put it back
        return None
    except OSError:
        return _keep_aside(item.temp, to)


def _keep_aside(path: str, beside: str) -> str:
    """Move someone's file `path` to a free name beside `beside` (``<name>.conflict``); return where it is."""
    for number in itertools.count(1):
        copy = f"{beside}.conflict" + ("" if number == 1 else f"-{number}")
        try:
            renames.move_new(path, copy)
        except FileExistsError:
            continue
        except OSError:
            return path
        return copy
    raise AssertionError("unreachable")


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



def _hash_of(path: str) -> str | None:
    """Return the sha256 of a file's bytes (None: no such file; "unreadable": it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read())
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _follow(path: Path) -> Path:
    """Return the file that writing `path` changes: `path` itself, or where its symbolic links lead."""
    if not os.path.islink(path):
        return path
    try:
        os.stat(path)
    except FileNotFoundError as err:
        raise LocflowError(
            f"{path}: is a symbolic link to {_link_text(path)}, which does not exist; fix or remove the link"
        ) from err
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise LocflowError(f"{path}: is a symbolic link that leads back to itself; fix or remove the link") from err
        raise LocflowError(f"{path}: cannot follow the symbolic link: {err.strerror or err}") from err
    return Path(os.path.realpath(path))


def _link_text(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "a missing file"
