"""Property-based fuzzing: mangled content ends in success or located errors, never a crash.

Hypothesis mutates the real content files (their bytes, indentation and structure) in a
copy of the content tree, then runs the full load and validation, quote check included.
Each run must either succeed or raise `ContentErrors` whose every line names a file,
line, column and field (the check `tests/_project.py` applies to the command line's
report). Any other exception fails the test, with the smallest mutation that causes it.

The runs are derandomized (the same examples every time, in CI too) and use no example
database, so a failure here is reproducible with the same command. The budgets keep the
file to about 10 seconds.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from _project import ROOT, SOURCE, copy_content, reported
from psg.errors import ContentError, ContentErrors
from psg.loader import load_text
from psg.validate import load_guidance

#: Every content file, relative to the project root.
FILES = sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("guidance/**/*.yml"), *ROOT.glob("checklists/*.yml")])

#: The ways a file is mangled. Each takes two numbers (positions or sizes, reduced modulo
#: what the file offers) and some bytes.
KINDS = (
    "delete-line",
    "duplicate-line",
    "swap-lines",
    "move-line",
    "reindent-line",
    "flip-byte",
    "insert-bytes",
    "truncate",
    "repeat-byte",
    "nest-value",
)

#: Bytes worth inserting: YAML's punctuation, tabs, line ends, a BOM, NUL, invalid UTF-8.
_SPECIAL = st.sampled_from([b":", b"- ", b"#", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!", b"|", b">", b"'", b'"', b"\\", b"%",
                            b"@", b"`", b"? ", b"---\n", b"\t", b"\n", b"\r", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"\xff", b"\xc3",
                            b"\xe2\x80\xa8", b"9" * 30, b"~", b"true", b"null"])  # fmt: skip
_BYTES = st.one_of(_SPECIAL, st.binary(min_size=1, max_size=6))
_NUMBER = st.integers(min_value=0, max_value=2**20)
MUTATION = st.tuples(st.sampled_from(KINDS), _NUMBER, _NUMBER, _BYTES)
#: A line holding `key: value` with the value on that line (not `>-`, `|` or a list below).
_SIMPLE_VALUE = re.compile(rb"^ *(?:- )?[a-z_]+: [^>|\s]")


def mutate(raw: bytes, kind: str, a: int, b: int, payload: bytes) -> bytes:
    """Apply one mutation to a file's bytes.

    Args:
        raw: The file's bytes.
        kind: One of `KINDS`.
        a: A line or byte position (taken modulo the file's length).
        b: A second position, a count or a depth.
        payload: Bytes to insert.

    Returns:
        The mangled bytes.
    """
    lines = raw.split(b"\n")
    i, j = a % len(lines), b % len(lines)
    if kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(i, lines[i])
    elif kind == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "move-line":
        lines.insert(j, lines.pop(i))
    elif kind == "reindent-line":
        lines[i] = b" " * (b % 13) + lines[i].lstrip(b" ")
    elif kind == "nest-value":  # up to 5,000 levels of lists around a one-line value
        simple = [n for n, line in enumerate(lines) if _SIMPLE_VALUE.match(line)] or [i]
        n = simple[a % len(simple)]
        key, colon, value = lines[n].partition(b": ")
        depth = b % 5001
        lines[n] = key + (colon or b": ") + b"[" * depth + value + b"]" * depth
    else:
        return _mutate_bytes(raw, kind, a, b, payload)
    return b"\n".join(lines)


def _mutate_bytes(raw: bytes, kind: str, a: int, b: int, payload: bytes) -> bytes:
    at = a % (len(raw) + 1)
    if kind == "flip-byte":
        return raw[:at] + bytes([b % 256]) + raw[at + 1 :]
    if kind == "insert-bytes":
        return raw[:at] + payload + raw[at:]
    if kind == "truncate":
        return raw[:at]
    if kind == "repeat-byte":  # long numbers, long lines, long runs of spaces
        return raw[:at] + raw[at : at + 1] * (b % 6000) + raw[at:]
    raise AssertionError(f"unknown mutation {kind}")


def assert_well_formed(errors: list[ContentError]) -> None:
    """Every error prints as one line with a file, line, column and field."""
    assert errors, "an error report with no errors"
    lines = reported(ContentErrors(errors).report())
    assert len(lines) == len(set(errors)), "an error message that spans several lines"


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real content tree; each example changes files and puts them back."""
    return copy_content(tmp_path_factory.mktemp("fuzz"))


@settings(
    max_examples=80,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: at ~0.1 s a run it takes minutes
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edits=st.lists(st.tuples(st.sampled_from(FILES), st.lists(MUTATION, min_size=1, max_size=4)), min_size=1, max_size=2))
def test_mutated_content_loads_or_gives_located_errors(content_copy: Path, edits: list[tuple[str, list[tuple[str, int, int, bytes]]]]) -> None:
    for rel, mutations in edits:
        raw = (content_copy / rel).read_bytes()
        for mutation in mutations:
            raw = mutate(raw, *mutation)
        (content_copy / rel).write_bytes(raw)
    try:
        load_guidance(content_copy, SOURCE)
        event("loads")
    except ContentErrors as errors:
        assert_well_formed(errors.errors)
        event(f"content errors, the first: {errors.errors[0].found.split(' (')[0][:40]}")
    finally:
        for rel, _ in edits:
            shutil.copyfile(ROOT / rel, content_copy / rel)


@settings(max_examples=400, derandomize=True, database=None, deadline=None, print_blob=True)
@given(raw=st.one_of(st.binary(max_size=300), st.lists(_BYTES, max_size=60).map(b"".join)))
def test_any_bytes_load_or_give_located_errors(raw: bytes) -> None:
    document, errors = load_text(raw, "guidance/themes/any.yml")
    if document is None:
        assert_well_formed(errors)
    else:
        assert not errors


def test_the_mutations_change_files_as_described() -> None:
    """The fuzzer's own mutations do what their names say (so a passing run means something)."""
    raw = b"a: 1\nb:\n  - x\nc: 3"
    assert mutate(raw, "delete-line", 1, 0, b"") == b"a: 1\n  - x\nc: 3"
    assert mutate(raw, "duplicate-line", 0, 0, b"") == b"a: 1\na: 1\nb:\n  - x\nc: 3"
    assert mutate(raw, "swap-lines", 0, 3, b"") == b"c: 3\nb:\n  - x\na: 1"
    assert mutate(raw, "move-line", 0, 2, b"") == b"b:\n  - x\na: 1\nc: 3"
    assert mutate(raw, "reindent-line", 2, 1, b"") == b"a: 1\nb:\n - x\nc: 3"
    assert mutate(raw, "nest-value", 1, 3, b"") == b"a: 1\nb:\n  - x\nc: [[[3]]]"  # the second `key: value` line
    assert mutate(raw, "flip-byte", 0, ord("z"), b"") == b"z: 1\nb:\n  - x\nc: 3"
    assert mutate(raw, "insert-bytes", 4, 0, b"\x00") == b"a: 1\x00\nb:\n  - x\nc: 3"
    assert mutate(raw, "truncate", 4, 0, b"") == b"a: 1"
    assert mutate(raw, "repeat-byte", 3, 4, b"") == b"a: 11111\nb:\n  - x\nc: 3"
    # Positions wrap around, so every drawn number names a real line or byte.
    assert mutate(raw, "delete-line", 4 + 1, 0, b"") == mutate(raw, "delete-line", 1, 0, b"")
