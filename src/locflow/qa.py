"""The QA gate's shell: read the source and every catalog, run the checks, return findings.

Reading happens here; deciding happens in `checks`. The gate cannot run at
all (a `LocflowError`, exit 2) only when the configuration, the source
folder or a source document cannot be read. A catalog that cannot be read
or parsed is a `syntax` finding, and every other catalog is still checked.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from locflow import catalog, checks, project, segment
from locflow.config import Config
from locflow.errors import CatalogError, ConfigError
from locflow.model import Document, Entry, Finding

SOURCE_CHECKS = ("source-placeholder",)
LINE_IN_MESSAGE = re.compile(r":(\d+):\s*(.*)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Checked:
    """A file the gate looked at, and the checks it ran on it."""

    document: str
    locale: str | None
    """None for the source document."""
    file: str
    checks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome(Sequence[Finding]):
    """The findings of a run (a sequence of `Finding`), with the files that were checked."""

    findings: tuple[Finding, ...]
    """Dangerous fuzzy entries first, then by document, file and line."""
    checked: tuple[Checked, ...]

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Finding]: ...
    def __getitem__(self, index):
        return self.findings[index]

    def __len__(self) -> int:
        return len(self.findings)


def check(
    config: Config, locales: Sequence[str] | None = None, jobs: int = 1, progress: Callable[[int], None] | None = None
) -> Outcome:
    """Run every check over the source documents and the catalogs of `locales` (default: all).

    Findings about the source (placeholder text) are reported whatever
    `locales` says: they concern every locale. Documents are checked in
    `jobs` processes; the outcome is the same for any `jobs`. `progress` is
    called with 1 after each document.
    """
    chosen = select_locales(config, locales)
    names = project.document_names(config)
    ranked: list[tuple[bool, Finding]] = []
    checked: list[Checked] = []
    for document_ranked, document_checked in _map(config, names, chosen, jobs):
        ranked.extend(document_ranked)
        checked.extend(document_checked)
        if progress:
            progress(1)
    ranked.sort(key=lambda pair: not pair[0])  # stable: dangerous fuzzy entries first, otherwise in order
    return Outcome(tuple(finding for _, finding in ranked), tuple(checked))


Checks = tuple[list[tuple[bool, Finding]], list[Checked]]
"""What `check_document` returns: ``(dangerous, finding)`` pairs in report order, and the files checked."""


def _map(config: Config, names: Sequence[str], chosen: tuple[str, ...], jobs: int) -> Iterator[Checks]:
    """Yield `check_document` of each document in order, computed in `jobs` processes.

    A process checks a run of consecutive documents with one `checks.Recall`.
    """
    if jobs <= 1 or len(names) < 2:
        recall = checks.Recall()
        for doc in names:
            yield check_document(config, doc, chosen, recall)
        return
    size = max(1, min(128, len(names) // (jobs * 4)))
    runs = [names[i : i + size] for i in range(0, len(names), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for results in pool.map(_check_documents, [config] * len(runs), runs, [chosen] * len(runs)):
            yield from results


def _check_documents(config: Config, docs: Sequence[str], locales: tuple[str, ...]) -> list[Checks]:
    recall = checks.Recall()
    return [check_document(config, doc, locales, recall) for doc in docs]


def check_document(config: Config, doc: str, locales: tuple[str, ...], recall: checks.Recall | None = None) -> Checks:
    """Check a source document and its catalogs in `locales`.

    `recall` is what the run worked out before, to be shared with the next documents.
    """
    document, _ = project.read_document(config, doc)
    md = segment.parser()
    source_file = project.source_file(config, doc)
    placeholders = checks.source_placeholders(document, config.compiled_patterns, config.source_locale)
    ranked: list[tuple[bool, Finding]] = []
    checked = [Checked(doc, None, source_file, SOURCE_CHECKS)]
    for line, text, reason in placeholders:
        message = f"placeholder text in the source ({reason}): {_quote(text)}; replace it with real content"
        ranked.append((False, Finding("source-placeholder", "error", None, doc, source_file, line, text, "", message)))
    base = checks.Context(
        source=checks.language(config.source_locale),
        target=checks.language(config.source_locale),
        md=md,
        references=checks.references(document.source, md),
        filler=frozenset(text for _, text, _ in placeholders),
        names=config.do_not_translate,
        patterns=config.compiled_patterns,
        recall=recall,
    )
    for locale in locales:
        path = config.catalog_path(locale, doc)
        checked.append(Checked(doc, locale, config.relative(path), checks.CATALOG_CHECKS))
        context = dataclasses.replace(base, target=checks.language(locale))
        ranked.extend(check_catalog(config, document, doc, locale, path, context))
    return ranked, checked


def select_locales(config: Config, locales: Sequence[str] | None) -> tuple[str, ...]:
    """Return the locales to check, in configuration order; refuse one the project does not have."""
    if not locales:
        return config.locales
    for locale in locales:
        if locale not in config.locales:
            listed = ", ".join(config.locales) or "none"
            raise ConfigError(
                f"--locale {locale}: not a locale of this project ({config.file} lists: {listed}); "
                f"add it with `locflow init {locale}`"
            )
    return tuple(locale for locale in config.locales if locale in locales)


def check_catalog(
    config: Config, document: Document, doc: str, locale: str, path: Path, context: checks.Context
) -> Iterator[tuple[bool, Finding]]:
    """Check one locale's catalog of a document; yield ``(dangerous, finding)`` pairs."""
    shown = config.relative(path)

    def finding(issue: checks.Issue, line: int, entry: Entry | None = None) -> tuple[bool, Finding]:
        source, translation = (entry.msgid, entry.msgstr) if entry else ("", "")
        return issue.dangerous, Finding(
            issue.check, issue.severity, locale, doc, shown, line, source, translation, issue.message
        )

    loaded = _load(path, shown)
    if isinstance(loaded, Unreadable):
        yield finding(checks.Issue("syntax", f"{loaded.message}; fix the file so gettext tools can read it"), loaded.line)
        return
    if loaded is None:
        message = f"there is no {locale} catalog for {project.source_file(config, doc)}; run `locflow extract`"
        yield finding(checks.Issue("stale", message), 0)
        return
    po, text = loaded
    lines: list[str] = []  # split only when a finding needs a line number

    def split() -> list[str]:
        if not lines:
            lines.extend(text.splitlines())
        return lines

    for issue in checks.check_header(catalog.header(po), locale, catalog.plural_forms(locale)):
        yield finding(issue, _header_line(split(), issue.field))
    stale = checks.check_stale([s.text for s in document.segments], catalog.msgids(po), project.source_file(config, doc))
    if stale is not None:
        yield finding(stale, 0)
    for entry in catalog.entries(po):
        for issue in checks.check_entry(entry, context):
            yield finding(issue, _msgid_line(split(), entry.line), entry)


@dataclass(frozen=True, slots=True)
class Unreadable:
    """Why a catalog could not be read or parsed."""

    line: int
    """Where the problem is; 0 for the file as a whole."""
    message: str


def _load(path: Path, shown: str) -> tuple[object, str] | Unreadable | None:
    """Return ``(catalog, text)``, or None if the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        return Unreadable(0, f"cannot read: {err.strerror or err}")
    try:
        text = catalog.decode(data, shown)
        return catalog.loads(text, shown), text.removeprefix("\ufeff")
    except CatalogError as err:
        message = str(err).removeprefix(shown)
        if match := LINE_IN_MESSAGE.match(message):
            return Unreadable(int(match.group(1)), match.group(2))
        return Unreadable(0, message.lstrip(": "))


def _msgid_line(lines: Sequence[str], start: int) -> int:
    """Return the line of an entry's ``msgid`` (polib gives the line the entry's comments start on)."""
    for number in range(max(start, 1), min(start + 200, len(lines)) + 1):
        if lines[number - 1].startswith("msgid "):
            return number
    return start


def _header_line(lines: Sequence[str], name: str) -> int:
    """Return the line of a header field, or of the header entry when the field is missing."""
    for number, line in enumerate(lines, 1):
        if line.startswith(f'"{name}:'):
            return number
    for number, line in enumerate(lines, 1):
        if line.startswith('msgid ""'):
            return number
    return 1


def _quote(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f'"{text if len(text) <= width else text[: width - 1] + "…"}"'

