"""The offline copy: `make offline` (scripts/offline.py) builds a zip that works opened
from file:// with no web server, and that refers to nothing on unpkg or any other host.

The zip is built once, unpacked, and opened in Chromium from file://: pages, search
(with its typo correction and no-results panel, issue 15), checklists and exit this
page must all work, and no request may leave the machine
(every request to another host is intercepted and refused, and the exit navigation is
cancelled once the browser has asked for it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

#: xdist: these tests share the offline zip, built once, so they run on one worker.
pytestmark = pytest.mark.xdist_group("offline")


def configured_exit_url() -> str:
    """`extra.exit_url` from mkdocs.yml: where exit this page goes."""
    found = re.search(r"^  exit_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found, "mkdocs.yml has no extra.exit_url"
    return found.group(1).strip("\"'")


EXIT_URL = configured_exit_url()

FOLDER = "peer-support-guidance"


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "offline.zip"
    # Placeholder PDFs: nothing here tests them (the real ones are tested with the real build).
    env = {**os.environ, "PSG_SKIP_PDF": "1"}
    result = subprocess.run(
        [sys.executable, "scripts/offline.py", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, f"offline build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def offline_site(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(dest)
    return dest / FOLDER


class Offline:
    """A browser page for the unpacked copy, with every request recorded."""

    def __init__(self, context: Any, site: Path) -> None:
        self.site = site
        self.requests: list[str] = []
        self.exits: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        context.route(lambda url: not url.startswith("file://"), self._intercept)

    def _intercept(self, route: Any) -> None:
        if route.request.url.rstrip("/") == EXIT_URL and route.request.is_navigation_request():
            self.exits.append(route.request.url)
            route.abort("aborted")  # the browser stays on the page as it was when it left
        else:
            route.abort()

    def open(self, rel: str) -> Any:
        self.page.goto((self.site / rel).as_uri())
        return self.page

    def foreign(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://") and u.rstrip("/") != EXIT_URL]


@pytest.fixture()
def offline(browser: Any, offline_site: Path) -> Iterator[Offline]:
    context = browser.new_context()
    yield Offline(context, offline_site)
    context.close()


# -------------------------------------------------------------------------------------
# The zip
# -------------------------------------------------------------------------------------


def test_the_zip_refers_to_nothing_on_unpkg_and_carries_the_shim(offline_zip: Path) -> None:
    with zipfile.ZipFile(offline_zip) as zf:
        names = zf.namelist()
        assert all(name.startswith(f"{FOLDER}/") for name in names)
        mentions = [name for name in names if b"unpkg" in zf.read(name)]
        shim = zf.read(f"{FOLDER}/assets/javascripts/iframe-worker/shim.js")
        index = zf.read(f"{FOLDER}/index.html").decode("utf-8")
    assert mentions == [], f"files that refer to unpkg: {mentions}"
    assert shim == (ROOT / "node_modules/iframe-worker/shim/index.js").read_bytes()
    assert f"{FOLDER}/assets/javascripts/iframe-worker/LICENSE" in names
    assert '<script src="assets/javascripts/iframe-worker/shim.js">' in index
    assert f"{FOLDER}/search/search_index.js" in names
    # No directory URLs: every page is a file that links to other files.
    assert f"{FOLDER}/privacy.html" in names and 'href="privacy.html"' in index


def test_the_shim_is_the_pinned_version(offline_zip: Path) -> None:
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/iframe-worker"]["version"] == pinned
    shim = (ROOT / "node_modules/iframe-worker/shim/index.js").read_bytes()
    copies = [p for p in (ROOT / "docs").rglob("*.js") if p.read_bytes() == shim]
    assert copies == [], f"the shim is installed by npm ci at build time, never kept in docs/: {copies}"


# -------------------------------------------------------------------------------------
# Opened from file://
# -------------------------------------------------------------------------------------


def test_pages_open_and_link_to_each_other(offline: Offline) -> None:
    page = offline.open("index.html")
    assert page.locator("article h1").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.psg-exit')).position") == "fixed"  # styles loaded
    page.click("nav.md-nav--primary a[href='using-this-site.html']")
    page.wait_for_url("**/using-this-site.html")
    assert page.inner_text("article h1").startswith("How to use this site")
    page.click("nav.md-nav--primary a[href='privacy.html']")
    page.wait_for_url("**/privacy.html")
    assert page.locator("[data-psg-clear-storage]").is_visible()
    assert offline.foreign() == []


def test_search_finds_pages(offline: Offline) -> None:
    page = offline.open("index.html")
    page.focus("input.md-search__input")
    page.keyboard.type("safeguarding")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert page.locator(".md-search-result__item").count() > 0
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert first and first.split("#")[0].endswith(".html")
    assert offline.foreign() == []


def test_search_corrects_a_typo_and_offers_a_way_on(offline: Offline) -> None:
    page = offline.open("challenges/triggering.html")
    page.focus("input.md-search__input")
    page.keyboard.type("boundries")
    page.wait_for_function(
        "() => /you typed boundries\\)/.test(document.querySelector('.psg-search-notice')?.textContent || '')",
        timeout=20000,
    )
    notice = " ".join(page.inner_text(".psg-search-notice").split())
    assert notice == "Showing results for boundaries (you typed boundries). Search for boundries instead"
    assert page.locator(".md-search-result__item").count() > 0
    page.click(".psg-search-notice__verbatim")
    panel = page.locator(".md-search-result > .psg-search-help")
    panel.wait_for()
    assert page.evaluate("document.getElementById('__search').checked"), "the control closed search"
    assert page.inner_text(".md-search-result__meta").strip() == "No matching documents"
    hrefs = panel.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 8
    for href in hrefs:
        assert href.startswith("file://") and Path(unquote(urlsplit(href).path)).is_file(), href
    panel.locator("a").first.click()
    page.wait_for_url("**/browse/audiences.html")
    assert offline.foreign() == []


def test_every_page_links_the_search_panel_to_files_that_exist(offline_site: Path) -> None:
    for html in sorted(offline_site.rglob("*.html")):
        if html.name == "404.html":
            continue
        panel = re.search(r'<template id="psg-search-help">.*?</template>', html.read_text(encoding="utf-8"), re.DOTALL)
        assert panel is not None, html
        rel = html.relative_to(offline_site).as_posix()
        hrefs = [a["href"] for a in BeautifulSoup(panel.group(0), "html.parser").find_all("a", href=True)]  # select() skips <template> contents
        assert len(hrefs) >= 8, rel
        for href in hrefs:
            target = urlsplit(urljoin(rel, href)).path
            assert (offline_site / target).is_file(), f"{rel}: {href}"


def test_checklist_answers_are_kept_and_cleared(offline: Offline) -> None:
    page = offline.open("checklists/before-you-start.html")
    box = page.locator("input.psg-item__check").first
    box.check()
    page.reload()
    assert page.locator("input.psg-item__check").first.is_checked()
    assert any(key.startswith("psg-answers:") for key in page.evaluate("Object.keys(localStorage)"))
    page = offline.open("privacy.html")
    page.click("[data-psg-clear-storage] button")
    assert not any(key.startswith("psg-answers:") for key in page.evaluate("Object.keys(localStorage)"))
    page = offline.open("checklists/before-you-start.html")
    assert not page.locator("input.psg-item__check").first.is_checked()
    assert offline.foreign() == []


def test_your_progress_shows_answers_from_the_checklist_pages(offline: Offline) -> None:
    page = offline.open("checklists/before-you-start.html")
    first, second = page.locator("li.psg-item").evaluate_all("els => els.slice(0, 2).map(e => e.dataset.item)")
    page.locator(f"#check-{first}").check()
    page.get_by_role("link", name="Action plan").click()
    page.locator(f"#owner-{second}").fill("Sam")
    page = offline.open("checklists/progress.html")
    row = page.locator(".psg-progress-table tr[data-checklist='before-you-start'] td")
    assert row.all_inner_texts()[:3] == ["1", "0", "0"]  # in place, in progress, not applicable
    action = page.locator(".psg-action")
    assert action.count() == 1 and "Sam" in action.inner_text()
    action.get_by_role("link").click()
    page.wait_for_url(f"**/checklists/before-you-start.html#{second}")
    assert offline.foreign() == []


def test_exit_works(offline: Offline) -> None:
    page = offline.open("challenges/triggering.html")
    for _ in range(3):
        page.keyboard.press("Shift")
    for _ in range(250):
        if offline.exits:
            break
        page.wait_for_timeout(20)
    assert [u.rstrip("/") for u in offline.exits] == [EXIT_URL]
    assert page.evaluate("document.body.classList.contains('psg-exit-hide-content')")
    assert page.locator(".psg-exit-overlay").is_visible()
    assert not page.locator(".md-container").is_visible()
    assert offline.foreign() == []


def test_search_finds_pages_by_keywords_it_never_shows(offline: Offline) -> None:
    # Search-only keywords (tests/test_readers.py) ride in the offline index too, in a
    # field the results never show; the maintainers' pages stay out of it.
    script = (offline.site / "search" / "search_index.js").read_text(encoding="utf-8")
    data = json.loads(script[len("var __index = "):])
    assert "keywords" in data["config"]["fields"]
    assert [d["location"] for d in data["docs"] if d["location"].startswith("maintaining/")] == []
    page = offline.open("index.html")
    page.focus("input.md-search__input")
    page.keyboard.type("vicarious trauma")
    target = "challenges/triggering.html"
    page.wait_for_function(
        "target => [...document.querySelectorAll('.md-search-result__item a.md-search-result__link')]"
        ".some(a => a.getAttribute('href').split('#')[0].endsWith(target))",
        arg=target,
        timeout=20000,
    )
    # What the results show of each page: its title, excerpt and tags (without Material's
    # "Missing:" line, which repeats words of the query that a result lacks).
    shown = page.evaluate(
        "() => { const list = document.querySelector('.md-search-result__list').cloneNode(true);"
        " list.querySelectorAll('.md-search-result__terms').forEach(e => e.remove()); return list.textContent; }"
    )
    assert "vicarious" not in shown.casefold()
    page.keyboard.press("Control+A")
    page.keyboard.type("mkdocstrings")
    page.wait_for_function("() => /no matching/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=20000)
    assert offline.foreign() == []
