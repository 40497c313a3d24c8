"""Find the closest old source text for a changed one, as msgmerge does.

Similarity is 2 * (longest common subsequence) / (total characters), the
measure GNU gettext's ``fstrcmp`` approximates, with msgmerge's threshold of
0.6; rapidfuzz computes it in C (``Indel.normalized_similarity``), hundreds
of times faster than difflib. A document's catalog is searched whole
(`closest`): rapidfuzz raises its cutoff to the best score found so far, so
most texts are set aside by their length or a banded comparison. The
project's memory holds tens of thousands of texts: `WordIndex` picks the
candidates worth scoring, and `band` bounds the texts that can reach a
given score by their length; near that score, Levenshtein's distance
(`edits_apart`), cheaper when few edits are allowed, sets most of them aside.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from rapidfuzz.distance import Indel, Levenshtein
from rapidfuzz.process import extract, extractOne

THRESHOLD = 0.6
"""msgmerge's FUZZY_THRESHOLD."""

SLACK = 1e-6
"""How much lower the cutoff rapidfuzz is given than the score asked for: it turns the score into a
whole number of edits with a margin of its own and may set aside a text scoring exactly the cutoff;
the scores it returns are then compared with the one asked for."""


def similarity(a: str, b: str) -> float:
    """Return how alike two texts are, from 0.0 to 1.0.

    >>> round(similarity("Rest for 24 hours.", "Rest for 48 hours."), 2)
    0.94
    """
    return Indel.normalized_similarity(a, b)


def closest(text: str, texts: Sequence[str], threshold: float = THRESHOLD) -> int | None:
    """Return the index of the text most similar to `text`, at least `threshold` similar, or None.

    Every text is scored; ties go to the earlier text, so results are deterministic.

    >>> closest("Rest for 48 hours.", ["Drink water.", "Rest for 24 hours.", "Rest for 4 hours."])
    2
    >>> closest("Rest for 48 hours.", ["Drink water."]) is None
    True
    """
    found = extractOne(text, texts, scorer=Indel.normalized_similarity, score_cutoff=threshold - SLACK)
    return found[2] if found is not None and found[1] >= threshold else None


def scored(text: str, candidates: Sequence[str], threshold: float = THRESHOLD) -> list[tuple[str, float]]:
    """Return ``(candidate, score)`` for the candidates at least `threshold` similar to `text`, most similar first (ties: in sorted order).

    The list at any higher threshold is this list cut at that score: score once, filter per caller.

    >>> [other for other, _ in scored("Rest for 48 hours.", ["Drink water.", "Rest for 24 hours.", "Rest for 4 hours."])]
    ['Rest for 4 hours.', 'Rest for 24 hours.']
    """
    found = extract(text, candidates, scorer=Indel.normalized_similarity, score_cutoff=threshold - SLACK, limit=None)
    return sorted(((other, score) for other, score, _ in found if score >= threshold), key=lambda item: (-item[1], item[0]))


def band(size: int, threshold: float) -> tuple[int, int]:
    """Return the shortest and longest length a text may have to be at least `threshold` similar to one of `size` characters.

    Two texts of lengths a <= b share at most a characters: they score at most 2a / (a + b).

    >>> band(100, 0.98), band(100, 0.6)
    ((97, 104), (43, 233))
    """
    return math.ceil(size * threshold / (2 - threshold) - SLACK), math.floor(size * (2 - threshold) / threshold + SLACK)


BANDED = 31
"""The most edits `edits_apart` asks rapidfuzz's Levenshtein distance to look for: up to this many, it
computes only a band of diagonals one machine word wide, 5 to 40 times faster than the similarity."""

FILTERED = 4
"""How many more texts `ByLength.near` may take when `edits_apart` sets most of them aside first."""


def edits_apart(text: str, texts: Sequence[str], most: int) -> list[str]:
    """Return the texts at most `most` insertions, deletions or substitutions away from `text` (Levenshtein).

    An insertion and a deletion make a substitution, so this distance is never
    more than the one `similarity` counts (insertions and deletions only): a
    text set aside here is more than `most` of those away too.

    >>> edits_apart("Rest for 48 hours.", ["Rest for 24 hours.", "Rest for 4 hours.", "Drink water."], 1)
    ['Rest for 4 hours.']
    """
    return [other for other, _, _ in extract(text, texts, scorer=Levenshtein.distance, score_cutoff=most, limit=None)]


class ByLength:
    """Texts sorted by length, to score only those whose length can reach a given score (`band`)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = sorted(texts, key=len)
        self.lengths = [len(text) for text in self.texts]

    def near(self, text: str, floor: float, most: int) -> list[tuple[str, float]] | None:
        """Return ``(text, score)`` for every text at least `floor` similar to `text` (`scored`), or None if more than `most` have a length that could be.

        A text of length b scores at least `floor` only `(1 - floor) * (len(text) + b)`
        insertions and deletions away: when that is at most `BANDED` for the longest
        length in the band, the texts further away in Levenshtein's distance are set
        aside first (`edits_apart`), and `FILTERED` times `most` texts may be taken.
        """
        shortest, longest = band(len(text), floor)
        start, end = bisect_left(self.lengths, shortest), bisect_right(self.lengths, longest)
        edits = math.floor((1 - floor) * (len(text) + longest) + SLACK)
        if edits <= BANDED and end - start <= FILTERED * most:
            return scored(text, edits_apart(text, self.texts[start:end], edits), floor)
        return scored(text, self.texts[start:end], floor) if end - start <= most else None


class WordIndex:
    """The candidates worth scoring among tens of thousands of texts (a project's translation memory).

    This index holds each text's words. A new text's candidates are every
    text holding one of its rarest words (`rarest`: those that tell texts
    apart), of which the `WIDE` whose words come in the most alike order
    (`reranked`: the similarity of their words, each word one character, in C)
    are scored exactly.
    """

    RARE = 16
    LIMIT = 3000
    """At most this many postings are taken per new text, once its 3 rarest words are in."""
    WIDE = 64
    """How many candidates are scored exactly (a memory holds many near-twins).

    Of the benchmark's new paragraphs after a 5 % edit, how many got the most
    similar text of the whole memory (every text scored): with 256 candidates
    from 8000 postings by shared words alone, 42 of 57 at 1000 pages and 95
    of 294 at 5000; with the 64 of the 1024 sharing most rare words (from
    4000 postings) whose words are most alike, 46 and 128; with the 64 of
    every text holding a rare word (from 3000 postings) whose words are most
    alike, 49 and 183, for no more instructions (bench/README.md)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)
        self.postings: dict[str, list[int]] = {}
        for number, text in enumerate(self.texts):
            for word in set(text.casefold().split()):
                self.postings.setdefault(word, []).append(number)
        self.codes = {word: code for code, word in enumerate(sorted(self.postings, key=lambda word: (-len(self.postings[word]), word)))}
        self.coded: dict[int, str] = {}
        """The texts' words coded (`coded`), as the candidates need them."""

    def candidates(self, text: str) -> list[int]:
        """Return the numbers of the texts worth scoring against `text`, best first (ties: the earlier text)."""
        postings = self.postings
        found: set[int] = set()
        for word in rarest({word: len(postings[word]) for word in words_of(text) if word in postings}):
            found.update(postings[word])
        pool = sorted(found)
        for number in pool:
            if number not in self.coded:
                self.coded[number] = coded(self.texts[number].casefold().split(), self.codes)
        return [pool[n] for n in reranked(coded(text.casefold().split(), self.codes), list(map(self.coded.__getitem__, pool)), self.WIDE)]


CODES = 1
"""The first character of the words' codes (`coded`); surrogates are skipped (SQLite stores only valid UTF-8).

The most used words are numbered first (by the store and by `WordIndex`), so
that most characters of a text's code are below 256: rapidfuzz looks those up
in a table, the others in a hash map, and compares texts about 15 % faster."""
UNKNOWN = "\U0010ffff"
"""The code of a word no text holds."""


def code_point(code: int) -> str:
    """Return the character standing for word number `code` (`coded`); beyond the last, `UNKNOWN`'s neighbour.

    >>> [hex(ord(code_point(n))) for n in (0, 0xD7FF - CODES, 0xD800 - CODES)]
    ['0x1', '0xd7ff', '0xe000']
    """
    point = CODES + code
    if point >= 0xD800:
        point += 0x800
    return chr(point) if point < 0x10FFFE else "\U0010fffe"


def coded(words: Sequence[str], codes: dict[str, int]) -> str:
    """Return `words` as a string of one character per word: `code_point` of its number in `codes`, `UNKNOWN` if it has none.

    Two texts' words compare as their characters do: `reranked` orders texts by
    the similarity of their words, in C, as `similarity` does for characters.

    >>> [hex(ord(char)) for char in coded("rest the knee".split(), {"rest": 0, "knee": 1})]
    ['0x1', '0x10ffff', '0x2']
    """
    return "".join([UNKNOWN if (code := codes.get(word)) is None else code_point(code) for word in words])


def reranked(query: str, pool: Sequence[str], wide: int) -> list[int]:
    """Return the indexes of the `wide` coded texts of `pool` most similar to the coded `query`, most similar first (ties: the earlier).

    >>> reranked("abcd", ["xyz", "abxd", "abcd", "dcba", "abyd"], 3)
    [2, 1, 4]
    """
    return [index for _, _, index in extract(query, pool, scorer=Indel.normalized_similarity, limit=wide)]  # ties: by index, in C


def words_of(text: str) -> set[str]:
    """Return the words `WordIndex` indexes a text by."""
    return set(text.casefold().split())


def rarest(sizes: dict[str, int]) -> list[str]:
    """Return the words whose texts are `WordIndex`'s candidates: the `RARE` rarest, up to `LIMIT` postings once 3 are in.

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
