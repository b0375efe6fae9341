"""MkDocs hook: a thin adapter from the `psg` package to MkDocs.

All the work (loading, validation, the model, rendering) happens in the `psg` package,
which does not import MkDocs. This file only hands its results to MkDocs:

- `on_config` loads and validates the content before MkDocs writes anything, and
  expands the generated sections of the navigation;
- `on_files` adds the generated pages, which exist only in memory;
- `on_page_markdown` fills marker comments in hand-written pages, adds the glossary's
  definitions as tooltips, and points each generated page's edit link at its YAML file;
- `on_page_content` lets the keyboard reach each glossary term's definition;
- `on_env` gives the theme's templates whom to contact (`psg_signposting`, the box on
  every page), and keeps their compiled form between builds, for faster reloads;
- `on_serve` keeps `mkdocs serve` serving the last good site while an edit has broken
  the content, and shows the errors in the terminal and in a banner on every page; it
  also notices saves sooner.

Changes to this file or to `psg/` need a restart of `mkdocs serve`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import jinja2
import markupsafe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from psg.errors import ContentErrors, mark_pages_with_errors
from psg.markers import fill_markers, focusable_glossary_terms, glossary_abbreviations
from psg.pages import GUIDANCE_KEY, build_pages, expand_nav, nav_sections
from psg.signposting import choose_signposts, render_signposts, signpost_settings
from psg.validate import find_source, load_guidance

log = get_plugin_logger(__name__)

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_config(config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
    """Load and validate all content; stop the build, listing every error, if any."""
    root = Path(config.config_file_path).parent
    source = find_source(root)
    if not source.is_file():
        log.info(f"notice: briefing text not found at {source}; quotes were not checked against it")
    try:
        guidance = load_guidance(root, source)
    except ContentErrors as exc:
        raise PluginError(exc.report()) from None
    try:
        settings = signpost_settings(config.extra.get("signposting"))
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    pages = build_pages(guidance)
    signposts = choose_signposts(guidance.signposting, settings)
    _STATE.update(guidance=guidance, pages={p.uri: p for p in pages}, root=root, signposts=signposts)
    config.nav = expand_nav(config.nav, nav_sections(guidance, pages))
    config[GUIDANCE_KEY] = guidance  # for the other hooks (hooks/pdf.py, hooks/exports.py)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add the generated pages to the site."""
    for page in _STATE["pages"].values():
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} clashes with a generated page; remove it or rename it")
        files.append(File.generated(config, page.uri, content=page.markdown))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill markers, add glossary tooltips and set edit links."""
    guidance = _STATE["guidance"]
    generated = _STATE["pages"].get(page.file.src_uri)
    try:
        markdown = fill_markers(markdown, guidance, page.file.src_uri, signposts=_STATE["signposts"])
    except ValueError as exc:
        raise PluginError(f"{page.file.src_uri}: {exc}") from None
    edit_base = (config.extra.get("edit_base_url") or "").rstrip("/")
    if generated is not None:
        page.edit_url = f"{edit_base}/{generated.source_file}" if edit_base and generated.source_file else None
    elif edit_base:
        page.edit_url = f"{edit_base}/docs/{page.file.src_uri}"
    if page.meta.get("glossary", True):
        markdown += glossary_abbreviations(guidance)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Let the keyboard reach the first use of each glossary term, to show its definition."""
    return focusable_glossary_terms(html)


def on_env(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give the templates whom to contact, and keep their compiled form between builds.

    `psg_signposting` is the list in the "If this raises concerns for you" box
    (docs/overrides/partials/psg-signpost.html). MkDocs compiles every template of the
    theme on every build: about a tenth of each rebuild under `mkdocs serve`. Jinja's own
    per-user cache keeps them, and checks each against its source, so an edited template
    is compiled again.
    """
    env.globals["psg_signposting"] = markupsafe.Markup(render_signposts(_STATE["signposts"]))
    if env.bytecode_cache is None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_serve(server: Any, *, config: MkDocsConfig, builder: Callable[..., Any]) -> Any:
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


# -------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------

#: How often `mkdocs serve` looks for saved files (MkDocs' own interval is 0.5 s).
POLL_SECONDS = 0.1

_STATE: dict[str, Any] = {}
