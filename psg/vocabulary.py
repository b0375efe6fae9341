"""The search vocabulary: the guidance's own words, for correcting typos in search.

[`vocabulary_script`][psg.vocabulary.vocabulary_script] turns a
[`Guidance`][psg.model.Guidance] into the text of `search/vocabulary.js`, which the
site's search script (`docs/assets/js/search.js`) loads the first time a reader
searches. It holds:

- every word of four letters or more in the guidance's own text, with how often it
  occurs: titles, summaries, descriptions, actions (their `text`), tags, search
  keywords, sub-points, perspectives, site notes, checklists, glossary definitions and
  the study's findings. Never the quotes: a typo printed in a quote must never become
  a "correction". A hyphenated word ("self-care") is kept whole as well as in parts,
  so that "selfcare" is one edit away;
- the spelling variants of `guidance/spelling-variants.yml` (US spelling → the
  guidance's own).

The file is a script, not JSON, because an offline copy opened from `file://` can load
a script but cannot fetch a file. [`psg.site`][] publishes it with the other generated
files, so the MkDocs build and the portable export both have it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from psg.model import Guidance
from psg.schema import AUDIENCES, STAGES, Challenge, Checklist, Perspective, Strategy

__all__ = ["MIN_LETTERS", "VOCABULARY_GLOBAL", "VOCABULARY_URI", "guidance_texts", "vocabulary_script", "word_counts", "words"]

#: Where the vocabulary is published in the built site.
VOCABULARY_URI = "search/vocabulary.js"
#: The global variable the vocabulary script sets; `docs/assets/js/search.js` reads it.
VOCABULARY_GLOBAL = "__psgVocabulary"
#: The version of the vocabulary's format.
FORMAT = 1
#: Shorter words are left out: search never corrects a word of 4 letters or fewer, and a
#: word of 5 letters or more is never within its allowed edits of a word of 3.
MIN_LETTERS = 4

_LINK_TARGET = re.compile(r"\]\([^)]*\)|\]\[[^\]]*\]")
_ATTRIBUTES = re.compile(r"\{[^{}]*\}")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def vocabulary_script(guidance: Guidance) -> str:
    """Return the text of `search/vocabulary.js`.

    Args:
        guidance: The validated knowledge base.

    Returns:
        One line of JavaScript that sets `window.__psgVocabulary` to
        `{"format": 1, "words": "<word> <count>\\n…", "variants": {"<other>": "<ours>", …}}`,
        the words in alphabetical order.
    """
    counts = word_counts(guidance)
    data = {
        "format": FORMAT,
        "words": "\n".join(f"{word} {counts[word]}" for word in sorted(counts)),
        "variants": dict(sorted(guidance.spelling_variants.variants.items())),
    }
    return f"window.{VOCABULARY_GLOBAL}={json.dumps(data, separators=(',', ':'))};\n"


def word_counts(guidance: Guidance) -> Counter[str]:
    """Count every word of the guidance's own text (never its quotes).

    Args:
        guidance: The validated knowledge base.

    Returns:
        Word → number of times it occurs.
    """
    counts: Counter[str] = Counter()
    for text in guidance_texts(guidance):
        counts.update(words(text))
    return counts


def words(text: str) -> list[str]:
    """Split text into lowercase words of at least `MIN_LETTERS` letters.

    Markdown link targets and attribute lists are dropped; apostrophes end a word
    ("don't" gives "don", which is too short to keep). A hyphenated word is given whole
    and then in its parts.

    Args:
        text: Plain text or Markdown.

    Returns:
        The words, in order, with repeats.
    """
    plain = _ATTRIBUTES.sub(" ", _LINK_TARGET.sub("] ", text)).lower()
    out: list[str] = []
    for token in _WORD.findall(plain):
        parts = token.split("-")
        for word in ([token] if len(parts) > 1 else []) + parts:
            if len(word) >= MIN_LETTERS:
                out.append(word)
    return out


def guidance_texts(guidance: Guidance) -> Iterator[str]:
    """Yield every piece of the guidance's own text that a reader can search for.

    Quotes (respondents' and other studies') and the works cited are left out.

    Args:
        guidance: The validated knowledge base.

    Yields:
        Titles, summaries, descriptions, actions, tags, keywords and the like.
    """
    yield from AUDIENCES.values()
    yield from STAGES.values()
    for theme in guidance.themes:
        yield from (theme.title, theme.summary, theme.description)
    items: list[Challenge | Strategy] = [*guidance.challenges, *guidance.strategies]
    for item in items:
        yield from _item_texts(item)
    for checklist in guidance.checklists:
        yield from _checklist_texts(checklist)
    for term in guidance.glossary.terms:
        yield from (term.term, *term.variants, term.definition)
        yield from _texts(term.detail)
    study = guidance.study
    yield from (study.title, study.summary, study.method.summary, *study.method.details)
    for finding in (*study.key_findings, *study.limitations, *study.conclusions):
        yield finding.text
    modules = study.training_modules
    yield from (modules.intro, modules.non_peer_staff, *(m.title for m in modules.modules))


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _item_texts(item: Challenge | Strategy) -> Iterator[str]:
    """The own text of a challenge or strategy: everything but its quotes and sources."""
    yield from (item.title, item.summary, item.description)
    yield from (action.text for action in item.actions)
    yield from (*item.tags, *item.keywords)
    yield from (note.text for note in item.site_notes)
    if isinstance(item, Challenge):
        if item.no_strategy is not None:
            yield item.no_strategy.note
    else:
        yield from _texts(item.context)
        for sub in item.subpoints:
            yield from (sub.title, sub.summary, sub.description)
            yield from (action.text for action in sub.actions)
            yield from _perspective_texts(sub.perspectives)
    yield from _perspective_texts(item.perspectives)


def _checklist_texts(checklist: Checklist) -> Iterator[str]:
    """A checklist's own text: its title, purpose, sections, items, blanks and site notes."""
    yield from (checklist.title, checklist.purpose, checklist.who, checklist.when)
    for section in checklist.sections:
        yield section.title
        for entry in section.items:
            yield from _texts(entry.text, entry.blank)
    yield from (note.text for note in checklist.site_notes)


def _perspective_texts(perspectives: Iterable[Perspective]) -> Iterator[str]:
    for perspective in perspectives:
        yield from (perspective.question, perspective.summary)
        for position in perspective.positions:
            yield from (position.label, position.summary)


def _texts(*values: str | None) -> Iterator[str]:
    """The values given, skipping those left out (None)."""
    yield from (value for value in values if value is not None)
