"""What one page of a build is made from: a locale's catalog of a document, and its parents' catalogs.

A regional locale (``es_MX``) falls back to the catalogs of its parents in
the project (``es``) before the source text, as gettext's language chain
does; so its page depends on those catalogs too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from locflow import cache, labels, workspace
from locflow.cache import Seen
from locflow.config import Config
from locflow.fsio import digest
from locflow.manifest import FileRef, PageEntry
from locflow.loading import lazy
from locflow.model import Counts

catalog = lazy("locflow.catalog")
render = lazy("locflow.render")


@dataclass(slots=True)
class Inputs:
    """A locale's inputs for one document, loaded as far as needed."""

    catalog: FileRef | None
    """The catalog; None for the source locale or a missing catalog."""
    data: bytes | None
    seen: Seen | None = None
    """What the build cache remembers of the catalog (None: no catalog)."""
    translations: dict[str, str] | None = None
    fuzzy: set[str] = field(default_factory=set)
    entry: PageEntry | None = None
    up_to_date: bool = False
    """Same source, catalog and settings as the old manifest: status and counts are reused."""
    parents: list[tuple[str, Inputs]] = field(default_factory=list)
    """The parent locales' inputs, nearest first (``es`` for ``es_MX``)."""

    def translated(self) -> dict[str, str] | None:
        """Return the usable translations (None for the source locale), parsing the catalog once."""
        if self.translations is None and self.catalog is not None:
            shown = self.catalog.path
            po = catalog.loads(catalog.decode(self.data or b"", shown), shown)
            self.translations = catalog.translations(po)
            self.fuzzy = catalog.fuzzy_msgids(po)
        return self.translations

    def inherited(self) -> set[str]:
        """Return the texts a parent translates."""
        return set().union(*(parent.translated() or {} for _, parent in self.parents))


def no_catalog(shown: str, locale: str) -> str:
    """Return the warning for a page whose locale has no catalog for the document."""
    return f"{shown}: no catalog; the {locale} page shows the source text (run locflow extract)"


def read(config: Config, doc: str, locale: str, warnings: list[str], since: int) -> Inputs:
    """Read a locale's catalog of a document (its bytes; parsed when needed), warning when there is none."""
    if locale == config.source_locale:
        return Inputs(None, None)
    path = config.catalog_path(locale, doc)
    shown = config.relative(path)
    try:
        data, seen = cache.load_file(path, since)
    except FileNotFoundError:
        warnings.append(no_catalog(shown, locale))
        return Inputs(None, None, translations={})
    except OSError as err:
        workspace.read_catalog_bytes(config, path)  # raises the error that says what is wrong
        raise workspace.cannot_read(shown, err) from err
    return Inputs(FileRef(shown, digest(data)), data, seen)


def status(
    config: Config, doc: str, locale: str, source: FileRef, inputs: Inputs, parse: Callable[[], render.Parsed]
) -> PageEntry:
    """Count a page's translated segments and decide its status; inherited segments count as translated.

    A project whose `formats` show no label (Markdown only: the site generator shows its own)
    counts no label: no file of the page would show its translation."""
    document = parse().document
    if not {"html", "text"} & set(config.formats) and any(s.kind == labels.KIND for s in document.segments):
        document = dataclasses.replace(document, segments=tuple(s for s in document.segments if s.kind != labels.KIND))
    if locale == config.source_locale:
        counts = Counts(locale, doc, translated=len({s.text for s in document.segments}))
    else:
        counts = workspace.count(document, inputs.translated() or {}, inputs.fuzzy, Counts(locale, doc), {}, inputs.inherited())
    state = "complete" if counts.covered == counts.segments else "partial"
    if counts.segments and (
        100 * counts.covered / counts.segments < config.min_complete
        or (locale != config.source_locale and not counts.covered)  # all source text: not a translation
    ):
        state = "withheld"
    return PageEntry(
        source, inputs.catalog, state, counts.percent, counts.translated, counts.fuzzy, counts.untranslated,
        inherited=counts.inherited if inputs.parents else None,
    )
