"""The records that flow between stages. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of a source document."""

    kind: str
    """What the translator sees in ``#.``: "heading 2", "paragraph", "list item",
    "block quote", "table cell", "html", "front matter: <key>", and with the site-generator
    dialects (`syntax`) "admonition title", "admonition", "footnote", "term", "definition", "shortcode argument",
    "component attribute" (an MDX component's ``title=``, `mdxblocks`) or "label" (the label of an alert or an
    untitled admonition, `labels`)."""
    text: str
    """Inline Markdown as translators see it; this is the msgid."""
    line: int
    """1-based line in the source file where the segment starts."""
    note: str = ""
    """The content owner's note for the translator (``<!-- i18n:comment … -->``, see `directives`)."""


@dataclass(frozen=True, slots=True)
class Document:
    """A Markdown source file and its segments."""

    path: str
    """The document name: its path under the source directory without ``.md``."""
    source: str
    """The Markdown text, unchanged."""
    segments: tuple[Segment, ...]
    """Translatable segments in document order (the same text may repeat)."""
    front_matter: dict[str, str]
    """Front matter values named in ``front_matter_keys``, untranslated."""
    raw_html_lines: tuple[int, ...] = ()
    """Lines of source HTML holding tags or attributes the allow-list leaves out of pages (`sourcehtml`)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalog message as checks see it (gettext vocabulary)."""

    msgid: str
    msgstr: str
    fuzzy: bool
    line: int
    """Line of the entry's ``msgid`` in the .po file."""
    previous_msgid: str | None = None
    """The old source text of a fuzzy entry (``#| msgid``), when known."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A QA finding, from the check that finds it to the report; printed as ``path:line: severity: message [check]``.

    A check knows what is wrong (`check`, `severity`, `message`); the `check`
    command fills in where (`locale` ... `translation`) with `dataclasses.replace`.
    """

    check: str
    """Stable kebab-case check id (docs/checks.md), e.g. "links"."""
    severity: Literal["error", "warning"]
    locale: str | None = None
    """None for findings about the source itself."""
    document: str = ""
    file: str = ""
    line: int = 0
    """1-based; 0 for the file as a whole."""
    source: str = ""
    translation: str = ""
    message: str = ""
    dangerous: bool = False
    """A fuzzy entry whose source changed its meaning (numbers, negation): reported first.
    Not one of the report's keys."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.check}]"


@dataclass(frozen=True, slots=True)
class Checked:
    """A file the gate looked at, and the checks it ran on it."""

    document: str
    locale: str | None
    """None for the source document."""
    file: str
    checks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The findings of a run, with the files that were checked."""

    findings: tuple[Finding, ...]
    """Dangerous fuzzy entries first, then by document, file and line."""
    checked: tuple[Checked, ...]
    inherited: tuple[tuple[str, str, int], ...] = ()
    """``(locale, parent, segments)``: segments a regional locale (``es_MX``) has no translation of
    its own for, covered by its parent's (``es``); not findings."""

    @property
    def failed(self) -> bool:
        """Whether a finding is an error: the gate fails."""
        return any(f.severity == "error" for f in self.findings)


@dataclass(slots=True)
class Counts:
    """Translation progress of one document in one locale."""

    locale: str
    document: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    inherited: int = 0
    """Segments a regional locale (``es_MX``) has no translation of its own for, covered by its parent's (``es``)."""
    inherited_words: int = 0

    @property
    def segments(self) -> int:
        return self.translated + self.inherited + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.inherited_words + self.fuzzy_words + self.untranslated_words

    @property
    def covered(self) -> int:
        """Segments shown translated: the locale's own translations and those it inherits."""
        return self.translated + self.inherited

    @property
    def percent(self) -> float:
        """Percent of segments shown translated, inherited ones included (fuzzy ones are not)."""
        return round(100 * self.covered / self.segments, 1) if self.segments else 100.0

    @property
    def words_to_translate(self) -> int:
        return self.fuzzy_words + self.untranslated_words

    def __iadd__(self, other: Counts) -> Counts:
        for name in (
            "translated", "fuzzy", "untranslated", "translated_words", "fuzzy_words", "untranslated_words",
            "inherited", "inherited_words",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self
