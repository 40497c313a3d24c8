"""A small multi-page site: nested folders, links with anchors, pictures, an RTL locale and a withheld one.

- ``a.md`` links to ``sub/b.md#part``, to its own ``#page-a``, to ``sub/deep/c.md``, shows ``images/x.png``;
- ``sub/b.md`` links back to ``../a.md`` and to ``deep/c.md#steps``;
- ``sub/deep/c.md`` links to ``../../a.md#page-a`` and to a PDF, ``../../files/leaflet.pdf``.

``es`` is translated in full (with its own ``images/x.es.png``); ``ar`` translates ``a`` and
``sub/b`` and not ``sub/deep/c`` (withheld: its links lead to the English page); ``fr`` has
nothing translated (every page withheld).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import polib

from locflow.commands import extract as extract_command
from locflow.config import load_config

SOURCES = {
    "a.md": (
        "---\ntitle: Page A\nlast_reviewed: 2026-03-01\n---\n\n# Page A\n\n"
        "Go to [the part](sub/b.md#part), to [the steps](sub/deep/c.md#steps) or [back up](#page-a).\n\n"
        "![An X-ray of the spine](images/x.png)\n\n- First item of a list\n- Second item of a list\n"
    ),
    "sub/b.md": "# Page B\n\nBack to [page A](../a.md).\n\n## Part\n\nSee [the steps](deep/c.md#steps).\n",
    "sub/deep/c.md": (
        "# Page C\n\n## Steps\n\nRead [page A](../../a.md#page-a) and the [leaflet](../../files/leaflet.pdf).\n\n"
        "- Rest for a day\n- Walk a little\n"
    ),
}

TRANSLATIONS = {
    "es": {
        "Page A": "Página A",
        "Go to [the part](sub/b.md#part), to [the steps](sub/deep/c.md#steps) or [back up](#page-a).":
            "Vaya a [la parte](sub/b.md#part), a [los pasos](sub/deep/c.md#steps) o [arriba](#page-a).",
        "![An X-ray of the spine](images/x.png)": "![Una radiografía de la columna](images/x.png)",
        "First item of a list": "Primer elemento de una lista",
        "Second item of a list": "Segundo elemento de una lista",
        "Page B": "Página B", "Back to [page A](../a.md).": "Volver a [la página A](../a.md).", "Part": "Parte",
        "See [the steps](deep/c.md#steps).": "Vea [los pasos](deep/c.md#steps).",
        "Page C": "Página C", "Steps": "Pasos",
        "Read [page A](../../a.md#page-a) and the [leaflet](../../files/leaflet.pdf).":
            "Lea [la página A](../../a.md#page-a) y el [folleto](../../files/leaflet.pdf).",
        "Rest for a day": "Descanse un día", "Walk a little": "Camine un poco",
    },
    "ar": {
        "Page A": "الصفحة أ",
        "Go to [the part](sub/b.md#part), to [the steps](sub/deep/c.md#steps) or [back up](#page-a).":
            "انتقل إلى [الجزء](sub/b.md#part) أو [الخطوات](sub/deep/c.md#steps) أو [الأعلى](#page-a).",
        "![An X-ray of the spine](images/x.png)": "![صورة بالأشعة السينية للعمود الفقري](images/x.png)",
        "First item of a list": "العنصر الأول من القائمة",
        "Page B": "الصفحة ب", "Back to [page A](../a.md).": "العودة إلى [الصفحة أ](../a.md).", "Part": "الجزء",
        "See [the steps](deep/c.md#steps).": "انظر [الخطوات](deep/c.md#steps).",
    },
}


def png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    """Return a small one-colour PNG."""
    row = b"\x00" + bytes(rgb) * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")


def make_site(root: Path, config: str = "") -> Path:
    """Write the site's sources, pictures and translated catalogs under `root`; return `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "locflow.toml").write_text('locales = ["es", "ar", "fr"]\n' + config, encoding="utf-8")
    for name, text in SOURCES.items():
        path = root / "source" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "source" / "images").mkdir()
    (root / "source" / "images" / "x.png").write_bytes(png((200, 30, 30)))
    (root / "source" / "images" / "x.es.png").write_bytes(png((30, 160, 60)))
    (root / "source" / "files").mkdir()
    (root / "source" / "files" / "leaflet.pdf").write_bytes(b"%PDF-1.4\n% a leaflet\n")
    extract_command.extract(load_config(root))
    for locale, texts in TRANSLATIONS.items():
        for path in (root / "locales" / locale).rglob("*.po"):
            po = polib.pofile(str(path))
            for entry in po:
                entry.msgstr = texts.get(entry.msgid, "")
            po.save(str(path))
    return root
