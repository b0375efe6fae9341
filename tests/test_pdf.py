"""Checklist PDFs: built by `mkdocs build`, linked from each page, at most 2 A4 pages."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from psg import CONTENT_VERSION
from psg.pages import checklist_numbers, checklist_sources
from psg.pdf import checklist_html, placeholder_pdf
from psg.validate import load_guidance

GUIDANCE = load_guidance(ROOT, None, check_quotes=False)
CHECKLISTS = list(GUIDANCE.checklists)
A4 = (595.28, 841.89)


def squash(text: str) -> str:
    """Text without white space, so line breaks in a PDF do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=[c.id for c in CHECKLISTS])
def test_each_checklist_pdf_opens_fits_and_holds_every_item(site_dir: Path, checklist) -> None:
    path = site_dir / "checklists" / f"{checklist.id}.pdf"
    assert path.is_file(), f"no PDF at {path}"
    reader = PdfReader(path)
    assert 1 <= len(reader.pages) <= 2, f"{checklist.id}.pdf has {len(reader.pages)} pages"
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1, f"not A4: {width} x {height}"
    assert reader.metadata.title == checklist.title
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all(re.match(r"(Liberation-Sans|DejaVu-?Sans)", f) for f in fonts), f"unpinned fonts: {fonts}"
    assert reader.trailer["/Root"].get("/Lang") == "en"

    text = squash("".join(page.extract_text() for page in reader.pages))
    assert squash(checklist.title) in text
    sources = checklist_sources(GUIDANCE, checklist)
    numbers = checklist_numbers(checklist)
    for number, section in enumerate(checklist.sections, start=1):
        assert squash(f"{number}. {section.title}") in text
        for entry in section.items:
            # Numbered for people (section.item); the item's id is never printed.
            assert squash(f"{numbers[entry.id]} {entry.text}") in text, f"{entry.id} is missing from the PDF"
            assert squash(entry.id.upper()) not in text and squash(entry.id) not in text, f"{entry.id} is printed"
            assert squash(f"From: {sources[entry.id][0]}") in text
            if entry.blank:
                assert squash(f"{entry.blank}:") in text
    for field in ("Organisation:", "Completed by:", "Date:", "Review date:"):
        assert squash(field) in text
    assert squash(f"Content version {CONTENT_VERSION}") in text
    assert squash("Our Voices Too") in text


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=[c.id for c in CHECKLISTS])
def test_each_checklist_page_links_its_pdf(site_dir: Path, checklist) -> None:
    page = site_dir / "checklists" / checklist.id / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = soup.find("a", string="Download this checklist as a PDF")
    assert link is not None, "no PDF link on the page"
    target = urlparse(urljoin(f"https://example.org/checklists/{checklist.id}/", link["href"])).path
    assert target == f"/checklists/{checklist.id}.pdf"
    index = BeautifulSoup((site_dir / "checklists" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("a", href=f"{checklist.id}.pdf") is not None, "the checklists index does not link the PDF"


def test_pdf_layout_names_page_address_when_site_url_is_known() -> None:
    checklist = CHECKLISTS[0]
    url = f"https://example.org/guidance/checklists/{checklist.id}/"
    assert url in checklist_html(GUIDANCE, checklist, page_url=url)
    assert "https://" not in checklist_html(GUIDANCE, checklist, page_url=None)


def test_placeholder_pdf_is_a_valid_one_page_pdf(tmp_path: Path) -> None:
    path = tmp_path / "placeholder.pdf"
    path.write_bytes(placeholder_pdf("Training plan for peer supporters", "This is a placeholder: PSG_SKIP_PDF is set."))
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Training plan for peer supporters"
    assert "placeholder" in reader.pages[0].extract_text()


def test_pdf_module_does_not_import_mkdocs() -> None:
    code = "import sys, psg.pdf, psg.pages; sys.exit(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
