"""`locflow serve`: preview dist/ (and review/, pseudo/dist/) locally, rebuilding and reloading on save.

A file watcher (watchfiles: the operating system's change notifications,
not a polling loop of ours) sees a source, catalog, template or
configuration file saved; ``cli``'s `rebuild` runs the build (which renders
only the pages whose inputs changed) and whatever else the preview shows;
then every open tab reloads. The reload script is served as
``/__locflow/reload.js`` and added to HTML responses only as they are
served, never written to dist/; it polls ``/__locflow/version``. Every
response carries a Content-Security-Policy without ``'unsafe-inline'``
for scripts, so inline script stays forbidden in the served pages.
"""

from __future__ import annotations

import http.server
import os
import posixpath
import signal
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from locflow.config import Config
from locflow.errors import LocflowError

PREFIX = "/__locflow/"
RELOAD_TAG = b'<script src="/__locflow/reload.js"></script>\n'
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
RELOAD_JS = b"""\
// Added by locflow serve: reload this page when the preview is rebuilt.
(function () {
  let seen = null;
  async function poll() {
    try {
      const response = await fetch("/__locflow/version", {cache: "no-store"});
      const version = await response.text();
      if (seen !== null && version !== seen) { location.reload(); return; }
      seen = version;
    } catch (error) { /* the server is restarting or gone: try again */ }
    setTimeout(poll, 500);
  }
  poll();
})();
"""
WATCHED_SUFFIXES = (".md", ".po", ".toml", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Change:
    """What a save changed, as `rebuild` gets it."""

    paths: tuple[str, ...]
    """The files saved, relative to the project."""


class Preview:
    """The running preview: an HTTP server on one thread, a file watcher on another."""

    def __init__(self, config: Config, mounts: Mapping[str, Path], host: str, port: int,
                 rebuild: Callable[[Change], None], report: Callable[[str], None]) -> None:
        self.config = config
        self.mounts = dict(sorted(mounts.items(), key=lambda item: -len(item[0])))
        """URL prefix (``/``, ``/review/``) to the folder it serves; longest prefix first."""
        self.rebuild = rebuild
        self.report = report
        self.version = 0
        self.stop = threading.Event()
        handler = type("Handler", (_Handler,), {"preview": self})
        self.server = http.server.ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        self.watcher = threading.Thread(target=self._watch, name="locflow-watch", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def run(self) -> None:
        """Serve until interrupted (KeyboardInterrupt is raised to the caller); always close the port.

        Ctrl-C (SIGINT) and SIGTERM (``kill``, ``docker stop``, a process
        manager) both stop it, even when it was started where SIGINT is
        ignored (a script's background job inherits that) and as a
        container's first process (which has no default action for SIGTERM).
        """
        stops = (signal.SIGINT, signal.SIGTERM)
        main = threading.current_thread() is threading.main_thread()  # only the main thread may set handlers
        previous = {number: signal.signal(number, _interrupted) for number in stops} if main else {}
        self.watcher.start()
        try:
            self.server.serve_forever(poll_interval=0.2)
        finally:
            self.stop.set()
            self.server.server_close()
            self.watcher.join(timeout=5)
            for number, handler in previous.items():
                if handler is not None:  # None: a handler not set from Python, which cannot be set back
                    signal.signal(number, handler)

    def _watch(self) -> None:
        root = self.config.root
        folders = [root / name for name in (self.config.source_dir, self.config.locales_dir) if (root / name).is_dir()]
        files = [root / self.config.file] + ([root / self.config.template] if self.config.template else [])
        watched = folders + [path for path in files if path.is_file()]
        wanted = {str(path) for path in files}

        def relevant(_change: watchfiles.Change, path: str) -> bool:
            name = os.path.basename(path)
            return path in wanted or (name.endswith(WATCHED_SUFFIXES) and not name.startswith("."))

        for changes in watchfiles.watch(*watched, watch_filter=relevant, stop_event=self.stop, rust_timeout=500,
                                        yield_on_timeout=False, debounce=200, raise_interrupt=False):
            paths = tuple(sorted({self.config.relative(path) for _, path in changes}))
            try:
                self.rebuild(Change(paths))
            except LocflowError as err:
                self.report(f"Error: {err}")
                continue
            self.version += 1

    def folder_for(self, url_path: str) -> tuple[Path, str] | None:
        """Return the folder serving `url_path` and the path inside it, or None."""
        for prefix, folder in self.mounts.items():
            if url_path.startswith(prefix):
                return folder, url_path[len(prefix):]
            if url_path + "/" == prefix:
                return folder, ""
        return None


def _interrupted(number: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # quiet: the preview prints rebuilds, not requests

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path: str) -> str:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        found = self.preview.folder_for(url_path)
        if found is None:
            return os.devnull + "/missing"
        folder, rest = found
        parts = [p for p in posixpath.normpath("/" + rest).split("/") if p and p not in (".", "..")]
        return str(folder.joinpath(*parts))

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = urllib.parse.urlsplit(self.path).path
        if path == PREFIX + "reload.js":
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        if path == PREFIX + "version":
            return self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
        target = Path(self.translate_path(self.path))
        if target.is_file() and target.suffix in (".html", ".htm"):
            data = target.read_bytes()
            at = data.rfind(b"</body>")
            data = data[:at] + RELOAD_TAG + data[at:] if at >= 0 else data + RELOAD_TAG
            return self._send(data, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def preview(config: Config, mounts: Mapping[str, Path], host: str, port: int,
            rebuild: Callable[[Change], None], report: Callable[[str], None]) -> Preview:
    """Return a preview bound to `host`:`port` (0: any free port), ready to `run`.

    A port already taken is a `LocflowError`.
    """
    try:
        return Preview(config, mounts, host, port, rebuild, report)
    except OSError as err:
        raise LocflowError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
