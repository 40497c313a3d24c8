"""Bad input: a clear message naming the file (and line), exit 2, nothing written or half-written."""

from __future__ import annotations


import polib
import pytest

from helpers import run, snapshot

PO = "locales/es/LC_MESSAGES/trigger-point-injections.po"


MALFORMED = [
    ("unterminated string", 'msgid "Aftercare\nmsgstr ""\n', ":{n}: malformed string"),
    ("bad escape", 'msgid "Aftercare"\nmsgstr "Cuidados\\q"\n', ":{m}: malformed string"),
    ("duplicate msgid", 'msgid "What is it?"\nmsgstr "¿Qué es?"\n', ":{n}: duplicate message definition"),
    ("msgstr before its msgid", 'msgstr "x"\nmsgid "y"\n', ":{n}: msgstr without a msgid"),
    ("junk line", "this is not gettext\n", ":{n}: not a PO keyword"),
]


@pytest.mark.parametrize("case,tail,message", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_malformed_catalog_is_refused_with_its_line(shipped, case, tail, message):
    path = shipped / PO
    text = path.read_text(encoding="utf-8") + "\n"
    first_new_line = text.count("\n") + 1
    path.write_text(text + tail, encoding="utf-8")
    (shipped / "source" / "trigger-point-injections.md").write_text("# Changed\n", encoding="utf-8")
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 2, result.output
    expected = message.format(n=first_new_line, m=first_new_line + 1)
    assert result.stderr.startswith(f"Error: {PO}{expected}"), result.stderr
    assert "Traceback" not in result.output
    assert snapshot(shipped) == before


def test_a_catalog_in_an_undeclared_charset_is_refused(shipped):
    path = shipped / PO
    path.write_bytes(path.read_bytes() + '\n#~ msgid "x"\n#~ msgstr "café"\n'.encode("latin-1"))
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {PO}:")
    assert "not valid UTF-8 text" in result.stderr


def test_a_catalog_declaring_an_unknown_charset_is_refused(shipped):
    path = shipped / PO
    path.write_text(path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=KLINGON-8"), encoding="utf-8")
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {PO}: unknown charset 'KLINGON-8' in the Content-Type header\n"


def test_an_empty_source_file_is_a_document_with_nothing_to_translate(shipped):
    (shipped / "source" / "empty.md").write_bytes(b"")
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert list(polib.pofile(str(shipped / "locales/es/LC_MESSAGES/empty.po"))) == []


def test_a_source_with_a_bom_is_read(shipped):
    (shipped / "source" / "bom.md").write_bytes(b"\xef\xbb\xbf# Rest\n")
    assert run(shipped, "extract").exit_code == 0
    assert [e.msgid for e in polib.pofile(str(shipped / "locales/es/LC_MESSAGES/bom.po"))] == ["Rest"]


def test_a_10_mb_source_is_extracted(shipped):
    parts = [f"## Part {i}\n\n" + " ".join(f"Rest {i} for {j} hours." for j in range(200)) + "\n\n" for i in range(2200)]
    text = "".join(parts)
    assert len(text.encode("utf-8")) > 10_000_000
    (shipped / "source" / "big.md").write_text(text, encoding="utf-8")
    result = run(shipped, "extract")
    assert result.exit_code == 0, result.output
    assert len(polib.pofile(str(shipped / "locales/es/LC_MESSAGES/big.po"))) == 4400


@pytest.mark.parametrize("code", ["../x", "es/../../etc", "xx_INVALID", "zz"])
def test_path_like_or_unknown_locale_in_config_is_refused(shipped, code):
    (shipped / "locflow.toml").write_text(f'locales = ["{code}"]\n')
    before = snapshot(shipped)
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: locflow.toml: locales: ")
    assert repr(code) in result.stderr
    assert snapshot(shipped) == before


def test_a_source_folder_that_is_a_file_is_refused(shipped):
    (shipped / "locflow.toml").write_text('locales = ["es"]\nsource_dir = "README"\n')
    (shipped / "README").write_text("not a folder")
    result = run(shipped, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: README/: no such folder")
