"""What the last run saw, so unchanged documents are not parsed again.

The cache lives in ``.locflow/cache/`` and is only a shortcut: deleting it
changes no result. Its key covers the locflow version, the code itself and
the settings that shape outputs, so an upgrade or a config change starts
afresh instead of trusting old results.
"""

from __future__ import annotations

import hashlib
import json
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
    text = json.dumps({"key": key, "documents": records}, sort_keys=True, separators=(",", ":"))
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
