"""`locflow stats`: how much of each document is translated, per locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from locflow import catalog, checks, costs, localecode, memoryfiles, workspace
from locflow.config import Config
from locflow.model import Counts


@dataclass(frozen=True, slots=True)
class StatsResult:
    """Translation progress, and what the content owner should know about files skipped."""

    rows: list[Counts]
    """Per locale and document, in document order."""
    warnings: list[str]
    regional: frozenset[str] = frozenset()
    """Locales with a parent in the project (``es_MX`` when ``es`` is there): their rows count inherited segments."""


def stats(config: Config, locales: Sequence[str] | None = None) -> StatsResult:
    """Return translation progress per locale and document, against the current source.

    A regional locale's segments that only its parent translates count as inherited (covered).
    """
    chosen = workspace.select_locales(config, locales)
    chains = {locale: localecode.parents(locale, config.locales) for locale in chosen}
    found = workspace.discover(config)
    rows = []
    for doc in found.names:
        document, _ = workspace.read_document(config, doc)
        words: dict[str, int] = {}
        read: dict[str, tuple[dict[str, str], set[str]]] = {}

        def load(locale: str) -> tuple[dict[str, str], set[str]]:
            if locale not in read:
                po, _ = workspace.read_catalog(config, config.catalog_path(locale, doc))
                read[locale] = (catalog.translations(po), catalog.fuzzy_msgids(po)) if po is not None else ({}, set())
            return read[locale]

        for locale in chosen:
            translations, fuzzy = load(locale)
            inherited = set().union(*(load(parent)[0] for parent in chains[locale]))
            rows.append(workspace.count(document, translations, fuzzy, Counts(locale, doc), words, inherited))
    return StatsResult(rows, found.skipped, frozenset(locale for locale, chain in chains.items() if chain))


def cost_bands(config: Config, locales: Sequence[str] | None = None) -> list[costs.Costs]:
    """Return each locale's remaining work in the bands of a CAT tool's analysis (see `costs`).

    The translation memory is the project's catalogs (orphans included) and compendia, as extract uses it.
    """
    chosen = workspace.select_locales(config, locales)
    names = workspace.discover(config).names
    memories = memoryfiles.memories(config, chosen, [*names, *memoryfiles.orphans(config, names)])
    documents = []
    for doc in names:
        document, _ = workspace.read_document(config, doc)
        filler = frozenset(text for _, text, _ in checks.source_placeholders(document, config.compiled_patterns, config.source_locale))
        documents.append((doc, document, filler))
    rows = []
    for locale in chosen:
        def entries(doc: str) -> list:
            po, _ = workspace.read_catalog(config, config.catalog_path(locale, doc))
            return list(catalog.entries(po)) if po is not None else []

        work = ((workspace.source_file(config, doc), document, entries(doc), filler) for doc, document, filler in documents)
        rows.append(costs.costs(locale, work, memories[locale]))
    return rows
