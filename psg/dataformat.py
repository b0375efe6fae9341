"""The data format of `data/guidance.json`: one pydantic model per kind of object.

These models are the single definition of the published JSON format. The JSON Schema
published beside the data ([`guidance_schema`][psg.data.guidance_schema]) and the
format's reference page come from them. [`psg.data`][] fills them from the model.

Bump `FORMAT_VERSION` (in `FormatVersion`) when the format changes: the major number
when a field is removed or changes meaning, the minor number when a field is added, and
keep the frozen schema of each published version under `tests/data/`.

This module depends only on [`psg.schema`][].
"""

from __future__ import annotations

import typing
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from psg.schema import (
    Audience,
    BasisKind,
    Finding,
    GlossaryTerm,
    Method,
    Organisation,
    Perspective,
    Respondent,
    SiteNote,
    Stage,
    StudyPart,
    TrainingModules,
    Work,
)

__all__ = [
    "FORMAT_VERSION",
    "ExportAction",
    "ExportAttribution",
    "ExportBasis",
    "ExportChallenge",
    "ExportChecklist",
    "ExportChecklistItem",
    "ExportChecklistSection",
    "ExportChecklistSource",
    "ExportLiteratureQuote",
    "ExportNoStrategy",
    "ExportQuote",
    "ExportSite",
    "ExportSource",
    "ExportStrategy",
    "ExportStudy",
    "ExportSubPoint",
    "ExportTheme",
    "FormatVersion",
    "GuidanceExport",
]

#: The version of the JSON export format, as a type: the one place it is written.
FormatVersion = Literal["1.1.0"]

#: The version of the JSON export format (semantic versioning).
FORMAT_VERSION: FormatVersion = typing.get_args(FormatVersion)[0]


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

    kind: BasisKind = Field(
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
    study: StudyPart | None = Field(description="A part of the study, or null.")
    part: str | None = Field(description="With `study`: the id of the module, conclusion or finding, or null.")


class ExportChecklistItem(_Out):
    """One observable action."""

    id: str = Field(description="A stable id, never reused; the item's anchor on its checklist page.")
    number: str = Field(
        description=(
            "Its number for people, section then item ('1.1', '2.3'), as its checklist page, PDF and action "
            "plan show it (since format 1.1.0). It changes when a checklist is reordered: keep track of items by `id`."
        )
    )
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

    format_version: FormatVersion = Field(description="The version of this format (semantic versioning).")
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
