"""One document's part of a build: its pages in every locale, rendered and staged in a worker process.

A page whose inputs (source, catalog and its parents' catalogs) match the old
manifest, whose linked locales are the same and whose files in dist/ are
intact is not rendered again; otherwise its files (`pagefiles`) are staged,
each only if its bytes change. The files are those of the project's
`formats` (`manifest.output_paths`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from locflow import cache, links, localecode, pageinputs, workspace
from locflow.cache import Seen, unchanged
from locflow.config import Config
from locflow.fsio import decode_utf8, digest
from locflow.loading import lazy
from locflow.manifest import BUILT, DocumentSeen, FileRef, PageEntry, PageSeen, output_paths
from locflow.transaction import Staged, Transaction

render = lazy("locflow.render")
pagefiles = lazy("locflow.pagefiles")


def page_files(config: Config, doc: str, locale: str) -> dict[str, str]:
    """Return a published page's files in the project's formats, by kind, relative to dist/."""
    return output_paths(doc, locale, config.formats, config.markdown_layout)


@dataclass(frozen=True, slots=True)
class Page:
    """One document in one locale, as this build left it."""

    document: str
    locale: str
    status: str
    """``complete``, ``partial`` or ``withheld`` (below ``min_complete``: not in dist/)."""
    fallbacks: int
    """Distinct segments shown in the source language: untranslated or fuzzy."""
    written: bool
    """Whether a file of the page was rewritten (False: already up to date, or withheld)."""


@dataclass(frozen=True, slots=True)
class Task:
    """The work for one document, sent to a worker process."""

    config: Config
    doc: str
    locales: tuple[str, ...]
    """Locales to build, the source locale first."""
    old: dict[str, PageEntry]
    """The document's entries in the old manifest, by locale."""
    trusted: bool
    """Whether the old manifest's entries may be reused (else every page is rendered)."""
    template: str | None
    staging: Path
    seen: DocumentSeen | None
    """The document's record in the build cache: what its files looked like."""
    started: int
    """The file system's time when this build started (the ``since`` of what it reads)."""
    site: links.Site
    """The documents and withheld pages, for links between pages."""
    copies: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """By locale, the files of source/ its Markdown files link to a copy of (`assets.copies`)."""


@dataclass(slots=True)
class Built:
    """One document's part of the build, as the main process keeps it."""

    doc: str
    pages: list[Page]
    entries: dict[str, PageEntry] | None
    """The document's entries in the manifest; None: the same as in the old manifest."""
    seen: DocumentSeen | str
    """The document's record for the build cache (its text when kept as it was)."""
    outputs: tuple[str, ...]
    """The files of the document that the manifest lists, relative to dist/."""
    staged: list[Staged] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    locales: tuple[str, ...] = ()
    """Locales the old manifest had for the document (their folders are cleaned up too)."""


def build_document(task: Task) -> Built:
    """Render one document in the task's locales; stage the files whose bytes change."""
    config, doc = task.config, task.doc
    shown = workspace.source_file(config, doc)
    try:
        data, source_seen = cache.load_file(config.source_path(doc), task.started)
    except OSError as err:
        raise workspace.cannot_read(shown, err) from err
    source = FileRef(shown, digest(data))
    parsed: list[render.Parsed] = []

    def parse() -> render.Parsed:  # only when something must be counted or rendered
        if not parsed:
            parsed.append(render.parse(decode_utf8(data, shown), shown, config.front_matter_keys, config.syntax))
        return parsed[0]

    warnings: list[str] = []
    others: dict[str, pageinputs.Inputs] = {}
    states = {locale: pageinputs.read(config, doc, locale, warnings, task.started) for locale in task.locales}
    for locale in task.locales:
        state = states[locale]
        for parent in localecode.parents(locale, config.locales):
            if parent not in states:  # not built now: read for its translations only
                others[parent] = others.get(parent) or pageinputs.read(config, doc, parent, [], task.started)
            state.parents.append((parent, states.get(parent) or others[parent]))
        old = task.old.get(locale) if task.trusted else None
        if old is not None and old.source == source and old.catalog == state.catalog and all(
            parent in task.old and task.old[parent].catalog == inputs.catalog for parent, inputs in state.parents
        ):
            state.entry = PageEntry(
                source, state.catalog, old.status, old.percent_complete, old.translated, old.fuzzy, old.untranslated,
                inherited=old.inherited, title=old.title,
            )
            state.up_to_date = True
        else:
            state.entry = pageinputs.status(config, doc, locale, source, state, parse)
    # Pages of locales not built now stay as the old manifest has them, and stay linked.
    entries = {locale: task.old[locale] for locale in config.locales if locale not in states and locale in task.old}
    everyone = (config.source_locale, *config.locales)
    status = {locale: entry.status for locale, entry in entries.items()}
    status |= {locale: state.entry.status for locale, state in states.items() if state.entry}
    linked = [locale for locale in everyone if status.get(locale) in BUILT]
    was_linked = [locale for locale in everyone if locale in task.old and task.old[locale].built]
    recorded = task.seen.locales if task.seen else {}
    seen = {locale: _carried(recorded.get(locale), entry) for locale, entry in entries.items()}
    pages, transaction = [], Transaction(task.staging)
    try:
        for locale, state in states.items():
            assert state.entry is not None
            entry, written = state.entry, False
            outputs: dict[str, Seen | None] = {}
            if entry.built:
                old_outputs = task.old[locale].outputs if locale in task.old else {}
                intact = None
                if state.up_to_date and linked == was_linked:
                    page_seen = recorded.get(locale)
                    intact = _intact(config, doc, locale, old_outputs, page_seen.outputs if page_seen else {}, task.started)
                if intact is not None:
                    entry.outputs.update(old_outputs)
                    outputs = intact
                else:
                    written = _render(config, doc, locale, state, parse(), linked, task, transaction)
                    outputs = dict.fromkeys(page_files(config, doc, locale))  # looked at once written
            entries[locale] = entry = state.entry  # with its title, once rendered
            seen[locale] = PageSeen(state.seen, entry.status, entry.fallbacks, outputs)
            pages.append(Page(doc, locale, entry.status, entry.fallbacks, written))
    except BaseException:
        transaction.rollback()
        raise
    listed = tuple(ref.path for entry in entries.values() for ref in entry.outputs.values())
    return Built(
        doc, pages, entries, DocumentSeen(source_seen, seen), listed, transaction.staged, warnings, tuple(task.old),
    )


def _carried(recorded: PageSeen | None, entry: PageEntry) -> PageSeen:
    """Return the build cache's record of a page that this build leaves as it is."""
    outputs = recorded.outputs if recorded else {}
    return PageSeen(
        recorded.catalog if recorded else [],  # [] never matches: the catalog is hashed when the page is built
        entry.status, entry.fallbacks, {kind: outputs.get(kind, []) for kind in entry.outputs},
    )


def _intact(
    config: Config, doc: str, locale: str, outputs: dict[str, FileRef], recorded: dict[str, Seen | None], since: int
) -> dict[str, Seen | None] | None:
    """Return what the build cache remembers of the page's files if dist/ holds exactly the files the
    old manifest lists for it, else None.

    A file whose metadata are as recorded is not read again.
    """
    dist = config.root / config.dist_dir
    seen: dict[str, Seen | None] = {}
    expected = page_files(config, doc, locale)
    for kind, path in expected.items():
        ref = outputs.get(kind)
        if ref is None or ref.path != path:
            return None
        if unchanged(cache.seen(dist / path, 0), recorded.get(kind)):
            seen[kind] = recorded[kind]
            continue
        try:
            data, seen[kind] = cache.load_file(dist / path, since)
        except OSError:
            return None
        if digest(data) != ref.sha256:
            return None
    return seen if len(outputs) == len(expected) else None


def _render(config: Config, doc: str, locale: str, state: pageinputs.Inputs, parsed: render.Parsed,
            linked: Sequence[str], task: Task, transaction: Transaction) -> bool:
    """Render a page's files and stage those that changed; return whether any did."""
    assert state.entry is not None
    files = pagefiles.files(config, doc, locale, state, parsed, linked, task.template, task.site, task.copies.get(locale))
    state.entry = dataclasses.replace(state.entry, title=files.pop("title"))
    written = False
    for kind, path in page_files(config, doc, locale).items():
        blob = files[kind].encode("utf-8")
        written |= transaction.stage(config.root / config.dist_dir / path, blob)
        state.entry.outputs[kind] = FileRef(path, digest(blob))
    return written
