"""The validated knowledge base: immutable objects and the links between them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from psg.schema import (
    Challenge,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    Glossary,
    LiteratureQuote,
    Quote,
    Respondents,
    Strategy,
    Study,
    SubPoint,
    Theme,
    Work,
    WorksCited,
)

__all__ = ["Guidance", "Item", "ItemUse", "QuotePlace"]

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
        files: The content file of every theme, challenge, strategy and checklist, by id.
    """

    themes: tuple[Theme, ...]
    challenges: tuple[Challenge, ...]
    strategies: tuple[Strategy, ...]
    study: Study
    glossary: Glossary
    works: WorksCited
    respondents: Respondents
    checklists: tuple[Checklist, ...]
    files: dict[str, str] = field(default_factory=dict)

    # --- lookups ------------------------------------------------------------------

    def theme(self, theme_id: str) -> Theme:
        """Return the theme with this id."""
        return next(t for t in self.themes if t.id == theme_id)

    def challenge(self, challenge_id: str) -> Challenge:
        """Return the challenge with this id."""
        return next(c for c in self.challenges if c.id == challenge_id)

    def strategy(self, strategy_id: str) -> Strategy:
        """Return the strategy with this id."""
        return next(s for s in self.strategies if s.id == strategy_id)

    def item(self, item_id: str) -> Item:
        """Return the challenge or strategy with this id."""
        return next(i for i in (*self.challenges, *self.strategies) if i.id == item_id)

    def work(self, work_id: str) -> Work:
        """Return the cited work with this id."""
        return next(w for w in self.works.works if w.id == work_id)

    # --- relations ------------------------------------------------------------------

    def items_in_theme(self, theme_id: str) -> list[Item]:
        """Return a theme's challenges and strategies in the briefing's reading order."""
        items: list[Item] = [*self.challenges, *self.strategies]
        return sorted((i for i in items if i.theme == theme_id), key=lambda i: i.order)

    def strategies_for(self, challenge_id: str) -> list[Strategy]:
        """Return the strategies that address a challenge, in the briefing's order."""
        return [s for s in self.strategies if challenge_id in s.addresses]

    def challenges_for(self, strategy: Strategy) -> list[Challenge]:
        """Return the challenges a strategy addresses, in the briefing's order."""
        return [c for c in self.challenges if c.id in strategy.addresses]

    def related_strategies(self, strategy: Strategy) -> list[Strategy]:
        """Return strategies linked either way by `related`, or sharing a challenge."""
        ids = set(strategy.related)
        ids |= {s.id for s in self.strategies if strategy.id in s.related}
        for challenge_id in strategy.addresses:
            ids |= {s.id for s in self.strategies_for(challenge_id)}
        ids.discard(strategy.id)
        return [s for s in self.strategies if s.id in ids]

    def checklist_uses(self, item_id: str) -> list[ItemUse]:
        """Return the checklist items that come from a strategy or challenge."""
        return [
            ItemUse(checklist, section, entry)
            for checklist in self.checklists
            for section in checklist.sections
            for entry in section.items
            if item_id in (entry.from_.strategy, entry.from_.challenge)
        ]

    def checklists_using(self, item_id: str) -> list[Checklist]:
        """Return the checklists with at least one item from a strategy or challenge."""
        seen: dict[str, Checklist] = {}
        for use in self.checklist_uses(item_id):
            seen.setdefault(use.checklist.id, use.checklist)
        return list(seen.values())

    def quotes(self) -> Iterator[QuotePlace]:
        """Yield every quote (respondent and literature) with the place it is printed."""
        for item in (*self.challenges, *self.strategies):
            for quote in (*item.evidence, *item.literature):
                yield QuotePlace(quote, item)
            for sub in getattr(item, "subpoints", []):
                for quote in sub.evidence:
                    yield QuotePlace(quote, item, sub)
        for term in self.glossary.terms:
            for quote in term.literature:
                yield QuotePlace(quote, None, None, term.id)
