"""Generated parts of hand-written pages: marker comments and glossary tooltips.

A hand-written page in `docs/` can ask for generated content with a marker comment on a
line of its own, for example `<!-- psg:checklists -->`. The known markers are the keys
of `MARKERS`; an unknown marker is an error, never silently left in place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from psg import CONTENT_VERSION
from psg.model import Guidance
from psg.pages import page_sources
from psg.render import link, md_escape, uri_for

__all__ = ["MARKERS", "fill_markers", "glossary_abbreviations"]

_MARKER = re.compile(r"^<!--\s*psg:([a-z-]+)\s*-->\s*$", re.MULTILINE)


def _themes(guidance: Guidance, uri: str) -> str:
    lines = []
    for theme in guidance.themes:
        lines.append(f"- [{md_escape(theme.title)}]({link(uri, uri_for('theme', theme.id))}): {md_escape(theme.summary)}")
    return "\n".join(lines)


def _checklists(guidance: Guidance, uri: str) -> str:
    return "\n".join(
        f"- [{md_escape(c.title)}]({link(uri, uri_for('checklist', c.id))}): {md_escape(c.purpose)}" for c in guidance.checklists
    )


def _counts(guidance: Guidance, uri: str) -> str:
    quotes = sum(1 for p in guidance.quotes() if getattr(p.quote, "attribution", None))
    method = guidance.study.method
    return (
        f"The guidance covers {len(guidance.themes)} themes, {len(guidance.challenges)} challenges and "
        f"{len(guidance.strategies)} strategies, with {quotes} quotes from {method.quoted_respondents} of the "
        f"{method.respondents} people interviewed, from {method.organisations} organisations and initiatives."
    )


#: The project's changelog, shown by the `changelog` marker.
CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"


def _format_reference(guidance: Guidance, uri: str) -> str:
    from psg.reference import content_format_reference

    return content_format_reference(guidance, uri)


def _export_reference(guidance: Guidance, uri: str) -> str:
    from psg.reference import export_format_reference

    return export_format_reference(guidance, uri)


def _content_version(guidance: Guidance, uri: str) -> str:
    return f"The guidance on this site is at content version **{CONTENT_VERSION}**."


def _changelog(guidance: Guidance, uri: str) -> str:
    if not CHANGELOG.is_file():
        return "The changelog is the file `CHANGELOG.md` in the repository."
    lines = CHANGELOG.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _page_sources(guidance: Guidance, uri: str) -> str:
    rows = ["| Page | Content file | Where in the briefing |", "| --- | --- | --- |"]
    for page in page_sources(guidance):
        file = f"`{page.source_file}`" if page.source_file else "all the content files"
        where = md_escape(page.section) if page.section else "–"
        if page.lines:
            where += f" (lines {page.lines[0]}–{page.lines[1]})"
        rows.append(f"| [{md_escape(page.title)}]({link(uri, page.uri)}) | {file} | {where} |")
    return "\n".join(rows)


#: Marker name → function returning the Markdown that replaces it.
MARKERS: dict[str, Callable[[Guidance, str], str]] = {
    "format-reference": _format_reference,
    "export-reference": _export_reference,
    "content-version": _content_version,
    "changelog": _changelog,
    "themes": _themes,
    "checklists": _checklists,
    "counts": _counts,
    "page-sources": _page_sources,
}


def fill_markers(markdown: str, guidance: Guidance, uri: str) -> str:
    """Replace every `<!-- psg:NAME -->` marker line with generated Markdown.

    Args:
        markdown: A page's Markdown.
        guidance: The knowledge base.
        uri: The page's source path, for relative links.

    Returns:
        The Markdown with every marker replaced.

    Raises:
        ValueError: If a marker's name is unknown.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MARKERS:
            raise ValueError(f"unknown marker <!-- psg:{name} -->; known markers: {', '.join(sorted(MARKERS))}")
        return MARKERS[name](guidance, uri)

    return _MARKER.sub(replace, markdown)


def glossary_abbreviations(guidance: Guidance) -> str:
    """Return abbreviation definitions that show each glossary term's definition as a tooltip.

    Args:
        guidance: The knowledge base.

    Returns:
        Markdown `*[term]: definition` lines, one per term and variant, to append to a page.
    """
    lines = ["", ""]
    for term in guidance.glossary.terms:
        definition = re.sub(r"\s+", " ", term.definition).strip()
        for form in dict.fromkeys([term.term, term.term[:1].upper() + term.term[1:], *term.variants]):
            lines.append(f"*[{form}]: {definition}")
    return "\n".join(lines) + "\n"
