"""`locflow memory export`: a locale's translation memory as a ``.po`` compendium for an agency's tool.

The memory is what `extract` fills new texts from: every finished
translation of every catalog of the project (orphaned ones included) and
of the compendia the configuration names. A text translated several ways
is written once, with its most used translation marked fuzzy and the
others in its ``#.`` note, as ``msgcat`` marks such conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from locflow import catalog, memoryfiles, workspace
from locflow.config import Config
from locflow.transaction import Transaction


@dataclass(frozen=True, slots=True)
class Exported:
    """What `export` wrote."""

    locale: str
    entries: int
    fuzzy: int
    """Texts translated several ways (written fuzzy)."""
    text: str
    """The compendium's text."""


def export(config: Config, locale: str, out: Path | None) -> Exported:
    """Return `locale`'s memory as a compendium, written atomically to `out` unless it is None."""
    (locale,) = workspace.select_locales(config, (locale,))
    names = workspace.discover(config).names
    memory = memoryfiles.memories(config, (locale,), [*names, *memoryfiles.orphans(config, names)])[locale]
    items = memory.entries()
    text = catalog.compendium(locale, items)
    if out is not None:
        transaction = Transaction()
        transaction.stage(out, text.encode("utf-8"))
        transaction.commit()
    return Exported(locale, len(items), sum(1 for item in items if item[2]), text)
