"""The names of the site-generator dialects ``syntax = [...]`` may turn on (standard library only).

Kept apart from `syntax`, which loads markdown-it, so reading the configuration never does.
"""

from __future__ import annotations

import difflib

NAMES = ("hugo", "mdx", "admonitions", "gfm-alerts", "footnotes", "deflist", "heading-ids", "math")
"""Every dialect, as ``locflow.toml`` names it (see `syntax` for what each one reads)."""
DEFAULT = ("hugo", "mdx", "admonitions", "gfm-alerts", "footnotes", "deflist", "heading-ids")
"""What a project without ``syntax`` gets: everything but ``math``, where ``$`` is too often money or a shell variable."""


def suggest(name: str) -> str | None:
    """Return the dialect name nearest to a misspelt one, or None.

    >>> suggest("admonition"), suggest("gfm_alerts"), suggest("latex")
    ('admonitions', 'gfm-alerts', None)
    """
    found = difflib.get_close_matches(name.lower().replace("_", "-"), NAMES, n=1, cutoff=0.6)
    return found[0] if found else None
