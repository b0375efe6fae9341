"""MkDocs hook: under `mkdocs serve`, stand in for the API reference, to keep reloads fast.

The API reference pages (`docs/maintaining/api/`) are rendered by mkdocstrings from the
code's docstrings. That takes a second or more on every build, and `mkdocs serve`
rebuilds on every save. So under `serve` each `::: identifier` block is replaced by a
short note (see [`replace_api_blocks`][psg.reference.replace_api_blocks]); `make build`,
and any `mkdocs build`, render the real reference.

- `on_startup` notes the command.
- `on_page_markdown` replaces the blocks under `serve`, unless `PSG_API_REFERENCE=1` is set.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from psg.reference import replace_api_blocks

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool, **kwargs: Any) -> None:
    """Remember which command is running: `serve` skips the API reference."""
    _STATE["command"] = command


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Under `mkdocs serve`, replace each mkdocstrings block with a note."""
    if _STATE.get("command") != "serve" or os.environ.get(RENDER_ENV, "").strip() not in ("", "0"):
        return markdown
    return replace_api_blocks(markdown, " when the site is built; `mkdocs serve` skips it to keep reloads fast")


# -------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------

#: Set this environment variable to 1 to render the API reference under `mkdocs serve` too.
RENDER_ENV = "PSG_API_REFERENCE"

_STATE: dict[str, Any] = {}
