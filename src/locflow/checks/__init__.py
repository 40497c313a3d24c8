"""Stage 4: QA checks. Catalog entries and source segments in, issues out.

Every function here is pure and never raises on odd input: a check yields
every problem it sees as a `model.Finding` (made by `registry.issue`); the
`check` command fills in where it was found.

Decisions the checks make (see also docs/checks.md):

- A source segment that is placeholder text is reported once, as
  `source-placeholder`. Its catalog entries are not reported as
  `untranslated`, `fuzzy`, `placeholder`, `unchanged` or `length`:
  translating filler is pointless, the source is what needs fixing.
- A fuzzy entry is reported as `fuzzy` (and `unsafe-html` if it holds
  HTML), not by the content checks: it is not published, and it is checked
  in full once a translator has reviewed it.
- A fuzzy entry whose source changed a number, a negation, a unit or a
  word such as before/after is *dangerous*: it is listed first.

The package keeps one module per check or group of checks: `registry` (check
ids, severities, `issue`), `context` (what the entry checks share),
`placeholders`, `numbers`, `markdown` (links, markup), `unsafe`,
`invisible` (control characters), `prose` (unchanged, whitespace, length),
`changes` (fuzzy), `header`, `stale` and `sitelinks` (links between the documents of the source). This module runs the entry checks
in order (`check_entry`) and names the public interface.
"""

from __future__ import annotations

from collections.abc import Iterator

from locflow.checks import filler, inline, numbers
from locflow.checks.changes import ENGLISH_WORD, NEGATIONS, UNITS, WORDS_THAT_MATTER, fuzzy, fuzzy_changes
from locflow.checks.context import Context, Facts, Recall, references
from locflow.checks.header import PLURAL, PLURAL_SAMPLES, check_header, same_plural_forms
from locflow.checks.invisible import INVISIBLE, control_chars
from locflow.checks.languages import Language, language
from locflow.checks.markdown import links, markdown_checks, markup
from locflow.checks.numbers import number_check
from locflow.checks.placeholders import placeholder, source_placeholders
from locflow.checks.formulas import formula_check
from locflow.checks.protected import protected_check
from locflow.checks.prose import (
    LENGTH_BOUNDS, LENGTH_MIN_SOURCE, MARKS, MARKUP_CHARS, PROSE_ONLY, SPACES, SPANS, length, unchanged, whitespace,
)
from locflow.checks.sitelinks import anchors, broken_links
from locflow.checks.registry import CATALOG_CHECKS, SEVERITY, SOURCE_CHECKS, issue
from locflow.checks.stale import check_stale
from locflow.checks.unsafe import EVENT_HANDLER, unsafe_html
from locflow.model import Entry, Finding

__all__ = [
    "CATALOG_CHECKS", "SEVERITY", "SOURCE_CHECKS", "Context", "Language", "Recall", "anchors", "broken_links", "issue",
    "check_entry", "check_header", "check_stale", "fuzzy_changes", "language", "references",
    "source_placeholders",
]


def check_entry(entry: Entry, context: Context) -> Iterator[Finding]:
    """Run every entry check on one catalog entry.

    An entry the run has seen before (`Context.recall`) gets the issues it got then.
    """
    recall = context.recall
    if recall is None or context.references:
        return _check_entry(entry, context)
    key = (
        entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid, entry.msgid in context.filler,
        entry.msgid in context.labels, context.target.code,
    )
    found = recall.issues.get(key)
    if found is None:
        found = recall.remember(recall.issues, key, tuple(_check_entry(entry, context)))
    return iter(found)


def _check_entry(entry: Entry, context: Context) -> Iterator[Finding]:
    if not entry.msgstr.strip():
        if entry.msgid not in context.filler:
            what = "no translation" if not entry.msgstr else "the translation is only whitespace"
            yield issue("untranslated", f"{what}; translate it")
        return
    is_filler = entry.msgid in context.filler
    yield from control_chars(entry)
    if entry.fuzzy:
        if not is_filler:
            yield fuzzy(entry, context.source)
        yield from unsafe_html(entry, context)
        return
    if not is_filler:
        yield from placeholder(entry, context)
    yield from number_check(entry, context)
    yield from protected_check(entry, context)
    yield from formula_check(entry, context)
    yield from markdown_checks(entry, context)
    if not is_filler and entry.msgid not in context.labels:  # a label may be the same word ("Info" in German)
        yield from unchanged(entry, context)
    yield from whitespace(entry)
    if not is_filler:
        yield from length(entry, context)
