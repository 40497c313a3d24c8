"""The files of one page in one locale, as `build` writes them: its HTML and its plain text.

The page's translations are swapped into the parsed source (`render.localize`),
its links to other documents made to lead to their published pages
(`links.rewrite`), and the parts around the body added (`pageparts`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from locflow import links, localecode, mdoutput, pageinputs, pageparts, render, textrender
from locflow.config import Config


def files(
    config: Config, doc: str, locale: str, state: pageinputs.Inputs, parsed: render.Parsed, linked: Sequence[str],
    template: str | None, site: links.Site, copies: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Return the page's files by kind (``html``, ``txt``, ``md``: those of the project's `formats`),
    and its ``title``; `linked` are the locales it is published in; `copies`, the locale's copies of
    files of source/ that its Markdown links to (`assets.copies`, in the ``suffix`` layout)."""
    source = render.language(config.source_locale)
    translations = None if locale == config.source_locale else state.translated()
    parents = [(render.language(parent), inputs.translated() or {}) for parent, inputs in state.parents]
    localized = render.localize(parsed, translations, render.language(locale), source, parents)
    localized = dataclasses.replace(localized, tokens=links.rewrite(localized.tokens, doc, locale, site))
    alternates = [(render.language(other).lang, render.relative_href(doc, other, doc)) for other in linked]
    alternates.append(("x-default", render.relative_href(doc, config.source_locale, doc)))
    settings = pageparts.Settings(config.source_locale, config.site_name, dict(config.footer), dict(config.reviewed_label))
    parts = pageparts.parts(parsed, doc, locale, linked, settings, localecode.parents(locale, config.locales))
    rtl = localized.language.direction == "rtl"
    files = {"title": localized.title}
    if "html" in config.formats:
        files["html"] = render.page(localized, locale, alternates, template, parts)
    if "text" in config.formats:
        files["txt"] = textrender.to_text(localized.tokens, config.text_width, localized.language.lang, rtl, config.syntax)
    if "markdown" in config.formats:
        chain = {k: v for _, inputs in reversed(state.parents) for k, v in (inputs.translated() or {}).items()}
        texts = None if translations is None else chain | translations
        files["md"] = mdoutput.localized(parsed, texts, doc, locale, site, config.markdown_layout, copies)
    return files
