"""`fuzzy`: an unreviewed translation, and what changed in its source since it was translated."""

from __future__ import annotations

import re
from collections import Counter

from locflow.checks import numbers
from locflow.checks.languages import Language, language  # noqa: F401 (`language` is for the doctest)
from locflow.checks.registry import issue
from locflow.model import Entry, Finding


def fuzzy(entry: Entry, source: Language) -> Finding:
    """Say that a translation is fuzzy, and what changed in its source since it was translated."""
    if entry.previous_msgid is None:
        return issue("fuzzy", "the translation is marked fuzzy: review it, then remove the fuzzy flag")
    changes = fuzzy_changes(entry.previous_msgid, entry.msgid, source)
    if not changes:
        return issue("fuzzy", "the source changed since this was translated: review the translation, then remove the fuzzy flag")
    return issue(
        "fuzzy",
        f"the source changed its meaning since this was translated ({'; '.join(changes)}): "
        "correct the translation, then remove the fuzzy flag",
        dangerous=True,
    )


NEGATIONS = frozenset(
    "not no never none nothing nobody nowhere neither nor cannot without non unless "
    "avoid avoids avoided avoiding".split()
)
"""English words that negate or forbid; adding or removing one flips what a sentence says."""

UNITS = frozenset("second minute hour day week month year mg mcg µg g kg ml l iu unit drop tablet capsule".split())
"""Units of time and dose, singular (plurals are counted as their singular)."""

WORDS_THAT_MATTER = (
    frozenset("before after".split()),
    frozenset("more less fewer".split()),
    frozenset("increase decrease increases decreases increased decreased".split()),
    frozenset("maximum minimum max min".split()),
    frozenset("left right".split()),
    frozenset("above below over under higher lower".split()),
    UNITS,
)
"""Words whose swap changes an instruction: before/after, more/less, units of time and dose."""

ENGLISH_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|µg")


def fuzzy_changes(previous: str, current: str, source: Language) -> list[str]:
    """Say how the source changed in ways a translator must not miss.

    >>> fuzzy_changes("Take 2 tablets a day.", "Do not take 3 tablets a day.", language("en"))
    ['2 became 3', '"not" was added']
    """
    changes = []
    difference = numbers.compare(previous, current, source, source)
    if difference:
        changes.append(difference.describe())
    old, new = _english_words(previous), _english_words(current)
    for group in (NEGATIONS, *WORDS_THAT_MATTER):
        removed = [w for w in old if w in group and old[w] > new[w]]
        added = [w for w in new if w in group and new[w] > old[w]]
        if group is NEGATIONS:
            removed += [w for w in old if w.endswith(("n't", "n’t")) and old[w] > new[w]]
            added += [w for w in new if w.endswith(("n't", "n’t")) and new[w] > old[w]]
        if len(removed) == 1 and len(added) == 1:
            changes.append(f'"{removed[0]}" became "{added[0]}"')
            continue
        changes.extend(f'"{w}" was added' for w in added)
        changes.extend(f'"{w}" was removed' for w in removed)
    return changes


def _english_words(text: str) -> Counter[str]:
    words = Counter()
    for word in ENGLISH_WORD.findall(text.lower()):
        word = word.replace("’", "'")
        words[word[:-1] if word.endswith("s") and word[:-1] in UNITS else word] += 1
    return words
