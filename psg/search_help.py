"""The links search offers when nothing matches: the home page's task entry points.

Search's no-results panel (`docs/overrides/partials/psg-search-help.html`) lists the
browse routes, the checklists and the tasks under "Start here" on the home page.
[`home_tasks`][psg.search_help.home_tasks] reads those tasks from the home page as
built, so that the panel follows the home page when its tasks change.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["TASKS_CLASS", "TaskLink", "home_tasks"]

#: The class of the element that holds the home page's tasks (`docs/index.md`).
TASKS_CLASS = "psg-tasks"


@dataclass(frozen=True)
class TaskLink:
    """One task entry point of the home page.

    Attributes:
        title: The link's text, for example "Recruiting peer supporters".
        path: Where it points, relative to the site's root, without its anchor.
        anchor: The anchor on that page (without "#"), or "".
    """

    title: str
    path: str
    anchor: str


def home_tasks(html: str | None) -> list[TaskLink]:
    """Return the links inside the home page's tasks, in order.

    Args:
        html: The home page's content as HTML (its links relative to the site's root,
            where the home page lives); None when the site has no home page.

    Returns:
        One `TaskLink` per link inside the element with class `psg-tasks`; none when the
        page has no such element.
    """
    parser = _TaskParser()
    parser.feed(html or "")
    parser.close()
    return parser.links


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


class _TaskParser(HTMLParser):
    """Collect the links (href and text) inside the element with class `TASKS_CLASS`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[TaskLink] = []
        self._depth = 0  # open elements inside the tasks element, itself included
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._depth:
            self._depth += tag not in _VOID
        elif TASKS_CLASS in (values.get("class") or "").split():
            self._depth = 1
        if self._depth and tag == "a" and values.get("href"):
            self._href, self._text = values["href"], []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:  # `<br />` comes here too, after handle_starttag
            return
        if self._depth and tag == "a" and self._href is not None:
            path, _, anchor = self._href.partition("#")
            self.links.append(TaskLink(" ".join("".join(self._text).split()), path, anchor))
            self._href = None
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


#: Elements with no end tag, which must not count as open.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
