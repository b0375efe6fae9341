"""Forgiving search (issue 15): typos corrected, spelling variants, and no dead ends.

- The shipped JavaScript (`docs/assets/js/search-forgiving.js`), run in Chromium on the
  built site, never a Python copy of it: the nearest word, a swapped pair, ties, short
  words, words that exist, and the spelling variants.
- The search box, served: the "Showing results for" notice, the control that searches
  for exactly what was typed, the no-results panel, the keyboard, and axe-core in both
  colour schemes. The same from the offline copy is in `tests/test_offline.py`, which
  builds that copy once.
- The Material internals the scripts rely on, in the pinned bundle and worker.
- The vocabulary (`psg/vocabulary.py`), the spelling-variants table and the home page's
  tasks (`psg/search_help.py`).

The relevance of corrected queries is measured by `tests/test_search_relevance.py`
(the `forgiving_*` query sets). One browser page serves every browser test here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import material
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, built_pages
from psg.errors import ContentErrors
from psg.schema import Action, SiteNote
from psg.search_help import TaskLink, home_tasks
from psg.validate import load_guidance
from psg.vocabulary import VOCABULARY_URI, vocabulary_script, word_counts, words
from test_accessibility import axe_result, start_axe, switch_scheme
from test_search_relevance import open_search, search, site_path

MATERIAL_JS = Path(material.__file__).parent / "templates" / "assets" / "javascripts"
MINI = ROOT / "tests" / "fixtures" / "mini"
NOTICE = ".psg-search-notice"
HELP = "[data-md-component=search-result] > .psg-search-help"
VERBATIM = ".psg-search-notice__verbatim"
PANEL = re.compile(r'<template id="psg-search-help">.*?</template>', re.DOTALL)


@pytest.fixture(scope="module")
def page(browser: Any, site_url: str) -> Iterator[Any]:
    """One page for every browser test here: the home page, with search open and ready."""
    context = browser.new_context()
    pg = context.new_page()
    open_search(pg, site_url)
    pg.evaluate("psgSearch.ready()")
    yield pg
    context.close()


@pytest.fixture(scope="module")
def guidance() -> Any:
    return load_guidance(ROOT, None, check_quotes=False)


def js(page: Any, expression: str, arg: Any = None) -> Any:
    """Evaluate `(arg) => expression` in the page, with psgSearch loaded and set up."""
    return page.evaluate(f"async (arg) => {{ await psgSearch.ready(); return {expression}; }}", arg)


#: True if the element is in the page, shown and not empty.
_SHOWN = "s => { const el = document.querySelector(s); return !!el && el.offsetParent !== null && el.textContent.trim() !== ''; }"


def visible(page: Any, selector: str) -> bool:
    """True if the element is in the page, shown and not empty."""
    return page.evaluate(_SHOWN, selector)


def shown(page: Any, selector: str) -> None:
    """Wait until the element is in the page, shown and not empty."""
    page.wait_for_function(_SHOWN, arg=selector)


# -------------------------------------------------------------------------------------
# The shipped JavaScript, in Chromium
# -------------------------------------------------------------------------------------


def test_the_nearest_word_within_the_allowed_edits_is_chosen(page: Any) -> None:
    entries = [["supervision", 30], ["supervisor", 5], ["superstition", 1]]
    assert js(page, "psgSearch.nearest('supervison', arg)", entries) == "supervision"
    assert js(page, "psgSearch.nearest('abcde', [['abxye', 1]])") is None  # 5 letters: 1 edit, not 2
    assert js(page, "psgSearch.nearest('abcdefgh', [['abxyefgh', 1]])") == "abxyefgh"  # 8 letters: 2 edits
    assert js(page, "psgSearch.nearest('abcdefgh', [['axyzefgh', 1]])") is None  # but not 3
    assert js(page, "psgSearch.nearest('abcdefgh', [['abcdefgx', 1], ['abcdefxy', 99]])") == "abcdefgx"  # nearer beats commoner
    corrected = js(page, "psgSearch.correct(arg)", "boundries confidentiallity supervison")
    assert corrected["query"] == "boundaries confidentiality supervision"
    assert corrected["changes"] == [["boundries", "boundaries"], ["confidentiallity", "confidentiality"], ["supervison", "supervision"]]


def test_a_swapped_pair_of_letters_is_one_edit(page: Any) -> None:
    assert js(page, "psgSearch.distance('safegaurding', 'safeguarding')") == 1
    assert js(page, "psgSearch.distance('ab', 'ba')") == 1
    assert js(page, "psgSearch.distance('abcdef', 'badcfe')") == 3
    assert js(page, "psgSearch.distance('kitten', 'sitting')") == 3
    assert js(page, "psgSearch.distance('kitten', 'sitting', 1)") == 2  # over the limit: limit + 1
    assert js(page, "psgSearch.nearest('traning', [['training', 5]])") == "training"
    for typo, word in (("safegaurding", "safeguarding"), ("recruitmnet", "recruitment"), ("exploitaiton", "exploitation")):
        assert js(page, "psgSearch.correct(arg).query", typo) == word


def test_a_tie_goes_to_the_commoner_word_then_the_first_alphabetically(page: Any) -> None:
    assert js(page, "psgSearch.nearest('sheet', [['sheep', 1], ['sheer', 5]])") == "sheer"
    assert js(page, "psgSearch.nearest('sheet', [['sheer', 5], ['sheep', 1]])") == "sheer"
    assert js(page, "psgSearch.nearest('sheet', [['sheer', 2], ['sheep', 2]])") == "sheep"


def test_words_of_four_letters_or_fewer_are_left_alone(page: Any) -> None:
    assert js(page, "[1, 2, 3, 4, 5, 7, 8, 20].map(psgSearch.allowedEdits)") == [0, 0, 0, 0, 1, 1, 2, 2]
    assert js(page, "psgSearch.nearest('abus', [['abuse', 9]])") is None
    assert js(page, "psgSearch.correct(arg)", "abus peir") == {"query": "abus peir", "changes": []}


def test_a_word_that_is_in_the_index_is_never_changed(page: Any) -> None:
    assert js(page, "psgSearch.nearest('abuse', [['abuse', 1], ['abused', 99]])") == "abuse"
    for query in ("safeguarding supervision", "safeguar", "Boundaries", "what do I do"):
        assert js(page, "psgSearch.correct(arg)", query) == {"query": query, "changes": []}


def test_us_spellings_are_searched_for_in_the_guidance_own_spelling(page: Any) -> None:
    corrected = js(page, "psgSearch.correct(arg)", "organization counselors behavior")
    assert corrected["query"] == "organisation counsellors behaviour"
    # "program" finds "programme" already: Material searches every word as a prefix.
    assert js(page, "psgSearch.correct(arg)", "program") == {"query": "program", "changes": []}
    assert js(page, "psgSearch.correct(arg).query", "programs") == "programmes"


def test_a_word_run_together_is_split_as_the_guidance_writes_it(page: Any) -> None:
    assert js(page, "psgSearch.correct(arg).query", "selfcare") == "self-care"


# -------------------------------------------------------------------------------------
# The search box, served
# -------------------------------------------------------------------------------------


def test_a_corrected_search_says_so_and_offers_what_was_typed(page: Any, site_url: str) -> None:
    found = [site_path(href, site_url) for href in search(page, "safegaurding")]
    assert found[0] in ("challenges/confidante-and-safeguarding/", "strategies/prioritising-safeguarding/")
    assert visible(page, NOTICE) and not visible(page, HELP)
    text = " ".join(page.inner_text(NOTICE).split())
    assert text == "Showing results for safeguarding (you typed safegaurding). Search for safegaurding instead"
    assert page.locator(f"{NOTICE} em").all_inner_texts() == ["safeguarding", "safegaurding", "safegaurding"]

    before = page.evaluate("() => window.__psgChanges")
    page.click(VERBATIM)
    page.wait_for_function("n => window.__psgChanges > n && /No matching/.test(document.querySelector('.md-search-result__meta').textContent)", arg=before)
    assert page.evaluate("document.getElementById('__search').checked"), "the control closed search"
    assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    assert page.input_value("input.md-search__input") == "safegaurding"
    assert not visible(page, NOTICE) and visible(page, HELP)


def test_a_search_that_needs_no_correction_shows_neither_notice_nor_panel(page: Any) -> None:
    assert search(page, "safeguarding")
    assert not visible(page, NOTICE) and not visible(page, HELP)


def test_a_search_that_finds_nothing_offers_a_way_on(page: Any, site_dir: Path) -> None:
    assert search(page, "xylophone zebra") == []
    assert page.inner_text(".md-search-result__meta").strip() == "No matching documents"
    assert visible(page, HELP) and not visible(page, NOTICE)
    links = page.eval_on_selector_all(f"{HELP} a", "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])")
    labels = [label for label, _ in links]
    assert labels[:4] == ["Browse by who it is for", "Browse by stage", "Browse by topic", "Checklists"]
    tasks = [" ".join(a.get_text(" ").split()) for a in BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser").select(".psg-tasks a")]
    assert tasks and labels[4:] == tasks


def test_the_notice_and_the_panel_work_from_the_keyboard(page: Any) -> None:
    search(page, "boundries")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("s => document.activeElement.matches(s)", VERBATIM), "ArrowDown does not reach the notice's control"
    page.keyboard.press("Enter")
    shown(page, HELP)
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.psg-search-help') !== null"), "ArrowDown does not reach the panel"
    # Space, as for any button, also searches for what was typed.
    search(page, "exploitaiton")
    page.focus(VERBATIM)
    page.keyboard.press(" ")
    shown(page, HELP)
    assert page.input_value("input.md-search__input") == "exploitaiton"


@pytest.mark.parametrize("state", ["corrected", "nothing found"])
def test_axe_finds_nothing_on_the_search_states_in_either_colour_scheme(page: Any, axe_source: str, state: str) -> None:
    search(page, "confidentiallity" if state == "corrected" else "xylophone zebra")
    assert visible(page, NOTICE if state == "corrected" else HELP)
    failures = []
    for _ in range(2):
        start_axe(page, axe_source)
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        failures += [f"[{scheme}] {v['id']}: {v['nodes'][:3]}" for v in axe_result(page)]
        switch_scheme(page)
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def axe_source() -> str:
    path = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert path.is_file(), "axe-core is missing: run `make node` (npm ci)"
    return path.read_text(encoding="utf-8")


def panel_links(html: Path) -> list[str] | None:
    """The links of a built page's no-results panel (its <template>), or None if it has none.

    Soup Sieve's `select` leaves out the contents of a <template>, so `find_all` it is.
    """
    found = PANEL.search(html.read_text(encoding="utf-8"))
    return [a["href"] for a in BeautifulSoup(found.group(0), "html.parser").find_all("a", href=True)] if found else None


def test_every_page_links_the_panel_to_pages_that_exist(site_dir: Path) -> None:
    for html in built_pages(site_dir):
        hrefs = panel_links(html)
        assert hrefs is not None and len(hrefs) >= 8, html
        for href in hrefs:
            assert not urlsplit(href).scheme and not href.startswith("/"), f"{html}: {href} is not relative"
            target = urlsplit(urljoin(html.relative_to(site_dir).as_posix(), href)).path
            assert (site_dir / target / "index.html").is_file() or (site_dir / target).is_file(), f"{html}: {href}"


# -------------------------------------------------------------------------------------
# The Material internals the scripts rely on
# -------------------------------------------------------------------------------------


def _one(pattern: str) -> str:
    found = list(MATERIAL_JS.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in Material, found {found}"
    return found[0].read_text(encoding="utf-8")


def test_the_material_internals_search_relies_on_are_unchanged(page: Any, site_dir: Path) -> None:
    bundle, worker = _one("bundle.*.min.js"), _one("workers/search.*.min.js")
    # The worker is made with `new Worker(url)` when search is mounted (a default
    # argument, so the global `Worker` is read then), listened to for "message" events.
    assert re.search(r"function \w+\(\w+,\w+=new Worker\(\w+\)\)", bundle), "Material no longer makes its worker with new Worker(url)"
    assert re.search(r'\w+\(\w+,"message",\w+=>\w+\.data\)', bundle), "Material no longer listens for the worker's message events"
    # The message types: 0 set up (with config and docs), 1 ready, 2 query, 3 result.
    for needle in ("type:0,data:{config", "type:2,data:", "type===1", "type===3"):
        assert needle in bundle, f"Material's script no longer has {needle!r}"
    for needle in ("case 0:", "{type:1}", "case 2:", "{type:3,data:"):
        assert needle in worker, f"Material's search worker no longer has {needle!r}"
    # The index: split by config.separator, one field per entry of config.fields.
    assert re.search(r"lunr\.tokenizer\.separator=new RegExp\(\w+\.separator\)", worker)
    assert re.search(r"for\(let\[\w+,\w+\]of Object\.entries\(\w+\.fields\)\)this\.field\(", worker)
    # The results element: count first, list last; Tab closes search; the arrow keys move
    # through [href] elements; a click on a link closes search.
    for needle in (":scope > :first-child", ":scope > :last-child", ":not(details) > [href], summary, details[open] [href]", 'case"Tab"', 'closest("a")'):
        assert needle in bundle, f"Material's script no longer has {needle!r}"
    # In the built site and in the browser.
    soup = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    config = json.loads(soup.select_one("#__config").get_text())
    assert re.search(r"/workers/search\.[^/]*\.js$", "/" + config["search"]), config["search"]
    results = soup.select_one("[data-md-component=search-result]")
    children = results.find_all(recursive=False)
    assert "md-search-result__meta" in children[0]["class"] and "md-search-result__list" in children[-1]["class"]
    assert soup.select_one("input[data-md-component=search-query]") is not None
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert scripts.index("assets/js/search.js") < next(i for i, s in enumerate(scripts) if "/bundle." in s), "search.js must run before Material's script"
    assert page.evaluate("psgSearch.wrapped") == 1, "Material's search worker was not made through the wrapped Worker"


# -------------------------------------------------------------------------------------
# The vocabulary, the spelling variants and the home page's tasks
# -------------------------------------------------------------------------------------


def _vocabulary(text: str) -> dict[str, Any]:
    prefix = "window.__psgVocabulary="
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix) : -2])


def test_the_vocabulary_holds_the_guidance_own_words_and_never_a_quote_only_word(guidance: Any, site_dir: Path) -> None:
    published = (site_dir / VOCABULARY_URI).read_text(encoding="utf-8")
    assert published == vocabulary_script(guidance)
    data = _vocabulary(published)
    entries = dict(line.rsplit(" ", 1) for line in data["words"].split("\n"))
    assert list(entries) == sorted(entries)
    assert int(entries["safeguarding"]) > 10 and "self-care" in entries and "self" in entries
    assert all(len(word) >= 4 for word in entries)
    quoted = {w for place in guidance.quotes() for w in words(place.quote.text)}
    quote_only = quoted - set(word_counts(guidance))
    assert len(quote_only) > 20, "the check needs words that appear only in quotes"
    assert not quote_only & set(entries), f"words only the quotes use: {sorted(quote_only & set(entries))[:10]}"
    assert data["variants"]["organization"] == "organisation"


def test_words_drop_link_targets_attributes_and_short_words() -> None:
    assert words("Self-care isn't [a link](../x/y.md) {: #anchor } OK") == ["self-care", "self", "care", "link"]


def test_actions_are_read_as_their_text_never_their_basis(guidance: Any) -> None:
    item = guidance.challenges[0]
    action = Action.model_validate({"text": "Quokkas everywhere", "basis": [{"quote": "q-wallabies-only"}]})
    changed = dataclasses.replace(guidance, challenges=(item.model_copy(update={"actions": [action]}), *guidance.challenges[1:]))
    counts = word_counts(changed)
    assert counts["quokkas"] == 1 and "wallabies" not in counts


def test_site_notes_are_the_site_own_words(guidance: Any) -> None:
    item = guidance.strategies[0]
    note = SiteNote.model_validate({"id": "numbat-note", "text": "Numbats are not in the briefing.", "source": "Wombat guidance"})
    changed = dataclasses.replace(guidance, strategies=(item.model_copy(update={"site_notes": [note]}), *guidance.strategies[1:]))
    counts = word_counts(changed)
    assert counts["numbats"] == 1 and "wombat" not in counts


def test_the_spelling_variants_are_validated_with_located_errors(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    table = root / "guidance" / "spelling-variants.yml"
    table.write_text("variants:\n  organization: organisation\n", encoding="utf-8")
    assert load_guidance(root, None).spelling_variants.variants == {"organization": "organisation"}
    table.write_text("variants:\n  Color: colour\n  favor: [favour]\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_guidance(root, None)
    assert [str(e).split(": found")[0] for e in info.value.errors] == [
        "guidance/spelling-variants.yml:2:3: variants.Color.[key]",
        "guidance/spelling-variants.yml:3:3: variants.favor",
    ]
    table.write_text("variants:\n  colour: colour\n  behavior: behaviour\n  behaviour: behavior\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_guidance(root, None)
    assert [(e.line, e.field) for e in info.value.errors] == [(2, "variants.colour"), (3, "variants.behavior"), (4, "variants.behaviour")]


def test_home_tasks_are_read_from_the_home_page() -> None:
    html = (
        '<p><a href="elsewhere/">Not a task</a></p><div class="psg-tasks"><ul>'
        '<li><p><strong><a href="themes/one/">Set <em>up</em></a></strong></p><p>Why.<br>More.<br />Still more.</p></li>'
        '<li><p><a href="browse/audiences/#peer-supporter">I am a peer supporter</a></p></li></ul></div>'
        '<p><a href="after/">After</a></p>'
    )
    assert home_tasks(html) == [
        TaskLink("Set up", "themes/one/", ""),
        TaskLink("I am a peer supporter", "browse/audiences/", "peer-supporter"),
    ]
    assert home_tasks("<p>No tasks here</p>") == [] and home_tasks(None) == []
