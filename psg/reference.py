"""Field-by-field references, generated from the models so they cannot drift.

[`content_format_reference`][psg.reference.content_format_reference] describes every
kind of content file, field by field, from the models in [`psg.schema`][];
[`export_format_reference`][psg.reference.export_format_reference] does the same for
`data/guidance.json`, from the models in [`psg.dataformat`][]. Each field is shown with what
it is for, whether it is required, what it holds, and an example taken from the real
content, so the examples are always current too.

The maintainers' pages ask for them with the markers `<!-- psg:format-reference -->`
and `<!-- psg:export-reference -->` (see [`psg.markers`][]).
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union

from pydantic import BaseModel

from psg.data import guidance_data
from psg.dataformat import GuidanceExport
from psg.jsonschema import SCHEMAS, schema_file
from psg.model import Guidance
from psg.schema import AUDIENCES, STAGES, DateText, Id, Prose

__all__ = [
    "FIELD_NOTES",
    "FieldDoc",
    "ModelDoc",
    "content_format_reference",
    "document_models",
    "export_format_reference",
]

#: What a field is for, by field name, where its model only says what type it is.
FIELD_NOTES: dict[str, str] = {
    "id": "A unique id. Lowercase letters, digits and single hyphens, starting with a letter.",
    "title": "The heading, as the briefing words it.",
    "summary": "One or two plain sentences a reader can act on.",
    "description": "The longer text, in plain words.",
    "actions": "Concrete actions, each starting with a verb.",
    "evidence": "Respondent quotes printed under this heading, word for word.",
    "perspectives": "Questions on which respondents disagreed; the positions are shown side by side.",
    "source": "Where in the briefing this comes from.",
    "last_reviewed": "When it was last checked against the briefing.",
    "text": "The text itself.",
    "detail": "More about the term, shown on the definitions page.",
    "literature": "Quotes the briefing takes from other studies.",
    "cites": "The id of the work in `guidance/study/works-cited.yml`.",
    "links": "Ids of the challenges or strategies it speaks to.",
    "subpoints": "The named parts of the strategy, each with its own section on the page.",
    "positions": "The positions respondents took, at least two.",
    "items": "The items, in order.",
    "sections": "The checklist's sections (pause points), in order.",
    "terms": "The defined terms, in order.",
    "works": "The cited works.",
    "organisations": "The organisations and initiatives, by letter.",
    "respondents": "The respondents the briefing quotes.",
    "modules": "The modules, in the order the briefing lists them.",
    "intro": "The text introducing the list.",
    "non_peer_staff": "What the briefing says about training staff who are not peer supporters.",
    "key_findings": "The briefing's key findings, in plain words.",
    "limitations": "The limitations of the study.",
    "conclusions": "The briefing's conclusions and implications.",
    "training_modules": "The training modules the briefing lists from another study.",
    "method": "How the study was done, with its numbers.",
    "ranges": "The runs of lines that make up the briefing's reading order.",
    "dropped": "Lines of the extracted text that are not part of the briefing's prose.",
    "order": "Its position, counting from 1.",
    "number": "The respondent's number in the briefing.",
    "letter": "The organisation's letter.",
    "type": "Whether the briefing calls it an organisation or an initiative.",
    "project": "The research project the briefing belongs to.",
    "publisher": "The institution the briefing comes from.",
    "source_notes": "Notes on the extracted text of the briefing.",
    "details": "More about the method, one paragraph each.",
    "regions": "Where the organisations were.",
    "note": "A short note.",
    "line": "The line's number in the briefing's text file.",
    "to": "The last line of the run.",
    "from": "The first line of the run.",
    "attribution": "Who said it, exactly as the briefing attributes it, as structured data.",
    "name": "The site's name.",
    "question": "The question, asked neutrally.",
    "label": "The position in a few words.",
    "quotes": "Ids of quotes, on the same page, that voice this.",
    "see": "Ids of the strategies the briefing discusses alongside it.",
    "audiences": "Who it is for.",
    "stages": "The stages of an initiative it speaks to.",
    "strategy": "The id of the strategy it comes from.",
    "subpoint": "With `strategy`: the id of the strategy's sub-point it comes from.",
    "challenge": "The id of the challenge it comes from.",
    "study": "The part of the study it comes from.",
    "peer_supporter_respondents": "How many respondents had worked as peer supporters.",
    "peer_supporter_organisations": "How many organisations those peer supporters came from.",
    "other_respondents": "How many respondents set up, supported, supervised or managed peer support.",
    "other_organisations": "How many organisations those other respondents came from.",
    "quoted_respondents": "How many respondents the briefing quotes.",
    "year": "The year, as the briefing cites it.",
    "peer_supporter": "True for a respondent the briefing calls a 'Peer supporter respondent'.",
    "organisation": "The letter of the respondent's organisation.",
    "site": "The site the data comes from.",
    "themes": "The themes, in the briefing's order.",
    "checklists": "The checklists, in order.",
    "purpose": "What the checklist is for, in a sentence or two.",
}

#: Descriptions that only name a type: a field carrying one is described by FIELD_NOTES.
_GENERIC = re.compile(r"^(Plain text\.|An identifier:.*|Text in Markdown.*|A date written YYYY-MM-DD\.)$")

#: The longest example shown, in characters.
EXAMPLE_WIDTH = 70


@dataclass
class FieldDoc:
    """One field, described for people."""

    name: str
    required: bool
    purpose: str
    holds: str
    example: str | None = None


@dataclass
class ModelDoc:
    """One model (a kind of file, or a part of one), described for people."""

    model: type[BaseModel]
    anchor: str
    name: str
    intro: str
    fields: list[FieldDoc] = field(default_factory=list)


# -------------------------------------------------------------------------------------
# Public functions
# -------------------------------------------------------------------------------------


def content_format_reference(guidance: Guidance, uri: str = "") -> str:
    """Return the reference to the content format, as Markdown.

    Args:
        guidance: The knowledge base, whose content gives the examples.
        uri: The page's source path (unused; markers receive it).

    Returns:
        One section per kind of content file, each followed by the parts it contains.
    """
    instances: list[BaseModel] = [
        *guidance.themes,
        *guidance.challenges,
        *guidance.strategies,
        *guidance.checklists,
        guidance.study,
        guidance.glossary,
        guidance.works,
        guidance.respondents,
        guidance.peer_supporters,
        guidance.spelling_variants,
        *([guidance.signposting] if guidance.signposting else []),
    ]
    examples = _examples(instances)
    seen: set[type[BaseModel]] = set()
    out: list[str] = []
    for name, model in SCHEMAS.items():
        docs = document_models(model, examples, seen)
        top, parts = docs[0], docs[1:]
        out += [f"## {_kind_title(name)} {{ #{top.anchor} }}", "", top.intro, ""]
        out.append(f"Editors check these files against `schemas/{schema_file(name)}`.")
        out.append("")
        out += _table(top)
        for part in parts:
            out += [f"### {part.name} {{ #{part.anchor} }}", "", part.intro, ""]
            out += _table(part)
    return "\n".join(out).rstrip() + "\n"


def export_format_reference(guidance: Guidance, uri: str = "") -> str:
    """Return the reference to the format of `data/guidance.json`, as Markdown.

    Args:
        guidance: The knowledge base, whose exported data gives the examples.
        uri: The page's source path (unused; markers receive it).

    Returns:
        The top-level document, then each object it contains.
    """
    examples = _examples([guidance_data(guidance)])
    docs = document_models(GuidanceExport, examples, set(), anchor_prefix="json-")
    out: list[str] = []
    for index, doc in enumerate(docs):
        title = "The document" if index == 0 else doc.name
        out += [f"### {title} {{ #{doc.anchor} }}", "", doc.intro, ""]
        out += _table(doc)
    return "\n".join(out).rstrip() + "\n"


def document_models(
    model: type[BaseModel],
    examples: dict[tuple[type[BaseModel], str], Any],
    seen: set[type[BaseModel]],
    anchor_prefix: str = "",
) -> list[ModelDoc]:
    """Describe a model and every model it contains that is not in `seen` yet.

    Args:
        model: The model to describe.
        examples: Example values by (model, field name), from real data.
        seen: Models already described elsewhere on the page; updated.
        anchor_prefix: Put before every anchor, to keep two references on one page apart.

    Returns:
        The model's description first, then its parts', depth first.
    """
    docs: list[ModelDoc] = []
    queue = [model]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        doc = ModelDoc(current, _anchor(current, anchor_prefix), _model_name(current), _intro(current))
        hints = typing.get_type_hints(current, include_extras=True)
        for name, info in current.model_fields.items():
            key = info.alias or name
            hint = hints[name]
            holds, nested = _holds(hint, anchor_prefix)
            queue.extend(m for m in nested if m not in seen and m not in queue)
            description = info.description or ""
            if not description or _GENERIC.match(description):
                description = FIELD_NOTES.get(key, description or "")
            nullable = holds.endswith(" (or nothing)")
            holds = holds.removesuffix(" (or nothing)")
            limits = _limits(info.metadata, holds.startswith("a list"))
            if holds.startswith("a list") and limits:
                holds = holds.replace("a list", f"a list ({limits.removeprefix(', ')})", 1)
            else:
                holds += limits
            holds += " (or nothing)" if nullable else ""
            required = info.is_required()
            default = None if required else info.get_default(call_default_factory=True)
            if not required and default not in (None, [], {}):
                holds += f"; if left out, `{json.dumps(default)}`"
            example = examples.get((current, name))
            doc.fields.append(FieldDoc(key, required, description, holds, _example(key, example) if example is not None else None))
        docs.append(doc)
    return docs


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _kind_title(name: str) -> str:
    return {
        "theme": "Theme files",
        "challenge": "Challenge files",
        "strategy": "Strategy files",
        "checklist": "Checklist files",
        "study": "The study file",
        "glossary": "The glossary file",
        "works-cited": "The works-cited file",
        "respondents": "The respondents file",
        "reading-order": "The reading-order file",
        "style": "The style file",
        "peer-supporters": "The peer supporters' page",
        "spelling-variants": "The spelling-variants file",
        "signposting": "The signposting file",
    }.get(name, name)


def _model_name(model: type[BaseModel]) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__.removeprefix("Export")).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else model.__name__


def _anchor(model: type[BaseModel], prefix: str) -> str:
    return prefix + re.sub(r"(?<!^)(?=[A-Z])", "-", model.__name__.removeprefix("Export")).lower()


def _intro(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip()
    doc = re.sub(r"\s*\n\s*", " ", doc.split("\n\n")[0]) if doc else ""
    return doc


def _holds(hint: Any, prefix: str) -> tuple[str, list[type[BaseModel]]]:
    """Say in plain words what a field holds, and list the models it contains."""
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        text, nested = _holds(options[0], prefix) if len(options) == 1 else ("a value", [])
        return text + " (or nothing)", nested
    if hint is Prose:
        return "text, with Markdown (paragraphs, lists, links)", []
    if hint is DateText:
        return "a date, `YYYY-MM-DD`", []
    if hint is Id:
        return "an id", []
    if origin is typing.Annotated:
        return _holds(typing.get_args(hint)[0], prefix)
    if origin is Literal:
        values = typing.get_args(hint)
        labels = {**AUDIENCES, **STAGES}
        return "one of: " + ", ".join(f"`{v}`" + (f" ({labels[v]})" if v in labels else "") for v in values), []
    if origin is list:
        text, nested = _holds(typing.get_args(hint)[0], prefix)
        return "a list, each " + text, nested
    if origin is dict:
        return "a mapping of text to text", []
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        name = _model_name(hint).lower()
        article = "an" if name[0] in "aeiou" else "a"
        return f"{article} [{name}](#{_anchor(hint, prefix)})", [hint]
    return {str: "text", int: "a whole number", bool: "`true` or `false`"}.get(hint, getattr(hint, "__name__", str(hint))), []


def _limits(metadata: list[Any], is_list: bool) -> str:
    """Say the limits a field's value must keep, such as "from 1 to 25"."""
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    fewest = next((m.min_length for m in metadata if hasattr(m, "min_length") and m.min_length), None)
    most = next((m.max_length for m in metadata if hasattr(m, "max_length") and m.max_length), None)
    parts = []
    if low is not None and high is not None:
        parts.append(f"from {low} to {high}")
    elif low is not None:
        parts.append(f"{low} or more")
    if is_list and fewest and most and fewest == most:
        parts.append(f"exactly {fewest}")
    elif is_list and fewest:
        parts.append(f"at least {fewest}")
    return (", " + ", ".join(parts)) if parts else ""


def _examples(instances: list[BaseModel]) -> dict[tuple[type[BaseModel], str], Any]:
    """Collect, for every (model, field), the first value that is set, from real data."""
    found: dict[tuple[type[BaseModel], str], Any] = {}

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                item = getattr(value, name)
                key = (type(value), name)
                if key not in found and item not in (None, [], {}, ""):
                    found[key] = item
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    for instance in instances:
        walk(instance)
    return found


def _example(key: str, value: Any) -> str | None:
    """Format an example as a line of YAML, shortened to fit; None for nested parts."""
    if isinstance(value, BaseModel) or (isinstance(value, (list, tuple)) and value and isinstance(value[0], BaseModel)):
        return None
    if isinstance(value, dict):
        value = dict(list(value.items())[:1])
    if isinstance(value, (list, tuple)):
        shown = [_shorten(v, 40) if isinstance(v, str) else v for v in value[:2]]
        text = json.dumps(shown, ensure_ascii=False)
        if len(value) > 2:
            text = text[:-1] + ", …]"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = _shorten(value, EXAMPLE_WIDTH)
        if re.search(r"^[\[{&*!|>'\"%@`#-]|: | #|^(true|false|null|\d+)$", text):
            text = json.dumps(text, ensure_ascii=False)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return f"{key}: {text}"


def _shorten(text: str, width: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _table(doc: ModelDoc) -> list[str]:
    lines = ["| Field | What it is for | What it holds | Example |", "| --- | --- | --- | --- |"]
    for f in doc.fields:
        example = _code(f.example) if f.example else ""
        need = "**Required.**" if f.required else "*Optional.*"
        lines.append(f"| `{f.name}` | {need} {_cell(f.purpose)} | {_cell(f.holds)} | {example} |")
    lines.append("")
    return lines


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|")


def _code(text: str) -> str:
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
