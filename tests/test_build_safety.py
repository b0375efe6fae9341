"""Nothing half-broken is published: `make build` and the strict build refuse bad input.

Each test works on a temporary copy of the project, so the real `site/` is never touched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from _project import copy_project, env, reported

BROKEN_TITLE = "title: [Triggering\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


#: For builds that fail on purpose: placeholder PDFs (real PDFs are tested with the real build,
#: in test_pdf.py); the build that must succeed makes real ones, as `make build` does.
NO_PDF = {"PSG_SKIP_PDF": "1"}


def _make_build(root: Path, **extra: str) -> subprocess.CompletedProcess:
    # `-o venv`: the copy links the shared .venv; never reinstall it from a test.
    return subprocess.run(["make", "-o", "venv", "build"], cwd=root, env={**env(), **extra}, capture_output=True, text=True, timeout=600)


def _break_content(root: Path) -> str:
    path = root / "guidance/challenges/triggering.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Triggering\n", BROKEN_TITLE, 1), encoding="utf-8")
    assert BROKEN_TITLE in path.read_text(encoding="utf-8")
    return "guidance/challenges/triggering.yml:"


def _break_anchor(root: Path) -> str:
    page = root / "docs" / "using-this-site.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\n[x](guidance/index.md#no-such-anchor)\n", encoding="utf-8")
    return "does not contain an anchor '#no-such-anchor'"


@pytest.mark.parametrize("breakage", [_break_content, _break_anchor], ids=["bad-yaml", "broken-anchor"])
def test_make_build_that_fails_keeps_the_previous_site(project: Path, breakage) -> None:
    previous = project / "site"
    previous.mkdir()
    (previous / "index.html").write_text("the previous site", encoding="utf-8")
    complaint = breakage(project)

    result = _make_build(project, **NO_PDF)

    assert result.returncode != 0
    assert complaint in result.stdout + result.stderr
    if breakage is _break_content:
        errors = reported(result.stderr)
        assert any(e.file == "guidance/challenges/triggering.yml" and e.field == "title" for e in errors), result.stderr
    assert (previous / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert sorted(p.name for p in previous.iterdir()) == ["index.html"]
    assert not list(project.glob("site.*")), "a temporary or old site was left behind"


def test_make_build_swaps_in_a_complete_site(project: Path) -> None:
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("stale", encoding="utf-8")

    result = _make_build(project)

    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "challenges" / "triggering" / "index.html").is_file()
    assert not (project / "site" / "stale.html").exists()
    assert not list(project.glob("site.*"))


@pytest.mark.parametrize(
    "link, complaint",
    [
        ("[a broken anchor](guidance/index.md#no-such-anchor)", "no-such-anchor"),
        ("[a broken anchor on a generated page](challenges/triggering.md#no-such-section)", "no-such-section"),
        ("[a missing page](challenges/no-such-challenge.md)", "no-such-challenge.md"),
    ],
)
def test_strict_build_fails_on_a_broken_link_or_anchor(project: Path, link: str, complaint: str) -> None:
    page = project / "docs" / "using-this-site.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{link}\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")]  # never -q: it hides warnings
    result = subprocess.run(cmd, cwd=project, env={**env(), **NO_PDF}, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0, "the strict build accepted a broken link"
    assert complaint in result.stdout + result.stderr
