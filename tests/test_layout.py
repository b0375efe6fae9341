"""Layouts that hold on every screen, in Chromium.

- Every built page at 320 and 390 px wide, as a phone shows it (touch, mobile viewport):
  nothing is wider than the screen, and the Exit control is inside the viewport at the top
  of the page and after scrolling to the end. One browser context and one tab visit every
  page once and measure both widths; requests for the search index are refused, since
  search plays no part in the layout.
- The challenge × strategy table on a phone and at 1280 px: row headers stay in view, each
  strategy's full name can be reached, a visible hint says when columns are out of view,
  and the scrolling region takes focus, has a name and scrolls from the keyboard.
- Short pages at 1280×900 and 1920×1080: the sidebars never run over the concerns box or
  the footer, and nothing hangs below the footer.
- The site's name is readable in the phone header; long quotes start at the left on a
  phone; glossary definitions open from the keyboard and with a tap.
- axe-core finds nothing on the pages these change, in both colour schemes, on a phone.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from conftest import PAGE_SHARDS, built_pages, page_shard, shard_id
from test_accessibility import axe_result, start_axe, switch_scheme

PHONE = {"width": 390, "height": 844}
PHONE_WIDTHS = (320, 390)

#: Measures one page at the current width: how wide the page is, and where the Exit
#: control is at the top and after scrolling to the end.
MEASURE = """() => {
    const exit = () => {
        const button = document.querySelector('.psg-exit__button');
        if (!button) return null;
        const r = button.getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    };
    window.scrollTo(0, 0);
    const top = exit();
    window.scrollTo(0, document.documentElement.scrollHeight);
    const end = exit();
    const scrolled = window.scrollY;
    window.scrollTo(0, 0);
    return {width: document.documentElement.scrollWidth, inner: window.innerWidth, top, end, scrolled,
            height: window.innerHeight};
}"""


def _phone(browser: Any, **extra: Any) -> Any:
    return browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, **extra)


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    """A page in a phone-sized context with touch."""
    context = _phone(browser)
    page = context.new_page()
    yield page
    context.close()


def _inside(box: list[float], width: int, height: int) -> bool:
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


# -------------------------------------------------------------------------------------
# Every page on a phone
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("shard", range(PAGE_SHARDS), ids=shard_id)
def test_no_page_is_wider_than_a_phone_and_exit_stays_on_screen(browser: Any, site_url: str, site_dir: Path, shard: int) -> None:
    """Every page (in parts, `page_shard`, for xdist to spread) at every phone width."""
    assert len(built_pages(site_dir)) > 50
    context = _phone(browser)
    context.route(re.compile(r"/search/search_index\.json$|/workers/search\.[^/]*\.js$"), lambda route: route.abort())
    page = context.new_page()
    rels = page_shard(site_dir, shard)
    problems: list[str] = []
    started = time.monotonic()
    try:
        widths = list(PHONE_WIDTHS)
        for rel in rels:
            page.goto(site_url + rel)
            for width in widths:
                if page.viewport_size["width"] != width:
                    page.set_viewport_size({"width": width, "height": PHONE["height"]})
                m = page.evaluate(MEASURE)
                where = f"{rel} at {width} px"
                if m["width"] > width or m["inner"] != width:
                    problems.append(f"{where}: the page is {m['width']} px wide")
                for moment in ("top", "end"):
                    if m[moment] is None or not _inside(m[moment], width, m["height"]):
                        problems.append(f"{where}: Exit is at {m[moment]} ({moment} of the page, scrolled {m['scrolled']})")
            widths.reverse()  # the next page starts at the width this one ended with
    finally:
        context.close()
    print(f"\n{len(rels)} pages x {len(PHONE_WIDTHS)} widths in {time.monotonic() - started:.0f} s")
    assert not problems, "\n".join(problems[:30])


# -------------------------------------------------------------------------------------
# The challenge × strategy table
# -------------------------------------------------------------------------------------

REGION = "[data-psg-matrix]"


def _matrix_state(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """(selector) => {
            const region = document.querySelector(selector);
            const r = region.getBoundingClientRect();
            const rows = [...region.querySelectorAll('th[scope=row]')].map(th => th.getBoundingClientRect());
            const cols = [...region.querySelectorAll('thead th[scope=col] a')];
            const hint = document.getElementById(region.getAttribute('aria-describedby'));
            return {
                region: [r.left, r.right], scrollLeft: region.scrollLeft,
                overflows: region.scrollWidth > region.clientWidth + 1,
                rowHeaders: rows.map(b => [b.left, b.right]),
                visibleColumns: cols.filter(a => { const b = a.getBoundingClientRect(); return b.left >= r.left && b.right <= r.right; }).length,
                hint: hint && !hint.hidden && hint.getBoundingClientRect().height > 0 ? hint.textContent.trim() : null,
                pageWidth: document.documentElement.scrollWidth,
            };
        }""",
        REGION,
    )


def test_matrix_on_a_phone_scrolls_sideways_with_the_challenges_in_view(phone: Any, site_url: str, guidance: Any) -> None:
    page = phone
    page.goto(site_url + "browse/matrix/")
    count = len(guidance.strategies)
    state = _matrix_state(page)
    assert state["pageWidth"] <= PHONE["width"]
    assert state["overflows"] and state["visibleColumns"] < count
    assert state["hint"] and state["hint"].startswith(f"Scroll sideways to see all {count} strategies")

    # The region is reached with Tab, is named, and scrolls with the arrow keys.
    region = page.get_by_role("region", name=re.compile(r"^Challenges \(rows\) and strategies S1 to S\d+ \(columns\)$"))
    assert region.count() == 1
    page.keyboard.press("Tab")  # the skip link, to the content
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", REGION):
            break
    else:
        pytest.fail("Tab never reaches the table's scrolling region")
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_timeout(400)  # smooth scrolling
    scrolled = _matrix_state(page)
    assert scrolled["scrollLeft"] > 0, "the region does not scroll from the keyboard"

    # Scrolled to the far side: the last strategy is in view, and every row header still is.
    page.evaluate("(s) => { const r = document.querySelector(s); r.scrollLeft = r.scrollWidth; }", REGION)
    end = _matrix_state(page)
    left, right = end["region"]
    assert end["rowHeaders"] and all(left - 1 <= a and b <= right + 1 for a, b in end["rowHeaders"]), "row headers scrolled away"
    last = page.locator(f"{REGION} thead th[scope=col] a").last
    box, bounds = last.bounding_box(), end["region"]
    assert box["x"] >= bounds[0] - 1 and box["x"] + box["width"] <= bounds[1] + 1


def test_matrix_names_every_strategy_in_full(phone: Any, site_url: str, guidance: Any) -> None:
    from psg.pages import strategy_title

    page = phone
    page.goto(site_url + "browse/matrix/")
    heads = page.locator(f"{REGION} thead th[scope=col] a")
    assert heads.count() == len(guidance.strategies)
    for index, strategy in enumerate(guidance.strategies, 1):
        name = strategy_title(strategy)
        head = heads.nth(index - 1)
        assert head.inner_text() == f"S{index}"
        assert head.get_attribute("aria-label") == f"S{index}: {name}"
        key = page.locator(f"#matrix-s{index}")
        assert head.get_attribute("href") == f"#matrix-s{index}"
        # The key names the strategy in full, then (on screen) its one-line summary.
        assert " ".join(key.inner_text().split()).startswith(f"S{index}: {name}")
        assert key.locator("a").inner_text() == name
        assert key.locator("a").get_attribute("href").rstrip("/").endswith(f"strategies/{strategy.id}")


def test_matrix_at_1280_shows_the_hint_only_when_columns_are_hidden(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "browse/matrix/")
    state = _matrix_state(page)
    assert state["pageWidth"] <= 1280
    assert (state["hint"] is not None) == state["overflows"]
    if not state["overflows"]:
        assert state["visibleColumns"] == len(page.locator(f"{REGION} thead th[scope=col] a").all())
    page.set_viewport_size({"width": 700, "height": 900})
    page.wait_for_function("() => !document.getElementById('psg-matrix-hint').hidden")
    narrow = _matrix_state(page)
    assert narrow["overflows"] and narrow["hint"] is not None, "the hint does not come back when the window narrows"


# -------------------------------------------------------------------------------------
# Short pages: the sidebars, the concerns box and the footer
# -------------------------------------------------------------------------------------

OVERLAP = """() => {
    const rect = el => el.getBoundingClientRect();
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const box = rect(document.querySelector('.psg-signpost'));
    const footer = rect(document.querySelector('.md-footer'));
    const out = [];
    for (const wrap of document.querySelectorAll('.md-sidebar .md-sidebar__scrollwrap')) {
        const r = rect(wrap);
        if (r.width === 0 || r.height === 0 || getComputedStyle(wrap).visibility === 'hidden') continue;
        const side = wrap.closest('.md-sidebar--primary') ? 'navigation' : 'table of contents';
        if (meets(r, box)) out.push(side + ' runs over the concerns box');
        if (meets(r, footer)) out.push(side + ' runs over the footer');
    }
    const end = footer.bottom + window.scrollY;
    if (document.documentElement.scrollHeight > Math.ceil(end) + 1)
        out.push(`the page goes on ${Math.round(document.documentElement.scrollHeight - end)} px below the footer`);
    return out;
}"""


@pytest.mark.parametrize("size", [(1280, 900), (1920, 1080)], ids=["1280x900", "1920x1080"])
def test_sidebars_never_run_over_the_concerns_box_or_footer(page: Any, site_url: str, guidance: Any, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    problems = []
    for rel in ["about/licence/", *(f"themes/{t.id}/" for t in guidance.themes), "privacy/"]:
        page.goto(site_url + rel)
        for _ in range(2):  # at the top, then scrolled to the end
            page.wait_for_timeout(150)  # the theme sizes its sidebars on the next frames
            problems += [f"{rel} (scrolled {page.evaluate('scrollY')}): {p}" for p in page.evaluate(OVERLAP)]
            page.mouse.wheel(0, 5000)
    assert not problems, "\n".join(problems)


# -------------------------------------------------------------------------------------
# The header, quotes and glossary on a phone
# -------------------------------------------------------------------------------------


def test_site_name_is_readable_in_the_phone_header(phone: Any, site_url: str) -> None:
    page = phone
    page.goto(site_url + "challenges/triggering/")
    name = page.evaluate(
        """() => {
            const el = document.querySelector('.md-header__topic:first-child .md-ellipsis');
            const r = el.getBoundingClientRect();
            const exit = document.querySelector('.psg-exit__button').getBoundingClientRect();
            const option = document.querySelector('.md-header__option');
            return {text: el.textContent.trim(), cut: el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
                    right: r.right, exit: exit.left, option: option ? option.getBoundingClientRect().left : exit.left,
                    size: parseFloat(getComputedStyle(el).fontSize)};
        }"""
    )
    assert name["text"] == "Peer Support Guidance"
    assert not name["cut"], "the site's name is cut short"
    assert name["right"] <= min(name["exit"], name["option"]), "the site's name runs under the controls beside it"
    assert name["size"] >= 14


def test_long_quotes_start_at_the_left_on_a_phone(phone: Any, site_url: str) -> None:
    page = phone
    page.goto(site_url + "challenges/triggering/")
    lines = page.evaluate(
        """() => {
            const quote = [...document.querySelectorAll('figure.psg-quote blockquote p')]
                .sort((a, b) => b.textContent.length - a.textContent.length)[0];
            const range = document.createRange();
            range.selectNodeContents(quote);
            const lines = new Map();  // each line's top → where its first box starts
            for (const r of range.getClientRects()) {
                const top = Math.round(r.top);
                lines.set(top, Math.min(lines.get(top) ?? Infinity, Math.round(r.left)));
            }
            const lefts = [...lines.values()];
            return {lefts, start: Math.round(quote.getBoundingClientRect().left), align: getComputedStyle(quote).textAlign};
        }"""
    )
    assert len(lines["lefts"]) >= 3, "expected a quote of several lines"
    assert lines["align"] in ("left", "start")
    assert set(lines["lefts"]) == {lines["start"]}, f"lines start at {sorted(set(lines['lefts']))}"


def _definition(guidance: Any, term: str) -> str:
    entry = next(t for t in guidance.glossary.terms if t.term == term)
    return " ".join(entry.definition.split())


def test_glossary_definition_opens_from_the_keyboard(page: Any, site_url: str, guidance: Any) -> None:
    page.goto(site_url + "challenges/triggering/")
    # The skip link, then Tab through the content until a glossary term has focus.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "ABBR":
            break
    else:
        pytest.fail("Tab never reaches a glossary term")
    term = page.evaluate("document.activeElement.textContent").lower()
    entry = next(t for t in guidance.glossary.terms if term in {t.term.lower(), *(v.lower() for v in t.variants)})
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert " ".join(tooltip.inner_text().split()) == " ".join(entry.definition.split())
    shown = tooltip.get_attribute("id")
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == shown
    page.keyboard.press("Tab")  # moving on closes it
    page.locator(f"#{shown}.md-tooltip2--active").wait_for(state="detached")


def test_glossary_definition_opens_with_a_tap(phone: Any, site_url: str, guidance: Any) -> None:
    page = phone
    page.goto(site_url + "challenges/triggering/")
    term = page.locator("article abbr[tabindex='0']", has_text=re.compile(r"^peer supporters?$", re.I)).first
    term.scroll_into_view_if_needed()
    term.tap()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert " ".join(tooltip.inner_text().split()) == _definition(guidance, "peer supporter")
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "the definition runs off the screen"


def test_each_glossary_term_takes_focus_once_per_page_outside_links_and_headings(site_dir: Path) -> None:
    html = (site_dir / "challenges" / "triggering" / "index.html").read_text(encoding="utf-8")
    article = html[html.find("<article") : html.find("</article>")]
    focusable = re.findall(r'<abbr tabindex="0" title="([^"]*)">', article)
    assert focusable and len(focusable) == len(set(focusable))
    assert set(focusable) == set(re.findall(r'<abbr[^>]* title="([^"]*)">', article))
    for tag in ("h1", "h2", "h3", "a", "summary"):
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", article, re.S):
            assert 'tabindex="0"' not in inner, f"a focusable term inside <{tag}>"


# -------------------------------------------------------------------------------------
# axe-core on the pages these change, on a phone, in both colour schemes
# -------------------------------------------------------------------------------------

CHANGED = ["", "browse/matrix/", "leaving-quickly/", "about/licence/", "challenges/triggering/"]


def test_axe_finds_nothing_on_the_changed_pages_on_a_phone(browser: Any, site_url: str, axe_source: str) -> None:
    context = _phone(browser)
    page = context.new_page()
    failures: list[str] = []
    try:
        for rel in CHANGED:
            page.goto(site_url + rel)
            for _ in range(2):
                start_axe(page, axe_source)
                scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                for violation in axe_result(page):
                    failures.append(f"{rel or '/'} [{scheme}] {violation['id']}: {violation['nodes'][:3]}")
                switch_scheme(page)
    finally:
        context.close()
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def axe_source() -> str:
    from test_accessibility import AXE

    assert AXE.is_file(), "axe-core is missing: run `make node` (npm ci)"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def guidance() -> Any:
    from conftest import ROOT
    from psg.validate import load_guidance

    return load_guidance(ROOT, None)
