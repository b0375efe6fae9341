"""Content errors: one precise message per mistake, all reported together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

__all__ = ["ContentError", "ContentErrors", "format_path"]


@dataclass(frozen=True, order=True)
class ContentError:
    """One mistake in one content file.

    Attributes:
        file: The file's path, relative to the project root where possible.
        line: The 1-based line of the offending value (0 when unknown).
        column: The 1-based column of the offending value (0 when unknown).
        field: The path of the field, for example `evidence[2].attribution.respondent`.
        found: What the file holds there, in a few words.
        expected: What was expected instead.
    """

    file: str
    line: int
    column: int
    field: str
    found: str
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field or '(file)'}: found {self.found}; expected {self.expected}"


class ContentErrors(Exception):
    """Raised when content has errors; carries every error found, sorted by place.

    Args:
        errors: The errors found. They are sorted by file, line and column.
    """

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: list[ContentError] = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        """Return every error, one per line, after a one-line count."""
        count = len(self.errors)
        head = f"{count} content error{'s' if count != 1 else ''} found; nothing was built:"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])


def format_path(path: Iterable[str | int]) -> str:
    """Format a field path such as `("evidence", 2, "text")` as `evidence[2].text`.

    Args:
        path: Mapping keys and list indexes, outermost first.

    Returns:
        The dotted path, with list indexes in brackets.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
