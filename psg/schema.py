"""The content format: one pydantic model per kind of YAML file.

These models are the single definition of the format. The JSON Schemas in `schemas/`
(used by editors) and the field reference on the site are generated from them, so the
three cannot drift apart. Every model forbids unknown fields and is strict about types:
a number where text is expected is an error, never silently converted.
"""

from __future__ import annotations

import typing

import datetime as _dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "AUDIENCES",
    "NATIONS",
    "ID_PATTERN",
    "WORD_PATTERN",
    "BASIS_KINDS",
    "BasisKind",
    "SITE_DEFINITION_SOURCE",
    "STAGES",
    "Action",
    "Attribution",
    "Basis",
    "Challenge",
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistSource",
    "Glossary",
    "GlossaryTerm",
    "LiteratureQuote",
    "PEER_SUPPORTER_SECTIONS",
    "PeerSupporterPoint",
    "PeerSupporterSection",
    "PeerSupporters",
    "Perspective",
    "PerspectivePosition",
    "Quote",
    "PassageCount",
    "Respondents",
    "SignpostCheck",
    "SignpostService",
    "Signposting",
    "SiteNote",
    "Source",
    "SpellingVariants",
    "Strategy",
    "Study",
    "StudyPart",
    "Style",
    "SubPoint",
    "Theme",
    "Work",
    "WorksCited",
]

#: Who a page is for: id → label.
AUDIENCES: dict[str, str] = {
    "programme-manager": "Programme managers",
    "safeguarding-lead": "Safeguarding leads",
    "hr-recruitment": "HR and recruitment staff",
    "trainer-supervisor": "Trainers and supervisors",
    "peer-supporter": "Peer supporters",
}

#: The stage of an initiative a page speaks to: id → label.
STAGES: dict[str, str] = {
    "planning": "Planning",
    "recruitment": "Recruitment",
    "induction-training": "Induction and training",
    "in-role": "In the role",
}


def _real_date(value: str) -> str:
    _dt.date.fromisoformat(value)
    return value


#: The pattern of every id: lowercase letters, digits and single hyphens, starting with a letter.
ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, max_length=80),
    Field(description="An identifier: lowercase letters, digits and single hyphens, starting with a letter."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), Field(description="Plain text.")]
Prose = Annotated[
    str,
    StringConstraints(min_length=1, strip_whitespace=True),
    Field(description="Text in Markdown (paragraphs, lists, links). Raw HTML is not allowed."),
]
DateText = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_real_date),
    Field(description="A date written YYYY-MM-DD."),
]
Audience = Literal["programme-manager", "safeguarding-lead", "hr-recruitment", "trainer-supervisor", "peer-supporter"]
Stage = Literal["planning", "recruitment", "induction-training", "in-role"]
#: The parts of the study a checklist item can come from.
StudyPart = Literal["training-modules", "conclusions", "key-findings"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# -------------------------------------------------------------------------------------
# Quotes
# -------------------------------------------------------------------------------------


class Attribution(_Model):
    """Who said a quote, exactly as the briefing attributes it.

    Rendered as "Respondent 10, Organisation F" or
    "Peer supporter respondent 19, Organisation K".
    """

    respondent: int = Field(ge=1, le=25, description="The respondent's number in the briefing.")
    peer_supporter: bool = Field(description="True when the briefing says 'Peer supporter respondent'.")
    organisation: str = Field(pattern=r"^[A-Z]$", description="The organisation's letter.")
    organisation_type: Literal["organisation", "initiative"] = Field(
        description="Whether the briefing calls it an Organisation or an Initiative."
    )


class Quote(_Model):
    """A respondent's words, quoted verbatim from the briefing."""

    id: Id = Field(description="A unique id, used as the quote's anchor: q-r10-… or q-p19-….")
    text: Text = Field(
        description=(
            "The whole block quote, word for word, without its outer quotation marks. "
            "A shortened quote marks each cut with […]."
        )
    )
    attribution: Attribution
    content_note: Text | None = Field(
        default=None, description="A brief, calm note; when set, the quote is shown behind a disclosure."
    )


class LiteratureQuote(_Model):
    """Words the briefing quotes from another study, labelled as literature."""

    id: Id = Field(description="A unique id, used as the quote's anchor: lq-….")
    text: Text = Field(description="The quoted words, verbatim, without outer quotation marks.")
    cites: Id = Field(description="The id of the work in works-cited.yml.")
    page: Text | None = Field(default=None, description="The page as the briefing gives it, for example p.9.")


class PerspectivePosition(_Model):
    """One position in a disagreement between respondents."""

    id: Id
    label: Text = Field(description="The position in a few words.")
    summary: Prose = Field(description="What respondents holding this view said, in plain words.")
    quotes: list[Id] = Field(default=[], description="Ids of quotes, in this file, that voice this position.")


class Perspective(_Model):
    """A question on which respondents disagreed; its positions are shown side by side."""

    id: Id
    question: Text = Field(description="The question, asked neutrally.")
    summary: Prose = Field(description="One sentence saying that respondents differed.")
    positions: list[PerspectivePosition] = Field(min_length=2)


class Source(_Model):
    """Where in the briefing an item comes from."""

    section: Text = Field(description="The briefing's section path, for example 'Recruitment › Challenge: …'.")
    lines: list[int] | None = Field(
        default=None, min_length=2, max_length=2, description="First and last line in the briefing's text file."
    )


# -------------------------------------------------------------------------------------
# What supports an action: its basis, and the site's own notes
# -------------------------------------------------------------------------------------

#: The kinds of basis entry; each entry has exactly one of these keys.
#: The kinds of basis entry, as a type.
BasisKind = Literal["quote", "perspective", "finding", "conclusion", "work", "module", "passage"]
#: The kinds of basis entry, in the order they are documented.
BASIS_KINDS: tuple[BasisKind, ...] = typing.get_args(BasisKind)

#: The `source` of a glossary term whose definition is the site's own, not the briefing's.
SITE_DEFINITION_SOURCE = "This site's own plain definition"

Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$"), Field(description="An organisation's letter.")]


class PassageCount(_Model):
    """The briefing's own count, for a passage that names no one ("Three respondents …")."""

    respondents: int | None = Field(default=None, ge=1, description="How many respondents the passage speaks of.")
    organisations: int | None = Field(default=None, ge=1, description="How many organisations the passage speaks of.")

    @model_validator(mode="after")
    def _one_count(self) -> PassageCount:
        if (self.respondents is None) == (self.organisations is None):
            raise PydanticCustomError("count_kind", "exactly one of `respondents` or `organisations`")
        return self


class Basis(_Model):
    """One thing that supports an action: a quote, a perspective, a finding, a conclusion, a
    cited work, a training module, or a passage of the briefing. Exactly one of these keys.
    """

    quote: Id | None = Field(default=None, description="The id of a respondent quote (`q-…`), anywhere in the content.")
    perspective: Id | None = Field(default=None, description="The id of a perspective (a point where respondents disagreed), anywhere in the content.")
    finding: Id | None = Field(default=None, description="The id of a key finding in `guidance/study/study.yml` (`kf-…`).")
    conclusion: Id | None = Field(default=None, description="The id of a conclusion in `guidance/study/study.yml` (`con-…`).")
    work: Id | None = Field(default=None, description="The id of a work in `guidance/study/works-cited.yml`: published research.")
    module: Id | None = Field(default=None, description="The id of a training module in `guidance/study/study.yml`; counts as published research.")
    passage: list[int] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="The first and last line of a short passage of the briefing's text file that is not a quote.",
    )
    respondents: list[int] = Field(default=[], description="With `passage`: the numbers of the respondents it names.")
    organisations: list[Letter] = Field(default=[], description="With `passage`: the letters of the organisations it names.")
    count: PassageCount | None = Field(default=None, description="With `passage`: the briefing's own count, when it names no one.")

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        json_schema_extra={
            "oneOf": [{"required": [kind]} for kind in BASIS_KINDS],
            "dependentRequired": {key: ["passage"] for key in ("respondents", "organisations", "count")},
        },
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Basis:
        given = [kind for kind in BASIS_KINDS if getattr(self, kind) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "basis_kind",
                "exactly one of quote, perspective, finding, conclusion, work, module or passage (found {found})",
                {"found": ", ".join(given) or "none"},
            )
        if self.passage is None and (self.respondents or self.organisations or self.count):
            raise PydanticCustomError("basis_passage_only", "respondents, organisations and count only with `passage`")
        return self

    @property
    def kind(self) -> BasisKind:
        """The entry's kind: one of `BASIS_KINDS`."""
        return next(kind for kind in BASIS_KINDS if getattr(self, kind) is not None)


class Action(_Model):
    """One thing a reader can do, with what supports it. Its strength label is computed from
    its basis, never written here.
    """

    text: Text = Field(description="The action, in plain words.")
    basis: list[Basis] = Field(default=[], description="What supports the action: at least one entry.")
    safeguarding_duty: bool = Field(
        default=False,
        description="True only for a plain statement of a safeguarding duty, which may be unconditional whatever its label.",
    )

    @model_validator(mode="before")
    @classmethod
    def _not_plain_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise PydanticCustomError("action_text", "a mapping with `text:` and `basis:` (an action is no longer plain text)")
        return value


class SiteNote(_Model):
    """Something this site adds that the briefing does not cover, kept apart from the briefing's content."""

    id: Id
    text: Prose = Field(description="The note, in plain words. Start by saying what the briefing does not cover.")
    source: Text = Field(description="The statute or official guidance it rests on, by name only (no invented details).")


# -------------------------------------------------------------------------------------
# Themes, challenges and strategies
# -------------------------------------------------------------------------------------


class Theme(_Model):
    """One of the briefing's four themes. File: `guidance/themes/<id>.yml`."""

    id: Id
    order: int = Field(ge=1, description="The theme's position in the briefing.")
    title: Text = Field(description="The theme's heading, exactly as the briefing words it.")
    summary: Text = Field(description="One or two plain sentences.")
    description: Prose
    source: Source
    last_reviewed: DateText


class _Item(_Model):
    id: Id = Field(description="The item's id; it is also its web address, so never change it.")
    theme: Id = Field(description="The id of the theme it belongs to.")
    order: int = Field(ge=1, description="Its position within the theme, in the briefing's reading order.")
    title: Text = Field(description="The heading, exactly as the briefing words it.")
    summary: Text = Field(description="One or two sentences a reader can act on, in plain words.")
    description: Prose = Field(description="What the briefing found, in plain words.")
    actions: list[Action] = Field(min_length=1, description="Concrete actions, each with what supports it.")
    audiences: list[Audience] = Field(min_length=1, description="Who it is for.")
    stages: list[Stage] = Field(min_length=1, description="The stages of an initiative it speaks to.")
    tags: list[Text] = Field(default=[], description="Topic tags, shared across pages.")
    keywords: list[Text] = Field(
        description="Everyday words people may search with; search finds the page by them, but they are never shown."
    )
    source: Source
    evidence: list[Quote] = Field(default=[], description="Respondent quotes printed under this heading.")
    literature: list[LiteratureQuote] = Field(default=[], description="Quotes from other studies cited here.")
    perspectives: list[Perspective] = Field(default=[], description="Where respondents disagreed.")
    site_notes: list[SiteNote] = Field(default=[], description="What this site adds beyond the briefing, shown apart from it.")
    last_reviewed: DateText = Field(description="When the item was last checked against the briefing.")


class NoStrategy(_Model):
    """Marks a challenge for which the briefing names no strategy heading."""

    note: Prose = Field(description="Says so, and what the briefing discusses alongside it.")
    see: list[Id] = Field(min_length=1, description="Ids of the strategies the briefing discusses alongside it.")


class Challenge(_Item):
    """A challenge the briefing names. File: `guidance/challenges/<id>.yml`."""

    no_strategy: NoStrategy | None = Field(default=None, description="Only for challenges with no strategy heading.")


class SubPoint(_Model):
    """A named part of a strategy, such as one of the four forms of support."""

    id: Id = Field(description="Unique within its strategy; used as the anchor.")
    title: Text = Field(description="The sub-heading, exactly as the briefing words it.")
    summary: Text
    description: Prose
    actions: list[Action] = Field(default=[])
    evidence: list[Quote] = Field(default=[])
    perspectives: list[Perspective] = Field(default=[])


class Strategy(_Item):
    """A strategy respondents used. File: `guidance/strategies/<id>.yml`."""

    context: Text | None = Field(
        default=None, description="A label telling apart strategies that share a heading, such as 'readiness'."
    )
    addresses: list[Id] = Field(min_length=1, description="Ids of the challenges it addresses.")
    related: list[Id] = Field(default=[], description="Ids of other strategies the briefing connects to it.")
    subpoints: list[SubPoint] = Field(default=[])
    checklist_reason: Prose | None = Field(default=None, description="Why no checklist item comes from it, if none does.")


# -------------------------------------------------------------------------------------
# The study
# -------------------------------------------------------------------------------------


class Respondent(_Model):
    """A respondent the briefing quotes."""

    number: int = Field(ge=1, le=25)
    peer_supporter: bool
    organisation: str = Field(pattern=r"^[A-Z]$")


class Organisation(_Model):
    """An organisation or initiative, known only by its letter."""

    letter: str = Field(pattern=r"^[A-Z]$")
    type: Literal["organisation", "initiative"]


class Respondents(_Model):
    """The organisations and the quoted respondents. File: `guidance/study/respondents.yml`."""

    organisations: list[Organisation] = Field(min_length=1)
    respondents: list[Respondent] = Field(min_length=1)


class Finding(_Model):
    """A key finding, limitation or conclusion, in plain words."""

    id: Id
    text: Prose
    links: list[Id] = Field(default=[], description="Ids of challenges or strategies it speaks to.")


class Method(_Model):
    """How the study was done."""

    summary: Prose
    respondents: int = Field(ge=1)
    organisations: int = Field(ge=1)
    peer_supporter_respondents: int = Field(ge=0)
    peer_supporter_organisations: int = Field(ge=0)
    other_respondents: int = Field(ge=0)
    other_organisations: int = Field(ge=0)
    quoted_respondents: int = Field(ge=0)
    regions: Text
    details: list[Prose] = Field(default=[])


class TrainingModule(_Model):
    """A training module from the list the briefing cites."""

    id: Id
    title: Text


class TrainingModules(_Model):
    """The training modules the briefing lists from another study."""

    cites: Id
    intro: Prose
    modules: list[TrainingModule] = Field(min_length=1)
    non_peer_staff: Prose


class Study(_Model):
    """The briefing itself. File: `guidance/study/study.yml`."""

    title: Text
    publisher: Text
    project: Text
    summary: Prose
    key_findings: list[Finding] = Field(min_length=1)
    method: Method
    limitations: list[Finding] = Field(min_length=1)
    conclusions: list[Finding] = Field(min_length=1)
    training_modules: TrainingModules
    source_notes: list[Prose] = Field(default=[])


class GlossaryTerm(_Model):
    """A term the briefing defines; its definition is shown wherever the term is used."""

    id: Id
    term: Text = Field(description="The term as it usually appears in text.")
    variants: list[Text] = Field(default=[], description="Other forms to recognise, such as plurals.")
    definition: Text = Field(description="One plain sentence; shown as a tooltip.")
    detail: Prose | None = None
    source: Text = Field(
        description=f"Where the briefing defines it, for example 'Footnote 7'; or '{SITE_DEFINITION_SOURCE}'."
    )
    site_definition: bool = Field(
        default=False, description="True when the briefing uses the term without explaining it and the definition is this site's own."
    )
    literature: list[LiteratureQuote] = Field(default=[])


class Glossary(_Model):
    """The glossary. File: `guidance/study/glossary.yml`."""

    terms: list[GlossaryTerm] = Field(min_length=1)


class Work(_Model):
    """A work the briefing cites, by author and year only."""

    id: Id
    cited_as: Text = Field(description="Exactly as the briefing cites it, for example 'Klee et al. (2019)'.")
    authors: Text
    year: int = Field(ge=1900, le=2100)
    cited_for: Text = Field(description="What the briefing uses it for.")


class WorksCited(_Model):
    """The works the briefing cites. File: `guidance/study/works-cited.yml`."""

    works: list[Work] = Field(min_length=1)


# -------------------------------------------------------------------------------------
# Checklists
# -------------------------------------------------------------------------------------


class ChecklistSource(_Model):
    """Where a checklist item comes from: a strategy (and sub-point), a challenge, or the study."""

    strategy: Id | None = None
    subpoint: Id | None = None
    challenge: Id | None = None
    study: StudyPart | None = None
    part: Id | None = Field(default=None, description="With `study`: the id of the module, conclusion or finding.")


class ChecklistItem(_Model):
    """One observable action."""

    id: Id = Field(description="Stable id: saved answers are keyed by it, so never reuse or renumber.")
    text: Text = Field(description="The action, verb first, at most about 20 words.")
    from_: ChecklistSource = Field(alias="from", description="Where in the briefing the item comes from.")
    basis: list[Basis] = Field(default=[], description="What supports the item: at least one entry.")
    safeguarding_duty: bool = Field(
        default=False,
        description="True only for a plain statement of a safeguarding duty, which may be unconditional whatever its label.",
    )
    blank: Text | None = Field(default=None, description="A label for a fill-in blank, e.g. 'Supervision frequency'.")

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class ChecklistSection(_Model):
    """A pause point: a group of 5–9 items."""

    id: Id
    title: Text
    items: list[ChecklistItem] = Field(min_length=1)


class Checklist(_Model):
    """A printable checklist. File: `checklists/<id>.yml`."""

    id: Id
    order: int = Field(ge=1)
    title: Text
    purpose: Text
    who: Text = Field(description="Who uses it.")
    when: Text = Field(description="When it is used.")
    audiences: list[Audience] = Field(min_length=1)
    stages: list[Stage] = Field(min_length=1)
    sections: list[ChecklistSection] = Field(min_length=1)
    site_notes: list[SiteNote] = Field(default=[], description="What this site adds beyond the briefing, shown apart from it.")
    last_reviewed: DateText


# -------------------------------------------------------------------------------------
# The page for peer supporters
# -------------------------------------------------------------------------------------

#: The id of a section of the peer supporters' page, as a type.
PeerSupporterSectionId = Literal[
    "sharing-your-story",
    "being-triggered",
    "supervision-and-looking-after-yourself",
    "limits-on-contact",
    "what-you-must-pass-on",
    "what-one-peer-supporter-can-change",
    "training",
]
#: The sections the peer supporters' page must have, each once, in this order.
PEER_SUPPORTER_SECTIONS: tuple[str, ...] = typing.get_args(PeerSupporterSectionId)


class PeerSupporterPoint(Action):
    """One point on the peer supporters' page, written to the reader ("you"), with what supports it.

    It is an action in all but name: the same basis, the same computed label and the same
    rule for tentative openings.
    """

    text: Text = Field(description="The point, written to the peer supporter in plain words (grade 7 or below).")

    @model_validator(mode="before")
    @classmethod
    def _not_plain_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise PydanticCustomError("point_text", "a mapping with `text:` and `basis:`, as for an action")
        return value


class PeerSupporterSection(_Model):
    """A part of the peer supporter's role, with its points and the pages that say more."""

    id: PeerSupporterSectionId = Field(description="Which part of the role; also the section's anchor on the page.")
    title: Text = Field(description="The section's heading, in plain words.")
    points: list[PeerSupporterPoint] = Field(min_length=1, description="What the briefing says about it, each with what supports it.")
    more: list[Id] = Field(default=[], description="Ids of challenges or strategies whose pages say more, linked with their summaries.")


class PeerSupporters(_Model):
    """The page written to peer supporters. File: `guidance/peer-supporters.yml`.

    Its sections are fixed: sharing-your-story, being-triggered,
    supervision-and-looking-after-yourself, limits-on-contact, what-you-must-pass-on,
    what-one-peer-supporter-can-change and training, each once, in that order.
    """

    title: Text = Field(description="The page's heading.")
    summary: Text = Field(description="One or two plain sentences to the reader: what this page is and what it is based on.")
    intro: Prose = Field(description="A short paragraph on where this comes from and how to use it.")
    sections: list[PeerSupporterSection] = Field(
        min_length=1, description="The page's sections, each once, in this order: " + ", ".join(PEER_SUPPORTER_SECTIONS) + "."
    )
    site_notes: list[SiteNote] = Field(default=[], description="What this site adds beyond the briefing, shown apart from it.")
    last_reviewed: DateText = Field(description="When the page was last checked against the briefing.")
# Search
# -------------------------------------------------------------------------------------

#: The pattern of a word in the spelling variants; validation names it in plain words.
WORD_PATTERN = r"^[a-z]{2,40}$"

Word = Annotated[
    str,
    StringConstraints(pattern=WORD_PATTERN),
    Field(description="One word in lowercase letters a to z, with no spaces, hyphens or apostrophes."),
]


class SpellingVariants(_Model):
    """Other spellings of the guidance's words, so that search finds them. File: `guidance/spelling-variants.yml`.

    The guidance is written in UK English. A search for a word on the left (a US
    spelling, say) searches for the word on the right instead, the spelling the guidance
    uses. A plural ending in "s" follows its singular: `behaviors` finds `behaviours`.
    """

    variants: dict[Word, Word] = Field(
        description="Each other spelling, and the spelling the guidance uses: `organization: organisation`.",
        json_schema_extra={"additionalProperties": False},  # so editors refuse a key that is not a word, too
    )


# -------------------------------------------------------------------------------------
# The source text
# -------------------------------------------------------------------------------------


class LineRange(_Model):
    """A run of lines of the briefing's text file, inclusive."""

    from_: int = Field(alias="from", ge=1)
    to: int = Field(ge=1)
    note: Text | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class DroppedLine(_Model):
    """A line of the extracted text that is not part of the briefing's prose."""

    line: int = Field(ge=1)
    note: Text


class ReadingOrder(_Model):
    """The briefing's reading order. File: `guidance/study/reading-order.yml`."""

    ranges: list[LineRange] = Field(min_length=1)
    dropped: list[DroppedLine] = Field(default=[])


# -------------------------------------------------------------------------------------
# The house style that validation checks
# -------------------------------------------------------------------------------------


class Style(_Model):
    """Wording rules that validation checks. File: `guidance/style.yml`."""

    tentative_openings: list[Text] = Field(
        min_length=1,
        description=(
            "How an action or checklist item labelled One organisation, One respondent or Respondents "
            "disagreed may begin (unless it states a safeguarding duty)."
        ),
    )


# -------------------------------------------------------------------------------------
# Signposting: the site's own list of national services
# -------------------------------------------------------------------------------------

#: The UK's nations, as a service's `nations` names them: id → name.
NATIONS: dict[str, str] = {
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern-ireland": "Northern Ireland",
}

Nation = Literal["england", "scotland", "wales", "northern-ireland"]
WebAddress = Annotated[
    str,
    StringConstraints(pattern=r"^https://[^\s<>\"'`]+$", max_length=300),
    Field(description="A full web address, starting https://."),
]
PageAddress = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s<>\"'`]+$", max_length=300),
    Field(description="The full address of a page as it was read, starting https:// or http://."),
]
PhoneNumber = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]+( [0-9]+)*$", max_length=20),
    Field(description="A UK phone number as the service writes it, digits and single spaces only, for example '0800 1111'."),
]


class SignpostCheck(_Model):
    """Where and when a service's details were checked against its own website."""

    page: PageAddress = Field(description="The address of the service's own page that was read.")
    on: DateText = Field(description="The day it was read. `make check` warns once it is more than 12 months old.")
    note: Text | None = Field(default=None, description="Anything a maintainer checking it again should know.")


class SignpostService(_Model):
    """A national service listed in the "If this raises concerns for you" box and on "Leaving this site quickly"."""

    id: Id = Field(description="A unique id, used to tell the services apart in tests and checks.")
    name: Text = Field(description="The service's name, as it writes it.")
    for_: Text = Field(alias="for", description="What it is for, in a plain sentence, as its own website describes it.")
    who: Text = Field(description="Who it is for, for example 'Children and young people under 19'.")
    nations: list[Nation] = Field(min_length=1, description="The UK nations it covers.")
    phone: PhoneNumber | None = Field(
        default=None, description="Only a number confirmed on the service's own website; leave it out otherwise."
    )
    hours: Text | None = Field(default=None, description="When the phone line is open, only if its own website says so.")
    web: WebAddress = Field(description="The service's own web address, shown to readers; it must start https://.")
    checked: SignpostCheck = Field(description="The page of the service's own website these details were read on, and when.")

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)


class Signposting(_Model):
    """National services readers can contact. File: `guidance/study/signposting.yml`.

    This is the site's own content, not the briefing's: it is always shown labelled as
    "This site's note". An organisation can add its own contacts, or list only its own,
    in `mkdocs.yml` (`extra.signposting`).
    """

    services: list[SignpostService] = Field(min_length=1, description="The services, in the order readers see them.")
