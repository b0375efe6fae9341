"""Validate every content file and build the knowledge base, collecting every error.

[`load_guidance`][psg.validate.load_guidance] is the one entry point: it reads the
content folders, checks each file against its schema, then checks what no single file
can: unique ids, references that resolve, attributions the study knows, and quotes that
are verbatim in the briefing. It raises [`ContentErrors`][psg.errors.ContentErrors]
listing every problem at once, or returns a [`Guidance`][psg.model.Guidance].
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from psg.content import ContentSet
from psg.errors import ContentError, ContentErrors
from psg.evidence import STYLE_FILE, check_evidence
from psg.fidelity import SourceText
from psg.loader import FieldPath, load_document
from psg.model import Guidance
from psg.schema import (
    ID_PATTERN,
    WORD_PATTERN,
    Attribution,
    Challenge,
    Checklist,
    ChecklistItem,
    Glossary,
    LiteratureQuote,
    PEER_SUPPORTER_SECTIONS,
    Organisation,
    PeerSupporters,
    Quote,
    ReadingOrder,
    Respondent,
    Respondents,
    SpellingVariants,
    Signposting,
    Strategy,
    Study,
    StudyPart,
    SubPoint,
    Style,
    Theme,
    WorksCited,
)

__all__ = [
    "CHECKS",
    "DEFAULT_SOURCE",
    "ContentSet",
    "Parsed",
    "SIGNPOSTING_FILE",
    "find_source",
    "load_guidance",
    "read_source",
]

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
#: The files of the study, one of each.
STUDY_FILE = "guidance/study/study.yml"
GLOSSARY_FILE = "guidance/study/glossary.yml"
WORKS_FILE = "guidance/study/works-cited.yml"
RESPONDENTS_FILE = "guidance/study/respondents.yml"
READING_ORDER_FILE = "guidance/study/reading-order.yml"
#: The page written to peer supporters.
PEER_SUPPORTERS_FILE = "guidance/peer-supporters.yml"
#: The files there is one of each, with the model each must match.
#: The national services readers can contact: the site's own content, not the briefing's.
SIGNPOSTING_FILE = "guidance/study/signposting.yml"
_STUDY: dict[str, type[BaseModel]] = {
    STUDY_FILE: Study,
    GLOSSARY_FILE: Glossary,
    WORKS_FILE: WorksCited,
    RESPONDENTS_FILE: Respondents,
    READING_ORDER_FILE: ReadingOrder,
    SIGNPOSTING_FILE: Signposting,
    STYLE_FILE: Style,
    PEER_SUPPORTERS_FILE: PeerSupporters,
}
#: Files a project may leave out.
VARIANTS_FILE = "guidance/spelling-variants.yml"
_OPTIONAL: dict[str, type[BaseModel]] = {
    VARIANTS_FILE: SpellingVariants,
}


_SCRIPT_LINK = re.compile(r"(?:java|vb)script\s*:|\]\(\s*data\s*:|\]:\s*data\s*:", re.IGNORECASE)
_HTML = re.compile(r"<\s*[A-Za-z/!?]|javascript\s*:|\bon[a-z]+\s*=|\]\(\s*(?:data|vbscript)\s*:", re.IGNORECASE)


def find_source(root: Path, named: str | None = None) -> Path:
    """Return the path of the briefing's text: the one named, or the default beside the project.

    Args:
        root: The project root.
        named: A path the adapter was given, such as `$PSG_SOURCE`; empty or None for
            the default, `DEFAULT_SOURCE` under the root.

    Returns:
        The path (the file may be missing).
    """
    return Path(named) if named else (root / DEFAULT_SOURCE).resolve()


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
        parsed = Parsed.of(content)
        for check in CHECKS:
            check(content, parsed)
        check_evidence(content, source)
        if check_quotes and source is not None and source.is_file():
            _check_quotes_verbatim(content, parsed, source)
        if not content.errors:
            return _assemble(parsed)
    raise ContentErrors(content.errors)


# -------------------------------------------------------------------------------------
# Per-file parsing and schema checks
# -------------------------------------------------------------------------------------


def _parse_all(content: ContentSet) -> None:
    """Parse every content file the project has or should have, and check each against its model."""
    expected = {**_folder_files(content), **_study_files(content), **_optional_files(content)}
    _check_no_stray_files(content)
    for rel, kind in expected.items():
        _parse_file(content, rel, kind)


def _folder_files(content: ContentSet) -> dict[str, type[BaseModel]]:
    """The files of each content folder, with the model each must match."""
    expected: dict[str, type[BaseModel]] = {}
    for folder, kind in _FOLDERS.items():
        base = content.root / folder
        if not base.is_dir():
            content.errors.append(ContentError(folder, 0, 0, "", "no such folder", f"a folder of {kind.__name__} files"))
            continue
        for path in sorted(base.iterdir()):
            rel = path.relative_to(content.root).as_posix()
            if path.is_dir() or path.name.startswith("."):
                continue
            if path.suffix != ".yml":
                content.errors.append(ContentError(rel, 1, 1, "", f"a file named {path.name}", "only <id>.yml files in this folder"))
                continue
            expected[rel] = kind
    return expected


def _study_files(content: ContentSet) -> dict[str, type[BaseModel]]:
    """The study's files, one of each, with the model each must match."""
    expected: dict[str, type[BaseModel]] = {}
    for rel, kind in _STUDY.items():
        if not (content.root / rel).is_file():
            content.errors.append(ContentError(rel, 0, 0, "", "no such file", f"a {kind.__name__} file"))
        else:
            expected[rel] = kind
    return expected


def _optional_files(content: ContentSet) -> dict[str, type[BaseModel]]:
    """The optional files the project has, with the model each must match."""
    return {rel: kind for rel, kind in _OPTIONAL.items() if (content.root / rel).is_file()}


def _check_no_stray_files(content: ContentSet) -> None:
    """Refuse files and folders the format does not know, under `guidance/`."""
    root = content.root
    study_dir = root / "guidance" / "study"
    if study_dir.is_dir():
        for path in sorted(study_dir.iterdir()):
            rel = path.relative_to(root).as_posix()
            if rel not in _STUDY and not path.name.startswith("."):
                content.errors.append(ContentError(rel, 1, 1, "", "an unknown file", "only " + ", ".join(p.rsplit("/", 1)[1] for p in _STUDY if p.startswith("guidance/study/"))))
    guidance_dir = root / "guidance"
    if guidance_dir.is_dir():
        top_files = {Path(rel).name for rel in (*_STUDY, *_OPTIONAL) if Path(rel).parent == Path("guidance")}
        known = {"themes", "challenges", "strategies", "study", *top_files}
        for path in sorted(guidance_dir.iterdir()):
            if path.name not in known and not path.name.startswith("."):
                rel = path.relative_to(root).as_posix()
                content.errors.append(ContentError(rel, 1, 1, "", "an unknown file or folder", "only themes/, challenges/, strategies/, study/, style.yml, peer-supporters.yml and spelling-variants.yml"))


def _parse_file(content: ContentSet, rel: str, kind: type[BaseModel]) -> None:
    """Load one file, refuse markup in it, and check it against its model."""
    document, errors = load_document(content.root / rel, rel)
    content.errors.extend(errors)
    if document is None:
        return
    content.documents[rel] = document
    if not isinstance(document.data, dict):
        content.error(rel, (), f"a {type(document.data).__name__}", "a mapping of fields")
        return
    _check_markup(content, rel, document.data, ())
    try:
        model = kind.model_validate(document.data)
    except ValidationError as exc:
        for err in exc.errors():
            content.error(rel, tuple(err["loc"]), _describe_found(err), _describe_expected(err))
        return
    content.models[rel] = model
    model_id = getattr(model, "id", None)
    if rel not in _STUDY and rel not in _OPTIONAL and model_id != Path(rel).stem:
        content.error(rel, ("id",), f"the id '{model_id}' in a file named {Path(rel).name}", f"the file to be named {model_id}.yml")


def _describe_found(err: ErrorDetails) -> str:
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


def _describe_expected(err: ErrorDetails) -> str:
    if err["type"] == "missing":
        return "this required field"
    if err["type"] == "extra_forbidden":
        return "only the fields the format defines (check the spelling)"
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        return "an id: lowercase letters, digits and single hyphens, starting with a letter"
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == WORD_PATTERN:
        return "one word of 2 to 40 lowercase letters a to z, with no spaces, hyphens or apostrophes"
    msg = err["msg"]
    msg = msg.replace("Input should be", "").replace("String should", "text that should").strip()
    return msg[0].lower() + msg[1:] if msg else "a valid value"


def _check_markup(content: ContentSet, rel: str, value: Any, path: FieldPath) -> None:
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
# Cross-file checks: each is a named function over the parsed content
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """Every content file's model, typed, for the checks no single file can make.

    Each list holds (display path, model) pairs in path order. `spelling_variants` is
    None when the optional `guidance/spelling-variants.yml` is absent.
    """

    themes: list[tuple[str, Theme]]
    challenges: list[tuple[str, Challenge]]
    strategies: list[tuple[str, Strategy]]
    checklists: list[tuple[str, Checklist]]
    study: Study
    glossary: Glossary
    works: WorksCited
    respondents: Respondents
    reading_order: ReadingOrder
    peer_supporters: PeerSupporters
    spelling_variants: SpellingVariants | None
    signposting: Signposting

    @classmethod
    def of(cls, content: ContentSet) -> Parsed:
        """Gather the models of a content set in which every file parsed."""
        return cls(
            themes=content.of(Theme),
            challenges=content.of(Challenge),
            strategies=content.of(Strategy),
            checklists=content.of(Checklist),
            study=content.one(STUDY_FILE, Study),
            glossary=content.one(GLOSSARY_FILE, Glossary),
            works=content.one(WORKS_FILE, WorksCited),
            respondents=content.one(RESPONDENTS_FILE, Respondents),
            reading_order=content.one(READING_ORDER_FILE, ReadingOrder),
            peer_supporters=content.one(PEER_SUPPORTERS_FILE, PeerSupporters),
            spelling_variants=content.one(VARIANTS_FILE, SpellingVariants) if VARIANTS_FILE in content.models else None,
            signposting=content.one(SIGNPOSTING_FILE, Signposting),
        )

    @property
    def items(self) -> list[tuple[str, Challenge | Strategy]]:
        """The challenges, then the strategies."""
        return [*self.challenges, *self.strategies]

    @property
    def challenge_ids(self) -> set[str]:
        """The id of every challenge."""
        return {m.id for _, m in self.challenges}

    @property
    def strategy_ids(self) -> set[str]:
        """The id of every strategy."""
        return {m.id for _, m in self.strategies}

    @property
    def work_ids(self) -> set[str]:
        """The id of every cited work."""
        return {w.id for w in self.works.works}


class _QuoteAt(NamedTuple):
    """A quote and where it is: its file and its field path."""

    rel: str
    path: FieldPath
    quote: Quote | LiteratureQuote


def _check_unique_ids(content: ContentSet, parsed: Parsed) -> None:
    """Ids are unique across themes, challenges, strategies and checklists."""
    seen: dict[str, str] = {}
    entries: list[tuple[str, Theme | Challenge | Strategy | Checklist]] = [*parsed.themes, *parsed.items, *parsed.checklists]
    for rel, model in entries:
        if model.id in seen:
            content.error(rel, ("id",), f"the id '{model.id}', already used in {seen[model.id]}", "ids unique across all content")
        seen[model.id] = rel


def _check_works(content: ContentSet, parsed: Parsed) -> None:
    """Each cited work has its own id."""
    _unique(content, WORKS_FILE, ("works",), [w.id for w in parsed.works.works], "work id")


def _check_item_places(content: ContentSet, parsed: Parsed) -> None:
    """Each challenge and strategy belongs to a theme, at a position no other item takes."""
    theme_ids = {m.id for _, m in parsed.themes}
    orders: dict[tuple[str, int], str] = {}
    for rel, item in parsed.items:
        if item.theme not in theme_ids:
            content.error(rel, ("theme",), f"the theme '{item.theme}'", "one of: " + ", ".join(sorted(theme_ids)))
        key = (item.theme, item.order)
        if key in orders:
            content.error(rel, ("order",), f"order {item.order}, already used in {orders[key]}", "a position unique within the theme")
        orders[key] = rel


def _check_strategy_links(content: ContentSet, parsed: Parsed) -> None:
    """A strategy's `addresses` and `related` name real items; its sub-points have their own ids."""
    for rel, strategy in parsed.strategies:
        _refs(content, rel, ("addresses",), strategy.addresses, parsed.challenge_ids, "challenge")
        _refs(content, rel, ("related",), strategy.related, parsed.strategy_ids - {strategy.id}, "other strategy")
        _unique(content, rel, ("subpoints",), [s.id for s in strategy.subpoints], "sub-point id")


def _check_challenge_coverage(content: ContentSet, parsed: Parsed) -> None:
    """Every challenge is addressed by a strategy, or says with `no_strategy` why not."""
    addressed = {c for _, s in parsed.strategies for c in s.addresses}
    for rel, challenge in parsed.challenges:
        if challenge.no_strategy:
            _refs(content, rel, ("no_strategy", "see"), challenge.no_strategy.see, parsed.strategy_ids, "strategy")
            if challenge.id in addressed:
                content.error(rel, ("no_strategy",), "no_strategy, but a strategy lists this challenge in `addresses`", "no_strategy only on challenges no strategy addresses")
        elif challenge.id not in addressed:
            content.error(rel, ("id",), "a challenge that no strategy addresses", "a strategy with this id in `addresses`, or a `no_strategy` note")


def _check_perspectives(content: ContentSet, parsed: Parsed) -> None:
    """Each position in a disagreement names quotes printed in the same file."""
    for rel, item in parsed.items:
        groups: list[tuple[FieldPath, Challenge | Strategy | SubPoint]] = [((), item)]
        if isinstance(item, Strategy):
            groups += [(("subpoints", index), sub) for index, sub in enumerate(item.subpoints)]
        local_ids = {q.id for _, holder in groups for q in holder.evidence}
        for prefix, holder in groups:
            for p_index, perspective in enumerate(holder.perspectives):
                for pos_index, position in enumerate(perspective.positions):
                    where = (*prefix, "perspectives", p_index, "positions", pos_index, "quotes")
                    _refs(content, rel, where, position.quotes, local_ids, "quote in this file")


def _check_glossary(content: ContentSet, parsed: Parsed) -> None:
    """Each glossary term has its own id."""
    _unique(content, GLOSSARY_FILE, ("terms",), [t.id for t in parsed.glossary.terms], "term id")


def _check_quotes(content: ContentSet, parsed: Parsed) -> None:
    """Quote ids are unique; attributions match the study's respondents; literature cites known works."""
    seen: dict[str, str] = {}
    people = {r.number: r for r in parsed.respondents.respondents}
    orgs = {o.letter: o for o in parsed.respondents.organisations}
    for rel, path, quote in _all_quotes(parsed):
        if quote.id in seen:
            content.error(rel, (*path, "id"), f"the quote id '{quote.id}', already used in {seen[quote.id]}", "quote ids unique across all content")
        seen[quote.id] = rel
        if isinstance(quote, Quote):
            _check_attribution(content, rel, (*path, "attribution"), quote.attribution, people, orgs)
        elif quote.cites not in parsed.work_ids:
            content.error(rel, (*path, "cites"), f"the work '{quote.cites}'", f"the id of a work in {WORKS_FILE}")


def _check_attribution(
    content: ContentSet,
    rel: str,
    where: FieldPath,
    attribution: Attribution,
    people: dict[int, Respondent],
    orgs: dict[str, Organisation],
) -> None:
    """An attribution names a respondent the study quotes, as the study describes them."""
    person = people.get(attribution.respondent)
    if person is None:
        known = ", ".join(str(n) for n in sorted(people))
        content.error(rel, (*where, "respondent"), f"respondent {attribution.respondent}, whom the study does not quote", f"one of the quoted respondents ({known})")
        return
    if person.peer_supporter != attribution.peer_supporter:
        kind = "a peer supporter respondent" if person.peer_supporter else "not a peer supporter respondent"
        content.error(rel, (*where, "peer_supporter"), f"peer_supporter: {str(attribution.peer_supporter).lower()}", f"{str(person.peer_supporter).lower()}: respondent {person.number} is {kind}")
    if person.organisation != attribution.organisation:
        content.error(rel, (*where, "organisation"), f"organisation {attribution.organisation}", f"{person.organisation}: respondent {person.number} is from {person.organisation}")
    org = orgs.get(attribution.organisation)
    if org is not None and org.type != attribution.organisation_type:
        content.error(rel, (*where, "organisation_type"), attribution.organisation_type, f"{org.type}: the briefing calls {org.letter} an {org.type}")


def _check_respondents(content: ContentSet, parsed: Parsed) -> None:
    """Each quoted respondent belongs to a listed organisation."""
    orgs = {o.letter for o in parsed.respondents.organisations}
    for person in parsed.respondents.respondents:
        if person.organisation not in orgs:
            content.error(RESPONDENTS_FILE, ("respondents",), f"respondent {person.number} at organisation {person.organisation}", "an organisation listed under `organisations`")


def _check_study(content: ContentSet, parsed: Parsed) -> None:
    """The study's findings have their own ids and link real items; its training modules cite a known work."""
    study = parsed.study
    item_ids = parsed.challenge_ids | parsed.strategy_ids
    for group in ("key_findings", "limitations", "conclusions"):
        entries = getattr(study, group)
        _unique(content, STUDY_FILE, (group,), [e.id for e in entries], "id")
        for index, entry in enumerate(entries):
            _refs(content, STUDY_FILE, (group, index, "links"), entry.links, item_ids, "challenge or strategy")
    if study.training_modules.cites not in parsed.work_ids:
        content.error(STUDY_FILE, ("training_modules", "cites"), f"the work '{study.training_modules.cites}'", "the id of a work in works-cited.yml")


def _check_signposting(content: ContentSet, parsed: Parsed) -> None:
    """Each national service has its own id, and names each nation it covers once."""
    _unique(content, SIGNPOSTING_FILE, ("services",), [s.id for s in parsed.signposting.services], "service id")
    for index, service in enumerate(parsed.signposting.services):
        _unique(content, SIGNPOSTING_FILE, ("services", index, "nations"), list(service.nations), "nation")


def _check_checklists(content: ContentSet, parsed: Parsed) -> None:
    """Checklist sections hold 5 to 9 short items, each from exactly one known source."""
    item_ids: dict[str, str] = {}
    for rel, checklist in parsed.checklists:
        _unique(content, rel, ("sections",), [s.id for s in checklist.sections], "section id")
        for s_index, section in enumerate(checklist.sections):
            where: FieldPath = ("sections", s_index, "items")
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
                _check_item_source(content, parsed, rel, path, item)


def _check_item_source(content: ContentSet, parsed: Parsed, rel: str, path: FieldPath, item: ChecklistItem) -> None:
    """A checklist item comes from exactly one strategy (and sub-point), challenge or part of the study."""
    src = item.from_
    given = [k for k in ("strategy", "challenge", "study") if getattr(src, k)]
    if len(given) != 1:
        content.error(rel, (*path, "from"), f"{len(given)} sources ({', '.join(given) or 'none'})", "exactly one of strategy, challenge or study")
        return
    strategies = {s.id: s for _, s in parsed.strategies}
    if src.strategy:
        strategy = strategies.get(src.strategy)
        if strategy is None:
            content.error(rel, (*path, "from", "strategy"), f"the strategy '{src.strategy}'", "the id of a strategy in guidance/strategies/")
        elif src.subpoint and src.subpoint not in {s.id for s in strategy.subpoints}:
            content.error(rel, (*path, "from", "subpoint"), f"the sub-point '{src.subpoint}'", f"a sub-point of {strategy.id}: " + (", ".join(s.id for s in strategy.subpoints) or "it has none"))
        if src.part:
            content.error(rel, (*path, "from", "part"), "part with strategy", "part only with study")
    elif src.challenge:
        if src.challenge not in parsed.challenge_ids:
            content.error(rel, (*path, "from", "challenge"), f"the challenge '{src.challenge}'", "the id of a challenge in guidance/challenges/")
    elif src.study and src.part not in _study_parts(parsed.study)[src.study]:
        content.error(rel, (*path, "from", "part"), f"the part '{src.part}'", f"the id of one of the study's {src.study}")
    if src.subpoint and not src.strategy:
        content.error(rel, (*path, "from", "subpoint"), "subpoint without strategy", "subpoint only with strategy")


def _check_checklist_coverage(content: ContentSet, parsed: Parsed) -> None:
    """Some checklist item comes from every strategy, unless it says why none does."""
    if not parsed.checklists:
        return
    entries = [entry.from_ for _, c in parsed.checklists for s in c.sections for entry in s.items]
    used = {src.strategy for src in entries if src.strategy and not (src.challenge or src.study)}
    for rel, strategy in parsed.strategies:
        if strategy.id not in used and not strategy.checklist_reason:
            content.error(rel, ("id",), "a strategy no checklist item comes from", "a checklist item from it, or a `checklist_reason`")


def _check_peer_supporters(content: ContentSet, parsed: Parsed) -> None:
    """The peer supporters' page has each of its sections once, in order; its `more` ids name real pages."""
    rel, page = PEER_SUPPORTERS_FILE, parsed.peer_supporters
    ids: list[str] = [section.id for section in page.sections]
    order = ", ".join(PEER_SUPPORTER_SECTIONS)
    for index, section_id in enumerate(ids):
        if section_id in ids[:index]:
            content.error(rel, ("sections", index, "id"), f"the section '{section_id}' a second time", "each section once")
    missing = [wanted for wanted in PEER_SUPPORTER_SECTIONS if wanted not in ids]
    if missing:
        named = ", ".join(f"'{m}'" for m in missing)
        content.error(rel, ("sections",), f"no section {named}", f"every one of these sections, in this order: {order}")
    present = [section_id for section_id in PEER_SUPPORTER_SECTIONS if section_id in ids]
    firsts = list(dict.fromkeys(ids))
    if firsts != present:
        section_id, wanted = next((s, w) for s, w in zip(firsts, present) if s != w)
        position = ids.index(section_id)
        content.error(rel, ("sections", position, "id"), f"the section '{section_id}' as section {position + 1}", f"'{wanted}' there: the sections go in this order: {order}")
    pages = parsed.challenge_ids | parsed.strategy_ids
    for index, section in enumerate(page.sections):
        _refs(content, rel, ("sections", index, "more"), section.more, pages, "challenge or strategy")
def _check_variants(content: ContentSet, parsed: Parsed) -> None:
    """The spelling variants: no word mapped to itself, and no chains (a right-hand word also on the left)."""
    table = parsed.spelling_variants
    if table is None:
        return
    for other, used in table.variants.items():
        if other == used:
            content.error(VARIANTS_FILE, ("variants", other), f"'{other}' mapped to itself", "a different spelling on the right")
        elif used in table.variants:
            content.error(VARIANTS_FILE, ("variants", other), f"'{other}: {used}', but '{used}' is itself on the left", "the guidance's own spelling on the right, never itself on the left")


def _check_quotes_verbatim(content: ContentSet, parsed: Parsed, source: Path) -> None:
    """Every quote is word for word in the briefing's text, read in its reading order."""
    text = read_source(source, parsed.reading_order)
    for rel, path, quote in _all_quotes(parsed):
        missing = text.find(quote.text)
        if missing:
            content.error(rel, (*path, "text"), f"words not in the briefing: {missing}", f"the quote verbatim as printed in {source.name}")


#: The checks no single file can make, run in this order on content whose every file
#: parsed. Each records errors and never stops the others. The quote check, which needs
#: the briefing's text, runs after them.
CHECKS: tuple[Callable[[ContentSet, Parsed], None], ...] = (
    _check_unique_ids,
    _check_works,
    _check_item_places,
    _check_strategy_links,
    _check_challenge_coverage,
    _check_perspectives,
    _check_glossary,
    _check_quotes,
    _check_respondents,
    _check_study,
    _check_signposting,
    _check_checklists,
    _check_checklist_coverage,
    _check_peer_supporters,
    _check_variants,
)


def _assemble(parsed: Parsed) -> Guidance:
    """Build the knowledge base from checked content, in the briefing's order."""
    theme_order = {m.id: m.order for _, m in parsed.themes}

    def item_key(pair: tuple[str, Challenge | Strategy]) -> tuple[int, int]:
        return theme_order.get(pair[1].theme, 0), pair[1].order

    files = {m.id: rel for rel, m in [*parsed.themes, *parsed.items, *parsed.checklists]}
    return Guidance(
        themes=tuple(m for _, m in sorted(parsed.themes, key=lambda p: (p[1].order, p[0]))),
        challenges=tuple(m for _, m in sorted(parsed.challenges, key=item_key)),
        strategies=tuple(m for _, m in sorted(parsed.strategies, key=item_key)),
        study=parsed.study,
        glossary=parsed.glossary,
        works=parsed.works,
        respondents=parsed.respondents,
        checklists=tuple(m for _, m in sorted(parsed.checklists, key=lambda p: (p[1].order, p[0]))),
        peer_supporters=parsed.peer_supporters,
        files=files,
        spelling_variants=parsed.spelling_variants or SpellingVariants(variants={}),
        signposting=parsed.signposting,
    )


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _all_quotes(parsed: Parsed) -> list[_QuoteAt]:
    """Every quote, respondent and literature, with its file and field path."""
    found: list[_QuoteAt] = []
    for rel, item in parsed.items:
        found += [_QuoteAt(rel, ("evidence", index), quote) for index, quote in enumerate(item.evidence)]
        if isinstance(item, Strategy):
            for s_index, sub in enumerate(item.subpoints):
                found += [_QuoteAt(rel, ("subpoints", s_index, "evidence", index), quote) for index, quote in enumerate(sub.evidence)]
        found += [_QuoteAt(rel, ("literature", index), quote) for index, quote in enumerate(item.literature)]
    for t_index, term in enumerate(parsed.glossary.terms):
        found += [_QuoteAt(GLOSSARY_FILE, ("terms", t_index, "literature", index), quote) for index, quote in enumerate(term.literature)]
    return found


def _study_parts(study: Study) -> dict[StudyPart, set[str]]:
    """The ids a checklist item's `part` may name, for each part of the study."""
    return {
        "training-modules": {m.id for m in study.training_modules.modules},
        "conclusions": {c.id for c in study.conclusions},
        "key-findings": {k.id for k in study.key_findings},
    }


def _refs(content: ContentSet, rel: str, path: FieldPath, values: Iterable[str], known: set[str], what: str) -> None:
    for index, value in enumerate(values):
        if value not in known:
            one = f"an{what}" if what.startswith("other ") else f"{'an' if what[0] in 'aeiou' else 'a'} {what}"
            content.error(rel, (*path, index), f"'{value}', which is not the id of any {what}", f"the id of {one}")


def _unique(content: ContentSet, rel: str, path: FieldPath, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            content.error(rel, (*path, index), f"the {what} '{value}' a second time", f"each {what} once")
        seen.add(value)
