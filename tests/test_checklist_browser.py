"""Checklist pages in Chromium: printing, answers kept in the browser, keyboard, axe-core.

Every test drives the real, strictly built site (see `conftest.py`) in Debian's Chromium.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from _pdf import effective_font_sizes, page_texts, smallest_size, squash, stroked_squares
from conftest import ROOT
from psg import CONTENT_VERSION
from psg.pages import checklist_sources, item_numbers
from psg.validate import load_guidance

GUIDANCE = load_guidance(ROOT, None, check_quotes=False)
CHECKLISTS = list(GUIDANCE.checklists)
IDS = [c.id for c in CHECKLISTS]
#: Each item's number as readers see and hear it (section.item, such as "1.1"), by id.
NUMBERS = item_numbers(GUIDANCE)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: axe-core runs its default rules (WCAG 2.0 and 2.1 A and AA, and best practice) plus
#: every rule tagged for WCAG 2.2, some of which are off by default. None is disabled.
AXE_EXTRA_TAGS = ["wcag22a", "wcag22aa"]

#: Site chrome that must not print, and text of it that must not appear in the printout.
CHROME = [".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".md-top", ".psg-exit", ".md-content__button"]
CHROME_TEXT = ["Skip to content", "How to use this site", "Table of contents", "CC BY 4.0", "Exit this page", "Your answers", "Clear my answers"]
SCREEN_ONLY = [".psg-answers", ".psg-status", ".psg-note", ".psg-note__label", ".psg-plan", ".psg-downloads", ".psg-evidence-list", ".psg-evidence-link"]

#: A blank checklist prints on at most this many pages (issue 14: room to write is worth an extra page).
BLANK_PAGE_BUDGET = {"A4": 3, "Letter": 4}
#: ... and with every item given a status and a 200-character note.
ANSWERS_PAGE_BUDGET = {"A4": 4, "Letter": 5}


def url_of(site_url: str, checklist_id: str) -> str:
    return f"{site_url}checklists/{checklist_id}/"


def pdf_fonts(reader: PdfReader) -> set[str]:
    """The names of the fonts a PDF uses, without their subset prefixes."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }


def item(page: Page, item_id: str):
    return page.locator(f"li.psg-item[data-item='{item_id}']")


def saved(page: Page) -> dict:
    """Every answer this site has in localStorage."""
    return page.evaluate(
        """() => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith('psg-answers:'))
             .map(k => [k, JSON.parse(localStorage.getItem(k))]))"""
    )


def first_items(checklist, count: int = 3) -> list:
    return [entry for section in checklist.sections for entry in section.items][:count]


def all_items(checklist) -> list:
    return [entry for section in checklist.sections for entry in section.items]


# -------------------------------------------------------------------------------------
# Print: a blank form, or a copy with the answers (docs/assets/css/checklist-print.css)
# -------------------------------------------------------------------------------------

#: The four statuses as they print beside boxes to mark, in order.
STATUS_WORDS = ["In place", "In progress", "Not applicable", "Not started"]
STATUS_VALUES = ["in-place", "in-progress", "not-applicable", "not-started"]
#: Chromium keeps sizes in CSS pixels, so 8pt prints as 7.99pt: this much is rounding.
ROUNDING = 0.02
MM = 96 / 25.4  # CSS pixels


def note_for(entry) -> str:
    """A 200-character note, different for each item."""
    return (f"Note on {entry.id}: " + "we talked this through with the team and agreed next steps. " * 4)[:200]


def answers_for(checklist) -> dict[str, dict]:
    """Every item given a status (each of the four in turn), a 200-character note, and its fill-in."""
    out = {}
    for index, entry in enumerate(all_items(checklist)):
        answer = {"note": note_for(entry)}
        if STATUS_VALUES[index % 4] != "not-started":
            answer["status"] = STATUS_VALUES[index % 4]
        if entry.blank:
            answer["blank"] = "Every second Tuesday"
        out[entry.id] = answer
    return out


@pytest.fixture(scope="session")
def printed(browser, site_url: str) -> dict[str, dict]:
    """Each checklist printed by Chromium: its PDFs (blank and with answers, A4 and Letter)
    and what the page showed in print, from one page reused for every checklist."""
    context = browser.new_context()
    page = context.new_page()
    out: dict[str, dict] = {}
    for checklist in CHECKLISTS:
        page.goto(url_of(site_url, checklist.id))
        # The exit control is another component; make sure one is there for print to hide.
        page.evaluate(
            """() => { if (!document.querySelector('.psg-exit')) {
                 const a = document.createElement('a'); a.className = 'psg-exit'; a.href = '#'; a.textContent = 'Exit this page';
                 document.body.prepend(a); } }"""
        )
        page.emulate_media(media="print")
        shown = {
            selector: page.locator(selector).evaluate_all("els => els.filter(e => e.checkVisibility()).length")
            for selector in CHROME + SCREEN_ONLY
        }
        marks = page.locator("li.psg-item").evaluate_all(
            """(items) => items.map(li => {
                 const row = getComputedStyle(li.querySelector('.psg-from'), '::after');
                 const notes = getComputedStyle(li, '::after');
                 return {id: li.dataset.item, statuses: row.content, boxes: (row.backgroundImage.match(/rect x=/g) || []).length,
                         lines: notes.backgroundImage, notesHeight: parseFloat(notes.height), lineHeight: parseFloat(notes.lineHeight)};
               })"""
        )
        blank = {paper: page.pdf(format=paper) for paper in BLANK_PAGE_BUDGET}

        # With answers: saved in this browser, printed with the "Print with my answers" button.
        page.emulate_media(media="screen")
        page.evaluate(
            "([list, answers]) => { for (const [item, a] of Object.entries(answers)) localStorage.setItem(`psg-answers:${list}:${item}`, JSON.stringify(a)); }",
            [checklist.id, answers_for(checklist)],
        )
        page.reload()
        page.evaluate("() => { window.print = () => { window.psgPrinted = document.querySelector('.psg-checklist').className; }; }")
        answered = {}
        for paper in ANSWERS_PAGE_BUDGET:
            # Chromium's print to PDF fires beforeprint and afterprint: ask again for each.
            page.emulate_media(media="screen")
            page.get_by_role("button", name="Print with my answers").click()
            printed_class = page.evaluate("window.psgPrinted")
            page.emulate_media(media="print")
            answered[paper] = page.pdf(format=paper)
            page.evaluate("window.dispatchEvent(new Event('afterprint'))")
            after_class = page.evaluate("document.querySelector('.psg-checklist').className")
        page.emulate_media(media="screen")
        page.get_by_role("button", name="Print a blank form").click()
        blank_class = page.evaluate("window.psgPrinted")
        page.evaluate("localStorage.clear()")
        out[checklist.id] = {
            "shown": shown,
            "marks": marks,
            "blank": blank,
            "answers": answered,
            "classes": (printed_class, after_class, blank_class),
        }
    context.close()
    return out


def _page_furniture(checklist, texts: list[str]) -> None:
    """Every printed page: the checklist's title, the content version and "Page X of Y"."""
    for number, text in enumerate(texts, start=1):
        flat = squash(text)
        assert squash(checklist.title) in flat, f"page {number} has no title"
        assert squash(f"Content version {CONTENT_VERSION}") in flat, f"page {number} has no content version"
        assert squash(f"Page {number} of {len(texts)}") in flat, f"page {number} has no 'page X of Y'"


def _sizes(checklist, pdf: bytes) -> None:
    """Nothing under 8pt; each item's text at 10pt or more (effective sizes, tests/_pdf.py)."""
    runs = effective_font_sizes(pdf)
    assert smallest_size(runs) >= 8 - ROUNDING, [r for page in runs for r in page if r.size < 8 - ROUNDING][:5]
    for entry in all_items(checklist):
        start = squash(entry.text)[:15]
        sizes = [r.size for page in runs for r in page if squash(r.text).startswith(start)]
        assert sizes, f"{NUMBERS[entry.id]} not found in the PDF"
        assert min(sizes) >= 10 - ROUNDING, f"{NUMBERS[entry.id]} prints at {min(sizes)}pt"


@pytest.mark.xdist_group("checklist_print")  # one worker prints every checklist once (the `printed` fixture)
@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_prints_a_blank_form_within_the_page_budget(printed: dict, site_url: str, checklist) -> None:
    result = printed[checklist.id]
    for selector, shown in result["shown"].items():
        assert shown == 0, f"{selector} is visible in print"

    # Four boxes to mark for each item, and ruled lines for notes: more for a fill-in.
    assert len(result["marks"]) == len(all_items(checklist))
    blanks = {entry.id for entry in all_items(checklist) if entry.blank}
    for mark in result["marks"]:
        assert re.sub(r"\\9 ?|\t", "|", mark["statuses"]) == "\"" + "|".join(STATUS_WORDS) + "\"", mark
        assert mark["boxes"] == 4, mark  # one picture of four squares
        assert "repeating-linear-gradient" in mark["lines"], mark
        lines = round(mark["notesHeight"] / mark["lineHeight"])
        assert lines >= (2 if mark["id"] in blanks else 1), mark
        assert mark["lineHeight"] >= 6 * MM - 0.5, mark  # room to write on each line

    for paper, pdf in result["blank"].items():
        texts = page_texts(pdf)
        assert len(texts) <= BLANK_PAGE_BUDGET[paper], f"{checklist.id} prints on {len(texts)} pages of {paper}"
        reader = PdfReader(io.BytesIO(pdf))
        fonts = pdf_fonts(reader)
        assert fonts and all(re.match(r"(LiberationSans|DejaVuSans)", f) for f in fonts), f"unpinned fonts: {fonts}"
        # The boxes and lines are drawn, not left out as "backgrounds": four outlined
        # squares per item, and the ruled lines (a gradient pattern) under each.
        squares = sum(stroked_squares(reader, i) for i in range(len(reader.pages)))
        assert squares == 4 * len(all_items(checklist)), f"{squares} boxes drawn"
        patterns = sum(p.get_contents().get_data().count(b"/Pattern cs") for p in reader.pages)
        assert patterns >= len(all_items(checklist)), f"{patterns} ruled lines drawn"
        _page_furniture(checklist, texts)
        _sizes(checklist, pdf)
        pages = [squash(t) for t in texts]
        whole = "".join(pages)
        for text in CHROME_TEXT:
            assert squash(text) not in whole, f"site chrome '{text}' printed"
        for field in ("Organisation:", "Completed by:", "Date:", "Review date:"):
            assert squash(field) in pages[0]
        assert squash("Our Voices Too") in pages[-1]
        assert squash(url_of(site_url, checklist.id)) in pages[-1]
        assert "Status:" not in whole, "a blank form prints a status"

        sources = checklist_sources(GUIDANCE, checklist)
        for entry in all_items(checklist):
            blank = f"{entry.blank}:" if entry.blank else ""
            label = GUIDANCE.label(entry).text
            block = squash(f"{NUMBERS[entry.id]} {entry.text} {blank} {label} From: {sources[entry.id][0]} {' '.join(STATUS_WORDS)} Notes:")
            assert any(block in text for text in pages), f"{entry.id} is missing or split across pages"
            assert squash(entry.id.upper()) not in whole, f"{entry.id} prints its code"
        for number, section in enumerate(checklist.sections, start=1):
            assert squash(f"{number}. {section.title}") in whole


@pytest.mark.xdist_group("checklist_print")  # one worker prints every checklist once (the `printed` fixture)
@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_prints_the_answers_within_the_page_budget(printed: dict, checklist) -> None:
    result = printed[checklist.id]
    printed_class, after_class, blank_class = result["classes"]
    assert "psg-checklist--answers" in printed_class.split(), "'Print with my answers' did not ask for the answers"
    assert "psg-checklist--answers" not in after_class.split(), "the page stays in 'with answers' after printing"
    assert "psg-checklist--answers" not in blank_class.split(), "'Print a blank form' prints the answers"
    answers = answers_for(checklist)
    sources = checklist_sources(GUIDANCE, checklist)
    words = dict(zip(STATUS_VALUES, STATUS_WORDS))
    for paper, pdf in result["answers"].items():
        texts = page_texts(pdf)
        assert len(texts) <= ANSWERS_PAGE_BUDGET[paper], f"{checklist.id} with answers prints on {len(texts)} pages of {paper}"
        _page_furniture(checklist, texts)
        _sizes(checklist, pdf)
        pages = [squash(t) for t in texts]
        whole = "".join(pages)
        assert squash(" ".join(STATUS_WORDS)) not in whole, "boxes to mark print beside the answers"
        for entry in all_items(checklist):
            answer = answers[entry.id]
            status = words[answer.get("status", "not-started")]
            blank = f"{entry.blank}: {answer['blank']}" if entry.blank else ""
            block = squash(f"{NUMBERS[entry.id]} {entry.text} {blank}")
            after = squash(f"{sources[entry.id][0]} Status: {status} Notes: {answer['note']}")
            assert any(block in text and after in text for text in pages), f"{entry.id}'s answers are missing or split"


def test_action_plan_prints_on_its_own(page: Page, site_url: str) -> None:
    checklist = CHECKLISTS[1]
    done, doing = first_items(checklist, 2)
    page.goto(url_of(site_url, checklist.id))
    item(page, done.id).get_by_role("checkbox").check()
    item(page, doing.id).get_by_role("radio", name="In progress", exact=True).check()
    page.get_by_role("link", name="Action plan").click()
    page.get_by_label(f"Owner of {NUMBERS[doing.id]}").fill("Sam")
    page.evaluate("document.documentElement.setAttribute('data-psg-print', 'plan')")
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
    assert squash(f"{NUMBERS[doing.id]} {doing.text} In progress Sam") in text
    assert squash(done.text) not in text, "an item in place is in the action plan"
    assert squash("Organisation:") in text


# -------------------------------------------------------------------------------------
# Answers: reload, export and import, clear
# -------------------------------------------------------------------------------------


def test_statuses_and_notes_survive_a_reload(page: Page, site_url: str) -> None:
    checklist = CHECKLISTS[4]
    one, two, three = first_items(checklist)
    total = len(all_items(checklist))
    page.goto(url_of(site_url, checklist.id))
    progress = page.locator(".psg-progress")
    expect(progress).to_have_attribute("aria-live", "polite")
    expect(progress).to_contain_text(f"0 of {total} items in place")

    item(page, one.id).get_by_role("radio", name="In progress", exact=True).check()
    item(page, one.id).get_by_label(f"Note on {NUMBERS[one.id]}").fill("Book supervision\nwith Jo")
    item(page, two.id).get_by_role("checkbox").check()  # ticking sets "in place"
    expect(item(page, two.id).get_by_role("radio", name="In place", exact=True)).to_be_checked()
    item(page, three.id).get_by_role("radio", name="Not applicable", exact=True).check()
    expect(progress).to_contain_text(f"1 of {total} items in place. 1 in progress, 1 not applicable")

    page.reload()
    expect(item(page, one.id).get_by_role("radio", name="In progress", exact=True)).to_be_checked()
    expect(item(page, one.id).get_by_label(f"Note on {NUMBERS[one.id]}")).to_have_value("Book supervision\nwith Jo")
    expect(item(page, two.id).get_by_role("checkbox")).to_be_checked()
    expect(item(page, two.id).get_by_role("radio", name="In place", exact=True)).to_be_checked()
    expect(item(page, three.id).get_by_role("radio", name="Not applicable", exact=True)).to_be_checked()
    expect(item(page, three.id).get_by_role("checkbox")).not_to_be_checked()
    expect(progress).to_contain_text(f"1 of {total} items in place")

    # Unticking an item in place sets it back to "not started" (and forgets it).
    item(page, two.id).get_by_role("checkbox").uncheck()
    expect(item(page, two.id).get_by_role("radio", name="Not started", exact=True)).to_be_checked()
    assert f"psg-answers:{checklist.id}:{two.id}" not in saved(page)
    # Keys are per checklist and item id, so answers survive edits to the checklist.
    assert saved(page)[f"psg-answers:{checklist.id}:{one.id}"] == {"status": "in-progress", "note": "Book supervision\nwith Jo"}


def _answer_two_checklists(page: Page, site_url: str) -> dict[str, dict]:
    """Give answers on two checklists; return them as the export should hold them."""
    a, b = CHECKLISTS[0], CHECKLISTS[4]
    a1, a2 = first_items(a, 2)
    blank_item = next(e for e in all_items(b) if e.blank)
    page.goto(url_of(site_url, a.id))
    item(page, a1.id).get_by_role("radio", name="In progress", exact=True).check()
    item(page, a1.id).get_by_label(f"Note on {NUMBERS[a1.id]}").fill("Speak to the board")
    item(page, a2.id).get_by_role("checkbox").check()
    page.get_by_role("link", name="Action plan").click()
    page.get_by_label(f"Owner of {NUMBERS[a1.id]}").fill("Priya")
    page.get_by_label(f"Due date of {NUMBERS[a1.id]}").fill("2027-03-31")
    page.goto(url_of(site_url, b.id))
    item(page, blank_item.id).get_by_label(blank_item.blank, exact=True).fill("Every two weeks")
    item(page, blank_item.id).get_by_role("radio", name="Not applicable", exact=True).check()
    return {
        a.id: {a1.id: {"status": "in-progress", "note": "Speak to the board", "owner": "Priya", "due": "2027-03-31"}, a2.id: {"status": "in-place"}},
        b.id: {blank_item.id: {"status": "not-applicable", "blank": "Every two weeks"}},
    }


def test_export_and_import_round_trip(browser, site_url: str, tmp_path: Path) -> None:
    first = browser.new_context(accept_downloads=True)
    page = first.new_page()
    expected = _answer_two_checklists(page, site_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export my answers").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    first.close()
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "peer-support-guidance-answers" and data["version"] == 1
    assert data["answers"] == expected

    # Another device: an empty browser imports the file.
    second = browser.new_context()
    page = second.new_page()
    a, b = CHECKLISTS[0], CHECKLISTS[4]
    a1, a2 = first_items(a, 2)
    page.goto(url_of(site_url, a.id))
    assert saved(page) == {}
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    chooser.value.set_files(str(exported))
    expect(page.locator(".psg-answers__message")).to_have_text("Imported answers to 3 items in 2 checklists.")
    expect(item(page, a1.id).get_by_role("radio", name="In progress", exact=True)).to_be_checked()
    expect(item(page, a1.id).get_by_label(f"Note on {NUMBERS[a1.id]}")).to_have_value("Speak to the board")
    expect(item(page, a2.id).get_by_role("checkbox")).to_be_checked()
    # The action plan's table is built when it is first opened.
    expect(page.locator("#action-plan table")).to_have_count(0)
    page.get_by_role("link", name="Action plan").click()
    expect(page.get_by_label(f"Owner of {NUMBERS[a1.id]}")).to_have_value("Priya")
    expect(page.get_by_label(f"Due date of {NUMBERS[a1.id]}")).to_have_value("2027-03-31")
    page.reload()
    page.goto(url_of(site_url, b.id))
    blank_item = next(e for e in all_items(b) if e.blank)
    expect(item(page, blank_item.id).get_by_label(blank_item.blank, exact=True)).to_have_value("Every two weeks")
    expect(item(page, blank_item.id).get_by_role("radio", name="Not applicable", exact=True)).to_be_checked()

    # A file that is not an answers file changes nothing.
    before = saved(page)
    bad = tmp_path / "not-answers.json"
    bad.write_text(json.dumps({"format": "something-else", "answers": {b.id: {blank_item.id: {"status": "in-place"}}}}), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import answers").click()
    chooser.value.set_files(str(bad))
    expect(page.locator(".psg-answers__message")).to_contain_text("Nothing was changed")
    assert saved(page) == before
    second.close()


def test_clear_my_answers_clears_only_this_checklist(page: Page, site_url: str) -> None:
    a, b = CHECKLISTS[0], CHECKLISTS[4]
    kept = _answer_two_checklists(page, site_url)[a.id]
    assert len(saved(page)) == 3
    # On the second checklist: saying no to the question keeps everything.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear my answers").click()
    assert len(saved(page)) == 3

    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Clear my answers").click()
    assert "Your answers to other checklists are kept" in questions[0] and f"“{b.title}”" in questions[0]
    expect(page.locator(".psg-answers__message")).to_contain_text("Answers to other checklists are kept")
    assert saved(page) == {f"psg-answers:{a.id}:{item}": answer for item, answer in kept.items()}
    expect(page.locator(".psg-status input[value='not-started']:not(:checked)")).to_have_count(0)
    assert page.locator(".psg-blank__input, textarea").evaluate_all("els => els.every(e => e.value === '')")
    # The panel says what the button clears, and where to clear every checklist.
    scope = page.locator(".psg-answers__scope")
    expect(scope).to_contain_text("removes your answers to this checklist only")
    scope.get_by_role("link", name="Clear answers to every checklist").click()
    page.wait_for_url("**/checklists/#your-answers")

    # The first checklist's answers are intact after a reload.
    page.goto(url_of(site_url, a.id))
    expect(page.locator(".psg-progress")).to_contain_text(f"1 of {len(all_items(a))} items in place. 1 in progress")
    one = first_items(a, 1)[0]
    expect(item(page, one.id).get_by_label(f"Note on {NUMBERS[one.id]}")).to_have_value("Speak to the board")


@pytest.mark.parametrize("where", ["checklists/", "privacy/"])
def test_every_checklist_can_be_cleared_from_the_index_and_the_privacy_page(page: Page, site_url: str, where: str) -> None:
    _answer_two_checklists(page, site_url)
    page.evaluate("localStorage.setItem('unrelated-key', 'kept')")
    page.goto(site_url + where)
    control = page.locator("[data-psg-clear-answers]")
    expect(control).to_contain_text("3 items in 2 checklists")
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    control.get_by_role("button", name="Clear answers to every checklist").click()
    assert "clears every checklist" in questions[0]
    expect(control.get_by_role("status")).to_contain_text("removed from this browser, for every checklist")
    expect(control).to_contain_text("holds no checklist answers")
    assert saved(page) == {}
    assert page.evaluate("localStorage.getItem('unrelated-key')") == "kept"


# -------------------------------------------------------------------------------------
# Keyboard, no JavaScript, axe-core
# -------------------------------------------------------------------------------------


def _tab_to(page: Page, selector: str, limit: int = 250, key: str = "Tab") -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has no visible focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_works_by_keyboard(browser, site_url: str) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    checklist = CHECKLISTS[2]
    one, two = first_items(checklist, 2)
    page.goto(url_of(site_url, checklist.id))

    _tab_to(page, f"#check-{one.id}")
    page.keyboard.press("Space")
    expect(item(page, one.id).get_by_role("radio", name="In place", exact=True)).to_be_checked()
    _tab_to(page, f"input[name='status-{one.id}']")  # the radio group is one tab stop, on the chosen status
    page.keyboard.press("ArrowLeft")
    expect(item(page, one.id).get_by_role("radio", name="In progress", exact=True)).to_be_checked()
    expect(item(page, one.id).get_by_role("checkbox")).not_to_be_checked()
    _tab_to(page, f"#note-{one.id}")
    page.keyboard.type("Typed by keyboard")

    # The action plan opens from its link, and its fields take typing.
    _tab_to(page, "a[href='#action-plan']", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#action-plan")).to_have_attribute("open", "")
    _tab_to(page, f"#owner-{one.id}")
    page.keyboard.type("Ade")

    # Export by keyboard.
    _tab_to(page, "[data-psg-action=export]", key="Shift+Tab")
    with page.expect_download():
        page.keyboard.press("Enter")

    page.reload()
    expect(item(page, one.id).get_by_role("radio", name="In progress", exact=True)).to_be_checked()
    expect(page.locator(f"#note-{one.id}")).to_have_value("Typed by keyboard")
    expect(page.locator(f"#owner-{one.id}")).to_have_value("Ade")
    context.close()


#: Elements per item once the page has loaded, its controls and print marks included
#: (35 before this change, and 10 more for the action plan; print marks are drawn by CSS).
ELEMENTS_PER_ITEM = 27


def test_checklist_page_stays_light(page: Page, site_url: str) -> None:
    for checklist in CHECKLISTS:
        page.goto(url_of(site_url, checklist.id))
        expect(page.locator(".psg-progress")).to_be_visible()
        per_item = page.evaluate(
            """() => { const items = [...document.querySelectorAll('li.psg-item')];
                 return items.reduce((n, li) => n + 1 + li.getElementsByTagName('*').length, 0) / items.length; }"""
        )
        assert per_item <= ELEMENTS_PER_ITEM, f"{checklist.id}: {per_item:.1f} elements per item"
        # The action plan's table is built only when the plan is opened.
        expect(page.locator("#action-plan tr")).to_have_count(0)
        page.get_by_role("link", name="Action plan").click()
        expect(page.locator("#action-plan tbody tr")).to_have_count(len(all_items(checklist)))


def test_reads_as_a_plain_checklist_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for checklist in CHECKLISTS:
        page.goto(url_of(site_url, checklist.id))
        sources = checklist_sources(GUIDANCE, checklist)
        for entry in all_items(checklist):
            li = item(page, entry.id)
            expect(li.get_by_role("checkbox", name=f"{NUMBERS[entry.id]} {entry.text}", exact=True)).to_be_visible()
            label = GUIDANCE.label(entry).text
            expect(li.locator(".psg-from")).to_have_text(f"Strength of evidence: {label} From: {sources[entry.id][0]} · Evidence for this item")
            expect(li.locator(".psg-from a").first).to_be_visible()
            expect(li.get_by_role("link", name="Evidence for this item", exact=True)).to_be_visible()
            if entry.blank:
                expect(li.locator(".psg-blank")).to_have_text(f"{entry.blank}:")
                expect(li.locator(".psg-blank .psg-line")).to_be_visible()
        expect(page.locator(".psg-nojs")).to_be_visible()
        # The controls that keep answers are in the page, but show only where scripts run.
        for selector in (*ANSWER_CONTROLS, ".psg-plan"):
            expect(page.locator(selector).filter(visible=True)).to_have_count(0)
        expect(page.get_by_role("link", name="Download this checklist as a PDF")).to_be_visible()
    context.close()


#: The answers' controls, in the page from the start, shown only where scripts run.
ANSWER_CONTROLS = (".psg-answers__panel", ".psg-answers__scope", ".psg-status", ".psg-note__label", ".psg-note", ".psg-blank__input")

#: Records each layout shift inside the page's content (not the theme's header) in
#: window.psgShifts, from the start of the page's load.
RECORD_SHIFTS = """
window.psgShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    for (const source of entry.sources || []) {
      const node = source.node && (source.node.nodeType === 1 ? source.node : source.node.parentElement);
      if (node && node.closest('.md-content')) window.psgShifts.push(`${entry.value.toFixed(4)} ${node.tagName}.${node.className}`);
    }
  }
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_nothing_moves_when_the_script_starts(browser, site_url: str, size: dict) -> None:
    """The answers' controls are in the page from the start: the script that makes them
    work moves nothing on the screen (no layout shift inside the content), on a phone or
    a desktop, with answers saved or not. Before, adding them moved the page by 0.094."""
    context = browser.new_context(viewport=size)
    context.add_init_script(RECORD_SHIFTS)
    page = context.new_page()
    for saved_answers in (False, True):
        for checklist in CHECKLISTS:
            if saved_answers:
                page.evaluate(
                    "([list, answers]) => { for (const [item, a] of Object.entries(answers)) localStorage.setItem(`psg-answers:${list}:${item}`, JSON.stringify(a)); }",
                    [checklist.id, answers_for(checklist)],
                )
            page.goto(url_of(site_url, checklist.id))
            expect(page.locator(".psg-progress[aria-live=polite]")).to_have_count(1)  # the script has run
            has_blanks = any(entry.blank for entry in all_items(checklist))
            for selector in ANSWER_CONTROLS:
                if selector != ".psg-blank__input" or has_blanks:
                    expect(page.locator(selector).first).to_be_visible()
            expect(page.locator(".psg-nojs")).to_be_hidden()
            page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
            shifts = page.evaluate("window.psgShifts")
            assert shifts == [], f"{checklist.id} (answers saved: {saved_answers}) moved: {shifts}"
    context.close()


def _axe(page: Page) -> dict:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
          const rules = Object.fromEntries(axe.getRules(tags).map(r => [r.ruleId, {enabled: true}]));
          const results = await axe.run(document, {rules, resultTypes: ['violations']});
          const ran = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map(r => r.id);
          const violations = results.violations.map(v => `${v.id} (${v.impact}): ${v.help}\\n    ` +
            v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')).join('\\n    '));
          return {ran, violations};
        }""",
        AXE_EXTRA_TAGS,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("checklist_id", [*IDS, "index"])
def test_axe_finds_no_violations(browser, site_url: str, checklist_id: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    if checklist_id == "index":
        page.goto(f"{site_url}checklists/")
    else:
        checklist = next(c for c in CHECKLISTS if c.id == checklist_id)
        one, two = first_items(checklist, 2)
        page.goto(url_of(site_url, checklist_id))
        item(page, one.id).get_by_role("radio", name="In progress", exact=True).check()
        item(page, two.id).get_by_role("checkbox").check()
        page.get_by_role("button", name="Export my answers").focus()
        page.get_by_role("link", name="Action plan").click()  # the plan's table is checked too
        expect(page.locator("#action-plan")).to_have_attribute("open", "")
    result = _axe(page)
    assert "target-size" in result["ran"], "axe did not run the WCAG 2.2 rules"
    assert "color-contrast" in result["ran"]
    assert result["violations"] == [], "\n".join(result["violations"])
    context.close()
