from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from locflow.errors import SourceError
from locflow.segment import segment, word_count

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("line,title,source,expected", read_fixture_file(FIXTURES / "segments.md"))
def test_segments(line, title, source, expected):
    document = segment(source, "doc.md")
    assert "".join(f"{s.line} {s.kind}: {s.text}\n" for s in document.segments) == expected


def test_front_matter_values_are_kept_for_the_page_head():
    document = segment("---\ntitle: Hi\nauthor: Me\n---\n# Body\n", "doc.md")
    assert document.front_matter == {"title": "Hi"}


def test_front_matter_keys_are_configurable():
    document = segment("---\ntitle: Hi\nsummary: Short\n---\n", "doc.md", front_matter_keys=("summary",))
    assert [(s.kind, s.text) for s in document.segments] == [("front matter: summary", "Short")]


def test_front_matter_that_is_not_a_mapping_has_nothing_to_translate():
    assert segment("---\nFoo\n---\nBar\n", "doc.md").segments[-1].text == "Bar"
    assert segment("---\n---\n", "doc.md").segments == ()


def test_invalid_yaml_front_matter_names_file_and_line():
    with pytest.raises(SourceError, match=r"^source/a\.md:4: invalid YAML front matter"):
        segment("---\ntitle: ok\nbad: [unclosed\n---\n", "source/a.md")


def test_source_html_the_allow_list_removes_is_reported_by_line():
    source = "Hi\n\n<div>\nx\n</div>\n\n<div onclick=x()>\n<script>y()</script>\n</div>\n\nText <em>em</em> <font>f</font>.\n"
    document = segment(source, "doc.md")
    assert document.raw_html_lines == (7, 11)
    assert [(s.kind, s.text, s.line) for s in document.segments if s.kind == "html"] == [("html", "x", 4)]


def test_reflowing_a_paragraph_keeps_its_msgid():
    one = segment("Rest the muscle for 24 hours after the injection.\n", "a.md")
    two = segment("Rest the muscle\nfor 24 hours after\n  the injection.\n", "a.md")
    assert one.segments[0].text == two.segments[0].text


@pytest.mark.parametrize(
    "text,words",
    [
        ("Trigger point injections", 3),
        ("it’s common to feel", 4),
        ("[Call us](https://example.org/contact-us) today", 3),
        ("15-20 minutes", 2),
        ("", 0),
    ],
)
def test_word_count(text, words):
    assert word_count(text) == words
