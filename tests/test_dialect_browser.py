"""Site-generator blocks in a real browser: admonitions, alerts, definitions and footnotes, English and Arabic.

Chromium lays out a page holding every construct of the default dialects, in English and
in a right-to-left translation: each admonition is drawn as a box whose coloured border is
on the side the text starts from, its title is visible, a definition is indented on that
side, and every footnote link and back-link leads to an element. The pages are photographed
into tests/artifacts/dialects/ (gitignored) to be looked at.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib

from helpers import run
from test_browser import browse, chromium, inked, pixels  # noqa: F401  (the chromium fixture)
from test_dialect_blocks import SOURCE

ARTIFACTS = Path(__file__).parent / "artifacts" / "dialects"
PROBE = """<script>
const box = (element) => element.getBoundingClientRect();
const seen = (element) => {
  const b = box(element), hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
  return b.width > 0 && b.height > 0 && (hit === element || element.contains(hit));
};
const asides = [...document.querySelectorAll("aside.admonition")].map((aside) => {
  const style = getComputedStyle(aside), title = aside.querySelector(".admonition-title");
  return {
    left: parseFloat(style.borderLeftWidth), right: parseFloat(style.borderRightWidth),
    color: parseFloat(style.borderLeftWidth) > parseFloat(style.borderRightWidth) ? style.borderLeftColor : style.borderRightColor,
    title: title ? [title.textContent, seen(title)] : null,
  };
});
const dl = document.querySelector("dl"), dd = document.querySelector("dd");
const targets = [...document.querySelectorAll('a[href^="#fn"]')].map((a) => {
  const id = decodeURIComponent(a.getAttribute("href").slice(1));
  return [id, document.getElementById(id) !== null];
});
document.body.dataset.probe = JSON.stringify({
  direction: getComputedStyle(document.body).direction, asides, targets,
  indent: dl && dd ? [box(dd).left - box(dl).left, box(dl).right - box(dd).right] : null,
  alert: [...document.querySelectorAll("strong.alert")].map((label) => [label.textContent, seen(label)]),
});
</script>
"""


def arabic(text: str) -> str:
    """A right-to-left translation keeping markup, footnote markers and formulas."""
    return f"ترجمة {text}"


def built(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "source").mkdir(parents=True)
    (root / "source" / "a.md").write_text(SOURCE, encoding="utf-8")
    (root / "locflow.toml").write_text('locales = ["ar"]\n', encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    path = root / "locales" / "ar" / "LC_MESSAGES" / "a.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = arabic(entry.msgid)
    catalog.save(str(path))
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root / "dist"


def probe(chromium: str, tmp_path: Path, page: Path) -> dict:
    copy = tmp_path / "probe" / page.parent.name / page.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = browse(chromium, tmp_path / "profile", "--virtual-time-budget=3000", "--window-size=800,1400", "--dump-dom", copy.as_uri())
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found, done.stderr
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_admonitions_definitions_and_footnotes_are_drawn_on_the_side_the_text_starts(chromium, tmp_path):
    dist = built(tmp_path)
    english, right_to_left = probe(chromium, tmp_path, dist / "en" / "a.html"), probe(chromium, tmp_path, dist / "ar" / "a.html")
    assert english["direction"] == "ltr" and right_to_left["direction"] == "rtl"
    for found, start in ((english, "left"), (right_to_left, "right")):
        end = "right" if start == "left" else "left"
        assert len(found["asides"]) == 4  # tip, danger, note, info
        for aside in found["asides"]:
            assert aside[start] >= 3 and aside[end] < aside[start], aside  # the coloured edge where lines begin
            assert aside["title"] is None or aside["title"][1], aside  # a title is drawn, not hidden
        assert len({aside["color"] for aside in found["asides"]}) >= 3  # tip, danger, note… told apart
        near, far = found["indent"] if start == "left" else found["indent"][::-1]
        assert near >= 16 and far < near  # a definition is indented under its term, on the starting side
        assert found["targets"] and all(exists for _, exists in found["targets"]), found["targets"]
        assert found["alert"] and all(shown for _, shown in found["alert"])
    titles = [aside["title"][0] for aside in right_to_left["asides"] if aside["title"]]
    assert arabic("Read this first") in titles and arabic("Mind the gap") in titles

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for locale in ("en", "ar"):
        shot = tmp_path / f"{locale}.png"
        taken = browse(chromium, tmp_path / f"profile-{locale}", f"--screenshot={shot}", "--window-size=800,1400",
                       (dist / locale / "a.html").as_uri())
        assert taken.returncode == 0 and shot.is_file(), taken.stderr
        assert 0.01 < inked(*pixels(shot.read_bytes())) < 0.6, "the screenshot is blank or a solid block"
        shutil.copyfile(shot, ARTIFACTS / f"{locale}.png")
