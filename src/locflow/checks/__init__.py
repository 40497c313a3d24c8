"""Stage 4: QA checks. Catalog entries and source segments in, issues out.

Every function here is pure and never raises on odd input: a check yields
every problem it sees as an `Issue`; `qa` adds where it was found.

Decisions the checks make (see also docs/checks.md):

- A source segment that is placeholder text is reported once, as
  `source-placeholder`. Its catalog entries are not reported as
  `untranslated`, `fuzzy`, `placeholder`, `unchanged` or `length`:
  translating filler is pointless, the source is what needs fixing.
- A fuzzy entry is reported as `fuzzy` (and `unsafe-html` if it holds
  HTML), not by the content checks: it is not published, and it is checked
  in full once a translator has reviewed it.
- A fuzzy entry whose source changed a number, a negation, a unit or a
  word such as before/after is *dangerous*: `qa` lists it first.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from markdown_it import MarkdownIt

from locflow.checks import filler, inline, numbers
from locflow.checks.languages import Language, language
from locflow.model import Document, Entry

__all__ = [
    "CATALOG_CHECKS", "SEVERITY", "SOURCE_CHECKS", "Context", "Issue", "Language", "Recall",
    "check_entry", "check_header", "check_stale", "fuzzy_changes", "language", "references",
    "source_placeholders",
]

SEVERITY: dict[str, Literal["error", "warning"]] = {
    "untranslated": "error",
    "fuzzy": "error",
    "placeholder": "error",
    "source-placeholder": "error",
    "numbers": "error",
    "links": "error",
    "markup": "error",
    "unsafe-html": "error",
    "syntax": "error",
    "header": "error",
    "stale": "error",
    "unchanged": "warning",
    "whitespace": "warning",
    "length": "warning",
    "control-chars": "error",
}
"""Every check id and its severity, as DESIGN.md lists them (a public interface).

``control-chars`` is locflow's own addition to DESIGN.md's table."""

CATALOG_CHECKS = tuple(check for check in SEVERITY if check != "source-placeholder")
"""Checks about a locale's catalog."""
SOURCE_CHECKS = ("source-placeholder",)
"""Checks about a source document."""


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem a check found, before `qa` says where."""

    check: str
    """A check id from `SEVERITY`."""
    message: str
    """What is wrong and what to do, in one sentence."""
    dangerous: bool = False
    """A fuzzy entry whose source changed its meaning (numbers, negation): listed first."""
    field: str = ""
    """For `header` issues, the header field concerned."""

    @property
    def severity(self) -> Literal["error", "warning"]:
        return SEVERITY[self.check]


@dataclass(frozen=True, slots=True)
class Context:
    """What the entry checks of one catalog need to know besides the entry."""

    source: Language
    target: Language
    md: MarkdownIt
    """The project's Markdown parser (`segment.parser()`), made once per run."""
    references: Mapping = field(default_factory=dict)
    """The source document's markdown-it ``env`` (its link reference definitions)."""
    filler: frozenset[str] = frozenset()
    """Source texts that are placeholder text themselves (see the module docstring)."""
    names: tuple[str, ...] = ()
    """``do_not_translate``: names that may stay as they are in the source."""
    patterns: tuple[re.Pattern[str], ...] = ()
    """``placeholder_patterns``, compiled."""
    memo: dict = field(default_factory=dict, compare=False, repr=False)
    """What was worked out about a source text (`Facts`), shared by every locale of a document."""
    recall: Recall | None = field(default=None, compare=False, repr=False)
    """What the run worked out so far, shared by the contexts of every document and locale
    of a run (they may differ in `target`, `references`, `filler` and `memo` only)."""

    def facts(self, msgid: str) -> Facts:
        """Return what is known about a source text; it is worked out once per document."""
        found = self.memo.get(msgid)
        if found is None:
            found = self.memo[msgid] = Facts()
        return found

    def source_inline(self, msgid: str) -> inline.Inline:
        """Return the inline analysis of a source text, parsing it once per document."""
        facts = self.facts(msgid)
        if facts.inline is None:
            facts.inline = self.inline(msgid)
        return facts.inline

    def inline(self, text: str) -> inline.Inline:
        """Return `inline.inline` of a text, remembered by the run (by `inline.shape`)
        when no reference definitions matter."""
        if self.recall is None or self.references or not inline.MARKUP.search(text):
            return inline.inline(text, self.md, self.references)
        key = inline.shape(text)
        found = self.recall.inline.get(key)
        if found is None:
            found = self.recall.remember(self.recall.inline, key, inline.inline(key, self.md, {}))
        return found

    def source_numbers(self, msgid: str) -> list[Decimal]:
        """Return the numbers a source text writes with digits (`numbers.values`), once per document."""
        facts = self.facts(msgid)
        if facts.numbers is None:
            facts.numbers = numbers.values(msgid, self.source)
        return facts.numbers

    def source_size(self, msgid: str) -> int:
        """Return the length `length` compares (`_size`) of a source text, once per document."""
        facts = self.facts(msgid)
        if facts.size is None:
            facts.size = _size(msgid, self.names)
        return facts.size


@dataclass(slots=True)
class Recall:
    """What a run already worked out, for the documents without link reference definitions.

    Pages share headings, list items and paragraphs, and translation memories
    give them the same translations, so a run meets the same entries again
    and again (in the benchmark corpus two entries in three). An entry's
    issues depend only on its texts, flags and locale and on the run's
    settings; they are remembered for the most recent `limit` entries.
    """

    limit: int = 16384
    issues: OrderedDict[tuple, tuple[Issue, ...]] = field(default_factory=OrderedDict)
    """Issues, by ``(msgid, msgstr, fuzzy, previous_msgid, source is filler, target locale)``."""
    inline: OrderedDict[str, inline.Inline] = field(default_factory=OrderedDict)
    """`inline.inline` of the texts of a shape (`inline.shape`)."""

    def remember(self, table: OrderedDict, key: object, value: object) -> object:
        """Store `value` in `table` (one of the above), forgetting the oldest when it is full."""
        if len(table) >= self.limit:
            table.popitem(last=False)
        table[key] = value
        return value


@dataclass(slots=True)
class Facts:
    """What the checks worked out about one source text: the same for every locale."""

    inline: inline.Inline | None = None
    numbers: list[Decimal] | None = None
    """`numbers.values` of the text, read as the source language writes numbers."""
    size: int | None = None
    """Characters other than spaces, without markup (see `length`)."""


# --- the source ------------------------------------------------------------


def source_placeholders(
    document: Document, patterns: Sequence[re.Pattern[str]] = (), source_locale: str = "en"
) -> list[tuple[int, str, str]]:
    """Return ``(line, text, reason)`` for each source segment that is placeholder text.

    Lorem ipsum (by its vocabulary), TODO / TBD / FIXME / XXX markers and text
    matching `patterns` (``config.compiled_patterns``) are placeholders.
    ``{{var}}`` is not: in the source it may be meant for a later templating stage.

    >>> from locflow.segment import segment
    >>> source_placeholders(segment("# Care\\n\\nMassa bibendum\\n\\nTBD\\n", "a.md"))
    [(3, 'Massa bibendum', 'Lorem ipsum: bibendum, massa'), (5, 'TBD', 'the marker TBD')]
    """
    found = []
    for segment in document.segments:
        reasons = list(filler.reasons(segment.text, patterns, source_locale.split("_")[0]))
        if reasons:
            found.append((segment.line, segment.text, "; ".join(reasons)))
    return found


def references(source: str, md: MarkdownIt) -> dict:
    """Return the markdown-it ``env`` of a source document: its link reference definitions."""
    env: dict = {}
    if "]:" in source:
        md.parse(source, env)
    return env


# --- catalog entries ---------------------------------------------------------


def check_entry(entry: Entry, context: Context) -> Iterator[Issue]:
    """Run every entry check on one catalog entry.

    An entry the run has seen before (`Context.recall`) gets the issues it got then.
    """
    recall = context.recall
    if recall is None or context.references:
        return _check_entry(entry, context)
    key = (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid, entry.msgid in context.filler, context.target.code)
    found = recall.issues.get(key)
    if found is None:
        found = recall.remember(recall.issues, key, tuple(_check_entry(entry, context)))
    return iter(found)


def _check_entry(entry: Entry, context: Context) -> Iterator[Issue]:
    if not entry.msgstr.strip():
        if entry.msgid not in context.filler:
            what = "no translation" if not entry.msgstr else "the translation is only whitespace"
            yield Issue("untranslated", f"{what}; translate it")
        return
    is_filler = entry.msgid in context.filler
    yield from control_chars(entry)
    if entry.fuzzy:
        if not is_filler:
            yield fuzzy(entry, context.source)
        yield from unsafe_html(entry, context)
        return
    if not is_filler:
        yield from placeholder(entry, context)
    yield from number_check(entry, context)
    yield from markdown_checks(entry, context)
    if not is_filler:
        yield from unchanged(entry, context)
    yield from whitespace(entry)
    if not is_filler:
        yield from length(entry, context)


INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
)
"""Characters a reader cannot see that change what a page shows or how it is ordered:
control characters (NUL included), bidi embeddings, overrides and isolates, line and
paragraph separators, a byte order mark, interlinear annotation. Tab and newline are
left to `whitespace` and `markup`; the marks translators need (LRM, RLM, ZWJ, ZWNJ)
are allowed."""


def control_chars(entry: Entry) -> Iterator[Issue]:
    """Find invisible control and bidi characters in a translation that its source does not have.

    >>> [i.message for i in control_chars(Entry("Pay", "Pay\u202egnp.exe", False, 1))]
    ['the translation has invisible characters U+202E: remove them']
    """
    if INVISIBLE.search(entry.msgstr) is None:
        return
    found = Counter(INVISIBLE.findall(entry.msgstr)) - Counter(INVISIBLE.findall(entry.msgid))
    if found:
        codes = ", ".join(f"U+{ord(char):04X}" for char in sorted(found))
        yield Issue("control-chars", f"the translation has invisible characters {codes}: remove them")


def fuzzy(entry: Entry, source: Language) -> Issue:
    """Say that a translation is fuzzy, and what changed in its source since it was translated."""
    if entry.previous_msgid is None:
        return Issue("fuzzy", "the translation is marked fuzzy: review it, then remove the fuzzy flag")
    changes = fuzzy_changes(entry.previous_msgid, entry.msgid, source)
    if not changes:
        return Issue("fuzzy", "the source changed since this was translated: review the translation, then remove the fuzzy flag")
    return Issue(
        "fuzzy",
        f"the source changed its meaning since this was translated ({'; '.join(changes)}): "
        "correct the translation, then remove the fuzzy flag",
        dangerous=True,
    )


NEGATIONS = frozenset(
    "not no never none nothing nobody nowhere neither nor cannot without non unless "
    "avoid avoids avoided avoiding".split()
)
"""English words that negate or forbid; adding or removing one flips what a sentence says."""

UNITS = frozenset("second minute hour day week month year mg mcg µg g kg ml l iu unit drop tablet capsule".split())
"""Units of time and dose, singular (plurals are counted as their singular)."""

WORDS_THAT_MATTER = (
    frozenset("before after".split()),
    frozenset("more less fewer".split()),
    frozenset("increase decrease increases decreases increased decreased".split()),
    frozenset("maximum minimum max min".split()),
    frozenset("left right".split()),
    frozenset("above below over under higher lower".split()),
    UNITS,
)
"""Words whose swap changes an instruction: before/after, more/less, units of time and dose."""

ENGLISH_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|µg")


def fuzzy_changes(previous: str, current: str, source: Language) -> list[str]:
    """Say how the source changed in ways a translator must not miss.

    >>> fuzzy_changes("Take 2 tablets a day.", "Do not take 3 tablets a day.", language("en"))
    ['2 became 3', '"not" was added']
    """
    changes = []
    difference = numbers.compare(previous, current, source, source)
    if difference:
        changes.append(difference.describe())
    old, new = _english_words(previous), _english_words(current)
    for group in (NEGATIONS, *WORDS_THAT_MATTER):
        removed = [w for w in old if w in group and old[w] > new[w]]
        added = [w for w in new if w in group and new[w] > old[w]]
        if group is NEGATIONS:
            removed += [w for w in old if w.endswith(("n't", "n’t")) and old[w] > new[w]]
            added += [w for w in new if w.endswith(("n't", "n’t")) and new[w] > old[w]]
        if len(removed) == 1 and len(added) == 1:
            changes.append(f'"{removed[0]}" became "{added[0]}"')
            continue
        changes.extend(f'"{w}" was added' for w in added)
        changes.extend(f'"{w}" was removed' for w in removed)
    return changes


def _english_words(text: str) -> Counter[str]:
    words = Counter()
    for word in ENGLISH_WORD.findall(text.lower()):
        word = word.replace("’", "'")
        words[word[:-1] if word.endswith("s") and word[:-1] in UNITS else word] += 1
    return words


def placeholder(entry: Entry, context: Context) -> Iterator[Issue]:
    """Find filler in a translation: Lorem ipsum, markers, unfilled variables, configured patterns."""
    text, target = entry.msgstr, context.target
    reasons = []
    if target.language != "la" and (latin := filler.lorem(text)):
        if not set(latin) <= set(filler.words(entry.msgid)):
            reasons.append(filler.describe(latin))
    for marker in dict.fromkeys(filler.markers(text, target.language)):
        if marker in entry.msgid or (marker == "XXX" and 30 in context.source_numbers(entry.msgid)):
            continue  # the source has it too, or XXX is the Roman numeral 30
        reasons.append(f"the marker {marker}")
    source_variables = set(filler.variables(entry.msgid))
    for variable in dict.fromkeys(filler.variables(text)):
        if variable not in source_variables:
            reasons.append(f"the unfilled variable {variable}, which the source does not have")
    for pattern in context.patterns:
        if (match := pattern.search(text)) and not pattern.search(entry.msgid):
            reasons.append(f"{match.group(0)!r}, which matches placeholder_patterns {pattern.pattern!r}")
    if reasons:
        yield Issue("placeholder", f"the translation is placeholder text: {'; '.join(reasons)}")


def number_check(entry: Entry, context: Context) -> Iterator[Issue]:
    """Compare the numbers of source and translation by value."""
    wanted = context.source_numbers(entry.msgid)
    if not wanted and not numbers.DIGIT.search(entry.msgstr):
        return  # no number on either side
    difference = numbers.compare(entry.msgid, entry.msgstr, context.source, context.target, wanted=wanted)
    if difference:
        yield Issue("numbers", f"the numbers differ from the source: {difference.describe()}")


def markdown_checks(entry: Entry, context: Context) -> Iterator[Issue]:
    """Run `links`, `markup` and `unsafe-html`: parse both texts only when they hold markup."""
    source = context.source_inline(entry.msgid)
    target = context.inline(entry.msgstr)
    yield from links(source, target)
    yield from markup(entry, source, target)
    yield from unsafe_html(entry, context, source, target)


def links(source: inline.Inline, target: inline.Inline) -> Iterator[Issue]:
    """Link and image targets survive translation; their order may change."""
    if source.urls == target.urls:
        return
    missing = sorted(source.urls - target.urls)
    added = sorted(target.urls - source.urls)
    if len(missing) == 1 and len(added) == 1:
        yield Issue("links", f"the link target {missing[0]} became {added[0]}; keep the source's")
    elif missing or added:
        parts = [f"{url} is missing" for url in missing] + [f"{url} is not in the source" for url in added]
        yield Issue("links", f"link targets differ from the source: {'; '.join(parts)}")


def markup(entry: Entry, source: inline.Inline, target: inline.Inline) -> Iterator[Issue]:
    """Code spans stay verbatim; links, images and emphasis keep their count; no block structure."""
    if source is target is inline.PLAIN and "\n" not in entry.msgstr and entry.msgstr[:1] not in inline.BLOCK_STARTS:
        return
    problems = []
    if source.code != target.code:
        missing = list((Counter(source.code) - Counter(target.code)).elements())
        added = list((Counter(target.code) - Counter(source.code)).elements())
        parts = [f"`{c}` is missing" for c in missing] + [f"`{c}` is not in the source" for c in added]
        problems.append(f"code spans must be copied verbatim ({'; '.join(parts)})")
    if source.urls == target.urls:
        for what, a, b in (("links", source.links, target.links), ("images", source.images, target.images)):
            if a != b:
                problems.append(f"{b} {what} where the source has {a}")
    if source.emphasis != target.emphasis:
        hint = ""
        if target.emphasis < source.emphasis and target.stray_stars:
            hint = " (some * or _ markers stay as text: they need a letter, not a space, inside, and next to punctuation a space outside)"
        problems.append(f"{target.emphasis} emphasis spans where the source has {source.emphasis}{hint}")
    if added := inline.added_structure(entry.msgid, entry.msgstr):
        shown = ", ".join(sorted(added))
        problems.append(f"it tries to add block structure ({shown}); a translation is inline text only")
    if problems:
        yield Issue("markup", f"the markup differs from the source: {'; '.join(problems)}")


EVENT_HANDLER = re.compile(r"\bon[a-z]{3,}\s*=", re.IGNORECASE)
"""``onload=``, ``onclick =``: an attempt to break out of an attribute (pages escape it; the gate still says so)."""


def unsafe_html(
    entry: Entry, context: Context, source: inline.Inline | None = None, target: inline.Inline | None = None
) -> Iterator[Issue]:
    """Find raw HTML and script URLs in a translation that its source does not have.

    HTML the source itself has may be copied: it is shown as text either way,
    and `extract` already tells the content owner about it.
    """
    if source is None or target is None:
        source = context.source_inline(entry.msgid)
        target = context.inline(entry.msgstr)
    problems = []
    if target.html:
        problems += [f"raw HTML {tag}" for tag in (Counter(target.html) - Counter(source.html)).elements()]
    if target.tag_like:
        problems += [f"text that looks like HTML {text}" for text in (Counter(target.tag_like) - Counter(source.tag_like)).elements()]
    if "=" in entry.msgstr:  # an event handler attribute needs one
        outside_tags = entry.msgstr
        for tag in target.html + target.tag_like:  # a handler inside a tag is reported with its tag
            outside_tags = outside_tags.replace(tag, "", 1)
        handlers = Counter(EVENT_HANDLER.findall(outside_tags)) - Counter(EVENT_HANDLER.findall(entry.msgid))
        problems += [f"text that looks like an event handler attribute {name.strip()}" for name in handlers.elements()]
    problems += [f"the script URL {url}" for url in inline.dangerous_urls(entry.msgstr) if url not in entry.msgid]
    if problems:
        yield Issue(
            "unsafe-html",
            f"the translation has {'; '.join(dict.fromkeys(problems))}: remove it (pages show it as text, never as markup)",
        )


PROSE_ONLY = re.compile(r"`+[^`]*`+|\]\([^)]*\)|<[^<>]*>|https?://\S+|[*_#>\[\]\\]")
MARKUP_CHARS = "`]<*_#>[\\"
SPANS = re.compile(r"``*[^`]*``*|\]\([^)]*\)|<[^<>]*>|https?://\S+")
"""The spans of `PROSE_ONLY` without its single characters (`MARKS`). Every alternative starts
with a literal character, so the regex engine skips to the characters that can start one."""
MARKS = "*_#>[]\\"
SPACES = " \n\u00a0\u3000"


def _prose(text: str, names: Sequence[str]) -> str:
    """Return the text a reader reads: without markup, link targets, code and do-not-translate names."""
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    if "://" in text or any(char in text for char in MARKUP_CHARS):
        return PROSE_ONLY.sub(" ", text)
    return text


def unchanged(entry: Entry, context: Context) -> Iterator[Issue]:
    """Warn when the translation is the source text as is (names and letterless text aside)."""
    if entry.msgstr.strip() == entry.msgid.strip() and filler.WORD.search(_prose(entry.msgid, context.names)):
        yield Issue("unchanged", "the translation is the source text unchanged; translate it (or add names that stay in English to do_not_translate)")


def whitespace(entry: Entry) -> Iterator[Issue]:
    """Warn when leading or trailing whitespace differs from the source."""
    source, translation = entry.msgid, entry.msgstr
    if not (source[:1].isspace() or source[-1:].isspace() or translation[:1].isspace() or translation[-1:].isspace()):
        return  # neither text starts or ends with whitespace
    ends = (
        ("starts", source[: len(source) - len(source.lstrip())], translation[: len(translation) - len(translation.lstrip())]),
        ("ends", source[len(source.rstrip()) :], translation[len(translation.rstrip()) :]),
    )
    for where, expected, written in ends:
        if written == expected:
            continue
        if not expected:
            message = f"the translation {where} with {written!r} and the source does not"
        elif not written:
            message = f"the source {where} with {expected!r} and the translation does not"
        else:
            message = f"the translation {where} with {written!r} where the source has {expected!r}"
        yield Issue("whitespace", message)


LENGTH_MIN_SOURCE = 20
"""Shorter source texts (in characters other than spaces) vary too much to judge."""
LENGTH_BOUNDS = ((150, 0.55, 1.8), (LENGTH_MIN_SOURCE, 0.4, 2.5))
"""(source length at least, low, high): bounds relative to the expected length; longer texts vary less."""


def length(entry: Entry, context: Context) -> Iterator[Issue]:
    """Warn when a translation is far shorter or longer than its language pair makes likely.

    Lengths are counted in characters other than spaces, without markup, URLs,
    code and do-not-translate names; the expected ratio is the target's
    typical length over the source's (Chinese about 0.33 of English, Spanish
    1.15), so a complete Chinese translation is not "too short".
    """
    if len(entry.msgid) < LENGTH_MIN_SOURCE:
        return
    size = context.source_size(entry.msgid)
    if size < LENGTH_MIN_SOURCE:
        return
    translated = _size(entry.msgstr, context.names)
    expected = context.target.length_factor / context.source.length_factor
    low, high = next((lo, hi) for minimum, lo, hi in LENGTH_BOUNDS if size >= minimum)
    ratio = translated / size
    if low * expected <= ratio <= high * expected:
        return
    pair = f"{context.target.code} text is usually {expected:.2f}× as long as {context.source.code}"
    if ratio < low * expected:
        yield Issue("length", f"the translation is much shorter than the source: {translated} characters for {size} ({ratio:.2f}×; {pair}, warned below {low * expected:.2f}×); is something missing?")
    elif ratio > high * expected:
        yield Issue("length", f"the translation is much longer than the source: {translated} characters for {size} ({ratio:.2f}×; {pair}, warned above {high * expected:.2f}×); is something added?")


def _size(text: str, names: Sequence[str]) -> int:
    """Count the characters of `_prose` other than spaces, without making it.

    `SPANS` matches where `PROSE_ONLY` matches a span (its single characters
    never start one), so removing the spans, then not counting the `MARKS`
    left, counts what `_prose` keeps.
    """
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    if "`" in text or "](" in text or "<" in text or "://" in text:
        text = SPANS.sub(" ", text)
    return len(text) - sum(map(text.count, SPACES)) - sum(map(text.count, MARKS))


# --- whole catalogs ------------------------------------------------------------


def check_header(fields: Mapping[str, str], locale: str, plural_forms: str) -> Iterator[Issue]:
    """Check ``Language`` against the catalog's folder and ``Plural-Forms`` against Babel's.

    ``Language`` may be written with ``-`` or in another case (``zh-Hans``,
    ``pt_br``); it must name the folder's locale. ``Plural-Forms`` may differ
    in spacing or in how the expression is written, not in what it computes.

    >>> [i.message for i in check_header({"Language": "es-ES"}, "es", "nplurals=2; plural=(n != 1);")]
    ["the Language header is 'es-ES' but the catalog is in the folder of 'es'; set it to 'es'", "the Plural-Forms header is missing; for es it is 'nplurals=2; plural=(n != 1);'"]
    """
    value = fields.get("Language", "").strip()
    if not value:
        yield Issue("header", f"the Language header is missing; set it to {locale!r}", field="Language")
    elif value.replace("-", "_").lower() != locale.lower():
        yield Issue("header", f"the Language header is {value!r} but the catalog is in the folder of {locale!r}; set it to {locale!r}", field="Language")
    plural = fields.get("Plural-Forms", "").strip()
    if not plural:
        yield Issue("header", f"the Plural-Forms header is missing; for {locale} it is {plural_forms!r}", field="Plural-Forms")
    elif not same_plural_forms(plural, plural_forms):
        yield Issue("header", f"the Plural-Forms header is {plural!r}; for {locale} it is {plural_forms!r}", field="Plural-Forms")


PLURAL = re.compile(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$", re.DOTALL)
PLURAL_SAMPLES = (*range(0, 210), 1000, 1001, 10000, 100000, 1000000, 1000001, 2000000)


def same_plural_forms(written: str, expected: str) -> bool:
    """Tell whether two Plural-Forms values say the same, whatever their spelling.

    >>> same_plural_forms("nplurals=2; plural=n != 1", "nplurals=2; plural=(n != 1);")
    True
    """
    if "".join(written.split()).rstrip(";") == "".join(expected.split()).rstrip(";"):
        return True
    a, b = PLURAL.match(written.strip()), PLURAL.match(expected.strip())
    if a is None or b is None or a.group(1) != b.group(1):
        return False
    try:
        first, second = gettext.c2py(a.group(2)), gettext.c2py(b.group(2))
        return all(first(n) == second(n) for n in PLURAL_SAMPLES)
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return False


def check_stale(expected: Sequence[str], found: Sequence[str], source_file: str) -> Issue | None:
    """Compare a catalog's msgids with the source's segments; order and line numbers aside.

    >>> check_stale(["A", "B", "D"], ["A", "C"], "source/a.md").message
    'out of date with source/a.md: 2 segments are not in it ("B", …) and 1 is no longer in the source ("C"); run `locflow extract`'
    """
    wanted, have = dict.fromkeys(expected), dict.fromkeys(found)
    new = [text for text in wanted if text not in have]
    gone = [text for text in have if text not in wanted]
    if not new and not gone:
        return None
    if len(new) == 1 and len(gone) == 1:
        at = next((i for i, (a, b) in enumerate(zip(gone[0], new[0])) if a != b), min(len(gone[0]), len(new[0])))
        changed = f"{_quote(gone[0], at=at)} is now {_quote(new[0], at=at)}"
        return Issue("stale", f"out of date with {source_file}: a segment changed, {changed}; run `locflow extract`")
    parts = []
    if new:
        parts.append(f"{_count(new, 'segment')} not in it ({_quote(new[0])}{', …' if len(new) > 1 else ''})")
    if gone:
        parts.append(f"{len(gone)} {'is' if len(gone) == 1 else 'are'} no longer in the source ({_quote(gone[0])}{', …' if len(gone) > 1 else ''})")
    return Issue("stale", f"out of date with {source_file}: {' and '.join(parts)}; run `locflow extract`")


def _count(items: Sequence[str], noun: str) -> str:
    return f"1 {noun} is" if len(items) == 1 else f"{len(items)} {noun}s are"


def _quote(text: str, width: int = 50, at: int = 0) -> str:
    """Quote `text` in at most `width` characters, showing the part around index `at`."""
    text = text.replace("\n", " ")
    start = max(0, min(at - width // 2, len(text) - width))
    shown = text[start : start + width]
    return f'"{"…" if start else ""}{shown}{"…" if start + width < len(text) else ""}"'
