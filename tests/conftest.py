"""Shared fixtures: a copy of the shipped project, and real GNU gettext tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
"""The repository: its source/, locales/ and locflow.toml are the shipped project."""


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """Return a private copy of the shipped project (source, catalogs, config)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(ROOT / "source", project / "source")
    shutil.copytree(ROOT / "locales", project / "locales", ignore=shutil.ignore_patterns(".locflow.lock"))
    shutil.copy(ROOT / "locflow.toml", project / "locflow.toml")
    return project


def _gettext_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "gettext"], check=False, capture_output=True)
        found = shutil.which(name)
    if found is None:
        pytest.fail(f"GNU gettext's {name} is required for this test: install the 'gettext' package")
    return found


@pytest.fixture(scope="session")
def msgfmt() -> str:
    """Return the path of GNU msgfmt, installing Debian's gettext if needed (as root)."""
    return _gettext_tool("msgfmt")


@pytest.fixture(scope="session")
def msgcat() -> str:
    """Return the path of GNU msgcat."""
    return _gettext_tool("msgcat")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite the expected files under tests/golden/ instead of comparing."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Return ``check(path, text)``: compare `text` with the golden file, or rewrite it under --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, text: str) -> None:
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"{path} is missing: run pytest --update-golden and review the new file"
        assert text == path.read_text(encoding="utf-8"), f"{path} differs: review, then pytest --update-golden"

    return check
