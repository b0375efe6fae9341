"""`mkdocs serve` while editing: edits show quickly, and a broken edit never breaks the server.

One real `mkdocs serve --livereload` runs on a temporary copy of the project. The test
edits a challenge's title and waits for the page to show it; then breaks the file, checks
that the terminal shows the error while the last good page is still served, and fixes it
again.

How quickly an edit shows is a performance figure, not a test: `make bench` measures it
against its budget (scripts/bench.py). Here the waits are generous, so that a busy machine
cannot fail a server that works.
"""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest

from _project import copy_project, env

#: xdist: these tests share one `mkdocs serve`, started once, so they run on one worker.
pytestmark = pytest.mark.xdist_group("serve")

#: How long an edit may take to show before the server counts as stuck: far beyond any
#: reload time (`make bench` measures those), so that only a server that never serves the
#: edit fails.
GENEROUS = 60.0
PAGE = "challenges/triggering/"
CONTENT = "guidance/challenges/triggering.yml"


class Server:
    """A running `mkdocs serve`, with its terminal output collected line by line."""

    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[tuple[float, str]] = []
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
        self.proc = subprocess.Popen(cmd, cwd=root, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def output(self, since: float = 0.0) -> str:
        return "\n".join(text for at, text in list(self.lines) if at >= since)

    def wait_for_line(self, pattern: str, since: float, timeout: float) -> float:
        """Return when a line matching `pattern` was printed after `since`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, text in list(self.lines):
                if at >= since and re.search(pattern, text):
                    return at
            assert self.proc.poll() is None, f"mkdocs serve exited:\n{self.output()}"
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n{self.output(since)}")

    def get(self, path: str, timeout: float = 10) -> str:
        with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _title(page: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert match, "the page has no <h1>"
    heading = re.sub(r'<a class="headerlink".*?</a>', "", match.group(1))
    return html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = copy_project(tmp_path_factory.mktemp("serve") / "project")
    running = Server(root, _free_port())
    try:
        running.wait_for_line(r"Serving on http://127\.0\.0\.1", 0.0, timeout=300)
        yield running
    finally:
        running.stop()


def _set_title(server: Server, title: str) -> float:
    path = server.root / CONTENT
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^title: .*$", f"title: {title}", text, count=1)
    assert count == 1
    saved = time.monotonic()
    path.write_text(text, encoding="utf-8")
    return saved


def _wait_for_title(server: Server, title: str, timeout: float = 60) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _title(server.get(PAGE)) == title:
                return time.monotonic()
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            pass
        time.sleep(0.02)
    raise AssertionError(f"the page never showed {title!r}:\n{server.output()}")


def test_an_edit_is_served(server: Server) -> None:
    """A saved edit is detected, rebuilt and served; twice, so the second reload works too."""
    for attempt in (1, 2):
        title = f"Triggering (edit {attempt})"
        saved = _set_title(server, title)
        served = _wait_for_title(server, title, timeout=GENEROUS)
        detected = server.wait_for_line(r"Detected file changes", saved, timeout=GENEROUS)
        print(f"edit {attempt}: detected {detected - saved:.2f} s after saving, served {served - saved:.2f} s after (not a measurement: see make bench)")


def test_a_broken_edit_keeps_the_last_good_site_and_a_fix_recovers(server: Server) -> None:
    good = "Triggering (last good)"
    _set_title(server, good)
    _wait_for_title(server, good)

    path = server.root / CONTENT
    text = path.read_text(encoding="utf-8")
    broken_at = time.monotonic()
    path.write_text(text.replace(f"title: {good}", "title: [Triggering", 1), encoding="utf-8")
    server.wait_for_line(r"Still serving the last good site", broken_at, timeout=60)
    terminal = server.output(broken_at)
    assert re.search(rf"{re.escape(CONTENT)}:\d+:\d+: title: found a YAML syntax error", terminal), terminal

    started = time.monotonic()
    served = server.get(PAGE, timeout=5)
    assert _title(served) == good  # answered at once, not stuck
    assert time.monotonic() - started < 2
    assert "Triggering" in server.get("", timeout=5)
    # Every page of the last good site shows the errors in a banner, word for word.
    error_line = next(line.strip() for line in terminal.splitlines() if re.search(rf"{re.escape(CONTENT)}:\d+:\d+: title:", line))
    for page in (served, server.get("", timeout=5)):
        banner = re.search(r'<div role="alert" class="psg-content-errors".*?</div>', page, re.DOTALL)
        assert banner, "no error banner on the page"
        assert error_line in html.unescape(re.sub(r"<[^>]+>", "", banner.group(0))), banner.group(0)

    fixed = "Triggering (fixed)"
    path.write_text(text.replace(f"title: {good}", f"title: {fixed}", 1), encoding="utf-8")
    _wait_for_title(server, fixed)
    assert "psg-content-errors" not in server.get(PAGE, timeout=5) + server.get("", timeout=5)
    assert server.proc.poll() is None


def test_serve_looks_for_saved_files_more_often_than_mkdocs(tmp_path: Path) -> None:
    """The hook swaps MkDocs' half-second poll for a quicker one, and keeps every watch."""
    import importlib.util

    from mkdocs.livereload import LiveReloadServer

    from _project import ROOT

    spec = importlib.util.spec_from_file_location("guidance_hook_poll", ROOT / "hooks" / "guidance.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    watched = tmp_path / "docs"
    watched.mkdir()
    server.watch(str(watched))
    assert server.observer.timeout == 0.5  # MkDocs' own interval, which the hook replaces
    hook.on_serve(server, config=SimpleNamespace(site_dir=server.root), builder=server.builder)
    assert server.observer.timeout == hook.POLL_SECONDS < 0.5
    assert [emitter.watch.path for emitter in server.observer.emitters] == [str(watched)]

    server.observer.start()
    try:
        time.sleep(3 * hook.POLL_SECONDS)  # the first poll takes the snapshot to compare with
        (watched / "page.md").write_text("changed", encoding="utf-8")
        deadline = time.monotonic() + 5
        while not server._want_rebuild and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._want_rebuild, "the saved file was never noticed"
    finally:
        server.observer.stop()
        server.observer.join()
