"""Errors a user can fix. Each message names the file (and line) to look at."""


class LocflowError(Exception):
    """A problem in the user's input or environment, not a bug in locflow."""


class ConfigError(LocflowError):
    """The configuration is missing, malformed or names something invalid."""


class SourceError(LocflowError):
    """A source document cannot be read or parsed."""


class CatalogError(LocflowError):
    """A catalog (.po or .pot) cannot be read, parsed or written."""
