"""Directives in HTML comments, as mdpo and mdbook-i18n-helpers write them: skip a block, a region, a note."""

from __future__ import annotations

from locflow import catalog, render, segment

ES, EN = render.language("es"), render.language("en")
SOURCE = (
    "# Title\n\n<!-- i18n:skip -->\n\nDo not translate me.\n\n<!-- i18n:comment \"Cargo\" is a name -->\n"
    "Cargo builds it.\n\n<!-- mdpo-disable -->\n\nRegion.\n\n| a |\n|---|\n| b |\n\n<!-- mdpo-enable -->\n\n"
    "<!-- mdpo-skip -->\n<div>Skipped <b>html</b></div>\n\nAfter.\n"
)


def test_skipped_blocks_and_regions_are_not_segments_and_notes_reach_the_catalog():
    document = segment.segment(SOURCE, "a.md")
    assert [(s.text, s.note) for s in document.segments] == [
        ("Title", ""), ("Cargo builds it.", '"Cargo" is a name'), ("After.", "")
    ]
    po = catalog.dumps(catalog.template(document, "a.md"))
    assert '#. paragraph\n#. "Cargo" is a name\n#: a.md:8\n' in po


def test_skipped_blocks_render_as_written_and_comments_never_show():
    parsed = render.parse(SOURCE, "a.md")
    page = render.body(render.localize(parsed, {"Title": "Título", "After.": "Después."}, ES, EN))
    assert "<p>Do not translate me.</p>" in page and "<p>Region.</p>" in page and "<td>b</td>" in page
    assert "<div>Skipped <b>html</b></div>" in page
    assert '<h1 id="title">Título</h1>' in page and "<p>Después.</p>" in page
    assert "i18n" not in page and "mdpo" not in page and "&lt;!--" not in page
