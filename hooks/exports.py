"""MkDocs hook: publish the guidance as data in the built site.

Adds three files, made by pure functions in [`psg.export`][]:

- `data/guidance.json`: all guidance and checklists, in a versioned format;
- `data/guidance.schema.json`: that format's JSON Schema;
- `data/checklists.csv`: one row per checklist item.

They are added in `on_files`, as files that exist only in memory, rather than written
after the build: MkDocs then copies them like any other file, `mkdocs serve` serves them,
and a link to them from a page is checked like any other link.

This hook needs `hooks/guidance.py`, listed before it in `mkdocs.yml`: it reuses the
content that hook has already loaded and validated, and loads it again only if it
cannot find it.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from psg.export import data_files
from psg.model import Guidance
from psg.pages import GUIDANCE_KEY

# -------------------------------------------------------------------------------------
# Hooks
# -------------------------------------------------------------------------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add `data/guidance.json`, `data/guidance.schema.json` and `data/checklists.csv`."""
    guidance = _guidance(config)
    texts = data_files(
        guidance,
        directory_urls=bool(config.use_directory_urls),
        site_url=(config.site_url or "").rstrip("/") + "/" if config.site_url else None,
    )
    for uri, text in texts.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated data file; remove it or rename it")
        files.append(File.generated(config, uri, content=text))
    return files


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _guidance(config: MkDocsConfig) -> Guidance:
    """Return the knowledge base that `hooks/guidance.py` loaded and validated for this build."""
    guidance = config.get(GUIDANCE_KEY)
    if not isinstance(guidance, Guidance):
        raise PluginError("hooks/guidance.py must come before hooks/exports.py under `hooks` in mkdocs.yml")
    return guidance

