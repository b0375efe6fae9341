"""The guidance as data: `data/guidance.json`, its JSON Schema, and `data/checklists.csv`.

Everything here is a pure function of a [`Guidance`][psg.model.Guidance]:

- [`guidance_data`][psg.data.guidance_data] gives all guidance and checklists as one
  document in the versioned format of [`psg.dataformat`][], whose JSON Schema is
  [`guidance_schema`][psg.data.guidance_schema];
- [`checklists_csv`][psg.data.checklists_csv] gives every checklist item as a row;
- [`data_files`][psg.data.data_files] gives the three files published under `data/`.

[`psg.site`][] adds the data files to the site, beside the pages.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from psg import CONTENT_VERSION
from psg.dataformat import (
    FORMAT_VERSION,
    ExportAction,
    ExportAttribution,
    ExportBasis,
    ExportChallenge,
    ExportChecklist,
    ExportChecklistItem,
    ExportChecklistSection,
    ExportChecklistSource,
    ExportLiteratureQuote,
    ExportNoStrategy,
    ExportQuote,
    ExportSite,
    ExportSource,
    ExportStrategy,
    ExportStudy,
    ExportSubPoint,
    ExportTheme,
    GuidanceExport,
)
from psg.evidence import LABELS
from psg.evidence_pages import describe_basis
from psg.model import Guidance, Item, checklist_numbers
from psg.render import attribution_text, page_uri, page_url, uri_for
from psg.schema import AUDIENCES, STAGES, Action, Basis, LiteratureQuote, Quote, Strategy

__all__ = [
    "CSV_COLUMNS",
    "LICENCE",
    "checklists_csv",
    "data_files",
    "guidance_data",
    "guidance_json",
    "guidance_schema",
    "page_url",
]

#: The columns of `data/checklists.csv`, in order.
CSV_COLUMNS = (
    "checklist_id",
    "checklist_title",
    "section_id",
    "section_title",
    "item_id",
    "text",
    "from_strategy",
    "from_subpoint",
    "from_challenge",
    "from_study",
    "from_study_part",
    "blank",
    "url",
    "label",
    "basis",
)

#: The licence statement of the data, published in `site.licence`.
LICENCE = (
    "This site's own text is CC BY 4.0. Quotes, findings and definitions remain the work of the "
    "briefing's authors and are not covered by that licence."
)


def guidance_data(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> GuidanceExport:
    """Return all guidance and checklists in the export format.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` (MkDocs' default) or `.html`.
        site_url: The site's address, when known.

    Returns:
        The document; `model_dump(mode="json")` gives plain data.
    """
    def url(uri: str, anchor: str | None = None) -> str:
        return page_url(uri, directory_urls) + (f"#{anchor}" if anchor else "")

    works = {w.id: w for w in guidance.works.works}

    def with_basis(action: Action, uri: str) -> ExportAction:
        basis = [_export_basis(guidance, b, uri) for b in action.basis]
        return ExportAction(text=action.text, label=guidance.label(action).id, basis=basis, safeguarding_duty=action.safeguarding_duty)

    def quote(q: Quote, uri: str) -> ExportQuote:
        a = q.attribution
        attribution = ExportAttribution(
            respondent=a.respondent,
            peer_supporter=a.peer_supporter,
            organisation=a.organisation,
            organisation_type=a.organisation_type,
            text=attribution_text(a),
        )
        return ExportQuote(id=q.id, text=q.text, attribution=attribution, content_note=q.content_note, url=url(uri, q.id))

    def literature(q: LiteratureQuote) -> ExportLiteratureQuote:
        return ExportLiteratureQuote(id=q.id, text=q.text, cites=q.cites, cited_as=works[q.cites].cited_as, page=q.page)

    def common(item: Item) -> dict[str, Any]:
        uri = page_uri(item)
        return dict(
            id=item.id,
            title=item.title,
            theme=item.theme,
            order=item.order,
            summary=item.summary,
            description=item.description,
            actions=[a.text for a in item.actions],
            actions_with_basis=[with_basis(a, uri) for a in item.actions],
            audiences=list(item.audiences),
            stages=list(item.stages),
            tags=list(item.tags),
            keywords=list(item.keywords),
            source=ExportSource(section=item.source.section, lines=item.source.lines),
            quotes=[quote(q, uri) for q in item.evidence],
            literature=[literature(q) for q in item.literature],
            perspectives=list(item.perspectives),
            site_notes=list(item.site_notes),
            checklist_items=[use.item.id for use in guidance.checklist_uses(item.id)],
            url=url(uri),
            last_reviewed=item.last_reviewed,
        )

    challenges = [
        ExportChallenge(
            **common(c),
            strategies=[s.id for s in guidance.strategies_for(c.id)],
            no_strategy=ExportNoStrategy(note=c.no_strategy.note, see=list(c.no_strategy.see)) if c.no_strategy else None,
        )
        for c in guidance.challenges
    ]
    strategies = [
        ExportStrategy(
            **common(s),
            context=s.context,
            addresses=list(s.addresses),
            related=list(s.related),
            subpoints=[
                ExportSubPoint(
                    id=sub.id,
                    title=sub.title,
                    summary=sub.summary,
                    description=sub.description,
                    actions=[a.text for a in sub.actions],
                    actions_with_basis=[with_basis(a, page_uri(s)) for a in sub.actions],
                    quotes=[quote(q, page_uri(s)) for q in sub.evidence],
                    perspectives=list(sub.perspectives),
                    url=url(page_uri(s), sub.id),
                )
                for sub in s.subpoints
            ],
        )
        for s in guidance.strategies
    ]
    themes = []
    for theme in guidance.themes:
        items = guidance.items_in_theme(theme.id)
        themes.append(
            ExportTheme(
                id=theme.id,
                order=theme.order,
                title=theme.title,
                summary=theme.summary,
                description=theme.description,
                challenges=[i.id for i in items if not isinstance(i, Strategy)],
                strategies=[i.id for i in items if isinstance(i, Strategy)],
                source=ExportSource(section=theme.source.section, lines=theme.source.lines),
                url=url(uri_for("theme", theme.id)),
                last_reviewed=theme.last_reviewed,
            )
        )
    checklists = []
    for checklist in guidance.checklists:
        uri = uri_for("checklist", checklist.id)
        numbers = checklist_numbers(checklist)
        sections = [
            ExportChecklistSection(
                id=section.id,
                title=section.title,
                items=[
                    ExportChecklistItem(
                        id=entry.id,
                        number=numbers[entry.id],
                        text=entry.text,
                        label=guidance.label(entry).id,
                        basis=[_export_basis(guidance, b, uri) for b in entry.basis],
                        safeguarding_duty=entry.safeguarding_duty,
                        source=ExportChecklistSource(**entry.from_.model_dump()),
                        blank=entry.blank,
                        url=url(uri, entry.id),
                    )
                    for entry in section.items
                ],
            )
            for section in checklist.sections
        ]
        checklists.append(
            ExportChecklist(
                id=checklist.id,
                order=checklist.order,
                title=checklist.title,
                purpose=checklist.purpose,
                who=checklist.who,
                when=checklist.when,
                audiences=list(checklist.audiences),
                stages=list(checklist.stages),
                sections=sections,
                site_notes=list(checklist.site_notes),
                url=url(uri),
                last_reviewed=checklist.last_reviewed,
            )
        )
    study = guidance.study
    return GuidanceExport(
        format_version=FORMAT_VERSION,
        content_version=CONTENT_VERSION,
        site=ExportSite(name="Peer Support Guidance", url=site_url or None, licence=LICENCE),
        audiences=dict(AUDIENCES),
        stages=dict(STAGES),
        labels={label.id: label.text for label in LABELS.values()},
        themes=themes,
        challenges=challenges,
        strategies=strategies,
        checklists=checklists,
        study=ExportStudy(
            title=study.title,
            publisher=study.publisher,
            project=study.project,
            summary=study.summary,
            key_findings=list(study.key_findings),
            method=study.method,
            limitations=list(study.limitations),
            conclusions=list(study.conclusions),
            training_modules=study.training_modules,
            url=url("study/index.md"),
        ),
        glossary=list(guidance.glossary.terms),
        works=list(guidance.works.works),
        organisations=list(guidance.respondents.organisations),
        respondents=list(guidance.respondents.respondents),
    )


def guidance_json(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> str:
    """Return `data/guidance.json`: [`guidance_data`][psg.data.guidance_data] as JSON text.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.
        site_url: The site's address, when known.

    Returns:
        UTF-8 JSON, indented, with a final newline.
    """
    data = guidance_data(guidance, directory_urls=directory_urls, site_url=site_url)
    return json.dumps(data.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=False) + "\n"


def guidance_schema() -> dict[str, Any]:
    """Return the JSON Schema of `data/guidance.json`, published as `data/guidance.schema.json`.

    Returns:
        A JSON Schema (draft 2020-12). Every field is always present; absent values are null.
    """
    schema = GuidanceExport.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Peer Support Guidance data", **{k: v for k, v in schema.items() if k != "title"}}


def checklists_csv(guidance: Guidance, *, directory_urls: bool = True) -> str:
    """Return `data/checklists.csv`: one row per checklist item, with a header row.

    The columns are `CSV_COLUMNS`: the checklist and section the item sits in, its id and
    text, where it comes from (a strategy and sub-point, a challenge, or a part of the
    study), the label of its blank, its address on the site, and (since format 1.1.0,
    added at the end so that older readers still work) its strength label and its basis in words.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.

    Returns:
        CSV text (RFC 4180: comma-separated, CRLF line ends, UTF-8 without a byte-order mark).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for checklist in guidance.checklists:
        uri = uri_for("checklist", checklist.id)
        for section in checklist.sections:
            for entry in section.items:
                src = entry.from_
                writer.writerow(
                    [
                        checklist.id,
                        checklist.title,
                        section.id,
                        section.title,
                        entry.id,
                        entry.text,
                        src.strategy or "",
                        src.subpoint or "",
                        src.challenge or "",
                        src.study or "",
                        src.part or "",
                        entry.blank or "",
                        f"{page_url(uri, directory_urls)}#{entry.id}",
                        guidance.label(entry).id,
                        "; ".join(_export_basis(guidance, b, uri).text for b in entry.basis),
                    ]
                )
    return out.getvalue()


def _export_basis(guidance: Guidance, entry: Basis, uri: str) -> ExportBasis:
    """Describe one basis entry for the data files, in words as the site shows it."""
    said = describe_basis(guidance, entry, uri)
    count = entry.count
    return ExportBasis(
        kind=entry.kind,
        id=None if entry.kind == "passage" else getattr(entry, entry.kind),
        lines=list(entry.passage) if entry.passage else None,
        respondents=list(entry.respondents),
        organisations=list(entry.organisations),
        counted_respondents=count.respondents if count else None,
        counted_organisations=count.organisations if count else None,
        text=f"{said.text}: {said.detail}" if said.detail else said.text,
    )


def data_files(guidance: Guidance, *, directory_urls: bool = True, site_url: str | None = None) -> dict[str, str]:
    """Return every file published under `data/`, with its text.

    Args:
        guidance: The knowledge base.
        directory_urls: Whether page addresses end in `/` or `.html`.
        site_url: The site's address, when known.

    Returns:
        Path in the site → text.
    """
    return {
        "data/guidance.json": guidance_json(guidance, directory_urls=directory_urls, site_url=site_url),
        "data/guidance.schema.json": json.dumps(guidance_schema(), indent=2, ensure_ascii=False) + "\n",
        "data/checklists.csv": checklists_csv(guidance, directory_urls=directory_urls),
    }
