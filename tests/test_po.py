"""The PO reader and writer: polib's bytes and meaning, msgfmt's strictness."""

from __future__ import annotations

import re
from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from locflow import po, poformat

ROOT = Path(__file__).resolve().parent.parent

# EOT (U+0004) is in no string: msgfmt refuses it, and so does po.parse.
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04\x08\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=40)
"""Strings polib writes as locflow does and reads back from a string: not NUL and \\b, which locflow writes otherwise
(`poformat.escape`; tests/test_catalog_writes.py reads back every control character), nor what str.splitlines splits."""
line = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=30)


@st.composite
def catalogs(draw) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    # Header lines starting with , : . | ~ would be read as flags, references... by every PO reader.
    plain = line.filter(lambda s: s.strip() == s and s[:1] not in (",", ":", ".", "|", "~"))
    catalog.header = "\n".join(draw(st.lists(plain, max_size=3)))
    catalog.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(text.filter(bool))
        obsolete = draw(st.booleans())
        context = draw(st.none() | text)
        if (obsolete, context, msgid) in seen:
            continue
        seen.add((obsolete, context, msgid))
        entry = polib.POEntry(msgid=msgid, msgctxt=context, msgstr=draw(text))
        entry.obsolete = obsolete
        entry.tcomment = "\n".join(draw(st.lists(line.map(str.strip), max_size=2)))
        if not obsolete:
            entry.comment = "\n".join(draw(st.lists(line.map(str.strip).filter(bool), max_size=2)))
            entry.occurrences = [("source/a.md", str(n)) for n in draw(st.lists(st.integers(1, 999), max_size=3))]
        entry.flags = draw(st.lists(st.sampled_from(["fuzzy", "markdown-text", "no-wrap"]), unique=True, max_size=2))
        entry.previous_msgid = draw(st.none() | text)
        catalog.append(entry)
    return catalog


def meaning(catalog: polib.POFile) -> tuple:
    return (
        catalog.header,
        catalog.metadata,
        [
            (e.obsolete, e.msgctxt, e.msgid, e.msgstr, e.msgid_plural, e.msgstr_plural, e.tcomment, e.comment,
             e.occurrences, e.flags, e.previous_msgid)
            for e in sorted(catalog, key=lambda e: bool(e.obsolete))  # obsolete entries are written last
        ],
    )


@settings(max_examples=200, deadline=None)
@given(catalogs())
def test_write_gives_polibs_bytes_and_parse_reads_them_back(catalog):
    written = poformat.write(catalog)
    if catalog.header:  # polib writes a lone "#" line for an empty header comment; gettext and locflow write none
        assert written == str(catalog).rstrip("\n") + "\n"  # control characters as they are, as polib writes them
    assert meaning(po.parse(written, "x.po")) == meaning(catalog)


def test_parse_reads_what_polib_reads_in_the_shipped_catalogs():
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        content = path.read_text(encoding="utf-8")
        ours, theirs = po.parse(content, str(path)), polib.pofile(content)
        assert meaning(ours) == meaning(theirs), path


def test_parse_keeps_the_previous_text_of_obsolete_entries():
    catalog = po.parse('#, fuzzy\n#~| msgid "Old heading"\n#~ msgid "Older heading"\n#~ msgstr "Encabezado"\n', "x.po")
    (entry,) = catalog
    assert entry.obsolete and entry.fuzzy and entry.previous_msgid == "Old heading"
    assert poformat.write(catalog).endswith('#, fuzzy\n#~| msgid "Old heading"\n#~ msgid "Older heading"\n#~ msgstr "Encabezado"\n')


def test_parse_records_the_line_of_each_msgid():
    catalog = po.parse('msgid ""\nmsgstr ""\n\n# comment\n#. kind\nmsgid "a"\nmsgstr "b"\n', "x.po")
    assert [e.linenum for e in catalog] == [6]


def test_parse_joins_continuation_lines_and_unescapes():
    catalog = po.parse('msgid ""\n"one \\"two\\"\\n"\n"three\\t\\101\\x42"\nmsgstr "x"\n', "x.po")
    assert catalog[0].msgid == 'one "two"\nthree\tAB'


def _everything(catalog: polib.POFile) -> tuple:
    return (
        catalog.header, catalog.metadata, catalog.metadata_is_fuzzy,
        [
            (e.msgid, e.msgstr, e.msgctxt, e.msgid_plural, e.msgstr_plural, e.comment, e.tcomment, e.flags,
             e.occurrences, e.previous_msgid, e.previous_msgctxt, e.previous_msgid_plural, e.obsolete, e.linenum)
            for e in catalog
        ],
    )


def _wrapped(text: str) -> str:
    """Wrap every string with a space at its first space, as Poedit and msgcat wrap long lines."""
    import re

    return re.sub(r'^(#~ |#\| )?(msgid|msgstr) "([^" ]*) ([^\n]*)"$', r'\1\2 ""\n\1"\3 "\n\1"\4"', text, flags=re.M)


EDITS = [
    lambda t: t,
    _wrapped,
    lambda t: t.replace("\nmsgid ", "\n#| msgid \"old\"\n#, fuzzy\nmsgid ", 1),  # comment after the previous text
    lambda t: t.replace("\nmsgid ", "\n#| msgid \"old\"\n#| msgid \"older\"\nmsgid ", 1),
    lambda t: t.replace("\nmsgstr ", "\n\nmsgstr ", 1),
    lambda t: t.replace('msgstr "', 'msgstr  "', 1),
    lambda t: t.replace("\n#", "\n  #", 1),
    lambda t: t.replace('"\n', '" \n', 1),
    lambda t: t + "# a comment that belongs to nothing\n",
    lambda t: t + t[t.find("\n\n") :],  # every entry twice
    lambda t: t.replace("\n", "\r\n"),
]


@settings(max_examples=150)
@given(catalogs(), st.sampled_from(range(len(EDITS))))
def test_the_one_pass_reader_reads_exactly_what_the_line_reader_reads(catalog, edit):
    text = EDITS[edit](poformat.write(catalog))
    try:
        expected = _everything(po._Parser("x.po").parse(text))
    except Exception as err:  # the line reader refuses it: so must parse, with the same message
        assert po._parse_plain(text) is None
        try:
            po.parse(text, "x.po")
        except Exception as again:
            assert str(again) == str(err)
        else:
            raise AssertionError("parse accepted what the line reader refuses")
        return
    plain = po._parse_plain(text)
    if plain is not None:
        assert _everything(plain) == expected
    assert _everything(po.parse(text, "x.po")) == expected


def test_the_one_pass_reader_takes_the_catalogs_locflow_writes():
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        assert po._parse_plain(path.read_text(encoding="utf-8")) is not None, path


def test_the_one_pass_reader_reads_wrapped_catalogs_as_the_line_reader_does():
    for path in sorted((ROOT / "locales").rglob("*.po*")):
        text = _wrapped(path.read_text(encoding="utf-8"))
        assert text.count('msgid ""\n"') > 3
        assert _everything(po._parse_plain(text)) == _everything(po._Parser(str(path)).parse(text))
