"""Fuzzy matching: the closest old text of a catalog, and the memory's texts that can beat a suggestion."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locflow import memory
from locflow.memory import Memory, Unit
from locflow.similar import FILTERED, THRESHOLD, ByLength, WordIndex, band, closest, edits_apart, similarity

TEXTS = st.text(alphabet="ab c", max_size=12)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.lists(TEXTS, max_size=25), st.sampled_from([THRESHOLD, 0.75, 0.9]))
def test_closest_is_the_first_text_with_the_best_score(text, texts, threshold):
    """Every text is scored, ties go to the earlier one, and a text scoring exactly the threshold counts."""
    scores = [similarity(text, other) for other in texts]
    best = max(scores, default=0.0)
    expected = scores.index(best) if texts and best >= threshold else None
    assert closest(text, texts, threshold) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.floats(min_value=THRESHOLD, max_value=1.0))
def test_band_holds_every_length_that_can_reach_the_score(size, threshold):
    shortest, longest = band(size, threshold)
    for other in range(0, 3 * size + 3):  # beyond 7/3 of the size nothing reaches 0.6
        reachable = size + other > 0 and 2 * min(size, other) / (size + other) >= threshold
        if reachable:
            assert shortest <= other <= longest, (size, other, threshold)
    assert shortest == 0 or 2 * (shortest - 1) / (size + shortest - 1) < threshold


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(3, 14)))


def test_near_finds_every_text_at_least_as_similar_as_the_floor():
    rng = random.Random(7)
    words = ["rest", "knee", "ice", "24", "48", "hours", "the", "brace", "call", "swelling"]
    texts = sorted({_sentence(rng, words) for _ in range(600)})
    shared = Memory([Unit(text, "t", "paragraph", "source/a.md") for text in texts]).shared
    for _ in range(60):
        query, floor = _sentence(rng, words), rng.choice([0.7, 0.8, 0.9, 0.95])
        expected = sorted(((t, similarity(query, t)) for t in texts if similarity(query, t) >= floor), key=lambda i: (-i[1], i[0]))
        assert shared.near(query, floor) == expected


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab c", max_size=40), st.lists(st.text(alphabet="ab c", max_size=40), max_size=30), st.floats(min_value=THRESHOLD, max_value=1.0))
def test_a_length_band_scored_after_levenshtein_sets_texts_aside_misses_none(text, texts, floor):
    """Levenshtein's distance never exceeds the insertions and deletions `similarity` counts: no text reaching the floor is set aside."""
    expected = sorted(((t, similarity(text, t)) for t in set(texts) if similarity(text, t) >= floor), key=lambda i: (-i[1], i[0]))
    assert ByLength(set(texts)).near(text, floor, 1000) == expected


def test_few_edits_allowed_let_a_band_of_more_texts_be_searched():
    """Near a high score, the texts of a reachable length are first set aside by Levenshtein's distance: more of them may be searched."""
    base = "Keep the dressing dry and clean for the first 24 hours after the injection."
    texts = {base.replace("24", f"{n:02d}") for n in range(25, 100)} | {f"{base[:-1]} {n}" for n in range(10, 70)}
    by_length = ByLength(texts)
    query = base.replace("dry", "dru")
    found = by_length.near(query, 0.97, 40)  # more than 40 texts of a length that can reach 0.97, few edits allowed
    assert found is not None and len(texts) > 40 and found == sorted(
        ((t, similarity(query, t)) for t in texts if similarity(query, t) >= 0.97), key=lambda i: (-i[1], i[0])
    )
    assert len(texts) > FILTERED * 20 and by_length.near(query, 0.97, 20) is None  # beyond FILTERED times the number allowed
    assert by_length.near(query, 0.7, 40) is None  # far more edits allowed: the plain limit holds
    assert edits_apart(query, [base, base.upper()], 1) == [base]


def _decoyed() -> tuple[str, str, list[Unit]]:
    """A new text, the most similar text of the memory, and decoys holding the new text's rarest words, which that text lacks.

    The word index takes the texts holding the 3 rarest words (the decoys'),
    and no more, since a fourth word's texts would go past its `LIMIT`.
    """
    best = "Rest the knee brace for 24 hours after the visit, then walk a little every day."
    query = best.replace("24", "48").replace("walk a little", "zircon quartz basalt")
    decoys = [f"A{n:04d} zircon quartz basalt {best} {'and keep going ' * 12}" for n in range(WordIndex.LIMIT // 3)]
    units = [Unit(best, "Descanse 24 horas.", "paragraph", "source/b.md")]
    units += [Unit(decoy, f"Señuelo {n}.", "paragraph", "source/c.md") for n, decoy in enumerate(decoys)]
    return query, best, units


def test_a_floor_finds_the_most_similar_text_the_word_index_would_miss():
    query, best, units = _decoyed()
    memory_ = Memory(units)
    index = WordIndex(sorted(memory_.exact))
    assert best not in [index.texts[n] for n in index.candidates(query)]  # the decoys hold the rarest words
    assert memory_.recall(query, "paragraph") is None  # the candidates scored: all far longer
    offer = memory_.recall(query, "paragraph", floor=0.8)
    assert offer is not None and offer.previous == best and offer.translation == "Descanse 24 horas."
    assert offer.score == similarity(query, best) > 0.8


def test_too_many_texts_of_a_reachable_length_fall_back_to_the_word_index(monkeypatch):
    query, best, units = _decoyed()
    monkeypatch.setattr(memory, "NEAR", 0)
    memory_ = Memory(units)
    assert memory_.shared.near(query, 0.8) is None
    assert memory_.recall(query, "paragraph", floor=0.8) is None  # the word index's candidates: decoys only


@pytest.mark.parametrize("floor", [0.8, 0.97])
def test_a_floor_never_offers_a_text_below_it(floor):
    query, best, units = _decoyed()
    offer = Memory(units).recall(query, "paragraph", floor=floor)
    if similarity(query, best) >= floor:
        assert offer is not None and offer.score >= floor
    else:
        assert offer is None
