""""Your progress" in Chromium: counts, open actions, the printed action plan, export and
import of every checklist's answers, refused files, no JavaScript, axe-core.

Every test drives the real, strictly built site (see `conftest.py`). Most share one
browser context (`shared`), and start from empty storage with `start`. The offline copy
is tested in test_offline.py, beside the zip it builds.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterator

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import ROOT
from psg import CONTENT_VERSION
from psg.model import checklist_numbers
from psg.progress import embed_json, progress_data
from psg.validate import load_guidance

GUIDANCE = load_guidance(ROOT, None, check_quotes=False)
CHECKLISTS = list(GUIDANCE.checklists)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_EXTRA_TAGS = ["wcag22a", "wcag22aa"]
FORMAT = "peer-support-guidance-answers"


def entries(checklist: Any) -> list[Any]:
    return [entry for section in checklist.sections for entry in section.items]


def number_of(checklist: Any, item_id: str) -> str:
    """Section number . item number, counted here from the checklist's order."""
    for s, section in enumerate(checklist.sections, start=1):
        for i, entry in enumerate(section.items, start=1):
            if entry.id == item_id:
                return f"{s}.{i}"
    raise KeyError(item_id)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def stored(page: Page) -> dict[str, Any]:
    """Every checklist answer in localStorage, keyed as checklist.js keys them."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('psg-answers:'))
             .map(k => [k, JSON.parse(localStorage.getItem(k))]))"""
    )


def key(checklist: Any, entry: Any) -> str:
    return f"psg-answers:{checklist.id}:{entry.id}"


@pytest.fixture(scope="module")
def shared(browser: Any) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def start(page: Page, site_url: str, answers: dict[str, Any] | None = None) -> Page:
    """Open the progress page with exactly `answers` in storage (none by default)."""
    if not page.url.startswith(site_url):
        page.goto(f"{site_url}checklists/progress/")
    page.evaluate(
        "a => { localStorage.clear(); for (const [k, v] of Object.entries(a)) localStorage.setItem(k, JSON.stringify(v)); }",
        answers or {},
    )
    page.goto(f"{site_url}checklists/progress/")
    return page


def import_file(page: Page, path: Path, button: str = "Import answers") -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button).click()
    chooser.value.set_files(str(path))


def export_file(page: Page, button: str, dest: Path) -> dict[str, Any]:
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    download.value.save_as(dest)
    return json.loads(dest.read_text(encoding="utf-8"))


def said(page: Page) -> Any:
    """The progress page's live region, where it reports exports and imports."""
    return page.locator(".psg-progress-page [role=status]")


def counts_row(page: Page, checklist_id: str) -> list[str]:
    return page.locator(f".psg-progress-table tbody tr[data-checklist='{checklist_id}'] td").all_inner_texts()


# -------------------------------------------------------------------------------------
# The page's data, from the model
# -------------------------------------------------------------------------------------


def test_embedded_data_numbers_every_item_and_cannot_end_its_script() -> None:
    data = progress_data(GUIDANCE)
    assert [c["id"] for c in data["checklists"]] == [c.id for c in CHECKLISTS]
    for checklist, embedded in zip(CHECKLISTS, data["checklists"]):
        assert [(i["id"], i["number"], i["text"]) for i in embedded["items"]] == [
            (e.id, number_of(checklist, e.id), e.text) for e in entries(checklist)
        ]
    assert embedded["items"][0]["number"] == "1.1"
    hostile = embed_json({"text": "</script><!-- & <b>"})
    assert "<" not in hostile and ">" not in hostile and "&" not in hostile
    assert json.loads(hostile) == {"text": "</script><!-- & <b>"}


# -------------------------------------------------------------------------------------
# Counts and open actions
# -------------------------------------------------------------------------------------


def test_counts_follow_answers_given_on_two_checklists(shared: Page, site_url: str) -> None:
    a, b = CHECKLISTS[0], CHECKLISTS[3]
    a1, a2, a3 = entries(a)[:3]
    b1 = entries(b)[0]
    page = start(shared, site_url, {key(a, a1): {"status": "in-place"}})
    # Answers given on a checklist page itself, as a reader gives them.
    page.goto(f"{site_url}checklists/{b.id}/")
    page.locator(f"#check-{entries(b)[1].id}").check()
    page.locator(f"li[data-item='{entries(b)[2].id}']").get_by_role("radio", name="Not applicable", exact=True).check()
    page.locator(f"li[data-item='{b1.id}']").get_by_role("radio", name="In progress", exact=True).check()
    page.get_by_role("link", name="Action plan").click()
    number = checklist_numbers(b)[b1.id]  # the action plan names items by number, as readers see them
    page.get_by_label(f"Owner of {number}", exact=True).fill("Priya")
    page.get_by_label(f"Due date of {number}", exact=True).fill("2027-03-31")
    # And, as a checklist page stores them, on another checklist.
    page.evaluate(
        "a => { for (const [k, v] of Object.entries(a)) localStorage.setItem(k, JSON.stringify(v)); }",
        {key(a, a2): {"status": "in-progress", "note": "Board in May"}, key(a, a3): {"status": "not-applicable"}},
    )

    page.goto(f"{site_url}checklists/progress/")
    table = page.get_by_role("table", name="Items on each checklist, by status")
    expect(table.locator("thead th")).to_have_text(["Checklist", "In place", "In progress", "Not applicable", "Not started"])
    assert counts_row(page, a.id) == ["1", "1", "1", str(len(entries(a)) - 3)]
    assert counts_row(page, b.id) == ["1", "1", "1", str(len(entries(b)) - 3)]
    for other in CHECKLISTS[1:3] + CHECKLISTS[4:]:
        assert counts_row(page, other.id) == ["0", "0", "0", str(len(entries(other)))]
    total = sum(len(entries(c)) for c in CHECKLISTS)
    expect(table.locator("tfoot td")).to_have_text(["2", "2", "2", str(total - 6)])
    expect(table.get_by_role("rowheader", name=a.title)).to_have_count(1)
    expect(table.get_by_role("link", name=a.title)).to_have_attribute("href", f"../{a.id}/")
    expect(page.get_by_text(f"2 of the {total} items on the {len(CHECKLISTS)} checklists are in place.")).to_be_visible()
    # b1 is in progress with an owner: the one open action.
    expect(page.locator(".psg-action")).to_have_count(1)
    expect(page.locator(".psg-action")).to_contain_text(f"{number_of(b, b1.id)} {b1.text}")
    expect(page.locator(".psg-action")).to_contain_text("Priya")


def test_open_actions_are_sorted_by_due_date_undated_last(shared: Page, site_url: str) -> None:
    a, b = CHECKLISTS[0], CHECKLISTS[1]
    ea, eb = entries(a), entries(b)
    answers = {
        key(a, ea[0]): {"owner": "Sam"},
        key(a, ea[1]): {"due": "2027-01-15"},
        key(a, ea[2]): {"status": "in-place", "owner": "Done already"},
        key(a, ea[3]): {"status": "not-applicable", "due": "2027-01-01"},
        key(a, ea[4]): {"status": "in-progress", "note": "Only a note"},
        key(a, ea[5]): {"status": "in-progress", "owner": "Jo", "due": "2027-05-01"},
        key(b, eb[0]): {"owner": "<img src=x onerror=window.__psgInjected=1>"},
        key(b, eb[1]): {"owner": "Ali", "due": "2027-02-30"},
        key(b, eb[4]): {"status": "in-progress", "owner": "Kim", "due": "2027-05-01"},
    }
    page = start(shared, site_url, answers)
    actions = page.locator("ol.psg-actions > li")
    expected = [(a, ea[1]), (a, ea[5]), (b, eb[4]), (a, ea[0]), (b, eb[0]), (b, eb[1])]
    assert actions.evaluate_all("els => els.map(e => e.dataset.checklist + ':' + e.dataset.item)") == [
        f"{c.id}:{e.id}" for c, e in expected
    ]
    expect(page.get_by_text("6 open actions, soonest due date first")).to_be_visible()

    first = actions.nth(0)
    expect(first.locator(".psg-action__item")).to_have_text(f"{number_of(a, ea[1].id)} {ea[1].text}")
    expect(first.get_by_role("link")).to_have_attribute("href", f"../{a.id}/#{ea[1].id}")
    expect(first.locator(".psg-action__due dd time")).to_have_attribute("datetime", "2027-01-15")
    expect(first.locator(".psg-action__due dd")).to_have_text("15 January 2027")
    expect(first.locator(".psg-action__owner dd")).to_have_text("No owner")
    expect(first.locator(".psg-action__checklist dd")).to_have_text(a.title)
    expect(first.locator(".psg-action__status dd")).to_have_text("Not started")
    expect(actions.nth(1).locator(".psg-action__status dd")).to_have_text("In progress")
    expect(actions.nth(3).locator(".psg-action__due dd")).to_have_text("No due date")
    expect(actions.nth(5).locator(".psg-action__due dd")).to_have_text("2027-02-30 (not a date)")
    # What the reader typed is shown as text, never run.
    expect(actions.nth(4).locator(".psg-action__owner dd")).to_have_text("<img src=x onerror=window.__psgInjected=1>")
    assert page.locator(".psg-actions img").count() == 0 and page.evaluate("window.__psgInjected") is None

    # An item put in place on its checklist leaves the list.
    page.goto(f"{site_url}checklists/{a.id}/")
    page.locator(f"#check-{ea[1].id}").check()
    page.go_back()
    expect(actions).to_have_count(5)


def test_twenty_open_actions_print_on_one_a4_page(shared: Page, site_url: str) -> None:
    longest = sorted(((len(e.text), c, e) for c in CHECKLISTS for e in entries(c)), key=lambda t: -t[0])[:20]
    answers = {
        key(c, e): {"status": "in-progress" if n % 2 else "not-started", "owner": "Safeguarding lead (Alex)", "due": f"2027-{1 + n % 12:02d}-28"}
        for n, (_, c, e) in enumerate(longest)
    }
    page = start(shared, site_url, answers)
    expect(page.locator(".psg-action")).to_have_count(20)
    page.emulate_media(media="print")
    try:
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('.md-content *')].filter(e => e.checkVisibility() &&
                 [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(e => parseFloat(getComputedStyle(e).fontSize))"""
        )
        assert sizes and min(sizes) >= 8 * 96 / 72 - 0.01, f"printed text under 8 pt: {min(sizes) * 72 / 96:.1f} pt"
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.emulate_media(media="screen")
    assert len(reader.pages) == 1, f"20 open actions print on {len(reader.pages)} pages of A4"
    text = squash(reader.pages[0].extract_text())
    for _, checklist, entry in longest:
        assert squash(f"{number_of(checklist, entry.id)} {entry.text}") in text
    assert squash(f"content version {CONTENT_VERSION}") in text
    for screen_only in ("Where you stand", "Save or move your answers", "Your answers stay in this browser", "Print the action plan", "If this raises concerns"):
        assert squash(screen_only) not in text, f"{screen_only!r} printed"


# -------------------------------------------------------------------------------------
# Export and import
# -------------------------------------------------------------------------------------


def test_export_all_clear_and_import_round_trip(shared: Page, site_url: str, tmp_path: Path) -> None:
    a, b, c = CHECKLISTS[0], CHECKLISTS[2], CHECKLISTS[5]
    answers = {
        key(a, entries(a)[0]): {"status": "in-place", "note": "Agreed at the board"},
        key(a, entries(a)[1]): {"status": "in-progress", "owner": "Priya", "due": "2027-03-31"},
        key(b, entries(b)[2]): {"status": "not-applicable", "blank": "Every two weeks"},
        key(c, entries(c)[3]): {"owner": "Jo"},
    }
    page = start(shared, site_url, answers)
    data = export_file(page, "Export all my answers", tmp_path / "all.json")
    assert data["format"] == FORMAT and data["version"] == 1 and data["exported"]
    assert {f"psg-answers:{lst}:{item}": v for lst, items in data["answers"].items() for item, v in items.items()} == answers
    expect(said(page)).to_have_text(
        "Exported your answers to 4 items in 3 checklists to one file. Keep it somewhere private."
    )

    page = start(shared, site_url)  # cleared: another device, or a fresh start
    expect(page.locator(".psg-progress-table tfoot td").first).to_have_text("0")
    expect(page.locator(".psg-actions__empty")).to_be_visible()
    import_file(page, tmp_path / "all.json")
    expect(said(page)).to_have_text(
        f"Imported answers to 4 items in 3 checklists: {a.title}; {b.title}; {c.title}. "
        f"The answers to the other {len(CHECKLISTS) - 3} checklists were not changed."
    )
    assert stored(page) == answers
    assert counts_row(page, a.id)[:2] == ["1", "1"]
    expect(page.locator(".psg-action")).to_have_count(2)

    # The same file imported on a checklist page (checklist.js) restores every checklist too.
    page = start(page, site_url)
    page.goto(f"{site_url}checklists/{b.id}/")
    import_file(page, tmp_path / "all.json")
    expect(page.locator(".psg-answers__message")).to_have_text("Imported answers to 4 items in 3 checklists.")
    assert stored(page) == answers


def test_a_file_exported_from_one_checklist_page_imports_that_checklist(shared: Page, site_url: str, tmp_path: Path) -> None:
    a, b = CHECKLISTS[1], CHECKLISTS[4]
    a1, a2 = entries(a)[:2]
    page = start(shared, site_url)
    page.goto(f"{site_url}checklists/{a.id}/")
    page.locator(f"#check-{a1.id}").check()
    page.locator(f"li[data-item='{a2.id}']").get_by_role("radio", name="In progress", exact=True).check()
    single = export_file(page, "Export my answers", tmp_path / "one.json")
    assert list(single["answers"]) == [a.id]

    kept = {key(b, entries(b)[0]): {"status": "in-place"}}
    replaced = {key(a, entries(a)[5]): {"status": "not-applicable"}}
    page = start(page, site_url, {**kept, **replaced})
    page.once("dialog", lambda dialog: dialog.accept())  # "Replace the answers saved … for 1 checklist?"
    import_file(page, tmp_path / "one.json")
    expect(said(page)).to_have_text(
        f"Imported answers to 2 items in 1 checklist: {a.title}. The answers to the other {len(CHECKLISTS) - 1} checklists were not changed."
    )
    assert stored(page) == {**kept, key(a, a1): {"status": "in-place"}, key(a, a2): {"status": "in-progress"}}
    assert counts_row(page, a.id)[:3] == ["1", "1", "0"]


def test_files_that_are_not_answers_are_refused_with_a_message(shared: Page, site_url: str, tmp_path: Path) -> None:
    a = CHECKLISTS[0]
    answers = {key(a, entries(a)[0]): {"status": "in-place"}}
    page = start(shared, site_url, answers)
    bad = {
        "broken.json": ("{ not json", "That file is not a file of answers from this site: it is not JSON. Nothing was changed."),
        "other.json": (json.dumps({"format": "something-else", "answers": {}}), "That is not a file of answers exported from this site. Nothing was changed."),
        "list.json": (json.dumps({"format": FORMAT, "version": 1, "answers": []}), "That is not a file of answers exported from this site. Nothing was changed."),
        "newer.json": (
            json.dumps({"format": FORMAT, "version": 2, "answers": {a.id: {entries(a)[1].id: {"status": "in-place"}}}}),
            "That file was made by a newer version of this site, which this page cannot read. Nothing was changed.",
        ),
        "unknown.json": (
            json.dumps({"format": FORMAT, "version": 1, "answers": {"no-such-list": {"x": {"status": "in-place"}}, a.id: {"no-such-item": {"status": "in-place"}, entries(a)[1].id: {"status": "<b>bold</b>"}}}}),
            "That file holds no answers to the checklists on this site. Nothing was changed.",
        ),
    }
    for name, (text, message) in bad.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        import_file(page, tmp_path / name)
        expect(said(page)).to_have_text(message)
        assert stored(page) == answers, f"{name} changed the answers"

    # Answers to items this site does not have are left out, and the reader is told.
    mixed = {"format": FORMAT, "version": 1, "answers": {a.id: {entries(a)[1].id: {"status": "in-progress", "owner": "Sam", "colour": "red"}, "gone": {"status": "in-place"}}}}
    (tmp_path / "mixed.json").write_text(json.dumps(mixed), encoding="utf-8")
    page.once("dialog", lambda dialog: dialog.accept())
    import_file(page, tmp_path / "mixed.json")
    expect(said(page)).to_contain_text("1 answer in the file did not match an item on this site and was left out.")
    assert stored(page) == {key(a, entries(a)[1]): {"status": "in-progress", "owner": "Sam"}}


# -------------------------------------------------------------------------------------
# Without JavaScript; accessibility and layout
# -------------------------------------------------------------------------------------


def test_without_javascript_it_says_what_it_needs_and_links_to_every_checklist(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}checklists/progress/")
    expect(page.locator(".psg-nojs")).to_contain_text("This page needs JavaScript")
    expect(page.get_by_text("Your answers stay in this browser.")).to_be_visible()
    links = page.locator(".psg-progress-page a[data-checklist]")
    expect(links).to_have_text([c.title for c in CHECKLISTS])
    links.first.click()
    page.wait_for_url(f"**/checklists/{CHECKLISTS[0].id}/")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_and_no_sideways_scrolling(browser: Any, site_url: str, scheme: str) -> None:
    # A context of its own: Material keeps the colour scheme it chose in storage.
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    a = CHECKLISTS[0]
    answers = {key(a, e): {"status": "in-progress", "owner": "Sam", "due": "2027-06-01"} for e in entries(a)[:3]}
    _check_axe_and_widths(start(context.new_page(), site_url, answers), scheme)
    context.close()


def _check_axe_and_widths(page: Page, scheme: str) -> None:
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{'slate' if scheme == 'dark' else 'default'}'")
    expect(page.locator(".psg-action")).to_have_count(3)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
          const rules = Object.fromEntries(axe.getRules(tags).map(r => [r.ruleId, {enabled: true}]));
          const results = await axe.run(document, {rules, resultTypes: ['violations']});
          return results.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n    ` +
            v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')).join('\\n    '));
        }""",
        AXE_EXTRA_TAGS,
    )
    assert result == [], "\n".join(result)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        scroll, view = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= view, f"{scheme}, {width} px: the page scrolls sideways ({scroll} > {view})"
