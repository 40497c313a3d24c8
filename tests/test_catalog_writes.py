"""Every catalog locflow writes is one GNU msgfmt reads as written, and every catalog it cannot read is a clear error.

File names in ``#:`` references, entries that share a msgid, control characters
in strings, escapes that stand for no character, and declared charsets.
"""

from __future__ import annotations

import gettext
import pickle
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run, snapshot
from locflow import catalog, po, poformat, segment
from locflow.errors import CatalogError, SourceError

PO = "locales/es/LC_MESSAGES/trigger-point-injections.po"
CONTROLS = [chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if code != 4]
"""Every control character but EOT, which no gettext string can hold."""


def msgfmt_accepts(msgfmt: str, text: str) -> None:
    """Assert that ``msgfmt --check`` accepts the catalog `text`."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.po"
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + text


def compiled(msgfmt: str, text: str) -> gettext.GNUTranslations:
    """Return the catalog `text` as msgfmt compiles it, read by Python's gettext."""
    with tempfile.TemporaryDirectory() as folder:
        path, mo = Path(folder) / "x.po", Path(folder) / "x.mo"
        path.write_text(text, encoding="utf-8")
        subprocess.run([msgfmt, "-o", str(mo), str(path)], capture_output=True, check=True)
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)


def pot_of(source: str, source_file: str = "source/care.md") -> polib.POFile:
    return catalog.template(segment.segment(source, source_file, ()), source_file)


def with_entries(text: str) -> polib.POFile:
    """Return a Spanish catalog whose entries are the PO `text`."""
    return catalog.loads(catalog.dumps(catalog.new_catalog("es", "care")) + "\n" + text, "es.po")


def keys(po_file: polib.POFile) -> list[tuple[str | None, str]]:
    return [(e.msgctxt, e.msgid) for e in po_file]


# --- file names in #: references ------------------------------------------


def test_a_file_name_with_spaces_is_one_reference_wrapped_as_gettext_wraps_it(msgfmt):
    text = catalog.dumps(pot_of("# Care\n\nRest.\n", "source/after care.md"))
    assert "#: \u2068source/after care.md\u2069:1\n" in text
    assert "#: \u2068source/after care.md\u2069:3\n" in text
    msgfmt_accepts(msgfmt, text)
    assert [e.occurrences for e in catalog.loads(text, "x.pot")] == [[("source/after care.md", "1")], [("source/after care.md", "3")]]


def test_references_wrapped_in_isolates_are_read_as_gettext_reads_them():
    (entry,) = po.parse('#: \u2068a b.md\u2069:3 c.md:4 \u2068d\te.md\u2069 f:g.md:5\nmsgid "x"\nmsgstr ""\n', "x.po")
    assert entry.occurrences == [("a b.md", "3"), ("c.md", "4"), ("d\te.md", ""), ("f:g.md", "5")]


def test_a_reference_ends_at_a_space_or_tab_only():
    # Python's str.split() would also split at a no-break space; gettext splits at space and tab.
    (entry,) = po.parse('#: a\u00a0b.md:3\tc.md:4\nmsgid "x"\nmsgstr ""\n', "x.po")
    assert entry.occurrences == [("a\u00a0b.md", "3"), ("c.md", "4")]
    po_file = polib.POFile(wrapwidth=0)
    po_file.append(entry)
    text = poformat.write(po_file)
    assert "#: \u2068a\u00a0b.md\u2069:3 c.md:4\n" in text  # wrapped, so that other readers see one name too
    assert [e.occurrences for e in po.parse(text, "x.po")] == [entry.occurrences]


@pytest.mark.parametrize(
    "char,shown,kind",
    [
        ("\n", "\\n", "a control character (U+000A)"),
        ("\r", "\\r", "a control character (U+000D)"),
        ("\t", "\\t", "a control character (U+0009)"),
        ("\x1b", "\\x1b", "a control character (U+001B)"),
        ("\x7f", "\\x7f", "a control character (U+007F)"),
        ("\x85", "\\x85", "a control character (U+0085)"),
        ("\u2028", "\\u2028", "a line separator (U+2028)"),
        ("\u2029", "\\u2029", "a paragraph separator (U+2029)"),
        ("\u2068", "\\u2068", "a directional isolate (U+2068)"),
        ("\u2069", "\\u2069", "a directional isolate (U+2069)"),
    ],
)
def test_a_file_name_with_a_control_character_is_refused_naming_the_file(char, shown, kind):
    with pytest.raises(SourceError) as caught:
        pot_of("# Care\n", f"source/a{char}b.md")
    assert str(caught.value) == (
        f"source/a{shown}b.md: the file name holds {kind}, which a #: reference in a catalog cannot hold; rename the file"
    )


def test_extract_writes_catalogs_msgfmt_reads_for_a_source_with_spaces_in_its_name(shipped, msgfmt):
    (shipped / "source" / "after care.md").write_text("# After care\n\nRest for a day.\n", encoding="utf-8")
    assert run(shipped, "extract").exit_code == 0
    written = sorted((shipped / "locales").rglob("after care.po*"))
    assert len(written) == 4
    for path in written:
        msgfmt_accepts(msgfmt, path.read_text(encoding="utf-8"))
        assert "#: \u2068source/after care.md\u2069:3\n" in path.read_text(encoding="utf-8")
    before = snapshot(shipped)
    second = run(shipped, "extract")
    assert second.exit_code == 0 and " 0 file(s) written" in second.stdout
    assert snapshot(shipped) == before
    assert "[syntax]" not in run(shipped, "check").stdout


def test_extract_refuses_a_source_whose_name_holds_a_newline(shipped):
    (shipped / "source" / "a\nb.md").write_text("# Heading\n", encoding="utf-8")
    result = run(shipped, "extract")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and "a\\nb" in result.stderr
    assert "Traceback" not in result.output
    assert not [p for p in (shipped / "locales").rglob("*") if "\n" in p.name]


# --- entries that share a msgid --------------------------------------------


def test_a_segment_meeting_a_plural_entry_gets_its_first_form_as_a_fuzzy_suggestion(msgfmt):
    old = with_entries('msgid "Rest."\nmsgid_plural "Rests."\nmsgstr[0] "Descanso."\nmsgstr[1] "Descansos."\n')
    merged, stats = catalog.merge(old, pot_of("Rest.\n"))
    text = catalog.dumps(merged)
    msgfmt_accepts(msgfmt, text)
    active, gone = [e for e in merged if not e.obsolete], [e for e in merged if e.obsolete]
    assert [(e.msgid, e.msgstr, e.fuzzy, e.previous_msgid_plural) for e in active] == [("Rest.", "Descanso.", True, "Rests.")]
    assert [(e.msgctxt, e.msgstr_plural) for e in gone] == [(catalog.OLDER_TRANSLATION, {0: "Descanso.", 1: "Descansos."})]
    assert stats.changed == ["Rest."] and stats.new == [] and stats.removed == []


def test_an_obsolete_entry_repeating_an_active_one_with_another_translation_is_kept_under_a_context(msgfmt):
    old = with_entries('msgid "Rest."\nmsgstr "Descanse."\n\n#~ msgid "Rest."\n#~ msgstr "Repose."\n')
    merged, _ = catalog.merge(old, pot_of("Rest.\n"))
    msgfmt_accepts(msgfmt, catalog.dumps(merged))
    assert [(e.obsolete, e.msgctxt, e.msgid, e.msgstr) for e in merged] == [
        (False, None, "Rest.", "Descanse."),
        (True, catalog.OLDER_TRANSLATION, "Rest.", "Repose."),
    ]


def test_an_obsolete_entry_repeating_an_active_one_word_for_word_is_dropped(msgfmt):
    old = with_entries('msgid "Rest."\nmsgstr "Descanse."\n\n#~ msgid "Rest."\n#~ msgstr "Descanse."\n')
    merged, _ = catalog.merge(old, pot_of("Rest.\n"))
    msgfmt_accepts(msgfmt, catalog.dumps(merged))
    assert keys(merged) == [(None, "Rest.")]


def test_an_obsolete_entry_with_a_translator_comment_of_its_own_is_kept(msgfmt):
    old = with_entries('msgid "Rest."\nmsgstr "Descanse."\n\n# checked with the doctor\n#~ msgid "Rest."\n#~ msgstr "Descanse."\n')
    merged, _ = catalog.merge(old, pot_of("Rest.\n"))
    msgfmt_accepts(msgfmt, catalog.dumps(merged))
    assert [(e.msgctxt, e.tcomment) for e in merged if e.obsolete] == [(catalog.OLDER_TRANSLATION, "checked with the doctor")]


def test_a_removed_segment_meeting_an_obsolete_entry_with_the_same_msgid(msgfmt):
    old = with_entries('msgid "Rest."\nmsgstr "Descanse."\n\n#~ msgid "Rest."\n#~ msgstr "Repose."\n')
    merged, _ = catalog.merge(old, pot_of("Walk.\n"))
    msgfmt_accepts(msgfmt, catalog.dumps(merged))
    # The translation that was in use keeps the plain msgid: it is the one that comes back with the text.
    assert [(e.msgctxt, e.msgstr) for e in merged if e.obsolete] == [
        (None, "Descanse."), (catalog.OLDER_TRANSLATION, "Repose.")
    ]
    back, _ = catalog.merge(catalog.loads(catalog.dumps(merged), "es.po"), pot_of("Rest.\n"))
    assert [(e.obsolete, e.msgstr) for e in back if e.msgctxt is None] == [(False, "Descanse.")]


def test_the_translation_last_in_use_keeps_the_msgid_wherever_it_stood():
    old = with_entries('#~ msgid "Rest."\n#~ msgstr "Repose."\n\nmsgid "Rest."\nmsgstr "Descanse."\n')
    merged, _ = catalog.merge(old, pot_of("Walk.\n"))
    assert [(e.msgctxt, e.msgstr) for e in merged if e.obsolete] == [(None, "Descanse."), (catalog.OLDER_TRANSLATION, "Repose.")]


def test_a_second_older_translation_gets_a_numbered_context(msgfmt):
    older = catalog.OLDER_TRANSLATION
    old = with_entries(
        f'msgid "Rest."\nmsgstr "A"\n\n#~ msgctxt "{older}"\n#~ msgid "Rest."\n#~ msgstr "B"\n\n#~ msgid "Rest."\n#~ msgstr "C"\n'
    )
    merged, _ = catalog.merge(old, pot_of("Rest.\n"))
    msgfmt_accepts(msgfmt, catalog.dumps(merged))
    assert [(e.msgctxt, e.msgstr) for e in merged] == [(None, "A"), (older, "B"), (f"{older} 2", "C")]


def test_extract_repairs_a_catalog_msgfmt_refuses_for_duplicates(shipped, msgfmt):
    path = shipped / PO
    text = path.read_text(encoding="utf-8") + (
        '\n#~ msgid "Aftercare"\n#~ msgstr "Cuidados posteriores"\n'
        '\n#~ msgid "Trigger Point Injections"\n#~ msgid_plural "Trigger Point Injections (all)"\n'
        '#~ msgstr[0] "Una inyección"\n#~ msgstr[1] "Varias inyecciones"\n#~ msgstr[2] "Muchas inyecciones"\n'
    )
    path.write_text(text, encoding="utf-8")
    refused = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert "duplicate message definition" in refused.stderr
    assert run(shipped, "extract").exit_code == 0
    written = path.read_text(encoding="utf-8")
    msgfmt_accepts(msgfmt, written)
    for translation in ("Cuidados posteriores", "Una inyección", "Varias inyecciones", "Muchas inyecciones"):
        assert f'"{translation}"' in written


def test_settled_duplicates_stay_settled():
    old = with_entries(
        'msgid "Rest."\nmsgstr "Descanse."\n\n#~ msgid "Rest."\n#~ msgstr "Repose."\n\n'
        '#~ msgid "Walk."\n#~ msgid_plural "Walks."\n#~ msgstr[0] "Paseo."\n#~ msgstr[1] "Paseos."\n'
    )
    pot = pot_of("Rest.\n\nWalk.\n")
    once, _ = catalog.merge(old, pot)
    twice, stats = catalog.merge(catalog.loads(catalog.dumps(once), "es.po"), pot)
    assert catalog.dumps(twice) == catalog.dumps(once)
    assert stats.new == stats.changed == stats.removed == []


MSGIDS = st.sampled_from(["Rest.", "Walk.", "Ice.", "Sleep."])


@st.composite
def old_catalogs(draw) -> polib.POFile:
    """Catalogs as a translator may leave them: plurals, contexts, and obsolete entries repeating active ones."""
    lines = []
    seen = set()
    for _ in range(draw(st.integers(0, 8))):
        obsolete = draw(st.booleans())
        context = draw(st.sampled_from([None, "menu", catalog.OLDER_TRANSLATION]))
        msgid = draw(MSGIDS)
        if (obsolete, context, msgid) in seen:
            continue
        seen.add((obsolete, context, msgid))
        prefix = "#~ " if obsolete else ""
        comment = draw(st.sampled_from(["", "# note\n", "# other note\n"]))
        entry = comment + (f'{prefix}msgctxt "{context}"\n' if context else "") + f'{prefix}msgid "{msgid}"\n'
        if draw(st.booleans()):
            forms = draw(st.lists(st.sampled_from(["", "uno", "dos"]), min_size=2, max_size=2))
            entry += f'{prefix}msgid_plural "{msgid}s"\n' + "".join(f'{prefix}msgstr[{n}] "{f}"\n' for n, f in enumerate(forms))
        else:
            entry += f'{prefix}msgstr "{draw(st.sampled_from(["", "uno", "dos", "tres"]))}"\n'
        lines.append(entry)
    return with_entries("\n".join(lines))


def written_texts(po_file: polib.POFile) -> set[str]:
    """Everything a translator wrote in a catalog: translations, plural forms and comments."""
    texts = set()
    for e in po_file:
        texts.update(t for t in (e.msgstr, e.tcomment, *e.msgstr_plural.values()) if t)
    return texts


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(old_catalogs(), st.lists(MSGIDS, unique=True, max_size=4))
def test_merge_writes_what_msgfmt_accepts_and_keeps_everything_a_translator_wrote(msgfmt, old, texts):
    merged, _ = catalog.merge(old, pot_of("".join(f"{text}\n\n" for text in texts)))
    text = catalog.dumps(merged)
    assert len(set(keys(merged))) == len(merged)
    msgfmt_accepts(msgfmt, text)
    assert written_texts(old) <= written_texts(catalog.loads(text, "es.po"))


# --- control characters and escapes ----------------------------------------


def test_every_control_character_is_written_as_gettext_writes_it_and_read_back_by_msgfmt_polib_and_translate_toolkit(
    msgfmt, tmp_path
):
    from translate.storage import po as ttk_po

    po_file = catalog.new_catalog("es", "care")
    for char in CONTROLS:
        po_file.append(polib.POEntry(msgid=f"char {ord(char)}", msgstr=f"a{char}b"))
    text = catalog.dumps(po_file)
    assert set(text) >= set(CONTROLS) - {"\x00", "\t", "\r"}  # as they are, as msgcat writes them
    assert 'msgid "char 10"\nmsgstr ""\n"a\\n"\n"b"\n' in text  # a newline ends a line, as gettext writes it
    for char, name in zip("\t\r", "tr"):
        assert f'msgid "char {ord(char)}"\nmsgstr "a\\{name}b"\n' in text
    assert 'msgid "char 0"\nmsgstr "a\\000b"\n' in text
    assert 'msgid "char 11"\nmsgstr "a\x0bb"\n' in text and 'msgid "char 133"\nmsgstr "a\x85b"\n' in text
    assert [e.msgstr for e in catalog.loads(text, "es.po")] == [f"a{char}b" for char in CONTROLS]
    translations = compiled(msgfmt, text)
    for char in CONTROLS[1:]:  # gettext ends a string at NUL
        assert translations.gettext(f"char {ord(char)}") == f"a{char}b"
    path = tmp_path / "es.po"
    path.write_text(text, encoding="utf-8")
    theirs = {e.msgid: e.msgstr for e in polib.pofile(str(path))}  # polib reads octal escapes as text: none is left
    weblate = {u.source: u.target for u in ttk_po.pofile.parsefile(str(path)).units if u.source}  # nor \\v, \\f, \\a, \\b
    for char in CONTROLS[1:]:
        assert theirs[f"char {ord(char)}"] == weblate[f"char {ord(char)}"] == f"a{char}b", repr(char)


@pytest.mark.parametrize("string", ['"a\\004b"', '"a\x04b"', '"a\\x04"'])
@pytest.mark.parametrize("where", ["msgid", "msgstr", "msgctxt", "#| msgid", "#~ msgstr"])
def test_eot_in_a_string_is_refused_as_msgfmt_refuses_it(msgfmt, string, where):
    entry = {
        "msgid": f'msgid {string}\nmsgstr ""\n',
        "msgstr": f'msgid "a"\nmsgstr {string}\n',
        "msgctxt": f'msgctxt {string}\nmsgid "a"\nmsgstr ""\n',
        "#| msgid": f'#| msgid {string}\nmsgid "a"\nmsgstr ""\n',
        "#~ msgstr": f'#~ msgid "a"\n#~ msgstr {string}\n',
    }[where]
    text = catalog.dumps(catalog.new_catalog("es", "care")) + "\n" + entry
    line = text.count("\n") - entry.count("\n") + 1 + next(i for i, l in enumerate(entry.split("\n")) if string in l)
    refused = subprocess.run([msgfmt, "--check", "-o", "/dev/null", "-"], input=text, capture_output=True, text=True)
    assert "context separator <EOT> within string" in refused.stderr
    with pytest.raises(CatalogError, match=rf"^es\.po:{line}: context separator <EOT> \(U\+0004\) within a string"):
        catalog.loads(text, "es.po")


def test_a_source_text_with_eot_is_refused_naming_its_line():
    with pytest.raises(SourceError) as caught:
        pot_of("# Care\n\nRest\x04 well.\n")
    assert str(caught.value) == (
        "source/care.md:3: the text holds the control character EOT (U+0004), which no gettext message can hold; remove it"
    )


def test_an_escaped_nul_is_written_back_as_an_escape(msgfmt):
    text = catalog.dumps(with_entries('msgid "Rest."\nmsgstr "a\\0b"\n'))
    assert "\x00" not in text
    assert 'msgstr "a\\000b"\n' in text
    msgfmt_accepts(msgfmt, text)


def test_escaped_bytes_are_read_as_the_utf8_character_msgfmt_reads(msgfmt):
    text = catalog.dumps(catalog.new_catalog("es", "care")) + '\nmsgid "Cafe"\nmsgstr "caf\\303\\251 \\xe2\\x82\\xac\\101"\n'
    (entry,) = catalog.loads(text, "es.po")
    assert entry.msgstr == compiled(msgfmt, text).gettext("Cafe") == "café €A"


@pytest.mark.parametrize(
    "escape,why",
    [
        (r"\x110000", "an escape stands for one byte"),
        (r"\xd800", "an escape stands for one byte"),
        (r"\777", "an escape stands for one byte"),
        (r"\355\240\200", "the escaped bytes are not UTF-8 text"),  # U+D800 as UTF-8 bytes: a lone surrogate
        (r"\351", "the escaped bytes are not UTF-8 text"),
    ],
)
def test_an_escape_that_is_no_character_is_an_error_with_its_line(escape, why):
    text = f'msgid ""\nmsgstr ""\n\nmsgid "Rest."\nmsgstr ""\n"ok "\n"bad {escape}"\n'
    with pytest.raises(CatalogError) as caught:
        catalog.loads(text, "es.po")
    assert str(caught.value).startswith(f"es.po:7: invalid escape {escape}: {why}")
    assert (caught.value.path, caught.value.line) == ("es.po", 7)


@pytest.mark.parametrize("command", ["extract", "build", "stats"])
def test_commands_refuse_a_bad_escape_with_its_line(shipped, command):
    path = shipped / PO
    text = path.read_text(encoding="utf-8") + '\nmsgid "Bad"\nmsgstr "x\\x110000"\n'
    path.write_text(text, encoding="utf-8")
    result = run(shipped, command)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {PO}:{text.count(chr(10))}: invalid escape \\x110000: ")
    assert "Traceback" not in result.output


def test_check_reports_a_bad_escape_as_a_syntax_finding(shipped):
    path = shipped / PO
    text = path.read_text(encoding="utf-8") + '\nmsgid "Bad"\nmsgstr "x\\xd800"\n'
    path.write_text(text, encoding="utf-8")
    result = run(shipped, "check")
    assert result.exit_code == 1, result.output
    assert f"{PO}:{text.count(chr(10))}: error: invalid escape \\xd800: " in result.stdout
    assert "[syntax]" in result.stdout


def test_catalog_errors_keep_their_file_and_line_apart_from_the_message():
    with pytest.raises(CatalogError) as caught:
        catalog.loads('msgid "a"\nmsgstr "b"\nmsgid "unterminated\nmsgstr ""\n', "de.po")
    err = caught.value
    assert (err.path, err.line, str(err)) == ("de.po", 3, f"de.po:3: {err.detail}")
    again = pickle.loads(pickle.dumps(err))  # errors cross process boundaries under -j
    assert (again.path, again.line, again.detail, str(again)) == (err.path, err.line, err.detail, str(err))
    with pytest.raises(CatalogError) as caught:
        catalog.decode(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=KLINGON-8\\n"\n', "de.po")
    assert (caught.value.path, caught.value.line) == ("de.po", 0)


# --- declared charsets -----------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-7", "UTF-7", "idna", "utf-16", "UTF-32", "rot13", "hex", "base64", "punycode"])
def test_a_charset_gettext_does_not_read_is_refused_naming_the_header_line(charset):
    data = f'# header\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n'.encode("ascii")
    with pytest.raises(CatalogError) as caught:
        catalog.decode(data, "de.po")
    assert str(caught.value) == (
        f"de.po:4: charset {charset!r} in the Content-Type header is not a text encoding gettext reads; "
        "save the file as UTF-8 and declare charset=UTF-8"
    )


@pytest.mark.parametrize(
    "charset,text",
    [
        ("UTF-8", "día"), ("utf8", "día"), ("US-ASCII", "dia"), ("CHARSET", "día"), ("ISO-8859-15", "€ día"),
        ("ISO-8859-2", "łódź"), ("KOI8-R", "день"), ("CP1251", "день"), ("windows-1252", "€"), ("EUC-JP", "日本"),
        ("Shift_JIS", "表示"), ("CP932", "表示"), ("GB18030", "中文"), ("GBK", "中文"), ("BIG5", "中文"), ("EUC-KR", "한국"),
    ],
)
def test_the_charsets_gettext_uses_are_read(charset, text):
    # "表" in Shift_JIS ends with the byte of a backslash: the file is decoded before it is parsed.
    body = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "x"\nmsgstr "{text}"\n'
    data = body.encode("utf-8" if charset == "CHARSET" else charset)
    (entry,) = catalog.loads(catalog.decode(data, "de.po"), "de.po")
    assert entry.msgstr == text


def test_extract_refuses_a_utf7_catalog_naming_its_header_line(shipped):
    path = shipped / PO
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("charset=UTF-8", "charset=UTF-7"), encoding="utf-8")
    line = text[: text.index("charset=UTF-8")].count("\n") + 1
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {PO}:{line}: charset 'UTF-7' in the Content-Type header is not a text encoding gettext reads; "
        "save the file as UTF-8 and declare charset=UTF-8\n"
    )
    assert snapshot(shipped) == before
