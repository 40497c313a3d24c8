"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from locflow.cli import cli


def run(project: Path, *args: str) -> Result:
    """Run ``locflow -C project args...`` and return click's result (stdout and stderr apart)."""
    return CliRunner().invoke(cli, ["-C", str(project), *args])


def snapshot(project: Path) -> dict[str, bytes]:
    """Return every file of a project and its bytes, leaving out locflow's private .locflow/ folder."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and ".locflow" not in p.relative_to(project).parts
    }
