"""A CAT tool's translation project brought into locflow: what its memory fills.

    python bench/cat_memory.py DIR LOCALE [--tmx FILE ...] [--workdir W] [--src SRC]

DIR is a translation project kept by a CAT tool (OmegaT's layout: English
Markdown in ``source/``, TMX memories anywhere but ``omegat/``, whose
``project_save.tmx`` is the tool's working copy); LOCALE is the language its
memories translate into (``cs``); ``--tmx`` names the memories to take
(paths inside DIR; by default every TMX file but those of ``omegat/``,
``source/`` and ``target/``). The script makes a locflow project of the
Markdown with every TMX file as a ``compendium``, runs ``extract``, and
prints what the memory filled: ``extract``'s summary, the texts whose
sentences the memory joined (`memory.joined`), and ``stats --costs``'s bands.
``--src`` runs another checkout's ``src`` (to compare with an older
locflow). Figures: bench/README.md ("Round 10").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project(folder: Path, locale: str, work: Path, chosen: list[str] | None = None) -> tuple[Path, list[str]]:
    """Make a locflow project of `folder`'s ``source/*.md`` with its TMX files (or the `chosen` ones) as compendia; return it and them."""
    root = work / "project"
    if root.exists():
        shutil.rmtree(root)
    for path in sorted((folder / "source").rglob("*.md")):
        target = root / "source" / path.relative_to(folder / "source")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    memories = []
    for path in sorted(folder / name for name in chosen) if chosen else sorted(folder.rglob("*.tmx")):
        name = path.relative_to(folder)
        if chosen or name.parts[0] not in ("omegat", "source", "target"):
            (root / "tm" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, root / "tm" / name)
            memories.append(f"tm/{name.as_posix()}")
    (root / "locflow.toml").write_text(f"locales = [{json.dumps(locale)}]\ncompendium = {json.dumps(memories)}\n", encoding="utf-8")
    return root, memories


def locflow(root: Path, src: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "locflow", *args], cwd=root, env=dict(os.environ, PYTHONPATH=str(src)), capture_output=True, text=True
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"locflow {' '.join(args)} failed: {result.stderr[-2000:]}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("locale")
    parser.add_argument("--tmx", nargs="+", metavar="FILE", help="the memories to take, inside the folder (default: every TMX file)")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="locflow-cat-"))
    root, memories = project(args.folder, args.locale, work, args.tmx)
    summary = locflow(root, args.src.resolve(), "extract", "-j", "2").stdout.strip().splitlines()
    joined = sum(
        line.count("texts joined") for path in (root / "locales").rglob("*.po") for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("#. translation memory:")
    )
    (costs,) = json.loads(locflow(root, args.src.resolve(), "stats", "--costs", "--format", "json").stdout)
    print(f"# {args.folder.name}: {len(list((root / 'source').rglob('*.md')))} pages, {len(memories)} TMX files, locale {args.locale}\n")
    print("\n".join(summary))
    print(f"texts whose sentences the memory joined: {joined}\n")
    print("| band | segments | words |")
    print("| --- | ---: | ---: |")
    for band, figures in costs["bands"].items():
        print(f"| {band} | {figures['segments']} | {figures['words']} |")


if __name__ == "__main__":
    main()
