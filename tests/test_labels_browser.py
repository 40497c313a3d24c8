"""A Spanish page in a real browser shows the labels of its alert and its untitled admonition in Spanish.

The page is photographed into tests/artifacts/labels/ (gitignored) to be looked at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_browser import browse, chromium, inked, pixels  # noqa: F401  (the chromium fixture)
from test_dialect_browser import probe
from test_labels import BODY, LABELS, build, project, translate

ARTIFACTS = Path(__file__).parent / "artifacts" / "labels"


def test_the_spanish_page_draws_its_alert_and_admonition_labels_in_spanish(chromium, tmp_path):
    root = project(tmp_path)
    translate(root, BODY | LABELS)
    dist = build(root)
    found = probe(chromium, tmp_path, dist / "es" / "a.html")
    assert found["alert"] == [["Advertencia", True], ["Advertencia", True]]  # drawn, not hidden
    assert [aside["title"] for aside in found["asides"]] == [["Consejo", True]]
    shot = tmp_path / "es.png"
    taken = browse(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=800,600", (dist / "es" / "a.html").as_uri())
    assert taken.returncode == 0 and shot.is_file(), taken.stderr
    assert 0.01 < inked(*pixels(shot.read_bytes())) < 0.6, "the screenshot is blank or a solid block"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "es.png")
