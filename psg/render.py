"""Render the model into Markdown: pure functions over templates a content designer can read.

The page layouts live in `psg/templates/*.md.j2`. This module gives them their helpers:
escaping plain text for Markdown, formatting attributions, and relative links between
pages, so that MkDocs can check every link when it builds.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Any

import jinja2
import markupsafe

from psg.schema import AUDIENCES, STAGES, Attribution

__all__ = [
    "attribution_text",
    "environment",
    "link",
    "md_escape",
    "quiet_permalinks",
    "render_template",
    "uri_for",
]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_PERMALINK = re.compile(r'<a class="headerlink"(?![^>]*\baria-hidden=)')


def md_escape(text: str) -> str:
    """Escape plain text so Markdown shows it exactly as written.

    Args:
        text: Plain text, such as a title or a quote.

    Returns:
        The text with Markdown's special characters backslash-escaped and white space
        folded onto one line.
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def attribution_text(attribution: Attribution) -> str:
    """Format an attribution as the briefing prints it.

    Args:
        attribution: The structured attribution.

    Returns:
        For example "Respondent 10, Organisation F" or
        "Peer supporter respondent 19, Organisation K".
    """
    who = "Peer supporter respondent" if attribution.peer_supporter else "Respondent"
    kind = attribution.organisation_type.capitalize()
    return f"{who} {attribution.respondent}, {kind} {attribution.organisation}"


def uri_for(kind: str, item_id: str) -> str:
    """Return the source path (as MkDocs sees it) of a generated page.

    Args:
        kind: One of `theme`, `challenge`, `strategy`, `checklist`.
        item_id: The item's id.

    Returns:
        A path such as `challenges/triggering.md`.
    """
    folder = {"theme": "themes", "challenge": "challenges", "strategy": "strategies", "checklist": "checklists"}[kind]
    return f"{folder}/{item_id}.md"


def link(from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """Return a relative Markdown link target from one page to another.

    Args:
        from_uri: The source path of the page the link is on.
        to_uri: The source path of the page linked to.
        anchor: An optional anchor on that page.

    Returns:
        A relative path, with `#anchor` when given.
    """
    target = "" if to_uri == from_uri else posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"{target}#{anchor}" if anchor else target


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the Jinja environment for the page templates (built once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("psg", "templates"),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["attribution"] = attribution_text
    env.filters["html"] = lambda s: markupsafe.escape(str(s))
    env.filters["yaml_str"] = lambda s: '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'
    env.globals["AUDIENCES"] = AUDIENCES
    env.globals["STAGES"] = STAGES
    env.globals["link"] = link
    env.globals["uri_for"] = uri_for
    return env


def render_template(name: str, **context: Any) -> str:
    """Render one template to Markdown.

    Args:
        name: The template's file name, for example `challenge.md.j2`.
        **context: The values the template uses.

    Returns:
        The Markdown text, with runs of blank lines folded to one.
    """
    text = environment().get_template(name).render(**context)
    text = re.sub(r"\n(?=#{1,6} )", "\n\n", text)  # a heading always starts a new block
    return re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")


def quiet_permalinks(html: str) -> str:
    """Keep each heading's permalink ("¶") out of the heading's name for screen readers.

    Python-Markdown's `toc` extension puts the permalink inside the heading, so a
    screen reader announces "What you can do ¶" and lists it so among the headings.
    Hidden from assistive technology and taken out of the tab order, as GitHub does,
    the link still works for a pointer; keyboard and screen-reader users reach the same
    addresses through the table of contents.

    Args:
        html: A page's HTML, as MkDocs renders it from Markdown.

    Returns:
        The HTML with `aria-hidden="true" tabindex="-1"` on every `a.headerlink`.
    """
    return _PERMALINK.sub('<a class="headerlink" aria-hidden="true" tabindex="-1"', html)
