"""File names as a catalog's ``#:`` references can hold them.

A reference is one line; a name with a space is wrapped in U+2068 and
U+2069 as GNU gettext wraps it (`poformat.reference`). Discovery and
`catalog.template` refuse the names no reference can hold, by this one rule.
"""

from __future__ import annotations

import unicodedata

from locflow.errors import SourceError


def unwritable_character(name: str) -> str | None:
    """Return the first character of a file name that a ``#:`` reference cannot hold, or None.

    Those are the control characters (C0, DEL, C1), the line and paragraph
    separators, and U+2068 and U+2069, which wrap a name with spaces.

    >>> unwritable_character("source/a b.md") is None, unwritable_character("source/a\\nb.md")
    (True, '\\n')
    """
    if name.isascii() and name.isprintable():
        return None
    for char in name:
        if unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in "\u2068\u2069":
            return char
    return None


def check_reference(source_file: str) -> None:
    """Raise `SourceError` if a ``#:`` reference cannot hold the file name (see `unwritable_character`)."""
    bad = unwritable_character(source_file)
    if bad is not None:
        raise SourceError(
            f"{printable(source_file)}: the file name holds {_describe(bad)}, which a #: reference in a "
            "catalog cannot hold; rename the file"
        )


def printable(name: str) -> str:
    """Return a file name for a message: characters `unwritable_character` finds are shown as escapes.

    >>> printable("source/a\\nb.md")
    'source/a\\\\nb.md'
    """
    return "".join(repr(char)[1:-1] if unwritable_character(char) else char for char in name)


def _describe(char: str) -> str:
    kinds = {"Cc": "a control character", "Zl": "a line separator", "Zp": "a paragraph separator"}
    kind = kinds.get(unicodedata.category(char), "a directional isolate")
    return f"{kind} (U+{ord(char):04X})"
