"""Generated parts of pages: marker comments, glossary tooltips, and stand-ins.

A hand-written page in `docs/` can ask for generated content with a marker comment on a
line of its own, for example `<!-- psg:checklists -->`. The known markers are the keys
of `MARKERS`; an unknown marker is an error, never silently left in place.

Where a page is used without the plugins it was written for, two more functions stand
in for them: [`fill_tags_index`][psg.markers.fill_tags_index] writes out the index the
tags plugin would make, and [`replace_api_blocks`][psg.markers.replace_api_blocks]
replaces mkdocstrings blocks with a note saying where the documented code is.

[`focusable_glossary_terms`][psg.markers.focusable_glossary_terms] works on a page's HTML,
once Markdown has made it: the first use of each glossary term can take focus, so that
its definition shows from the keyboard and on a tap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pymdownx.slugs import slugify

from psg import CONTENT_VERSION
from psg.evidence import LABELS
from psg.model import Guidance, Item
from psg.pages import page_sources
from psg.reference import content_format_reference, export_format_reference
from psg.render import link, md_escape, page_uri, strategy_title, uri_for
from psg.signposting import Signposts, SignpostSettings, choose_signposts, render_signposts

__all__ = [
    "API_BLOCK",
    "MARKERS",
    "TAGS_MARKER",
    "fill_markers",
    "fill_tags_index",
    "focusable_glossary_terms",
    "glossary_abbreviations",
    "replace_api_blocks",
    "tag_slug",
]

_MARKER = re.compile(r"^<!--\s*psg:([a-z-]+)\s*-->\s*$", re.MULTILINE)

#: The tags plugin's marker for its index of tags, on a line of its own.
TAGS_MARKER = re.compile(r"^<!--\s*material/tags\s*-->\s*$", re.MULTILINE)

#: A mkdocstrings block in a page: `::: identifier` on a line of its own, and its indented options.
API_BLOCK = re.compile(r"^::: *([\w.]+)[^\n]*\n(?:[ \t]+[^\n]*\n|[ \t]*\n(?=[ \t]+\S))*", re.MULTILINE)

#: Material's tags plugin makes its anchors with this (its `tags_slugify` default).
_SLUGIFY = slugify(case="lower")


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


def _content_version(guidance: Guidance, uri: str) -> str:
    return f"The guidance on this site is at content version **{CONTENT_VERSION}**."


def _changelog(guidance: Guidance, uri: str) -> str:
    if not CHANGELOG.is_file():
        return "The changelog is the file `CHANGELOG.md` in the repository."
    lines = CHANGELOG.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def _strength_labels(guidance: Guidance, uri: str) -> str:
    counts = {label: 0 for label in LABELS}
    for entry in guidance.actions():
        counts[guidance.label(entry).id] += 1
    lines = ["| Label | What it means | Actions and checklist items |", "| --- | --- | --- |"]
    for label in LABELS.values():
        lines.append(f'| <span class="psg-strength psg-strength--{label.id}">{label.text}</span> | {md_escape(label.explanation)} | {counts[label.id]} |')
    return "\n".join(lines)


def _signposting(guidance: Guidance, uri: str) -> str:
    """Whom to contact, in this site's note: the national services alone (see `fill_markers`)."""
    return render_signposts(choose_signposts(guidance.signposting, SignpostSettings()), as_note=True)


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
    "format-reference": content_format_reference,
    "export-reference": export_format_reference,
    "content-version": _content_version,
    "changelog": _changelog,
    "themes": _themes,
    "checklists": _checklists,
    "counts": _counts,
    "strength-labels": _strength_labels,
    "signposting": _signposting,
    "page-sources": _page_sources,
}


def fill_markers(markdown: str, guidance: Guidance, uri: str, *, signposts: Signposts | None = None) -> str:
    """Replace every `<!-- psg:NAME -->` marker line with generated Markdown.

    Args:
        markdown: A page's Markdown.
        guidance: The knowledge base.
        uri: The page's source path, for relative links.
        signposts: Whom the `signposting` marker lists: the organisation's choice, from
            its settings. None lists the national services alone.

    Returns:
        The Markdown with every marker replaced.

    Raises:
        ValueError: If a marker's name is unknown.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MARKERS:
            raise ValueError(f"unknown marker <!-- psg:{name} -->; known markers: {', '.join(sorted(MARKERS))}")
        if name == "signposting" and signposts is not None:
            return render_signposts(signposts, as_note=True)
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


def tag_slug(tag: str) -> str:
    """Return a tag's anchor on the tags index, as Material's tags plugin makes it.

    Args:
        tag: The tag, as written in content.

    Returns:
        For example `tag:self-care--wellbeing` for "Self-care & wellbeing".
    """
    return "tag:" + str(_SLUGIFY(tag, "-"))


def fill_tags_index(markdown: str, guidance: Guidance, uri: str) -> str:
    """Replace the tags plugin's marker with the index it would make: each tag, then its pages.

    Args:
        markdown: A page's Markdown.
        guidance: The knowledge base.
        uri: The page's source path, for relative links.

    Returns:
        The Markdown, with `<!-- material/tags -->` written out.
    """
    if not TAGS_MARKER.search(markdown):
        return markdown
    by_tag: dict[str, list[Item]] = {}
    items: tuple[Item, ...] = (*guidance.challenges, *guidance.strategies)
    for item in items:
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    lines = []
    for tag in sorted(by_tag, key=str.casefold):
        lines += [f"## {md_escape(tag)} {{ #{tag_slug(tag)} }}", ""]
        lines += [f"- [{md_escape(strategy_title(i))}]({link(uri, page_uri(i))})" for i in by_tag[tag]]
        lines.append("")
    index = "\n".join(lines)
    return TAGS_MARKER.sub(lambda _: index, markdown)


def replace_api_blocks(markdown: str, why: str) -> str:
    """Replace each mkdocstrings block with a note saying where the documented code is.

    Used where the API reference is not rendered: in the portable export, and under
    `mkdocs serve` (see [`Settings.api_reference_note`][psg.site.Settings]).

    Args:
        markdown: A page's Markdown.
        why: Ends the note's first sentence, saying why the reference is not shown here.

    Returns:
        The Markdown, with an admonition in place of every `::: identifier` block.
    """

    def note(match: re.Match[str]) -> str:
        identifier = match.group(1)
        path = identifier.replace(".", "/") + ".py" if identifier.split(".")[0] == "psg" else f"hooks/{identifier}.py"
        return (
            '!!! note "API reference"\n\n'
            f"    The reference for `{identifier}` is rendered by mkdocstrings from the docstrings in `{path}`{why}.\n"
        )

    return API_BLOCK.sub(note, markdown)


def focusable_glossary_terms(html: str) -> str:
    """Let the keyboard reach the first use of each glossary term on a page.

    The theme shows a term's definition while the pointer is over it or while it has
    focus, and a tap on a touch screen focuses it. A term becomes focusable once per page,
    so that a page full of terms does not become a long run of stops for the Tab key.
    Terms in headings, links, buttons, labels and disclosure summaries are left as they
    are: they sit inside something focusable, or in a heading.

    Args:
        html: A page's content, as HTML.

    Returns:
        The HTML, with `tabindex="0"` on the first `<abbr>` of each definition.
    """
    seen: set[str] = set()

    def mark(match: re.Match[str]) -> str:
        title = match.group("title")
        if title is None or title in seen:
            return match.group(0)
        seen.add(title)
        return f'<abbr tabindex="0" title="{title}">'

    return _ABBR_OR_SKIPPED.sub(mark, html)


#: An element whose terms stay unfocusable, or the opening tag of a glossary term.
_ABBR_OR_SKIPPED = re.compile(
    r"<(?P<skip>h[1-6]|a|button|label|summary)\b[^>]*>.*?</(?P=skip)>|<abbr title=\"(?P<title>[^\"]*)\">",
    re.DOTALL | re.IGNORECASE,
)
