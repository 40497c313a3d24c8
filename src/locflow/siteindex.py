"""dist/<locale>/index.html: each locale's list of documents, by their titles in that language.

A locale with at least one published page gets an index listing every
document by its title there; a document whose page is withheld in that
locale is listed by its source title, leading to the source page and marked
with the source language. A project with its own ``index.md`` keeps its
page: no index is made in its place. The index uses the page template,
switcher, site name and footer of the pages.
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Mapping

from locflow import pageparts, render, textrender, workspace
from locflow.config import Config
from locflow.errors import LocflowError
from locflow.manifest import BUILT, NAME
from locflow.transaction import staged

PAGE = "index"


def index_body(locale: str, source_locale: str, documents: Mapping[str, Mapping[str, dict]]) -> str:
    """Return the index's body: a heading and the list of documents, sorted by title.

    >>> print(index_body("es", "en", {"a": {"en": {"status": "complete", "title": "A"},
    ...                                     "es": {"status": "partial", "title": "Á <b>"}}}), end="")
    <h1>Español</h1>
    <ul class="documents">
    <li><a href="a.html">Á &lt;b&gt;</a></li>
    </ul>
    """
    page, source = render.language(locale), render.language(source_locale)
    items = []
    for doc, pages in documents.items():
        own = pages.get(locale, {})
        if own.get("status") in BUILT:
            title, href, mark = own.get("title") or doc, urllib.parse.quote(f"{doc}.html"), ""
        elif pages.get(source_locale, {}).get("status") in BUILT:
            title = pages[source_locale].get("title") or doc
            href = "../" + urllib.parse.quote(f"{source_locale}/{doc}.html")
            mark = f' lang="{source.lang}"' + (f' dir="{source.direction}"' if source.direction != page.direction else "")
        else:
            continue
        items.append((title.casefold(), doc, f'<li{mark}><a href="{html.escape(href)}">{html.escape(title)}</a></li>'))
    lines = [f"<h1>{html.escape(pageparts.native_name(locale))}</h1>", '<ul class="documents">']
    lines += [item for _, _, item in sorted(items)]
    return "\n".join([*lines, "</ul>"]) + "\n"


def update(config: Config) -> tuple[str, ...]:
    """Write the index of every locale with a published page (from dist/'s manifest), and remove those of
    locales without one (every one when the project writes no HTML); return the indexes' paths in dist/."""
    dist = config.root / config.dist_dir
    template, _ = workspace.page_template(config)
    try:
        manifest = json.loads((dist / NAME).read_bytes())
    except FileNotFoundError:
        return ()
    except (OSError, ValueError) as err:
        raise LocflowError(f"{config.relative(dist / NAME)}: cannot be read for the index pages: {err}") from err
    documents = {doc: pages for doc, pages in (manifest.get("documents") or {}).items() if isinstance(pages, dict)}
    if PAGE in documents:
        return ()
    everyone = [config.source_locale, *config.locales]
    published = [l for l in everyone if any(pages.get(l, {}).get("status") in BUILT for pages in documents.values())]
    if "html" not in config.formats:
        published = []  # no HTML pages to list: the indexes an earlier build wrote go
    settings = pageparts.Settings(config.source_locale, config.site_name, dict(config.footer), dict(config.reviewed_label))
    written = []
    for locale in everyone:
        if locale not in published and (dist / locale / f"{PAGE}.html").is_file():
            (dist / locale / f"{PAGE}.html").unlink()
    with staged(config.root) as transaction:  # staged under .locflow/: a killed run leaves no partial file in dist/
        for locale in published:
            language = render.language(locale)
            title = config.site_name or pageparts.native_name(locale)
            stub = render.Localized((), {}, {}, language, title, "", 0)
            alternates = [(render.language(other).lang, render.relative_href(PAGE, other, PAGE)) for other in published]
            alternates.append(("x-default", render.relative_href(PAGE, config.source_locale, PAGE)))
            parts = pageparts.parts(None, PAGE, locale, published, settings)
            body = index_body(locale, config.source_locale, documents)
            page = render.page(stub, locale, alternates, template, parts, content=textrender.printable(body))
            transaction.stage(dist / locale / f"{PAGE}.html", page.encode("utf-8"))
            written.append(f"{locale}/{PAGE}.html")
    return tuple(written)
