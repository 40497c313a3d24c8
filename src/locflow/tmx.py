"""TMX 1.4b, the translation memories CAT tools exchange (Trados, memoQ, OmegaT, Phrase): read as a compendium, written by export.

`units` reads a TMX file's translation units into each project locale's
memory units; `dumps` writes a locale's memory as TMX. A pure stage: bytes
in, records out.

TMX files come from outside the project and are untrusted: they are parsed
by the standard library's expat through defusedxml, which refuses entity
declarations (billion laughs, external entities) and never fetches a DTD. A
``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` line, as CAT tools write it, is fine.

Which ``<tuv>`` is which:

- the English one (the project's `source_locale`): ``xml:lang`` (or TMX
  1.1's ``lang``) of that language in any spelling and region (``en``,
  ``EN-us``, ``en_GB``); one of the ``<tu>``'s or header's ``srclang`` first;
- a locale's: the same code in either spelling, any letter case (``pt-BR``,
  ``pt_br`` for ``pt_BR``). A language-only locale (``es``) also takes a
  regional variant (``es-ES``, ``es-MX``) that is not itself a locale of the
  project, since CAT tools mostly write regional codes; the exact code first,
  then the variants in code order. A regional locale (``es_MX``) takes only
  its own code: at build time it falls back to its parent's translations.

Inline markup: a ``<seg>``'s text is its text content in order, the native
codes of ``<bpt>``, ``<ept>``, ``<it>``, ``<ph>`` (and TMX 1.1's ``<ut>``)
included, ``<hi>`` and ``<sub>`` read through. A tool that kept the original
codes (``<bpt>**</bpt>bold<ept>**</ept>``) gives back the original text. A
unit with an empty code (``<ph x="1"/>``: the original is lost) is skipped,
as no text of the project could be it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

import defusedxml
from defusedxml.ElementTree import DefusedXMLParser

from locflow.errors import LocflowError
from locflow.localecode import normalize

LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODES = ("bpt", "ept", "it", "ph", "ut")
"""Inline elements holding the native code of the original format."""

Units = list[tuple[str, str, str, bool]]
"""Memory units ``(source, translation, kind, active)``, as `catalog.units` gives them."""


class TmxError(LocflowError):
    """A TMX file that is not well-formed, not TMX, or hostile; the message reads ``path:line: detail``."""

    def __init__(self, detail: str, *, path: str, line: int = 0) -> None:
        super().__init__(f"{path}:{line}: {detail}" if line else f"{path}: {detail}", path=path, line=line)


def units(data: bytes, name: str, source_locale: str, locales: Sequence[str]) -> dict[str, Units]:
    """Return each of `locales`' units from a TMX file's bytes (`name` for messages); raise `TmxError`.

    >>> doc = b'<tmx version="1.4"><header srclang="en-US"/><body><tu><tuv xml:lang="en-US"><seg>Hi</seg></tuv>'
    >>> doc += b'<tuv xml:lang="ES-es"><seg>Hola</seg></tuv><tuv xml:lang="pt-BR"><seg>Oi</seg></tuv></tu></body></tmx>'
    >>> units(doc, "old.tmx", "en", ["es", "pt_BR", "fr"])
    {'es': [('Hi', 'Hola', '', True)], 'pt_BR': [('Hi', 'Oi', '', True)], 'fr': []}
    """
    root, lines = _parse(data, name)
    if root.tag != "tmx":
        raise TmxError(f"not a TMX file: the root element is <{root.tag}>, not <tmx>", path=name, line=lines[root])
    header, body = root.find("header"), root.find("body")
    if body is None:
        raise TmxError("not a TMX file: <tmx> has no <body>", path=name, line=lines[root])
    default = (header.get("srclang", "") if header is not None else "").lower()
    source = source_locale.partition("_")[0]
    found: dict[str, Units] = {locale: [] for locale in locales}
    for tu in body.iter("tu"):
        variants: dict[str, str] = {}
        for tuv in tu.findall("tuv"):
            code = normalize(tuv.get(LANG) or tuv.get("lang") or "")
            seg = tuv.find("seg")
            if code is None or seg is None or code in variants:
                continue
            text = _text(seg)
            if text is not None:
                variants[code] = text
        english = _source(variants, source, normalize(tu.get("srclang") or default) or "")
        if not english:
            continue
        for locale in locales:
            translation = _target(variants, locale, locales)
            if translation:
                found[locale].append((english, translation, "", True))
    return found


def _parse(data: bytes, name: str) -> tuple[Element, dict[Element, int]]:
    """Return the document's root and each element's line; refuse what is not well-formed or declares entities."""
    lines: dict[Element, int] = {}
    parser: DefusedXMLParser

    class Builder(TreeBuilder):
        def start(self, tag, attrs):  # type: ignore[no-untyped-def]
            element = super().start(tag, attrs)
            lines[element] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(target=Builder())
    try:
        parser.feed(data)
        return parser.close(), lines
    except ParseError as err:
        detail = re.sub(r": line \d+, column \d+$", "", str(err))
        raise TmxError(f"not well-formed XML: {detail}", path=name, line=err.position[0]) from None
    except defusedxml.EntitiesForbidden as err:
        detail = f"refused: it declares the entity {err.name!r} (entities can grow without limit or read other files; TMX needs none)"
        raise TmxError(detail, path=name, line=parser.parser.CurrentLineNumber) from None
    except defusedxml.DefusedXmlException as err:  # an external reference or DTD
        raise TmxError(f"refused: it refers to another file ({err})", path=name, line=parser.parser.CurrentLineNumber) from None


def _text(seg: Element) -> str | None:
    """Return a ``<seg>``'s text, native codes included; None if some code is empty (its original is lost)."""
    for element in seg.iter():
        if element.tag in CODES and not "".join(element.itertext()):
            return None
    return "".join(seg.itertext())


def _source(variants: dict[str, str], language: str, declared: str) -> str:
    """Return the text of the source language's variant: the declared ``srclang`` first, then the language, then by code."""
    codes = sorted(code for code in variants if code.partition("_")[0] == language)
    codes.sort(key=lambda code: (code != declared, code != language))
    return variants[codes[0]] if codes else ""


def _target(variants: dict[str, str], locale: str, locales: Sequence[str]) -> str:
    """Return `locale`'s variant: its own code, else (a language-only locale) a regional one not itself a locale."""
    if locale in variants:
        return variants[locale]
    if "_" in locale:
        return ""
    for code in sorted(variants):
        if code.partition("_")[0] == locale and code not in locales:
            return variants[code]
    return ""


XML_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold."""


def bcp47(locale: str) -> str:
    """Return a gettext locale code in the spelling of ``xml:lang`` (``pt_BR`` -> ``pt-BR``)."""
    return locale.partition("@")[0].replace("_", "-")


def writable(text: str) -> bool:
    """Return whether XML 1.0 can hold `text` (no control characters but tab and line breaks)."""
    return not XML_CHARS.search(text)


def dumps(source_locale: str, locale: str, pairs: Iterable[tuple[str, str]], version: str) -> str:
    """Return TMX 1.4b holding each ``(source, translation)`` of `pairs`: the same pairs give the same text.

    No creation date (a run's time would change the bytes); `version` is locflow's. Every pair must be
    `writable`.

    >>> print(dumps("en", "pt_BR", [("A & B", "A e B")], "1.0"), end="")  # doctest: +NORMALIZE_WHITESPACE
    <?xml version="1.0" encoding="UTF-8"?>
    <tmx version="1.4">
      <header creationtool="locflow" creationtoolversion="1.0" datatype="plaintext" segtype="paragraph"
       adminlang="en" srclang="en" o-tmf="gettext"/>
      <body>
        <tu>
          <tuv xml:lang="en"><seg>A &amp; B</seg></tuv>
          <tuv xml:lang="pt-BR"><seg>A e B</seg></tuv>
        </tu>
      </body>
    </tmx>
    """
    source, target = _attribute(bcp47(source_locale)), _attribute(bcp47(locale))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n',
        f'  <header creationtool="locflow" creationtoolversion="{_attribute(version)}" datatype="plaintext" segtype="paragraph"\n'
        f'   adminlang="en" srclang="{source}" o-tmf="gettext"/>\n  <body>\n',
    ]
    for text, translation in pairs:
        out.append(
            f'    <tu>\n      <tuv xml:lang="{source}"><seg>{_escape(text)}</seg></tuv>\n'
            f'      <tuv xml:lang="{target}"><seg>{_escape(translation)}</seg></tuv>\n    </tu>\n'
        )
    out.append("  </body>\n</tmx>\n")
    return "".join(out)


def _escape(text: str) -> str:
    """Escape text for an element: a carriage return as a reference, which a parser would otherwise turn into a line feed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")
