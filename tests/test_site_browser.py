"""The multi-page site in a real browser: every link and picture resolves, the switcher is visible and works.

Chromium resolves every ``href`` and ``src`` of every page (as a reader's click would), the
test checks each leads to a file in dist/ and each ``#anchor`` to an element; the switcher
is measured at 390 px and 1280 px, clicked, and the en/es/ar pages are photographed into
tests/artifacts/site/ (gitignored) to be looked at.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import html5lib

from helpers import run
from sitefixture import make_site
from test_browser import browse, chromium, pixels  # noqa: F401  (the chromium fixture)

ARTIFACTS = Path(__file__).parent / "artifacts" / "site"
CONFIG = (
    'site_name = "Spine and Pain Institute"\n'
    'footer = { en = "Questions? Call 555-0100.", es = "¿Preguntas? Llame al 555-0100.", ar = "أسئلة؟ اتصل بعيادتك." }\n'
    'reviewed_label = { es = "Última revisión", ar = "آخر مراجعة" }\n'
)
RESOLVE = """<script>
const urls = [];
for (const element of document.querySelectorAll("[href], [src]")) {
  for (const name of ["href", "src"]) {
    if (element.hasAttribute(name)) urls.push(new URL(element.getAttribute(name), location.href).href);
  }
}
const nav = document.querySelector("nav.languages");
const seen = (element) => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth && box.bottom <= innerHeight
    && (hit === element || element.contains(hit));
};
document.body.dataset.probe = JSON.stringify({
  urls, width: innerWidth,
  links: nav ? [...nav.querySelectorAll("a")].map((a) => [a.getAttribute("hreflang"), seen(a)]) : [],
});
</script>
"""
CLICK = """<script>
document.body.dataset.landed = location.href;
if (!sessionStorage.getItem("clicked")) {
  sessionStorage.setItem("clicked", "1");
  document.querySelector('nav.languages a[hreflang="%s"]').click();
}
</script>
"""


def built_site(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site", CONFIG)
    result = run(root, "build")
    assert result.exit_code == 0, result.output
    return root / "dist"


def probed(dist: Path, folder: Path, script: str) -> Path:
    """Return a copy of dist/ with `script` at the end of every page."""
    shutil.copytree(dist, folder)
    for page in folder.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    return folder


def dump(chromium: str, profile: Path, url: str, width: int = 1280) -> str:
    done = browse(chromium, profile, "--virtual-time-budget=3000", f"--window-size={width},900", "--dump-dom", url)
    assert done.returncode == 0, done.stderr
    return done.stdout


def ids(page: Path) -> set[str]:
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    return {element.get("id") for element in tree.iter() if element.get("id")}


def test_every_url_chromium_resolves_in_every_page_leads_to_a_file_and_an_element(chromium, tmp_path):
    dist = built_site(tmp_path)
    copy = probed(dist, tmp_path / "probe", RESOLVE)
    pages = sorted(copy.rglob("*.html"))
    assert len(pages) == 8 + 3  # and each locale's index
    checked = 0
    for page in pages:
        found = re.search(r'data-probe="([^"]*)"', dump(chromium, tmp_path / "profile", page.as_uri()))
        assert found, page
        probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        for url in probe["urls"]:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme != "file":
                continue
            target = Path(urllib.parse.unquote(parts.path))
            assert target.is_file() and copy in target.parents, f"{page.relative_to(copy)}: {url} leads to no file"
            if parts.fragment:
                assert urllib.parse.unquote(parts.fragment) in ids(target), f"{page.relative_to(copy)}: {url}: no element"
            checked += 1
    assert checked > 60


FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" src="%s" style="width:%dpx;height:900px;border:0"></iframe>
<script>
document.getElementById("page").onload = () => {
  const view = document.getElementById("page").contentWindow, page = view.document;
  const seen = (element) => {
    const box = element.getBoundingClientRect();
    const hit = page.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= view.innerWidth
      && box.bottom <= view.innerHeight && (hit === element || element.contains(hit));
  };
  const links = [...page.querySelectorAll("nav.languages a")].map((a) => [a.getAttribute("hreflang"), seen(a)]);
  document.body.dataset.probe = JSON.stringify({width: view.innerWidth, links});
};
</script></body></html>
"""


def test_the_switcher_is_visible_on_a_phone_and_a_desktop_and_leads_to_the_same_document(chromium, tmp_path):
    dist = built_site(tmp_path)
    for width in (390, 1280):
        for locale in ("en", "es", "ar"):
            frame = dist.parent / f"frame-{locale}-{width}.html"  # beside dist/: the page keeps its own URL
            frame.write_text(FRAME % (f"dist/{locale}/sub/b.html", width), encoding="utf-8")
            done = browse(
                chromium, tmp_path / "profile", "--allow-file-access-from-files", "--virtual-time-budget=3000",
                "--window-size=1400,1000", "--dump-dom", frame.as_uri(),
            )
            found = re.search(r'data-probe="([^"]*)"', done.stdout)
            assert found, done.stderr
            probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
            assert probe == {"width": width, "links": [["en", True], ["es", True], ["ar", True]]}, (width, locale)
    clicking = probed(dist, tmp_path / "click", CLICK % "ar")
    landed = dump(chromium, tmp_path / "profile-click", (clicking / "es" / "sub" / "b.html").as_uri())
    assert re.search(r'data-landed="([^"]*)"', landed).group(1) == (clicking / "ar" / "sub" / "b.html").as_uri()
    assert '<html lang="ar" dir="rtl">' in landed


def test_screenshots_of_the_english_spanish_and_arabic_pages_are_kept(chromium, tmp_path):
    dist = built_site(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        for locale in ("en", "es", "ar"):
            shot = ARTIFACTS / f"{locale}-a-{width}.png"
            taken = browse(
                chromium, tmp_path / f"shot-{locale}-{width}", f"--screenshot={shot}", f"--window-size={width},900",
                (dist / locale / "a.html").as_uri(),
            )
            assert taken.returncode == 0 and shot.is_file(), taken.stderr
            image_width, channels, rows = pixels(shot.read_bytes())
            assert image_width == width
            background = rows[-1][:3]
            ink = sum(1 for row in rows for x in range(0, width * channels, channels) if row[x : x + 3] != background)
            assert ink > 2000, f"{shot} looks blank"
