"""The command line: parse options, call the command's module, present the result.

The only module that uses click, prints, or exits. Each command imports its
module (`locflow.commands.<name>`) when it runs, as click's lazy groups do:
`locflow extract` with nothing to do never loads what `build` or `check`
need (HTML rendering, the checks), and `--help` loads nothing but click.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import click

from locflow import __version__
from locflow.config import Config, load_config, locate
from locflow.errors import LocflowError
from locflow.model import Outcome
from locflow.tables import format_stats
from locflow.config import PSEUDO_DIR, REVIEW_DIR
from locflow.where import Where

if TYPE_CHECKING:
    from locflow.commands.extract import ExtractResult
    from locflow.commands.review import ReviewResult
    from locflow.commands.serve import Change
    from locflow.workspace import Progress

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class ExitCode(IntEnum):
    OK = 0
    ISSUES = 1
    """`check` found errors, or `build --strict` found fallbacks or errors."""
    FAILURE = 2
    """Bad configuration, unreadable or malformed input, or a usage error."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


class Failure(click.ClickException):
    exit_code = ExitCode.FAILURE


class Group(click.Group):
    """Shows locflow errors as ``Error: <message>`` on stderr with exit code 2; Ctrl-C exits 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LocflowError as err:
            where = ctx.meta.get("where")
            raise Failure(where.message(str(err)) if where else str(err)) from err
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)


def jobs_option(function: Callable) -> Callable:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Documents processed in parallel."
    )(function)


def locale_option(function: Callable) -> Callable:
    return click.option(
        "--locale", "locales", multiple=True, metavar="LOCALE", help="Only this locale, e.g. es or pt-BR (repeatable)."
    )(function)


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not is_terminal(sys.stderr):
        yield None
        return
    with contextlib.ExitStack() as stack:
        bars: list = []

        def update(done: int, total: int) -> None:
            if not bars and total > 1:
                bars.append(stack.enter_context(click.progressbar(length=total, label=label, file=sys.stderr)))
            if bars:
                bars[0].update(done)

        yield update


def command_module(name: str) -> ModuleType:
    """Return `locflow.<name>` (a command's module, or `report`), imported when the command runs."""
    return importlib.import_module(f"locflow.{name}")


def _waiting(command: str) -> Callable[[], None]:
    """Return what to say when another run holds the project's lock."""
    return lambda: click.echo(f"waiting for another locflow {command} in this project to finish…", err=True)


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.option(
    "-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".", metavar="DIR",
    help="Run as if started in DIR (the project is looked for there and upward).",
)
@click.version_option(__version__, prog_name="locflow")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Localize Markdown content through gettext catalogs.

    English Markdown in source/ becomes one .po catalog per document and
    locale in locales/; translators fill them in; build writes localized
    pages to dist/; check is the release gate.

    \b
    Commands, and who runs them:
      extract  content owners, after editing source/: update the templates
               and every catalog (--locale: only those)
      init     content owners: add a locale (init pt-BR, init fr) and start
               its catalogs
      stats    anyone: segments and words translated, fuzzy and still to do,
               per locale and document; --costs: what to send, in bands
      check    translators and the release gate: QA of the source and every
               catalog; per-locale totals, -v lists every entry
      build    the web team: write the localized HTML and text pages and
               dist/manifest.json
      review   clinicians and reviewers: a static site, English beside each
               translation with its findings, to read and sign off (review/)
      pseudo   the web team: pseudo-locales en_XA (longer) and ar_XB (right
               to left) to test layouts before translations exist (pseudo/)
      serve    translators and the web team: preview dist/ and review/,
               rebuilt and reloaded when a source or catalog is saved
      memory   agencies: memory export LOCALE -o FILE.po (or --format tmx)

    \b
    Locales: es, pt-BR or pt_BR, zh-Hans or zh_Hans (stored as pt_BR).
    A regional locale (es_MX) shows its parent's translation (es) where it
    has none of its own. Run locflow anywhere inside a project: it looks
    for locflow.toml (or [tool.locflow] in pyproject.toml) in the folder
    and upward, and prints paths relative to where you stand.

    \b
    Exit codes:
      0    done
      1    check found errors; build --strict found English fallbacks
           or errors
      2    bad configuration, unreadable or malformed input, usage error
      130  interrupted (Ctrl-C); nothing was written
    """
    ctx.obj = None
    ctx.meta["directory"] = directory


def _config() -> Config:
    """Find the project from where the user stands (or `-C`), upward, and read its configuration."""
    ctx = click.get_current_context()
    here = ctx.meta["directory"]
    root = locate(here)
    ctx.meta["where"] = Where(root, here.resolve(), ("locflow.toml", "pyproject.toml"))  # for errors in the configuration
    config = load_config(root)
    tops = tuple(f"{folder}/" for folder in (config.source_dir, config.locales_dir, config.dist_dir))
    template = (config.template,) if config.template else ()
    ctx.meta["where"] = Where(root, here.resolve(), (*tops, config.file, *template))
    return config


def _where() -> Where:
    return click.get_current_context().meta["where"]


def _warn(warnings: list[str], verbose: bool = False) -> None:
    where = _where()
    for warning in command_module("report").grouped_warnings(warnings, verbose):
        click.echo(f"warning: {where.message(warning)}", err=True)


def use_color(stream: Any) -> bool:
    """Return whether to colour output on `stream`: a terminal, unless ``NO_COLOR`` is set or ``TERM=dumb``."""
    return is_terminal(stream) and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def is_terminal(stream: Any) -> bool:
    return bool(getattr(stream, "isatty", None) and stream.isatty())


@cli.command(short_help="Update the templates and catalogs from source/.")
@locale_option
@jobs_option
@click.option("-v", "--verbose", is_flag=True, help="List every warning (by default many of a kind in a file get a count).")
def extract(locales: tuple[str, ...], jobs: int, verbose: bool) -> None:
    """Update the templates and the catalogs from source/ (every locale, or those of --locale)."""
    config = _config()
    with progress_bar("Extracting") as progress:
        result = command_module("commands.extract").extract(
            config, jobs=jobs, progress=progress, locales=locales, waiting=_waiting("extract"))
    _extracted(result, verbose)


def _extracted(result: ExtractResult, verbose: bool = False) -> None:
    _warn(result.warnings, verbose)
    click.echo("".join(f"{line}\n" for line in result.moved) + (
        f"{result.documents} document(s), {result.segments} segments, {result.words} source words; "
        f"{len(result.written)} file(s) written"))
    for locale, c in result.locales.items():
        click.echo(
            f"  {locale}: {c.new} new ({c.new_words} words), {c.changed} changed ({c.changed_words} words), "
            f"{c.removed} removed ({c.removed_words} words)" + (f", {c.recalled} from memory ({c.recalled_words} words)" if c.recalled else "")
        )


@cli.command(short_help="Add a locale and start its catalogs.")
@click.argument("locale")
def init(locale: str) -> None:
    """Add LOCALE (fr, pt-BR or pt_BR) to the configuration and start its catalogs."""
    result = command_module("commands.extract").init(_config(), locale)
    locale = next(iter(result.locales))  # as stored: pt-BR becomes pt_BR
    click.echo(f"{locale}: {result.segments} segments to translate ({result.words} words); {len(result.written)} file(s) written")


@cli.group(short_help="The project's translation memory: export it for an agency's tool.")
def memory() -> None:
    """The translation memory: every finished translation of the project's catalogs and compendia, per locale."""


@memory.command("export", short_help="Write a locale's translation memory as a .po compendium or TMX.")
@click.argument("locale")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), help="The file to write (default: print it).")
@click.option("--format", "fmt", type=click.Choice(["po", "tmx"]), default="po", show_default=True,
              help="tmx: TMX 1.4b for CAT tools (Trados, memoQ, OmegaT, Phrase); texts translated several ways are left out.")
def memory_export(locale: str, out: Path | None, fmt: str) -> None:
    """Write LOCALE's translation memory as a .po compendium (msgmerge -C, Weblate) or TMX (--format tmx, CAT tools)."""
    result = command_module("commands.memory").export(_config(), locale, out, fmt)
    if out is None:
        click.echo(result.text, nl=False)
    elif fmt == "tmx":
        left = f"; {result.left_out} left out (translated several ways: see --format po)" if result.left_out else ""
        click.echo(f"{result.locale}: {result.entries} texts written to {out}{left}", err=True)
    else:
        click.echo(f"{result.locale}: {result.entries} texts ({result.fuzzy} translated several ways, marked fuzzy) written to {out}", err=True)


@cli.command(short_help="Show how much is translated, per locale and document.")
@locale_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="csv: with --costs only.")
@click.option("--costs", "bands", is_flag=True, help="The work left as a CAT tool's analysis: new, repetitions, memory matches, fuzzy bands, filler.")
def stats(locales: tuple[str, ...], fmt: str, bands: bool) -> None:
    """Show how much is translated, fuzzy and still to do, per locale and document (--costs: what to send, in bands)."""
    if bands:
        rows = command_module("commands.stats").cost_bands(_config(), locales)
        costs = importlib.import_module("locflow.costs")
        click.echo({"text": costs.as_text, "json": costs.as_json, "csv": costs.as_csv}[fmt](rows).rstrip("\n"))
        return
    if fmt == "csv":
        raise click.UsageError("--format csv goes with --costs")
    result = command_module("commands.stats").stats(_config(), locales)
    _warn(result.warnings)
    rows = result.rows
    if fmt == "json":
        data = []
        for r in rows:
            row = {
                "locale": r.locale, "document": r.document, "segments": r.segments,
                "translated": r.translated, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
                "words": r.words, "translated_words": r.translated_words, "fuzzy_words": r.fuzzy_words,
                "untranslated_words": r.untranslated_words, "words_to_translate": r.words_to_translate,
                "percent_complete": r.percent,
            }
            if r.locale in result.regional:
                row |= {"inherited": r.inherited, "inherited_words": r.inherited_words}
            data.append(row)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(format_stats(rows, inherited=bool(result.regional)))


@cli.command()
@locale_option
@click.option("--strict", is_flag=True, help="Exit 1, saying why, if any page has fallbacks or check finds errors.")
@jobs_option
def build(locales: tuple[str, ...], strict: bool, jobs: int) -> None:
    """Write the localized pages (HTML, plain text, Markdown: as `formats` says) and the manifest to dist/."""
    config = _config()
    with progress_bar("Building") as progress:
        result = command_module("commands.build").build(
            config, locales=locales, jobs=jobs, progress=progress, waiting=_waiting("build")
        )
    _warn(result.warnings)
    click.echo(command_module("buildgate").format_build(result, _where().path(result.dist)))
    check = lambda targets: command_module("commands.check").check(config, locales=targets, jobs=jobs)  # noqa: E731
    summary, failures = command_module("buildgate").gate(config, result, check, strict, _where().path)
    click.echo(summary)
    if failures:
        click.echo(failures, nl=False, err=True)
        click.get_current_context().exit(ExitCode.ISSUES)


@cli.command()
@locale_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True)
@click.option(
    "-v", "--verbose", is_flag=True,
    help="List every untranslated and fuzzy entry (by default a locale with many gets a count instead).",
)
@jobs_option
def check(locales: tuple[str, ...], fmt: str, verbose: bool, jobs: int) -> None:
    """Run the QA gate over the source and every catalog. Exits 1 on errors."""
    config = _config()
    with progress_bar("Checking") as progress:
        outcome = command_module("commands.check").check(config, locales=locales, jobs=jobs, progress=progress)
    report = command_module("report")
    color = fmt == "text" and use_color(sys.stdout)
    if fmt == "text":
        out = report.text(outcome, color=color, verbose=verbose, where=_where().path)
    else:
        out = report.render(outcome, fmt)
    click.echo(out, nl=False, color=color)
    if outcome.failed:
        click.get_current_context().exit(ExitCode.ISSUES)


@cli.command()
@click.option("--out", default=PSEUDO_DIR, show_default=True, metavar="DIR",
              help="Folder, inside the project, for the pseudo catalogs (DIR/locales) and pages (DIR/dist).")
@jobs_option
def pseudo(out: str, jobs: int) -> None:
    """Pseudo-translate every document into en_XA (accented, longer) and ar_XB (mirrored, right to left).

    Writes catalogs and pages under pseudo/, never into locales/ or dist/,
    then runs the QA gate on the pseudo catalogs: exits 1 if it finds errors.
    """
    config = _config()
    with progress_bar("Pseudo-translating") as progress:
        result = command_module("commands.pseudo").pseudo_files(config, out, jobs=jobs, progress=progress)
    locales = " and ".join(result.project.locales)
    click.echo(
        f"{result.documents} document(s) in {locales}: {len(result.written)} file(s) written, "
        f"{len(result.removed)} removed; pages in {result.project.dist_dir}/"
    )
    outcome = command_module("commands.check").check(result.project, jobs=jobs)
    # Placeholder text in the source is the source's problem, which `locflow check` reports.
    findings = tuple(f for f in outcome.findings if f.locale is not None)
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        click.echo(command_module("report").render(Outcome(findings, outcome.checked), "text", color=False), nl=False)
        click.get_current_context().exit(ExitCode.ISSUES)
    warnings = len(findings) - errors
    click.echo(f"check: no errors in the pseudo catalogs ({warnings} warning(s))")


@cli.command()
@locale_option
@click.option("--out", default=REVIEW_DIR, show_default=True, metavar="DIR",
              help="Folder, inside the project, for the review site.")
@jobs_option
def review(locales: tuple[str, ...], out: str, jobs: int) -> None:
    """Write a review site: each document block by block, English beside the translation, with findings.

    Open DIR/index.html in a browser (no server needed), or print a
    document's page to sign it off.
    """
    config = _config()
    result = _review(config, locales, out, jobs)
    click.echo(
        f"{result.documents} document(s) in {len(result.locales)} locale(s): {len(result.written)} page(s) written, "
        f"{len(result.removed)} removed; open {result.out}/index.html"
    )


def _review(config: Config, locales: tuple[str, ...], out: str, jobs: int) -> ReviewResult:
    """Run the gate, then write the review site with its findings."""
    with progress_bar("Checking") as progress:
        outcome = command_module("commands.check").check(config, locales=locales, jobs=jobs, progress=progress)
    with progress_bar("Writing the review") as progress:
        return command_module("commands.review").review(config, outcome, locales, out, jobs=jobs, progress=progress)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (this machine only by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port; 0 picks a free one.")
@click.option("--review/--no-review", "with_review", default=True, show_default=True,
              help="Also write the review site and serve it at /review/.")
def serve(host: str, port: int, with_review: bool) -> None:
    """Preview dist/ in a browser; rebuild and reload the page when a source or catalog is saved.

    Serves dist/ at /, review/ at /review/ and pseudo/dist/ (if `locflow
    pseudo` made it) at /pseudo/. Ctrl-C stops the server.
    """
    config = _config()

    serve_command = command_module("commands.serve")

    def rebuild(change: Change) -> None:
        current = load_config(config.root)  # locflow.toml may be what was saved
        result = command_module("commands.build").build(current)
        written = sum(page.written for page in result.pages)
        reviewed = _review(current, (), REVIEW_DIR, 1) if with_review else None
        what = f"{', '.join(change.paths)} saved: " if change.paths else ""
        pages = f"; {len(reviewed.written)} review page(s)" if reviewed else ""
        click.echo(f"{what}{written} page file(s) rebuilt{pages}")

    rebuild(serve_command.Change(()))
    mounts = {"/": config.root / config.dist_dir}
    if with_review:
        mounts["/review/"] = config.root / REVIEW_DIR
    if (config.root / PSEUDO_DIR / "dist").is_dir():
        mounts["/pseudo/"] = config.root / PSEUDO_DIR / "dist"
    server = serve_command.preview(config, mounts, host, port, rebuild, lambda message: click.echo(message, err=True))
    served = ", ".join(f"{server.url}{prefix[1:]}" for prefix in sorted(mounts))
    click.echo(f"Serving {served} ; press Ctrl-C to stop")
    if "html" not in config.formats:
        click.echo('note: formats has no "html": / lists the files of dist/ (the review site shows the pages)')
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")


def main() -> None:
    cli(prog_name="locflow")
