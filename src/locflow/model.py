"""The records that flow between stages. Standard library only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file, printed like compilers do: ``source/intro.md:12``."""

    path: str
    """POSIX path relative to the project root."""
    line: int
    """1-based line number."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit of a source document."""

    kind: str
    """What the translator sees in ``#.``: "heading 2", "paragraph", "list item",
    "block quote", "table cell" or "front matter: <key>"."""
    text: str
    """Inline Markdown as translators see it; this is the msgid."""
    line: int
    """1-based line in the source file where the segment starts."""


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
    """Lines where raw HTML starts; it is shown as text, never as markup."""


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
    obsolete: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A QA finding, printed as ``path:line: severity: message [check]``."""

    check: str
    """Stable kebab-case check id from DESIGN.md, e.g. "links"."""
    severity: Literal["error", "warning"]
    locale: str | None
    """None for findings about the source itself."""
    document: str
    file: str
    line: int
    source: str
    translation: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message} [{self.check}]"
