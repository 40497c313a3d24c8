"""The labels pages show above untitled admonitions and GitHub alerts, in the page's language.

``> [!NOTE]``, ``:::tip`` and ``!!! warning`` with no title of their own show a label made from
their type ("Note", "Tip", "Warning"; `syntax` puts it in the block token's meta). Each label is a
segment of kind ``label`` (`segment`): one catalog entry per distinct label, with a note for the
translator, filled by the translation memory like any text. `localize` puts a locale's translation
on the token (the English where there is none, marked with the source's ``lang`` as a fallback
block is); the HTML and text renderers show it as text, escaped. The Markdown output never writes a
label: the site generator shows its own from the marker.

Standard library only: tokens are read by their attributes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

KIND = "label"
"""The kind of a label's segment (``#. label``)."""
ENGLISH = "label"
"""The key, in an ``admonition_open`` token's meta, of the label it shows in the source language
(an alert's paragraph keeps its own under ``alert``)."""
SHOWN = "locflow label"
"""The key, in a block token's meta, of ``(text, attributes)``: the label shown in a locale's page."""


def english(token) -> str:
    """Return the source-language label a block token shows ("" for a token that shows none)."""
    return str(token.meta.get("alert") or token.meta.get(ENGLISH) or "") if token.meta else ""


def shown(token) -> tuple[str, Mapping[str, str]]:
    """Return the label a block token shows in its page and the attributes of its element
    (``lang`` where it is the source's text in a translated page)."""
    if token.meta and (found := token.meta.get(SHOWN)):
        return found
    return english(token), {}


def note(token) -> str:
    """Return the note for the translator of a label: what shows it, as the source writes it."""
    label = english(token)
    if token.meta.get("alert"):
        return f"label shown above an alert (`> [!{label.upper()}]`); translate it as your site's generator would"
    tag = str(token.meta.get("tag", "")) or label.lower()
    marker = ":::" if token.markup.startswith(":") else token.markup[:3] or "!!!"
    return f"label shown above an admonition with no title (`{marker}{'' if marker == ':::' else ' '}{tag}`); translate it as your site's generator would"


def places(tokens: Sequence, skipped: set[int] | frozenset[int] = frozenset()) -> Iterator[tuple[int, str]]:
    """Yield ``(index of the block token, English label)`` for each label of a token stream; a
    label is skipped with the first text of its block (`directives`). One pass: nested untitled
    admonitions wait together for the first text after them."""
    waiting: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "inline" and waiting:
            if index not in skipped:
                yield from waiting
            waiting.clear()
        elif token.type in ("paragraph_open", "admonition_open") and (label := english(token)):
            waiting.append((index, label))
    yield from waiting


def localize(
    tokens: list, found: Sequence[tuple[int, str]], chain: Sequence[tuple[Mapping[str, str] | None, Mapping[str, str]]],
    mark: Mapping[str, str],
) -> tuple[int, int]:
    """Put each label's translation on its token: the first of `chain` (``(attributes, translations)``,
    the page's own first, then its parents' marked with their language), else the English marked with
    `mark`. Return how many labels show the source's text and how many a parent's."""
    fallbacks = inherited = 0
    for index, label in found:
        token = tokens[index]
        for attrs, texts in chain:
            if (text := " ".join(texts.get(label, "").split())):
                inherited += attrs is not None
                value = (text, dict(attrs or {}))
                break
        else:
            fallbacks += 1
            value = (label, dict(mark))
        tokens[index] = token.copy(meta={**token.meta, SHOWN: value})
    return fallbacks, inherited


def only(segments: Sequence) -> frozenset[str]:
    """Return the texts of a document's `segments` that are labels and nothing else: a label may
    rightly stay the same word in a language ("Info" in German), so `unchanged` spares them."""
    found = {s.text for s in segments if s.kind == KIND}
    return frozenset(found - {s.text for s in segments if s.kind != KIND}) if found else frozenset()


def attributes(attrs: Mapping[str, str], escape) -> str:
    """Return a label element's attributes as HTML (`escape`: the renderer's escaping)."""
    return "".join(f' {name}="{escape(value)}"' for name, value in sorted(attrs.items()))
