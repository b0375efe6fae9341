"""Helpers for tests that need a project of their own: a copy of this one, and the CLI.

Not a test module. Tests import it as `from _project import ...` (pytest puts `tests/`
on the import path).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from psg.site import SOURCE_ENV
from psg.validate import find_source

ROOT = Path(__file__).resolve().parent.parent
#: The briefing's text, passed to every copy (a copy has no `../shared/` beside it).
SOURCE = find_source(ROOT, os.environ.get(SOURCE_ENV))

_SKIP = {".git", ".venv", "node_modules", ".pytest_cache", ".lighthouse", "__pycache__", "tests", "site", "dist", "build"}

#: One content error, as `python -m psg check` and the build print it. A field is named by
#: its keys as written, which may hold spaces (`tit le` in an unknown-field error).
ERROR_LINE = re.compile(
    r"^\s+(?P<file>[^\s:]+):(?P<line>\d+):(?P<column>\d+): (?P<field>\S.*?): found (?P<found>.+?); expected (?P<expected>.+)$"
)


@dataclass(frozen=True)
class Reported:
    """One error line of a content-error report."""

    file: str
    line: int
    column: int
    field: str
    found: str
    expected: str


def copy_content(dest: Path) -> Path:
    """Copy only the content folders (all `python -m psg check` reads) into `dest`."""
    for folder in ("guidance", "checklists"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns(".*"))
    return dest


def copy_project(dest: Path) -> Path:
    """Copy the whole project (not its build output, tests or tools) into `dest`.

    `.venv` and `node_modules` are linked, not copied, so `make` and `mkdocs` work there.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in _SKIP or entry.name.startswith(("site.", ".")) and entry.name not in (".gitignore",):
            continue
        target = dest / entry.name
        if entry.is_dir():
            shutil.copytree(entry, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(entry, target)
    for linked in (".venv", "node_modules"):
        if (ROOT / linked).exists():
            (dest / linked).symlink_to(ROOT / linked)
    return dest


def env() -> dict[str, str]:
    """The environment for a copied project: the briefing's text named explicitly."""
    return {**os.environ, "PSG_SOURCE": str(SOURCE), "PYTHONDONTWRITEBYTECODE": "1"}


def run_check(root: Path, *, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the real command line, `python -m psg --root ROOT check`, on a project."""
    cmd = [sys.executable, "-m", "psg", "--root", str(root), "check"]
    if SOURCE.is_file():
        cmd.append("--require-source")
    return subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=timeout)


def reported(stderr: str) -> list[Reported]:
    """Parse a content-error report; fail if any error line lacks file, line, column or field."""
    lines = [line for line in stderr.splitlines() if line.startswith("  ")]
    out = []
    for line in lines:
        match = ERROR_LINE.match(line)
        assert match, f"an error message without file, line, column and field: {line!r}"
        found = Reported(match["file"], int(match["line"]), int(match["column"]), match["field"], match["found"], match["expected"])
        assert found.line >= 1 and found.column >= 1, f"an error message without a real line and column: {line!r}"
        out.append(found)
    return out
