"""`header`: a catalog's Language and Plural-Forms headers."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator, Mapping

from locflow.checks.registry import issue
from locflow.model import Finding


def check_header(
    fields: Mapping[str, str], locale: str, plural_forms: str, line_of: Callable[[str], int] = lambda field: 0
) -> Iterator[Finding]:
    """Check ``Language`` against the catalog's folder and ``Plural-Forms`` against Babel's.

    ``Language`` may be written with ``-`` or in another case (``zh-Hans``,
    ``pt_br``); it must name the folder's locale. ``Plural-Forms`` may differ
    in spacing or in how the expression is written, not in what it computes.
    `line_of` gives the line of a header field in the file (for the finding).

    >>> [i.message for i in check_header({"Language": "es-ES"}, "es", "nplurals=2; plural=(n != 1);")]
    ["the Language header is 'es-ES' but the catalog is in the folder of 'es'; set it to 'es'", "the Plural-Forms header is missing; for es it is 'nplurals=2; plural=(n != 1);'"]
    """
    value = fields.get("Language", "").strip()
    if not value:
        yield issue("header", f"the Language header is missing; set it to {locale!r}", line=line_of("Language"))
    elif value.replace("-", "_").lower() != locale.lower():
        yield issue("header", f"the Language header is {value!r} but the catalog is in the folder of {locale!r}; set it to {locale!r}", line=line_of("Language"))
    plural = fields.get("Plural-Forms", "").strip()
    if not plural:
        yield issue("header", f"the Plural-Forms header is missing; for {locale} it is {plural_forms!r}", line=line_of("Plural-Forms"))
    elif not same_plural_forms(plural, plural_forms):
        yield issue("header", f"the Plural-Forms header is {plural!r}; for {locale} it is {plural_forms!r}", line=line_of("Plural-Forms"))


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
