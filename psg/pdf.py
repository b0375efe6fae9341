"""Checklist PDFs: standalone print HTML made from the model, turned into A4 PDFs.

[`checklist_html`][psg.pdf.checklist_html] lays a checklist out as one self-contained
HTML document with its own small print stylesheet (`psg/templates/checklist-pdf.css`);
[`checklist_pdf`][psg.pdf.checklist_pdf] hands it to WeasyPrint. The layout matches the
printed web page: the header block to fill in, then each item with its number
(section.item, as on the page), an empty box, its strength label, its fill-in blank,
where it comes from and room for notes; a footer on every page names the briefing, the
web page and the content version.

Fonts are pinned to `PRINT_FONTS`, the Debian packages `fonts-liberation` and
`fonts-dejavu-core` (installed by `scripts/system-deps.sh`), so page counts do not
depend on the fonts a machine happens to have.

Nothing here imports MkDocs. WeasyPrint is imported only when a PDF is made (see
[`checklist_pdf`][psg.pdf.checklist_pdf]). The templates come from the one Jinja
environment of [`psg.render`][], which autoescapes `*.html.j2` templates.
"""

from __future__ import annotations

import io

import pydyf

from psg import CONTENT_VERSION
from psg.model import Guidance
from psg.pages import checklist_numbers, checklist_sources
from psg.render import environment
from psg.schema import Checklist

__all__ = ["PRINT_FONTS", "checklist_html", "checklist_pdf", "placeholder_pdf"]

#: The only fonts print and PDF use: Liberation Sans, then DejaVu Sans for any glyph it lacks.
PRINT_FONTS = ("Liberation Sans", "DejaVu Sans")


def checklist_html(guidance: Guidance, checklist: Checklist, *, page_url: str | None = None) -> str:
    """Return a checklist as a standalone HTML document, ready for WeasyPrint.

    Args:
        guidance: The knowledge base.
        checklist: The checklist to lay out.
        page_url: The web address of the checklist's page, printed in the footer. When
            None (the site has no `site_url`), the footer names the page instead.

    Returns:
        The HTML document, with its stylesheet inline.
    """
    return environment().get_template("checklist.pdf.html.j2").render(
        checklist=checklist,
        sources=checklist_sources(guidance, checklist),
        labels={entry.id: guidance.label(entry) for section in checklist.sections for entry in section.items},
        numbers=checklist_numbers(checklist),
        study=guidance.study,
        page_url=page_url,
        content_version=CONTENT_VERSION,
        fonts=", ".join(f'"{name}"' for name in PRINT_FONTS),
    )


def checklist_pdf(guidance: Guidance, checklist: Checklist, *, page_url: str | None = None) -> bytes:
    """Make a checklist's A4 PDF.

    The PDF is tagged (PDF/UA-1), so screen readers can follow it, and its title
    metadata is the checklist's title.

    Args:
        guidance: The knowledge base.
        checklist: The checklist.
        page_url: The web address of the checklist's page (see `checklist_html`).

    Returns:
        The PDF file's bytes.
    """
    # Imported here, not at the top: WeasyPrint loads the system's Pango library when it is
    # imported, and `make serve` and `make check` must work on a machine without Pango.
    from weasyprint import HTML  # noqa: PLC0415 - see above

    html = checklist_html(guidance, checklist, page_url=page_url)
    pdf: bytes = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


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


def _latin1(text: str) -> str:
    """Fold text into what a base-14 font can show: curly quotes and dashes made plain."""
    text = text.translate(_PLAIN)
    return text.encode("latin-1", "replace").decode("latin-1")


#: Curly quotes and dashes, made plain for a base-14 font.
_PLAIN: dict[int, str] = {ord(curly): plain for curly, plain in zip("‘’“”–—", "''\"\"--", strict=True)}
