#!/usr/bin/env python3
"""Benchmark locflow against its floors and its peers; print Markdown tables.

    python bench/run.py --docs 100 --docs 1000 --repeat 3 --jobs 1,2

For each size it generates a deterministic corpus (bench/corpus.py) in a
temporary folder, then times, each in a fresh process and from a fresh copy
of the project where the command changes it:

- locflow: cold extract (templates only, and .pot + 3 .po), warm extract after
  1% of the documents changed, extract after 5% changed (the merge), build
  (HTML + text) of 1, 3 and 10 locales, no-op build, build after one catalog
  changed, check, stats; with each -j in --jobs where the command has -j;
- the floors (bench/floors.py): markdown-it-py + polib doing the least of
  extract's and build's work;
- the peers, where installed: Translate Toolkit (md2po, po2md, pofilter,
  pocount), mdpo, po4a, GNU gettext (msgfmt --check, msgmerge);

and prints median wall seconds, min-max, segments per second and peak RSS,
then the ratios the targets of issue 6 are stated in, each with PASS or
FAIL, and how often locflow's fuzzy matches agree with msgmerge's.

--quick skips the peers and the 10-locale build (the CI smoke test).
Peak RSS is that of the largest single process of the command (its workers
included, from wait4), not the sum over processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PY = sys.executable
LOCFLOW = [PY, "-m", "locflow"]
FLOORS = [PY, str(HERE / "floors.py")]
THREE = corpus.LOCALES[:3]
TEN = corpus.LOCALES[:10]
INCREMENTAL = ("extract.warm1", "extract.merge5", "build.noop", "build.touch")
INCREMENTAL_REPEAT = 3
"""The incremental runs are short and cheap: they are always timed at least this many times."""
QUADRATIC_LIMIT = 200
"""mdpo's CLI into one catalog is quadratic: it runs only up to this many documents."""


# --- measuring ---------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    seconds: float
    rss_kb: int


@dataclass(slots=True)
class Row:
    """One line of the table: a task run by one tool, timed `repeat` times."""

    key: str
    """Stable name used for ratios, e.g. ``extract.cold3``."""
    task: str
    tool: str
    jobs: int | None
    units: int
    """Segments processed (segments x locales where a command works per locale)."""
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    locflow: bool = False

    @property
    def median(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples and not self.error else None

    @property
    def rss_mb(self) -> float | None:
        return max(s.rss_kb for s in self.samples) / 1024 if self.samples and not self.error else None


class CommandFailed(Exception):
    pass


def measure(argv: Sequence[str] | str, cwd: Path, ok: Sequence[int] = (0,)) -> Sample:
    """Run one command (a shell script if `argv` is a string); return its wall time and peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, shell=isinstance(argv, str))
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            raise CommandFailed(f"exit {code}: {lines[-1] if lines else ''}"[:300])
    return Sample(seconds, usage.ru_maxrss)


def run(argv: Sequence[str], cwd: Path | None = None) -> None:
    """Run an untimed preparation step; fail loudly."""
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode:
        raise SystemExit(f"preparation failed: {' '.join(map(str, argv))}\n{proc.stderr[-2000:]}")


def fresh(src: Path | None, dst: Path) -> Path:
    """Make `dst` a copy of `src` (or an empty folder), without the findings of an earlier `check`."""
    if dst.exists():
        shutil.rmtree(dst)
    if src is None:
        dst.mkdir(parents=True)
    else:
        shutil.copytree(src, dst, symlinks=True)
    return cold_check(dst)


def cold_check(root: Path) -> Path:
    """Forget what the last `check` found in `root` (the check row measures a check from scratch)."""
    (root / ".locflow" / "cache" / "check.json").unlink(missing_ok=True)
    return root


def has_jobs(command: str) -> bool:
    """Return whether `locflow COMMAND` takes -j."""
    out = subprocess.run([*LOCFLOW, command, "--help"], capture_output=True, text=True).stdout
    return "--jobs" in out


def tool(name: str) -> bool:
    return shutil.which(name) is not None


def module(name: str) -> bool:
    return subprocess.run([PY, "-c", f"import {name}"], capture_output=True).returncode == 0


# --- the benchmark of one corpus size -------------------------------------------


class Bench:
    def __init__(self, docs: int, seed: int, repeat: int, jobs: list[int], quick: bool, work: Path, only: list[str]) -> None:
        self.docs, self.seed, self.repeat, self.jobs, self.quick, self.work, self.only = docs, seed, repeat, jobs, quick, work, only
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.agreement: tuple[int, int] | None = None

    # -- helpers

    def wanted(self, key: str) -> bool:
        return not self.only or any(part in key for part in self.only)

    def wanted_group(self, prefix: str) -> bool:
        """Whether any measurement of a group (``peer``, ``floor``) is wanted."""
        return not self.only or any(part in prefix or part.startswith(prefix) for part in self.only)

    def time(
        self, key: str, task: str, tool: str, jobs: int | None, units: int,
        setup: Callable[[], tuple[Sequence[str] | str, Path]], ok: Sequence[int] = (0,), repeat: int | None = None,
        locflow: bool = False,
    ) -> Row:
        row = Row(key, task, tool, jobs, units, locflow=locflow)
        self.rows.append(row)
        if not self.wanted(key):
            row.error = "skipped (--only)"
            return row
        for _ in range(repeat or (max(self.repeat, INCREMENTAL_REPEAT) if key.startswith(INCREMENTAL) else self.repeat)):
            argv, cwd = setup()
            try:
                row.samples.append(measure(argv, cwd, ok))
            except CommandFailed as err:
                row.error = f"failed ({err})"
                break
        status = f"{row.median:.2f} s" if row.median is not None else row.error
        print(f"  [{self.docs}] {task} / {tool}{'' if jobs is None else f' -j {jobs}'}: {status}", file=sys.stderr, flush=True)
        return row

    def locflow(self, key: str, task: str, command: list[str], units: int, setup: Callable[[], Path], ok: Sequence[int] = (0,)) -> None:
        for jobs in self.jobs if has_jobs(command[0]) else [None]:
            argv = [*LOCFLOW, *command] + ([] if jobs is None else ["-j", str(jobs)])
            self.time(f"{key}.j{jobs or 1}", task, "locflow", jobs, units, lambda argv=argv: (argv, setup()), ok, locflow=True)

    # -- preparation

    def prepare(self) -> None:
        w = self.work
        start = time.perf_counter()
        self.base = w / "base"
        self.names = corpus.generate(self.base, self.docs, self.seed, THREE)
        from locflow import segment

        self.doc_segments = {}
        for name in self.names:
            text = (self.base / "source" / f"{name}.md").read_text(encoding="utf-8")
            self.doc_segments[name] = len({s.text for s in segment.segment(text, name).segments})
        self.segments = sum(self.doc_segments.values())
        # Edited copies: 1% for the warm extract, 5% for the merge.
        if self.wanted("extract.warm1"):
            self.edit1 = fresh(self.base, w / "edit1")
            corpus.edit_documents(self.edit1, 0.01, self.seed, "warm")
        if self.wanted("extract.merge5") or (self.wanted("peer.merge") and not self.quick):
            self.edit5 = fresh(self.base, w / "edit5")
            self.edited5 = corpus.edit_documents(self.edit5, 0.05, self.seed, "merge")
            # The 5% project after locflow's merge: its new .pot files feed msgmerge.
            self.merged5 = fresh(self.edit5, w / "merged5")
            run([*LOCFLOW, "-C", str(self.merged5), "extract", "-j", "2"])
        if self.wanted("build.noop") or self.wanted("build.touch"):
            # A built project, for the no-op build and the build after one catalog changed.
            self.built = fresh(self.base, w / "built")
            run([*LOCFLOW, "-C", str(self.built), "build", "-j", "2"])
        if not self.quick and self.wanted("build.ten"):
            self.ten = fresh(self.base, w / "ten")
            corpus.write_config(self.ten, TEN)
            run([*LOCFLOW, "-C", str(self.ten), "extract", "-j", "2"])
            corpus.fill_catalogs(self.ten, TEN[3:], 0.95)
            run([*LOCFLOW, "-C", str(self.ten), "extract", "-j", "2"])
        print(f"  [{self.docs}] corpus ready: {self.segments} segments, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

    def memory_edit(self) -> Path:
        """A copy of the project as its last extract left it (caches and the memory's store warm), then 5% of the pages edited.

        Unlike ``extract.merge5`` (a copy: every file looks new to the caches, the store is rebuilt), this is a
        translator's day: the memory is looked up for the new texts only.
        """
        run_dir = fresh(self.base, self.work / "run")
        shutil.rmtree(run_dir / ".locflow", ignore_errors=True)
        run([*LOCFLOW, "-C", str(run_dir), "extract", "-j", "2"])
        corpus.edit_documents(run_dir, 0.05, self.seed, "merge")
        time.sleep(0.05)  # the caches distrust files changed in the clock tick of their record
        return run_dir

    def source_only(self, locales: list[str]) -> Path:
        run_dir = fresh(None, self.work / "run")
        shutil.copytree(self.base / "source", run_dir / "source")
        corpus.write_config(run_dir, locales)
        return run_dir

    # -- locflow

    def bench_locflow(self) -> None:
        S = self.segments
        w = self.work
        self.locflow("extract.cold0", "cold extract, templates only", ["extract"], S, lambda: self.source_only([]))
        self.locflow("extract.cold3", "cold extract, .pot + 3 .po", ["extract"], S, lambda: self.source_only(THREE))
        self.locflow("extract.warm1", "warm extract, 1% of docs edited", ["extract"], S, lambda: fresh(self.edit1, w / "run"))
        self.locflow("extract.merge5", "merge: extract, 5% of docs edited", ["extract"], S, lambda: fresh(self.edit5, w / "run"))
        if not self.quick or self.only:  # each run first extracts a fresh copy: not in --quick unless asked for
            self.locflow("extract.memory", "extract, 5% of docs edited, caches and memory warm", ["extract"], S, self.memory_edit)
        self.locflow("build.one", "build HTML+text, en + 1 locale", ["build", "--locale", "es"], S * 2, lambda: fresh(self.base, w / "run"))
        self.locflow("build.three", "build HTML+text, en + 3 locales", ["build"], S * 4, lambda: fresh(self.base, w / "run"))
        if not self.quick:
            if hasattr(self, "ten"):
                self.locflow("build.ten", "build HTML+text, en + 10 locales", ["build"], S * 11, lambda: fresh(self.ten, w / "run"))
        self.locflow("build.noop", "no-op build, en + 3 locales", ["build"], S * 4, lambda: self.built)
        revision = iter(range(1_000_000))

        def touch_catalog() -> Path:
            path = self.built / "locales" / "es" / "LC_MESSAGES" / f"{self.names[0]}.po"
            text = path.read_text(encoding="utf-8")
            text = re.sub(r'^msgstr "(?=[^"\n])', f'msgstr "r{next(revision)} ', text, count=1, flags=re.M)
            path.write_text(text, encoding="utf-8")
            return self.built

        self.locflow("build.touch", "build after one catalog changed", ["build"], S * 4, touch_catalog)
        self.locflow("check", "check, 3 locales", ["check"], S * 3, lambda: cold_check(self.base), ok=(0, 1))
        self.locflow("stats", "stats, 3 locales", ["stats"], S * 3, lambda: self.base)
        self.locflow("review.one", "review site (check + pages), 1 locale", ["review", "--locale", "es"], S,
                     lambda: fresh(self.base, w / "run"), ok=(0,))

    # -- floors

    def bench_floors(self) -> None:
        S = self.segments
        out = self.work / "out"
        self.time("floor.extract0", "cold extract, templates only", "floor: markdown-it-py + polib", 1, S,
                  lambda: ([*FLOORS, "extract-floor", str(self.base), str(fresh(None, out))], self.work))
        self.time("floor.extract3", "cold extract, .pot + 3 .po", "floor: markdown-it-py + polib", 1, S,
                  lambda: ([*FLOORS, "extract-floor", str(self.base), str(fresh(None, out)), *THREE], self.work))
        self.time("floor.build1", "build HTML+text, en + 1 locale", "floor: polib + markdown-it-py (HTML only)", 1, S * 2,
                  lambda: ([*FLOORS, "build-floor", str(self.base), str(fresh(None, out)), "en", "es"], self.work))
        self.time("floor.build3", "build HTML+text, en + 3 locales", "floor: polib + markdown-it-py (HTML only)", 1, S * 4,
                  lambda: ([*FLOORS, "build-floor", str(self.base), str(fresh(None, out)), "en", *THREE], self.work))

    # -- peers

    def bench_peers(self) -> None:
        S = self.segments
        w = self.work
        out = w / "out"
        src = self.base / "source"
        paths = sorted(str(p) for p in src.rglob("*.md"))

        def render_all(translated: Path) -> str:
            # en is rendered from the source, as every build here writes the source locale too.
            steps = [f"{q(*FLOORS)} render {q(src)} {q(out / 'html' / 'en')}"]
            steps += [f"{q(*FLOORS)} render {q(translated / l)} {q(out / 'html' / l)}" for l in THREE]
            return " && ".join(steps)

        # Translate Toolkit
        if module("translate.convert.md2po") and module("mistletoe"):
            tt = w / "tt"
            row = self.time("peer.extract0.tt", "cold extract, templates only", "Translate Toolkit md2po", None, S,
                            lambda: ([PY, "-m", "translate.convert.md2po", "--progress=none", "-P", "-i", str(src), "-o", str(fresh(None, out) / "pot")], w))
            fresh(None, tt / "po")
            if row.samples and not row.error:
                shutil.copytree(out / "pot", tt / "pot")
            else:
                run([PY, "-m", "translate.convert.md2po", "--progress=none", "-P", "-i", str(src), "-o", str(tt / "pot")])
            for locale in THREE:
                shutil.copytree(tt / "pot", tt / "po" / locale)
                for pot in (tt / "po" / locale).rglob("*.pot"):
                    pot.rename(pot.with_suffix(".po"))
                corpus.fill_folder(tt / "po" / locale, locale, 0.95)

            def tt_build() -> tuple[str, Path]:
                fresh(None, out / "md")
                steps = [f"{q(PY)} -m translate.convert.po2md --progress=none -t {q(src)} -i {q(tt / 'po' / l)} -o {q(out / 'md' / l)}" for l in THREE]
                return " && ".join(steps) + " && " + render_all(out / "md"), w

            self.time("peer.build3.tt", "build HTML+text, en + 3 locales", "Translate Toolkit po2md + markdown-it-py", None, S * 4, tt_build)
            self.time("peer.check.pofilter", "check, 3 locales", "Translate Toolkit pofilter", None, S * 3, lambda: (
                f"mkdir -p {q(fresh(None, out))} && " + " && ".join(
                    f"{q(PY)} -m translate.filters.pofilter --progress=none -i {q(self.base / 'locales' / l / 'LC_MESSAGES')} -o {q(out / l)}" for l in THREE
                ), w), ok=(0, 1))
            self.time("peer.stats.pocount", "stats, 3 locales", "Translate Toolkit pocount", None, S * 3, lambda: (
                [PY, "-m", "translate.tools.pocount", "--no-color", *[str(self.base / "locales" / l / "LC_MESSAGES") for l in THREE]], w))
        else:
            self.notes.append("Translate Toolkit with its Markdown support is not installed: `pip install 'translate-toolkit[markdown]'`.")

        # mdpo
        if module("mdpo"):
            md = w / "mdpo"
            fresh(None, md)
            run([*FLOORS, "mdpo-extract", str(src), str(md), *THREE])
            for locale in THREE:
                corpus.fill_folder(md / locale, locale, 0.95)
            self.time("peer.extract0.mdpo", "cold extract, templates only", "mdpo md2po API, one process", None, S,
                      lambda: ([*FLOORS, "mdpo-extract", str(src), str(fresh(None, out))], w))
            self.time("peer.extract3.mdpo", "cold extract, .pot + 3 .po", "mdpo md2po API, one process", None, S,
                      lambda: ([*FLOORS, "mdpo-extract", str(src), str(fresh(None, out)), *THREE], w))
            if self.docs <= QUADRATIC_LIMIT:
                self.time("peer.extract0.mdpocli", "cold extract, templates only", "mdpo md2po CLI, one catalog", None, S,
                          lambda: ([PY, "-m", "mdpo.md2po", *paths, "-p", str(fresh(None, out) / "all.po"), "-s", "-q", "-w", "0"], w), repeat=1)
            else:
                self.notes.append(f"mdpo's CLI into one catalog is quadratic; not run above {QUADRATIC_LIMIT} documents.")
            self.time("peer.build3.mdpo", "build HTML+text, en + 3 locales", "mdpo po2md API + markdown-it-py", None, S * 4,
                      lambda: (f"{q(*FLOORS)} mdpo-build {q(src)} {q(md)} {q(fresh(None, out) / 'html')} {' '.join(THREE)} && "
                               f"{q(*FLOORS)} render {q(src)} {q(out / 'html' / 'en')}", w))
        else:
            self.notes.append("mdpo is not installed: `pip install mdpo`.")

        # po4a
        if tool("po4a") and tool("po4a-updatepo"):
            p4 = w / "po4a"
            masters = {name: name.replace("/", "__") for name in self.names}
            listing = w / "po4a-extract.txt"
            listing.write_text("".join(f"{src}/{name}.md {out}/pot/{m}.pot\n" for name, m in masters.items()), encoding="utf-8")
            options = "-f text -o markdown -o yfm_keys=title,description -M UTF-8"

            def po4a_extract() -> tuple[str, Path]:
                (fresh(None, out) / "pot").mkdir()
                return f'while read md pot; do po4a-updatepo {options} -m "$md" -p "$pot" 2>/dev/null || exit 1; done < {q(listing)}', w

            row = self.time("peer.extract0.po4a", "cold extract, templates only", "po4a-updatepo, one per doc", None, S, po4a_extract)
            if row.samples and not row.error:
                fresh(out / "pot", p4 / "pot")
                for locale in THREE:
                    shutil.copytree(p4 / "pot", p4 / "po" / locale)
                    for pot in (p4 / "po" / locale).glob("*.pot"):
                        pot.rename(pot.with_suffix(".po"))
                    corpus.fill_folder(p4 / "po" / locale, locale, 0.95)
                config = p4 / "po4a.cfg"
                lines = [
                    f"[po4a_langs] {' '.join(THREE)}",
                    f"[po4a_paths] {p4}/pot/$master.pot $lang:{p4}/po/$lang/$master.po",
                    '[options] opt:"-o markdown -o yfm_keys=title,description -k 0" --master-charset UTF-8 --localized-charset UTF-8',
                ]
                lines += [f"[type: text] {src}/{name}.md $lang:{out}/md/$lang/{name}.md pot={m}" for name, m in masters.items()]
                config.write_text("\n".join(lines) + "\n", encoding="utf-8")

                def po4a_build() -> tuple[str, Path]:
                    fresh(None, out)
                    return f"po4a --no-update {q(config)} && " + render_all(out / "md"), w

                self.time("peer.build3.po4a", "build HTML+text, en + 3 locales", "po4a (one config) + markdown-it-py", None, S * 4, po4a_build)
        else:
            self.notes.append("po4a is not installed (Debian: `apt-get install po4a`).")

        # GNU gettext
        if tool("msgfmt") and tool("msgmerge"):
            catalogs = sorted(str(p) for l in THREE for p in (self.base / "locales" / l / "LC_MESSAGES").rglob("*.po"))
            listing = w / "catalogs.txt"
            listing.write_text("\0".join(catalogs), encoding="utf-8")
            self.time("peer.check.msgfmt", "check, 3 locales", "msgfmt --check --statistics, one per catalog", None, S * 3,
                      lambda: (f"xargs -0 -n 1 msgfmt --check --statistics -o /dev/null < {q(listing)}", w))
            if hasattr(self, "merged5"):
                self.bench_msgmerge()
        else:
            self.notes.append("GNU gettext (msgfmt, msgmerge) is not installed.")

    def bench_msgmerge(self) -> None:
        w = self.work
        mm = w / "msgmerge"
        edited = set(self.edited5)
        edited_segments = sum(self.doc_segments[n] for n in edited)
        for scope, names, units in (("edited", sorted(edited), edited_segments * 3), ("all", self.names, self.segments * 3)):
            script = w / f"msgmerge-{scope}.txt"
            script.write_text("".join(
                f"{self.base}/locales/{l}/LC_MESSAGES/{n}.po {self.merged5}/locales/{n}.pot {mm}/{l}/{n}.po\n"
                for l in THREE for n in names
            ), encoding="utf-8")
            for fuzzy, flag in ((True, ""), (False, " -N")):
                def setup(script=script, flag=flag, names=names):
                    fresh(None, mm)
                    for l in THREE:
                        for n in {str(Path(n).parent) for n in names}:
                            (mm / l / n).mkdir(parents=True, exist_ok=True)
                    return (f'while read old pot new; do msgmerge --quiet --previous --no-wrap{flag} -o "$new" "$old" "$pot" || exit 1; done < {q(script)}', w)

                label = "msgmerge" + ("" if fuzzy else " -N") + (", Makefile: edited docs' catalogs" if scope == "edited" else ", every catalog")
                self.time(f"peer.merge.{'fuzzy' if fuzzy else 'nofuzzy'}.{scope}", "merge: extract, 5% of docs edited", label, None, units, setup)
        # Agreement: msgmerge with fuzzy matching over the edited documents' catalogs, against locflow's merge.
        setup = [r for r in self.rows if r.key == "peer.merge.fuzzy.edited"]
        if setup and setup[0].samples:
            fresh(None, mm)
            for l in THREE:
                for n in sorted(edited):
                    (mm / l / n).parent.mkdir(parents=True, exist_ok=True)
                    run(["msgmerge", "--quiet", "--previous", "--no-wrap", "-o", str(mm / l / f"{n}.po"),
                         str(self.base / "locales" / l / "LC_MESSAGES" / f"{n}.po"), str(self.merged5 / "locales" / f"{n}.pot")])
            self.agreement, self.disagreements = merge_agreement(self.base, self.merged5, mm, sorted(edited), THREE)

    def run(self) -> None:
        self.prepare()
        self.bench_locflow()
        if self.wanted_group("floor"):
            self.bench_floors()
        if not self.quick and self.wanted_group("peer"):
            self.bench_peers()
        if self.quick:
            self.notes.append("--quick: peers and the 10-locale build skipped.")


def q(*parts: object) -> str:
    """Quote for sh."""
    import shlex

    return " ".join(shlex.quote(str(p)) for p in parts)


def merge_agreement(base: Path, merged: Path, mm: Path, names: list[str], locales: list[str]) -> tuple[tuple[int, int], list[str]]:
    """Compare, entry by entry, which old msgid locflow and msgmerge chose for each new text."""
    import polib

    total = agree = 0
    examples = []
    for locale in locales:
        for name in names:
            old = polib.pofile(str(base / "locales" / locale / "LC_MESSAGES" / f"{name}.po"))
            known = {e.msgid for e in old}
            ours = polib.pofile(str(merged / "locales" / locale / "LC_MESSAGES" / f"{name}.po"))
            theirs = {e.msgid: (e.previous_msgid if e.fuzzy else None) for e in polib.pofile(str(mm / locale / f"{name}.po")) if not e.obsolete}
            for entry in ours:
                if entry.obsolete or entry.msgid in known:
                    continue
                total += 1
                mine = entry.previous_msgid if entry.fuzzy else None
                other = theirs.get(entry.msgid, "(missing)")
                if mine == other:
                    agree += 1
                elif len(examples) < 5:
                    examples.append(f"{locale}/{name}: {entry.msgid[:60]!r}: locflow {str(mine)[:50]!r}, msgmerge {str(other)[:50]!r}")
    return (agree, total), examples


# --- reporting -------------------------------------------------------------------


def fmt_seconds(value: float) -> str:
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def table(bench: Bench) -> str:
    lines = [
        f"### {bench.docs} documents, {bench.segments:,} segments, repeat {bench.repeat}",
        "",
        "| task | tool | -j | median s | min–max s | segments/s | peak RSS MB |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    order = {}
    for row in bench.rows:
        order.setdefault(row.task, len(order))
    for row in sorted(bench.rows, key=lambda r: (order[r.task], not r.locflow, r.tool.startswith("floor"), r.key)):
        if row.error == "skipped (--only)":
            continue
        jobs = "" if row.jobs is None else str(row.jobs)
        if row.median is None:
            lines.append(f"| {row.task} | {row.tool} | {jobs} | {row.error} | | | |")
            continue
        times = [s.seconds for s in row.samples]
        spread = f"{fmt_seconds(min(times))}–{fmt_seconds(max(times))}" if len(times) > 1 else "—"
        tool = f"**{row.tool}**" if row.locflow else row.tool
        lines.append(
            f"| {row.task} | {tool} | {jobs} | {fmt_seconds(row.median)} | {spread} | {row.units / row.median:,.0f} | {row.rss_mb:.0f} |"
        )
    return "\n".join(lines)


def verdicts(bench: Bench) -> str:
    rows = {r.key: r for r in bench.rows}

    def t(key: str) -> float | None:
        row = rows.get(key)
        return row.median if row else None

    ratios: list[str] = []
    targets: list[tuple[str, str, str]] = []

    def ratio(a: str, b: str) -> float | None:
        x, y = t(a), t(b)
        return x / y if x and y else None

    def target(name: str, value: float | None, goal: str, ok: Callable[[float], bool], shown: Callable[[float], str]) -> None:
        if value is None:
            targets.append((name, "not measured", "—"))
        else:
            targets.append((name, f"{shown(value)} (goal {goal})", "PASS" if ok(value) else "FAIL"))

    x = lambda v: f"{v:.2f}×"  # noqa: E731
    pct = lambda v: f"{100 * v:.1f}%"  # noqa: E731

    for suffix, label in (("0", "templates only"), ("3", ".pot + 3 .po")):
        for j in bench.jobs:
            if (r := ratio(f"extract.cold{suffix}.j{j}", f"floor.extract{suffix}")) is not None:
                ratios.append(f"cold extract ({label}) -j {j} / floor = {r:.2f}×")
    for peer, key, ours in (
        ("Translate Toolkit md2po", "peer.extract0.tt", "extract.cold0.j1"),
        ("mdpo API", "peer.extract0.mdpo", "extract.cold0.j1"),
        ("mdpo CLI, one catalog", "peer.extract0.mdpocli", "extract.cold0.j1"),
        ("mdpo API (.pot + 3 .po)", "peer.extract3.mdpo", "extract.cold3.j1"),
        ("po4a-updatepo", "peer.extract0.po4a", "extract.cold0.j1"),
        ("floor: markdown-it-py + polib", "floor.build3", "build.three.j1"),
        ("mdpo po2md + render", "peer.build3.mdpo", "build.three.j1"),
        ("Translate Toolkit po2md + render", "peer.build3.tt", "build.three.j1"),
        ("po4a + render", "peer.build3.po4a", "build.three.j1"),
        ("pofilter", "peer.check.pofilter", "check.j1"),
        ("pofilter (locflow -j 2)", "peer.check.pofilter", "check.j2"),
        ("msgfmt --check", "peer.check.msgfmt", "check.j1"),
        ("pocount", "peer.stats.pocount", "stats.j1"),
        ("msgmerge, every catalog", "peer.merge.fuzzy.all", "extract.merge5.j1"),
        ("msgmerge, edited docs' catalogs", "peer.merge.fuzzy.edited", "extract.merge5.j1"),
        ("msgmerge -N, every catalog", "peer.merge.nofuzzy.all", "extract.merge5.j1"),
        ("msgmerge -N, edited docs' catalogs", "peer.merge.nofuzzy.edited", "extract.merge5.j1"),
    ):
        if (r := ratio(key, ours)) is not None:
            what, j = rows[ours].task, ours.rsplit(".j", 1)[1]
            peer = peer.replace(" (locflow -j 2)", "")
            if r >= 1:
                ratios.append(f"{what}: locflow -j {j} is {r:.2f}× faster than {peer}")
            else:
                ratios.append(f"{what}: locflow -j {j} is {1 / r:.2f}× slower than {peer}")

    target("cold extract -j 1 within 1.2× of the floor (.pot + 3 .po)", ratio("extract.cold3.j1", "floor.extract3"), "≤ 1.2×", lambda v: v <= 1.2, x)
    target("cold extract -j 1 within 1.2× of the floor (templates only)", ratio("extract.cold0.j1", "floor.extract0"), "≤ 1.2×", lambda v: v <= 1.2, x)
    target("cold extract -j 2 at least 1.7× faster than -j 1 (.pot + 3 .po)", ratio("extract.cold3.j1", "extract.cold3.j2"), "≥ 1.7×", lambda v: v >= 1.7, x)
    target("cold extract at least 4× faster than Translate Toolkit md2po (templates)", ratio("peer.extract0.tt", "extract.cold0.j1"), "≥ 4×", lambda v: v >= 4, x)
    target("cold extract at least 4× faster than po4a-updatepo (templates)", ratio("peer.extract0.po4a", "extract.cold0.j1"), "≥ 4×", lambda v: v >= 4, x)
    target("warm extract (1% edited) under 5% of cold, -j 1", ratio("extract.warm1.j1", "extract.cold3.j1"), "< 5%", lambda v: v < 0.05, pct)
    target("build of 3 locales -j 1 within 1.2× of the build floor", ratio("build.three.j1", "floor.build3"), "≤ 1.2×", lambda v: v <= 1.2, x)
    target("build of 3 locales -j 1 at least 1.5× faster than mdpo po2md + render", ratio("peer.build3.mdpo", "build.three.j1"), "≥ 1.5×", lambda v: v >= 1.5, x)
    target("build -j 2 at least 1.7× faster than -j 1 (3 locales)", ratio("build.three.j1", "build.three.j2"), "≥ 1.7×", lambda v: v >= 1.7, x)
    target("no-op build under 3% of a full build (3 locales, -j 1)", ratio("build.noop.j1", "build.three.j1"), "< 3%", lambda v: v < 0.03, pct)
    target("check -j 1 at least 5× faster than pofilter", ratio("peer.check.pofilter", "check.j1"), "≥ 5×", lambda v: v >= 5, x)
    if t("check.j2") is not None:
        target("check -j 2 at least 5× faster than pofilter", ratio("peer.check.pofilter", "check.j2"), "≥ 5×", lambda v: v >= 5, x)
    target("review of 1 locale -j 1 under 1.5× a build of 1 locale (issue 15)", ratio("review.one.j1", "build.one.j1"), "< 1.5×", lambda v: v < 1.5, x)
    target("check -j 1 within 3× of msgfmt --check", ratio("check.j1", "peer.check.msgfmt"), "≤ 3×", lambda v: v <= 3, x)
    target("merge (5% edited) at least 10× faster than msgmerge, every catalog", ratio("peer.merge.fuzzy.all", "extract.merge5.j1"), "≥ 10×", lambda v: v >= 10, x)
    target("merge (5% edited) at least 10× faster than msgmerge, edited docs' catalogs", ratio("peer.merge.fuzzy.edited", "extract.merge5.j1"), "≥ 10×", lambda v: v >= 10, x)
    if bench.agreement:
        agree, total = bench.agreement
        target(f"fuzzy matches agree with msgmerge's ({agree}/{total} new entries)", agree / total if total else None, "≥ 95%", lambda v: v >= 0.95, pct)
    peak = max((r.rss_mb for r in bench.rows if r.locflow and r.rss_mb), default=None)
    if bench.docs >= 5000:
        target(f"peak RSS at {bench.docs} documents", peak, "< 300 MB", lambda v: v < 300, lambda v: f"{v:.0f} MB")
    else:
        targets.append((f"peak RSS under 300 MB at 5000 documents (here {bench.docs})", f"{peak:.0f} MB at {bench.docs} documents" if peak else "—", "n/a: run --docs 5000"))

    out = ["", "Ratios (each from this run):", ""]
    out += [f"- {r}" for r in ratios]
    out += ["", f"Targets of issue 6 ({bench.docs} documents; the issue states them at 1000):", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in targets]
    if getattr(bench, "disagreements", None):
        out += ["", "Some fuzzy matches that differ from msgmerge's:", ""] + [f"- {d}" for d in bench.disagreements]
    if bench.notes:
        out += [""] + [f"Note: {n}" for n in bench.notes]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="corpus size (repeatable; default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown (default 3)")
    parser.add_argument("--jobs", default="1,2", help="-j values for commands that have -j (default 1,2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="skip the peers and the 10-locale build")
    parser.add_argument("--only", action="append", default=[], metavar="KEY", help="only measurements whose key contains KEY (repeatable), e.g. extract.cold, build.three")
    parser.add_argument("--workdir", type=Path, help="where corpora go (default: a temporary folder, removed after)")
    args = parser.parse_args(argv)
    jobs = [int(j) for j in args.jobs.split(",") if j]
    sizes = args.docs or [100]
    root = args.workdir or Path(tempfile.mkdtemp(prefix="locflow-bench-"))
    failed = False
    try:
        print(f"locflow benchmark: Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.platform()}")
        for docs in sizes:
            started = time.perf_counter()
            bench = Bench(docs, args.seed, args.repeat, jobs, args.quick, fresh(None, root / str(docs)), args.only)
            bench.run()
            print()
            print(table(bench))
            print(verdicts(bench))
            print(f"\n({docs} documents: the whole run took {time.perf_counter() - started:.0f} s)")
            failed |= any(r.locflow and r.error and r.error != "skipped (--only)" for r in bench.rows)
    finally:
        if args.workdir is None:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
