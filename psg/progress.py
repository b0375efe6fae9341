"""The "Your progress" page: every checklist's answers in one view, read in the browser.

The answers live only in the reader's browser (see `docs/assets/js/checklist.js`), so
the page is built there by `docs/assets/js/progress.js`. What it needs from the content
is rendered here, into the page itself, so that it works opened from `file://` with
nothing fetched:

- a Markdown list of links to the checklists (what a reader without JavaScript gets,
  and where the script takes each checklist's address from);
- a `<script type="application/json">` block with each checklist's id and title, and
  each item's id, number and text ([`progress_data`][psg.progress.progress_data]).

An item's number is its section's number and its place in that section, in the order
of the checklist's file: `1.1`, `1.2`, `2.1` ([`checklist_numbers`][psg.model.checklist_numbers], as on the checklist pages).
"""

from __future__ import annotations

import json
from typing import Any

from psg import CONTENT_VERSION
from psg.model import Guidance, checklist_numbers
from psg.render import render_template

__all__ = ["PROGRESS_TITLE", "PROGRESS_URI", "embed_json", "progress_data", "progress_page"]

#: Where the page lives, as MkDocs sees it (its address is `checklists/progress/`).
PROGRESS_URI = "checklists/progress.md"
#: The page's title, in the navigation and in its heading.
PROGRESS_TITLE = "Your progress"

#: Characters escaped in embedded JSON, so that it can never end its `<script>` element
#: or open a comment, whatever the content holds.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def progress_data(guidance: Guidance) -> dict[str, Any]:
    """Return what the progress page's script needs to know about the checklists.

    Args:
        guidance: The knowledge base.

    Returns:
        `{"contentVersion": ..., "checklists": [{"id", "title", "items": [{"id",
        "number", "text"}]}]}`, checklists and items in the site's order. Texts are
        plain text.
    """
    checklists = []
    for checklist in guidance.checklists:
        numbers = checklist_numbers(checklist)
        items = [
            {"id": entry.id, "number": numbers[entry.id], "text": entry.text}
            for section in checklist.sections
            for entry in section.items
        ]
        checklists.append({"id": checklist.id, "title": checklist.title, "items": items})
    return {"contentVersion": CONTENT_VERSION, "checklists": checklists}


def embed_json(data: Any) -> str:
    """Write data as JSON that is safe inside an HTML `<script>` element.

    Args:
        data: Plain data: dicts, lists, strings, numbers.

    Returns:
        Compact JSON on one line, with `<`, `>` and `&` written as `\\u` escapes.
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def progress_page(guidance: Guidance) -> str:
    """Render the "Your progress" page.

    Args:
        guidance: The knowledge base.

    Returns:
        The page's Markdown, front matter included.
    """
    return render_template(
        "progress.md.j2",
        uri=PROGRESS_URI,
        title=PROGRESS_TITLE,
        checklists=guidance.checklists,
        data=embed_json(progress_data(guidance)),
    )
