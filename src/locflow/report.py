"""Present QA findings: compiler-style text, JSON, or JUnit XML for CI dashboards."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from locflow import checks, segment
from locflow.workspace import quote
from locflow.model import Checked, Finding, Outcome

FORMATS = ("text", "json", "junit")

UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
"""Control characters and bidi controls: shown escaped, so a hostile translation cannot
drive the terminal, reorder the line, or make the XML invalid."""

STYLES = {"error": "\x1b[31m\x1b[1m", "warning": "\x1b[33m\x1b[1m"}
"""ANSI colour of each severity (red, yellow; bold)."""
BOLD, DIM, RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"

KEYS = ("check", "severity", "locale", "document", "file", "line", "source", "translation", "message")
"""A finding's keys in JSON, as DESIGN.md lists them."""


def render(outcome: Outcome, fmt: str, *, color: bool = False) -> str:
    """Return the report in `fmt` ("text", "json" or "junit"), ending with a newline.

    >>> print(render(Outcome((), ()), "json"), end="")
    {
      "summary": {
        "errors": 0,
        "warnings": 0
      },
      "findings": []
    }
    """
    if fmt == "text":
        return text(outcome, color=color)
    if fmt == "json":
        return to_json(outcome)
    if fmt == "junit":
        return junit(outcome)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


FOLD_ABOVE = 10
"""More `untranslated` (or `fuzzy`) findings than this in one locale are counted, not listed, unless verbose."""

FOLDED = ("untranslated", "fuzzy")


def text(outcome: Outcome, *, color: bool = False, verbose: bool = False, where: Callable[[str], str] = str) -> str:
    """Return per-locale totals, then ``path:line: severity: message [check]`` lines, a blank line between files, and a summary.

    Totals count each locale's `untranslated` and `fuzzy` findings with
    their English words, and the segments a regional locale shows from its
    parent's catalog. A locale's findings of one of those checks are listed
    one by one only when `verbose`, or when there are at most `FOLD_ABOVE`;
    fuzzy entries whose source changed its meaning are always listed. A
    listed one shows the start of its English text.

    Files come in the order of their first finding, so the file of a dangerous
    fuzzy entry comes first. Line 0 means the file as a whole and is not shown.
    `where` turns a project-relative path into the one printed.
    """
    totals, folded = _totals(outcome, verbose)
    lines: list[str] = [_style(line, color, BOLD) for line in totals]
    if lines:
        lines.append("")
    listed = False
    for file, group in _by_file(outcome.findings):
        shown = [f for f in group if f.dangerous or (f.locale, f.check) not in folded]
        if not shown:
            continue
        if listed:
            lines.append("")
        listed = True
        lines.extend(_line(finding, color, where) for finding in shown)
    if listed:
        lines.append("")
    lines.append(_style(summary(outcome), color, BOLD))
    return "\n".join(lines) + "\n"


def _totals(outcome: Outcome, verbose: bool) -> tuple[list[str], set[tuple[str | None, str]]]:
    """Return each locale's totals line, and the (locale, check) pairs whose findings are not listed."""
    counts: dict[str, dict[str, list[int]]] = {}
    for finding in outcome.findings:
        if finding.locale is not None and finding.check in FOLDED:
            count = counts.setdefault(finding.locale, {}).setdefault(finding.check, [0, 0, 0])
            count[0] += 1
            count[1] += segment.word_count(finding.source)
            count[2] += finding.dangerous
    inherited: dict[str, list[str]] = {}
    for locale, parent, number in outcome.inherited:
        if number:
            inherited.setdefault(locale, []).append(f"{number} {'segment' if number == 1 else 'segments'} shown from {parent}")
    locales = list(dict.fromkeys(c.locale for c in outcome.checked if c.locale is not None))
    lines, folded = [], set()
    for locale in [*locales, *(l for l in (*counts, *inherited) if l not in locales)]:
        parts = [f"{n} {check} ({words} {'word' if words == 1 else 'words'})" for check, (n, words, _) in counts.get(locale, {}).items()]
        folds = [check for check, (n, _, dangerous) in counts.get(locale, {}).items() if not verbose and n - dangerous > FOLD_ABOVE]
        folded.update((locale, check) for check in folds)
        parts += inherited.get(locale, [])
        if parts:
            hint = f"; run with -v to list the {' and '.join(folds)} ones" if folds else ""
            lines.append(f"{locale}: {', '.join(parts)}{hint}")
    return lines, folded


def _line(finding: Finding, color: bool, where: Callable[[str], str] = str) -> str:
    file = where(finding.file)
    place = f"{file}:{finding.line}:" if finding.line else f"{file}:"
    severity = _style(f"{finding.severity}:", color, STYLES[finding.severity])
    check = _style(f"[{finding.check}]", color, DIM)
    message = finding.message
    if finding.check in FOLDED and finding.source:
        message += f": {quote(finding.source)}"
    return f"{_style(place, color, BOLD)} {severity} {_printable(message)} {check}"


def _style(value: str, color: bool, style: str) -> str:
    return f"{style}{value}{RESET}" if color else value


def summary(outcome: Outcome) -> str:
    """Count errors, warnings and the files they are in, and the files checked.

    >>> summary(Outcome((), ()))
    '0 errors, 0 warnings (0 files checked)'
    """
    items = outcome.findings
    errors = sum(f.severity == "error" for f in items)
    warnings = len(items) - errors
    files = len({f.file for f in items})
    result = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if files:
        result += f" in {_plural(files, 'file')}"
    return result + f" ({_plural(len(outcome.checked), 'file')} checked)"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def to_json(outcome: Outcome) -> str:
    """Return ``{"summary": {"errors": N, "warnings": N}, "findings": [...]}`` with DESIGN.md's keys."""
    items = [{key: getattr(f, key) for key in KEYS} for f in outcome.findings]
    errors = sum(f["severity"] == "error" for f in items)
    data = {"summary": {"errors": errors, "warnings": len(items) - errors}, "findings": items}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def junit(outcome: Outcome) -> str:
    """Return JUnit XML: a test suite per file checked, a test case per check of that file.

    A check with errors is a failure that carries its findings; a check with
    only warnings passes and carries them as ``system-out`` (warnings do not
    fail the gate, so they do not fail the build either).
    """
    items = outcome.findings
    suites = list(outcome.checked)
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
    return checks.CATALOG_CHECKS if finding.locale is not None else checks.SOURCE_CHECKS


def _by_file(findings: Sequence[Finding]) -> list[tuple[str, list[Finding]]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.file, []).append(finding)
    return list(groups.items())


def _printable(value: str) -> str:
    """Escape control and bidi characters: ``\\x00`` is shown as ``\\u0000``."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", value)


GROUPED = 10
"""More warnings than this of one kind in one file are summarized (``-v`` lists each)."""


def grouped_warnings(warnings: list[str], verbose: bool = False) -> list[str]:
    """Return warnings as printed: each one, or, past `GROUPED` of a kind in a file, the first few and a count.

    A warning reads ``file:line: message``; its kind is the message up to `` (`` or ``:``.

    >>> grouped_warnings([f"a.md:{n}: placeholder text (x): y" for n in range(12)])[-1]
    'a.md: 9 more warning(s) like "placeholder text" (-v lists each)'
    """
    if verbose or len(warnings) <= GROUPED:
        return list(warnings)
    kinds: dict[tuple[str, str], list[str]] = {}
    for warning in warnings:
        file, _, rest = warning.partition(":")
        line, _, message = rest.partition(": ")
        key = (file, message.split(" (")[0].split(":")[0] if line.isdigit() else rest)
        kinds.setdefault(key, []).append(warning)
    shown = []
    for (file, kind), found in kinds.items():
        if len(found) <= GROUPED:
            shown += found
        else:
            shown += found[:3] + [f'{file}: {len(found) - 3} more warning(s) like "{kind}" (-v lists each)']
    return shown
