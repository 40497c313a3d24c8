"""The shell of `locflow build`: every document in every locale, into dist/.

Each source is parsed once and rendered into every locale from that parse.
A page whose inputs (source, catalog, settings, and the set of locales it
links to) match the manifest and whose files are intact is not rendered
again. Files are written together at the end (`fsio.Transaction`), or not
at all; the manifest is written document by document into its staged file,
so memory does not grow with the size of the site.

Like git's index, the build cache (``.locflow/cache/build.json``) remembers
the size, modification time, change time and inode of every file a build
read or wrote, so a build with nothing to do only looks at file metadata: a
file whose metadata differ from the record is read and hashed. A file whose
recorded times are not older than the moment the record was taken (it may
have changed again within the file system's timestamp granularity) is
hashed too. Editing a page and putting back its size and modification time
with ``os.utime`` still changes its change time, so the page is restored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from locflow import __version__, cache, catalog, project, render, textrender
from locflow.config import LOCALE_CODE, Config
from locflow.errors import ConfigError, LocflowError
from locflow.fsio import TEMP_SUFFIX, Staged, Transaction, decode_utf8, digest, locked, read_bytes, staging_dir, work_dir

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

Seen = list[int]
"""What the build cache remembers of a file: ``[size, mtime_ns, ctime_ns, inode, since]``.

``since`` is the file system's time just before the metadata were read; a file
whose modification or change time is not older than that may have changed
again unnoticed within the same timestamp tick, and is hashed."""


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
    record: dict
    """The document's record in the build cache (``{}`` if none): what its files looked like."""
    started: int
    """The file system's time when this build started (the ``since`` of what it reads)."""


@dataclass(slots=True)
class _Built:
    """One document's part of the build, as the main process keeps it."""

    doc: str
    pages: list[Page]
    member: str | None
    """The document's lines in the manifest; None: the same as in the old manifest."""
    record: str
    """The document's record for the build cache, as JSON (``null`` where a file must be looked at
    after it is written)."""
    outputs: tuple[str, ...]
    """The files of the document that the manifest lists, relative to dist/."""
    staged: list[Staged] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    locales: tuple[str, ...] = ()
    """Locales the old manifest had for the document (their folders are cleaned up too)."""
    unsettled: bool = False
    """Whether files were written whose metadata the record still lacks."""


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
        started = _clock(config)
        with _Previous.read(config, settings) as old:
            result.warnings += old.warnings
            staging = staging_dir(config.root)
            transaction = Transaction(staging)
            writer = _ManifestWriter(dist / MANIFEST, staging, old)
            records: dict[str, list] = {}
            unsettled: set[str] = set()
            outputs: dict[str, tuple[str, ...]] = {}
            old_locales: set[str] = set()
            try:
                with (progress_bar or _no_progress)(len(names) * len(chosen), "Building") as update:
                    for built in _documents(config, names, chosen, old, template, staging, jobs, started):
                        transaction.extend(built.staged)
                        span = writer.add(built.doc, built.member)
                        records[built.doc] = [*span, built.record]
                        if built.unsettled:
                            unsettled.add(built.doc)
                        outputs[built.doc] = built.outputs
                        old_locales.update(built.locales)
                        result.pages += built.pages
                        result.warnings += built.warnings
                        if update:
                            update(len(chosen))
                manifest = writer.finish(names, settings, transaction)
            except BaseException:
                writer.discard()
                transaction.rollback()
                shutil.rmtree(staging, ignore_errors=True)
                raise
            transaction.commit()
            staging.rmdir()
            walked = old.walked if manifest.unchanged and old.clean(dist, chosen) else None
        if walked is None:
            result.removed, folders = _remove_stale(config, outputs, old_locales, chosen)
        settled = _clock(config)
        if walked is None:
            walked = {"locales": list(chosen), "folders": _seen_folders(dist, folders, settled)}
        cache.save(config.root, "build", cache.fingerprint(config, "build"), {
            "manifest": {
                "sha256": manifest.sha256, "seen": _seen(dist / MANIFEST, settled), "settings": settings,
            },
            "walked": walked,
            "documents": {
                doc: _settle(config, doc, record, settled) if doc in unsettled else record
                for doc, record in records.items()
            },
        })
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


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


@contextlib.contextmanager
def _no_progress(total: int, label: str) -> Iterator[None]:
    yield None


# --- what the last build left ---------------------------------------------------


def _clock(config: Config) -> int:
    """Return the file system's current time, as it stamps a file changed now (``mtime_ns``)."""
    path = work_dir(config.root) / "build.lock"  # exists while the build holds its lock
    os.utime(path)
    return os.stat(path).st_mtime_ns


def _seen(path: Path | str, since: int) -> Seen | None:
    """Return what the build cache remembers of a file, or None if there is none."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, since]


def unchanged(now: Sequence[int] | None, recorded: object) -> bool:
    """Return whether a file is certainly as recorded: same metadata, and not changed in the tick it was recorded.

    >>> unchanged([5, 100, 100, 7, 0], [5, 100, 100, 7, 200])
    True
    >>> unchanged([5, 100, 100, 7, 0], [5, 100, 100, 7, 100])  # racy: recorded in the tick it changed
    False
    """
    return (
        now is not None and isinstance(recorded, list) and len(recorded) == 5
        and list(now[:4]) == recorded[:4] and max(now[1], now[2]) < recorded[4]
    )


class _Previous:
    """The old manifest and the build cache: what the last build left, read as far as needed.

    When the build cache vouches for the manifest (same file, or the same
    sha256), each document's part of it is read when needed; otherwise the
    whole manifest is parsed, and no record of it is trusted to skip work.
    """

    def __init__(self) -> None:
        self.trusted = False
        self.warnings: list[str] = []
        self.sha256: str | None = None
        self.documents: dict = {}
        """Parsed old manifest documents (only when not trusted)."""
        self.records: dict = {}
        """Build cache records by document: ``[offset, length, record JSON]``."""
        self.walked: dict | None = None
        self.file: IO[bytes] | None = None

    @classmethod
    @contextlib.contextmanager
    def read(cls, config: Config, settings: dict) -> Iterator[_Previous]:
        self = cls()
        try:
            self._load(config, settings)
            yield self
        finally:
            if self.file:
                self.file.close()

    def _load(self, config: Config, settings: dict) -> None:
        path = config.root / config.dist_dir / MANIFEST
        known = cache.load(config.root, "build", cache.fingerprint(config, "build"))
        recorded = _dict(known.get("manifest"))
        try:
            handle = open(path, "rb")
        except FileNotFoundError:
            return
        except OSError as err:
            self.warnings.append(f"{config.relative(path)}: cannot be read ({err}); every page is rebuilt")
            return
        try:
            info = os.fstat(handle.fileno())
            now = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
            vouched = recorded.get("settings") == settings and isinstance(recorded.get("sha256"), str)
            if vouched and unchanged(now, recorded.get("seen")):
                self.sha256 = recorded["sha256"]
            else:
                data = handle.read()
                self.sha256 = digest(data)
                vouched = vouched and self.sha256 == recorded["sha256"]
                if not vouched:
                    manifest = _dict(json.loads(data))
                    self.documents = _dict(manifest.get("documents"))
        except (OSError, ValueError) as err:
            handle.close()
            self.warnings.append(f"{config.relative(path)}: cannot be read ({err}); every page is rebuilt")
            self.sha256, self.documents = None, {}
            return
        if vouched:
            self.trusted, self.file = True, handle
            self.records = _dict(known.get("documents"))
            self.walked = known.get("walked") if isinstance(known.get("walked"), dict) else None
        else:
            handle.close()

    def member(self, doc: str) -> bytes | None:
        """Return the document's lines in the old manifest (trusted only)."""
        span = self.records.get(doc)
        if not self.file or not isinstance(span, list) or len(span) != 3:
            return None
        self.file.seek(span[0])
        return self.file.read(span[1])

    def entries(self, doc: str) -> dict:
        """Return the document's entries in the old manifest, by locale."""
        if not self.trusted:
            return _dict(self.documents.get(doc))
        member = self.member(doc)
        if member is None:
            return {}
        return _dict(json.loads(b"{" + member + b"}").get(doc))

    def record(self, doc: str) -> dict:
        """Return the document's record in the build cache, or ``{}``."""
        span = self.records.get(doc) if self.trusted else None
        if not isinstance(span, list) or len(span) != 3 or not isinstance(span[2], str):
            return {}
        return _dict(json.loads(span[2]))

    def clean(self, dist: Path, chosen: Sequence[str]) -> bool:
        """Return whether dist/'s locale folders are as the last clean-up left them, for these locales.

        A file added or removed by hand changes its folder's modification time.
        """
        walked = self.walked or {}
        folders = _dict(walked.get("folders"))
        if not folders or not set(chosen) <= set(walked.get("locales") or ()):
            return False
        return all(
            unchanged(_seen(dist / path, 0), seen) if seen is not None else not os.path.lexists(dist / path)
            for path, seen in folders.items()
        )


@dataclass(slots=True)
class _Manifest:
    sha256: str | None
    unchanged: bool
    """Whether the manifest's bytes are those of the old manifest (nothing was staged)."""


class _ManifestWriter:
    """dist/manifest.json, written document by document into its staged file.

    The bytes are those of ``json.dumps(manifest, indent=2, sort_keys=True,
    ensure_ascii=False)`` plus a newline. While every document is the same
    as in the old manifest nothing is written; the old documents' parts are
    copied once something differs.
    """

    HEAD = b'{\n  "documents": {'

    def __init__(self, path: Path, staging: Path, old: _Previous) -> None:
        self.path, self.staging, self.old = path, staging, old
        self.handle: IO[bytes] | None = None
        self.temp: str | None = None
        self.hash = hashlib.sha256()
        self.size = 0
        self.count = 0
        self.pending: list[tuple[str, int, int]] = []
        """Documents kept as they were, not yet copied: (name, offset, length) in the old manifest."""

    def add(self, doc: str, member: str | None) -> tuple[int, int]:
        """Add a document's part (None: the old one); return its offset and length in the new manifest."""
        if member is None:
            span = self.old.records[doc]
            if self.handle is None:
                self.pending.append((doc, span[0], span[1]))
                self.count += 1
                return span[0], span[1]
            data = self.old.member(doc) or b""
        else:
            self._start()
            data = member.encode("utf-8")
        return self._write_member(data)

    def _write_member(self, data: bytes) -> tuple[int, int]:
        self._write(b",\n" if self.count else b"\n")
        self.count += 1
        offset = self.size
        self._write(data)
        return offset, len(data)

    def _write(self, data: bytes) -> None:
        assert self.handle is not None
        self.handle.write(data)
        self.hash.update(data)
        self.size += len(data)

    def _start(self) -> None:
        if self.handle is not None:
            return
        fd, self.temp = tempfile.mkstemp(prefix=f"{MANIFEST}.", suffix=TEMP_SUFFIX, dir=self.staging)
        self.handle = open(fd, "wb")
        self._write(self.HEAD)
        pending, self.pending, self.count = self.pending, [], 0
        for doc, _offset, _length in pending:
            self._write_member(self.old.member(doc) or b"")

    def finish(self, names: Sequence[str], settings: dict, transaction: Transaction) -> _Manifest:
        """Write the end of the manifest and stage it unless its bytes are the old ones."""
        if self.handle is None and self.old.trusted and list(self.old.records) == list(names):
            return _Manifest(self.old.sha256, unchanged=True)
        self._start()
        rest = {"format": FORMAT, "generator": f"locflow {__version__}", "settings": settings}
        self._write(("\n  },\n" if self.count else "},\n").encode())
        self._write((",\n".join(member(key, value, 1) for key, value in rest.items()) + "\n}\n").encode("utf-8"))
        assert self.handle is not None and self.temp is not None
        self.handle.close()
        sha256 = self.hash.hexdigest()
        if sha256 == self.old.sha256:
            os.unlink(self.temp)
            return _Manifest(sha256, unchanged=True)
        os.chmod(self.temp, 0o666 & ~_umask())
        transaction.extend([Staged(str(self.path), self.temp, None)])
        return _Manifest(sha256, unchanged=False)

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            with contextlib.suppress(OSError):
                os.unlink(self.temp or "")


def member(key: str, value: object, depth: int) -> str:
    """Return ``"key": value`` as ``json.dumps(indent=2, sort_keys=True)`` writes it at `depth`.

    >>> print(member("es", {"status": "complete", "outputs": {}}, 1))
      "es": {
        "outputs": {},
        "status": "complete"
      }
    """
    pad = "  " * depth
    text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    return f"{pad}{json.dumps(key, ensure_ascii=False)}: {text}".replace("\n", "\n" + pad)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- every document -----------------------------------------------------------


def _documents(
    config: Config, names: Sequence[str], chosen: tuple[str, ...], old: _Previous, template: str | None,
    staging: Path, jobs: int, started: int,
) -> Iterator[_Built]:
    """Yield each document's part of the build, in order: unchanged ones at once, the others from workers."""
    plan: list[_Built | _Task] = []
    paths = _Paths(config)
    for doc in names:
        record = old.record(doc)
        kept = _kept(config, doc, chosen, old, record, paths) if record else None
        plan.append(kept or _Task(config, doc, chosen, old.entries(doc), old.trusted, template, staging, record, started))
    built = _map(_build_document, [step for step in plan if isinstance(step, _Task)], jobs)
    for step in plan:
        yield next(built) if isinstance(step, _Task) else step


def _kept(config: Config, doc: str, chosen: tuple[str, ...], old: _Previous, record: dict, paths: _Paths) -> _Built | None:
    """Return the document's part unchanged if no file of it changed since the last build, else None.

    Only file metadata are looked at, never contents.
    """
    if not unchanged(_seen(paths.source(doc), 0), record.get("source")):
        return None
    pages, warnings = [], []
    locales = _dict(record.get("locales"))
    for locale in chosen:
        page = _dict(locales.get(locale))
        if locale != config.source_locale:
            seen = _seen(paths.catalogs[locale](doc), 0)
            if seen is None and page.get("catalog", ()) is None:
                warnings.append(_no_catalog(config.relative(config.catalog_path(locale, doc)), locale))
            elif not unchanged(seen, page.get("catalog")):
                return None
        status, outputs = page.get("status"), _dict(page.get("outputs"))
        if status not in STATUSES or (status in BUILT) != bool(outputs):
            return None
        if status in BUILT and not all(
            unchanged(_seen(paths.dist + path, 0), outputs.get(kind)) for kind, path in _output_paths(doc, locale).items()
        ):
            return None
        pages.append(Page(doc, locale, status, int(page.get("fallbacks", 0)), False))
    span = old.records[doc]
    return _Built(doc, pages, None, span[2], _listed(doc, locales), warnings=warnings, locales=tuple(locales))


class _Paths:
    """File names of a project as strings, made without pathlib: a no-op build looks at thousands."""

    def __init__(self, config: Config) -> None:
        self.source = self._names(config.source_path)
        self.catalogs = {locale: self._names(functools.partial(config.catalog_path, locale)) for locale in config.locales}
        self.dist = f"{config.root / config.dist_dir}{os.sep}"

    @staticmethod
    def _names(path_of: Callable[[str], Path]) -> Callable[[str], str]:
        """Return a faster ``lambda doc: str(path_of(doc))``."""
        head, _, tail = str(path_of("\0")).partition("\0")
        return lambda doc: f"{head}{doc}{tail}"


def _listed(doc: str, locales: dict) -> tuple[str, ...]:
    return tuple(
        path for locale, page in locales.items() if _dict(page).get("outputs")
        for path in _output_paths(doc, locale).values()
    )


def _settle(config: Config, doc: str, record: list, settled: int) -> list:
    """Fill in what the build cache remembers of the files written for a document (``null`` in its record)."""
    offset, length, text = record
    data = json.loads(text)
    dist = config.root / config.dist_dir
    for locale, page in data["locales"].items():
        for kind, seen in page["outputs"].items():
            if seen is None:
                page["outputs"][kind] = _seen(dist / _output_paths(doc, locale)[kind], settled)
    return [offset, length, json.dumps(data, separators=(",", ":"))]


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
    seen: Seen | None = None
    """What the build cache remembers of the catalog (None: no catalog)."""
    translations: dict[str, str] | None = None
    fuzzy: set[str] = field(default_factory=set)
    entry: dict = field(default_factory=dict)
    up_to_date: bool = False
    """Same source, catalog and settings as the old manifest: status and counts are reused."""


def _build_document(task: _Task) -> _Built:
    """Render one document in the task's locales; stage the files whose bytes change."""
    config, doc = task.config, task.doc
    shown = project.source_file(config, doc)
    data, source_seen = _read(config.source_path(doc), shown, task.started)
    source = {"path": shown, "sha256": digest(data)}
    parsed: list[render.Parsed] = []

    def parse() -> render.Parsed:  # only when something must be counted or rendered
        if not parsed:
            parsed.append(render.parse(decode_utf8(data, shown), shown, config.front_matter_keys))
        return parsed[0]

    warnings: list[str] = []
    states = {}
    for locale in task.locales:
        state = states[locale] = _read_locale(config, doc, locale, warnings, task.started)
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
    recorded = _dict(task.record.get("locales"))
    seen = {locale: _carried(_dict(recorded.get(locale)), entry) for locale, entry in entries.items()}
    pages, transaction = [], Transaction(task.staging)
    try:
        for locale, state in states.items():
            written = False
            outputs: dict[str, Seen | None] = {}
            if state.entry["status"] in BUILT:
                old_outputs = _dict(_dict(task.old.get(locale)).get("outputs"))
                intact = None
                if state.up_to_date and linked == was_linked:
                    intact = _intact(config, doc, locale, old_outputs, _dict(_dict(recorded.get(locale)).get("outputs")), task.started)
                if intact is not None:
                    state.entry["outputs"], outputs = old_outputs, intact
                else:
                    written = _render(config, doc, locale, state, parse(), linked, task.template, transaction)
                    outputs = dict.fromkeys(SUFFIXES)  # looked at once written
            entries[locale] = state.entry
            seen[locale] = {
                "catalog": state.seen, "status": state.entry["status"], "fallbacks": _fallbacks(state.entry),
                "outputs": outputs,
            }
            pages.append(Page(doc, locale, state.entry["status"], _fallbacks(state.entry), written))
    except BaseException:
        transaction.rollback()
        raise
    listed = tuple(
        output["path"] for entry in entries.values() for output in _dict(_dict(entry).get("outputs")).values()
        if isinstance(output, dict) and isinstance(output.get("path"), str)
    )
    record = json.dumps({"source": source_seen, "locales": seen}, separators=(",", ":"))
    return _Built(
        doc, pages, member(doc, entries, 2), record, listed, transaction.staged, warnings, tuple(task.old),
        unsettled=any(None in page["outputs"].values() for page in seen.values()),
    )


def _carried(recorded: dict, entry: dict) -> dict:
    """Return the build cache's record of a page that this build leaves as it is."""
    return {
        "catalog": recorded.get("catalog", []),  # [] never matches: the catalog is hashed when the page is built
        "status": entry.get("status"),
        "fallbacks": _fallbacks(entry),
        "outputs": {kind: _dict(recorded.get("outputs")).get(kind, []) for kind in _dict(entry.get("outputs"))},
    }


def _load(path: Path, since: int) -> tuple[bytes, Seen]:
    """Return a file's bytes and what the build cache remembers of it (looked at before reading)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        data = handle.read()
    return data, [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, since]


def _read(path: Path, shown: str, since: int) -> tuple[bytes, Seen]:
    try:
        return _load(path, since)
    except OSError as err:
        raise LocflowError(f"{shown}: cannot read: {err.strerror or err}") from err


def _no_catalog(shown: str, locale: str) -> str:
    return f"{shown}: no catalog; the {locale} page shows the source text (run locflow extract)"


def _read_locale(config: Config, doc: str, locale: str, warnings: list[str], since: int) -> _Locale:
    if locale == config.source_locale:
        return _Locale(None, None)
    path = config.catalog_path(locale, doc)
    shown = config.relative(path)
    try:
        data, seen = _load(path, since)
    except FileNotFoundError:
        warnings.append(_no_catalog(shown, locale))
        return _Locale(None, None, translations={})
    except OSError as err:
        raise LocflowError(f"{shown}: cannot read: {err.strerror or err}") from err
    return _Locale({"path": shown, "sha256": digest(data)}, data, seen)


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


def _intact(config: Config, doc: str, locale: str, outputs: dict, recorded: dict, since: int) -> dict | None:
    """Return what the build cache remembers of the page's files if dist/ holds exactly the files the
    old manifest lists for it, else None.

    A file whose metadata are as recorded is not read again.
    """
    dist = config.root / config.dist_dir
    seen = {}
    for kind, path in _output_paths(doc, locale).items():
        output = _dict(outputs.get(kind))
        if output.get("path") != path:
            return None
        if unchanged(_seen(dist / path, 0), recorded.get(kind)):
            seen[kind] = recorded[kind]
            continue
        try:
            data, seen[kind] = _load(dist / path, since)
        except OSError:
            return None
        if digest(data) != output.get("sha256"):
            return None
    return seen if len(outputs) == len(SUFFIXES) else None


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


def _remove_stale(
    config: Config, outputs: dict[str, tuple[str, ...]], old_locales: set[str], chosen: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Remove pages of deleted documents and locales, and withheld pages, from dist/.

    Only ``.html`` and ``.txt`` files in the folders of locales the project
    has (or the old manifest had) are considered. Return the removed files,
    and the locale folders and their subfolders (relative to dist/), for the
    build cache.
    """
    dist = config.root / config.dist_dir
    expected = {path for paths in outputs.values() for path in paths}
    configured = {config.source_locale, *config.locales}
    removed, folders = [], []
    for locale in sorted(configured | old_locales):
        folder = dist / locale
        if not LOCALE_CODE.fullmatch(locale):
            continue  # only locale folders locflow writes, whatever a hand-edited manifest says
        folders.append(locale)
        if not folder.is_dir() or folder.is_symlink():
            continue
        stale, subfolders = [], []
        for top, names, files in os.walk(folder):
            subfolders += [os.path.join(top, name) for name in names if not os.path.islink(os.path.join(top, name))]
            for name in files:
                stem, suffix = os.path.splitext(name)
                if suffix not in SUFFIXES.values() or name.startswith("."):
                    continue
                path = os.path.join(top, name)
                relative = Path(path).relative_to(dist).as_posix()
                doc = relative[len(locale) + 1 : -len(suffix)]
                if (
                    relative not in expected
                    and (locale in chosen or locale not in configured or doc not in outputs)
                    and os.path.isfile(path)
                ):
                    stale.append(relative)
        for relative in sorted(stale, key=PurePosixPath):
            path = dist / relative
            try:
                path.unlink()
            except OSError as err:
                raise LocflowError(f"{config.relative(path)}: cannot remove: {err.strerror or err}") from err
            removed.append(config.relative(path))
        _remove_empty_folders(folder, subfolders, keep_root=locale in configured)
        folders += [Path(path).relative_to(dist).as_posix() for path in subfolders if os.path.isdir(path)]
    return removed, folders


def _remove_empty_folders(folder: Path, subfolders: list[str], keep_root: bool) -> None:
    for path in [*sorted(subfolders, key=lambda p: -p.count(os.sep)), *([] if keep_root else [folder])]:
        with contextlib.suppress(OSError):
            os.rmdir(path)


def _seen_folders(dist: Path, folders: list[str], since: int) -> dict[str, Seen | None]:
    """Return what the build cache remembers of dist/'s locale folders: a file added or removed changes them."""
    return {folder: _seen(dist / folder, since) for folder in folders}
