"""The Markdown output's round trip, on every page of a project: it renders as the HTML page, and reads back.

    python bench/markdown_roundtrip.py --docs 1000            # the benchmark corpus, made in a temporary folder
    python bench/markdown_roundtrip.py --project DIR          # a copy of an existing project

builds the project with ``formats = ["html", "text", "markdown"]`` (folder
layout) and, for every published page, checks two claims:

- **render**: the page's Markdown file, rendered by markdown-it-py as locflow
  renders a page, equals the body of its HTML page (heading ids, ``lang`` and
  ``dir`` left out, links to other pages compared without their ``.md`` /
  ``.html`` ending), the labels of untitled admonitions and alerts, which the
  Markdown file leaves to the site generator, shown as the page shows them;
- **read back**: segmenting the Markdown file gives, segment by segment, the
  text the HTML page shows: the published translation (not fuzzy, not
  empty), else the source text; with links to other documents leading to
  their Markdown files; a label reads back as the source's (the file keeps
  the marker, ``> [!NOTE]``, ``:::tip``).

It prints the pages compared, how many hold for each claim, and the first
difference of each kind. Nothing is timed.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import importlib.util
import json
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from locflow import labels, links, mdoutput, render, segment
from locflow.commands import build as build_command
from locflow.config import load_config
from locflow.manifest import BUILT

_spec = importlib.util.spec_from_file_location("bench_corpus", Path(__file__).resolve().parent / "corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)  # bench/corpus.py (tests/ has a corpus module of its own)

LINK = re.compile(r'(href|src)="([^"#]*?)\.(md|html)([#"?])')


@dataclass
class Report:
    """What the round trip found."""

    pages: int = 0
    rendered_equal: int = 0
    read_back_equal: int = 0
    first_render_difference: str = ""
    first_read_back_difference: str = ""
    differing: list[str] = field(default_factory=list)
    """``render locale/doc`` or ``read-back locale/doc`` for every page that differs."""
    differences: list[str] = field(default_factory=list)
    """The first lines of each difference, in the order of `differing`."""

    def lines(self) -> list[str]:
        out = [
            f"pages compared: {self.pages}",
            f"render: {self.rendered_equal} equal, {self.pages - self.rendered_equal} differing",
            f"read back: {self.read_back_equal} equal, {self.pages - self.read_back_equal} differing",
        ]
        if self.first_render_difference:
            out.append("first render difference:\n" + self.first_render_difference)
        if self.first_read_back_difference:
            out.append("first read-back difference:\n" + self.first_read_back_difference)
        return out


def normal(html: str) -> str:
    """Return HTML without what only the HTML page has: heading ids, lang and dir, the page file's ending."""
    html = re.sub(r' (id|lang|dir)="[^"]*"', "", html)
    return LINK.sub(r'\1="\2.page\4', html).strip()


def html_body(page: str) -> str:
    body = page.split("<main>\n", 1)[1].split("</main>", 1)[0]
    return re.sub(r'<p class="reviewed".*</p>\n?', "", body)


def one_line(text: str) -> str:
    """A translation as the Markdown file holds it: line breaks are spaces (they are soft breaks in HTML),
    but hard breaks (``\\`` or two spaces at a line end), which end a line there."""
    parts = mdoutput.HARD_BREAK.split(text)
    return "".join(part if odd % 2 else " ".join(p.strip() for p in part.split("\n")).strip() for odd, part in enumerate(parts))


def unindented(text: str) -> str:
    """A segment's text without the indentation of its lines after a hard break (the file's, not the text's)."""
    return re.sub(r"\n[ \t]*", "\n", text)


def translations(root: Path, config, locale: str, doc: str) -> dict[str, str]:
    path = config.catalog_path(locale, doc)
    if locale == config.source_locale or not path.exists():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr.strip() and not e.fuzzy and not e.obsolete}


def diff(expected: str, got: str, label: str) -> str:
    lines = difflib.unified_diff(expected.splitlines(), got.splitlines(), "expected", "got", lineterm="", n=1)
    return f"  {label}\n" + "\n".join(f"    {line}" for line in list(lines)[:12])


def roundtrip(root: Path) -> Report:
    """Check both claims on every published page of the project at `root`, already built with Markdown output."""
    config = load_config(root)
    layout = config.markdown_layout
    dist = root / config.dist_dir
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["documents"]
    withheld = frozenset((doc, locale) for doc, pages in manifest.items() for locale, p in pages.items() if p["status"] not in BUILT)
    site = links.Site(frozenset(manifest), withheld, config.source_locale)
    report = Report()
    for doc in sorted(manifest):
        source = config.source_path(doc).read_text(encoding="utf-8")
        segments = segment.segment(source, f"{doc}.md", config.front_matter_keys, config.syntax).segments
        for locale, page in sorted(manifest[doc].items()):
            if page["status"] not in BUILT:
                continue
            report.pages += 1
            label = f"{locale}/{doc}"
            markdown = (dist / mdoutput.path(doc, locale, layout)).read_text(encoding="utf-8")
            html = (dist / f"{locale}/{doc}.html").read_text(encoding="utf-8")
            language = render.language(locale)
            parsed = render.parse(markdown, "t.md", config.front_matter_keys, config.syntax)
            texts = translations(root, config, locale, doc)
            shown = render.localize(parsed, None, language, language)
            tokens = list(shown.tokens)
            labels.localize(tokens, parsed.labels, [(None, texts)], {})  # the generator's own labels, as the page's
            rendered = normal(render.body(dataclasses.replace(shown, tokens=tuple(tokens))))
            if rendered == normal(html_body(html)):
                report.rendered_equal += 1
            else:
                report.differing.append(f"render {label}")
                report.differences.append(diff(normal(html_body(html)), rendered, f"render {label}"))
                report.first_render_difference = report.first_render_difference or report.differences[-1]
            expected = []
            for s in segments:
                shown = one_line(texts[s.text]) if s.text in texts and s.kind != labels.KIND else s.text
                if s.kind.startswith("front matter"):
                    shown = " ".join(shown.split())
                expected.append(unindented(mdoutput.DESTINATION.sub(
                    lambda m: m.group(1) + mdoutput.href(doc, locale, m.group(2), site, layout), shown)))
            got = [unindented(s.text) for s in segment.segment(markdown, "t.md", config.front_matter_keys, config.syntax).segments]
            if got == expected:
                report.read_back_equal += 1
            else:
                report.differing.append(f"read-back {label}")
                report.differences.append(diff("\n".join(expected), "\n".join(got), f"read-back {label}"))
                report.first_read_back_difference = report.first_read_back_difference or report.differences[-1]
    return report


def build_with_markdown(root: Path, jobs: int) -> None:
    config = root / "locflow.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^(formats|markdown_layout) = .*\n", "", text)
                      + 'formats = ["html", "text", "markdown"]\nmarkdown_layout = "folder"\n', encoding="utf-8")
    build_command.build(load_config(root), jobs=jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100, help="pages of the benchmark corpus (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--locales", default="es,ar,zh_Hans")
    parser.add_argument("--project", type=Path, help="check a copy of this project instead of a generated corpus")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true", help="also show every difference")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "project"
        if args.project:
            shutil.copytree(args.project, root, ignore=shutil.ignore_patterns(".locflow", "dist"))
        else:
            corpus.generate(root, args.docs, args.seed, args.locales.split(","), jobs=args.jobs)
        build_with_markdown(root, args.jobs)
        report = roundtrip(root)
    print("\n".join(report.lines()))
    if args.list:
        print("\n".join(report.differences))
    return 0 if report.pages and report.rendered_equal == report.read_back_equal == report.pages else 1


if __name__ == "__main__":
    sys.exit(main())
