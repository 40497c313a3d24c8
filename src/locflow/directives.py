"""Directives a content owner writes in HTML comments, as other Markdown translation tools read them.

- ``<!-- mdpo-skip -->``, ``<!-- i18n:skip -->``, ``<!-- mdbook-xgettext: skip -->``:
  the next block (paragraph, heading, table cell, list item's text or HTML block) is not
  translated (mdpo, mdbook-i18n-helpers).
- ``<!-- mdpo-disable -->`` … ``<!-- mdpo-enable -->`` (also ``i18n:skip-start`` …
  ``i18n:skip-end``): nothing between them is translated.
- ``<!-- i18n:comment Text -->`` (also ``mdpo-comment``, ``translators: Text``): a note
  for the translator of the next block; it becomes a ``#.`` line of its entry.

A skipped block renders as the source wrote it, in every locale. Comments themselves
never reach a page (`sourcehtml`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
SKIP = frozenset({"mdpo-skip", "mdpo-disable-next-line", "i18n:skip", "mdbook-xgettext: skip", "mdbook-xgettext:skip"})
DISABLE = frozenset({"mdpo-disable", "i18n:skip-start"})
ENABLE = frozenset({"mdpo-enable", "i18n:skip-end"})
NOTE = re.compile(r"^(?:i18n:comment|mdpo-comment|translators:)\s*(.*)$", re.DOTALL | re.IGNORECASE)


@dataclass(slots=True)
class Directives:
    """What the comments of a document say about its blocks, by token index."""

    skipped: set[int] = field(default_factory=set)
    """Indices of inline and html_block tokens that are not translated."""
    notes: dict[int, str] = field(default_factory=dict)
    """Index of an inline or html_block token: the note for its translator."""


def scan(tokens: Sequence) -> Directives:
    """Read the directive comments of a markdown-it block token stream.

    >>> from locflow.segment import block_parser
    >>> tokens = block_parser().parse("<!-- i18n:skip -->\\n\\nKeep\\n\\n<!-- i18n:comment Be brief -->\\n\\nText\\n")
    >>> found = scan(tokens)
    >>> [tokens[i].content for i in found.skipped], list(found.notes.values())
    (['Keep'], ['Be brief'])
    """
    found = Directives()
    if not any(token.type == "html_block" and "<!--" in token.content for token in tokens):
        return found  # no comment, no directive: the common case
    skip_next = disabled = False
    note = None
    for index, token in enumerate(tokens):
        if token.type == "html_block" and "<!--" in token.content:
            said = [" ".join(text.split()) for text in COMMENT.findall(token.content)]
            for text in said:
                lowered = text.lower()
                if lowered in SKIP:
                    skip_next = True
                elif lowered in DISABLE:
                    disabled = True
                elif lowered in ENABLE:
                    disabled = False
                elif match := NOTE.match(text):
                    note = match.group(1).strip() or None
            if said and not COMMENT.sub("", token.content).strip():
                continue  # a block of comments only: the directives are about the next block
        if token.type == "html_block" or (token.type == "inline" and token.content.strip()):
            if skip_next or disabled:
                found.skipped.add(index)
            elif note:
                found.notes[index] = note
            skip_next, note = False, None
    return found
