"""The portable export: the whole site as plain Markdown, with a configuration that needs no hooks.

[`export_markdown`][psg.portable.export_markdown] writes the hand-written pages (their
markers filled), every generated file of [`psg.site`][] (pages, data files, checklist
PDFs) and a copy of `mkdocs.yml` with the navigation written out and without hooks or
plugins beyond the theme's own. Zensical, or MkDocs with Material for MkDocs alone,
builds it as it is, so the content can move to another generator without the `psg`
package. `python -m psg export OUT` runs it.

`mkdocs.yml` is read as MkDocs reads it: `!ENV` tags are resolved with `yaml_env_tag`
(the library MkDocs uses), and other tags, such as `!!python/name:`, are written back
as they were.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from psg import CONTENT_VERSION
from psg.model import Guidance
from psg.pages import expand_nav
from psg.signposting import signpost_settings
from psg.site import Settings, Site, assemble, finish_page

__all__ = ["EXPORT_MARK", "PORTABLE_PLUGINS", "export_markdown", "load_config", "portable_settings"]

#: Plugins kept in the exported configuration: those of the theme itself. The others
#: (tags, mkdocstrings, …) need Python code the export leaves behind.
PORTABLE_PLUGINS = ("search", "offline")

#: The file that marks a folder as written by `export_markdown`, so it may be replaced.
EXPORT_MARK = ".psg-export"

#: How the API reference's note ends in the export.
API_NOTE = ", which this export leaves out: read them in the repository"


def export_markdown(guidance: Guidance, root: Path, out: Path, *, skip_pdf_reason: str | None = None) -> int:
    """Write the site as plain Markdown with a configuration that needs no hooks.

    The export holds `docs/` (the hand-written pages with their markers filled, every
    generated page, the data files and the checklist PDFs) and `mkdocs.yml` (the
    project's configuration with the navigation written out, and without hooks or
    plugins beyond the theme's own).

    Args:
        guidance: The knowledge base.
        root: The project root (holding `mkdocs.yml` and `docs/`).
        out: The folder to write. It must be empty, missing, or an earlier export.
        skip_pdf_reason: Why the real checklist PDFs are not made (placeholders stand in
            for them), or None to make them.

    Returns:
        The number of files written.

    Raises:
        ValueError: If `out` holds anything but an earlier export, `extra.signposting` is
            not valid, or a page has an unknown marker.
    """
    if out.exists() and any(out.iterdir()) and not (out / EXPORT_MARK).is_file():
        raise ValueError(f"{out} is not empty and is not an earlier export; choose an empty or new folder")
    config = load_config(root / "mkdocs.yml")
    settings = portable_settings(config, skip_pdf_reason=skip_pdf_reason)
    site = assemble(guidance, settings)
    if (out / "docs").exists():
        shutil.rmtree(out / "docs")
    out.mkdir(parents=True, exist_ok=True)
    written = _copy_docs(root / config.get("docs_dir", "docs"), out / "docs", guidance, settings)
    written += _write_generated(site, out / "docs")
    header = (
        "# Written by `python -m psg export` from Peer Support Guidance, content version "
        f"{CONTENT_VERSION}.\n# Plain Markdown and this file are all a generator needs: no hooks, no psg package.\n"
    )
    (out / "mkdocs.yml").write_text(header + _yaml_dump(_portable_config(config, site.nav)), encoding="utf-8")
    (out / EXPORT_MARK).write_text("This folder was written by `python -m psg export`; it is replaced by the next export.\n", encoding="utf-8")
    return written + 1


def portable_settings(config: dict[str, Any], *, skip_pdf_reason: str | None = None) -> Settings:
    """Return the settings of an export, from the project's configuration.

    Args:
        config: `mkdocs.yml`, as [`load_config`][psg.portable.load_config] reads it.
        skip_pdf_reason: Why the real checklist PDFs are not made, or None to make them.

    Returns:
        The settings: the configuration's address and URL style, the organisation's
        contacts (`extra.signposting`), the tags index written out, and a note in place
        of the API reference.

    Raises:
        ValueError: If `extra.signposting` is not valid, naming every mistake.
    """
    extra = config.get("extra") or {}
    if not isinstance(extra, dict):
        extra = {}
    return Settings(
        site_url=str(config.get("site_url") or "") or None,
        use_directory_urls=bool(config.get("use_directory_urls", True)),
        skip_pdf_reason=skip_pdf_reason,
        edit_base_url=str(extra.get("edit_base_url") or ""),
        api_reference_note=API_NOTE,
        tags_index=True,
        signposting=signpost_settings(extra.get("signposting")),
    )


def load_config(path: Path) -> dict[str, Any]:
    """Read `mkdocs.yml` without MkDocs.

    Args:
        path: The configuration file.

    Returns:
        Its settings, with `!ENV` tags resolved and other tags kept to be written back.

    Raises:
        ValueError: If the file is not a mapping of settings.
    """
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a mapping of settings")
    return data


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _copy_docs(docs: Path, target: Path, guidance: Guidance, settings: Settings) -> int:
    """Copy `docs/`, finishing each Markdown page; return the number of files written."""
    written = 0
    for path in sorted(docs.rglob("*")):
        rel = path.relative_to(docs).as_posix()
        if path.is_dir():
            (target / rel).mkdir(parents=True, exist_ok=True)
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            markdown = finish_page(path.read_text(encoding="utf-8"), rel, guidance, settings)
            (target / rel).write_text(markdown, encoding="utf-8")
        else:
            shutil.copyfile(path, target / rel)
        written += 1
    return written


def _write_generated(site: Site, target: Path) -> int:
    """Write every generated file; return how many."""
    for file in site.files.values():
        path = target / file.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(file.content, bytes):
            path.write_bytes(file.content)
        else:
            path.write_text(file.content, encoding="utf-8")
    return len(site.files)


def _portable_config(config: dict[str, Any], sections: dict[str, list[Any]]) -> dict[str, Any]:
    """Drop what needs this project's Python code, and write out the generated navigation."""
    config = dict(config)
    for key in ("hooks", "watch"):
        config.pop(key, None)
    plugins = []
    for entry in config.get("plugins") or []:
        name = next(iter(entry)) if isinstance(entry, dict) else entry
        if name in PORTABLE_PLUGINS:
            plugins.append(entry)
    config["plugins"] = plugins
    if "nav" in config:
        config["nav"] = expand_nav(config["nav"], sections)
    return config


# --- the configuration file, read and written without MkDocs -------------------------


class _Tagged:
    """A YAML value with a tag this module does not interpret, kept to be written back."""

    def __init__(self, tag: str, value: str) -> None:
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml`: resolves `!ENV`, keeps other tags (such as `!!python/name:`) as they are."""


def _keep(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else "")


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_ConfigLoader.add_multi_constructor("!", _keep)


class _ConfigDumper(yaml.SafeDumper):
    """Writes the configuration back, with the tags `_ConfigLoader` kept."""


def _represent_tagged(dumper: yaml.SafeDumper, value: _Tagged) -> yaml.ScalarNode:
    return dumper.represent_scalar(value.tag, value.value)


_ConfigDumper.add_representer(_Tagged, _represent_tagged)


def _yaml_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True, width=100)
