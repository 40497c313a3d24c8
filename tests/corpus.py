"""A translated project of many documents, for tests that need writes in flight."""

from __future__ import annotations

from pathlib import Path

import polib

from locflow.commands import extract as extract_command
from locflow.config import load_config

DOCUMENTS = 40


def make_corpus(root: Path) -> None:
    """A project whose catalogs are translated, then a source edit in every document."""
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es", "ar", "zh_Hans"]\nmin_complete = 0\n')
    for n in range(DOCUMENTS):
        body = "".join(f"Paragraph {i} of page {n}: rest the muscle for {i} hours.\n\n" for i in range(25))
        (root / "source" / f"page{n:03}.md").write_text(f"# Page {n}\n\n{body}", encoding="utf-8")
    extract_command.extract(load_config(root))
    for path in (root / "locales").rglob("*.po"):
        po = polib.pofile(str(path))
        for entry in po:
            entry.msgstr = f"[{path.parent.parent.name}] {entry.msgid}"
        po.save(str(path))
    for path in (root / "source").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("rest the muscle", "rest the muscles"), encoding="utf-8")
