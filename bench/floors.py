"""The floors, and the Python drivers of the peers, each run as its own process by run.py.

A floor is the least work any tool doing locflow's job has to do with the
same libraries: locflow can approach it, never beat it by much.

    python bench/floors.py extract-floor PROJECT OUT [LOCALE...]
        markdown-it-py parse of every document, its front matter read with
        PyYAML, and with polib one .pot per document plus one .po per LOCALE.
    python bench/floors.py build-floor PROJECT OUT LOCALE...
        per document and locale (the source locale first, as locflow builds
        it too): load the .po with polib, parse the source with
        markdown-it-py, swap in the inline content of translated segments,
        render HTML and write the page. No plain text, no manifest.
    python bench/floors.py mdpo-extract SOURCE OUT [LOCALE...]
        mdpo's md2po (md4c parser) in one process: one .pot per document,
        saved again as one .po per LOCALE.
    python bench/floors.py mdpo-build SOURCE CATALOGS OUT LOCALE...
        mdpo's po2md per document and locale, then markdown-it-py renders it.
    python bench/floors.py render IN OUT
        markdown-it-py renders every .md under IN into an HTML page under OUT
        (the render step after Translate Toolkit's and po4a's po2md).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


def _documents(source: Path) -> list[tuple[str, Path]]:
    return sorted((p.relative_to(source).with_suffix("").as_posix(), p) for p in source.rglob("*.md"))


def _page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def extract_floor(project: Path, out: Path, locales: list[str]) -> None:
    import polib
    import yaml

    md = _parser()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for name, path in _documents(project / "source"):
        text = path.read_text(encoding="utf-8")
        tokens = md.parse(text)
        po = polib.POFile(wrapwidth=0)
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": ""}
        seen: dict[str, polib.POEntry] = {}
        where = f"source/{name}.md"

        def add(text: str, kind: str, line: int) -> None:
            entry = seen.get(text)
            if entry is None:
                entry = seen[text] = polib.POEntry(msgid=text, comment=kind)
                po.append(entry)
            entry.occurrences.append((where, str(line)))

        if tokens and tokens[0].type == "front_matter":
            data = yaml.load(tokens[0].content, Loader=loader)
            for key in ("title", "description"):
                if isinstance(data, dict) and isinstance(data.get(key), str):
                    add(data[key], f"front matter: {key}", 2)
        for index, token in enumerate(tokens):
            if token.type == "inline" and token.content.strip():
                add(" ".join(token.content.split("\n")).strip(), tokens[index - 1].type, token.map[0] + 1)
        target = out / f"{name}.pot"
        target.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target))
        for locale in locales:
            po.metadata["Language"] = locale
            target = out / locale / f"{name}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(target))


def build_floor(project: Path, out: Path, locales: list[str]) -> None:
    import polib

    md = _parser()
    for name, path in _documents(project / "source"):
        source = path.read_text(encoding="utf-8")
        for locale in locales:
            translations: dict[str, str] = {}
            catalog = project / "locales" / locale / "LC_MESSAGES" / f"{name}.po"
            if catalog.exists():
                translations = {
                    e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.msgstr and "fuzzy" not in e.flags and not e.obsolete
                }
            tokens = md.parse(source)
            title = name
            for index, token in enumerate(tokens):
                if token.type == "inline" and token.content.strip():
                    key = " ".join(token.content.split("\n")).strip()
                    text = translations.get(key)
                    if text is not None:
                        token.children = md.parseInline(text)[0].children
                        token.content = text
                    if title == name and tokens[index - 1].type == "heading_open":
                        title = token.content
            _write(out / locale / f"{name}.html", _page(locale, title, md.renderer.render(tokens, md.options, {})))


def render_tree(folder: Path, out: Path) -> None:
    md = _parser()
    for name, path in _documents(folder):
        text = path.read_text(encoding="utf-8")
        _write(out / f"{name}.html", _page("", name, md.render(text)))


def mdpo_extract(source: Path, out: Path, locales: list[str]) -> None:
    from mdpo.md2po import markdown_to_pofile

    for name, path in _documents(source):
        po = markdown_to_pofile(str(path), wrapwidth=0)
        for target in [out / f"{name}.pot"] + [out / locale / f"{name}.po" for locale in locales]:
            target.parent.mkdir(parents=True, exist_ok=True)
            po.save(str(target))


def mdpo_build(source: Path, catalogs: Path, out: Path, locales: list[str]) -> None:
    from mdpo.po2md import pofile_to_markdown

    md = _parser()
    for name, path in _documents(source):
        for locale in locales:
            text = pofile_to_markdown(str(path), str(catalogs / locale / f"{name}.po"), wrapwidth=0)
            _write(out / locale / f"{name}.html", _page(locale, name, md.render(text)))


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "extract-floor":
        extract_floor(Path(args[0]), Path(args[1]), args[2:])
    elif command == "build-floor":
        build_floor(Path(args[0]), Path(args[1]), args[2:])
    elif command == "render":
        render_tree(Path(args[0]), Path(args[1]))
    elif command == "mdpo-extract":
        mdpo_extract(Path(args[0]), Path(args[1]), args[2:])
    elif command == "mdpo-build":
        mdpo_build(Path(args[0]), Path(args[1]), Path(args[2]), args[3:])
    else:
        raise SystemExit(f"unknown command {command!r}\n\n{__doc__}")


if __name__ == "__main__":
    main(sys.argv[1:])
