"""The translation memory on the benchmark corpus: what it saves translators, what it costs extract.

    .venv/bin/python bench/memory.py --docs 1000 --repeat 3

1. **Words a translator is asked for** after a 5% edit (`corpus.edit_documents`:
   one word changed, one number changed, one new paragraph per edited page):
   `stats`'s "words to translate" (untranslated + fuzzy) after extract with
   the memory switched off and on, and `stats --costs`'s bands with it.
2. **What the memory costs extract**: the same 5% edit merged with the
   memory and with it switched off (`memoryfiles.load` returning
   nothing, in a fresh process), `-j 2`, each on a fresh copy of a project
   whose caches a previous run left warm; the median of `--repeat` runs.

Measured (1000 documents, 2 cores, shared machine): words to translate
after the edit 27827 / 28258 / 27482 (es / ar / zh_Hans) without the memory,
27787 / 28218 / 27442 with it (the edit's new paragraphs are new text; the
repeats, 20-54 words, vanish); extract -j 2: 1.76 s without, 8.16 s with
(the memory cache's 47 MB of JSON is read and written: the next thing to fix).

The corpus is made by this checkout's locflow, so its catalogs already hold
what the memory fills on a first run (a project upgrading pays that once).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PY = sys.executable

OFF = (
    "import sys, locflow.memoryfiles as m, locflow.cli as c;"
    "m.load = lambda config, locales, documents, since=None: {}; m.save = lambda *args: None;"
    "sys.argv = ['locflow'] + sys.argv[1:]; c.main()"
)
"""locflow with the memory switched off (nothing recalled), for the comparison only."""


def _corpus():
    spec = importlib.util.spec_from_file_location("bench_corpus", BENCH / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locflow(project: Path, *args: str, memory: bool = True) -> str:
    argv = [PY, "-m", "locflow"] if memory else [PY, "-c", OFF]
    done = subprocess.run([*argv, "-C", str(project), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"locflow {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def words_to_translate(project: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for row in json.loads(locflow(project, "stats", "--format", "json")):
        found[row["locale"]] = found.get(row["locale"], 0) + row["words_to_translate"]
    return found


def bands(project: Path) -> dict[str, dict]:
    return {row["locale"]: row for row in json.loads(locflow(project, "stats", "--costs", "--format", "json"))}


def timed_extract(base: Path, work: Path, corpus, memory: bool, repeat: int) -> float:
    times = []
    for number in range(repeat):
        project = work / f"{'on' if memory else 'off'}-{number}"
        subprocess.run(["cp", "-a", str(base), str(project)], check=True)
        locflow(project, "extract", "-j", "2", memory=memory)  # caches warm, as a last run of this build left them
        corpus.edit_documents(project, 0.05, 1)
        start = time.perf_counter()
        locflow(project, "extract", "-j", "2", memory=memory)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    corpus = _corpus()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="locflow-memory-"))
    base = work / "base"
    if not (base / "locflow.toml").exists():
        corpus.generate(base, args.docs, 1, ["es", "ar", "zh_Hans"], jobs=2)
    off = timed_extract(base, work, corpus, False, args.repeat)
    on = timed_extract(base, work, corpus, True, args.repeat)
    print(f"# translation memory, {args.docs} documents, 3 locales (es, ar, zh_Hans), 5% of pages edited\n")
    before, after = words_to_translate(work / "off-0"), words_to_translate(work / "on-0")
    costs = bands(work / "on-0")
    print("| locale | words to translate without the memory | with it | of which new | repetitions | 100% | fuzzy 75-99% | filler |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for locale in before:
        w = {name: band["words"] for name, band in costs[locale]["bands"].items()}
        fuzzy = w["95-99%"] + w["85-94%"] + w["75-84%"]
        print(f"| {locale} | {before[locale]} | {after[locale]} | {w['new']} | {w['repetitions']} | {w['100%']} | {fuzzy} | {w['filler']} |")
    print(f"\nextract -j 2 after the edit (median of {args.repeat}): {off:.2f} s without the memory, "
          f"{on:.2f} s with it ({100 * (on - off) / off:+.1f}%)")


if __name__ == "__main__":
    main()
