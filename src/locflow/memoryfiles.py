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

from locflow import cache, localecode, memorylookup, memorystore, workspace
from locflow.config import Config
from locflow.errors import CatalogError, ConfigError, LocflowError
from locflow.fsio import digest
from locflow.loading import lazy
from locflow.memory import Memory, Shared, Unit

catalog = lazy("locflow.catalog")
tmx = lazy("locflow.tmx")

COMPENDIUM = "compendium:"
"""How the store names a compendium's file (a catalog may be named as a compendium too)."""


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
    """Return each locale's memory whole, in this process: the catalogs of `documents` and the compendia.

    For ``check``, ``stats`` and ``memory export``, which read every catalog
    anyway: catalogs the store recorded as they are now come from it, the
    others are parsed; the store is only read.
    """
    connection = memorystore.connect(memorystore.path_of(config.root), cache.fingerprint(config, "memory"), False)
    try:
        return _memories(config, locales, documents, connection)
    except (memorystore.Error, ValueError, TypeError):  # a damaged store: read every file instead
        return _memories(config, locales, documents, None)
    finally:
        if connection is not None:
            connection.close()


def _memories(
    config: Config, locales: Sequence[str], documents: Sequence[str], connection: memorystore.Connection | None
) -> dict[str, Memory]:
    recorded = {
        path: (file, seen) for file, path, *seen in connection.execute(f"SELECT id, path, {memorystore.SEEN} FROM files")
    } if connection is not None else {}
    units: dict[str, list[Unit]] = {locale: [] for locale in locales}
    for locale in locales:
        for doc in documents:
            path = config.catalog_path(locale, doc)
            shown = config.relative(path)
            if (found := recorded.get(shown)) and cache.unchanged(cache.seen(path, 0), found[1]):
                read = memorystore.file_units(connection, found[0])  # type: ignore[arg-type]
            else:
                read = _read(config, path, shown, 0)[1]
            origin = workspace.source_file(config, doc)
            units[locale].extend(Unit(s, t, k, origin, a) for s, t, k, a in read)
    for name in config.compendium:
        data = _compendium_bytes(config, config.root / name, name, 0)[0]
        for _key, language, found in _compendium_parts(config, data, name):
            if language in units:
                units[language].extend(Unit(s, t, k, name, a) for s, t, k, a in found)
    shared = Shared()
    return {locale: Memory(units[locale], shared) for locale in locales}


def load(
    config: Config, locales: Sequence[str], documents: Sequence[str], since: int, looked: dict[str, cache.Seen | None] | None = None
) -> dict[str, Memory]:
    """Return each locale's memory as extract uses it: looked up in the store, brought up to date first.

    Only the catalogs of `documents` (and the compendia) that changed since
    the store recorded them are read (`since` is `cache.clock` under the
    extract lock). A catalog that cannot be read or parsed adds nothing
    (``check`` reports it). `looked` holds what extract has just seen of
    files (`cache.seen`, by the path `workspace.Paths` names): those are
    not looked at again.
    """
    path = memorystore.path_of(config.root)
    key = cache.fingerprint(config, "memory")
    ranks: dict[str, int] = {}
    for attempt in (1, 2):
        connection = memorystore.connect(path, key, True)
        assert connection is not None
        try:
            writer = memorystore.Writer(connection)
            try:
                ranks = _refresh(config, writer, locales, documents, since, looked or {})
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            break
        except memorystore.Error as err:  # damaged: start afresh, once
            memorystore.remove(path)
            if attempt == 2:
                raise LocflowError(f"{path}: cannot write the translation memory's store: {err}") from err
        finally:
            connection.close()
    shared = memorylookup.StoredShared(path, locales, set(locales) == set(config.locales))
    return {locale: memorylookup.StoredMemory(shared, locale, ranks) for locale in locales}


def prepare(memories: dict[str, Memory]) -> None:
    """Read now what every lookup of `load`'s memories shares (the store's texts), for worker processes forked from this one."""
    for found in memories.values():
        if isinstance(found, memorylookup.StoredMemory):
            found.shared.prepare()
            return


def _refresh(
    config: Config, writer: memorystore.Writer, locales: Sequence[str], documents: Sequence[str], since: int,
    looked: dict[str, cache.Seen | None],
) -> dict[str, int]:
    """Bring the store's record of every catalog of `locales` and every compendium up to date; return the files' order."""
    ranks: dict[str, int] = {}
    paths = workspace.Paths(config)
    for locale in locales:
        shown_of = workspace.Paths.names(lambda doc, l=locale: config.relative(config.catalog_path(l, doc)))
        for doc in documents:
            path = paths.catalogs[locale](doc)
            shown = shown_of(doc)
            ranks[shown] = len(ranks)
            recorded = writer.files.get(shown)
            now = looked[path] if path in looked else cache.seen(path, 0)
            if recorded is not None and cache.unchanged(now, recorded.seen):
                continue
            seen, found = _read(config, path, shown, since) if now is not None else (None, [])
            if seen is None:
                writer.forget(shown)
            else:
                writer.put(shown, locale, workspace.source_file(config, doc), False, seen, found)
    for name in config.compendium:
        path = config.root / name
        keys = _compendium_keys(config, name)
        now = cache.seen(path, 0)
        if any(
            (recorded := writer.files.get(key)) is None or not recorded.compendium or not cache.unchanged(now, recorded.seen)
            for key in keys
        ):
            data, seen = _compendium_bytes(config, path, name, since)
            for key, language, found in _compendium_parts(config, data, name):
                writer.put(key, language, name, True, seen, found if language in config.locales else [])
        for key in keys:
            if writer.files[key].locale in config.locales:
                ranks[key] = len(ranks)
    chosen, compendia = set(locales), {key for name in config.compendium for key in _compendium_keys(config, name)}
    for shown, recorded in list(writer.files.items()):
        if shown in ranks or shown in compendia:
            continue
        if recorded.compendium or recorded.locale in chosen or recorded.locale not in config.locales:
            writer.forget(shown)
    return ranks


def save(
    config: Config, written: dict[str, tuple[str, str, str, list]], since: int, verified: dict[str, list] | None = None
) -> None:
    """Record the units of the catalogs this run wrote (path: locale, origin, sha256, units).

    A written file still holding what was written is recorded as it is now
    (`cache.seen` with `since`, the clock after the writes); one saved again
    meanwhile is left alone, to be read next time. `verified` gives what was
    seen of files already read back and found as written (not read again).
    """
    if not written:
        return
    path = memorystore.path_of(config.root)
    connection = memorystore.connect(path, cache.fingerprint(config, "memory"), True)
    assert connection is not None
    try:
        writer = memorystore.Writer(connection, list(written))  # only the files written are read
        try:
            for shown, (locale, origin, expected, found) in sorted(written.items()):
                if verified is not None and shown in verified:
                    writer.put(shown, locale, origin, False, verified[shown], found)
                    continue
                try:
                    data, now = cache.load_file(config.root / shown, since)
                except OSError:
                    continue
                if digest(data) == expected:
                    writer.put(shown, locale, origin, False, now, found)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
    except memorystore.Error:  # only the shortcut is lost: the next run reads those files
        memorystore.remove(path)
    finally:
        connection.close()


def read_units(config: Config, path: Path, shown: str) -> list[tuple[str, str, str, bool]]:
    """Return a catalog's units ``(source, translation, kind, active)``; none if it cannot be read or parsed."""
    return _read(config, path, shown, 0)[1]


def _read(config: Config, path: Path | str, shown: str, since: int) -> tuple[list | None, list[tuple[str, str, str, bool]]]:
    """Return what the store records of a catalog and its units; ``(None, [])`` if it cannot be read."""
    try:
        data, now = cache.load_file(path, since)
    except OSError:  # missing, or not a file: extract and check say so where they read it
        return None, []
    try:
        return now, catalog.units(catalog.loads(catalog.decode(data, shown), shown))
    except CatalogError:
        return now, []


def _compendium_bytes(config: Config, path: Path, name: str, since: int) -> tuple[bytes, list]:
    try:
        return cache.load_file(path, since)
    except OSError as err:
        raise ConfigError(f"{config.file}: compendium {name!r}: cannot read: {err.strerror or err}") from err


def _is_tmx(name: str) -> bool:
    """Return whether a compendium is a TMX file (``.tmx``, any case), not a ``.po`` one."""
    return name.lower().endswith(".tmx")


def _compendium_keys(config: Config, name: str) -> list[str]:
    """Return the names under which the store records a compendium: one per locale for a TMX file (it holds several)."""
    shown = COMPENDIUM + config.relative(config.root / name)
    return [f"{shown}#{locale}" for locale in config.locales] if _is_tmx(name) else [shown]


def _compendium_parts(config: Config, data: bytes, name: str) -> list[tuple[str, str, list[tuple[str, str, str, bool]]]]:
    """Return ``(store key, locale, units)`` of a compendium: a ``.po`` file's one locale, or each locale of a TMX file."""
    if _is_tmx(name):
        found = tmx.units(data, name, config.source_locale, config.locales)
        return [(key, locale, found[locale]) for key, locale in zip(_compendium_keys(config, name), config.locales)]
    language, units = _compendium_units(data, name)
    return [(_compendium_keys(config, name)[0], language, units)]


def _compendium_units(data: bytes, name: str) -> tuple[str, list[tuple[str, str, str, bool]]]:
    po = catalog.loads(catalog.decode(data, name), name)
    language = localecode.normalize(catalog.header(po).get("Language", "")) or ""
    if not language:
        raise ConfigError(f"{name}: a compendium must name its locale in the Language header (e.g. \"Language: es\\n\")")
    return language, catalog.units(po)
