"""Files in source/ besides the documents (pictures, PDFs), published beside the pages of every locale.

As MkDocs does, every file of source/ that is not Markdown is published, at
the same place relative to the pages: ``source/guides/img/x.png`` is
``dist/<locale>/guides/img/x.png``, so the page's ``img/x.png`` resolves in
every locale folder. A localized copy beside it (``img/x.es.png``, Sphinx's
``figure_language_filename`` convention) is published as ``img/x.png`` in
the ``es`` folder (and in a regional ``es_MX`` folder unless it has its own);
localized copies are not published under their own names. Hidden files and
folders, and links leading outside source/, are left out.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from locflow import localecode
from locflow.config import Config
from locflow.errors import LocflowError
from locflow.transaction import Transaction


def files(config: Config) -> tuple[list[str], set[str]]:
    """Return the files to publish (relative to source/, sorted), and every file's name there."""
    source = config.root / config.source_dir
    real_root = source.resolve()
    found: list[str] = []
    for folder, folders, names in os.walk(source):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and not os.path.islink(os.path.join(folder, name)))
        base = os.path.relpath(folder, source).replace(os.sep, "/")
        prefix = "" if base == "." else f"{base}/"
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith(".") or name.endswith(".md") or not os.path.isfile(path):
                continue
            if os.path.islink(path) and not Path(path).resolve().is_relative_to(real_root):
                continue
            found.append(prefix + name)
    everything = set(found)
    every_locale = {config.source_locale, *config.locales}
    return [path for path in found if _localized(path, every_locale) is None], everything


def _localized(path: str, locales: set[str]) -> str | None:
    """Return the locale of a localized copy (``img/x.es.png``), else None."""
    stem, _, _suffix = path.rpartition(".")
    code = stem.rpartition(".")[2] if "." in stem.rpartition("/")[2] else ""
    return code if code in locales else None


def variant(path: str, locale: str, config: Config, present: set[str]) -> str:
    """Return the file published as `path` in `locale`'s folder: its nearest localized copy, else itself.

    >>> variant("img/x.png", "es_MX", Config(Path("."), locales=("es", "es_MX")), {"img/x.png", "img/x.es.png"})
    'img/x.es.png'
    """
    head, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        head, suffix = path, ""
    for code in (locale, *localecode.parents(locale, config.locales)):
        candidate = f"{head}.{code}.{suffix}" if suffix else f"{path}.{code}"
        if candidate in present:
            return candidate
    return path


def copies(config: Config) -> dict[str, dict[str, str]]:
    """Return, by locale, each file that has a localized copy for it, and that copy.

    The Markdown output's ``suffix`` layout publishes every file once, under its own name, so
    a locale's Markdown files link to its copy (``img/x.es.png``) by name.

    >>> copies(Config(Path("docs"), locales=("es", "fr")))
    {}
    """
    paths, present = files(config)
    found = {
        locale: {p: v for p in paths if (v := variant(p, locale, config, present)) != p}
        for locale in (config.source_locale, *config.locales)
    }
    return {locale: mapping for locale, mapping in found.items() if mapping}


def published(config: Config, locales: Sequence[str], markdown: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(file in dist/, file in source/)`` for every published file of `locales`.

    With `markdown` (a layout), the files beside the Markdown output: under ``markdown/<locale>/``
    (``folder``), or once under ``markdown/``, localized copies under their own names (``suffix``).
    """
    paths, present = files(config)
    if markdown == "suffix":
        yield from ((f"markdown/{path}", path) for path in sorted(present))
        return
    prefix = "markdown/" if markdown else ""
    for locale in locales:
        for path in paths:
            yield f"{prefix}{locale}/{path}", variant(path, locale, config, present)


def publish(config: Config, locales: Sequence[str], transaction: Transaction, markdown: str = "") -> set[str]:
    """Stage every published file of `locales` whose copy in dist/ is missing or older; return every
    published file, relative to dist/."""
    source, dist = config.root / config.source_dir, config.root / config.dist_dir
    every = set()
    for out, path in published(config, locales, markdown):
        every.add(out)
        original, copy = source / path, dist / out
        try:
            info = original.stat()
            there = copy.stat() if copy.exists() else None
            if there is not None and there.st_size == info.st_size and there.st_mtime_ns == info.st_mtime_ns:
                continue  # copied from this very file: a copy takes its original's time
            data = original.read_bytes()
        except OSError as err:
            raise LocflowError(f"{config.relative(original)}: cannot read: {err.strerror or err}") from err
        # The time tells which file a copy came from: a locale's copy (x.es.png) added or removed
        # changes what is published as x.png, even when the new original is older or of the same size.
        staged = transaction.stage(copy, data)
        try:
            os.utime(transaction.staged[-1].temp if staged else copy, ns=(info.st_atime_ns, info.st_mtime_ns))
        except OSError as err:
            raise LocflowError(f"{config.relative(copy)}: cannot set its time: {err.strerror or err}") from err
    return every


def remove_stale(config: Config, before: Sequence[str], now: set[str]) -> list[str]:
    """Remove from dist/ the files the last build published (`before`) that this one does not (`now`):
    their source is gone, or every page of their locale is withheld. Return them, relative to the project.

    Only files locflow published are removed; what else is in dist/ is left alone.
    """
    dist = config.root / config.dist_dir
    removed = []
    for out in sorted(set(before) - now):
        path = dist / out
        if ".." in PurePosixPath(out).parts or not path.is_file():
            continue
        try:
            path.unlink()
        except OSError as err:
            raise LocflowError(f"{config.relative(path)}: cannot remove: {err.strerror or err}") from err
        removed.append(config.relative(path))
        for folder in path.parents:
            if folder == dist:
                break
            with contextlib.suppress(OSError):
                folder.rmdir()
    return removed
