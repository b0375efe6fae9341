"""Checklist validation on a tiny copy of the project, and the links back from strategies."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from psg.errors import ContentErrors
from psg.validate import load_guidance


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project's content: guidance/ and checklists/."""
    for folder in ("guidance", "checklists"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _replace_first_strategy(path: Path, new: str) -> int:
    """Point the first checklist item that names a strategy at `new`; return its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        match = re.match(r"^(\s+strategy: )\S+", line)
        if match:
            lines[number - 1] = f"{match.group(1)}{new}\n"
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"no item in {path} names a strategy")


def test_copied_project_is_valid(project: Path) -> None:
    assert len(load_guidance(project, None).checklists) >= 6


def test_item_naming_an_unknown_strategy_fails_with_file_and_line(project: Path) -> None:
    line = _replace_first_strategy(project / "checklists" / "boundaries-agreement.yml", "no-such-strategy")
    with pytest.raises(ContentErrors) as caught:
        load_guidance(project, None)
    messages = [str(error) for error in caught.value.errors]
    expected = f"checklists/boundaries-agreement.yml:{line}:"
    assert any(m.startswith(expected) and "no-such-strategy" in m for m in messages), "\n".join(messages)

    # The command line says the same, and fails.
    result = subprocess.run(
        [sys.executable, "-m", "psg", "--root", str(project), "check"], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PSG_SOURCE": str(project / "no-source.txt")}
    )
    assert result.returncode == 1
    assert expected in result.stderr and "no-such-strategy" in result.stderr


def test_item_naming_an_unknown_subpoint_fails_with_file_and_line(project: Path) -> None:
    path = project / "checklists" / "recruiting-for-readiness.yml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"(?m)^(\s+subpoint: )\S+$", text)
    assert match, "no item with a sub-point to break"
    line = text.count("\n", 0, match.start()) + 1
    path.write_text(text[: match.start()] + f"{match.group(1)}no-such-part" + text[match.end() :], encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_guidance(project, None)
    assert any(str(e).startswith(f"checklists/recruiting-for-readiness.yml:{line}:") and "no-such-part" in str(e) for e in caught.value.errors)


def test_strategy_pages_link_to_checklist_items_that_exist(site_dir: Path) -> None:
    guidance = load_guidance(ROOT, None, check_quotes=False)
    ids_on: dict[Path, set[str]] = {}
    checked = 0
    for strategy in guidance.strategies:
        uses = guidance.checklist_uses(strategy.id)
        page = site_dir / "strategies" / strategy.id / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = f"https://example.org/strategies/{strategy.id}/"
        linked = set()
        for link in soup.select("article a[href*='#']"):
            url = urlparse(urljoin(base, link["href"]))
            if not url.path.startswith("/checklists/"):
                continue
            target = site_dir / url.path.lstrip("/") / "index.html"
            assert target.is_file(), f"{strategy.id}: {link['href']} points at no page"
            if target not in ids_on:
                ids_on[target] = {tag["id"] for tag in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find_all(id=True)}
            assert url.fragment in ids_on[target], f"{strategy.id}: {link['href']} points at no item"
            linked.add(url.fragment)
            checked += 1
        assert linked == {use.item.id for use in uses}, f"{strategy.id} does not link every checklist item from it"
    assert checked > 0


def test_strategy_no_checklist_uses_fails_until_it_gives_a_reason(project: Path) -> None:
    """Every strategy is used by a checklist, or its YAML says why not; the check lists any other."""
    unused = "more-than-one-peer-supporter"
    for path in (project / "checklists").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"(?m)^(\s+strategy: ){re.escape(unused)}$", r"\1valuing-lived-experience", text), encoding="utf-8")
    with pytest.raises(ContentErrors) as caught:
        load_guidance(project, None)
    messages = [str(error) for error in caught.value.errors]
    assert len(messages) == 1, "\n".join(messages)
    assert messages[0].startswith(f"guidance/strategies/{unused}.yml:") and "checklist_reason" in messages[0], messages[0]

    strategy = project / "guidance" / "strategies" / f"{unused}.yml"
    strategy.write_text(
        strategy.read_text(encoding="utf-8") + "checklist_reason: >-\n  Covered on the employing-fairly checklist by the items on culture.\n", encoding="utf-8"
    )
    guidance = load_guidance(project, None)  # with the reason given, the content is valid again
    assert guidance.strategy(unused).checklist_reason
