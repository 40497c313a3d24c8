"""`protected`, for formulas: with the ``math`` dialect, ``$…$`` and ``$$…$$`` are never translated.

A translation must keep each formula of the source exactly (spaces aside); one that changes, drops
or adds a formula is reported. Formulas are found by the project's parser, as pages show them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from locflow import syntax
from locflow.checks.registry import issue
from locflow.model import Entry, Finding

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from locflow.checks.context import Context


def formulas(text: str, md: MarkdownIt) -> list[str]:
    """Return the formulas of an inline text, as written (``$x^2$``), in order.

    >>> from locflow import segment
    >>> formulas("Area $\\\\pi r^2$ in `$x$`; it costs $5 and $10.", segment.parser(frozenset({"math"})))
    ['$\\\\pi r^2$']
    """
    found = []
    for token in md.parseInline(text, {})[0].children or ():
        if token.type.startswith("math_inline"):
            dollars = "$$" if token.type == "math_inline_double" else "$"
            found.append(f"{dollars}{' '.join(token.content.split())}{dollars}")
    return found


def formula_check(entry: Entry, context: Context) -> Iterator[Finding]:
    """Report formulas a translation changes, drops or adds (with the ``math`` dialect only)."""
    if "$" not in entry.msgid + entry.msgstr or "math" not in syntax.of(context.md.options):
        return
    source, target = Counter(formulas(entry.msgid, context.md)), Counter(formulas(entry.msgstr, context.md))
    if source == target:
        return
    problems = [f"{code} is missing" for code in (source - target).elements()]
    problems += [f"{code} is added" for code in (target - source).elements()]
    yield issue("protected", f"a formula differs from the source: {'; '.join(problems)} (formulas are never translated)")
