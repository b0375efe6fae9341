"""MkDocs hook: one A4 PDF per checklist, at `checklists/<id>.pdf`.

A thin adapter: [`psg.pdf`][] makes each PDF from the model; this file only adds the
PDFs to the site. It reuses the content `hooks/guidance.py` (listed before it in
`mkdocs.yml`) has loaded and validated.

- `on_startup` notes the command: `mkdocs serve` skips the real PDFs, to keep reloads
  fast, and so does `PSG_SKIP_PDF=1`. A skipped PDF is replaced by a one-page
  placeholder that says so, so every PDF link still works.
- `on_files` adds the PDFs as site files. MkDocs then checks the links to them, gives
  them the right address under either URL style, and copies them into the site.

Changes to this file or to `psg/` need a restart of `mkdocs serve`.
"""

from __future__ import annotations

import os
import time
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from psg.model import Guidance
from psg.pages import GUIDANCE_KEY, pdf_uri
from psg.pdf import checklist_pdf, placeholder_pdf
from psg.render import uri_for

log = get_plugin_logger(__name__)

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool, **kwargs: Any) -> None:
    """Remember which command is running: `serve` skips the real PDFs."""
    _STATE["command"] = command


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add every checklist's PDF (or, when skipped, its placeholder) to the site."""
    started = time.perf_counter()
    guidance = _guidance(config)
    reason = _skip_reason()
    for checklist in guidance.checklists:
        if reason:
            content = placeholder_pdf(checklist.title, f"This is a placeholder: {reason}. Run `make build` for the real PDF.")
        else:
            content = checklist_pdf(guidance, checklist, page_url=_page_url(files, config, checklist.id))
        uri = pdf_uri(checklist.id)
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated checklist PDF; remove it or rename it")
        files.append(File.generated(config, uri, content=content))
    if reason:
        log.info(f"checklist PDFs skipped ({reason}); placeholders written")
    else:
        log.info(f"built {len(guidance.checklists)} checklist PDFs in {time.perf_counter() - started:.1f} s")
    return files


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _guidance(config: MkDocsConfig) -> Guidance:
    """Return the knowledge base that `hooks/guidance.py` loaded and validated for this build."""
    guidance = config.get(GUIDANCE_KEY)
    if not isinstance(guidance, Guidance):
        raise PluginError("hooks/guidance.py must come before hooks/pdf.py under `hooks` in mkdocs.yml")
    return guidance


def _skip_reason() -> str | None:
    """Say why the real PDFs are skipped, or None when they are built."""
    if os.environ.get(SKIP_ENV, "").strip() not in ("", "0"):
        return f"{SKIP_ENV} is set"
    if _STATE.get("command") == "serve":
        return "mkdocs serve does not build PDFs"
    return None


def _page_url(files: Files, config: MkDocsConfig, checklist_id: str) -> str | None:
    """Return the checklist page's full web address, or None when `site_url` is not set."""
    page = files.get_file_from_path(uri_for("checklist", checklist_id))
    site_url = (config.site_url or "").strip()
    if page is None or not site_url:
        return None
    return site_url.rstrip("/") + "/" + page.url


# -------------------------------------------------------------------------------------
# Data
# -------------------------------------------------------------------------------------

#: Set this environment variable to 1 to skip the real PDFs in any build.
SKIP_ENV = "PSG_SKIP_PDF"

_STATE: dict[str, Any] = {}
