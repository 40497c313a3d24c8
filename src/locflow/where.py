"""Paths as the person running locflow sees them: relative to the folder they stand in.

Everything locflow records (findings, the manifest, the caches, JSON and
JUnit reports) names files relative to the project folder, so that records
do not depend on where a command was run. Only what is printed for a person
is rebased: a translator working in ``locales/es/`` reads
``LC_MESSAGES/page.po:12:`` and can open that path as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Where:
    """A project folder and the folder the user stands in (the same, or one inside it)."""

    root: Path
    """The project folder (absolute, resolved)."""
    here: Path
    """Where the user stands: the current folder, or the one given with ``-C`` (absolute, resolved)."""
    tops: tuple[str, ...] = ()
    """Project-relative names a message may start with (``source/``, ``locales/``, ``locflow.toml``)."""

    def path(self, shown: str) -> str:
        """Return a project-relative path as seen from `here`.

        >>> Where(Path("/p"), Path("/p/locales/es")).path("locales/es/LC_MESSAGES/a.po")
        'LC_MESSAGES/a.po'
        >>> Where(Path("/p"), Path("/p")).path("source/a.md")
        'source/a.md'
        """
        if self.here == self.root or not shown:
            return shown
        return Path(os.path.relpath(self.root / shown, self.here)).as_posix()

    def message(self, text: str) -> str:
        """Rebase the path a message starts with (``source/a.md:3: ...``), if it starts with one.

        >>> Where(Path("/p"), Path("/p/source"), ("source/",)).message("source/a.md:3: raw HTML")
        'a.md:3: raw HTML'
        """
        if self.here == self.root or not text.startswith(self.tops):
            return text
        path, colon, rest = text.partition(":")
        return f"{self.path(path)}{colon}{rest}"
