"""Progress tables as `locflow stats` prints them."""

from __future__ import annotations

from locflow.model import Counts


def format_stats(rows: list[Counts], inherited: bool = False) -> str:
    """Return progress as an aligned table with a total per locale.

    With `inherited`, a column counts the segments a regional locale shows from its parent's catalog.
    """
    header = ("locale", "document", "translated", *(("inherited",) if inherited else ()), "fuzzy", "untranslated",
              "complete", "words to translate")

    def cells(r: Counts, document: str) -> tuple[str, ...]:
        return (r.locale, document, str(r.translated), *((str(r.inherited),) if inherited else ()), str(r.fuzzy),
                str(r.untranslated), f"{r.percent:g}%", str(r.words_to_translate))

    table = [header]
    by_locale: dict[str, list[Counts]] = {}
    for row in rows:
        by_locale.setdefault(row.locale, []).append(row)
    for locale, items in by_locale.items():
        for r in items:
            table.append(cells(r, r.document))
        if len(items) > 1:
            total = Counts(locale, "(all)")
            for r in items:
                total += r
            table.append(cells(total, "(all)"))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        padded = [cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines)
