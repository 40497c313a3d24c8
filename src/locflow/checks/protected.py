"""`protected`: site-generator syntax a translation must keep as the source writes it.

Hugo shortcodes (``{{< new-in 0.153.0 />}}``, ``{{% note %}}``), footnote markers
(``[^1]``), heading ids (``{#install}``), GitHub alert markers (``[!NOTE]``),
admonition fences (``:::note``) and MDX expressions (``{props.title}``) are code
for the site generator: a translator who changes, drops or adds one breaks the
page silently. The values of a shortcode's readable arguments (`READABLE_ARGUMENTS`:
``alt``, ``title``, ``caption``) are text and may be translated. Each construct is
compared only while its dialect is on (``syntax`` in ``locflow.toml``): with a dialect
off its marks are plain text the page shows, and a translator may adapt them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from locflow import syntax
from locflow.checks.registry import issue
from locflow.model import Entry, Finding

if TYPE_CHECKING:
    from locflow.checks.context import Context

SHORTCODE = re.compile(r"\{\{<[\s\S]{0,1000}?>\}\}|\{\{%[\s\S]{0,1000}?%\}\}")
"""A Hugo shortcode, opening, closing or self-closing, with ``<>`` or ``%`` delimiters."""
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\](?!:)")
HEADING_ID = re.compile(r"\{#[A-Za-z][\w:.-]*\}")
ALERT = re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
ADMONITION = re.compile(r"^:{3,}\s*[A-Za-z][\w-]*")
MDX = re.compile(r"(?<![\\{])\{(?![{#%<])[^{}\n]*[A-Za-z_$][^{}\n]*\}(?!\})")
"""An expression in braces: MDX's ``{props.title}``, an attribute list ``{ .class }``, a ``{name}``
placeholder; not ``{{``, ``{#id}`` (`HEADING_ID`), a shortcode, nor one in a code span."""
READABLE_ARGUMENTS = ("alt", "title", "caption")
ARGUMENT = re.compile(r"""\b(%s)\s*=\s*(?:"(?:[^"\\]|\\.)*"|`[^`]*`|'[^']*')""" % "|".join(READABLE_ARGUMENTS))
CODE_SPAN = re.compile(r"(`+)[^`].*?\1|(`+)\2")


def protected(text: str, on: frozenset[str] = syntax.DEFAULTS) -> list[str]:
    """Return the protected constructs of a text, in order (readable shortcode arguments blanked),
    of the dialects `on`.

    >>> protected('See {{< figure src="a.png" alt="A cat" >}} and [^1]. {#top}')
    ['{{< figure src="a.png" alt="" >}}', '[^1]', '{#top}']
    >>> protected("By {frontmatter.author} in `{code}`, {x => x + 1}, {{ .Title }}")
    ['{frontmatter.author}', '{x => x + 1}']
    >>> protected('See {{< figure src="a.png" >}} and [^1]. {#top}', frozenset({"footnotes"}))
    ['[^1]']
    """
    if "{" not in text and "[" not in text and ":::" not in text:
        return []
    if "`" in text:
        text = CODE_SPAN.sub(" ", text)  # code spans are compared by `markup`
    found = [ARGUMENT.sub(lambda m: f'{m.group(1)}=""', code) for code in SHORTCODE.findall(text)] if "hugo" in on else []
    for dialect, pattern in (("footnotes", FOOTNOTE), ("heading-ids", HEADING_ID), ("gfm-alerts", ALERT)):
        if dialect in on:
            found += pattern.findall(text)
    if "admonitions" in on:
        found += ADMONITION.findall(text.lstrip())
    if "{" in text and "mdx" in on:
        found += MDX.findall(SHORTCODE.sub(" ", text) if "{{" in text else text)
    return [" ".join(code.split()) for code in found]


def protected_check(entry: Entry, context: Context) -> Iterator[Finding]:
    """Report site-generator syntax a translation changes, drops or adds."""
    if "{" not in entry.msgid + entry.msgstr and "[" not in entry.msgid + entry.msgstr and ":::" not in entry.msgid + entry.msgstr:
        return
    on = syntax.of(context.md.options)
    source, target = Counter(protected(entry.msgid, on)), Counter(protected(entry.msgstr, on))
    if source == target:
        return
    problems = [f"{code} is missing" for code in (source - target).elements()]
    problems += [f"{code} is added" for code in (target - source).elements()]
    yield issue(
        "protected",
        f"site-generator syntax differs from the source: {'; '.join(problems)} (keep shortcodes, expressions in braces, footnote markers, heading ids and alert markers exactly as written)",
    )
