"""A site, not a pile of pages: links between pages, heading ids, published pictures, withheld pages."""

from __future__ import annotations

import json
import posixpath
import time
import urllib.parse
from pathlib import Path

import html5lib
import polib
import pytest

from helpers import run
from sitefixture import make_site, png

PAGES = {"a", "sub/b", "sub/deep/c"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


def build(root: Path, *args: str):
    result = run(root, "build", *args)
    assert result.exit_code == 0, result.output
    return result


def crawl(dist: Path) -> list[str]:
    """Return every href and src of every HTML page in dist/ that leads to no file or no element."""
    broken, ids = [], {}
    pages = sorted(dist.rglob("*.html"))
    trees = {}
    for page in pages:
        tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        trees[page] = tree
        ids[page] = {element.get("id") for element in tree.iter() if element.get("id")}
        ids[page] |= {a.get("name") for a in tree.iter("a") if a.get("name")}  # a fragment finds <a name> too (HTML)
    for page, tree in trees.items():
        for element in tree.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is None or urllib.parse.urlsplit(url).scheme:
                    continue
                parts = urllib.parse.urlsplit(url)
                target = page if not parts.path else Path(
                    posixpath.normpath(posixpath.join(page.parent.as_posix(), urllib.parse.unquote(parts.path)))
                )
                if not target.is_file() or dist.resolve() not in target.resolve().parents:
                    broken.append(f"{page.relative_to(dist)}: {url} (no file)")
                elif parts.fragment and urllib.parse.unquote(parts.fragment) not in ids.get(target, set()):
                    broken.append(f"{page.relative_to(dist)}: {url} (no element)")
    return broken


def test_every_href_and_src_in_dist_leads_to_a_file_and_every_anchor_to_an_element(site):
    build(site)
    dist = site / "dist"
    assert len(list(dist.rglob("*.html"))) == 3 + 3 + 2 + 3  # en, es, ar without its withheld page C, indexes; no fr
    assert crawl(dist) == []


def test_links_to_documents_lead_to_the_same_locale_or_to_the_source_page_when_withheld(site):
    build(site)
    dist = site / "dist"
    spanish = (dist / "es" / "a.html").read_text(encoding="utf-8")
    assert 'href="sub/b.html#part"' in spanish and 'href="sub/deep/c.html#steps"' in spanish
    assert 'href="#page-a"' in spanish and '<h1 id="page-a">Página A</h1>' in spanish
    arabic = (dist / "ar" / "sub" / "b.html").read_text(encoding="utf-8")
    assert 'href="../a.html"' in arabic
    assert 'href="../../en/sub/deep/c.html#steps"' in arabic  # withheld in ar: the English page
    assert '<h2 id="part">الجزء</h2>' in arabic  # the id of the source heading, in every locale
    assert not (dist / "ar" / "sub" / "deep" / "c.html").exists()
    assert 'href="../en/a.html#page-a"' not in spanish


def test_a_link_in_the_text_output_names_the_published_page(site):
    build(site)
    text = (site / "dist" / "es" / "sub" / "b.txt").read_text(encoding="utf-8")
    assert "(../a.html)" in text and ".md" not in text


def test_pictures_and_files_are_published_with_a_locale_s_own_copy(site):
    build(site)
    dist, source = site / "dist", site / "source"
    assert (dist / "es" / "images" / "x.png").read_bytes() == png((30, 160, 60))  # images/x.es.png
    assert (dist / "ar" / "images" / "x.png").read_bytes() == (source / "images" / "x.png").read_bytes()
    assert (dist / "en" / "files" / "leaflet.pdf").read_bytes() == (source / "files" / "leaflet.pdf").read_bytes()
    assert not list(dist.rglob("x.es.png")) and not (dist / "fr").exists()
    (source / "files" / "leaflet.pdf").unlink()
    result = build(site)
    assert "3 file(s) removed" in result.stdout
    assert not list(dist.rglob("leaflet.pdf")) and not (dist / "en" / "files").exists()


def test_a_page_with_nothing_translated_is_never_published_nor_linked(site):
    build(site)
    dist = site / "dist"
    assert not (dist / "fr").exists()
    for page in dist.rglob("*.html"):
        assert 'hreflang="fr"' not in page.read_text(encoding="utf-8")
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert {doc: entry["fr"]["status"] for doc, entry in manifest["documents"].items()} == dict.fromkeys(PAGES, "withheld")


def test_a_no_op_build_writes_nothing_and_a_page_now_published_fixes_the_links_to_it(site):
    build(site)
    dist = site / "dist"
    before = {p: p.stat().st_mtime_ns for p in dist.rglob("*") if p.is_file()}
    assert " 0 written, 8 unchanged" in build(site).stdout
    assert {p: p.stat().st_mtime_ns for p in dist.rglob("*") if p.is_file()} == before
    path = site / "locales" / "ar" / "LC_MESSAGES" / "sub" / "deep" / "c.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = "ترجمة " + entry.msgid
    po.save(str(path))
    build(site)
    assert (dist / "ar" / "sub" / "deep" / "c.html").is_file()
    assert 'href="deep/c.html#steps"' in (dist / "ar" / "sub" / "b.html").read_text(encoding="utf-8")
    assert crawl(dist) == []
    assert " 0 written, 9 unchanged" in build(site).stdout


def test_check_reports_a_link_in_the_source_that_leads_nowhere(site):
    assert "broken-links" not in run(site, "check").stdout
    path = site / "source" / "sub" / "b.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nSee [a page](nope.md), [a heading](deep/c.md#nope), [this page](#nope), [a file](x.pdf),"
        " [the site](https://example.org/nope.md) and [mail](mailto:a@example.org).\n",
        encoding="utf-8",
    )
    lines = [line for line in run(site, "check").stdout.splitlines() if line.endswith("[broken-links]")]
    assert lines == [
        "source/sub/b.md:9: error: nope.md leads nowhere: there is no document sub/nope.md in the source folder; fix the link [broken-links]",
        "source/sub/b.md:9: error: deep/c.md#nope leads nowhere: no heading or element with the id 'nope' in sub/deep/c.md; fix the link [broken-links]",
        "source/sub/b.md:9: error: #nope leads nowhere: no heading or element with the id 'nope' in this page; fix the link [broken-links]",
        "source/sub/b.md:9: error: x.pdf leads nowhere: there is no sub/x.pdf in the source folder; fix the link [broken-links]",
    ]


def test_an_address_the_site_generator_makes_is_not_checked(site):
    path = site / "source" / "sub" / "b.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\nSee [a](<{{< relref "nope.md" >}}>), [b](<{{% eturl rss %}}>), [c](<{% link nope.md %}>) and [d](nope.md).\n',
        encoding="utf-8",
    )
    lines = [line for line in run(site, "check").stdout.splitlines() if line.endswith("[broken-links]")]
    assert len(lines) == 1 and "nope.md leads nowhere" in lines[0]  # only the address written as a path

def test_addresses_the_project_says_its_generator_resolves_are_not_checked(site):
    path = site / "source" / "sub" / "b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA [glob](g), [unions](../reference/unions.html) and [x](nope.md).\n", encoding="utf-8")
    config = site / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'unchecked_links = ["g", "\\\\.\\\\./reference/.*"]\n', encoding="utf-8")
    lines = [line for line in run(site, "check").stdout.splitlines() if line.endswith("[broken-links]")]
    assert len(lines) == 1 and "nope.md leads nowhere" in lines[0]
    config.write_text(config.read_text(encoding="utf-8").replace('"g"', '"(g"'), encoding="utf-8")
    result = run(site, "check")
    assert result.exit_code == 2 and "unchecked_links: '(g' is not a valid regular expression" in result.output

def test_a_link_to_an_id_in_the_source_s_own_html_leads_somewhere_on_every_page(site):
    path = site / "source" / "sub" / "b.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n<div id="box">\n\nBoxed.\n\n</div>\n\nSee <a name="old"></a>[the box](#box), [the old name](#old)'
        " and [the other box](deep/c.md#faq).\n",
        encoding="utf-8",
    )
    deep = site / "source" / "sub" / "deep" / "c.md"
    deep.write_text(deep.read_text(encoding="utf-8") + "\n<details id=faq><summary>Questions</summary>None yet.</details>\n", encoding="utf-8")
    assert "broken-links" not in run(site, "check").stdout
    build(site)
    assert crawl(site / "dist") == []  # the ids are on the pages, as the check assumed


# --- the language switcher and the parts around the body ----------------------------


def languages(page: Path) -> tuple[list[dict], dict[str, str]]:
    """Return the switcher's links (attributes and text) and the ``<link rel="alternate">`` set of a page."""
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    navs = tree.findall(".//nav")
    entries = [dict(a.attrib, text=a.text) for nav in navs for a in nav.iter("a")]
    alternates = {link.get("hreflang"): link.get("href") for link in tree.iter("link") if link.get("rel") == "alternate"}
    return entries, alternates


def test_the_switcher_lists_the_published_locales_by_their_own_names(site):
    build(site)
    dist = site / "dist"
    entries, alternates = languages(dist / "es" / "sub" / "b.html")
    assert entries == [
        {"href": "../../en/sub/b.html", "hreflang": "en", "lang": "en", "text": "English"},
        {"href": "../../es/sub/b.html", "hreflang": "es", "lang": "es", "aria-current": "page", "text": "Español"},
        {"href": "../../ar/sub/b.html", "hreflang": "ar", "lang": "ar", "dir": "rtl", "text": "العربية"},
    ]
    assert alternates == {e["hreflang"]: e["href"] for e in entries} | {"x-default": "../../en/sub/b.html"}
    entries, alternates = languages(dist / "en" / "sub" / "deep" / "c.html")  # withheld in ar, fr
    assert [e["text"] for e in entries] == ["English", "Español"] and set(alternates) == {"en", "es", "x-default"}
    arabic, _ = languages(dist / "ar" / "a.html")
    assert arabic[0] == {"href": "../en/a.html", "hreflang": "en", "lang": "en", "dir": "ltr", "text": "English"}


def test_site_name_footer_and_last_reviewed_come_from_the_configuration_and_front_matter(tmp_path):
    root = make_site(tmp_path / "site", (
        'site_name = "Spine & Pain Institute"\n'
        'footer = { en = "Questions? Call 555-0100.", es = "¿Preguntas? Llame al 555-0100." }\n'
        'reviewed_label = { es = "Última revisión" }\n'
    ))
    build(root)
    spanish = (root / "dist" / "es" / "a.html").read_text(encoding="utf-8")
    assert '<p class="site-name">Spine &amp; Pain Institute</p>' in spanish
    assert '<footer class="site-footer">¿Preguntas? Llame al 555-0100.</footer>' in spanish
    assert '<p class="reviewed">Última revisión: <time datetime="2026-03-01" lang="es">1 de marzo de 2026</time></p>' in spanish
    arabic = (root / "dist" / "ar" / "a.html").read_text(encoding="utf-8")
    assert '<footer class="site-footer" lang="en" dir="ltr">Questions? Call 555-0100.</footer>' in arabic
    assert '<p class="reviewed" lang="en" dir="ltr">Last reviewed: <time datetime="2026-03-01" lang="ar" dir="rtl">' in arabic
    assert "reviewed" not in (root / "dist" / "es" / "sub" / "b.html").read_text(encoding="utf-8").split("<main>")[1]
    html5lib.HTMLParser(strict=True).parse(arabic)


def test_a_template_places_the_switcher_in_element_text_only(site):
    from locflow import template

    assert template.template_errors("<body><header>{{ switcher }}</header>{{ body }}{{ footer }}</body>") == []
    errors = template.template_errors('<body><div title="{{ switcher }}">{{ body }}</div></body>')
    assert len(errors) == 1 and "{{ switcher }}" in errors[0][1]
    (site / "page.html").write_text(
        '<!doctype html><html lang="{{ lang }}"><head><title>{{ title }}</title></head>'
        "<body><nav-wrap>{{ switcher }}</nav-wrap>{{ body }}</body></html>\n", encoding="utf-8",
    )
    (site / "locflow.toml").write_text(
        (site / "locflow.toml").read_text(encoding="utf-8") + 'template = "page.html"\n', encoding="utf-8"
    )
    build(site)
    assert '<nav-wrap><nav class="languages"' in (site / "dist" / "es" / "a.html").read_text(encoding="utf-8")


# --- safe publishing: what the gate says at the end of a build ----------------------------------


def test_build_ends_with_one_line_summing_up_check_and_strict_says_every_reason(site):
    path = site / "source" / "sub" / "b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("(deep/c.md#steps)", "(deep/c.md#stepz)"), encoding="utf-8")
    result = run(site, "build", "--strict")
    assert result.exit_code == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith("check: ") and "en (source): 1 error;" in last and "fr: " in last
    assert "--strict: the build fails:\n" in result.stderr
    assert "dist/ar/a.html: 1 segment(s) shown in the source language\n" in result.stderr
    assert "source/sub/b.md:7: error: deep/c.md#stepz leads nowhere" in result.stderr


def test_a_build_with_nothing_changed_gives_the_gate_s_answer_without_checking_again(site, monkeypatch):
    from locflow.commands import check as check_command

    build(site)
    time.sleep(0.02)  # files written in the clock tick of a build's record are read again (cache.unchanged)
    first = build(site).stdout.splitlines()[-1]
    calls = []
    real = check_command.check
    monkeypatch.setattr(check_command, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert build(site).stdout.splitlines()[-1] == first and calls == []
    path = site / "locales" / "fr" / "LC_MESSAGES" / "a.po"  # a withheld page's catalog: no page changes
    po = polib.pofile(str(path))
    po[0].msgstr = "Page A"
    po.save(str(path))
    assert build(site).stdout.splitlines()[-1] != first and calls == [1]


def test_init_then_build_publishes_no_untranslated_locale(site):
    assert run(site, "init", "de").exit_code == 0
    result = build(site)
    assert "  de  3 withheld" in result.stdout
    assert not (site / "dist" / "de").exists()
    assert not any('hreflang="de"' in p.read_text(encoding="utf-8") for p in (site / "dist").rglob("*.html"))


# --- sitemap ----------------------------------------------------------------------------


def test_the_sitemap_lists_exactly_the_published_pages_with_their_alternates(tmp_path):
    import xml.etree.ElementTree as ET

    root = make_site(tmp_path / "site", 'base_url = "https://example.org/patients/"\n')
    build(root)
    dist = root / "dist"
    tree = ET.parse(dist / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    base = "https://example.org/patients/"
    found = {
        url.find("s:loc", ns).text: [(link.get("rel"), link.get("hreflang"), link.get("href")) for link in url.findall("x:link", ns)]
        for url in tree.findall("s:url", ns)
    }
    published = sorted(base + p.relative_to(dist).as_posix() for p in dist.rglob("*.html"))
    assert sorted(found) == published and len(tree.findall("s:url", ns)) == len(published) == 8 + 3  # and 3 indexes
    for loc, alternates in found.items():
        doc = loc.removeprefix(base).split("/", 1)[1]
        expected = [("alternate", locale, base + f"{locale}/{doc}") for locale in ("en", "es", "ar") if (dist / locale / doc).is_file()]
        assert alternates == expected + [("alternate", "x-default", base + f"en/{doc}")], loc
    assert "note:" not in build(root).stdout


def test_without_base_url_there_is_no_sitemap_and_a_note_says_so(site):
    result = build(site)
    assert "note: no sitemap.xml: set base_url in the configuration" in result.stdout
    assert not (site / "dist" / "sitemap.xml").exists()


def test_each_locale_has_an_index_of_its_documents_by_their_translated_titles(site):
    build(site)
    dist = site / "dist"
    assert sorted(p.parent.name for p in dist.glob("*/index.html")) == ["ar", "en", "es"]
    tree = html5lib.parse((dist / "ar" / "index.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    items = [(li.get("lang"), li.find("a").get("href"), li.find("a").text) for li in tree.iter("li") if li.find("a") is not None
             and li.find("a").get("hreflang") is None]
    assert items == [("en", "../en/sub/deep/c.html", "Page C"), (None, "a.html", "الصفحة أ"), (None, "sub/b.html", "الصفحة ب")]
    assert [a.get("hreflang") for a in tree.iter("a") if a.get("hreflang")] == ["en", "es", "ar"]  # the switcher
    assert crawl(dist) == []
    assert "0 file(s) removed" in build(site).stdout and (dist / "es" / "index.html").is_file()
