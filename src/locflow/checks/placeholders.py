"""`source-placeholder` and `placeholder`: filler text in the source, and in a translation."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from locflow.checks import filler
from locflow.checks.registry import issue
from locflow.model import Document, Entry, Finding

if TYPE_CHECKING:
    from locflow.checks.context import Context


def source_placeholders(
    document: Document, patterns: Sequence[re.Pattern[str]] = (), source_locale: str = "en"
) -> list[tuple[int, str, str]]:
    """Return ``(line, text, reason)`` for each source segment that is placeholder text.

    Lorem ipsum (by its vocabulary), TODO / TBD / FIXME / XXX markers and text
    matching `patterns` (``config.compiled_patterns``) are placeholders.
    ``{{var}}`` is not: in the source it may be meant for a later templating stage.

    >>> from locflow.segment import segment
    >>> source_placeholders(segment("# Care\\n\\nMassa bibendum\\n\\nTBD\\n", "a.md"))
    [(3, 'Massa bibendum', 'Lorem ipsum: bibendum, massa'), (5, 'TBD', 'the marker TBD')]
    """
    found = []
    for segment in document.segments:
        reasons = list(filler.reasons(segment.text, patterns, source_locale.split("_")[0]))
        if reasons:
            found.append((segment.line, segment.text, "; ".join(reasons)))
    return found


def placeholder(entry: Entry, context: Context) -> Iterator[Finding]:
    """Find filler in a translation: Lorem ipsum, markers, unfilled variables, configured patterns."""
    text, target = entry.msgstr, context.target
    reasons = []
    if target.language != "la" and (latin := filler.lorem(text)):
        if not set(latin) <= set(filler.words(entry.msgid)):
            reasons.append(filler.describe(latin))
    for marker in dict.fromkeys(filler.markers(text, target.language)):
        if marker in entry.msgid or (marker == "XXX" and 30 in context.source_numbers(entry.msgid)):
            continue  # the source has it too, or XXX is the Roman numeral 30
        reasons.append(f"the marker {marker}")
    source_variables = set(filler.variables(entry.msgid))
    for variable in dict.fromkeys(filler.variables(text)):
        if variable not in source_variables:
            reasons.append(f"the unfilled variable {variable}, which the source does not have")
    for pattern in context.patterns:
        if (match := pattern.search(text)) and not pattern.search(entry.msgid):
            reasons.append(f"{match.group(0)!r}, which matches placeholder_patterns {pattern.pattern!r}")
    if reasons:
        yield issue("placeholder", f"the translation is placeholder text: {'; '.join(reasons)}")
