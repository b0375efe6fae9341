"""The data exports: data/guidance.json (with its schema) and data/checklists.csv."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from psg.data import CSV_COLUMNS, checklists_csv, guidance_data, guidance_schema, page_url
from psg.dataformat import FORMAT_VERSION
from psg.model import Guidance
from psg.validate import load_guidance

FORMAT_SCHEMA = ROOT / "tests" / "data" / f"guidance-format-{FORMAT_VERSION}.schema.json"


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT, None)


@pytest.fixture(scope="module")
def published(site_dir: Path) -> dict:
    return json.loads((site_dir / "data" / "guidance.json").read_text(encoding="utf-8"))


def _quotes(guidance: Guidance) -> dict[str, object]:
    quotes = {}
    for item in (*guidance.challenges, *guidance.strategies):
        for quote in item.evidence:
            quotes[quote.id] = quote
        for sub in getattr(item, "subpoints", []):
            for quote in sub.evidence:
                quotes[quote.id] = quote
    return quotes


def test_published_json_validates_against_its_published_schema(site_dir: Path, published: dict) -> None:
    schema = json.loads((site_dir / "data" / "guidance.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(published)]
    assert not errors, "\n".join(errors[:20])
    assert published["format_version"] == FORMAT_VERSION


def test_schema_refuses_unknown_fields_and_missing_ones(published: dict) -> None:
    validator = jsonschema.Draft202012Validator(guidance_schema())
    broken = json.loads(json.dumps(published))
    broken["challenges"][0]["colour"] = "red"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(published))
    del broken["strategies"][0]["quotes"][0]["attribution"]["organisation"]
    assert not validator.is_valid(broken)


def test_json_holds_every_challenge_strategy_and_checklist(guidance: Guidance, published: dict) -> None:
    assert [c["id"] for c in published["challenges"]] == [c.id for c in guidance.challenges]
    assert [s["id"] for s in published["strategies"]] == [s.id for s in guidance.strategies]
    assert [t["id"] for t in published["themes"]] == [t.id for t in guidance.themes]
    assert [c["id"] for c in published["checklists"]] == [c.id for c in guidance.checklists]
    for exported, item in zip(published["challenges"] + published["strategies"], (*guidance.challenges, *guidance.strategies)):
        assert exported["title"] == item.title
        assert exported["summary"] == item.summary
        assert exported["description"] == item.description
        assert exported["actions"] == [a.text for a in item.actions]
        assert [a["text"] for a in exported["actions_with_basis"]] == exported["actions"]
        assert [a["label"] for a in exported["actions_with_basis"]] == [guidance.label(a).id for a in item.actions]
        assert [len(a["basis"]) for a in exported["actions_with_basis"]] == [len(a.basis) for a in item.actions]
        assert exported["last_reviewed"] == item.last_reviewed
        assert len(exported["perspectives"]) == len(item.perspectives)
    items = [i for c in published["checklists"] for s in c["sections"] for i in s["items"]]
    expected = [e.id for c in guidance.checklists for s in c.sections for e in s.items]
    assert [i["id"] for i in items] == expected
    entries = [e for c in guidance.checklists for s in c.sections for e in s.items]
    assert [i["label"] for i in items] == [guidance.label(e).id for e in entries]
    assert set(published["labels"]) >= {i["label"] for i in items}
    for item, entry in zip(items, entries):
        assert [(b["kind"], b["id"], b["lines"]) for b in item["basis"]] == [
            (b.kind, None if b.kind == "passage" else getattr(b, b.kind), b.passage) for b in entry.basis
        ]
        assert all(b["text"] and not re.search(r"\bq-|\bkf-|\bcon-", b["text"]) for b in item["basis"])


def test_json_holds_every_quote_verbatim_with_its_attribution(guidance: Guidance, published: dict) -> None:
    exported = {}
    for item in published["challenges"] + published["strategies"]:
        for quote in item["quotes"]:
            exported[quote["id"]] = quote
        for sub in item.get("subpoints", []):
            for quote in sub["quotes"]:
                exported[quote["id"]] = quote
    quotes = _quotes(guidance)
    assert set(exported) == set(quotes)
    for quote_id, quote in quotes.items():
        out = exported[quote_id]
        assert out["text"] == quote.text
        a = out["attribution"]
        assert (a["respondent"], a["peer_supporter"], a["organisation"], a["organisation_type"]) == (
            quote.attribution.respondent,
            quote.attribution.peer_supporter,
            quote.attribution.organisation,
            quote.attribution.organisation_type,
        )
        assert re.fullmatch(r"(Peer supporter respondent|Respondent) \d+, (Organisation|Initiative) [A-Z]", a["text"])
    literature = {q["id"] for item in published["challenges"] + published["strategies"] for q in item["literature"]}
    assert literature == {q.id for item in (*guidance.challenges, *guidance.strategies) for q in item.literature}


def test_links_between_items_are_ids_that_resolve(published: dict) -> None:
    challenges = {c["id"] for c in published["challenges"]}
    strategies = {s["id"] for s in published["strategies"]}
    for strategy in published["strategies"]:
        assert set(strategy["addresses"]) <= challenges
        assert set(strategy["related"]) <= strategies
    for challenge in published["challenges"]:
        assert set(challenge["strategies"]) <= strategies
        assert challenge["strategies"] or challenge["no_strategy"]
    works = {w["id"] for w in published["works"]}
    assert all(q["cites"] in works for item in published["challenges"] + published["strategies"] for q in item["literature"])


def test_every_url_in_the_json_is_a_page_of_the_built_site(site_dir: Path, published: dict) -> None:
    urls = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("url"), str) and value is not published["site"]:
                urls.append(value["url"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(published)
    assert len(urls) > 200
    for url in urls:
        path, _, anchor = url.partition("#")
        page = site_dir / path / "index.html"
        assert page.is_file(), url
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), url


def test_study_facts_are_exported(guidance: Guidance, published: dict) -> None:
    method = published["study"]["method"]
    assert method["respondents"] == guidance.study.method.respondents
    assert method["organisations"] == guidance.study.method.organisations
    assert published["study"]["title"] == guidance.study.title
    assert len(published["study"]["key_findings"]) == len(guidance.study.key_findings)
    assert len(published["respondents"]) == len(guidance.respondents.respondents)


def test_csv_has_one_row_per_checklist_item(site_dir: Path, guidance: Guidance) -> None:
    raw = (site_dir / "data" / "checklists.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    expected = [(c.id, s.id, e) for c in guidance.checklists for s in c.sections for e in s.items]
    assert [r["item_id"] for r in rows] == [e.id for _, _, e in expected]
    for row, (checklist_id, section_id, entry) in zip(rows, expected):
        assert (row["checklist_id"], row["section_id"], row["text"]) == (checklist_id, section_id, entry.text)
        assert row["from_strategy"] == (entry.from_.strategy or "")
        assert row["from_subpoint"] == (entry.from_.subpoint or "")
        assert row["from_challenge"] == (entry.from_.challenge or "")
        assert row["from_study"] == (entry.from_.study or "")
        assert row["blank"] == (entry.blank or "")
        assert sum(bool(row[k]) for k in ("from_strategy", "from_challenge", "from_study")) == 1
        assert row["url"] == f"checklists/{checklist_id}/#{entry.id}"
        assert row["label"] == guidance.label(entry).id
        assert len(row["basis"].split("; ")) >= len(entry.basis) >= 1
    assert CSV_COLUMNS[-2:] == ("label", "basis"), "columns added in a minor version go at the end"


def test_addresses_follow_the_url_style_and_site_url(guidance: Guidance) -> None:
    assert page_url("index.md") == ""
    assert page_url("guidance/index.md") == "guidance/"
    assert page_url("challenges/triggering.md") == "challenges/triggering/"
    assert page_url("challenges/triggering.md", directory_urls=False) == "challenges/triggering.html"
    data = guidance_data(guidance, directory_urls=False, site_url="https://example.org/guidance/")
    assert data.site.url == "https://example.org/guidance/"
    assert data.challenges[0].url.endswith(".html")
    assert "checklists/" in checklists_csv(guidance, directory_urls=False) and ".html#" in checklists_csv(guidance, directory_urls=False)


def test_format_changes_come_with_a_new_format_version() -> None:
    """The format's schema is kept per version: a change to the format needs a new version."""
    current = json.dumps(guidance_schema(), indent=2, ensure_ascii=False) + "\n"
    assert FORMAT_SCHEMA.is_file(), f"{FORMAT_SCHEMA.relative_to(ROOT)} is missing"
    assert FORMAT_SCHEMA.read_text(encoding="utf-8") == current, (
        "the JSON export format changed: raise FORMAT_VERSION (`FormatVersion`) in psg/dataformat.py (minor for an added field, "
        "major otherwise), note it in CHANGELOG.md, and save the new schema as tests/data/guidance-format-<version>.schema.json"
    )


def test_the_data_page_documents_every_field_and_links_the_files(site_dir: Path) -> None:
    html = (site_dir / "maintaining" / "data" / "index.html").read_text(encoding="utf-8")
    for name in ("../../data/guidance.json", "../../data/guidance.schema.json", "../../data/checklists.csv"):
        assert f'href="{name}"' in html, name
    schema = guidance_schema()
    fields = set(schema["properties"])
    for definition in schema["$defs"].values():
        fields |= set(definition.get("properties", {}))
    for field in fields:
        assert f"<code>{field}</code>" in html, field
    for column in CSV_COLUMNS:
        assert f"<code>{column}</code>" in html, column
