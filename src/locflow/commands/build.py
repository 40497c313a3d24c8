"""`locflow build`: every document in every locale, into dist/.

Each source is parsed once and rendered into every locale from that parse.
A page whose inputs (source, catalog, settings, and the set of locales it
links to) match the manifest and whose files are intact is not rendered
again; a document none of whose files changed (by `cache`'s rule) is not
even read. Files are written together at the end (`transaction.Transaction`), or
not at all; stale pages are removed afterwards.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from locflow import assets, cache, cleanup, links, localecode, mdoutput, pageinputs, siteindex, sitemap, workspace
from locflow.cache import Seen, unchanged
from locflow.config import Config
from locflow.fsio import decode_utf8, digest, locked, staging_dir
from locflow.transaction import Staged, Transaction
from locflow.manifest import (
    BUILT, NAME, SUFFIXES, DocumentSeen, FileRef, PageEntry, PageSeen, Previous, Writer, output_paths,
)
from locflow.loading import lazy
from locflow.workspace import Progress

catalog = lazy("locflow.catalog")
render = lazy("locflow.render")
pagefiles = lazy("locflow.pagefiles")


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


@dataclass(slots=True)
class BuildResult:
    """What `build` did."""

    dist: str
    locales: tuple[str, ...]
    """The locales built, the source locale first."""
    pages: list[Page] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Files removed from dist/ because their document, locale or page is gone."""
    warnings: list[str] = field(default_factory=list)
    untouched: bool = False
    """Whether no input changed since the last build (no document or file read, nothing written or removed)."""
    manifest: str | None = None
    """The sha256 of the manifest this build left."""
    notes: list[str] = field(default_factory=list)
    """What the build did not do, and how to get it done (no sitemap without base_url)."""

    @property
    def fallbacks(self) -> int:
        """Segments shown in the source language on the pages in dist/ (``--strict`` fails on any)."""
        return sum(p.fallbacks for p in self.pages if p.status in BUILT)


@dataclass(frozen=True, slots=True)
class _Task:
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


@dataclass(slots=True)
class _Built:
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


def build(
    config: Config, locales: Sequence[str] | None = None, jobs: int = 1, progress: Progress | None = None,
    waiting: Callable[[], None] | None = None,
) -> BuildResult:
    """Write every document's HTML and text page in every locale, and the manifest, to dist/.

    `locales` limits the target locales; the source locale's page, which every
    page names as ``x-default``, is always built, and so is a regional
    locale's page (``es_MX``) with its parent's (``es``). Pages of the other
    locales stay as they are. `waiting` is called once if another build holds
    the project's build lock for more than a second.
    """
    chosen = workspace.select_locales(config, locales, source=True)
    # A regional page (es_MX) shows its parents' text (es): it is built whenever they are.
    chosen = tuple(
        locale for locale in (config.source_locale, *config.locales)
        if locale in chosen or set(localecode.parents(locale, config.locales)) & set(chosen)
    )
    found = workspace.discover(config)
    key = cache.fingerprint(config, "build")
    with locked(config.root, "build", waiting):
        # Links lead to the source locale's page where a page is withheld: known once the pages are
        # counted. The last build's set is assumed; if this build withholds others, the pages are
        # built again with the set it found (a no-op build needs one pass).
        recorded = cache.load(config.root, "build", key).get("withheld")
        withheld = frozenset(tuple(pair) for pair in recorded) if isinstance(recorded, list) else frozenset()
        result = _build(config, chosen, found, key, jobs, progress, withheld)
        now = site_withheld(result, withheld, chosen)
        if now != withheld:
            first = result
            result = _build(config, chosen, found, key, jobs, None, now)
            written = {(page.document, page.locale) for page in first.pages if page.written}
            result.pages = [
                dataclasses.replace(page, written=page.written or (page.document, page.locale) in written)
                for page in result.pages
            ]
            result.removed[:0] = first.removed
        tags = {locale: render.language(locale).lang for locale in (config.source_locale, *config.locales)}
        if note := sitemap.update(config, result.manifest, tags):
            result.notes.append(note)
        if not result.untouched:
            siteindex.update(config)
    return result


def site_withheld(result: BuildResult, before: frozenset, chosen: Sequence[str]) -> frozenset[tuple[str, str]]:
    """Return the withheld pages after a build: those it withheld, and those of locales it did not build."""
    return frozenset(
        {(doc, locale) for doc, locale in before if locale not in chosen}
        | {(page.document, page.locale) for page in result.pages if page.status == "withheld"}
    )


def _build(
    config: Config, chosen: tuple[str, ...], found: workspace.Discovery, key: str, jobs: int, progress: Progress | None,
    withheld: frozenset[tuple[str, str]],
) -> BuildResult:
    """Build once, with links made for the `withheld` pages."""
    names = found.names
    site = links.Site(frozenset(names), withheld, config.source_locale)
    template, template_hash = workspace.page_template(config)
    settings = _settings(config, template_hash, site)
    dist = config.root / config.dist_dir
    result = BuildResult(config.dist_dir, chosen, warnings=list(found.skipped))
    started = cache.clock(config.root, "build")
    before = cache.load(config.root, "build", key).get("assets")  # published files, Markdown pages included
    with Previous.read(config, settings, key) as old:
        result.warnings += old.warnings
        staging = staging_dir(config.root)
        transaction = Transaction(staging)
        writer = Writer(dist / NAME, config.relative(dist / NAME), staging, old)
        spans: dict[str, list] = {}
        records: dict[str, DocumentSeen | str] = {}
        outputs: dict[str, tuple[str, ...]] = {}
        old_locales: set[str] = set()
        kept = True
        try:
            for built in _documents(config, names, chosen, old, template, staging, jobs, started, site):
                kept &= built.entries is None
                transaction.extend(built.staged)
                spans[built.doc] = list(writer.add(built.doc, built.entries))
                records[built.doc] = built.seen
                outputs[built.doc] = built.outputs
                old_locales.update(built.locales)
                result.pages += built.pages
                result.warnings += built.warnings
                if progress:
                    progress(1, len(names))
            publishing = sorted({p.locale for p in result.pages if p.status in BUILT})
            files = assets.publish(config, publishing, transaction)
            if "markdown" in config.formats:
                files |= assets.publish(config, publishing, transaction, config.markdown_layout)
                pages = [(p.document, p.locale) for p in result.pages if p.status in BUILT]
                files |= mdoutput.published(pages, before, chosen, config.markdown_layout)
            written = writer.finish(names, settings, transaction)
            kept &= not transaction.staged
        except BaseException:
            writer.discard()
            transaction.rollback()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        transaction.commit()
        staging.rmdir()
        result.removed += assets.remove_stale(config, before if isinstance(before, list) else [], files)
        walked = old.walked if written.unchanged and old.clean(dist, chosen) else None
    if walked is None:
        removed, folders = cleanup.remove_stale(config, outputs, old_locales, chosen)
        result.removed += removed
    result.untouched = kept and written.unchanged and not result.removed
    result.manifest = written.sha256
    settled = cache.clock(config.root, "build")
    if walked is None:
        walked = {"locales": list(chosen), "folders": {f: cache.seen(dist / f, settled) for f in folders}}
    cache.save(config.root, "build", key, {
        "withheld": sorted(site.withheld),
        "assets": sorted(files),
        "manifest": {"sha256": written.sha256, "seen": cache.seen(dist / NAME, settled), "settings": settings},
        "walked": walked,
        "documents": {
            doc: [*spans[doc], seen if isinstance(seen, str) else _settle(config, doc, seen, settled).to_text()]
            for doc, seen in records.items()
        },
    })
    return result


def _settings(config: Config, template_hash: str | None, site: links.Site) -> dict:
    """Return what, besides a page's source and catalog, changes its bytes or its status.

    ``links`` stands for the documents and the withheld pages, where links between pages lead:
    when they change, every page is built again.
    """
    return {
        "links": digest(json.dumps([sorted(site.documents), sorted(site.withheld)]).encode()),
        "front_matter_keys": list(config.front_matter_keys), "syntax": sorted(config.syntax),
        "locales": [config.source_locale, *config.locales],
        "min_complete": config.min_complete,
        "template": template_hash,
        "text_width": config.text_width,
    } | ({"parts": [config.site_name, config.footer, config.reviewed_label]} if config.site_name or config.footer
         or config.reviewed_label else {}) | ({"markdown": config.markdown_layout} if "markdown" in config.formats else {})


def _settle(config: Config, doc: str, seen: DocumentSeen, settled: int) -> DocumentSeen:
    """Fill in what the build cache remembers of the files written for a document (None in its record)."""
    dist = config.root / config.dist_dir
    for locale, page in seen.locales.items():
        for kind, recorded in page.outputs.items():
            if recorded is None:
                page.outputs[kind] = cache.seen(dist / output_paths(doc, locale)[kind], settled)
    return seen


# --- every document -----------------------------------------------------------


def _documents(
    config: Config, names: Sequence[str], chosen: tuple[str, ...], old: Previous, template: str | None,
    staging: Path, jobs: int, started: int, site: links.Site,
) -> Iterator[_Built]:
    """Yield each document's part of the build, in order: unchanged ones at once, the others from workers."""
    plan: list[_Built | _Task] = []
    paths = workspace.Paths(config)
    for doc in names:
        seen = old.seen(doc)
        kept = _kept(config, doc, chosen, old, seen, paths) if seen else None
        plan.append(kept or _Task(config, doc, chosen, old.entries(doc), old.trusted, template, staging, seen, started, site))
    tasks = [step for step in plan if isinstance(step, _Task)]
    built = workspace.pool_map(_build_document, jobs, tasks, chunk=16)
    for step in plan:
        yield next(built) if isinstance(step, _Task) else step


def _kept(config: Config, doc: str, chosen: tuple[str, ...], old: Previous, seen: DocumentSeen, paths: workspace.Paths) -> _Built | None:
    """Return the document's part unchanged if no file of it changed since the last build, else None.

    Only file metadata are looked at, never contents.
    """
    if not unchanged(cache.seen(paths.source(doc), 0), seen.source):
        return None
    pages, warnings = [], []
    for locale in chosen:
        page = seen.locales.get(locale)
        if page is None:
            return None
        if locale != config.source_locale:
            now = cache.seen(paths.catalogs[locale](doc), 0)
            if now is None and page.catalog is None:
                warnings.append(pageinputs.no_catalog(config.relative(config.catalog_path(locale, doc)), locale))
            elif not unchanged(now, page.catalog):
                return None
            for parent in localecode.parents(locale, config.locales):  # a regional page shows their text too
                recorded = seen.locales.get(parent)
                now = cache.seen(paths.catalogs[parent](doc), 0)
                if recorded is None or not (now is None and recorded.catalog is None or unchanged(now, recorded.catalog)):
                    return None
        if (page.status in BUILT) != bool(page.outputs) or page.status not in (*BUILT, "withheld"):
            return None
        if page.status in BUILT and not all(
            unchanged(cache.seen(paths.dist + path, 0), page.outputs.get(kind))
            for kind, path in output_paths(doc, locale).items()
        ):
            return None
        pages.append(Page(doc, locale, page.status, page.fallbacks, False))
    listed = tuple(path for locale, page in seen.locales.items() if page.outputs for path in output_paths(doc, locale).values())
    span = old.spans[doc]
    return _Built(doc, pages, None, span[2], listed, warnings=warnings, locales=tuple(seen.locales))


# --- one document -----------------------------------------------------------


def _build_document(task: _Task) -> _Built:
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
                    outputs = dict.fromkeys(SUFFIXES)  # looked at once written
            entries[locale] = entry = state.entry  # with its title, once rendered
            seen[locale] = PageSeen(state.seen, entry.status, entry.fallbacks, outputs)
            pages.append(Page(doc, locale, entry.status, entry.fallbacks, written))
    except BaseException:
        transaction.rollback()
        raise
    listed = tuple(ref.path for entry in entries.values() for ref in entry.outputs.values())
    return _Built(
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
    for kind, path in output_paths(doc, locale).items():
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
    return seen if len(outputs) == len(SUFFIXES) else None


def _render(config: Config, doc: str, locale: str, state: pageinputs.Inputs, parsed: render.Parsed,
            linked: Sequence[str], task: _Task, transaction: Transaction) -> bool:
    """Render a page's files and stage those that changed; return whether any did."""
    assert state.entry is not None
    files = pagefiles.files(config, doc, locale, state, parsed, linked, task.template, task.site)
    state.entry = dataclasses.replace(state.entry, title=files.pop("title"))
    written = False
    if "md" in files:  # not in the manifest: listed in the build cache, as published files are
        markdown = mdoutput.path(doc, locale, config.markdown_layout)
        written |= transaction.stage(config.root / config.dist_dir / markdown, files["md"].encode("utf-8"))
    for kind, path in output_paths(doc, locale).items():
        blob = files[kind].encode("utf-8")
        written |= transaction.stage(config.root / config.dist_dir / path, blob)
        state.entry.outputs[kind] = FileRef(path, digest(blob))
    return written
