#!/usr/bin/env python3
"""Profile one locflow command with py-spy and say where the time goes, by library and by function.

    python bench/profile.py --docs 1000 extract extract-warm build build-noop check

generates the corpus (or reuses ``--project DIR``), puts the project in the
state each command starts from (no catalogs for ``extract``, no dist/ for
``build``), records the command at -j 1 with ``py-spy record --format raw``
and prints, per command:

- self time by area: the file of the innermost frame of each sample,
  grouped as locflow's modules, polib, markdown-it-py, PyYAML, difflib,
  other standard library, and interpreter start-up (imports);
- inclusive time of the areas and of locflow's own functions: the share of
  samples with that frame anywhere on the stack.

py-spy is not a locflow dependency: ``pip install py-spy``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
LIBRARIES = {
    "polib.py": "polib", "markdown_it": "markdown-it-py", "mdit_py_plugins": "markdown-it-py", "mdurl": "markdown-it-py",
    "yaml": "PyYAML", "_yaml": "PyYAML", "babel": "Babel", "click": "click", "rapidfuzz": "rapidfuzz",
}


def area(path: str) -> str:
    """Return the library or locflow module a frame's file belongs to (py-spy shows paths from sys.path)."""
    if path.startswith("<frozen importlib") or path.startswith("importlib"):
        return "imports (start-up)"
    top, _, rest = path.partition("/")
    if top == "locflow":
        return "locflow." + rest.removesuffix(".py").replace("/", ".")
    if top in LIBRARIES:
        return LIBRARIES[top]
    return "stdlib: " + top.removeprefix("<frozen ").removesuffix(">").removesuffix(".py")


def ours(path: str) -> bool:
    return path.startswith("locflow/")


def parse(raw: str) -> list[tuple[list[tuple[str, str]], int]]:
    stacks = []
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames = []
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            frames.append((match.group("function"), match.group("file")) if match else (frame, ""))
        stacks.append((frames, int(count)))
    return stacks


def summarize(stacks: list[tuple[list[tuple[str, str]], int]], top: int = 14) -> str:
    total = sum(count for _, count in stacks) or 1
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    library_calls: Counter[str] = Counter()
    for frames, count in stacks:
        # Only what runs under the command: drop the interpreter, runpy and click frames around it.
        cli = [i for i, (_, f) in enumerate(frames) if f == "locflow/cli.py"]
        work = frames[cli[-1] + 1 :] if cli else frames
        if not cli and (not frames or any(area(f) == "imports (start-up)" for _, f in frames)):
            own["start-up (imports, before the command runs)"] += count
            continue
        # py-spy sometimes only gets the innermost frames of a stack: those count where their frames are.
        if not work:
            own["locflow.cli"] += count
            continue
        own[area(work[-1][1])] += count
        for name in {area(f) for _, f in work}:
            inclusive[name] += count
        for name in {f"{area(f)}.{fn}" for fn, f in work if ours(f)}:
            functions[name] += count
        for (fn, f), (callee, cf) in zip(work, work[1:]):
            if ours(f) and not ours(cf):
                library_calls[f"{area(f)}.{fn} → {area(cf)}.{callee}"] += count
                break
    lines = [f"{total} samples", "", "| self time by area | share |", "| --- | ---: |"]
    lines += [f"| {name} | {100 * n / total:.1f}% |" for name, n in own.most_common(top)]
    lines += ["", "| inclusive: time under | share |", "| --- | ---: |"]
    lines += [f"| {name} | {100 * n / total:.1f}% |" for name, n in inclusive.most_common(top)]
    lines += ["", "| inclusive: locflow function | share |", "| --- | ---: |"]
    lines += [f"| {name} | {100 * n / total:.1f}% |" for name, n in functions.most_common(top + 6)]
    lines += ["", "| first call from locflow into a library or the standard library | share |", "| --- | ---: |"]
    lines += [f"| {name} | {100 * n / total:.1f}% |" for name, n in library_calls.most_common(top)]
    return "\n".join(lines)


def main_summarize(paths: list[Path]) -> None:
    for path in paths:
        print(f"## {path.stem}\n")
        print(summarize(parse(path.read_text(encoding="utf-8"))))
        print()


MODES = {
    "extract": "cold extract: no catalogs",
    "extract-warm": "extract after 1% of documents edited",
    "extract-merge": "extract after 5% of documents edited",
    "build": "full build: no dist/",
    "build-noop": "build with nothing changed",
    "check": "check",
    "stats": "stats",
}


def prepare(base: Path, work: Path, mode: str, seed: int) -> Path:
    """Put a copy of the project in the state `mode` starts from."""
    run_dir = work / "run"
    if run_dir.exists():
        shutil.rmtree(run_dir)
    if mode == "extract":
        run_dir.mkdir(parents=True)
        shutil.copytree(base / "source", run_dir / "source")
        shutil.copy(base / "locflow.toml", run_dir / "locflow.toml")
        return run_dir
    shutil.copytree(base, run_dir, symlinks=True)
    (run_dir / ".locflow" / "cache" / "check.json").unlink(missing_ok=True)  # check profiles a check from scratch
    if mode.startswith("build"):
        shutil.rmtree(run_dir / "dist", ignore_errors=True)
    if mode == "extract-warm":
        corpus.edit_documents(run_dir, 0.01, seed, "warm")
    elif mode == "extract-merge":
        corpus.edit_documents(run_dir, 0.05, seed, "merge")
    elif mode == "build-noop":
        subprocess.run([sys.executable, "-m", "locflow", "-C", str(run_dir), "build", "-j", "2"], check=True, stdout=subprocess.DEVNULL)
    return run_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modes", nargs="+", choices=list(MODES), help="; ".join(f"{k}: {v}" for k, v in MODES.items()))
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=Path, help="an existing benchmark project (from bench/corpus.py) to profile")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    parser.add_argument("--keep", type=Path, help="also write each raw profile to this folder")
    args = parser.parse_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        raise SystemExit("py-spy is not installed: pip install py-spy")
    work = Path(tempfile.mkdtemp(prefix="locflow-profile-"))
    try:
        base = args.project
        if base is None:
            base = work / "base"
            corpus.generate(base, args.docs, args.seed, corpus.LOCALES[:3])
        for mode in args.modes:
            project = prepare(base, work, mode, args.seed)
            command = mode.split("-")[0]
            raw = work / f"{mode}.txt"
            subprocess.run(
                [spy, "record", "--format", "raw", "--rate", str(args.rate), "--nonblocking", "-o", str(raw), "--",
                 sys.executable, "-m", "locflow", "-C", str(project), command],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(raw, args.keep / f"{mode}.txt")
            print(f"## locflow {command}: {MODES[mode]} (-j 1)\n")
            print(summarize(parse(raw.read_text(encoding="utf-8"))))
            print()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
