"""Find the closest old source text for a changed one, as msgmerge does.

Similarity is 2 * (longest common subsequence) / (total characters), the
measure GNU gettext's ``fstrcmp`` approximates, with msgmerge's threshold of
0.6; rapidfuzz computes it in C (``Indel.normalized_similarity``), hundreds
of times faster than difflib. Instead of comparing every pair, an index of
character trigrams picks promising candidates and only those are compared.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import chain

from rapidfuzz.distance import Indel

THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD."""

CANDIDATES = 12
"""How many index hits, best first, are compared exactly."""


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, from 0.0 to 1.0.

    >>> round(similarity("Rest for 24 hours.", "Rest for 48 hours."), 2)
    0.94
    """
    return Indel.normalized_similarity(a, b)


@functools.lru_cache(maxsize=8192)  # the same old texts are indexed once per locale
def _grams(text: str) -> frozenset[str]:
    padded = f"  {text.casefold()} "
    return frozenset([padded[i : i + 3] for i in range(len(padded) - 2)])


class FuzzyIndex:
    """An index of old texts answering "which one is most like this new text?"."""

    def __init__(self, texts: Sequence[str], scores: dict[tuple[str, str], float] | None = None) -> None:
        self.texts = list(texts)
        self.scores = {} if scores is None else scores
        """Similarities already worked out; share one dict to score a pair once across catalogs."""
        self.postings: dict[str, list[int]] = {}
        for number, text in enumerate(self.texts):
            for gram in _grams(text):
                self.postings.setdefault(gram, []).append(number)

    def best(self, text: str, threshold: float = THRESHOLD, keep: Callable[[int], bool] | None = None) -> int | None:
        """Return the index of the most similar old text at or above `threshold` (among those `keep` accepts).

        Ties go to the earlier text, so results are deterministic.

        >>> FuzzyIndex(["Rest for 24 hours.", "Drink water."]).best("Rest for 48 hours.")
        0
        """
        if not self.texts:
            return None
        best, best_score = None, threshold
        size = len(text)
        for number in self._candidates(text):
            if keep is not None and not keep(number):
                continue
            other = self.texts[number]
            # The ratio can never exceed 2 * shorter / total: skip hopeless pairs cheaply.
            if 2 * min(size, len(other)) < best_score * (size + len(other)):
                continue
            score = self.scores.get((text, other))
            if score is None:
                score = self.scores[text, other] = Indel.normalized_similarity(text, other)
            if score > best_score or (score == best_score and (best is None or number < best)):
                best, best_score = number, score
        return best

    def _candidates(self, text: str) -> list[int]:
        """Return the texts sharing most trigrams with `text`, best first (ties: the earlier text)."""
        postings = self.postings
        shared = Counter(chain.from_iterable(postings[gram] for gram in _grams(text) if gram in postings))
        return [number for number, _ in sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]]


class WordIndex(FuzzyIndex):
    """A `FuzzyIndex` for tens of thousands of texts (a project's translation memory).

    Trigrams of every text cost seconds to index and count (``the``, ``ing``
    are in every text); this index holds each text's words instead, takes
    candidates from the `RARE` rarest words of a new text (those that tell
    texts apart), and scores the best `CANDIDATES` exactly as `FuzzyIndex` does.
    """

    RARE = 12
    WIDE = 64
    """How many candidates, best first, are scored exactly (more than `CANDIDATES`: a memory holds many near-twins)."""
    LIMIT = 8000
    """At most this many postings are counted per new text, once its 3 rarest words are in."""

    def __init__(self, texts: Sequence[str], scores: dict[tuple[str, str], float] | None = None) -> None:
        self.texts = list(texts)
        self.scores = {} if scores is None else scores
        self.postings = {}
        for number, text in enumerate(self.texts):
            for word in set(text.casefold().split()):
                self.postings.setdefault(word, []).append(number)

    def _candidates(self, text: str) -> list[int]:
        postings = self.postings
        words = sorted((len(postings[word]), word) for word in set(text.casefold().split()) if word in postings)
        shared: Counter[int] = Counter()
        counted = 0
        for rank, (size, word) in enumerate(words[: self.RARE]):
            if rank >= 3 and counted + size > self.LIMIT:
                break
            shared.update(postings[word])
            counted += size
        return [number for _, number in heapq.nsmallest(self.WIDE, ((-count, number) for number, count in shared.items()))]
