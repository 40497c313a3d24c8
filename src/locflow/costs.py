"""What a batch of translation work will cost, in the bands CAT tools and agencies quote.

Every segment a locale still needs (untranslated, fuzzy, or no catalog
yet) falls in exactly one band, decided in this order:

- ``filler``: placeholder text in the source (Lorem ipsum...): not sent;
- ``repetitions``: the same text met earlier in the batch (any document);
- ``100%``: the same text translated elsewhere (translation memory);
- ``95-99%``, ``85-94%``, ``75-84%``: the most similar translated text
  (its own fuzzy entry's previous text, or the memory's best), scored as
  `similar.similarity` scores;
- ``new``: nothing like it (below 75%).

A pure stage: the shell passes documents, catalogs' entries and the memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from locflow.memory import Memory
from locflow.model import Document, Entry
from locflow.segment import word_count
from locflow.similar import similarity

BANDS = ("new", "repetitions", "100%", "95-99%", "85-94%", "75-84%", "filler")
"""The bands, in the order a quote lists them."""

SENT = BANDS[:-1]
"""The bands sent to a translator (filler is not)."""


@dataclass(slots=True)
class Costs:
    """One locale's work in bands: segments and source words per band."""

    locale: str
    segments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    words: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))

    def add(self, band: str, words: int) -> None:
        self.segments[band] += 1
        self.words[band] += words

    @property
    def words_to_send(self) -> int:
        return sum(self.words[band] for band in SENT)


def band(score: float) -> str:
    """Return the band of a similarity score.

    >>> band(0.97), band(0.9), band(0.8), band(0.7)
    ('95-99%', '85-94%', '75-84%', 'new')
    """
    for low, name in ((0.95, "95-99%"), (0.85, "85-94%"), (0.75, "75-84%")):
        if score >= low:
            return name
    return "new"


def costs(
    locale: str, documents: Iterable[tuple[str, Document, Sequence[Entry], frozenset[str]]], memory: Memory
) -> Costs:
    """Return the bands of `locale`'s remaining work over `documents`: ``(source file, document, its catalog's entries, filler texts)``."""
    result = Costs(locale)
    seen: set[str] = set()
    for _, document, entries, filler in documents:
        done = {e.msgid: e for e in entries}
        for text in dict.fromkeys(s.text for s in document.segments):
            entry = done.get(text)
            if entry is not None and entry.msgstr and not entry.fuzzy:
                continue
            words = word_count(text)
            if text in filler:
                result.add("filler", words)
                continue
            if text in seen:
                result.add("repetitions", words)
                continue
            seen.add(text)
            offer = memory.recall(text, "", fuzzy=False)
            if offer is not None:
                result.add("100%", words)
                continue
            score = similarity(text, entry.previous_msgid) if entry is not None and entry.fuzzy and entry.previous_msgid else 0.0
            if (offer := memory.recall(text, "")) is not None:
                score = max(score, offer.score)
            result.add(band(score), words)
    return result


def as_text(rows: Sequence[Costs]) -> str:
    """Return one line per locale: words (segments) per band, and the words to send."""
    header = ("locale", *BANDS, "words to send")
    table = [header] + [
        (r.locale, *(f"{r.words[b]} ({r.segments[b]})" for b in BANDS), str(r.words_to_send)) for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip() for row in table]
    return "\n".join(lines) + "\nwords (segments) per band; filler is not sent: replace it in the source first"


def as_json(rows: Sequence[Costs]) -> str:
    data = [
        {"locale": r.locale, "words_to_send": r.words_to_send,
         "bands": {b: {"segments": r.segments[b], "words": r.words[b]} for b in BANDS}}
        for r in rows
    ]
    return json.dumps(data, indent=2, ensure_ascii=False)


def as_csv(rows: Sequence[Costs]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["locale", "band", "segments", "words"])
    for r in rows:
        for b in BANDS:
            writer.writerow([r.locale, b, r.segments[b], r.words[b]])
    return out.getvalue()
