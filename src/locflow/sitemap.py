"""dist/sitemap.xml: every published page, with the other languages it is published in.

Each ``<url>`` is a page in dist/ (``complete`` or ``partial``; never a
withheld one; each locale's index page too) with an ``<xhtml:link rel="alternate" hreflang>`` for every
language the document is published in, itself included, and ``x-default``
for the source locale's page, as search engines read it. URLs are
``base_url`` (the configuration's) joined with the page's path in dist/.
Without ``base_url`` there is no sitemap (a build says so once in a note).
"""

from __future__ import annotations

import html
import json
import urllib.parse
from collections.abc import Mapping, Sequence

from locflow import cache
from locflow.config import Config
from locflow.errors import LocflowError
from locflow.fsio import digest
from locflow.manifest import BUILT, NAME
from locflow.transaction import staged

FILE = "sitemap.xml"
NO_BASE_URL = "no sitemap.xml: set base_url in the configuration (the site's address, https://...) to get one"


def sitemap(base_url: str, documents: Mapping[str, Mapping[str, str]], locales: Sequence[str], tags: Mapping[str, str]) -> str:
    """Return the sitemap of `documents` (``{document: {locale: status}}``), locales in `locales` order.

    `tags` gives each locale's BCP 47 tag (``zh-Hans``); the first locale is the source (``x-default``).

    >>> print(sitemap("https://x.org/", {"a": {"en": "complete", "es": "withheld"}}, ["en", "es"], {"en": "en", "es": "es"}), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url>
    <loc>https://x.org/en/a.html</loc>
    <xhtml:link rel="alternate" hreflang="en" href="https://x.org/en/a.html"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="https://x.org/en/a.html"/>
    </url>
    </urlset>
    """
    root = base_url.rstrip("/") + "/"

    def url(locale: str, doc: str) -> str:
        return html.escape(root + urllib.parse.quote(f"{locale}/{doc}.html"))

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for doc in sorted(documents):
        published = [locale for locale in locales if documents[doc].get(locale) in BUILT]
        alternates = [f'<xhtml:link rel="alternate" hreflang="{tags[o]}" href="{url(o, doc)}"/>' for o in published]
        if locales and locales[0] in published:
            alternates.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{url(locales[0], doc)}"/>')
        for locale in published:
            lines += ["<url>", f"<loc>{url(locale, doc)}</loc>", *alternates, "</url>"]
    return "\n".join([*lines, "</urlset>"]) + "\n"


def update(config: Config, manifest_sha256: str | None, tags: Mapping[str, str]) -> str | None:
    """Write dist/sitemap.xml from the manifest the build left, unless it is already that one; return a note, if any.

    Without ``base_url`` a sitemap locflow wrote is removed and the note says how to get one; without
    ``html`` in ``formats`` there are no pages to list (a site generator makes the sitemap of its site).
    """
    dist = config.root / config.dist_dir
    path = dist / FILE
    key = digest(json.dumps([config.base_url, manifest_sha256, list(tags.items())]).encode("utf-8"))
    if not config.base_url or "html" not in config.formats:
        if cache.load(config.root, "sitemap-written", FILE).get("path") == FILE and path.is_file():
            path.unlink()  # written by an earlier build, when base_url was set
            cache.save(config.root, "sitemap-written", FILE, {})
        return NO_BASE_URL if "html" in config.formats else None
    if cache.load(config.root, "sitemap", key).get("path") == FILE and path.is_file():
        return None
    try:
        manifest = json.loads((dist / NAME).read_bytes())
    except (OSError, ValueError) as err:
        raise LocflowError(f"{config.relative(dist / NAME)}: cannot be read for the sitemap: {err}") from err
    documents = {
        doc: {locale: entry.get("status", "") for locale, entry in entries.items() if isinstance(entry, dict)}
        for doc, entries in (manifest.get("documents") or {}).items() if isinstance(entries, dict)
    }
    if "index" not in documents:  # each locale's index page (`siteindex`)
        published = {locale for pages in documents.values() for locale, status in pages.items() if status in BUILT}
        documents["index"] = dict.fromkeys(published, "complete")
    with staged(config.root) as transaction:  # staged under .locflow/: a killed run leaves no partial file in dist/
        transaction.stage(path, sitemap(config.base_url, documents, list(tags), tags).encode("utf-8"))
    cache.save(config.root, "sitemap", key, {"path": FILE})
    cache.save(config.root, "sitemap-written", FILE, {"path": FILE})
    return None
