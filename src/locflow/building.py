"""The shell of `locflow build`: every document in every locale, into dist/.

Each source is parsed once and rendered into every locale from that parse.
A page whose inputs (source, catalog, settings, and the set of locales it
links to) match the manifest and whose files are intact is not rendered
again, so a build with nothing to do only reads and hashes. Files are
written together at the end (`fsio.Transaction`), or not at all.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from locflow import __version__, cache, catalog, project, render, textrender
from locflow.config import LOCALE_CODE, Config
from locflow.errors import ConfigError, LocflowError
from locflow.fsio import Staged, Transaction, decode_utf8, digest, locked, read_bytes, staging_dir

FORMAT = 1
"""Version of the manifest layout and of the page output; a change rebuilds every page."""

SUFFIXES = {"html": ".html", "txt": ".txt"}
"""The files of a page, by their key in the manifest."""
MANIFEST = "manifest.json"
STATUSES = ("complete", "partial", "withheld")
BUILT = ("complete", "partial")
"""Statuses of pages that are in dist/."""

ProgressBar = Callable[[int, str], Any]
"""``progress_bar(total, label)``: a context manager yielding ``update(n)`` or None."""


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
    """What `build` did, for the summary and for ``--strict``."""

    dist: str
    locales: tuple[str, ...]
    """The locales built, the source locale first."""
    requested: tuple[str, ...] | None
    """The ``--locale`` values, or None for every locale."""
    pages: list[Page] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Files removed from dist/ because their document, locale or page is gone."""
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return a short report: pages written, unchanged and removed, then each locale's state."""
        built = [p for p in self.pages if p.status != "withheld"]
        written = sum(p.written for p in built)
        lines = [
            f"{len(built)} page(s) in {self.dist}/: {written} written, {len(built) - written} unchanged, "
            f"{len(self.removed)} file(s) removed"
        ]
        width = max((len(locale) for locale in self.locales), default=0)
        for locale in self.locales:
            pages = [p for p in self.pages if p.locale == locale]
            states = [f"{n} {s}" for s in STATUSES if (n := sum(p.status == s for p in pages))]
            line = f"  {locale.ljust(width)}  {', '.join(states) or 'no pages'}"
            if fallbacks := sum(p.fallbacks for p in pages if p.status == "partial"):
                line += f"; {fallbacks} segment(s) shown in the source language"
            lines.append(line)
        return "\n".join(lines)

    def strict_ok(self, config: Config) -> bool:
        """Return False if a built page has fallbacks or `locflow check` finds an error."""
        if any(p.fallbacks for p in self.pages if p.status != "withheld"):
            return False
        from locflow import qa

        targets = tuple(locale for locale in self.requested or () if locale != config.source_locale)
        return not any(f.severity == "error" for f in qa.check(config, locales=targets or None))


@dataclass(frozen=True, slots=True)
class _Task:
    """The work for one document, sent to a worker process."""

    config: Config
    doc: str
    locales: tuple[str, ...]
    """Locales to build, the source locale first."""
    old: dict
    """The document's entries in the old manifest, by locale."""
    trusted: bool
    """Whether the old manifest's records may be reused (else every page is rendered)."""
    template: str | None
    staging: Path


@dataclass(slots=True)
class _Built:
    doc: str
    entries: dict[str, dict]
    pages: list[Page]
    staged: list[Staged]
    warnings: list[str]


def build(
    config: Config,
    locales: Sequence[str] | None = None,
    jobs: int = 1,
    progress_bar: ProgressBar | None = None,
) -> BuildResult:
    """Write every document's HTML and text page in every locale, and the manifest, to dist/.

    `locales` limits the target locales; the source locale's page, which every
    page names as ``x-default``, is always built. Pages of the other locales
    stay as they are.
    """
    requested = tuple(locales) if locales else None
    chosen = _chosen_locales(config, requested)
    names = project.document_names(config)
    template, template_hash = _template(config)
    settings = _settings(config, template_hash)
    dist = config.root / config.dist_dir
    result = BuildResult(config.dist_dir, chosen, requested)
    with locked(config.root, "build"):
        old, trusted, warning = _read_manifest(config, settings)
        result.warnings += [warning] if warning else []
        old_documents = _dict(old.get("documents"))
        staging = staging_dir(config.root)
        tasks = [_Task(config, doc, chosen, _dict(old_documents.get(doc)), trusted, template, staging) for doc in names]
        documents: dict[str, dict] = {}
        transaction = Transaction(staging)
        try:
            with (progress_bar or _no_progress)(len(names) * len(chosen), "Building") as update:
                for built in _map(_build_document, tasks, jobs):
                    transaction.extend(built.staged)
                    documents[built.doc] = built.entries
                    result.pages += built.pages
                    result.warnings += built.warnings
                    if update:
                        update(len(chosen))
            manifest = {
                "format": FORMAT, "generator": f"locflow {__version__}", "settings": settings, "documents": documents
            }
            data = (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
            transaction.stage(dist / MANIFEST, data)
        except BaseException:
            transaction.rollback()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        transaction.commit()
        staging.rmdir()
        cache.save(config.root, "build", cache.fingerprint(config, "build"), {"manifest": {"sha256": digest(data)}})
        result.removed = _remove_stale(config, documents, old_documents, chosen)
    return result


def _chosen_locales(config: Config, requested: tuple[str, ...] | None) -> tuple[str, ...]:
    known = (config.source_locale, *config.locales)
    for locale in requested or ():
        if locale not in known:
            raise ConfigError(
                f"--locale {locale}: not a locale of this project ({config.file} lists: {', '.join(known)}); "
                f"add it with `locflow init {locale}`"
            )
    return tuple(locale for locale in known if requested is None or locale in requested or locale == known[0])


def _template(config: Config) -> tuple[str | None, str | None]:
    """Return the user's page template and its sha256, or None and None for the default page."""
    if config.template is None:
        return None, None
    shown = Path(config.template).as_posix()
    data = read_bytes(config.root / config.template, f"{shown} (the 'template' of {config.file})")
    text = decode_utf8(data, shown)
    for line, name in render.unknown_placeholders(text):
        known = ", ".join(f"{{{{ {p} }}}}" for p in render.PLACEHOLDERS)
        raise ConfigError(f"{shown}:{line}: unknown placeholder {name}; a page template may use {known}")
    return text, digest(data)


def _settings(config: Config, template_hash: str | None) -> dict:
    """Return what, besides a page's source and catalog, changes its bytes or its status."""
    return {
        "front_matter_keys": list(config.front_matter_keys),
        "locales": [config.source_locale, *config.locales],
        "min_complete": config.min_complete,
        "template": template_hash,
        "text_width": config.text_width,
    }


def _read_manifest(config: Config, settings: dict) -> tuple[dict, bool, str | None]:
    """Return the old manifest, whether its records can be trusted to skip work, and a warning.

    They can when this same code and configuration wrote exactly this manifest.
    """
    path = config.root / config.dist_dir / MANIFEST
    try:
        data = path.read_bytes()
        manifest = _dict(json.loads(data))
    except FileNotFoundError:
        return {}, False, None
    except (OSError, ValueError) as err:
        return {}, False, f"{config.relative(path)}: cannot be read ({err}); every page is rebuilt"
    known = cache.load(config.root, "build", cache.fingerprint(config, "build"))
    trusted = (
        _dict(known.get("manifest")).get("sha256") == digest(data)
        and manifest.get("format") == FORMAT
        and manifest.get("settings") == settings
    )
    return manifest, trusted, None


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


@contextlib.contextmanager
def _no_progress(total: int, label: str) -> Iterator[None]:
    yield None


def _map(function: Callable[[_Task], _Built], tasks: list[_Task], jobs: int) -> Iterator[_Built]:
    """Run `function` on each task, in order, in `jobs` processes."""
    if jobs <= 1 or len(tasks) < 2:
        yield from map(function, tasks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(function, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 4))))


# --- one document -----------------------------------------------------------


@dataclass(slots=True)
class _Locale:
    """A locale's inputs for one document, loaded as far as needed."""

    catalog: dict | None
    """``{"path", "sha256"}`` of the catalog, None for the source locale or a missing catalog."""
    data: bytes | None
    translations: dict[str, str] | None = None
    fuzzy: set[str] = field(default_factory=set)
    entry: dict = field(default_factory=dict)
    up_to_date: bool = False
    """Same source, catalog and settings as the old manifest: status and counts are reused."""


def _build_document(task: _Task) -> _Built:
    """Render one document in the task's locales; stage the files whose bytes change."""
    config, doc = task.config, task.doc
    shown = project.source_file(config, doc)
    data = read_bytes(config.source_path(doc), shown)
    source = {"path": shown, "sha256": digest(data)}
    parsed: list[render.Parsed] = []

    def parse() -> render.Parsed:  # only when something must be counted or rendered
        if not parsed:
            parsed.append(render.parse(decode_utf8(data, shown), shown, config.front_matter_keys))
        return parsed[0]

    warnings: list[str] = []
    states = {}
    for locale in task.locales:
        state = states[locale] = _read_locale(config, doc, locale, warnings)
        old = _dict(task.old.get(locale)) if task.trusted else {}
        if old.get("source") == source and old.get("catalog") == state.catalog and old.get("status") in STATUSES:
            state.entry = {key: old.get(key) for key in ("percent_complete", "segments", "status")}
            state.up_to_date = True
        else:
            state.entry = _status(config, doc, locale, state, parse)
        state.entry |= {"source": source, "catalog": state.catalog, "outputs": {}}
    # Pages of locales not built now stay as the old manifest has them, and stay linked.
    entries = {
        locale: _dict(task.old.get(locale)) for locale in config.locales
        if locale not in states and _dict(task.old.get(locale)).get("status") in STATUSES
    }
    everyone = (config.source_locale, *config.locales)
    status = {locale: entry["status"] for locale, entry in entries.items()}
    status |= {locale: state.entry["status"] for locale, state in states.items()}
    linked = [locale for locale in everyone if status.get(locale) in BUILT]
    was_linked = [locale for locale in everyone if _dict(task.old.get(locale)).get("status") in BUILT]
    pages, transaction = [], Transaction(task.staging)
    try:
        for locale, state in states.items():
            written = False
            if state.entry["status"] in BUILT:
                old_outputs = _dict(_dict(task.old.get(locale)).get("outputs"))
                if state.up_to_date and linked == was_linked and _intact(config, doc, locale, old_outputs):
                    state.entry["outputs"] = old_outputs
                else:
                    written = _render(config, doc, locale, state, parse(), linked, task.template, transaction)
            entries[locale] = state.entry
            pages.append(Page(doc, locale, state.entry["status"], _fallbacks(state.entry), written))
    except BaseException:
        transaction.rollback()
        raise
    return _Built(doc, entries, pages, transaction.staged, warnings)


def _read_locale(config: Config, doc: str, locale: str, warnings: list[str]) -> _Locale:
    if locale == config.source_locale:
        return _Locale(None, None)
    path = config.catalog_path(locale, doc)
    shown = config.relative(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        warnings.append(f"{shown}: no catalog; the {locale} page shows the source text (run locflow extract)")
        return _Locale(None, None, translations={})
    except OSError as err:
        raise LocflowError(f"{shown}: cannot read: {err.strerror or err}") from err
    return _Locale({"path": shown, "sha256": digest(data)}, data)


def _translations(state: _Locale) -> dict[str, str] | None:
    """Return the usable translations of a locale (None for the source locale), parsing its catalog once."""
    if state.translations is None and state.catalog is not None:
        shown = state.catalog["path"]
        po = catalog.loads(catalog.decode(state.data or b"", shown), shown)
        state.translations = catalog.translations(po)
        state.fuzzy = catalog.fuzzy_msgids(po)
    return state.translations


def _status(config: Config, doc: str, locale: str, state: _Locale, parse: Callable[[], render.Parsed]) -> dict:
    """Count a page's translated segments and decide its status."""
    document = parse().document
    if locale == config.source_locale:
        counts = project.Counts(locale, doc, translated=len({s.text for s in document.segments}))
    else:
        translations = _translations(state) or {}
        counts = project.count(document, translations, state.fuzzy, locale, doc)
    status = "complete" if counts.translated == counts.segments else "partial"
    if counts.segments and 100 * counts.translated / counts.segments < config.min_complete:
        status = "withheld"
    return {
        "percent_complete": counts.percent,
        "segments": {"translated": counts.translated, "fuzzy": counts.fuzzy, "untranslated": counts.untranslated},
        "status": status,
    }


def _fallbacks(entry: dict) -> int:
    segments = _dict(entry.get("segments"))
    return int(segments.get("fuzzy", 0)) + int(segments.get("untranslated", 0))


def _output_paths(doc: str, locale: str) -> dict[str, str]:
    """Return the page's files, relative to dist/ (where the manifest is)."""
    return {kind: f"{locale}/{doc}{suffix}" for kind, suffix in SUFFIXES.items()}


def _intact(config: Config, doc: str, locale: str, outputs: dict) -> bool:
    """Return whether dist/ holds exactly the files the old manifest lists for the page."""
    dist = config.root / config.dist_dir
    for kind, path in _output_paths(doc, locale).items():
        recorded = _dict(outputs.get(kind))
        if recorded.get("path") != path:
            return False
        try:
            if digest((dist / path).read_bytes()) != recorded.get("sha256"):
                return False
        except OSError:
            return False
    return len(outputs) == len(SUFFIXES)


def _render(config: Config, doc: str, locale: str, state: _Locale, parsed: render.Parsed,
            linked: Sequence[str], template: str | None, transaction: Transaction) -> bool:
    """Render a page's files and stage those that changed; return whether any did."""
    source = render.language(config.source_locale)
    translations = None if locale == config.source_locale else _translations(state)
    localized = render.localize(parsed, translations, render.language(locale), source)
    alternates = [(render.language(other).lang, render.relative_href(doc, other, doc)) for other in linked]
    alternates.append(("x-default", render.relative_href(doc, config.source_locale, doc)))
    files = {
        "html": render.page(localized, locale, alternates, template),
        "txt": textrender.to_text(localized.tokens, config.text_width),
    }
    written = False
    for kind, path in _output_paths(doc, locale).items():
        blob = files[kind].encode("utf-8")
        written |= transaction.stage(config.root / config.dist_dir / path, blob)
        state.entry["outputs"][kind] = {"path": path, "sha256": digest(blob)}
    return written


# --- cleaning up --------------------------------------------------------------


def _remove_stale(config: Config, documents: dict, old_documents: dict, chosen: Sequence[str]) -> list[str]:
    """Remove pages of deleted documents and locales, and withheld pages, from dist/.

    Only ``.html`` and ``.txt`` files in the folders of locales the project
    has (or the old manifest had) are considered. Return the removed files.
    """
    dist = config.root / config.dist_dir
    expected = {
        output["path"]
        for entries in documents.values()
        for entry in entries.values()
        for output in _dict(_dict(entry).get("outputs")).values()
        if isinstance(output, dict)
    }
    configured = {config.source_locale, *config.locales}
    known = configured | {locale for entries in old_documents.values() for locale in _dict(entries)}
    removed = []
    for locale in sorted(known):
        folder = dist / locale
        if not LOCALE_CODE.fullmatch(locale) or not folder.is_dir() or folder.is_symlink():
            continue  # only locale folders locflow writes, whatever a hand-edited manifest says
        for path in sorted(folder.rglob("*")):
            if path.suffix not in SUFFIXES.values() or path.name.startswith(".") or not path.is_file():
                continue
            relative = path.relative_to(dist).as_posix()
            doc = path.relative_to(folder).with_suffix("").as_posix()
            if relative not in expected and (locale in chosen or locale not in configured or doc not in documents):
                try:
                    path.unlink()
                except OSError as err:
                    raise LocflowError(f"{config.relative(path)}: cannot remove: {err.strerror or err}") from err
                removed.append(config.relative(path))
        _remove_empty_folders(folder, keep_root=locale in configured)
    return removed


def _remove_empty_folders(folder: Path, keep_root: bool) -> None:
    folders = sorted((p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink()), key=lambda p: -len(p.parts))
    for path in [*folders, *([] if keep_root else [folder])]:
        with contextlib.suppress(OSError):
            path.rmdir()
