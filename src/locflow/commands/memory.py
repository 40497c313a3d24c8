"""`locflow memory export`: a locale's translation memory as a ``.po`` compendium or TMX file for an agency's tool.

The memory is what `extract` fills new texts from: every finished
translation of every catalog of the project (orphaned ones included) and
of the compendia the configuration names. In a ``.po`` compendium, a text
translated several ways is written once, with its most used translation
marked fuzzy and the others in its ``#.`` note, as ``msgcat`` marks such
conflicts. TMX has no fuzzy state (a CAT tool takes every unit as a
confirmed translation), so such texts are left out of it, and so are texts
XML cannot hold (control characters).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from locflow import __version__, catalog, memoryfiles, tmx, workspace
from locflow.config import Config
from locflow.transaction import Transaction


@dataclass(frozen=True, slots=True)
class Exported:
    """What `export` wrote."""

    locale: str
    entries: int
    fuzzy: int
    """Texts translated several ways (written fuzzy in a ``.po`` compendium, left out of TMX)."""
    text: str
    """The compendium's text."""
    left_out: int = 0
    """Texts left out of TMX: those translated several ways, and those XML cannot hold."""


def export(config: Config, locale: str, out: Path | None, fmt: str = "po") -> Exported:
    """Return `locale`'s memory as a compendium (`fmt`: ``po`` or ``tmx``), written atomically to `out` unless it is None."""
    (locale,) = workspace.select_locales(config, (locale,))
    names = workspace.discover(config).names
    memory = memoryfiles.memories(config, (locale,), [*names, *memoryfiles.orphans(config, names)])[locale]
    items = memory.entries()
    fuzzy = sum(1 for item in items if item[2])
    left_out = 0
    if fmt == "tmx":
        pairs = [(s, t) for s, t, unsure, _ in items if not unsure and tmx.writable(s) and tmx.writable(t)]
        text, left_out = tmx.dumps(config.source_locale, locale, pairs, __version__), len(items) - len(pairs)
    else:
        text = catalog.compendium(locale, items)
    if out is not None:
        transaction = Transaction()
        transaction.stage(out, text.encode("utf-8"))
        transaction.commit()
    return Exported(locale, len(items) - left_out, fuzzy, text, left_out)
