"""How much stands behind each action: strength labels, computed from the basis, and their checks.

Every "What you can do" action, every checklist item and every point of the peer
supporters' page names its basis: the quotes,
perspectives, findings, conclusions, cited works, training modules or passages of the
briefing that support it (see [`Basis`][psg.schema.Basis]). From the basis this module
computes one strength label per action, never typed by hand:

- `LABELS` holds each label's reader text and a one-line
  explanation, strongest first: the one place both are written;
- [`strength`][psg.evidence.strength] computes the label of one basis;
- [`check_evidence`][psg.evidence.check_evidence] is called once by
  [`psg.validate`][] and reports, with file, line, column and field, every action or
  item without a basis, every basis that does not resolve, and every action whose label
  calls for tentative wording that it does not have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from psg.content import ContentSet
from psg.loader import FieldPath
from psg.schema import (
    SITE_DEFINITION_SOURCE,
    Action,
    Basis,
    Challenge,
    Checklist,
    ChecklistItem,
    Glossary,
    PeerSupporterPoint,
    PeerSupporters,
    Quote,
    Respondents,
    Strategy,
    Study,
    Style,
    WorksCited,
)


__all__ = [
    "LABELS",
    "MAX_SAFEGUARDING_DUTIES",
    "TENTATIVE_LABELS",
    "Label",
    "Placed",
    "Resolver",
    "check_evidence",
    "placed_actions",
    "strength",
]


@dataclass(frozen=True)
class Label:
    """A strength label, as readers see it.

    Attributes:
        id: The label's id, as in the data exports, for example `one-respondent`.
        text: What readers see, for example "One respondent".
        explanation: One line saying what the label means, for "How to use this site".
    """

    id: str
    text: str
    explanation: str


#: Every label, strongest first. When a basis mixes kinds, the first that applies wins.
LABELS: dict[str, Label] = {
    label.id: label
    for label in (
        Label("published-research", "Published research", "The briefing cites a published study, or a training module from one, for this."),
        Label("researchers-conclusion", "The researchers' conclusion", "One of the key findings or conclusions the researchers drew from all their interviews."),
        Label("respondents-disagreed", "Respondents disagreed", "Respondents held different views on this; the page shows each view side by side."),
        Label("researchers-summary", "The researchers' summary", "The briefing's own summary of what respondents said, without naming anyone."),
        Label("several-organisations", "Several organisations", "Respondents from two or more organisations said or did this."),
        Label("several-respondents", "Several respondents", "Two or more respondents said or did this, not all from an organisation we can name."),
        Label("one-organisation", "One organisation", "One organisation's practice, from one or more of its staff. It may not suit yours."),
        Label("one-respondent", "One respondent", "One person's view or practice. Treat it as an idea to consider, not a rule."),
    )
}

#: Labels whose actions begin with a tentative opening from `guidance/style.yml`.
TENTATIVE_LABELS = ("one-organisation", "one-respondent", "respondents-disagreed")

#: At most this many actions, checklist items and peer supporters' points on the whole site
#: may be marked `safeguarding_duty`.
MAX_SAFEGUARDING_DUTIES = 6

#: Where the wording rules live.
STYLE_FILE = "guidance/style.yml"


# -------------------------------------------------------------------------------------
# Labels
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolver:
    """What a basis needs from the rest of the content to be labelled.

    Attributes:
        quotes: For each respondent quote id, the respondent's number and organisation letter.
        organisations: For each respondent the study lists, their organisation's letter.
    """

    quotes: Mapping[str, tuple[int, str]]
    organisations: Mapping[int, str]

    @classmethod
    def of(cls, quotes: Sequence[Quote], respondents: Respondents) -> Resolver:
        """Build a resolver from the content's respondent quotes and respondents file."""
        return cls(
            quotes={q.id: (q.attribution.respondent, q.attribution.organisation) for q in quotes},
            organisations={r.number: r.organisation for r in respondents.respondents},
        )


def strength(basis: Sequence[Basis], resolver: Resolver) -> Label:
    """Compute the label of an action from its basis.

    The first label in `LABELS` that applies wins, so a basis that mixes a cited work and a
    quote is "Published research".

    Args:
        basis: The action's basis entries (at least one, each resolved by validation).
        resolver: The respondents behind quotes, and each respondent's organisation.

    Returns:
        The label.
    """
    kinds = {entry.kind for entry in basis}
    if kinds & {"work", "module"}:
        return LABELS["published-research"]
    if kinds & {"finding", "conclusion"}:
        return LABELS["researchers-conclusion"]
    if "perspective" in kinds:
        return LABELS["respondents-disagreed"]
    passages = [entry for entry in basis if entry.passage is not None]
    if any(not (p.respondents or p.organisations or p.count) for p in passages):
        return LABELS["researchers-summary"]
    return LABELS[_people_label(basis, resolver)]


def _people_label(basis: Sequence[Basis], resolver: Resolver) -> str:
    """Label a basis of quotes and passages that name or count people."""
    people: set[int] = set()
    named_orgs: set[str] = set()
    for entry in basis:
        if entry.quote is not None:
            people.add(resolver.quotes[entry.quote][0])
        people.update(entry.respondents)
        named_orgs.update(entry.organisations)
    orgs = named_orgs | {resolver.organisations[n] for n in people if n in resolver.organisations}
    counted_people = [e.count.respondents for e in basis if e.count and e.count.respondents]
    counted_orgs = [e.count.organisations for e in basis if e.count and e.count.organisations]
    anonymous = sum(counted_people)
    if len(orgs) >= 2 or max(counted_orgs, default=0) >= 2:
        return "several-organisations"
    if max(counted_people, default=0) >= 2 or (anonymous and len(people) + anonymous >= 2):
        return "several-respondents"
    if counted_orgs or named_orgs or len(people) >= 2:
        return "one-organisation"
    return "one-respondent"


@dataclass(frozen=True)
class Placed:
    """An action or checklist item, with the content file and field path it is written at.

    Attributes:
        file: The content file, for example `guidance/strategies/triggering.yml`.
        path: Its field path in that file, for example `("subpoints", 0, "actions", 2)`.
        entry: The action or checklist item.
    """

    file: str
    path: tuple[str | int, ...]
    entry: Action | ChecklistItem


def placed_actions(files: Sequence[tuple[str, Any]]) -> Iterator[Placed]:
    """Yield every action of challenges and strategies, every checklist item and every point of
    the peer supporters' page, with its place.

    Args:
        files: (content file, model) pairs: challenges, strategies, checklists and the
            peer supporters' page.
    """
    for rel, model in files:
        if isinstance(model, Checklist):
            for s_index, section in enumerate(model.sections):
                for i_index, item in enumerate(section.items):
                    yield Placed(rel, ("sections", s_index, "items", i_index), item)
            continue
        if isinstance(model, PeerSupporters):
            for s_index, part in enumerate(model.sections):
                for p_index, point in enumerate(part.points):
                    yield Placed(rel, ("sections", s_index, "points", p_index), point)
            continue
        for index, action in enumerate(model.actions):
            yield Placed(rel, ("actions", index), action)
        for s_index, sub in enumerate(getattr(model, "subpoints", [])):
            for index, action in enumerate(sub.actions):
                yield Placed(rel, ("subpoints", s_index, "actions", index), action)


# -------------------------------------------------------------------------------------
# Validation
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Known:
    """Every id a basis entry may name, by kind."""

    quotes: dict[str, tuple[int, str]]
    literature: set[str]
    perspectives: dict[str, list[str]]  # id → the files it appears in
    findings: set[str]
    conclusions: set[str]
    works: set[str]
    modules: set[str]
    respondents: dict[int, str]
    organisations: set[str]
    source_lines: int | None


def check_evidence(content: ContentSet, source: Path | None) -> None:
    """Check the basis and wording of every action, checklist item and peer supporters' point, and the site's notes.

    Points of the peer supporters' page are checked exactly as actions are. Records each
    mistake on `content` with its file, line, column and field:

    - an action or item with no basis;
    - a basis entry that does not resolve: an unknown quote, perspective, finding,
      conclusion, work or module id; a passage whose lines are outside the briefing's text
      or run backwards; a passage naming a respondent or organisation the study does not list;
    - an action or item labelled One organisation, One respondent or Respondents disagreed
      that begins with none of the openings in `guidance/style.yml`, unless it states a
      safeguarding duty; and more than `MAX_SAFEGUARDING_DUTIES` safeguarding duties;
    - a site note id used twice, and a glossary term whose `site_definition` and `source`
      disagree.

    Args:
        content: The parsed content, every file valid against its schema.
        source: The briefing's text file; None (or a missing file) skips the check that
            passages lie within it.
    """
    known = _known(content, source)
    resolver = Resolver(known.quotes, known.respondents)
    style = content.models[STYLE_FILE]
    assert isinstance(style, Style)
    files = [*content.of(Challenge), *content.of(Strategy), *content.of(Checklist), *content.of(PeerSupporters)]
    duties = 0
    for placed in placed_actions(files):
        if not placed.entry.basis:
            what = _what(placed.entry)
            content.error(placed.file, (*placed.path, "basis"), f"{what} with no basis", "a `basis` list naming at least one quote, perspective, finding, conclusion, work, module or passage")
            continue
        resolved = [_check_entry(content, placed, index, entry, known) for index, entry in enumerate(placed.entry.basis)]
        if placed.entry.safeguarding_duty:
            duties += 1
            if duties > MAX_SAFEGUARDING_DUTIES:
                content.error(placed.file, (*placed.path, "safeguarding_duty"), f"safeguarding duty number {duties} on the site", f"at most {MAX_SAFEGUARDING_DUTIES}: keep `safeguarding_duty` for plain statements of a duty")
        if all(resolved):
            _check_opening(content, placed, strength(placed.entry.basis, resolver), style.tentative_openings)
    _check_site_notes(content, files)
    _check_glossary(content)


def _what(entry: Action | ChecklistItem) -> str:
    """Name an entry in an error message: "an action", "a checklist item" or "a point"."""
    if isinstance(entry, ChecklistItem):
        return "a checklist item"
    return "a point" if isinstance(entry, PeerSupporterPoint) else "an action"


def _known(content: ContentSet, source: Path | None) -> _Known:
    study = _single(content, "guidance/study/study.yml", Study)
    works = _single(content, "guidance/study/works-cited.yml", WorksCited)
    respondents = _single(content, "guidance/study/respondents.yml", Respondents)
    glossary = _single(content, "guidance/study/glossary.yml", Glossary)
    quotes: dict[str, tuple[int, str]] = {}
    literature: set[str] = {q.id for term in glossary.terms for q in term.literature}
    perspectives: dict[str, list[str]] = {}
    for rel, item in [*content.of(Challenge), *content.of(Strategy)]:
        literature.update(q.id for q in item.literature)
        for part in [item, *getattr(item, "subpoints", [])]:
            quotes.update({q.id: (q.attribution.respondent, q.attribution.organisation) for q in part.evidence})
            for perspective in part.perspectives:
                perspectives.setdefault(perspective.id, []).append(rel)
    lines = None
    if source is not None and source.is_file():
        lines = len(source.read_text(encoding="utf-8-sig").splitlines())
    return _Known(
        quotes=quotes,
        literature=literature,
        perspectives=perspectives,
        findings={k.id for k in study.key_findings},
        conclusions={c.id for c in study.conclusions},
        works={w.id for w in works.works},
        modules={m.id for m in study.training_modules.modules},
        respondents={r.number: r.organisation for r in respondents.respondents},
        organisations={o.letter for o in respondents.organisations},
        source_lines=lines,
    )


def _single(content: ContentSet, rel: str, kind: type) -> Any:
    model = content.models[rel]
    assert isinstance(model, kind)
    return model


#: For each kind of id: where such ids are defined, said in an error message.
_WHERE = {
    "finding": "a key finding in guidance/study/study.yml (kf-…)",
    "conclusion": "a conclusion in guidance/study/study.yml (con-…)",
    "work": "a work in guidance/study/works-cited.yml",
    "module": "a training module in guidance/study/study.yml",
}


def _check_entry(content: ContentSet, placed: Placed, index: int, entry: Basis, known: _Known) -> bool:
    """Check that one basis entry resolves; return whether it does."""
    where = (*placed.path, "basis", index)
    errors_before = len(content.errors)
    kind = entry.kind
    if kind == "quote":
        if entry.quote in known.literature:
            content.error(placed.file, (*where, "quote"), f"'{entry.quote}', a quote from the literature", "a respondent quote id; for published research, name the work with `work:`")
        elif entry.quote not in known.quotes:
            content.error(placed.file, (*where, "quote"), f"'{entry.quote}', which is not the id of any respondent quote", "the id of a respondent quote (q-…) anywhere in the content")
    elif kind == "perspective":
        holders = known.perspectives.get(str(entry.perspective), [])
        if not holders:
            content.error(placed.file, (*where, "perspective"), f"'{entry.perspective}', which is not the id of any perspective", "the id of a perspective anywhere in the content")
        elif len(holders) > 1:
            content.error(placed.file, (*where, "perspective"), f"'{entry.perspective}', the id of perspectives in {', '.join(holders)}", "a perspective id used once in all the content")
    elif kind == "passage":
        _check_passage(content, placed.file, where, entry, known)
    else:
        value = getattr(entry, kind)
        ids = {"finding": known.findings, "conclusion": known.conclusions, "work": known.works, "module": known.modules}[kind]
        if value not in ids:
            content.error(placed.file, (*where, kind), f"'{value}', which is not the id of any {kind}", f"the id of {_WHERE[kind]}")
    return len(content.errors) == errors_before


def _check_passage(content: ContentSet, rel: str, where: FieldPath, entry: Basis, known: _Known) -> None:
    first, last = entry.passage or (0, 0)
    if first < 1 or last < first:
        content.error(rel, (*where, "passage"), f"the lines [{first}, {last}]", "[first, last] line numbers, first at least 1 and no greater than last")
    elif known.source_lines is not None and last > known.source_lines:
        content.error(rel, (*where, "passage"), f"the lines [{first}, {last}]", f"lines within the briefing's text, which has {known.source_lines} lines")
    for r_index, number in enumerate(entry.respondents):
        if number not in known.respondents:
            listed = ", ".join(str(n) for n in sorted(known.respondents))
            content.error(rel, (*where, "respondents", r_index), f"respondent {number}, whom guidance/study/respondents.yml does not list", f"one of the respondents it lists ({listed})")
    for o_index, letter in enumerate(entry.organisations):
        if letter not in known.organisations:
            listed = ", ".join(sorted(known.organisations))
            content.error(rel, (*where, "organisations", o_index), f"organisation {letter}, which guidance/study/respondents.yml does not list", f"one of the organisations it lists ({listed})")
    if entry.count is not None and (entry.respondents or entry.organisations):
        content.error(rel, (*where, "count"), "a count beside the respondents or organisations the passage names", "`count` only for a passage that names no one")


def _check_opening(content: ContentSet, placed: Placed, label: Label, openings: Sequence[str]) -> None:
    entry = placed.entry
    if label.id not in TENTATIVE_LABELS or entry.safeguarding_duty or _opens_with(entry.text, openings):
        return
    start = " ".join(entry.text.split()[:4])
    content.error(
        placed.file,
        (*placed.path, "text"),
        f"wording labelled “{label.text}” that begins “{start} …”",
        f"an opening from {STYLE_FILE} (such as {', '.join(openings[:4])}), or `safeguarding_duty: true` for a plain statement of a safeguarding duty",
    )


def _opens_with(text: str, openings: Sequence[str]) -> bool:
    """Whether text begins with one of the openings, as whole words ("If" is not "Iffy")."""
    return any(re.match(re.escape(opening) + r"(?![A-Za-z0-9’'-])", text) for opening in openings)


def _check_site_notes(content: ContentSet, files: Sequence[tuple[str, Any]]) -> None:
    seen: dict[str, str] = {}
    for rel, model in files:
        for index, note in enumerate(model.site_notes):
            if note.id in seen:
                content.error(rel, ("site_notes", index, "id"), f"the site note id '{note.id}', already used in {seen[note.id]}", "site note ids unique across all content")
            seen.setdefault(note.id, rel)


def _check_glossary(content: ContentSet) -> None:
    rel = "guidance/study/glossary.yml"
    glossary = _single(content, rel, Glossary)
    for index, term in enumerate(glossary.terms):
        own = term.source == SITE_DEFINITION_SOURCE
        if term.site_definition and not own:
            content.error(rel, ("terms", index, "source"), f"the source '{term.source}' on the site's own definition", f"'{SITE_DEFINITION_SOURCE}'")
        elif own and not term.site_definition:
            content.error(rel, ("terms", index, "site_definition"), f"the source '{SITE_DEFINITION_SOURCE}' without `site_definition: true`", "`site_definition: true` on the site's own definitions")
