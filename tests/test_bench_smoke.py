"""The benchmark runs end to end on a 100-page corpus. It times nothing here: it only has to complete."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


def test_benchmark_completes_and_prints_the_table(tmp_path):
    result = subprocess.run(
        [sys.executable, str(BENCH), "--docs", "100", "--repeat", "1", "--quick", "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| task | tool | -j | median s | min–max s | segments/s | peak RSS MB |" in result.stdout
    assert "| cold extract, templates only | **locflow** | 1 |" in result.stdout
    assert "| build HTML+text, en + 3 locales | **locflow** | 1 |" in result.stdout


def test_memory_benchmark_runs_extract_with_the_memory_off_and_on(tmp_path):
    """bench/memory.py switches the memory off by replacing its entry points: they must still fit what extract calls."""
    result = subprocess.run(
        [sys.executable, str(BENCH.with_name("memory.py")), "--docs", "20", "--repeat", "1", "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "extract -j 2 after a 5% edit, 20 documents, CPU seconds" in result.stdout
    assert "| locale | words to translate without the memory | with it |" in result.stdout
    assert "| es | " in result.stdout
