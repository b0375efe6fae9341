"""Strength labels and their evidence: computed from each action's basis, checked, and shown.

The mini fixture (tests/fixtures/mini) has an action or checklist item for every label,
and for each step of the precedence; its exact Markdown is in tests/golden/mini (see
tests/test_pipeline.py). These tests name what the golden files show, and check every
new validation error on a copy of the mini fixture, without starting a process.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from psg.evidence import LABELS, Resolver, strength
from psg.pages import build_pages
from psg.schema import Basis, PassageCount
from test_pipeline import errors_of, load_mini, mini_copy

# -------------------------------------------------------------------------------------
# Labels: the precedence table, one row at a time
# -------------------------------------------------------------------------------------

#: Respondents 1 and 3 are in organisation A, 2 in B; quotes q-a1, q-a3, q-b2 are theirs.
RESOLVER = Resolver(quotes={"q-a1": (1, "A"), "q-a3": (3, "A"), "q-b2": (2, "B")}, organisations={1: "A", 2: "B", 3: "A"})


def _basis(*entries: dict) -> list[Basis]:
    return [Basis.model_validate(e) for e in entries]


@pytest.mark.parametrize(
    "entries, label",
    [
        # Each label on its own.
        ([{"work": "klee-2019"}], "published-research"),
        ([{"module": "boundaries"}], "published-research"),
        ([{"finding": "kf-x"}], "researchers-conclusion"),
        ([{"conclusion": "con-x"}], "researchers-conclusion"),
        ([{"perspective": "p"}], "respondents-disagreed"),
        ([{"passage": [1, 2]}], "researchers-summary"),
        ([{"quote": "q-a1"}, {"quote": "q-b2"}], "several-organisations"),
        ([{"passage": [1, 2], "organisations": ["A", "B"]}], "several-organisations"),
        ([{"passage": [1, 2], "count": {"organisations": 2}}], "several-organisations"),
        ([{"passage": [1, 2], "count": {"respondents": 3}}], "several-respondents"),
        ([{"quote": "q-a1"}, {"passage": [1, 2], "count": {"respondents": 1}}], "several-respondents"),
        ([{"quote": "q-a1"}, {"quote": "q-a3"}], "one-organisation"),
        ([{"passage": [1, 2], "respondents": [1, 3]}], "one-organisation"),
        ([{"passage": [1, 2], "organisations": ["B"]}], "one-organisation"),
        ([{"passage": [1, 2], "count": {"organisations": 1}}], "one-organisation"),
        ([{"quote": "q-a1"}], "one-respondent"),
        ([{"quote": "q-a1"}, {"passage": [1, 2], "respondents": [1]}], "one-respondent"),
        ([{"passage": [1, 2], "count": {"respondents": 1}}], "one-respondent"),
        # Mixed kinds: the strongest that applies wins.
        ([{"quote": "q-a1"}, {"perspective": "p"}, {"finding": "kf-x"}, {"work": "w"}], "published-research"),
        ([{"quote": "q-a1"}, {"perspective": "p"}, {"conclusion": "con-x"}], "researchers-conclusion"),
        ([{"quote": "q-a1"}, {"quote": "q-b2"}, {"perspective": "p"}], "respondents-disagreed"),
        ([{"quote": "q-a1"}, {"quote": "q-b2"}, {"passage": [1, 2]}], "researchers-summary"),
        ([{"quote": "q-a1"}, {"quote": "q-a3"}, {"passage": [1, 2], "count": {"respondents": 2}}], "several-respondents"),
        ([{"passage": [1, 2], "count": {"respondents": 4}}, {"passage": [3, 4], "count": {"organisations": 2}}], "several-organisations"),
    ],
)
def test_label_by_precedence(entries: list[dict], label: str) -> None:
    assert strength(_basis(*entries), RESOLVER).id == label


def test_labels_are_in_the_documented_order() -> None:
    assert list(LABELS) == [
        "published-research",
        "researchers-conclusion",
        "respondents-disagreed",
        "researchers-summary",
        "several-organisations",
        "several-respondents",
        "one-organisation",
        "one-respondent",
    ]
    assert all(label.text and label.explanation.endswith(".") for label in LABELS.values())


@pytest.mark.parametrize(
    "entry, message",
    [
        ({}, "exactly one of quote, perspective"),
        ({"quote": "q-a1", "work": "w"}, "(found quote, work)"),
        ({"quote": "q-a1", "respondents": [1]}, "only with `passage`"),
        ({"passage": [1]}, "at least 2"),
        ({"passage": [1, 2], "count": {}}, "exactly one of `respondents` or `organisations`"),
        ({"passage": [1, 2], "count": {"respondents": 0}}, "greater than or equal to 1"),
    ],
)
def test_a_basis_entry_has_exactly_one_kind(entry: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Basis.model_validate(entry)


def test_count_needs_exactly_one_number() -> None:
    assert PassageCount(respondents=2).respondents == 2
    with pytest.raises(ValueError):
        PassageCount(respondents=2, organisations=1)


# -------------------------------------------------------------------------------------
# The mini fixture: one action or item per label, read from the model
# -------------------------------------------------------------------------------------

#: Action or item text → its label, in the mini fixture.
MINI_LABELS = {
    "Agree contact times at the start.": "published-research",  # a work beats a quote
    "Plan contact with each young person.": "researchers-conclusion",  # a conclusion beats a perspective
    "Decide how strict your limits should be.": "respondents-disagreed",  # a perspective beats a quote
    "Keep contact to the hours you agreed.": "researchers-summary",  # a summary beats a quote
    "Tell the young person how often you can meet.": "several-organisations",
    "Share the limits with other staff.": "several-respondents",
    "One organisation writes the limits down.": "one-organisation",
    "Consider saying ‘once a week’ on the first day.": "one-respondent",
    "Tell every young person that some things must be passed on.": "one-respondent",  # a safeguarding duty
    "Consider agreeing contact times on the first day.": "one-respondent",
    "Say how often you can meet.": "researchers-conclusion",
    "Write the limits down.": "researchers-summary",
    "Train on boundaries.": "published-research",
    "Review limits each month.": "several-organisations",
}


def test_every_label_is_computed_in_the_mini_fixture() -> None:
    guidance = load_mini()
    labels = {entry.text: guidance.label(entry).id for entry in guidance.actions()}
    assert labels == MINI_LABELS
    assert set(labels.values()) == set(LABELS)


def test_pages_show_one_label_and_one_evidence_link_per_action() -> None:
    pages = {p.uri: p.markdown for p in build_pages(load_mini())}
    strategy = pages["strategies/agreeing-contact-times.md"]
    for number in range(1, 6):
        line = next(ln for ln in strategy.splitlines() if f'id="action-{number}"' in ln)
        assert line.count('class="psg-strength ') == 1 and line.count('class="psg-evidence-link"') == 1
        assert f'href="#action-{number}-evidence"' in line
        assert strategy.count(f'id="action-{number}-evidence"') == 1
    checklist = pages["checklists/contact.md"]
    for item in ("con-times", "con-say", "con-write", "con-train", "con-review"):
        line = next(ln for ln in checklist.splitlines() if f'id="from-{item}"' in ln)
        assert line.count('class="psg-strength ') == 1 and f'href="#{item}-evidence"' in line
        assert checklist.count(f'id="{item}-evidence"') == 1


def test_evidence_lists_name_the_basis_in_words() -> None:
    pages = {p.uri: p.markdown for p in build_pages(load_mini())}
    challenge = pages["challenges/keeping-in-touch.md"]
    assert "- [Respondent 1, Organisation A](#q-r1-agree-when)" in challenge
    assert "- [Smith et al. (2020)](../study/works-cited.md#smith-2020)" in challenge
    assert "- [Conclusions: Plan contact.](../study/conclusions.md#con-plan)" in challenge
    assert "- [Where respondents disagreed: How strict should limits be?](../strategies/agreeing-contact-times.md#how-strict)" in challenge
    assert "- [The briefing's text on “Keeping in touch”](#found): the researchers' summary" in challenge
    strategy = pages["strategies/agreeing-contact-times.md"]
    assert "- [Respondent 2, a peer supporter, Initiative B](#q-p2-first-day)" in strategy
    assert "- [The briefing's text](#involves): three respondents, not named" in strategy
    assert "- [The briefing's text](#involves): Respondent 1, Organisation A; Respondent 3, Organisation A" in strategy
    checklist = pages["checklists/contact.md"]
    assert "- [Key finding: Contact needs limits.](../study/key-findings.md#kf-contact)" in checklist
    assert "- [Training module “Boundaries”, from Smith et al. (2020)](../study/conclusions.md#boundaries)" in checklist
    assert "- [The briefing's text](../study/index.md): Organisation A" in checklist
    # Readers never see line numbers or the ids of the basis.
    for markdown in (challenge, strategy, checklist):
        evidence = markdown.split("{ #action-evidence }", 1)[1]
        assert not re.search(r"\[[^\]]*(\bq-|kf-|con-|\b1[0-5]\b|lines?\b)[^\]]*\]", evidence), evidence


def test_site_notes_use_the_shared_markup() -> None:
    pages = {p.uri: p.markdown for p in build_pages(load_mini())}
    # The glossary holds one note per term: each is named after its term, so that every
    # landmark on the page has a name of its own.
    named = {"study/glossary.md": ": holding risk"}
    for uri in ("challenges/keeping-in-touch.md", "checklists/contact.md", "study/glossary.md"):
        markdown = pages[uri]
        assert f'<aside class="psg-site-note" aria-label="Note from this site, not from the briefing{named.get(uri, "")}" markdown>' in markdown
        assert "<p class=\"psg-site-note__label\">This site's note</p>" in markdown
        assert '<p class="psg-site-note__heading">Note from this site, not from the briefing</p>' in markdown
        assert '<p class="psg-site-note__source">Source: ' in markdown


# -------------------------------------------------------------------------------------
# Validation: each mistake is reported with file, line, column and field, all together
# -------------------------------------------------------------------------------------

STRATEGY = "guidance/strategies/agreeing-contact-times.yml"
CHECKLIST = "checklists/contact.yml"


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_evidence_mistake_is_reported_together(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, STRATEGY, "      - text: One organisation writes the limits down.", "      - text: Write the limits down.")
    _edit(root, STRATEGY, "          - passage: [13, 14]\n            respondents: [1, 3]", "          - passage: [13, 14]\n            respondents: [1, 9]")
    _edit(root, STRATEGY, "      - passage: [12, 12]", "      - passage: [12, 99]")
    _edit(root, STRATEGY, "      - quote: q-r1-agree-when", "      - quote: q-r1-no-such-quote")
    _edit(root, CHECKLIST, "          - finding: kf-contact", "          - finding: kf-no-such-finding")
    _edit(root, CHECKLIST, "        basis:\n          - module: boundaries\n", "")
    _edit(root, CHECKLIST, "            organisations: [A]", "            organisations: [Z]")
    _edit(root, "guidance/challenges/keeping-in-touch.yml", "      - passage: [3, 6]", "      - passage: [6, 3]")
    errors = errors_of(root)
    assert errors == [
        "checklists/contact.yml:23:13: sections[0].items[1].basis[0].finding: found 'kf-no-such-finding', which is not the id of any finding; expected the id of a key finding in guidance/study/study.yml (kf-…)",
        "checklists/contact.yml:29:9: sections[0].items[3].basis: found a checklist item with no basis; expected a `basis` list naming at least one quote, perspective, finding, conclusion, work, module or passage",
        "checklists/contact.yml:37:29: sections[0].items[4].basis[0].organisations[0]: found organisation Z, which guidance/study/respondents.yml does not list; expected one of the organisations it lists (A, B)",
        "guidance/challenges/keeping-in-touch.yml:24:9: actions[3].basis[0].passage: found the lines [6, 3]; expected [first, last] line numbers, first at least 1 and no greater than last",
        "guidance/strategies/agreeing-contact-times.yml:12:9: actions[0].basis[1].quote: found 'q-r1-no-such-quote', which is not the id of any respondent quote; expected the id of a respondent quote (q-…) anywhere in the content",
        "guidance/strategies/agreeing-contact-times.yml:15:9: actions[1].basis[0].passage: found the lines [12, 99]; expected lines within the briefing's text, which has 15 lines",
        "guidance/strategies/agreeing-contact-times.yml:33:30: subpoints[0].actions[0].basis[0].respondents[1]: found respondent 9, whom guidance/study/respondents.yml does not list; expected one of the respondents it lists (1, 2, 3)",
    ]


def test_an_action_labelled_one_respondent_must_open_tentatively(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, STRATEGY, "      - text: One organisation writes the limits down.", "      - text: Write the limits down.")
    _edit(root, STRATEGY, "      - text: Consider saying ‘once a week’", "      - text: Iffy, saying ‘once a week’")
    _edit(root, "guidance/challenges/keeping-in-touch.yml", "  - text: Decide how strict", "  - text: Decided how strict")
    errors = errors_of(root)
    assert [e.split(": found ")[0] for e in errors] == [
        "guidance/challenges/keeping-in-touch.yml:18:5: actions[2].text",
        "guidance/strategies/agreeing-contact-times.yml:30:9: subpoints[0].actions[0].text",
        "guidance/strategies/agreeing-contact-times.yml:34:9: subpoints[0].actions[1].text",
    ]
    assert "found wording labelled “Respondents disagreed” that begins “Decided how strict your …”" in errors[0]
    assert "found wording labelled “One organisation” that begins “Write the limits down. …”" in errors[1]
    assert "expected an opening from guidance/style.yml (such as Consider, Decide, Discuss, Think about)" in errors[2]


def test_openings_come_from_the_style_file(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, "guidance/style.yml", "  - Consider\n", "")
    errors = errors_of(root)
    assert len(errors) == 2 and all("begins “Consider" in e for e in errors)


def test_a_safeguarding_duty_may_be_unconditional_but_they_are_few(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, STRATEGY, "        safeguarding_duty: true\n", "")
    (error,) = errors_of(root)
    assert error.startswith("guidance/strategies/agreeing-contact-times.yml:37:9: subpoints[0].actions[2].text: found wording labelled “One respondent”")
    root = mini_copy(tmp_path / "many")
    text = (root / CHECKLIST).read_text(encoding="utf-8").replace("        basis:\n", "        safeguarding_duty: true\n        basis:\n")
    text = text.replace("      - id: con-review", "      - id: con-extra\n        text: Pass on concerns.\n        from: {strategy: agreeing-contact-times}\n        safeguarding_duty: true\n        basis:\n          - quote: q-p2-first-day\n      - id: con-review")
    (root / CHECKLIST).write_text(text, encoding="utf-8")
    (error,) = errors_of(root)
    assert ": sections[0].items[5].safeguarding_duty: found safeguarding duty number 7 on the site; expected at most 6" in error


def test_site_notes_and_site_definitions_are_checked(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, CHECKLIST, "  - id: mini-keep-records", "  - id: mini-out-of-hours")
    _edit(root, "guidance/study/glossary.yml", "    site_definition: true\n", "")
    errors = errors_of(root)
    assert errors == [
        "checklists/contact.yml:42:5: site_notes[0].id: found the site note id 'mini-out-of-hours', already used in guidance/challenges/keeping-in-touch.yml; expected site note ids unique across all content",
        "guidance/study/glossary.yml:7:5: terms[1].site_definition: found the source 'This site's own plain definition' without `site_definition: true`; expected `site_definition: true` on the site's own definitions",
    ]


def test_an_action_written_as_plain_text_says_what_changed(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    _edit(root, STRATEGY, "  - text: Tell the young person how often you can meet.\n    basis:\n      - quote: q-p2-first-day\n      - quote: q-r1-agree-when\n", "  - Tell the young person how often you can meet.\n")
    (error,) = errors_of(root)
    assert error.startswith("guidance/strategies/agreeing-contact-times.yml:9:5: actions[0]: found text 'Tell the young person")
    assert "expected a mapping with `text:` and `basis:`" in error
