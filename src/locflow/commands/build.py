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
from locflow.cache import unchanged
from locflow.config import Config
from locflow.fsio import digest, locked, staging_dir
from locflow.transaction import Transaction
from locflow.manifest import BUILT, NAME, DocumentSeen, Previous, Writer
from locflow.loading import lazy
from locflow.pagebuild import Built, Page, Task, build_document, page_files
from locflow.workspace import Progress

render = lazy("locflow.render")


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
    copies = assets.copies(config) if "markdown" in config.formats and config.markdown_layout == "suffix" else {}
    settings = _settings(config, template_hash, site)
    if copies:  # a localized picture added or removed changes what the Markdown files link to
        settings["copies"] = digest(json.dumps(copies, sort_keys=True).encode())
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
            for built in _documents(config, names, chosen, old, template, staging, jobs, started, site, copies):
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
            files = assets.publish(config, publishing, transaction) if {"html", "text"} & set(config.formats) else set()
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
         or config.reviewed_label else {}) | ({"markdown": config.markdown_layout} if "markdown" in config.formats else {}) \
        | ({"formats": sorted(config.formats)} if set(config.formats) != {"html", "text"} else {})


def _settle(config: Config, doc: str, seen: DocumentSeen, settled: int) -> DocumentSeen:
    """Fill in what the build cache remembers of the files written for a document (None in its record)."""
    dist = config.root / config.dist_dir
    for locale, page in seen.locales.items():
        for kind, recorded in page.outputs.items():
            if recorded is None:
                page.outputs[kind] = cache.seen(dist / page_files(config, doc, locale)[kind], settled)
    return seen


# --- every document -----------------------------------------------------------


def _documents(
    config: Config, names: Sequence[str], chosen: tuple[str, ...], old: Previous, template: str | None,
    staging: Path, jobs: int, started: int, site: links.Site, copies: dict[str, dict[str, str]],
) -> Iterator[Built]:
    """Yield each document's part of the build, in order: unchanged ones at once, the others from workers."""
    plan: list[Built | Task] = []
    paths = workspace.Paths(config)
    for doc in names:
        seen = old.seen(doc)
        kept = _kept(config, doc, chosen, old, seen, paths) if seen else None
        plan.append(kept or Task(
            config, doc, chosen, old.entries(doc), old.trusted, template, staging, seen, started, site, copies,
        ))
    tasks = [step for step in plan if isinstance(step, Task)]
    built = workspace.pool_map(build_document, jobs, tasks, chunk=16)
    for step in plan:
        yield next(built) if isinstance(step, Task) else step


def _kept(config: Config, doc: str, chosen: tuple[str, ...], old: Previous, seen: DocumentSeen, paths: workspace.Paths) -> Built | None:
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
            for kind, path in page_files(config, doc, locale).items()
        ):
            return None
        pages.append(Page(doc, locale, page.status, page.fallbacks, False))
    listed = tuple(path for locale, page in seen.locales.items() if page.outputs for path in page_files(config, doc, locale).values())
    span = old.spans[doc]
    return Built(doc, pages, None, span[2], listed, warnings=warnings, locales=tuple(seen.locales))


