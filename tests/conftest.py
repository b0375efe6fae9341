"""Shared fixtures: one real strict build of the site, a loopback server, and Chromium.

Browser tests use Debian's Chromium (`/usr/bin/chromium`) through Playwright; browser
downloads are blocked here, so Playwright's own browsers are never used.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PSG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def mkdocs_build(dest: Path, env: dict[str, str] | None = None, config: Path | None = None) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` into `dest` and return the finished process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]
    if config:
        cmd += ["-f", str(config)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    dest = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a free loopback port."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists() or shutil.which("chromium"), "Chromium is missing: run `make system-deps`"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page (own storage, no shared cookies)."""
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


def built_pages(site_dir: Path) -> list[Path]:
    """Every HTML page of the built site, except Material's 404 page."""
    return sorted(p for p in site_dir.rglob("*.html") if p.name != "404.html")
