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
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found[j1:j2] = seqs[i1:i2]
        elif j1 < j2:
            low = seqs[i1 - 1] if i1 > 0 else 0
            high = seqs[i2] if i2 < len(seqs) else low + GAP * (j2 - j1 + 1)
            step = (high - low) // (j2 - j1 + 1)
            if step < 1:
                return [GAP * (n + 1) for n in range(len(new))], list(range(len(new)))
            found[j1:j2] = [low + step * (k + 1) for k in range(j2 - j1)]
            added.extend(range(j1, j2))
    return found, added
