"""Check that quotes are verbatim in the briefing.

Both the quote and the source are normalised before comparison: runs of white space
become one space; curly quotation marks and apostrophes become straight ones; three
dots become an ellipsis; and a word hyphenated across a line break is accepted both
joined and with its hyphen. Nothing else is forgiven, so changing one word of a quote
makes it fail. A quote shortened with `[…]` passes when each kept part is found, in
order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CUT", "SourceText", "normalise"]

#: The marker for a cut in a shortened quote.
CUT = "[…]"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    """Normalise text for comparison.

    Args:
        text: A quote or a passage of the source.

    Returns:
        The text with white space collapsed (also after an opening quotation mark left at
        the end of a line), quotation marks straightened and `...` as `…`.
    """
    text = re.sub("([\u2018\u201c])\\s+", r"\1", text)  # an opening mark stranded at a line end
    text = text.translate(_QUOTES).replace("...", "…")
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class SourceText:
    """The briefing's text in reading order, ready for quote checks.

    Attributes:
        joined: The normalised text with line-break hyphens removed ("indi- viduals" →
            "individuals").
        hyphened: The normalised text with line-break hyphens kept ("post-traumatic").
    """

    joined: str
    hyphened: str

    @classmethod
    def from_lines(cls, lines: list[str]) -> "SourceText":
        """Build from the source's lines, already in reading order.

        Args:
            lines: The lines of the source text.

        Returns:
            The prepared source.
        """
        raw = "\n".join(lines)
        joined = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
        hyphened = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1-\2", raw)
        return cls(normalise(joined), normalise(hyphened))

    def find(self, quote: str) -> str | None:
        """Look a quote up.

        Args:
            quote: The quote's text, possibly shortened with `[…]`.

        Returns:
            None when the quote is found; otherwise the first part that was not found.
        """
        parts = [normalise(part) for part in quote.split(CUT)]
        for text in (self.joined, self.hyphened):
            start = 0
            for part in parts:
                part = part.strip(" ")
                if not part:
                    continue
                found = text.find(part, start)
                if found < 0:
                    break
                start = found + len(part)
            else:
                return None
        missing = next(
            (p for p in parts if p.strip() and p.strip() not in self.joined and p.strip() not in self.hyphened),
            parts[0],
        )
        return _first_difference(missing, self.joined)


def _first_difference(part: str, source: str) -> str:
    """Return the part from the first word where the longest matching prefix stops."""
    words = part.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if " ".join(words[:mid]) in source:
            lo = mid
        else:
            hi = mid - 1
    tail = " ".join(words[lo : lo + 8])
    return f"“…{tail}…” (the words before it match; from here on they do not)" if lo else f"“{' '.join(words[:8])}…”"
