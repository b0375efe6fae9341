"""Each action's evidence, ready for a page: its label, its anchors and its basis in words.

Templates show every action with its strength label and one "Evidence" link to an entry
further down the same page, which lists the action's basis in words, each linked:
"Respondent 21, a peer supporter, Organisation E" to the quote, "Klee et al. (2019)" to
the works cited, a passage as "The briefing's text on …" to the section that summarises
it. Readers never see ids or line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from psg.evidence import Label
from psg.model import Guidance, Item, checklist_numbers
from psg.render import link, uri_for
from psg.schema import Action, Basis, Checklist, ChecklistItem, Quote, Strategy, Theme

__all__ = ["ActionView", "EvidenceLink", "checklist_actions", "describe_basis", "item_actions", "peer_supporter_points"]

#: Words for the small counts the briefing gives ("three respondents").
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")

#: A finding or conclusion is named by its first words, at most this many.
_FINDING_WORDS = 12


@dataclass(frozen=True)
class EvidenceLink:
    """One entry of an action's basis, in words.

    Attributes:
        text: The link's text, plain (templates escape it).
        target: A relative link from the page, with its anchor.
        detail: Plain words after the link, such as whom a passage names; may be empty.
    """

    text: str
    target: str
    detail: str = ""


@dataclass(frozen=True)
class ActionView:
    """An action or checklist item as a page shows it.

    Attributes:
        text: The action's text.
        label: Its strength label.
        anchor: The id of the action itself on the page.
        evidence_anchor: The id of its entry in the page's evidence list.
        evidence: Its basis, in words, in the order written.
        number: A checklist item's number for people ("1.1"), shown before its text;
            empty for an action.
    """

    text: str
    label: Label
    anchor: str
    evidence_anchor: str
    evidence: tuple[EvidenceLink, ...]
    number: str = ""


def item_actions(guidance: Guidance, item: Item, uri: str) -> dict[str | None, list[ActionView]]:
    """Return the actions of a challenge or strategy page, numbered down the page.

    Args:
        guidance: The knowledge base.
        item: The challenge or strategy.
        uri: Its page's source path.

    Returns:
        The item's own actions under `None`, then each sub-point's under its id.
    """
    groups: list[tuple[str | None, Sequence[Action]]] = [(None, item.actions)]
    groups += [(sub.id, sub.actions) for sub in getattr(item, "subpoints", [])]
    out: dict[str | None, list[ActionView]] = {}
    number = 0
    for key, actions in groups:
        views = []
        for action in actions:
            number += 1
            anchor = f"action-{number}"
            views.append(_view(guidance, action, uri, anchor, f"{anchor}-evidence", item))
        out[key] = views
    return out


def checklist_actions(guidance: Guidance, checklist: Checklist, uri: str) -> dict[str, ActionView]:
    """Return every item of a checklist as its page shows it, keyed by the item's id.

    Each item carries its number for people ("1.1"); its id stays the anchor.

    Args:
        guidance: The knowledge base.
        checklist: The checklist.
        uri: Its page's source path.
    """
    numbers = checklist_numbers(checklist)
    return {
        entry.id: replace(_view(guidance, entry, uri, entry.id, f"{entry.id}-evidence", None), number=numbers[entry.id])
        for section in checklist.sections
        for entry in section.items
    }


def peer_supporter_points(guidance: Guidance, uri: str) -> dict[str, list[ActionView]]:
    """Return the points of the peer supporters' page, numbered down the page, by section.

    Args:
        guidance: The knowledge base.
        uri: The page's source path.

    Returns:
        Each section's points under the section's id, in page order; the anchors are
        `point-1`, `point-2`… and `point-1-evidence`….
    """
    out: dict[str, list[ActionView]] = {}
    number = 0
    for section in guidance.peer_supporters.sections:
        views = []
        for point in section.points:
            number += 1
            views.append(_view(guidance, point, uri, f"point-{number}", f"point-{number}-evidence", None))
        out[section.id] = views
    return out


def _view(guidance: Guidance, entry: Action | ChecklistItem, uri: str, anchor: str, evidence_anchor: str, home: Item | None) -> ActionView:
    evidence: list[EvidenceLink] = []
    times: dict[str, int] = {}
    for basis in entry.basis:
        said = describe_basis(guidance, basis, uri, home)
        times[said.text] = times.get(said.text, 0) + 1
        if basis.kind == "quote" and times[said.text] > 1:  # a second quote from one respondent
            said = EvidenceLink(f"{said.text} (quote {times[said.text]})", said.target, said.detail)
        evidence.append(said)
    return ActionView(entry.text, guidance.label(entry), anchor, evidence_anchor, tuple(evidence))


def describe_basis(guidance: Guidance, basis: Basis, uri: str, home: Item | None = None) -> EvidenceLink:
    """Say one basis entry in words, with a link to where a reader can see it.

    Args:
        guidance: The knowledge base.
        basis: One entry of an action's basis.
        uri: The source path of the page the link is on.
        home: The challenge or strategy whose page it is, if any.

    Returns:
        The words and the link.
    """
    kind = basis.kind
    if kind == "quote":
        place = guidance.quote_place(str(basis.quote))
        quote = place.quote
        assert isinstance(quote, Quote) and place.item is not None
        a = quote.attribution
        return EvidenceLink(_person(a.respondent, a.peer_supporter, a.organisation_type, a.organisation), link(uri, _page(place.item), quote.id))
    if kind == "perspective":
        item = guidance.perspective_place(str(basis.perspective))
        perspective = next(p for part in (item, *getattr(item, "subpoints", [])) for p in part.perspectives if p.id == basis.perspective)
        return EvidenceLink(f"Where respondents disagreed: {perspective.question}", link(uri, _page(item), perspective.id))
    if kind in ("finding", "conclusion"):
        entries = guidance.study.key_findings if kind == "finding" else guidance.study.conclusions
        finding = next(f for f in entries if f.id == getattr(basis, kind))
        page, name = ("study/key-findings.md", "Key finding") if kind == "finding" else ("study/conclusions.md", "Conclusions")
        return EvidenceLink(f"{name}: {_first_words(finding.text)}", link(uri, page, finding.id))
    if kind == "work":
        work = guidance.work(str(basis.work))
        return EvidenceLink(work.cited_as, link(uri, "study/works-cited.md", work.id))
    if kind == "module":
        modules = guidance.study.training_modules
        module = next(m for m in modules.modules if m.id == basis.module)
        cited = guidance.work(modules.cites).cited_as
        return EvidenceLink(f"Training module “{module.title}”, from {cited}", link(uri, "study/conclusions.md", module.id))
    return _passage(guidance, basis, uri, home)


def _passage(guidance: Guidance, basis: Basis, uri: str, home: Item | None) -> EvidenceLink:
    """A passage: "The briefing's text on <section>", and whom it names or counts."""
    first = (basis.passage or [0])[0]
    section = guidance.section_at(first)
    if section is None:
        if home is not None:
            text, target = "The briefing's text", link(uri, _page(home), _summary_anchor(home))
        else:
            text, target = "The briefing's text", link(uri, "study/index.md")
    else:
        text, target = f"The briefing's text on {_title(section)}", link(uri, _page(section), _summary_anchor(section))
    return EvidenceLink(text, target, _whom(guidance, basis))


def _whom(guidance: Guidance, basis: Basis) -> str:
    """Whom a passage names or counts, in words; for a passage naming no one, whose summary it is."""
    people = {r.number: r for r in guidance.respondents.respondents}
    types = {o.letter: o.type for o in guidance.respondents.organisations}
    named = [_person(n, people[n].peer_supporter, types[people[n].organisation], people[n].organisation) for n in basis.respondents]
    named += [f"{types[letter].capitalize()} {letter}" for letter in basis.organisations]
    if named:
        return "; ".join(named)
    if basis.count is not None:
        number, noun = (basis.count.respondents, "respondent") if basis.count.respondents else (basis.count.organisations, "organisation")
        assert number is not None
        word = _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)
        return f"{word} {noun}{'' if number == 1 else 's'}, not named"
    return "the researchers' summary"


def _person(number: int, peer_supporter: bool, organisation_type: str, letter: str) -> str:
    """For example "Respondent 21, a peer supporter, Organisation E"."""
    role = ", a peer supporter" if peer_supporter else ""
    return f"Respondent {number}{role}, {organisation_type.capitalize()} {letter}"


def _page(thing: Item | Theme) -> str:
    if isinstance(thing, Theme):
        return uri_for("theme", thing.id)
    return uri_for("strategy" if isinstance(thing, Strategy) else "challenge", thing.id)


def _summary_anchor(thing: Item | Theme) -> str | None:
    """The section of a page that puts the briefing's text in plain words."""
    if isinstance(thing, Theme):
        return None
    return "involves" if isinstance(thing, Strategy) else "found"


def _title(thing: Item | Theme) -> str:
    context = getattr(thing, "context", None)
    return f"“{thing.title}” ({context})" if context else f"“{thing.title}”"


def _first_words(text: str) -> str:
    """The first sentence of a finding, shortened to `_FINDING_WORDS` words."""
    sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    words = sentence.split()
    return sentence if len(words) <= _FINDING_WORDS else " ".join(words[:_FINDING_WORDS]).rstrip(",;:") + " …"
