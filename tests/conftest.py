"""Shared fixtures: one real strict build of the site, a loopback server, and Chromium.

Browser tests use Debian's Chromium (`/usr/bin/chromium`) through Playwright; browser
downloads are blocked here, so Playwright's own browsers are never used.

The suite runs in parallel (pytest-xdist, `addopts` in pyproject.toml). Every worker reads
the same built site, built once under a file lock: it starts building in the background as
the tests are collected, while the workers run the tests that need no built site first.
Each worker runs one Chromium. Tests over every page are split into `PAGE_SHARDS` parts, so
that the workers share them. A module whose module-scoped fixture is expensive (its own
build, a server, the browser's search results) is kept on one worker with
`pytestmark = pytest.mark.xdist_group(...)` (`--dist loadgroup`).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from filelock import FileLock

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


#: Tests that visit every page run in this many parts (`page_shard`), so that the xdist
#: workers can share them; each part is a test of its own.
PAGE_SHARDS = 6


def _xdist_shared_folder(config: pytest.Config) -> Path | None:
    """The folder this session's xdist workers share (each worker's basetemp is inside it).

    None outside xdist. It is made new for every session, so no other session's site is read.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER") or not config.option.basetemp:
        return None
    return Path(config.option.basetemp).resolve().parent


def _build_shared_site(shared: Path) -> Path:
    """Build the site into `shared` once for all workers, under a file lock; return it.

    The first caller builds it and writes down how the build ended; every later caller
    (another worker, or the same one) waits for the lock and reads that.
    """
    dest = shared / "shared-site" / "site"
    outcome = shared / "shared-site.json"
    with FileLock(str(shared / "shared-site.lock")):
        if not outcome.is_file():
            result = mkdocs_build(dest)
            outcome.write_text(json.dumps({"returncode": result.returncode, "output": f"{result.stdout}\n{result.stderr}"}))
    built = json.loads(outcome.read_text())
    assert built["returncode"] == 0, f"strict build failed:\n{built['output']}"
    return dest


def _uses_the_site(item: pytest.Item) -> bool:
    return "site_dir" in getattr(item, "fixturenames", ())


_BACKGROUND: list[threading.Thread] = []


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected: only the tests that will run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, start the shared build at once and run the tests that need no site first.

    So no worker sits idle while the site builds: the build runs in the background while
    the workers run the tests that build their own projects or need no site at all. Every
    worker sorts the same way, so xdist sees the same collection everywhere.
    """
    shared = _xdist_shared_folder(config)
    if shared is None or config.option.collectonly or not any(_uses_the_site(item) for item in items):
        return
    _BACKGROUND.append(threading.Thread(target=_build_in_background, args=(shared,), daemon=True))
    _BACKGROUND[-1].start()
    items.sort(key=_uses_the_site)  # stable: the order within each half is kept


def _build_in_background(shared: Path) -> None:
    try:
        _build_shared_site(shared)
    except AssertionError:
        pass  # the site_dir fixture reports the failed build, in the tests that need it


def pytest_sessionfinish() -> None:
    """Leave no build running (a run stopped early, by -x, may end before the site is needed)."""
    for thread in _BACKGROUND:
        thread.join(timeout=600)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`.

    Under xdist every worker reads one shared build (`_build_shared_site`), started in the
    background as the tests are collected. Tests only read this site; a test that changes a
    site builds its own.
    """
    shared = _xdist_shared_folder(pytestconfig)
    if shared is not None:
        return _build_shared_site(shared)
    dest = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(dest)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


#: `user_properties` name under which a test reports a line for the end of the run.
SUMMARY = "psg-terminal-summary"
_SUMMARY_LINES: dict[str, list[str]] = {}


@pytest.fixture()
def terminal_summary(record_property: Any) -> Any:
    """`terminal_summary(heading, line)`: print `line` under `heading` at the end of the run.

    A figure worth seeing on every run (the search relevance scores). It goes through the
    test's report, so it reaches the terminal from an xdist worker too.
    """
    return lambda heading, line: record_property(SUMMARY, [heading, line])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call":  # the teardown report carries the same properties again
        return
    for name, value in report.user_properties:
        if name == SUMMARY:
            _SUMMARY_LINES.setdefault(value[0], []).append(value[1])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for heading, lines in _SUMMARY_LINES.items():
        terminalreporter.write_sep("-", heading)
        for line in lines:
            terminalreporter.write_line("  " + line)


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


def page_shard(site_dir: Path, shard: int) -> list[str]:
    """Part `shard` of every page (`built_pages`), as paths from the site's root.

    Every page is in exactly one of the `PAGE_SHARDS` parts (every `PAGE_SHARDS`-th page),
    so a test parametrized over `range(PAGE_SHARDS)` still covers every page.
    """
    rels = [path.relative_to(site_dir).as_posix() for path in built_pages(site_dir)]
    assert len(rels) >= PAGE_SHARDS, f"only {len(rels)} pages built"
    return rels[shard::PAGE_SHARDS]


def shard_id(shard: int) -> str:
    """A readable test id for one part of the pages: `pages-1-of-6`."""
    return f"pages-{shard + 1}-of-{PAGE_SHARDS}"
