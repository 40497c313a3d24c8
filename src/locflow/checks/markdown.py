"""`links` and `markup`: what the inline Markdown of a translation must keep from its source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from locflow.checks import inline
from locflow.checks.registry import issue
from locflow.checks.unsafe import unsafe_html
from locflow.model import Entry, Finding

if TYPE_CHECKING:
    from locflow.checks.context import Context


def markdown_checks(entry: Entry, context: Context) -> Iterator[Finding]:
    """Run `links`, `markup` and `unsafe-html`: parse both texts only when they hold markup."""
    source = context.source_inline(entry.msgid)
    target = context.inline(entry.msgstr)
    yield from links(source, target)
    yield from markup(entry, source, target)
    yield from unsafe_html(entry, context, source, target)


def links(source: inline.Inline, target: inline.Inline) -> Iterator[Finding]:
    """Link and image targets survive translation; their order may change."""
    if source.urls == target.urls:
        return
    missing = sorted(source.urls - target.urls)
    added = sorted(target.urls - source.urls)
    if len(missing) == 1 and len(added) == 1:
        yield issue("links", f"the link target {missing[0]} became {added[0]}; keep the source's")
    elif missing or added:
        parts = [f"{url} is missing" for url in missing] + [f"{url} is not in the source" for url in added]
        yield issue("links", f"link targets differ from the source: {'; '.join(parts)}")


def markup(entry: Entry, source: inline.Inline, target: inline.Inline) -> Iterator[Finding]:
    """Code spans stay verbatim; links, images and emphasis keep their count; no block structure."""
    if source is target is inline.PLAIN and "\n" not in entry.msgstr and entry.msgstr[:1] not in inline.BLOCK_STARTS:
        return
    problems = []
    if source.code != target.code:
        missing = list((Counter(source.code) - Counter(target.code)).elements())
        added = list((Counter(target.code) - Counter(source.code)).elements())
        parts = [f"`{c}` is missing" for c in missing] + [f"`{c}` is not in the source" for c in added]
        problems.append(f"code spans must be copied verbatim ({'; '.join(parts)})")
    if source.urls == target.urls:
        for what, a, b in (("links", source.links, target.links), ("images", source.images, target.images)):
            if a != b:
                problems.append(f"{b} {what} where the source has {a}")
    if source.emphasis != target.emphasis:
        hint = ""
        if target.emphasis < source.emphasis and target.stray_stars:
            hint = " (some * or _ markers stay as text: they need a letter, not a space, inside, and next to punctuation a space outside)"
        problems.append(f"{target.emphasis} emphasis spans where the source has {source.emphasis}{hint}")
    if added := inline.added_structure(entry.msgid, entry.msgstr):
        shown = ", ".join(sorted(added))
        problems.append(f"it tries to add block structure ({shown}); a translation is inline text only")
    if problems:
        yield issue("markup", f"the markup differs from the source: {'; '.join(problems)}")
