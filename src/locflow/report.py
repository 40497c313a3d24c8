"""Present QA findings: compiler-style text, JSON, or JUnit XML for CI dashboards."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

import click

from locflow import checks
from locflow.model import Finding
from locflow.qa import SOURCE_CHECKS, Checked, Outcome

FORMATS = ("text", "json", "junit")

UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""Control characters and bidi controls: shown escaped, so a hostile translation cannot
drive the terminal, reorder the line, or make the XML invalid."""

STYLES = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True}}


def render(findings: Iterable[Finding], fmt: str, *, color: bool = False) -> str:
    """Return the report in `fmt` ("text", "json" or "junit"), ending with a newline.

    `findings` is usually a `qa.Outcome`, which also says which files were
    checked (JUnit lists passing catalogs too, and the text summary counts them).

    >>> print(render([], "json"), end="")
    {
      "summary": {
        "errors": 0,
        "warnings": 0
      },
      "findings": []
    }
    """
    if fmt == "text":
        return text(findings, color=color)
    if fmt == "json":
        return to_json(findings)
    if fmt == "junit":
        return junit(findings)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


def text(findings: Iterable[Finding], *, color: bool = False) -> str:
    """Return ``path:line: severity: message [check]`` lines, a blank line between files, and a summary.

    Files come in the order of their first finding, so the file of a dangerous
    fuzzy entry comes first. Line 0 means the file as a whole and is not shown.
    """
    items = list(findings)
    lines: list[str] = []
    for file, group in _by_file(items):
        if lines:
            lines.append("")
        for finding in group:
            lines.append(_line(finding, color))
    if lines:
        lines.append("")
    lines.append(_style(summary(findings), color, bold=True))
    return "\n".join(lines) + "\n"


def _line(finding: Finding, color: bool) -> str:
    where = f"{finding.file}:{finding.line}:" if finding.line else f"{finding.file}:"
    severity = _style(f"{finding.severity}:", color, **STYLES[finding.severity])
    check = _style(f"[{finding.check}]", color, dim=True)
    return f"{_style(where, color, bold=True)} {severity} {_printable(finding.message)} {check}"


def _style(value: str, color: bool, **style: object) -> str:
    return click.style(value, **style) if color else value  # type: ignore[arg-type]


def summary(findings: Iterable[Finding]) -> str:
    """Count errors, warnings and the files they are in (and the files checked, when known).

    >>> summary([])
    '0 errors, 0 warnings'
    """
    items = list(findings)
    errors = sum(f.severity == "error" for f in items)
    warnings = len(items) - errors
    files = len({f.file for f in items})
    result = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if files:
        result += f" in {_plural(files, 'file')}"
    if isinstance(findings, Outcome):
        result += f" ({_plural(len(findings.checked), 'file')} checked)"
    return result


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def to_json(findings: Iterable[Finding]) -> str:
    """Return ``{"summary": {"errors": N, "warnings": N}, "findings": [...]}`` with DESIGN.md's keys."""
    items = [dataclasses.asdict(f) for f in findings]
    errors = sum(f["severity"] == "error" for f in items)
    data = {"summary": {"errors": errors, "warnings": len(items) - errors}, "findings": items}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def junit(findings: Iterable[Finding]) -> str:
    """Return JUnit XML: a test suite per file checked, a test case per check of that file.

    A check with errors is a failure that carries its findings; a check with
    only warnings passes and carries them as ``system-out`` (warnings do not
    fail the gate, so they do not fail the build either).
    """
    items = list(findings)
    suites = list(findings.checked) if isinstance(findings, Outcome) else []
    known = {suite.file for suite in suites}
    for finding in items:
        if finding.file not in known:
            known.add(finding.file)
            suites.append(Checked(finding.document, finding.locale, finding.file, _checks_for(finding)))
    by_case: dict[tuple[str, str], list[Finding]] = {}
    for finding in items:
        by_case.setdefault((finding.file, finding.check), []).append(finding)

    root = ET.Element("testsuites", name="locflow check")
    total_tests = total_failures = 0
    for suite in suites:
        element = ET.SubElement(root, "testsuite", name=_printable(suite.file))
        properties = ET.SubElement(element, "properties")
        ET.SubElement(properties, "property", name="document", value=_printable(suite.document))
        ET.SubElement(properties, "property", name="locale", value=suite.locale or "")
        failures = 0
        for check in suite.checks:
            case = ET.SubElement(element, "testcase", classname=_printable(suite.file), name=check)
            found = by_case.get((suite.file, check), [])
            body = "\n".join(_printable(str(f)) for f in found)
            if any(f.severity == "error" for f in found):
                failures += 1
                failure = ET.SubElement(case, "failure", type=check, message=_plural(len(found), "finding"))
                failure.text = body
            elif found:
                ET.SubElement(case, "system-out").text = body
        element.set("tests", str(len(suite.checks)))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
        total_tests += len(suite.checks)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _checks_for(finding: Finding) -> tuple[str, ...]:
    return checks.CATALOG_CHECKS if finding.locale is not None else SOURCE_CHECKS


def _by_file(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.file, []).append(finding)
    return list(groups.items())


def _printable(value: str) -> str:
    """Escape control and bidi characters: ``\\x00`` is shown as ``\\u0000``."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", value)
