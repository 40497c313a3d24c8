"""Write PO text out of polib's object model (`po` reads it).

The writer gives the bytes polib would give with wrapping turned off, except
where the tools translators use would not read them back as written: a
string holds its control characters as they are (but NUL; polib names
``\v \b \f``, which Translate Toolkit reads as letters), and a file name
with a space in a ``#:`` reference is wrapped in U+2068 and U+2069, as GNU
gettext writes it.
"""

from __future__ import annotations

import functools
import re

import polib


ESCAPED = re.compile(r'[\x00"\\\t\n\r]')
"""What a string body holds escaped: quotes, backslashes, tab, newline, carriage return and NUL."""
NAMED_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape(text: str) -> str:
    """Return `text` as the body of a C string: quotes, backslashes, tab, newline and carriage return escaped by name.

    Every other control character (C0, DEL, C1) is written as it is, as GNU
    gettext's msgcat writes it: msgfmt, polib and Translate Toolkit (the
    library behind Weblate) all read it back. Octal escapes (``\\033``) and
    ``\\a \\b \\v \\f`` are valid C, but Translate Toolkit and polib read them
    as text, and a catalog saved by Weblate would hold another text. NUL, which
    no text file should hold, stays ``\\000``.

    >>> escape('say "hi"\\n\\x00\\x1b\\x85\\v')
    'say \\\\"hi\\\\"\\\\n\\\\000\\x1b\\x85\\x0b'
    """
    return ESCAPED.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    return NAMED_ESCAPES.get(char) or "".join(f"\\{byte:03o}" for byte in char.encode("utf-8"))


def reference(path: str, line: str) -> str:
    """Return a ``#:`` reference; a file name with a space is wrapped in U+2068 and U+2069, as GNU gettext writes it.

    >>> reference("source/a b.md", "3")
    '\\u2068source/a b.md\\u2069:3'
    """
    path = _reference_name(path)
    return f"{path}:{line}" if line else path


@functools.cache
def _reference_name(path: str) -> str:
    return f"\u2068{path}\u2069" if any(char.isspace() for char in path) else path


def _field(out: list[str], prefix: str, name: str, value: str) -> None:
    if "\n" not in value or value.count("\n") == 1 and value.endswith("\n"):
        out.append(f'{prefix}{name} "{escape(value)}"')
        return
    out.append(f'{prefix}{name} ""')
    parts = value.split("\n")
    out.extend(f'{prefix}"{escape(part)}\\n"' for part in parts[:-1])
    if parts[-1]:
        out.append(f'{prefix}"{escape(parts[-1])}"')


def _entry(out: list[str], entry: polib.POEntry) -> None:
    obsolete = entry.obsolete
    if entry.tcomment:
        out.extend(f"# {line}" for line in entry.tcomment.split("\n"))
    if entry.comment and not obsolete:
        out.extend(f"#. {line}" for line in entry.comment.split("\n"))
    if entry.occurrences and not obsolete:
        out.append("#: " + " ".join(reference(path, line) for path, line in entry.occurrences))
    if entry.flags:
        out.append("#, " + ", ".join(entry.flags))
    marker = "#~| " if obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid), ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            _field(out, marker, name, value)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        _field(out, prefix, "msgctxt", entry.msgctxt)
    _field(out, prefix, "msgid", entry.msgid)
    if entry.msgid_plural:
        _field(out, prefix, "msgid_plural", entry.msgid_plural)
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            _field(out, prefix, f"msgstr[{index}]", entry.msgstr_plural[index])
    else:
        _field(out, prefix, "msgstr", entry.msgstr)


def write(po: polib.POFile) -> str:
    """Return the PO text of a catalog, unwrapped, ending with one newline."""
    out: list[str] = []
    if po.header:
        for line in po.header.split("\n"):
            out.append("#" if not line else f"#{line}" if line[0] in ",:" else f"# {line}")
    header = polib.POEntry(msgid="")
    metadata = po.ordered_metadata()
    if metadata:
        header.msgstr = "".join(f"{name}: {value}\n" for name, value in metadata)
    if po.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    _entry(out, header)
    for entry in po:
        if not entry.obsolete:
            out.append("")
            _entry(out, entry)
    for entry in po:
        if entry.obsolete:
            out.append("")
            _entry(out, entry)
    return "\n".join(out).rstrip("\n") + "\n"


def with_header(text: str, header: str) -> str:
    """Return the PO `text` written by `write` with its header replaced by that of `header` (also `write` output).

    >>> with_header('# A\\nmsgid ""\\nmsgstr ""\\n\\nmsgid "x"\\nmsgstr ""\\n', '# B\\nmsgid ""\\nmsgstr "y"\\n')
    '# B\\nmsgid ""\\nmsgstr "y"\\n\\nmsgid "x"\\nmsgstr ""\\n'
    """
    # `write` puts one empty line after the header entry and none inside it.
    end = text.find("\n\n")
    return header if end < 0 else header.rstrip("\n") + text[end:]
