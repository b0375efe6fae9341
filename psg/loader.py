"""Load YAML content files safely, keeping the line and column of every value.

The loader is deliberately stricter than PyYAML's `safe_load`:

- duplicate keys are errors (PyYAML silently keeps the last one);
- anchors and aliases are refused, which also stops "billion laughs" alias bombs;
- only `true`/`false`, plain integers and `null` are typed: `no`, `on`, `yes`, `1e3` and
  `2024-01-01` stay text, as in YAML 1.2's core schema, and are never turned into
  booleans, floats or dates;
- a UTF-8 byte-order mark and CRLF line endings are accepted; invalid UTF-8, tabs used
  for indentation, empty files and files over `MAX_FILE_BYTES` are errors.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from psg.errors import ContentError, format_path

__all__ = ["MAX_FILE_BYTES", "Document", "Position", "field_near", "load_document", "load_text"]

#: Content files larger than this are refused before parsing (1 MiB).
MAX_FILE_BYTES = 1024 * 1024

Position = tuple[int, int]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """One parsed YAML file.

    Attributes:
        path: The file's display path.
        data: The plain Python data: dicts, lists, str, int, bool and None.
        positions: The 1-based (line, column) of every value, keyed by field path.
            The empty path `()` is the document itself.
        key_positions: The (line, column) of every mapping key, keyed by field path.
    """

    path: str
    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)

    def position(self, path: FieldPath) -> Position:
        """Return the best-known position for a field path.

        Uses the key's position when the field exists, else the nearest parent's.

        Args:
            path: The field path.

        Returns:
            A 1-based (line, column) pair.
        """
        path = tuple(path)
        while path:
            if path in self.key_positions:
                return self.key_positions[path]
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


class _Loader(yaml.SafeLoader):
    """A SafeLoader whose implicit typing follows YAML 1.2's core schema, narrowly."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

try:  # libyaml parses about 30 times faster than pure Python; the node trees are identical.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser: type = _Loader
else:

    class _CLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """The same loader, on libyaml's parser."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _Parser = _CLoader

_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "bool", "null"))


def load_document(path: Path, display: str | None = None) -> tuple[Document | None, list[ContentError]]:
    """Read and parse one YAML file.

    Args:
        path: The file to read.
        display: The path to name in error messages (defaults to `path`).

    Returns:
        The document (None when it could not be parsed) and the errors found.
    """
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [ContentError(name, 0, 0, "", f"an unreadable file ({exc.strerror})", "a readable YAML file")]
    if size > MAX_FILE_BYTES:
        return None, [
            ContentError(name, 1, 1, "", f"a file of {size:,} bytes", f"at most {MAX_FILE_BYTES:,} bytes per content file")
        ]
    return load_text(path.read_bytes(), name)


def load_text(raw: bytes, name: str) -> tuple[Document | None, list[ContentError]]:
    """Parse YAML from bytes.

    Args:
        raw: The file's bytes.
        name: The path to name in error messages.

    Returns:
        The document (None when it could not be parsed) and the errors found.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            ContentError(name, 1, 1, "", f"a file of {len(raw):,} bytes", f"at most {MAX_FILE_BYTES:,} bytes per content file")
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = max(raw.rfind(b"\n", 0, exc.start) + 1, 3 if raw.startswith(codecs.BOM_UTF8) else 0)
        column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
        field = field_near(raw.decode("utf-8-sig", "replace"), line, column)
        return None, [ContentError(name, line, column, field, f"the byte 0x{raw[exc.start]:02x}, which is not UTF-8", "text encoded as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not re.sub(r"(?m)^\s*#.*$", "", text).strip():
        return None, [ContentError(name, 1, 1, "", "an empty file", "a YAML mapping of fields")]

    tab = re.search(r"(?m)^( *)\t", text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = len(tab.group(1)) + 1
        field = field_near(text, line, len(text.split("\n")[line - 1]) + 1)  # the key on that line
        return None, [ContentError(name, line, column, field, "a tab character in the indentation", "indentation with spaces only")]

    try:
        for event in yaml.parse(text, Loader=_Parser):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, yaml.AliasEvent) or anchor:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                what = f"the alias *{anchor}" if isinstance(event, yaml.AliasEvent) else f"the anchor &{anchor}"
                return None, [ContentError(name, line, column, field_near(text, line, column), what, "no YAML anchors or aliases (write each value out)")]
        node = yaml.compose(text, Loader=_Parser)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_error(name, text, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [ContentError(name, 0, 0, "", f"a YAML error ({exc})", "valid YAML")]
    if node is None:
        return None, [ContentError(name, 1, 1, "", "an empty file", "a YAML mapping of fields")]

    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.errors:
        return None, builder.errors
    return Document(name, data, builder.positions, builder.key_positions), []


def _syntax_error(name: str, text: str, exc: yaml.MarkedYAMLError) -> ContentError:
    """Describe a YAML syntax error at the place a maintainer has to look.

    An unclosed bracket or quotation mark is only noticed further down the file, so it is
    reported where it opens; other errors where the parser stopped.
    """
    problem = (exc.problem or "invalid YAML").replace("\t", "\\t")
    mark, opened = exc.problem_mark or exc.context_mark, exc.context_mark
    if opened is not None and mark is not None and exc.context and re.search(r"flow|quoted", exc.context):
        problem = f"{problem} by line {mark.line + 1}, column {mark.column + 1}, {exc.context} that starts here"
        mark = opened
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return ContentError(name, line, column, field_near(text, line, column), f"a YAML syntax error ({problem})", "valid YAML")


class _Builder:
    """Turn a composed node tree into plain data, recording positions and duplicate keys."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.positions: dict[FieldPath, Position] = {}
        self.key_positions: dict[FieldPath, Position] = {}
        self.errors: list[ContentError] = []

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node, path)
                if not isinstance(key, str):
                    key = str(key)
                kmark = key_node.start_mark
                if key in out:
                    first = self.key_positions[(*path, key)]
                    self.errors.append(
                        ContentError(
                            self.name,
                            kmark.line + 1,
                            kmark.column + 1,
                            format_path((*path, key)),
                            f"the key '{key}' a second time (first on line {first[0]})",
                            "each key once per mapping",
                        )
                    )
                    continue
                self.key_positions[(*path, key)] = (kmark.line + 1, kmark.column + 1)
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            mark = node.start_mark
            self.errors.append(ContentError(self.name, mark.line + 1, mark.column + 1, format_path(path), "a mapping or list used as a key", "a plain text key"))
            return "?"
        tag, value = node.tag, node.value
        if tag == _INT:
            return int(value)
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        if tag == _STR:
            return value
        mark = node.start_mark
        self.errors.append(ContentError(self.name, mark.line + 1, mark.column + 1, format_path(path), f"the YAML tag {tag}", "plain values without tags"))
        return value


# -------------------------------------------------------------------------------------
# Naming the field at a place in a file that could not be parsed
# -------------------------------------------------------------------------------------

_KEY = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`-][^:#]*?)[ \t]*:(?=[ \t]|$)""")
_BLOCK_SCALAR = re.compile(r":[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def field_near(text: str, line: int, column: int) -> str:
    """Name the field at a place in a YAML file, from its indentation alone.

    Used for mistakes found before the file can be parsed (tabs, invalid UTF-8, syntax
    errors, anchors), so that every message names a field. Keys are read from the lines
    at and above the place, each less indented than the last; list items are counted.

    Args:
        text: The file's text.
        line: The 1-based line of the place.
        column: The 1-based column of the place.

    Returns:
        A field path such as `evidence[1].attribution.respondent`, or `(file)` when the
        place is not inside any field.
    """
    lines = text.split("\n")
    entries = _line_entries(lines)
    path: list[str | int] = []
    limit = column  # an entry owns the place when it starts left of it (0-based column < limit)
    row = min(line, len(lines)) - 1
    while row >= 0:
        for kind, col, key in reversed(entries[row]):
            if col >= limit:
                continue
            limit = col
            if kind == "key":
                path.insert(0, key)
                continue
            index, row, flush = _item_index(entries, row, col)
            path.insert(0, index)
            if flush:  # a list written flush with its key: `key:`, then `- item` below it
                limit = col + 1
            break
        else:
            row -= 1
    return format_path(path) or "(file)"


def _item_index(entries: list[list[tuple[str, int, str]]], row: int, col: int) -> tuple[int, int, bool]:
    """Count the list items above the `- ` at (row, col).

    Returns:
        The item's index, the row that holds its list's key (-1 if none), and whether
        that key is flush with the dashes.
    """
    index = 0
    for above in range(row - 1, -1, -1):
        first = entries[above][0] if entries[above] else None
        if first is None or first[1] > col:
            continue
        if first[1] == col and first[0] == "item":
            index += 1
            continue
        return index, above, first[1] == col
    return index, -1, False


def _line_entries(lines: list[str]) -> list[list[tuple[str, int, str]]]:
    """For each line, its list dashes and its key, as (kind, 0-based column, key).

    Blank lines, comments and the lines of block scalars (`|` and `>`) have no entries.
    """
    out: list[list[tuple[str, int, str]]] = []
    scalar_indent: int | None = None  # inside a block scalar owned by a key at this column
    for raw in lines:
        body = raw.lstrip(" \t")
        indent = len(raw) - len(body)
        if scalar_indent is not None:
            if not body or indent > scalar_indent:
                out.append([])
                continue
            scalar_indent = None
        if not body or body.startswith("#"):
            out.append([])
            continue
        found: list[tuple[str, int, str]] = []
        col = indent
        while body[:1] == "-" and body[1:2] in (" ", "\t", ""):
            found.append(("item", col, ""))
            rest = body[1:].lstrip(" \t")
            col += len(body) - len(rest)
            body = rest
        key = _KEY.match(body)
        if key:
            name = key.group(0).rstrip(" \t:").strip()
            if name[:1] in "\"'":
                name = name[1:-1]
            found.append(("key", col, name))
            if _BLOCK_SCALAR.search(body):
                scalar_indent = col
        out.append(found)
    return out
