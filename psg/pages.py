"""Plan the generated pages: what each page is, where it lives, and the navigation.

[`build_pages`][psg.pages.build_pages] turns a [`Guidance`][psg.model.Guidance] into a
list of [`GeneratedPage`][psg.pages.GeneratedPage] objects, each holding finished
Markdown. [`nav_sections`][psg.pages.nav_sections] gives the navigation for them in the
briefing's order. Both are pure: the same model always gives the same pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from psg import CONTENT_VERSION
from psg.evidence_pages import checklist_actions, item_actions, peer_supporter_points
from psg.model import Guidance, Item, ItemUse, QuotePlace, checklist_numbers, item_numbers
from psg.render import attribution_text, page_uri, pdf_uri, render_template, strategy_title, uri_for
from psg.schema import AUDIENCES, STAGES, Checklist, Source, Strategy, StudyPart, Theme
from psg.validate import PEER_SUPPORTERS_FILE

__all__ = [
    "ANSWER_STATUSES",
    "PEER_SUPPORTERS_URI",
    "GeneratedPage",
    "NavPage",
    "PageSource",
    "build_pages",
    "checklist_numbers",
    "checklist_sources",
    "expand_nav",
    "item_numbers",
    "nav_sections",
    "page_sources",
    "page_uri",
    "pdf_uri",
    "peer_supporters_page",
    "strategy_title",
]

#: Search boosts by kind of page (front matter `search.boost`), tuned with the relevance
#: suite in tests/search/queries.yml. Challenges and strategies answer most questions;
#: themes match them, so that typing a theme's title finds the theme among the pages
#: tagged with the same word. Checklists have no keywords and show no file path; at 2,
#: typing a checklist's title still finds it in the first three, while 2.5 (tried when
#: the file paths went) lost queries of the suite once checklists carried their evidence
#: lists and site notes. Hand-written pages set their own in front matter.
#: The peer supporters' page answers peer supporters' questions as a challenge page does.
BOOSTS = {"challenge": 3, "strategy": 3, "theme": 3, "checklist": 2, "peer-supporters": 3}

#: The source path of the page written to peer supporters (its address is `peer-supporters/`).
PEER_SUPPORTERS_URI = "peer-supporters.md"

#: The generated pages made from all the content rather than one file, with their titles.
INDEX_PAGES = {
    "guidance/index.md": "Guidance by theme",
    "checklists/index.md": "Checklists",
    "browse/audiences.md": "By who it is for",
    "browse/stages.md": "By stage",
    "browse/matrix.md": "Challenges and strategies at a glance",
}

#: The study's pages: source path, title, template and the content file each comes from.
STUDY_PAGES = (
    ("study/index.md", "About the study", "study-index.md.j2", "guidance/study/study.yml"),
    ("study/key-findings.md", "Key findings", "study-findings.md.j2", "guidance/study/study.yml"),
    ("study/limitations.md", "Limitations", "study-limitations.md.j2", "guidance/study/study.yml"),
    ("study/conclusions.md", "Conclusions and implications", "study-conclusions.md.j2", "guidance/study/study.yml"),
    ("study/glossary.md", "Definitions", "glossary.md.j2", "guidance/study/glossary.yml"),
    ("study/works-cited.md", "Works cited", "works-cited.md.j2", "guidance/study/works-cited.yml"),
    ("study/respondents.md", "Who is quoted", "respondents.md.j2", "guidance/study/respondents.yml"),
)


@dataclass(frozen=True)
class GeneratedPage:
    """One page that exists only in memory.

    Attributes:
        uri: Its source path as MkDocs sees it, for example `challenges/triggering.md`.
        title: Its title, for the navigation.
        markdown: Its full Markdown, front matter included.
        source_file: The content file it is generated from, for edit links.
    """

    uri: str
    title: str
    markdown: str
    source_file: str | None


@dataclass(frozen=True)
class PageSource:
    """Where one generated page comes from, for maintainers (readers never see it).

    Attributes:
        uri: The page's source path, for example `challenges/triggering.md`.
        title: Its title.
        source_file: The content file it is generated from, or None for an index made
            from all the content.
        section: Where in the briefing it comes from, or None.
        lines: The first and last line of that part of the briefing's text, or None.
    """

    uri: str
    title: str
    source_file: str | None
    section: str | None = None
    lines: tuple[int, int] | None = None


def build_pages(guidance: Guidance) -> list[GeneratedPage]:
    """Render every generated page.

    Args:
        guidance: The validated knowledge base.

    Returns:
        The pages, in navigation order.
    """
    works = {w.id: w for w in guidance.works.works}
    pages: list[GeneratedPage] = []

    def add(uri: str, title: str, template: str, source_file: str | None = None, **context: Any) -> None:
        markdown = render_template(template, uri=uri, works=works, **context)
        pages.append(GeneratedPage(uri, title, markdown, source_file))

    items_by_theme = {t.id: guidance.items_in_theme(t.id) for t in guidance.themes}
    add("guidance/index.md", INDEX_PAGES["guidance/index.md"], "guidance-index.md.j2", themes=guidance.themes, items_by_theme=items_by_theme)
    for theme in guidance.themes:
        add(
            uri_for("theme", theme.id),
            theme.title,
            "theme.md.j2",
            guidance.files[theme.id],
            theme=theme,
            items=items_by_theme[theme.id],
            theme_count=len(guidance.themes),
            boost=BOOSTS["theme"],
        )
        for item in items_by_theme[theme.id]:
            pages.append(_item_page(guidance, item, theme))

    checklist_pages = _checklist_pages(guidance)
    pages.extend(checklist_pages)
    pages.extend(_study_pages(guidance))

    browse_items: list[Any] = [*guidance.challenges, *guidance.strategies, *guidance.checklists]
    by_audience = {key: [i for i in browse_items if key in i.audiences] for key in AUDIENCES}
    by_stage = {key: [i for i in browse_items if key in i.stages] for key in STAGES}
    add("browse/audiences.md", INDEX_PAGES["browse/audiences.md"], "audiences.md.j2", by_audience=by_audience)
    add("browse/stages.md", INDEX_PAGES["browse/stages.md"], "stages.md.j2", by_stage=by_stage)
    add("browse/matrix.md", INDEX_PAGES["browse/matrix.md"], "matrix.md.j2", challenges=guidance.challenges, strategies=guidance.strategies)
    return pages


def _quote_labels(item: Item) -> dict[str, str]:
    quotes = [*item.evidence, *(q for sub in getattr(item, "subpoints", []) for q in sub.evidence)]
    return {q.id: attribution_text(q.attribution) for q in quotes}


def _item_page(guidance: Guidance, item: Item, theme: Theme) -> GeneratedPage:
    file = guidance.files[item.id]
    uri = page_uri(item)
    actions = item_actions(guidance, item, uri)
    common = dict(
        item=item,
        theme=theme,
        quote_labels=_quote_labels(item),
        perspectives=item.perspectives,
        checklists=guidance.checklists_using(item.id),
        works={w.id: w for w in guidance.works.works},
        actions=actions,
        all_actions=[view for views in actions.values() for view in views],
    )
    if isinstance(item, Strategy):
        uses = guidance.checklist_uses(item.id)
        by_sub: dict[str, list[ItemUse]] = {}
        for use in uses:
            if use.item.from_.subpoint:
                by_sub.setdefault(use.item.from_.subpoint, []).append(use)
        markdown = render_template(
            "strategy.md.j2",
            uri=uri,
            challenges=guidance.challenges_for(item),
            related=guidance.related_strategies(item),
            uses=uses,
            uses_by_subpoint=by_sub,
            numbers=item_numbers(guidance),
            boost=BOOSTS["strategy"],
            **common,
        )
        return GeneratedPage(uri, strategy_title(item), markdown, file)
    see_also = [guidance.strategy(s) for s in item.no_strategy.see] if item.no_strategy else []
    markdown = render_template(
        "challenge.md.j2",
        uri=uri,
        strategies=guidance.strategies_for(item.id),
        see_also=see_also,
        boost=BOOSTS["challenge"],
        **common,
    )
    return GeneratedPage(uri, item.title, markdown, file)


def peer_supporters_page(guidance: Guidance) -> GeneratedPage:
    """Render the page written to peer supporters, from `guidance/peer-supporters.yml`.

    Each point shows its strength label and one link to its entry in the evidence list at
    the foot of the page; each section ends with the challenge and strategy pages that say
    more, each with its summary.

    Args:
        guidance: The validated knowledge base.

    Returns:
        The page, at `PEER_SUPPORTERS_URI`.
    """
    page = guidance.peer_supporters
    uri = PEER_SUPPORTERS_URI
    points = peer_supporter_points(guidance, uri)
    markdown = render_template(
        "peer-supporters.md.j2",
        uri=uri,
        page=page,
        points=points,
        all_points=[view for views in points.values() for view in views],
        more={section.id: [guidance.item(i) for i in section.more] for section in page.sections},
        boost=BOOSTS["peer-supporters"],
    )
    return GeneratedPage(uri, page.title, markdown, PEER_SUPPORTERS_FILE)


#: Pages of the study that checklist items can come from, and how to name them.
STUDY_SOURCES: dict[StudyPart, tuple[str, str]] = {
    "training-modules": ("Training modules (conclusions)", "study/conclusions.md"),
    "conclusions": ("Conclusions", "study/conclusions.md"),
    "key-findings": ("Key findings", "study/key-findings.md"),
}


def checklist_sources(guidance: Guidance, checklist: Checklist) -> dict[str, tuple[str, str, str | None]]:
    """Return where each item of a checklist comes from, ready to print and link.

    Args:
        guidance: The knowledge base.
        checklist: One of its checklists.

    Returns:
        For each item id, a `(label, page, anchor)` triple: the label to print after
        "From:", the source path of the page it comes from, and the anchor on that page
        (None for the top of the page).
    """
    sources: dict[str, tuple[str, str, str | None]] = {}
    for section in checklist.sections:
        for entry in section.items:
            src = entry.from_
            if src.strategy:
                strategy = guidance.strategy(src.strategy)
                title = strategy_title(strategy)
                if src.subpoint:
                    sub = next(s for s in strategy.subpoints if s.id == src.subpoint)
                    title = f"{title}: {sub.title}"
                sources[entry.id] = (title, uri_for("strategy", strategy.id), src.subpoint)
            elif src.challenge:
                sources[entry.id] = (guidance.challenge(src.challenge).title, uri_for("challenge", src.challenge), None)
            elif src.study:
                label, page = STUDY_SOURCES[src.study]
                sources[entry.id] = (label, page, src.part)
    return sources


def page_sources(guidance: Guidance) -> list[PageSource]:
    """List every generated page with the content file and part of the briefing it comes from.

    For the maintainers' page "Where each page comes from"; reader pages show neither
    file paths nor line numbers. The pages are those of
    [`build_pages`][psg.pages.build_pages], in the same order, without rendering them.

    Args:
        guidance: The knowledge base.

    Returns:
        One entry per generated page.
    """
    out = [PageSource("guidance/index.md", INDEX_PAGES["guidance/index.md"], None)]
    for theme in guidance.themes:
        out.append(_source_of(uri_for("theme", theme.id), theme.title, guidance.files[theme.id], theme.source))
        for item in guidance.items_in_theme(theme.id):
            out.append(_source_of(page_uri(item), strategy_title(item), guidance.files[item.id], item.source))
    out.append(PageSource("checklists/index.md", INDEX_PAGES["checklists/index.md"], None))
    out += [PageSource(uri_for("checklist", c.id), c.title, guidance.files[c.id]) for c in guidance.checklists]
    out += [PageSource(uri, title, source) for uri, title, _, source in STUDY_PAGES]
    out += [PageSource(uri, INDEX_PAGES[uri], None) for uri in ("browse/audiences.md", "browse/stages.md", "browse/matrix.md")]
    return out


def _source_of(uri: str, title: str, file: str, source: Source) -> PageSource:
    lines = (source.lines[0], source.lines[1]) if source.lines else None
    return PageSource(uri, title, file, source.section, lines)


#: The statuses a reader can give a checklist item on its page, in the order the page
#: offers them: (value kept in the browser, label). docs/assets/js/checklist.js reads
#: the values from the page's controls and keeps the same labels for the action plan.
ANSWER_STATUSES = (
    ("not-started", "Not started"),
    ("in-progress", "In progress"),
    ("in-place", "In place"),
    ("not-applicable", "Not applicable"),
)


def _checklist_pages(guidance: Guidance) -> list[GeneratedPage]:
    pages = [
        GeneratedPage(
            "checklists/index.md",
            INDEX_PAGES["checklists/index.md"],
            render_template("checklists-index.md.j2", uri="checklists/index.md", checklists=guidance.checklists),
            None,
        )
    ]
    for checklist in guidance.checklists:
        uri = uri_for("checklist", checklist.id)
        sources = checklist_sources(guidance, checklist)
        markdown = render_template(
            "checklist.md.j2",
            uri=uri,
            checklist=checklist,
            sources=sources,
            views=checklist_actions(guidance, checklist, uri),
            numbers=checklist_numbers(checklist),
            study=guidance.study,
            boost=BOOSTS["checklist"],
            pdf=pdf_uri(checklist.id),
            content_version=CONTENT_VERSION,
            statuses=ANSWER_STATUSES,
        )
        pages.append(GeneratedPage(uri, checklist.title, markdown, guidance.files[checklist.id]))
    return pages


def _study_pages(guidance: Guidance) -> list[GeneratedPage]:
    study = guidance.study
    works = {w.id: w for w in guidance.works.works}
    items = {i.id: i for i in (*guidance.challenges, *guidance.strategies)}
    pages = []
    quotes_by_respondent: dict[int, list[QuotePlace]] = {}
    for place in guidance.quotes():
        attribution = getattr(place.quote, "attribution", None)
        if attribution is not None:
            quotes_by_respondent.setdefault(attribution.respondent, []).append(place)
    for uri, title, template, source in STUDY_PAGES:
        markdown = render_template(
            template,
            uri=uri,
            study=study,
            works=works,
            items=items,
            glossary=guidance.glossary,
            respondents=guidance.respondents,
            quotes_by_respondent=quotes_by_respondent,
            quote_count=sum(1 for p in guidance.quotes() if getattr(p.quote, "attribution", None)),
        )
        pages.append(GeneratedPage(uri, title, markdown, source))
    return pages


class NavPage(Protocol):
    """A page as the navigation needs it: its source path and its title."""

    @property
    def uri(self) -> str: ...  # noqa: D102

    @property
    def title(self) -> str | None: ...  # noqa: D102


def nav_sections(guidance: Guidance, pages: Iterable[NavPage]) -> dict[str, list[Any]]:
    """Return the navigation of each generated section, keyed by its index page.

    Args:
        guidance: The knowledge base.
        pages: The generated pages (from [`build_pages`][psg.pages.build_pages], or the
            pages of a [`Site`][psg.site.Site]).

    Returns:
        For each generated section's index page (`guidance/index.md`,
        `checklists/index.md` and `study/index.md`), a MkDocs `nav` list: the index page first, then
        the section's pages (grouped by theme for the guidance; after the checklists,
        any other generated page in `checklists/`, such as "Your progress").
    """
    titles = {p.uri: p.title or "" for p in pages}
    guidance_nav: list[Any] = ["guidance/index.md"]
    for theme in guidance.themes:
        entries: list[Any] = [{"Overview": uri_for("theme", theme.id)}]
        for item in guidance.items_in_theme(theme.id):
            uri = page_uri(item)
            prefix = "Strategy: " if isinstance(item, Strategy) else "Challenge: "
            entries.append({prefix + titles[uri]: uri})
        guidance_nav.append({theme.title: entries})
    checklist_uris = {uri_for("checklist", c.id) for c in guidance.checklists} | {"checklists/index.md"}
    checklists_nav: list[Any] = ["checklists/index.md"] + [{c.title: uri_for("checklist", c.id)} for c in guidance.checklists]
    checklists_nav += [{title: uri} for uri, title in titles.items() if uri.startswith("checklists/") and uri not in checklist_uris]
    study_nav: list[Any] = ["study/index.md"] + [{title: uri} for uri, title in titles.items() if uri.startswith("study/") and uri != "study/index.md"]
    return {"guidance/index.md": guidance_nav, "checklists/index.md": checklists_nav, "study/index.md": study_nav}


def expand_nav(nav: Any, sections: dict[str, list[Any]]) -> Any:
    """Replace each navigation entry that points at a generated section's index page.

    Args:
        nav: A MkDocs `nav` value (list, mapping or path), as written in `mkdocs.yml`.
        sections: The generated sections, from [`nav_sections`][psg.pages.nav_sections].

    Returns:
        The same navigation, with each `Title: <section index>` entry expanded into the
        section's pages.
    """
    if isinstance(nav, list):
        return [expand_nav(entry, sections) for entry in nav]
    if isinstance(nav, dict):
        return {
            title: sections.get(value, value) if isinstance(value, str) else expand_nav(value, sections)
            for title, value in nav.items()
        }
    return nav
