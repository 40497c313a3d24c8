"""`locflow serve`: a real server on a free port, a saved catalog seen in the page, a clean stop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest

DOC = "trigger-point-injections"
WAIT = 60.0
"""Seconds a step may take at most on a busy machine; the loops end as soon as the step is done."""


def fetch(url: str) -> tuple[str, dict[str, str]]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (a loopback URL of the test's own server)
        return response.read().decode("utf-8"), dict(response.headers)


def _start(shipped: Path, *options: str, ignore_sigint: bool = False) -> tuple[subprocess.Popen, str]:
    """Start `locflow serve` on a free port; return it and its URL (with `ignore_sigint`, as a script's background job starts it)."""
    process = subprocess.Popen(  # faulthandler: a server that hangs is made to show every thread's stack (`_stopped`)
        [sys.executable, "-m", "locflow", "-C", str(shipped), "serve", *options, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None,
    )
    url = None
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline()
        lines.append(line)
        if match := re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line):
            url = match.group(1)
            break
    if url is None:
        process.kill()
        pytest.fail(f"the server did not say its URL: {lines} {process.stderr.read()}")
    return process, url


@pytest.fixture
def server(shipped: Path):
    process, url = _start(shipped)
    yield process, url
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def _stopped(process: subprocess.Popen) -> int:
    """Return the server's exit code once it stops; if it does not within `WAIT`, fail with every thread's stack."""
    try:
        return process.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)  # PYTHONFAULTHANDLER: the stacks go to stderr
        _, stderr = process.communicate(timeout=30)
        pytest.fail(f"the server did not stop within {WAIT} s of SIGINT; its threads:\n{stderr[-6000:]}")


def test_serve_reloads_a_page_after_a_catalog_is_saved_and_stops_cleanly(server, shipped):
    process, url = server
    page_url = f"{url}es/{DOC}.html"
    page, headers = fetch(page_url)
    assert '<h1 id="trigger-point-injections">Inyecciones en puntos gatillo</h1>' in page
    assert '<script src="/__locflow/reload.js"></script>' in page
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "reload.js" not in (shipped / "dist" / "es" / f"{DOC}.html").read_text(encoding="utf-8")  # served only
    assert "location.reload" in fetch(f"{url}__locflow/reload.js")[0]
    version = fetch(f"{url}__locflow/version")[0]
    review, _ = fetch(f"{url}review/es/{DOC}.html")
    assert 'data-status="filler"' in review

    po_path = shipped / "locales" / "es" / "LC_MESSAGES" / f"{DOC}.po"
    po = polib.pofile(str(po_path))
    po.find("Trigger Point Injections").msgstr = "Inyecciones en los puntos gatillo"
    po.save(str(po_path))
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        page, _ = fetch(page_url)
        if '<h1 id="trigger-point-injections">Inyecciones en los puntos gatillo</h1>' in page:
            break
        time.sleep(0.2)
    assert '<h1 id="trigger-point-injections">Inyecciones en los puntos gatillo</h1>' in page
    # The version goes up once the whole rebuild (pages, then the review site) is done: the page
    # may be there a moment before, on a loaded machine.
    while time.monotonic() < deadline and fetch(f"{url}__locflow/version")[0] == version:
        time.sleep(0.2)
    assert fetch(f"{url}__locflow/version")[0] != version  # the open tab's script sees it and reloads
    assert "Inyecciones en los puntos gatillo" in fetch(f"{url}review/es/{DOC}.html")[0]

    port = int(url.rstrip("/").rsplit(":", 1)[1])
    process.send_signal(signal.SIGINT)
    assert _stopped(process) == 0
    assert "Stopped." in process.stdout.read()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGINT, ignored where it was started"])
def test_serve_stops_cleanly_on_sigterm_and_on_sigint_even_started_as_a_script_s_background_job(shipped, stop):
    """A script's ``locflow serve &`` inherits SIGINT ignored; ``kill`` and ``docker stop`` send SIGTERM."""
    process, url = _start(shipped, "--no-review", ignore_sigint=stop.startswith("SIGINT"))
    try:
        assert "Inyecciones en puntos gatillo" in fetch(f"{url}es/{DOC}.html")[0]
        process.send_signal(signal.SIGINT if stop.startswith("SIGINT") else signal.SIGTERM)
        assert _stopped(process) == 0
        assert "Stopped." in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_serve_refuses_a_port_in_use(shipped):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "locflow", "-C", str(shipped), "serve", "--no-review", "--port", str(port)],
            capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
        )
    assert result.returncode == 2
    assert f"Error: cannot listen on 127.0.0.1:{port}" in result.stderr
