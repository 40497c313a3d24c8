"""The Markdown output's round trip on a small benchmark corpus, as bench/markdown_roundtrip.py checks the 1000-page one.

Every published page's Markdown file, rendered by markdown-it-py, is its HTML page's body, and
segmenting it gives exactly the text the HTML page shows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("markdown_roundtrip", ROOT / "bench" / "markdown_roundtrip.py")
roundtrip = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = roundtrip  # its dataclasses look their module up
spec.loader.exec_module(roundtrip)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("roundtrip") / "project"
    roundtrip.corpus.generate(root, 24, 1, ["es", "ar", "zh_Hans"], jobs=1)
    roundtrip.build_with_markdown(root, 1)
    return root


def test_every_page_of_the_corpus_renders_as_its_html_and_reads_back_as_published(project):
    report = roundtrip.roundtrip(project)
    assert report.pages == 24 * 4
    assert report.differing == []
    assert (report.rendered_equal, report.read_back_equal) == (96, 96)


def test_the_round_trip_sees_a_markdown_file_that_differs_from_its_page(project, tmp_path):
    page = sorted((project / "dist" / "markdown" / "es").rglob("*.md"))[0]
    good = page.read_text(encoding="utf-8")
    lines = good.split("\n")
    last = max(i for i, line in enumerate(lines) if line[:1].isalpha())  # a paragraph's line
    lines[last] = "Changed " + lines[last]
    page.write_text("\n".join(lines), encoding="utf-8")
    try:
        report = roundtrip.roundtrip(project)
    finally:
        page.write_text(good, encoding="utf-8")
    name = "es/" + page.relative_to(project / "dist" / "markdown" / "es").with_suffix("").as_posix()
    assert report.differing == [f"render {name}", f"read-back {name}"]
    assert "+" in report.first_render_difference and "Changed" in report.first_read_back_difference


def test_real_documentation_pseudo_translated_renders_and_reads_back_the_same(tmp_path):
    """Every page of the sample (Hugo's, the Rust book's, tldr's, Material for MkDocs', Astro's and Starlight's
    MDX pages): shortcodes, the source's own HTML, comments in text, Markdown inside MDX components."""
    import polib

    from helpers import run
    from locflow import pseudo

    root = tmp_path / "real"
    for folder in sorted((ROOT / "tests" / "data" / "realdocs").iterdir()):
        if folder.is_dir():
            (root / "source" / folder.name).mkdir(parents=True)
            for page in sorted(folder.glob("*.md*")):  # MDX pages as .md files: the suffix locflow reads
                (root / "source" / folder.name / f"{page.stem}.md").write_bytes(page.read_bytes())
    (root / "locflow.toml").write_text('locales = ["es"]\n', encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    for path in sorted((root / "locales" / "es").rglob("*.po")):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = pseudo.translate("en_XA", entry.msgid)
        po.save(str(path))
    roundtrip.build_with_markdown(root, 1)
    report = roundtrip.roundtrip(root)
    assert report.pages >= 100
    assert report.differing == [], "\n".join(report.differences)
