"""Search relevance and search privacy, in Chromium, through the site's real search box.

The queries live in `tests/search/queries.yml` (see the comment at its top). For each one
the test types the query into Material's search box, waits for the results, and reads the
result groups: each top-level `.md-search-result__item` is one page, and its first link is
that page. A query passes "top 3" when one of its expected pages is among the first three
groups, and "top 1" when the first group is one of them.

Targets (issue 4), on the held-out half: at least 90% top 3 and at least 70% top 1. The
tuning half is held to the same targets, and both halves are reported on the terminal.
A failure lists the tuning half's misses; the held-out half's stay hidden unless
`PSG_SHOW_HELD_OUT=1` is set, so that nobody tunes against them by accident.

The other tests here check that a page's own title finds it, that the search settings in
mkdocs.yml do what their comment says, and that search terms never reach a URL or the
browser history (Material's `search.highlight` would add them as `?h=`).

Run only these tests with `.venv/bin/python -m pytest tests/test_search_relevance.py`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT

#: xdist: these tests share every query, run once in the browser, so they run on one worker.
pytestmark = pytest.mark.xdist_group("search_relevance")

QUERIES_FILE = ROOT / "tests" / "search" / "queries.yml"
HALVES = ("tuning", "held_out", "held_out_fresh", "forgiving_tuning", "forgiving_held_out")
TOP_3_TARGET = 0.90
TOP_1_TARGET = 0.70
#: The forgiving set (typos, US spellings) has a higher top-1 target (issue 15).
TOP_1_TARGETS = {"forgiving_tuning": 0.75, "forgiving_held_out": 0.75}
MIN_QUERIES = 40
ROLES = {"programme-manager", "safeguarding-lead", "hr-recruitment", "trainer-supervisor", "peer-supporter"}
THEMES = {"target-group", "recruitment", "organisational-systems", "in-the-job"}

#: Script run once per page: counts changes to the search results and remembers the last.
_WATCH_RESULTS = """
() => {
  window.__psgChanges = 0;
  window.__psgChanged = performance.now();
  const results = document.querySelector(".md-search-result");
  new MutationObserver(() => { window.__psgChanges += 1; window.__psgChanged = performance.now(); })
    .observe(results, {childList: true, subtree: true, characterData: true});
}
"""
#: True once the results have changed since `before` and then stayed still for `quiet` ms;
#: or, when filling the box already searched and the last key press gave the very same
#: results (so nothing changed after it), once they changed since `filled` and then stayed
#: still for `settled` ms.
_RESULTS_SETTLED = (
    "([before, quiet, filled, settled]) => {"
    " const still = performance.now() - window.__psgChanged;"
    " return (window.__psgChanges > before && still > quiet) || (window.__psgChanges > filled && still > settled); }"
)


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One query of the suite and the pages that should answer it."""

    half: str
    text: str
    expect: tuple[str, ...]
    role: str
    theme: str


@dataclass(frozen=True)
class Score:
    """Top-1 and top-3 counts for one half of the suite."""

    half: str
    total: int
    top1: int
    top3: int

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total

    def line(self) -> str:
        return (
            f"{self.half:>18}: top-1 {self.top1}/{self.total} ({self.top1_rate:.0%}), "
            f"top-3 {self.top3}/{self.total} ({self.top3_rate:.0%})"
        )


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """Read the query file into `Query` objects, in file order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(half, entry["query"], tuple(entry["expect"]), entry["role"], entry["theme"])
        for half in HALVES
        for entry in data[half]
    ]


def open_search(page: Any, site_url: str) -> None:
    """Open the home page, focus the search box and wait for the index to load."""
    page.goto(site_url)
    page.evaluate(_WATCH_RESULTS)
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta')?.textContent || '').trim() !== ''"
        " && !/initializ/i.test(document.querySelector('.md-search-result__meta').textContent)"
    )


def search(page: Any, text: str) -> list[str]:
    """Type a query into the open search box and return the result groups' links, in order.

    The box is filled up to the last character, which is then typed as a key press:
    Material searches on key-up, so it searches once, for the whole query.

    Args:
        page: A Playwright page on which `open_search` has run.
        text: The query.

    Returns:
        The link (`href` as written in the page) of each result group's page.
    """
    box = page.locator("input.md-search__input")
    filled = page.evaluate("() => window.__psgChanges")
    box.fill(text[:-1])
    before = page.evaluate("() => window.__psgChanges")
    box.press_sequentially(text[-1])
    page.wait_for_function(_RESULTS_SETTLED, arg=[before, 150, filled, 3000], polling=25)
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(li => li.querySelector('a.md-search-result__link').getAttribute('href'))",
    )


def site_path(href: str, site_url: str) -> str:
    """Turn a result link into a site path such as `challenges/triggering/` (no query, no anchor)."""
    path = urlsplit(urljoin(site_url, href)).path
    base = urlsplit(site_url).path
    return path[len(base):] if path.startswith(base) else path


def score(half: str, queries: list[Query], results: dict[str, list[str]]) -> Score:
    """Count top-1 and top-3 hits for the queries of one half."""
    mine = [q for q in queries if q.half == half]
    top1 = sum(1 for q in mine if results[q.text][:1] and results[q.text][0] in q.expect)
    top3 = sum(1 for q in mine if set(results[q.text][:3]) & set(q.expect))
    return Score(half, len(mine), top1, top3)


def run_suite(page: Any, site_url: str, queries: list[Query]) -> dict[str, list[str]]:
    """Run every query and return its result groups as site paths."""
    open_search(page, site_url)
    return {q.text: [site_path(h, site_url) for h in search(page, q.text)] for q in queries}


# -------------------------------------------------------------------------------------
# Fixtures
# -------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def queries() -> list[Query]:
    return load_queries()


@pytest.fixture(scope="session")
def results(browser: Any, site_url: str, queries: list[Query]) -> dict[str, list[str]]:
    """Every query's result groups, from one browser page."""
    context = browser.new_context()
    try:
        return run_suite(context.new_page(), site_url, queries)
    finally:
        context.close()


@pytest.fixture(scope="session")
def scores(queries: list[Query], results: dict[str, list[str]]) -> dict[str, Score]:
    """Every half's scores (each test of a half also reports its line: `terminal_summary`)."""
    return {half: score(half, queries, results) for half in HALVES}


def _misses(half: str, queries: list[Query], results: dict[str, list[str]]) -> str:
    """List the queries that missed, for the tuning half only.

    The held-out half's misses stay hidden unless `PSG_SHOW_HELD_OUT=1` is set, so that
    nobody tunes keywords against them by accident.
    """
    if "held_out" in half and os.environ.get("PSG_SHOW_HELD_OUT") != "1":
        return "  (held-out misses are hidden; set PSG_SHOW_HELD_OUT=1 to list them)"
    lines = []
    for q in queries:
        if q.half == half and not set(results[q.text][:3]) & set(q.expect):
            lines.append(f"  {q.text!r}: got {results[q.text][:3]}, expected one of {list(q.expect)}")
    return "\n".join(lines)


# -------------------------------------------------------------------------------------
# Tests: the query file
# -------------------------------------------------------------------------------------


def test_query_file_is_large_and_varied_enough(queries: list[Query]) -> None:
    assert len(queries) >= MIN_QUERIES
    texts = [q.text.casefold() for q in queries]
    assert len(texts) == len(set(texts)), "a query appears twice"
    for half in HALVES:
        mine = [q for q in queries if q.half == half]
        assert len(mine) >= MIN_QUERIES // 2 - 2, f"{half} is too small"
        assert {q.role for q in mine} == ROLES, f"{half} misses a role"
        assert {q.theme for q in mine} == THEMES, f"{half} misses a theme"
        lengths = [len(q.text.split()) for q in mine]
        assert sum(n <= 2 for n in lengths) >= 2, f"{half} needs short (one- or two-word) queries"
        assert sum(n >= 5 for n in lengths) >= 4, f"{half} needs long queries"


def test_every_expected_page_exists(queries: list[Query], site_dir: Path) -> None:
    for q in queries:
        assert q.expect, f"{q.text!r} lists no page"
        for path in q.expect:
            assert path.endswith("/") and (site_dir / path / "index.html").is_file(), f"{q.text!r}: no page {path}"


def test_queries_are_not_page_titles(queries: list[Query], site_dir: Path) -> None:
    titles = set()
    for html in site_dir.rglob("index.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for heading in soup.select("article h1"):
            titles.add(heading.get_text(" ", strip=True).replace("¶", "").strip().casefold())
    copied = [q.text for q in queries if q.text.casefold() in titles]
    assert not copied, f"queries copied from page titles: {copied}"


# -------------------------------------------------------------------------------------
# Tests: relevance
# -------------------------------------------------------------------------------------


def test_search_runs_in_the_real_search_box(results: dict[str, list[str]]) -> None:
    assert any(results.values()), "no query returned any result: is the search index loading?"


@pytest.mark.parametrize("half", HALVES)
def test_relevance_meets_targets(
    half: str, queries: list[Query], results: dict[str, list[str]], scores: dict[str, Score], terminal_summary: Any
) -> None:
    found = scores[half]
    terminal_summary("Search relevance (tests/search/queries.yml)", found.line())
    assert found.top3_rate >= TOP_3_TARGET, f"{found.line()}\nmisses:\n{_misses(half, queries, results)}"
    assert found.top1_rate >= TOP_1_TARGETS.get(half, TOP_1_TARGET), found.line()


def test_typing_a_title_finds_its_page(browser: Any, site_url: str, site_dir: Path) -> None:
    # Keywords and boosts must not bury a page under its own title: challenges and
    # strategies come first, checklists in the first three.
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"]: d["title"] for d in docs if "#" not in d["location"] and d["location"].split("/")[0] in ("challenges", "strategies", "checklists") and d["location"] != "checklists/"}
    context = browser.new_context()
    try:
        page = context.new_page()
        open_search(page, site_url)
        found = {path: [site_path(h, site_url) for h in search(page, title)] for path, title in pages.items()}
    finally:
        context.close()
    wanted = {path: 1 if path.startswith(("challenges/", "strategies/")) else 3 for path in pages}
    missed = {pages[p]: found[p][:3] for p in pages if p not in found[p][: wanted[p]]}
    assert not missed, f"titles that do not find their page: {missed}"


# -------------------------------------------------------------------------------------
# Tests: search configuration
# -------------------------------------------------------------------------------------


def _search_config(site_dir: Path) -> dict[str, Any]:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]


def test_queries_are_matched_against_an_unstemmed_index(site_dir: Path) -> None:
    # Material appends "*" to every query word and lunr never stems wildcard words, so a
    # stemmed index ("call") cannot match what people type ("calling"). See mkdocs.yml.
    config = _search_config(site_dir)
    assert "stemmer" not in config["pipeline"]
    assert "stopWordFilter" in config["pipeline"]


def test_separator_works_in_every_browser(site_dir: Path) -> None:
    separator = _search_config(site_dir)["separator"]
    assert "(?<" not in separator, "look-behind breaks search in Safari before 16.4"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("I can't fix everything for the young person", ["fix", "everything", "young"]),
        ("young person’s ‘confidante’ role", ["young", "confidante", "role"]),
        ("Don't know what to do after a disclosure", ["know", "disclosure"]),
        ("criminal-record check (DBS) / vetting", ["criminal", "record", "check", "DBS", "vetting"]),
        ("24/7 availability", ["24", "7", "availability"]),
        ("Canterbury, Atlas and Thesaurus", ["Canterbury", "Atlas", "Thesaurus"]),
    ],
)
def test_separator_drops_stop_words_and_apostrophe_endings(page: Any, site_dir: Path, text: str, tokens: list[str]) -> None:
    # The same regular expression splits the index and the query, in the browser.
    separator = _search_config(site_dir)["separator"]
    got = page.evaluate(
        "([sep, text]) => text.split(new RegExp(sep)).filter(t => t)",
        [separator, text],
    )
    assert got == tokens


# -------------------------------------------------------------------------------------
# Tests: search terms stay out of URLs and history
# -------------------------------------------------------------------------------------

PRIVATE_QUERY = "criminal record hiring"


def test_search_highlighting_is_off() -> None:
    config = yaml.safe_load(
        "\n".join(line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if "!ENV" not in line)
    )
    assert "search.highlight" not in config["theme"].get("features", [])


def _carries_query(url: str) -> bool:
    """True if a URL holds search terms: a query string (`?h=`, `?q=`) or a text fragment."""
    parts = urlsplit(url)
    return bool(parts.query) or ":~:" in parts.fragment


def test_no_search_result_link_carries_the_query(page: Any, site_url: str) -> None:
    open_search(page, site_url)
    search(page, PRIVATE_QUERY)
    hrefs = page.eval_on_selector_all(".md-search-result a[href]", "links => links.map(a => a.href)")
    assert hrefs, "the query found nothing"
    assert not [h for h in hrefs if _carries_query(h)], "search result links carry the query"


def test_following_a_result_keeps_the_query_out_of_the_url_and_history(page: Any, site_url: str) -> None:
    open_search(page, site_url)
    search(page, PRIVATE_QUERY)
    first = page.locator(".md-search-result__list > .md-search-result__item a.md-search-result__link").first
    target = first.get_attribute("href")
    with page.expect_navigation():
        first.click()
    assert site_path(page.url, site_url) == site_path(urljoin(site_url, target), site_url)
    assert not _carries_query(page.url), page.url
    cdp = page.context.new_cdp_session(page)
    history = [entry["url"] for entry in cdp.send("Page.getNavigationHistory")["entries"]]
    assert len(history) >= 2, history
    assert not [url for url in history if _carries_query(url)], f"search terms in the history: {history}"
