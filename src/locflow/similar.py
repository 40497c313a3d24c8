"""Find the closest old source text for a changed one, as msgmerge does.

Similarity is 2 * (longest common subsequence) / (total characters), the
measure GNU gettext's ``fstrcmp`` approximates, with msgmerge's threshold of
0.6; rapidfuzz computes it in C (``Indel.normalized_similarity``), hundreds
of times faster than difflib. Instead of comparing every pair, an index of
character trigrams picks promising candidates and only those are compared.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

from rapidfuzz.distance import Indel
from rapidfuzz.process import extract

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


def ranked(text: str, candidates: Sequence[str], threshold: float = THRESHOLD) -> list[str]:
    """Return the candidates at least `threshold` similar to `text`, most similar first (ties: in sorted order).

    Scores as `FuzzyIndex.best` does, over texts instead of index numbers, in one call to rapidfuzz.

    >>> ranked("Rest for 48 hours.", ["Drink water.", "Rest for 24 hours.", "Rest for 4 hours."])
    ['Rest for 4 hours.', 'Rest for 24 hours.']
    """
    return [other for other, _ in scored(text, candidates, threshold)]


def scored(text: str, candidates: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[str, float]]:
    """Return ``(candidate, score)`` for the candidates at least `threshold` similar to `text`, in `ranked`'s order.

    `ranked` at any higher threshold is this list cut at that score: score once, filter per caller.
    """
    found = extract(text, candidates, scorer=Indel.normalized_similarity, score_cutoff=threshold, limit=None)
    return sorted(((other, score) for other, score, _ in found), key=lambda item: (-item[1], item[0]))


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

    RARE = 16
    WIDE = 256
    """How many candidates, best first, are scored exactly (more than `CANDIDATES`: a memory holds many near-twins).

    With 64 candidates from 12 words, a new paragraph made of sentences found
    in other pages often missed its most similar text (86 % agreement with
    ``msgmerge -C``, which scores every text); 256 from 16 agree on 99 %."""
    LIMIT = 8000
    """At most this many postings are counted per new text, once its 3 rarest words are in."""

    def __init__(self, texts: Sequence[str], scores: dict[tuple[str, str], float] | None = None) -> None:
        self.texts = list(texts)
        self.scores = {} if scores is None else scores
        self.postings = {}
        for number, text in enumerate(self.texts):
            for word in set(text.casefold().split()):
                self.postings.setdefault(word, []).append(number)

    def candidates(self, text: str) -> list[int]:
        """Return the numbers of the texts worth scoring against `text`, best first (ties: the earlier text)."""
        postings = self.postings
        return top(shared_words(text, {word: len(postings[word]) for word in words_of(text) if word in postings}, postings.__getitem__), self.WIDE)

    _candidates = candidates


def words_of(text: str) -> set[str]:
    """Return the words `WordIndex` indexes a text by."""
    return set(text.casefold().split())


def shared_words(text: str, sizes: dict[str, int], postings: Callable[[str], Iterable[int]]) -> Counter[int]:
    """Return how many of the rarest words of `text` each indexed text holds (`WordIndex`'s rule).

    `sizes` gives each known word's number of texts; `postings` a word's texts.
    """
    shared: Counter[int] = Counter()
    for word in rarest(sizes):
        shared.update(postings(word))
    return shared


def rarest(sizes: dict[str, int]) -> list[str]:
    """Return the words whose postings `shared_words` counts: the `RARE` rarest, up to `LIMIT` postings once 3 are in.

    >>> rarest({"the": 9000, "knee": 40, "brace": 12, "a": 9500})
    ['brace', 'knee', 'the']
    """
    found, counted = [], 0
    for rank, (size, word) in enumerate(sorted((size, word) for word, size in sizes.items())[: WordIndex.RARE]):
        if rank >= 3 and counted + size > WordIndex.LIMIT:
            break
        found.append(word)
        counted += size
    return found


def boundary(shared: Counter[int], wide: int) -> tuple[list[int], list[int], int]:
    """Split `top`'s choice: the keys surely among the `wide` highest counts, the keys tied at the last place, and how many of those fit.

    `top` takes every key of the first list and the first ties (in its order) up to the number given.

    >>> boundary(Counter({1: 3, 2: 2, 3: 2, 4: 1}), 2)
    ([1], [2, 3], 1)
    """
    if len(shared) <= wide:
        return list(shared), [], 0
    taken, floor = 0, 0
    for count, many in sorted(Counter(shared.values()).items(), reverse=True):
        if taken + many >= wide:
            floor = count
            break
        taken += many
    sure = [number for number, count in shared.items() if count > floor]
    return sure, [number for number, count in shared.items() if count == floor], wide - len(sure)


def top(shared: Counter[int], wide: int, order: Callable[[list[int]], list] | None = None) -> list[int]:
    """Return the `wide` keys of `shared` with the highest counts, ties by `order` (default: the key itself)."""
    if len(shared) > wide:
        floor = sorted(shared.values(), reverse=True)[wide - 1]
        chosen = [number for number, count in shared.items() if count >= floor]
    else:
        chosen = list(shared)
    if order is None:
        chosen.sort()
    else:
        keys = order(chosen)
        chosen.sort(key=keys.__getitem__)
    chosen.sort(key=shared.__getitem__, reverse=True)  # stable: ties keep the order above
    return chosen[:wide]
