"""`formats`: any non-empty subset of html, text and markdown (a Hugo site wants only Markdown)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import run
from locflow import mdoutput
from sitefixture import make_site

PAGES = {"en": ["a", "sub/b", "sub/deep/c"], "es": ["a", "sub/b", "sub/deep/c"], "ar": ["a", "sub/b"]}
BASE = 'base_url = "https://example.org/patients/"\n'


def site(tmp_path: Path, formats: list[str], layout: str = "folder") -> Path:
    return make_site(tmp_path / "site", f"formats = {json.dumps(formats)}\nmarkdown_layout = \"{layout}\"\n{BASE}")


def expected_files(formats: list[str], layout: str) -> set[str]:
    files = {"manifest.json"}
    for locale, docs in PAGES.items():
        for doc in docs:
            files |= {f"{locale}/{doc}.html"} if "html" in formats else set()
            files |= {f"{locale}/{doc}.txt"} if "text" in formats else set()
            files |= {mdoutput.path(doc, locale, layout)} if "markdown" in formats else set()
        if {"html", "text"} & set(formats):  # pictures and PDFs beside the pages
            files |= {f"{locale}/images/x.png", f"{locale}/files/leaflet.pdf"}
        if "html" in formats:
            files.add(f"{locale}/index.html")
    if "html" in formats:
        files.add("sitemap.xml")
    if "markdown" in formats:
        if layout == "folder":
            files |= {f"markdown/{locale}/{f}" for locale in PAGES for f in ("images/x.png", "files/leaflet.pdf")}
        else:
            files |= {"markdown/images/x.png", "markdown/images/x.es.png", "markdown/files/leaflet.pdf"}
    return files


def published(root: Path) -> set[str]:
    dist = root / "dist"
    return {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}


@pytest.mark.parametrize("formats", [["markdown"], ["text"], ["html"], ["html", "markdown"], ["text", "markdown"]])
def test_a_build_writes_the_files_of_its_formats_and_nothing_else(tmp_path, formats):
    root = site(tmp_path, formats)
    first = run(root, "build")
    assert first.exit_code == 0, first.output
    assert published(root) == expected_files(formats, "folder")
    manifest = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    kinds = {kind for name, kind in (("html", "html"), ("text", "txt"), ("markdown", "md")) if name in formats}
    for doc, pages in manifest["documents"].items():
        for locale, page in pages.items():
            assert set(page["outputs"]) == (kinds if page["status"] != "withheld" else set()), (doc, locale)
            for kind, ref in page["outputs"].items():
                assert (root / "dist" / ref["path"]).is_file(), ref
    again = run(root, "build")
    assert again.stdout.startswith("8 page(s) in dist/: 0 written, 8 unchanged, 0 file(s) removed"), again.output
    assert "check: " in again.stdout


def test_markdown_only_in_the_suffix_layout_is_what_hugo_reads(tmp_path):
    root = site(tmp_path, ["markdown"], "suffix")
    assert run(root, "build").exit_code == 0
    assert published(root) == expected_files(["markdown"], "suffix")
    assert "sitemap" not in run(root, "build").stdout  # no note: the site generator makes the sitemap


def test_a_markdown_file_deleted_or_edited_by_hand_is_written_again(tmp_path):
    root = site(tmp_path, ["markdown"])
    assert run(root, "build").exit_code == 0
    page = root / "dist" / "markdown" / "es" / "sub" / "b.md"
    good = page.read_bytes()
    page.unlink()
    result = run(root, "build")
    assert result.stdout.startswith("8 page(s) in dist/: 1 written, 7 unchanged"), result.output
    assert page.read_bytes() == good
    page.write_text("# edited by hand\n", encoding="utf-8")
    assert run(root, "build").stdout.startswith("8 page(s) in dist/: 1 written, 7 unchanged")
    assert page.read_bytes() == good


def test_dropping_a_format_removes_its_files_and_adding_it_back_writes_them(tmp_path):
    root = site(tmp_path, ["html", "text", "markdown"])
    assert run(root, "build").exit_code == 0
    assert published(root) == expected_files(["html", "text", "markdown"], "folder")
    config = root / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('["html", "text", "markdown"]', '["markdown"]'),
                      encoding="utf-8")
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    assert published(root) == expected_files(["markdown"], "folder")
    assert not (root / "dist" / "es").exists()  # no empty locale folders left behind
    config.write_text(config.read_text(encoding="utf-8").replace('["markdown"]', '["html"]'), encoding="utf-8")
    assert run(root, "build").exit_code == 0
    assert published(root) == expected_files(["html"], "folder")


def test_strict_names_the_markdown_file_of_a_page_with_english_in_it(tmp_path):
    root = site(tmp_path, ["markdown"], "suffix")
    result = run(root, "build", "--strict")
    assert result.exit_code == 1
    assert "dist/markdown/a.ar.md: 1 segment(s) shown in the source language" in result.stderr
    assert ".html" not in result.stderr


def test_check_and_review_work_the_same_whatever_the_formats(tmp_path):
    root = site(tmp_path, ["markdown"])
    assert run(root, "build").exit_code == 0
    both = make_site(tmp_path / "both", BASE)
    checked = run(root, "check", "--format", "json")
    assert json.loads(checked.stdout)["findings"] == json.loads(run(both, "check", "--format", "json").stdout)["findings"]
    assert run(root, "review").exit_code == 0
    assert (root / "review" / "index.html").is_file()


@pytest.mark.parametrize("formats", ["[]", '["pdf"]', '["html", "epub"]'])
def test_formats_must_name_at_least_one_known_format(tmp_path, formats):
    root = make_site(tmp_path / "site")
    config = root / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8") + f"formats = {formats}\n", encoding="utf-8")
    result = run(root, "build")
    assert result.exit_code == 2
    assert 'formats must list one or more of "html", "text" and "markdown"' in result.output
