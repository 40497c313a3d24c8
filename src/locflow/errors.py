"""Errors a user can fix. Each message names the file (and line) to look at."""

from __future__ import annotations


class LocflowError(Exception):
    """A problem in the user's input or environment, not a bug in locflow.

    The message starts with the file (and line) it is about, as compilers
    print them; `path` and `line` carry the same facts for programs.
    """

    def __init__(self, message: str, *, path: str = "", line: int = 0) -> None:
        super().__init__(message)
        self.path = path
        """The file concerned, relative to the project ("" when not one file)."""
        self.line = line
        """The 1-based line concerned; 0 for the file as a whole."""


class ConfigError(LocflowError):
    """The configuration is missing, malformed or names something invalid."""


class SourceError(LocflowError):
    """A source document cannot be read or parsed."""


class CatalogError(LocflowError):
    """A catalog (.po or .pot) cannot be read, parsed or written.

    The message reads ``path:line: detail`` (``path: detail`` for the file as
    a whole); the parts are also kept apart, so that a caller can make a
    finding of them without reading the message back.

    >>> err = CatalogError("malformed string", path="de.po", line=3)
    >>> str(err), err.path, err.line, err.detail
    ('de.po:3: malformed string', 'de.po', 3, 'malformed string')
    """

    def __init__(self, detail: str, *, path: str = "", line: int = 0) -> None:
        place = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(place + detail, path=path, line=line)
        self.detail = detail
        """The message without its file and line."""
