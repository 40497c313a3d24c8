"""The translation memory's cost in extract, part by part, each part run alone.

    .venv/bin/python bench/memory_parts.py --docs 1000 --repeat 3
    .venv/bin/python bench/memory_parts.py --docs 1000 --repeat 1 --instructions   # valgrind: immune to load
    .venv/bin/python bench/memory_parts.py --real DIR [DIR ...] --repeat 1 --instructions   # real documentation

The project is bench/memory.py's: the benchmark corpus, its caches left warm
by an extract, then the 5 % edit. One extract (``-j 1``) records what the
memory is asked on it: the texts whose fuzzy candidates are searched (the new
paragraphs, and edited ones whose length band is too wide), and the catalogs
it records in the store, with the store as it was before. Then each part runs
alone, in a fresh process, on those inputs:

- **refresh**: the store brought up to date (`memoryfiles.load`, before the
  workers; every catalog's record compared with the file, none changed);
- **texts**: the store's texts read for the workers (`StoredShared.prepare`);
- **searches**: each recorded text's candidates found and scored
  (`StoredShared.candidates`, `similar.scored`), on the store as it was;
- **record**: the catalogs written recorded in the store (`memoryfiles.save`).

A part's figure is CPU time around it (median of ``--repeat`` processes), or
with ``--instructions`` what callgrind counts for the process less the same
process stopped just before the part. Figures: bench/README.md ("Translation
memory").
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from locflow import cache, cli, memoryfiles, memorylookup, memorystore, workspace
from locflow.config import load_config
from locflow.similar import scored

BENCH = Path(__file__).resolve().parent
PY = sys.executable
PARTS = ("refresh", "texts", "searches", "record")


def _memory_bench():
    spec = importlib.util.spec_from_file_location("bench_memory", BENCH / "memory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_part(part: str, project: Path, state: Path, stop: bool) -> float:
    """Run one part in this process (`stop`: only what comes before it); return its CPU seconds."""
    config = load_config(project)
    if part == "refresh":
        names = workspace.document_names(config)
        documents = [*names, *memoryfiles.orphans(config, names)]
        since = cache.clock(config.root, "extract")
        act = partial(memoryfiles.load, config, tuple(config.locales), documents, since)
    elif part == "texts":
        shared = memorylookup.StoredShared(memorystore.path_of(project), config.locales, True)
        act = shared.prepare
    elif part == "searches":
        shared = memorylookup.StoredShared(state / "store-before-save.sqlite", config.locales, True)
        shared.prepare()
        texts = pickle.loads((state / "searches.pickle").read_bytes())

        def act() -> None:
            for text in texts:
                scored(text, shared.candidates(text))

    else:
        written, since, verified = pickle.loads((state / "save.pickle").read_bytes())
        act = partial(memoryfiles.save, config, written, since, verified)
    if stop:
        return 0.0
    start = time.process_time()
    act()
    return time.process_time() - start


def capture(project: Path, state: Path) -> None:
    """Run extract -j 1 on `project`, recording the texts searched and what it records in the store (and the store before)."""
    searched: list[str] = []
    candidates, save = memorylookup.StoredShared.candidates, memoryfiles.save

    def recording_candidates(self, text):
        searched.append(text)
        return candidates(self, text)

    def recording_save(config, written, since, verified=None):
        shutil.copyfile(memorystore.path_of(project), state / "store-before-save.sqlite")
        (state / "save.pickle").write_bytes(pickle.dumps((written, since, verified)))
        return save(config, written, since, verified)

    memorylookup.StoredShared.candidates = recording_candidates
    memoryfiles.save = recording_save
    sys.argv = ["locflow", "-C", str(project), "extract", "-j", "1"]
    try:
        cli.main()
    except SystemExit as stopped:
        if stopped.code not in (0, 1, None):
            raise
    (state / "searches.pickle").write_bytes(pickle.dumps(list(dict.fromkeys(searched))))


def _child(*args: str, counted: Path | None = None) -> str:
    """Run this script with `args` in a fresh process; with `counted`, under callgrind, its count file in that folder."""
    argv = [PY, str(Path(__file__).resolve()), *args]
    if counted is not None:
        counted.mkdir()
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={counted}/%p.out", *argv]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"memory_parts {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def measure(part: str, project: Path, state: Path, repeat: int, counted: Callable[[Path], int] | None) -> list[float]:
    """Return the part's figures, one per run: CPU seconds, or instructions (the run less the same run stopped before the part)."""
    found = []
    for number in range(repeat):
        figures = []
        for stop in ((False, True) if counted else (False,)):
            if part == "record":  # each run records into the store as it was before the save
                shutil.copyfile(state / "store-before-save.sqlite", memorystore.path_of(project))
            args = ("--part", part, "--project", str(project), "--state", str(state), *(["--stop"] if stop else []))
            if counted:
                folder = state / f"{part}-{number}-{int(stop)}.callgrind"
                _child(*args, counted=folder)
                figures.append(float(counted(folder)))
            else:
                figures.append(float(_child(*args)))
        found.append(figures[0] - figures[1] if counted else figures[0])
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--real", nargs="+", type=Path, metavar="DIR", help="real documentation folders instead of the corpus (bench/memory.py)")
    parser.add_argument("--instructions", action="store_true", help="count instructions under valgrind's callgrind instead of timing")
    parser.add_argument("--part", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--state", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stop", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--capture", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture:
        capture(args.project, args.state)
        return
    if args.part:
        print(run_part(args.part, args.project, args.state, args.stop))
        return
    memory = _memory_bench()
    corpus = memory._corpus()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="locflow-memory-parts-"))
    base, project, state = work / "base", work / "parts", work / "parts-state"
    if (base / "locflow.toml").exists():
        pass
    elif args.real:
        memory.real_project(args.real, base, corpus)
    else:
        corpus.generate(base, args.docs, 1, memory.LOCALES, jobs=2)
    size = f"{len(list((base / 'source').rglob('*.md')))} {'real ' if args.real else ''}documents"
    for folder in (project, state):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base, project, symlinks=True)
    shutil.rmtree(project / ".locflow", ignore_errors=True)
    state.mkdir()
    memory.locflow(project, "extract", "-j", "2")  # caches warm, as a last run left them
    memory.editor(corpus, bool(args.real))(project)
    counted = memory.instructions if args.instructions else None
    figures = {part: measure(part, project, state, args.repeat, counted) for part in ("refresh", "texts")}
    _child("--capture", "--project", str(project), "--state", str(state))  # changes the catalogs: after refresh
    for part in ("searches", "record"):
        figures[part] = measure(part, project, state, args.repeat, counted)
    searches = len(pickle.loads((state / "searches.pickle").read_bytes()))
    catalogs = len(pickle.loads((state / "save.pickle").read_bytes())[0])
    unit, scale = ("M instructions", 1e6) if args.instructions else ("CPU ms", 1e-3)
    print(f"# the translation memory's parts, {size}, 5% edit: {searches} texts searched, {catalogs} catalogs recorded\n")
    print(f"| part | {unit}, median of {args.repeat} | runs |")
    print("| --- | ---: | --- |")
    for part in PARTS:
        values = [value / scale for value in figures[part]]
        print(f"| {part} | {statistics.median(values):.1f} | {' '.join(f'{value:.1f}' for value in values)} |")


if __name__ == "__main__":
    main()
