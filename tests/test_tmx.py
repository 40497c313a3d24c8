"""TMX, as CAT tools exchange translation memories: a legacy TMX fills a project, the memory exports as TMX."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from helpers import run
from locflow import tmx

LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CALL = "Call your doctor if the swelling does not go down."
REST = "Rest for **two** days & drink <plenty> of water."
NEW = "A sentence nobody has translated yet."
QUOTES = "Say \"yes\" or 'no'."


def tmx_file(units: list[list[tuple[str, str]]], header: str = 'srclang="en-US"', doctype: bool = True) -> str:
    """A TMX 1.4b file as a CAT tool writes it: each unit a list of ``(xml:lang, seg content as XML)``."""
    body = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in unit) + "</tu>\n" for unit in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ('<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' if doctype else "")
        + f'<tmx version="1.4">\n<header creationtool="Trados" segtype="sentence" adminlang="en-US" {header}/>\n'
        + f"<body>\n{body}</body>\n</tmx>\n"
    )


def project(tmp_path: Path, texts: list[str], locales: str = '"es"', tmx_text: str | None = None, name: str = "p") -> Path:
    root = tmp_path / name
    (root / "source").mkdir(parents=True)
    extra = ""
    if tmx_text is not None:
        (root / "legacy").mkdir()
        (root / "legacy" / "old.tmx").write_text(tmx_text, encoding="utf-8")
        extra = 'compendium = ["legacy/old.tmx"]\n'
    (root / "locflow.toml").write_text(f"locales = [{locales}]\n{extra}")
    (root / "source" / "a.md").write_text("".join(f"{t}\n\n" for t in texts))
    return root


def catalog(root: Path, locale: str = "es", doc: str = "a") -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(root / "locales" / locale / "LC_MESSAGES" / f"{doc}.po")) if not e.obsolete}


def extract(root: Path):
    result = run(root, "extract")
    assert result.exit_code == 0, result.output + result.stderr
    return result


def test_a_legacy_tmx_fills_a_new_project_with_a_note_naming_it(tmp_path):
    legacy = tmx_file([[("en-US", CALL), ("es-ES", "Llame a su médico si la hinchazón no baja.")]])
    root = project(tmp_path, [CALL, NEW], tmx_text=legacy)
    extract(root)
    entries = catalog(root)
    assert entries[CALL].msgstr == "Llame a su médico si la hinchazón no baja." and not entries[CALL].fuzzy
    assert "translation memory: legacy/old.tmx" in entries[CALL].comment
    assert entries[NEW].msgstr == ""


def test_language_codes_are_matched_in_either_spelling_and_any_case():
    doc = tmx_file([
        [("EN-gb", "Hello"), ("ES-es", "Hola (España)"), ("es", "Hola"), ("pt_br", "Olá"), ("fr-CA", "Allô")],
        [("en", "Bye"), ("es-MX", "Adiós (México)"), ("es-AR", "Chau")],
        [("en-US", "Only English")],
    ]).encode("utf-8")
    found = tmx.units(doc, "old.tmx", "en", ["es", "pt_BR", "fr", "es_MX"])
    assert found["es"] == [("Hello", "Hola", "", True), ("Bye", "Chau", "", True)]  # exact code first; es_MX is a locale of its own
    assert found["pt_BR"] == [("Hello", "Olá", "", True)]
    assert found["fr"] == [("Hello", "Allô", "", True)]  # a language-only locale takes a regional variant
    assert found["es_MX"] == [("Bye", "Adiós (México)", "", True)]  # a regional locale takes only its own code


def test_the_source_variant_follows_srclang_and_tmx_1_1_lang_attributes_are_read():
    doc = (
        b'<tmx version="1.1"><header srclang="en-GB"/><body>'
        b'<tu><tuv lang="en-US"><seg>Color</seg></tuv><tuv lang="en-GB"><seg>Colour</seg></tuv><tuv lang="de"><seg>Farbe</seg></tuv></tu>'
        b'<tu srclang="en-US"><tuv lang="en-GB"><seg>Centre</seg></tuv><tuv lang="EN-US"><seg>Center</seg></tuv>'
        b'<tuv lang="de-DE"><seg>Zentrum</seg></tuv></tu>'
        b'<tu><tuv lang="fr"><seg>Bonjour</seg></tuv><tuv lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>'
    )
    assert tmx.units(doc, "old.tmx", "en", ["de"]) == {"de": [("Colour", "Farbe", "", True), ("Center", "Zentrum", "", True)]}


def test_a_utf16_tmx_as_trados_writes_it_is_read():
    doc = tmx_file([[("en-US", "Hello"), ("es-ES", "Hola")]]).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert tmx.units(doc.encode("utf-16"), "old.tmx", "en", ["es"]) == {"es": [("Hello", "Hola", "", True)]}


def test_inline_codes_give_back_the_original_text_and_a_unit_with_an_empty_code_is_skipped(tmp_path):
    legacy = tmx_file([
        [("en-US", 'Rest for <bpt i="1">**</bpt>two<ept i="1">**</ept> days &amp; drink &lt;plenty&gt; of water.'),
         ("es-ES", 'Descanse <bpt i="1">**</bpt>dos<ept i="1">**</ept> días y beba &lt;mucha&gt; agua.')],
        [("en-US", 'Press <ph x="1"/> to call.'), ("es-ES", 'Pulse <ph x="1"/> para llamar.')],
        [("en-US", 'See <hi type="b">the <ph>`leaflet`</ph></hi>.'), ("es-ES", 'Vea <hi>el <ph>`folleto`</ph></hi>.')],
    ])
    found = tmx.units(legacy.encode("utf-8"), "old.tmx", "en", ["es"])["es"]
    assert found == [
        (REST, "Descanse **dos** días y beba <mucha> agua.", "", True),
        ("See the `leaflet`.", "Vea el `folleto`.", "", True),
    ]
    root = project(tmp_path, [REST, "Press to call."], tmx_text=legacy)
    extract(root)
    entries = catalog(root)
    assert entries[REST].msgstr == "Descanse **dos** días y beba <mucha> agua." and not entries[REST].fuzzy
    assert "para llamar" not in entries["Press to call."].msgstr  # the placeholder's original is lost: no offer


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&lol2;</seg></tuv></tu></body></tmx>\n', 3, "entity 'lol'"
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>\n', 3, "entity 'secret'"
    ),
    "external parameter entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%remote;\n]>\n'
        '<tmx version="1.4"><header/><body/></tmx>\n', 3, "entity 'remote'"
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_exit_2_naming_the_line(tmp_path, kind):
    text, line, detail = HOSTILE[kind]
    root = project(tmp_path, [CALL], tmx_text=text)
    result = run(root, "extract")
    assert result.exit_code == 2, result.output
    assert f"Error: legacy/old.tmx:{line}: refused: it declares the {detail}" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (root / "locales" / "es").exists()  # nothing written


@pytest.mark.parametrize(("text", "expected"), [
    ('<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>Hi</tuv></tu>\n</body></tmx>\n',
     "legacy/old.tmx:3: not well-formed XML: mismatched tag"),
    ('<?xml version="1.0"?>\n<xliff version="1.2"/>\n', "legacy/old.tmx:2: not a TMX file: the root element is <xliff>, not <tmx>"),
    ('<tmx version="1.4">\n<header/>\n</tmx>\n', "legacy/old.tmx:1: not a TMX file: <tmx> has no <body>"),
    ("", "legacy/old.tmx:1: not well-formed XML: no element found"),
])
def test_a_broken_tmx_names_its_file_and_line_and_exits_2(tmp_path, text, expected):
    root = project(tmp_path, [CALL], tmx_text=text)
    for args in (("extract",), ("memory", "export", "es", "--format", "tmx")):
        result = run(root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert f"Error: {expected}" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_tmx_is_read_again(tmp_path):
    legacy = tmx_file([[("en", CALL), ("es", "Llame a su médico.")]])
    root = project(tmp_path, [CALL], tmx_text=legacy)
    extract(root)
    time.sleep(0.02)
    extract(root)  # the store has settled on the file as it is
    (root / "legacy" / "old.tmx").write_text(tmx_file([[("en", CALL), ("es", "Llame a su médico.")], [("en", NEW), ("es", "Nueva.")]]))
    (root / "source" / "b.md").write_text(f"{NEW}\n")
    extract(root)
    assert catalog(root, doc="b")[NEW].msgstr == "Nueva."
    assert run(root, "memory", "export", "es", "--format", "tmx").stdout.count("<tu>") == 2


def translated(tmp_path: Path) -> Path:
    """A project whose es catalog translates every text; CALL is translated two ways in two documents."""
    root = project(tmp_path, [CALL, REST, QUOTES])
    (root / "source" / "b.md").write_text(f"{CALL}\n")
    extract(root)
    for doc, mark in (("a", "ES"), ("b", "ES2")):
        path = root / "locales" / "es" / "LC_MESSAGES" / f"{doc}.po"
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"{mark} {entry.msgid}" if entry.msgid != CALL or doc == "a" else "Otra traducción."
        po.save(str(path))
    return root


def test_memory_export_writes_tmx_1_4b_leaving_out_texts_translated_several_ways(tmp_path):
    root = translated(tmp_path)
    out = tmp_path / "es.tmx"
    result = run(root, "memory", "export", "es", "--format", "tmx", "-o", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    assert "es: 2 texts written to" in result.stderr and "1 left out (translated several ways" in result.stderr
    tree = ET.parse(out)  # well-formed, and shaped as TMX 1.4b says
    top = tree.getroot()
    assert top.tag == "tmx" and top.get("version") == "1.4" and [child.tag for child in top] == ["header", "body"]
    header = top.find("header")
    required = {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"}
    assert required <= set(header.attrib) and header.get("srclang") == "en" and "creationdate" not in header.attrib
    pairs = {}
    for tu in top.find("body"):
        assert tu.tag == "tu" and [(tuv.tag, tuv.get(LANG), [s.tag for s in tuv]) for tuv in tu] == [
            ("tuv", "en", ["seg"]), ("tuv", "es", ["seg"])]
        pairs[tu[0].find("seg").text] = tu[1].find("seg").text
    assert pairs == {REST: f"ES {REST}", QUOTES: f"ES {QUOTES}"}
    from translate.storage.tmx import tmxfile  # Translate Toolkit's reader (a test dependency) reads it alike

    assert {u.source: u.target for u in tmxfile(out.read_bytes()).units} == pairs
    assert run(root, "memory", "export", "es").stdout.count('msgid "') == 4  # po stays the default, fuzzy kept


def test_memory_export_tmx_is_the_same_bytes_every_time(tmp_path):
    root = translated(tmp_path)
    first = run(root, "memory", "export", "es", "--format", "tmx", "-o", str(tmp_path / "one.tmx"))
    assert first.exit_code == 0
    second = run(root, "memory", "export", "es", "--format", "tmx")
    assert (tmp_path / "one.tmx").read_bytes() == second.stdout.encode("utf-8")
    assert run(root, "memory", "export", "es", "--format", "tmx", "-o", str(tmp_path / "two.tmx")).exit_code == 0
    assert (tmp_path / "two.tmx").read_bytes() == (tmp_path / "one.tmx").read_bytes()


def test_an_exported_tmx_fills_a_fresh_project_with_the_same_texts(tmp_path):
    old = translated(tmp_path)
    exported = run(old, "memory", "export", "es", "--format", "tmx").stdout
    fresh = project(tmp_path, [CALL, REST, QUOTES, NEW], tmx_text=exported, name="fresh")
    extract(fresh)
    entries = catalog(fresh)
    before = catalog(old)
    for text in (REST, QUOTES):
        assert entries[text].msgstr == before[text].msgstr and not entries[text].fuzzy
    assert entries[CALL].msgstr == "" and entries[NEW].msgstr == ""  # translated several ways: not exported


def test_memory_export_help_covers_the_format_option():
    from click.testing import CliRunner

    from locflow.cli import cli

    result = CliRunner().invoke(cli, ["memory", "export", "--help"])
    assert result.exit_code == 0
    assert "--format [po|tmx]" in result.stdout and "TMX 1.4b" in result.stdout and "default: po" in result.stdout


def test_dumps_keeps_every_character_xml_can_hold_and_units_reads_it_back():
    pairs = [("Tab\there, CR\r\nLF, <b> & \"q\" \U0001F600", "Tabulación\t, <b> & ü"), ("  spaced  ", " espaciado ")]
    assert all(tmx.writable(s) and tmx.writable(t) for s, t in pairs) and not tmx.writable("bell\x07")
    text = tmx.dumps("en", "pt_BR", pairs, "1.0")
    assert 'xml:lang="pt-BR"' in text
    assert tmx.units(text.encode("utf-8"), "x.tmx", "en", ["pt_BR"]) == {"pt_BR": [(s, t, "", True) for s, t in pairs]}
