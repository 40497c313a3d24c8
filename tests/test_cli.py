"""The command line as users meet it: help for every command, and exit codes 0 / 1 / 2 / 130."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import run
from locflow import __version__
from locflow.cli import ExitCode, cli
from locflow.commands import extract as extract_command

COMMANDS = ("extract", "init", "build", "check", "stats", "pseudo", "review", "serve", "memory")


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_the_group_help_lists_every_command(flag):
    result = CliRunner().invoke(cli, [flag])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: cli [OPTIONS] COMMAND [ARGS]...")
    listed = [line.split()[0] for line in result.stdout.split("Commands:\n")[1].splitlines() if line.strip()]
    assert sorted(listed) == sorted(COMMANDS)


def test_the_group_help_is_a_guide_to_every_command_and_the_exit_codes():
    guide = CliRunner().invoke(cli, ["--help"]).stdout.split("Commands, and who runs them:\n")[1].split("\n\n")[0]
    described = [line.split()[0] for line in guide.splitlines() if not line.startswith(" " * 6)]
    assert sorted(described) == sorted(COMMANDS)
    codes = CliRunner().invoke(cli, ["--help"]).stdout.split("Exit codes:\n")[1].split("\n\n")[0]
    assert [line.split()[0] for line in codes.splitlines() if not line.startswith(" " * 6)] == ["0", "1", "2", "130"]
    assert [code.value for code in ExitCode] == [0, 1, 2, 130]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help(command, flag):
    result = CliRunner().invoke(cli, [command, flag])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {command} [OPTIONS]")
    assert "-h, --help" in result.stdout


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"locflow, version {__version__}\n")


def test_a_clean_project_exits_0_on_every_command(shipped):
    for command in ("extract", "build", "stats"):
        result = run(shipped, command)
        assert result.exit_code == 0, (command, result.output)


def test_check_exits_1_on_errors(shipped):
    result = run(shipped, "check")
    assert result.exit_code == 1  # the shipped source still holds its Lorem ipsum section
    assert result.stdout.endswith("8 errors, 0 warnings in 1 file (4 files checked)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["frobnicate"], "Error: No such command 'frobnicate'."),
        (["build", "--jobs", "0"], "Error: Invalid value for '-j' / '--jobs'"),
        (["check", "--locale", "fr"], "Error: --locale fr: not a locale of this project"),
        (["stats", "--locale", "fr"], "Error: --locale fr: not a locale of this project"),
        (["init", "xx_YY_ZZ"], "Error: locale: 'xx_YY_ZZ' is not a locale code"),
    ],
)
def test_usage_and_input_errors_exit_2_without_a_traceback(shipped, args, message):
    result = run(shipped, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_folder_that_is_not_a_project_exits_2(tmp_path):
    result = run(tmp_path, "build")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path.resolve()}: no locflow.toml")


def test_ctrl_c_exits_130_and_says_so(shipped, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(extract_command, "extract", interrupted)
    result = run(shipped, "extract")
    assert result.exit_code == 130
    assert result.stderr == "Interrupted; nothing was written.\n"


def test_python_dash_m_runs_the_same_command_line(shipped: Path):
    result = subprocess.run(
        [sys.executable, "-m", "locflow", "-C", str(shipped), "stats", "--format", "json"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"locale": "es"' in result.stdout


def test_a_run_waiting_for_another_says_so_then_goes_on(shipped):
    import fcntl
    import threading

    run(shipped, "extract")  # makes .locflow/
    holder = open(shipped / ".locflow" / "extract.lock", "a+b")
    fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
    timer = threading.Timer(1.5, lambda: (fcntl.flock(holder.fileno(), fcntl.LOCK_UN), holder.close()))
    timer.start()
    try:
        result = run(shipped, "extract")
    finally:
        timer.join()
    assert result.exit_code == 0, result.output
    assert result.stderr.count("waiting for another locflow extract in this project to finish…\n") == 1
