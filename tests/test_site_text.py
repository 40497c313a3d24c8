"""Plain text that reads as a page: headings underlined, fallback text marked, right-to-left lines laid out right."""

from __future__ import annotations

from locflow import render, textrender

SOURCE = "# Care at home\n\nVisit [the clinic](https://x.org/a) soon.\n\n## Rest\n\n- Rest for a day\n- Walk a little\n"
ARABIC = {
    "Care at home": "الرعاية في المنزل",
    "Visit [the clinic](https://x.org/a) soon.": "MRI: زر [العيادة](https://x.org/a) قريبًا.",
    "Rest for a day": "استرح يومًا",
}


def text(locale: str, translations: dict[str, str] | None) -> str:
    page = render.language(locale)
    localized = render.localize(render.parse(SOURCE, "a.md"), translations, page, render.language("en"))
    return textrender.to_text(localized.tokens, 72, page.lang, page.direction == "rtl")


def test_headings_are_underlined_by_their_level():
    assert text("en", None) == (
        "Care at home\n============\n\nVisit the clinic (https://x.org/a) soon.\n\nRest\n----\n\n"
        "• Rest for a day\n• Walk a little\n"
    )


def test_fallback_text_is_marked_with_its_language_and_right_to_left_lines_are_laid_out_right():
    lines = text("ar", ARABIC).splitlines()
    assert lines[0] == "الرعاية في المنزل" and set(lines[1]) == {"="}
    # A line of Arabic starting with a Latin word starts with RLM; the URL is isolated left to right.
    assert lines[3] == "\u200fMRI: زر العيادة (\u2066https://x.org/a\u2069) قريبًا."
    assert lines[5:7] == ["[en] Rest", "---------"]  # a fallback heading: marked, left to right, no RLM
    assert lines[8:] == ["• استرح يومًا", "• [en] Walk a little"]


def test_a_regional_page_does_not_mark_its_parent_s_language():
    page = render.language("es_MX")
    parsed = render.parse(SOURCE, "a.md")
    localized = render.localize(parsed, {}, page, render.language("en"), [(render.language("es"), {"Rest": "Descanso"})])
    rendered = textrender.to_text(localized.tokens, 72, page.lang)
    assert "\nDescanso\n--------\n" in rendered and "[en] Care at home" in rendered and "[es]" not in rendered
