"""Templates and the gettext merge, scenario by scenario."""

import polib
import pytest

from locflow import catalog
from locflow.errors import CatalogError
from locflow.segment import segment

SOURCE = """\
# Aftercare

Avoid heavy lifting for 24 hours.

Apply ice packs to the injection site.

Contact your provider if the pain gets worse.
"""


def pot_of(source: str) -> polib.POFile:
    return catalog.template(segment(source, "source/care.md"), "source/care.md")


def translated(source: str, translations: dict[str, str]) -> polib.POFile:
    po, _ = catalog.merge(catalog.new_catalog("es", "care"), pot_of(source))
    for entry in po:
        entry.msgstr = translations.get(entry.msgid, "")
    return catalog.loads(catalog.dumps(po), "es.po")


SPANISH = {
    "Aftercare": "Cuidados posteriores",
    "Avoid heavy lifting for 24 hours.": "Evite levantar peso durante 24 horas.",
    "Apply ice packs to the injection site.": "Aplique hielo en la zona de la inyección.",
    "Contact your provider if the pain gets worse.": "Consulte a su médico si el dolor empeora.",
}


def by_msgid(po: polib.POFile) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po}


def test_template_merges_identical_text_with_two_references():
    pot = pot_of("# Rest\n\nRest\n\n- Rest\n")
    (entry,) = list(pot)
    assert entry.occurrences == [("source/care.md", "1"), ("source/care.md", "3"), ("source/care.md", "5")]
    assert entry.comment == "heading 1\nparagraph\nlist item"
    assert entry.flags == ["markdown-text"]


def test_template_front_matter_entries_are_plain_text():
    (entry,) = list(pot_of("---\ntitle: Rest\n---\n"))
    assert entry.comment == "front matter: title"
    assert entry.flags == []


def test_new_catalog_headers_come_from_babel():
    po = catalog.new_catalog("ar", "care")
    assert po.metadata["Language"] == "ar"
    assert po.metadata["Plural-Forms"].startswith("nplurals=6;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_merge_keeps_exact_matches():
    old = translated(SOURCE, SPANISH)
    merged, stats = catalog.merge(old, pot_of(SOURCE))
    assert catalog.translations(merged) == SPANISH
    assert (stats.new, stats.changed, stats.removed) == ([], [], [])


def test_merge_fuzzy_with_previous_msgid_when_a_typo_is_fixed():
    old = translated(SOURCE, SPANISH)
    merged, stats = catalog.merge(old, pot_of(SOURCE.replace("ice packs", "ice-packs")))
    entry = by_msgid(merged)["Apply ice-packs to the injection site."]
    assert entry.fuzzy
    assert entry.msgstr == "Aplique hielo en la zona de la inyección."
    assert entry.previous_msgid == "Apply ice packs to the injection site."
    assert stats.changed == ["Apply ice-packs to the injection site."]
    assert "#| msgid \"Apply ice packs to the injection site.\"" in catalog.dumps(merged)


def test_merge_fuzzy_when_a_number_changes():
    old = translated(SOURCE, SPANISH)
    merged, _ = catalog.merge(old, pot_of(SOURCE.replace("24 hours", "48 hours")))
    entry = by_msgid(merged)["Avoid heavy lifting for 48 hours."]
    assert entry.fuzzy and entry.msgstr == "Evite levantar peso durante 24 horas."


def test_merge_unrelated_new_text_is_untranslated_not_fuzzy():
    old = translated(SOURCE, SPANISH)
    merged, stats = catalog.merge(old, pot_of(SOURCE + "\nStay hydrated.\n"))
    entry = by_msgid(merged)["Stay hydrated."]
    assert not entry.fuzzy and entry.msgstr == ""
    assert stats.new == ["Stay hydrated."]


def test_merge_reorder_changes_nothing_but_order():
    old = translated(SOURCE, SPANISH)
    reordered = "# Aftercare\n\nContact your provider if the pain gets worse.\n\nAvoid heavy lifting for 24 hours.\n\nApply ice packs to the injection site.\n"
    merged, stats = catalog.merge(old, pot_of(reordered))
    assert catalog.translations(merged) == SPANISH
    assert not any(e.fuzzy or e.obsolete for e in merged)
    assert (stats.new, stats.changed, stats.removed) == ([], [], [])


def test_merge_removed_segment_becomes_obsolete():
    old = translated(SOURCE, SPANISH)
    merged, stats = catalog.merge(old, pot_of(SOURCE.replace("Apply ice packs to the injection site.\n\n", "")))
    (gone,) = [e for e in merged if e.obsolete]
    assert gone.msgid == "Apply ice packs to the injection site."
    assert gone.msgstr == "Aplique hielo en la zona de la inyección."
    assert stats.removed == ["Apply ice packs to the injection site."]
    assert '#~ msgstr "Aplique hielo en la zona de la inyección."' in catalog.dumps(merged)


def test_merge_readded_segment_gets_its_translation_back():
    old = translated(SOURCE, SPANISH)
    without = SOURCE.replace("Apply ice packs to the injection site.\n\n", "")
    removed, _ = catalog.merge(old, pot_of(without))
    restored, stats = catalog.merge(catalog.loads(catalog.dumps(removed), "es.po"), pot_of(SOURCE))
    assert catalog.translations(restored) == SPANISH
    assert not any(e.obsolete for e in restored)
    assert stats.new == []


def test_merge_keeps_translator_comments_and_their_flags():
    old = translated(SOURCE, SPANISH)
    by_msgid(old)["Aftercare"].tcomment = "Checked with Dr. Ruiz"
    by_msgid(old)["Aftercare"].flags.append("no-wrap")
    merged, _ = catalog.merge(old, pot_of(SOURCE))
    entry = by_msgid(merged)["Aftercare"]
    assert entry.tcomment == "Checked with Dr. Ruiz"
    assert entry.flags == ["markdown-text", "no-wrap"]


def test_merge_keeps_comments_of_removed_entries_as_obsolete():
    old = translated(SOURCE, {})
    by_msgid(old)["Aftercare"].tcomment = "Ask the clinic which word they prefer"
    merged, _ = catalog.merge(old, pot_of(SOURCE.replace("# Aftercare", "# After care")))
    obsolete = [e for e in merged if e.obsolete]
    assert [e.tcomment for e in obsolete] == ["Ask the clinic which word they prefer"]


def test_merge_keeps_fuzzy_state_and_previous_msgid():
    old = translated(SOURCE, SPANISH)
    first, _ = catalog.merge(old, pot_of(SOURCE.replace("24 hours", "48 hours")))
    again, stats = catalog.merge(catalog.loads(catalog.dumps(first), "es.po"), pot_of(SOURCE.replace("24 hours", "48 hours")))
    entry = by_msgid(again)["Avoid heavy lifting for 48 hours."]
    assert entry.fuzzy and entry.previous_msgid == "Avoid heavy lifting for 24 hours."
    assert catalog.dumps(again) == catalog.dumps(first)
    assert stats.changed == []


def test_merge_does_not_modify_its_inputs():
    old = translated(SOURCE, SPANISH)
    before = catalog.dumps(old)
    catalog.merge(old, pot_of("# Something else\n"))
    assert catalog.dumps(old) == before


def test_merge_keeps_entries_it_does_not_own():
    text = catalog.dumps(translated(SOURCE, SPANISH)) + (
        '\nmsgctxt "menu"\nmsgid "Aftercare"\nmsgstr "Cuidados"\n'
        '\nmsgid "One visit"\nmsgid_plural "%d visits"\nmsgstr[0] "Una visita"\nmsgstr[1] "%d visitas"\nmsgstr[2] "%d visitas"\n'
    )
    merged, _ = catalog.merge(catalog.loads(text, "es.po"), pot_of(SOURCE))
    obsolete = {(e.msgctxt, e.msgid): e for e in merged if e.obsolete}
    assert obsolete[("menu", "Aftercare")].msgstr == "Cuidados"
    assert obsolete[(None, "One visit")].msgstr_plural[1] == "%d visitas"


def test_dumps_is_unwrapped_and_deterministic():
    long = "word " * 40
    po = translated(f"{long.strip()}\n", {long.strip(): ("palabra " * 40).strip()})
    text = catalog.dumps(po)
    assert f'msgid "{long.strip()}"' in text
    assert catalog.dumps(catalog.loads(text, "x.po")) == text


def test_loads_reports_syntax_errors_with_line():
    with pytest.raises(CatalogError, match=r"^de\.po:3: malformed string"):
        catalog.loads('msgid "a"\nmsgstr "b"\nmsgid "unterminated\nmsgstr ""\n', "de.po")


def test_decode_honours_declared_legacy_charset_and_bom():
    latin = '"Content-Type: text/plain; charset=ISO-8859-1\\n"\nmsgid "a"\nmsgstr "café"\n'.encode("latin-1")
    assert "café" in catalog.decode(latin, "x.po")
    assert catalog.decode(b"\xef\xbb\xbfmsgid \"a\"", "x.po") == 'msgid "a"'


def test_decode_rejects_bytes_that_do_not_match_the_charset():
    with pytest.raises(CatalogError, match=r"^x\.po:2: not valid utf-8"):
        catalog.decode(b'msgid "a"\nmsgstr "caf\xe9"\n', "x.po")


@pytest.mark.parametrize(
    "text,message",
    [
        ('msgid "a"\nmsgstr "b\\q"\n', r"^x\.po:2: malformed string"),
        ('msgid "a"\nmsgstr "b" junk\n', r"^x\.po:2: malformed string"),
        ('msgstr "b"\nmsgid "a"\n', r"^x\.po:1: msgstr without a msgid"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', r"^x\.po:4: duplicate message definition \(first defined at line 1\)"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', r"^x\.po:1: msgid without a msgstr"),
        ('hello\n', r"^x\.po:1: not a PO keyword"),
    ],
)
def test_loads_refuses_what_msgfmt_refuses(text, message):
    with pytest.raises(CatalogError, match=message):
        catalog.loads(text, "x.po")


def test_loads_accepts_context_plurals_obsolete_and_previous():
    text = (
        'msgctxt "menu"\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n'
        '#, fuzzy\n#| msgid "ol"\nmsgid "old"\nmsgstr "z"\n\n#~ msgid "a"\n#~ msgstr "gone"\n\n#~| msgid "q"\n#~ msgid "w"\n#~ msgstr "e"\n'
    )
    po = catalog.loads(text, "x.po")
    assert len(po) == 6


@pytest.mark.parametrize("locale", ["es", "ar", "zh_Hans"])
@pytest.mark.parametrize(
    "source",
    [SOURCE, "", "---\ntitle: Care\n---\n\n# Care\n\nSame.\n\n- Same.\n\n| a \"q\" | b\\\\ |\n| - | - |\n| tab\there | x |\n"],
)
def test_new_catalog_text_is_the_merge_into_an_empty_catalog(source, locale):
    # Cold extract writes a new catalog as the template's entries under a new
    # header; it must give the very bytes the full merge gives.
    pot = pot_of(source)
    merged, stats = catalog.merge(catalog.new_catalog(locale, "care"), pot)
    assert catalog.new_catalog_text(locale, "care", catalog.dumps(pot)) == catalog.dumps(merged)
    assert catalog.new_stats(pot) == stats
