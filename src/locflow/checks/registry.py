"""The check ids, their severities, and the `Issue` every check yields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


SEVERITY: dict[str, Literal["error", "warning"]] = {
    "untranslated": "error",
    "fuzzy": "error",
    "placeholder": "error",
    "source-placeholder": "error",
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
}
"""Every check id and its severity, as DESIGN.md lists them (a public interface).

``control-chars`` is locflow's own addition to DESIGN.md's table."""

CATALOG_CHECKS = tuple(check for check in SEVERITY if check != "source-placeholder")
"""Checks about a locale's catalog."""


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem a check found, before `qa` says where."""

    check: str
    """A check id from `SEVERITY`."""
    message: str
    """What is wrong and what to do, in one sentence."""
    dangerous: bool = False
    """A fuzzy entry whose source changed its meaning (numbers, negation): listed first."""
    field: str = ""
    """For `header` issues, the header field concerned."""

    @property
    def severity(self) -> Literal["error", "warning"]:
        return SEVERITY[self.check]
