"""The QA checks, check by check: what each one finds, and the correct translations it leaves alone."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

from locflow import checks
from locflow.checks import filler, inline, numbers
from locflow.model import Entry
from locflow.segment import parser, segment

ROOT = Path(__file__).resolve().parent.parent
EN = checks.language("en")
MD = parser()
INSTITUTE = "Minimally Invasive Spine and Pain Institute"


def found(
    msgid: str,
    msgstr: str,
    locale: str = "es",
    *,
    fuzzy: bool = False,
    previous: str | None = None,
    source_markdown: str = "",
    filler_texts: frozenset[str] = frozenset(),
    patterns: tuple[str, ...] = (),
) -> list[tuple[str, str]]:
    """Return ``(check, message)`` for every issue the entry checks find."""
    context = checks.Context(
        source=EN,
        target=checks.language(locale),
        md=MD,
        references=checks.references(source_markdown, MD),
        filler=filler_texts,
        names=(INSTITUTE,),
        patterns=tuple(re.compile(p) for p in patterns),
    )
    entry = Entry(msgid, msgstr, fuzzy, 1, previous)
    return [(issue.check, issue.message) for issue in checks.check_entry(entry, context)]


def ids(*args, **kwargs) -> list[str]:
    return [check for check, _ in found(*args, **kwargs)]


# --- real text in the languages we translate into: no check fires on it -------

CORRECT = [
    # (locale, source, translation)
    ("es", "Muscle pain usually improves in a day or two.", "El dolor muscular suele mejorar en un día o dos."),
    ("es", "Thirst, dry mouth and headache are common side effects.", "Sed de agua, sequedad de boca y dolor de cabeza son efectos secundarios frecuentes."),
    ("es", "Do not exercise hard for 24 hours after the injection.", "No realice ejercicio intenso durante 24 horas después de la inyección."),
    ("es", "If the pain persists, see your doctor: the dose may need adjusting.", "Si el dolor persiste, consulte a su médico: puede ser necesario ajustar la dosis."),
    ("es", "Muscle mass recovers with physiotherapy and gentle exercise.", "La masa muscular se recupera con fisioterapia y ejercicios suaves."),
    ("es", "If in doubt, call the clinic; the team will see you without delay.", "Ante cualquier duda, llame a la clínica; el equipo le atenderá sin demora."),
    ("es", "The procedure typically takes 15-20 minutes.", "El procedimiento suele durar de 15 a 20 minutos."),
    ("es", "Inject 0.5 ml of 1,000 units.", "Inyecte 0,5 ml de 1.000 unidades."),
    ("es", "Take 2 tablets twice a day.", "Tome dos comprimidos dos veces al día."),
    ("es", "Come back at 2 pm.", "Vuelva a las 14:00."),
    ("es", "Book a visit at the [clinic](https://example.org/book) or call *today*.", "Pida cita en la [clínica](https://example.org/book) o llame *hoy*."),
    ("es", "Contact the Minimally Invasive Spine and Pain Institute.", "Contacte con el Minimally Invasive Spine and Pain Institute."),
    ("it", "It is nothing serious: muscle mass recovers in a few days.", "Non è nulla di grave: la massa muscolare si riprende in pochi giorni."),
    ("it", "Back pain may last a few days after the injection.", "Il dolore alla schiena può durare qualche giorno dopo l'iniezione."),
    ("it", "Close the door of the office and lie down for ten minutes.", "Chiuda la porta dello studio e resti sdraiato per dieci minuti."),
    ("it", "A pregnant patient must tell the doctor before the treatment.", "La paziente gravida deve informare il medico prima del trattamento."),
    ("it", "In your free time avoid strain and lifting weights.", "Nel tempo libero eviti sforzi e sollevamenti di pesi."),
    ("it", "Our priority is safety: we use sterile single-use needles.", "Nostra priorità è la sicurezza: per questo usiamo aghi sterili monouso."),
    ("it", "Come at 8:30.", "Venga alle 8.30."),
    ("it", "Inject 0.5 ml.", "Iniettare 0,5 ml."),
    ("pt_BR", "No pain, no rush: resume normal activities little by little.", "Sem dor, sem pressa: retome as atividades normais aos poucos."),
    ("pt_BR", "The muscle mass may be sore for a day or two.", "A massa muscular pode ficar dolorida por um ou dois dias."),
    ("pt_BR", "Wondering whether you can shower the same day? Yes, you can.", "Quis saber se pode tomar banho no mesmo dia? Sim, pode."),
    ("pt_BR", "Avoid intense physical effort for 24 hours after the injection.", "Evite esforço físico intenso durante 24 horas após a injeção."),
    ("pt_BR", "I know the needle is scary, but the pain passes quickly.", "Eu sei que a agulha assusta, mas a dor passa depressa."),
    ("fr", "The patient is in good health and can go back to work tomorrow.", "Le patient est en bonne santé et peut reprendre le travail demain."),
    ("fr", "Do not lift heavy loads for 24 hours.", "Ne soulevez pas de charges lourdes pendant 24 heures."),
    ("fr", "My doctor recommended gentle stretching and rest.", "Mon médecin m'a recommandé des étirements doux et du repos."),
    ("fr", "Inject 1,000 units.", "Injectez 1\u202f000 unités."),
    ("fr", "Inject 1,000 units.", "Injectez 1 000 unités."),
    ("ro", "Muscle pain usually goes away in one or two days.", "Durerea musculară dispare de obicei în una sau două zile."),
    ("ro", "Where is the injection given? In the doctor's office, in sterile conditions.", "Unde se face injecția? În cabinetul medicului, în condiții sterile."),
    ("ro", "These are normal effects and need no treatment.", "Acestea sunt efecte normale și nu necesită tratament."),
    ("de", "Inject 0.5 ml of 1,000 units.", "Injizieren Sie 0,5 ml von 1.000 Einheiten."),
    ("de", "Take 2.5 mg every 8 hours.", "Nehmen Sie alle 8 Stunden 2,5 mg ein."),
    ("ar", "Avoid heavy lifting for 24 hours.", "تجنّب رفع الأشياء الثقيلة لمدة ٢٤ ساعة."),
    ("ar", "The procedure typically takes 15-20 minutes.", "ويستغرق الإجراء عادةً من 15 إلى 20 دقيقة."),
    ("ar", "Take 0.5 ml.", "خذ ٠٫٥ مل."),
    ("zh_Hans", "Avoid heavy lifting for 24 hours.", "２４小时内避免提重物。"),
    ("zh_Hans", "The procedure typically takes 15-20 minutes.", "整个过程通常需要 15 到 20 分钟。"),
    ("zh_Hans", "Rest for 24 hours.", "休息二十四小时。"),
    ("zh_Hans", "Say **this** now.", "现在说**这个**。"),
    ("fa", "Avoid heavy lifting for 24 hours.", "به مدت ۲۴ ساعت از بلند کردن اجسام سنگین خودداری کنید."),
    ("hi", "Avoid heavy lifting for 24 hours.", "२४ घंटे तक भारी वस्तुएँ उठाने से बचें।"),
    ("hi", "Up to 1,500,000 patients.", "15,00,000 रोगियों तक।"),
]


@pytest.mark.parametrize("locale,msgid,msgstr", CORRECT, ids=[f"{c[0]}:{c[2][:30]}" for c in CORRECT])
def test_no_check_fires_on_a_correct_translation(locale, msgid, msgstr):
    assert found(msgid, msgstr, locale) == []


def test_no_check_fires_on_the_shipped_translations():
    from locflow import catalog

    document = segment((ROOT / "source/trigger-point-injections.md").read_text(encoding="utf-8"), "source/tpi.md")
    fillers = frozenset(text for _, text, _ in checks.source_placeholders(document))
    for locale in ("es", "ar", "zh_Hans"):
        path = ROOT / f"locales/{locale}/LC_MESSAGES/trigger-point-injections.po"
        context = checks.Context(EN, checks.language(locale), MD, filler=fillers, names=(INSTITUTE,))
        for entry in catalog.entries(catalog.loads(path.read_text(encoding="utf-8"), str(path))):
            assert list(checks.check_entry(entry, context)) == [], (locale, entry.msgid)


# --- untranslated and fuzzy --------------------------------------------------


@pytest.mark.parametrize(
    "msgstr,fuzzy,expected",
    [
        ("", False, ["untranslated"]),
        ("   ", False, ["untranslated"]),
        ("", True, ["untranslated"]),  # fuzzy with nothing in it is simply not translated
        ("Descanse.", True, ["fuzzy"]),
        ("Descanse.", False, []),
    ],
)
def test_untranslated_and_fuzzy(msgstr, fuzzy, expected):
    assert ids("Rest.", msgstr, fuzzy=fuzzy) == expected


def test_untranslated_filler_is_reported_once_on_the_source_not_per_locale():
    assert ids("Massa bibendum", "", filler_texts=frozenset({"Massa bibendum"})) == []
    assert ids("Massa bibendum", "Masa", fuzzy=True, filler_texts=frozenset({"Massa bibendum"})) == []


@pytest.mark.parametrize(
    "previous,current,explained",
    [
        ("Rest for 24 hours.", "Rest for 48 hours.", ["24 became 48"]),
        ("Take 2 tablets.", "Do not take 2 tablets.", ['"not" was added']),
        ("Don't drive today.", "Drive today.", ['"don\'t" was removed']),
        ("Take it before meals.", "Take it after meals.", ['"before" became "after"']),
        ("Rest for 24 hours.", "Rest for 24 days.", ['"hour" became "day"']),
        ("Avoid heavy lifting.", "Heavy lifting is fine.", ['"avoid" was removed']),
        ("Take 1 tablet.", "Never take 2 tablets.", ["1 became 2", '"never" was added']),
        ("Rest after the injection.", "Rest well after the injection.", []),
        ("Rest for 24 hours.", "Rest for 24 hours!", []),
    ],
)
def test_fuzzy_says_what_changed_in_the_source(previous, current, explained):
    assert checks.fuzzy_changes(previous, current, EN) == explained


def test_fuzzy_with_a_meaning_change_is_dangerous_and_others_are_not():
    context = checks.Context(EN, checks.language("es"), MD)
    dangerous = checks.fuzzy(Entry("Rest for 48 hours.", "Descanse 24 horas.", True, 1, "Rest for 24 hours."), EN)
    plain = checks.fuzzy(Entry("Rest well.", "Descanse.", True, 1, "Rest."), EN)
    unknown = checks.fuzzy(Entry("Rest well.", "Descanse.", True, 1, None), EN)
    assert (dangerous.dangerous, plain.dangerous, unknown.dangerous) == (True, False, False)
    assert "24 became 48" in dangerous.message
    assert [i.check for i in checks.check_entry(Entry("Rest.", "Descanse.", True, 1), context)] == ["fuzzy"]


def test_fuzzy_entries_are_still_checked_for_raw_html():
    assert ids("Rest.", "Descanse <script>x()</script>", fuzzy=True) == ["fuzzy", "unsafe-html"]


# --- placeholder and source-placeholder -------------------------------------

SHIPPED_FILLER = [
    (24, "Keypoint #1-Lorem Ipsum"),
    (26, "Lorem Ipsum mon fringilla dolor felis amet fusce."),
    (28, "Libero auctor"),
    (29, "Enim molestie iaculis"),
    (30, "Massa bibendum"),
    (31, "Ultrices varius"),
    (33, "Metus euismod tellus penatibus in ex morbi euismod mollis."),
    (35, "Phasellus venenatis augue luctus sollicitudin elementum suspendisse."),
]


def test_source_placeholders_on_the_shipped_page_are_exactly_the_filler_section():
    source = (ROOT / "source/trigger-point-injections.md").read_text(encoding="utf-8")
    found_ = checks.source_placeholders(segment(source, "source/trigger-point-injections.md"))
    assert [(line, text) for line, text, _ in found_] == SHIPPED_FILLER
    assert all(reason.startswith("Lorem ipsum: ") for _, _, reason in found_)


FILLER = [text for _, text in SHIPPED_FILLER] + [
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
    "Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium.",
    "Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.",
    "Nulla facilisi",
    "Vivamus sagittis",
    "Donec id elit non mi porta gravida at eget metus.",
    "Integer posuere erat a ante venenatis dapibus.",
    "Our clinic is open daily. Pellentesque habitant morbi tristique senectus et netus et malesuada fames ac "
    "turpis egestas. Call us for details.",
]

NOT_FILLER = [
    # Spanish, Italian, Portuguese, French, Romanian, Catalan text full of Latin-looking words
    *(translation for _, _, translation in CORRECT),
    "Dolor", "Dolor de espalda", "Odio las agujas, pero no dolió.", "Leo el prospecto antes de la cita.",
    "Evite la culpa y el miedo: el dolor crónico tiene tratamiento.", "El justo equilibrio entre reposo y actividad.",
    "Massa muscolare", "Porta d'ingresso", "Tempo libero", "Vero o falso?", "Dolore cronico",
    "Le molestie sono vietate e vanno segnalate al personale.", "Sem dor", "Porta de entrada",
    "Il porta la trousse jusqu'à la salle de soins.", "Son cursus en médecine du sport lui permet de traiter ces douleurs.",
    "Pacienții sunt rugați să vină cu zece minute mai devreme.", "Liber la efort",
    "El dolor muscular sol millorar en un o dos dies.",
    # Latin that medical English uses
    "The results were confirmed in vitro and in vivo (Smith et al., 2020).",
    "Nil per os after midnight; clear fluids ad libitum until 6 am.",
    "Carcinoma in situ was found in the sample.", "Status epilepticus is a medical emergency.",
    "Tinea corporis is a fungal infection of the skin.",
    "The four signs of inflammation are rubor, calor, dolor and tumor.",
    "Take one tablet per os, pro re nata.", "The pulvinar is part of the thalamus.",
    "Primum non nocere: first, do no harm.", "Curriculum vitae", "Et al.", "In vitro", "Per os", "Ad libitum",
    "Status epilepticus", "Corpus luteum", "Vestibulum nasi", "Processus mastoideus", "Lacus lacrimalis",
    "Quid pro quo", "Mea culpa", "Non sequitur", "Sine qua non", "Felis catus", "Gravida 2, para 1",
    "Type II diabetes", "Magna Carta",
]


@pytest.mark.parametrize("text", FILLER)
def test_lorem_ipsum_is_recognised_by_its_vocabulary(text):
    assert filler.lorem(text)


@pytest.mark.parametrize("text", NOT_FILLER)
def test_real_text_with_latin_looking_words_is_not_filler(text):
    assert filler.lorem(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "«Lorem»—ipsum，dolor",  # punctuation of other scripts between the words
        "LOREM IPSUM",
        "Massa_bibendum",
        "Véase Loremhttps://x.org/a",  # the URL goes, "Lorem" stays
        "`code` Massa bibendum [x](https://x.org)",
    ],
)
def test_lorem_ipsum_next_to_any_punctuation_markup_or_url(text):
    assert filler.lorem(text)


def test_every_sure_sign_of_filler_is_a_run_of_ascii_letters():
    """`lorem` looks for sure signs among runs of three or more ASCII letters first."""
    assert all(re.fullmatch("[a-z]{3,}", word) for word in filler.SURE_SIGNS)
    assert filler.lorem("Ipsum amétur") == [] and filler.lorem("Ipsum amet") == ["ipsum", "amet"]


@pytest.mark.parametrize(
    "locale,msgid,msgstr,expected",
    [
        ("es", "Keep the bandage on.", "Lorem ipsum dolor sit amet.", "Lorem ipsum: lorem, ipsum, amet, dolor, sit"),
        ("it", "Keep the bandage on.", "Massa bibendum", "Lorem ipsum: bibendum, massa"),
        ("es", "Keep the bandage on.", "TODO: traducir", "the marker TODO"),
        ("it", "Keep the bandage on.", "TODO", "the marker TODO"),
        ("es", "Keep the bandage on.", "Mantenga el vendaje (TBD)", "the marker TBD"),
        ("fr", "Keep the bandage on.", "FIXME gardez le pansement", "the marker FIXME"),
        ("es", "Call us.", "Llame al XXX-XXX-XXXX.", "the marker XXX"),
        ("es", "Hello {{name}}", "Hola {{nombre}}", "the unfilled variable {{nombre}}, which the source does not have"),
        ("es", "Hello.", "Hola %(name)s.", "the unfilled variable %(name)s, which the source does not have"),
    ],
)
def test_placeholder_in_a_translation(locale, msgid, msgstr, expected):
    assert found(msgid, msgstr, locale) == [("placeholder", f"the translation is placeholder text: {expected}")]


def test_placeholder_patterns_from_the_configuration():
    assert ids("Keep it on.", "Manténgalo [traducir]", patterns=(r"\[traducir\]",)) == ["placeholder"]
    assert ids("Keep it on.", "Manténgalo puesto.", patterns=(r"\[traducir\]",)) == []


@pytest.mark.parametrize(
    "locale,msgid,msgstr",
    [
        ("es", "READ THE WHOLE LEAFLET", "LEA TODO EL PROSPECTO"),  # "todo" is Spanish for "all"
        ("pt_BR", "ALL DAY", "O DIA TODO"),
        ("es", "Hello {{name}}", "Hola {{name}}"),
        ("es", "Hello %(name)s", "Hola %(name)s"),
        ("es", "The 30th national congress", "El XXX Congreso Nacional"),  # a Roman numeral
        ("es", "Trisomy X (47,XXX) is often mild.", "La trisomía X (47,XXX) suele ser leve."),
        ("it", "Free time", "Tempo libero"),
    ],
)
def test_no_placeholder_in_real_text(locale, msgid, msgstr):
    assert "placeholder" not in ids(msgid, msgstr, locale)


def test_source_placeholder_markers_and_patterns():
    document = segment("# Dosage\n\nTODO: ask the pharmacist\n\nTake [insert dose] daily.\n\nAll good.\n", "a.md")
    assert checks.source_placeholders(document, (re.compile(r"\[insert [a-z]+\]"),)) == [
        (3, "TODO: ask the pharmacist", "the marker TODO"),
        (5, "Take [insert dose] daily.", "'[insert dose]' matches placeholder_patterns '\\\\[insert [a-z]+\\\\]'"),
    ]


# --- numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "locale,msgid,msgstr,message",
    [
        ("es", "Avoid lifting for 24 hours.", "Evite levantar peso durante 48 horas.", "24 became 48"),
        ("es", "Avoid lifting for 24 hours.", "Evite levantar peso.", "24 is missing"),
        ("es", "Rest.", "Descanse 2 días.", "2 is added"),
        ("es", "Takes 15-20 minutes.", "Dura 15 minutos.", "20 is missing"),
        ("de", "Inject 0.5 ml.", "Injizieren Sie 5 ml.", "0.5 became 5"),
        ("de", "Up to 1,000 units.", "Bis zu 1,000 Einheiten.", "1000 became 1"),  # 1,000 is one in German
        ("zh_Hans", "Take 2.5 mg.", "服用 2,5 毫克。", "2.5 is missing and 2 and 5 are added"),
        ("ar", "Avoid lifting for 24 hours.", "تجنب رفع الأثقال لمدة ٤٨ ساعة.", "24 became 48"),
        ("zh_Hans", "Rest for 24 hours.", "休息２５小时。", "24 became 25"),
        ("hi", "Rest for 24 hours.", "२५ घंटे आराम करें।", "24 became 25"),
        ("es", "Use 1, 2 or 3.", "Use 1 o 2.", "3 is missing"),
    ],
)
def test_numbers_that_differ(locale, msgid, msgstr, message):
    assert found(msgid, msgstr, locale) == [("numbers", f"the numbers differ from the source: {message}")]


def test_numbers_in_link_targets_and_code_are_left_to_links_and_markup():
    assert numbers.values("See [page 2](https://x.org/3) and `v4` or <https://y.org/5>.", EN) == [2]


@pytest.mark.parametrize(
    "text,locale,expected",
    [
        ("٢٤ ساعة", "ar", ["24"]),
        ("２４小时", "zh_Hans", ["24"]),
        ("۲۴ ساعت", "fa", ["24"]),
        ("२४ घंटे", "hi", ["24"]),
        ("0,5 ml und 1.000 Einheiten", "de", ["0.5", "1000"]),
        ("1\u202f000 unités et 2,5 mg", "fr", ["1000", "2.5"]),
        ("٠٫٥ مل", "ar", ["0.5"]),
        ("15–20 minutos, 50 %", "es", ["15", "20", "50"]),
        ("15 إلى 20 دقيقة", "ar", ["15", "20"]),
    ],
)
def test_numbers_are_read_by_value_in_every_script(text, locale, expected):
    assert [numbers.show(n) for n in numbers.values(text, checks.language(locale))] == expected


# --- links, markup and unsafe HTML -------------------------------------------

LINKS = "See [the guide](https://example.org/guide) and [the map](https://example.org/map)."


@pytest.mark.parametrize(
    "msgid,msgstr,message",
    [
        (LINKS, "Vea [la guía](https://example.org/guia) y [el mapa](https://example.org/map).",
         "the link target https://example.org/guide became https://example.org/guia; keep the source's"),
        (LINKS, "Vea la guía y [el mapa](https://example.org/map).",
         "link targets differ from the source: https://example.org/guide is missing"),
        ("See the guide.", "Vea [la guía](https://evil.example).",
         "link targets differ from the source: https://evil.example is not in the source"),
        ("![Map](map.png)", "![Mapa](mapa.png)", "the link target map.png became mapa.png; keep the source's"),
        ("See [the guide] (https://example.org).", "Vea [la guía](https://example.org).",
         "link targets differ from the source: https://example.org is not in the source"),
    ],
)
def test_links_that_differ(msgid, msgstr, message):
    assert found(msgid, msgstr) == [("links", message)]


def test_links_may_change_order_and_reference_links_resolve_with_the_source_definitions():
    reordered = "Vea [el mapa](https://example.org/map) y [la guía](https://example.org/guide)."
    assert found(LINKS, reordered) == []
    source = "See [the guide][g].\n\n[g]: https://example.org/guide\n"
    assert found("See [the guide][g].", "Vea [la guía][g].", source_markdown=source) == []
    assert ids("See [the guide][g].", "Vea [la guía][x].", source_markdown=source) == ["links"]


@pytest.mark.parametrize(
    "msgid,msgstr,problem",
    [
        ("Run `npm install` now.", "Ejecute `npm instalar` ahora.",
         "code spans must be copied verbatim (`npm install` is missing; `npm instalar` is not in the source)"),
        ("Run `a` and `b`.", "Ejecute `a`.", "code spans must be copied verbatim (`b` is missing)"),
        ("Rest *now*.", "Descanse ahora.", "0 emphasis spans where the source has 1"),
        ("Rest **now**.", "Descanse **ahora** *ya*.", "2 emphasis spans where the source has 1"),
        ("[A](u) or [B](u).", "[A](u).", "1 links where the source has 2"),
        ("![a](m.png) ![b](m.png)", "![a](m.png)", "1 images where the source has 2"),
        ("Say **“this”** here", "这里说**“这个”**的话",
         "0 emphasis spans where the source has 1 (some * or _ markers stay as text: they need a letter, "
         "not a space, inside, and next to punctuation a space outside)"),
    ],
)
def test_markup_that_differs(msgid, msgstr, problem):
    assert found(msgid, msgstr, "zh_Hans" if "这" in msgstr else "es") == [
        ("markup", f"the markup differs from the source: {problem}")
    ]


@pytest.mark.parametrize(
    "msgstr,structure",
    [
        ("# Descanse", "a heading"),
        ("## Descanse", "a heading"),
        ("- Descanse", "a list item"),
        ("* Descanse", "a list item"),
        ("+ Descanse", "a list item"),
        ("> Descanse", "a block quote"),
        ("1. Descanse", "a numbered list item"),
        ("1) Descanse", "a numbered list item"),
        ("Descanse.\n\nBeba agua.", "a blank line"),
        ("Descanse.\n- Beba agua.", "a list item"),
        ("```\ndescanse\n```", "a code fence"),
    ],
)
def test_markup_finds_block_structure_added_to_a_translation(msgstr, structure):
    issues = dict(found("Rest and drink water.", msgstr))
    assert f"it tries to add block structure ({structure}" in issues["markup"]


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("1. Introduction", "1. Introducción"),  # the text of a numbered heading
        ("#1 priority", "#1 prioridad"),
        ("Rest - then walk.", "Descanse - luego camine."),
        ("Up to 5 mg", "Hasta 5 mg"),
        ("Line one\\\nline two", "Línea uno\\\nlínea dos"),
    ],
)
def test_markup_leaves_equivalent_markup_alone(msgid, msgstr):
    assert "markup" not in ids(msgid, msgstr)


@pytest.mark.parametrize(
    "msgstr,what",
    [
        ("Llámenos <script>alert(1)</script>", "raw HTML <script>; raw HTML </script>"),
        ("Llámenos <img src=x onerror=alert(1)>", "raw HTML <img src=x onerror=alert(1)>"),
        ("Llámenos <!-- hidden -->", "raw HTML <!-- hidden -->"),
        ('<a href="javascript:alert(1)">Llámenos</a>', 'raw HTML <a href="javascript:alert(1)">; raw HTML </a>; the script URL javascript:alert(1)'),
        ("[Llámenos](javascript:alert(1))", "the script URL javascript:alert(1)"),
        ("[Llámenos](JaVaScRiPt:alert(1))", "the script URL JaVaScRiPt:alert(1)"),
        ("[Llámenos](&#106;avascript:alert(1))", "the script URL &#106;avascript:alert(1)"),
        ("[Llámenos](java&#x09;script:alert(1))", "the script URL java&#x09;script:alert(1)"),
        ("[Llámenos](vbscript:msgbox(1))", "the script URL vbscript:msgbox(1)"),
        ("[Llámenos](data:text/html;base64,PHNjcmlwdD4=)", "the script URL data:text/html;base64,PHNjcmlwdD4="),
        ("<javascript:alert(1)>", "the script URL javascript:alert(1)"),
        ("[Llámenos](file:///etc/passwd)", "the script URL file:///etc/passwd"),
        ("Llámenos [y]: javascript:alert(1)", "the script URL javascript:alert(1)"),
        ('Llámenos <https://example.org/" onclick="alert(1)>', 'text that looks like HTML <https://example.org/" onclick="alert(1)>'),
        ('Llámenos" onmouseover="alert(1)', "text that looks like an event handler attribute onmouseover="),
    ],
)
def test_unsafe_html_in_a_translation(msgstr, what):
    issues = dict(found("Call us.", msgstr))
    assert issues["unsafe-html"] == f"the translation has {what}: remove it (pages show it as text, never as markup)"


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("Line<br>break", "Línea<br>salto"),  # the source has it: shown as text either way, and extract warns
        ("Less than 5 mg", "Menos de <5 mg"),
        ("If a < b", "Si a < b"),
        ("Data: see the chart", "Data: vedi il grafico"),  # Italian "data" is "date"
        ("![Map](data:image/png;base64,AA)", "![Mapa](data:image/png;base64,AA)"),
    ],
)
def test_no_unsafe_html_in_safe_text(msgid, msgstr):
    assert "unsafe-html" not in ids(msgid, msgstr)


# --- unchanged, whitespace, length ---------------------------------------------


@pytest.mark.parametrize(
    "msgid,expected",
    [
        ("Apply ice to the injection site.", ["unchanged"]),
        ("Minimally Invasive Spine and Pain Institute", []),  # a do-not-translate name
        ("15-20", []),
        ("`npm install`", []),
        ("[https://example.org](https://example.org)", []),
        ("Call the Minimally Invasive Spine and Pain Institute", ["unchanged"]),
    ],
)
def test_unchanged(msgid, expected):
    assert ids(msgid, msgid) == expected


def test_unchanged_filler_is_left_to_source_placeholder():
    assert ids("Massa bibendum", "Massa bibendum", filler_texts=frozenset({"Massa bibendum"})) == []


@pytest.mark.parametrize(
    "msgstr,message",
    [
        (" Descanse.", "the translation starts with ' ' and the source does not"),
        ("Descanse.\n", "the translation ends with '\\n' and the source does not"),
        ("    Descanse.", "the translation starts with '    ' and the source does not"),
    ],
)
def test_whitespace(msgstr, message):
    assert found("Rest.", msgstr) == [("whitespace", message)]


PARAGRAPH = (
    "Trigger point injections are a minimally invasive treatment for painful knots in muscles that can cause "
    "pain locally or refer pain to other parts of the body."
)


@pytest.mark.parametrize(
    "locale,msgstr,bound",
    [
        ("es", "Inyecciones.", "much shorter than the source: 12 characters for 132 (0.09×; es text is usually 1.15× as long as en, warned below 0.46×)"),
        ("zh_Hans", PARAGRAPH, "much longer than the source: 132 characters for 132 (1.00×; zh_Hans text is usually 0.33× as long as en, warned above 0.83×)"),
        ("es", PARAGRAPH + " " + PARAGRAPH + " " + PARAGRAPH, "much longer than the source"),
    ],
)
def test_length_says_which_bound_was_crossed(locale, msgstr, bound):
    issues = found(PARAGRAPH, msgstr, locale)
    assert [check for check, _ in issues if check != "unchanged"] == ["length"]
    assert bound in dict(issues)["length"]


def test_length_accepts_short_chinese_and_leaves_short_texts_alone():
    chinese = "触发点注射是一种微创治疗，用于处理肌肉中的疼痛结节；这些结节可引起局部疼痛，或将疼痛牵涉到身体其他部位。"
    assert found(PARAGRAPH, chinese, "zh_Hans") == []
    assert found("What is it?", "¿Qué es esto exactamente, doctor, y para qué sirve?") == []


# --- whole catalogs: header and stale ----------------------------------------

ES_PLURALS = "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2);"


@pytest.mark.parametrize(
    "header,locale,messages",
    [
        ({"Language": "es", "Plural-Forms": ES_PLURALS}, "es", []),
        ({"Language": "zh-Hans", "Plural-Forms": "nplurals=1; plural=0;"}, "zh_Hans", []),
        ({"Language": "es", "Plural-Forms": "nplurals=3;plural=n==1?0:n!=0&&n%1000000==0?1:2"}, "es", []),
        ({"Plural-Forms": ES_PLURALS}, "es", ["the Language header is missing; set it to 'es'"]),
        ({"Language": "pt", "Plural-Forms": ES_PLURALS}, "es",
         ["the Language header is 'pt' but the catalog is in the folder of 'es'; set it to 'es'"]),
        ({"Language": "es"}, "es", [f"the Plural-Forms header is missing; for es it is {ES_PLURALS!r}"]),
        ({"Language": "es", "Plural-Forms": "nplurals=2; plural=(n != 1);"}, "es",
         [f"the Plural-Forms header is 'nplurals=2; plural=(n != 1);'; for es it is {ES_PLURALS!r}"]),
        ({"Language": "es", "Plural-Forms": "nplurals=3; plural=import os"}, "es",
         [f"the Plural-Forms header is 'nplurals=3; plural=import os'; for es it is {ES_PLURALS!r}"]),
    ],
)
def test_header(header, locale, messages):
    from locflow.catalog import plural_forms

    assert [i.message for i in checks.check_header(header, locale, plural_forms(locale))] == messages


def test_stale_when_the_source_changed_but_not_when_only_order_changed():
    assert checks.check_stale(["A", "B"], ["B", "A"], "source/a.md") is None
    stale = checks.check_stale(["A", "B", "D"], ["A"], "source/a.md")
    assert stale.message == 'out of date with source/a.md: 2 segments are not in it ("B", …); run `locflow extract`'


def test_every_check_id_of_design_md_has_its_severity():
    assert checks.SEVERITY == {
        "untranslated": "error", "fuzzy": "error", "placeholder": "error", "source-placeholder": "error",
        "numbers": "error", "links": "error", "markup": "error", "unsafe-html": "error", "syntax": "error",
        "header": "error", "stale": "error", "unchanged": "warning", "whitespace": "warning", "length": "warning",
        "control-chars": "error",  # locflow's own: invisible control and bidi characters
        "orphan": "warning", "consistency": "warning",  # locflow's own: the project's catalogs as a whole
        "protected": "error",  # locflow's own: site-generator syntax (shortcodes, footnote markers, heading ids)
        "broken-links": "error",  # locflow's own: a link in the source that leads to nothing
    }


@pytest.mark.parametrize(
    "msgid,msgstr,codes",
    [
        ("Pay the invoice", "Pague la factura\u202e", "U+202E"),
        ("Rest", "Descanse\x00", "U+0000"),
        ("Rest", "\u2066Descanse\u2069", "U+2066, U+2069"),
        ("Rest", "Des\ufeffcanse", "U+FEFF"),
        ("Rest", "Des\x1bcanse", "U+001B"),
    ],
)
def test_control_chars_finds_invisible_characters(msgid, msgstr, codes):
    assert [m for c, m in found(msgid, msgstr) if c == "control-chars"] == [
        f"the translation has invisible characters {codes}: remove them"
    ]


@pytest.mark.parametrize(
    "msgid,msgstr,locale",
    [
        ("Call 555-0100", "اتصل على \u200e555-0100\u200f", "ar"),  # LRM and RLM are how RTL text keeps numbers readable
        ("Read more", "और पढ़\u200dें", "hi"),  # zero width joiner
        ("Rest\u202e", "Descanse\u202e", "es"),  # the source has it too
    ],
)
def test_control_chars_allows_the_marks_translators_need(msgid, msgstr, locale):
    assert not [m for c, m in found(msgid, msgstr, locale) if c == "control-chars"]


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("", ""), ("\x00", "\x00<"), ("[", "]"), ("`", "``"), ("1" * 500, "1" * 499),
        ("*" * 300, "_" * 300), ("<" * 100, "&#" * 100), ("٫٬" * 50, "１,２" * 50),
    ],
)
def test_checks_never_raise_on_odd_input(msgid, msgstr):
    for locale in ("es", "ar", "zh_Hans", "hi", "fr"):
        found(msgid, msgstr, locale)
        found(msgid, msgstr, locale, fuzzy=True, previous=msgstr)


@pytest.mark.parametrize(
    "msgid,msgstr",
    [
        ("Take less than 5 mg if x<y.", "Tome menos de 5 mg si x<y."),
        ("Use <https://example.org/help> for help.", "Use <https://example.org/help> para obtener ayuda."),
        ("Keep the dose <5 mg.", "Mantenga la dosis <5 mg."),
        ("Write to <care@example.org>.", "Escriba a <care@example.org>."),
    ],
)
def test_unsafe_html_leaves_text_with_angle_brackets_alone(msgid, msgstr):
    assert "unsafe-html" not in ids(msgid, msgstr)


# --- a run remembers entries it has checked ---------------------------------------


def _issues(entry: Entry, context: checks.Context) -> list[str]:
    return [issue.check for issue in checks.check_entry(entry, context)]


def test_an_entry_seen_before_in_the_run_is_checked_again_where_its_locale_or_filler_status_differs():
    recall = checks.Recall()
    spanish = checks.Context(EN, checks.language("es"), MD, names=(INSTITUTE,), recall=recall)
    chinese = dataclasses.replace(spanish, target=checks.language("zh_Hans"))
    filler_page = dataclasses.replace(spanish, filler=frozenset({"Massa bibendum"}), memo={})
    grouped = Entry("Take 1,000 mg a day.", "Tome 1.000 mg al día.", False, 1)
    assert _issues(grouped, spanish) == []
    assert _issues(grouped, chinese) == ["numbers"]  # 1.000 is 1 where "." is the decimal point
    assert _issues(grouped, spanish) == []
    empty = Entry("Massa bibendum", "", False, 7)
    assert _issues(empty, spanish) == ["untranslated"]
    assert _issues(empty, filler_page) == []  # this page's source is filler: reported once, on the source
    assert _issues(Entry("Massa bibendum", "", True, 9), spanish) == ["untranslated"]
    assert len(recall.issues) == 5


def test_a_run_forgets_its_oldest_entries_and_never_recalls_with_reference_definitions():
    recall = checks.Recall(limit=2)
    context = checks.Context(EN, checks.language("es"), MD, recall=recall)
    for number in range(3):
        assert _issues(Entry(f"Wait {number} days.", f"Espere {number + 1} días.", False, 1), context) == ["numbers"]
    assert len(recall.issues) == 2 and len(recall.inline) == 0  # plain text needs no parse
    references = checks.references("[guide]: https://x.org/guide\n", MD)
    with_references = dataclasses.replace(context, references=references, memo={})
    entry = Entry("See the [guide].", "Vea la [guía].", False, 1)
    assert _issues(entry, with_references) == ["links"]  # [guía] is not a defined label
    assert _issues(entry, context) == []  # without the definition neither is a link
    assert list(recall.inline) == ["a [a]."]  # source and translation have one shape
    assert ("See the [guide].", "Vea la [guía].", False, None, False, False, "es") in recall.issues
    assert len(recall.issues) == 2


# --- texts of one shape share their inline analysis --------------------------------

SPEC = json.loads((ROOT / "tests" / "data" / "commonmark-spec.json").read_text(encoding="utf-8"))
SHAPE_ALPHABET = [
    "*", "**", "_", "__", "***", " ", "  ", "\t", "\n", "  \n", "\u00a0", "\u3000", "\x0b", "a", "Zeta", "ñandú", "día",
    "2", "24", "٢٤", "２４", "½", "²", "Ⅻ", "㆒", "二十", "疼痛", "ألم", "अस्पताल", "e\u0301", ".", ",", "!", "?", "¿", "—",
    "«", "»", "、", "。", "(", ")", "'", '"', "-", "+", "°", "€", "%", "#", "~", "=", ":", ";", "/", "|", "\u200d", "\u200f",
    "[", "]", "![", "](", "](<", ")", "https://x.org/a", "javascript:alert", "data:image/png;", "x.org/a b", " \"title\"", " 'T'",
]


@given(st.lists(st.sampled_from(SHAPE_ALPHABET), max_size=30).map("".join))
@settings(max_examples=3000, deadline=None)
def test_a_text_has_the_inline_analysis_of_its_shape(text):
    assert inline.inline(inline.shape(text), MD, {}) == inline.inline(text, MD, {})


@pytest.mark.parametrize("example", SPEC, ids=lambda e: str(e["example"]))
def test_every_commonmark_example_has_the_inline_analysis_of_its_shape(example):
    for text in example["markdown"].split("\n\n"):
        assert inline.inline(inline.shape(text), MD, {}) == inline.inline(text, MD, {}), text


def test_shape_keeps_every_character_markdown_it_tells_apart():
    """Only letters and digits become "a": markdown-it takes none of them for whitespace or punctuation."""
    word = re.compile(r"[^\W_]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if word.match(char):
            assert unicodedata.category(char)[0] in "LN", f"U+{code:04X}"
            assert not (isPunctChar(char) or isMdAsciiPunct(code) or isWhiteSpace(code)), f"U+{code:04X}"
    assert inline.shape("Keep *this*, [that](https://x.org) and `code`.") == "Keep *this*, [that](https://x.org) and `code`."
    assert inline.shape("Ruhe für **24 Stunden**,  danach\nnicht *mehr*.") == "a **a**,  a\na *a*."
    assert inline.shape("Vea [la guía](https://x.org/guía\u00a02 \"Guía\") y ![el mapa](mapa.png).") == (
        'a [a](https://x.org/guía\u00a02 "a") a ![a](mapa.png).'
    )
