"""Checklist PDFs and the booklet: built by `mkdocs build`, linked from the pages, tagged PDF/UA-1.

Each PDF is a blank paper form: every item's number, text and strength label in reading
order in the structure tree; status boxes and ruled lines drawn as artifacts; item text at
least 10 pt and nothing under 8 pt (effective size, `tests/_pdf.py`); the checklist's
title, the content version and "Page X of Y" on every page, counted within the checklist,
also in the booklet, whose contents page links each checklist's first page.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import ContentStream

from _pdf import effective_size, squash, stroked_squares
from conftest import ROOT
from psg import CONTENT_VERSION
from psg.pages import checklist_numbers, checklist_sources
from psg.pdf import BOOKLET_TITLE, BOOKLET_URI, booklet_html, checklist_html, placeholder_pdf
from psg.schema import Checklist
from psg.validate import load_guidance

GUIDANCE = load_guidance(ROOT, None, check_quotes=False)
CHECKLISTS = list(GUIDANCE.checklists)
IDS = [c.id for c in CHECKLISTS]
A4 = (595.28, 841.89)
#: Operators that paint: fills, strokes, shadings and drawn XObjects (the gradients).
PAINT = {b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh", b"Do"}


# --- reading the PDFs back ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text in the structure tree's order, with its effective size in points."""

    text: str
    size: float


@cache
def reader(path: Path) -> PdfReader:
    return PdfReader(path)


def pdf_path(site_dir: Path, checklist_id: str) -> Path:
    return site_dir / "checklists" / f"{checklist_id}.pdf"


def marked_text(page: object) -> dict[int, list[Run]]:
    """Each marked-content id (MCID) of a page → the text runs drawn inside it."""
    stack: list[int | None] = []
    runs: dict[int, list[Run]] = {}

    def before(op: bytes, args: list, cm: list[float], tm: list[float]) -> None:
        if op == b"BDC":
            stack.append(args[1].get("/MCID") if hasattr(args[1], "get") else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC":
            stack.pop()

    def text(t: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if t.strip() and stack and stack[-1] is not None:
            runs.setdefault(stack[-1], []).append(Run(t, effective_size(size, tm, cm)))

    page.extract_text(visitor_operand_before=before, visitor_text=text)  # type: ignore[attr-defined]
    return runs


@cache
def marks(pdf: PdfReader) -> list[dict[int, list[Run]]]:
    """`marked_text` of each page, read once per PDF."""
    return [marked_text(page) for page in pdf.pages]


@cache
def page_text(pdf: PdfReader, index: int) -> str:
    """A page's text, read once."""
    return str(pdf.pages[index].extract_text())


def tree_order(pdf: PdfReader) -> list[Run]:
    """Every text run the structure tree reaches, in its order: what a screen reader reads."""
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(pdf.pages)}
    text = marks(pdf)
    out: list[Run] = []

    def walk(node: object, page: int | None) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, int):
            out.extend(text[page].get(node, []))
        elif isinstance(node, dict) and node.get("/Type") != "/OBJR":
            page = pages[node.raw_get("/Pg").idnum] if "/Pg" in node else page
            if "/MCID" in node:
                out.extend(text[page].get(node["/MCID"], []))
                return
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid, page)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"], None)
    return out


def check_items_in_reading_order(runs: list[Run], checklist: Checklist) -> None:
    """Each item's number, text, fill-in label, strength label and source, in order; item text ≥ 10 pt."""
    starts, joined = [], ""
    for run in runs:
        starts.append(len(joined))
        joined += squash(run.text)
    sources, numbers, pos = checklist_sources(GUIDANCE, checklist), checklist_numbers(checklist), 0
    for entry in (e for section in checklist.sections for e in section.items):
        number, text = squash(numbers[entry.id]), squash(entry.text)
        blank = squash(f"{entry.blank}:") if entry.blank else ""
        expected = number + text + blank + squash(f"{GUIDANCE.label(entry).text} From: {sources[entry.id][0]}")
        at = joined.find(expected, pos)
        assert at >= 0, f"{checklist.id} {numbers[entry.id]}: number, text and label not in reading order in the structure tree"
        begin, end = at + len(number), at + len(number) + len(text)
        sizes = [run.size for run, start in zip(runs, starts) if start < end and start + len(squash(run.text)) > begin]
        assert sizes and min(sizes) >= 10 - 0.01, f"{checklist.id} {numbers[entry.id]}: item text at {min(sizes)} pt"
        pos = at + len(expected)


def artifact_paint(pdf: PdfReader) -> tuple[int, int]:
    """How many painting operators are inside `/Artifact` marked content, and how many are not."""
    inside = outside = 0
    for page in pdf.pages:
        stack: list[str] = []
        for args, op in ContentStream(page.get_contents(), pdf).operations:
            if op in (b"BMC", b"BDC"):
                stack.append(str(args[0]))
            elif op == b"EMC":
                stack.pop()
            elif op in PAINT:
                inside, outside = (inside + 1, outside) if "/Artifact" in stack else (inside, outside + 1)
    return inside, outside


def outline_titles(entries: list) -> list[object]:
    """The outline as titles: a string per entry, a list for each entry's children."""
    return [outline_titles(e) if isinstance(e, list) else e["/Title"] for e in entries]


def item_count(checklist: Checklist) -> int:
    return sum(len(section.items) for section in checklist.sections)


def section_titles(checklist: Checklist) -> list[str]:
    return [f"{n}. {section.title}" for n, section in enumerate(checklist.sections, start=1)]


def check_page_furniture(pdf: PdfReader, first: int, count: int, title: str) -> None:
    """Pages first..first+count-1 carry the title, the content version and "Page X of Y" within them."""
    for x in range(1, count + 1):
        text = squash(page_text(pdf, first + x - 1))
        assert squash(title) in text, f"page {first + x}: no title {title!r}"
        assert squash(f"Content version {CONTENT_VERSION}") in text, f"page {first + x}: no content version"
        assert re.findall(r"Page(\d+)of(\d+)", text) == [(str(x), str(count))], f"page {first + x}: not 'Page {x} of {count}'"


def check_tagged(pdf: PdfReader, title: str) -> None:
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True, "not marked as tagged"
    assert "/StructTreeRoot" in root, "no structure tree"
    assert root.get("/Lang") == "en"
    assert pdf.metadata.title == title


# --- each checklist's PDF ---------------------------------------------------------------


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_each_checklist_pdf_opens_fits_and_holds_every_item(site_dir: Path, checklist: Checklist) -> None:
    pdf = reader(pdf_path(site_dir, checklist.id))
    assert 1 <= len(pdf.pages) <= 3, f"{checklist.id}.pdf has {len(pdf.pages)} pages (A4 blank form: 3 at most)"
    for page in pdf.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, f"not A4: {width} x {height}"
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in pdf.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all(re.match(r"(Liberation-Sans|DejaVu-?Sans)", f) for f in fonts), f"unpinned fonts: {fonts}"

    text = squash("".join(page_text(pdf, i) for i in range(len(pdf.pages))))
    for entry in (e for section in checklist.sections for e in section.items):
        assert squash(entry.id) not in text, f"{entry.id} is printed"  # numbered for people only
    for field in ("Organisation:", "Completed by:", "Date:", "Review date:"):
        assert squash(field) in text
    assert text.count(squash("In place In progress Not applicable Not started")) == item_count(checklist), "each item's four statuses"
    assert text.count(squash("Notes:")) == item_count(checklist), "each item's note lines"
    assert squash("Our Voices Too") in text
    assert squash("Status:") not in text, "a blank form carries no answers"


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_each_checklist_pdf_is_tagged_with_items_in_reading_order(site_dir: Path, checklist: Checklist) -> None:
    pdf = reader(pdf_path(site_dir, checklist.id))
    check_tagged(pdf, checklist.title)
    assert outline_titles(pdf.outline) == [checklist.title, section_titles(checklist)], "bookmarks: the title, then each section"
    check_items_in_reading_order(tree_order(pdf), checklist)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_each_checklist_pdf_draws_boxes_and_lines_as_artifacts_at_readable_sizes(site_dir: Path, checklist: Checklist) -> None:
    pdf = reader(pdf_path(site_dir, checklist.id))
    inside, outside = artifact_paint(pdf)
    assert outside == 0, f"{outside} marks drawn outside artifacts: a screen reader would meet them"
    assert inside >= 2 * item_count(checklist), f"only {inside} marks: the boxes and a ruled line per item expected"
    squares = sum(stroked_squares(pdf, i) for i in range(len(pdf.pages)))
    assert squares == 4 * item_count(checklist), f"{squares} boxes drawn: four per item expected"
    sizes = [run.size for runs in marks(pdf) for rs in runs.values() for run in rs]
    assert min(sizes) >= 8 - 0.01, f"text at {min(sizes)} pt"
    check_page_furniture(pdf, 0, len(pdf.pages), checklist.title)


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=IDS)
def test_each_checklist_page_links_its_pdf(site_dir: Path, checklist: Checklist) -> None:
    page = site_dir / "checklists" / checklist.id / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = soup.find("a", string="Download this checklist as a PDF")
    assert link is not None, "no PDF link on the page"
    target = urlparse(urljoin(f"https://example.org/checklists/{checklist.id}/", link["href"])).path
    assert target == f"/checklists/{checklist.id}.pdf"
    index = BeautifulSoup((site_dir / "checklists" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("a", href=f"{checklist.id}.pdf") is not None, "the checklists index does not link the PDF"


# --- the booklet ----------------------------------------------------------------------


def booklet_parts(site_dir: Path) -> list[tuple[Checklist, int, int]]:
    """Each checklist with its first page in the booklet (from 0) and its page count, from its own PDF."""
    parts, first = [], 1
    for checklist in CHECKLISTS:
        count = len(reader(pdf_path(site_dir, checklist.id)).pages)
        parts.append((checklist, first, count))
        first += count
    return parts


def test_booklet_holds_every_checklist_tagged_and_numbered_within_each(site_dir: Path) -> None:
    pdf = reader(site_dir / BOOKLET_URI)
    parts = booklet_parts(site_dir)
    assert len(pdf.pages) == 1 + sum(count for _, _, count in parts), "a contents page, then each checklist's pages"
    check_tagged(pdf, BOOKLET_TITLE)
    check_page_furniture(pdf, 0, 1, BOOKLET_TITLE)
    titles = outline_titles(pdf.outline)
    for checklist, first, count in parts:
        at = titles.index(checklist.title)
        assert titles[at + 1] == section_titles(checklist), f"{checklist.id}: its sections are not bookmarked under it"
        assert pdf.get_destination_page_number(pdf.outline[at]) == first, f"{checklist.id}: bookmark on the wrong page"
        check_page_furniture(pdf, first, count, checklist.title)
    runs, previous = tree_order(pdf), 0
    for checklist, _, _ in parts:  # each from its heading (its last whole run: the contents link comes first)
        heading = max(i for i, run in enumerate(runs) if squash(run.text) == squash(checklist.title))
        assert heading > previous, f"{checklist.id} is out of order in the structure tree"
        check_items_in_reading_order(runs[heading:], checklist)
        previous = heading
    inside, outside = artifact_paint(pdf)
    assert outside == 0 and inside >= 2 * sum(item_count(c) for c in CHECKLISTS), "marks must be artifacts"
    squares = sum(stroked_squares(pdf, i) for i in range(len(pdf.pages)))
    assert squares == 4 * sum(item_count(c) for c in CHECKLISTS), f"{squares} boxes drawn in the booklet"


def test_booklet_contents_link_each_checklists_first_page(site_dir: Path) -> None:
    pdf = reader(site_dir / BOOKLET_URI)
    links = [a.get_object() for a in pdf.pages[0].get("/Annots", []) if a.get_object()["/Subtype"] == "/Link"]
    named = pdf.named_destinations
    targets = []
    for link in links:
        dest = link["/A"]["/D"] if "/A" in link else link["/Dest"]
        targets.append(pdf.get_destination_page_number(named[str(dest)]) if not isinstance(dest, list) else pdf.get_page_number(dest[0]))
    assert targets == [first for _, first, _ in booklet_parts(site_dir)], "the contents must link each checklist's first page, in order"
    text = squash(page_text(pdf, 0))
    for checklist, _, count in booklet_parts(site_dir):
        assert squash(f"{checklist.title} ({count} pages)") in text


def test_checklists_index_links_the_booklet_with_its_page_count(site_dir: Path) -> None:
    index = BeautifulSoup((site_dir / "checklists" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = index.find("a", href=Path(BOOKLET_URI).name)
    assert link is not None, "the checklists index does not link the booklet"
    pages = len(reader(site_dir / BOOKLET_URI).pages)
    assert f"(A4, {pages} pages)" in link.parent.get_text(), "the index must give the booklet's real page count"


# --- without a build ------------------------------------------------------------------


def test_pdf_layout_names_page_address_when_site_url_is_known() -> None:
    checklist = CHECKLISTS[0]
    url = f"https://example.org/guidance/checklists/{checklist.id}/"
    assert url in checklist_html(GUIDANCE, checklist, page_url=url)
    assert "https://" not in checklist_html(GUIDANCE, checklist, page_url=None)
    assert url in booklet_html(GUIDANCE, dict.fromkeys(IDS, 3), page_urls={checklist.id: url})


def test_pdf_html_embeds_the_one_set_of_print_styles() -> None:
    """Browser print and the PDFs print from one stylesheet: the PDF's HTML holds all of it."""
    css = (ROOT / "docs" / "assets" / "css" / "checklist-print.css").read_text(encoding="utf-8")
    assert css in checklist_html(GUIDANCE, CHECKLISTS[0])
    assert css in booklet_html(GUIDANCE, dict.fromkeys(IDS, 3))


def test_placeholder_pdf_is_a_valid_one_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "placeholder.pdf"
    path.write_bytes(placeholder_pdf("Training plan for peer supporters", "This is a placeholder: PSG_SKIP_PDF is set."))
    pdf = PdfReader(path)
    assert len(pdf.pages) == 1
    assert pdf.metadata.title == "Training plan for peer supporters"
    assert "placeholder" in pdf.pages[0].extract_text()


def test_pdf_module_does_not_import_mkdocs() -> None:
    code = "import sys, psg.pdf, psg.pages; sys.exit(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
