"""Checklist PDFs and the booklet: standalone print HTML made from the model, turned into A4 PDFs.

[`checklist_html`][psg.pdf.checklist_html] lays a checklist out as a paper form for a pen,
one self-contained HTML document. It embeds the one set of checklist print styles that
browser print uses too (`docs/assets/css/checklist-print.css`, whose first comment lists
the markup both share), then WeasyPrint-only rules (`psg/templates/checklist-pdf.css`:
paper size, the source line, the booklet); [`booklet_html`][psg.pdf.booklet_html] lays out all
the checklists after a contents page. [`html_to_pdf`][psg.pdf.html_to_pdf] is the one
place where HTML becomes a PDF (WeasyPrint, tagged PDF/UA-1).

Each item prints its number (section.item, as on the page), its text, its strength label
and where it comes from, its four statuses as boxes to mark, and ruled lines for notes
(more where it has a fill-in). Every page carries the checklist's title, the content
version and "Page X of Y", counted within the checklist, also in the booklet. The boxes
and lines are backgrounds of generated content, which WeasyPrint writes as artifacts
(`/Artifact BMC … EMC`), so screen readers read the words and skip the marks.

Fonts are pinned to `PRINT_FONTS`, the Debian packages `fonts-liberation` and
`fonts-dejavu-core` (installed by `scripts/system-deps.sh`), so page counts do not
depend on the fonts a machine happens to have.

Nothing here imports MkDocs. WeasyPrint is imported only when a PDF is made (see
[`html_to_pdf`][psg.pdf.html_to_pdf]). The templates come from the one Jinja
environment of [`psg.render`][], which autoescapes `*.html.j2` templates.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import pydyf
from pypdf import PdfReader

from psg import CONTENT_VERSION
from psg.model import Guidance
from psg.pages import checklist_numbers, checklist_sources
from psg.render import environment
from psg.schema import Checklist

__all__ = [
    "BOOKLET_TITLE",
    "BOOKLET_URI",
    "PRINT_FONTS",
    "PRINT_STYLESHEET",
    "STATUSES",
    "booklet_html",
    "checklist_html",
    "html_to_pdf",
    "pdf_page_count",
    "placeholder_pdf",
]

#: The only fonts print and PDF use: Liberation Sans, then DejaVu Sans for any glyph it lacks.
PRINT_FONTS = ("Liberation Sans", "DejaVu Sans")

#: An item's four statuses, in the order the print styles draw their boxes.
STATUSES = ("In place", "In progress", "Not applicable", "Not started")

#: The one set of checklist print styles, for browser print and the PDFs: the site's own
#: stylesheet, which the PDFs embed before their WeasyPrint-only rules (`checklist-pdf.css`).
PRINT_STYLESHEET = Path(__file__).resolve().parent.parent / "docs" / "assets" / "css" / "checklist-print.css"

#: The booklet of every checklist: its path in the site and its title.
BOOKLET_URI = "checklists/all-checklists.pdf"
BOOKLET_TITLE = "Peer Support Guidance: all the checklists"


def checklist_html(guidance: Guidance, checklist: Checklist, *, page_url: str | None = None) -> str:
    """Return a checklist as a standalone HTML document, a blank paper form ready for WeasyPrint.

    Args:
        guidance: The knowledge base.
        checklist: The checklist to lay out.
        page_url: The web address of the checklist's page, printed on every page. When
            None (the site has no `site_url`), the page is named instead.

    Returns:
        The HTML document, with its stylesheet inline.
    """
    return environment().get_template("checklist.pdf.html.j2").render(
        **_checklist_context(guidance, checklist, page_url),
        **_common_context(),
    )


def booklet_html(guidance: Guidance, page_counts: Mapping[str, int], *, page_urls: Mapping[str, str | None] | None = None) -> str:
    """Return every checklist in one HTML document, after a contents page, ready for WeasyPrint.

    Each checklist starts on a new page and keeps its own page numbers, "Page X of Y"
    within it; CSS cannot count a part's pages, so the caller gives them.

    Args:
        guidance: The knowledge base.
        page_counts: Each checklist's id → its number of pages, as its own PDF has them
            (the same layout, so the same pages).
        page_urls: Each checklist's id → the web address of its page, or None.

    Returns:
        The HTML document, with its stylesheet inline.
    """
    urls = page_urls or {}
    parts = [_checklist_context(guidance, c, urls.get(c.id)) for c in guidance.checklists]
    return environment().get_template("booklet.pdf.html.j2").render(
        parts=parts,
        page_counts=page_counts,
        title=BOOKLET_TITLE,
        **_common_context(),
    )


def html_to_pdf(html: str) -> bytes:
    """Turn a print HTML document into a tagged PDF (PDF/UA-1): the one place PDFs are made.

    The PDF's language, title and bookmarks come from the HTML (`lang`, `<title>`,
    headings); borders and backgrounds are written as artifacts.

    Args:
        html: A standalone HTML document, from `checklist_html` or `booklet_html`.

    Returns:
        The PDF file's bytes. The same HTML, fonts and WeasyPrint give the same bytes.
    """
    # Imported here, not at the top: WeasyPrint loads the system's Pango library when it is
    # imported, and `make serve` and `make check` must work on a machine without Pango.
    from weasyprint import HTML  # noqa: PLC0415 - see above

    pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


def pdf_page_count(pdf: bytes) -> int:
    """Return how many pages a PDF has.

    Args:
        pdf: The PDF file's bytes.

    Returns:
        The number of pages.
    """
    return len(PdfReader(io.BytesIO(pdf)).pages)


def placeholder_pdf(title: str, message: str) -> bytes:
    """Make a one-page A4 PDF that stands in for a PDF that was not built.

    It is made directly with pydyf (WeasyPrint's PDF writer) in a few milliseconds, so
    `mkdocs serve` can keep every PDF link working without building the real PDFs.

    Args:
        title: The document title, also printed as the first line.
        message: One line saying why this is not the real PDF.

    Returns:
        The PDF file's bytes.
    """
    pdf = pydyf.PDF()
    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/Helvetica", "Encoding": "/WinAnsiEncoding"})
    pdf.add_object(font)
    text = pydyf.Stream()
    text.begin_text()
    text.set_font_size("F1", 14)
    text.set_text_matrix(1, 0, 0, 1, 56, 770)
    text.show_text_string(_latin1(title))
    text.set_font_size("F1", 11)
    text.set_text_matrix(1, 0, 0, 1, 56, 740)
    text.show_text_string(_latin1(message))
    text.end_text()
    pdf.add_object(text)
    page = pydyf.Dictionary(
        {
            "Type": "/Page",
            "Parent": pdf.pages.reference,
            "MediaBox": pydyf.Array([0, 0, 595, 842]),
            "Contents": text.reference,
            "Resources": pydyf.Dictionary({"Font": pydyf.Dictionary({"F1": font.reference})}),
        }
    )
    pdf.add_page(page)
    pdf.info["Title"] = pydyf.String(title)
    out = io.BytesIO()
    pdf.write(out)
    return out.getvalue()


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _checklist_context(guidance: Guidance, checklist: Checklist, page_url: str | None) -> dict[str, object]:
    """What `_checklist.pdf.html.j2` needs to lay out one checklist."""
    return {
        "checklist": checklist,
        "sources": checklist_sources(guidance, checklist),
        "labels": {entry.id: guidance.label(entry).text for section in checklist.sections for entry in section.items},
        "numbers": checklist_numbers(checklist),
        "study": guidance.study,
        "page_url": page_url,
        "source_line": _source_line(guidance, checklist, page_url),
    }


def _common_context() -> dict[str, object]:
    """What every print document needs: the print styles, content version, fonts and statuses."""
    return {
        "print_css": PRINT_STYLESHEET.read_text(encoding="utf-8"),
        "content_version": CONTENT_VERSION,
        "fonts": ", ".join(f'"{name}"' for name in PRINT_FONTS),
        "statuses": STATUSES,
    }


def _source_line(guidance: Guidance, checklist: Checklist, page_url: str | None) -> str:
    """The line at the foot of every page: the briefing, and the checklist's web page."""
    study = guidance.study
    page = page_url or "Peer Support Guidance, Checklists"
    return f"Source: {study.title.split(' – ')[0]} ({study.publisher.split(':')[0]}) · {page}"


def _latin1(text: str) -> str:
    """Fold text into what a base-14 font can show: curly quotes and dashes made plain."""
    text = text.translate(_PLAIN)
    return text.encode("latin-1", "replace").decode("latin-1")


#: Curly quotes and dashes, made plain for a base-14 font.
_PLAIN: dict[int, str] = {ord(curly): plain for curly, plain in zip("‘’“”–—", "''\"\"--", strict=True)}
