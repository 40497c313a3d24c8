"""The units behind the ``consistency`` warnings, found in the memory's store instead of every catalog read whole.

`checks.consistency` groups a locale's units by source text and by
translation and warns about each group with more than one variant. Most
texts have one translation, so most units cannot change its answer: the
store is asked (SQL grouping over its rows) which source texts and which
translations have several variants among the recorded catalogs, and only
the units of the source texts involved are loaded. A catalog the store
does not hold as it is now is parsed and its units all taken, with every
store unit sharing one of its source texts or translations. The warnings
are the same as over every unit: each group `consistency` sees is either
complete or holds one variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from locflow import cache, memoryfiles, memorystore, workspace
from locflow.config import Config
from locflow.memory import Unit

_IN_FILES = "u.file IN (SELECT id FROM temp.chosen)"


def units(config: Config, locales: Sequence[str], documents: Sequence[str]) -> dict[str, list[Unit]]:
    """Return, per locale, the units of the catalogs of `documents` that `checks.consistency` must see.

    Without a usable store, every unit (`memoryfiles.memories`). The store is only read.
    """
    connection = memorystore.connect(memorystore.path_of(config.root), cache.fingerprint(config, "memory"), False)
    try:
        if connection is not None:
            return {locale: _units(config, connection, locale, documents) for locale in locales}
    except (memorystore.Error, ValueError, TypeError):  # a damaged store: read every file instead
        pass
    finally:
        if connection is not None:
            connection.close()
    documents_files = {workspace.source_file(config, doc) for doc in documents}
    return {
        locale: [u for group in known.exact.values() for u in group if u.origin in documents_files]
        for locale, known in memoryfiles.memories(config, locales, documents).items()
    }


def _units(config: Config, db: memorystore.Connection, locale: str, documents: Sequence[str]) -> list[Unit]:
    recorded = {path: (file, seen) for file, path, *seen in db.execute(f"SELECT id, path, {memorystore.SEEN} FROM files")}
    chosen: list[tuple[int]] = []
    parsed: list[Unit] = []  # of the catalogs the store does not hold as they are now
    for doc in documents:
        path = config.catalog_path(locale, doc)
        shown = config.relative(path)
        if (found := recorded.get(shown)) and cache.unchanged(cache.seen(path, 0), found[1]):
            chosen.append((found[0],))
        else:
            origin = workspace.source_file(config, doc)
            parsed.extend(Unit(s, t, k, origin, a) for s, t, k, a in memoryfiles.read_units(config, path, shown) if s and t)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen(id INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.chosen")
    db.executemany("INSERT INTO temp.chosen VALUES (?)", chosen)
    # Source texts with several translations; translations of several source texts (active units only).
    sources = {text for (text,) in db.execute(
        f"SELECT u.text FROM units u WHERE {_IN_FILES} AND u.active GROUP BY u.text HAVING MIN(u.translation) <> MAX(u.translation)"
    )}
    translations = {translation for (translation,) in db.execute(
        f"SELECT u.translation FROM units u WHERE {_IN_FILES} AND u.active GROUP BY u.translation HAVING MIN(u.text) <> MAX(u.text)"
    )}
    named = {u.source for u in parsed}
    translations |= {u.translation for u in parsed}
    for part in _batches(sorted(translations)):
        sources.update(text for (text,) in db.execute(
            f"SELECT DISTINCT u.text FROM units u WHERE {_IN_FILES} AND u.translation IN ({_marks(part)})", part
        ))
    for part in _batches(sorted(named)):
        sources.update(text for (text,) in db.execute(f"SELECT id FROM texts WHERE source IN ({_marks(part)})", part))
    found = list(parsed)
    for part in _batches(sorted(sources)):
        found.extend(
            Unit(source, translation, kind, origin, bool(active))
            for source, translation, kind, origin, active in db.execute(
                "SELECT t.source, u.translation, u.kind, f.origin, u.active FROM units u JOIN texts t ON t.id = u.text"
                f" JOIN files f ON f.id = u.file WHERE {_IN_FILES} AND u.text IN ({_marks(part)})", part,
            )
        )
    return found


def _batches(values: list) -> Iterable[list]:
    for start in range(0, len(values), memorystore.BATCH):
        yield values[start : start + memorystore.BATCH]


def _marks(part: Sequence) -> str:
    return ",".join("?" * len(part))
