"""A real browser opens the built Arabic page: right-to-left, and actually drawn.

Uses Debian's headless Chromium (``.ci/run`` installs it; as root this test
installs it too). Without a browser the test fails: it is never skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from locflow.cli import cli

DOC = "trigger-point-injections"
PROBE = """<script>
const measure = (selector) => {
  const element = document.querySelector(selector);
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect(), box = element.getBoundingClientRect();
  return [getComputedStyle(element).direction, Math.round(text.left - box.left), Math.round(box.right - text.right)];
};
document.body.dataset.page = getComputedStyle(document.documentElement).direction;
document.body.dataset.heading = measure("h1").join(" ");
document.body.dataset.fallback = measure("h3[lang=en]").join(" ");
</script>
"""


@pytest.fixture(scope="session")
def chromium() -> str:
    """Return the path of Chromium, installing Debian's package if needed (as root)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False, capture_output=True, timeout=900)
        found = shutil.which("chromium")
    if found is None:
        pytest.fail("Chromium is required for the browser test: install Debian's 'chromium' package (.ci/run does)")
    return found


def browse(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
        f"--user-data-dir={profile}", *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG into (width, channels, rows of raw pixel bytes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, header = 8, b"", None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    channels = 3 if color == 2 else 4
    stride = width * channels
    raw = zlib.decompress(data)
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up, corner = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                estimate = left + up - corner
                guess = min((abs(estimate - left), 0, left), (abs(estimate - up), 1, up), (abs(estimate - corner), 2, corner))[2]
                line[x] = (line[x] + guess) & 255
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def inked(width: int, channels: int, rows: list[bytes]) -> float:
    """Return the share of a picture's pixels unlike its top-left one (the page's background)."""
    background = rows[0][:3]
    ink = sum(1 for row in rows for x in range(0, width * channels, channels) if row[x : x + 3] != background)
    return ink / (width * len(rows))


def test_the_arabic_page_is_right_to_left_and_drawn(chromium, shipped, tmp_path):
    result = CliRunner().invoke(cli, ["-C", str(shipped), "build", "--locale", "ar"])
    assert result.exit_code == 0, result.output
    page = shipped / "dist" / "ar" / f"{DOC}.html"

    probe = tmp_path / "probe" / "ar" / f"{DOC}.html"
    probe.parent.mkdir(parents=True)
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = browse(chromium, tmp_path / "profile-dom", "--dump-dom", probe.as_uri())
    assert dom.returncode == 0, dom.stderr
    found = dict(re.findall(r'data-(page|heading|fallback)="([^"]*)"', dom.stdout))
    assert found["page"] == "rtl"
    direction, left, right = found["heading"].split()
    assert direction == "rtl" and int(right) <= 1 < int(left)  # the Arabic heading sits at the right edge
    direction, left, right = found["fallback"].split()
    assert direction == "ltr" and int(left) <= 1 < int(right)  # the English fallback reads left to right

    shot = tmp_path / "page.png"
    taken = browse(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=600,900", page.as_uri())
    assert taken.returncode == 0 and shot.is_file(), taken.stderr
    width, channels, rows = pixels(shot.read_bytes())
    background = rows[0][:3]
    assert 0.005 < inked(width, channels, rows) < 0.6, "the screenshot is blank or a solid block"
    # Drawn text is right-aligned: the right half of the page holds more ink than the left half.
    halves = [0, 0]
    for row in rows[: len(rows) // 3]:
        for x in range(0, width * channels, channels):
            if row[x : x + 3] != background:
                halves[x // channels >= width // 2] += 1
    assert halves[1] > halves[0]
