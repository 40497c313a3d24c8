"""Site-generator syntax in Markdown: what is code for the generator, not text for a reader.

Hugo shortcodes (``{{< figure src="a.png" >}}``, ``{{% note %}}``), MDX ``import`` /
``export`` lines and emoji codes (``:smile:``) are not words to translate: a block made
only of them is no segment, and pages never show a shortcode or an MDX line
(`strip`). Inside a segment they stay in the msgid, and the `protected` check
reports a translation that changes, drops or adds one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHORTCODE = re.compile(r"\{\{<[\s\S]{0,1000}?>\}\}|\{\{%[\s\S]{0,1000}?%\}\}")
"""A Hugo shortcode, opening, closing or self-closing."""
MDX_LINE = re.compile(r"^(?:import|export)\s[^\n]*(?:\bfrom\s+['\"][^'\"]+['\"]|=)[^\n]*;?$", re.MULTILINE)
"""An MDX ``import X from "y"`` or ``export const x = …`` line."""
EMOJI = re.compile(r":[a-z0-9_+-]+:")
LETTER = re.compile(r"[^\W\d_]")
URL = re.compile(r"<?https?://\S+>?")


def nothing_to_translate(text: str) -> bool:
    """Whether a block's text is only site-generator syntax: shortcodes, MDX lines, emoji codes, URLs.

    >>> nothing_to_translate("{{< new-in 0.153.0 />}}"), nothing_to_translate(":smile: :+1:")
    (True, True)
    >>> nothing_to_translate("import Tabs from '@theme/Tabs';"), nothing_to_translate("{{< note >}} Read it")
    (True, False)
    >>> nothing_to_translate("15"), nothing_to_translate("Rest")
    (False, False)
    """
    if "{{" not in text and "://" not in text and not text.startswith(("import", "export")):
        if ":" not in text or not EMOJI.search(text):
            return False  # the common case: prose, with no construct to remove
    rest = URL.sub(" ", EMOJI.sub(" ", MDX_LINE.sub(" ", SHORTCODE.sub(" ", text))))
    return rest != text and not LETTER.search(rest)


def strip(text: str) -> str:
    """Remove shortcodes from text shown on a page (a paired shortcode's content stays).

    MDX lines are not removed here: a text may be a translation, written on one line, where the
    source had several; a paragraph of MDX lines is left out of pages whole (`shown`).

    >>> strip("{{% note %}}Read it{{% /note %}} {{< new-in 0.1 />}}")
    'Read it '
    """
    return SHORTCODE.sub("", text) if "{{" in text else text


def syntax_only(text: str) -> bool:
    """Whether a source paragraph shows nothing once its shortcodes and MDX lines are removed.

    >>> syntax_only("import A from 'a';\\n{{< b >}}"), syntax_only(":smile:")
    (True, False)
    >>> syntax_only("export default function f() {\\n  x();")
    False
    """
    return nothing_to_translate(text) and not MDX_LINE.sub("", strip(text)).strip()


ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE)
"""A GitHub alert marker at the start of a block quote's first paragraph."""


def alert(text: str) -> tuple[str, str] | None:
    """Return (the alert's label, the rest of the text, spaces and all) when `text` starts with an alert marker.

    >>> alert("[!WARNING] Hot"), alert("Plain")
    (('Warning', ' Hot'), None)
    """
    match = ALERT.match(text)
    return (match.group(1).capitalize(), text[match.end() :]) if match else None


TRANSLATED = "locflow translated"
"""The key, in an inline token's meta, of a block whose text is a translation: whether a block
is site-generator syntax only is the source's call, made on the source text (`shown`)."""


def turned_off(text: str, on: frozenset[str]) -> bool:
    """Whether a text holds a shortcode or an MDX line of a dialect not in `on` (then they are text).

    >>> turned_off("{{< b >}}", frozenset({"mdx"})), turned_off("{{< b >}}", frozenset({"hugo"}))
    (True, False)
    """
    return ("hugo" not in on and ("{{<" in text or "{{%" in text)) or ("mdx" not in on and MDX_LINE.search(text) is not None)


def shown(tokens: list, on: frozenset[str] = frozenset({"hugo", "mdx"})) -> list:
    """Return a block token stream without the paragraphs that hold site-generator syntax only
    (shortcodes with ``hugo`` in `on`, MDX lines with ``mdx``: the syntax of a dialect turned off is text).

    A translated paragraph is always shown: the source's was not syntax only, or it would not be
    a segment (a translation on one line may look like an MDX line where the source's lines do not).
    """
    if not any(t.type == "inline" and ("{{" in t.content or "import" in t.content or "export" in t.content) for t in tokens):
        return tokens
    hidden = set()
    for i, token in enumerate(tokens[:-2]):
        if token.type == "paragraph_open" and not token.hidden and not tokens[i + 1].meta.get(TRANSLATED):
            text = tokens[i + 1].content
            if not turned_off(text, on) and syntax_only(text):
                hidden |= {i, i + 1, i + 2}
    return [t for i, t in enumerate(tokens) if i not in hidden] if hidden else tokens


def joined(tokens: list) -> list:
    """Return inline tokens with each run of text tokens and soft breaks (a page shows one as a space)
    made one text token, so `strip` sees a whole shortcode, even one written over several lines."""
    result: list = []
    for token in tokens:
        if token.type == "softbreak":
            token = token.copy(type="text", content=" ")
        if token.type == "text" and result and result[-1].type == "text":
            result[-1] = result[-1].copy(content=result[-1].content + token.content)
        else:
            result.append(token)
    return result


READABLE_ARGUMENTS = ("alt", "title", "caption")
"""Shortcode arguments a reader reads (``{{< figure alt="A cat" >}}``): segments of their own."""
ARGUMENT = re.compile(r"""\b(%s)\s*=\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)""" % "|".join(READABLE_ARGUMENTS))
ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True, slots=True)
class Argument:
    """A readable shortcode argument's value in a text."""

    start: int
    end: int
    """Where the value is, its quotes included."""
    text: str
    """The value as read (escapes decoded, white space joined): the msgid."""
    quote: str
    """``"`` or a backtick (a Go raw string, without escapes)."""


def arguments(text: str, every: bool = False) -> list[Argument]:
    """Return the readable arguments of the shortcodes in `text`, in order; with `every`, empty ones too.

    >>> [a.text for a in arguments('{{< figure src="a.png" alt="A \\\\"big\\\\" cat" caption=`Cats` >}}')]
    ['A "big" cat', 'Cats']
    """
    if "{{" not in text or "=" not in text:
        return []
    found = []
    for code in SHORTCODE.finditer(text):
        for match in ARGUMENT.finditer(code.group()):
            value = match.group(2)
            inner = ESCAPE.sub(r"\1", value[1:-1]) if value[0] == '"' else value[1:-1]
            read = " ".join(inner.split())
            if every or LETTER.search(read):
                found.append(Argument(code.start() + match.start(2), code.start() + match.end(2), read, value[0]))
    return found


def blanked(text: str) -> str:
    """Return `text` with the readable shortcode arguments' values emptied: what a block's msgid holds.

    >>> blanked('See {{< figure src="a.png" alt="A cat" >}}.')
    'See {{< figure src="a.png" alt="" >}}.'
    """
    found = arguments(text)
    for argument in reversed(found):
        text = f"{text[: argument.start]}{argument.quote * 2}{text[argument.end :]}"
    return text


def quoted(text: str, quote: str) -> str:
    """Return `text` as a shortcode argument's value in `quote`s, escaped so it cannot end the value.

    >>> print(quoted('Un "gato" \\\\ ya', '"'), quoted("a`b", "`"))
    "Un \\"gato\\" \\\\ ya" `a'b`
    """
    text = " ".join(text.split()).replace("{{", "{ {").replace("}}", "} }")  # no shortcode begins or ends in it
    if quote == "`":
        return f"`{text.replace('`', chr(39))}`"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def put_back(text: str, originals: list[str] | None, translations) -> str:
    """Return `text` with each readable shortcode argument's value translated, escaped.

    `originals` are the source's values, in order (`text` is a block's translation, whose values
    are blank); None takes `text`'s own values (`text` is the source). A value without a
    translation is the source's.

    >>> put_back('A {{< figure alt="" >}}', ["A cat"], {"A cat": 'Un "gato"'})
    'A {{< figure alt="Un \\\\"gato\\\\"" >}}'
    """
    found = arguments(text, every=True)
    for number in range(len(found) - 1, -1, -1):
        argument = found[number]
        original = argument.text if originals is None else (originals[number] if number < len(originals) else "")
        wanted = ((translations or {}).get(original) or "").strip() or original
        if original and (wanted != argument.text or originals is not None):
            text = f"{text[: argument.start]}{quoted(wanted, argument.quote)}{text[argument.end :]}"
    return text
