"""`locflow check`: the QA gate. Read the source and every catalog, run the checks, return findings.

Reading happens here; deciding happens in `checks`. The gate cannot run at
all (a `LocflowError`, exit 2) only when the configuration, the source
folder or a source document cannot be read. A catalog that cannot be read
or parsed is a `syntax` finding, and every other catalog is still checked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from locflow import assets, catalog, checkcache, checks, conflicts, labels, localecode, memoryfiles, segment, workspace
from locflow.checks.consistency import consistency
from locflow.config import Config
from locflow.errors import CatalogError
from locflow.model import Checked, Document, Entry, Finding, Outcome
from locflow.workspace import Progress

def check(
    config: Config, locales: Sequence[str] | None = None, jobs: int = 1, progress: Progress | None = None
) -> Outcome:
    """Run every check over the source documents and the catalogs of `locales` (default: all).

    Findings about the source (placeholder text) are reported whatever
    `locales` says: they concern every locale. Documents are checked in
    `jobs` processes; the outcome is the same for any `jobs`. A document none
    of whose files changed since the last run keeps that run's findings
    (`checkcache`), so a run after a small change re-checks little.
    """
    chosen = workspace.select_locales(config, locales)
    names = workspace.document_names(config)
    findings: list[Finding] = []
    checked: list[Checked] = []
    count = len(names)
    inherited: dict[tuple[str, str], int] = {}
    with checkcache.Memo.open(config, chosen) as memo:
        anchors = memo.anchors(names)  # those of documents unchanged since the last run
        changed = [doc for doc in names if doc not in anchors]
        anchors |= dict(zip(changed, workspace.pool_map(_anchors, jobs, [config] * len(changed), changed)))
        site = Site({doc: anchors[doc] for doc in names}, _files(config))
        kept = memo.results(names, site.anchors, site.files)
        if progress and kept:
            progress(len(kept), count)
        pending = [doc for doc in names if doc not in kept]
        # A process checks a run of consecutive documents, sharing one `checks.Recall`.
        size = max(1, len(pending)) if jobs <= 1 else max(1, min(128, len(pending) // (jobs * 4)))
        runs = [pending[i : i + size] for i in range(0, len(pending), size)]
        columns = ([config] * len(runs), runs, [chosen] * len(runs), [site] * len(runs))
        found: dict[str, Checks] = dict(kept)
        for run, results in zip(runs, workspace.pool_map(_check_documents, jobs, *columns, chunk=1)):
            for doc, result in zip(run, results):
                found[doc] = result
                memo.record(doc, result)
                if progress:
                    progress(1, count)
    for doc in names:  # in document order, whichever run found them
        document_findings, document_checked, document_inherited = found[doc]
        findings.extend(document_findings)
        checked.extend(document_checked)
        for key, number in document_inherited.items():
            inherited[key] = inherited.get(key, 0) + number
    findings.extend(_project_findings(config, chosen, names))
    findings.sort(key=lambda finding: not finding.dangerous)  # stable: dangerous fuzzy entries first
    return Outcome(tuple(findings), tuple(checked), tuple((*key, number) for key, number in inherited.items()))


def _project_findings(config: Config, locales: tuple[str, ...], names: Sequence[str]) -> list[Finding]:
    """Return the ``orphan`` and ``consistency`` warnings: the project's catalogs as a whole."""
    orphans = memoryfiles.orphans(config, names)
    findings = [
        Finding("orphan", "warning", locale, doc, config.relative(path), 0, "", "", (
            f"no source document {workspace.source_file(config, doc)}; its translations stay in the translation "
            "memory; remove the file if the document is gone for good"))
        for doc in orphans for locale in locales if (path := config.catalog_path(locale, doc)).exists()
    ]
    documents = {workspace.source_file(config, doc): doc for doc in names}
    for locale, units in conflicts.units(config, locales, names).items():
        for finding in consistency(units):
            first = documents[min(u.origin for u in units if u.source == finding.source)]
            file = config.relative(config.catalog_path(locale, first))
            findings.append(dataclasses.replace(finding, locale=locale, document=first, file=file))
    return findings


Checks = checkcache.Checks
"""What `check_document` returns: findings in report order, the files checked, and by ``(locale, parent)``
the entries a regional locale leaves to its parent's translation."""


@dataclasses.dataclass(frozen=True, slots=True)
class Site:
    """What links in the source may lead to."""

    anchors: dict[str, frozenset[str]]
    """Every document and the ids of its headings."""
    files: frozenset[str]
    """source/'s other files (published beside the pages), relative to source/."""


def _anchors(config: Config, doc: str) -> frozenset[str]:
    document, _ = workspace.read_document(config, doc)
    return checks.anchors(segment.parser(config.syntax).parse(document.source, {}))


def _files(config: Config) -> frozenset[str]:
    return frozenset(assets.files(config)[1])


def _check_documents(config: Config, docs: Sequence[str], locales: tuple[str, ...], site: Site | None = None) -> list[Checks]:
    recall = checks.Recall()
    return [check_document(config, doc, locales, recall, site) for doc in docs]


def check_document(
    config: Config, doc: str, locales: tuple[str, ...], recall: checks.Recall | None = None, site: Site | None = None
) -> Checks:
    """Check a source document and its catalogs in `locales`.

    `recall` is what the run worked out before, to be shared with the next documents; `site`
    is where links may lead (None: links between documents are not checked).
    """
    document, _ = workspace.read_document(config, doc)
    md = segment.parser(config.syntax)
    source_file = workspace.source_file(config, doc)
    placeholders = checks.source_placeholders(document, config.compiled_patterns, config.source_locale)
    findings: list[Finding] = []
    checked = [Checked(doc, None, source_file, checks.SOURCE_CHECKS)]
    for line, text, reason in placeholders:
        message = f"placeholder text in the source ({reason}): {workspace.quote(text)}; replace it with real content"
        findings.append(Finding("source-placeholder", "error", None, doc, source_file, line, text, "", message))
    if site is not None:
        tokens = md.parse(document.source, {})
        for finding in checks.broken_links(tokens, doc, site.anchors, site.files, config.compiled_links):
            findings.append(dataclasses.replace(finding, document=doc, file=source_file))
    base = checks.Context(
        source=checks.language(config.source_locale),
        target=checks.language(config.source_locale),
        md=md,
        references=checks.references(document.source, md),
        filler=frozenset(text for _, text, _ in placeholders),
        labels=labels.only(document.segments),
        names=config.do_not_translate,
        patterns=config.compiled_patterns,
        recall=recall,
    )
    parents = _Parents(config, doc)
    inherited: dict[tuple[str, str], int] = {}
    for locale in locales:
        path = config.catalog_path(locale, doc)
        checked.append(Checked(doc, locale, config.relative(path), checks.CATALOG_CHECKS))
        context = dataclasses.replace(base, target=checks.language(locale))
        covered = parents.covered(locale)
        for finding in check_catalog(config, document, doc, locale, path, context):
            if finding.check == "untranslated" and finding.source in covered:
                key = (locale, covered[finding.source])
                inherited[key] = inherited.get(key, 0) + 1
            else:
                findings.append(finding)
    order = {c.file: number for number, c in enumerate(checked)}
    findings.sort(key=lambda f: (order.get(f.file, len(order)), f.line))  # stable: a line's findings as found
    return findings, checked, inherited


class _Parents:
    """The translations of a document that regional locales fall back to, each catalog read once."""

    def __init__(self, config: Config, doc: str) -> None:
        self.config, self.doc = config, doc
        self.read: dict[str, dict[str, str]] = {}

    def covered(self, locale: str) -> dict[str, str]:
        """Return the texts a parent of `locale` translates, each with the nearest such parent."""
        found: dict[str, str] = {}
        for parent in localecode.parents(locale, self.config.locales):
            if parent not in self.read:
                try:
                    self.read[parent] = workspace.translations(self.config, parent, self.doc)
                except CatalogError:
                    self.read[parent] = {}  # reported as a syntax finding of the parent's own catalog
            for text in self.read[parent]:
                found.setdefault(text, parent)
        return found


def check_catalog(
    config: Config, document: Document, doc: str, locale: str, path: Path, context: checks.Context
) -> Iterator[Finding]:
    """Check one locale's catalog of a document."""
    shown = config.relative(path)

    def placed(finding: Finding, line: int, entry: Entry | None = None) -> Finding:
        source, translation = (entry.msgid, entry.msgstr) if entry else ("", "")
        return dataclasses.replace(
            finding, locale=locale, document=doc, file=shown, line=line, source=source, translation=translation
        )

    try:
        data = workspace.read_catalog_bytes(config, path)
        if data is None:
            message = f"there is no {locale} catalog for {workspace.source_file(config, doc)}; run `locflow extract`"
            yield placed(checks.issue("stale", message), 0)
            return
        text = catalog.decode(data, shown)
        po = catalog.loads(text, shown)
    except CatalogError as err:
        yield placed(checks.issue("syntax", f"{err.detail}; fix the file so gettext tools can read it"), err.line)
        return
    lines: list[str] = []  # split only when a finding needs a line number

    def split() -> list[str]:
        if not lines:
            lines.extend(text.removeprefix("\ufeff").splitlines())
        return lines

    header = checks.check_header(
        catalog.header(po), locale, catalog.plural_forms(locale), line_of=lambda field: _header_line(split(), field)
    )
    for finding in header:
        yield placed(finding, finding.line)
    stale = checks.check_stale([s.text for s in document.segments], catalog.msgids(po), workspace.source_file(config, doc))
    if stale is not None:
        yield placed(stale, 0)
    for entry in catalog.entries(po):
        for finding in checks.check_entry(entry, context):
            yield placed(finding, workspace.msgid_line(split(), entry.line), entry)


def _header_line(lines: Sequence[str], name: str) -> int:
    """Return the line of a header field, or of the header entry when the field is missing."""
    for number, line in enumerate(lines, 1):
        if line.startswith(f'"{name}:'):
            return number
    for number, line in enumerate(lines, 1):
        if line.startswith('msgid ""'):
            return number
    return 1
