"""What `build` says about the QA gate: one line summing up `check`, and every reason ``--strict`` fails.

A build publishes what is translated even when `check` finds errors (a
changed dose, a broken link); it never does so silently: the last line of
its report counts the errors and warnings per locale, and ``--strict``
lists the pages with source-language text and the errors, then exits 1.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from locflow import cache, report
from locflow.config import Config
from locflow.fsio import digest
from locflow.manifest import BUILT, output_paths
from locflow.model import Outcome

if TYPE_CHECKING:
    from locflow.commands.build import BuildResult


def format_build(result: BuildResult, dist: str) -> str:
    """Return a short report: pages written, unchanged and removed, then each locale's state, then notes.

    `dist` is the dist folder as the user sees it.
    """
    built = [p for p in result.pages if p.status != "withheld"]
    written = sum(p.written for p in built)
    lines = [
        f"{len(built)} page(s) in {dist}/: {written} written, {len(built) - written} unchanged, "
        f"{len(result.removed)} file(s) removed"
    ]
    width = max((len(locale) for locale in result.locales), default=0)
    for locale in result.locales:
        pages = [p for p in result.pages if p.locale == locale]
        states = [f"{n} {s}" for s in ("complete", "partial", "withheld") if (n := sum(p.status == s for p in pages))]
        line = f"  {locale.ljust(width)}  {', '.join(states) or 'no pages'}"
        if fallbacks := sum(p.fallbacks for p in pages if p.status == "partial"):
            line += f"; {fallbacks} segment(s) shown in the source language"
        lines.append(line)
    lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def summary(outcome: Outcome, locales: Sequence[str], source_locale: str) -> str:
    """Return the one line that sums up the gate, per locale (the source's findings under its own code).

    >>> print(summary(Outcome((), ()), ["en", "es"], "en"))
    check: 0 errors, 0 warnings (en (source): none; es: none)
    """
    parts = []
    for locale in locales:
        found = [f for f in outcome.findings if (f.locale or source_locale) == locale]
        errors = sum(f.severity == "error" for f in found)
        warnings = len(found) - errors
        counts = ", ".join(text for number, word in ((errors, "error"), (warnings, "warning")) if number
                           for text in [_plural(number, word)])
        label = f"{locale} (source)" if locale == source_locale else locale
        parts.append(f"{label}: {counts or 'none'}")
    errors = sum(f.severity == "error" for f in outcome.findings)
    totals = f"{_plural(errors, 'error')}, {_plural(len(outcome.findings) - errors, 'warning')}"
    hint = "; run locflow check for details" if outcome.findings else ""
    return f"check: {totals} ({'; '.join(parts)}){hint}"


def strict_failures(
    result: BuildResult, outcome: Outcome, where: Callable[[str], str] = str, formats: Sequence[str] = ("html", "text"),
    layout: str = "folder",
) -> str:
    """Return why ``--strict`` fails, one reason a line (``""``: it passes).

    Each published page showing source-language text (named by its first file
    in the project's `formats`), then the gate's errors as `check` reports them
    (long runs of untranslated entries folded).
    """
    lines = []
    for page in result.pages:
        if page.status in BUILT and page.fallbacks:
            first = next(iter(output_paths(page.document, page.locale, formats, layout).values()))
            path = where(f"{result.dist}/{first}")
            lines.append(f"{path}: {page.fallbacks} segment(s) shown in the source language")
    errors = tuple(f for f in outcome.findings if f.severity == "error")
    if not lines and not errors:
        return ""
    text = "--strict: the build fails:\n" + "".join(f"{line}\n" for line in lines)
    if errors:
        text += report.text(dataclasses.replace(outcome, findings=errors), where=where)
    return text


def gate(
    config: Config, result: BuildResult, check: Callable[[tuple[str, ...]], Outcome], strict: bool,
    where: Callable[[str], str] = str,
) -> tuple[str, str]:
    """Return the summary line of `check` over the locales built, and why ``--strict`` fails (``""``: it passes).

    After a build that found no input changed (`BuildResult.untouched`) the last run's answer is
    given again, without reading any catalog: the gate's inputs are the build's.
    """
    targets = tuple(locale for locale in result.locales if locale != config.source_locale)
    key = digest(json.dumps([
        cache.fingerprint(config, "gate"), targets, config.placeholder_patterns, config.do_not_translate, where(result.dist),
    ]).encode("utf-8"))
    saved = cache.load(config.root, "gate", key) if result.untouched else {}
    if isinstance(saved.get("summary"), str) and isinstance(saved.get("failures"), str):
        return saved["summary"], saved["failures"] if strict else ""
    outcome = check(targets)
    line, failures = summary(outcome, result.locales, config.source_locale), strict_failures(
        result, outcome, where, config.formats, config.markdown_layout
    )
    cache.save(config.root, "gate", key, {"summary": line, "failures": failures})
    return line, failures if strict else ""
