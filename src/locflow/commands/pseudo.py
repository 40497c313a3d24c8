"""`locflow pseudo`: pseudo-locale catalogs and pages, to test layouts before any translation exists.

For every document, a catalog in each pseudo-locale (`locflow.pseudo`:
``en_XA`` accented and longer, ``ar_XB`` mirrored right to left) and its
pages are written under ``pseudo/`` (``--out``), never under ``locales/`` or
``dist/``:

    pseudo/locales/en_XA/LC_MESSAGES/<doc>.po     pseudo/dist/en_XA/<doc>.html
    pseudo/locales/ar_XB/LC_MESSAGES/<doc>.po     pseudo/dist/ar_XB/<doc>.txt

`project` returns the project as seen with those folders and locales, so
``cli`` can run the `check` command on the pseudo catalogs. Files under the
output folder that this run did not write are removed.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from locflow import catalog, checks, pseudo, render, textrender, workspace
from locflow.config import PSEUDO_DIR, Config
from locflow.fsio import decode_utf8, locked, read_bytes
from locflow.transaction import staged
from locflow.workspace import Progress

DEFAULT_OUT = PSEUDO_DIR


@dataclass(frozen=True, slots=True)
class PseudoResult:
    """What `pseudo` wrote."""

    out: str
    documents: int
    written: list[str]
    """Files written (changed), relative to the project."""
    removed: list[str]
    project: Config
    """The project with the pseudo catalogs as its locales (for `check`)."""


def project(config: Config, out: str = DEFAULT_OUT) -> Config:
    """Return `config` with the pseudo-locales, their catalogs under `out`/locales and pages under `out`/dist."""
    return dataclasses.replace(
        config, locales=pseudo.LOCALES, locales_dir=f"{out}/locales", dist_dir=f"{out}/dist", min_complete=0
    )


def pseudo_files(config: Config, out: str = DEFAULT_OUT, jobs: int = 1, progress: Progress | None = None) -> PseudoResult:
    """Write both pseudo-locales' catalogs and pages for every document under `out`."""
    workspace.own_folder(config, out)
    names = workspace.document_names(config)
    template, _ = workspace.page_template(config)
    target = project(config, out)
    written: list[str] = []
    with locked(config.root, "pseudo"):
        keep: set[str] = set()
        with staged(config.root) as transaction:
            for files in workspace.pool_map(_document, jobs, [target] * len(names), names, [template] * len(names), chunk=16):
                for path, text in files:
                    keep.add(path)
                    if transaction.stage(config.root / path, text.encode("utf-8")):
                        written.append(path)
                if progress:
                    progress(1, len(names))
        removed = _remove_others(config, out, keep)
    return PseudoResult(out, len(names), written, removed, target)


def _document(config: Config, doc: str, template: str | None) -> list[tuple[str, str]]:
    """Return ``(path, text)`` of every pseudo file of one document."""
    shown = workspace.source_file(config, doc)
    source = decode_utf8(read_bytes(config.source_path(doc), shown), shown)
    parsed = render.parse(source, shown, config.front_matter_keys, config.syntax)
    labels = frozenset(label.lower() for label in checks.references(source, parsed.md).get("references", {}))
    pot = catalog.template(parsed.document, shown)
    english = render.language(config.source_locale)
    linked = [(render.language(locale).lang, render.relative_href(doc, locale, doc)) for locale in config.locales]
    files = []
    for locale in config.locales:
        po = catalog.filled(pot, locale, doc, lambda text, l=locale: pseudo.translate(l, text, config.do_not_translate, labels))
        files.append((config.relative(config.catalog_path(locale, doc)), catalog.dumps(po)))
        localized = render.localize(parsed, catalog.translations(po), render.language(locale), english)
        page = Path(config.dist_dir) / locale / doc
        files.append((f"{page.as_posix()}.html", render.page(localized, locale, linked, template)))
        files.append((f"{page.as_posix()}.txt", textrender.to_text(
            localized.tokens, config.text_width, localized.language.lang, localized.language.direction == "rtl", config.syntax
        )))
    return files


def _remove_others(config: Config, out: str, keep: set[str]) -> list[str]:
    """Remove the files under `out` this run did not write (a document or locale that is gone)."""
    removed = []
    base = config.root / out
    for folder, _folders, files in sorted(os.walk(base)):
        for name in sorted(files):
            path = config.relative(Path(folder) / name)
            if path not in keep and name.endswith((".po", ".html", ".txt")):
                os.remove(Path(folder) / name)
                removed.append(path)
    return removed

