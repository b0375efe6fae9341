"""The maintainers' section: the generated content-format reference, the API reference,
the content version and changelog, and the review date on every page."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

import psg
from conftest import ROOT
from psg import dataformat, schema
from psg.dataformat import GuidanceExport
from psg.jsonschema import SCHEMAS
from psg.markers import MARKERS
from psg.model import Guidance
from psg.reference import FIELD_NOTES, content_format_reference, document_models, export_format_reference
from psg.site import API_REFERENCE_ENV, Settings, finish_page
from psg.validate import load_guidance


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT, None)


def _page(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _rows(markdown: str) -> dict[str, list[list[str]]]:
    """Table rows of a reference, by the heading above them."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading = line
        elif line.startswith("| `"):
            tables.setdefault(heading, []).append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return tables


# --- the content-format reference -----------------------------------------------------


def test_format_reference_describes_every_field_of_every_model(guidance: Guidance) -> None:
    markdown = content_format_reference(guidance)
    tables = _rows(markdown)
    seen: set = set()
    for name, model in SCHEMAS.items():
        for doc in document_models(model, {}, seen):
            heading = next(h for h in tables if f"{{ #{doc.anchor} }}" in h)
            fields = [row[0].strip("`") for row in tables[heading]]
            expected = [info.alias or field for field, info in doc.model.model_fields.items()]
            assert fields == expected, f"{doc.model.__name__}: {fields} != {expected}"
            for row in tables[heading]:
                assert re.match(r"^(\*\*Required\.\*\*|\*Optional\.\*) \S", row[1]), f"{doc.model.__name__}.{row[0]} says nothing of what it is for"
                assert row[2], f"{doc.model.__name__}.{row[0]} does not say what it holds"


def test_format_reference_examples_come_from_the_content(guidance: Guidance) -> None:
    markdown = content_format_reference(guidance)
    assert f"`id: {guidance.challenges[0].id}`" in markdown
    assert f"`last_reviewed: {guidance.themes[0].last_reviewed}`" in markdown
    assert "`respondent: " in markdown and "`organisation_type: " in markdown
    # Every required plain field has an example (the reading order is not part of the model).
    for heading, rows in _rows(markdown).items():
        if heading.endswith(("{ #reading-order }", "{ #line-range }", "{ #dropped-line }")):
            continue
        for row in rows:
            if row[1].startswith("**Required") and row[2] in ("text", "an id", "a whole number, 1 or more"):
                assert row[3], f"{heading}: {row[0]} has no example"


def test_format_reference_links_resolve_within_the_page(guidance: Guidance) -> None:
    markdown = content_format_reference(guidance)
    anchors = set(re.findall(r"\{ #([a-z-]+) \}", markdown))
    links = set(re.findall(r"\]\(#([a-z-]+)\)", markdown))
    assert links and links <= anchors, links - anchors


def test_field_notes_name_real_fields() -> None:
    names = set()
    for module in (schema, dataformat):
        for value in vars(module).values():
            if isinstance(value, type) and hasattr(value, "model_fields"):
                names |= {info.alias or field for field, info in value.model_fields.items()}
    assert set(FIELD_NOTES) <= names, set(FIELD_NOTES) - names


def test_export_reference_describes_every_export_field(guidance: Guidance) -> None:
    markdown = export_format_reference(guidance)
    for doc in document_models(GuidanceExport, {}, set(), anchor_prefix="json-"):
        assert f"{{ #{doc.anchor} }}" in markdown
        for field in doc.model.model_fields:
            assert f"| `{field}` |" in markdown


def test_markers_for_maintainers_are_known() -> None:
    for name in ("format-reference", "export-reference", "content-version", "changelog"):
        assert name in MARKERS


def test_built_format_reference_page(site_dir: Path, guidance: Guidance) -> None:
    soup = _page(site_dir, "maintaining/content-format")
    text = soup.get_text(" ")
    assert "psg:format-reference" not in str(soup)
    headings = {h.get_text("", strip=True).rstrip("¶") for h in soup.select("h2, h3")}
    for heading in ("Theme files", "Challenge files", "Strategy files", "Checklist files", "Quote", "Attribution", "Checklist item"):
        assert heading in headings, heading
    assert "peer_supporter" in text and "organisation_type" in text and "last_reviewed" in text
    assert len(soup.select("table")) >= 20


# --- the API reference ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "names"),
    [
        ("maintaining/api/hooks", ["guidance", "on_startup", "on_config", "on_files", "on_page_markdown"]),
        ("maintaining/api/loading", ["psg.loader", "psg.schema", "psg.validate", "load_guidance", "Challenge", "Quote"]),
        ("maintaining/api/model", ["psg.model", "Guidance"]),
        ("maintaining/api/rendering", ["psg.render", "psg.pages", "psg.markers", "build_pages", "fill_markers"]),
        ("maintaining/api/exports", ["psg.dataformat", "psg.data", "psg.jsonschema", "psg.pdf", "guidance_data", "write_schemas"]),
        ("maintaining/api/assembly", ["psg.site", "psg.portable", "Settings", "assemble", "finish_page", "export_markdown"]),
        ("maintaining/api/cli", ["psg.cli", "main"]),
    ],
)
def test_api_reference_renders_the_docstrings(site_dir: Path, page: str, names: list[str]) -> None:
    soup = _page(site_dir, page)
    assert not soup.find("p", string=re.compile(r"^::: ")), "a mkdocstrings block was left unrendered"
    headings = {h.get_text(" ", strip=True).replace("¶", "").strip() for h in soup.select(".doc-heading")}
    for name in names:
        assert any(h == name or h.startswith(name + "(") or h.startswith(name + " ") for h in headings), (name, sorted(headings)[:20])
    # Google-style "Args:" sections are rendered as tables of parameters, not left as text.
    assert "Args:" not in soup.get_text()


# --- content version, changelog, review dates ----------------------------------------


def test_changelog_newest_version_is_the_content_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+\.\d+)\b", text, re.MULTILINE)
    assert versions and versions[0] == psg.CONTENT_VERSION


def test_changes_page_shows_the_version_and_the_changelog(site_dir: Path) -> None:
    soup = _page(site_dir, "about/changelog")
    text = soup.get_text(" ", strip=True)
    assert f"content version {psg.CONTENT_VERSION}" in text
    assert any(h.get_text("", strip=True).startswith(psg.CONTENT_VERSION) for h in soup.select("h2"))


def test_every_item_page_shows_when_it_was_last_reviewed(site_dir: Path, guidance: Guidance) -> None:
    pages = [
        *((f"challenges/{c.id}", c.last_reviewed) for c in guidance.challenges),
        *((f"strategies/{s.id}", s.last_reviewed) for s in guidance.strategies),
        *((f"themes/{t.id}", t.last_reviewed) for t in guidance.themes),
        *((f"checklists/{c.id}", c.last_reviewed) for c in guidance.checklists),
    ]
    for path, reviewed in pages:
        text = _page(site_dir, path).get_text(" ", strip=True)
        assert f"Last reviewed: {reviewed}" in text, path


def test_maintainers_pages_are_linked_from_their_index_not_the_navigation(site_dir: Path) -> None:
    # Out of the readers' navigation (not_in_nav); the footer links the index
    # (tests/test_readers.py), and the index links the rest.
    soup = _page(site_dir, "maintaining")
    assert soup.select("nav.md-nav--primary a[href*='maintaining']") == []
    content = soup.select_one("article")
    for path in ("editing-content", "content-style", "content-format", "pages", "code", "data", "publishing", "api"):
        assert content.find("a", href=re.compile(rf"{path}/?$")), path
    api = _page(site_dir, "maintaining/api").select_one("article")
    for path in ("hooks", "loading", "model", "rendering", "exports", "cli"):
        assert api.find("a", href=re.compile(rf"{path}/?$")), path


def test_serve_stands_in_for_the_api_reference(monkeypatch: pytest.MonkeyPatch, guidance: Guidance) -> None:
    spec = importlib.util.spec_from_file_location("guidance_hook_api", ROOT / "hooks" / "guidance.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = SimpleNamespace(site_url=None, use_directory_urls=True, extra={}, config_file_path=str(ROOT / "mkdocs.yml"))
    markdown = "# Hooks\n\n::: guidance\n    options:\n      members: false\n\n::: psg.model\n\nAfter.\n"
    monkeypatch.delenv(API_REFERENCE_ENV, raising=False)
    built = hook._settings(config, "build")
    assert finish_page(markdown, "maintaining/api/hooks.md", guidance, built, glossary=False) == markdown
    served = finish_page(markdown, "maintaining/api/hooks.md", guidance, hook._settings(config, "serve"), glossary=False)
    assert ":::" not in served and "options:" not in served and "After." in served
    assert "`hooks/guidance.py`" in served and "`psg/model.py`" in served
    monkeypatch.setenv(API_REFERENCE_ENV, "1")
    assert hook._settings(config, "serve").api_reference_note is None
    assert finish_page(markdown, "x.md", guidance, Settings(), glossary=False) == markdown
