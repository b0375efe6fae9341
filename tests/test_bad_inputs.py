"""The bad-input corpus: every way content can be wrong ends in a precise message.

Each case in `tests/bad_inputs/<case>/` holds one or two small YAML files, laid out as in
the project. A test copies the real content into a temporary project, adds the case's
files, runs the real command line (`python -m psg --root <copy> check`) and checks that
it fails, naming the file, line, column and field of every mistake. The 10 MB file, and
nesting too large to commit, are made here instead.
"""

from __future__ import annotations

import codecs
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from _project import ROOT, SOURCE, copy_content, env, reported, run_check
from psg.errors import format_path
from psg.errors import ContentErrors
from psg.loader import MAX_DEPTH, MAX_DIGITS, MAX_FILE_BYTES, field_near, load_document, load_text
from psg.validate import load_guidance

CASES_DIR = Path(__file__).parent / "bad_inputs"


@dataclass(frozen=True)
class Expect:
    """One error the case must report: where, and a phrase of what was found."""

    file: str
    line: int
    column: int
    field: str
    found: str


def _line_of(rel: str, pattern: str) -> int:
    """The 1-based line of the first match of `pattern` in a real content file."""
    lines = (ROOT / rel).read_text(encoding="utf-8-sig").splitlines()
    return next(n for n, text in enumerate(lines, 1) if re.search(pattern, text))


THEMES = "guidance/themes"
STRATEGIES = "guidance/strategies"
PEER_SUPPORTERS = "guidance/peer-supporters.yml"

#: Case folder → the errors it must report (it may report more, each well formed).
CASES: dict[str, list[Expect]] = {
    "yaml-syntax": [Expect(f"{THEMES}/broken-syntax.yml", 3, 8, "title", "a YAML syntax error")],
    "tab-indentation": [Expect(f"{THEMES}/tab-indent.yml", 8, 1, "source.section", "a tab character in the indentation")],
    "duplicate-key": [Expect(f"{THEMES}/duplicate-key.yml", 5, 1, "title", "the key 'title' a second time (first on line 3)")],
    "unknown-field": [Expect(f"{THEMES}/unknown-field.yml", 4, 1, "sumary", "an unknown field 'sumary'")],
    "missing-field": [Expect(f"{THEMES}/missing-field.yml", 1, 1, "summary", "no value (the field is missing)")],
    "wrong-type": [Expect(f"{THEMES}/wrong-type.yml", 2, 1, "order", "text 'first'")],
    "empty-file": [Expect(f"{THEMES}/empty-file.yml", 1, 1, "(file)", "an empty file")],
    "wrong-extension": [Expect(f"{THEMES}/wrong-extension.yaml", 1, 1, "(file)", "a file named wrong-extension.yaml")],
    "invalid-utf8": [Expect(f"{THEMES}/invalid-utf8.yml", 3, 11, "title", "the byte 0xe9, which is not UTF-8")],
    "yaml11-rejected": [
        Expect(f"{THEMES}/1e3.yml", 1, 1, "id", "text '1e3'"),
        Expect(f"{THEMES}/2024-01-01.yml", 1, 1, "id", "text '2024-01-01'"),
        Expect(f"{THEMES}/2024-01-01.yml", 2, 1, "order", "text '1e3'"),
    ],
    "duplicate-ids": [
        Expect(
            "guidance/challenges/triggering.yml",
            _line_of("guidance/challenges/triggering.yml", r"^id:"),
            1,
            "id",
            f"the id 'triggering', already used in {THEMES}/triggering.yml",
        )
    ],
    "missing-refs": [
        Expect(f"{STRATEGIES}/missing-refs.yml", 14, 13, "addresses[0]", "'no-such-challenge', which is not the id of any challenge"),
        Expect(f"{STRATEGIES}/missing-refs.yml", 15, 11, "related[0]", "'no-such-strategy', which is not the id of any other strategy"),
    ],
    "quote-not-found": [Expect(f"{STRATEGIES}/changed-quote.yml", 18, 5, "evidence[0].text", "words not in the briefing: “…promise that she")],
    "unknown-respondent": [
        Expect(f"{STRATEGIES}/unknown-respondent.yml", 23, 7, "evidence[0].attribution.respondent", "respondent 9, whom the study does not quote")
    ],
    # 5,000 levels of lists: refused at the first level past MAX_DEPTH, never a RecursionError.
    "deep-nesting": [
        Expect(f"{THEMES}/deep-nesting.yml", 3, 8 + MAX_DEPTH - 1, "title" + "[0]" * (MAX_DEPTH - 1), f"nested more than {MAX_DEPTH} levels deep")
    ],
    # A "billion laughs": 10 ** 9 strings if the aliases were expanded; refused at its first anchor.
    "alias-bomb": [Expect(f"{THEMES}/alias-bomb.yml", 1, 7, "lol0", "the anchor &l0")],
    # The evidence behind actions (issue 12): see psg/evidence.py.
    "no-basis": [Expect(f"{STRATEGIES}/no-basis.yml", 8, 5, "actions[0].basis", "an action with no basis")],
    "unresolved-basis": [
        Expect(f"{STRATEGIES}/unresolved-basis.yml", 10, 9, "actions[0].basis[0].quote", "'q-no-such-quote', which is not the id of any respondent quote"),
        Expect(f"{STRATEGIES}/unresolved-basis.yml", 11, 9, "actions[0].basis[1].perspective", "'no-such-perspective', which is not the id of any perspective"),
        Expect(f"{STRATEGIES}/unresolved-basis.yml", 12, 9, "actions[0].basis[2].finding", "'kf-no-such-finding', which is not the id of any finding"),
        Expect(f"{STRATEGIES}/unresolved-basis.yml", 13, 9, "actions[0].basis[3].work", "'nobody-2000', which is not the id of any work"),
    ],
    "forbidden-opening": [
        Expect(f"{STRATEGIES}/forbidden-opening.yml", 8, 5, "actions[0].text", "wording labelled “One respondent” that begins “Always ask the young …”")
    ],
    "unknown-passage-respondent": [
        Expect(f"{STRATEGIES}/unknown-passage-respondent.yml", 11, 23, "actions[0].basis[0].respondents[0]", "respondent 9, whom guidance/study/respondents.yml does not list"),
        Expect(f"{STRATEGIES}/unknown-passage-respondent.yml", 12, 25, "actions[0].basis[0].organisations[0]", "organisation Q, which guidance/study/respondents.yml does not list"),
    ],
    "bad-line-range": [
        Expect(f"{STRATEGIES}/bad-line-range.yml", 10, 9, "actions[0].basis[0].passage", "the lines [1606, 1598]"),
        Expect(f"{STRATEGIES}/bad-line-range.yml", 11, 9, "actions[0].basis[1].passage", "the lines [1780, 99999]"),
    ],
    # The peer supporters' page (issue 13): its fixed sections, and points checked as actions are.
    "peer-missing-section": [Expect(PEER_SUPPORTERS, 5, 1, "sections", "no section 'being-triggered'")],
    "peer-unresolved-basis": [
        Expect(PEER_SUPPORTERS, 11, 13, "sections[0].points[0].basis[0].quote", "'q-no-such-quote', which is not the id of any respondent quote"),
        Expect(PEER_SUPPORTERS, 12, 13, "sections[0].points[0].basis[1].perspective", "'no-such-perspective', which is not the id of any perspective"),
    ],
}
ALIAS_BOMB = CASES_DIR / "alias-bomb" / THEMES / "alias-bomb.yml"

#: Cases that need the briefing's text (the quote check, and passages within its lines).
NEEDS_SOURCE = {"quote-not-found", "bad-line-range"}


def _project_with(tmp_path: Path, *cases: str, files: dict[str, bytes] | None = None) -> Path:
    """A copy of the real content with the files of some cases (and any `files`) added."""
    root = copy_content(tmp_path / "project")
    for case in cases:
        shutil.copytree(CASES_DIR / case, root, dirs_exist_ok=True)
    for rel, data in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def _assert_reports(stderr: str, expected: list[Expect]) -> None:
    errors = reported(stderr)
    assert errors, f"no error reported:\n{stderr}"
    for want in expected:
        hits = [
            e
            for e in errors
            if (e.file, e.line, e.column, e.field) == (want.file, want.line, want.column, want.field) and want.found in e.found
        ]
        assert hits, f"missing {want}\nin:\n{stderr}"


# -------------------------------------------------------------------------------------
# One test per case folder
# -------------------------------------------------------------------------------------


def test_every_case_folder_has_expectations() -> None:
    folders = {p.name for p in CASES_DIR.iterdir() if p.is_dir()}
    assert folders == set(CASES) | {"yaml11-text"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_precisely(case: str, tmp_path: Path) -> None:
    if case in NEEDS_SOURCE:
        assert SOURCE.is_file(), f"the briefing's text is missing at {SOURCE}: this case needs it"
    result = run_check(_project_with(tmp_path, case))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "nothing was built" in result.stderr
    _assert_reports(result.stderr, CASES[case])


# -------------------------------------------------------------------------------------
# YAML 1.1 surprises
# -------------------------------------------------------------------------------------


def test_yaml11_words_and_numbers_stay_text_in_the_loader() -> None:
    raw = b"a: no\nb: on\nc: yes\nd: 1e3\ne: 2024-01-01\nf: off\ng: 0o17\nh: 1_000\ni: .inf\nj: 12:30\nk: ~\nl: true\nm: 12\n"
    document, errors = load_text(raw, "yaml11.yml")
    assert not errors
    assert document.data == {
        "a": "no", "b": "on", "c": "yes", "d": "1e3", "e": "2024-01-01", "f": "off", "g": "0o17",
        "h": "1_000", "i": ".inf", "j": "12:30", "k": None, "l": True, "m": 12,
    }  # fmt: skip
    assert all(type(document.data[key]) is str for key in "abcdefghij")


def test_yaml11_words_as_ids_and_titles_are_kept_as_text(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "yaml11-text")
    result = run_check(root)
    assert result.returncode == 0, result.stderr
    guidance = load_guidance(root, None)
    themes = {t.id: t for t in guidance.themes}
    for word in ("no", "on", "yes"):
        assert type(themes[word].id) is str and themes[word].title == word and themes[word].summary == word
    assert themes["yaml-numbers"].title == "1e3" and type(themes["yaml-numbers"].title) is str
    assert themes["yaml-numbers"].summary == "2024-01-01" and type(themes["yaml-numbers"].summary) is str


# -------------------------------------------------------------------------------------
# Hostile files: an alias bomb, a 10 MB file (the 5,000-level file is a case above)
# -------------------------------------------------------------------------------------


def test_loader_refuses_an_alias_bomb_without_expanding_it() -> None:
    tracemalloc.start()
    started = time.process_time()  # this process's CPU time: other processes' load does not count
    document, errors = load_text(ALIAS_BOMB.read_bytes(), "bomb.yml")
    elapsed = time.process_time() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert document is None
    assert [(e.line, e.column, e.field) for e in errors] == [(1, 7, "lol0")]
    assert errors[0].found == "the anchor &l0"
    assert elapsed < 1.0 and peak < 5 * 1024 * 1024, (elapsed, peak)


#: Runs the command line's `main` and prints the process's peak memory (KiB) on stdout.
_MEASURED_CLI = (
    "import resource, sys; from psg.cli import main; status = main(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(status)"
)


def test_alias_bomb_is_rejected_quickly_with_bounded_memory(tmp_path: Path) -> None:
    root = _project_with(tmp_path, "alias-bomb")
    memory = 2 * 1024**3  # expanding the bomb would need far more: it is refused, not expanded

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    cmd = [sys.executable, "-c", _MEASURED_CLI, "--root", str(root), "check"]
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=10, preexec_fn=limit)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    _assert_reports(result.stderr, [Expect(f"{THEMES}/alias-bomb.yml", 1, 7, "lol0", "the anchor &l0")])
    peak_kib = int(result.stdout.split()[-1])
    assert elapsed < 10 and peak_kib < 400 * 1024, (elapsed, peak_kib)


def test_a_10_mb_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    line = b"  All work and no play makes a very long content file, line after line after line.\n"
    big = b"id: ten-megabytes\ndescription: >-\n" + line * (10 * 1024 * 1024 // len(line) + 1)
    assert len(big) > 10 * 1024 * 1024
    root = _project_with(tmp_path, files={f"{THEMES}/ten-megabytes.yml": big})
    started = time.monotonic()
    result = run_check(root, timeout=30)
    assert result.returncode == 1
    assert time.monotonic() - started < 10
    _assert_reports(result.stderr, [Expect(f"{THEMES}/ten-megabytes.yml", 1, 1, "(file)", f"a file of {len(big):,} bytes")])
    assert f"at most {MAX_FILE_BYTES:,} bytes" in result.stderr


# -------------------------------------------------------------------------------------
# Any depth, any bytes, any structure: located errors, never an exception
# -------------------------------------------------------------------------------------

_DEPTH = "[0]" * (MAX_DEPTH - 1)
#: Shape → (file, where the first level past MAX_DEPTH opens, its field). Block styles
#: nest as deep as 1 MiB allows (their indentation grows with depth); flow styles 5,000.
NESTING: dict[str, tuple[bytes, int, int, str]] = {
    "flow lists": (b"id: x\nv: " + b"[" * 5000 + b"]" * 5000 + b"\n", 2, 4 + MAX_DEPTH - 1, "v" + _DEPTH),
    "flow mappings": (b"id: x\nv: " + b"{a: " * 5000 + b"}" * 5000 + b"\n", 2, 4 + 4 * (MAX_DEPTH - 1), "v" + ".a" * (MAX_DEPTH - 1)),
    "block mappings": (b"".join(b" " * i + b"a:\n" for i in range(1400)), MAX_DEPTH + 1, MAX_DEPTH + 1, ".".join(["a"] * MAX_DEPTH)),
    "block lists": (b"id: x\nv:\n" + b"".join(b" " * i + b"-\n" for i in range(1, 1400)), MAX_DEPTH + 2, MAX_DEPTH + 1, "v" + _DEPTH),
    "lists of mappings": (b"".join(b" " * (2 * i) + b"- a:\n" for i in range(700)), MAX_DEPTH // 2 + 1, MAX_DEPTH + 1, "[0].a" * (MAX_DEPTH // 2)),
}


@pytest.mark.parametrize("shape", sorted(NESTING))
def test_nesting_of_any_depth_is_refused_where_it_passes_the_limit(shape: str) -> None:
    raw, line, column, field = NESTING[shape]
    document, errors = load_text(raw, "deep.yml")
    assert document is None
    assert [(e.line, e.column, e.field) for e in errors] == [(line, column, field)], errors
    assert errors[0].found == f"lists and mappings nested more than {MAX_DEPTH} levels deep"
    assert errors[0].expected == f"at most {MAX_DEPTH} levels of nesting"


def test_nesting_within_the_limit_loads() -> None:
    depth = MAX_DEPTH - 1  # the root mapping is the first level
    document, errors = load_text(b"v: " + b"[" * depth + b"x" + b"]" * depth + b"\n", "deep.yml")
    assert not errors
    value = document.data["v"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == ["x"]


def test_50_000_levels_end_in_a_located_error_not_a_crashed_process(tmp_path: Path) -> None:
    """Composing this with libyaml's composer overflows the C stack: the process dies (SIGSEGV)."""
    deep = b"id: deep\ntitle: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
    result = run_check(_project_with(tmp_path, files={f"{THEMES}/deep.yml": deep}))
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    _assert_reports(result.stderr, [Expect(f"{THEMES}/deep.yml", 2, 8 + MAX_DEPTH - 1, "title" + _DEPTH, "nested more than")])


#: Input → the error it gives: (line, column, field, a phrase of what was found). The field
#: "" is the file itself (printed as `(file)`).
HOSTILE: dict[str, tuple[bytes, tuple[int, int, str, str]]] = {
    "raw NUL": (b"id: a\ntitle: x\x00y\n", (2, 9, "title", "the character U+0000 (a control character)")),
    "escaped NUL": (b'id: a\ntitle: "x\\0y"\n', (2, 8, "title", "the character U+0000 (a control character)")),
    "escape character": (b'id: a\ntitle: "\\e[31m"\n', (2, 8, "title", "the character U+001B")),
    "raw line separator": ("id: a\ntitle: x\u2028y\n".encode(), (2, 9, "title", "the character U+2028 (line separator)")),
    "escaped next line": (b'id: a\ntitle: "x\\Ny"\n', (2, 8, "title", "the character U+0085")),
    "escaped carriage return": (b'id: a\ntitle: "x\\ry"\n', (2, 8, "title", "the character U+000D")),
    "huge number": (b"id: a\norder: " + b"9" * 5000 + b"\n", (2, 8, "order", "a number 5000 digits long")),
    "number one digit too long": (b"order: " + b"9" * (MAX_DIGITS + 1) + b"\n", (1, 8, "order", f"a number {MAX_DIGITS + 1} digits long")),
    "tagged number": (b"id: a\norder: !!int x\n", (2, 8, "order", "the YAML tag tag:yaml.org,2002:int")),
    "tagged set": (b"id: a\ntags: !!set {a, b}\n", (2, 7, "tags", "the YAML tag tag:yaml.org,2002:set")),
    "custom tag": (b"id: !python/name:os.system a\n", (1, 5, "id", "the YAML tag !python/name:os.system")),
    "alias before any anchor": (b"id: a\ntitle: *nowhere\n", (2, 8, "title", "the alias *nowhere")),
    "second document": (b"id: a\n---\nid: b\n", (2, 1, "", "a second YAML document")),
    "list as key": (b"id: a\n? [x, y]\n: z\n", (2, 3, "", "a mapping or list used as a key")),
    "key over two lines": (b'id: a\n"ti\\ntle": b\n', (2, 1, "", "a key written over more than one line")),
    "empty key": (b'id: a\n"": b\n', (2, 1, "", "an empty key")),
    "repeat inside a repeated key": (b"a: 1\na:\n  b: 1\n  b: 2\n", (4, 3, "a.b", "the key 'b' a second time (first on line 3)")),
    "unknown directive": (b"%FOO bar\n---\nid: a\n", (1, 5, "(file)", "a YAML syntax error (found unknown directive name)")),
    "unclosed quote": (b'id: a\ntitle: "open\nsummary: b\n', (2, 8, "title", "a YAML syntax error")),
    "invalid escape": (b'id: a\ntitle: "\\ud800"\n', (2, 8, "title", "a YAML syntax error (found invalid Unicode character escape code")),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_ends_in_a_located_error(case: str) -> None:
    raw, (line, column, field, found) = HOSTILE[case]
    document, errors = load_text(raw, "hostile.yml")
    assert document is None
    assert any((e.line, e.column, e.field) == (line, column, field) and found in e.found for e in errors), errors
    assert reported(ContentErrors(errors).report()), errors  # every message well formed


@pytest.mark.parametrize(
    ("raw", "line", "expected"),
    [
        (b"- a\n- b\n", 1, "a mapping of fields"),
        (b"just some words\n", 1, "a mapping of fields"),
        (b"12\n", 1, "a mapping of fields"),
        (b"---\n", 2, "a mapping of fields"),  # an empty document: its null value is on line 2
        (codecs.BOM_UTF8 + b"# only a comment\n", 1, "a YAML mapping of fields"),
    ],
    ids=["list", "text", "number", "empty-document", "bom-and-comment"],
)
def test_a_file_that_is_not_a_mapping_is_a_located_error(raw: bytes, line: int, expected: str, tmp_path: Path) -> None:
    root = _project_with(tmp_path, files={f"{THEMES}/not-a-mapping.yml": raw})
    with pytest.raises(ContentErrors) as info:
        load_guidance(root, None)
    errors = reported(info.value.report())
    assert [(e.file, e.line, e.column, e.field, e.expected) for e in errors] == [(f"{THEMES}/not-a-mapping.yml", line, 1, "(file)", expected)]


@pytest.mark.parametrize(
    "raw",
    [
        b"a" + b" " * 50_000 + b"x\nb: [\n",  # a long run of spaces with no colon
        b"\n" * 50_000 + b"x: [\n",  # many blank lines, no comment
        b" \n" * 50_000 + b"x: [\n",
    ],
    ids=["spaces", "blank-lines", "blank-lines-with-spaces"],
)
def test_locating_an_error_takes_linear_time(raw: bytes) -> None:
    """Naming the field of an unparseable file used regular expressions that took quadratic time."""
    started = time.process_time()  # this process's CPU time: other processes' load does not count
    document, errors = load_text(raw, "slow.yml")
    assert document is None and errors and errors[0].line >= 1
    assert time.process_time() - started < 1.0


def test_a_fifo_or_folder_named_like_a_content_file_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.yml"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    for path in (fifo, folder):
        document, errors = load_document(path, path.name)
        assert document is None
        assert [(e.file, e.line, e.column, e.found) for e in errors] == [(path.name, 1, 1, "something that is not a regular file")]


# -------------------------------------------------------------------------------------
# Accepted: a byte-order mark and CRLF line endings
# -------------------------------------------------------------------------------------


def test_bom_and_crlf_are_accepted_with_the_same_lines_and_columns(tmp_path: Path) -> None:
    rel = "guidance/challenges/triggering.yml"
    original = (ROOT / rel).read_bytes()
    converted = codecs.BOM_UTF8 + original.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    plain, _ = load_text(original, rel)
    windows, errors = load_text(converted, rel)
    assert not errors
    assert windows.data == plain.data
    assert windows.positions == plain.positions and windows.key_positions == plain.key_positions

    result = run_check(_project_with(tmp_path, files={rel: converted}))
    assert result.returncode == 0, result.stderr

    # An error in a BOM + CRLF file is reported on the same line and column.
    bad = (CASES_DIR / "duplicate-key" / THEMES / "duplicate-key.yml").read_bytes()
    result = run_check(_project_with(tmp_path / "bad", files={f"{THEMES}/duplicate-key.yml": codecs.BOM_UTF8 + bad.replace(b"\n", b"\r\n")}))
    assert result.returncode == 1
    _assert_reports(result.stderr, CASES["duplicate-key"])


# -------------------------------------------------------------------------------------
# All errors together
# -------------------------------------------------------------------------------------


def test_errors_in_two_files_are_reported_together(tmp_path: Path) -> None:
    result = run_check(_project_with(tmp_path, "duplicate-key", "empty-file", "invalid-utf8"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "3 content errors found; nothing was built:"
    _assert_reports(result.stderr, [*CASES["duplicate-key"], *CASES["empty-file"], *CASES["invalid-utf8"]])


def test_cross_file_errors_in_two_files_are_reported_together(tmp_path: Path) -> None:
    result = run_check(_project_with(tmp_path, "missing-refs", "unknown-respondent"))
    assert result.returncode == 1
    _assert_reports(result.stderr, [*CASES["missing-refs"], *CASES["unknown-respondent"]])


# -------------------------------------------------------------------------------------
# Naming the field of a file that cannot be parsed
# -------------------------------------------------------------------------------------


def _content_files() -> list[Path]:
    return sorted([*ROOT.glob("guidance/**/*.yml"), *ROOT.glob("checklists/*.yml")])


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_field_near_names_every_key_of_the_real_content(path: Path) -> None:
    """The indentation heuristic used for unparseable files agrees with the parser."""
    document, errors = load_document(path)
    assert not errors
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    for key_path, (line, column) in document.key_positions.items():
        named = field_near(text, line, column + 1)
        want = format_path(key_path)
        if lines[line - 1][: column - 1].strip(" -"):  # a key inside a flow mapping: `- {a: 1}`
            assert want.startswith(named), (line, column, named, want)
        else:
            assert named == want, (line, column)
