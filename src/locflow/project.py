"""The shell: find a project's files, run the stages, write results.

Stage modules are pure; this module (with `fsio`) is the one that touches the disk.
They are imported where they are used, so a run that finds nothing to do
never loads markdown-it, polib or the checks.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from locflow import cache
from locflow.config import Config, validate_locale
from locflow.errors import ConfigError, LocflowError, SourceError
from locflow.fsio import Staged, Transaction, decode_utf8, digest, locked, read_bytes, staging_dir

if TYPE_CHECKING:
    from locflow import catalog
    from locflow.model import Document

Progress = Callable[[int], None]
"""Called with the number of units of work just finished."""


# --- finding and reading -------------------------------------------------


def document_names(config: Config) -> list[str]:
    """Return the names of all source documents (``procedures/tpi``), sorted.

    Hidden files and folders are skipped, and so are folders that are
    symbolic links; a file that links outside the source folder is refused.
    """
    source_dir = config.root / config.source_dir
    if not source_dir.is_dir():
        raise SourceError(f"{config.source_dir}/: no such folder; put the English Markdown documents there")
    real_root = source_dir.resolve()
    names = []
    for folder, folders, files in os.walk(source_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = os.path.relpath(folder, source_dir).replace(os.sep, "/")
        prefix = "" if base == "." else f"{base}/"
        for name in files:
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            if os.path.islink(path):
                if not os.path.isfile(path):
                    continue
                if not Path(path).resolve().is_relative_to(real_root):
                    raise SourceError(f"{config.relative(Path(path))}: links outside {config.source_dir}/; copy the file in instead")
            elif not os.path.isfile(path):
                continue
            names.append(prefix + name[:-3])
    return sorted(names)


def source_file(config: Config, doc: str) -> str:
    """Return the document's source path as shown to users (``source/tpi.md``)."""
    return f"{Path(config.source_dir).as_posix()}/{doc}.md"


def read_document(config: Config, doc: str) -> tuple[Document, bytes]:
    """Read and segment one source document; return it with its raw bytes."""
    shown = source_file(config, doc)
    data = read_bytes(config.source_path(doc), shown)
    text = decode_utf8(data, shown)
    from locflow import segment

    return segment.segment(text, shown, config.front_matter_keys), data


def read_catalog(config: Config, path: Path) -> tuple[object | None, str | None]:
    """Parse a catalog if it exists; return it (or None) and the sha256 of its bytes."""
    shown = config.relative(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as err:
        raise LocflowError(f"{shown}: cannot read: {err.strerror or err}") from err
    from locflow import catalog

    return catalog.loads(catalog.decode(data, shown), shown), digest(data)


# --- extract -------------------------------------------------------------


@dataclass(slots=True)
class LocaleChanges:
    """New, changed and removed segments of one locale, with their source words."""

    new: int = 0
    new_words: int = 0
    changed: int = 0
    changed_words: int = 0
    removed: int = 0
    removed_words: int = 0

    def add(self, stats: catalog.MergeStats, words: dict[str, int]) -> None:
        """Add a merge's counts; `words` remembers word counts across locales."""

        from locflow import segment

        def count(texts: list[str]) -> int:
            total = 0
            for text in texts:
                if (n := words.get(text)) is None:
                    n = words[text] = segment.word_count(text)
                total += n
            return total

        self.new += len(stats.new)
        self.new_words += count(stats.new)
        self.changed += len(stats.changed)
        self.changed_words += count(stats.changed)
        self.removed += len(stats.removed)
        self.removed_words += count(stats.removed)

    def __iadd__(self, other: LocaleChanges) -> LocaleChanges:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass(slots=True)
class ExtractResult:
    """What `extract` did."""

    documents: int = 0
    segments: int = 0
    words: int = 0
    locales: dict[str, LocaleChanges] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Things the content owner should look at: filler text, raw HTML, orphan catalogs."""


@dataclass(slots=True)
class _DocumentResult:
    segments: int
    words: int
    changes: dict[str, LocaleChanges]
    staged: list[Staged]
    warnings: list[str]
    record: dict
    """What the cache remembers of this document: input and output hashes, counts, warnings."""


def extract(config: Config, jobs: int = 1, progress: Progress | None = None) -> ExtractResult:
    """Write every document's template and merge it into every locale's catalog.

    All files are written together at the end, or none if anything is wrong.
    A document whose source and files are exactly as the last run left them
    is not parsed again (see `cache`).
    """
    names = document_names(config)
    result = ExtractResult(documents=len(names), locales={locale: LocaleChanges() for locale in config.locales})
    with locked(config.root, "extract"):
        key = cache.fingerprint(config, "extract")
        written = cache.written(config.root, "extract")
        known = cache.load(config.root, "extract", key)
        records = {}
        staging = staging_dir(config.root)
        transaction = Transaction(staging)
        try:
            # Documents whose files are as the cache recorded are settled here;
            # only the others go to the worker processes.
            unchanged = {name: hit for name in names if (hit := _unchanged(config, name, known.get(name), written))}
            pending = [name for name in names if name not in unchanged]
            if jobs > 1 and len(pending) > 1:
                from locflow import catalog, checks, segment  # noqa: F401  # once, before the workers fork
            done = _map(
                _extract_document, config, pending, jobs,
                [staging] * len(pending), [known.get(n) for n in pending], [written] * len(pending),
            )
            rows = (unchanged[name] if name in unchanged else next(done) for name in names)
            for name, outcome in zip(names, rows):
                transaction.extend(outcome.staged)
                result.segments += outcome.segments
                result.words += outcome.words
                result.warnings.extend(outcome.warnings)
                for locale, changes in outcome.changes.items():
                    result.locales[locale] += changes
                records[name] = outcome.record
                if progress:
                    progress(1)
        except BaseException:
            transaction.rollback()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        result.written = [config.relative(p) for p in transaction.commit()]
        staging.rmdir()
        cache.save(config.root, "extract", key, records)
    result.warnings.extend(_orphan_catalogs(config, names))
    return result


def _unchanged(config: Config, doc: str, record: dict | None, written: int | None) -> _DocumentResult | None:
    """Return the cached result of a document whose files all have the size and time recorded."""
    if record is None:
        return None
    paths = [config.source_path(doc), config.template_path(doc)]
    paths += [config.catalog_path(locale, doc) for locale in config.locales]
    stamps = [cache.stamp(path) for path in paths]
    if record.get("stamps") != stamps or not cache.settled(stamps, written):
        return None
    return _DocumentResult(record["segments"], record["words"], {}, [], record["warnings"], record)


def _extract_document(
    config: Config, doc: str, staging: Path, record: dict | None, written: int | None
) -> _DocumentResult:
    shown = source_file(config, doc)
    source = config.source_path(doc)
    outputs = [config.template_path(doc)] + [config.catalog_path(locale, doc) for locale in config.locales]
    stamps = [cache.stamp(path) for path in (source, *outputs)]  # before reading: see cache.stamp
    data = read_bytes(source, shown)
    if record is not None and record.get("source") == digest(data) and record.get("files") == cache.hashes(outputs):
        record = {**record, "stamps": stamps}
        return _DocumentResult(record["segments"], record["words"], {}, [], record["warnings"], record)
    from locflow import catalog, checks, segment

    document = segment.segment(decode_utf8(data, shown), shown, config.front_matter_keys)
    pot = catalog.template(document, shown)
    texts = [entry.msgid for entry in pot]
    words = {text: segment.word_count(text) for text in texts}
    transaction = Transaction(staging)
    changes = {}
    final = {}
    scores: dict[tuple[str, str], float] = {}  # fuzzy similarities, shared by the locales
    try:
        pot_text = catalog.dumps(pot)
        data_out = pot_text.encode("utf-8")
        if transaction.stage(outputs[0], data_out):
            stamps[1] = cache.stamp(transaction.staged[-1].temp)  # os.replace keeps size and mtime
        final[outputs[0]] = data_out
        for number, (locale, path) in enumerate(zip(config.locales, outputs[1:]), 2):
            old, old_hash = read_catalog(config, path)
            changes[locale] = LocaleChanges()
            if old is None:
                changes[locale].add(catalog.new_stats(pot), words)
                text = catalog.new_catalog_text(locale, doc, pot_text)
            else:
                merged, stats = catalog.merge(old, pot, scores)
                changes[locale].add(stats, words)
                text = catalog.dumps(merged)
                # A catalog whose content did not change keeps its bytes, however a
                # translator's tool wrapped or laid it out: no reformatting churn.
                if text == catalog.dumps(old):
                    final[path] = path.read_bytes()
                    continue
            data_out = text.encode("utf-8")
            if transaction.stage(path, data_out, expected=old_hash):
                stamps[number] = cache.stamp(transaction.staged[-1].temp)
            final[path] = data_out
    except BaseException:
        transaction.rollback()
        raise
    warnings = [
        f"{shown}:{line}: placeholder text ({reason}): {_quote(text)}; replace it before it is sent for translation"
        for line, text, reason in checks.source_placeholders(document, config.compiled_patterns, config.source_locale)
    ]
    warnings += [f"{shown}:{line}: raw HTML is shown as text, not markup" for line in document.raw_html_lines]
    record = {
        "source": digest(data),
        "files": [digest(final[path]) for path in outputs],
        "stamps": stamps,
        "segments": len(texts),
        "words": sum(words.values()),
        "warnings": warnings,
    }
    return _DocumentResult(record["segments"], record["words"], changes, transaction.staged, warnings, record)


def _quote(text: str, limit: int = 60) -> str:
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1]}…"'


def _orphan_catalogs(config: Config, names: Sequence[str]) -> list[str]:
    known = set(names)
    warnings = []
    folder = config.root / config.locales_dir
    found = []
    for parent, folders, files in os.walk(folder):
        base = os.path.relpath(parent, folder).replace(os.sep, "/")
        if base == ".":
            folders[:] = [name for name in folders if name not in config.locales]
        prefix = "" if base == "." else f"{base}/"
        found.extend(prefix + name[:-4] for name in files if name.endswith(".pot"))
    for doc in sorted(found):
        if doc not in known:
            path = folder / f"{doc}.pot"
            warnings.append(f"{config.relative(path)}: no source document {source_file(config, doc)}; kept, remove it by hand if the document is gone for good")
    return warnings


def _map(function, config: Config, names: Sequence[str], jobs: int, *columns: Sequence) -> Iterator:
    """Run ``function(config, name, *row)`` for each name, in order, in `jobs` processes.

    Each of `columns` holds one more argument per name.
    """
    if jobs <= 1 or len(names) < 2:
        for name, *row in zip(names, *columns):
            yield function(config, name, *row)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        chunk = max(1, min(64, len(names) // (jobs * 8)))
        yield from pool.map(function, [config] * len(names), names, *columns, chunksize=chunk)


# --- init ----------------------------------------------------------------


def init(config: Config, locale: str) -> ExtractResult:
    """Add `locale` to the project: record it in the config, then create its catalogs."""
    validate_locale(locale, "locale")
    if locale == config.source_locale:
        raise ConfigError(f"{locale!r} is the source locale; it needs no catalogs")
    if locale not in config.locales:
        add_locale_to_config(config, locale)
    from locflow.config import load_config

    return extract(load_config(config.root))


LOCALES_ARRAY = re.compile(r"^(?P<head>[ \t]*locales[ \t]*=[ \t]*\[)(?P<items>[^\]]*)\]", re.MULTILINE)


def add_locale_to_config(config: Config, locale: str) -> None:
    """Append `locale` to the ``locales`` list of the config file, keeping everything else as written."""
    path = config.root / config.file
    text = decode_utf8(read_bytes(path, config.file), config.file)
    start = 0
    if config.file == "pyproject.toml":
        section = re.search(r"^\[tool\.locflow\][ \t]*$", text, re.MULTILINE)
        start = section.end() if section else len(text)
    match = LOCALES_ARRAY.search(text, start)
    if match is None:
        raise ConfigError(f"{config.file}: cannot find the 'locales = [...]' line to add {locale!r} to")
    items = match.group("items").rstrip()
    separator = "" if not items.strip() else ("" if items.endswith(",") else ",") + " "
    if "\n" in items:
        separator = separator.rstrip() + "\n    "
    new_items = f"{items}{separator}\"{locale}\""
    text = text[: match.start("items")] + new_items + ("\n" if "\n" in items else "") + text[match.end("items") :]
    transaction = Transaction()
    transaction.stage(path, text.encode("utf-8"))
    transaction.commit()


# --- stats ---------------------------------------------------------------


@dataclass(slots=True)
class Counts:
    """Translation progress of one document in one locale."""

    locale: str
    document: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def segments(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Percent of segments translated (fuzzy ones are not)."""
        return round(100 * self.translated / self.segments, 1) if self.segments else 100.0

    @property
    def words_to_translate(self) -> int:
        return self.fuzzy_words + self.untranslated_words


def count(
    document: Document, translations: dict[str, str], fuzzy: set[str], locale: str, doc: str,
    counted: dict[str, int] | None = None,
) -> Counts:
    """Count translated, fuzzy and untranslated distinct segments of a document.

    `counted` remembers word counts, so the locales of a document count them once.
    """
    from locflow import segment

    counts = Counts(locale, doc)
    known = {} if counted is None else counted
    for text in dict.fromkeys(s.text for s in document.segments):
        if (words := known.get(text)) is None:
            words = known[text] = segment.word_count(text)
        if text in translations:
            counts.translated += 1
            counts.translated_words += words
        elif text in fuzzy:
            counts.fuzzy += 1
            counts.fuzzy_words += words
        else:
            counts.untranslated += 1
            counts.untranslated_words += words
    return counts


def stats(config: Config) -> list[Counts]:
    """Return translation progress per locale and document, against the current source."""
    from locflow import catalog

    rows = []
    for doc in document_names(config):
        document, _ = read_document(config, doc)
        words: dict[str, int] = {}
        for locale in config.locales:
            po, _ = read_catalog(config, config.catalog_path(locale, doc))
            translations = catalog.translations(po) if po is not None else {}
            fuzzy = catalog.fuzzy_msgids(po) if po is not None else set()
            rows.append(count(document, translations, fuzzy, locale, doc, words))
    return rows
