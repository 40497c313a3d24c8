"""The translation memory's store: every catalog's units in one SQLite database, kept current file by file.

``.locflow/cache/memory.sqlite`` holds, per catalog (orphans included) and
compendium, the units the memory takes from it, with what `cache.seen` said
of the file when it was read. A run re-reads only the files that changed
(`cache.unchanged`, the caches' one rule), so extract pays for the catalogs
that moved, not for the project. Lookups are indexed queries
(`memorylookup`): a text's units by its number, and the word postings of
`similar.WordIndex`, one array of text numbers per word, read only for the
words of the texts looked up: the same candidates, hence the same offers, as
the memory held in a process.

The store is only a shortcut: deleting it changes no result. The project
folder is untrusted input: a file that does not open as SQLite, has another
schema than ours (tables, indexes, triggers or views of its own) or another
key (`cache.fingerprint`: other code or settings) is replaced, never used;
it holds only texts and numbers (no pickle). Writes happen under extract's
lock, each run's in one transaction: an interrupted run leaves the store as
the last finished run left it.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from locflow import memoryways
from locflow.errors import LocflowError
from locflow.fsio import work_dir
from locflow.seqs import GAP, placed
from locflow.similar import coded, words_of

SCHEMA = (
    "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, locale TEXT NOT NULL,"
    " origin TEXT NOT NULL, compendium INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,"
    " ctime INTEGER NOT NULL, inode INTEGER NOT NULL, since INTEGER NOT NULL)",
    "CREATE TABLE texts(id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, refs INTEGER NOT NULL, words TEXT NOT NULL)",
    "CREATE TABLE units(file INTEGER NOT NULL, seq INTEGER NOT NULL, text INTEGER NOT NULL, locale TEXT NOT NULL,"
    " translation TEXT NOT NULL, kind TEXT NOT NULL, active INTEGER NOT NULL, PRIMARY KEY (file, seq)) WITHOUT ROWID",
    "CREATE INDEX units_text ON units(text, locale)",
    "CREATE TABLE postings(word TEXT PRIMARY KEY, size INTEGER NOT NULL, texts BLOB NOT NULL, code INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE ways(text INTEGER NOT NULL, locale TEXT NOT NULL, kind TEXT NOT NULL, translation TEXT NOT NULL,"
    " uses INTEGER NOT NULL, files INTEGER NOT NULL, names TEXT NOT NULL, PRIMARY KEY (text, locale, kind, translation)) WITHOUT ROWID",
    "CREATE INDEX files_origin ON files(origin)",
)
"""The store's tables. ``files`` keeps `cache.seen` of each file; ``texts`` numbers each source text some unit holds (``refs``: how many);
``postings`` lists, per word, the texts holding it (`similar.words_of`), as 32-bit little-endian numbers, and numbers the
word (``code``, kept when no text holds it any more); ``texts.words`` is a text's words coded by those numbers (`similar.coded`);
``ways`` counts, per text, locale, kind and translation, its units (``uses``) and their files' distinct origins
(``files``), and names the first `memory.NAMED` + 1 origins in sorted order (a JSON list): what an exact offer needs
(`memory.ways`) without reading a unit per page sharing the text; kept by difference (`memoryways`)."""

SEEN = "size, mtime, ctime, inode, since"
"""The columns of ``files`` holding `cache.seen`."""

Error = sqlite3.Error
"""What a failing store raises (callers need not import sqlite3)."""

Connection = sqlite3.Connection

BATCH = 500
"""At most this many values in one ``IN (…)`` list."""


def path_of(root: Path) -> Path:
    """Return where a project's memory store lives."""
    return work_dir(root) / "cache" / "memory.sqlite"


class Damaged(LocflowError):
    """The store failed under a query (a damaged file): it is removed, and rebuilt by the next extract."""


def parts(numbers: list) -> list[list]:
    """Return `numbers` in parts of at most `BATCH` (one ``IN (…)`` list each)."""
    return [numbers[start : start + BATCH] for start in range(0, len(numbers), BATCH)]


def posting_numbers(blob: bytes) -> array:
    """Return the text numbers of a posting list (the store's `Error` if it is not one: not written by locflow)."""
    if type(blob) is not bytes or len(blob) % 4:
        raise sqlite3.DatabaseError(f"a posting list that is not 32-bit numbers: {NOT_OURS}")
    found = array("i")
    found.frombytes(blob)
    if sys.byteorder == "big":
        found.byteswap()
    return found


def _blob(numbers: array) -> bytes:
    found = array("i", numbers)
    if sys.byteorder == "big":
        found.byteswap()
    return found.tobytes()


_SCHEMA_ROWS: list | None = None


def _schema_rows(connection: sqlite3.Connection) -> list:
    return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def _expected() -> list:
    global _SCHEMA_ROWS
    if _SCHEMA_ROWS is None:
        fresh = sqlite3.connect(":memory:")
        for statement in SCHEMA:
            fresh.execute(statement)
        _SCHEMA_ROWS = _schema_rows(fresh)
        fresh.close()
    return _SCHEMA_ROWS


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    uri = Path(os.path.abspath(path)).as_uri() + ("" if writable else "?mode=ro")
    connection = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    return connection


def reader(path: Path) -> sqlite3.Connection:
    """Return a read-only connection to the store at `path` (checked by `connect` first)."""
    return _connect(path, False)


def connect(path: Path, key: str, writable: bool) -> sqlite3.Connection | None:
    """Return a connection to the store at `path` made for `key`, or None if there is none (read-only).

    Writable, a store that is missing, not SQLite, not ours or not for `key` is made afresh.
    """
    try:
        connection = _connect(path, False) if not writable or path.exists() else None
        if connection is not None:
            if _schema_rows(connection) == _expected() and connection.execute(
                "SELECT value FROM meta WHERE name = 'key'"
            ).fetchall() == [(key,)]:
                if writable:
                    connection.close()
                    connection = _connect(path, True)
                return connection
            connection.close()
    except sqlite3.Error:
        pass
    if not writable:
        return None
    remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        connection = _connect(path, True)
        connection.execute("BEGIN IMMEDIATE")
        for statement in SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
        connection.execute("COMMIT")
    except sqlite3.Error as err:
        raise LocflowError(f"{path}: cannot make the translation memory's store: {err}") from err
    return connection


def remove(path: Path) -> None:
    """Remove a store and its journal (a missing one is fine)."""
    for name in (path, path.with_name(path.name + "-journal")):
        try:
            name.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:  # a folder in its place, a read-only folder
            raise LocflowError(f"{name}: cannot replace the translation memory's store ({err.strerror}); remove it") from err


KINDS = {"t": str, "i": int, "b": bytes}
"""What `typed` checks a column for: text, integer, bytes (``.``: anything)."""


NOT_OURS = "not written by locflow"


def typed(rows: Iterable[Sequence], kinds: str) -> list[Sequence]:
    """Return `rows`, whose columns must be of `kinds` (`KINDS`, one letter per column), for rows a lookup hands on.

    A value of another type was not written by locflow (SQLite keeps any type
    in any column): the store's `Error`, as any damage, not a ``TypeError``
    where the value ends up (a catalog being written). About 2,500
    instructions a row of 7 columns: for the few rows of a lookup; the
    writer catches such values where they fail instead (`_stored`).

    >>> typed([("a", 1)], "ti")
    [('a', 1)]
    """
    wanted = [(place, KINDS[kind]) for place, kind in enumerate(kinds) if kind != "."]
    rows = list(rows)
    for row in rows:
        for place, kind in wanted:
            if type(row[place]) is not kind:
                raise sqlite3.DatabaseError(f"a value that is not {kind.__name__}: {NOT_OURS}")
    return rows


def source_text(source: object) -> str:
    """Return a source text read from the store (`typed`: text, or the store's `Error`)."""
    return typed([(source,)], "t")[0][0]


def _stored(method: Callable) -> Callable:
    """Run a `Writer` method: a value of another type than locflow writes fails in it as a TypeError, ValueError or
    AttributeError, which is the store's `Error` (the writer's inputs, parsed catalogs, are text), at no cost per row."""

    @functools.wraps(method)
    def run(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (TypeError, ValueError, AttributeError) as err:
            raise sqlite3.DatabaseError(f"a value of another type than locflow writes ({err}): {NOT_OURS}") from err

    return run


class Recorded:
    """What the store remembers of one file."""

    __slots__ = ("id", "locale", "origin", "compendium", "seen")

    def __init__(self, id: int, locale: str, origin: str, compendium: bool, seen: list) -> None:
        self.id, self.locale, self.origin, self.compendium, self.seen = id, locale, origin, compendium, seen


class Writer:
    """One transaction of changes to the store: files' units replaced or forgotten, texts, postings and ways kept in step."""

    @_stored
    def __init__(self, connection: sqlite3.Connection, paths: Sequence[str] | None = None) -> None:
        """Begin a transaction; with `paths`, only those files are read (`files`) and may be recorded or forgotten."""
        self.db = connection
        self.db.execute("BEGIN IMMEDIATE")
        self.files: dict[str, Recorded] = {}
        query = f"SELECT id, path, locale, origin, compendium, {SEEN} FROM files"
        for part in [None] if paths is None else parts(sorted(paths)):
            where = "" if part is None else f" WHERE path IN ({','.join('?' * len(part))})"
            for id, path, locale, origin, compendium, *seen in self.db.execute(query + where, part or ()):
                self.files[path] = Recorded(id, locale, origin, bool(compendium), seen)
        self.ids: dict[str, int] = {}
        self.sources: dict[int, str] = {}
        self.delta: defaultdict[int, int] = defaultdict(int)
        self.new: set[int] = set()
        self.changes = memoryways.Changes()
        """The units written and removed, per text, way and origin: the ``ways`` rows are brought in step from them at the commit."""

    def _drop_units(self, file: Recorded) -> None:
        for text, source, locale, kind, translation in self.db.execute(
            "SELECT u.text, t.source, u.locale, u.kind, u.translation FROM units u JOIN texts t ON t.id = u.text WHERE u.file = ?",
            (file.id,),
        ):
            self.delta[text] -= 1
            self.sources[text] = source
            self.changes.add(text, locale, kind, translation, file.origin, -1)
        self.db.execute("DELETE FROM units WHERE file = ?", (file.id,))

    def _text(self, source: str) -> int:
        number = self.ids.get(source)
        if number is None:
            row = self.db.execute("SELECT id FROM texts WHERE source = ?", (source,)).fetchone()
            if row is None:
                number = self.db.execute("INSERT INTO texts(source, refs, words) VALUES (?, 0, '')", (source,)).lastrowid
                self.new.add(number)
            else:
                number = row[0]
            self.ids[source], self.sources[number] = number, source
        return number

    @_stored
    def put(self, path: str, locale: str, origin: str, compendium: bool, seen: list, units: Sequence[tuple]) -> None:
        """Record a file's units ``(source, translation, kind, active)`` as of `seen`.

        Only rows that changed are written: units kept in their order keep their
        row, new ones get a ``seq`` between their neighbours' (`GAP` apart when
        numbered afresh), so one unit added or gone near the top rewrites one row.
        """
        recorded = self.files.get(path)
        old: list[tuple[int, tuple]] = []
        moved = recorded is not None and recorded.origin != origin
        if recorded is not None:
            file = recorded.id
            for seq, text, source, *row in self.db.execute(
                "SELECT u.seq, u.text, t.source, u.locale, u.translation, u.kind, u.active FROM units u"
                " JOIN texts t ON t.id = u.text WHERE u.file = ? ORDER BY u.seq", (file,)
            ):
                old.append((seq, (text, *row)))
                self.ids[source], self.sources[text] = text, source
            if moved:  # every unit's origin changes: each way's units move from the old origin to the new
                for _, (text, locale_of, translation, kind, _) in old:
                    self.changes.add(text, locale_of, kind, translation, recorded.origin, -1)
            self.db.execute(
                "UPDATE files SET locale = ?, origin = ?, compendium = ?, size = ?, mtime = ?, ctime = ?, inode = ?, since = ?"
                " WHERE id = ?", (locale, origin, int(compendium), *seen, file),
            )
        else:
            file = self.db.execute(
                f"INSERT INTO files(path, locale, origin, compendium, {SEEN}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (path, locale, origin, int(compendium), *seen),
            ).lastrowid
        self.files[path] = Recorded(file, locale, origin, compendium, seen)
        new = [
            (self._text(source), locale, translation, kind, int(bool(active)))
            for source, translation, kind, active in units if source and translation
        ]
        seqs, added = placed([row for _, row in old], [seq for seq, _ in old], new)
        kept = set(seqs) - set(seqs[n] for n in added)
        gone = [(seq, row) for seq, row in old if seq not in kept]
        for _, (text, locale_of, translation, kind, _) in gone:
            self.delta[text] -= 1
            if not moved:
                self.changes.add(text, locale_of, kind, translation, origin, -1)
        self.db.executemany("DELETE FROM units WHERE file = ? AND seq = ?", [(file, seq) for seq, _ in gone])
        for n in added:
            self.delta[new[n][0]] += 1
        for text, locale_of, translation, kind, _ in new if moved else [new[n] for n in added]:
            self.changes.add(text, locale_of, kind, translation, origin, 1)
        self.db.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", [(file, seqs[n], *new[n]) for n in added])

    @_stored
    def forget(self, path: str) -> None:
        """Forget a file (gone, or no longer part of the memory)."""
        recorded = self.files.pop(path, None)
        if recorded is not None:
            self._drop_units(recorded)
            self.db.execute("DELETE FROM files WHERE id = ?", (recorded.id,))

    @_stored
    def commit(self) -> None:
        """Bring the texts, postings and ways in step with the units, and commit."""
        changed = [(delta, text) for text, delta in self.delta.items() if delta]
        self.db.executemany("UPDATE texts SET refs = refs + ? WHERE id = ?", changed)
        added: defaultdict[str, set[int]] = defaultdict(set)
        removed: defaultdict[str, set[int]] = defaultdict(set)
        touched = sorted({text for _, text in changed} | self.new)
        dead = []
        for start in range(0, len(touched), BATCH):
            part = touched[start : start + BATCH]
            marks = ",".join("?" * len(part))
            for text, refs in self.db.execute(f"SELECT id, refs FROM texts WHERE id IN ({marks})", part):
                if refs <= 0:
                    dead.append((text,))
                    if text not in self.new:
                        for word in words_of(self.sources[text]):
                            removed[word].add(text)
                elif text in self.new:
                    for word in words_of(self.sources[text]):
                        added[word].add(text)
        self.db.executemany("DELETE FROM texts WHERE id = ?", dead)
        dead_texts = {text for (text,) in dead}
        self._ways(dead_texts)
        codes: dict[str, int] = {}
        rows: dict[str, array] = {}
        for word in sorted(added.keys() | removed.keys()):
            row = self.db.execute("SELECT texts, code FROM postings WHERE word = ?", (word,)).fetchone()
            rows[word] = posting_numbers(row[0]) if row else array("i")
            if row is not None and type(row[1]) is int and row[1] >= 0:
                codes[word] = row[1]
        fresh = sorted((word for word in rows if word not in codes), key=lambda word: (-len(added.get(word, ())), word))
        if fresh:  # words new to the store (or with a code not ours): the next numbers, the most used first (`similar.CODES`)
            found = self.db.execute("SELECT MAX(code) FROM postings WHERE typeof(code) = 'integer'").fetchone()[0]
            following = 0 if found is None else max(found + 1, 0)
            codes.update((word, following + n) for n, word in enumerate(fresh))
        for word, numbers in rows.items():
            if word in removed:
                gone = removed[word]
                numbers = array("i", [n for n in numbers if n not in gone])
            numbers.extend(sorted(added.get(word, ())))  # the order of a posting list changes no result
            self.db.execute("INSERT OR REPLACE INTO postings VALUES (?, ?, ?, ?)", (word, len(numbers), _blob(numbers), codes[word]))
        self.db.executemany(  # every word of a new text was just added to its postings: all have a code
            "UPDATE texts SET words = ? WHERE id = ?",
            [(coded(self.sources[text].casefold().split(), codes), text) for text in sorted(self.new - dead_texts)],
        )
        self.db.execute("COMMIT")

    def _ways(self, dead: set[int]) -> None:
        """Bring the ``ways`` rows of the texts whose units changed in step by difference (`memoryways`).

        Rows read: each changed text's ways, and its units held by the origins
        whose units changed (index ``files_origin``, then ``units_text``: text,
        locale and file); a way's every unit only when `memoryways.updated`
        asks for a recount. A text new to the store has no unit but this run's.
        """
        for part in parts(sorted(self.new | dead)):  # rows of a text new or gone are not its own: none are kept
            self.db.execute(f"DELETE FROM ways WHERE text IN ({','.join('?' * len(part))})", part)
        gone, rows_now = [], []
        for text in self.changes.texts():
            if text in dead:
                continue
            changes = self.changes.of(text)
            if text in self.new:
                rows, now = {}, changes
            else:
                rows = {
                    (locale, kind, translation): rest for locale, kind, translation, *rest in self.db.execute(
                        "SELECT locale, kind, translation, uses, files, names FROM ways WHERE text = ?", (text,)
                    )
                }
                now = self._held(text, sorted({origin for origins in changes.values() for origin in origins}))
            for way, origins in changes.items():
                found = memoryways.updated(rows.get(way), origins, now.get(way, {}))
                if found is memoryways.RECOUNT:
                    found = memoryways.recounted(dict(self.db.execute(
                        "SELECT f.origin, COUNT(*) FROM units u JOIN files f ON f.id = u.file"
                        " WHERE u.text = ? AND u.locale = ? AND u.kind = ? AND u.translation = ? GROUP BY f.origin", (text, *way),
                    )))
                if found is None:
                    gone.append((text, *way))
                else:
                    rows_now.append((text, *way, *found))
        self.db.executemany("DELETE FROM ways WHERE text = ? AND locale = ? AND kind = ? AND translation = ?", gone)
        self.db.executemany("INSERT OR REPLACE INTO ways VALUES (?, ?, ?, ?, ?, ?, ?)", rows_now)

    def _held(self, text: int, origins: list[str]) -> dict[memoryways.Way, dict[str, int]]:
        """Return how many units of `text` each of `origins` holds now, per way."""
        found: dict[memoryways.Way, dict[str, int]] = {}
        for part in parts(origins):
            for origin, locale, kind, translation, units in self.db.execute(
                "SELECT f.origin, u.locale, u.kind, u.translation, COUNT(*) FROM files f CROSS JOIN units u"
                f" ON u.file = f.id AND u.locale = f.locale WHERE f.origin IN ({','.join('?' * len(part))}) AND u.text = ?"
                " GROUP BY 1, 2, 3, 4", (*part, text),
            ):
                found.setdefault((locale, kind, translation), {})[origin] = units
        return found

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")


def file_units(connection: sqlite3.Connection, file: int) -> list[tuple[str, str, str, bool]]:
    """Return the units recorded of a file, in their order."""
    return [
        (source, translation, kind, bool(active))
        for source, translation, kind, active in connection.execute(
            "SELECT t.source, u.translation, u.kind, u.active FROM units u JOIN texts t ON t.id = u.text"
            " WHERE u.file = ? ORDER BY u.seq", (file,)
        )
    ]
