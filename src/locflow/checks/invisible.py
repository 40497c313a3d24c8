"""`control-chars`: invisible control and bidi characters a translation adds."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from locflow.checks.registry import issue
from locflow.model import Entry, Finding


INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
)
"""Characters a reader cannot see that change what a page shows or how it is ordered:
control characters (NUL included), bidi embeddings, overrides and isolates, line and
paragraph separators, a byte order mark, interlinear annotation. Tab and newline are
left to `whitespace` and `markup`; the marks translators need (LRM, RLM, ZWJ, ZWNJ)
are allowed."""


def control_chars(entry: Entry) -> Iterator[Finding]:
    """Find invisible control and bidi characters in a translation that its source does not have.

    >>> [i.message for i in control_chars(Entry("Pay", "Pay\u202egnp.exe", False, 1))]
    ['the translation has invisible characters U+202E: remove them']
    """
    if INVISIBLE.search(entry.msgstr) is None:
        return
    found = Counter(INVISIBLE.findall(entry.msgstr)) - Counter(INVISIBLE.findall(entry.msgid))
    if found:
        codes = ", ".join(f"U+{ord(char):04X}" for char in sorted(found))
        yield issue("control-chars", f"the translation has invisible characters {codes}: remove them")
