"""The files behind the translation memory: every catalog of the project, orphans and compendia included.

`memories` reads each locale's catalogs into a `memory.Memory`. A catalog
is parsed only if it changed since the last run that kept a cache (the
``memory`` cache holds each file's units under `cache.seen`), so a run that
edits a few pages does not read every catalog of the project again.
`orphans` lists the documents whose catalogs outlived their source.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from locflow import cache, localecode, workspace
from locflow.config import Config
from locflow.errors import CatalogError, ConfigError
from locflow.fsio import digest
from locflow.loading import lazy
from locflow.memory import Memory, Shared, Unit

catalog = lazy("locflow.catalog")


def orphans(config: Config, names: Sequence[str]) -> list[str]:
    """Return the documents with a template or a catalog but no source document, sorted."""
    known = set(names)
    found: set[str] = set()
    root = config.root / config.locales_dir
    for top, suffix in [(root, ".pot")] + [(root / locale / "LC_MESSAGES", ".po") for locale in config.locales]:
        for parent, folders, files in os.walk(top):
            base = os.path.relpath(parent, top).replace(os.sep, "/")
            if top == root and base == ".":
                folders[:] = [name for name in folders if name not in config.locales]
            prefix = "" if base == "." else f"{base}/"
            found.update(prefix + name[: -len(suffix)] for name in files if name.endswith(suffix))
    return sorted(found - known)


def memories(config: Config, locales: Sequence[str], documents: Sequence[str]) -> dict[str, Memory]:
    """Return each locale's memory (see `load`); the cache is only read."""
    return load(config, locales, documents)[0]


def load(
    config: Config, locales: Sequence[str], documents: Sequence[str], since: int | None = None
) -> tuple[dict[str, Memory], dict]:
    """Return each locale's memory: the catalogs of `documents` and the compendia of the configuration.

    Unchanged catalogs come from the ``memory`` cache. Also returns what
    the cache should remember now (for `save`; `since` is `cache.clock`
    under the extract lock). A catalog that cannot be read or parsed adds
    nothing (``check`` reports it).
    """
    key = cache.fingerprint(config, "memory")
    known = cache.load(config.root, "memory", key)
    kept: dict[str, dict] = {}
    units: dict[str, list[Unit]] = {locale: [] for locale in locales}
    for locale in locales:
        for doc in documents:
            path = config.catalog_path(locale, doc)
            found = _units(config, path, known, kept, since)
            origin = workspace.source_file(config, doc)
            units[locale].extend(Unit(s, t, k, origin, a) for s, t, k, a in found)
    for name in config.compendium:
        language, found = _compendium(config, config.root / name, name)
        if language in units:
            units[language].extend(Unit(s, t, k, name, a) for s, t, k, a in found)
    shared = Shared()
    kept["(changed)"] = kept != known
    return {locale: Memory(units[locale], shared) for locale in locales}, kept


def save(config: Config, kept: dict, written: dict[str, tuple[str, list]], since: int) -> None:
    """Remember the units of every catalog: `kept` from `load`, and `written` by this run (path: sha256, units).

    A written file still holding what was written is recorded as it is now
    (`cache.seen` with `since`, the clock after the writes); one saved again
    meanwhile is left out, to be read next time.
    """
    changed = kept.pop("(changed)", True)
    for path, (expected, found) in written.items():
        try:
            data, now = cache.load_file(config.root / path, since)
        except OSError:
            continue
        if digest(data) == expected:
            kept[path] = {"seen": now, "units": found}
            changed = True
    if changed:
        cache.save(config.root, "memory", cache.fingerprint(config, "memory"), kept)


def _units(config: Config, path: Path, known: dict, kept: dict, since: int | None) -> list[tuple[str, str, str, bool]]:
    """Return the units of one catalog (none if it does not exist), from the cache if it is unchanged."""
    shown = config.relative(path)
    recorded = known.get(shown)
    if isinstance(recorded, dict) and cache.unchanged(cache.seen(path, 0), recorded.get("seen")):
        kept[shown] = recorded
        return [tuple(unit) for unit in recorded["units"]]  # type: ignore[misc]
    try:
        data, now = cache.load_file(path, since or 0)
    except OSError:  # missing, or not a file: extract and check say so where they read it
        return []
    try:
        found = catalog.units(catalog.loads(catalog.decode(data, shown), shown))
    except CatalogError:
        return []
    if since is not None:
        kept[shown] = {"seen": now, "units": [list(unit) for unit in found]}
    return found


def _compendium(config: Config, path: Path, name: str) -> tuple[str, list[tuple[str, str, str, bool]]]:
    """Return the locale a compendium declares in its ``Language`` header, and its units."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ConfigError(f"{config.file}: compendium {name!r}: cannot read: {err.strerror or err}") from err
    po = catalog.loads(catalog.decode(data, name), name)
    language = localecode.normalize(catalog.header(po).get("Language", "")) or ""
    if not language:
        raise ConfigError(f"{name}: a compendium must name its locale in the Language header (e.g. \"Language: es\\n\")")
    return language, catalog.units(po)
