"""The review site's pages: a document block by block, English beside its translation, and the indexes.

Pure: records in, HTML text out. Every text is escaped here except the
``*_html`` fields, which `render.inline` made (the path build renders
translations by). Pages need no script: the filters are radio buttons and
CSS (``:checked``), and a Content-Security-Policy forbids inline script.
"""

from __future__ import annotations

import difflib
import html
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

import babel

from locflow import pseudo
from locflow.model import Finding

STATUSES = ("translated", "fuzzy", "from memory", "untranslated", "filler")
"""A block's status, in the order the summary lists them."""

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; "
    "script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
)
"""No inline script, ever; ``script-src 'self'`` lets ``locflow serve`` add its reload script."""

_TOKEN = re.compile(r"\s+|[^\W_]+|.", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Row:
    """One block of a document in one locale."""

    number: int
    kind: str
    """The segment's kind: "heading 2", "paragraph", "front matter: title" ..."""
    source_line: int
    source_html: str
    translation_html: str
    """The translation rendered as a page renders it; "" when there is none."""
    status: str
    """One of `STATUSES`."""
    po_line: int
    """Line of the entry's msgid in the catalog; 0 when the catalog has no entry."""
    diff_html: str
    """Word diff of the previous English (``#| msgid``) against the current one; "" when none."""
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """A document in one locale, as the reviewer reads it."""

    document: str
    locale: str
    lang: str
    direction: str
    source_file: str
    catalog_file: str
    percent: float
    rows: tuple[Row, ...]
    findings: tuple[Finding, ...]
    """Findings about the catalog as a whole (header, stale, syntax)."""

    @property
    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for row in self.rows for f in row.findings)]

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)


def locale_name(locale: str) -> str:
    """Return a locale's English name with its code: ``Spanish (es)``.

    >>> locale_name("zh_Hans"), locale_name("ar_XB")
    ('Chinese (Simplified) (zh_Hans)', 'Arabic, pseudo-locale (ar_XB)')
    """
    name = babel.Locale.parse(pseudo.babel_code(locale)).get_display_name("en") or locale
    if locale in pseudo.STAND_INS:
        name += ", pseudo-locale"
    return f"{name} ({locale})"


def word_diff(old: str, new: str) -> str:
    """Return HTML showing how `old` became `new`, word by word: ``<del>`` and ``<ins>``.

    >>> word_diff("Rest for 24 hours.", "Rest for 48 hours.")
    'Rest for <del>24</del><ins>48</ins> hours.'
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return "".join(parts)


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n{STYLESHEET}\n</style>\n</head>\n<body>\n<main>\n"
    )


_TAIL = "</main>\n</body>\n</html>\n"


def _filters(choices: Sequence[tuple[str, int]]) -> str:
    """Radio buttons ``show-0`` (all, checked) to ``show-3`` and their labels, from ``(label, count)``.

    Choosing ``show-N`` hides every row without the class ``in-N``.
    """
    inputs = "".join(
        f'<input type="radio" class="filter" name="show" id="show-{i}"{" checked" if i == 0 else ""}>\n'
        for i in range(len(choices))
    )
    labels = " ".join(f'<label for="show-{i}">{html.escape(label)} ({n})</label>' for i, (label, n) in enumerate(choices))
    return f'{inputs}<nav class="filters" aria-label="Show"><span>Show:</span> {labels}</nav>\n'


def _finding_items(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    items = "".join(
        f'<li class="{f.severity}"><strong>{f.severity}</strong> [{html.escape(f.check)}] {html.escape(f.message)}</li>\n'
        for f in findings
    )
    return f'<ul class="findings">\n{items}</ul>\n'


def document_page(review: DocumentReview) -> str:
    """Return the review page of one document in one locale."""
    up = "../" * (review.document.count("/") + 1)
    title = f"Review: {review.document} · {locale_name(review.locale)}"
    found = review.all_findings
    errors = sum(f.severity == "error" for f in found)
    counts = ", ".join(f"{review.count(s)} {s}" for s in STATUSES if review.count(s))
    parts = [
        _head(title),
        f'<p class="crumbs"><a href="{up}index.html">All locales</a> › '
        f'<a href="{up}{urllib.parse.quote(review.locale)}.html">{html.escape(locale_name(review.locale))}</a></p>\n',
        f"<h1>{html.escape(review.document)}</h1>\n",
        f'<p class="files">English: <code>{html.escape(review.source_file)}</code> · '
        f"Translation: <code>{html.escape(review.catalog_file)}</code></p>\n",
        f'<p class="summary">{review.percent:g}% translated · {len(review.rows)} blocks: {counts} · '
        f"{errors} error(s), {len(found) - errors} warning(s)</p>\n",
        _finding_items(review.findings),
        _filters([
            ("All blocks", len(review.rows)),
            ("With findings", sum(bool(r.findings) for r in review.rows)),
            ("Fuzzy", sum(r.status in ("fuzzy", "from memory") for r in review.rows)),
            ("Untranslated", review.count("untranslated")),
        ]),
        '<ol class="rows">\n',
    ]
    target = f'lang="{html.escape(review.lang)}" dir="{review.direction}"'
    for row in review.rows:
        classes = ["row", "status-" + row.status.replace(" ", "-")]
        classes += ["in-1"] if row.findings else []
        classes += ["in-2"] if row.status in ("fuzzy", "from memory") else []
        classes += ["in-3"] if row.status == "untranslated" else []
        where = f"{review.catalog_file}:{row.po_line}" if row.po_line else f"{review.catalog_file}: no entry"
        translation = (
            f'<div class="target" {target}>{row.translation_html}</div>\n' if row.translation_html
            else '<div class="target missing">No translation: the page shows the English.</div>\n'
        )
        diff = (
            f'<div class="diff"><span class="label">The English changed:</span> {row.diff_html}</div>\n'
            if row.diff_html else ""
        )
        parts.append(
            f'<li class="{" ".join(classes)}" id="block-{row.number}" data-status="{row.status}">\n'
            f'<p class="meta"><span class="status">{row.status}</span> Block {row.number} · {html.escape(row.kind)} · '
            f"<code>{html.escape(review.source_file)}:{row.source_line}</code> · <code>{html.escape(where)}</code></p>\n"
            f'<div class="source" lang="en" dir="ltr">{row.source_html}</div>\n{translation}{diff}'
            f"{_finding_items(row.findings)}</li>\n"
        )
    parts.append("</ol>\n")
    parts.append(SIGN_OFF.format(document=html.escape(review.document), locale=html.escape(locale_name(review.locale))))
    parts.append(_TAIL)
    return "".join(parts)


SIGN_OFF = """\
<section class="signoff">
<h2>Sign-off</h2>
<p>I have read every block of the {locale} translation of <strong>{document}</strong> next to the English,
and it is fit to publish (any changes needed are marked on this copy).</p>
<dl>
<dt>Reviewer's name</dt><dd></dd>
<dt>Role</dt><dd></dd>
<dt>Date</dt><dd></dd>
<dt>Signature</dt><dd></dd>
</dl>
</section>
"""


def locale_index(locale: str, reviews: Sequence[DocumentReview]) -> str:
    """Return a locale's index: every document, how complete it is, its findings; filters by status."""
    complete = [r for r in reviews if r.percent >= 100]
    flagged = [r for r in reviews if r.all_findings]
    parts = [
        _head(f"Review: {locale_name(locale)}"),
        '<p class="crumbs"><a href="index.html">All locales</a></p>\n',
        f"<h1>{html.escape(locale_name(locale))}</h1>\n",
        _filters([
            ("All documents", len(reviews)),
            ("With findings", len(flagged)),
            ("Incomplete", len(reviews) - len(complete)),
            ("Complete", len(complete)),
        ]),
        '<table class="rows">\n<thead><tr><th>Document</th><th>Translated</th><th>Blocks</th>'
        "<th>Errors</th><th>Warnings</th></tr></thead>\n<tbody>\n",
    ]
    for review in reviews:
        found = review.all_findings
        errors = sum(f.severity == "error" for f in found)
        classes = ["row", "in-1" if found else "", "in-3" if review.percent >= 100 else "in-2"]
        counts = ", ".join(f"{review.count(s)} {s}" for s in STATUSES if review.count(s))
        href = urllib.parse.quote(f"{locale}/{review.document}.html")
        parts.append(
            f'<tr class="{" ".join(c for c in classes if c)}"><td><a href="{href}">{html.escape(review.document)}</a></td>'
            f"<td>{review.percent:g}%</td><td>{counts}</td><td>{errors}</td><td>{len(found) - errors}</td></tr>\n"
        )
    parts.append("</tbody>\n</table>\n")
    parts.append(_TAIL)
    return "".join(parts)


def site_index(summaries: Sequence[tuple[str, int, float, int, int]]) -> str:
    """Return the review site's front page: ``(locale, documents, percent, errors, warnings)`` per locale."""
    parts = [
        _head("Translation review"),
        "<h1>Translation review</h1>\n<p>Each page shows a document block by block: the English, the translation "
        "as the page shows it, its status and what <code>locflow check</code> found. Print a page to sign it off.</p>\n",
        '<table class="rows">\n<thead><tr><th>Locale</th><th>Documents</th><th>Translated</th><th>Errors</th>'
        "<th>Warnings</th></tr></thead>\n<tbody>\n",
    ]
    for locale, documents, percent, errors, warnings in summaries:
        parts.append(
            f'<tr><td><a href="{urllib.parse.quote(locale)}.html">{html.escape(locale_name(locale))}</a></td>'
            f"<td>{documents}</td><td>{percent:g}%</td><td>{errors}</td><td>{warnings}</td></tr>\n"
        )
    parts.append("</tbody>\n</table>\n")
    parts.append(_TAIL)
    return "".join(parts)


STYLESHEET = """\
body { margin: 0; color: #1f2328; background: #fff;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC", sans-serif; }
main { max-width: 76rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin: 0.4em 0; }
a { color: #0b57d0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; }
.crumbs, .files, .summary { margin: 0.3rem 0; color: #424a53; }
.filter { position: absolute; opacity: 0; pointer-events: none; }
.filters { margin: 1rem 0; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
.filters label { border: 1px solid #8c959f; border-radius: 1rem; padding: 0.15rem 0.8rem; cursor: pointer; }
#show-0:checked ~ .filters label[for=show-0], #show-1:checked ~ .filters label[for=show-1],
#show-2:checked ~ .filters label[for=show-2], #show-3:checked ~ .filters label[for=show-3] { background: #1f2328; color: #fff; }
.filter:focus-visible ~ .filters { outline: 2px solid #0b57d0; outline-offset: 4px; }
#show-1:checked ~ .rows .row:not(.in-1), #show-2:checked ~ .rows .row:not(.in-2),
#show-3:checked ~ .rows .row:not(.in-3) { display: none; }
ol.rows { list-style: none; margin: 0; padding: 0; }
li.row { display: grid; grid-template-columns: 1fr 1fr; gap: 0.3rem 1.5rem; padding: 0.8rem 0; border-top: 1px solid #d0d7de; }
li.row > .meta, li.row > .diff, li.row > .findings { grid-column: 1 / -1; }
.meta { margin: 0; font-size: 0.85rem; color: #59636e; }
.status { display: inline-block; border-radius: 0.3rem; padding: 0 0.4rem; font-weight: 600; background: #dafbe1; color: #116329; }
.status-fuzzy .status, .status-from-memory .status { background: #fff8c5; color: #7d4e00; }
.status-untranslated .status { background: #ffebe9; color: #a40e26; }
.status-filler .status { background: #eaeef2; color: #424a53; }
.source, .target { font-size: 1.05rem; }
.source::before, .target::before { content: attr(lang); display: block; font-size: 0.7rem; letter-spacing: 0.05em;
  text-transform: uppercase; color: #59636e; }
.target { border-inline-start: 3px solid #0b57d0; padding-inline-start: 0.6rem; }
.target.missing { color: #a40e26; font-style: italic; }
.diff { font-size: 0.9rem; background: #f6f8fa; padding: 0.3rem 0.5rem; border-radius: 4px; }
.diff .label { font-weight: 600; }
del { background: #ffebe9; color: #82071e; }
ins { background: #dafbe1; color: #116329; text-decoration: none; }
.findings { margin: 0.2rem 0; padding-inline-start: 1.2rem; font-size: 0.9rem; }
.findings .error strong { color: #a40e26; }
.findings .warning strong { color: #7d4e00; }
table.rows { border-collapse: collapse; width: 100%; }
table.rows th, table.rows td { text-align: start; padding: 0.35rem 0.6rem; border-bottom: 1px solid #d0d7de; }
.signoff { margin-top: 2rem; padding: 1rem; border: 1px solid #8c959f; border-radius: 4px; }
.signoff h2 { margin-top: 0; font-size: 1.2rem; }
.signoff dl { display: grid; grid-template-columns: max-content 1fr; gap: 1.4rem 1rem; align-items: end; }
.signoff dt { font-weight: 600; }
.signoff dd { margin: 0; border-bottom: 1px solid #1f2328; min-height: 1.6rem; }
@media (max-width: 700px) { li.row { grid-template-columns: 1fr; } main { padding: 0.75rem; } }
@media print {
  .filters { display: none; }
  .rows li.row { display: grid !important; break-inside: avoid; }
  .rows tr.row { display: table-row !important; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .signoff { break-inside: avoid; }
}"""
