"""Where a recorded file's units go in the memory's store: kept rows keep their numbers, order holds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from locflow import seqs

rows = st.lists(st.sampled_from("abcdefgh"), max_size=30)


def numbered(old: list[str]) -> list[int]:
    return [seqs.GAP * (n + 1) for n in range(len(old))]


def holds(old: list[str], new: list[str]) -> tuple[list[int], list[int]]:
    old_seqs = numbered(old)
    found, written = seqs.placed(old, old_seqs, new)
    assert len(found) == len(new)
    assert all(a < b for a, b in zip(found, found[1:]))  # the store's order is the file's order
    kept = {seq: row for seq, row in zip(old_seqs, old)}
    for index, seq in enumerate(found):
        if index not in written:  # a row not rewritten is an old row of the same unit
            assert kept.get(seq) == new[index]
    return found, written


@settings(max_examples=300, deadline=None)
@given(rows, rows)
def test_rows_stay_in_order_and_a_row_not_written_is_the_same_unit(old, new):
    holds(old, new)


@settings(max_examples=100, deadline=None)
@given(rows, rows)
def test_the_same_holds_when_too_many_changed_rows_are_renumbered_at_once(old, new):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seqs, "MATCHED", 1)
        holds(old, new)


def test_a_file_edited_at_its_start_or_end_rewrites_only_the_rows_that_changed():
    old = [f"unit {n}" for n in range(1000)]
    assert holds(old, old)[1] == []
    assert holds(old, ["new"] + old)[1] == [0]
    assert holds(old, old[:500] + ["new"] + old[500:])[1] == [500]
    assert holds(old, old[:-1] + ["changed"])[1] == [999]


def test_a_file_reordered_whole_is_renumbered_past_the_limit_not_matched_pair_by_pair(monkeypatch):
    old = [f"unit {n}" for n in range(3000)]
    monkeypatch.setattr(seqs, "MATCHED", 1000)
    found, written = holds(old, old[:1] + old[1:-1][::-1] + old[-1:])
    assert written == list(range(1, 2999))  # the kept start and end keep their rows
    assert (found[0], found[-1]) == (seqs.GAP, seqs.GAP * 3000)
