"""The command line: parse options, call the command's module, present the result.

The only module that uses click, prints, or exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from enum import IntEnum
from pathlib import Path
from typing import Any

import click

from locflow import __version__, report
from locflow.commands import build as build_command
from locflow.commands import check as check_command
from locflow.commands import extract as extract_command
from locflow.commands import pseudo as pseudo_command
from locflow.commands import review as review_command
from locflow.commands import serve as serve_command
from locflow.commands import stats as stats_command
from locflow.config import Config, load_config
from locflow.errors import LocflowError
from locflow.model import Counts, Outcome
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
            raise Failure(str(err)) from err
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing was written.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)


def jobs_option(function: Callable) -> Callable:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Documents processed in parallel."
    )(function)


def locale_option(function: Callable) -> Callable:
    return click.option(
        "--locale", "locales", multiple=True, metavar="LOCALE", help="Only this locale (repeatable)."
    )(function)


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Progress | None]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
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


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.option(
    "-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
    help="Run in this project directory instead of the current one.",
)
@click.version_option(__version__, prog_name="locflow")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Localize Markdown content through gettext catalogs.

    Content owners run `extract`, translators edit the .po files in locales/,
    the web team runs `build` and gates releases on `check`.
    """
    ctx.obj = None
    ctx.meta["directory"] = directory


def _config() -> Config:
    ctx = click.get_current_context()
    return load_config(ctx.meta["directory"])


@cli.command()
@jobs_option
def extract(jobs: int) -> None:
    """Segment the sources, write templates, update every locale's catalogs."""
    config = _config()
    with progress_bar("Extracting") as progress:
        result = extract_command.extract(config, jobs=jobs, progress=progress)
    _extracted(result)


def _extracted(result: extract_command.ExtractResult) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"{result.documents} document(s), {result.segments} segments, {result.words} source words; "
        f"{len(result.written)} file(s) written"
    )
    for locale, c in result.locales.items():
        click.echo(
            f"  {locale}: {c.new} new ({c.new_words} words), {c.changed} changed ({c.changed_words} words), "
            f"{c.removed} removed ({c.removed_words} words)"
        )


@cli.command()
@click.argument("locale")
def init(locale: str) -> None:
    """Start catalogs for a new LOCALE and add it to the configuration."""
    result = extract_command.init(_config(), locale)
    click.echo(f"{locale}: {result.segments} segments to translate ({result.words} words); {len(result.written)} file(s) written")


@cli.command()
@locale_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(locales: tuple[str, ...], fmt: str) -> None:
    """Show translated / fuzzy / untranslated segments and words per locale and document."""
    result = stats_command.stats(_config(), locales)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    rows = result.rows
    if fmt == "json":
        data = [
            {
                "locale": r.locale, "document": r.document, "segments": r.segments,
                "translated": r.translated, "fuzzy": r.fuzzy, "untranslated": r.untranslated,
                "words": r.words, "translated_words": r.translated_words, "fuzzy_words": r.fuzzy_words,
                "untranslated_words": r.untranslated_words, "words_to_translate": r.words_to_translate,
                "percent_complete": r.percent,
            }
            for r in rows
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(format_stats(rows))


def format_stats(rows: list[Counts]) -> str:
    """Return progress as an aligned table with a total per locale."""
    header = ("locale", "document", "translated", "fuzzy", "untranslated", "complete", "words to translate")
    table = [header]
    by_locale: dict[str, list[Counts]] = {}
    for row in rows:
        by_locale.setdefault(row.locale, []).append(row)
    for locale, items in by_locale.items():
        for r in items:
            table.append((locale, r.document, str(r.translated), str(r.fuzzy), str(r.untranslated), f"{r.percent:g}%", str(r.words_to_translate)))
        if len(items) > 1:
            total = Counts(locale, "(all)")
            for r in items:
                total += r
            table.append((locale, "(all)", str(total.translated), str(total.fuzzy), str(total.untranslated), f"{total.percent:g}%", str(total.words_to_translate)))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@cli.command()
@locale_option
@click.option("--strict", is_flag=True, help="Exit 1 if any page has fallbacks or check finds errors.")
@jobs_option
def build(locales: tuple[str, ...], strict: bool, jobs: int) -> None:
    """Write localized HTML and plain text, and the manifest, to dist/."""
    config = _config()
    with progress_bar("Building") as progress:
        result = build_command.build(config, locales=locales, jobs=jobs, progress=progress)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(format_build(result))
    if not strict:
        return
    if result.fallbacks:
        click.get_current_context().exit(ExitCode.ISSUES)
    targets = tuple(locale for locale in locales if locale != config.source_locale)
    if check_command.check(config, locales=targets, jobs=jobs).failed:
        click.get_current_context().exit(ExitCode.ISSUES)


def format_build(result: build_command.BuildResult) -> str:
    """Return a short report: pages written, unchanged and removed, then each locale's state."""
    built = [p for p in result.pages if p.status != "withheld"]
    written = sum(p.written for p in built)
    lines = [
        f"{len(built)} page(s) in {result.dist}/: {written} written, {len(built) - written} unchanged, "
        f"{len(result.removed)} file(s) removed"
    ]
    width = max((len(locale) for locale in result.locales), default=0)
    for locale in result.locales:
        pages = [p for p in result.pages if p.locale == locale]
        states = [f"{n} {s}" for s in ("complete", "partial", "withheld") if (n := sum(p.status == s for p in pages))]
        line = f"  {locale.ljust(width)}  {', '.join(states) or 'no pages'}"
        if fallbacks := sum(p.fallbacks for p in pages if p.status == "partial"):
            line += f"; {fallbacks} segment(s) shown in the source language"
        lines.append(line)
    return "\n".join(lines)


@cli.command()
@locale_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "junit"]), default="text", show_default=True)
@jobs_option
def check(locales: tuple[str, ...], fmt: str, jobs: int) -> None:
    """Run the QA gate over the source and every catalog. Exits 1 on errors."""
    config = _config()
    with progress_bar("Checking") as progress:
        outcome = check_command.check(config, locales=locales, jobs=jobs, progress=progress)
    color = fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(report.render(outcome, fmt, color=color), nl=False)
    if outcome.failed:
        click.get_current_context().exit(ExitCode.ISSUES)


@cli.command()
@click.option("--out", default=pseudo_command.DEFAULT_OUT, show_default=True, metavar="DIR",
              help="Folder, inside the project, for the pseudo catalogs (DIR/locales) and pages (DIR/dist).")
@jobs_option
def pseudo(out: str, jobs: int) -> None:
    """Pseudo-translate every document into en_XA (accented, longer) and ar_XB (mirrored, right to left).

    Writes catalogs and pages under pseudo/, never into locales/ or dist/,
    then runs the QA gate on the pseudo catalogs: exits 1 if it finds errors.
    """
    config = _config()
    with progress_bar("Pseudo-translating") as progress:
        result = pseudo_command.pseudo_files(config, out, jobs=jobs, progress=progress)
    locales = " and ".join(result.project.locales)
    click.echo(
        f"{result.documents} document(s) in {locales}: {len(result.written)} file(s) written, "
        f"{len(result.removed)} removed; pages in {result.project.dist_dir}/"
    )
    outcome = check_command.check(result.project, jobs=jobs)
    # Placeholder text in the source is the source's problem, which `locflow check` reports.
    findings = tuple(f for f in outcome.findings if f.locale is not None)
    errors = sum(f.severity == "error" for f in findings)
    if errors:
        click.echo(report.render(Outcome(findings, outcome.checked), "text", color=False), nl=False)
        click.get_current_context().exit(ExitCode.ISSUES)
    warnings = len(findings) - errors
    click.echo(f"check: no errors in the pseudo catalogs ({warnings} warning(s))")


@cli.command()
@locale_option
@click.option("--out", default=review_command.DEFAULT_OUT, show_default=True, metavar="DIR",
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


def _review(config: Config, locales: tuple[str, ...], out: str, jobs: int) -> review_command.ReviewResult:
    """Run the gate, then write the review site with its findings."""
    with progress_bar("Checking") as progress:
        outcome = check_command.check(config, locales=locales, jobs=jobs, progress=progress)
    with progress_bar("Writing the review") as progress:
        return review_command.review(config, outcome, locales, out, jobs=jobs, progress=progress)


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
    directory = click.get_current_context().meta["directory"]
    config = _config()

    def rebuild(change: serve_command.Change) -> None:
        current = load_config(directory)  # locflow.toml may be what was saved
        result = build_command.build(current)
        written = sum(page.written for page in result.pages)
        reviewed = _review(current, (), review_command.DEFAULT_OUT, 1) if with_review else None
        what = f"{', '.join(change.paths)} saved: " if change.paths else ""
        pages = f"; {len(reviewed.written)} review page(s)" if reviewed else ""
        click.echo(f"{what}{written} page file(s) rebuilt{pages}")

    rebuild(serve_command.Change(()))
    mounts = {"/": config.root / config.dist_dir}
    if with_review:
        mounts["/review/"] = config.root / review_command.DEFAULT_OUT
    if (config.root / pseudo_command.DEFAULT_OUT / "dist").is_dir():
        mounts["/pseudo/"] = config.root / pseudo_command.DEFAULT_OUT / "dist"
    server = serve_command.preview(config, mounts, host, port, rebuild, lambda message: click.echo(message, err=True))
    served = ", ".join(f"{server.url}{prefix[1:]}" for prefix in sorted(mounts))
    click.echo(f"Serving {served} ; press Ctrl-C to stop")
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.")


def main() -> None:
    cli(prog_name="locflow")
