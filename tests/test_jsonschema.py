"""The JSON Schemas in schemas/: up to date, named by every content file, and satisfied by it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from psg.jsonschema import SCHEMAS, render_schemas, schema_file, write_schemas
from psg.loader import load_document, load_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schemas"
CONTENT = sorted([*ROOT.glob("guidance/**/*.yml"), *ROOT.glob("checklists/*.yml")])
COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8-sig").splitlines()[0]
    match = COMMENT.match(first)
    assert match, f"{path.relative_to(ROOT)}: the first line should be '# yaml-language-server: $schema=…', found {first!r}"
    return (path.parent / match.group(1)).resolve()


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "schemas")
    assert [p.name for p in written] == [schema_file(n) for n in SCHEMAS]
    for path in written:
        committed = SCHEMA_DIR / path.name
        assert committed.is_file(), f"schemas/{path.name} is missing: run `python -m psg schemas`"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schemas/{path.name} is out of date with psg/schema.py: run `python -m psg schemas` and commit it"
        )
    extra = {p.name for p in SCHEMA_DIR.glob("*.schema.json")} - set(render_schemas())
    assert not extra, f"schemas/ holds files no model generates: {sorted(extra)}"


@pytest.mark.parametrize("name", sorted(render_schemas()))
def test_each_schema_is_a_valid_json_schema(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_every_content_file_names_an_existing_schema() -> None:
    assert len(CONTENT) > 30
    used = set()
    for path in CONTENT:
        schema = _schema_of(path)
        assert schema.is_file(), f"{path.relative_to(ROOT)} points at {schema}, which does not exist"
        assert schema.parent == SCHEMA_DIR
        used.add(schema.name)
    assert used == set(render_schemas()), "every schema should be used by at least one content file"


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_content_file_validates_against_its_schema(path: Path) -> None:
    document, errors = load_document(path)
    assert not errors and document is not None
    schema = json.loads(_schema_of(path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document.data)]
    assert not problems, "\n".join(problems)


def test_schemas_refuse_what_the_models_refuse() -> None:
    schema = json.loads((SCHEMA_DIR / "checklist.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = (ROOT / "checklists" / "before-you-start.yml").read_bytes()
    document, _ = load_text(good, "x.yml")
    assert validator.is_valid(document.data)
    for mutate in (
        lambda d: d.update(colour="red"),  # unknown field
        lambda d: d.update(order="1"),  # text where a number is expected
        lambda d: d.update(last_reviewed="26/11/2026"),  # not YYYY-MM-DD
        lambda d: d["sections"][0]["items"][0].pop("from"),  # the alias `from` is required
        lambda d: d.update(audiences=["everyone"]),  # not a known audience
    ):
        document, _ = load_text(good, "x.yml")
        mutate(document.data)
        assert not validator.is_valid(document.data)
