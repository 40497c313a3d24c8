"""Documents that moved: a new document takes over the catalogs of the orphan it came from.

A document is *new* when it has no template and no catalog; an *orphan* is
a document whose template or catalogs outlived its source. A new document
sharing at least half of its texts with an orphan is that orphan moved or
renamed (the orphan sharing most wins; each orphan goes to one document):
extract merges it into the orphan's catalogs, so that every translation,
fuzzy suggestion and translator comment comes along, then removes the
orphan's files. Orphans nothing takes over are kept and reported; their
translations stay in the translation memory for later pages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from locflow import memoryfiles, workspace
from locflow.config import Config
from locflow.fsio import digest, read_regular
from locflow.loading import lazy

catalog = lazy("locflow.catalog")


@dataclass(frozen=True, slots=True)
class Move:
    """A new document found to be an orphan moved."""

    old: str
    """The orphan document's name."""
    shared: int
    """Texts of the new document the orphan had."""
    total: int
    """Texts of the new document."""


def match(config: Config, pending: Sequence[str], orphans: Sequence[str]) -> dict[str, Move]:
    """Return ``{new document: Move}`` for the new documents among `pending` that are orphans moved."""
    new = [doc for doc in pending if not _has_files(config, doc)]
    if not new:
        return {}
    before = {doc: texts for doc in orphans if (texts := _orphan_texts(config, doc))}
    pairs = []
    for doc in new:
        texts = {s.text for s in workspace.read_document(config, doc)[0].segments}
        for old, had in before.items():
            shared = len(texts & had)
            if texts and 2 * shared >= len(texts):
                pairs.append((-shared, doc, old, len(texts)))
    found: dict[str, Move] = {}
    used: set[str] = set()
    for shared, doc, old, total in sorted(pairs):
        if doc not in found and old not in used:
            found[doc] = Move(old, -shared, total)
            used.add(old)
    return dict(sorted(found.items()))


def describe(config: Config, doc: str, move: Move) -> str:
    """Return ``moved a.md -> procedures/a.md (31/33 texts)``."""
    before, after = workspace.source_file(config, move.old), workspace.source_file(config, doc)
    return f"moved {before} -> {after} ({move.shared}/{move.total} texts)"


def remove_taken(config: Config, taken: Sequence[tuple[Path, str]]) -> None:
    """Remove catalogs whose translations a moved document took over, and then their templates.

    A catalog changed since it was read is left alone (it stays an orphan, reported).
    """
    docs = set()
    for path, expected in taken:
        try:
            if digest(read_regular(path)) == expected:
                os.unlink(path)
        except OSError:
            continue
        docs.add(config.relative(path).split("/LC_MESSAGES/", 1)[1][:-3])
    for doc in sorted(docs):
        if not any(config.catalog_path(locale, doc).exists() for locale in config.locales):
            try:
                config.template_path(doc).unlink()
            except OSError:
                pass


def orphan_warnings(config: Config, names: Sequence[str]) -> list[str]:
    """Warn about catalogs and templates whose source document is gone (kept: their translations feed the memory)."""
    found = []
    for doc in memoryfiles.orphans(config, names):
        files = [config.template_path(doc)] + [config.catalog_path(locale, doc) for locale in config.locales]
        kept = ", ".join(config.relative(path) for path in files if path.exists())
        found.append(
            f"{kept}: no source document {workspace.source_file(config, doc)}; kept, and its translations "
            "stay in the translation memory; remove them by hand if the document is gone for good"
        )
    return found


def _has_files(config: Config, doc: str) -> bool:
    return config.template_path(doc).exists() or any(config.catalog_path(l, doc).exists() for l in config.locales)


def _orphan_texts(config: Config, doc: str) -> set[str]:
    """Return the texts an orphan's template (else its first catalog) holds."""
    for path in [config.template_path(doc)] + [config.catalog_path(locale, doc) for locale in config.locales]:
        po, _ = workspace.read_catalog(config, path)
        if po is not None:
            return set(catalog.msgids(po))
    return set()
