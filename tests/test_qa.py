"""`locflow check` end to end: the shipped project, broken and stale catalogs, the three report formats."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from locflow import checks, report
from locflow.cli import cli
from locflow.model import Checked, Finding, Outcome

DOC = "trigger-point-injections"
SOURCE = f"source/{DOC}.md"
ES, AR, ZH = (f"locales/{locale}/LC_MESSAGES/{DOC}.po" for locale in ("es", "ar", "zh_Hans"))

SHIPPED_TEXT = f"""\
{SOURCE}:24: error: placeholder text in the source (Lorem ipsum: lorem, ipsum): "Keypoint #1-Lorem Ipsum"; replace it with real content [source-placeholder]
{SOURCE}:26: error: placeholder text in the source (Lorem ipsum: lorem, ipsum, fringilla, felis, amet, …): "Lorem Ipsum mon fringilla dolor felis amet fusce."; replace it with real content [source-placeholder]
{SOURCE}:28: error: placeholder text in the source (Lorem ipsum: auctor, libero): "Libero auctor"; replace it with real content [source-placeholder]
{SOURCE}:29: error: placeholder text in the source (Lorem ipsum: enim, iaculis, molestie): "Enim molestie iaculis"; replace it with real content [source-placeholder]
{SOURCE}:30: error: placeholder text in the source (Lorem ipsum: bibendum, massa): "Massa bibendum"; replace it with real content [source-placeholder]
{SOURCE}:31: error: placeholder text in the source (Lorem ipsum: ultrices, varius): "Ultrices varius"; replace it with real content [source-placeholder]
{SOURCE}:33: error: placeholder text in the source (Lorem ipsum: metus, euismod, tellus, penatibus, mollis, …): "Metus euismod tellus penatibus in ex morbi euismod mollis."; replace it with real content [source-placeholder]
{SOURCE}:35: error: placeholder text in the source (Lorem ipsum: phasellus, venenatis, augue, luctus, sollicitudin, …): "Phasellus venenatis augue luctus sollicitudin elementum sus…"; replace it with real content [source-placeholder]

8 errors, 0 warnings in 1 file (4 files checked)
"""

FILLER_LINES = {
    24: "Keypoint #1-Lorem Ipsum",
    26: "Lorem Ipsum mon fringilla dolor felis amet fusce.",
    28: "Libero auctor",
    29: "Enim molestie iaculis",
    30: "Massa bibendum",
    31: "Ultrices varius",
    33: "Metus euismod tellus penatibus in ex morbi euismod mollis.",
    35: "Phasellus venenatis augue luctus sollicitudin elementum suspendisse.",
}


def run(project: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(project), "check", *args])


def findings_of(project: Path, *args: str) -> list[dict]:
    result = run(project, "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def line_of(path: Path, start: str) -> int:
    """Return the number of the first line of `path` that starts with `start`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the shipped project ------------------------------------------------------


def test_text_report_on_the_shipped_project_is_exactly_the_filler_section(shipped):
    result = run(shipped)
    assert result.exit_code == 1
    assert result.stdout == SHIPPED_TEXT
    assert result.stderr == ""


def test_json_report_on_the_shipped_project(shipped):
    result = run(shipped, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 8, "warnings": 0}
    assert [list(f) for f in data["findings"]] == [
        ["check", "severity", "locale", "document", "file", "line", "source", "translation", "message"]
    ] * 8
    assert {(f["check"], f["severity"], f["locale"], f["document"], f["file"], f["line"], f["source"], f["translation"])
            for f in data["findings"]} == {
        ("source-placeholder", "error", None, DOC, SOURCE, line, text, "") for line, text in FILLER_LINES.items()
    }


def test_junit_report_on_the_shipped_project(shipped):
    result = run(shipped, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "47", "1", "0")  # 15 catalog checks x 3 locales + 2 source checks
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert list(suites) == [SOURCE, ES, AR, ZH]
    for name in (ES, AR, ZH):
        cases = suites[name].findall("testcase")
        assert [case.get("name") for case in cases] == list(checks.CATALOG_CHECKS)
        assert all(len(case) == 0 for case in cases)  # every check passes
        assert (suites[name].get("tests"), suites[name].get("failures")) == ("15", "0")  # with protected
    case, links = suites[SOURCE].findall("testcase")  # source-placeholder, broken-links
    assert links.get("name") == "broken-links" and len(links) == 0  # the shipped page's links all lead somewhere
    failure = case.find("failure")
    assert (case.get("name"), failure.get("type"), failure.get("message")) == ("source-placeholder", "source-placeholder", "8 findings")
    assert failure.text.splitlines() == SHIPPED_TEXT.splitlines()[:8]


def test_a_project_without_filler_passes(shipped):
    source = shipped / SOURCE
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    source.write_text("".join(lines[:23] + lines[36:]), encoding="utf-8")
    assert CliRunner().invoke(cli, ["-C", str(shipped), "extract"]).exit_code == 0
    result = run(shipped)
    assert (result.exit_code, result.stdout) == (0, "0 errors, 0 warnings (4 files checked)\n")


# --- catalogs that are broken, stale, missing or wrong ------------------------------


def test_a_malformed_catalog_is_a_syntax_finding_and_the_others_are_still_checked(shipped):
    edit(shipped / ES, 'msgstr "¿Qué es?"', 'msgstr "¿Qué es?')
    edit(shipped / AR, "لمدة 24 ساعة.", "لمدة 48 ساعة.")
    found = findings_of(shipped)
    broken = [f for f in found if f["check"] == "syntax"]
    assert [(f["file"], f["locale"], f["line"]) for f in broken] == [(ES, "es", line_of(shipped / ES, 'msgstr "¿Qué es?'))]
    assert broken[0]["message"].startswith("malformed string")
    assert [(f["check"], f["file"], f["message"]) for f in found if f["file"] == AR] == [
        ("numbers", AR, "the numbers differ from the source: 24 became 48")
    ]


def test_unreadable_and_undecodable_catalogs_are_syntax_findings(shipped):
    (shipped / ZH).unlink()
    (shipped / ZH).mkdir()
    data = (shipped / AR).read_bytes()
    broken_line = data[: data.index("حقن نقاط الزناد".encode())].count(b"\n") + 1
    (shipped / AR).write_bytes(data.replace("حقن نقاط الزناد".encode(), b"\xff\xfe", 1))
    found = [(f["check"], f["locale"], f["line"], f["message"]) for f in findings_of(shipped) if f["locale"]]
    assert found == [
        ("syntax", "ar", broken_line, "not valid UTF-8 text (invalid start byte); fix the file so gettext tools can read it"),
        ("syntax", "zh_Hans", 0, "cannot read: Is a directory; fix the file so gettext tools can read it"),
    ]


def test_stale_catalogs_after_the_source_changed(shipped):
    edit(shipped / SOURCE, "involving the treated area for 24 hours", "involving the treated area for 48 hours")
    result = run(shipped)
    assert result.exit_code == 1
    stale = [line for line in result.stdout.splitlines() if line.endswith("[stale]")]
    message = (
        f'error: out of date with {SOURCE}: a segment changed, "…l activity involving the treated area for 24 hours" '
        'is now "…l activity involving the treated area for 48 hours"; run `locflow extract` [stale]'
    )
    assert stale == [f"{path}: {message}" for path in (ES, AR, ZH)]


def test_a_missing_catalog_is_stale(shipped):
    (shipped / ZH).unlink()
    found = findings_of(shipped)
    assert [(f["check"], f["locale"], f["file"], f["line"], f["message"]) for f in found if f["locale"]] == [
        ("stale", "zh_Hans", ZH, 0, f"there is no zh_Hans catalog for {SOURCE}; run `locflow extract`")
    ]


def test_header_findings_point_at_the_header_line(shipped):
    edit(shipped / AR, '"Language: ar\\n"', '"Language: es\\n"')
    found = [f for f in findings_of(shipped) if f["check"] == "header"]
    assert [(f["file"], f["line"], f["message"]) for f in found] == [
        (AR, 9, "the Language header is 'es' but the catalog is in the folder of 'ar'; set it to 'ar'")
    ]


def test_a_dangerous_fuzzy_entry_is_listed_first(shipped):
    edit(
        shipped / ES,
        '#, markdown-text\nmsgid "Avoid heavy lifting or intense physical activity involving the treated area for 24 hours"',
        "#, fuzzy, markdown-text\n#| msgid \"Avoid heavy lifting or intense physical activity involving the treated area for 12 hours\"\n"
        'msgid "Avoid heavy lifting or intense physical activity involving the treated area for 24 hours"',
    )
    result = run(shipped)
    lines = result.stdout.splitlines()
    assert lines[:2] == ["es: 1 fuzzy (14 words)", ""]  # each locale's totals come first
    line = line_of(shipped / ES, 'msgid "Avoid heavy lifting')
    assert lines[2] == (
        f"{ES}:{line}: error: the source changed its meaning since this was translated (12 became 24): "
        "correct the translation, then remove the fuzzy flag: "
        '"Avoid heavy lifting or intense physical activity involving …" [fuzzy]'
    )
    assert lines[3] == ""  # then the source's findings, as a group of their own


def test_translation_problems_in_every_format(shipped):
    edit(shipped / ES, 'msgstr "¿Qué es?"', 'msgstr "¿Qué es? <script>alert(1)</script>"')
    edit(shipped / ES, 'msgstr "Beneficios del tratamiento"', 'msgstr "Treatment Benefits"')
    text = run(shipped).stdout
    line = line_of(shipped / ES, 'msgid "What is it?')
    assert (
        f"{ES}:{line}: error: the translation has raw HTML <script>; raw HTML </script>: remove it (pages show it as text, "
        "never as markup) [unsafe-html]"
    ) in text
    line = line_of(shipped / ES, 'msgid "Treatment Benefits"')
    assert f"{ES}:{line}: warning: the translation is the source text unchanged" in text
    assert text.endswith("10 errors, 1 warning in 2 files (4 files checked)\n")
    root = ET.fromstring(run(shipped, "--format", "junit").stdout)
    es = next(s for s in root.iter("testsuite") if s.get("name") == ES)
    cases = {case.get("name"): case for case in es.findall("testcase")}
    assert es.get("failures") == "2" and root.get("failures") == "3"
    assert "raw HTML <script>" in cases["unsafe-html"].find("failure").text
    assert cases["unchanged"].find("failure") is None  # a warning does not fail the build
    assert "[unchanged]" in cases["unchanged"].find("system-out").text


# --- what to check, and when it cannot run ---------------------------------------------


def test_locale_option_limits_the_catalogs(shipped):
    edit(shipped / AR, "لمدة 24 ساعة.", "لمدة 48 ساعة.")
    edit(shipped / ES, "durante 24 horas.", "durante 48 horas.")
    files = {f["file"] for f in findings_of(shipped, "--locale", "es")}
    assert files == {SOURCE, ES}
    root = ET.fromstring(run(shipped, "--locale", "es", "--locale", "ar", "--format", "junit").stdout)
    assert [s.get("name") for s in root.iter("testsuite")] == [SOURCE, ES, AR]


def test_an_unknown_locale_cannot_be_checked(shipped):
    result = run(shipped, "--locale", "fr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: --locale fr: not a locale of this project (locflow.toml lists: es, ar, zh_Hans); "
        "add it with `locflow init fr`\n"
    )


def test_check_cannot_run_without_a_source_folder_or_a_valid_config(shipped, tmp_path):
    (shipped / SOURCE).unlink()
    (shipped / "source").rmdir()
    result = run(shipped)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Error: source/: no such folder")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "locflow.toml").write_text("locales = [\n", encoding="utf-8")
    result = run(tmp_path / "bad")
    assert result.exit_code == 2 and result.stderr.startswith("Error: locflow.toml: invalid TOML")


# --- colour -----------------------------------------------------------------------------


def _check_on_a_terminal(project: Path, env: dict[str, str]) -> bytes:
    """Run `locflow check` with its output on a pseudo-terminal; return what it printed."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "locflow", "-C", str(project), "check"], stdout=child, stderr=child, env=env
    )
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert process.wait(timeout=60) == 1
    return output


def test_colour_only_on_a_terminal_and_never_with_no_color_or_a_dumb_terminal(shipped):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm-256color"}
    assert b"\x1b[" in _check_on_a_terminal(shipped, env)
    assert b"\x1b[" not in _check_on_a_terminal(shipped, {**env, "NO_COLOR": "1"})
    assert b"\x1b[" not in _check_on_a_terminal(shipped, {**env, "TERM": "dumb"})
    assert "\x1b[" not in run(shipped).stdout  # not a terminal


# --- the report module on its own ----------------------------------------------------


def finding(check="numbers", severity="error", file="locales/es/LC_MESSAGES/a.po", line=3, message="24 became 48", locale="es"):
    return Finding(check, severity, locale, "a", file, line, "src", "tr", message)


def test_text_report_groups_by_file_and_leaves_out_line_zero():
    items = [
        finding(),
        finding("stale", line=0, message="out of date"),
        finding("length", "warning", file="locales/ar/LC_MESSAGES/a.po", message="much longer", locale="ar"),
    ]
    assert report.render(Outcome(tuple(items), ()), "text") == (
        "locales/es/LC_MESSAGES/a.po:3: error: 24 became 48 [numbers]\n"
        "locales/es/LC_MESSAGES/a.po: error: out of date [stale]\n"
        "\n"
        "locales/ar/LC_MESSAGES/a.po:3: warning: much longer [length]\n"
        "\n"
        "2 errors, 1 warning in 2 files (0 files checked)\n"
    )


def test_text_report_colours_and_escapes_control_characters():
    coloured = report.render(Outcome((finding(message="tag <b\x1b[31m>\u202e"),), ()), "text", color=True)
    assert "\x1b[31m\x1b[1merror:\x1b[0m" in coloured
    assert "tag <b\\u001b[31m>\\u202e" in coloured
    assert "\x1b" not in report.render(Outcome((finding(message="x\x1b"),), ()), "text")


def test_json_report_of_plain_findings():
    data = json.loads(report.render(Outcome((finding(), finding("whitespace", "warning")), ()), "json"))
    assert data["summary"] == {"errors": 1, "warnings": 1}
    assert data["findings"][0] == {
        "check": "numbers", "severity": "error", "locale": "es", "document": "a",
        "file": "locales/es/LC_MESSAGES/a.po", "line": 3, "source": "src", "translation": "tr", "message": "24 became 48",
    }


def test_junit_report_is_well_formed_whatever_the_findings_hold():
    xml = report.render(Outcome((finding(message="NUL \x00 and <tags> & \ufffe"),), ()), "junit")
    root = ET.fromstring(xml)
    (suite,) = root.iter("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == (str(len(checks.CATALOG_CHECKS)), "1")
    assert "NUL \\u0000 and <tags> & \\ufffe" in suite.find("testcase[@name='numbers']/failure").text


def test_an_outcome_fails_the_gate_only_with_an_error():
    outcome = Outcome((finding(),), (Checked("a", "es", "x.po", ("numbers",)),))
    assert outcome.failed and not Outcome((finding("length", "warning"),), ()).failed
    with pytest.raises(ValueError, match="unknown report format 'xml'"):
        report.render(outcome, "xml")
