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


def test_cat_memory_benchmark_joins_a_sentence_memory_s_translations(tmp_path):
    """bench/cat_memory.py makes a project of a CAT tool's folder, its TMX files as compendia (OmegaT's working copy left out)."""
    folder = tmp_path / "omegat-project"
    (folder / "source").mkdir(parents=True)
    (folder / "omegat").mkdir()
    (folder / "source" / "a.md").write_text("# Rest\n\nRest for two days. Keep the bandage dry.\n\nCall us.\n", encoding="utf-8")
    units = [("Rest", "Odpočinek"), ("Rest for two days.", "Odpočívejte dva dny."), ("Keep the bandage dry.", "Obvaz udržujte suchý.")]
    body = "".join(f'<tu><tuv lang="en-US"><seg>{en}</seg></tuv><tuv lang="cs-CZ"><seg>{cs}</seg></tuv></tu>' for en, cs in units)
    (folder / "memory.tmx").write_text(f'<tmx version="1.1"><header srclang="en-US" segtype="sentence"/><body>{body}</body></tmx>')
    (folder / "omegat" / "project_save.tmx").write_text("not read")
    out = _bench("cat_memory.py", str(folder), "cs", "--workdir", str(tmp_path / "work"))
    assert "cs: 1 new (2 words), 1 changed (8 words), 0 removed (0 words), 1 from memory (1 words)" in out
    assert "texts whose sentences the memory joined: 1" in out
    assert "| 95-99% | 1 | 8 |" in out and "| new | 1 | 2 |" in out


def test_reorganize_benchmark_follows_a_site_s_texts_from_one_state_to_the_next(tmp_path):
    """bench/reorganize.py translates a site, replaces it with a reorganized one and counts what stayed translated."""
    before, after = tmp_path / "before", tmp_path / "after"
    (before / "guide").mkdir(parents=True)
    (before / "guide" / "care.md").write_text("# Care\n\n## Rest\n\nRest for two days.\n\nKeep the bandage dry.\n", encoding="utf-8")
    (after / "aftercare").mkdir(parents=True)
    (after / "aftercare" / "care.md").write_text("# Care\n\n### Rest\n\nRest for two days.\n\nKeep the bandage dry.\n", encoding="utf-8")
    (after / "other.md").write_text("---\ntitle: Rest\n---\n\n| Care |\n| --- |\n| Keep the bandage dry. |\n", encoding="utf-8")
    out = _bench("reorganize.py", str(before), str(after), "--workdir", str(tmp_path / "work"))
    assert "pages reported moved: 1" in out
    assert "texts of AFTER translated in BEFORE: 7" in out
    assert "translated as they were: 5; another translation: 0; fuzzy: 2" in out  # "Rest": a heading, now a title
    assert "1 from memory (1 words)" in out
    assert "heading 1 -> table cell: 1" in out and "paragraph -> table cell: 1" in out
