"""The benchmarks run end to end on small corpora. They time nothing here: they only have to complete."""

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench(script: str, *args: str) -> str:
    """Run a benchmark script; return what it printed, failing on any error."""
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_benchmark_completes_and_prints_the_table(tmp_path):
    out = _bench("run.py", "--docs", "100", "--repeat", "1", "--quick", "--workdir", str(tmp_path))
    assert "| task | tool | -j | median s | min–max s | segments/s | peak RSS MB |" in out
    assert "| cold extract, templates only | **locflow** | 1 |" in out
    assert "| build HTML+text, en + 3 locales | **locflow** | 1 |" in out


def test_memory_benchmark_runs_extract_with_the_memory_off_and_on(tmp_path):
    """bench/memory.py switches the memory off by replacing its entry points: they must still fit what extract calls."""
    out = _bench("memory.py", "--docs", "20", "--repeat", "1", "--workdir", str(tmp_path))
    assert "extract -j 2 after a 5% edit, 20 documents, CPU seconds" in out
    assert "| locale | words to translate without the memory | with it |" in out
    assert "| es | " in out


def test_memory_parts_benchmark_measures_each_part_alone(tmp_path):
    """bench/memory_parts.py records what an extract asks of the memory, then runs each part alone on it."""
    out = _bench("memory_parts.py", "--docs", "20", "--repeat", "1", "--workdir", str(tmp_path))
    asked = re.search(r"5% edit: (\d+) texts searched, (\d+) catalogs recorded", out)
    assert asked and int(asked[1]) >= 1 and int(asked[2]) == 3  # a new paragraph; one page edited, in 3 locales
    rows = {}
    for line in out.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0] in ("refresh", "texts", "searches", "record"):
            rows[cells[0]] = float(cells[1])
    assert len(rows) == 4 and all(figure > 0 for figure in rows.values()), out


def test_memory_benchmark_runs_on_real_documentation(tmp_path):
    """bench/memory.py --real: the shipped sample of real documentation, pseudo-translated, edited as a writer would."""
    sample = BENCH.parent / "tests" / "data" / "realdocs"
    out = _bench("memory.py", "--real", str(sample / "hugo-docs"), str(sample / "rust-book"), "--repeat", "1", "--workdir", str(tmp_path))
    assert "extract -j 2 after a 5% edit, 23 real documents, CPU seconds" in out
    assert "| es | " in out
