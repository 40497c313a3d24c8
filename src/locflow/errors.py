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

    @property
    def reason(self) -> str:
        """The message without the ``path:line:`` it starts with."""
        message = str(self)
        prefix = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        return message[len(prefix) :].lstrip() if self.path and message.startswith(prefix) else message


class ConfigError(LocflowError):
    """The configuration is missing, malformed or names something invalid."""


class SourceError(LocflowError):
    """A source document cannot be read or parsed."""


class CatalogError(LocflowError):
    """A catalog (.po or .pot) cannot be read, parsed or written."""
