"""Render the model into Markdown: pure functions over templates a content designer can read.

The page layouts live in `psg/templates/*.md.j2`, and the checklist PDF's print layout in
`psg/templates/checklist.pdf.html.j2`. This module holds the one Jinja
[`environment`][psg.render.environment] they all use, with every filter and global
registered in one place (those the theme's own templates use too, which the MkDocs hook
hands to the theme: [`theme_filters`][psg.render.theme_filters]), and the helpers
behind them: escaping plain text for Markdown,
formatting attributions, page addresses, and relative links between pages, so that
MkDocs can check every link when it builds. HTML templates (`*.html.j2`) are
autoescaped; Markdown templates are not, and escape with the `md` and `html` filters.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import markupsafe

from psg.schema import AUDIENCES, STAGES, Attribution, Challenge, Checklist, Strategy
from psg.search_help import home_tasks

__all__ = [
    "attribution_text",
    "css_string",
    "environment",
    "kind_label",
    "link",
    "md_escape",
    "page_uri",
    "page_url",
    "pdf_uri",
    "prose",
    "quiet_permalinks",
    "render_template",
    "strategy_title",
    "theme_filters",
    "summary_of",
    "uri_for",
]

#: What has a page of its own and a title: a challenge, a strategy or a checklist.
Titled = Challenge | Strategy | Checklist

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
    # Both rooted at "/", so that relpath never asks for the working folder (a system
    # call per link: thousands of links per build).
    target = "" if to_uri == from_uri else posixpath.relpath(f"/{to_uri}", f"/{posixpath.dirname(from_uri)}")
    return f"{target}#{anchor}" if anchor else target


def page_url(uri: str, directory_urls: bool = True) -> str:
    """Return a page's address relative to the site's root, as MkDocs writes it.

    Args:
        uri: The page's source path, for example `challenges/triggering.md`.
        directory_urls: Whether the site uses directory URLs (MkDocs' default).

    Returns:
        For example `challenges/triggering/`, or `challenges/triggering.html`.
    """
    path = uri[: -len(".md")] if uri.endswith(".md") else uri
    if not directory_urls:
        return path + ".html"
    if path == "index":
        return ""
    if path.endswith("/index"):
        return path[: -len("index")]
    return path + "/"


def page_uri(item: Titled) -> str:
    """Return the source path of a challenge's, strategy's or checklist's page.

    Args:
        item: A challenge, strategy or checklist.

    Returns:
        A path such as `strategies/screening.md`.
    """
    if isinstance(item, Checklist):
        return uri_for("checklist", item.id)
    return uri_for("strategy" if isinstance(item, Strategy) else "challenge", item.id)


def pdf_uri(checklist_id: str) -> str:
    """Return where a checklist's PDF lives on the site, beside its page's source path.

    Args:
        checklist_id: The checklist's id.

    Returns:
        A path such as `checklists/training-plan.pdf`.
    """
    return f"checklists/{checklist_id}.pdf"


def strategy_title(item: Titled) -> str:
    """Return an item's title, with its context label when it has one.

    Args:
        item: A challenge, strategy or checklist.

    Returns:
        For example "Screening at interview (readiness)".
    """
    context = item.context if isinstance(item, Strategy) else None
    return f"{item.title} ({context})" if context else item.title


def kind_label(item: Titled) -> str:
    """Return "Challenge", "Strategy" or "Checklist".

    Args:
        item: A challenge, strategy or checklist.
    """
    if isinstance(item, Checklist):
        return "Checklist"
    return "Strategy" if isinstance(item, Strategy) else "Challenge"


def summary_of(item: Titled) -> str:
    """Return the one-line summary a browse page shows beside an item's link.

    Args:
        item: A challenge, strategy or checklist.

    Returns:
        Its `summary`, or a checklist's `purpose`.
    """
    return item.purpose if isinstance(item, Checklist) else item.summary


def prose(text: str) -> str:
    """Turn a folded YAML block into Markdown paragraphs: each line break starts a paragraph.

    Args:
        text: The text as written in a content file.

    Returns:
        Markdown, with list lines that follow each other kept in one list.
    """
    out: list[str] = []
    for line in str(text).split("\n"):
        line = line.strip()
        if not line:
            continue
        is_list = line[:2] in ("- ", "* ") or (line.split(".", 1)[0].isdigit() and ". " in line[:5])
        if out and is_list and out[-1].lstrip()[:2] in ("- ", "* "):
            out[-1] += "\n" + line
        else:
            out.append(line)
    return "\n\n".join(out)


def css_string(text: str) -> str:
    """Quote text as a CSS string, for the PDF's page footer's `content`.

    Args:
        text: Plain text.

    Returns:
        The text in double quotes, with quotes, backslashes, line breaks and `<` escaped.
    """
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the one Jinja environment of every template (built once).

    Templates whose names end in `.html.j2` are autoescaped; Markdown templates are not.

    Returns:
        The environment, with every filter and global the templates use.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("psg", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False, default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_FILTERS)
    env.filters.update(_THEME_FILTERS)
    env.globals.update(_GLOBALS)
    return env


def theme_filters() -> dict[str, Any]:
    """Return the filters the theme's own templates (`docs/overrides/`) use, by name.

    They are registered in [`environment`][psg.render.environment] too, so that every
    filter lives in one place; the MkDocs hook hands these to the theme's environment.
    A build without the hook (`make export`) has none of them, and the templates that
    use one check for it first (`{% if "psg_home_tasks" is filter %}`).

    Returns:
        `psg_home_tasks`: the home page's task links, from its HTML (see
        [`home_tasks`][psg.search_help.home_tasks]), for search's no-results panel.
    """
    return dict(_THEME_FILTERS)


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


# -------------------------------------------------------------------------------------
# Helpers and data
# -------------------------------------------------------------------------------------


def _html(text: object) -> markupsafe.Markup:
    return markupsafe.escape(str(text))


def _yaml_str(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _stylesheet(name: str = "checklist-pdf.css") -> str:
    """Return a stylesheet that sits beside the templates, to inline it."""
    return (resources.files("psg") / "templates" / name).read_text(encoding="utf-8")


#: Every filter the templates use, by name.
_FILTERS: dict[str, Any] = {
    "md": md_escape,
    "attribution": attribution_text,
    "html": _html,
    "yaml_str": _yaml_str,
    "strategy_title": lambda item: md_escape(strategy_title(item)),
    "prose": prose,
    "css_string": css_string,
}

#: Every filter the theme's own templates use, by name (see `theme_filters`).
_THEME_FILTERS: dict[str, Any] = {
    "psg_home_tasks": home_tasks,
}

#: Every global the templates use, by name.
_GLOBALS: dict[str, Any] = {
    "AUDIENCES": AUDIENCES,
    "STAGES": STAGES,
    "link": link,
    "uri_for": uri_for,
    "page_uri": page_uri,
    "pdf_uri": pdf_uri,
    "kind_label": kind_label,
    "strategy_title": strategy_title,
    "summary_of": summary_of,
    "stylesheet": _stylesheet,
}
