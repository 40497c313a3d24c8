"""locflow: localize Markdown content through gettext catalogs."""

__version__ = "0.1.0"
