"""Where a file's rows go in the memory's store when it is recorded again: kept rows keep their place.

A stage: rows in, numbers out. The store orders a file's units by ``seq``;
numbered `GAP` apart, a unit added between two others takes a number between
theirs, so a file edited near its top rewrites the rows that changed, not
every row after them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

GAP = 1 << 16
"""How far apart a file's rows are numbered afresh: room for rows added between two later."""
MATCHED = 4_000_000
"""The most pairs of changed rows (old times new, past the common start and end) matched one by one;
beyond it every row is numbered afresh, so that no catalog costs more than linear time."""


def placed(old: Sequence, seqs: Sequence[int], new: Sequence) -> tuple[list[int], list[int]]:
    """Return a number per row of `new`, in increasing order, and the indexes of the rows to write.

    A row of `old` (numbered `seqs`) kept in order keeps its number; the others
    get free numbers between their neighbours', or, when some gap is too
    narrow, every row is numbered afresh (and written).

    >>> placed(["a", "b"], [10, 20], ["a", "x", "b", "y"])
    ([10, 15, 20, 65556], [1, 3])
    """
    found = [0] * len(new)
    added: list[int] = []
    for tag, i1, i2, j1, j2 in _opcodes(old, new):
        if tag == "equal":
            found[j1:j2] = seqs[i1:i2]
        elif j1 < j2:
            low = seqs[i1 - 1] if i1 > 0 else 0
            high = seqs[i2] if i2 < len(seqs) else low + GAP * (j2 - j1 + 1)
            step = (high - low) // (j2 - j1 + 1)
            if step < 1:
                return _afresh(new)
            found[j1:j2] = [low + step * (k + 1) for k in range(j2 - j1)]
            added.extend(range(j1, j2))
    return found, added


def _afresh(new: Sequence) -> tuple[list[int], list[int]]:
    return [GAP * (n + 1) for n in range(len(new))], list(range(len(new)))


def _opcodes(old: Sequence, new: Sequence) -> list[tuple[str, int, int, int, int]]:
    """Return `difflib` opcodes turning `old` into `new`: the common start and end found in one pass,
    the rows between matched by `difflib.SequenceMatcher` (or all replaced when there are too many).

    >>> _opcodes("abcd", "axcd")
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 4, 2, 4)]
    """
    start, limit = 0, min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    i2, j2 = len(old) - end, len(new) - end
    codes = [("equal", 0, start, 0, start)] if start else []
    if (i2 - start) * (j2 - start) > MATCHED:
        codes.append(("replace", start, i2, start, j2))
    else:
        matcher = difflib.SequenceMatcher(None, old[start:i2], new[start:j2], autojunk=False)
        codes += [(tag, a + start, b + start, c + start, d + start) for tag, a, b, c, d in matcher.get_opcodes() if a < b or c < d]
    if end:
        codes.append(("equal", i2, len(old), j2, len(new)))
    return codes
