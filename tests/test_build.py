"""Real `mkdocs build --strict` runs of the real site, and of broken copies of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, mkdocs_build

SOURCE = (ROOT / ".." / "shared" / "sources" / "peer-support-briefing.txt").resolve()


def project_copy(tmp_path: Path) -> Path:
    """Copy what a build needs (not site/, .venv/ or node_modules/) to a scratch folder."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in ("docs", "guidance", "checklists", "hooks", "psg", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def build_copy(project: Path, dest: Path, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PSG_SOURCE": str(SOURCE), "PSG_SKIP_PDF": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_source_is_present_for_the_evidence_check() -> None:
    assert SOURCE.is_file(), f"the briefing's text is missing at {SOURCE}: the quote check cannot run"


def test_real_site_builds_strict_with_every_generated_page(site_dir: Path) -> None:
    for uri in ("index.html", "challenges/triggering/index.html", "strategies/support-and-self-care/index.html",
                "themes/in-the-job/index.html", "checklists/before-you-start/index.html", "study/glossary/index.html"):
        assert (site_dir / uri).is_file(), uri
    soup = BeautifulSoup((site_dir / "strategies/screening-at-interview-readiness/index.html").read_text(), "html.parser")
    for link in soup.h1.select("a.headerlink"):
        link.decompose()
    assert soup.h1.get_text("", strip=True) == "Screening at interview(readiness)"
    assert soup.h1.select_one(".psg-context").get_text() == "(readiness)"
    assert soup.find(id="support-and-stability") is not None


def test_generated_pages_are_not_written_into_docs() -> None:
    assert not (ROOT / "docs" / "challenges").exists()
    assert not (ROOT / "docs" / "strategies").exists()


def test_bad_content_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    path = project / "guidance/challenges/triggering.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Triggering", "title: 12"), encoding="utf-8")
    other = project / "checklists/training-plan.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("order:", "ordre:", 1), encoding="utf-8")
    dest = tmp_path / "out"
    result = build_copy(project, dest)
    assert result.returncode != 0
    assert "3 content errors found" in result.stderr
    assert "guidance/challenges/triggering.yml:5:1: title: found a number 12; expected a valid string" in result.stderr
    assert "checklists/training-plan.yml:3:1: ordre: found an unknown field 'ordre'" in result.stderr
    assert not dest.exists(), "a failed build must not leave a partly written site"


def test_unknown_marker_in_a_hand_written_page_fails(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    (project / "docs" / "using-this-site.md").write_text("# Page\n\n<!-- psg:no-such-thing -->\n", encoding="utf-8")
    result = build_copy(project, tmp_path / "out")
    assert result.returncode != 0
    assert "using-this-site.md: unknown marker <!-- psg:no-such-thing -->" in result.stderr


def test_missing_source_prints_one_notice_and_still_builds(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    result = build_copy(project, tmp_path / "out", PSG_SOURCE=str(tmp_path / "absent.txt"))
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if "briefing text not found" in line]
    assert len(notices) == 1


def test_check_requires_the_source_when_asked(tmp_path: Path) -> None:
    env = {**os.environ, "PSG_SOURCE": str(tmp_path / "absent.txt")}
    strict = subprocess.run([sys.executable, "-m", "psg", "check", "--require-source"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert strict.returncode == 1 and "the quote check cannot run" in strict.stderr
    lenient = subprocess.run([sys.executable, "-m", "psg", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert lenient.returncode == 0 and "notice: briefing text not found" in lenient.stderr


def test_edit_links_point_at_the_yaml_file(tmp_path: Path) -> None:
    dest = tmp_path / "site"
    result = mkdocs_build(dest, env={"PSG_EDIT_BASE_URL": "https://example.invalid/repo/edit/main", "PSG_SKIP_PDF": "1"})
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((dest / "challenges/triggering/index.html").read_text(), "html.parser")
    edit = soup.select_one("a.md-content__button[href]")
    assert edit is not None and edit["href"] == "https://example.invalid/repo/edit/main/guidance/challenges/triggering.yml"
