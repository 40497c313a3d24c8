"""`stale`: a catalog whose msgids are no longer the source's segments."""

from __future__ import annotations

from collections.abc import Sequence

from locflow.checks.registry import issue
from locflow.model import Finding


def check_stale(expected: Sequence[str], found: Sequence[str], source_file: str) -> Finding | None:
    """Compare a catalog's msgids with the source's segments; order and line numbers aside.

    >>> check_stale(["A", "B", "D"], ["A", "C"], "source/a.md").message
    'out of date with source/a.md: 2 segments are not in it ("B", …) and 1 is no longer in the source ("C"); run `locflow extract`'
    """
    wanted, have = dict.fromkeys(expected), dict.fromkeys(found)
    new = [text for text in wanted if text not in have]
    gone = [text for text in have if text not in wanted]
    if not new and not gone:
        return None
    if len(new) == 1 and len(gone) == 1:
        at = next((i for i, (a, b) in enumerate(zip(gone[0], new[0])) if a != b), min(len(gone[0]), len(new[0])))
        changed = f"{_quote(gone[0], at=at)} is now {_quote(new[0], at=at)}"
        return issue("stale", f"out of date with {source_file}: a segment changed, {changed}; run `locflow extract`")
    parts = []
    if new:
        parts.append(f"{_count(new, 'segment')} not in it ({_quote(new[0])}{', …' if len(new) > 1 else ''})")
    if gone:
        parts.append(f"{len(gone)} {'is' if len(gone) == 1 else 'are'} no longer in the source ({_quote(gone[0])}{', …' if len(gone) > 1 else ''})")
    return issue("stale", f"out of date with {source_file}: {' and '.join(parts)}; run `locflow extract`")


def _count(items: Sequence[str], noun: str) -> str:
    return f"1 {noun} is" if len(items) == 1 else f"{len(items)} {noun}s are"


def _quote(text: str, width: int = 50, at: int = 0) -> str:
    """Quote `text` in at most `width` characters, showing the part around index `at`."""
    text = text.replace("\n", " ")
    start = max(0, min(at - width // 2, len(text) - width))
    shown = text[start : start + width]
    return f'"{"…" if start else ""}{shown}{"…" if start + width < len(text) else ""}"'
