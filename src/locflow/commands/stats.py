"""`locflow stats`: how much of each document is translated, per locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from locflow import catalog, workspace
from locflow.config import Config
from locflow.model import Counts


@dataclass(frozen=True, slots=True)
class StatsResult:
    """Translation progress, and what the content owner should know about files skipped."""

    rows: list[Counts]
    """Per locale and document, in document order."""
    warnings: list[str]


def stats(config: Config, locales: Sequence[str] | None = None) -> StatsResult:
    """Return translation progress per locale and document, against the current source."""
    chosen = workspace.select_locales(config, locales)
    found = workspace.discover(config)
    rows = []
    for doc in found.names:
        document, _ = workspace.read_document(config, doc)
        words: dict[str, int] = {}
        for locale in chosen:
            po, _ = workspace.read_catalog(config, config.catalog_path(locale, doc))
            translations = catalog.translations(po) if po is not None else {}
            fuzzy = catalog.fuzzy_msgids(po) if po is not None else set()
            rows.append(workspace.count(document, translations, fuzzy, Counts(locale, doc), words))
    return StatsResult(rows, found.skipped)
