"""The validated knowledge base: immutable objects and the links between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Iterator, Mapping, Union

from psg.evidence import Label, Resolver, strength
from psg.schema import (
    Action,
    Challenge,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    Glossary,
    LiteratureQuote,
    PeerSupporterPoint,
    PeerSupporters,
    Quote,
    Respondents,
    SpellingVariants,
    Signposting,
    Strategy,
    Study,
    SubPoint,
    Theme,
    Work,
    WorksCited,
)

__all__ = ["Guidance", "Item", "ItemUse", "QuotePlace", "checklist_numbers", "item_numbers"]

Item = Union[Challenge, Strategy]


@dataclass(frozen=True)
class QuotePlace:
    """Where a quote is printed: its item and, when it sits under one, its sub-point."""

    quote: Quote | LiteratureQuote
    item: Item | None
    subpoint: SubPoint | None = None
    term: str | None = None


@dataclass(frozen=True)
class ItemUse:
    """A checklist item, with the checklist and section it sits in."""

    checklist: Checklist
    section: ChecklistSection
    item: ChecklistItem


@dataclass(frozen=True)
class Guidance:
    """Everything the site is built from, validated and cross-linked.

    Attributes:
        themes: The themes, in the briefing's order.
        challenges: The challenges, in the briefing's order.
        strategies: The strategies, in the briefing's order.
        study: The study: key findings, method, limitations, conclusions.
        glossary: The defined terms.
        works: The works the briefing cites.
        respondents: The organisations and quoted respondents.
        checklists: The checklists, in their order.
        peer_supporters: The page written to peer supporters.
        files: The content file of every theme, challenge, strategy and checklist, by id.
        spelling_variants: Other spellings of the guidance's words, for search (none
            when `guidance/spelling-variants.yml` is absent).
        signposting: The national services readers can contact: the site's own content.
    """

    themes: tuple[Theme, ...]
    challenges: tuple[Challenge, ...]
    strategies: tuple[Strategy, ...]
    study: Study
    glossary: Glossary
    works: WorksCited
    respondents: Respondents
    checklists: tuple[Checklist, ...]
    peer_supporters: PeerSupporters
    files: dict[str, str] = field(default_factory=dict)
    spelling_variants: SpellingVariants = field(default_factory=lambda: SpellingVariants(variants={}))
    signposting: Signposting | None = None

    # --- lookups ------------------------------------------------------------------

    def challenge(self, challenge_id: str) -> Challenge:
        """Return the challenge with this id."""
        return self._index.challenges[challenge_id]

    def strategy(self, strategy_id: str) -> Strategy:
        """Return the strategy with this id."""
        return self._index.strategies[strategy_id]

    def item(self, item_id: str) -> Item:
        """Return the challenge or strategy with this id."""
        return self._index.challenges.get(item_id) or self._index.strategies[item_id]

    def work(self, work_id: str) -> Work:
        """Return the cited work with this id."""
        return next(w for w in self.works.works if w.id == work_id)

    def quote_place(self, quote_id: str) -> QuotePlace:
        """Return a quote, respondent or literature, with the place it is printed."""
        return self._index.quotes[quote_id]

    def perspective_place(self, perspective_id: str) -> Item:
        """Return the challenge or strategy on whose page a perspective is shown."""
        return self._index.perspectives[perspective_id]

    def section_at(self, line: int) -> Item | Theme | None:
        """Return the challenge, strategy or theme whose text in the briefing holds a line.

        Args:
            line: A line of the briefing's text (1-based).

        Returns:
            The narrowest one whose source lines hold it (of equals, the first of the
            challenges, then the strategies, then the themes, each in the briefing's
            order), or None when none does.
        """
        return self._index.sections.get(line)

    # --- evidence ---------------------------------------------------------------------

    def label(self, entry: Action | ChecklistItem) -> Label:
        """Return the strength label of an action or checklist item, computed from its basis.

        Args:
            entry: An action of a challenge, strategy or sub-point, a checklist item, or a
                point of the peer supporters' page (a kind of action), from this knowledge base.

        Returns:
            The label (one of `LABELS` in [`psg.evidence`][]).
        """
        return strength(entry.basis, self._resolver)

    def points(self) -> Iterator[PeerSupporterPoint]:
        """Yield every point of the peer supporters' page, in page order.

        Their labels come from [`label`][psg.model.Guidance.label], as actions' do.
        """
        for section in self.peer_supporters.sections:
            yield from section.points

    def actions(self) -> Iterator[Action | ChecklistItem]:
        """Yield every action (of challenges, strategies and sub-points) and every checklist item."""
        for item in (*self.challenges, *self.strategies):
            yield from item.actions
            for sub in getattr(item, "subpoints", []):
                yield from sub.actions
        for checklist in self.checklists:
            for section in checklist.sections:
                yield from section.items

    # --- relations ------------------------------------------------------------------

    def items_in_theme(self, theme_id: str) -> list[Item]:
        """Return a theme's challenges and strategies in the briefing's reading order."""
        return list(self._index.in_theme.get(theme_id, ()))

    def strategies_for(self, challenge_id: str) -> list[Strategy]:
        """Return the strategies that address a challenge, in the briefing's order."""
        return list(self._index.addressing.get(challenge_id, ()))

    def challenges_for(self, strategy: Strategy) -> list[Challenge]:
        """Return the challenges a strategy addresses, in the briefing's order."""
        known = [self._index.challenges[c] for c in set(strategy.addresses) if c in self._index.challenges]
        return sorted(known, key=lambda i: self._index.position[id(i)])

    def related_strategies(self, strategy: Strategy) -> list[Strategy]:
        """Return strategies linked either way by `related`, or sharing a challenge."""
        ids = set(strategy.related)
        ids |= {s.id for s in self._index.related_to.get(strategy.id, ())}
        for challenge_id in strategy.addresses:
            ids |= {s.id for s in self.strategies_for(challenge_id)}
        ids.discard(strategy.id)
        known = [self._index.strategies[i] for i in ids if i in self._index.strategies]
        return sorted(known, key=lambda i: self._index.position[id(i)])

    def checklist_uses(self, item_id: str) -> list[ItemUse]:
        """Return the checklist items that come from a strategy or challenge."""
        return list(self._index.uses.get(item_id, ()))

    def checklists_using(self, item_id: str) -> list[Checklist]:
        """Return the checklists with at least one item from a strategy or challenge."""
        seen: dict[str, Checklist] = {}
        for use in self.checklist_uses(item_id):
            seen.setdefault(use.checklist.id, use.checklist)
        return list(seen.values())

    def quotes(self) -> Iterator[QuotePlace]:
        """Yield every quote (respondent and literature) with the place it is printed."""
        items: tuple[Item, ...] = (*self.challenges, *self.strategies)
        for item in items:
            quotes: list[Quote | LiteratureQuote] = [*item.evidence, *item.literature]
            for quote in quotes:
                yield QuotePlace(quote, item)
            for sub in item.subpoints if isinstance(item, Strategy) else []:
                for evidence in sub.evidence:
                    yield QuotePlace(evidence, item, sub)
        for term in self.glossary.terms:
            for quote in term.literature:
                yield QuotePlace(quote, None, None, term.id)

    # --- indexes, built once, so that each lookup costs the same however much content -----

    @cached_property
    def _index(self) -> "_Index":
        return _Index.of(self)

    @cached_property
    def _resolver(self) -> Resolver:
        quotes = [p.quote for p in self.quotes() if isinstance(p.quote, Quote)]
        return Resolver.of(quotes, self.respondents)


@dataclass(frozen=True)
class _Index:
    """Lookups by id over a `Guidance`, each in the briefing's order."""

    challenges: dict[str, Challenge]
    strategies: dict[str, Strategy]
    position: dict[int, int]  # id(item) → its place in the briefing's order
    in_theme: dict[str, list[Item]]
    addressing: dict[str, list[Strategy]]
    related_to: dict[str, list[Strategy]]
    uses: dict[str, list[ItemUse]]
    quotes: dict[str, QuotePlace]
    perspectives: dict[str, Item]
    sections: dict[int, Item | Theme]  # a line of the briefing → the narrowest text holding it
    numbers: dict[str, str]  # a checklist item's id → its number ("2.3")

    @classmethod
    def of(cls, guidance: Guidance) -> "_Index":
        items: list[Item] = [*guidance.challenges, *guidance.strategies]
        in_theme: dict[str, list[Item]] = {}
        for item in sorted(items, key=lambda i: i.order):
            in_theme.setdefault(item.theme, []).append(item)
        addressing: dict[str, list[Strategy]] = {}
        related_to: dict[str, list[Strategy]] = {}
        for strategy in guidance.strategies:
            for challenge_id in dict.fromkeys(strategy.addresses):
                addressing.setdefault(challenge_id, []).append(strategy)
            for other in dict.fromkeys(strategy.related):
                related_to.setdefault(other, []).append(strategy)
        uses: dict[str, list[ItemUse]] = {}
        for checklist in guidance.checklists:
            for section in checklist.sections:
                for entry in section.items:
                    for source in dict.fromkeys((entry.from_.strategy, entry.from_.challenge)):
                        if source:
                            uses.setdefault(source, []).append(ItemUse(checklist, section, entry))
        perspectives: dict[str, Item] = {}
        for item in items:
            for part in (item, *getattr(item, "subpoints", [])):
                perspectives.update({p.id: item for p in part.perspectives})
        return cls(
            sections=_sections(guidance),
            numbers={item_id: number for checklist in guidance.checklists for item_id, number in checklist_numbers(checklist).items()},
            quotes={place.quote.id: place for place in guidance.quotes()},
            perspectives=perspectives,
            challenges={c.id: c for c in guidance.challenges},
            strategies={s.id: s for s in guidance.strategies},
            position={id(i): n for n, i in enumerate(items)},
            in_theme=in_theme,
            addressing=addressing,
            related_to=related_to,
            uses=uses,
        )


def _sections(guidance: Guidance) -> dict[int, Item | Theme]:
    """Each line of the briefing held by a challenge's, strategy's or theme's text → the
    narrowest such text (of equals, the first), so that finding it costs the same however
    much content there is."""
    narrowest: dict[int, tuple[int, Item | Theme]] = {}
    things: list[Item | Theme] = [*guidance.challenges, *guidance.strategies, *guidance.themes]
    for thing in things:
        lines = thing.source.lines
        if not lines:
            continue
        width = lines[1] - lines[0]
        for line in range(lines[0], lines[1] + 1):
            if line not in narrowest or width < narrowest[line][0]:
                narrowest[line] = (width, thing)
    return {line: thing for line, (_, thing) in narrowest.items()}


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


def item_numbers(guidance: Guidance) -> Mapping[str, str]:
    """Return the number of every checklist item, by its id (ids are unique across checklists).

    Numbered once per knowledge base (every strategy page asks), and read-only.

    Args:
        guidance: The knowledge base.

    Returns:
        Each checklist item's id → its number within its checklist, for example "2.3".
    """
    return MappingProxyType(guidance._index.numbers)
