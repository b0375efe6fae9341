"""Nothing lost: invariants of the built site, read from its HTML.

The facts come from the HTML of the real strict build (fixture `site_dir`), parsed with
BeautifulSoup: every challenge, strategy, sub-point, quote, checklist item and glossary
term has exactly one full rendering, on the page where it belongs, and is linked to from
elsewhere; the totals are the briefing's; every internal link and anchor resolves; and
no page is orphaned. The YAML is read only to list what must be there, never to say
what the page should contain.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from _project import ROOT
from psg.evidence import LABELS
from psg.validate import load_guidance

# The briefing's own totals.
THEMES, CHALLENGES, STRATEGIES = 4, 11, 16
RESPONDENT_QUOTES, LITERATURE_QUOTES = 82, 3
RESPONDENTS_QUOTED, ORGANISATIONS = 16, 12
#: The page written to peer supporters.
PEER_SUPPORTERS_PAGE = "peer-supporters/index.html"


# -------------------------------------------------------------------------------------
# The site, parsed once
# -------------------------------------------------------------------------------------


class Site:
    """Every page of a built site, parsed, with its links and ids."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: dict[str, BeautifulSoup] = {}
        for path in sorted(root.rglob("*.html")):
            rel = path.relative_to(root).as_posix()
            if rel != "404.html":
                self.pages[rel] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        self.ids = {rel: Counter(el["id"] for el in soup.find_all(id=True)) for rel, soup in self.pages.items()}
        # (from page, target file, fragment, in the page's content rather than its navigation)
        self.links: list[tuple[str, str, str, bool]] = []
        for rel, soup in self.pages.items():
            article = soup.select_one("article")
            in_article = {id(a) for a in article.find_all("a", href=True)} if article else set()
            for a in soup.find_all("a", href=True):
                target = self.resolve(rel, a["href"])
                if target is not None:
                    self.links.append((rel, target[0], target[1], id(a) in in_article))

    def resolve(self, page: str, href: str) -> tuple[str, str] | None:
        """Return (file relative to the site, fragment) for an internal link, else None."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("//"):
            return None
        url, fragment = urldefrag(href)
        if not url:
            return page, unquote(fragment)
        base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
        path = _normalise(base + unquote(url))
        if path == "" or path.endswith("/"):
            path += "index.html"
        elif (self.root / path).is_dir():
            path += "/index.html"
        return path, unquote(fragment)

    def article(self, page: str) -> Tag:
        article = self.pages[page].select_one("article")
        assert article is not None, f"{page} has no <article>"
        return article

    def inbound(self, page: str, fragment: str | None = None, *, content_only: bool = True) -> set[str]:
        """Pages (other than `page`) linking to `page` (and to `fragment`, when given)."""
        return {
            src
            for src, target, frag, in_article in self.links
            if target == page and src != page and (in_article or not content_only) and (fragment is None or frag == fragment)
        }


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out) + ("/" if path.endswith("/") and out else "")


@pytest.fixture(scope="module")
def site(site_dir: Path) -> Site:
    return Site(site_dir)


@functools.lru_cache(maxsize=1)
def _content():
    """What the YAML holds: only used to list what must be on the site."""
    return load_guidance(ROOT, None, check_quotes=False)


def _text(element: Tag) -> str:
    """An element's text without headerlink marks, white space folded."""
    return " ".join(element.get_text(" ").replace("¶", " ").split())


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@functools.lru_cache(maxsize=None)
def _prose(site: Site, page: str) -> str:
    """A page's rendered text, without code samples, white space removed (for searching)."""
    article = BeautifulSoup(str(site.article(page)), "html.parser")
    for sample in article.select("pre, code"):
        sample.decompose()
    return _squeezed(article.get_text(""))


def _pages_in(site: Site, folder: str) -> list[str]:
    return sorted(p for p in site.pages if re.fullmatch(rf"{folder}/[^/]+/index\.html", p))


def _holders(site: Site, element_id: str) -> dict[str, int]:
    return {page: counts[element_id] for page, counts in site.ids.items() if counts[element_id]}


# -------------------------------------------------------------------------------------
# Totals
# -------------------------------------------------------------------------------------


def test_totals_are_the_briefings(site: Site) -> None:
    assert len(_pages_in(site, "themes")) == THEMES
    assert len(_pages_in(site, "challenges")) == CHALLENGES
    assert len(_pages_in(site, "strategies")) == STRATEGIES
    quotes = [q for soup in site.pages.values() for q in soup.select(".psg-quote[id]")]
    literature = [q for q in quotes if "psg-quote--literature" in q["class"]]
    assert len(quotes) - len(literature) == RESPONDENT_QUOTES
    assert len(literature) == LITERATURE_QUOTES


def test_respondents_and_organisations(site: Site) -> None:
    rows = site.article("study/respondents/index.html").select("table tbody tr")
    respondents = {row.find_all("td")[0].get_text(strip=True) for row in rows}
    organisations = {row.find_all("td")[1].get_text(strip=True) for row in rows}
    assert len(rows) == len(respondents) == RESPONDENTS_QUOTED
    assert len(organisations) == ORGANISATIONS
    linked = [a for row in rows for a in row.find_all("td")[2].find_all("a", href=True)]
    assert len(linked) == RESPONDENT_QUOTES, "the table should link every respondent quote"


# -------------------------------------------------------------------------------------
# One full rendering each, where it belongs, linked from elsewhere
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("folder, kind", [("challenges", "challenge"), ("strategies", "strategy"), ("themes", "theme")])
def test_each_item_has_one_page_linked_from_other_pages(site: Site, folder: str, kind: str) -> None:
    content = _content()
    ids = {"challenge": [c.id for c in content.challenges], "strategy": [s.id for s in content.strategies], "theme": [t.id for t in content.themes]}[kind]
    assert sorted(f"{folder}/{i}/index.html" for i in ids) == _pages_in(site, folder)
    titles = Counter(_text(h1) for soup in site.pages.values() for h1 in soup.select("article h1"))
    for page in _pages_in(site, folder):
        title = _text(site.article(page).find("h1"))
        assert titles[title] == 1, f"{page}: its heading {title!r} heads another page too"
        assert site.inbound(page), f"{page} is linked only from the navigation"


def test_each_subpoint_is_rendered_once_on_its_strategy_page(site: Site) -> None:
    for strategy in _content().strategies:
        page = f"strategies/{strategy.id}/index.html"
        for sub in strategy.subpoints:
            assert _holders(site, sub.id).get(page) == 1, f"{strategy.id}#{sub.id}"
            heading = site.article(page).find(id=sub.id)
            assert heading.name == "h2" and _text(heading) == " ".join(sub.title.split())
            assert site.inbound(page, sub.id) or site.inbound(page), f"{page}#{sub.id} is not linked from elsewhere"


def test_each_quote_is_rendered_once_and_linked(site: Site) -> None:
    rendered: dict[str, list[tuple[str, Tag]]] = defaultdict(list)
    for page, soup in site.pages.items():
        for quote in soup.select(".psg-quote[id]"):
            rendered[quote["id"]].append((page, quote))
    expected = {place.quote.id: place for place in _content().quotes()}
    assert set(rendered) == set(expected)
    texts = Counter()
    for quote_id, places in rendered.items():
        assert len(places) == 1, f"{quote_id} is rendered on {[p for p, _ in places]}"
        page, element = places[0]
        place = expected[quote_id]
        home = "study/glossary/index.html" if place.term else f"{'strategies' if hasattr(place.item, 'addresses') else 'challenges'}/{place.item.id}/index.html"
        assert page == home, f"{quote_id} is on {page}, not {home}"
        assert sum(site.ids[page][quote_id] for page in site.pages) == 1, f"the id {quote_id} is used twice"
        texts[_squeezed(element.select_one(".psg-quote__text").get_text(""))] += 1
        if "psg-quote--literature" in element["class"]:
            assert site.inbound(page), f"{quote_id}: its page is not linked"
        else:
            assert site.inbound(page, quote_id), f"{quote_id} is not linked by its anchor from another page"
    assert all(n == 1 for n in texts.values()), [t for t, n in texts.items() if n > 1]
    # No page repeats a quote's words in full elsewhere (a second, unanchored rendering);
    # code samples, such as the content format's examples, do not count.
    for text in texts:
        holders = [p for p in site.pages if text in _prose(site, p)]
        assert len(holders) == 1, f"the words of a quote appear on {holders}: {text[:60]}…"


def test_each_checklist_item_is_rendered_once_and_linked(site: Site) -> None:
    items = {page: site.article(page).select("li.psg-item[id]") for page in _pages_in(site, "checklists")}
    ids = [li["id"] for lis in items.values() for li in lis]
    expected = [entry.id for c in _content().checklists for s in c.sections for entry in s.items]
    assert sorted(ids) == sorted(expected) and len(ids) == len(set(ids))
    for page, lis in items.items():
        for li in lis:
            assert sum(counts[li["id"]] for counts in site.ids.values()) == 1, f"the id {li['id']} is used twice"
            assert li.select_one(".psg-from a[href]") is not None, f"{li['id']} does not link to where it comes from"
            assert site.inbound(page, li["id"]) or site.inbound(page), f"{page}#{li['id']} is not linked from elsewhere"


def test_each_glossary_term_is_rendered_once_and_linked(site: Site) -> None:
    page = "study/glossary/index.html"
    article = site.article(page)
    for term in _content().glossary.terms:
        assert _holders(site, term.id).get(page) == 1, term.id
        heading = article.find(id=term.id)
        assert heading.name == "h2"
        # The definition itself is printed in full only here (elsewhere it is a tooltip).
        definition = _squeezed(term.definition)
        holders = [p for p in site.pages if definition in _prose(site, p)]
        assert holders == [page], f"{term.id}: its definition is printed on {holders}"
    assert site.inbound(page), "the glossary is linked only from the navigation"


def test_each_action_and_checklist_item_has_one_label_and_one_evidence_link(site: Site) -> None:
    """Every action (challenges, strategies, sub-points), checklist item and point of the peer
    supporters' page shows one strength label and one "Evidence" link to an entry on the same
    page that lists its basis."""
    content = _content()
    actions = sum(len(i.actions) + sum(len(s.actions) for s in getattr(i, "subpoints", [])) for i in (*content.challenges, *content.strategies))
    items = sum(len(s.items) for c in content.checklists for s in c.sections)
    points = sum(1 for _ in content.points())
    pages = [*_pages_in(site, "challenges"), *_pages_in(site, "strategies")]
    shown = [(page, li) for page in pages for li in site.article(page).select("li.psg-action")]
    shown_items = [(page, li) for page in _pages_in(site, "checklists") for li in site.article(page).select("li.psg-item[id]")]
    shown_points = [(PEER_SUPPORTERS_PAGE, li) for li in site.article(PEER_SUPPORTERS_PAGE).select("li.psg-action")]
    assert len(shown) == actions and len(shown_items) == items and len(shown_points) == points > 0
    texts = {label.text for label in LABELS.values()}
    for page, element in [*shown, *shown_items, *shown_points]:
        where = f"{page}#{element.get('id')}"
        labels, links = element.select(".psg-strength"), element.select("a.psg-evidence-link[href]")
        assert len(labels) == 1 and len(links) == 1, f"{where}: {len(labels)} labels and {len(links)} evidence links"
        label = _text(labels[0]).removeprefix("Strength of evidence: ")
        assert label in texts, f"{where}: unknown label {label!r}"
        target = site.resolve(page, links[0]["href"])
        assert target is not None and target[0] == page, f"{where}: the evidence link leaves the page"
        assert site.ids[page][target[1]] == 1, f"{where}: the evidence link's anchor #{target[1]} is not on the page once"
        entry = site.article(page).find(id=target[1])
        assert _text(entry.select_one(".psg-strength")).removeprefix("Strength of evidence: ") == label, where
        basis = entry.select("li a[href]")
        assert basis, f"{where}: its evidence lists nothing"
        for a in basis:  # in words: no ids or line numbers
            assert not re.search(r"\b(?:q|kf|con|lq)-[a-z0-9]|\blines?\s+\d", _text(a)), f"{where}: {_text(a)!r}"


# -------------------------------------------------------------------------------------
# Links, anchors, orphans
# -------------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site: Site) -> None:
    broken = []
    for src, target, fragment, _ in site.links:
        if not (site.root / target).is_file():
            broken.append(f"{src} → {target} (no such file)")
        elif fragment and target.endswith(".html") and target in site.ids and not site.ids[target][fragment]:
            broken.append(f"{src} → {target}#{fragment} (no such anchor)")
    assert not broken, "\n".join(sorted(set(broken))[:40])
    assert len(site.links) > 1000  # the crawl really ran


def test_no_page_is_orphaned(site: Site) -> None:
    orphans = [page for page in site.pages if not site.inbound(page, content_only=False)]
    assert not orphans, f"pages no other page (or the navigation) links to: {orphans}"
