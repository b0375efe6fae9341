"""`tests/_pdf.py` against a PDF whose text sizes are known, written operator by operator."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from _pdf import effective_font_sizes, page_texts, smallest_size

#: Each run: (the content stream that draws it, its text, the size a reader shows it at).
RUNS = [
    # Plain: 12 pt.
    ("BT /F1 12 Tf 1 0 0 1 50 700 Tm (Twelve) Tj ET", "Twelve", 12.0),
    # Font size 1 scaled by the text matrix, as Chromium writes text: 10 pt.
    ("BT /F1 1 Tf 10 0 0 10 50 650 Tm (Ten) Tj ET", "Ten", 10.0),
    # 16 pt under a CTM that halves everything: 8 pt.
    ("q 0.5 0 0 0.5 0 0 cm BT /F1 16 Tf 100 1200 Td (Eight) Tj ET Q", "Eight", 8.0),
    # 4 pt × text matrix 3 × CTM 0.5: 6 pt, the one a check must catch.
    ("q 0.5 0 0 0.5 0 0 cm BT /F1 4 Tf 3 0 0 3 100 1000 Tm (Six) Tj ET Q", "Six", 6.0),
    # Turned a quarter: rotation does not change the size. 9 pt.
    ("BT /F1 9 Tf 0 1 -1 0 300 300 Tm (Nine) Tj ET", "Nine", 9.0),
]


def _pdf(streams: list[str]) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = ContentStream(None, writer)
    content.set_data("\n".join(streams).encode("latin-1"))
    page.replace_contents(content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("stream, text, size", RUNS, ids=[r[1] for r in RUNS])
def test_effective_size_of_each_run(stream: str, text: str, size: float) -> None:
    pages = effective_font_sizes(_pdf([stream]))
    assert [(run.text.strip(), run.size) for run in pages[0]] == [(text, size)]


def test_smallest_size_and_page_text() -> None:
    data = _pdf([r[0] for r in RUNS])
    assert smallest_size(effective_font_sizes(data)) == 6.0
    text = page_texts(data)
    assert len(text) == 1 and all(r[1] in text[0] for r in RUNS)
