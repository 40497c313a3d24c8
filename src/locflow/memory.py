"""The project's translation memory: every translation a locale has, for texts met again.

A `Memory` holds, for one locale, every non-fuzzy translation of every
catalog of the project (active or obsolete, orphaned catalogs included) and
of the compendia named in the configuration. `recall` answers what a
gettext compendium answers ``msgmerge -C``: the same text translated
elsewhere (an exact match), or else the most similar text translated
elsewhere (a fuzzy suggestion, scored as `similar.similarity` scores).
Between the two, a text whose every sentence is translated elsewhere gets
those translations joined (`joined`), fuzzy: what a CAT tool's memory,
which holds sentences, and two paragraphs merged into one have to offer.

A pure stage: the shell reads the catalogs and hands over `Unit` records.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from locflow.similar import THRESHOLD, ByLength, WordIndex, scored, similarity

NOTE = "translation memory: "
"""How a ``#.`` note naming where a translation came from begins (the merge keeps such notes)."""
NAMED = 3
"""How many files a note names for one translation, and how many other translations it lists:
a paragraph shared by every page must not make every catalog name every page."""
NEAR = 1500
"""At most this many texts are scored to find every text at least as similar as a suggestion the caller has
(`Shared.near`): more than that (a low score, or a memory with many texts of about that length), the
candidates of the `WordIndex` are scored instead, about as costly as scoring this many."""
SENTENCE_END = re.compile(r"[.!?:;\u3002\uff01\uff1f][\"'\u2019\u201d\u00bb)\]*_`]*(?P<gap>[ \t]*\\?\n[ \t]*|[ \t]+)(?=\S)")
"""Where a text may be cut into sentences (`joined`): after a full stop, question or exclamation mark,
colon or semicolon and what closes there (quotes, brackets, emphasis, code), at the spaces or line break that follow."""
JOINED = 15
"""`joined` looks at texts of at most this many sentences (plus one): it asks the memory for every run of them."""
WIDE_STOPS = ("\u3002", "\uff01", "\uff1f")
"""Full stops after which Chinese and Japanese put no space: a space between two such sentences is dropped."""
FAMILIES = {
    "front matter: title": "heading", "term": "heading", "admonition title": "heading", "label": "heading",
    "block quote": "paragraph", "admonition": "paragraph", "footnote": "paragraph", "definition": "paragraph",
}
"""Kinds of segment that translate alike (`family`): headings of every level, a page's title, a term, an
admonition's title and the label an alert or admonition shows name things; a paragraph is prose wherever it
sits. A list item or a table cell, often a fragment, is a kind of its own."""


@dataclass(frozen=True, slots=True)
class Unit:
    """One translation the memory holds."""

    source: str
    """The source text (msgid)."""
    translation: str
    kind: str
    """The kind of segment (the first line of the ``#.`` comment: ``paragraph``, ``heading 2``…)."""
    origin: str
    """Where it was found: a document's source file (its catalog of the locale) or a compendium, as messages name it."""
    active: bool = True
    """False for an obsolete entry (a translation kept after its text left the document)."""


@dataclass(frozen=True, slots=True)
class Recalled:
    """What the memory offers for one text."""

    translation: str
    fuzzy: bool
    """True for a suggestion a translator must confirm: a similar text, a text of another kind, or an exact text translated several ways."""
    note: str
    """The ``#.`` note saying where it came from (begins with `NOTE`)."""
    previous: str | None = None
    """The similar source text it translates (``#| msgid``), for a fuzzy suggestion; None for the same text."""
    score: float = 1.0
    """How alike the two source texts are (1.0 for the same text)."""


class Shared:
    """One fuzzy index over the source texts of several locales' memories, built on first use."""

    def __init__(self) -> None:
        self.memories: list[Memory] = []
        self.texts: list[str] = []
        self.index: WordIndex | None = None
        self.scored: dict[str, list[tuple[str, float]]] = {}
        """Per text, its candidates scored at `THRESHOLD` (`similar.scored`): the same in every locale, scored once."""
        self.close: dict[str, list[tuple[float, list[tuple[str, float]]]]] = {}
        """Per text, `near`'s answers by floor (`near_cached`)."""
        self.by_length: ByLength | None = None

    def __getstate__(self) -> dict:  # rebuilt where it is needed, not shipped to workers
        return {"memories": self.memories}

    def __setstate__(self, state: dict) -> None:
        self.memories, self.texts, self.index, self.scored = state["memories"], [], None, {}
        self.close, self.by_length = {}, None

    def candidates(self, text: str) -> list[str]:
        """Return the texts of every memory worth scoring against `text`, best first (`WordIndex`)."""
        if self.index is None:
            self.texts = sorted(set().union(*(m.exact for m in self.memories)))
            self.index = WordIndex(self.texts)
        return [self.texts[n] for n in self.index.candidates(text)]

    def near(self, text: str, floor: float) -> list[tuple[str, float]] | None:
        """Return every text of every memory at least `floor` similar to `text`, scored (`similar.scored`).

        Only texts of a length that can reach `floor` are scored (`similar.band`): None if there are more than `NEAR`.
        """
        return near_cached(self.close, text, floor, self._near)

    def _near(self, text: str, floor: float) -> list[tuple[str, float]] | None:
        if self.by_length is None:
            self.by_length = ByLength(set().union(*(m.exact for m in self.memories)))
        return self.by_length.near(text, floor, NEAR)


class Memory:
    """The translations of one locale, looked up by source text."""

    def __init__(self, units: Iterable[Unit], shared: Shared | None = None) -> None:
        self.exact: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.translation and unit.source:
                self.exact.setdefault(unit.source, []).append(unit)
        self.shared = shared or Shared()
        self.shared.memories.append(self)

    def __len__(self) -> int:
        return len(self.exact)

    def __bool__(self) -> bool:
        return bool(self.exact)

    def units(self, text: str) -> list[Unit]:
        """Return the units translating `text`, in the order the memory was given them."""
        return self.exact.get(text, [])

    def entries(self) -> list[tuple[str, str, bool, str]]:
        """Return ``(source, translation, fuzzy, note)`` per source text, sorted: the memory as a compendium.

        A text translated several ways gives its most used translation, fuzzy, the others named in the note.
        """
        found = []
        for source in sorted(self.exact):
            units = self.exact[source]
            kind = Counter(u.kind for u in units).most_common(1)[0][0]
            offer = _exact(units, kind)
            found.append((source, offer.translation, offer.fuzzy, offer.note))
        return found

    def recall(
        self, text: str, kind: str, fuzzy: bool = True, skip: str | None = None, floor: float | None = None
    ) -> Recalled | None:
        """Return the memory's best offer for `text`, a segment of `kind`, or None.

        The same text of the same kind translated one way is an exact match;
        translated several ways, the most used translation (ties: the first
        by origin) is offered fuzzy, the others named in the note. With
        `fuzzy`, a text not in the memory gets its sentences' translations
        joined if the memory has each (`joined`), or else the translation of
        the most similar text (at least `similar.THRESHOLD`). Units from `skip` (the
        document's own catalog, already searched by the merge) are ignored.
        With a `floor` (the caller has a suggestion this good), only texts
        more similar than that are offered: the caller keeps its own
        suggestion over one scoring the same, so those are not even looked up.
        """
        found = self.offer(text, kind, skip)
        if found is not None:
            return found
        if not fuzzy or not self:
            return None
        if (found := joined(self, text, kind)) is not None:
            return found
        for other in _ranked(self.shared, text, floor):
            chosen = self.offer(other, kind, skip)
            if chosen is not None:
                break
        else:
            return None
        score = similarity(text, other)
        return Recalled(chosen.translation, True, chosen.note, other, score)

    def offer(self, text: str, kind: str, skip: str | None = None) -> Recalled | None:
        """Return the offer of the units translating `text` exactly (those from `skip` ignored), or None if there are none."""
        units = [u for u in self.units(text) if u.origin != skip]
        return _exact(units, kind) if units else None


def sentences(text: str) -> list[tuple[int, int]]:
    """Return where `text` may be cut into sentences: ``(end of one, start of the next)`` per cut (`SENTENCE_END`).

    >>> sentences("Rest. Then ice it: twice a day.")
    [(5, 6), (18, 19)]
    """
    return [(match.start("gap"), match.end("gap")) for match in SENTENCE_END.finditer(text)]


def joined(memory: Memory, text: str, kind: str) -> Recalled | None:
    """Return the translations of `text`'s sentences joined, fuzzy, if the memory translates each, or None.

    The fewest runs of sentences the memory translates exactly (`Memory.offer`,
    from any file: the document's own catalog holds the two paragraphs a
    writer merged) cover the text. Their translations are joined by what
    separates them in the text (a line break stays one), but for a space
    after a Chinese or Japanese full stop. The offer is fuzzy, since
    sentences translated one by one may read otherwise together; it scores
    1.0 (it translates the text itself) and its note names where each run
    came from.

    >>> memory = Memory([Unit("Rest.", "Descanse.", "paragraph", "a.md"), Unit("Ice it.", "Póngale hielo.", "", "tm.tmx")])
    >>> offer = memory.recall("Rest. Ice it.", "paragraph")
    >>> offer.translation, offer.fuzzy, offer.note
    ('Descanse. Póngale hielo.', True, 'translation memory: 2 texts joined: a.md; tm.tmx')
    """
    cuts = sentences(text)
    if not cuts or len(cuts) > JOINED:
        return None
    starts = [0] + [start for _, start in cuts]
    ends = [end for end, _ in cuts] + [len(text)]
    size = len(starts)
    # From each sentence on: the fewest runs covering the rest (more than `size`: none), where the next run starts, this run's offer.
    best: list[tuple[int, int, Recalled | None]] = [(size + 1, size, None)] * size + [(0, size, None)]
    for first in range(size - 1, -1, -1):
        for last in range(first, size if first else size - 1):  # the whole text has no exact offer: `recall` asked
            runs = best[last + 1][0] + 1
            if runs < best[first][0] and (offer := memory.offer(text[starts[first] : ends[last]], kind)) is not None:
                best[first] = (runs, last + 1, offer)
    if best[0][0] > size:
        return None
    translation, notes, at = "", [], 0
    while (offer := best[at][2]) is not None:
        if at:
            gap = text[ends[at - 1] : starts[at]]
            translation += "" if gap.strip(" ") == "" and translation.endswith(WIDE_STOPS) else gap
        translation += offer.translation
        notes.append(offer.note[len(NOTE) :])
        at = best[at][1]
    runs, notes = len(notes), list(dict.fromkeys(notes))  # two paragraphs of one page name it once
    shown = "; ".join(notes[:NAMED]) + (f"; and {len(notes) - NAMED} more" if len(notes) > NAMED else "")
    return Recalled(translation, True, f"{NOTE}{runs} texts joined: {shown}", None, 1.0)


def near_cached(
    close: dict[str, list[tuple[float, list[tuple[str, float]]]]], text: str, floor: float,
    find: Callable[[str, float], list[tuple[str, float]] | None],
) -> list[tuple[str, float]] | None:
    """Return `find`'s texts at least `floor` similar to `text`, cut from a lower floor's if `close` has one.

    Each locale's own suggestion sets its floor: a text's texts are mostly read and scored once for all.
    """
    for known, found in close.get(text, ()):
        if known <= floor:
            return [(other, score) for other, score in found if score >= floor]
    found = find(text, floor)
    if found is not None:
        close.setdefault(text, []).append((floor, found))
    return found


def _ranked(shared: Shared, text: str, floor: float | None) -> list[str]:
    """Return `shared`'s texts more similar to `text` than `floor` (at least `THRESHOLD`), most similar first (`similar.scored`).

    With a `floor` above `THRESHOLD` (a suggestion the caller has), every text that can beat it is scored
    (`Shared.near`), if there are few enough. Otherwise, the candidates are source texts, the same for every
    locale: they are scored once per text, each locale (and each `floor`) taking the part of the list it needs.
    """
    if floor is not None and floor > THRESHOLD and (near := shared.near(text, floor)) is not None:
        return [other for other, score in near if score > floor]
    found = shared.scored.get(text)
    if found is None:
        found = shared.scored[text] = scored(text, shared.candidates(text))
    return [other for other, score in found if floor is None or score > floor]


@dataclass(frozen=True, slots=True)
class Ways:
    """What an exact offer is made of: the ways the units of one text translate it, most used first."""

    ranked: tuple[tuple[str, tuple[str, ...], int], ...]
    """The first `NAMED` + 1 translations, each with its first `NAMED` files in sorted order and how many files it has."""
    count: int
    """How many translations there are."""
    kind: str
    """The kind of the units offered (`fitting`): the kind looked up if some unit has it (or none), else one of its family, else the first unit's."""


def _named(names: Sequence[str], count: int) -> str:
    """Return the first `NAMED` of a translation's files (sorted, each once), and how many more of its `count` there are.

    >>> _named(["source/a.md", "source/b.md"], 2), _named([f"source/{n}.md" for n in range(3)], 5)
    ('source/a.md, source/b.md', 'source/0.md, source/1.md, source/2.md and 2 more')
    """
    return ", ".join(names[:NAMED]) + (f" and {count - NAMED} more" if count > NAMED else "")


def _exact(units: list[Unit], kind: str) -> Recalled:
    """Return the offer of the units holding one source text."""
    return offered(ways(units, kind), kind)


def family(kind: str) -> str:
    """Return the family of a kind of segment (`FAMILIES`): units of one family fill each other's texts exactly.

    >>> family("heading 3"), family("front matter: title"), family("block quote"), family("list item")
    ('heading', 'heading', 'paragraph', 'list item')
    """
    return "heading" if kind.startswith("heading ") else FAMILIES.get(kind, kind)


def fitting(kinds: Iterable[str], kind: str) -> list[str]:
    """Return the kinds of `kinds` whose units an offer for a segment of `kind` takes: that kind and none (a legacy
    file's entries have no kind), else its family (`family`), else all: then the offer is fuzzy (`offered`)."""
    kinds = list(kinds)
    return [k for k in kinds if k in (kind, "")] or [k for k in kinds if family(k) == family(kind)] or kinds


def ways(units: list[Unit], kind: str) -> Ways:
    """Return what the offer of the units holding one source text is made of (`offered`)."""
    taken = set(fitting({u.kind for u in units}, kind))
    same = [u for u in units if u.kind in taken]
    uses = Counter(u.translation for u in same)
    origins: dict[str, dict[str, None]] = {}
    for unit in sorted(same, key=lambda u: u.origin):
        origins.setdefault(unit.translation, {})[unit.origin] = None
    ranked = sorted(uses, key=lambda t: (-uses[t], next(iter(origins[t])), t))
    return Ways(
        tuple((t, tuple(list(origins[t])[:NAMED]), len(origins[t])) for t in ranked[: NAMED + 1]), len(ranked), same[0].kind
    )


def offered(ways: Ways, kind: str) -> Recalled:
    """Return the offer for a segment of `kind` of a text translated `ways`: the most used translation (ties: the first by file).

    Fuzzy if the text is translated several ways (the others named in the note) or only as another kind.
    """
    chosen, names, count = ways.ranked[0]
    note = NOTE + _named(names, count)
    if ways.count > 1:
        note += "; also translated as " + "; ".join(f"{t!r} ({_named(n, c)})" for t, n, c in ways.ranked[1 : NAMED + 1])
        note += f"; and {ways.count - NAMED - 1} other translations" if ways.count > NAMED + 1 else ""
    other = ways.kind != "" and family(ways.kind) != family(kind)
    if other:
        note += f" (as a {ways.kind})"
    return Recalled(chosen, ways.count > 1 or other, note)
