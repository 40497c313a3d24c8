"""What the last `check` found, per document, so a run re-checks only the documents whose files changed.

A document's findings depend on its source, its catalogs (those of the
locales checked and of their parents) and on where links may lead (every
document's heading ids and the other files of source/). A document none of
whose files changed since the last run (by `cache`'s rule: metadata only)
keeps its findings, as long as the site's links are the same; its heading
ids are kept too, so that working the site out does not read it again. The
project-wide warnings (orphans, consistency) are always worked out anew.

The cache (``.locflow/cache/check.json``) is only a shortcut: its key covers
the code, the whole configuration and the locales checked, and deleting it
changes no finding.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator, Sequence

from locflow import cache, localecode
from locflow.config import Config
from locflow.errors import LocflowError
from locflow.fsio import digest, locked
from locflow.model import Checked, Finding

Checks = tuple[list[Finding], list[Checked], dict[tuple[str, str], int]]
"""One document's findings, the files checked, and the entries regional locales leave to a parent."""


def _to_json(result: Checks) -> list:
    findings, checked, inherited = result
    return [
        [list(dataclasses.astuple(f)) for f in findings],
        [[c.document, c.locale, c.file, list(c.checks)] for c in checked],
        [[locale, parent, number] for (locale, parent), number in inherited.items()],
    ]


def _from_json(value: object) -> Checks | None:
    try:
        findings, checked, inherited = value  # type: ignore[misc]
        return (
            [Finding(*fields) for fields in findings],
            [Checked(doc, locale, file, tuple(checks)) for doc, locale, file, checks in checked],
            {(locale, parent): number for locale, parent, number in inherited},
        )
    except (TypeError, ValueError):
        return None


class Memo:
    """The last run's records, and this run's, for the documents of one `check`."""

    def __init__(self, config: Config, locales: Sequence[str]) -> None:
        self.config = config
        read = {*locales, *(p for locale in locales for p in localecode.parents(locale, config.locales))}
        self.locales = sorted(read)
        """The locales whose catalogs a document's findings depend on."""
        self.key = digest(json.dumps([cache.fingerprint(config, "check"), repr(config), list(locales)]).encode("utf-8"))
        self.old: dict = {}
        self.new: dict[str, dict] = {}
        self.site = ""
        self.started = 0

    @classmethod
    @contextlib.contextmanager
    def open(cls, config: Config, locales: Sequence[str]) -> Iterator[Memo]:
        """Yield the memo of a run, holding the check lock; save this run's records at the end."""
        memo = cls(config, locales)
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(locked(config.root, "check"))
                memo.started = cache.clock(config.root, "check")
            except (LocflowError, OSError):  # a project we may not write to: every document is checked
                yield memo
                return
            memo.old = cache.load(config.root, "check", memo.key)
            yield memo
            cache.save(config.root, "check", memo.key, {"site": memo.site, "documents": memo.new})

    def _seen(self, doc: str) -> list:
        paths = [self.config.source_path(doc), *(self.config.catalog_path(locale, doc) for locale in self.locales)]
        return [cache.seen(path, self.started) for path in paths]

    def _unchanged(self, doc: str) -> dict | None:
        """Return the last run's record of a document if none of its files changed since, else None."""
        documents = self.old.get("documents")
        record = documents.get(doc) if isinstance(documents, dict) else None
        if not isinstance(record, dict) or not isinstance(record.get("seen"), list):
            return None
        now = self._seen(doc)
        if len(now) != len(record["seen"]) or not all(
            (then is None and seen is None) or cache.unchanged(seen, then) for seen, then in zip(now, record["seen"])
        ):
            return None
        return record

    def anchors(self, names: Sequence[str]) -> dict[str, frozenset[str]]:
        """Return the heading ids of the documents unchanged since the last run; remember every document's files."""
        found = {}
        for doc in names:
            record = self._unchanged(doc)
            if record is not None and isinstance(record.get("anchors"), list):
                found[doc] = frozenset(record["anchors"])
                self.new[doc] = record
            else:
                self.new[doc] = {"seen": self._seen(doc)}
        return found

    def results(self, names: Sequence[str], anchors: dict[str, frozenset[str]], files: frozenset[str]) -> dict[str, Checks]:
        """Return the findings of the documents unchanged since the last run, if links lead where they did."""
        site = sorted((doc, sorted(ids)) for doc, ids in anchors.items())
        self.site = digest(json.dumps([site, sorted(files)]).encode("utf-8"))
        for doc in names:
            self.new[doc]["anchors"] = sorted(anchors[doc])
        if self.old.get("site") != self.site:
            return {}
        kept = {}
        for doc in names:
            record = self.new[doc]
            if "result" in record and (result := _from_json(record["result"])) is not None:
                kept[doc] = result
        return kept

    def record(self, doc: str, result: Checks) -> None:
        """Remember a document's findings, checked in this run."""
        self.new[doc]["result"] = _to_json(result)
