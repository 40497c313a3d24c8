"""What the last run saw, so that files nobody touched are not read again.

The caches live in ``.locflow/cache/`` and are only a shortcut: deleting
them changes no result. Each is saved under a key (`fingerprint`) that covers
the locflow version, every source file of the package and the settings that
shape outputs, so an upgrade, an edit of locflow itself or a config change
starts afresh instead of trusting old results.

`extract` and `build` recognise a file as git's index does, by one rule:
a file is unchanged when its size, modification time, change time and
inode are those recorded (`seen`), *and* its times are older than the
moment the record was taken (`unchanged`). A file changed in the same clock
tick as the record could keep all four; it is read and hashed again.
Putting back a file's size and modification time with ``os.utime`` still
moves its change time, so such an edit is noticed too.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from locflow import __version__
from locflow.config import Config
from locflow.fsio import digest, work_dir
from locflow.transaction import Transaction

PACKAGE = Path(__file__).resolve().parent
"""The locflow package; every ``.py`` file under it is part of the caches' key."""

Seen = list[int]
"""What a cache remembers of a file: ``[size, mtime_ns, ctime_ns, inode, since]``.

``since`` is the file system's time just before the metadata were read."""


def _code() -> str:
    """Return the sha256 of every Python file of the package (read again only when one is added, gone or changed)."""
    files = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(PACKAGE.rglob("*.py")))
    return _hashed(PACKAGE, files)


@functools.lru_cache(maxsize=4)
def _hashed(package: Path, files: tuple[tuple[Path, int, int], ...]) -> str:
    code = hashlib.sha256()
    for path, _, _ in files:
        code.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        code.update(path.read_bytes())
    return code.hexdigest()


def fingerprint(config: Config, command: str) -> str:
    """Return the key under which `command`'s cache is valid for this code and config.

    Every Python file of the package counts, subpackages (``checks/``) included.
    """
    settings = {
        "command": command,
        "version": __version__,
        "code": _code(),
        "locales": config.locales,
        "source_locale": config.source_locale,
        "dirs": [config.source_dir, config.locales_dir, config.dist_dir],
        "front_matter_keys": config.front_matter_keys,
        "syntax": sorted(config.syntax),
    }
    return digest(json.dumps(settings, sort_keys=True).encode("utf-8"))


def clock(root: Path, lock: str) -> int:
    """Return the file system's current time, as it would stamp a file changed now (``mtime_ns``).

    `lock` names the lock the caller holds (`fsio.locked`); its file is touched to read the time.
    """
    path = work_dir(root) / f"{lock}.lock"
    os.utime(path)
    return os.stat(path).st_mtime_ns


def seen(path: Path | str, since: int) -> Seen | None:
    """Return what a cache remembers of a file, or None if there is no such file."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, since]


def load_file(path: Path | str, since: int) -> tuple[bytes, Seen]:
    """Return a file's bytes and what a cache remembers of it (looked at before reading).

    Anything but a regular file is an OSError, raised without blocking on a FIFO.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        data = handle.read()
    return data, [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, since]


def unchanged(now: Sequence[int] | None, recorded: object) -> bool:
    """Return whether a file is certainly as recorded: same metadata, and not changed in the tick it was recorded.

    >>> unchanged([5, 100, 100, 7, 0], [5, 100, 100, 7, 200])
    True
    >>> unchanged([5, 100, 100, 7, 0], [5, 100, 100, 7, 100])  # racy: recorded in the tick it changed
    False
    >>> unchanged([5, 100, 100, 7, 0], [5, 100, 100, 7, "later"])  # a record not written by locflow: read the file again
    False
    """
    return (
        now is not None and isinstance(recorded, list) and len(recorded) == 5 and type(recorded[4]) is int  # compared with <
        and list(now[:4]) == recorded[:4] and max(now[1], now[2]) < recorded[4]
    )


def _path(root: Path, command: str) -> Path:
    return work_dir(root) / "cache" / f"{command}.json"


def load(root: Path, command: str, key: str) -> dict:
    """Return what the last run of `command` saved, or ``{}`` if it does not apply."""
    try:
        data = json.loads(_path(root, command).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("data"), dict):
        return {}
    return data["data"]


def save(root: Path, command: str, key: str, data: dict) -> None:
    """Remember this run's records (atomically; a failure only loses the shortcut)."""
    text = json.dumps({"key": key, "data": data}, separators=(",", ":"))
    transaction = Transaction()
    transaction.stage(_path(root, command), text.encode("utf-8"))
    transaction.commit()
