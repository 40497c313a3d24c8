"""The README tells the truth: its quick start and the check output it shows."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from click.testing import CliRunner

from locflow.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    first_block = re.search(r"```sh\n(.*?)```", README, re.DOTALL).group(1).splitlines()
    assert README.index("```sh") < README.index("\n## ")
    assert len(first_block) == 2
    assert first_block[0].endswith("locflow extract && .venv/bin/locflow build && .venv/bin/locflow stats")
    assert first_block[1].endswith("pytest -q")
    script = subprocess.run(
        ["bash", "-c", "sed -n '/^```sh$/,/^```$/p' README.md | grep -v '^```' | sed -n 2p"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert script == first_block[1]
    assert "sed -n '/^```sh$/,/^```$/p' README.md | grep -v '^```' | sed -n 2p" in (ROOT / ".ci/run").read_text()


def test_readme_shows_what_check_prints_on_the_shipped_project(shipped):
    shown = README.split("$ locflow check\n", 1)[1].split("```", 1)[0]
    result = CliRunner().invoke(cli, ["-C", str(shipped), "check"])
    assert result.exit_code == 1
    assert result.stdout == shown
