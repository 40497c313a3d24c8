"""Real documentation written by others, end to end: what locflow makes of it, and how fast.

    python bench/realdocs.py DIR [DIR ...] [--workdir W] [--src SRC]

Each DIR is a folder of Markdown (a public documentation repository, or
tests/data/realdocs/). Its ``*.md`` and ``*.mdx`` files (MDX ones renamed ``*.md``,
the suffix locflow reads), with the pictures and PDFs beside them, become one project with a Spanish locale; the script runs extract, fills every catalog with msgstr = msgid
(identity), builds, checks, and runs ``locflow pseudo``; it prints the figures:
documents, segments, words in HTML blocks (segments of kind ``html``), time of
each step, findings per check (identity and pseudo), pages whose body differs
from the English one, and pages showing an HTML comment or a raw tag as text.
``--src`` runs another checkout's ``src`` (to compare with an older locflow).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
MAIN = re.compile(r"<main>\n(.*)</main>", re.DOTALL)
VISIBLE = {
    "HTML comment": re.compile(r"&lt;!--"),
    "raw tag as text": re.compile(r"&lt;/?(?:details|summary|figure|figcaption|img|kbd|sup|div|br|p|a)\b"),
    "shortcode": re.compile(r"\{\{[<%]"),
    "MDX import": re.compile(r"(?:^|>)\s*import\s+(?:[\w$]+|\{[^}<]*\}|\*\s+as\s+\w+)\s+from\s+(?:['\"]|&quot;|&#x27;)", re.MULTILINE),
    "alert marker": re.compile(r"\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]", re.IGNORECASE),
    "admonition fence": re.compile(r"(?:^|>)\s*(?::{3,}\s*[A-Za-z]|!!!\s+[a-z]|\?\?\?\+?\s+[a-z])", re.MULTILINE),
    "code fence as text": re.compile(r"(?:^|>)\s*(?:```|~~~)", re.MULTILINE),
    "heading id": re.compile(r"<h[1-6][^>]*>[^<]*\{#[A-Za-z]"),
}
"""Source markup that must not show on a page as text."""
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".pdf"}
"""Files copied beside the Markdown, since pages link to them."""
CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.DOTALL)
"""Code blocks and spans: markup shown there is the document's example, as meant."""


def project(dirs: list[Path], work: Path) -> Path:
    """Make a project whose source/ holds every Markdown file of `dirs` (one subfolder per dir)."""
    root = work / "project"
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "locflow.toml").write_text('locales = ["es"]\n', encoding="utf-8")
    for number, folder in enumerate(dirs):
        for path in sorted(p for p in folder.rglob("*.md*") if p.suffix in (".md", ".mdx")):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            name = re.sub(r"[^A-Za-z0-9._/-]", "_", str(path.relative_to(folder).with_suffix(".md")))
            target = root / "source" / f"{number}-{folder.name}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            except UnicodeDecodeError:
                continue
        for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in PICTURES and p.is_file()):
            if not any(part.startswith(".") for part in path.relative_to(folder).parts):
                target = root / "source" / f"{number}-{folder.name}" / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)  # what the pages link to: `broken-links` judges the links, not the copy
    return root


FENCE = re.compile(r"^\s*(?:```|~~~)", re.MULTILINE)
SENTENCE_END = re.compile(r"(?<=[a-z][.!?])\s+(?=[A-Z])")
WORD = re.compile(r"\b[a-z]{4,}\b")


def _body(text: str) -> tuple[str, str]:
    """Split a page into its front matter (kept as it is) and its body."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) > 0:
        return text[: end + 5], text[end + 5 :]
    return "", text


def prose(blocks: list[str]) -> list[int]:
    """Return the indexes of the blocks that are paragraphs of plain prose: outside code fences, no markup first, 8 words at least."""
    found, fenced = [], False
    for index, block in enumerate(blocks):
        fences = len(FENCE.findall(block))
        if not fenced and not fences and re.match(r"[A-Z][a-z]", block) and len(block.split()) >= 8 and not re.search(r"[{}<>|]", block):
            found.append(index)
        fenced ^= fences % 2 == 1
    return found


def edit_pages(root: Path, fraction: float, seed: int) -> list[str]:
    """Edit ~`fraction` of the pages of project `root` as a writer would; return the names edited.

    In each edited page, one word of a paragraph is replaced by another word of
    the page, and a new paragraph is added at its end, made of three sentences
    taken from other pages' paragraphs: new text in the site's own words, like
    most of what writers add. The same `seed` always edits the same pages the
    same way.
    """
    source = root / "source"
    paths = sorted(source.rglob("*.md"))
    sentences: list[tuple[Path, str]] = []
    for path in paths:
        blocks = _body(path.read_text(encoding="utf-8"))[1].split("\n\n")
        for index in prose(blocks):
            sentences += [(path, sentence) for sentence in SENTENCE_END.split(" ".join(blocks[index].split())) if len(sentence.split()) >= 5]
    count = max(1, round(fraction * len(paths)))
    chosen = sorted(sorted(paths, key=lambda path: hashlib.sha1(f"{seed}:{path.relative_to(source)}".encode()).digest())[:count])
    for path in chosen:
        rng = random.Random(f"locflow-realdocs:{seed}:{path.relative_to(source).as_posix()}")
        head, body = _body(path.read_text(encoding="utf-8"))
        blocks = body.rstrip("\n").split("\n\n")
        paragraphs = prose(blocks)
        if paragraphs:
            index = rng.choice(paragraphs)
            words = WORD.findall(blocks[index])
            others = sorted(set(WORD.findall(body)) - set(words))
            if words and others:
                blocks[index] = re.sub(rf"\b{rng.choice(words)}\b", rng.choice(others), blocks[index], count=1)
        elsewhere = [sentence for origin, sentence in sentences if origin != path]
        blocks.append(" ".join(rng.sample(elsewhere, 3)))
        path.write_text(head + "\n\n".join(blocks) + "\n", encoding="utf-8")
    return [path.relative_to(source).with_suffix("").as_posix() for path in chosen]


def locflow(root: Path, src: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "locflow", *args], cwd=root, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, result


def identity(root: Path) -> None:
    """Fill every catalog with msgstr = msgid (plural entries with their msgid_plural)."""
    for path in sorted((root / "locales").rglob("*.po")):
        catalog = polib.pofile(str(path), wrapwidth=0)
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save(str(path))


def findings(result: subprocess.CompletedProcess) -> Counter[str]:
    data = json.loads(result.stdout)
    return Counter(finding["check"] for finding in data["findings"])


ERROR = re.compile(r": error: (.*) \[([a-z-]+)\]$", re.MULTILINE)
FENCE_ONLY = re.compile(r"site-generator syntax differs from the source: (?::{3,}\S* is missing(?:; |(?= \()))+")


def pseudo_errors(output: str) -> Counter[str]:
    """Count the errors of the pseudo-locales' gate per check; a `protected` error about admonition
    fences only (``:::note`` in a msgid, until admonitions are blocks) is counted apart."""
    found: Counter[str] = Counter()
    for message, check in ERROR.findall(output):
        found["protected (admonition fence)" if check == "protected" and FENCE_ONLY.match(message) else check] += 1
    return found


def html_words(root: Path) -> tuple[int, int]:
    """Return (segments of kind html, their words) from the Spanish catalogs' ``#.`` kinds."""
    segments = words = 0
    for path in (root / "locales").rglob("*.po"):
        for entry in polib.pofile(str(path)):
            if "html" in (entry.comment or "").split():
                segments += 1
                words += len(re.findall(r"\w+", entry.msgid))
    return segments, words


def pages(root: Path, folder: str = "dist", locale: str = "es") -> tuple[int, list[str], Counter[str]]:
    """Return (pages compared, pages whose body differs from English, pages showing source markup as text)."""
    differ, visible = [], Counter()
    english = sorted(
        page for page in (root / folder / "en").rglob("*.html")
        if page.relative_to(root / folder / "en").as_posix() != "index.html" or (root / "source" / "index.md").exists()
    ) if folder == "dist" else []
    count = 0
    for page in sorted((root / folder / locale).rglob("*.html")):
        if page.relative_to(root / folder / locale).as_posix() == "index.html" and not (root / "source" / "index.md").exists():
            continue  # the locale's index of documents, not a document's page
        count += 1
        text = page.read_text(encoding="utf-8")
        prose = CODE.sub("", text)
        for name, pattern in VISIBLE.items():
            if pattern.search(prose):
                visible[name] += 1
        if english:
            other = root / folder / "en" / page.relative_to(root / folder / locale)
            mine, theirs = MAIN.search(text), MAIN.search(other.read_text(encoding="utf-8"))
            if mine and theirs and _unmarked(mine.group(1)) != _unmarked(theirs.group(1)):
                differ.append(str(page.relative_to(root)))
    return count, differ, visible


def _unmarked(body: str) -> str:
    return body.replace(' lang="en"', "")


def run(dirs: list[Path], work: Path, src: Path) -> dict:
    root = project(dirs, work)
    figures: dict = {"documents": len(list((root / "source").rglob("*.md")))}
    seconds, result = locflow(root, src, "extract")
    if result.returncode != 0:
        raise SystemExit(f"extract failed: {result.stderr[-2000:]}")
    figures["extract s"] = seconds
    figures["extract warnings"] = result.stderr.count("warning:")
    figures["summary"] = result.stdout.splitlines()[0] if result.stdout else ""
    figures["html segments"], figures["html words"] = html_words(root)
    identity(root)
    figures["build s"], result = locflow(root, src, "build")
    figures["check s"], result = locflow(root, src, "check", "--format", "json")
    figures["identity findings"] = dict(sorted(findings(result).items()))
    figures["pages"], figures["pages differing from English"], figures["source markup shown as text"] = pages(root)
    _seconds, result = locflow(root, src, "pseudo")
    figures["pseudo"] = (result.stdout + result.stderr).strip().splitlines()[-1:] if result.returncode in (0, 1) else result.stderr[-500:]
    figures["pseudo errors"] = pseudo_errors(result.stdout + result.stderr)
    _count, _differ, visible = pages(root, "pseudo/dist", "en_XA")
    figures["pseudo pages showing source markup as text"] = visible
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    options = parser.parse_args()
    work = options.workdir or Path(tempfile.mkdtemp(prefix="realdocs-"))
    figures = run(options.dirs, work, options.src.resolve())
    for key, value in figures.items():
        if isinstance(value, float):
            value = f"{value:.2f}"
        elif isinstance(value, list) and len(value) > 5:
            value = f"{len(value)}: {value[:5]} …"
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
