"""The check ids, their severities, and `issue`, which makes the `Finding` every check yields."""

from __future__ import annotations

from typing import Literal

from locflow.model import Finding

SEVERITY: dict[str, Literal["error", "warning"]] = {
    "untranslated": "error",
    "fuzzy": "error",
    "placeholder": "error",
    "source-placeholder": "error",
    "broken-links": "error",
    "numbers": "error",
    "links": "error",
    "markup": "error",
    "unsafe-html": "error",
    "syntax": "error",
    "header": "error",
    "stale": "error",
    "unchanged": "warning",
    "whitespace": "warning",
    "length": "warning",
    "control-chars": "error",
    "orphan": "warning",
    "consistency": "warning",
    "protected": "error",
}
"""Every check id and its severity, as DESIGN.md lists them (a public interface).

``control-chars``, ``orphan``, ``consistency``, ``protected`` (site-generator syntax,
`checks.protected`) and ``broken-links`` are locflow's own additions to DESIGN.md's table."""

PROJECT_CHECKS = ("orphan", "consistency")
"""Checks about the project as a whole: catalogs without a document, one text translated several ways."""

SOURCE_CHECKS = ("source-placeholder", "broken-links")
"""Checks about a source document."""

CATALOG_CHECKS = tuple(check for check in SEVERITY if check not in SOURCE_CHECKS and check not in PROJECT_CHECKS)
"""Checks about a locale's catalog."""


def issue(check: str, message: str, *, dangerous: bool = False, line: int = 0) -> Finding:
    """Return what a check found: its id, its severity (from `SEVERITY`) and what to do.

    The `check` command fills in where it was found (locale, file, line, texts).
    """
    return Finding(check, SEVERITY[check], line=line, message=message, dangerous=dangerous)
