"""CITATION.cff and the "How to cite" page: valid, and adding nothing the briefing does not give."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml
from bs4 import BeautifulSoup

import psg
from conftest import ROOT
from psg.validate import load_guidance

CFF_SCHEMA = ROOT / "tests" / "data" / "cff-1.2.0.schema.json"


def _citation() -> dict:
    # CFF is YAML 1.2; safe_load is fine here, as the file holds no dates or YAML 1.1 booleans.
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_against_the_cff_1_2_0_schema() -> None:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    data = _citation()
    assert data["cff-version"] == "1.2.0"
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, "\n".join(errors)


def test_the_schema_catches_a_broken_citation() -> None:
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    data = _citation()
    del data["authors"]
    assert not jsonschema.Draft7Validator(schema).is_valid(data)


def test_citation_names_no_people_and_invents_no_dates() -> None:
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    for key in ("given-names", "family-names", "orcid", "year", "date-released", "date-published", "doi", "isbn"):
        assert not re.search(rf"^\s*-?\s*{key}:", text, re.MULTILINE), key
    data = _citation()
    assert data["authors"] == [{"name": "Peer Support Guidance contributors"}]


def test_citation_cites_the_briefing_with_only_what_it_gives() -> None:
    study = load_guidance(ROOT, None).study
    (briefing,) = _citation()["references"]
    assert set(briefing) == {"type", "title", "authors", "institution"}
    assert re.sub(r"\s+", " ", briefing["title"]).strip() == study.title
    institution = re.sub(r"\s+", " ", briefing["institution"]["name"]).strip()
    assert institution == study.publisher
    assert [re.sub(r"\s+", " ", a["name"]).strip() for a in briefing["authors"]] == [study.publisher]


def test_citation_version_is_the_content_version() -> None:
    assert str(_citation()["version"]) == psg.CONTENT_VERSION


def test_how_to_cite_page_names_the_briefing(site_dir: Path) -> None:
    study = load_guidance(ROOT, None).study
    soup = BeautifulSoup((site_dir / "about" / "how-to-cite" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    text = re.sub(r"\s+", " ", article.get_text(""))
    assert study.title in text
    assert study.publisher in text
    assert not re.search(r"\b(19|20)\d\d\b", text), "the briefing gives no year; the page must not add one"
