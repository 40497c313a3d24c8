"""`locflow build` end to end: pages, manifest, incremental and atomic writes, cleanup, --strict."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import html5lib
import polib
import pytest
from click.testing import CliRunner

from helpers import snapshot
from locflow import manifest as manifest_module
from locflow import render
from locflow.commands import build as build_command
from locflow.commands import check as check_command
from locflow.cli import cli
from locflow.config import load_config
from locflow.fsio import digest
from locflow.model import Finding, Outcome

DOC = "trigger-point-injections"
PO = "locales/{}/LC_MESSAGES/trigger-point-injections.po"
LOCALES = ("en", "es", "ar", "zh_Hans")
GOLDEN = Path(__file__).parent / "golden" / DOC
SUMMARY = (
    "4 page(s) in dist/: {written} written, {unchanged} unchanged, 0 file(s) removed\n"
    "  en       1 complete\n"
    "  es       1 partial; 8 segment(s) shown in the source language\n"
    "  ar       1 partial; 8 segment(s) shown in the source language\n"
    "  zh_Hans  1 partial; 8 segment(s) shown in the source language\n"
    "note: no sitemap.xml: set base_url in the configuration (the site's address, https://...) to get one\n"
    "check: 8 errors, 0 warnings (en (source): 8 errors; es: none; ar: none; zh_Hans: none); run locflow check for details\n"
)


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), "build", *args])


def built(project: Path, *args: str):
    result = run(project, *args)
    assert result.exit_code == 0, result.output
    return result


def files(project: Path) -> dict[str, bytes]:
    return snapshot(project / "dist")


def identities(project: Path) -> dict[str, tuple[int, int]]:
    """Return (inode, mtime) of every file in dist/: a rewritten file gets a new inode (atomic rename)."""
    dist = project / "dist"
    return {p.relative_to(dist).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in dist.rglob("*") if p.is_file()}


def translate_everything(project: Path, locale: str) -> None:
    path = project / PO.format(locale)
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = entry.msgstr or f"[{locale}] {entry.msgid}"
    po.save(str(path))


def set_config(project: Path, line: str) -> None:
    path = project / "locflow.toml"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def fake_qa(monkeypatch, findings: list[Finding]) -> list:
    """Stand in for `locflow check`; return the list of calls it receives."""
    calls = []

    def check(config, locales=(), jobs=1):
        calls.append(locales)
        return Outcome(tuple(findings), ())

    monkeypatch.setattr(check_command, "check", check)
    return calls


# --- what a build writes -----------------------------------------------------------


def test_build_writes_html_and_text_for_every_locale_and_the_manifest(shipped):
    result = built(shipped)
    assert result.stdout == SUMMARY.format(written=4, unchanged=0)
    assert result.stderr == ""
    expected = {f"{locale}/{DOC}{suffix}" for locale in LOCALES for suffix in (".html", ".txt")} | {"manifest.json"}
    assert set(files(shipped)) == expected | {f"{locale}/index.html" for locale in LOCALES}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_shipped_pages_match_the_golden_files(shipped, golden, locale, suffix):
    built(shipped)
    golden(GOLDEN / f"{locale}{suffix}", (shipped / "dist" / locale / f"{DOC}{suffix}").read_text(encoding="utf-8"))


def test_shipped_manifest_matches_the_golden_file(shipped, golden):
    built(shipped)
    golden(GOLDEN / "manifest.json", (shipped / "dist" / "manifest.json").read_text(encoding="utf-8"))


def test_every_built_page_is_valid_html5_with_lang_dir_and_alternates(shipped):
    built(shipped)
    for locale, lang, direction in (("en", "en", "ltr"), ("es", "es", "ltr"), ("ar", "ar", "rtl"), ("zh_Hans", "zh-Hans", "ltr")):
        page = (shipped / "dist" / locale / f"{DOC}.html").read_text(encoding="utf-8")
        tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        assert tree.attrib == {"lang": lang, "dir": direction}
        links = {link.get("hreflang"): link.get("href") for link in tree.iter("link")}
        assert links == {
            "en": f"../en/{DOC}.html", "es": f"../es/{DOC}.html", "ar": f"../ar/{DOC}.html",
            "zh-Hans": f"../zh_Hans/{DOC}.html", "x-default": f"../en/{DOC}.html",
        }
        assert tree.find(".//title").text and tree.find(".//meta[@name='description']").get("content")


def test_untranslated_segments_carry_lang_en_in_the_page(shipped):
    built(shipped)
    arabic = (shipped / "dist" / "ar" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<h3 id="keypoint-1-lorem-ipsum" lang="en" dir="ltr">Keypoint #1-Lorem Ipsum</h3>' in arabic
    assert '<li lang="en" dir="ltr">Libero auctor</li>' in arabic
    assert "<title>حقن نقاط الزناد</title>" in arabic
    spanish = (shipped / "dist" / "es" / f"{DOC}.html").read_text(encoding="utf-8")
    assert '<p lang="en">Lorem Ipsum mon fringilla dolor felis amet fusce.</p>' in spanish


def test_manifest_records_counts_status_and_the_hash_of_every_input_and_output(shipped):
    built(shipped)
    manifest = json.loads((shipped / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == manifest_module.FORMAT and manifest["settings"]["text_width"] == 72
    pages = manifest["documents"][DOC]
    assert sorted(pages) == sorted(LOCALES)
    ar = pages["ar"]
    assert (ar["status"], ar["percent_complete"], ar["segments"]) == (
        "partial", 75.8, {"translated": 25, "fuzzy": 0, "untranslated": 8}
    )
    assert ar["catalog"] == {"path": PO.format("ar"), "sha256": digest((shipped / PO.format("ar")).read_bytes())}
    source = f"source/{DOC}.md"
    assert ar["source"] == {"path": source, "sha256": digest((shipped / source).read_bytes())}
    assert pages["en"]["catalog"] is None and pages["en"]["status"] == "complete"
    for locale, page in pages.items():
        for kind, output in page["outputs"].items():
            assert output["path"] == f"{locale}/{DOC}.{kind}"
            assert output["sha256"] == digest((shipped / "dist" / output["path"]).read_bytes())


# --- deterministic and incremental -----------------------------------------------


def test_same_inputs_give_the_same_bytes(shipped, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(shipped, other)
    built(shipped)
    built(other, "-j", "2")
    assert files(shipped) == files(other)
    shutil.rmtree(shipped / "dist")
    shutil.rmtree(shipped / ".locflow")
    built(shipped)
    assert files(shipped) == files(other)


def test_a_build_with_nothing_to_do_only_reads_and_hashes(shipped, monkeypatch):
    built(shipped)
    before = identities(shipped)

    def no_parsing(*args, **kwargs):
        raise AssertionError("a no-op build parsed a document")

    monkeypatch.setattr(render, "parse", no_parsing)
    result = built(shipped)
    assert result.stdout == SUMMARY.format(written=0, unchanged=4)
    assert identities(shipped) == before


def test_changing_one_catalog_rebuilds_only_its_pages(shipped):
    built(shipped)
    before = identities(shipped)
    path = shipped / PO.format("es")
    path.write_text(path.read_text(encoding="utf-8").replace("Beneficios del tratamiento", "Ventajas del tratamiento"), encoding="utf-8")
    result = built(shipped)
    assert "4 page(s) in dist/: 1 written, 3 unchanged" in result.stdout
    after = identities(shipped)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {f"es/{DOC}.html", f"es/{DOC}.txt", "manifest.json"}
    assert "Ventajas del tratamiento" in (shipped / "dist" / "es" / f"{DOC}.html").read_text(encoding="utf-8")


def test_touching_a_catalog_without_changing_it_rebuilds_nothing(shipped):
    built(shipped)
    before = identities(shipped)
    path = shipped / PO.format("ar")
    path.write_bytes(path.read_bytes())
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    assert identities(shipped) == before


def test_a_lost_manifest_rebuilds_it_without_rewriting_unchanged_pages(shipped):
    built(shipped)
    (shipped / "dist" / "manifest.json").unlink()
    before = identities(shipped)
    assert built(shipped).stdout == SUMMARY.format(written=0, unchanged=4)
    after = identities(shipped)
    assert after.pop("manifest.json") and after == before


def test_an_edited_or_deleted_output_is_restored(shipped):
    built(shipped)
    expected = files(shipped)
    (shipped / "dist" / "en" / f"{DOC}.html").write_text("edited by hand", encoding="utf-8")
    (shipped / "dist" / "ar" / f"{DOC}.txt").unlink()
    assert "2 written, 2 unchanged" in built(shipped).stdout
    assert files(shipped) == expected


def test_changing_a_setting_rebuilds_what_it_affects(shipped):
    built(shipped)
    before = files(shipped)
    set_config(shipped, "text_width = 40")
    built(shipped)
    after = files(shipped)
    assert {name for name in after if after[name] != before[name]} == {f"{locale}/{DOC}.txt" for locale in LOCALES} | {"manifest.json"}
    assert max(len(line) for line in after[f"en/{DOC}.txt"].decode().splitlines()) <= 40


# --- dist/ mirrors the inputs -------------------------------------------------------


def test_outputs_of_a_deleted_document_are_removed(shipped):
    extra = shipped / "source" / "guides" / "after-care.md"
    extra.parent.mkdir()
    extra.write_text("# After care\n\nRest.\n", encoding="utf-8")
    built(shipped)
    page = (shipped / "dist" / "en" / "guides" / "after-care.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="../../en/guides/after-care.html">' in page
    assert "zh-Hans" not in page  # nothing translated: withheld, not linked
    extra.unlink()
    result = built(shipped)
    assert "2 file(s) removed" in result.stdout
    assert not any((shipped / "dist" / locale / "guides").exists() for locale in LOCALES)
    assert "guides/after-care" not in json.loads((shipped / "dist" / "manifest.json").read_text())["documents"]


def test_outputs_of_a_deleted_locale_are_removed_and_no_longer_linked(shipped):
    built(shipped)
    config = shipped / "locflow.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(', "zh_Hans"', ""), encoding="utf-8")
    result = built(shipped)
    assert "3 file(s) removed" in result.stdout  # its page, its text and its index
    assert not (shipped / "dist" / "zh_Hans").exists()
    assert "zh-Hans" not in (shipped / "dist" / "es" / f"{DOC}.html").read_text(encoding="utf-8")


def test_files_locflow_does_not_own_are_left_alone(shipped):
    (shipped / "dist" / "assets").mkdir(parents=True)
    (shipped / "dist" / "assets" / "site.txt").write_text("web team", encoding="utf-8")
    (shipped / "dist" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    built(shipped)
    (shipped / "dist" / "es" / "notes.md").write_text("kept", encoding="utf-8")
    assert "0 file(s) removed" in built(shipped).stdout
    assert {"assets/site.txt", "robots.txt", "es/notes.md"} <= set(files(shipped))


def test_a_hand_edited_manifest_cannot_remove_files_outside_locale_folders(shipped):
    built(shipped)
    outside = shipped / "keep.txt"
    outside.write_text("not locflow's", encoding="utf-8")
    path = shipped / "dist" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["documents"][DOC][".."] = {"status": "partial"}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    built(shipped)
    assert outside.read_text(encoding="utf-8") == "not locflow's"
    assert ".." not in json.loads(path.read_text(encoding="utf-8"))["documents"][DOC]


def test_pages_below_min_complete_are_withheld(shipped):
    translate_everything(shipped, "es")
    set_config(shipped, "min_complete = 80")
    result = built(shipped)
    assert result.stdout == (
        "2 page(s) in dist/: 2 written, 0 unchanged, 0 file(s) removed\n"
        "  en       1 complete\n  es       1 complete\n  ar       1 withheld\n  zh_Hans  1 withheld\n"
        "note: no sitemap.xml: set base_url in the configuration (the site's address, https://...) to get one\n"
        "check: 8 errors, 0 warnings (en (source): 8 errors; es: none; ar: none; zh_Hans: none); run locflow check for details\n"
    )
    assert sorted(files(shipped)) == sorted([
        "en/" + DOC + ".html", "en/" + DOC + ".txt", "en/index.html", "es/" + DOC + ".html", "es/" + DOC + ".txt",
        "es/index.html", "manifest.json",
    ])
    manifest = json.loads((shipped / "dist" / "manifest.json").read_text())["documents"][DOC]
    assert (manifest["ar"]["status"], manifest["ar"]["outputs"], manifest["ar"]["percent_complete"]) == ("withheld", {}, 75.8)
    english = (shipped / "dist" / "en" / f"{DOC}.html").read_text(encoding="utf-8")
    assert 'hreflang="es"' in english and 'hreflang="ar"' not in english


def test_a_page_that_becomes_withheld_is_removed_and_unlinked(shipped):
    built(shipped)
    set_config(shipped, "min_complete = 90")
    result = built(shipped)
    assert "1 page(s) in dist/: 1 written, 0 unchanged, 6 file(s) removed" in result.stdout
    assert sorted(files(shipped)) == sorted(["en/" + DOC + ".html", "en/" + DOC + ".txt", "en/index.html", "manifest.json"])


def test_a_missing_catalog_builds_the_page_in_the_source_language_with_a_warning(shipped):
    (shipped / PO.format("zh_Hans")).unlink()
    result = built(shipped)
    assert result.stderr == f"warning: {PO.format('zh_Hans')}: no catalog; the zh_Hans page shows the source text (run locflow extract)\n"
    assert "zh_Hans  1 withheld" in result.stdout  # nothing translated: never published as a translation
    assert not (shipped / "dist" / "zh_Hans" / f"{DOC}.html").exists()


# --- limits, parallelism, templates -----------------------------------------------


def test_locale_option_builds_only_that_locale_and_the_source(shipped):
    built(shipped)
    path = shipped / PO.format("ar")
    path.write_text(path.read_text(encoding="utf-8").replace("فوائد العلاج", "منافع العلاج"), encoding="utf-8")
    es = shipped / PO.format("es")
    es.write_text(es.read_text(encoding="utf-8").replace("Beneficios del tratamiento", "Ventajas"), encoding="utf-8")
    before = identities(shipped)
    result = built(shipped, "--locale", "es")
    assert result.stdout == (
        "2 page(s) in dist/: 1 written, 1 unchanged, 0 file(s) removed\n"
        "  en  1 complete\n  es  1 partial; 8 segment(s) shown in the source language\n"
        "note: no sitemap.xml: set base_url in the configuration (the site's address, https://...) to get one\n"
        "check: 8 errors, 0 warnings (en (source): 8 errors; es: none); run locflow check for details\n"
    )
    after = identities(shipped)
    assert after[f"ar/{DOC}.html"] == before[f"ar/{DOC}.html"]
    manifest = json.loads((shipped / "dist" / "manifest.json").read_text())["documents"][DOC]
    assert sorted(manifest) == sorted(LOCALES)
    assert 'hreflang="ar"' in (shipped / "dist" / "es" / f"{DOC}.html").read_text(encoding="utf-8")


def test_an_unknown_locale_option_exits_2(shipped):
    result = run(shipped, "--locale", "fr")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --locale fr: not a locale of this project (locflow.toml lists: en, es, ar, zh_Hans); "
        "add it with `locflow init fr`\n"
    )


def test_parallel_build_of_many_documents_gives_the_same_bytes(shipped, tmp_path):
    for number in range(6):
        page = shipped / "source" / f"part{number}" / "page.md"
        page.parent.mkdir()
        page.write_text(f"# Part {number}\n\nSee [the main page](../{DOC}.html).\n", encoding="utf-8")
    other = tmp_path / "other"
    shutil.copytree(shipped, other)
    built(shipped, "-j", "3")
    built(other)
    # The new pages have no translation: only their English pages are published.
    assert files(shipped) == files(other) and len(files(shipped)) == 4 * 2 + 6 * 2 + 1 + 4  # and 4 indexes


def test_progress_is_reported_per_document(shipped):
    updates = []
    build_command.build(load_config(shipped), progress=lambda done, total: updates.append((done, total)))
    assert updates == [(1, 1)]


def test_a_page_template_replaces_the_default_page(shipped):
    (shipped / "templates").mkdir()
    (shipped / "templates" / "page.html").write_text(
        "<!doctype html>\n<html lang=\"{{ lang }}\" dir=\"{{ dir }}\"><head><title>{{ title }} | Clinic</title>\n"
        "{{ alternates }}</head><body class=\"{{ locale }}\">{{ body }}</body></html>\n",
        encoding="utf-8",
    )
    set_config(shipped, 'template = "templates/page.html"')
    built(shipped)
    page = (shipped / "dist" / "ar" / f"{DOC}.html").read_text(encoding="utf-8")
    assert page.startswith('<!doctype html>\n<html lang="ar" dir="rtl"><head><title>حقن نقاط الزناد | Clinic</title>\n')
    assert '<body class="ar"><h1 id="trigger-point-injections">حقن نقاط الزناد</h1>' in page
    html5lib.HTMLParser(strict=True).parse(page)


def test_a_missing_template_exits_2_naming_it(shipped):
    set_config(shipped, 'template = "templates/page.html"')
    result = run(shipped)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: templates/page.html (the 'template' of locflow.toml): cannot read: No such file or directory\n"
    )


def test_an_unknown_template_placeholder_exits_2_with_its_line(shipped):
    (shipped / "page.html").write_text("<html>\n{{ body }}\n{{ sidebar }}\n</html>\n", encoding="utf-8")
    set_config(shipped, 'template = "page.html"')
    result = run(shipped)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: page.html:3: unknown placeholder {{ sidebar }}; a page template may use {{ lang }}")


# --- errors and --strict ---------------------------------------------------------------


def test_a_malformed_catalog_exits_2_naming_file_and_line_and_writes_nothing(shipped):
    built(shipped)
    es = shipped / PO.format("es")
    es.write_text(es.read_text(encoding="utf-8").replace("Beneficios del tratamiento", "Ventajas"), encoding="utf-8")
    ar = shipped / PO.format("ar")
    lines = ar.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[19] = 'msgid "unterminated\n'
    ar.write_text("".join(lines), encoding="utf-8")
    before = files(shipped)
    result = run(shipped)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {PO.format('ar')}:20: ")
    assert result.stdout == ""
    assert files(shipped) == before
    assert not any((shipped / ".locflow" / "staging").rglob("*.*"))


def test_strict_exits_1_when_a_page_has_fallbacks(shipped, monkeypatch):
    calls = fake_qa(monkeypatch, [])
    result = run(shipped, "--strict")
    assert result.exit_code == 1
    assert result.stdout == SUMMARY.format(written=4, unchanged=0).replace(
        "8 errors, 0 warnings (en (source): 8 errors;", "0 errors, 0 warnings (en (source): none;"
    ).replace("; run locflow check for details", "")
    assert result.stderr == "--strict: the build fails:\n" + "".join(
        f"dist/{locale}/{DOC}.html: 8 segment(s) shown in the source language\n" for locale in ("es", "ar", "zh_Hans")
    )
    assert calls == [("es", "ar", "zh_Hans")]


def test_strict_exits_0_when_every_page_is_complete_and_check_finds_no_error(shipped, monkeypatch):
    for locale in ("es", "ar", "zh_Hans"):
        translate_everything(shipped, locale)
    calls = fake_qa(monkeypatch, [Finding("length", "warning", "es", DOC, "f.po", 1, "a", "b", "long")])
    result = run(shipped, "--strict")
    assert result.exit_code == 0, result.output
    assert calls == [("es", "ar", "zh_Hans")]
    assert result.stdout.endswith("check: 0 errors, 1 warning (en (source): none; es: 1 warning; ar: none; zh_Hans: none); run locflow check for details\n")


def test_strict_exits_1_when_check_finds_an_error(shipped, monkeypatch):
    translate_everything(shipped, "es")
    calls = fake_qa(monkeypatch, [Finding("numbers", "error", "es", DOC, "f.po", 1, "24", "42", "numbers differ")])
    result = run(shipped, "--strict", "--locale", "es", "--locale", "en")
    assert result.exit_code == 1
    assert calls == [("es",)]
    assert result.stderr == "--strict: the build fails:\nf.po:1: error: numbers differ [numbers]\n\n1 error, 0 warnings in 1 file (0 files checked)\n"


def test_strict_runs_the_real_check_when_no_page_has_fallbacks(shipped):
    for locale in ("es", "ar", "zh_Hans"):
        translate_everything(shipped, locale)
    result = run(shipped, "--strict")
    assert result.exit_code == 1  # the English source itself still holds Lorem ipsum filler
    assert "0 file(s) removed\n  en       1 complete\n  es       1 complete\n" in result.stdout


def test_without_strict_fallbacks_do_not_fail_the_build(shipped):
    assert run(shipped).exit_code == 0
