"""Plain text of the site-generator dialects' blocks (`syntax`), for `textrender`.

An admonition is its title (its label, `labels`, where none is written) and its body behind ``| ``;
footnotes follow a ``* * *`` rule at the end, each as ``[1] text``; a definition list is each term
with its definitions indented under it; a math block is indented like code.

The functions get `textrender`'s block writer, inline writer and wrapper (``blocks``,
``inline``, ``wrap``), so the two modules need not import each other.
"""

from __future__ import annotations

from collections.abc import Callable

from locflow import labels


def block(node, width: int, widths, blocks: Callable, inline: Callable, wrap: Callable) -> list[str]:
    """Return the lines of a dialect's block (``[]`` for a token that is not one)."""
    token, children = node
    kind = token.type
    if kind == "admonition_open":
        titled = bool(children) and children[0][0].type == "admonition_title_open"
        if titled:
            title = inline(children[0][1], syntax=widths.syntax)
        else:
            title = labels.shown(token)[0]  # in the page's language (`labels`)
        inner = max(width - 2, 1) if width else 0
        lines = _join(([wrap(title, inner, widths)] if title else []) + blocks(children[titled:], inner, widths))
        return [f"| {line}" if line else "|" for line in lines]
    if kind == "footnote_block_open":
        lines = ["* * *"]
        for note, parts in children:
            marker = f"[{note.meta.get('id', 0) + 1}] "
            body = _join(blocks(parts, max(width - len(marker), 1) if width else 0, widths)) or [""]
            lines += [""] + [(marker if i == 0 else " " * len(marker)) + line if line else "" for i, line in enumerate(body)]
        return lines
    if kind == "dl_open":
        lines = []
        for part, inside in children:
            if part.type == "dt_open":
                lines += ([""] if lines else []) + wrap(inline(inside, syntax=widths.syntax), width, widths)
            elif part.type == "dd_open":
                body = _join(blocks(inside, max(width - 4, 1) if width else 0, widths))
                lines += ["    " + line if line else "" for line in body]
        return lines
    if kind == "mdx_jsx_open":  # an MDX component: its children, never its tags
        return _join(blocks(children, width, widths))
    if kind == "math_block":
        return ["    " + line if line else "" for line in token.content.strip("\n").split("\n")]
    return []


def _join(blocks: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for lines_of_block in blocks:
        lines += ([""] if lines else []) + lines_of_block
    return lines
