"""Linear time on every input: twice the text takes about twice the time, never four times.

A source author or any translator can write text that makes a regular expression
try again at every position (``[a](`` repeated: each ``](`` scanned to the end for
a ``)``), and one stalled document stalls extract, build and the release gate.
Each case runs a real stage on a pathological text of size n and 2n and compares
the times: a ratio, not a time limit, so a slow or busy machine does not fail it.
Sizes are chosen so that a timing takes about 0.1 seconds here; at those sizes the
inputs that were slow took four times as long at 2n before they were fixed (or, for
a long number, raised an error). Texts stay below a few hundred kilobytes, running a
cheap stage several times per timing instead: a text far larger than the processor's
cache is slower per character on a busy machine, which is not what is measured here.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

import pytest

from locflow import checks, render, segment, textrender
from locflow.model import Entry, Finding

RATIO = 2.5
"""The most time(2n) / time(n) may be: linear is 2, quadratic 4."""
RUNS = 5
"""Rounds of timings (see `assert_linear`), until one is within the ratio. The first usually
is; a machine busy with other work needs more now and then."""


def seconds(operation: Callable[[str], object], text: str, times: int = 1) -> float:
    """Return the processor time of `times` runs of `operation` on `text`.

    The cycle collector is off while it runs: when it runs depends on what was
    allocated before, not on the text, and it is linear over a run anyway.
    """
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(times):
            operation(text)
        return time.process_time() - start
    finally:
        gc.enable()


def assert_linear(operation: Callable[[str], object], make: Callable[[int], str], n: int, times: int = 1) -> None:
    """Assert that `operation` on ``make(2 * n)`` takes at most `RATIO` times as long as on ``make(n)``.

    A round times n, 2n, n again and compares 2n with the mean of the two n runs, so a
    machine getting busier or quieter during the round does not tilt it; the fastest runs
    of all rounds are compared too. One round within the ratio is enough.
    """
    small, large = make(n), make(2 * n)
    best_small = best_large = best_round = math.inf
    for _ in range(RUNS):
        before = seconds(operation, small, times)
        middle = seconds(operation, large, times)
        after = seconds(operation, small, times)
        best_small, best_large = min(best_small, before, after), min(best_large, middle)
        best_round = min(best_round, middle / ((before + after) / 2))
        if best_round <= RATIO or best_large <= RATIO * best_small:
            return
    pytest.fail(
        f"{len(small)} characters took {best_small:.3f}s and {len(large)} took {best_large:.3f}s: "
        f"{min(best_round, best_large / best_small):.1f} times as long for twice the text (at most {RATIO})"
    )


# --- the stages, as extract, build and check run them -------------------------------


def extract(source: str) -> None:
    """Segment a source document, count its words and look for placeholder text, as `extract` does."""
    document = segment.segment(source, "a.md")
    for text in {s.text for s in document.segments}:
        segment.word_count(text)
    checks.source_placeholders(document)


def build(source: str, translation: str | None = None) -> None:
    """Render a document (translated into `translation` throughout, if given) as HTML and as text."""
    parsed = render.parse(source, "a.md")
    en, es = render.language("en"), render.language("es")
    translations = None if translation is None else {msgid: translation for _, msgid in parsed.segments}
    localized = render.localize(parsed, translations, es if translations else en, en)
    render.page(localized, "es", [])
    textrender.to_text(localized.tokens, 72)


SOURCE = "See [the guide](https://example.org/guide) for **24 hours** and `code`."


def check(msgstr: str, msgid: str = SOURCE, fuzzy: bool = False) -> list[Finding]:
    """Run every entry check on one entry, with a fresh run's memory, as `check` does."""
    context = checks.Context(
        source=checks.language("en"), target=checks.language("es"), md=segment.parser(), recall=checks.Recall()
    )
    return list(checks.check_entry(Entry(msgid, msgstr, fuzzy, 1, msgid if fuzzy else None), context))


def table(rows: int) -> str:
    cells = " | ".join(f"cell {c} with *some* words" for c in range(4))
    return "| a | b | c | d |\n|---|:-:|--:|---|\n" + "".join(f"| {r} | {cells} |\n" for r in range(rows))


# --- sources: extract and build ------------------------------------------------------

SOURCES = [
    # name, text of size n, (n, times) for extract, (n, times) for build; None: not that stage
    ("[a](", lambda n: "[a](" * n, (5000, 40), (2500, 1)),
    ("<a:", lambda n: "<a:" * n, (4000, 4), (3000, 4)),
    ("code spans over line ends", lambda n: "`a\nb` " * n, (1500, 3), (1500, 2)),
    ("spaces no line end follows", lambda n: "a\nb" + " " * n + "c", (20000, 60), None),
    ("link title spaces", lambda n: '[a](/u "b' + " " * n + 'c\nd")', None, (20000, 15)),
    ("big table", table, (150, 10), (120, 4)),
    ("heading id spaces", lambda n: "# a" + " " * n + "{#x\n", (20000, 60), (20000, 60)),
    ("unclosed admonitions", lambda n: ":::note\n" * n, (1000, 1), (1000, 1)),
    ("nested mkdocs admonitions", lambda n: "!!! note\n    " * n, (1000, 1), (1000, 1)),
    ("footnote markers", lambda n: "[^a] " * n + "\n\n[^a]: x\n", (1000, 1), (1000, 1)),
    ("definition lists", lambda n: "a\n: b\n" * n, (500, 1), (500, 1)),
    ("unclosed MDX components", lambda n: "<Tab>\nx\n\n" * n, (1000, 1), (500, 1)),
    ("nested MDX components", lambda n: "<Tab>\n" * n + "</Tab>\n" * n, (500, 1), (500, 1)),
]


@pytest.mark.parametrize(
    "make,n,times", [(c[1], *c[2]) for c in SOURCES if c[2]], ids=[c[0] for c in SOURCES if c[2]]
)
def test_extract_takes_linear_time(make, n, times):
    assert_linear(extract, make, n, times)


@pytest.mark.parametrize(
    "make,n,times", [(c[1], *c[3]) for c in SOURCES if c[3]], ids=[c[0] for c in SOURCES if c[3]]
)
def test_build_takes_linear_time(make, n, times):
    assert_linear(build, make, n, times)


# --- translations: check and build -----------------------------------------------------

TRANSLATIONS = [
    # name, repeated unit, n, times
    ("[a](", "[a](", 5000, 1),
    ("<a:", "<a:", 4000, 3),
    ("](", "](", 8000, 4),
    ("a](", "a](", 6000, 4),
    ("[", "[", 3000, 2),
    ("*", "*", 4000, 10),
    ("_a", "_a", 3000, 3),
    ("backticks", "`a``", 2000, 7),
    ("&#", "&#", 8000, 60),
    ("<!--", "<!--", 3000, 3),
    ("tags and an =", "<b>=", 16000, 1),
    ("digits", "1", 10000, 60),
    ("backslashes", "\\", 10000, 60),
]


@pytest.mark.parametrize(
    "unit,n,times", [c[1:] for c in TRANSLATIONS], ids=[c[0] for c in TRANSLATIONS]
)
def test_check_takes_linear_time_whatever_the_translation(unit, n, times):
    assert_linear(check, lambda size: unit * size, n, times)


def test_check_takes_linear_time_on_a_fuzzy_entry_and_a_hostile_source():
    assert_linear(lambda text: check(text, msgid=text[::-1], fuzzy=True), lambda size: "[a](1 " * size, 2000)
    assert_linear(lambda text: check("Vea la guía.", msgid=text), lambda size: "[a](" * size, 3000)


def test_build_takes_linear_time_whatever_the_translation():
    assert_linear(lambda text: build("Hello [world](https://x.org).\n", text), lambda size: "[a](" * size, 3000)


def test_a_number_of_any_length_is_read():
    """More digits than int() reads (4300) are a number like any other, not a crash."""
    issues = check("Tome " + "9" * 5000 + " ml")
    assert [issue.check for issue in issues if issue.check == "numbers"] == ["numbers"]
    assert check("Take " + "9" * 5000 + " ml", msgid="Take " + "9" * 5000 + " ml") == [
        checks.issue("unchanged", "the translation is the source text unchanged; translate it (or add names that stay in English to do_not_translate)")
    ]
