"""What the last run saw, so unchanged documents are not parsed again.

The cache lives in ``.locflow/cache/`` and is only a shortcut: deleting it
changes no result. Its key covers the locflow version, the code itself and
the settings that shape outputs, so an upgrade or a config change starts
afresh instead of trusting old results.

Files are recognised as git's index recognises them: by size and
modification time (`stamp`), read and hashed again only when those differ.
A file modified in the same clock tick as the cache was written could keep
both, so a stamp is trusted only when it is older than the cache file
itself (`settled`); a racy file is hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from locflow import __version__
from locflow.config import Config
from locflow.fsio import Transaction, digest, work_dir

PACKAGE = Path(__file__).resolve().parent


def fingerprint(config: Config, command: str) -> str:
    """Return the key under which `command`'s cache is valid for this code and config."""
    code = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        code.update(path.read_bytes())
    settings = {
        "command": command,
        "version": __version__,
        "code": code.hexdigest(),
        "locales": config.locales,
        "source_locale": config.source_locale,
        "dirs": [config.source_dir, config.locales_dir, config.dist_dir],
        "front_matter_keys": config.front_matter_keys,
    }
    return digest(json.dumps(settings, sort_keys=True).encode("utf-8"))


def _path(root: Path, command: str) -> Path:
    return work_dir(root) / "cache" / f"{command}.json"


def written(root: Path, command: str) -> int | None:
    """Return the modification time (ns) of `command`'s cache file, None if there is none."""
    try:
        return os.stat(_path(root, command)).st_mtime_ns
    except OSError:
        return None


def stamp(path: Path | str) -> list[int] | None:
    """Return ``[size, mtime_ns]`` of a file, or None when it does not exist.

    Take it *before* reading the file: a change after the stamp then shows
    as a different stamp next time.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return [info.st_size, info.st_mtime_ns]


def settled(stamps: Iterable[list[int] | None], written_ns: int | None) -> bool:
    """Whether every stamp is older than the cache file, so an equal stamp means an unchanged file."""
    return written_ns is not None and all(s is None or s[1] < written_ns for s in stamps)


def load(root: Path, command: str, key: str) -> dict[str, dict]:
    """Return the per-document records of the last run, or nothing if they do not apply."""
    try:
        data = json.loads(_path(root, command).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("documents"), dict):
        return {}
    return data["documents"]


def save(root: Path, command: str, key: str, records: dict[str, dict]) -> None:
    """Remember this run's per-document records (atomically; a failure only loses the shortcut)."""
    path = _path(root, command)
    text = json.dumps({"key": key, "documents": records}, separators=(",", ":"))
    transaction = Transaction()
    transaction.stage(path, text.encode("utf-8"))
    transaction.commit()


def hashes(paths: Iterable[Path]) -> list[str | None]:
    """Return the sha256 of each file's bytes (None for a missing file)."""
    result = []
    for path in paths:
        try:
            result.append(digest(path.read_bytes()))
        except FileNotFoundError:
            result.append(None)
    return result
