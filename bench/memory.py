"""The translation memory on the benchmark corpus: what it saves translators, what it costs extract.

    .venv/bin/python bench/memory.py --docs 1000 --repeat 5
    .venv/bin/python bench/memory.py --real DIR [DIR ...] --repeat 5   # real documentation instead of the corpus
    git archive 0c43687 src | tar -x -C /tmp/before   # the commit before the memory
    .venv/bin/python bench/memory.py --docs 1000 --repeat 5 --before /tmp/before/src
    .venv/bin/python bench/memory.py --docs 1000 --repeat 1 --timing-only --instructions   # valgrind: immune to load

1. **Words a translator is asked for** after a 5% edit (`corpus.edit_documents`:
   one word changed, one number changed, one new paragraph per edited page):
   `stats`'s "words to translate" (untranslated + fuzzy) after extract with
   the memory switched off and on, and `stats --costs`'s bands with it.
2. **What the memory costs extract**: the same 5% edit merged by this
   checkout and by the code at `--before` (a ``src`` folder put first on
   ``PYTHONPATH``), or, without `--before`, by this checkout with the memory
   switched off (`memoryfiles.load` returning nothing, in a fresh process);
   `-j 2`, each on a fresh copy of the project whose caches that code left
   warm (its own extract run first). The two alternate (A/B/A/B…) so that a
   shared machine's load falls on both; medians of `--repeat` runs.

Figures: bench/README.md ("Translation memory").

With ``--real``, the project is the Markdown of the given folders
(`realdocs.project`), 95 % pseudo-translated as the corpus is, and the 5 %
edit is a writer's (`realdocs.edit_pages`: a word replaced in a paragraph, a
new paragraph of sentences from other pages).

The corpus is made by this checkout's locflow, so its catalogs already hold
what the memory fills on a first run (a project upgrading pays that once).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PY = sys.executable

OFF = (
    "import sys, locflow.memoryfiles as m, locflow.cli as c;"
    "m.load = lambda *args, **kwargs: {}; m.save = lambda *args: None;"
    "sys.argv = ['locflow'] + sys.argv[1:]; c.main()"
)
"""locflow with the memory switched off (nothing recalled), for the comparison only."""


def _bench(name: str):
    """Return the bench module `name` (``corpus``, ``realdocs``)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus():
    return _bench("corpus")


LOCALES = ["es", "ar", "zh_Hans"]


def real_project(dirs: list[Path], base: Path, corpus) -> None:
    """Make `base` a project of the real documentation in `dirs` (`realdocs.project`), 95 % pseudo-translated, settled."""
    made = _bench("realdocs").project(dirs, base.parent / "real-making")
    made.rename(base)
    (base.parent / "real-making").rmdir()
    corpus.write_config(base, LOCALES)
    locflow(base, "extract", "-j", "2")  # real pages have warnings (exit 1): their output is kept, not printed
    corpus.fill_catalogs(base, LOCALES, 0.95)
    locflow(base, "extract", "-j", "2")


def editor(corpus, real: bool) -> Callable[[Path], object]:
    """Return the 5 % edit: the corpus's (`corpus.edit_documents`) or, on real documentation, a writer's (`realdocs.edit_pages`)."""
    if real:
        realdocs = _bench("realdocs")
        return lambda project: realdocs.edit_pages(project, 0.05, 1)
    return lambda project: corpus.edit_documents(project, 0.05, 1)


def locflow(project: Path, *args: str, memory: bool = True, src: Path | None = None, counted: Path | None = None) -> str:
    """Run locflow on `project`; with `counted`, under valgrind's callgrind, one count file per process in that folder."""
    argv = [PY, "-m", "locflow"] if memory else [PY, "-c", OFF]
    if counted is not None:
        argv = [  # a forked child inherits its parent's counts: they are written out (and zeroed) before each fork
            "valgrind", "--tool=callgrind", "--trace-children=yes", "--dump-before=fork", f"--callgrind-out-file={counted}/%p.out", *argv
        ]
    env = dict(os.environ, PYTHONPATH=str(src)) if src is not None else None
    done = subprocess.run([*argv, "-C", str(project), *args], capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1) or "Traceback (most recent call last)" in done.stderr:  # 1: warnings, not a crash
        raise SystemExit(f"locflow {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def words_to_translate(project: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in json.loads(locflow(project, "stats", "--format", "json")):
        found[row["locale"]] = found.get(row["locale"], 0) + row["words_to_translate"]
    return found


def bands(project: Path) -> dict[str, dict]:
    return {row["locale"]: row for row in json.loads(locflow(project, "stats", "--costs", "--format", "json"))}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def instructions(folder: Path) -> int:
    """Return the instructions callgrind counted in every process whose count files are in `folder` (``%p.out``, ``%p.out.N``)."""
    total = 0
    for path in folder.glob("*.out*"):
        for line in path.read_text(errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                total += int(line.split()[1])
                break
    return total


def timed_extract(
    base: Path, work: Path, edit: Callable[[Path], object], name: str, number: int, memory: bool = True, src: Path | None = None,
    counted: bool = False,
) -> tuple[float, float]:
    """Time one extract -j 2 after a 5% edit, on a fresh copy whose caches this code left warm: wall and CPU seconds.

    CPU seconds are user + system of the whole process tree (the workers included): a shared machine's load changes them less.
    With `counted`, the extract runs under callgrind and the second figure is the instructions it ran (every process),
    which another engineer's load does not change at all.
    """
    project = work / f"{name}-{number}"
    subprocess.run(["rm", "-rf", str(project)], check=True)
    subprocess.run(["cp", "-a", str(base), str(project)], check=True)
    subprocess.run(["rm", "-rf", str(project / ".locflow")], check=True)
    locflow(project, "extract", "-j", "2", memory=memory, src=src)  # caches warm, as a last run of this code left them
    edit(project)
    start, cpu = time.perf_counter(), _cpu()
    if counted:
        folder = work / f"{name}-{number}.callgrind"
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        folder.mkdir()
        locflow(project, "extract", "-j", "2", memory=memory, src=src, counted=folder)
        return time.perf_counter() - start, float(instructions(folder))
    locflow(project, "extract", "-j", "2", memory=memory, src=src)
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--before", type=Path, help="a locflow src folder to compare with (default: this checkout, memory off)")
    parser.add_argument("--real", nargs="+", type=Path, metavar="DIR", help="real documentation folders instead of the corpus (bench/realdocs.py)")
    parser.add_argument("--timing-only", action="store_true", help="only the extract timings, not the words and bands")
    parser.add_argument(
        "--instructions", action="store_true",
        help="count the instructions of each extract under valgrind's callgrind (about 50 times slower) instead of timing it",
    )
    args = parser.parse_args()
    corpus = _corpus()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="locflow-memory-"))
    base = work / "base"
    if (base / "locflow.toml").exists():
        pass
    elif args.real:
        real_project(args.real, base, corpus)
    else:
        corpus.generate(base, args.docs, 1, LOCALES, jobs=2)
    edit = editor(corpus, bool(args.real))
    size = f"{len(list((base / 'source').rglob('*.md')))} {'real ' if args.real else ''}documents"
    times: dict[str, list[tuple[float, float]]] = {"off": [], "on": []}
    for number in range(args.repeat):  # alternate, so that a shared machine's load falls on both
        counted = args.instructions
        times["off"].append(
            timed_extract(base, work, edit, "off", number, memory=args.before is not None, src=args.before, counted=counted)
        )
        times["on"].append(timed_extract(base, work, edit, "on", number, counted=counted))
        (a, ca), (b, cb) = times["off"][-1], times["on"][-1]
        second = f"instructions {ca / 1e9:.3f} G / {cb / 1e9:.3f} G" if counted else f"CPU {ca:.2f} s / {cb:.2f} s"
        print(f"run {number + 1}: wall {a:.2f} s / {b:.2f} s, {second}", flush=True)
    against = f"the code at {args.before}" if args.before else "without the memory"
    kinds = (("wall seconds", 0, 1), ("instructions (G, every process)", 1, 1e9) if args.instructions else ("CPU seconds", 1, 1))
    for kind, at, unit in kinds:
        off, on = statistics.median(t[at] for t in times["off"]) / unit, statistics.median(t[at] for t in times["on"]) / unit
        print(f"extract -j 2 after a 5% edit, {size}, {kind}, median of {args.repeat} (A/B alternated): "
              f"{off:.3f} {against}, {on:.3f} with the memory ({on / off:.2f}x, {100 * (on - off) / off:+.1f}%)")
        print(f"{kind} runs:", " ".join(f"{a[at] / unit:.3f}/{b[at] / unit:.3f}" for a, b in zip(times["off"], times["on"])))
    if args.timing_only:
        return
    if args.before is not None:
        timed_extract(base, work, edit, "off", 0, memory=False)
    print(f"# translation memory, {size}, 3 locales (es, ar, zh_Hans), 5% of pages edited\n")
    before, after = words_to_translate(work / "off-0"), words_to_translate(work / "on-0")
    costs = bands(work / "on-0")
    print("| locale | words to translate without the memory | with it | of which new | repetitions | 100% | fuzzy 75-99% | filler |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for locale in before:
        w = {name: band["words"] for name, band in costs[locale]["bands"].items()}
        fuzzy = w["95-99%"] + w["85-94%"] + w["75-84%"]
        print(f"| {locale} | {before[locale]} | {after[locale]} | {w['new']} | {w['repetitions']} | {w['100%']} | {fuzzy} | {w['filler']} |")


if __name__ == "__main__":
    main()
