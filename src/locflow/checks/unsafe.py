"""`unsafe-html`: raw HTML, tag-like text, event handlers and script URLs a translation adds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from locflow.checks import inline
from locflow.checks.registry import issue
from locflow.model import Entry, Finding

if TYPE_CHECKING:
    from locflow.checks.context import Context


EVENT_HANDLER = re.compile(r"\bon[a-z]{3,}\s*=", re.IGNORECASE)
"""``onload=``, ``onclick =``: an attempt to break out of an attribute (pages escape it; the gate still says so)."""


def unsafe_html(
    entry: Entry, context: Context, source: inline.Inline | None = None, target: inline.Inline | None = None
) -> Iterator[Finding]:
    """Find raw HTML and script URLs in a translation that its source does not have.

    HTML the source itself has may be copied: it is shown as text either way,
    and `extract` already tells the content owner about it.
    """
    if source is None or target is None:
        source = context.source_inline(entry.msgid)
        target = context.inline(entry.msgstr)
    problems = []
    if target.html:
        problems += [f"raw HTML {tag}" for tag in (Counter(target.html) - Counter(source.html)).elements()]
    if target.tag_like:
        problems += [f"text that looks like HTML {text}" for text in (Counter(target.tag_like) - Counter(source.tag_like)).elements()]
    if "=" in entry.msgstr:  # an event handler attribute needs one
        in_tags = Counter(EVENT_HANDLER.findall("\n".join(tag for tag in target.html + target.tag_like if "=" in tag)))
        # a handler inside a tag is reported with its tag
        handlers = Counter(EVENT_HANDLER.findall(entry.msgstr)) - in_tags - Counter(EVENT_HANDLER.findall(entry.msgid))
        problems += [f"text that looks like an event handler attribute {name.strip()}" for name in handlers.elements()]
    problems += [f"the script URL {url}" for url in inline.dangerous_urls(entry.msgstr) if url not in entry.msgid]
    if problems:
        yield issue(
            "unsafe-html",
            f"the translation has {'; '.join(dict.fromkeys(problems))}: remove it (pages show it as text, never as markup)",
        )
