"""Exports: the guidance as data (JSON and CSV), and the site as portable Markdown.

Everything here is a pure function of a [`Guidance`][psg.model.Guidance]:

- [`guidance_data`][psg.export.guidance_data] gives all guidance and checklists as one
  JSON document in a versioned format (`FORMAT_VERSION`)
  whose JSON Schema is [`guidance_schema`][psg.export.guidance_schema];
- [`checklists_csv`][psg.export.checklists_csv] gives every checklist item as a row;
- [`export_markdown`][psg.export.export_markdown] writes the hand-written and generated
  Markdown with a configuration that builds without this project's hooks, so the content
  can move to another generator (such as Zensical) without the `psg` package.

The MkDocs hook `hooks/exports.py` publishes the data files in the built site, under
`data/`; `python -m psg export OUT` runs the Markdown export.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from psg import CONTENT_VERSION
from psg.evidence import LABELS
from psg.evidence_pages import describe_basis
from psg.model import Guidance, Item
from psg.pages import build_pages, expand_nav, nav_sections, page_uri
from psg.render import attribution_text, uri_for
from psg.schema import (
    Action,
    Audience,
    Basis,
    Finding,
    GlossaryTerm,
    LiteratureQuote,
    Method,
    Organisation,
    Perspective,
    Quote,
    Respondent,
    SiteNote,
    Stage,
    Strategy,
    TrainingModules,
    Work,
)

__all__ = [
    "CSV_COLUMNS",
    "DATA_FILES",
    "FORMAT_VERSION",
    "GuidanceExport",
    "checklists_csv",
    "data_files",
    "export_markdown",
    "guidance_data",
    "guidance_json",
    "guidance_schema",
    "page_url",
]

#: The version of the JSON export format. Bump the major number when a field is removed
#: or changes meaning, the minor number when a field is added.
FORMAT_VERSION = "1.1.0"

#: The files published under `data/` in the built site.
DATA_FILES = ("data/guidance.json", "data/guidance.schema.json", "data/checklists.csv")

#: The columns of `data/checklists.csv`, in order.
CSV_COLUMNS = (
    "checklist_id",
    "checklist_title",
    "section_id",
    "section_title",
    "item_id",
    "text",
    "from_strategy",
    "from_subpoint",
    "from_challenge",
    "from_study",
    "from_study_part",
    "blank",
    "url",
    "label",
    "basis",
)

# -------------------------------------------------------------------------------------
# The JSON format
# -------------------------------------------------------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Url = Field(description="The page's address, relative to the site's root (join it to `site.url`).")


class ExportAttribution(_Out):
    """Who said a quote, as structured data and as the briefing prints it."""

    respondent: int = Field(description="The respondent's number in the briefing.")
    peer_supporter: bool = Field(description="True when the briefing says 'Peer supporter respondent'.")
    organisation: str = Field(description="The organisation's letter.")
    organisation_type: Literal["organisation", "initiative"] = Field(
        description="Whether the briefing calls it an Organisation or an Initiative."
    )
    text: str = Field(description="The attribution as printed, for example 'Respondent 10, Organisation F'.")


class ExportQuote(_Out):
    """A respondent's words, verbatim from the briefing."""

    id: str = Field(description="A unique id; also the quote's anchor on its page.")
    text: str = Field(description="The quote, word for word, without outer quotation marks.")
    attribution: ExportAttribution
    content_note: str | None = Field(description="A brief note on content that may distress, or null.")
    url: str = Field(description="The quote's address: its page and anchor, relative to the site's root.")


class ExportLiteratureQuote(_Out):
    """Words the briefing quotes from another study."""

    id: str = Field(description="A unique id; also the quote's anchor on its page.")
    text: str = Field(description="The quoted words, verbatim.")
    cites: str = Field(description="The id of the work in `works`.")
    cited_as: str = Field(description="The work as the briefing cites it, for example 'Klee et al. (2019)'.")
    page: str | None = Field(description="The page as the briefing gives it, or null.")


class ExportSource(_Out):
    """Where in the briefing an item comes from."""

    section: str = Field(description="The briefing's section path.")
    lines: list[int] | None = Field(description="First and last line in the briefing's text file, or null.")


class ExportBasis(_Out):
    """One thing that supports an action or checklist item (format 1.1.0)."""

    kind: Literal["quote", "perspective", "finding", "conclusion", "work", "module", "passage"] = Field(
        description="What it is: a quote, perspective, finding, conclusion, work, module or passage."
    )
    id: str | None = Field(description="The id of the quote, perspective, finding, conclusion, work or module; null for a passage.")
    lines: list[int] | None = Field(description="For a passage: its first and last line in the briefing's text file; else null.")
    respondents: list[int] = Field(description="For a passage: the numbers of the respondents it names.")
    organisations: list[str] = Field(description="For a passage: the letters of the organisations it names.")
    counted_respondents: int | None = Field(description="For a passage that names no one: how many respondents the briefing says, or null.")
    counted_organisations: int | None = Field(description="For a passage that names no one: how many organisations the briefing says, or null.")
    text: str = Field(description="The evidence in words, as the site shows it, for example 'Respondent 21, a peer supporter, Organisation E'.")


class ExportAction(_Out):
    """An action with its strength label and what supports it (format 1.1.0)."""

    text: str = Field(description="The action, as in `actions`.")
    label: str = Field(description="Its strength label, computed from its basis: a key of `labels`.")
    basis: list[ExportBasis] = Field(description="What supports it, in the order written.")
    safeguarding_duty: bool = Field(description="True for a plain statement of a safeguarding duty.")


class ExportSubPoint(_Out):
    """A named part of a strategy."""

    id: str = Field(description="Unique within its strategy; the anchor of its section on the page.")
    title: str = Field(description="The sub-heading, as the briefing words it.")
    summary: str = Field(description="One or two plain sentences.")
    description: str = Field(description="What the briefing found, in Markdown.")
    actions: list[str] = Field(description="Concrete actions, each starting with a verb.")
    actions_with_basis: list[ExportAction] = Field(description="The same actions, in the same order, each with its label and basis.")
    quotes: list[ExportQuote] = Field(description="Respondent quotes printed under this sub-point.")
    perspectives: list[Perspective] = Field(description="Where respondents disagreed.")
    url: str = Field(description="The sub-point's address: its strategy's page and anchor.")


class _ExportItem(_Out):
    id: str = Field(description="The item's id; it is also the last part of its page's address.")
    title: str = Field(description="The heading, exactly as the briefing words it.")
    theme: str = Field(description="The id of its theme in `themes`.")
    order: int = Field(description="Its position within the theme, in the briefing's reading order.")
    summary: str = Field(description="One or two sentences a reader can act on.")
    description: str = Field(description="What the briefing found, in Markdown.")
    actions: list[str] = Field(description="Concrete actions, each starting with a verb.")
    actions_with_basis: list[ExportAction] = Field(description="The same actions, in the same order, each with its label and basis.")
    audiences: list[Audience] = Field(description="Who it is for (ids; labels in `audiences` at the top).")
    stages: list[Stage] = Field(description="The stages it speaks to (ids; labels in `stages` at the top).")
    tags: list[str] = Field(description="Topic tags.")
    keywords: list[str] = Field(description="Everyday words people may search with.")
    source: ExportSource
    quotes: list[ExportQuote] = Field(description="Respondent quotes printed under this heading.")
    literature: list[ExportLiteratureQuote] = Field(description="Quotes from other studies cited here.")
    perspectives: list[Perspective] = Field(description="Where respondents disagreed, each position with the ids of its quotes.")
    site_notes: list[SiteNote] = Field(description="What this site adds beyond the briefing, each with its own source.")
    checklist_items: list[str] = Field(description="Ids of the checklist items that come from it.")
    url: str = Url
    last_reviewed: str = Field(description="When it was last checked against the briefing (YYYY-MM-DD).")


class ExportNoStrategy(_Out):
    """Set on a challenge for which the briefing names no strategy heading."""

    note: str = Field(description="What the briefing discusses alongside it, in Markdown.")
    see: list[str] = Field(description="Ids of strategies the briefing discusses alongside it.")


class ExportChallenge(_ExportItem):
    """A challenge the briefing names."""

    strategies: list[str] = Field(description="Ids of the strategies that address it.")
    no_strategy: ExportNoStrategy | None = Field(description="Set when the briefing names no strategy for it.")


class ExportStrategy(_ExportItem):
    """A strategy respondents used."""

    context: str | None = Field(description="Tells apart strategies that share a heading, or null.")
    addresses: list[str] = Field(description="Ids of the challenges it addresses.")
    related: list[str] = Field(description="Ids of other strategies the briefing connects to it.")
    subpoints: list[ExportSubPoint] = Field(description="Its named parts, in order.")


class ExportTheme(_Out):
    """One of the briefing's four themes."""

    id: str
    order: int = Field(description="The theme's position in the briefing.")
    title: str = Field(description="The theme's heading, as the briefing words it.")
    summary: str
    description: str = Field(description="In Markdown.")
    challenges: list[str] = Field(description="Ids of its challenges, in reading order.")
    strategies: list[str] = Field(description="Ids of its strategies, in reading order.")
    source: ExportSource
    url: str = Url
    last_reviewed: str = Field(description="YYYY-MM-DD.")


class ExportChecklistSource(_Out):
    """Where a checklist item comes from: exactly one of strategy, challenge or study is set."""

    strategy: str | None = Field(description="The id of a strategy, or null.")
    subpoint: str | None = Field(description="With `strategy`: the id of one of its sub-points, or null.")
    challenge: str | None = Field(description="The id of a challenge, or null.")
    study: Literal["training-modules", "conclusions", "key-findings"] | None = Field(
        description="A part of the study, or null."
    )
    part: str | None = Field(description="With `study`: the id of the module, conclusion or finding, or null.")


class ExportChecklistItem(_Out):
    """One observable action."""

    id: str = Field(description="A stable id, never reused; the item's anchor on its checklist page.")
    text: str = Field(description="The action, verb first.")
    label: str = Field(description="Its strength label, computed from its basis: a key of `labels`.")
    basis: list[ExportBasis] = Field(description="What supports it, in the order written.")
    safeguarding_duty: bool = Field(description="True for a plain statement of a safeguarding duty.")
    source: ExportChecklistSource
    blank: str | None = Field(description="The label of a blank to fill in, or null.")
    url: str = Field(description="The item's address: its checklist page and anchor.")


class ExportChecklistSection(_Out):
    """A pause point in a checklist."""

    id: str
    title: str
    items: list[ExportChecklistItem]


class ExportChecklist(_Out):
    """A printable checklist."""

    id: str
    order: int
    title: str
    purpose: str
    who: str = Field(description="Who uses it.")
    when: str = Field(description="When it is used.")
    audiences: list[Audience]
    stages: list[Stage]
    sections: list[ExportChecklistSection]
    site_notes: list[SiteNote] = Field(description="What this site adds beyond the briefing, each with its own source.")
    url: str = Url
    last_reviewed: str = Field(description="YYYY-MM-DD.")


class ExportStudy(_Out):
    """The briefing: what it is, and its findings, method, limitations and conclusions."""

    title: str = Field(description="The briefing's title.")
    publisher: str = Field(description="The institution the briefing comes from.")
    project: str
    summary: str = Field(description="In Markdown.")
    key_findings: list[Finding]
    method: Method = Field(description="How the study was done, with its numbers of respondents and organisations.")
    limitations: list[Finding]
    conclusions: list[Finding]
    training_modules: TrainingModules
    url: str = Url


class ExportSite(_Out):
    """The site the data comes from."""

    name: str
    url: str | None = Field(description="The site's address when it was built with one, else null.")
    licence: str = Field(description="The licence of the site's own text, and whose words the quotes remain.")


class GuidanceExport(_Out):
    """All guidance and checklists of Peer Support Guidance, as one document."""

    format_version: Literal["1.1.0"] = Field(description="The version of this format (semantic versioning).")
    content_version: str = Field(description="The version of the guidance content (see the changelog).")
    site: ExportSite
    audiences: dict[str, str] = Field(description="Audience id → label.")
    stages: dict[str, str] = Field(description="Stage id → label.")
    labels: dict[str, str] = Field(description="Strength label id → what readers see, strongest first.")
    themes: list[ExportTheme]
    challenges: list[ExportChallenge] = Field(description="Every challenge, in the briefing's order.")
    strategies: list[ExportStrategy] = Field(description="Every strategy, in the briefing's order.")
    checklists: list[ExportChecklist]
    study: ExportStudy
    glossary: list[GlossaryTerm] = Field(description="The terms the briefing defines.")
    works: list[Work] = Field(description="The works the briefing cites, by author and year only.")
    organisations: list[Organisation] = Field(description="The organisations and initiatives, by letter.")
    respondents: list[Respondent] = Field(description="The respondents the briefing quotes, by number.")


LICENCE = (
    "This site's own text is CC BY 4.0. Quotes, findings and definitions remain the work of the "
    "briefing's authors and are not covered by that licence."
)

# -------------------------------------------------------------------------------------
# Building the data
# -------------------------------------------------------------------------------------


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


def guidance_data(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> GuidanceExport:
    """Return all guidance and checklists in the export format.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` (MkDocs' default) or `.html`.
        site_url: The site's address, when known.

    Returns:
        The document; `model_dump(mode="json")` gives plain data.
    """
    from psg.schema import AUDIENCES, STAGES

    def url(uri: str, anchor: str | None = None) -> str:
        return page_url(uri, directory_urls) + (f"#{anchor}" if anchor else "")

    works = {w.id: w for w in guidance.works.works}

    def with_basis(action: Action, uri: str) -> ExportAction:
        return ExportAction(text=action.text, label=guidance.label(action).id, basis=[basis(b, uri) for b in action.basis], safeguarding_duty=action.safeguarding_duty)

    def basis(entry: Basis, uri: str) -> ExportBasis:
        return _export_basis(guidance, entry, uri)

    def quote(q: Quote, uri: str) -> ExportQuote:
        a = q.attribution
        attribution = ExportAttribution(
            respondent=a.respondent,
            peer_supporter=a.peer_supporter,
            organisation=a.organisation,
            organisation_type=a.organisation_type,
            text=attribution_text(a),
        )
        return ExportQuote(id=q.id, text=q.text, attribution=attribution, content_note=q.content_note, url=url(uri, q.id))

    def literature(q: LiteratureQuote) -> ExportLiteratureQuote:
        return ExportLiteratureQuote(id=q.id, text=q.text, cites=q.cites, cited_as=works[q.cites].cited_as, page=q.page)

    def common(item: Item) -> dict[str, Any]:
        uri = page_uri(item)
        return dict(
            id=item.id,
            title=item.title,
            theme=item.theme,
            order=item.order,
            summary=item.summary,
            description=item.description,
            actions=[a.text for a in item.actions],
            actions_with_basis=[with_basis(a, uri) for a in item.actions],
            audiences=list(item.audiences),
            stages=list(item.stages),
            tags=list(item.tags),
            keywords=list(item.keywords),
            source=ExportSource(section=item.source.section, lines=item.source.lines),
            quotes=[quote(q, uri) for q in item.evidence],
            literature=[literature(q) for q in item.literature],
            perspectives=list(item.perspectives),
            site_notes=list(item.site_notes),
            checklist_items=[use.item.id for use in guidance.checklist_uses(item.id)],
            url=url(uri),
            last_reviewed=item.last_reviewed,
        )

    challenges = [
        ExportChallenge(
            **common(c),
            strategies=[s.id for s in guidance.strategies_for(c.id)],
            no_strategy=ExportNoStrategy(note=c.no_strategy.note, see=list(c.no_strategy.see)) if c.no_strategy else None,
        )
        for c in guidance.challenges
    ]
    strategies = [
        ExportStrategy(
            **common(s),
            context=s.context,
            addresses=list(s.addresses),
            related=list(s.related),
            subpoints=[
                ExportSubPoint(
                    id=sub.id,
                    title=sub.title,
                    summary=sub.summary,
                    description=sub.description,
                    actions=[a.text for a in sub.actions],
                    actions_with_basis=[with_basis(a, page_uri(s)) for a in sub.actions],
                    quotes=[quote(q, page_uri(s)) for q in sub.evidence],
                    perspectives=list(sub.perspectives),
                    url=url(page_uri(s), sub.id),
                )
                for sub in s.subpoints
            ],
        )
        for s in guidance.strategies
    ]
    themes = []
    for theme in guidance.themes:
        items = guidance.items_in_theme(theme.id)
        themes.append(
            ExportTheme(
                id=theme.id,
                order=theme.order,
                title=theme.title,
                summary=theme.summary,
                description=theme.description,
                challenges=[i.id for i in items if not isinstance(i, Strategy)],
                strategies=[i.id for i in items if isinstance(i, Strategy)],
                source=ExportSource(section=theme.source.section, lines=theme.source.lines),
                url=url(uri_for("theme", theme.id)),
                last_reviewed=theme.last_reviewed,
            )
        )
    checklists = []
    for checklist in guidance.checklists:
        uri = uri_for("checklist", checklist.id)
        sections = [
            ExportChecklistSection(
                id=section.id,
                title=section.title,
                items=[
                    ExportChecklistItem(
                        id=entry.id,
                        text=entry.text,
                        label=guidance.label(entry).id,
                        basis=[basis(b, uri) for b in entry.basis],
                        safeguarding_duty=entry.safeguarding_duty,
                        source=ExportChecklistSource(**entry.from_.model_dump()),
                        blank=entry.blank,
                        url=url(uri, entry.id),
                    )
                    for entry in section.items
                ],
            )
            for section in checklist.sections
        ]
        checklists.append(
            ExportChecklist(
                id=checklist.id,
                order=checklist.order,
                title=checklist.title,
                purpose=checklist.purpose,
                who=checklist.who,
                when=checklist.when,
                audiences=list(checklist.audiences),
                stages=list(checklist.stages),
                sections=sections,
                site_notes=list(checklist.site_notes),
                url=url(uri),
                last_reviewed=checklist.last_reviewed,
            )
        )
    study = guidance.study
    return GuidanceExport(
        format_version=FORMAT_VERSION,
        content_version=CONTENT_VERSION,
        site=ExportSite(name="Peer Support Guidance", url=site_url or None, licence=LICENCE),
        audiences=dict(AUDIENCES),
        stages=dict(STAGES),
        labels={label.id: label.text for label in LABELS.values()},
        themes=themes,
        challenges=challenges,
        strategies=strategies,
        checklists=checklists,
        study=ExportStudy(
            title=study.title,
            publisher=study.publisher,
            project=study.project,
            summary=study.summary,
            key_findings=list(study.key_findings),
            method=study.method,
            limitations=list(study.limitations),
            conclusions=list(study.conclusions),
            training_modules=study.training_modules,
            url=url("study/index.md"),
        ),
        glossary=list(guidance.glossary.terms),
        works=list(guidance.works.works),
        organisations=list(guidance.respondents.organisations),
        respondents=list(guidance.respondents.respondents),
    )


def guidance_json(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> str:
    """Return `data/guidance.json`: [`guidance_data`][psg.export.guidance_data] as JSON text.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.
        site_url: The site's address, when known.

    Returns:
        UTF-8 JSON, indented, with a final newline.
    """
    data = guidance_data(guidance, directory_urls=directory_urls, site_url=site_url)
    return json.dumps(data.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False) + "\n"


def guidance_schema() -> dict[str, Any]:
    """Return the JSON Schema of `data/guidance.json`, published as `data/guidance.schema.json`.

    Returns:
        A JSON Schema (draft 2020-12). Every field is always present; absent values are null.
    """
    schema = GuidanceExport.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Peer Support Guidance data", **{k: v for k, v in schema.items() if k != "title"}}


def checklists_csv(guidance: Guidance, *, directory_urls: bool = True) -> str:
    """Return `data/checklists.csv`: one row per checklist item, with a header row.

    The columns are `CSV_COLUMNS`: the checklist and section the item sits in, its id and
    text, where it comes from (a strategy and sub-point, a challenge, or a part of the
    study), the label of its blank, its address on the site, and (since format 1.1.0,
    added at the end so that older readers still work) its strength label and its basis in words.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.

    Returns:
        CSV text (RFC 4180: comma-separated, CRLF line ends, UTF-8 without a byte-order mark).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for checklist in guidance.checklists:
        uri = uri_for("checklist", checklist.id)
        for section in checklist.sections:
            for entry in section.items:
                src = entry.from_
                writer.writerow(
                    [
                        checklist.id,
                        checklist.title,
                        section.id,
                        section.title,
                        entry.id,
                        entry.text,
                        src.strategy or "",
                        src.subpoint or "",
                        src.challenge or "",
                        src.study or "",
                        src.part or "",
                        entry.blank or "",
                        f"{page_url(uri, directory_urls)}#{entry.id}",
                        guidance.label(entry).id,
                        "; ".join(_export_basis(guidance, b, uri).text for b in entry.basis),
                    ]
                )
    return out.getvalue()


def _export_basis(guidance: Guidance, entry: Basis, uri: str) -> ExportBasis:
    said = describe_basis(guidance, entry, uri)
    count = entry.count
    return ExportBasis(
        kind=entry.kind,
        id=None if entry.kind == "passage" else getattr(entry, entry.kind),
        lines=list(entry.passage) if entry.passage else None,
        respondents=list(entry.respondents),
        organisations=list(entry.organisations),
        counted_respondents=count.respondents if count else None,
        counted_organisations=count.organisations if count else None,
        text=f"{said.text}: {said.detail}" if said.detail else said.text,
    )


def data_files(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> dict[str, str]:
    """Return every file of `DATA_FILES` with its text.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.
        site_url: The site's address, when known.

    Returns:
        Path in the site → text.
    """
    return {
        "data/guidance.json": guidance_json(guidance, directory_urls=directory_urls, site_url=site_url),
        "data/guidance.schema.json": json.dumps(guidance_schema(), indent=2, ensure_ascii=False) + "\n",
        "data/checklists.csv": checklists_csv(guidance, directory_urls=directory_urls),
    }

# -------------------------------------------------------------------------------------
# The portable Markdown export
# -------------------------------------------------------------------------------------

#: Plugins kept in the exported configuration: those of the theme itself. The others
#: (tags, mkdocstrings, …) need Python code the export leaves behind.
PORTABLE_PLUGINS = ("search", "offline")

#: The file that marks a folder as written by `export_markdown`, so it may be replaced.
EXPORT_MARK = ".psg-export"

_TAGS_MARKER = re.compile(r"^<!--\s*material/tags\s*-->\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def export_markdown(guidance: Guidance, root: Path, out: Path) -> int:
    """Write the site as plain Markdown with a configuration that needs no hooks.

    The export holds `docs/` (the hand-written pages with their markers filled, every
    generated page, the data files) and `mkdocs.yml` (the project's configuration with
    the navigation written out, and without hooks or plugins beyond the theme's own).
    Zensical, or MkDocs with Material for MkDocs alone, builds it as it is.

    Args:
        guidance: The knowledge base.
        root: The project root (holding `mkdocs.yml` and `docs/`).
        out: The folder to write. It must be empty, missing, or an earlier export.

    Returns:
        The number of files written.

    Raises:
        ValueError: If `out` holds anything but an earlier export.
    """
    from psg.markers import fill_markers, glossary_abbreviations
    from psg.reference import replace_api_blocks

    if out.exists() and any(out.iterdir()) and not (out / EXPORT_MARK).is_file():
        raise ValueError(f"{out} is not empty and is not an earlier export; choose an empty or new folder")
    if (out / "docs").exists():
        shutil.rmtree(out / "docs")
    out.mkdir(parents=True, exist_ok=True)

    config = _load_config(root / "mkdocs.yml")
    docs = root / config.get("docs_dir", "docs")
    pages = build_pages(guidance)
    glossary = glossary_abbreviations(guidance)
    written = 0

    def write(rel: str, text: str) -> None:
        nonlocal written
        path = out / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written += 1

    def finish(uri: str, markdown: str) -> str:
        markdown = fill_markers(markdown, guidance, uri)
        markdown = _TAGS_MARKER.sub(lambda _: _tags_index(guidance, uri), markdown)
        markdown = replace_api_blocks(markdown, ", which this export leaves out: read them in the repository")
        front = _FRONT_MATTER.match(markdown)
        meta = _yaml_load(front.group(1)) if front else {}
        if not isinstance(meta, dict) or meta.get("glossary", True):
            markdown += glossary
        return markdown

    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_dir():
            (out / "docs" / rel).mkdir(parents=True, exist_ok=True)
            continue
        if path.suffix == ".md":
            write(rel, finish(rel, path.read_text(encoding="utf-8")))
        else:
            target = out / "docs" / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written += 1
    for page in pages:
        write(page.uri, finish(page.uri, page.markdown))
    for rel, text in data_files(guidance, directory_urls=bool(config.get("use_directory_urls", True))).items():
        write(rel, text)
    for rel, content in _checklist_pdfs(guidance).items():
        (out / "docs" / rel).write_bytes(content)
        written += 1

    config = _portable_config(config, nav_sections(guidance, pages))
    header = (
        "# Written by `python -m psg export` from Peer Support Guidance, content version "
        f"{CONTENT_VERSION}.\n# Plain Markdown and this file are all a generator needs: no hooks, no psg package.\n"
    )
    (out / "mkdocs.yml").write_text(header + _yaml_dump(config), encoding="utf-8")
    (out / EXPORT_MARK).write_text("This folder was written by `python -m psg export`; it is replaced by the next export.\n", encoding="utf-8")
    return written + 1


def _checklist_pdfs(guidance: Guidance) -> dict[str, bytes]:
    """Make each checklist's PDF, as the PDF hook does; placeholders when `PSG_SKIP_PDF` is set."""
    import os

    from psg.pages import pdf_uri
    from psg.pdf import checklist_pdf, placeholder_pdf

    skip = os.environ.get("PSG_SKIP_PDF", "").strip() not in ("", "0")
    pdfs = {}
    for checklist in guidance.checklists:
        if skip:
            content = placeholder_pdf(checklist.title, "This is a placeholder: PSG_SKIP_PDF was set when the site was exported.")
        else:
            content = checklist_pdf(guidance, checklist)
        pdfs[pdf_uri(checklist.id)] = content
    return pdfs


def _portable_config(config: dict[str, Any], sections: dict[str, list[Any]]) -> dict[str, Any]:
    """Drop what needs this project's Python code, and write out the generated navigation."""
    config = dict(config)
    for key in ("hooks", "watch"):
        config.pop(key, None)
    plugins = []
    for entry in config.get("plugins") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name in PORTABLE_PLUGINS:
            plugins.append(entry)
    config["plugins"] = plugins
    if "nav" in config:
        config["nav"] = expand_nav(config["nav"], sections)
    return config



def _tags_index(guidance: Guidance, uri: str) -> str:
    """Write out the tags index the tags plugin would make: each tag, then its pages."""
    from psg.pages import strategy_title
    from psg.render import link, md_escape

    by_tag: dict[str, list[Item]] = {}
    for item in (*guidance.challenges, *guidance.strategies):
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(item)
    lines = []
    for tag in sorted(by_tag, key=str.casefold):
        slug = re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-")
        lines += [f"## {md_escape(tag)} {{ #tag:{slug} }}", ""]
        lines += [f"- [{md_escape(strategy_title(i))}]({link(uri, page_uri(i))})" for i in by_tag[tag]]
        lines.append("")
    return "\n".join(lines)


# --- the configuration file, read and written without MkDocs -------------------------


class _Tagged:
    """A YAML value with a tag this module does not interpret, kept to be written back."""

    def __init__(self, tag: str, value: str) -> None:
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml`: resolves `!ENV`, keeps other tags (such as `!!python/name:`) as they are."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    import os

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1], values[-1]
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else "")


_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_ConfigLoader.add_multi_constructor("!", _keep)


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigDumper.add_representer(_Tagged, lambda dumper, value: dumper.represent_scalar(value.tag, value.value))


def _load_config(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping of settings")
    return data


def _yaml_load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return {}


def _yaml_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=100)
