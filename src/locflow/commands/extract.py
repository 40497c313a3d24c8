"""`locflow extract` and `locflow init`: source documents into templates and catalogs.

Every document is segmented, its template (``.pot``) written and merged
into each locale's catalog with gettext's rules (see `catalog.merge`). All
files are written together at the end, or none if anything is wrong; a
catalog a translator saved while extract ran is never overwritten
(`transaction.Transaction`). A document whose source and files are as the last
run left them (`cache`) is not read again.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from locflow import cache, memoryfiles, moves, workspace
from locflow.config import Config, add_locale, load_config, validate_locale
from locflow.errors import ConfigError
from locflow.fsio import decode_utf8, digest, locked, read_bytes, staging_dir
from locflow.transaction import Staged, Transaction
from locflow.loading import lazy
from locflow.workspace import Progress

catalog = lazy("locflow.catalog")
memory = lazy("locflow.memory")
checks = lazy("locflow.checks")
segment = lazy("locflow.segment")


@dataclass(slots=True)
class LocaleChanges:
    """New, changed and removed segments of one locale, with their source words."""

    new: int = 0
    new_words: int = 0
    changed: int = 0
    changed_words: int = 0
    removed: int = 0
    removed_words: int = 0
    recalled: int = 0
    """Texts translated from the project's memory (the same text translated in another document or a compendium)."""
    recalled_words: int = 0

    def add(self, stats: catalog.MergeStats, words: dict[str, int]) -> None:
        """Add a merge's counts; `words` remembers word counts across locales."""

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
        self.recalled += len(stats.recalled)
        self.recalled_words += count(stats.recalled)

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
    """Things the content owner should look at: filler text, raw HTML, orphan catalogs, skipped files."""
    moved: list[str] = field(default_factory=list)
    """Documents that took over the catalogs of a moved or renamed one: ``moved a.md -> b/a.md (31/33 texts)``."""


UNMERGED = "unmerged"
"""A `Record`'s entry for a catalog that extract left alone (``--locale``): it matches no file, so it is merged next time."""


@dataclass(frozen=True, slots=True)
class Record:
    """What the extract cache remembers of one document."""

    source: str
    """sha256 of the source bytes."""
    files: tuple[str | None, ...]
    """sha256 of the template and of each locale's catalog, as this run left them (None: no file)."""
    seen: tuple[cache.Seen | None, ...]
    """`cache.seen` of the source, the template and each catalog (None: no file, or not looked at yet)."""
    segments: int
    words: int
    warnings: tuple[str, ...]

    @classmethod
    def from_json(cls, data: object) -> Record | None:
        """Return the record a cache file holds, or None if it is not one."""
        try:
            return cls(
                source=data["source"], files=tuple(data["files"]), seen=tuple(data["seen"]),  # type: ignore[index]
                segments=int(data["segments"]), words=int(data["words"]),  # type: ignore[index]
                warnings=tuple(data["warnings"]),  # type: ignore[index]
            )
        except (TypeError, KeyError, ValueError):
            return None

    def to_json(self) -> dict:
        return {
            "source": self.source, "files": list(self.files), "seen": list(self.seen),
            "segments": self.segments, "words": self.words, "warnings": list(self.warnings),
        }


@dataclass(slots=True)
class _Outcome:
    """One document's part of an extract."""

    record: Record
    changes: dict[str, LocaleChanges] = field(default_factory=dict)
    staged: list[Staged] = field(default_factory=list)
    taken: list[tuple[Path, str]] = field(default_factory=list)
    """Catalogs of a moved document taken over (path, sha256 as read): removed once the new ones are written."""
    units: dict[str, tuple[str, str, str, list]] = field(default_factory=dict)
    """The locale, origin, sha256 and memory units of each catalog written (by project-relative path), for the memory's store."""


_MEMORY: dict[str, memory.Memory] = {}
"""The project's translation memory per locale, set once per process (`_remember`) for the documents it merges."""


def _remember(memories: dict[str, memory.Memory]) -> None:
    _MEMORY.clear()
    _MEMORY.update(memories)


def _forked(jobs: int, rows: int) -> bool:
    """Return whether `workspace.pool_map` runs `rows` in worker processes forked from this one."""
    if jobs <= 1 or rows < 2:
        return False
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _memory_setup(jobs: int, rows: int, memories: dict) -> tuple | None:
    """Return how worker processes get the memory: nothing to send if they are forked from this one (or there are none)."""
    return None if jobs <= 1 or rows < 2 or _forked(jobs, rows) else (_remember, (memories,))


def extract(
    config: Config, jobs: int = 1, progress: Progress | None = None, locales: Sequence[str] | None = None,
    waiting: Callable[[], None] | None = None,
) -> ExtractResult:
    """Write every document's template and merge it into the catalogs of `locales` (default: all).

    Templates are always written. All files are written together at the
    end, or none if anything is wrong. `waiting` is called once if another
    run holds the project's extract lock for more than a second (this one
    waits for it).
    """
    chosen = workspace.select_locales(config, locales)
    found = workspace.discover(config)
    names = found.names
    result = ExtractResult(documents=len(names), locales={locale: LocaleChanges() for locale in chosen})
    result.warnings += found.skipped
    with locked(config.root, "extract", waiting):
        key = cache.fingerprint(config, "extract")
        known = cache.load(config.root, "extract", key)
        since = cache.clock(config.root, "extract")
        records: dict[str, Record] = {}
        staging = staging_dir(config.root)
        transaction = Transaction(staging)
        try:
            # Documents whose files are as the cache recorded are settled here;
            # only the others go to the worker processes.
            old = {name: Record.from_json(known.get(name)) for name in names}
            paths = workspace.Paths(config)
            looked: dict[str, cache.Seen | None] = {}
            kept = {
                name: _Outcome(record) for name in names if (record := old[name]) and _unchanged(config, name, record, paths, looked)
            }
            pending = [name for name in names if name not in kept]
            # The memory is read only when some document is merged; it changes only texts
            # that have no translation in their own catalog, so it is not part of the cache key.
            orphans = memoryfiles.orphans(config, names)
            memories = memoryfiles.load(config, chosen, [*names, *orphans], since, looked) if pending else {}
            found_moves = moves.match(config, pending, orphans) if pending and orphans else {}
            _remember(memories)  # forked workers inherit it; others get it once each (setup)
            if _forked(jobs, len(pending)):
                memoryfiles.prepare(memories)  # read once here, not in each worker
            done = workspace.pool_map(
                _extract_document, jobs, [config] * len(pending), pending, [staging] * len(pending),
                [old[name] for name in pending], [since] * len(pending), [chosen] * len(pending),
                [found_moves.get(name) for name in pending], setup=_memory_setup(jobs, len(pending), memories),
            )
            taken: list[tuple[Path, str]] = []
            units: dict[str, tuple[str, str, str, list]] = {}
            for name in names:
                outcome = kept[name] if name in kept else next(done)
                transaction.extend(outcome.staged)
                taken += outcome.taken
                units.update(outcome.units)
                result.segments += outcome.record.segments
                result.words += outcome.record.words
                result.warnings.extend(outcome.record.warnings)
                for locale, changes in outcome.changes.items():
                    result.locales[locale] += changes
                records[name] = outcome.record
                if progress:
                    progress(1, len(names))
        except BaseException:
            transaction.rollback()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        result.written = [config.relative(p) for p in transaction.commit()]
        staging.rmdir()
        moves.remove_taken(config, taken)
        result.moved = [moves.describe(config, new, move) for new, move in found_moves.items()]
        settled = cache.clock(config.root, "extract")
        verified: dict[str, cache.Seen] = {}
        data = {name: _settle(config, name, r, settled, verified).to_json() for name, r in records.items()}
        if pending:
            memoryfiles.save(config, units, settled, verified)
        cache.save(config.root, "extract", key, data)
    result.warnings.extend(moves.orphan_warnings(config, names))
    return result


def _paths(config: Config, doc: str, paths: workspace.Paths | None = None) -> list[str]:
    """Return the files of a document: its source, its template, each locale's catalog."""
    paths = paths or workspace.Paths(config)
    return [paths.source(doc), paths.template(doc), *(paths.catalogs[locale](doc) for locale in config.locales)]


def _unchanged(config: Config, doc: str, record: Record, paths: workspace.Paths, looked: dict[str, cache.Seen | None]) -> bool:
    """Return whether every file of a document is as the cache recorded it (metadata only); what was seen goes in `looked`."""
    files = _paths(config, doc, paths)
    return len(files) == len(record.seen) and all(
        (now := _look(path, looked)) is None and recorded is None and file is None or cache.unchanged(now, recorded)
        for path, recorded, file in zip(files, record.seen, (record.source, *record.files))
    )


def _look(path: str, looked: dict[str, cache.Seen | None]) -> cache.Seen | None:
    looked[path] = found = cache.seen(path, 0)
    return found


def _settle(config: Config, doc: str, record: Record, since: int, verified: dict[str, cache.Seen]) -> Record:
    """Fill in what the cache remembers of the files written for a document (None in its record).

    A file that no longer holds what was written (saved again meanwhile) stays None: it is read next time.
    Each file found as written is added to `verified` (project-relative path: what was seen), for the memory's store.
    """
    if None not in record.seen:
        return record
    seen = list(record.seen)
    for number, (path, expected) in enumerate(zip(_paths(config, doc)[1:], record.files), 1):
        if seen[number] is None:
            try:
                data, now = cache.load_file(path, since)
            except OSError:
                continue
            seen[number] = now if digest(data) == expected else None
            if seen[number] is not None:
                verified[config.relative(path)] = now
    return Record(record.source, record.files, tuple(seen), record.segments, record.words, record.warnings)


def _extract_document(
    config: Config, doc: str, staging: Path, record: Record | None, since: int, chosen: tuple[str, ...],
    move: moves.Move | None = None,
) -> _Outcome:
    """Write a document's template and merge it into the catalogs of the `chosen` locales.

    The record covers every configured locale's catalog; one left alone
    (not chosen) is recorded as merged only if the last record says it was,
    for the same source, else as ``UNMERGED`` so that the next run merges it.
    A document that `move` says was moved (it has no catalog of a locale,
    its predecessor has) is merged into its predecessor's catalog, which it takes over.
    """
    shown = workspace.source_file(config, doc)
    paths = [Path(path) for path in _paths(config, doc)]
    seen = [cache.seen(path, since) for path in paths]  # before reading: a later change shows next time
    data = read_bytes(paths[0], shown)
    outputs = paths[1:]
    hashes = _hashes(config, outputs)
    if record is not None and record.source == digest(data) and record.files == hashes:
        return _Outcome(Record(record.source, record.files, tuple(seen), record.segments, record.words, record.warnings))
    document = segment.segment(decode_utf8(data, shown), shown, config.front_matter_keys, config.syntax)
    pot = catalog.template(document, shown)
    texts = [entry.msgid for entry in pot]
    words = {text: segment.word_count(text) for text in texts}
    transaction = Transaction(staging)
    changes = {}
    final: dict[Path, bytes] = {}
    recorded: dict[Path, str | None] = {}
    """What the record says of a catalog left alone: its sha256 if merged with this source before, else UNMERGED."""
    taken: list[tuple[Path, str]] = []
    units: dict[str, tuple[str, str, str, list]] = {}
    try:
        pot_text = catalog.dumps(pot)
        final[outputs[0]] = pot_text.encode("utf-8")
        old_template = workspace.read_catalog_bytes(config, outputs[0])
        if transaction.stage(outputs[0], final[outputs[0]], old=old_template, absent=old_template is None):
            seen[1] = None  # looked at once written
        for number, (locale, path) in enumerate(zip(config.locales, outputs[1:]), 2):
            if locale not in chosen:
                if _merged_before(record, digest(data), hashes, number - 1):
                    recorded[path] = hashes[number - 1]
                else:
                    recorded[path], seen[number] = UNMERGED, None
                continue
            old_bytes = workspace.read_catalog_bytes(config, path)
            changes[locale] = LocaleChanges()
            own, took = workspace.source_file(config, doc), False
            if old_bytes is None and move is not None:
                before = config.catalog_path(locale, move.old)
                if (moved := workspace.read_catalog_bytes(config, before)) is not None:
                    old_bytes, own = moved, workspace.source_file(config, move.old)
                    taken.append((before, digest(moved)))
                    took = True
            known, merged = _MEMORY.get(locale), None
            if old_bytes is None and not known:
                changes[locale].add(catalog.new_stats(pot), words)
                text = catalog.new_catalog_text(locale, doc, pot_text)
                expected = None
            else:
                if old_bytes is None:  # a new catalog, filled from the memory
                    old = catalog.new_catalog(locale, doc)
                else:
                    old = catalog.loads(catalog.decode(old_bytes, config.relative(path)), config.relative(path))
                merged, stats = catalog.merge(old, pot, known, own)
                changes[locale].add(stats, words)
                text = catalog.dumps(merged)
                # A catalog whose content did not change keeps its bytes, however a
                # translator's tool wrapped or laid it out: no reformatting churn.
                if old_bytes is not None and text == catalog.dumps(old) and not took:
                    final[path] = old_bytes
                    continue
                expected = None if took or old_bytes is None else digest(old_bytes)
            final[path] = text.encode("utf-8")
            units[config.relative(path)] = (locale, shown, digest(final[path]), catalog.units(merged) if merged else [])
            if transaction.stage(path, final[path], expected=expected, old=None if took else old_bytes, absent=old_bytes is None or took):
                seen[number] = None
    except BaseException:
        transaction.rollback()
        raise
    found = [
        (line, f"placeholder text ({reason}): {workspace.quote(text)}; replace it before it is sent for translation")
        for line, text, reason in checks.source_placeholders(document, config.compiled_patterns, config.source_locale)
    ]
    found += [(line, "HTML outside the allow-list is left out of pages") for line in document.raw_html_lines]
    warnings = [f"{shown}:{line}: {message}" for line, message in sorted(found, key=lambda item: item[0])]
    record = Record(
        source=digest(data), files=tuple(recorded.get(path) or digest(final[path]) for path in outputs), seen=tuple(seen),
        segments=len(texts), words=sum(words.values()), warnings=tuple(warnings),
    )
    return _Outcome(record, changes, transaction.staged, taken, units)


def _merged_before(record: Record | None, source: str, hashes: Sequence[str | None], number: int) -> bool:
    """Return whether the last record says output `number` was merged with this source and is unchanged since."""
    return (
        record is not None and record.source == source and len(record.files) == len(hashes)
        and hashes[number] is not None and record.files[number] == hashes[number]
    )


def _hashes(config: Config, paths: Sequence[Path]) -> tuple[str | None, ...]:
    """Return the sha256 of each file's bytes (None for a missing file)."""
    return tuple(None if (data := workspace.read_catalog_bytes(config, path)) is None else digest(data) for path in paths)


def init(config: Config, locale: str) -> ExtractResult:
    """Add `locale` (either spelling: ``pt-BR``, ``pt_BR``) to the project: record it in the config, then create its catalogs.

    Templates are written too; other locales' catalogs are left alone. The
    result's `locales` names the locale in the gettext spelling that is stored.
    """
    locale = validate_locale(locale, "locale")
    if locale == config.source_locale:
        raise ConfigError(f"{locale!r} is the source locale; it needs no catalogs")
    if locale not in config.locales:
        add_locale(config, locale)
    return extract(load_config(config.root), locales=(locale,))
