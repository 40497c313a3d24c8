"""What the gate costs a build that changed something: `build` with its check summary line, next to the build alone.

    python bench/gate.py --docs 1000 --repeat 5
    python bench/gate.py --project DIR --src old=/tmp/old/src --src new=src    # two versions of locflow, A/B/A/B

Each version gets its own copy of the project, where ``extract`` then
``build`` run first, so its caches are as a last run left them (a copied
file is a new file to every cache). Every run is a fresh process, as a user
runs it. Before each run one msgstr
of one catalog changes (the build after one catalog changed of `run.py`), so
every `build` writes one page and then runs the gate. Rows:

- ``build`` — ``locflow build``: the build and the one-line summary of `check`;
- ``build alone`` — the build command's function without the gate (what a
  build cost before it printed the summary);
- ``check`` — ``locflow check``, for scale.

With several ``--src``, the rows of each version alternate in the same
period (A/B/A/B), so a shared machine's load falls on both alike. Medians of
``--repeat`` runs are printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_corpus", HERE / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)

BUILD_ALONE = "import sys; from locflow.commands.build import build; from locflow.config import load_config; build(load_config(sys.argv[1]))"


def touch_catalog(root: Path, revision: itertools.count) -> None:
    """Change the first translated msgstr of the first catalog."""
    path = sorted((root / "locales" / "es").rglob("*.po"))[0]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^msgstr "(r\d+ )?(?=[^"\n])', f'msgstr "r{next(revision)} ', text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def timed(args: list[str], src: str) -> float:
    env = dict(os.environ, PYTHONPATH=src)
    start = time.perf_counter()
    subprocess.run(args, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--project", type=Path, help="a copy of this project instead of a generated corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--src", action="append", default=[], metavar="LABEL=DIR",
                        help="a locflow source folder to time (default: this checkout's src/)")
    parser.add_argument("--rows", default="build,alone,check", help="which rows: build, alone, check")
    args = parser.parse_args(argv)
    sources = [tuple(s.split("=", 1)) for s in args.src] or [("this", str(HERE.parent / "src"))]
    rows = args.rows.split(",")
    revision = itertools.count(1)
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as work:
        roots = {}
        for label, _ in sources:  # one copy per version: their caches are their own
            root = Path(work) / label
            if args.project:
                shutil.copytree(args.project, root, ignore=shutil.ignore_patterns(".locflow", "dist"))
            elif not roots:
                corpus.generate(root, args.docs, 1, ["es", "ar", "zh_Hans"], jobs=2)
            else:
                shutil.copytree(next(iter(roots.values())), root, ignore=shutil.ignore_patterns(".locflow", "dist"))
            roots[label] = root
        for label, src in sources:  # a project as the last extract left it (its caches too), then built
            timed([sys.executable, "-m", "locflow", "-C", str(roots[label]), "extract"], src)
            timed([sys.executable, "-m", "locflow", "-C", str(roots[label]), "build"], src)
        for _ in range(args.repeat):
            for row in rows:
                for label, src in sources:
                    root = roots[label]
                    touch_catalog(root, revision)
                    if row == "build":
                        command = [sys.executable, "-m", "locflow", "-C", str(root), "build"]
                    elif row == "alone":
                        command = [sys.executable, "-c", BUILD_ALONE, str(root)]
                    else:
                        command = [sys.executable, "-m", "locflow", "-C", str(root), "check"]
                    times.setdefault((row, label), []).append(timed(command, src))
    names = {"build": "build (with the check summary)", "alone": "build alone (no gate)", "check": "check"}
    print(f"one catalog changed before each run; median of {args.repeat}; machine: {os.cpu_count()} cores")
    print("| row | " + " | ".join(label for label, _ in sources) + " |")
    print("| --- |" + " --- |" * len(sources))
    for row in rows:
        cells = [f"{statistics.median(times[(row, label)]):.2f} s" for label, _ in sources]
        print(f"| {names[row]} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
