"""Plan the generated pages: what each page is, where it lives, and the navigation.

[`build_pages`][psg.pages.build_pages] turns a [`Guidance`][psg.model.Guidance] into a
list of [`GeneratedPage`][psg.pages.GeneratedPage] objects, each holding finished
Markdown. [`nav_sections`][psg.pages.nav_sections] gives the navigation for them in the
briefing's order. Both are pure: the same model always gives the same pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psg import CONTENT_VERSION
from psg.model import Guidance, Item
from psg.render import environment, render_template, uri_for
from psg.schema import AUDIENCES, STAGES, Checklist, Strategy

__all__ = [
    "GUIDANCE_KEY",
    "GeneratedPage",
    "PageSource",
    "SECTION_INDEXES",
    "build_pages",
    "checklist_numbers",
    "checklist_sources",
    "expand_nav",
    "item_numbers",
    "nav_sections",
    "page_sources",
    "pdf_uri",
    "strategy_title",
]

#: Search boosts by kind of page (front matter `search.boost`), tuned with the relevance
#: suite in tests/search/queries.yml. Challenges and strategies answer most questions;
#: themes match them, so that typing a theme's title finds the theme among the pages
#: tagged with the same word. Checklists have no keywords, and since their pages stopped
#: showing their file's path (which repeated the words of their address), 2.5 keeps
#: typing a checklist's title finding it in the first three. Hand-written pages set their
#: own in front matter.
BOOSTS = {"challenge": 3, "strategy": 3, "theme": 3, "checklist": 2.5}

#: The key under which the MkDocs adapter keeps the loaded knowledge base in the config,
#: so that every hook uses the one validated copy.
GUIDANCE_KEY = "psg_guidance"

#: Index pages whose navigation entry the adapter expands into a generated section.
SECTION_INDEXES = ("guidance/index.md", "checklists/index.md", "study/index.md")

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


def strategy_title(item: Any) -> str:
    """Return an item's title, with its context label when it has one.

    Args:
        item: A challenge, strategy or checklist.

    Returns:
        For example "Screening at interview (readiness)".
    """
    context = getattr(item, "context", None)
    return f"{item.title} ({context})" if context else item.title


def page_uri(item: Any) -> str:
    """Return the page of a challenge, strategy or checklist."""
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


def kind_label(item: Any) -> str:
    """Return "Challenge", "Strategy" or "Checklist"."""
    if isinstance(item, Checklist):
        return "Checklist"
    return "Strategy" if isinstance(item, Strategy) else "Challenge"


def _prose(text: str) -> str:
    """Turn a folded YAML block into Markdown paragraphs: each line break starts a paragraph."""
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


_env = environment()
_env.filters["strategy_title"] = lambda item: _env.filters["md"](strategy_title(item))
_env.filters["prose"] = _prose
_env.globals["page_uri"] = page_uri
_env.globals["kind_label"] = kind_label
_env.globals["summary_of"] = lambda item: item.purpose if isinstance(item, Checklist) else item.summary


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
    from psg.render import attribution_text

    quotes = [*item.evidence, *(q for sub in getattr(item, "subpoints", []) for q in sub.evidence)]
    return {q.id: attribution_text(q.attribution) for q in quotes}


def _item_page(guidance: Guidance, item: Item, theme: Any) -> GeneratedPage:
    file = guidance.files[item.id]
    common = dict(
        item=item,
        theme=theme,
        quote_labels=_quote_labels(item),
        perspectives=item.perspectives,
        checklists=guidance.checklists_using(item.id),
        works={w.id: w for w in guidance.works.works},
    )
    if isinstance(item, Strategy):
        uri = uri_for("strategy", item.id)
        uses = guidance.checklist_uses(item.id)
        by_sub: dict[str, list] = {}
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
    uri = uri_for("challenge", item.id)
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


#: Pages of the study that checklist items can come from, and how to name them.
STUDY_SOURCES = {
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
            else:
                label, page = STUDY_SOURCES[src.study]
                sources[entry.id] = (label, page, src.part)
    return sources


def checklist_numbers(checklist: Checklist) -> dict[str, str]:
    """Number a checklist's items for people: section, then item, from 1.

    The numbers are what readers see, hear and print ("1.1", "1.2", "2.1"). The items'
    ids stay their anchors and the keys of saved answers, so reordering a checklist
    renumbers it without losing anyone's answers.

    Args:
        checklist: A checklist.

    Returns:
        Each item's id → its number, for example `{"bys-target-group-needs": "1.1"}`.
    """
    return {
        entry.id: f"{section_number}.{item_number}"
        for section_number, section in enumerate(checklist.sections, start=1)
        for item_number, entry in enumerate(section.items, start=1)
    }


def item_numbers(guidance: Guidance) -> dict[str, str]:
    """Return the number of every checklist item, by its id (ids are unique across checklists)."""
    return {item_id: number for checklist in guidance.checklists for item_id, number in checklist_numbers(checklist).items()}


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


def _source_of(uri: str, title: str, file: str, source: Any) -> PageSource:
    lines = (source.lines[0], source.lines[1]) if source.lines else None
    return PageSource(uri, title, file, source.section, lines)


def _checklist_pages(guidance: Guidance) -> list[GeneratedPage]:
    pages = [
        GeneratedPage(
            "checklists/index.md",
            INDEX_PAGES["checklists/index.md"],
            render_template("checklists-index.md.j2", uri="checklists/index.md", checklists=guidance.checklists, pdf_uri=pdf_uri),
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
            numbers=checklist_numbers(checklist),
            study=guidance.study,
            boost=BOOSTS["checklist"],
            pdf=pdf_uri(checklist.id),
            content_version=CONTENT_VERSION,
        )
        pages.append(GeneratedPage(uri, checklist.title, markdown, guidance.files[checklist.id]))
    return pages


def _study_pages(guidance: Guidance) -> list[GeneratedPage]:
    study = guidance.study
    works = {w.id: w for w in guidance.works.works}
    items = {i.id: i for i in (*guidance.challenges, *guidance.strategies)}
    pages = []
    quotes_by_respondent: dict[int, list] = {}
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


def nav_sections(guidance: Guidance, pages: list[GeneratedPage]) -> dict[str, list[Any]]:
    """Return the navigation of each generated section, keyed by its index page.

    Args:
        guidance: The knowledge base.
        pages: The generated pages.

    Returns:
        For each of `SECTION_INDEXES`, a MkDocs `nav` list: the index page first, then
        the section's pages (grouped by theme for the guidance).
    """
    titles = {p.uri: p.title for p in pages}
    guidance_nav: list[Any] = ["guidance/index.md"]
    for theme in guidance.themes:
        entries: list[Any] = [{"Overview": uri_for("theme", theme.id)}]
        for item in guidance.items_in_theme(theme.id):
            uri = page_uri(item)
            prefix = "Strategy: " if isinstance(item, Strategy) else "Challenge: "
            entries.append({prefix + titles[uri]: uri})
        guidance_nav.append({theme.title: entries})
    checklists_nav: list[Any] = ["checklists/index.md"] + [{c.title: uri_for("checklist", c.id)} for c in guidance.checklists]
    study_nav: list[Any] = ["study/index.md"] + [{p.title: p.uri} for p in pages if p.uri.startswith("study/") and p.uri != "study/index.md"]
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
