"""Search words that find a page without being shown on it.

Each challenge and strategy has `keywords`: everyday words people search with ("burnout",
"criminal record"), some of which the briefing itself never uses. They must lead
searches to the page, yet appear neither on the page nor in a search result, where they
could suggest that the briefing covers something it does not.

Material for MkDocs' search index (`search/search_index.json`) holds one entry per page
and per section, with the fields `location`, `title`, `text` and, optionally, `tags` and
`boost`. Its search worker indexes every field named under the search plugin's `fields`
in `mkdocs.yml`, reading it from each entry, while its result list shows only the
title, the text and the tags. So [`add_search_keywords`][psg.keywords.add_search_keywords]
adds a field, `KEYWORDS_FIELD`, to the entry of each page that has keywords, and
`mkdocs.yml` names that field; the MkDocs hook `hooks/guidance.py` applies it to the
index after the search plugin has written it, and before the offline plugin copies it
into `search/search_index.js`.
"""

from __future__ import annotations

import html
import json
from typing import Any

from psg.model import Guidance, Item
from psg.render import page_uri

__all__ = ["KEYWORDS_FIELD", "add_search_keywords", "search_keywords"]

#: The search index field that holds a page's keywords; `mkdocs.yml` must name it under
#: the search plugin's `fields`.
KEYWORDS_FIELD = "keywords"


def search_keywords(guidance: Guidance) -> dict[str, list[str]]:
    """Return the keywords of every page that has them.

    Args:
        guidance: The knowledge base.

    Returns:
        The page's source path (for example `challenges/triggering.md`) → its keywords,
        in the order the content gives them.
    """
    items: tuple[Item, ...] = (*guidance.challenges, *guidance.strategies)
    return {page_uri(item): list(item.keywords) for item in items if item.keywords}


def add_search_keywords(index_text: str, keywords: dict[str, list[str]]) -> str:
    """Return Material's search index with each page's keywords added to its own entry.

    The keywords go on the page's entry (the one whose `location` has no `#`), not on
    its sections, as the words describe the whole page. Like the text Material's plugin
    indexes, each keyword is HTML-escaped. Nothing else changes.

    Args:
        index_text: The text of `search/search_index.json`, as Material's search plugin
            writes it.
        keywords: The page's location in the index (its address relative to the site's
            root, for example `challenges/triggering/`) → its keywords.

    Returns:
        The index as JSON text, in the plugin's compact form.

    Raises:
        ValueError: If the index does not name `KEYWORDS_FIELD` among its fields (the
            worker would then ignore the keywords), or a page has no entry in it.
    """
    data: dict[str, Any] = json.loads(index_text)
    fields = data.get("config", {}).get("fields", {})
    if KEYWORDS_FIELD not in fields:
        raise ValueError(
            f"the search index has no field {KEYWORDS_FIELD!r}, so keywords would not be searched: "
            f"add `{KEYWORDS_FIELD}:` under the search plugin's `fields` in mkdocs.yml"
        )
    entries = {entry["location"]: entry for entry in data.get("docs", [])}
    missing = sorted(location for location in keywords if location not in entries)
    if missing:
        raise ValueError(f"pages with keywords but no entry in the search index: {', '.join(missing)}")
    for location, words in keywords.items():
        # Escaped as the plugin escapes page text: the worker's tokenizer reads "<" as markup.
        entries[location][KEYWORDS_FIELD] = [html.escape(word, quote=False) for word in words]
    return json.dumps(data, separators=(",", ":"))
