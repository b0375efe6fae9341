"""Accessibility in Chromium: WCAG 2.2 AA with axe-core on every page in both colour
schemes, plus what axe cannot judge alone: the skip link, visible focus, and controls
that work from the keyboard.

axe-core comes from node_modules (`npm ci`, pinned in package.json). It runs with all of
its default rules, and every rule tagged wcag2a, wcag2aa, wcag21a, wcag21aa or wcag22aa
turned on as well (target-size, WCAG 2.5.8, is off by default); no rule is turned off.
"""

from __future__ import annotations

import difflib
import functools
import re
import time
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import PAGE_SHARDS, ROOT, built_pages, page_shard, shard_id


def configured_exit_url() -> str:
    """`extra.exit_url` from mkdocs.yml: where exit this page goes."""
    found = re.search(r"^  exit_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found, "mkdocs.yml has no extra.exit_url"
    return found.group(1).strip("\"'")


EXIT_URL = configured_exit_url()

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MATERIAL = Path(__import__("material").__file__).parent / "templates"

#: Starts axe once every running CSS transition has ended (a scheme switch fades colours):
#: the default rules plus every rule with a WCAG 2.x A/AA tag; none disabled. The result
#: lands in window.__psgAxe, so that several pages can run axe at the same time.
START_AXE = """(tags) => {
    window.__psgAxe = null;
    (async () => {
        const running = document.getAnimations().filter(a => a.effect && a.effect.getTiming().iterations !== Infinity);
        await Promise.all(running.map(a => a.finished.catch(() => null)));
        const rules = {};
        for (const rule of axe.getRules(tags)) rules[rule.ruleId] = {enabled: true};
        const result = await axe.run(document, {rules, resultTypes: ["violations"]});
        window.__psgAxe = result.violations.map(v => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
        }));
    })().catch(error => { window.__psgAxe = [{id: "axe-error", impact: "error", nodes: [String(error)]}]; });
}"""
#: Pages that run axe side by side: one per processor core is what helps.
WORKERS = 2

SCHEME = "document.body.getAttribute('data-md-color-scheme')"
TOGGLE = "form[data-md-component=palette] label:not([hidden])"


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `make node` (npm ci)"
    return AXE.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def start_axe(page: Any, axe_source: str) -> None:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    page.evaluate(START_AXE, WCAG_TAGS)


def axe_result(page: Any) -> list[dict[str, Any]]:
    page.wait_for_function("window.__psgAxe !== null", timeout=120_000)
    return page.evaluate("window.__psgAxe")


def switch_scheme(page: Any) -> None:
    """Select the colour-scheme toggle (a click, without hovering, so no tooltip shows)."""
    before = page.evaluate(SCHEME)
    page.evaluate("selector => document.querySelector(selector).click()", TOGGLE)
    page.wait_for_function(f"{SCHEME} !== {before!r}")


def focus_ring(page: Any) -> tuple[str, float]:
    """The outline of the focused element (or of the label that shows a hidden input)."""
    return page.evaluate(
        """() => {
            let el = document.activeElement;
            if (el.classList.contains('md-option')) el = el.nextElementSibling;
            const s = getComputedStyle(el);
            return [s.outlineStyle, parseFloat(s.outlineWidth)];
        }"""
    )


# -------------------------------------------------------------------------------------
# axe-core over every page, in both colour schemes
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("shard", range(PAGE_SHARDS), ids=shard_id)
def test_axe_finds_no_violations_on_any_page_in_either_colour_scheme(
    browser: Any, site_url: str, site_dir: Path, axe_source: str, shard: int
) -> None:
    """Every page, in parts (`page_shard`) that xdist spreads over its workers: each page is
    loaded once, axe-core is injected once, and runs in the scheme the page opened in and
    then in the other one."""
    context = browser.new_context()
    context.route(lambda url: not url.startswith(site_url.rstrip("/")), lambda route: route.abort())
    workers = [context.new_page() for _ in range(WORKERS)]
    rels = page_shard(site_dir, shard)
    schemes: dict[str, set[str]] = {rel: set() for rel in rels}
    failures: list[str] = []
    started = time.monotonic()
    try:
        for first in range(0, len(rels), WORKERS):
            batch = list(zip(workers, rels[first : first + WORKERS]))
            for page, rel in batch:
                page.goto(site_url + rel)
            for _ in range(2):  # the scheme each page opened in, then the other one
                for page, rel in batch:
                    start_axe(page, axe_source)
                for page, rel in batch:
                    scheme = page.evaluate(SCHEME)
                    schemes[rel].add(scheme)
                    for violation in axe_result(page):
                        failures.append(f"{rel} [{scheme}] {violation['id']} ({violation['impact']}):")
                        failures.extend(f"    {node}" for node in violation["nodes"][:5])
                    switch_scheme(page)
    finally:
        context.close()
    print(
        f"\naxe-core: {len(rels)} pages x 2 colour schemes = {2 * len(rels)} runs in "
        f"{time.monotonic() - started:.0f} s; {sum(1 for f in failures if not f.startswith(' '))} violations"
    )
    assert all(found == {"default", "slate"} for found in schemes.values()), schemes
    assert not failures, "axe-core violations:\n" + "\n".join(failures)


def test_axe_runs_the_wcag_22_rules_that_are_off_by_default(page: Any, site_url: str, axe_source: str) -> None:
    page.goto(site_url)
    page.add_script_tag(content=axe_source)
    ran = page.evaluate(
        """async (tags) => {
            const rules = {};
            for (const rule of axe.getRules(tags)) rules[rule.ruleId] = {enabled: true};
            const r = await axe.run(document, {rules});
            return [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map(x => x.id);
        }""",
        WCAG_TAGS,
    )
    default = page.evaluate("async () => { const r = await axe.run(document); return [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map(x => x.id); }")
    assert "target-size" in ran and "target-size" not in default
    assert set(default) <= set(ran)


# -------------------------------------------------------------------------------------
# What every page has
# -------------------------------------------------------------------------------------


def test_every_page_has_a_language_one_main_heading_and_a_skip_link(site_dir: Path) -> None:
    problems = []
    for path in built_pages(site_dir):
        soup = parsed(path)
        rel = path.relative_to(site_dir).as_posix()
        if soup.html.get("lang") != "en":
            problems.append(f"{rel}: lang={soup.html.get('lang')!r}")
        if len(soup.select("article h1")) != 1:
            problems.append(f"{rel}: {len(soup.select('article h1'))} h1 headings")
        skip = soup.select_one("a.md-skip")
        if skip is None or not skip["href"].startswith("#") or soup.find(id=skip["href"][1:]) is None:
            problems.append(f"{rel}: no working skip link")
    assert not problems, "\n".join(problems)


def test_links_say_where_they_go(site_dir: Path) -> None:
    """No link text such as "click here" or "more"; every link has a name."""
    vague = re.compile(r"^(click here|here|more|read more|this|link|this page)$", re.I)
    problems = []
    for path in built_pages(site_dir):
        for a in parsed(path).select("article a[href], aside a[href]"):
            if "headerlink" in a.get("class", []):
                continue
            name = (a.get("aria-label") or a.get_text(" ", strip=True) or a.get("title") or "").strip()
            if not name or vague.match(name):
                problems.append(f"{path.relative_to(site_dir).as_posix()}: {a}")
    assert not problems, "\n".join(problems[:20])


# -------------------------------------------------------------------------------------
# The keyboard
# -------------------------------------------------------------------------------------


def test_skip_link_then_exit_come_first_with_a_visible_focus(page: Any, site_url: str) -> None:
    page.goto(site_url + "challenges/triggering/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("md-skip")
    assert page.locator("a.md-skip").is_visible()
    assert focus_ring(page)[0] != "none" and focus_ring(page)[1] >= 2
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Emergency Exit this page"
    assert focus_ring(page)[0] != "none" and focus_ring(page)[1] >= 2
    # The skip link moves focus past the header and navigation to the content.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") != ""


def test_exit_works_from_the_keyboard(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    requested: list[str] = []

    def cancel(route: Any) -> None:
        requested.append(route.request.url)
        route.abort("aborted")

    context.route(lambda url: not url.startswith(site_url.rstrip("/")), cancel)
    page = context.new_page()
    try:
        page.goto(site_url)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.classList.contains('psg-exit-hide-content')")
        for _ in range(100):
            if requested:
                break
            page.wait_for_timeout(20)
        assert [u.rstrip("/") for u in requested] == [EXIT_URL]
    finally:
        context.close()


def test_colour_scheme_search_and_content_notes_work_from_the_keyboard(page: Any, site_url: str) -> None:
    page.goto(site_url + "challenges/confidante-and-safeguarding/")
    before = page.evaluate(SCHEME)
    for _ in range(10):  # Tab to the colour-scheme toggle, in the header
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-option')"):
            break
    assert focus_ring(page)[0] != "none"
    page.keyboard.press("Enter")
    page.wait_for_function(f"{SCHEME} !== {before!r}")

    summary = page.locator("details.psg-content-note > summary").first
    summary.focus()
    assert focus_ring(page)[0] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.psg-content-note').open")
    page.keyboard.press("Space")
    assert not page.evaluate("document.querySelector('details.psg-content-note').open")

    page.goto(site_url + "privacy/")
    page.focus("input.md-search__input")
    page.keyboard.type("safeguarding")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    in_results = "document.activeElement.closest('.md-search-result__item') !== null"
    for _ in range(5):  # results for the first letters can still be replaced as the last ones arrive
        page.wait_for_timeout(300)
        page.keyboard.press("ArrowDown")
        if page.evaluate(in_results):
            break
    assert page.evaluate(in_results), "ArrowDown does not reach the search results"
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/privacy/" not in url)


# -------------------------------------------------------------------------------------
# Template overrides stay Material's own, apart from their one change
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["search.html", "nav-item.html"])
def test_overrides_of_material_partials_differ_only_by_their_fix(name: str) -> None:
    ours = (ROOT / "docs" / "overrides" / "partials" / name).read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials" / name).read_text(encoding="utf-8")
    strip_header = functools.partial(re.sub, r"^\{#-.*?-#\}\n", "", count=1, flags=re.S)
    ours_lines = strip_header(ours).splitlines()
    theirs_lines = strip_header(theirs).splitlines()
    changed = [line for line in difflib.ndiff(theirs_lines, ours_lines) if line[:1] in "+-"]
    expected = {
        "search.html": [
            '- <div class="md-search" data-md-component="search" role="dialog">',
            '+ <div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        ],
        "nav-item.html": ['+                 <span class="psg-sr">{{ render_title(nav_item) }} section</span>'],
    }[name]
    assert changed == expected, (
        f"docs/overrides/partials/{name} no longer matches Material's own apart from its fix: "
        "copy Material's new version and make the fix again"
    )
