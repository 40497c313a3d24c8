"""A real browser opens the review site and the mirrored pseudo-locale page.

Chromium (see test_browser.py) reads the page as a reviewer would: filler
blocks, each translation in its language and direction, CSS-only filters,
a fuzzy block's diff. Screenshots at 1280 and 390 px are kept in
tests/artifacts/ to be looked at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from locflow.cli import cli
from test_browser import browse, chromium, pixels  # noqa: F401 (chromium is a fixture)

DOC = "trigger-point-injections"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PROBE = """<script>
const visible = () => [...document.querySelectorAll("li.row")].filter((row) => row.offsetParent !== null);
const found = {};
found.filler = visible().filter((row) => row.dataset.status === "filler").length;
found.targets = [...new Set([...document.querySelectorAll(".target[lang]")].map(
  (t) => `${t.lang}/${t.dir}/${getComputedStyle(t).direction}`))].join(" ");
found.all = visible().length;
for (const n of [1, 2, 3, 0]) {
  document.querySelector(`label[for=show-${n}]`).click();
  found[`show${n}`] = visible().length;
}
document.querySelector("label[for=show-2]").click();
found.diff = visible().map((row) => row.querySelector(".diff del") ? 1 : 0).join("");
document.body.dataset.found = JSON.stringify(found);
</script>
"""


def probe(chromium: str, page: Path, tmp_path: Path, name: str) -> dict:
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", html)  # let the probe run
    copy = page.with_name(f"probe-{page.name}")
    copy.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = browse(chromium, tmp_path / f"profile-{name}", "--dump-dom", copy.as_uri())
    assert dom.returncode == 0, dom.stderr
    copy.unlink()
    match = re.search(r'data-found="([^"]*)"', dom.stdout)
    assert match, dom.stdout[-2000:]
    import html as html_module
    import json

    return json.loads(html_module.unescape(match.group(1)))


def screenshot(chromium: str, page: Path, tmp_path: Path, name: str, width: int) -> Path:
    shot = tmp_path / f"{name}-{width}.png"
    taken = browse(chromium, tmp_path / f"profile-shot-{name}-{width}", f"--screenshot={shot}", f"--window-size={width},1400", page.as_uri())
    assert taken.returncode == 0 and shot.is_file(), taken.stderr
    wide, channels, rows = pixels(shot.read_bytes())
    background = rows[-1][:3]
    ink = sum(1 for row in rows[::4] for x in range(0, wide * channels, channels * 4) if row[x : x + 3] != background)
    assert ink > 1000, "the screenshot is blank"
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / shot.name)
    return shot


def test_the_review_page_in_a_browser_shows_filler_languages_filters_and_diffs(chromium, shipped, tmp_path):
    source = shipped / "source" / f"{DOC}.md"
    source.write_text(source.read_text(encoding="utf-8").replace("takes 15-20 minutes", "takes 20-30 minutes"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(shipped), "extract"]).exit_code == 0
    result = runner.invoke(cli, ["-C", str(shipped), "review"])
    assert result.exit_code == 0, result.output
    expected = {"es": "es/ltr/ltr", "ar": "ar/rtl/rtl", "zh_Hans": "zh-Hans/ltr/ltr"}
    for locale, targets in expected.items():
        page = shipped / "review" / locale / f"{DOC}.html"
        found = probe(chromium, page, tmp_path, locale)
        assert found["filler"] == 8
        assert found["targets"] == targets
        assert found["all"] == found["show0"] == 34
        assert found["show1"] == 9  # the eight filler blocks and the fuzzy one have findings
        assert found["show2"] == 1 and found["diff"] == "1"  # only the fuzzy block, with its diff
        assert found["show3"] == 0
    for width in (1280, 390):
        for locale in ("es", "ar"):
            screenshot(chromium, shipped / "review" / locale / f"{DOC}.html", tmp_path, f"review-{locale}", width)


def test_the_mirrored_pseudo_page_renders_right_to_left(chromium, shipped, tmp_path):
    assert CliRunner().invoke(cli, ["-C", str(shipped), "pseudo"]).exit_code == 0
    page = shipped / "pseudo" / "dist" / "ar_XB" / f"{DOC}.html"
    measure = """<script>
const h1 = document.querySelector("h1"), range = document.createRange();
range.selectNodeContents(h1);
const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
document.body.dataset.found = JSON.stringify({dir: getComputedStyle(h1).direction,
  left: Math.round(text.left - box.left), right: Math.round(box.right - text.right)});
</script>
"""
    copy = page.with_name("probe.html")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", measure + "</body>"), encoding="utf-8")
    dom = browse(chromium, tmp_path / "profile-pseudo", "--dump-dom", copy.as_uri())
    assert dom.returncode == 0, dom.stderr
    import html as html_module
    import json

    found = json.loads(html_module.unescape(re.search(r'data-found="([^"]*)"', dom.stdout).group(1)))
    assert found["dir"] == "rtl" and found["right"] <= 1 < found["left"]  # the heading sits at the right edge
    for width in (1280, 390):
        screenshot(chromium, page, tmp_path, "pseudo-ar_XB", width)
    screenshot(chromium, shipped / "pseudo" / "dist" / "en_XA" / f"{DOC}.html", tmp_path, "pseudo-en_XA", 1280)
