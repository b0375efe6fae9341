"""MkDocs hook: the one adapter from the `psg` package to MkDocs.

All the work (loading, validation, the model, rendering, assembling the generated files)
happens in the `psg` package, which does not import MkDocs or read the environment. This
file reads the settings, hands them to [`psg.site`][], and gives MkDocs the results:

- `on_startup` notes the command: `mkdocs serve` skips the real checklist PDFs and the
  API reference, to keep reloads fast;
- `on_config` loads and validates the content before MkDocs writes anything, assembles
  every generated file (pages, data files, checklist PDFs, taken from `.cache/pdf` when
  nothing that shapes them changed, search's vocabulary), and
  expands the generated sections of the navigation. It also takes mkdocstrings' stylesheet
  out of `extra_css` (the plugin puts it on every page): `on_page_markdown` names it only
  on the pages that hold an API reference;
- `on_files` adds the generated files, which exist only in memory, and notes where each
  page with search keywords sits in the search index;
- `on_pre_page`, under `mkdocs serve` only, lets each page reuse its HTML from the last
  reload when its Markdown and every file's address are unchanged, so that a save renders
  again only the pages it changed;
- `on_page_markdown` finishes each hand-written page as [`finish_page`][psg.site.finish_page]
  finished the generated ones (markers, glossary tooltips, and under `serve` a note in
  place of the API reference), points each page's edit link at the file to edit, and
  gives each page with an API reference mkdocstrings' stylesheet (front matter `page_css`);
- `on_page_content` finishes each page's HTML as [`finish_html`][psg.site.finish_html]
  does (the keyboard can reach each glossary term's definition), and keeps heading
  permalinks ("¶") out of headings' accessible names
  ([`quiet_permalinks`][psg.render.quiet_permalinks]);
- `on_env` gives the theme's templates whom to contact (`psg_signposting`, the box on
  every page), the address of the maintainers' section for the footer's "For
  maintainers" link, and the filters [`psg.render`][] registers for them (the home
  page's tasks, for search's no-results panel), and keeps their compiled form between
  builds, for faster reloads;
- `on_post_build` adds each page's keywords to Material's search index as a field that
  search uses and never shows ([`add_search_keywords`][psg.keywords.add_search_keywords]).
  Its priority puts it after the search plugin (priority 0) has written
  `search/search_index.json` and before the offline plugin (priority -100) copies that
  file into `search/search_index.js`, so the served and the offline copy search the same
  index;
- `on_serve` keeps `mkdocs serve` serving the last good site while an edit has broken
  the content, and shows the errors in the terminal and in a banner on every page; it
  also notices saves sooner.

It is the only hook in `mkdocs.yml`, so the order of hooks cannot change the site; where
it must run at a set point among the plugins, it says so with MkDocs' `event_priority`.

Settings it reads from `mkdocs.yml` beyond MkDocs' own: `extra.edit_base_url` and
`extra.signposting` (the organisation's own contacts). Settings it reads from the
environment: `PSG_SOURCE` (the briefing's text), `PSG_SKIP_PDF=1` (placeholder PDFs in
any build) and `PSG_API_REFERENCE=1` (render the API reference under `serve` too). Changes to this file or to `psg/` need a restart of
`mkdocs serve`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib.metadata
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NamedTuple

import jinja2
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from psg.errors import ContentErrors, mark_pages_with_errors
from psg.keywords import add_search_keywords, search_keywords
from psg.markers import API_BLOCK
from psg.model import Guidance
from psg.pages import expand_nav
from psg.render import quiet_permalinks, theme_filters
from psg.signposting import signpost_settings
from psg.pdf import PRINT_FONTS
from psg.pdfcache import fingerprint_files
from psg.site import API_REFERENCE_ENV, SKIP_PDF_ENV, SOURCE_ENV, PdfCache, Settings, Site, assemble, finish_html, finish_page, flag
from psg.validate import find_source, load_guidance

log = get_plugin_logger(__name__)

#: mkdocstrings' stylesheet, which its plugin adds to every page's `extra_css`; only the
#: pages with an API reference (a `::: identifier` block) load it.
API_CSS = "assets/_mkdocstrings.css"

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember which command is running: `serve` skips the real PDFs and the API reference."""
    _STATE.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate all content, and assemble every generated file.

    Stops the build, listing every content error, before MkDocs writes anything.
    """
    root = Path(config.config_file_path).parent
    _STATE.renders.new_build()
    settings = _settings(config, _STATE.command)
    if settings.source is None or not settings.source.is_file():
        log.info(f"notice: briefing text not found at {settings.source}; quotes were not checked against it")
    try:
        guidance = load_guidance(root, settings.source)
    except ContentErrors as exc:
        raise PluginError(exc.report()) from None
    started = time.perf_counter()
    try:
        site = assemble(guidance, settings)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    _log_pdfs(guidance, settings, time.perf_counter() - started)
    _STATE.guidance, _STATE.settings, _STATE.site = guidance, settings, site
    config.nav = expand_nav(config.nav, site.nav)
    _STATE.api_css = API_CSS in config.extra_css
    config.extra_css = [css for css in config.extra_css if css != API_CSS]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every generated file (pages, data files, checklist PDFs and the booklet, search's vocabulary) to the site.

    Also notes each keyword page's address, as the search index gives its location.
    """
    for file in _STATE.assembled().files.values():
        if files.get_file_from_path(file.uri) is not None:
            raise PluginError(f"docs/{file.uri} clashes with a generated file; remove it or rename it")
        files.append(File.generated(config, file.uri, content=file.content))
    keywords = {}
    for uri, words in search_keywords(_STATE.loaded()).items():
        page = files.get_file_from_path(uri)
        if page is None:
            raise PluginError(f"{uri} has search keywords but is not a page of the site")
        keywords[page.url] = words
    _STATE.keywords = keywords
    return files


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    """Under `mkdocs serve`, reuse the HTML of each page whose Markdown has not changed.

    A reload rebuilds every page, and Python-Markdown is most of a rebuild's time, while
    a saved edit changes the Markdown of a few pages. The page's HTML, table of contents
    and anchors are kept from the last build when its Markdown (as finished by every
    plugin), its address and every file's address are what they were; otherwise it is
    rendered as usual. `mkdocs build` always renders every page.
    """
    if _STATE.command == "serve":
        _STATE.renders.install(page, files)
    return page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Finish each hand-written page, and set every page's edit link."""
    site, settings = _STATE.assembled(), _STATE.current_settings()
    uri = page.file.src_uri
    generated = site.files.get(uri)
    if generated is not None:  # finished by psg.site.assemble
        page.edit_url = settings.edit_url(generated.source_file)
        return markdown
    if settings.edit_base_url:
        page.edit_url = settings.edit_url(f"docs/{uri}")
    try:
        finished = finish_page(markdown, uri, _STATE.loaded(), settings, glossary=bool(page.meta.get("glossary", True)))
    except ValueError as exc:
        raise PluginError(f"{uri}: {exc}") from None
    if _STATE.api_css and API_BLOCK.search(finished):
        page.meta["page_css"] = [*(page.meta.get("page_css") or []), API_CSS]
    return finished


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Finish each page's HTML: the keyboard reaches the first use of each glossary term,
    and each heading's "¶" permalink stays out of the heading's accessible name."""
    return quiet_permalinks(finish_html(html))


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give the templates whom to contact and the maintainers' address; keep compiled templates.

    `psg_signposting` is the list in the "If this raises concerns for you" box
    (docs/overrides/partials/psg-signpost.html). `psg_maintainers_url` is the address of
    the maintainers' section, for the footer's "For maintainers" link
    (`docs/overrides/partials/copyright.html`). The theme's templates also get the filters
    they use from `psg` (see [`theme_filters`][psg.render.theme_filters]): `psg_home_tasks`
    for search's no-results panel.

    MkDocs compiles every template of the theme on every build: about a tenth of each
    rebuild under `mkdocs serve`. Jinja's own per-user cache keeps them, and checks each
    cached template against its source, so an edited template is compiled again.
    """
    env.globals["psg_signposting"] = markupsafe.Markup(_STATE.assembled().signposting)
    maintainers = files.get_file_from_path(MAINTAINERS_PAGE)
    env.globals["psg_maintainers_url"] = maintainers.url if maintainers is not None else None
    if env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    filters = theme_filters()
    # The no-results panel on every page reads the home page's tasks from the same HTML:
    # parse it once per build, not once per page (a pure function, so the result is the same).
    filters["psg_home_tasks"] = functools.lru_cache(maxsize=4)(filters["psg_home_tasks"])
    env.filters.update(filters)
    return env


@event_priority(-50)  # after the search plugin (0), before the offline plugin (-100)
def on_post_build(*, config: MkDocsConfig) -> None:
    """Add every page's keywords to `search/search_index.json`, in a field never shown."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return  # search is turned off
    try:
        text = add_search_keywords(path.read_text(encoding="utf-8"), _STATE.keywords)
    except ValueError as exc:
        raise PluginError(f"search/search_index.json: {exc}") from None
    path.write_text(text, encoding="utf-8")


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
    """Under `mkdocs serve`, keep serving the last good site while the content has errors.

    MkDocs stops answering page requests after a failed rebuild until a build succeeds.
    A content error stops the build before MkDocs touches the site, so the last good
    site is intact: the errors are printed, shown in a banner on its pages, and the
    server goes on serving it.

    It also looks for saved files five times as often as MkDocs does, so that a save
    starts the rebuild sooner.
    """
    server.builder = _keep_last_good_site(server.builder, Path(config.site_dir))
    _poll_sooner(server)
    return server


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _settings(config: MkDocsConfig, command: str | None) -> Settings:
    """Read the build's settings from the configuration, the command and the environment."""
    serve = command == "serve"
    skip_pdf = None
    if flag(os.environ.get(SKIP_PDF_ENV)):
        skip_pdf = f"{SKIP_PDF_ENV} is set"
    elif serve:
        skip_pdf = "mkdocs serve does not build PDFs"
    api_note = None
    if serve and not flag(os.environ.get(API_REFERENCE_ENV)):
        api_note = " when the site is built; `mkdocs serve` skips it to keep reloads fast"
    try:
        signposting = signpost_settings(config.extra.get("signposting"))
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    root = Path(config.config_file_path).parent
    return Settings(
        source=find_source(root, os.environ.get(SOURCE_ENV)),
        site_url=config.site_url or None,
        use_directory_urls=bool(config.use_directory_urls),
        skip_pdf_reason=skip_pdf,
        edit_base_url=str(config.extra.get("edit_base_url") or ""),
        api_reference_note=api_note,
        signposting=signposting,
        pdf_cache=None if skip_pdf else _pdf_cache(root),
    )


def _pdf_cache(root: Path) -> PdfCache | None:
    """The PDF cache in `<project>/.cache/pdf`, keyed also by the print fonts' files and
    WeasyPrint's version; None (every PDF made) when the fonts cannot be found."""
    fonts = print_font_files()
    if not fonts:
        log.info("PDF cache off: fc-list did not find the print fonts' files")
        return None
    try:
        fingerprint = fingerprint_files(fonts)
    except OSError as exc:
        log.info(f"PDF cache off: {exc}")
        return None
    maker = ", ".join(f"{name} {_version(name)}" for name in ("weasyprint", "pydyf"))
    return PdfCache(directory=root / PDF_CACHE_DIR, fonts=fingerprint, maker=maker)


def print_font_files() -> list[Path]:
    """Every font file of each of `PRINT_FONTS` (all its styles), as fontconfig finds
    them; empty when fontconfig is missing or lacks one of the fonts."""
    files: list[Path] = []
    for family in PRINT_FONTS:
        try:
            found = subprocess.run(
                ["fc-list", "--format=%{file}\\n", f"{family}:fontformat=TrueType"],
                capture_output=True, text=True, check=True, timeout=30,
            ).stdout.splitlines()
        except (OSError, subprocess.SubprocessError):
            return []
        if not found:
            return []
        files += [Path(name) for name in found]
    return files


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _log_pdfs(guidance: Guidance, settings: Settings, seconds: float) -> None:
    if settings.skip_pdf_reason is not None:
        log.info(f"checklist PDFs skipped ({settings.skip_pdf_reason}); placeholders written")
    else:
        log.info(f"built {len(guidance.checklists)} checklist PDFs and the booklet of all of them, with the other generated files, in {seconds:.1f} s")


def _keep_last_good_site(build: Callable[[], None], site_dir: Path) -> Callable[[], None]:
    """Wrap the serve builder so that content errors leave the last good site served.

    The errors are printed, and shown in a banner at the top of every page of the last
    good site. The next good build writes every page again, without the banner.
    """

    def rebuild() -> None:
        try:
            build()
        except Exception as exc:
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, ContentErrors):
                cause = cause.__cause__ or cause.__context__
            if cause is None:
                raise
            _show_errors_on_pages(site_dir, cause)
            log.error("Still serving the last good site: fix the content errors listed above and save.")

    return rebuild


def _show_errors_on_pages(site_dir: Path, errors: ContentErrors) -> None:
    """Add the errors' banner to every HTML page of the site being served."""
    pages = {path: path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html")}
    for path, text in mark_pages_with_errors(pages, errors).items():
        path.write_text(text, encoding="utf-8")


def _poll_sooner(server: Any) -> None:
    """Give the serve loop a file watcher that polls every `POLL_SECONDS`, not every 0.5 s.

    MkDocs 1.6 polls (it does not use the system's file events, which are unreliable on
    some file systems) with a fixed half-second interval. The paths it already watches
    move to the new watcher; those added after `on_serve` are scheduled on it directly.
    If MkDocs' server no longer looks as expected, it is left as it is.
    """
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


class _Rendered(NamedTuple):
    """What MkDocs' `Page.render` leaves on a page (a NamedTuple: see `_State` on dataclasses)."""

    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None


class _RenderCache:
    """Each page's rendered HTML from the last build, for `mkdocs serve` (see `on_pre_page`).

    Only the last build's pages are kept: each build starts a new generation, and the
    entries it does not use are dropped with the old one.
    """

    def __init__(self) -> None:
        self.previous: dict[str, _Rendered] = {}
        self.current: dict[str, _Rendered] = {}
        self.hits = 0

    def new_build(self) -> None:
        self.previous, self.current, self.hits = self.current, {}, 0

    def install(self, page: Page, files: Files) -> None:
        """Make this page's `render` use the cache (an attribute of this page only)."""
        render = page.render

        def cached_render(config: MkDocsConfig, files: Files) -> None:
            key = _render_key(page, files, config)
            kept = self.previous.get(key)
            if kept is None:
                render(config, files)
                kept = _Rendered(
                    str(page.content),
                    copy.deepcopy(page.toc),  # plugins change the page's own later (the tags plugin's listings)
                    getattr(page, "_title_from_render", None),
                    page.present_anchor_ids,
                    None if page.links_to_anchors is None else {f.src_uri: dict(links) for f, links in page.links_to_anchors.items()},
                )
                if "<autoref" in kept.content:
                    return  # autorefs registers its anchors while rendering: never reuse such a page
            else:
                self.hits += 1
                page.content, page.toc, page.present_anchor_ids = kept.content, copy.deepcopy(kept.toc), None if kept.anchors is None else set(kept.anchors)
                setattr(page, "_title_from_render", kept.title)
                page.links_to_anchors = _relink(kept.links_to_anchors, files)
            self.current[key] = kept

        setattr(page, "render", cached_render)


def _render_key(page: Page, files: Files, config: MkDocsConfig) -> str:
    """Everything that shapes a page's HTML: its Markdown, its address, every file's address,
    and the Markdown settings."""
    digest = hashlib.sha256()
    for part in (
        page.file.src_uri,
        page.file.url,
        " ".join(_extension_name(extension) for extension in config.markdown_extensions),
        repr(sorted(config.mdx_configs.items(), key=lambda kv: kv[0])),
        str(config.validation),
        "\0".join(f"{f.src_uri}\t{f.url}" for f in files),
        page.markdown or "",
    ):
        digest.update(part.encode("utf-8") + b"\0\1")
    return digest.hexdigest()


def _extension_name(extension: object) -> str:
    """A Markdown extension's name; for an instance (plugins add some), its class's, not its address."""
    return extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__qualname__}"


def _relink(links: dict[str, dict[str, str]] | None, files: Files) -> dict[File, dict[str, str]] | None:
    """A cached page's links to other pages' anchors, keyed by this build's files."""
    if links is None:
        return None
    found = {files.get_file_from_path(uri): dict(anchors) for uri, anchors in links.items()}
    return {file: anchors for file, anchors in found.items() if file is not None}


class _State:
    """What one build has found so far: the command, the content, the settings, the site.

    Also where each page with search keywords sits in the search index.

    A plain class, not a dataclass: tests load this file without registering it as a
    module, and dataclasses need the module registered.
    """

    def __init__(self) -> None:
        self.command: str | None = None
        self.guidance: Guidance | None = None
        self.settings: Settings | None = None
        self.site: Site | None = None
        self.keywords: dict[str, list[str]] = {}
        self.renders = _RenderCache()
        #: Whether mkdocstrings' stylesheet was in `extra_css` (its plugin is on).
        self.api_css = False

    def loaded(self) -> Guidance:
        if self.guidance is None:
            raise PluginError("hooks/guidance.py: the content was not loaded (on_config did not run)")
        return self.guidance

    def current_settings(self) -> Settings:
        if self.settings is None:
            raise PluginError("hooks/guidance.py: no settings (on_config did not run)")
        return self.settings

    def assembled(self) -> Site:
        if self.site is None:
            raise PluginError("hooks/guidance.py: the site was not assembled (on_config did not run)")
        return self.site


# -------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------

#: How often `mkdocs serve` looks for saved files (MkDocs' own interval is 0.5 s).
POLL_SECONDS = 0.1

#: Where `mkdocs build` keeps made PDFs between builds, in the project (gitignored).
PDF_CACHE_DIR = ".cache/pdf"

#: The maintainers' section's index page, linked from every page's footer.
MAINTAINERS_PAGE = "maintaining/index.md"

_STATE = _State()
