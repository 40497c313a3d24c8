"""The PO reader and writer: polib's bytes and meaning, msgfmt's strictness."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from locflow import po

ROOT = Path(__file__).resolve().parent.parent

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=40)
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
    written = po.write(catalog)
    if catalog.header:  # polib writes a lone "#" line for an empty header comment; gettext and locflow write none
        assert written == str(catalog).rstrip("\n") + "\n"
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
    assert po.write(catalog).endswith('#, fuzzy\n#~| msgid "Old heading"\n#~ msgid "Older heading"\n#~ msgstr "Encabezado"\n')


def test_parse_records_the_line_of_each_msgid():
    catalog = po.parse('msgid ""\nmsgstr ""\n\n# comment\n#. kind\nmsgid "a"\nmsgstr "b"\n', "x.po")
    assert [e.linenum for e in catalog] == [6]


def test_parse_joins_continuation_lines_and_unescapes():
    catalog = po.parse('msgid ""\n"one \\"two\\"\\n"\n"three\\t\\101\\x42"\nmsgstr "x"\n', "x.po")
    assert catalog[0].msgid == 'one "two"\nthree\tAB'
