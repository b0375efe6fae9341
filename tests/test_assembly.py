"""One assembly step: `psg.site` makes every generated file, and hook order cannot change the site.

The MkDocs hook, the portable export and the benchmark all take the generated files from
`psg.site.assemble`; these tests check that the built site holds exactly those files,
that the checklist PDFs get their pages' real addresses, and that where the hook sits
among the hooks in `mkdocs.yml` does not change a byte of the output.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from itertools import permutations
from pathlib import Path

import pytest
import yaml
from mkdocs.structure.files import File

import psg.site
from _project import copy_project, env
from conftest import ROOT
from psg.markers import tag_slug
from psg.model import Guidance
from psg.portable import load_config
from psg.render import environment, theme_filters
from psg.schema import Checklist
from psg.site import PRODUCERS, Settings, SiteFile, assemble, finish_page
from psg.validate import load_guidance

#: A hook that takes part in every event the project's hook uses and changes nothing.
NEUTRAL_HOOK = '''
def on_startup(*, command, dirty): pass
def on_config(config): return config
def on_files(files, *, config): return files
def on_nav(nav, *, config, files): return nav
def on_page_markdown(markdown, *, page, config, files): return markdown
def on_env(env, *, config, files): return env
def on_post_build(*, config): pass
'''


@pytest.fixture(scope="module")
def guidance() -> Guidance:
    return load_guidance(ROOT, None, check_quotes=False)


def _build(project: Path, config: Path, dest: Path) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(dest)]
    extra = {"PSG_SKIP_PDF": "1", "SOURCE_DATE_EPOCH": "1700000000", "PSG_SITE_URL": "https://example.org/guidance/"}
    result = subprocess.run(cmd, cwd=project, env={**env(), **extra}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# --- the hook -----------------------------------------------------------------------


def test_mkdocs_yml_has_one_hook_the_adapter() -> None:
    config = load_config(ROOT / "mkdocs.yml")
    assert config["hooks"] == ["hooks/guidance.py"]
    assert sorted(p.name for p in (ROOT / "hooks").glob("*.py")) == ["guidance.py"]


def test_hook_order_cannot_change_the_output(tmp_path: Path) -> None:
    """Build with every order of the hooks, each beside a neutral hook first and last: the sites are byte-identical."""
    project = copy_project(tmp_path / "project")
    (project / "neutral_hook.py").write_text(NEUTRAL_HOOK, encoding="utf-8")
    hooks = load_config(ROOT / "mkdocs.yml")["hooks"]
    orders = [[*order, "neutral_hook.py"] for order in permutations(hooks)]
    orders += [["neutral_hook.py", *order] for order in permutations(reversed(hooks))]
    configs = []
    for index, order in enumerate(orders):
        config = project / f"mkdocs.order{index}.yml"
        config.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "hooks": order}), encoding="utf-8")
        configs.append((config, tmp_path / f"site{index}"))
    with ThreadPoolExecutor(max_workers=len(configs)) as pool:  # independent builds, side by side
        list(pool.map(lambda built: _build(project, *built), configs))
    sites = [_files(dest) for _, dest in configs]
    first = sites[0]
    assert "data/guidance.json" in first and "checklists/training-plan.pdf" in first
    for order, site in zip(orders[1:], sites[1:], strict=True):
        assert site.keys() == first.keys(), order
        changed = [name for name in first if site[name] != first[name]]
        assert not changed, f"hooks {order} changed {changed[:10]}"


def test_the_built_site_holds_exactly_the_assembled_files(site_dir: Path, guidance: Guidance) -> None:
    """Every data file and page that psg.site assembles is in the built site (PDFs: tested in test_pdf.py)."""
    site = assemble(guidance, Settings(skip_pdf_reason="not compared here"))
    for file in site.files.values():
        if file.is_page:
            built = site_dir / file.uri.removesuffix(".md").removesuffix("index") / "index.html"
            assert built.is_file(), file.uri
        elif file.uri.endswith(".pdf"):
            assert (site_dir / file.uri).is_file(), file.uri
        else:
            assert (site_dir / file.uri).read_bytes() == str(file.content).encode("utf-8"), file.uri


# --- addresses ----------------------------------------------------------------------


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("site_url", ["https://example.org/guidance/", "https://example.org/guidance", "https://example.org"])
def test_page_addresses_are_the_ones_mkdocs_gives(guidance: Guidance, directory_urls: bool, site_url: str) -> None:
    settings = Settings(site_url=site_url, use_directory_urls=directory_urls)
    for file in assemble(guidance, Settings(skip_pdf_reason="addresses only")).pages():
        mkdocs_url = File(file.uri, str(ROOT / "docs"), "/nonexistent-site", directory_urls).url
        assert settings.page_address(file.uri) == site_url.rstrip("/") + "/" + mkdocs_url, file.uri
    assert Settings(use_directory_urls=directory_urls).page_address("index.md") is None


def test_each_real_pdf_gets_its_pages_address(guidance: Guidance, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF footer names the checklist page's address whatever the order of anything: it comes from the settings."""
    seen: dict[str, str | None] = {}
    real_html = psg.site.checklist_html

    def recording_html(g: Guidance, checklist: Checklist, *, page_url: str | None = None) -> str:
        seen[checklist.id] = page_url
        return real_html(g, checklist, page_url=page_url)

    monkeypatch.setattr(psg.site, "checklist_html", recording_html)
    monkeypatch.setattr(psg.site, "html_to_pdf", lambda html: b"%PDF-fake")
    monkeypatch.setattr(psg.site, "pdf_page_count", lambda pdf: 3)
    for directory_urls, ending in ((True, "/"), (False, ".html")):
        seen.clear()
        site = assemble(guidance, Settings(site_url="https://example.org/g/", use_directory_urls=directory_urls))
        assert seen == {c.id: f"https://example.org/g/checklists/{c.id}{ending}" for c in guidance.checklists}
        assert all(site.files[f"checklists/{c.id}.pdf"].content == b"%PDF-fake" for c in guidance.checklists)
    seen.clear()
    assemble(guidance, Settings(site_url=None))
    assert set(seen.values()) == {None}


# --- the assembly itself ------------------------------------------------------------


def test_assembly_is_pure_and_refuses_two_files_at_one_path(guidance: Guidance, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(skip_pdf_reason="placeholders")
    one, two = assemble(guidance, settings), assemble(guidance, settings)
    assert {k: f.content for k, f in one.files.items()} == {k: f.content for k, f in two.files.items()}
    assert one.nav == two.nav

    def twice(g: Guidance, s: Settings):  # noqa: ANN202
        yield SiteFile("data/guidance.json", "{}")

    monkeypatch.setattr(psg.site, "PRODUCERS", (*PRODUCERS, twice))
    with pytest.raises(ValueError, match="two generated files at data/guidance.json"):
        assemble(guidance, settings)


def test_a_new_producer_reaches_the_site(guidance: Guidance, monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a producer to PRODUCERS is all it takes; its pages are finished like the others."""

    def vocabulary(g: Guidance, s: Settings):  # noqa: ANN202
        yield SiteFile("search/vocabulary.json", '{"words": []}\n')
        yield SiteFile("progress.md", "# Progress\n\n<!-- psg:content-version -->\n", "Progress", None)

    monkeypatch.setattr(psg.site, "PRODUCERS", (*PRODUCERS, vocabulary))
    site = assemble(guidance, Settings(skip_pdf_reason="placeholders"))
    assert site.files["search/vocabulary.json"].content == '{"words": []}\n'
    page = str(site.files["progress.md"].content)
    assert "psg:content-version" not in page and "content version" in page and "*[" in page


def test_finish_page_follows_front_matter_and_settings(guidance: Guidance) -> None:
    plain = "---\ntitle: X\nglossary: false\n---\n\n# X\n\n<!-- psg:content-version -->\n"
    finished = finish_page(plain, "x.md", guidance, Settings())
    assert "psg:content-version" not in finished and "*[" not in finished
    assert "*[" in finish_page(plain.replace("glossary: false", "glossary: true"), "x.md", guidance, Settings())
    tags = "# Tags\n\n<!-- material/tags -->\n"
    assert finish_page(tags, "browse/tags.md", guidance, Settings(), glossary=False) == tags
    written = finish_page(tags, "browse/tags.md", guidance, Settings(tags_index=True), glossary=False)
    assert "material/tags" not in written and "{ #tag:" in written
    with pytest.raises(ValueError, match="unknown marker"):
        finish_page("<!-- psg:no-such-marker -->\n", "x.md", guidance, Settings())


@pytest.mark.parametrize(
    ("tag", "slug"),
    [("Boundaries", "tag:boundaries"), ("Self-care & wellbeing", "tag:self-care--wellbeing"), ("Café", "tag:café"), ("Peer support", "tag:peer-support")],
)
def test_tag_anchors_are_the_tags_plugins(tag: str, slug: str) -> None:
    assert tag_slug(tag) == slug


def test_every_tag_anchor_is_on_the_built_tags_page(site_dir: Path, guidance: Guidance) -> None:
    html = (site_dir / "browse" / "tags" / "index.html").read_text(encoding="utf-8")
    for tag in {t for item in (*guidance.challenges, *guidance.strategies) for t in item.tags}:
        assert f'id="{tag_slug(tag)}"' in html, tag


def test_one_jinja_environment_compiles_every_template_on_its_own() -> None:
    """Every filter and global is registered in psg.render: no other module must be imported first.

    psg.render's own imports are the schema and, for the theme's filter, psg.search_help.
    """
    code = (
        "import sys; from psg.render import environment; env = environment(); "
        "[env.get_template(name) for name in env.list_templates(extensions=['j2'])]; "
        "sys.exit(sorted(m for m in sys.modules if m.startswith('psg.')) != ['psg.render', 'psg.schema', 'psg.search_help'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_theme_filters_are_registered_in_the_one_environment() -> None:
    """The filters the hook hands to the theme's templates are those of psg.render's environment."""
    filters = theme_filters()
    assert set(filters) == {"psg_home_tasks"}
    assert all(environment().filters[name] is f for name, f in filters.items())
    assert filters["psg_home_tasks"]('<div class="psg-tasks"><a href="a/#b">A</a></div>')[0].anchor == "b"
