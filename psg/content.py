"""The content of one project while it is being checked: its documents, models and errors.

[`psg.validate`][] fills a `ContentSet` file by file, and every check, including those of
[`psg.evidence`][], records its errors on it, located by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from psg.errors import ContentError, format_path
from psg.loader import Document, FieldPath

__all__ = ["ContentSet"]

_M = TypeVar("_M", bound=BaseModel)


@dataclass
class ContentSet:
    """The parsed documents and models of one project, before cross-checks.

    Attributes:
        root: The project root.
        documents: Parsed documents by display path.
        models: Validated models by display path.
        errors: Errors found so far.
    """

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    models: dict[str, BaseModel] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)

    def of(self, kind: type[_M]) -> list[tuple[str, _M]]:
        """Return (path, model) pairs of one kind, in path order."""
        return sorted(((p, m) for p, m in self.models.items() if isinstance(m, kind)), key=lambda pair: pair[0])

    def one(self, rel: str, kind: type[_M]) -> _M:
        """Return the model of a file there is one of, such as the study.

        Raises:
            KeyError: If the file was not parsed into that model.
        """
        model = self.models.get(rel)
        if not isinstance(model, kind):
            raise KeyError(f"{rel} was not parsed as {kind.__name__}")
        return model

    def error(self, path: str, field_path: FieldPath, found: str, expected: str) -> None:
        """Record an error at a field of a document."""
        doc = self.documents.get(path)
        line, column = doc.position(field_path) if doc else (0, 0)
        self.errors.append(ContentError(path, line, column, format_path(field_path), found, expected))
