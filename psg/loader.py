"""Load YAML content files safely, keeping the line and column of every value.

The loader is deliberately stricter than PyYAML's `safe_load`:

- duplicate keys are errors (PyYAML silently keeps the last one);
- anchors and aliases are refused where they appear, before anything is expanded, which
  also stops "billion laughs" alias bombs;
- lists and mappings nest at most `MAX_DEPTH` levels. The data is built from the
  parser's events one at a time, with no recursion, so no nesting can exhaust Python's
  stack or the C stack;
- only `true`/`false`, plain integers of at most `MAX_DIGITS` digits and `null` are
  typed: `no`, `on`, `yes`, `1e3` and `2024-01-01` stay text, as in YAML 1.2's core
  schema, and are never turned into booleans, floats or dates. Explicit tags (`!!int`,
  `!!set`, `!custom`) are errors;
- keys are text on one line; a list or mapping used as a key is an error;
- a UTF-8 byte-order mark and CRLF line endings are accepted; invalid UTF-8, control
  characters (raw, or written as escapes such as `"\\0"`), the line breaks U+0085,
  U+2028 and U+2029, tabs used for indentation, more than one document, empty files and
  files over `MAX_FILE_BYTES` are errors.

Every mistake is a [`ContentError`][psg.errors.ContentError] with a file, line, column and
field; no input makes the loader raise.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Protocol

import yaml

from psg.errors import ContentError, format_path

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "Document",
    "Position",
    "field_near",
    "load_document",
    "load_text",
]

#: Content files larger than this are refused before parsing (1 MiB).
MAX_FILE_BYTES = 1024 * 1024
#: Lists and mappings may nest this many levels deep (the real content nests 7).
MAX_DEPTH = 20
#: Whole numbers may have this many digits (orders and respondent numbers have one or two).
MAX_DIGITS = 18

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


try:  # libyaml parses about 30 times faster than pure Python; the events are identical.
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser: type = yaml.SafeLoader
else:
    _Parser = _CParser

#: Plain (unquoted, untagged) scalars with these forms are typed; everything else is text.
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_NULL = re.compile(r"~|null|Null|NULL|")

#: Characters no content file may hold: YAML's non-printable characters, and the line
#: breaks that YAML counts as new lines but editors and `str.splitlines` disagree on.
#: Carriage returns are allowed in the file (as line endings) but not in a value.
_REFUSED = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [ContentError(name, 1, 1, "", "something that is not a regular file", "a YAML file")]
        if info.st_size > MAX_FILE_BYTES:
            return None, [_too_big(name, info.st_size)]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(name, 1, 1, "", f"an unreadable file ({exc.strerror or type(exc).__name__})", "a readable YAML file")]
    return load_text(raw, name)


def load_text(raw: bytes, name: str) -> tuple[Document | None, list[ContentError]]:
    """Parse YAML from bytes.

    Args:
        raw: The file's bytes.
        name: The path to name in error messages.

    Returns:
        The document (None when it could not be parsed) and the errors found.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_big(name, len(raw))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(name, raw, exc)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    refused = _refused_text(name, text)
    if refused:
        return None, [refused]
    composer = _Composer(name, text)
    try:
        composer.feed(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        composer.errors.append(_syntax_error(name, text, exc))
    except yaml.reader.ReaderError as exc:  # pragma: no cover - `_refused_text` refuses these characters first
        line, column = _place(text, max(text.find(chr(exc.character)), 0))  # its position counts bytes or characters
        composer.errors.append(ContentError(name, line, column, field_near(text, line, column), f"a YAML error ({exc.reason})", "valid YAML"))
    if composer.errors:
        return None, composer.errors
    if not composer.documents:
        return None, [ContentError(name, 1, 1, "", "an empty file", "a YAML mapping of fields")]
    return Document(name, composer.root, composer.positions, composer.key_positions), []


def _too_big(name: str, size: int) -> ContentError:
    return ContentError(name, 1, 1, "", f"a file of {size:,} bytes", f"at most {MAX_FILE_BYTES:,} bytes per content file")


def _not_utf8(name: str, raw: bytes, exc: UnicodeDecodeError) -> ContentError:
    line = raw.count(b"\n", 0, exc.start) + 1
    line_start = max(raw.rfind(b"\n", 0, exc.start) + 1, 3 if raw.startswith(codecs.BOM_UTF8) else 0)
    column = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1
    field = field_near(raw.decode("utf-8-sig", "replace").replace("\r\n", "\n"), line, column)
    return ContentError(name, line, column, field, f"the byte 0x{raw[exc.start]:02x}, which is not UTF-8", "text encoded as UTF-8")


def _refused_text(name: str, text: str) -> ContentError | None:
    """The first mistake that stops a file being parsed at all: emptiness, odd characters, tabs."""
    if not re.sub(r"(?m)^[ \t]*#.*$", "", text).strip():
        return ContentError(name, 1, 1, "", "an empty file", "a YAML mapping of fields")
    bad = _REFUSED.search(text)
    if bad:
        line, column = _place(text, bad.start())
        return ContentError(name, line, column, field_near(text, line, column), _describe_character(bad.group(0)), _PRINTABLE)
    tab = re.search(r"(?m)^( *)\t", text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = len(tab.group(1)) + 1
        field = field_near(text, line, len(text.split("\n")[line - 1]) + 1)  # the key on that line
        return ContentError(name, line, column, field, "a tab character in the indentation", "indentation with spaces only")
    return None


_PRINTABLE = "printable text, with no control characters or unusual line breaks"


def _describe_character(char: str) -> str:
    label = unicodedata.name(char, "").lower() or "a control character"
    return f"the character U+{ord(char):04X} ({label})"


def _place(text: str, index: int) -> Position:
    """The 1-based (line, column) of a character index in normalised text."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


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
    line, column = _at(mark)
    return ContentError(name, line, column, field_near(text, line, column), f"a YAML syntax error ({problem})", "valid YAML")


class _Mark(Protocol):
    """A place in the text, as PyYAML's and libyaml's parsers mark it (0-based)."""

    line: int
    column: int


def _at(mark: _Mark | None) -> Position:
    """The 1-based (line, column) of a parser's mark (every event has one)."""
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


# -------------------------------------------------------------------------------------
# Building plain data from the parser's events
# -------------------------------------------------------------------------------------

_NodeEvent = yaml.ScalarEvent | yaml.SequenceStartEvent | yaml.MappingStartEvent


@dataclass
class _Open:
    """A list or mapping whose items are still arriving.

    Attributes:
        path: Its field path.
        start: Where it starts.
        value: The list or dict built so far.
        record: Whether positions inside it are recorded (not inside a repeated key's value).
        key: In a mapping, the key whose value comes next (None while a key is awaited).
        keep: In a mapping, whether that value is kept (False after a repeated key).
        first_lines: In a mapping, the line of each key's first use.
    """

    path: FieldPath
    start: Position
    value: dict[str, Any] | list[Any]
    record: bool
    key: str | None = None
    keep: bool = True
    first_lines: dict[str, int] = field(default_factory=dict)


class _Composer:
    """Build plain data straight from the parser's events, without recursion.

    Each event is handled as it arrives, so an anchor, an alias or nesting deeper than
    `MAX_DEPTH` is refused before anything more is read; other mistakes (repeated keys,
    tags, odd keys or values) are collected and the file is read to its end.

    Attributes:
        root: The document's data, once built.
        documents: How many documents the stream held.
        positions: The (line, column) of every value, by field path.
        key_positions: The (line, column) of every mapping key, by field path.
        errors: The mistakes found.
    """

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.root: Any = None
        self.documents = 0
        self.positions: dict[FieldPath, Position] = {}
        self.key_positions: dict[FieldPath, Position] = {}
        self.errors: list[ContentError] = []
        self.open: list[_Open] = []

    def feed(self, events: Iterable[yaml.Event]) -> None:
        """Build the data from a stream of events, stopping at a mistake that is refused outright.

        Raises:
            yaml.MarkedYAMLError: When the parser meets a syntax error.
        """
        for event in events:
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if not self.start(event):
                    return
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                done = self.open.pop()
                self.add(done.value, done.start, collection=True)
            elif isinstance(event, yaml.AliasEvent):
                at = _at(event.start_mark)
                self.error(at, field_near(self.text, *at), f"the alias *{event.anchor}", _NO_ANCHORS)
                return
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    self.error(_at(event.start_mark), "", "a second YAML document", "one YAML document per file (no `---` after the first)")
                    return

    def start(self, event: _NodeEvent) -> bool:
        """Handle a scalar, or the start of a list or mapping; False when the file is refused."""
        at = _at(event.start_mark)
        if event.anchor:
            self.error(at, field_near(self.text, *at), f"the anchor &{event.anchor}", _NO_ANCHORS)
            return False
        path, record, is_key = self.next_place()
        if record and not is_key:
            self.positions[path] = at
        if event.tag is not None:
            self.error(at, format_path(path), f"the YAML tag {event.tag}", "plain values without tags (quote text that should stay text)")
        if isinstance(event, yaml.ScalarEvent):
            self.add(self.scalar(event, path), at, collection=False)
            return True
        if len(self.open) >= MAX_DEPTH:
            self.error(at, format_path(path), f"lists and mappings nested more than {MAX_DEPTH} levels deep", f"at most {MAX_DEPTH} levels of nesting")
            return False
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.open.append(_Open(path, at, value, record and not is_key))
        return True

    def next_place(self) -> tuple[FieldPath, bool, bool]:
        """The field path of the next node, whether its position is recorded, and whether it is a key."""
        if not self.open:
            return (), True, False
        top = self.open[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value)), top.record, False
        if top.key is None:
            return top.path, False, True
        return (*top.path, top.key), top.record and top.keep, False

    def scalar(self, event: yaml.ScalarEvent, path: FieldPath) -> Any:
        """Type a scalar by YAML 1.2's core schema, narrowly; report values no file may hold."""
        value: str = event.value
        if event.tag is None and event.implicit[0]:
            if _BOOL.fullmatch(value):
                return value.lower() == "true"
            if _NULL.fullmatch(value):
                return None
            if _INT.fullmatch(value):
                digits = len(value.lstrip("+-"))
                if digits <= MAX_DIGITS:
                    return int(value)
                self.error(_at(event.start_mark), format_path(path), f"a number {digits} digits long", f"a whole number of at most {MAX_DIGITS} digits")
                return value
        bad = _REFUSED.search(value) if event.style == '"' else None  # only escapes can add characters
        if bad:
            self.error(_at(event.start_mark), format_path(path), _describe_character(bad.group(0)), _PRINTABLE)
        return value

    def add(self, value: Any, at: Position, *, collection: bool) -> None:
        """Put a finished value in the list or mapping it belongs to (or make it the root)."""
        if not self.open:
            self.root = value
            return
        top = self.open[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is None:
            self.take_key(top, value, at, collection=collection)
        else:
            if top.keep:
                top.value[top.key] = value
            top.key = None

    def take_key(self, top: _Open, value: Any, at: Position, *, collection: bool) -> None:
        """Accept a mapping's key, reporting keys that are not text on one line, or repeated."""
        if collection:
            self.error(at, format_path(top.path), "a mapping or list used as a key", "a plain text key")
            key = "?"
        else:
            key = value if isinstance(value, str) else _written(value)
            if not key.strip() or "\n" in key:
                self.error(at, format_path(top.path), "an empty key" if not key.strip() else "a key written over more than one line", "a plain text key on one line")
        top.key, top.keep = key, key not in top.first_lines
        if not top.keep:
            found = f"the key '{key}' a second time (first on line {top.first_lines[key]})"
            self.error(at, format_path((*top.path, key)), found, "each key once per mapping")
            return
        top.first_lines[key] = at[0]
        if top.record:
            self.key_positions[(*top.path, key)] = at

    def error(self, at: Position, where: str, found: str, expected: str) -> None:
        self.errors.append(ContentError(self.name, *at, where, found, expected))


_NO_ANCHORS = "no YAML anchors or aliases (write each value out)"


def _written(value: bool | int | None) -> str:
    """A typed scalar used as a key, as written in YAML's core schema (`12`, `true`, `null`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -------------------------------------------------------------------------------------
# Naming the field at a place in a file that could not be parsed
# -------------------------------------------------------------------------------------

#: A key at the start of a line's body. Linear time on any line: the unquoted form runs to
#: the first colon or `#` and never gives characters back (`[^:#]*?[ \t]*:` took quadratic time).
_KEY = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`-][^:#]*+)[ \t]*:(?=[ \t]|$)""")
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
        place is not inside any field. Characters no content file may hold (see
        `_REFUSED`) show as U+FFFD, so the name prints on one line.
    """
    lines = _REFUSED.sub("\ufffd", text).split("\n")
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
