"""MkDocs hook: keep the site's workings out of readers' way.

A thin adapter over the `psg` package:

- `on_files` works out where each page with search keywords sits in the search index;
- `on_env` gives the templates the address of the maintainers' section, for the footer's
  "For maintainers" link (the section is left out of the navigation by `not_in_nav` in
  `mkdocs.yml`, and out of search by `search: exclude: true` on each of its pages);
- `on_page_content` keeps heading permalinks ("¶") out of headings' accessible names
  ([`quiet_permalinks`][psg.render.quiet_permalinks]);
- `on_post_build` adds each page's keywords to Material's search index as a field that
  search uses and never shows ([`add_search_keywords`][psg.keywords.add_search_keywords]).
  It runs after the search plugin has written `search/search_index.json` and before the
  offline plugin (priority -100) copies that file into `search/search_index.js`, so the
  served and the offline copy search the same index.

This hook needs `hooks/guidance.py`, listed before it in `mkdocs.yml`, for the content
that hook has loaded and validated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from psg.model import Guidance
from psg.pages import GUIDANCE_KEY
from psg.render import quiet_permalinks
from psg.keywords import add_search_keywords, search_keywords

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Note each keyword page's address, as the search index gives its location."""
    keywords = {}
    for uri, words in search_keywords(_guidance(config)).items():
        file = files.get_file_from_path(uri)
        if file is None:
            raise PluginError(f"{uri} has search keywords but is not a page of the site")
        keywords[file.url] = words
    _STATE["keywords"] = keywords
    return files


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give the templates `psg_maintainers_url`: the maintainers' section, for the footer."""
    file = files.get_file_from_path(MAINTAINERS_PAGE)
    env.globals["psg_maintainers_url"] = file.url if file is not None else None
    return env


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Keep each heading's "¶" permalink out of the heading's accessible name."""
    return quiet_permalinks(html)


@event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Add every page's keywords to `search/search_index.json`, in a field never shown."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return  # search is turned off
    try:
        text = add_search_keywords(path.read_text(encoding="utf-8"), _STATE["keywords"])
    except ValueError as exc:
        raise PluginError(f"search/search_index.json: {exc}") from None
    path.write_text(text, encoding="utf-8")


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _guidance(config: MkDocsConfig) -> Guidance:
    """Return the knowledge base that `hooks/guidance.py` loaded and validated for this build."""
    guidance = config.get(GUIDANCE_KEY)
    if not isinstance(guidance, Guidance):
        raise PluginError("hooks/guidance.py must come before hooks/readers.py under `hooks` in mkdocs.yml")
    return guidance


# -------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------

#: The maintainers' section's index page, linked from every page's footer.
MAINTAINERS_PAGE = "maintaining/index.md"

_STATE: dict[str, Any] = {}
