"""Stage 2: templates, gettext merge, and .po reading and writing.

The only module that looks inside polib objects.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import polib
from babel.messages.plurals import get_plural

from locflow import po as pofile
from locflow import pseudo
from locflow import poformat
from locflow.errors import CatalogError, SourceError
from locflow.filenames import check_reference, printable
from locflow.memory import NOTE, Memory, Recalled
from locflow.model import Document, Entry
from locflow.similar import closest, similarity

Catalog = polib.POFile
"""A parsed catalog or template. Other modules pass it along and never look inside."""

MARKDOWN_FLAG = "markdown-text"
"""Flag on entries whose text is inline Markdown (Weblate turns its Markdown checks on)."""

WRAP_WIDTH = 0
"""Catalogs are written unwrapped, one line per string, like ``msgcat --no-wrap``:
a URL is never split, and a diff shows each changed message whole."""

CHARSET = re.compile(rb"charset=([A-Za-z0-9._:-]+)")

GETTEXT_CHARSETS = frozenset(
    ["utf-8", "ascii", "koi8-r", "koi8-u", "koi8-t", "cp850", "cp866", "cp874", "cp932", "cp949", "cp950"]
    + [f"iso8859-{n}" for n in range(1, 17)]
    + [f"cp{n}" for n in range(1250, 1259)]
    + ["gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_jp", "euc_kr", "shift_jis", "johab", "tis-620"]
)
"""The charsets a catalog may declare, by Python codec name: those of GNU
gettext's portable list that Python decodes. All keep ASCII's characters,
which PO syntax is made of; UTF-7, UTF-16, IDNA and the like do not."""

OLDER_TRANSLATION = "older translation kept by locflow"
"""The msgctxt given to an obsolete entry whose msgid another entry has (see `merge`)."""


@dataclass(slots=True)
class MergeStats:
    """What a merge changed, in segments and source words."""

    new: list[str] = field(default_factory=list)
    """Source texts with no translation before (not even a fuzzy one)."""
    changed: list[str] = field(default_factory=list)
    """Source texts that got the closest old translation, marked fuzzy."""
    removed: list[str] = field(default_factory=list)
    """Old source texts that left the document (now obsolete), not counting
    those that live on as the previous text of a changed segment."""
    recalled: list[str] = field(default_factory=list)
    """Source texts translated from the project's memory (the same text translated elsewhere)."""


def template(document: Document, source_file: str) -> polib.POFile:
    """Return the .pot of a document: one entry per distinct text, in document order.

    `source_file` is the document's path as written in ``#:`` references. A
    file name with a space is written as GNU gettext writes it; one with a
    control character (see `filenames.unwritable_character`) is a `SourceError`, and
    so is a text with EOT (U+0004), which msgfmt refuses in any string.
    """
    check_reference(source_file)
    pot = polib.POFile(wrapwidth=WRAP_WIDTH)
    pot.header = f"Translation template for {source_file}.\nWritten by locflow extract; do not edit."
    pot.metadata = {
        "Project-Id-Version": document.path,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    by_text: dict[str, polib.POEntry] = {}
    for segment in document.segments:
        entry = by_text.get(segment.text)
        if entry is None:
            if pofile.CONTEXT_SEPARATOR in segment.text:
                raise SourceError(
                    f"{printable(source_file)}:{segment.line}: the text holds the control character EOT (U+0004), "
                    "which no gettext message can hold; remove it"
                )
            flags = [] if segment.kind.startswith("front matter") or segment.kind == "label" else [MARKDOWN_FLAG]
            entry = polib.POEntry(msgid=segment.text, comment=segment.kind, flags=flags)
            by_text[segment.text] = entry
            pot.append(entry)
        elif segment.kind not in entry.comment.split("\n"):
            entry.comment += "\n" + segment.kind
        if segment.note and (note := " ".join(segment.note.split())) not in entry.comment.split("\n"):
            entry.comment += "\n" + note  # the content owner's note (directives)
        entry.occurrences.append((source_file, str(segment.line)))
    return pot


def new_catalog(locale: str, document: str) -> polib.POFile:
    """Return an empty catalog for `locale` with the headers gettext tools expect."""
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.header = f"{locale} translation of {document}."
    po.metadata = {
        "Project-Id-Version": document,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(locale),
    }
    return po


def filled(template: polib.POFile, locale: str, document: str, translate: Callable[[str], str]) -> polib.POFile:
    """Return a new catalog of `locale` with every entry of `template`, translated by `translate`."""
    po = new_catalog(locale, document)
    for entry in template:
        copy = _copy_template_entry(entry)
        copy.msgstr = translate(entry.msgid)
        po.append(copy)
    return po


def new_catalog_text(locale: str, document: str, template_text: str) -> str:
    """Return the text of `merge` ``(new_catalog(locale, document), template)``, given the template's text.

    A new catalog holds the template's entries as they are: only the header differs.
    """
    return poformat.with_header(template_text, dumps(new_catalog(locale, document)))


def new_stats(template: polib.POFile) -> MergeStats:
    """Return the `MergeStats` of merging `template` into a new catalog: every text is new."""
    return MergeStats(new=[entry.msgid for entry in template])


@functools.cache
def plural_forms(locale: str) -> str:
    """Return the ``Plural-Forms`` header value Babel gives for `locale`.

    >>> plural_forms("zh_Hans")
    'nplurals=1; plural=0;'
    """
    return get_plural(pseudo.babel_code(locale)).plural_forms


def merge(
    catalog: polib.POFile, pot: polib.POFile, memory: Memory | None = None, own: str | None = None
) -> tuple[polib.POFile, MergeStats]:
    """Update `catalog` to the template `pot` with gettext semantics.

    Exact matches keep their translation and translator comments. A new text
    gets the most similar old translation, marked fuzzy with ``#| msgid``; a
    plural entry with the same msgid offers its first form instead. An
    obsolete translation comes back when its text reappears. Old entries
    whose text left the document become obsolete. Nothing translated is
    dropped, and no two entries share a msgctxt and msgid (see
    `_settle_duplicates`), so that msgfmt accepts the result. The inputs are
    not modified.

    With a `memory` (the project's translations of this locale; `own` names
    this catalog's units in it), a text without a translation here takes the
    same text's translation from elsewhere, as ``msgmerge -C`` does, with a
    ``#.`` note naming where (fuzzy if it was translated several ways), or
    the closer of this catalog's and the memory's fuzzy suggestions.
    """
    result = polib.POFile(wrapwidth=WRAP_WIDTH)
    result.header = catalog.header
    result.metadata = dict(catalog.metadata)
    # Catalogs are always written as UTF-8; one read in a legacy charset is converted.
    result.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    result.metadata_is_fuzzy = catalog.metadata_is_fuzzy
    stats = MergeStats()

    active = {_key(e): e for e in catalog if not e.obsolete}
    obsolete = {_key(e): e for e in catalog if e.obsolete}
    wanted = {e.msgid for e in pot}
    candidates = [e for e in catalog if e.msgstr and not e.fuzzy and not e.msgid_plural and not e.msgctxt]
    texts = [c.msgid for c in candidates]
    reused: set[str] = set()

    for new in pot:
        same = [e for e in (active.get((None, new.msgid)), obsolete.get((None, new.msgid))) if e is not None]
        old = next((e for e in same if not e.msgid_plural), None)
        plural = next((e for e in same if e.msgid_plural and e.msgstr_plural.get(0)), None)
        entry = _copy_template_entry(new)
        if old is not None:
            entry.msgstr = old.msgstr
            entry.tcomment = old.tcomment
            if old.fuzzy:
                entry.flags.append("fuzzy")
                entry.previous_msgid = old.previous_msgid
                entry.previous_msgid_plural = old.previous_msgid_plural
            entry.comment += "".join(f"\n{n}" for n in old.comment.split("\n") if n.startswith(NOTE) and n not in entry.comment)
            if not old.msgstr and not old.fuzzy and memory is not None:
                if (offer := memory.recall(new.msgid, _kind(new), skip=own)) is not None:
                    _take(entry, offer, stats)
            if old.obsolete and not entry.msgstr:
                stats.new.append(new.msgid)
        elif plural is not None:
            # The singular form of the old plural entry; the entry itself stays, obsolete.
            entry.msgstr = plural.msgstr_plural[0]
            entry.tcomment = plural.tcomment
            entry.flags.append("fuzzy")
            entry.previous_msgid = plural.msgid
            entry.previous_msgid_plural = plural.msgid_plural
            stats.changed.append(new.msgid)
            reused.add(plural.msgid)
        else:
            offer = memory.recall(new.msgid, _kind(new), fuzzy=False, skip=own) if memory is not None else None
            best = None
            if candidates and offer is None:
                best = closest(new.msgid, texts)
            if offer is None and memory is not None:
                floor = None if best is None else similarity(new.msgid, candidates[best].msgid)
                offer = memory.recall(new.msgid, _kind(new), skip=own, floor=floor)
                if offer is not None and floor is not None and offer.score <= floor:
                    offer = None
            if offer is not None:
                _take(entry, offer, stats)
            elif best is None:
                stats.new.append(new.msgid)
            else:
                match = candidates[best]
                entry.msgstr = match.msgstr
                entry.tcomment = match.tcomment
                entry.flags.append("fuzzy")
                entry.previous_msgid = match.msgid
                stats.changed.append(new.msgid)
                reused.add(match.msgid)
        entry.flags.extend(f for f in (old.flags if old else ()) if f not in entry.flags and f != "fuzzy")
        result.append(entry)

    # Entries that were active come first, so that of two obsolete entries with
    # one msgid, the translation last in use keeps the msgid (_settle_duplicates).
    for old in sorted(catalog, key=lambda e: bool(e.obsolete)):
        if old.obsolete:
            result.append(_copy(old))  # unless it repeats an entry above: see _settle_duplicates
        elif old.msgctxt or old.msgid_plural or old.msgid not in wanted:
            if old.msgid not in reused:
                stats.removed.append(old.msgid)
            if old.msgstr or any(old.msgstr_plural.values()) or old.tcomment:
                gone = _copy(old)
                gone.obsolete = True
                gone.occurrences = []
                result.append(gone)
    return _settle_duplicates(result), stats


def _kind(entry: polib.POEntry) -> str:
    return entry.comment.split("\n", 1)[0]


def _take(entry: polib.POEntry, offer: Recalled, stats: MergeStats) -> None:
    """Fill a template entry with the memory's offer."""
    entry.msgstr = offer.translation
    entry.comment = "\n".join([*(n for n in entry.comment.split("\n") if not n.startswith(NOTE)), offer.note])  # the newest only
    if offer.fuzzy:
        entry.flags.append("fuzzy")
        entry.previous_msgid = offer.previous
        stats.changed.append(entry.msgid)
    else:
        stats.recalled.append(entry.msgid)


def _settle_duplicates(catalog: polib.POFile) -> polib.POFile:
    """Give every entry its own msgctxt and msgid, dropping no translator's text.

    msgfmt refuses two entries with the same msgctxt and msgid, active or
    obsolete. An entry that repeats one before it is dropped when everything
    a translator wrote in it (msgstr, plural forms, ``#`` comment) is already
    there; otherwise it is kept with the msgctxt `OLDER_TRANSLATION` (numbered
    if need be). Only obsolete entries can repeat: the template's are unique
    and come first.
    """
    taken = {_key(e) for e in catalog}
    first: dict[tuple[str | None, str], polib.POEntry] = {}
    result = polib.POFile(wrapwidth=WRAP_WIDTH)
    result.header, result.metadata, result.metadata_is_fuzzy = catalog.header, catalog.metadata, catalog.metadata_is_fuzzy
    for entry in catalog:
        holder = first.get(_key(entry))
        if holder is not None:
            if _adds_nothing(entry, holder):
                continue
            entry.msgctxt = _free_context(entry, taken)
            taken.add(_key(entry))
        first[_key(entry)] = entry
        result.append(entry)
    return result


def _adds_nothing(entry: polib.POEntry, holder: polib.POEntry) -> bool:
    """Whether everything a translator wrote in `entry` is in `holder` too."""
    forms = {n: s for n, s in entry.msgstr_plural.items() if s}
    return (
        entry.msgstr in ("", holder.msgstr)
        and (not forms or forms == {n: s for n, s in holder.msgstr_plural.items() if s})
        and entry.tcomment in ("", holder.tcomment)
    )


def _free_context(entry: polib.POEntry, taken: set[tuple[str | None, str]]) -> str:
    base = OLDER_TRANSLATION if entry.msgctxt is None else f"{entry.msgctxt} ({OLDER_TRANSLATION})"
    context, number = base, 1
    while (context, entry.msgid) in taken:
        number += 1
        context = f"{base} {number}"
    return context


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _copy_template_entry(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid, comment=entry.comment, occurrences=list(entry.occurrences), flags=list(entry.flags)
    )


def _copy(entry: polib.POEntry) -> polib.POEntry:
    copy = polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        msgctxt=entry.msgctxt,
        comment=entry.comment,
        tcomment=entry.tcomment,
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        previous_msgctxt=entry.previous_msgctxt,
    )
    copy.obsolete = entry.obsolete
    return copy


def decode(data: bytes, path: str) -> str:
    """Return the text of a catalog file, honouring a BOM and its declared charset.

    The charset must be one of `GETTEXT_CHARSETS`; ``charset=CHARSET``, the
    placeholder of a fresh template, reads as UTF-8.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    match = CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() == "CHARSET":  # an unfilled template header
        charset = "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError as err:
        raise CatalogError(f"unknown charset {charset!r} in the Content-Type header", path=path) from err
    if codec not in GETTEXT_CHARSETS and match is not None:
        raise CatalogError(
            f"charset {charset!r} in the Content-Type header is not a text encoding gettext reads; "
            "save the file as UTF-8 and declare charset=UTF-8",
            path=path,
            line=data[: match.start()].count(b"\n") + 1,
        )
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise CatalogError(f"not valid {charset} text ({err.reason})", path=path, line=line) from err


def loads(text: str, path: str) -> polib.POFile:
    """Parse .po or .pot text; `path` is only used in messages.

    Stricter than polib: an unterminated string, an unknown escape, a
    duplicate message or a keyword out of order is an error with its line,
    as GNU msgfmt reports it.
    """
    return pofile.parse(text, path)


def dumps(catalog: polib.POFile) -> str:
    """Return the text of a catalog: unwrapped, deterministic, no timestamps."""
    return poformat.write(catalog)


def translations(catalog: polib.POFile) -> dict[str, str]:
    """Return ``{msgid: msgstr}`` for every usable translation (not empty, fuzzy or obsolete)."""
    return {
        e.msgid: e.msgstr
        for e in catalog
        if e.msgstr and not e.fuzzy and not e.obsolete and not e.msgctxt and not e.msgid_plural
    }


def entries(catalog: polib.POFile) -> Iterator[Entry]:
    """Yield the active singular entries of a catalog as Entry records."""
    for e in catalog:
        if not e.obsolete and not e.msgctxt and not e.msgid_plural:
            yield Entry(e.msgid, e.msgstr, e.fuzzy, e.linenum, e.previous_msgid)


def header(catalog: polib.POFile) -> dict[str, str]:
    """Return the catalog's header fields."""
    return dict(catalog.metadata)


def msgids(catalog: polib.POFile) -> list[str]:
    """Return the msgids of the active entries, in file order."""
    return [e.msgid for e in catalog if not e.obsolete and not e.msgctxt and not e.msgid_plural]


def units(catalog: polib.POFile) -> list[tuple[str, str, str, bool]]:
    """Return ``(msgid, msgstr, kind, active)`` of every finished singular translation, obsolete ones too (for the memory)."""
    return [
        (e.msgid, e.msgstr, e.comment.split("\n", 1)[0], not e.obsolete)
        for e in catalog if e.msgstr and not e.fuzzy and not e.msgctxt and not e.msgid_plural
    ]


def compendium(locale: str, items: Iterable[tuple[str, str, bool, str]]) -> str:
    """Return a ``.po`` compendium of `locale` from ``(msgid, msgstr, fuzzy, #. note)`` items."""
    po = new_catalog(locale, "the translation memory")
    for msgid, msgstr, fuzzy, note in items:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, comment=note, flags=["fuzzy"] if fuzzy else []))
    return dumps(po)


def fuzzy_msgids(catalog: polib.POFile) -> set[str]:
    """Return the msgids of active fuzzy entries that have a translation."""
    return {e.msgid for e in catalog if e.fuzzy and e.msgstr and not e.obsolete and not e.msgctxt}
