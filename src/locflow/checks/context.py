"""What the entry checks know besides the entry: languages, parser, settings, and what a run remembers."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from markdown_it import MarkdownIt

from locflow.checks import inline, numbers
from locflow.checks.languages import Language
from locflow.checks.prose import _size
from locflow.model import Finding


@dataclass(frozen=True, slots=True)
class Context:
    """What the entry checks of one catalog need to know besides the entry."""

    source: Language
    target: Language
    md: MarkdownIt
    """The project's Markdown parser (`segment.parser(config.syntax)`), made once per run."""
    references: Mapping = field(default_factory=dict)
    """The source document's markdown-it ``env`` (its link reference definitions)."""
    filler: frozenset[str] = frozenset()
    """Source texts that are placeholder text themselves (see the module docstring)."""
    labels: frozenset[str] = frozenset()
    """Source texts that are only the labels of untitled admonitions and alerts (`labels.only`):
    the same word in the target language is a translation, not `unchanged`."""
    names: tuple[str, ...] = ()
    """``do_not_translate``: names that may stay as they are in the source."""
    patterns: tuple[re.Pattern[str], ...] = ()
    """``placeholder_patterns``, compiled."""
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    """What was worked out about a source text (`Facts`), shared by every locale of a document."""
    recall: Recall | None = field(default=None, compare=False, repr=False)
    """What the run worked out so far, shared by the contexts of every document and locale
    of a run (they may differ in `target`, `references`, `filler`, `labels` and `memo` only)."""

    def facts(self, msgid: str) -> Facts:
        """Return what is known about a source text; it is worked out once per document."""
        found = self.memo.get(msgid)
        if found is None:
            found = self.memo[msgid] = Facts()
        return found

    def source_inline(self, msgid: str) -> inline.Inline:
        """Return the inline analysis of a source text, parsing it once per document."""
        facts = self.facts(msgid)
        if facts.inline is None:
            facts.inline = self.inline(msgid)
        return facts.inline

    def inline(self, text: str) -> inline.Inline:
        """Return `inline.inline` of a text, remembered by the run (by `inline.shape`)
        when no reference definitions matter."""
        if self.recall is None or self.references or not inline.MARKUP.search(text):
            return inline.inline(text, self.md, self.references)
        key = inline.shape(text)
        found = self.recall.inline.get(key)
        if found is None:
            found = self.recall.remember(self.recall.inline, key, inline.inline(key, self.md, {}))
        return found

    def source_numbers(self, msgid: str) -> list[Decimal]:
        """Return the numbers a source text writes with digits (`numbers.values`), once per document."""
        facts = self.facts(msgid)
        if facts.numbers is None:
            facts.numbers = numbers.values(msgid, self.source)
        return facts.numbers

    def source_size(self, msgid: str) -> int:
        """Return the length `length` compares (`_size`) of a source text, once per document."""
        facts = self.facts(msgid)
        if facts.size is None:
            facts.size = _size(msgid, self.names)
        return facts.size


@dataclass(slots=True)
class Recall:
    """What a run already worked out, for the documents without link reference definitions.

    Pages share headings, list items and paragraphs, and translation memories
    give them the same translations, so a run meets the same entries again
    and again (in the benchmark corpus two entries in three). An entry's
    issues depend only on its texts, flags and locale and on the run's
    settings; they are remembered for the most recent `limit` entries.
    """

    limit: int = 16384
    issues: OrderedDict[tuple, tuple[Finding, ...]] = field(default_factory=OrderedDict)
    """Issues, by ``(msgid, msgstr, fuzzy, previous_msgid, source is filler, target locale)``."""
    inline: OrderedDict[str, inline.Inline] = field(default_factory=OrderedDict)
    """`inline.inline` of the texts of a shape (`inline.shape`)."""

    def remember(self, table: OrderedDict, key: object, value: object) -> object:
        """Store `value` in `table` (one of the above), forgetting the oldest when it is full."""
        if len(table) >= self.limit:
            table.popitem(last=False)
        table[key] = value
        return value


@dataclass(slots=True)
class Facts:
    """What the checks worked out about one source text: the same for every locale."""

    inline: inline.Inline | None = None
    numbers: list[Decimal] | None = None
    """`numbers.values` of the text, read as the source language writes numbers."""
    size: int | None = None
    """Characters other than spaces, without markup (see `length`)."""


def references(source: str, md: MarkdownIt) -> dict:
    """Return the markdown-it ``env`` of a source document: its link reference definitions."""
    env: dict = {}
    if "]:" in source:
        md.parse(source, env)
    return env
