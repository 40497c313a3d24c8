"""dist/manifest.json and the build cache: what the last build left, and writing what this one leaves.

The manifest lists, for every document and locale, the page's status, its
segment counts and the sha256 of its inputs and files (see README). Its
bytes are those of ``json.dumps(manifest, indent=2, sort_keys=True,
ensure_ascii=False)`` plus a newline; `Writer` streams them document by
document, so memory does not grow with the size of the site.

The build cache (``.locflow/cache/build.json``) remembers where each
document's part starts in the manifest and, by `cache`'s rule, the metadata
of every file the build read or wrote (`DocumentSeen`), so a build with
nothing to do only looks at file metadata.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from locflow import __version__, cache, mdoutput
from locflow.cache import Seen, unchanged
from locflow.config import Config
from locflow.errors import LocflowError
from locflow.fsio import TEMP_SUFFIX, digest, umask
from locflow.transaction import Staged, Transaction

FORMAT = 1
"""Version of the manifest layout and of the page output; a change rebuilds every page."""

NAME = "manifest.json"
STATUSES = ("complete", "partial", "withheld")
BUILT = ("complete", "partial")
"""Statuses of pages that are in dist/."""
SUFFIXES = {"html": ".html", "txt": ".txt"}
"""The files of a page in its locale's folder, by their key in the manifest."""
KINDS = {"html": "html", "text": "txt", "markdown": "md"}
"""Each of the `formats` of the configuration, by its key in the manifest."""


def output_paths(doc: str, locale: str, formats: Sequence[str] = ("html", "text"), layout: str = "folder") -> dict[str, str]:
    """Return the page's files, relative to dist/ (where the manifest is): one for each of `formats`.

    >>> output_paths("sub/b", "es", ["text", "markdown"], "suffix")
    {'txt': 'es/sub/b.txt', 'md': 'markdown/sub/b.es.md'}
    """
    paths = {kind: f"{locale}/{doc}{SUFFIXES[kind]}" for name, kind in KINDS.items() if name in formats and kind in SUFFIXES}
    return paths | ({"md": mdoutput.path(doc, locale, layout)} if "markdown" in formats else {})


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file as the manifest names it."""

    path: str
    """Relative to the project (inputs) or to dist/ (outputs)."""
    sha256: str

    @classmethod
    def from_json(cls, value: object) -> FileRef | None:
        if isinstance(value, dict) and isinstance(value.get("path"), str) and isinstance(value.get("sha256"), str):
            return cls(value["path"], value["sha256"])
        return None

    def to_json(self) -> dict:
        return {"path": self.path, "sha256": self.sha256}


@dataclass(frozen=True, slots=True)
class PageEntry:
    """One document in one locale, as the manifest lists it."""

    source: FileRef
    catalog: FileRef | None
    """None for the source locale, or when the locale has no catalog for the document."""
    status: str
    """``complete``, ``partial`` or ``withheld`` (below ``min_complete``: not in dist/)."""
    percent_complete: float
    translated: int
    fuzzy: int
    untranslated: int
    outputs: dict[str, FileRef] = field(default_factory=dict)
    """The page's files by kind (`KINDS`: those of the project's formats); empty for a withheld page."""
    inherited: int | None = None
    """Segments shown from a parent locale's catalog (``es`` for ``es_MX``); None (and not in the
    manifest) for a locale without a parent in the project."""
    title: str = ""
    """The page's title, as its ``<title>`` says (``""``, and not in the manifest, for a withheld page)."""

    @property
    def fallbacks(self) -> int:
        """Distinct segments shown in the source language: untranslated or fuzzy."""
        return self.fuzzy + self.untranslated

    @property
    def built(self) -> bool:
        """Whether the page is in dist/."""
        return self.status in BUILT

    @classmethod
    def from_json(cls, value: object) -> PageEntry | None:
        """Return the entry a manifest holds, or None if it is not a well-formed one."""
        if not isinstance(value, dict):
            return None
        source, segments, outputs = FileRef.from_json(value.get("source")), value.get("segments"), value.get("outputs")
        catalog = value.get("catalog")
        counts = [segments.get(key) for key in ("translated", "fuzzy", "untranslated")] if isinstance(segments, dict) else []
        inherited = segments.get("inherited") if isinstance(segments, dict) else None
        percent = value.get("percent_complete")
        if (
            source is None or value.get("status") not in STATUSES or not isinstance(outputs, dict)
            or len(counts) != 3 or not all(type(n) is int for n in counts)
            or isinstance(percent, bool) or not isinstance(percent, (int, float))
            or (catalog is not None and FileRef.from_json(catalog) is None)
            or (inherited is not None and type(inherited) is not int)
        ):
            return None
        files = {kind: FileRef.from_json(ref) for kind, ref in outputs.items()}
        if None in files.values():
            return None
        return cls(
            source, FileRef.from_json(catalog), value["status"], percent, *counts,  # type: ignore[arg-type]
            outputs=files, inherited=inherited,  # type: ignore[arg-type]
            title=value["title"] if isinstance(value.get("title"), str) else "",
        )

    def to_json(self) -> dict:
        return {
            "catalog": self.catalog.to_json() if self.catalog else None,
            "outputs": {kind: ref.to_json() for kind, ref in self.outputs.items()},
            "percent_complete": self.percent_complete,
            "segments": {"fuzzy": self.fuzzy, "translated": self.translated, "untranslated": self.untranslated}
            | ({} if self.inherited is None else {"inherited": self.inherited}),
            "source": self.source.to_json(),
            "status": self.status,
        } | ({"title": self.title} if self.title else {})


@dataclass(frozen=True, slots=True)
class PageSeen:
    """What the build cache remembers of one page's files."""

    catalog: Seen | None
    """The catalog's `cache.Seen`; None: no catalog (source locale, or missing); ``[]``: unknown."""
    status: str
    fallbacks: int
    outputs: dict[str, Seen | None]
    """By kind; None: written by this build, looked at once in place; ``[]``: unknown."""

    def to_json(self) -> dict:
        return {"catalog": self.catalog, "status": self.status, "fallbacks": self.fallbacks, "outputs": self.outputs}

    @classmethod
    def from_json(cls, value: object) -> PageSeen | None:
        if not isinstance(value, dict) or not isinstance(value.get("outputs"), dict):
            return None
        fallbacks = value.get("fallbacks")
        return cls(value.get("catalog", []), value.get("status", ""), fallbacks if type(fallbacks) is int else 0, value["outputs"])


@dataclass(frozen=True, slots=True)
class DocumentSeen:
    """What the build cache remembers of one document: its source and each page."""

    source: Seen | None
    locales: dict[str, PageSeen]

    def to_text(self) -> str:
        locales = {locale: page.to_json() for locale, page in self.locales.items()}
        return json.dumps({"source": self.source, "locales": locales}, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: object) -> DocumentSeen | None:
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("locales"), dict):
            return None
        pages = {locale: PageSeen.from_json(page) for locale, page in value["locales"].items()}
        return cls(value.get("source"), {locale: page for locale, page in pages.items() if page is not None})


class Previous:
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
        self.spans: dict[str, list] = {}
        """Build cache records by document: ``[offset, length, DocumentSeen text]``."""
        self.walked: dict | None = None
        """dist/'s locale folders as the last clean-up left them (see `clean`)."""
        self.file: IO[bytes] | None = None

    @classmethod
    @contextlib.contextmanager
    def read(cls, config: Config, settings: dict, key: str) -> Iterator[Previous]:
        """Read what the last build left, for a build with these `settings` and build cache `key`."""
        self = cls()
        try:
            self._load(config, settings, key)
            yield self
        finally:
            if self.file:
                self.file.close()

    def _load(self, config: Config, settings: dict, key: str) -> None:
        path = config.root / config.dist_dir / NAME
        known = cache.load(config.root, "build", key)
        recorded = known.get("manifest") if isinstance(known.get("manifest"), dict) else {}
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
                    manifest = json.loads(data)
                    documents = manifest.get("documents") if isinstance(manifest, dict) else None
                    self.documents = documents if isinstance(documents, dict) else {}
        except (OSError, ValueError) as err:
            handle.close()
            self.warnings.append(f"{config.relative(path)}: cannot be read ({err}); every page is rebuilt")
            self.sha256, self.documents = None, {}
            return
        if vouched:
            self.trusted, self.file = True, handle
            documents = known.get("documents")
            self.spans = documents if isinstance(documents, dict) else {}
            self.walked = known.get("walked") if isinstance(known.get("walked"), dict) else None
        else:
            handle.close()

    def _span(self, doc: str) -> list | None:
        span = self.spans.get(doc) if self.trusted else None
        return span if isinstance(span, list) and len(span) == 3 else None

    def member(self, doc: str) -> bytes | None:
        """Return the document's lines in the old manifest (trusted only)."""
        span = self._span(doc)
        if not self.file or span is None:
            return None
        self.file.seek(span[0])
        return self.file.read(span[1])

    def entries(self, doc: str) -> dict[str, PageEntry]:
        """Return the document's well-formed entries in the old manifest, by locale."""
        if self.trusted:
            member = self.member(doc)
            value = json.loads(b"{" + member + b"}").get(doc) if member is not None else None
        else:
            value = self.documents.get(doc)
        if not isinstance(value, dict):
            return {}
        entries = {locale: PageEntry.from_json(entry) for locale, entry in value.items()}
        return {locale: entry for locale, entry in entries.items() if entry is not None}

    def locales(self, doc: str) -> tuple[str, ...]:
        """Return every locale the old manifest lists for the document, well-formed or not."""
        if self.trusted:
            member = self.member(doc)
            value = json.loads(b"{" + member + b"}").get(doc) if member is not None else None
        else:
            value = self.documents.get(doc)
        return tuple(value) if isinstance(value, dict) else ()

    def seen(self, doc: str) -> DocumentSeen | None:
        """Return the document's record in the build cache (trusted only)."""
        span = self._span(doc)
        return DocumentSeen.from_text(span[2]) if span is not None else None

    def clean(self, dist: Path, chosen: Sequence[str]) -> bool:
        """Return whether dist/'s locale folders are as the last clean-up left them, for these locales.

        A file added or removed by hand changes its folder's modification time.
        """
        walked = self.walked or {}
        folders = walked.get("folders") if isinstance(walked.get("folders"), dict) else {}
        if not folders or not set(chosen) <= set(walked.get("locales") or ()):
            return False
        return all(
            unchanged(cache.seen(dist / path, 0), seen) if seen is not None else not os.path.lexists(dist / path)
            for path, seen in folders.items()
        )


@dataclass(frozen=True, slots=True)
class Written:
    """The manifest this build leaves."""

    sha256: str | None
    unchanged: bool
    """Whether its bytes are those of the old manifest (nothing was staged)."""


class Writer:
    """dist/manifest.json, written document by document into its staged file.

    While every document is the same as in the old manifest nothing is
    written; the old documents' parts are copied once something differs.
    """

    HEAD = b'{\n  "documents": {'

    def __init__(self, path: Path, shown: str, staging: Path, old: Previous) -> None:
        self.path, self.shown, self.staging, self.old = path, shown, staging, old
        self.handle: IO[bytes] | None = None
        self.temp: str | None = None
        self.hash = hashlib.sha256()
        self.size = 0
        self.count = 0
        self.pending: list[str] = []
        """Documents kept as they were, not yet copied."""

    def add(self, doc: str, entries: dict[str, PageEntry] | None) -> tuple[int, int]:
        """Add a document's part (None: the old one); return its offset and length in the new manifest."""
        if entries is None:
            span = self.old.spans[doc]
            if self.handle is None:
                self.pending.append(doc)
                self.count += 1
                return span[0], span[1]
            data = self.old.member(doc) or b""
        else:
            self._start()
            data = member(doc, {locale: entry.to_json() for locale, entry in entries.items()}, 2).encode("utf-8")
        return self._write_member(data)

    def _write_member(self, data: bytes) -> tuple[int, int]:
        self._write(b",\n" if self.count else b"\n")
        self.count += 1
        offset = self.size
        self._write(data)
        return offset, len(data)

    def _write(self, data: bytes) -> None:
        assert self.handle is not None
        try:
            self.handle.write(data)
        except OSError as err:
            raise self._error(err) from err
        self.hash.update(data)
        self.size += len(data)

    def _error(self, err: OSError) -> LocflowError:
        return LocflowError(f"{self.shown}: cannot write: {err.strerror or err}; nothing was written", path=self.shown)

    def _start(self) -> None:
        if self.handle is not None:
            return
        try:
            fd, self.temp = tempfile.mkstemp(prefix=f"{NAME}.", suffix=TEMP_SUFFIX, dir=self.staging)
        except OSError as err:
            raise self._error(err) from err
        self.handle = open(fd, "wb")
        self._write(self.HEAD)
        pending, self.pending, self.count = self.pending, [], 0
        for doc in pending:
            self._write_member(self.old.member(doc) or b"")

    def finish(self, names: Sequence[str], settings: dict, transaction: Transaction) -> Written:
        """Write the end of the manifest and stage it unless its bytes are the old ones."""
        if self.handle is None and self.old.trusted and list(self.old.spans) == list(names):
            return Written(self.old.sha256, unchanged=True)
        self._start()
        rest = {"format": FORMAT, "generator": f"locflow {__version__}", "settings": settings}
        self._write(("\n  },\n" if self.count else "},\n").encode())
        self._write((",\n".join(member(key, value, 1) for key, value in rest.items()) + "\n}\n").encode("utf-8"))
        assert self.handle is not None and self.temp is not None
        try:
            self.handle.close()
        except OSError as err:
            raise self._error(err) from err
        sha256 = self.hash.hexdigest()
        if sha256 == self.old.sha256:
            os.unlink(self.temp)
            return Written(sha256, unchanged=True)
        os.chmod(self.temp, 0o666 & ~umask())
        transaction.extend([Staged(str(self.path), self.temp, None)])
        return Written(sha256, unchanged=False)

    def discard(self) -> None:
        """Remove the staged manifest, if any; never raises (it runs while an error is on its way)."""
        if self.handle is not None:
            with contextlib.suppress(OSError):
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
