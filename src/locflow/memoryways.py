"""A text's ways kept by difference: how the units one run writes and removes change the memory store's counts.

A stage: numbers in, rows out. The store's ``ways`` table (`memorystore`)
holds, per text, locale, kind and translation (a *way*), how many units
translate it so (``uses``), how many distinct origins hold those units
(``files``) and the first `NAMED` + 1 origins in sorted order (``names``, a
JSON list). A run changes a few units of a text shared by many pages:
`Changes` gathers, per text and way, how many units each origin gained or
lost, and `updated` turns a way's row and those changes into its new row,
given only how many units of the way the origins involved hold now. An
origin that gains its first unit of a way adds a file (and maybe a name),
one that loses its last removes one; a count is asked for again (`RECOUNT`,
every unit of the way read) only when a named origin goes while origins
beyond the named ones remain, or when the row is out of step with the units
(a store not written by locflow), which the count then mends.
"""

from __future__ import annotations

import json

from locflow.memory import NAMED

Way = tuple[str, str, str]
"""A way of translating a text: ``(locale, kind, translation)``."""

RECOUNT = "recount"
"""What `updated` returns when the way's units must be counted again (`recounted`)."""


class Changes:
    """The units a transaction added (+1) and removed (-1), per text, way and origin; a unit moved to another origin is both."""

    def __init__(self) -> None:
        self.by_text: dict[int, dict[Way, dict[str, int]]] = {}

    def add(self, text: int, locale: str, kind: str, translation: str, origin: str, units: int) -> None:
        """Count `units` (negative: removed) of `text` translated `translation` in `locale` as a `kind`, held by `origin`."""
        origins = self.by_text.setdefault(text, {}).setdefault((locale, kind, translation), {})
        origins[origin] = origins.get(origin, 0) + units

    def texts(self) -> list[int]:
        """Return the texts some of whose ways changed (units added and removed alike cancel out), sorted."""
        return sorted(text for text, ways in self.by_text.items() if any(any(origins.values()) for origins in ways.values()))

    def of(self, text: int) -> dict[Way, dict[str, int]]:
        """Return the ways of `text` that changed, each with the origins whose number of units changed, and by how much."""
        found = {}
        for way, origins in self.by_text.get(text, {}).items():
            changed = {origin: units for origin, units in origins.items() if units}
            if changed:
                found[way] = changed
        return found


def names_of(raw: object) -> list[str] | None:
    """Return the names of a ``ways`` row (a JSON list of origins in sorted order), or None if it holds something else."""
    try:
        names = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        return None
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names) or names != sorted(set(names)):
        return None
    return names


def row(uses: int, files: int, names: list[str]) -> tuple[int, int, str]:
    """Return a ``ways`` row's counts and names as stored."""
    return uses, files, json.dumps(names[: NAMED + 1], ensure_ascii=False)


def recounted(origins: dict[str, int]) -> tuple[int, int, str] | None:
    """Return a way's row from how many units each origin holds (all of them), or None if it has none."""
    held = {origin: units for origin, units in origins.items() if units > 0}
    return row(sum(held.values()), len(held), sorted(held)) if held else None


def updated(
    before: tuple[object, object, object] | None, changes: dict[str, int], now: dict[str, int]
) -> tuple[int, int, str] | None | str:
    """Return a way's row after `changes` (units gained or lost per origin), `now` saying how many units those origins hold.

    `before` is the row as stored (None: the way had no unit). Returns None if
    the way has no unit left, `RECOUNT` if its row cannot be made from these
    alone: a named origin went and others beyond the named ones remain, or the
    row is out of step with the units.

    >>> updated((5, 2, '["a", "c"]'), {"b": 1, "c": -1}, {"b": 1, "c": 2})
    (5, 3, '["a", "b", "c"]')
    >>> updated((9, 5, '["a", "b", "c", "d"]'), {"a": -2}, {})
    'recount'
    """
    uses, files, raw = before if before is not None else (0, 0, "[]")
    names = names_of(raw)
    if names is None or type(uses) is not int or type(files) is not int:
        return RECOUNT
    gained, lost = set(), set()
    for origin, units in changes.items():
        after = now.get(origin, 0)
        if after < 0 or after - units < 0:
            return RECOUNT
        if after and after == units:
            gained.add(origin)
        elif not after:
            lost.add(origin)
    uses += sum(changes.values())
    files += len(gained) - len(lost)
    if gained & set(names) or len(names) > NAMED + 1 or uses < files or (uses > 0) != (files > 0):
        return RECOUNT
    if not uses:
        return None
    known = sorted((set(names) - lost) | gained)
    beyond = files - len(known)  # origins holding the way that no name shows: all sort after the last name
    if beyond < 0 or (beyond and (not names or len(known) <= NAMED or known[NAMED] > names[-1])):
        return RECOUNT
    return row(uses, files, known)
