"""The parts of a page around its body: the language switcher, the site name, the footer, "last reviewed".

Each part is a whole HTML element, or nothing when the project does not
configure it; the page template places them (``{{ switcher }}``,
``{{ site_name }}``, ``{{ footer }}``, ``{{ last_reviewed }}``) in element
text only. Every text is escaped; a text shown in another language than the
page's carries that language's ``lang`` (and ``dir`` when it differs).
"""

from __future__ import annotations

import datetime
import functools
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import babel
import babel.dates

from locflow import pseudo, render, segment

DEFAULT_REVIEWED_LABEL = {"en": "Last reviewed"}
"""The label before the date, when the project gives none for a locale."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the project says about the parts (``site_name``, ``footer``, ``reviewed_label`` in the configuration)."""

    source_locale: str = "en"
    site_name: str = ""
    footer: Mapping[str, str] | None = None
    """Text by locale; the source locale's text stands in for a locale without its own."""
    reviewed_label: Mapping[str, str] | None = None


@functools.cache
def native_name(locale: str) -> str:
    """Return a locale's name in its own language, as a language menu shows it.

    >>> native_name("es"), native_name("ar"), native_name("zh_Hans"), native_name("pt_BR")
    ('Español', 'العربية', '简体中文', 'Português (Brasil)')
    """
    found = babel.Locale.parse(pseudo.babel_code(locale))
    name = found.languages.get(locale.partition("@")[0]) or found.display_name or locale
    return name[:1].upper() + name[1:]


def switcher(doc: str, locale: str, linked: Sequence[str]) -> str:
    """Return the ``<nav>`` listing the locales the page is published in, each by its own name.

    The current page's entry carries ``aria-current="page"``; withheld locales are not in `linked`.

    >>> print(switcher("a", "es", ["en", "es"]))
    <nav class="languages" aria-label="English, Español"><ul>
    <li><a href="../en/a.html" hreflang="en" lang="en">English</a></li>
    <li><a href="../es/a.html" hreflang="es" lang="es" aria-current="page">Español</a></li>
    </ul></nav>
    """
    if len(linked) < 2:
        return ""
    page = render.language(locale)
    items = []
    for other in linked:
        language = render.language(other)
        direction = f' dir="{language.direction}"' if language.direction != page.direction else ""
        current = ' aria-current="page"' if other == locale else ""
        href = render.relative_href(doc, other, doc)
        items.append(
            f'<li><a href="{html.escape(href)}" hreflang="{language.lang}" lang="{language.lang}"{direction}{current}>'
            f"{html.escape(native_name(other))}</a></li>"
        )
    label = html.escape(", ".join(native_name(other) for other in linked))
    return f'<nav class="languages" aria-label="{label}"><ul>\n' + "\n".join(items) + "\n</ul></nav>"


def _text(texts: Mapping[str, str], locale: str, chain: Sequence[str]) -> tuple[str, str] | None:
    """Return ``(text, the locale it is in)``: the page's own, else the nearest in `chain`."""
    for code in (locale, *chain):
        if texts.get(code):
            return texts[code], code
    return None


def _element(tag: str, css: str, text: str, page: str, shown_in: str, inner: str = "") -> str:
    mark = ""
    if shown_in != page:
        language, own = render.language(shown_in), render.language(page)
        mark = f' lang="{language.lang}"' + (f' dir="{language.direction}"' if language.direction != own.direction else "")
    return f'<{tag} class="{css}"{mark}>{html.escape(text)}{inner}</{tag}>'


def front_matter_date(parsed: render.Parsed, key: str = "last_reviewed") -> datetime.date | None:
    """Return the date a document's front matter gives for `key` (``2026-03-01``), else None."""
    tokens = parsed.tokens
    if not tokens or tokens[0].type != "front_matter":
        return None
    for found, value, _line in segment.front_matter_values(tokens[0], parsed.document.path):
        if found == key:
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                return None
    return None


def parts(
    parsed: render.Parsed | None, doc: str, locale: str, linked: Sequence[str], settings: Settings, parents: Sequence[str] = ()
) -> dict[str, str]:
    """Return the HTML of every part for a page, by placeholder name (``""``: not configured)."""
    chain = (*parents, settings.source_locale)
    found = {}
    if settings.site_name:
        found["site_name"] = f'<p class="site-name">{html.escape(settings.site_name)}</p>'
    if settings.footer and (text := _text(settings.footer, locale, chain)):
        found["footer"] = _element("footer", "site-footer", text[0], locale, text[1])
    reviewed = front_matter_date(parsed) if parsed is not None else None
    if reviewed is not None:
        labels = {**DEFAULT_REVIEWED_LABEL, **(settings.reviewed_label or {})}
        label = _text(labels, locale, (*chain, "en"))
        date = babel.dates.format_date(reviewed, format="long", locale=babel.Locale.parse(pseudo.babel_code(locale)))
        shown_in = label[1] if label else locale
        page = render.language(locale)
        isolate = f' dir="{page.direction}"' if render.language(shown_in).direction != page.direction else ""
        time = f' <time datetime="{reviewed.isoformat()}" lang="{page.lang}"{isolate}>{html.escape(date)}</time>'
        found["last_reviewed"] = _element("p", "reviewed", f"{label[0]}:" if label else "", locale, shown_in, time)
    found["switcher"] = switcher(doc, locale, linked)
    return {name: found.get(name, "") for name in ("switcher", "site_name", "footer", "last_reviewed")}

