"""Validate every content file and build the knowledge base, collecting every error.

[`load_guidance`][psg.validate.load_guidance] is the one entry point: it reads the
content folders, checks each file against its schema, then checks what no single file
can: unique ids, references that resolve, attributions the study knows, and quotes that
are verbatim in the briefing. It raises [`ContentErrors`][psg.errors.ContentErrors]
listing every problem at once, or returns a [`Guidance`][psg.model.Guidance].
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from psg.errors import ContentError, ContentErrors, format_path
from psg.fidelity import SourceText
from psg.loader import Document, load_document
from psg.model import Guidance
from psg.schema import (
    Challenge,
    Checklist,
    Glossary,
    ReadingOrder,
    Respondents,
    Signposting,
    Strategy,
    Study,
    Theme,
    WorksCited,
)

__all__ = [
    "DEFAULT_SOURCE",
    "SOURCE_ENV",
    "ContentSet",
    "find_source",
    "load_guidance",
    "read_source",
]

#: The environment variable that names the briefing's text file.
SOURCE_ENV = "PSG_SOURCE"
#: Where the briefing's text is looked for, relative to the project root.
DEFAULT_SOURCE = Path("..") / "shared" / "sources" / "peer-support-briefing.txt"

#: Checklist sections hold this many items.
SECTION_ITEMS = (5, 9)
#: A checklist item has at most this many words.
ITEM_WORDS = 20

_FOLDERS: dict[str, type[BaseModel]] = {
    "guidance/themes": Theme,
    "guidance/challenges": Challenge,
    "guidance/strategies": Strategy,
    "checklists": Checklist,
}
_STUDY: dict[str, type[BaseModel]] = {
    "guidance/study/study.yml": Study,
    "guidance/study/glossary.yml": Glossary,
    "guidance/study/works-cited.yml": WorksCited,
    "guidance/study/respondents.yml": Respondents,
    "guidance/study/reading-order.yml": ReadingOrder,
    "guidance/study/signposting.yml": Signposting,
}

#: The pattern of every id (see `psg.schema.Id`), named in error messages in plain words.
_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"

_SCRIPT_LINK = re.compile(r"(?:java|vb)script\s*:|\]\(\s*data\s*:|\]:\s*data\s*:", re.IGNORECASE)
_HTML = re.compile(r"<\s*[A-Za-z/!?]|javascript\s*:|\bon[a-z]+\s*=|\]\(\s*(?:data|vbscript)\s*:", re.IGNORECASE)


@dataclass
class ContentSet:
    """The parsed documents and models of one project, before cross-checks.

    Attributes:
        root: The project root.
        documents: Parsed documents by display path.
        models: Validated models by display path.
        errors: Errors found so far.
    """

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    models: dict[str, BaseModel] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def of(self, kind: type[BaseModel]) -> list[tuple[str, Any]]:
        """Return (path, model) pairs of one kind, in path order."""
        return sorted((p, m) for p, m in self.models.items() if isinstance(m, kind))

    def error(self, path: str, field_path: tuple, found: str, expected: str) -> None:
        """Record an error at a field of a document."""
        doc = self.documents.get(path)
        line, column = doc.position(field_path) if doc else (0, 0)
        self.errors.append(ContentError(path, line, column, format_path(field_path), found, expected))


def find_source(root: Path) -> Path:
    """Return the path of the briefing's text: `$PSG_SOURCE`, or the default beside the project.

    Args:
        root: The project root.
    """
    env = os.environ.get(SOURCE_ENV)
    return Path(env) if env else (root / DEFAULT_SOURCE).resolve()


def read_source(path: Path, order: ReadingOrder | None) -> SourceText:
    """Read the briefing's text and put it in reading order.

    Args:
        path: The text file.
        order: The reading order; None keeps the file's own order.

    Returns:
        The source, ready for quote checks.
    """
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if order is None:
        return SourceText.from_lines(lines)
    ordered: list[str] = []
    for span in order.ranges:
        ordered.extend(lines[span.from_ - 1 : span.to])
    return SourceText.from_lines(ordered)


def load_guidance(root: Path, source: Path | None = None, *, check_quotes: bool = True) -> Guidance:
    """Load, validate and cross-link all content under a project root.

    Args:
        root: The project root (holding `guidance/` and `checklists/`).
        source: The briefing's text file; None or a missing file skips the quote check.
        check_quotes: Set False to skip the quote check even when the source exists.

    Returns:
        The knowledge base.

    Raises:
        ContentErrors: Listing every error found, in every file.
    """
    content = ContentSet(root)
    _parse_all(content)
    if not content.errors:
        guidance = _cross_check(content, source if check_quotes else None)
        if not content.errors:
            return guidance
    raise ContentErrors(content.errors)


# -------------------------------------------------------------------------------------
# Per-file parsing and schema checks
# -------------------------------------------------------------------------------------


def _parse_all(content: ContentSet) -> None:
    root = content.root
    expected: dict[str, type[BaseModel]] = {}
    for folder, kind in _FOLDERS.items():
        base = root / folder
        if not base.is_dir():
            content.errors.append(ContentError(folder, 0, 0, "", "no such folder", f"a folder of {kind.__name__} files"))
            continue
        for path in sorted(base.iterdir()):
            rel = path.relative_to(root).as_posix()
            if path.is_dir() or path.name.startswith("."):
                continue
            if path.suffix != ".yml":
                content.errors.append(ContentError(rel, 1, 1, "", f"a file named {path.name}", "only <id>.yml files in this folder"))
                continue
            expected[rel] = kind
    for rel, kind in _STUDY.items():
        if not (root / rel).is_file():
            content.errors.append(ContentError(rel, 0, 0, "", "no such file", f"a {kind.__name__} file"))
        else:
            expected[rel] = kind
    study_dir = root / "guidance" / "study"
    if study_dir.is_dir():
        for path in sorted(study_dir.iterdir()):
            rel = path.relative_to(root).as_posix()
            if rel not in _STUDY and not path.name.startswith("."):
                content.errors.append(ContentError(rel, 1, 1, "", "an unknown file", "only " + ", ".join(p.rsplit("/", 1)[1] for p in _STUDY)))
    guidance_dir = root / "guidance"
    if guidance_dir.is_dir():
        for path in sorted(guidance_dir.iterdir()):
            if path.name not in {"themes", "challenges", "strategies", "study"} and not path.name.startswith("."):
                rel = path.relative_to(root).as_posix()
                content.errors.append(ContentError(rel, 1, 1, "", "an unknown file or folder", "only themes/, challenges/, strategies/ and study/"))

    for rel, kind in expected.items():
        document, errors = load_document(root / rel, rel)
        content.errors.extend(errors)
        if document is None:
            continue
        content.documents[rel] = document
        if not isinstance(document.data, dict):
            content.error(rel, (), f"a {type(document.data).__name__}", "a mapping of fields")
            continue
        _check_markup(content, rel, document.data, ())
        try:
            content.models[rel] = kind.model_validate(document.data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                content.error(rel, loc, _describe_found(err), _describe_expected(err))
        model = content.models.get(rel)
        if model is not None and rel not in _STUDY and getattr(model, "id", None) != Path(rel).stem:
            content.error(rel, ("id",), f"the id '{model.id}' in a file named {Path(rel).name}", f"the file to be named {model.id}.yml")


def _describe_found(err: dict) -> str:
    if err["type"] == "missing":
        return "no value (the field is missing)"
    if err["type"] == "extra_forbidden":
        return f"an unknown field '{err['loc'][-1]}'"
    value = err.get("input")
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "…"
    kind = {str: "text", int: "a number", bool: "true/false", list: "a list", dict: "a mapping", type(None): "nothing"}.get(type(value), type(value).__name__)
    return f"{kind} {text}" if kind not in ("a list", "a mapping", "nothing") else kind


def _describe_expected(err: dict) -> str:
    if err["type"] == "missing":
        return "this required field"
    if err["type"] == "extra_forbidden":
        return "only the fields the format defines (check the spelling)"
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == _ID_PATTERN:
        return "an id: lowercase letters, digits and single hyphens, starting with a letter"
    msg = err["msg"]
    msg = msg.replace("Input should be", "").replace("String should", "text that should").strip()
    return msg[0].lower() + msg[1:] if msg else "a valid value"


def _check_markup(content: ContentSet, rel: str, value: Any, path: tuple) -> None:
    """Refuse raw HTML, event handlers and script links in any text."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_markup(content, rel, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_markup(content, rel, item, (*path, index))
    elif isinstance(value, str):
        match = _HTML.search(value)
        if match:
            content.error(rel, path, f"markup '{match.group(0)}'", "plain text or Markdown, with no HTML tags, event handlers or script links")
            return
        # Character references are markup too: Markdown keeps them, the browser decodes them,
        # and some of the theme's scripts then use the decoded text as HTML (Material's
        # tooltips do, with `title` attributes such as the glossary's). Markdown also
        # decodes them and backslash escapes in a link's address, and browsers drop tabs
        # and line breaks from it, so `java&#115;cript:` is a script link.
        decoded = _decode_references(value)
        hidden = _HTML.search(decoded) or _SCRIPT_LINK.search(re.sub(r"[\\\t\n\r]", "", decoded))
        if hidden:
            content.error(rel, path, f"markup written with escapes ('{hidden.group(0)}')", "plain text or Markdown, with no HTML tags, event handlers or script links")


def _decode_references(text: str) -> str:
    """Decode HTML character references until none are left (`&amp;lt;` → `<`)."""
    for _ in range(5):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


# -------------------------------------------------------------------------------------
# Cross-file checks
# -------------------------------------------------------------------------------------


def _cross_check(content: ContentSet, source: Path | None) -> Guidance:
    themes = content.of(Theme)
    challenges = content.of(Challenge)
    strategies = content.of(Strategy)
    checklists = content.of(Checklist)
    single = {rel: content.models[rel] for rel in _STUDY}

    # Unique ids across themes, challenges, strategies and checklists.
    seen: dict[str, str] = {}
    for rel, model in [*themes, *challenges, *strategies, *checklists]:
        if model.id in seen:
            content.error(rel, ("id",), f"the id '{model.id}', already used in {seen[model.id]}", "ids unique across all content")
        seen[model.id] = rel

    theme_ids = {m.id for _, m in themes}
    challenge_ids = {m.id for _, m in challenges}
    strategy_ids = {m.id for _, m in strategies}
    works = single["guidance/study/works-cited.yml"]
    work_ids = {w.id for w in works.works}
    _unique(content, "guidance/study/works-cited.yml", ("works",), [w.id for w in works.works], "work id")

    # Items: theme, order, links.
    orders: dict[tuple[str, int], str] = {}
    for rel, item in [*challenges, *strategies]:
        if item.theme not in theme_ids:
            content.error(rel, ("theme",), f"the theme '{item.theme}'", "one of: " + ", ".join(sorted(theme_ids)))
        key = (item.theme, item.order)
        if key in orders:
            content.error(rel, ("order",), f"order {item.order}, already used in {orders[key]}", "a position unique within the theme")
        orders[key] = rel
    for rel, strategy in strategies:
        _refs(content, rel, ("addresses",), strategy.addresses, challenge_ids, "challenge")
        _refs(content, rel, ("related",), strategy.related, strategy_ids - {strategy.id}, "other strategy")
        _unique(content, rel, ("subpoints",), [s.id for s in strategy.subpoints], "sub-point id")
    addressed = {c for _, s in strategies for c in s.addresses}
    for rel, challenge in challenges:
        if challenge.no_strategy:
            _refs(content, rel, ("no_strategy", "see"), challenge.no_strategy.see, strategy_ids, "strategy")
            if challenge.id in addressed:
                content.error(rel, ("no_strategy",), "no_strategy, but a strategy lists this challenge in `addresses`", "no_strategy only on challenges no strategy addresses")
        elif challenge.id not in addressed:
            content.error(rel, ("id",), "a challenge that no strategy addresses", "a strategy with this id in `addresses`, or a `no_strategy` note")

    # Quotes: unique ids, attributions, perspectives, literature, fidelity.
    respondents = single["guidance/study/respondents.yml"]
    orgs = {o.letter: o for o in respondents.organisations}
    people = {r.number: r for r in respondents.respondents}
    quote_ids: dict[str, str] = {}
    all_quotes: list[tuple[str, tuple, Any]] = []
    for rel, item in [*challenges, *strategies]:
        groups: list[tuple[tuple, list, list]] = [((), list(item.evidence), list(item.perspectives))]
        for index, sub in enumerate(getattr(item, "subpoints", [])):
            groups.append((("subpoints", index), list(sub.evidence), list(sub.perspectives)))
        local_ids = {q.id for _, evidence, _ in groups for q in evidence}
        for prefix, evidence, perspectives in groups:
            for index, quote in enumerate(evidence):
                all_quotes.append((rel, (*prefix, "evidence", index), quote))
            for p_index, perspective in enumerate(perspectives):
                for pos_index, position in enumerate(perspective.positions):
                    _refs(content, rel, (*prefix, "perspectives", p_index, "positions", pos_index, "quotes"), position.quotes, local_ids, "quote in this file")
        for index, quote in enumerate(item.literature):
            all_quotes.append((rel, ("literature", index), quote))
    glossary = single["guidance/study/glossary.yml"]
    for t_index, term in enumerate(glossary.terms):
        for index, quote in enumerate(term.literature):
            all_quotes.append(("guidance/study/glossary.yml", ("terms", t_index, "literature", index), quote))
    _unique(content, "guidance/study/glossary.yml", ("terms",), [t.id for t in glossary.terms], "term id")

    for rel, path, quote in all_quotes:
        if quote.id in quote_ids:
            content.error(rel, (*path, "id"), f"the quote id '{quote.id}', already used in {quote_ids[quote.id]}", "quote ids unique across all content")
        quote_ids[quote.id] = rel
        attribution = getattr(quote, "attribution", None)
        if attribution is not None:
            person = people.get(attribution.respondent)
            where = (*path, "attribution")
            if person is None:
                known = ", ".join(str(n) for n in sorted(people))
                content.error(rel, (*where, "respondent"), f"respondent {attribution.respondent}, whom the study does not quote", f"one of the quoted respondents ({known})")
                continue
            if person.peer_supporter != attribution.peer_supporter:
                kind = "a peer supporter respondent" if person.peer_supporter else "not a peer supporter respondent"
                content.error(rel, (*where, "peer_supporter"), f"peer_supporter: {str(attribution.peer_supporter).lower()}", f"{str(person.peer_supporter).lower()}: respondent {person.number} is {kind}")
            if person.organisation != attribution.organisation:
                content.error(rel, (*where, "organisation"), f"organisation {attribution.organisation}", f"{person.organisation}: respondent {person.number} is from {person.organisation}")
            org = orgs.get(attribution.organisation)
            if org is not None and org.type != attribution.organisation_type:
                content.error(rel, (*where, "organisation_type"), attribution.organisation_type, f"{org.type}: the briefing calls {org.letter} an {org.type}")
        else:
            if quote.cites not in work_ids:
                content.error(rel, (*path, "cites"), f"the work '{quote.cites}'", "the id of a work in guidance/study/works-cited.yml")
    for rel, person in [("guidance/study/respondents.yml", r) for r in respondents.respondents]:
        if person.organisation not in orgs:
            content.error(rel, ("respondents",), f"respondent {person.number} at organisation {person.organisation}", "an organisation listed under `organisations`")

    study = single["guidance/study/study.yml"]
    item_ids = challenge_ids | strategy_ids
    for group in ("key_findings", "limitations", "conclusions"):
        entries = getattr(study, group)
        _unique(content, "guidance/study/study.yml", (group,), [e.id for e in entries], "id")
        for index, entry in enumerate(entries):
            _refs(content, "guidance/study/study.yml", (group, index, "links"), entry.links, item_ids, "challenge or strategy")
    if study.training_modules.cites not in work_ids:
        content.error("guidance/study/study.yml", ("training_modules", "cites"), f"the work '{study.training_modules.cites}'", "the id of a work in works-cited.yml")

    _check_checklists(content, checklists, {s.id: s for _, s in strategies}, challenge_ids, study)

    signposting = single["guidance/study/signposting.yml"]
    _unique(content, "guidance/study/signposting.yml", ("services",), [s.id for s in signposting.services], "service id")
    for index, service in enumerate(signposting.services):
        _unique(content, "guidance/study/signposting.yml", ("services", index, "nations"), list(service.nations), "nation")

    reading = single["guidance/study/reading-order.yml"]
    if source is not None and source.is_file():
        text = read_source(source, reading)
        for rel, path, quote in all_quotes:
            missing = text.find(quote.text)
            if missing:
                content.error(rel, (*path, "text"), f"words not in the briefing: {missing}", f"the quote verbatim as printed in {source.name}")

    by_path = lambda pairs: tuple(m for _, m in sorted(pairs, key=lambda p: (p[1].order, p[0])))  # noqa: E731
    theme_order = {m.id: m.order for _, m in themes}
    item_key = lambda pair: (theme_order.get(pair[1].theme, 0), pair[1].order)  # noqa: E731
    files = {m.id: rel for rel, m in [*themes, *challenges, *strategies, *checklists]}
    return Guidance(
        themes=by_path(themes),
        challenges=tuple(m for _, m in sorted(challenges, key=item_key)),
        strategies=tuple(m for _, m in sorted(strategies, key=item_key)),
        study=study,
        glossary=glossary,
        works=works,
        respondents=respondents,
        checklists=by_path(checklists),
        files=files,
        signposting=signposting,
    )


def _check_checklists(content: ContentSet, checklists: list, strategies: dict, challenge_ids: set, study: Study) -> None:
    parts = {
        "training-modules": {m.id for m in study.training_modules.modules},
        "conclusions": {c.id for c in study.conclusions},
        "key-findings": {k.id for k in study.key_findings},
    }
    item_ids: dict[str, str] = {}
    used: set[str] = set()
    for rel, checklist in checklists:
        _unique(content, rel, ("sections",), [s.id for s in checklist.sections], "section id")
        for s_index, section in enumerate(checklist.sections):
            where = ("sections", s_index, "items")
            low, high = SECTION_ITEMS
            if not low <= len(section.items) <= high:
                content.error(rel, where, f"{len(section.items)} items", f"{low} to {high} items in a section")
            for i_index, item in enumerate(section.items):
                path = (*where, i_index)
                if item.id in item_ids:
                    content.error(rel, (*path, "id"), f"the item id '{item.id}', already used in {item_ids[item.id]}", "item ids unique across all checklists")
                item_ids[item.id] = rel
                words = len(item.text.split())
                if words > ITEM_WORDS:
                    content.error(rel, (*path, "text"), f"{words} words", f"at most {ITEM_WORDS} words")
                src = item.from_
                given = [k for k in ("strategy", "challenge", "study") if getattr(src, k)]
                if len(given) != 1:
                    content.error(rel, (*path, "from"), f"{len(given)} sources ({', '.join(given) or 'none'})", "exactly one of strategy, challenge or study")
                    continue
                if src.strategy:
                    strategy = strategies.get(src.strategy)
                    if strategy is None:
                        content.error(rel, (*path, "from", "strategy"), f"the strategy '{src.strategy}'", "the id of a strategy in guidance/strategies/")
                    else:
                        used.add(strategy.id)
                        if src.subpoint and src.subpoint not in {s.id for s in strategy.subpoints}:
                            content.error(rel, (*path, "from", "subpoint"), f"the sub-point '{src.subpoint}'", f"a sub-point of {strategy.id}: " + (", ".join(s.id for s in strategy.subpoints) or "it has none"))
                    if src.part:
                        content.error(rel, (*path, "from", "part"), "part with strategy", "part only with study")
                elif src.challenge:
                    if src.challenge not in challenge_ids:
                        content.error(rel, (*path, "from", "challenge"), f"the challenge '{src.challenge}'", "the id of a challenge in guidance/challenges/")
                elif src.study:
                    if src.part not in parts[src.study]:
                        content.error(rel, (*path, "from", "part"), f"the part '{src.part}'", f"the id of one of the study's {src.study}")
                if src.subpoint and not src.strategy:
                    content.error(rel, (*path, "from", "subpoint"), "subpoint without strategy", "subpoint only with strategy")
    if checklists:
        for strategy in strategies.values():
            if strategy.id not in used and not strategy.checklist_reason:
                rel = f"guidance/strategies/{strategy.id}.yml"
                content.error(rel, ("id",), "a strategy no checklist item comes from", "a checklist item from it, or a `checklist_reason`")


def _refs(content: ContentSet, rel: str, path: tuple, values: Iterable[str], known: set[str], what: str) -> None:
    for index, value in enumerate(values):
        if value not in known:
            one = f"an{what}" if what.startswith("other ") else f"{'an' if what[0] in 'aeiou' else 'a'} {what}"
            content.error(rel, (*path, index), f"'{value}', which is not the id of any {what}", f"the id of {one}")


def _unique(content: ContentSet, rel: str, path: tuple, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            content.error(rel, (*path, index), f"the {what} '{value}' a second time", f"each {what} once")
        seen.add(value)
