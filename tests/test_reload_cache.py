"""Reloads under `mkdocs serve` reuse the HTML of unchanged pages (hooks/guidance.py,
`on_pre_page`), and the served site is still exactly what a full rebuild gives.

In a copy of the project, a child process builds the site as `mkdocs serve` does (the
`serve` command, its address), saves an edit to a challenge, rebuilds with the cache,
copies the site, then rebuilds again with the cache emptied. Every file, the search
index included, must be the same in both, and the edited page must show the edit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _project import copy_project, env

SCRIPT = r"""
import json, os, re, shutil, sys
from pathlib import Path
project = Path(sys.argv[1]); os.chdir(project)
from mkdocs.commands.build import build
from mkdocs.config import load_config
site = project / "_served"
def config():
    c = load_config("mkdocs.yml", site_dir=str(site)); c.site_url = "http://127.0.0.1:8000/"; return c
first = config(); first.plugins.on_startup(command="serve", dirty=False)
hook = next(iter(first.hooks.values()))
build(first, serve_url="http://127.0.0.1:8000/")
source = project / "guidance/challenges/triggering.yml"
text = source.read_text(encoding="utf-8")
source.write_text(re.sub(r"(?m)^title: .*$", "title: Triggering, edited for the reload test", text, count=1), encoding="utf-8")
build(config(), serve_url="http://127.0.0.1:8000/")
reused = hook._STATE.renders.hits
shutil.copytree(site, project / "_cached")
hook._STATE.renders = type(hook._STATE.renders)()
build(config(), serve_url="http://127.0.0.1:8000/")
print(json.dumps({"reused": reused, "full_reused": hook._STATE.renders.hits}))
"""


def test_a_reload_reuses_unchanged_pages_and_serves_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project)],
        env={**env(), "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    reused, full = counts["reused"], counts["full_reused"]
    cached, fresh = project / "_cached", project / "_served"
    pages = list(fresh.rglob("*.html"))
    assert 0 < reused < len(pages), f"{reused} pages reused of {len(pages)}: the cache did not work, or reused the edited page"
    assert full == 0
    differ = []
    for path in fresh.rglob("*"):
        if path.is_file() and path.name != "sitemap.xml.gz":
            twin = cached / path.relative_to(fresh)
            if not twin.is_file() or twin.read_bytes() != path.read_bytes():
                differ.append(path.relative_to(fresh).as_posix())
    assert not differ, f"the reloaded site differs from a full rebuild: {differ[:10]}"
    assert sorted(p.relative_to(cached) for p in cached.rglob("*")) == sorted(p.relative_to(fresh) for p in fresh.rglob("*"))
    assert "Triggering, edited for the reload test" in (cached / "challenges/triggering/index.html").read_text(encoding="utf-8")
    assert "Triggering, edited for the reload test" in (cached / "search/search_index.json").read_text(encoding="utf-8")
