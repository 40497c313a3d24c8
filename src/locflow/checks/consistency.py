"""The ``consistency`` check: one source text translated several ways in a locale, or one translation for two texts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from locflow.checks.registry import issue
from locflow.memory import Unit
from locflow.model import Finding


def _places(units: Iterable[Unit]) -> str:
    return ", ".join(sorted({u.origin for u in units}))


def consistency(units: Iterable[Unit]) -> Iterator[Finding]:
    """Yield a warning per source text translated differently across documents, and per translation of two texts.

    Units are one locale's translations (see `memory.Unit`); each finding
    carries the source and a translation, and its message says where each
    variant is used. Findings come sorted by source text.
    """
    by_source: dict[str, dict[str, list[Unit]]] = {}
    by_translation: dict[str, dict[str, list[Unit]]] = {}
    for unit in units:
        if not unit.active:
            continue
        by_source.setdefault(unit.source, {}).setdefault(unit.translation, []).append(unit)
        by_translation.setdefault(unit.translation, {}).setdefault(unit.source, []).append(unit)
    for source in sorted(by_source):
        variants = by_source[source]
        if len(variants) > 1:
            listed = "; ".join(f"{t!r} in {_places(variants[t])}" for t in sorted(variants))
            finding = issue("consistency", f"translated {len(variants)} ways: {listed}; pick one")
            yield dataclasses.replace(finding, source=source, translation=sorted(variants)[0])
    for translation in sorted(by_translation):
        sources = by_translation[translation]
        if len(sources) > 1:
            listed = "; ".join(f"{s!r} in {_places(sources[s])}" for s in sorted(sources))
            finding = issue("consistency", f"one translation stands for {len(sources)} source texts: {listed}")
            yield dataclasses.replace(finding, source=sorted(sources)[0], translation=translation)

