"""Every page loads the site's styles and scripts it uses, and no others (issue 16).

The built HTML of every page (the 404 page included) is read for the stylesheets and
scripts it names from `assets/css/` and `assets/js/` (the site's own; Material's are
under `assets/stylesheets/` and `assets/javascripts/`), and for mkdocstrings' stylesheet:

- what every page needs is on every page: the site's styles, "Exit this page" (its
  control, styles and script: safety furniture, on every page), and forgiving search;
- each other asset is on exactly the pages whose content uses it, found by the marker
  its script or styles act on: the matrix, "Your progress", clearing stored data, quotes
  behind content notes, the API reference;
- no page names an asset of the site that this file does not list, or one that search
  loads only when it is needed;
- no page names a style or script on another host.

A page that needs an asset but lacks it fails, and so does a page that loads one it does
not use. The checks in Chromium that these assets still work where they load are in
tests/test_safety.py (exit, clearing), tests/test_offline.py (the offline copy),
tests/test_search_forgiving.py and tests/test_layout.py (the matrix).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import built_pages

#: On every page.
EVERY_PAGE = {
    "assets/css/site.css",
    "assets/js/exit.js",
    "assets/js/search.js",
}

#: Each other asset, and the CSS selector of what it acts on: a page loads the asset if
#: and only if its content has a match.
BY_MARKER = {
    "assets/css/matrix.css": "[data-psg-matrix]",
    "assets/js/matrix.js": "[data-psg-matrix]",
    "assets/css/progress.css": "[data-psg-progress]",
    "assets/js/progress.js": "[data-psg-progress]",
    "assets/js/clear-storage.js": "[data-psg-clear-storage]",
    "assets/js/content-notes.js": "details.psg-content-note",
    "assets/css/checklist.css": ".psg-checklist[data-checklist], [data-psg-clear-answers]",
    "assets/js/checklist.js": ".psg-checklist[data-checklist], [data-psg-clear-answers]",
    "assets/css/checklist-print.css": ".psg-checklist[data-checklist]",
    "assets/js/psg-common.js": ".psg-checklist[data-checklist], [data-psg-clear-answers], [data-psg-progress]",
    # mkdocstrings' styles (its plugin puts them on every page; the hook keeps them to
    # the pages with an API reference).
    "assets/_mkdocstrings.css": ".doc.doc-object",
}

#: Loaded by assets/js/search.js when the reader first goes to the search box, never by a page.
ON_DEMAND = {"assets/js/search-forgiving.js", "assets/css/search.css"}

OWN = ("assets/css/", "assets/js/", "assets/_mkdocstrings.css")


def _pages(site_dir: Path) -> list[Path]:
    return [*built_pages(site_dir), site_dir / "404.html"]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _named(site_dir: Path, path: Path, soup: BeautifulSoup) -> tuple[set[str], list[str]]:
    """The site's own assets a page names (as paths in the site), and any on another host."""
    base = "http://site.invalid/" + path.relative_to(site_dir).as_posix()
    refs = [link.get("href", "") for link in soup.find_all("link", rel="stylesheet")]
    refs += [script["src"] for script in soup.find_all("script", src=True)]
    own, foreign = set(), []
    for ref in refs:
        url = urlsplit(urljoin(base, ref))
        if url.netloc != "site.invalid":
            foreign.append(ref)
        elif url.path.lstrip("/").startswith(OWN):
            own.add(url.path.lstrip("/"))
    return own, foreign


@pytest.fixture(scope="module")
def loads(site_dir: Path) -> dict[str, tuple[set[str], list[str], BeautifulSoup]]:
    """For every page (by its path in the site): its own assets, foreign ones, its markup."""
    out = {}
    for path in _pages(site_dir):
        soup = _soup(path)
        own, foreign = _named(site_dir, path, soup)
        out[path.relative_to(site_dir).as_posix()] = (own, foreign, soup)
    return out


def _content(soup: BeautifulSoup) -> BeautifulSoup:
    """The page's own content: its article, where a page's markers are."""
    return soup.select_one("article.md-content__inner") or soup


def test_every_page_has_the_exit_control_and_what_every_page_needs(loads: dict) -> None:
    missing = {}
    for page, (own, _, soup) in loads.items():
        exit_control = soup.select_one("nav[data-psg-exit] a[data-psg-exit-button][href^='https:']")
        lacks = sorted(EVERY_PAGE - own) + ([] if exit_control else ["the Exit this page control"])
        if lacks:
            missing[page] = lacks
    assert len(loads) > 50
    assert not missing, f"pages without what every page needs: {missing}"


def test_each_other_asset_loads_exactly_where_the_page_uses_it(loads: dict) -> None:
    wrong = []
    for asset, marker in BY_MARKER.items():
        users = {page for page, (_, _, soup) in loads.items() if _content(soup).select_one(marker)}
        loaders = {page for page, (own, _, _) in loads.items() if asset in own}
        assert users, f"no page has {marker}: the marker for {asset} is out of date"
        wrong += [f"{page} uses {marker} but does not load {asset}" for page in sorted(users - loaders)]
        wrong += [f"{page} loads {asset} but has no {marker}" for page in sorted(loaders - users)]
    assert not wrong, "\n".join(wrong)


def test_no_page_names_an_unlisted_asset_or_one_loaded_on_demand(loads: dict) -> None:
    known = EVERY_PAGE | set(BY_MARKER)
    stray = {page: sorted(own - known) for page, (own, _, _) in loads.items() if own - known}
    assert not stray, f"assets this test does not know (list them above, with where they belong): {stray}"
    assert not ON_DEMAND & known


def test_the_listed_assets_exist(site_dir: Path) -> None:
    missing = [asset for asset in sorted(EVERY_PAGE | set(BY_MARKER) | ON_DEMAND) if not (site_dir / asset).is_file()]
    assert not missing, f"listed but not built: {missing}"


def test_no_page_loads_a_style_or_script_from_another_host(loads: dict) -> None:
    foreign = {page: refs for page, (_, refs, _) in loads.items() if refs}
    assert not foreign, f"styles or scripts from another host: {foreign}"


def test_pages_with_content_notes_and_the_matrix_are_among_those_checked(loads: dict) -> None:
    """The markers are found where they should be: a challenge page with content notes, the matrix."""
    assert _content(loads["challenges/triggering/index.html"][2]).select_one(BY_MARKER["assets/js/content-notes.js"])
    assert _content(loads["browse/matrix/index.html"][2]).select_one(BY_MARKER["assets/js/matrix.js"])
    assert _content(loads["privacy/index.html"][2]).select_one(BY_MARKER["assets/js/clear-storage.js"])
