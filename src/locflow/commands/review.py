"""`locflow review`: a static site for reviewing translations next to the English, into review/.

For every locale, an index of the documents (how complete, how many
findings) and for every document a page with, block by block, the English,
the translation as the page renders it (`render.inline`, in the locale's
``lang`` and ``dir``), its status, the `check` findings about it, and for a
fuzzy entry a word diff from the previous English. ``cli`` runs the check
command and passes its `Outcome` in: command modules never import each
other. Pages are staged and written together (`transaction.staged`); a file
whose bytes are unchanged is not rewritten, and files of documents or
locales that are gone are removed.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from locflow import catalog, render, textrender, workspace
from locflow.config import REVIEW_DIR, Config
from locflow.errors import CatalogError
from locflow.fsio import decode_utf8, locked, read_bytes
from locflow.transaction import staged
from locflow.model import Counts, Entry, Finding, Outcome
from locflow.reviewpage import DocumentReview, Row, document_page, locale_index, site_index, word_diff
from locflow.workspace import Progress

DEFAULT_OUT = REVIEW_DIR


@dataclass(slots=True)
class ReviewResult:
    """What `review` wrote."""

    out: str
    locales: tuple[str, ...]
    documents: int
    written: list[str] = field(default_factory=list)
    """Files written (new or changed), relative to the project."""
    removed: list[str] = field(default_factory=list)


def review(
    config: Config, outcome: Outcome, locales: Sequence[str] | None = None, out: str = DEFAULT_OUT, jobs: int = 1,
    progress: Progress | None = None,
) -> ReviewResult:
    """Write the review site of `locales` (default: all) under `out`, with the findings of `outcome`."""
    workspace.own_folder(config, out)
    chosen = workspace.select_locales(config, locales)
    names = workspace.document_names(config)
    by_document: dict[str, list[Finding]] = {}
    for finding in outcome.findings:
        by_document.setdefault(finding.document, []).append(finding)
    result = ReviewResult(out, chosen, len(names))
    reviews: dict[str, list[DocumentReview]] = {locale: [] for locale in chosen}
    with locked(config.root, "review"):
        keep: set[str] = set()
        with staged(config.root) as transaction:

            def stage(path: str, text: str) -> None:
                keep.add(path)
                if transaction.stage(config.root / path, text.encode("utf-8")):
                    result.written.append(path)

            found = [tuple(by_document.get(doc, ())) for doc in names]
            columns = ([config] * len(names), names, [chosen] * len(names), found)
            for doc, pages in zip(names, workspace.pool_map(_review_document, jobs, *columns, chunk=16)):
                for page, text in pages:
                    reviews[page.locale].append(page)
                    stage(f"{out}/{page.locale}/{doc}.html", text)
                if progress:
                    progress(1, len(names))
            summaries = []
            for locale in chosen:
                stage(f"{out}/{locale}.html", locale_index(locale, reviews[locale]))
                summaries.append(_summary(locale, reviews[locale]))
            stage(f"{out}/index.html", site_index(summaries))
        others = set(config.locales) - set(chosen)  # locales not reviewed now keep their pages
        result.removed = _remove_others(config, out, keep, others)
    return result


def _summary(locale: str, reviews: Sequence[DocumentReview]) -> tuple[str, int, float, int, int]:
    found = [f for review in reviews for f in review.all_findings]
    errors = sum(f.severity == "error" for f in found)
    percent = round(sum(r.percent for r in reviews) / len(reviews), 1) if reviews else 100.0
    return locale, len(reviews), percent, errors, len(found) - errors


def _review_document(
    config: Config, doc: str, locales: tuple[str, ...], findings: tuple[Finding, ...]
) -> list[tuple[DocumentReview, str]]:
    """Return the review of one document in each locale, with its page's HTML."""
    shown = workspace.source_file(config, doc)
    parsed = render.parse(decode_utf8(read_bytes(config.source_path(doc), shown), shown), shown, config.front_matter_keys, config.syntax)
    segments = parsed.document.segments
    english = render.language(config.source_locale)
    sources = render.source_blocks(parsed, english.direction)
    sources.update((s.text, _html(parsed, s.kind, s.text, english.direction)) for s in segments if s.text not in sources)
    filler = {f.source for f in findings if f.check == "source-placeholder"}
    pages = []
    for locale in locales:
        path = config.catalog_path(locale, doc)
        catalog_file = config.relative(path)
        entries, lines = _entries(config, path, catalog_file)
        language = render.language(locale)
        mine = [f for f in findings if f.locale in (locale, None)]
        about: dict[str, list[Finding]] = {}
        for finding in mine:
            if finding.source:
                about.setdefault(finding.source, []).append(finding)
        rows = []
        for number, segment in enumerate(segments, 1):
            entry = entries.get(segment.text)
            status = _status(segment.text, entry, entries, filler)
            msgstr = entry.msgstr if entry is not None and entry.msgstr.strip() else ""
            previous = entry.previous_msgid if entry is not None and entry.fuzzy else None
            rows.append(Row(
                number=number,
                kind=segment.kind,
                source_line=segment.line,
                source_html=sources[segment.text],
                translation_html=_html(parsed, segment.kind, msgstr, language.direction) if msgstr else "",
                status=status,
                po_line=workspace.msgid_line(lines, entry.line) if entry is not None else 0,
                diff_html=word_diff(previous, segment.text) if previous and previous != segment.text else "",
                findings=tuple(about.get(segment.text, ())),
            ))
        translations = {e.msgid: e.msgstr for e in entries.values() if e.msgstr and not e.fuzzy}
        fuzzy = {e.msgid for e in entries.values() if e.msgstr and e.fuzzy}
        counts = workspace.count(parsed.document, translations, fuzzy, Counts(locale, doc), {})
        review = DocumentReview(
            doc, locale, language.lang, language.direction, shown, catalog_file, counts.percent, tuple(rows),
            tuple(f for f in mine if not f.source and f.locale == locale),
        )
        pages.append((review, document_page(review)))
    return pages


def _entries(config: Config, path: Path, shown: str) -> tuple[dict[str, Entry], list[str]]:
    """Return a catalog's entries by msgid and its lines; none when it is missing or unreadable.

    An unreadable catalog is a ``syntax`` finding of the outcome, shown on the page.
    """
    try:
        data = workspace.read_catalog_bytes(config, path)
        if data is None:
            return {}, []
        text = catalog.decode(data, shown)
        po = catalog.loads(text, shown)
    except CatalogError:
        return {}, []
    return {e.msgid: e for e in catalog.entries(po)}, text.removeprefix("\ufeff").splitlines()


def _status(text: str, entry: Entry | None, entries: dict[str, Entry], filler: set[str]) -> str:
    """Return a block's status (see `reviewpage.STATUSES`).

    A fuzzy entry whose previous English is another text of the document
    got its translation from that text (the merge's translation memory):
    ``from memory``. Otherwise a fuzzy entry's own English changed: ``fuzzy``.
    """
    if text in filler:
        return "filler"
    if entry is None or not entry.msgstr.strip():
        return "untranslated"
    if entry.fuzzy:
        previous = entry.previous_msgid
        return "from memory" if previous and previous != text and previous in entries else "fuzzy"
    return "translated"


def _html(parsed: render.Parsed, kind: str, text: str, direction: str) -> str:
    """Render a segment: inline Markdown as pages render it, front matter as plain text."""
    if kind.startswith("front matter"):
        return textrender.printable(html.escape(text))
    return render.inline(parsed, text, direction)


def _remove_others(config: Config, out: str, keep: set[str], others: set[str]) -> list[str]:
    """Remove the pages under `out` this run did not write (a document or locale that is gone).

    Pages of the locales in `others` stay.
    """
    removed = []
    for folder, _folders, files in sorted(os.walk(config.root / out)):
        for name in sorted(files):
            path = config.relative(Path(folder) / name)
            locale = path[len(out) + 1 :].split("/")[0].removesuffix(".html")
            if path not in keep and name.endswith(".html") and locale not in others:
                os.remove(Path(folder) / name)
                removed.append(path)
    return removed
