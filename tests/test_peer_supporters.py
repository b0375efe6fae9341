"""The page written to peer supporters: `guidance/peer-supporters.yml` → `peer-supporters/`.

- Its Markdown, from the mini fixture, is compared with a golden file. After an intended
  change of layout, regenerate it with
  `PSG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_peer_supporters.py` and
  review the diff.
- Its validation, on copies of the mini fixture: sections in order, `more` ids that
  resolve, and points checked exactly as actions are (basis, openings, the cap on
  safeguarding duties), each mistake located by file, line, column and field.
- In Chromium: the home page's "I am a peer supporter" leads to it; each point shows one
  label and one evidence link that lands on its entry; axe finds nothing in either colour
  scheme on a phone (390 px) or a desktop (1280 px).

Bad-input cases for the real file are in `tests/test_bad_inputs.py`, its reading grade in
`tests/test_plain_english.py` and its label invariant in `tests/test_invariants.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from psg.evidence import LABELS, MAX_SAFEGUARDING_DUTIES
from psg.pages import PEER_SUPPORTERS_URI, peer_supporters_page
from psg.schema import PEER_SUPPORTER_SECTIONS
from psg.site import Settings, assemble
from psg.validate import load_guidance

from conftest import ROOT
from test_accessibility import AXE, axe_result, start_axe
from test_evidence import _edit
from test_pipeline import errors_of, load_mini, mini_copy

GOLDEN = Path(__file__).parent / "golden" / "peer-supporters.md"
FILE = "guidance/peer-supporters.yml"


@pytest.fixture(scope="module")
def markdown() -> str:
    return peer_supporters_page(load_mini()).markdown


# -------------------------------------------------------------------------------------
# The page's Markdown
# -------------------------------------------------------------------------------------


def test_rendered_markdown_matches_the_golden_file(markdown: str) -> None:
    if os.environ.get("PSG_UPDATE_GOLDEN"):
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8"), f"{PEER_SUPPORTERS_URI} differs from {GOLDEN}"


def test_each_point_has_one_label_and_one_evidence_link_to_its_entry(markdown: str) -> None:
    guidance = load_mini()
    points = list(guidance.points())
    lines = [line for line in markdown.splitlines() if line.startswith('<li class="psg-action"')]
    assert len(lines) == len(points) == 8
    for number, (line, point) in enumerate(zip(lines, points), 1):
        assert line.startswith(f'<li class="psg-action" id="point-{number}"')
        assert line.count('class="psg-strength ') == 1 and line.count('class="psg-evidence-link"') == 1
        assert f">{guidance.label(point).text}</span>" in line
        assert f'href="#point-{number}-evidence"' in line and "Evidence<span class=\"psg-sr\"> for this point</span>" in line
        assert markdown.count(f'id="point-{number}-evidence"') == 1
    assert {guidance.label(p).id for p in points} == set(LABELS), "the fixture should show every label"


def test_sections_come_in_order_with_their_more_links_and_summaries(markdown: str) -> None:
    ids = re.findall(r"^## .* \{ #([a-z-]+) \}$", markdown, re.M)
    assert ids == [*PEER_SUPPORTER_SECTIONS, "action-evidence"]
    limits = markdown.split("{ #limits-on-contact }", 1)[1].split("\n## ", 1)[0]
    assert "- [Keeping in touch](challenges/keeping-in-touch.md): Young people may want contact at any time." in limits
    assert "- [Agreeing contact times (first day)](strategies/agreeing-contact-times.md): Say on the first day how often you can meet." in limits
    triggered = markdown.split("{ #being-triggered }", 1)[1].split("\n## ", 1)[0]
    assert "More on this" not in triggered  # a section without `more` has no empty list


def test_site_notes_use_the_shared_markup_and_readers_see_no_ids_or_files(markdown: str) -> None:
    assert '<aside class="psg-site-note" aria-label="Note from this site, not from the briefing" markdown>' in markdown
    assert "<p class=\"psg-site-note__label\">This site's note</p>" in markdown
    assert '<p class="psg-site-note__source">Source: ' in markdown
    body = markdown.split("\n---\n", 1)[1]
    assert ".yml" not in body and "mini-concerns-box" not in body
    assert not re.search(r"\[[^\]]*(\bq-|kf-|con-|\blines?\b)[^\]]*\]", body)


def test_the_page_is_assembled_with_a_search_boost_and_its_edit_file() -> None:
    settings = Settings(skip_pdf_reason="tests", edit_base_url="https://example.org/edit")
    page = assemble(load_mini(), settings).files[PEER_SUPPORTERS_URI]
    assert page.title == "If you are a peer supporter" and page.source_file == FILE
    assert settings.edit_url(page.source_file) == f"https://example.org/edit/{FILE}"
    assert "search:\n  boost: 3\n" in str(page.content)


# -------------------------------------------------------------------------------------
# Validation: located errors, all together
# -------------------------------------------------------------------------------------


def test_sections_out_of_order_and_more_ids_that_do_not_resolve(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    training = text[text.index("  - id: training") : text.index("site_notes:")]
    text = text.replace(training, "").replace("  - id: sharing-your-story", training + "  - id: sharing-your-story")
    path.write_text(text.replace("more: [keeping-in-touch,", "more: [no-such-page,"), encoding="utf-8")
    assert errors_of(root) == [
        f"{FILE}:8:5: sections[0].id: found the section 'training' as section 1; expected 'sharing-your-story' there: the sections go in this order: {', '.join(PEER_SUPPORTER_SECTIONS)}",
        f"{FILE}:44:12: sections[4].more[0]: found 'no-such-page', which is not the id of any challenge or strategy; expected the id of a challenge or strategy",
    ]


def test_an_unknown_or_repeated_section(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, FILE, "  - id: being-triggered", "  - id: sharing-your-story")
    _edit(root, FILE, "  - id: training", "  - id: trainning")
    errors = errors_of(root)
    assert errors[0].startswith(f"{FILE}:51:5: sections[6].id: found text 'trainning'; expected 'sharing-your-story', 'being-triggered',")
    assert len(errors) == 1  # cross-file checks wait for the schema to pass
    _edit(root, FILE, "  - id: trainning", "  - id: training")
    assert errors_of(root) == [
        f"{FILE}:7:1: sections: found no section 'being-triggered'; expected every one of these sections, in this order: {', '.join(PEER_SUPPORTER_SECTIONS)}",
        f"{FILE}:15:5: sections[1].id: found the section 'sharing-your-story' a second time; expected each section once",
    ]


def test_points_are_checked_as_actions(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, FILE, "      - text: You could say on the first day", "      - text: Say on the first day")
    _edit(root, FILE, "        basis:\n          - work: smith-2020\n", "")
    _edit(root, FILE, "          - quote: q-r1-agree-when", "          - quote: q-r1-no-such-quote")
    assert errors_of(root) == [
        f"{FILE}:18:9: sections[1].points[0].basis: found a point with no basis; expected a `basis` list naming at least one quote, perspective, finding, conclusion, work, module or passage",
        f"{FILE}:29:9: sections[3].points[0].text: found wording labelled “One respondent” that begins “Say on the first …”; expected an opening from guidance/style.yml (such as Consider, Decide, Discuss, Think about), or `safeguarding_duty: true` for a plain statement of a safeguarding duty",
        f"{FILE}:42:13: sections[4].points[0].basis[1].quote: found 'q-r1-no-such-quote', which is not the id of any respondent quote; expected the id of a respondent quote (q-…) anywhere in the content",
    ]


def test_the_cap_on_safeguarding_duties_counts_points(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    path = root / FILE
    text = path.read_text(encoding="utf-8").replace("        basis:\n", "        safeguarding_duty: true\n        basis:\n")
    path.write_text(text, encoding="utf-8")
    duties = 1 + 8  # one action in the mini fixture, then every point
    errors = errors_of(root)
    assert len(errors) == duties - MAX_SAFEGUARDING_DUTIES
    assert errors[0].startswith(f"{FILE}:") and f": found safeguarding duty number {MAX_SAFEGUARDING_DUTIES + 1} on the site" in errors[0]
    assert "].points[" in errors[0] and errors[0].split(": ")[1].endswith(".safeguarding_duty")


# -------------------------------------------------------------------------------------
# In Chromium
# -------------------------------------------------------------------------------------

#: Viewports the page is checked at: a phone and a desktop.
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def test_home_page_leads_to_the_page(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".psg-tasks").get_by_role("link", name="I am a peer supporter").click()
    page.wait_for_url(re.compile(r"/peer-supporters/$"))
    assert _words(page.locator("article h1")).removesuffix("¶").strip() == "If you are a peer supporter"


#: For each point on the page: its labels, its evidence links, and for its first link the
#: entry it leads to (how many elements carry that id, that entry's label, its basis links).
POINTS_AS_SHOWN = """() => [...document.querySelectorAll('article li.psg-action')].map(li => {
    const words = el => el.textContent.replace(/\\s+/g, ' ').replace('Strength of evidence:', '').trim();
    const links = [...li.querySelectorAll('a.psg-evidence-link')].map(a => a.getAttribute('href'));
    const id = (links[0] || '').slice(1);
    const entries = id ? [...document.querySelectorAll('[id]')].filter(el => el.id === id) : [];
    const entry = entries[0];
    return {
        id: li.id,
        labels: [...li.querySelectorAll('.psg-strength')].map(words),
        links,
        entries: entries.length,
        entryLabel: entry && entry.querySelector('.psg-strength') ? words(entry.querySelector('.psg-strength')) : null,
        basis: entry ? entry.querySelectorAll('li a[href]').length : 0,
    };
})"""


def test_each_point_has_one_label_and_one_evidence_link_that_lands_on_its_entry(page: Any, site_url: str) -> None:
    page.goto(site_url + "peer-supporters/")
    shown = page.evaluate(POINTS_AS_SHOWN)
    assert len(shown) == sum(1 for _ in load_guidance(ROOT, None, check_quotes=False).points())
    labels = {label.text for label in LABELS.values()}
    for point in shown:
        where = point["id"]
        assert len(point["labels"]) == 1 and point["labels"][0] in labels, f"{where}: {point['labels']}"
        assert len(point["links"]) == 1 and point["links"][0].startswith("#"), f"{where}: {point['links']}"
        assert point["entries"] == 1 and point["entryLabel"] == point["labels"][0], f"{where}: its evidence entry"
        assert point["basis"] >= 1, f"{where}: its evidence lists nothing"
    for point in (shown[0], shown[-1]):  # following a link lands on the entry, and back again
        page.locator(f"[id='{point['id']}'] a.psg-evidence-link").click()
        page.wait_for_url(re.compile(re.escape(point["links"][0]) + "$"))
        entry = page.locator(point["links"][0])
        assert entry.is_visible() and _label(entry.locator(".psg-strength")) == point["labels"][0]
        entry.get_by_role("link", name="Back to the point").click()
        page.wait_for_url(re.compile(f"#{point['id']}$"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_violations(browser: Any, site_url: str, viewport: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport], has_touch=viewport == "phone")
    try:
        page = context.new_page()
        page.goto(site_url + "peer-supporters/")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"], "the page is wider than the screen"
        start_axe(page, AXE.read_text(encoding="utf-8"))
        violations = axe_result(page)
        assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in violations)
    finally:
        context.close()


def _words(locator: Any) -> str:
    """An element's text, white space folded."""
    return " ".join(str(locator.text_content()).split())


def _label(locator: Any) -> str:
    """A strength label as shown, without the words only screen readers hear."""
    return _words(locator).removeprefix("Strength of evidence:").strip()
