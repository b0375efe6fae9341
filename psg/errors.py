"""Content errors: one precise message per mistake, all reported together."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, TypeVar

__all__ = ["ContentError", "ContentErrors", "format_path", "mark_pages_with_errors"]

_K = TypeVar("_K")


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
        head = f"{self._count()} found; nothing was built:"
        return "\n".join([head, *(f"  {error}" for error in self.errors)])

    def banner(self) -> str:
        """Return an HTML banner listing every error, for pages shown while they stand.

        It is self-contained (inline styles), every message is escaped, and it sits
        between marker comments so that `mark_pages_with_errors` can replace it.
        """
        items = "".join(f"<li><code>{html.escape(str(error))}</code></li>" for error in self.errors)
        return (
            f"{BANNER_START}<div role=\"alert\" class=\"psg-content-errors\" style=\"{_BANNER_STYLE}\">"
            f"<p style=\"margin:0 0 .4em;font-weight:700\">{self._count()}: "
            "this is the last good version of the site. Fix the files below and save.</p>"
            f"<ul style=\"margin:0;padding-left:1.2em\">{items}</ul></div>{BANNER_END}"
        )

    def _count(self) -> str:
        count = len(self.errors)
        return f"{count} content error{'s' if count != 1 else ''}"


def mark_pages_with_errors(pages: Mapping[_K, str], errors: ContentErrors | None) -> dict[_K, str]:
    """Put the errors' banner at the top of each page's HTML, or take it away.

    Args:
        pages: The pages' HTML, keyed by anything, such as the caller's file paths.
        errors: The errors to show, or None to remove a banner shown before.

    Returns:
        The pages whose HTML changed, with their new HTML.
    """
    banner = errors.banner() if errors else ""
    changed = {}
    for key, text in pages.items():
        new = _BANNER.sub("", text)
        if banner:
            new = _BODY.sub(lambda match: match.group(0) + banner, new, count=1)
        if new != text:
            changed[key] = new
    return changed


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


#: The comments around the error banner in served pages.
BANNER_START, BANNER_END = "<!-- psg:content-errors -->", "<!-- /psg:content-errors -->"
_BANNER = re.compile(re.escape(BANNER_START) + ".*?" + re.escape(BANNER_END), re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
#: Inline, so the banner needs no stylesheet; the right padding keeps clear of "Exit this page".
_BANNER_STYLE = (
    "margin:0;padding:.8em 9.5em .8em 1em;background:#fff4e5;color:#1f1f1f;"
    "border-bottom:4px solid #b45309;font:14px/1.4 system-ui,sans-serif"
)
