"""Lookups in the translation memory's store: a text's exact offer, and its fuzzy candidates from the word postings.

`StoredMemory` is one locale's `memory.Memory` answered from the store
(`memorystore`), `StoredShared` what every chosen locale shares: one
read-only connection per process; a text's exact offer made for every
locale at once from the store's counts of its ways (`ways`), so that a text
shared by every page costs no more than one on a single page; its
candidates found (`similar.WordIndex`'s rule, from the postings) and scored
once, or, below a suggestion the caller has, every text of a length that can
beat it (`StoredShared.near`, `similar.ByLength`). The store's texts are read
once per run, sorted (by extract before it forks its workers: `prepare`), so
that the candidates are ordered, and named, without reading them."""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Sequence
from operator import itemgetter
from pathlib import Path

from locflow import memorystore
from locflow.memory import NAMED, NEAR, Memory, Recalled, Unit, Ways, fitting, near_cached, offered
from locflow.memoryways import names_of
from locflow.similar import ByLength, WordIndex, coded, rarest, reranked, words_of


SPARSE = 16
"""How many list items per text `StoredShared._texts` may make, to be looked up by number (beyond: a dict)."""


class StoredShared:
    """The fuzzy candidates of every chosen locale's memory, from the store's postings (one connection per process)."""

    def __init__(self, path: Path, locales: Sequence[str], whole: bool) -> None:
        self.path = path
        self.locales = tuple(locales)
        self.whole = whole
        """True when the store holds no other locale than those chosen: its postings are the index `Shared` would build."""
        self._state()

    def _state(self) -> None:
        self.pid = -1
        self.db: memorystore.Connection | None = None
        self.found: dict[str, list[str]] = {}
        self.rows: dict[str, dict[str, list]] = {}
        """Per source text, its units' rows per chosen locale (`StoredMemory.units`): one query for every locale."""
        self.sizes: dict[str, int] = {}
        """How many texts hold each word looked up (0: none)."""
        self.codes: dict[str, int] = {}
        """The store's number of each word looked up that has one (`similar.coded`)."""
        self.coded: list[str] = []
        """The store's texts' words coded (`similar.coded`), in the order of `by_rank`."""
        self.ranks: list[int] | dict[int, int] | None = None
        """Each text's place in the store's texts sorted (by number): how `_whole` orders ties."""
        self.by_rank: list[str] = []
        self.numbers: list[int] | None = None
        """The store's number of each text of `by_rank`, in that order."""
        self.ids: dict[str, int | None] = {}
        """The numbers in the store of the texts looked up (None: not in the store), by source text (`number`)."""
        self.scored: dict[str, list[tuple[str, float]]] = {}
        self.close: dict[str, list[tuple[float, list[tuple[str, float]]]]] = {}
        self.by_length: ByLength | None = None
        self.index: WordIndex | None = None
        self.texts: list[str] | None = None
        self.offers: dict[tuple[str, str, str | None], dict[str, Ways | bool]] = {}
        """Per text, kind and file skipped, `ways` per chosen locale: one query for every locale."""

    def __getstate__(self) -> dict:
        return {"path": self.path, "locales": self.locales, "whole": self.whole}

    def __setstate__(self, state: dict) -> None:
        self.path, self.locales, self.whole = state["path"], state["locales"], state["whole"]
        self._state()

    def query(self, sql: str, parameters: Sequence = ()) -> list:
        """Return the rows of a query, on this process's own connection (none is carried over a fork)."""
        self._here()
        try:
            return self.db.execute(sql, parameters).fetchall()  # type: ignore[union-attr]
        except memorystore.Error as err:
            self._damaged(err)

    def checked(self, sql: str, parameters: Sequence, kinds: str) -> list:
        """Return the rows of a query, their columns of `kinds` (`memorystore.typed`): another type is a damaged store."""
        try:
            return memorystore.typed(self.query(sql, parameters), kinds)
        except memorystore.Error as err:
            self._damaged(err)

    def _here(self) -> None:
        """Open this process's own connection (forked: the parent's is not this one's; what it read of the store is)."""
        if self.pid != os.getpid():
            self.pid = os.getpid()
            try:
                self.db = memorystore.reader(self.path)
            except memorystore.Error as err:
                self._damaged(err)

    def _damaged(self, err: Exception):
        memorystore.remove(self.path)
        raise memorystore.Damaged(f"{self.path}: the translation memory's store cannot be read ({err}); it is removed: run extract again")

    def candidates(self, text: str) -> list[str]:
        """Return the texts worth scoring against `text`, best first, as `memory.Shared.candidates` does."""
        self._here()
        found = self.found.get(text)
        if found is None:
            found = self.found[text] = self._whole(text) if self.whole else self._some(text)
        return found

    def prepare(self) -> None:
        """Read the store's texts now, in this process: worker processes forked from it share them instead of each reading them."""
        if self.whole:
            self._lengths()

    def near(self, text: str, floor: float) -> list[tuple[str, float]] | None:
        """Return every text of the chosen locales at least `floor` similar to `text`, as `memory.Shared.near` does."""
        self._here()
        return near_cached(self.close, text, floor, self._near)

    def _near(self, text: str, floor: float) -> list[tuple[str, float]] | None:
        return self._lengths().near(text, floor, NEAR)

    def _lengths(self) -> ByLength:
        if self.by_length is None:
            self.by_length = ByLength(self._texts()[1] if self.whole else self._chosen())
        return self.by_length

    def _whole(self, text: str) -> list[str]:
        """`WordIndex.candidates` from the postings: every text holding one of the rarest words, ordered by their words.

        The store's texts are read once per process and sorted (`_texts`: code
        points, the order of SQLite's index on them, which compares UTF-8 bytes),
        so that the candidates are compared in the order `WordIndex` gives them
        (ties: the earlier text) and named without a query.
        """
        words = sorted(words_of(text))
        unknown = [word for word in words if word not in self.sizes]
        for part in memorystore.parts(unknown):
            self.sizes.update(dict.fromkeys(part, 0))
            for word, size, code in self.query(f"SELECT word, size, code FROM postings WHERE word IN ({','.join('?' * len(part))})", part):
                if type(size) is not int:  # the words matched the text asked for; a size must be a number (`checked`, per row here)
                    self._damaged(memorystore.Error(f"a posting's size that is not a number: {memorystore.NOT_OURS}"))
                self.sizes[word] = size
                if type(code) is int and code >= 0:
                    self.codes[word] = code
        read = rarest({word: self.sizes[word] for word in words if self.sizes[word]})
        if not read:
            return []
        blobs = self.checked(f"SELECT texts FROM postings WHERE word IN ({','.join('?' * len(read))})", read, "b")
        ranks, by_rank = self._texts()
        try:
            pool = sorted(set(map(ranks.__getitem__, memorystore.posting_numbers(b"".join(blob for (blob,) in blobs)))))  # in C
        except (IndexError, KeyError, memorystore.Error) as err:  # a posting not written by locflow: no such text, not numbers
            self._damaged(err)
        chosen = reranked(coded(text.casefold().split(), self.codes), list(map(self.coded.__getitem__, pool)), WordIndex.WIDE)
        return [by_rank[pool[n]] for n in chosen]

    def _texts(self) -> tuple[list[int] | dict[int, int], list[str]]:
        """Return each text's place in the store's texts sorted (by number) and the texts in that order, read once.

        The places are a list indexed by number (its items are ready-made ints:
        `_whole` looks up thousands a search), or a dict when the numbers are
        far apart (a store kept for years, or not written by locflow).
        """
        if self.ranks is None:
            rows = self.query(  # in the table's order, sorted here: 1.5x faster than by the index
                "SELECT source, id, CASE WHEN typeof(words) = 'text' THEN words ELSE '' END FROM texts"  # coded words not ours rank worse
            )
            try:
                rows.sort(key=itemgetter(0))  # sources of several types cannot be sorted
                memorystore.source_text(rows[0][0] if rows else "")  # nor can sources of one other type be looked up
            except (TypeError, memorystore.Error) as err:
                self._damaged(err)
            self.numbers = numbers = list(map(itemgetter(1), rows))
            if 0 <= min(numbers, default=0) and max(numbers, default=0) < SPARSE * len(numbers) + 65536:
                self.ranks = [0] * (max(numbers, default=0) + 1)
                for place, number in enumerate(numbers):
                    self.ranks[number] = place
            else:
                self.ranks = dict(zip(numbers, range(len(numbers))))
            self.by_rank = list(map(itemgetter(0), rows))
            self.coded = list(map(itemgetter(2), rows))
        return self.ranks, self.by_rank

    def number(self, text: str) -> int | None:
        """Return a text's number in the store, or None if no unit holds it (most texts looked up are new).

        Once the store's texts are read (`_texts`), it is found among them; until then, asked of the store's index.
        """
        if self.numbers is not None:
            place = bisect_left(self.by_rank, text)
            return self.numbers[place] if place < len(self.by_rank) and self.by_rank[place] == text else None
        if text not in self.ids:
            self.ids[text] = next((number for (number,) in self.query("SELECT id FROM texts WHERE source = ?", (text,))), None)
        return self.ids[text]

    def units(self, text: str, locale: str) -> list:
        """Return the rows of `text`'s units in `locale` (read for every chosen locale at once; none for a text not in the store)."""
        self._here()
        found = self.rows.get(text)
        if found is None:
            found = self.rows[text] = {name: [] for name in self.locales}
            if (number := self.number(text)) is not None:
                for locale_of, *row in self.checked(
                    "SELECT u.locale, u.translation, u.kind, f.origin, u.active, f.path, u.seq FROM units u JOIN files f"
                    f" ON f.id = u.file WHERE u.text = ? AND u.locale IN ({','.join('?' * len(self.locales))})",
                    (number, *self.locales), "ttttiti",
                ):
                    found[locale_of].append(row)
        return found.get(locale, [])

    def ways(self, text: str, kind: str, skip: str | None, locale: str) -> Ways | bool:
        """Return how the units of `text` in `locale` (none from `skip`) translate it for a segment of `kind`, from the store's counts.

        False if no unit translates it; True if the units offered are of several kinds (the kind looked up and
        none, or several others): their files are then counted together, from the units themselves
        (`StoredMemory.units`). Rows read: one per kind and translation of the text, and the units of the
        skipped file, unless the rows name every file and not that one: a text shared by every page costs no
        more than one on a single page.
        """
        self._here()
        key = (text, kind, skip)
        found = self.offers.get(key)
        if found is None:
            found = self.offers[key] = {}
            if (number := self.number(text)) is not None:
                marks = ",".join("?" * len(self.locales))
                counted: dict[str, dict[tuple[str, str], list]] = {}
                for locale_of, kind_of, translation, uses, files, names in self.checked(
                    f"SELECT locale, kind, translation, uses, files, names FROM ways WHERE text = ? AND locale IN ({marks})",
                    (number, *self.locales), "tttii",
                ):
                    counted.setdefault(locale_of, {})[kind_of, translation] = [uses, files, names_of(names) or []]  # none: read the units
                if skip is not None and any(skip in names or files != len(names) for per in counted.values() for _, files, names in per.values()):
                    for locale_of, kind_of, translation, uses in self.checked(
                        "SELECT u.locale, u.kind, u.translation, COUNT(*) FROM files f CROSS JOIN units u"  # the file first:
                        " ON u.file = f.id AND u.locale = f.locale"  # not every unit of a shared text
                        f" WHERE f.origin = ? AND f.locale IN ({marks}) AND u.text = ? GROUP BY 1, 2, 3",
                        (skip, *self.locales, number), "ttt",
                    ):
                        way = counted.setdefault(locale_of, {}).setdefault((kind_of, translation), [0, 0, []])
                        way[0] -= uses
                        way[1] -= 1
                        if skip in way[2]:
                            way[2].remove(skip)
                for locale_of, ways in counted.items():
                    found[locale_of] = _ways(ways, kind)
        return found.get(locale, False)

    def _chosen(self) -> list[str]:
        """Return the texts of the chosen locales only (extract ``--locale``), sorted, read once."""
        if self.texts is None:
            marks = ",".join("?" * len(self.locales))
            rows = self.query(
                f"SELECT DISTINCT t.source FROM units u JOIN texts t ON t.id = u.text WHERE u.locale IN ({marks})", self.locales
            )
            try:
                self.texts = sorted(map(memorystore.source_text, map(itemgetter(0), rows)))
            except memorystore.Error as err:
                self._damaged(err)
        return self.texts

    def _some(self, text: str) -> list[str]:
        """The candidates among the chosen locales' texts only (extract ``--locale``): an index built here."""
        if self.index is None:
            self.index = WordIndex(self._chosen())
        return [self._chosen()[n] for n in self.index.candidates(text)]


class StoredMemory(Memory):
    """One locale's memory, looked up in the store."""

    def __init__(self, shared: StoredShared, locale: str, ranks: dict[str, int]) -> None:
        self.shared = shared  # type: ignore[assignment]
        self.locale = locale
        self.ranks = ranks
        """Each file's place in the order the memory takes units (documents, then compendia)."""
        self.exact = {}
        self.known: bool | None = None

    def __getstate__(self) -> dict:
        return {"shared": self.shared, "locale": self.locale, "ranks": self.ranks}

    def __setstate__(self, state: dict) -> None:
        self.shared, self.locale, self.ranks = state["shared"], state["locale"], state["ranks"]
        self.exact, self.known = {}, None

    def __len__(self) -> int:
        return self.shared.query("SELECT COUNT(DISTINCT text) FROM units WHERE locale = ?", (self.locale,))[0][0]

    def __bool__(self) -> bool:
        if self.known is None:
            self.known = bool(self.shared.query("SELECT 1 FROM units WHERE locale = ? LIMIT 1", (self.locale,)))
        return self.known

    def units(self, text: str) -> list[Unit]:
        found = self.exact.get(text)
        if found is None:
            rows = sorted(self.shared.units(text, self.locale), key=lambda row: (self.ranks.get(row[4], len(self.ranks)), row[4], row[5]))
            found = self.exact[text] = [Unit(text, t, k, o, bool(a)) for t, k, o, a, _, _ in rows]
        return found

    def offer(self, text: str, kind: str, skip: str | None = None) -> Recalled | None:
        found = self.shared.ways(text, kind, skip, self.locale)
        if found is True:  # several kinds: their files counted together, from every unit
            return super().offer(text, kind, skip)
        return offered(found, kind) if found else None

    def entries(self) -> list[tuple[str, str, bool, str]]:
        raise NotImplementedError("export reads the memory whole (memoryfiles.memories)")


def _ways(counted: dict[tuple[str, str], list], kind: str) -> Ways | bool:
    """Return `memory.ways` from one locale's counts per kind and translation (uses, files, first names); see `StoredShared.ways`."""
    kinds = sorted({kind_of for (kind_of, _), (uses, _, _) in counted.items() if uses > 0})
    if not kinds:
        return False
    same = fitting(kinds, kind)
    if len(same) > 1 or any(uses < 0 or not names for (_, _), (uses, _, names) in counted.items() if uses):
        return True  # several kinds, or counts out of step with the units (a store not written by us): read the units
    ways = [(translation, names, files, uses) for (kind_of, translation), (uses, files, names) in counted.items() if kind_of == same[0] and uses > 0]
    ways.sort(key=lambda way: (-way[3], way[1][0], way[0]))
    return Ways(tuple((t, tuple(names[:NAMED]), files) for t, names, files, _ in ways[: NAMED + 1]), len(ways), same[0])
