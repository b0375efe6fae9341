"""Findability of the built site: ways in, and what each page offers on arrival and exit.

- Every search keyword is in the search index with its page, and not shown on it.
- Every page can be reached from a browse index by following links in page content.
- Every page has a meta description of its own.
- Glossary terms carry their definition as a tooltip.
- The challenge and strategy matrix prints on A4 without losing a column.
- The home page offers task entry points, and every challenge and strategy page ends with
  its related pages and the checklists that use it.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, built_pages
from psg.validate import find_source, load_guidance

#: The browse indexes, as site paths: home, the guidance, checklist and study indexes,
#: and the four browse pages.
BROWSE_INDEXES = (
    "",
    "guidance/",
    "checklists/",
    "study/",
    "browse/audiences/",
    "browse/stages/",
    "browse/tags/",
    "browse/matrix/",
)

#: The maintainers' section, linked from the footer of every page rather than from content.
MAINTAINERS_INDEX = "maintaining/"

# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def site_path(site_dir: Path, html: Path) -> str:
    """Return a built page's site path: `challenges/triggering/` for its index.html."""
    rel = html.relative_to(site_dir).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def soup_of(site_dir: Path, path: str) -> BeautifulSoup:
    """Parse the built page at a site path."""
    file = site_dir / path / "index.html" if path == "" or path.endswith("/") else site_dir / path
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def article(soup: BeautifulSoup) -> Any:
    """The page's own content: Material's article, without header, navigation or footer."""
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "page has no article"
    return found


def content_links(site_dir: Path) -> dict[str, set[str]]:
    """Map each page to the pages its content links to (navigation and footer left out).

    The navigation lists every page by construction, so it cannot show that a page is
    findable from an index; links written in page content can.
    """
    pages = {site_path(site_dir, p): p for p in built_pages(site_dir)}
    graph: dict[str, set[str]] = {}
    for path, file in pages.items():
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        body = soup.select_one("article.md-content__inner")
        targets = set()
        for a in body.select("a[href]") if body is not None else []:
            url = urlsplit(urljoin("http://site/" + path, a["href"]))
            target = url.path.lstrip("/")
            if url.netloc == "site" and target in pages and target != path:
                targets.add(target)
        graph[path] = targets
    return graph


def unreachable(graph: dict[str, set[str]], starts: tuple[str, ...]) -> set[str]:
    """Return the pages that no chain of content links from `starts` leads to."""
    seen = set(starts)
    todo = list(starts)
    while todo:
        for target in graph.get(todo.pop(), set()) - seen:
            seen.add(target)
            todo.append(target)
    return set(graph) - seen


def squash(text: str) -> str:
    """Lower-case letters and digits only: compares text across line breaks and hyphens."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


@pytest.fixture(scope="module")
def guidance() -> Any:
    return load_guidance(ROOT, find_source(ROOT), check_quotes=False)


@pytest.fixture(scope="module")
def graph(site_dir: Path) -> dict[str, set[str]]:
    return content_links(site_dir)


def items(guidance: Any) -> list[tuple[str, Any]]:
    """Every challenge and strategy with its site path."""
    return [(f"challenges/{c.id}/", c) for c in guidance.challenges] + [
        (f"strategies/{s.id}/", s) for s in guidance.strategies
    ]


# -------------------------------------------------------------------------------------
# Keywords
# -------------------------------------------------------------------------------------


def test_every_challenge_and_strategy_has_keywords(guidance: Any) -> None:
    few = [item.id for _, item in items(guidance) if len(item.keywords) < 3]
    assert not few, f"give these at least 3 search keywords: {few}"


def test_keywords_are_searched_but_not_shown_on_their_page(site_dir: Path, guidance: Any) -> None:
    # Keywords used to be shown as "Related terms" in the page's lead; now search alone
    # knows them (tests/test_readers.py checks that search-only words appear nowhere).
    for path, item in items(guidance):
        body = article(soup_of(site_dir, path))
        assert body.select(".psg-keywords, .psg-keyword") == [], f"{path}: a keyword list is shown"
        assert "Related terms" not in body.get_text(" "), path


def test_search_index_holds_keywords_with_the_page(site_dir: Path, guidance: Any) -> None:
    # On the page's own entry, which Material ranks far above its sections, in a field of
    # their own: not in the text that search results show.
    docs = {d["location"]: d for d in json.loads((site_dir / "search" / "search_index.json").read_text())["docs"]}
    for path, item in items(guidance):
        entry = docs[path]
        assert [BeautifulSoup(w, "html.parser").get_text() for w in entry["keywords"]] == list(item.keywords), path
        assert "Related terms" not in entry["text"], path


# -------------------------------------------------------------------------------------
# Browse indexes
# -------------------------------------------------------------------------------------


def test_search_finds_the_checklists_words_not_their_answers_controls(site_dir: Path, guidance: Any) -> None:
    """The checklist pages hold their answers' controls from the start (statuses, notes,
    "Your answers"); search indexes the checklists' own words, never the controls'."""
    docs = json.loads((site_dir / "search" / "search_index.json").read_text())["docs"]
    pages = {f"checklists/{checklist.id}/" for checklist in guidance.checklists}
    checklists = [d for d in docs if d["location"].split("#")[0] in pages]
    assert {d["location"].split("#")[0] for d in checklists} == pages
    controls = re.compile(r"Not started|In progress|Not applicable|Your answers|Print with my answers|Action plan: the items|\bStatus\b|>Note<")
    found = [f"{d['location']}: {m.group(0)}" for d in checklists for m in [controls.search(d["title"] + " " + d["text"])] if m]
    assert not found, "\n".join(found)


def test_reachability_check_finds_an_orphan() -> None:
    graph = {"": {"a/"}, "a/": {"b/"}, "b/": set(), "orphan/": {"a/"}}
    assert unreachable(graph, ("",)) == {"orphan/"}


def test_every_page_is_reachable_from_a_browse_index(site_dir: Path, graph: dict[str, set[str]]) -> None:
    missing = [index for index in BROWSE_INDEXES if index not in graph]
    assert not missing, f"browse indexes not built: {missing}"
    # The maintainers' section is reached from every page's footer (tests/test_readers.py).
    orphans = sorted(unreachable(graph, (*BROWSE_INDEXES, MAINTAINERS_INDEX)))
    assert not orphans, f"no content link from any browse index leads to: {orphans}"


def test_browse_indexes_list_every_guidance_page_directly(graph: dict[str, set[str]], guidance: Any) -> None:
    challenges = {f"challenges/{c.id}/" for c in guidance.challenges}
    strategies = {f"strategies/{s.id}/" for s in guidance.strategies}
    checklists = {f"checklists/{c.id}/" for c in guidance.checklists}
    tagged = {f"challenges/{c.id}/" for c in guidance.challenges if c.tags} | {
        f"strategies/{s.id}/" for s in guidance.strategies if s.tags
    }
    expected = {
        "browse/audiences/": challenges | strategies | checklists,
        "browse/stages/": challenges | strategies | checklists,
        "browse/matrix/": challenges | strategies,
        "browse/tags/": tagged,
        "guidance/": {f"themes/{t.id}/" for t in guidance.themes} | challenges | strategies,
        "checklists/": checklists,
        "study/": {p for p in graph if p.startswith("study/") and p != "study/"},
    }
    for index, pages in expected.items():
        absent = sorted(pages - graph[index])
        assert not absent, f"{index} does not list {absent}"


# -------------------------------------------------------------------------------------
# Descriptions
# -------------------------------------------------------------------------------------


def _description(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", attrs={"name": "description"})
    return " ".join((meta.get("content") or "").split()) if meta else ""


def test_every_page_has_its_own_meta_description(site_dir: Path) -> None:
    config = yaml.safe_load(
        "\n".join(line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if "!ENV" not in line)
    )
    site_default = " ".join(config["site_description"].split())
    for file in built_pages(site_dir):
        path = site_path(site_dir, file)
        text = _description(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        assert text, f"{path}: no meta description"
        assert text != site_default, f"{path}: only the site-wide description"


def test_generated_pages_take_their_description_from_the_yaml(site_dir: Path, guidance: Any) -> None:
    expected = {path: item.summary for path, item in items(guidance)}
    expected.update({f"themes/{t.id}/": t.summary for t in guidance.themes})
    expected.update({f"checklists/{c.id}/": c.purpose for c in guidance.checklists})
    for path, text in expected.items():
        assert _description(soup_of(site_dir, path)) == " ".join(text.split()), path


def test_hand_written_pages_take_their_description_from_front_matter(site_dir: Path) -> None:
    docs = ROOT / "docs"
    pages = [p for p in docs.rglob("*.md") if "overrides" not in p.relative_to(docs).parts]
    assert pages
    for md in pages:
        rel = md.relative_to(docs).with_suffix("").as_posix()
        path = "" if rel == "index" else (rel[: -len("index")] if rel.endswith("/index") else rel + "/")
        described = front_matter(md).get("description")
        assert described and str(described).strip(), f"docs/{md.relative_to(docs)}: no description in front matter"
        assert _description(soup_of(site_dir, path)) == " ".join(str(described).split()), path


# -------------------------------------------------------------------------------------
# Glossary tooltips
# -------------------------------------------------------------------------------------


def _definition(guidance: Any, term: str) -> str:
    entry = next(t for t in guidance.glossary.terms if t.term == term)
    return " ".join(entry.definition.split())


def test_glossary_term_on_a_page_carries_its_definition(site_dir: Path, guidance: Any) -> None:
    definition = _definition(guidance, "peer supporter")
    body = article(soup_of(site_dir, "challenges/triggering/"))
    uses = [a for a in body.find_all("abbr") if a.get_text().lower() in ("peer supporter", "peer supporters")]
    assert uses, "no <abbr> for 'peer supporter' on a page that uses the term"
    assert {" ".join(a["title"].split()) for a in uses} == {definition}


def test_glossary_tooltip_shows_on_hover(page: Any, site_url: str, guidance: Any) -> None:
    definition = _definition(guidance, "peer supporter")
    page.goto(site_url + "challenges/triggering/")
    term = page.locator("article abbr", has_text=re.compile(r"^peer supporters?$", re.I)).first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert " ".join(tooltip.inner_text().split()) == definition


# -------------------------------------------------------------------------------------
# The matrix in print
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("landscape", [False, True], ids=["A4 portrait", "A4 landscape"])
def test_matrix_prints_on_a4_without_losing_a_column(page: Any, site_url: str, site_dir: Path, guidance: Any, landscape: bool) -> None:
    from pypdf import PdfReader

    html = soup_of(site_dir, "browse/matrix/")
    marks = article(html).get_text()
    page.goto(site_url + "browse/matrix/")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", landscape=landscape, print_background=True)))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    flat = squash(text)
    for challenge in guidance.challenges:
        assert squash(challenge.title) in flat, f"challenge row missing in print: {challenge.title}"
    header = re.search(r"Challenge((?:\s+S\d+)+)", text)
    assert header and header.group(1).split() == [f"S{i}" for i in range(1, len(guidance.strategies) + 1)], "a column is cut"
    assert (text.count("●"), text.count("○")) == (marks.count("●"), marks.count("○")), "marks are missing in print"
    assert len(pdf.pages) <= 2


# -------------------------------------------------------------------------------------
# Home page and page endings
# -------------------------------------------------------------------------------------


def test_home_page_offers_task_entry_points(site_dir: Path, graph: dict[str, set[str]]) -> None:
    body = article(soup_of(site_dir, ""))
    tasks = body.select(".psg-tasks li")
    labels = [li.find("a").get_text(" ", strip=True) for li in tasks]
    assert labels == ["Setting up peer support", "Recruiting peer supporters", "Supporting peer supporters", "I am a peer supporter"]
    for li in tasks:
        url = urlsplit(urljoin("http://site/", li.find("a")["href"]))
        target = soup_of(site_dir, url.path.lstrip("/"))
        if url.fragment:
            assert target.find(id=url.fragment) is not None, f"home links to a missing anchor #{url.fragment}"
    assert "using-this-site/" in graph[""], "the home page should link to 'How to use this site'"


def _h2_ids(body: Any) -> list[str]:
    return [h.get("id") for h in body.find_all("h2")]


def _links(section: Any, path: str) -> set[str]:
    """The pages linked from a section (its heading up to the next h2), as site paths."""
    out = set()
    for el in section.find_next_siblings():
        if el.name == "h2":
            break
        for a in el.select("a[href]") if el.name else []:
            out.add(urlsplit(urljoin("http://site/" + path, a["href"])).path.lstrip("/"))
    return out


def test_every_challenge_ends_with_its_strategies_and_checklists(site_dir: Path, guidance: Any) -> None:
    for challenge in guidance.challenges:
        path = f"challenges/{challenge.id}/"
        body = article(soup_of(site_dir, path))
        ids = _h2_ids(body)
        checklists = guidance.checklists_using(challenge.id)
        ending = ["strategies", "checklists"] if checklists else ["strategies"]
        assert ids[-len(ending):] == ending, f"{challenge.id}: page ends with {ids[-3:]}"
        related = {s.id for s in guidance.strategies_for(challenge.id)} or set(challenge.no_strategy.see)
        linked = _links(body.find("h2", id="strategies"), path)
        assert {f"strategies/{s}/" for s in related} <= linked, challenge.id
        if checklists:
            assert {f"checklists/{c.id}/" for c in checklists} <= _links(body.find("h2", id="checklists"), path), challenge.id


def test_every_strategy_ends_with_related_pages_and_checklists(site_dir: Path, guidance: Any) -> None:
    after_related = {"related", "checklist-items", "checklists"}
    for strategy in guidance.strategies:
        path = f"strategies/{strategy.id}/"
        body = article(soup_of(site_dir, path))
        ids = _h2_ids(body)
        assert "related" in ids, f"{strategy.id}: no related pages"
        assert set(ids[ids.index("related"):]) <= after_related, f"{strategy.id}: page ends with {ids[ids.index('related'):]}"
        linked = _links(body.find("h2", id="related"), path)
        expected = {f"challenges/{c.id}/" for c in guidance.challenges_for(strategy)}
        expected |= {f"strategies/{s.id}/" for s in guidance.related_strategies(strategy)}
        assert expected <= linked, strategy.id
        checklists = guidance.checklists_using(strategy.id)
        if checklists:
            assert ids[-1] == "checklists", strategy.id
            assert {f"checklists/{c.id}/" for c in checklists} <= _links(body.find("h2", id="checklists"), path), strategy.id
