"""Cleaning up dist/: pages whose document, locale or page is gone, and the folders they leave empty."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from locflow.config import LOCALE_CODE, Config
from locflow.errors import LocflowError
from locflow.manifest import SUFFIXES


def remove_stale(
    config: Config, outputs: dict[str, tuple[str, ...]], old_locales: set[str], chosen: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Remove pages of deleted documents and locales, and withheld pages, from dist/.

    Only ``.html`` and ``.txt`` files in the folders of locales the project
    has (or the old manifest had) are considered. Return the removed files,
    and the locale folders and their subfolders (relative to dist/), for the
    build cache.
    """
    dist = config.root / config.dist_dir
    expected = {path for paths in outputs.values() for path in paths}
    configured = {config.source_locale, *config.locales}
    removed, folders = [], []
    html = "html" in config.formats
    pages = bool({"html", "text"} & set(config.formats))  # else no locale folder is kept, even empty
    for locale in sorted(configured | old_locales):
        folder = dist / locale
        if not LOCALE_CODE.fullmatch(locale):
            continue  # only locale folders locflow writes, whatever a hand-edited manifest says
        folders.append(locale)
        if not folder.is_dir() or folder.is_symlink():
            continue
        stale, subfolders = [], []
        for top, names, files in os.walk(folder):
            subfolders += [os.path.join(top, name) for name in names if not os.path.islink(os.path.join(top, name))]
            for name in files:
                stem, suffix = os.path.splitext(name)
                if suffix not in SUFFIXES.values() or name.startswith("."):
                    continue
                path = os.path.join(top, name)
                relative = Path(path).relative_to(dist).as_posix()
                doc = relative[len(locale) + 1 : -len(suffix)]
                if relative == f"{locale}/index.html" and "index" not in outputs and locale in configured and html:
                    continue  # the locale's index page (`siteindex`), unless a document is called index
                if (
                    relative not in expected
                    and (locale in chosen or locale not in configured or doc not in outputs)
                    and os.path.isfile(path)
                ):
                    stale.append(relative)
        for relative in sorted(stale, key=PurePosixPath):
            path = dist / relative
            try:
                path.unlink()
            except OSError as err:
                raise LocflowError(f"{config.relative(path)}: cannot remove: {err.strerror or err}") from err
            removed.append(config.relative(path))
        _remove_empty_folders(folder, subfolders, keep_root=locale in configured and pages)
        folders += [Path(path).relative_to(dist).as_posix() for path in subfolders if os.path.isdir(path)]
    return removed, folders


def _remove_empty_folders(folder: Path, subfolders: list[str], keep_root: bool) -> None:
    for path in [*sorted(subfolders, key=lambda p: -p.count(os.sep)), *([] if keep_root else [folder])]:
        with contextlib.suppress(OSError):
            os.rmdir(path)
