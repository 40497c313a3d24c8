"""A real site reorganized: does every translation survive?

    python bench/reorganize.py BEFORE AFTER [--workdir W] [--src SRC]

BEFORE and AFTER are two states of one site's Markdown folder (two commits of
a documentation repository, extracted with ``git archive``). The script makes
a project of BEFORE, translates every text (``ES⟦text⟧``, so that a
translation names its text), replaces the sources with AFTER, runs
``extract``, and prints what became of the texts AFTER shares with BEFORE:
how many come translated as they were, how many come fuzzy (and why: the
kind of segment they were translated as, and the kind they are now), and how
many come with another translation (none should). ``--src`` runs another
checkout's ``src``. Figures: bench/README.md ("Round 10").
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from locflow import catalog  # noqa: E402 (this checkout's reader and writer: polib misreads octal escapes)
AS_KIND = re.compile(r"\(as an? ([^)]*)\)")


def locflow(root: Path, src: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "locflow", *args], cwd=root, env=dict(os.environ, PYTHONPATH=str(src)), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"locflow {' '.join(args)} failed: {result.stderr[-2000:]}")
    return result.stdout


def translations(root: Path) -> dict[str, str]:
    """Translate every active entry of every catalog as ``ES⟦msgid⟧``; return them by text."""
    found = {}
    for path in sorted((root / "locales" / "es").rglob("*.po")):
        entries = catalog.loads(path.read_text(encoding="utf-8"), str(path))
        for entry in entries:
            if not entry.obsolete and not entry.msgid_plural:
                entry.msgstr = found[entry.msgid] = f"ES⟦{entry.msgid}⟧"
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        path.write_text(catalog.dumps(entries), encoding="utf-8")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    src = args.src.resolve()
    root = (args.workdir or Path(tempfile.mkdtemp(prefix="locflow-reorganize-"))) / "project"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(args.before, root / "source")
    (root / "locflow.toml").write_text('locales = ["es"]\n', encoding="utf-8")
    locflow(root, src, "extract", "-j", "2")
    known = translations(root)
    locflow(root, src, "extract", "-j", "2")
    shutil.rmtree(root / "source")
    shutil.copytree(args.after, root / "source")
    summary = locflow(root, src, "extract", "-j", "2")
    kept = other = 0
    fuzzy: Counter[str] = Counter()
    for page in sorted((root / "source").rglob("*.md")):
        if any(part.startswith(".") for part in page.relative_to(root / "source").parts):
            continue  # hidden, as extract skips it (tldr's page for the `.` command is `..md`)
        name = page.relative_to(root / "source").with_suffix("").as_posix()
        path = root / "locales" / "es" / "LC_MESSAGES" / f"{name}.po"
        for entry in catalog.loads(path.read_text(encoding="utf-8"), str(path)):
            if entry.obsolete or entry.msgid not in known:
                continue
            if entry.msgstr and not entry.fuzzy:
                kept += entry.msgstr == known[entry.msgid]
                other += entry.msgstr != known[entry.msgid]
            else:
                was = AS_KIND.search(entry.comment)
                fuzzy[f"{was[1] if was else '?'} -> {entry.comment.splitlines()[0]}"] += 1
    moved = sum(line.startswith("moved ") for line in summary.splitlines())
    print(f"# {args.before} -> {args.after}\n")
    print("\n".join(line for line in summary.splitlines() if not line.startswith("moved ")))
    print(f"pages reported moved: {moved}")
    print(f"texts of AFTER translated in BEFORE: {kept + other + sum(fuzzy.values())}")
    print(f"translated as they were: {kept}; another translation: {other}; fuzzy: {sum(fuzzy.values())}")
    for reason, count in fuzzy.most_common():
        print(f"  fuzzy, translated as a kind -> now a kind: {reason}: {count}")


if __name__ == "__main__":
    main()
