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
