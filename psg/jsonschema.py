"""JSON Schemas for the content files, generated from the models in [`psg.schema`][].

Each content file names its schema on its first line, for example

    # yaml-language-server: $schema=../../schemas/challenge.schema.json

so editors with a YAML language server (VS Code's YAML extension, for one) check the
file as you type and offer the fields. The schemas are generated, never edited by hand:
after changing `psg/schema.py`, run `python -m psg schemas` and commit `schemas/`.
A test fails while the committed files differ from what the models give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from psg.schema import (
    Challenge,
    Checklist,
    Glossary,
    PeerSupporters,
    ReadingOrder,
    Respondents,
    Signposting,
    SpellingVariants,
    Strategy,
    Study,
    Style,
    Theme,
    WorksCited,
)

__all__ = ["DIALECT", "SCHEMAS", "content_schema", "render_schemas", "schema_file", "write_schemas"]

#: The JSON Schema dialect of every generated schema.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Schema name → model. The name gives the file `schemas/<name>.schema.json`.
SCHEMAS: dict[str, type[BaseModel]] = {
    "theme": Theme,
    "challenge": Challenge,
    "strategy": Strategy,
    "checklist": Checklist,
    "study": Study,
    "glossary": Glossary,
    "works-cited": WorksCited,
    "respondents": Respondents,
    "reading-order": ReadingOrder,
    "style": Style,
    "peer-supporters": PeerSupporters,
    "spelling-variants": SpellingVariants,
    "signposting": Signposting,
}


def schema_file(name: str) -> str:
    """Return the file name of a schema.

    Args:
        name: A key of `SCHEMAS`, for example `challenge`.

    Returns:
        For example `challenge.schema.json`.
    """
    return f"{name}.schema.json"


def content_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Return the JSON Schema of one kind of content file.

    Field names are written as they appear in YAML (a checklist item's `from`, not
    `from_`), and unknown fields are refused, as the models refuse them.

    Args:
        model: A model from [`psg.schema`][].

    Returns:
        The schema, with its `$schema` dialect first.
    """
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **schema}


def render_schemas() -> dict[str, str]:
    """Return the text of every schema file, keyed by file name.

    Returns:
        File name → JSON text (two-space indents, UTF-8, a final newline).
    """
    return {schema_file(name): _dump(content_schema(model)) for name, model in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into a folder, creating it if needed.

    Args:
        folder: Where to write, normally `schemas/` at the project root.

    Returns:
        The files written, in the order of `SCHEMAS`.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
