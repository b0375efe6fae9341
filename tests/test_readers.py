"""A site for its readers (issue 13): the workings out of the way, in Chromium.

- The maintainers' section is built and linked from the footer, but is in neither the
  reader navigation nor search; reader pages show no content file, line range or item
  code; a maintainers' page says where every generated page comes from.
- Search keywords find their pages but appear on no page and in no search result.
- Checklist items are numbered for people (1.1, 1.2, 2.1…), on screen, to screen
  readers, and in links from strategy pages.
- The home page links the key findings; browse pages give a summary beside each link.
- No page title repeats the site's name; there is a "page not found" page with search,
  home, the checklists and the Exit control; headings' names carry no "¶".

Browser tests run on a phone (390 × 844, touch) and on a 1280 px desktop. The offline
copy's search is checked in tests/test_offline.py, clearing answers in
tests/test_checklist_browser.py.
"""

from __future__ import annotations

import difflib
import functools
import html
import json
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, built_pages
from psg.pages import build_pages, item_numbers, page_sources
from psg.render import quiet_permalinks
from psg.keywords import add_search_keywords
from psg.validate import load_guidance
from test_accessibility import AXE, MATERIAL, axe_result, start_axe
from test_search_relevance import _WATCH_RESULTS, search, site_path

GUIDANCE = load_guidance(ROOT, None, check_quotes=False)
NUMBERS = item_numbers(GUIDANCE)
SITE_NAME = "Peer Support Guidance"

#: A phone (with touch) and a desktop.
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

#: Words that appear only on the maintainers' pages: searching for them finds nothing.
MAINTAINERS_ONLY_WORDS = ("mkdocstrings", "pydantic", "docstrings")

# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def soup_at(site_dir: Path, path: str) -> BeautifulSoup:
    """Parse the built page at a site path such as `challenges/triggering/` or `404.html`."""
    file = site_dir / path if path.endswith(".html") else site_dir / path / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def page_path(site_dir: Path, file: Path) -> str:
    rel = file.relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def reader_pages(site_dir: Path) -> list[Path]:
    """Every built page a reader meets: all but the maintainers' section (404 included)."""
    return [p for p in [*built_pages(site_dir), site_dir / "404.html"] if not page_path(site_dir, p).startswith("maintaining/")]


@functools.lru_cache(maxsize=None)
def shown(site_dir: Path, path: str) -> str:
    """What a page shows or tells a reader: its text and the attributes read out or shown on hover."""
    body = BeautifulSoup(str(soup_at(site_dir, path).body), "html.parser")
    for hidden in body(["script", "style", "template"]):
        hidden.decompose()
    said = [body.get_text(" ")]
    for el in body.find_all(True):
        said += [str(el.get(name, "")) for name in ("title", "aria-label", "alt", "placeholder")]
    return " ".join(" ".join(said).split())


def normal(text: str) -> str:
    return " ".join(text.split())


def search_only_keywords() -> dict[str, list[str]]:
    """The keywords of each challenge and strategy that no content or reader page words.

    These are the words search alone may know ("vicarious trauma", "background check"):
    they are in no content field but `keywords`, and in no hand-written reader page (the
    changelog included). The item's id → those keywords.
    """
    corpus = []
    for model in (*GUIDANCE.themes, *GUIDANCE.challenges, *GUIDANCE.strategies, *GUIDANCE.checklists):
        corpus += _strings(model.model_dump(mode="json"))
    # The services in the concerns box (on every page) and the peer supporters' page are reader text too.
    for model in (GUIDANCE.study, GUIDANCE.glossary, GUIDANCE.works, GUIDANCE.respondents, GUIDANCE.signposting, GUIDANCE.peer_supporters):
        corpus += _strings(model.model_dump(mode="json"))
    corpus += [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md") if "maintaining" not in p.parts]
    corpus.append((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))  # shown on the Changes page
    text = normal(" ".join(corpus)).casefold()
    out = {}
    for item in (*GUIDANCE.challenges, *GUIDANCE.strategies):
        words = [w for w in item.keywords if normal(w).casefold() not in text]
        if words:
            out[item.id] = words
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for key, v in value.items() if key != "keywords" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def word(*terms: str) -> re.Pattern[str]:
    """A case-insensitive match of any of these whole words or phrases."""
    either = "|".join(re.escape(normal(term)) for term in sorted(terms, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + either + r")(?![\w-])", re.IGNORECASE)


def item_path(item_id: str) -> str:
    kind = "strategies" if any(s.id == item_id for s in GUIDANCE.strategies) else "challenges"
    return f"{kind}/{item_id}/"


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, str]]:
    """A fresh page on a phone or on a desktop, with the screen's name."""
    context = browser.new_context(**SCREENS[request.param])
    yield context.new_page(), request.param
    context.close()


def select(page: Any, locator: Any, on: str) -> None:
    """Tap on a phone, click on a desktop."""
    locator.scroll_into_view_if_needed()
    locator.tap() if on == "phone" else locator.click()


def open_search(page: Any, site_url: str, on: str = "desktop") -> None:
    """Open the home page and its search, as a reader would on this screen, and wait for the index."""
    page.goto(site_url)
    page.evaluate(_WATCH_RESULTS)
    if on == "phone":
        page.locator("label.md-header__button[for=__search]").tap()
    else:
        page.locator("input.md-search__input").click()
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__meta')?.textContent || '').trim() !== ''"
        " && !/initializ/i.test(document.querySelector('.md-search-result__meta').textContent)"
    )


def index_docs(site_dir: Path) -> list[dict[str, Any]]:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


# -------------------------------------------------------------------------------------
# 1. Readers and maintainers apart
# -------------------------------------------------------------------------------------


def test_maintainers_section_is_built_but_in_no_reader_navigation(site_dir: Path) -> None:
    sources = sorted((ROOT / "docs" / "maintaining").rglob("*.md"))
    assert sources
    for md in sources:
        rel = md.relative_to(ROOT / "docs").with_suffix("").as_posix()
        path = rel[: -len("index")] if rel.endswith("/index") else rel + "/"
        assert (site_dir / path / "index.html").is_file(), f"{path} is not built"
    for file in built_pages(site_dir):
        nav = soup_at(site_dir, page_path(site_dir, file)).select("nav.md-nav--primary a[href*='maintaining']")
        assert not nav, f"{page_path(site_dir, file)} has the maintainers' section in its navigation"


def test_every_page_links_the_maintainers_section_from_its_footer(site_dir: Path) -> None:
    for file in [*built_pages(site_dir), site_dir / "404.html"]:
        path = page_path(site_dir, file)
        links = soup_at(site_dir, path).select("footer a")
        found = [a for a in links if a.get_text(strip=True) == "For maintainers"]
        assert len(found) == 1, f"{path}: {len(found)} 'For maintainers' links in the footer"
        base = "http://site/" if path.endswith(".html") else f"http://site/{path}"
        assert urlsplit(urljoin(base, found[0]["href"])).path == "/maintaining/", path


def test_footer_link_leads_to_the_maintainers_section(screen: tuple[Any, str], site_url: str) -> None:
    page, on = screen
    page.goto(site_url + "challenges/triggering/")
    assert page.locator("nav.md-nav--primary a[href*='maintaining']").count() == 0
    select(page, page.get_by_role("contentinfo").get_by_role("link", name="For maintainers", exact=True), on)
    page.wait_for_url("**/maintaining/")
    assert page.get_by_role("heading", level=1, name="Maintaining this site", exact=True).count() == 1


def test_maintainers_pages_are_out_of_the_search_index(site_dir: Path) -> None:
    locations = [d["location"] for d in index_docs(site_dir)]
    assert any(loc.startswith("challenges/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("maintaining/")]
    for md in (ROOT / "docs" / "maintaining").rglob("*.md"):
        front = md.read_text(encoding="utf-8").split("---", 2)[1]
        assert "search:\n  exclude: true" in front, f"{md.relative_to(ROOT)} is not excluded from search"


def test_searching_for_maintainers_words_finds_nothing(browser: Any, site_url: str) -> None:
    context = browser.new_context(**SCREENS["desktop"])
    page = context.new_page()
    try:
        open_search(page, site_url)
        for text in MAINTAINERS_ONLY_WORDS:
            assert search(page, text) == [], f"{text!r} finds pages"
        # The same search finds the page when the words are on a reader page.
        assert search(page, "safeguarding")
    finally:
        context.close()


def test_reader_pages_show_no_file_paths_line_ranges_or_item_codes(site_dir: Path) -> None:
    codes = {entry.id for c in GUIDANCE.checklists for s in c.sections for entry in s.items}
    patterns = {
        "a YAML path": re.compile(r"\.ya?ml\b", re.I),
        "a line range": re.compile(r"\blines? \d+", re.I),
        "a content file": re.compile(r"content file", re.I),
        "a keyword list": re.compile(r"related terms", re.I),
    }
    any_code = word(*codes)
    problems = []
    for file in reader_pages(site_dir):
        path = page_path(site_dir, file)
        text = shown(site_dir, path)
        problems += [f"{path}: {what}" for what, pattern in patterns.items() if pattern.search(text)]
        problems += [f"{path}: item code {code}" for code in sorted({m.lower() for m in any_code.findall(text)})]
    assert not problems, "\n".join(problems[:30])


def test_no_page_has_an_edit_link_without_an_edit_address(site_dir: Path) -> None:
    # Edit links go to content files: only where PSG_EDIT_BASE_URL is set (tests/test_build.py).
    edits = [page_path(site_dir, f) for f in built_pages(site_dir) if soup_at(site_dir, page_path(site_dir, f)).select("a.md-content__button")]
    assert edits == []


def test_maintainers_page_says_where_every_generated_page_comes_from(site_dir: Path) -> None:
    soup = soup_at(site_dir, "maintaining/pages/")
    rows = soup.select("article table tbody tr")
    found = {}
    for row in rows:
        cells = row.find_all("td")
        href = urlsplit(urljoin("http://site/maintaining/pages/", cells[0].a["href"])).path.lstrip("/")
        found[href] = (cells[1].get_text(strip=True), normal(cells[2].get_text(" ")))
    sources = page_sources(GUIDANCE)
    assert [p.uri for p in sources] == [p.uri for p in build_pages(GUIDANCE)], "page_sources lists other pages than build_pages makes"
    assert len(found) == len(sources)
    for source in sources:
        path = source.uri[: -len("index.md")] if source.uri.endswith("index.md") else source.uri[: -len(".md")] + "/"
        assert path in found, f"{source.uri} is not listed"
        file, where = found[path]
        assert file == (source.source_file or "all the content files"), path
        if source.lines:
            assert where.endswith(f"(lines {source.lines[0]}–{source.lines[1]})"), (path, where)
    assert found["challenges/triggering/"][0] == "guidance/challenges/triggering.yml"


# -------------------------------------------------------------------------------------
# 2. Search words without a keyword list
# -------------------------------------------------------------------------------------


def test_keywords_go_on_the_page_entry_escaped_and_only_if_searched() -> None:
    index = {
        "config": {"fields": {"title": {"boost": 2}, "text": {"boost": 1}, "keywords": {"boost": 1.2}}},
        "docs": [{"location": "a/", "title": "A", "text": "x"}, {"location": "a/#s", "title": "S", "text": "y"}],
    }
    out = json.loads(add_search_keywords(json.dumps(index), {"a/": ["DBS check", "a <b> & c"]}))
    assert out["docs"] == [
        {"location": "a/", "title": "A", "text": "x", "keywords": ["DBS check", "a &lt;b&gt; &amp; c"]},
        {"location": "a/#s", "title": "S", "text": "y"},
    ]
    with pytest.raises(ValueError, match="no entry in the search index: b/"):
        add_search_keywords(json.dumps(index), {"b/": ["x"]})
    del index["config"]["fields"]["keywords"]
    with pytest.raises(ValueError, match="has no field 'keywords'"):
        add_search_keywords(json.dumps(index), {"a/": ["x"]})


def test_there_are_search_only_keywords_to_hide() -> None:
    # If every keyword were also in the content, the tests below could not fail.
    terms = search_only_keywords()
    assert sum(len(words) for words in terms.values()) >= 20
    assert "vicarious trauma" in terms["triggering"]
    assert "background check" in terms["legal-and-educational-barriers"]


def test_search_only_keywords_are_on_no_page_and_in_no_result_text(site_dir: Path) -> None:
    any_term = word(*{term for words in search_only_keywords().values() for term in words})
    problems = []
    for file in reader_pages(site_dir):
        path = page_path(site_dir, file)
        problems += [f"{path}: {term!r}" for term in any_term.findall(shown(site_dir, path))]
    for doc in index_docs(site_dir):
        shown_text = BeautifulSoup(f"{doc['title']} {doc['text']} {' '.join(doc.get('tags', []))}", "html.parser").get_text(" ")
        problems += [f"search index {doc['location']}: {term!r}" for term in any_term.findall(shown_text)]
    assert not problems, "\n".join(problems[:30])


def test_keywords_are_a_search_field_of_the_page_entry(site_dir: Path) -> None:
    data = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "keywords" in data["config"]["fields"], "Material's worker indexes only the fields named in the config"
    docs = {d["location"]: d for d in data["docs"]}
    for item in (*GUIDANCE.challenges, *GUIDANCE.strategies):
        assert [html.unescape(w) for w in docs[item_path(item.id)]["keywords"]] == list(item.keywords), item.id
    sections = [loc for loc, d in docs.items() if "#" in loc and "keywords" in d]
    assert sections == [], "keywords belong to the page's own entry, not its sections"


def test_search_only_keywords_find_their_page_and_are_never_shown(screen: tuple[Any, str], site_url: str) -> None:
    page, on = screen
    open_search(page, site_url, on)
    terms = search_only_keywords()
    if on == "phone":  # a sample on the phone; every page's first such keyword on the desktop
        terms = dict(list(terms.items())[::6])
    missed, leaked = [], []
    for item_id, words in terms.items():
        term = words[0]
        results = [site_path(href, site_url) for href in search(page, term)]
        if item_path(item_id) not in results:
            missed.append(f"{term!r}: {item_path(item_id)} not in {results[:5]}")
        shown_text = normal(page.locator(".md-search-result").inner_text())
        if word(term).search(shown_text):
            leaked.append(term)
    assert not missed, "\n".join(missed)
    assert not leaked, f"search results show search-only keywords: {leaked}"


# -------------------------------------------------------------------------------------
# 3. Checklist items numbered for people
# -------------------------------------------------------------------------------------


def test_checklist_items_are_read_out_by_number_never_by_code(screen: tuple[Any, str], site_url: str) -> None:
    page, _ = screen
    checklist = GUIDANCE.checklists[0]
    page.goto(f"{site_url}checklists/{checklist.id}/")
    for number, section in enumerate(checklist.sections, start=1):
        assert page.get_by_role("heading", name=f"{number}. {section.title}", exact=True).count() == 1
        for entry in section.items:
            n = NUMBERS[entry.id]
            assert page.get_by_role("checkbox", name=f"{n} {entry.text}", exact=True).count() == 1, entry.id
            assert page.get_by_role("group", name=f"Status of {n}", exact=True).count() == 1, entry.id
            assert page.get_by_role("textbox", name=f"Note on {n}", exact=True).count() == 1, entry.id
            # The id stays the anchor (and the storage key, tests/test_checklist_browser.py).
            assert page.locator(f"li#{entry.id}[data-item='{entry.id}']").count() == 1
    page.get_by_role("link", name="Action plan").first.click()
    # What a screen reader reads: the accessibility tree, without the links' addresses.
    tree = "\n".join(line for line in page.locator("article").aria_snapshot().splitlines() if "/url:" not in line)
    codes = [e.id for s in checklist.sections for e in s.items if e.id in tree or e.id.upper() in tree]
    assert codes == [], f"a screen reader hears item codes: {codes}"
    first = checklist.sections[0].items[0]
    assert page.get_by_role("textbox", name=f"Owner of {NUMBERS[first.id]}", exact=True).count() == 1
    assert page.get_by_role("table", name=f"Action plan for {checklist.title}", exact=True).count() == 1
    plan_row = page.locator(f"#action-plan tr[data-item='{first.id}'] th")
    assert normal(plan_row.inner_text()) == f"{NUMBERS[first.id]} {first.text}"


def test_strategy_pages_link_checklist_items_by_number(site_dir: Path) -> None:
    checked = 0
    for strategy in GUIDANCE.strategies:
        uses = GUIDANCE.checklist_uses(strategy.id)
        if not uses:
            continue
        body = soup_at(site_dir, f"strategies/{strategy.id}/").select_one("article")
        heading = body.find("h2", id="checklist-items")
        links = {}
        for el in heading.find_next_siblings():
            if el.name == "h2":
                break
            for a in el.select("a[href*='checklists/']"):
                links[a["href"].split("#")[1]] = normal(a.get_text(""))
        for use in uses:
            assert links[use.item.id] == normal(f"{NUMBERS[use.item.id]} {use.item.text}"), (strategy.id, use.item.id)
            checked += 1
        for a in body.select("a[href*='checklists/'][href*='#']"):
            assert re.match(r"^(item )?\d+\.\d+\b", a.get_text(" ", strip=True)), (strategy.id, a.get_text())
    assert checked > 20


# -------------------------------------------------------------------------------------
# 4. Home and overview
# -------------------------------------------------------------------------------------


def test_home_page_links_the_key_findings(screen: tuple[Any, str], site_url: str) -> None:
    page, on = screen
    page.goto(site_url)
    select(page, page.locator("article").get_by_role("link", name="key findings"), on)
    page.wait_for_url("**/study/key-findings/")
    assert page.get_by_role("heading", level=1, name="Key findings", exact=True).count() == 1


def _summaries() -> dict[str, str]:
    """Each guidance page's site path → the summary a browse page shows beside its link."""
    out = {item_path(i.id): i.summary for i in (*GUIDANCE.challenges, *GUIDANCE.strategies)}
    out.update({f"checklists/{c.id}/": c.purpose for c in GUIDANCE.checklists})
    return {path: normal(text) for path, text in out.items()}


@pytest.mark.parametrize(
    "path",
    ["guidance/", "checklists/", "browse/audiences/", "browse/stages/", "browse/tags/", "browse/matrix/"],
)
def test_browse_pages_give_a_summary_beside_each_link(site_dir: Path, path: str) -> None:
    summaries = _summaries()
    body = soup_at(site_dir, path).select_one("article")
    seen = set()
    for li in body.find_all("li"):
        a = li.find("a", href=True)
        target = urlsplit(urljoin(f"http://site/{path}", a["href"])).path.lstrip("/") if a else None
        if target in summaries and not urlsplit(a["href"]).fragment:
            assert summaries[target] in normal(li.get_text("")), f"{path}: no summary beside the link to {target}"
            seen.add(target)
    expected = {p for p in summaries if p.startswith("checklists/")} if path == "checklists/" else {p for p in summaries if not p.startswith("checklists/")}
    if path == "browse/tags/":
        expected = {item_path(i.id) for i in (*GUIDANCE.challenges, *GUIDANCE.strategies) if i.tags}
    assert expected <= seen, f"{path}: links without a summary: {sorted(expected - seen)}"


def test_tags_listing_override_differs_from_materials_only_by_the_summary() -> None:
    name = "fragments/tags/default/listing.html"
    ours = re.sub(r"^\{#-.*?-#\}\n", "", (ROOT / "docs" / "overrides" / name).read_text(encoding="utf-8"), count=1, flags=re.S)
    theirs = re.sub(r"^\{#-.*?-#\}\n", "", (MATERIAL / name).read_text(encoding="utf-8"), count=1, flags=re.S)
    changed = [f"{line[0]} {line[2:].strip()}" for line in difflib.ndiff(theirs.splitlines(), ours.splitlines()) if line[:1] in "+-"]
    assert changed == [
        "- {{ mapping.item.title }}",
        "+ {{ mapping.item.title -}}",
        "- </a>",
        "+ </a>{% if mapping.item.meta.description %}: {{ mapping.item.meta.description | e }}{% endif %}",
    ], "copy Material's new listing.html and add the summary again"


# -------------------------------------------------------------------------------------
# 6. Titles, the "page not found" page, headings
# -------------------------------------------------------------------------------------


def test_no_page_title_repeats_the_site_name(site_dir: Path) -> None:
    titles = {}
    for file in [*built_pages(site_dir), site_dir / "404.html"]:
        path = page_path(site_dir, file)
        titles[path] = soup_at(site_dir, path).title.get_text(strip=True)
    assert titles[""] == SITE_NAME
    assert titles["404.html"] == f"Page not found - {SITE_NAME}"
    repeated = {path: t for path, t in titles.items() if t.count(SITE_NAME) != 1}
    assert not repeated, repeated


def test_permalinks_are_hidden_from_assistive_technology_once() -> None:
    html_in = '<h2 id="a">A<a class="headerlink" href="#a" title="Link to this section">&para;</a></h2>'
    once = quiet_permalinks(html_in)
    assert once == '<h2 id="a">A<a class="headerlink" aria-hidden="true" tabindex="-1" href="#a" title="Link to this section">&para;</a></h2>'
    assert quiet_permalinks(once) == once


def test_not_found_page_offers_search_home_checklists_and_exit(screen: tuple[Any, str], site_url: str) -> None:
    page, on = screen
    page.goto(site_url + "404.html")
    assert page.title() == f"Page not found - {SITE_NAME}"
    assert page.get_by_role("heading", level=1, name="Page not found", exact=True).count() == 1
    exit_box = page.get_by_role("link", name="Emergency Exit this page").bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    assert exit_box and exit_box["x"] >= 0 and exit_box["x"] + exit_box["width"] <= width and exit_box["y"] + exit_box["height"] <= height

    select(page, page.get_by_role("button", name="Search this site"), on)
    page.wait_for_function("document.getElementById('__search').checked")  # the search dialog is open
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("supervision")
    page.wait_for_selector(".md-search-result__item", timeout=15000)

    for name, path in (("Go to the home page", ""), ("See the checklists", "checklists/")):
        page.goto(site_url + "404.html")
        select(page, page.locator("article").get_by_role("link", name=name), on)
        page.wait_for_url(lambda url, p=path: site_path(url, site_url) == p)


def test_heading_names_carry_no_pilcrow_and_permalinks_still_work(screen: tuple[Any, str], site_url: str) -> None:
    page, on = screen
    page.goto(site_url + "challenges/triggering/")
    tree = page.locator("article").aria_snapshot()
    assert "¶" not in tree
    heading = page.get_by_role("heading", name="What you can do", exact=True)
    assert heading.count() == 1
    # Out of the tab order: Tab goes from link to link without stopping on a permalink.
    for _ in range(40):
        page.keyboard.press("Tab")
        assert not page.evaluate("document.activeElement.classList.contains('headerlink')")
    if on == "desktop":  # the pointer still finds it, on hover
        heading.hover()
        heading.locator("a.headerlink").click()
        assert urlsplit(page.url).fragment == "actions"


# -------------------------------------------------------------------------------------
# 7. axe-core, in both colour schemes, on the pages this issue changed
# -------------------------------------------------------------------------------------

CHANGED_PAGES = (
    "",
    "404.html",
    "checklists/",
    "checklists/before-you-start/",
    "privacy/",
    "browse/tags/",
    "browse/audiences/",
    "strategies/support-and-self-care/",
    "maintaining/pages/",
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("on", list(SCREENS))
def test_axe_finds_no_violations(browser: Any, site_url: str, on: str, scheme: str) -> None:
    # tests/test_accessibility.py runs axe on every page but 404.html at the desktop size;
    # here the changed pages run on the phone, and 404.html on both.
    paths = CHANGED_PAGES if on == "phone" else ("404.html",)
    context = browser.new_context(color_scheme=scheme, **SCREENS[on])
    page = context.new_page()
    source = AXE.read_text(encoding="utf-8")
    failures = []
    try:
        for path in paths:
            page.goto(site_url + path)
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
            start_axe(page, source)
            for violation in axe_result(page):
                failures.append(f"{path or 'home'} [{on}, {scheme}] {violation['id']}: {violation['nodes'][:3]}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)
