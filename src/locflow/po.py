"""Read PO text into polib's object model (`poformat` writes it back).

polib is the catalog model locflow works on; this module is its reader. The reader is strict where GNU msgfmt is strict (unterminated
strings, unknown escapes, duplicate messages, keywords out of order), reports
the line of every problem, keeps what polib's own reader drops (the ``#~|``
previous text of obsolete entries), and is several times faster on the
thousands of catalogs of a large site.

An octal or hex escape stands for one byte, as in C and GNU gettext; the
bytes of a run of escapes are read as UTF-8 (the encoding of every catalog
locflow writes). An escape above one byte, or escaped bytes that are not
UTF-8, is an error with its line, and so is EOT (U+0004) in a string, as
msgfmt has it.
"""

from __future__ import annotations

import re

import polib

from locflow.errors import CatalogError

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(.*)")
STRING = re.compile(r'"((?:[^"\\]|\\(?:[\\"\'abfnrtv?]|[0-7]{1,3}|x[0-9A-Fa-f]+))*)"')
ESCAPE = re.compile(r"\\([\\\"'?abfnrtv])|((?:\\(?:[0-7]{1,3}|x[0-9A-Fa-f]+))+)")
"""A named escape, or a run of byte escapes (octal or hex) read together as UTF-8."""
BYTE_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+))")
SIMPLE_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "?": "?", "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
CONTEXT_SEPARATOR = "\x04"
"""EOT: it joins msgctxt and msgid in a compiled catalog, so msgfmt refuses it in any string."""
PREVIOUS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}


class EscapeError(ValueError):
    """An escape that stands for no character; the message names it."""


def _unescape_one(match: re.Match[str]) -> str:
    simple, run = match.groups()
    if simple is not None:
        return SIMPLE_ESCAPES[simple]
    data = bytearray()
    for escape in BYTE_ESCAPE.finditer(run):
        octal, hexa = escape.groups()
        value = int(octal, 8) if octal is not None else int(hexa, 16)
        if value > 0xFF:
            raise EscapeError(f"invalid escape {_shorten(escape.group())}: an escape stands for one byte (\\000 to \\377, \\x00 to \\xff); write the character itself")
        data.append(value)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise EscapeError(f"invalid escape {_shorten(run)}: the escaped bytes are not UTF-8 text; write the character itself") from None


def _shorten(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def unescape(text: str) -> str:
    """Return the value of a C string body; raise `EscapeError` for an escape that is no character.

    >>> unescape(r'Say \\"hi\\"\\n \\303\\251\\x41')
    'Say "hi"\\n éA'
    """
    return ESCAPE.sub(_unescape_one, text) if "\\" in text else text


class _Parser:
    """One pass over PO text, one entry at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.po = polib.POFile(wrapwidth=0)
        self.entry: polib.POEntry | None = None
        self.field: tuple[str, int | None] | None = None
        """The string field that continuation lines extend: (name, plural index)."""
        self.seen: dict[tuple[bool, str | None, str], int] = {}
        self.comments: dict[str, list[str]] = {}
        self.line = 0

    def fail(self, message: str, line: int | None = None) -> CatalogError:
        return CatalogError(message, path=self.path, line=line or self.line)

    def string(self, text: str) -> str:
        match = STRING.fullmatch(text.rstrip())
        if match is None:
            raise self.fail("malformed string (unterminated, an unknown escape sequence, or text after it)")
        try:
            value = unescape(match.group(1))
        except EscapeError as err:
            raise self.fail(str(err)) from None
        if CONTEXT_SEPARATOR in value:
            raise self.fail("context separator <EOT> (U+0004) within a string, which no gettext message can hold")
        return value

    def start_entry(self, obsolete: bool) -> polib.POEntry:
        """Return the entry that a comment or keyword line belongs to, starting one if needed.

        A comment after a msgstr, or a msgctxt or msgid after one, starts the next entry.
        """
        if self.entry is None:
            self.entry = polib.POEntry(linenum=0)
            self.entry.obsolete = obsolete
        return self.entry

    def finish(self) -> None:
        entry = self.entry
        if entry is None:
            return
        if self.field is None or not self.field[0].startswith("msgstr"):
            if self.field is not None or entry.linenum:
                raise self.fail("msgid without a msgstr", entry.linenum)
            self.comments.clear()  # comments at the end of the file belong to nothing
            self.entry = None
            return
        key = (bool(entry.obsolete), entry.msgctxt, entry.msgid)
        if key in self.seen:
            raise self.fail(f"duplicate message definition (first defined at line {self.seen[key]})", entry.linenum)
        self.seen[key] = entry.linenum
        for name, lines in self.comments.items():
            setattr(entry, name, "\n".join(lines))
        self.comments.clear()
        self.po.append(entry)
        self.entry, self.field = None, None

    def comment(self, line: str) -> None:
        if self.field is not None and self.field[0].startswith("msgstr"):
            self.finish()
        marker = line[:2]
        if line.startswith("#~|") or marker == "#|":
            obsolete = line.startswith("#~")
            body = line[3:] if obsolete else line[2:]
            self.previous(body.strip(), obsolete)
            return
        entry = self.start_entry(obsolete=False)
        if self.field is not None:  # a comment in the middle of an entry
            raise self.fail("a comment between the parts of an entry")
        if marker == "#,":
            _add_flags(entry, line)
        elif marker == "#:":
            _add_references(entry, line)
        elif marker == "#.":
            self.comments.setdefault("comment", []).append(_after_marker(line, 2))
        else:
            self.comments.setdefault("tcomment", []).append(_after_marker(line, 1))

    def previous(self, body: str, obsolete: bool) -> None:
        entry = self.start_entry(obsolete)
        if body.startswith('"'):
            if self.field is None or not self.field[0].startswith("previous_"):
                raise self.fail("a previous-text continuation without a keyword")
            name = self.field[0]
            setattr(entry, name, getattr(entry, name) + self.string(body))
            return
        keyword, _, rest = body.partition(" ")
        if keyword not in PREVIOUS:
            raise self.fail(f"unknown keyword {keyword!r} in a previous-text comment")
        if self.field is not None and not self.field[0].startswith("previous_"):
            raise self.fail("a comment between the parts of an entry")
        self.field = (PREVIOUS[keyword], None)
        setattr(entry, PREVIOUS[keyword], self.string(rest.strip()))

    def keyword(self, body: str, obsolete: bool) -> None:
        match = KEYWORD.fullmatch(body)
        if match is None:
            raise self.fail(f"not a PO keyword, string or comment: {body[:40]!r}")
        name, index, rest = match.groups()
        value = self.string(rest)
        field = self.field[0] if self.field else None
        if name in ("msgctxt", "msgid") and field and field.startswith("msgstr"):
            self.finish()
            field = None
        entry = self.start_entry(obsolete)
        if obsolete != bool(entry.obsolete) and name in ("msgctxt", "msgid"):
            entry.obsolete = obsolete
        if name == "msgctxt":
            if field is not None and not field.startswith("previous_"):
                raise self.fail("msgctxt after the msgid it belongs to")
            entry.msgctxt = value
        elif name == "msgid":
            if field == "msgid":
                raise self.fail("msgid without a msgstr", entry.linenum)
            entry.msgid = value
            entry.linenum = self.line
        elif name == "msgid_plural":
            if field != "msgid":
                raise self.fail("msgid_plural without a msgid before it")
            entry.msgid_plural = value
        elif index is None:
            if field not in ("msgid",):
                raise self.fail("msgstr without a msgid before it")
            entry.msgstr = value
        else:
            if field not in ("msgid_plural", "msgstr[]"):
                raise self.fail(f"{name} without a msgid_plural before it")
            entry.msgstr_plural[int(index)] = value
            name = "msgstr[]"
        self.field = (name, int(index) if index is not None else None)

    def continuation(self, body: str) -> None:
        if self.entry is None or self.field is None:
            raise self.fail("a string outside of any msgid or msgstr")
        value = self.string(body)
        name, index = self.field
        if name == "msgstr[]":
            self.entry.msgstr_plural[index] += value
        elif name.startswith("previous_"):
            raise self.fail("a continuation of a previous-text comment without its #| marker")
        else:
            setattr(self.entry, name, getattr(self.entry, name) + value)

    def parse(self, text: str) -> polib.POFile:
        for self.line, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("#~") and not line.startswith("#~|"):
                body = line[2:].strip()
                if not body:
                    continue
                if body.startswith('"'):
                    self.continuation(body)
                else:
                    self.keyword(body, obsolete=True)
            elif line[0] == "#":
                self.comment(line)
            elif line[0] == '"':
                self.continuation(line)
            else:
                self.keyword(line, obsolete=False)
        self.finish()
        self._take_header()
        return self.po

    def _take_header(self) -> None:
        _take_header(self.po)


def _take_header(po: polib.POFile) -> None:
    """Move the header entry (``msgid ""``) of a parsed catalog into its header and metadata."""
    for index, entry in enumerate(po):
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            del po[index]
            po.header = entry.tcomment
            po.metadata_is_fuzzy = "fuzzy" in entry.flags
            key = None
            for line in entry.msgstr.splitlines():
                name, colon, value = line.partition(":")
                if colon:
                    key = name
                    po.metadata[key] = value.strip()
                elif key is not None:
                    po.metadata[key] += "\n" + line.strip()
            return


def _add_flags(entry: polib.POEntry, line: str) -> None:
    """Read a ``#,`` line into the entry's flags."""
    entry.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())


REFERENCE = re.compile("\u2068([^\u2069]*)(?:\u2069(?::([0-9]+))?)?|([^ \t]+)")
"""One reference of a ``#:`` line: a file name wrapped in U+2068 and U+2069
with an optional ``:line`` after it, or a run of other characters than space
and tab, as GNU gettext reads them."""


def _add_references(entry: polib.POEntry, line: str) -> None:
    """Read a ``#:`` line into the entry's ``(path, line)`` references."""
    for isolated, number, item in REFERENCE.findall(line, 2):
        if not item:
            entry.occurrences.append((isolated, number))
            continue
        path, _, number = item.rpartition(":")
        entry.occurrences.append((path, number) if path and number.isdigit() else (item, ""))


def _after_marker(line: str, width: int) -> str:
    text = line[width:]
    return text[1:] if text.startswith(" ") else text


def parse(text: str, path: str) -> polib.POFile:
    """Return the catalog in PO `text`; `path` is only used in messages."""
    text = text.removeprefix("\ufeff")
    return _parse_plain(text) or _Parser(path).parse(text)


PLAIN_ENTRY = re.compile(
    r"((?:#(?!~)[^\n]*\n)*)"  # comments, none obsolete
    r'msgid ("[^\n]*"\n(?:"[^\n]*"\n)*)'
    r'msgstr ("[^\n]*"\n(?:"[^\n]*"\n)*)'
    r"\n*"
)
"""An entry as locflow and most tools write it: no context, no plurals, no blank line inside."""


def _parse_plain(text: str) -> polib.POFile | None:
    """Read a catalog made only of `PLAIN_ENTRY` entries in one pass; None if it is anything else.

    The result is exactly what `_Parser` gives. Anything unusual (obsolete
    entries, contexts, plurals, CR line ends, stray lines, bad escapes,
    duplicates) returns None, and the line-by-line reader takes over and
    reports problems with their lines.
    """
    if "\r" in text or "#~" in text or not text.endswith("\n"):
        return None
    po = polib.POFile(wrapwidth=0)
    seen: set[str] = set()
    position, line, size = 0, 1, len(text)
    while position < size:
        match = PLAIN_ENTRY.match(text, position)
        if match is None:
            return None
        comments, msgid_lines, msgstr_lines = match.groups()
        msgid, msgstr = _plain_string(msgid_lines), _plain_string(msgstr_lines)
        if msgid is None or msgstr is None or msgid in seen:
            return None
        seen.add(msgid)
        entry = polib.POEntry(linenum=line + comments.count("\n"), msgid=msgid, msgstr=msgstr)
        if comments and not _plain_comments(entry, comments):
            return None
        po.append(entry)
        line += text.count("\n", position, match.end())
        position = match.end()
    _take_header(po)
    return po


def _plain_string(lines: str) -> str | None:
    """Return the value of ``"..."`` lines (each ending with a newline), or None if one is malformed."""
    if lines.count('"') == 2 and "\\" not in lines:
        value = lines[1:-2]
    else:
        parts = []
        for part in lines[:-1].split("\n"):
            match = STRING.fullmatch(part)
            if match is None:
                return None
            try:
                parts.append(unescape(match.group(1)))
            except EscapeError:
                return None  # the line reader reports it with its line
        value = "".join(parts)
    return None if CONTEXT_SEPARATOR in value else value


def _plain_comments(entry: polib.POEntry, comments: str) -> bool:
    """Read comment lines into `entry` as `_Parser.comment` does; False if one needs the full reader."""
    tcomment: list[str] = []
    comment: list[str] = []
    previous = False
    for raw in comments[:-1].split("\n"):
        line = raw.rstrip()
        marker = line[:2]
        if previous and marker != "#|":
            return False  # a comment between the previous text and the msgid: an error, with its line
        if marker == "#,":
            _add_flags(entry, line)
        elif marker == "#:":
            _add_references(entry, line)
        elif marker == "#.":
            comment.append(_after_marker(line, 2))
        elif marker == "#|":
            keyword, _, rest = line[2:].strip().partition(" ")
            value = _plain_string(rest.strip() + "\n") if keyword in PREVIOUS else None
            if value is None or getattr(entry, PREVIOUS[keyword]) is not None:
                return False
            setattr(entry, PREVIOUS[keyword], value)
            previous = True
        else:
            tcomment.append(_after_marker(line, 1))
    if comment:
        entry.comment = "\n".join(comment)
    if tcomment:
        entry.tcomment = "\n".join(tcomment)
    return True
