"""Reading printed checklists back: text per page and the size every text run is shown at.

Shared by the browser-print tests (`test_checklist_browser.py`) and the PDF tests. The size
that counts is the effective one, as a PDF reader draws it: the font size (`Tf`) × the
text matrix (`Tm`, with `Td`/`TD`/`T*` moves) × the current transformation matrix (`cm`).
A matrix [a b c d e f] scales a glyph's height by sqrt(c² + d²).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ContentStream


@dataclass(frozen=True)
class TextRun:
    """One piece of text as pypdf hands it over, with the size it is shown at, in points."""

    text: str
    size: float


def _multiply(m: list[float], n: list[float]) -> list[float]:
    """The 3×3 product of two PDF matrices [a b c d e f] (row vectors: m then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]


def effective_size(font_size: float, tm: list[float], cm: list[float]) -> float:
    """The height a glyph of `font_size` is drawn at under text matrix `tm` and CTM `cm`."""
    _, _, c, d, _, _ = _multiply([float(x) for x in tm], [float(x) for x in cm])
    return abs(font_size) * math.hypot(c, d)


def effective_font_sizes(pdf_bytes: bytes) -> list[list[TextRun]]:
    """Every visible text run of each page, with its effective size (white space left out)."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages: list[list[TextRun]] = []
    for page in reader.pages:
        runs: list[TextRun] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float, runs: list[TextRun] = runs) -> None:
            if text.strip():
                runs.append(TextRun(text, round(effective_size(size, tm, cm), 2)))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def smallest_size(pages: list[list[TextRun]]) -> float:
    """The smallest effective size of any text run in a document."""
    return min(run.size for runs in pages for run in runs)


def page_texts(pdf_bytes: bytes) -> list[str]:
    """Each page's text, as pypdf extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def squash(text: str) -> str:
    """Text without white space and in NFKC, so line breaks and ligatures do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


#: The operators that stroke a path (alone, or with a fill).
_STROKES = {"S", "s", "B", "B*", "b", "b*"}


def stroked_squares(reader: PdfReader, page_index: int) -> int:
    """Count the outlined squares drawn on a page: the boxes to mark.

    A square is a `re` rectangle of equal width and height that is stroked, in the page's
    content or in any form XObject it draws (WeasyPrint draws an SVG background as one).
    Only what is actually drawn counts, so a box hidden by a later fill is still found,
    but a box that was never drawn (a background the engine dropped) is not.
    """
    return _squares(reader, reader.pages[page_index].get_contents(), reader.pages[page_index].get("/Resources"), 0)


def _squares(reader: PdfReader, content: object, resources: object, depth: int) -> int:
    if content is None or depth > 8:
        return 0
    ops = ContentStream(content, reader).operations
    count = 0
    xobjects = (resources or {}).get("/XObject") if resources is not None else None
    for i, (args, op) in enumerate(ops):
        name = op.decode("latin-1")
        if name == "re" and abs(float(args[2]) - float(args[3])) < 0.01 and float(args[2]) > 0:
            following = ops[i + 1][1].decode("latin-1") if i + 1 < len(ops) else ""
            count += following in _STROKES
        elif name == "Do" and xobjects is not None and args[0] in xobjects:
            form = xobjects[args[0]].get_object()
            if form.get("/Subtype") == "/Form":
                count += _squares(reader, form, form.get("/Resources"), depth + 1)
    return count
