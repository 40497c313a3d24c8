"""Real documentation written by others: correct translations raise no alarm, wrong ones still do."""

from __future__ import annotations

import pytest

from locflow.checks import filler, numbers
from test_checks import found, ids

KEPT = [
    ("Requires Hugo 0.8.5 or later.", "Requiere Hugo 0.8.5 o posterior."),
    ("Install v7.2.0 now.", "Instale v7.2.0 ahora."),
    ("OpenSSL 3.1.1 is used.", "Se usa OpenSSL 3.1.1."),
    ("Listen on 127.0.0.1:53.", "Escuche en 127.0.0.1:53."),
    ("A layer of 0.170 mm.", "Una capa de 0.170 mm."),
    ("Call +1 555-0100 at 10:30.", "Llame al +1 555-0100 a las 10:30."),
]


@pytest.mark.parametrize("locale", ["es", "de", "fr"])
@pytest.mark.parametrize(("source", "translation"), KEPT)
def test_numbers_copied_verbatim_are_never_an_error(source: str, translation: str, locale: str) -> None:
    assert ids(source, translation, locale) == []


@pytest.mark.parametrize(("source", "translation"), [("It costs 10,800 dollars.", "Cuesta 10,800 dólares."), ("Profit +$380,000.", "Beneficio +$380,000.")])
def test_english_thousands_copied_into_spanish_are_read_as_a_spanish_reader_may(source: str, translation: str) -> None:
    assert ids(source, translation, "es") == []
    assert ids(source, translation, "es_MX") == []
    assert ids(source, translation, "de") == ["numbers"]  # no German variant writes a thousand so


@pytest.mark.parametrize(
    ("source", "translation", "message"),
    [
        ("Install v7.2.0 now.", "Instale v7.2.1 ahora.", "7.2.0 became 7.2.1"),
        ("Listen on 127.0.0.1:53.", "Escuche en 127.0.0.2:53.", "127.0.0.1 became 127.0.0.2"),
        ("It costs 10,800 dollars.", "Cuesta 10,900 dólares.", "10800 became 10.9"),
        ("Take 0.5 ml.", "Tome 5 ml.", "0.5 became 5"),
    ],
)
def test_changed_identifiers_and_numbers_are_still_errors(source: str, translation: str, message: str) -> None:
    assert found(source, translation) == [("numbers", f"the numbers differ from the source: {message}")]


def test_identifiers_are_strings_and_millions_are_numbers() -> None:
    assert numbers.identifier("0.8.5") and numbers.identifier("127.0.0.1")
    assert not numbers.identifier("1.000.000") and not numbers.identifier("10.5")


def test_todo_as_a_noun_is_prose_and_as_a_marker_is_a_placeholder() -> None:
    assert filler.markers("Install the TODO plugin.") == []
    assert filler.markers("To leave TODO messages, type them.") == []
    assert filler.markers("TODO") == ["TODO"]
    assert filler.markers("TODO write the dosage") == ["TODO"]
    assert filler.markers("See the note (TODO: ask)") == ["TODO"]
    assert filler.markers("the FIXME list") == ["FIXME"]
    assert ids("Ask the nurse.", "TODO: traducir") == ["placeholder"]


def test_braces_inside_code_spans_are_code() -> None:
    assert filler.variables("Write `{{` and `}}` around `{{ .Title }}`") == []
    assert ids("Write `{{` and `}}` around it.", "Escriba `{{` y `}}` alrededor.") == []
    assert ids("Hello.", "Hola {{ name }}.") == ["placeholder"]


def test_entities_are_text_not_html() -> None:
    assert ids("Returns Promise&lt;string&gt;.", "Devuelve Promesa&lt;cadena&gt;.") == []
    assert ids("Returns a promise.", "Devuelve <b>una</b> promesa.") == ["unsafe-html"]
