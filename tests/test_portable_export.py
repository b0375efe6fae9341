"""The portable Markdown export (`make export`): it needs no hooks, and Zensical builds it.

Zensical is pinned in `requirements-zensical.txt` and installed into its own venv,
`.venv/zensical/`, the first time this test runs (from PyPI; later runs reuse it). It sits
inside `.venv/` so that it is ignored wherever the project's venv is.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from psg.portable import EXPORT_MARK, export_markdown
from psg.model import Guidance
from psg.validate import load_guidance
from psg.vocabulary import VOCABULARY_URI

#: xdist: these tests share the export and its Zensical build, made once, and Zensical's own
#: venv (one worker creates it), so they run on one worker.
pytestmark = pytest.mark.xdist_group("portable_export")

REQUIREMENTS = ROOT / "requirements-zensical.txt"
VENV = ROOT / ".venv" / "zensical"


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT, None)


@pytest.fixture(scope="module")
def exported(guidance: Guidance, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "guidance"
    # Placeholders: the real PDFs are tested with the real build.
    export_markdown(guidance, ROOT, out, skip_pdf_reason="the test skips the real PDFs")
    return out


def zensical() -> Path:
    """Return the pinned Zensical, creating `.venv/zensical/` from its requirements if needed."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    stamp = VENV / f".installed-{digest}"
    exe = VENV / "bin" / "zensical"
    if not (stamp.is_file() and exe.is_file()):
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "-r", str(REQUIREMENTS)],
            check=True,
            timeout=600,
        )
        stamp.touch()
    return exe


def _text(soup: BeautifulSoup) -> str:
    """The visible text, with glossary tooltips (`<abbr>`) folded back into the words around them."""
    for abbr in soup.find_all("abbr"):
        abbr.unwrap()
    soup.smooth()
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the export itself ----------------------------------------------------------------


def test_export_config_needs_no_hooks_or_project_plugins(exported: Path) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and "watch" not in config
    names = {next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])}
    assert not names & {"tags", "mkdocstrings"}
    assert "!ENV" not in (exported / "mkdocs.yml").read_text(encoding="utf-8")


def test_export_holds_every_generated_page_in_its_navigation(exported: Path, guidance: Guidance) -> None:
    config = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    nav_files = set(re.findall(r"[\w/.-]+\.md", yaml.safe_dump(config["nav"])))
    for kind, items in (("challenges", guidance.challenges), ("strategies", guidance.strategies), ("checklists", guidance.checklists)):
        for item in items:
            uri = f"{kind}/{item.id}.md"
            assert (exported / "docs" / uri).is_file(), uri
            assert uri in nav_files, uri
    for path in nav_files:
        assert (exported / "docs" / path).is_file(), path
    for data in ("data/guidance.json", "data/guidance.schema.json", "data/checklists.csv", VOCABULARY_URI):
        assert (exported / "docs" / data).is_file(), data


def test_export_fills_every_marker_and_replaces_api_blocks(exported: Path) -> None:
    for page in (exported / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"^<!--\s*(psg:|material/tags)", text, re.MULTILINE), page
        assert not re.search(r"^::: ", text, re.MULTILINE), page
    assert "API reference" in (exported / "docs" / "maintaining" / "api" / "hooks.md").read_text(encoding="utf-8")


def test_export_refuses_a_folder_that_is_not_an_export(guidance: Guidance, tmp_path: Path, exported: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        export_markdown(guidance, ROOT, tmp_path)
    assert (tmp_path / "precious.txt").is_file()
    assert (exported / EXPORT_MARK).is_file()


def test_export_builds_with_mkdocs_and_material_alone(exported: Path, tmp_path: Path) -> None:
    """The exported config builds strictly with plain MkDocs too: nothing of this project runs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-I", "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=exported,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Search's vocabulary is published, and the no-results panel, without the hook's
    # filter for the home page's tasks, still lists the browse routes and the checklists.
    assert (tmp_path / "site" / VOCABULARY_URI).read_text(encoding="utf-8").startswith("window.__psgVocabulary=")
    panel = re.search(r'<template id="psg-search-help">(.*?)</template>', (tmp_path / "site" / "index.html").read_text(encoding="utf-8"), re.DOTALL)
    assert panel is not None
    labels = [a.get_text(strip=True) for a in BeautifulSoup(panel.group(1), "html.parser").find_all("a", href=True)]
    assert labels == ["Browse by who it is for", "Browse by stage", "Browse by topic", "Checklists"]


# --- Zensical -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zensical_site(exported: Path) -> Path:
    exe = zensical()
    result = subprocess.run([str(exe), "build", "-f", "mkdocs.yml"], cwd=exported, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = exported / "site"
    assert site.is_dir(), result.stdout + result.stderr
    return site


def test_zensical_builds_every_challenge_and_strategy_with_its_title_and_quotes(zensical_site: Path, guidance: Guidance) -> None:
    from psg.render import attribution_text

    for kind, items in (("challenges", guidance.challenges), ("strategies", guidance.strategies)):
        for item in items:
            page = zensical_site / kind / item.id / "index.html"
            assert page.is_file(), f"Zensical wrote no page for {kind}/{item.id}"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            assert _norm(item.title) in _text(soup.h1), f"{kind}/{item.id}: title"
            text = _text(soup)
            quotes = [*item.evidence, *(q for sub in getattr(item, "subpoints", []) for q in sub.evidence)]
            for quote in quotes:
                element = soup.find(id=quote.id)
                assert element is not None, f"{kind}/{item.id}: no anchor for {quote.id}"
                assert _norm(quote.text) in _text(element), f"{kind}/{item.id}: quote {quote.id}"
                assert attribution_text(quote.attribution) in text
            for quote in item.literature:
                assert _norm(quote.text) in text, f"{kind}/{item.id}: literature quote {quote.id}"


def test_zensical_builds_the_other_pages_and_data(zensical_site: Path, guidance: Guidance) -> None:
    for path in ("index.html", "guidance/index.html", "browse/tags/index.html", "maintaining/content-format/index.html", "about/changelog/index.html"):
        assert (zensical_site / path).is_file(), path
    for checklist in guidance.checklists:
        soup = BeautifulSoup((zensical_site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8"), "html.parser")
        for section in checklist.sections:
            for entry in section.items:
                assert soup.find(id=entry.id) is not None, entry.id
    assert (zensical_site / "data" / "guidance.json").is_file()
    tags = _text(BeautifulSoup((zensical_site / "browse/tags/index.html").read_text(encoding="utf-8"), "html.parser"))
    assert all(tag in tags for item in guidance.strategies for tag in item.tags)
