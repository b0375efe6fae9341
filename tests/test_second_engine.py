"""A second engine: ProperDocs builds the same site as MkDocs, file for file.

MkDocs 1.6.1 is the last release of MkDocs 1, and MkDocs 2 runs no plugins or hooks.
ProperDocs, a maintained continuation of MkDocs 1.6, is pinned in `requirements.txt` and
installed beside it. This test builds the site with `properdocs build -f mkdocs.yml` and
compares every file with the MkDocs build (`site_dir`): pages, search index, sitemap,
data files, PDFs and the theme's assets.

The one difference allowed is the generator tag Material writes into each page's head,
which names the engine: `content="mkdocs-1.6.1, mkdocs-material-9.8.1"` from MkDocs and
`content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"` from ProperDocs. Exactly that
tag, once per HTML page, is normalised; every other byte must match.

Both builds are given the same build date: the sitemap's gzip header holds the build
day, so the ProperDocs build reads it from the MkDocs build's `sitemap.xml.gz` and passes
it as `SOURCE_DATE_EPOCH` (the reproducible-builds convention both engines honour).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT

#: xdist: these tests share the ProperDocs build, made once, so they run on one worker.
pytestmark = pytest.mark.xdist_group("second_engine")

PROPERDOCS = Path(sys.executable).parent / "properdocs"
MATERIAL = f"mkdocs-material-{version('mkdocs-material')}"
#: The generator tag each engine writes into every page.
GENERATOR = {
    "mkdocs": f'<meta name="generator" content="mkdocs-{version("mkdocs")}, {MATERIAL}">',
    "properdocs": f'<meta name="generator" content="mkdocs-ProperDocs {version("properdocs")}, {MATERIAL}">',
}
PLACEHOLDER = b'<meta name="generator" content="(engine), (theme)">'


def build_day(site: Path) -> int:
    """The build date a site was built with, from its `sitemap.xml.gz` header (bytes 4 to 8)."""
    header = (site / "sitemap.xml.gz").read_bytes()[:8]
    return struct.unpack("<I", header[4:8])[0]


@pytest.fixture(scope="module")
def properdocs_site(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by ProperDocs from the same `mkdocs.yml`, on the MkDocs build's date."""
    assert PROPERDOCS.is_file(), "ProperDocs is missing: run `make venv` (requirements.txt pins it)"
    dest = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(build_day(site_dir))}
    cmd = [str(PROPERDOCS), "build", "--strict", "-f", "mkdocs.yml", "-d", str(dest)]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"ProperDocs' strict build failed:\n{result.stdout}\n{result.stderr}"
    return dest


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def normalised(path: Path, engine: str) -> bytes:
    """A file's bytes, with an HTML page's one generator tag replaced by a placeholder."""
    data = path.read_bytes()
    if path.suffix != ".html":
        return data
    tag = GENERATOR[engine].encode()
    assert data.count(tag) == 1, f"{path}: expected the generator tag {GENERATOR[engine]} exactly once"
    return data.replace(tag, PLACEHOLDER)


def test_properdocs_builds_the_same_files(site_dir: Path, properdocs_site: Path) -> None:
    assert sorted(files_of(properdocs_site)) == sorted(files_of(site_dir))


def test_every_file_is_identical_but_for_the_generator_tag(site_dir: Path, properdocs_site: Path) -> None:
    theirs = files_of(properdocs_site)
    different = [
        rel
        for rel, ours in sorted(files_of(site_dir).items())
        if rel in theirs and normalised(ours, "mkdocs") != normalised(theirs[rel], "properdocs")
    ]
    assert not different, f"{len(different)} files differ between MkDocs and ProperDocs: {different[:20]}"


def test_the_comparison_covers_every_kind_of_output(site_dir: Path) -> None:
    """Pages, search index, sitemap, data files, PDFs and assets are all among the files compared."""
    found = files_of(site_dir)
    assert sum(rel.endswith(".html") for rel in found) > 60
    for rel in ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "objects.inv", "data/guidance.json"):
        assert rel in found, rel
    assert any(rel.endswith(".pdf") for rel in found)
    assert any(rel.startswith("assets/javascripts/") for rel in found)
    assert any(rel.startswith("assets/stylesheets/") for rel in found)


def test_the_generator_tag_is_the_only_difference_and_names_each_engine(site_dir: Path, properdocs_site: Path) -> None:
    """Without the normalisation the pages differ, and only in that tag (so the test can fail)."""
    page = "challenges/triggering/index.html"
    ours, theirs = ((site / page).read_text(encoding="utf-8") for site in (site_dir, properdocs_site))
    assert ours != theirs
    assert ours.replace(GENERATOR["mkdocs"], "") == theirs.replace(GENERATOR["properdocs"], "")


def test_the_publishing_page_shows_both_tags_as_they_are() -> None:
    page = (ROOT / "docs" / "maintaining" / "publishing.md").read_text(encoding="utf-8")
    assert GENERATOR["mkdocs"] in page
    assert GENERATOR["properdocs"].removeprefix('<meta name="generator" ').removesuffix(">") in page
