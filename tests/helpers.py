"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from locflow.cli import cli


def run(project: Path, *args: str) -> Result:
    """Run ``locflow -C project args...`` and return click's result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, ["-C", str(project), *args])


def snapshot(folder: Path, base: Path | None = None) -> dict[str, bytes]:
    """Return every file under `folder` and its bytes, by POSIX path relative to `base` (default: `folder`).

    locflow's private ``.locflow/`` folder is left out.
    """
    base = folder if base is None else base
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".locflow" not in p.relative_to(base).parts
    }
