"""Errors a user can fix. Each message names the file (and line) to look at."""


class LocflowError(Exception):
    """A problem in the user's input or environment, not a bug in locflow."""


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
        super().__init__(place + detail)
        self.path = path
        """The catalog as shown to users; empty when the message names no file."""
        self.line = line
        """1-based line of the problem; 0 for the file as a whole."""
        self.detail = detail
        """The message without its file and line."""
