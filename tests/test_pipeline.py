"""The pipeline stage by stage: load → validate → model → render, on tiny fixtures.

Golden files: `tests/golden/mini/` holds the exact Markdown the mini fixture renders to.
After an intended change of layout, regenerate them with
`PSG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_pipeline.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from psg.errors import ContentErrors
from psg.fidelity import SourceText, normalise
from psg.loader import load_text
from psg.pages import build_pages, nav_sections
from psg.validate import load_guidance

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
GOLDEN = HERE / "golden" / "mini"


def mini_copy(tmp_path: Path) -> Path:
    """Copy the mini fixture project to a scratch folder and return its root."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def load_mini(root: Path = MINI):
    return load_guidance(root, root / "source.txt")


def errors_of(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_mini(root)
    return [str(e) for e in info.value.errors]


# ---- load ---------------------------------------------------------------------------


def test_loader_keeps_positions_of_every_value() -> None:
    doc, errors = load_text(b"id: a\nlist:\n  - x\n  - key: y\n", "f.yml")
    assert not errors
    assert doc.positions[("list", 1, "key")] == (4, 10)
    assert doc.key_positions[("list", 1, "key")] == (4, 5)
    assert doc.position(("list", 1, "missing")) == (4, 5)


def test_loader_reports_duplicate_keys_with_both_lines() -> None:
    _, errors = load_text(b"id: a\ntitle: one\ntitle: two\n", "f.yml")
    assert [str(e) for e in errors] == [
        "f.yml:3:1: title: found the key 'title' a second time (first on line 2); expected each key once per mapping"
    ]


@pytest.mark.parametrize("word", ["no", "on", "yes", "1e3", "2024-01-01", "off", "1.5"])
def test_loader_keeps_yaml_11_surprises_as_text(word: str) -> None:
    doc, errors = load_text(f"title: {word}\n".encode(), "f.yml")
    assert not errors
    assert doc.data == {"title": word}


def test_loader_types_only_true_false_integers_and_null() -> None:
    doc, _ = load_text(b"a: true\nb: 12\nc: null\nd: '12'\n", "f.yml")
    assert doc.data == {"a": True, "b": 12, "c": None, "d": "12"}


def test_loader_accepts_bom_and_crlf() -> None:
    doc, errors = load_text(b"\xef\xbb\xbfid: a\r\ntitle: b\r\n", "f.yml")
    assert not errors and doc.data == {"id": "a", "title": "b"}


def test_loader_refuses_aliases() -> None:
    _, errors = load_text(b"a: &x [1, 2]\nb: *x\n", "f.yml")
    assert len(errors) == 1 and "anchor &x" in str(errors[0]) and errors[0].line == 1


# ---- fidelity -----------------------------------------------------------------------


def test_normalise_forgives_layout_not_words() -> None:
    assert normalise("‘a’  “b”\n c...") == "'a' \"b\" c…"
    assert normalise("say, ‘\n listen") == "say, 'listen"


def test_source_finds_quotes_across_line_breaks_and_hyphenation() -> None:
    source = SourceText.from_lines(["the indi-", "viduals were post-", "traumatic and “so", "on”"])
    assert source.find("the individuals were") is None
    assert source.find("were post-traumatic") is None
    assert source.find("the individuals […] traumatic") is None
    assert source.find("the individuals were happy") is not None
    assert source.find("traumatic […] the individuals") is not None  # cuts must keep order


# ---- validate -----------------------------------------------------------------------


def test_mini_fixture_is_valid() -> None:
    guidance = load_mini()
    assert [c.id for c in guidance.challenges] == ["keeping-in-touch"]
    assert [s.id for s in guidance.strategies_for("keeping-in-touch")] == ["agreeing-contact-times"]
    assert len(list(guidance.quotes())) == 3


def test_section_at_gives_the_narrowest_text_holding_a_line() -> None:
    """`Guidance.section_at` (an index built once) gives what a scan of every challenge,
    strategy and theme gives: the narrowest whose lines hold the line, the first of equals."""
    guidance = load_mini()
    things = [*guidance.challenges, *guidance.strategies, *guidance.themes]
    last = max(thing.source.lines[1] for thing in things if thing.source.lines)
    held = 0
    for line in range(0, last + 2):
        spans = [(t.source.lines[1] - t.source.lines[0], n, t) for n, t in enumerate(things) if t.source.lines and t.source.lines[0] <= line <= t.source.lines[1]]
        expected = min(spans, key=lambda span: (span[0], span[1]))[2] if spans else None
        assert guidance.section_at(line) is expected, line
        held += expected is not None
    assert 0 < held < last + 2  # lines both inside and outside every text were asked for


def test_changing_one_word_of_a_quote_fails(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    path = root / "guidance/challenges/keeping-in-touch.yml"
    path.write_text(path.read_text().replace("it helps everyone", "it helps everybody"))
    (error,) = errors_of(root)
    assert error.startswith("guidance/challenges/keeping-in-touch.yml:33:5: evidence[0].text: found words not in the briefing")


def test_shortened_quote_passes_when_each_part_is_verbatim(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    path = root / "guidance/challenges/keeping-in-touch.yml"
    path.write_text(path.read_text().replace("call us, and it helps", "call us, […] helps"))
    load_mini(root)


def test_every_error_is_reported_together(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    challenge = root / "guidance/challenges/keeping-in-touch.yml"
    text = challenge.read_text().replace("summary:", "summery:").replace("respondent: 1,", "respondent: 9,")
    challenge.write_text(text)
    strategy = root / "guidance/strategies/agreeing-contact-times.yml"
    strategy.write_text(strategy.read_text().replace("order: 20", "order: twenty"))
    errors = errors_of(root)
    joined = "\n".join(errors)
    assert "keeping-in-touch.yml:1:1: summary: found no value (the field is missing); expected this required field" in joined
    assert "keeping-in-touch.yml:5:1: summery: found an unknown field 'summery'" in joined
    assert "agreeing-contact-times.yml:3:1: order: found text 'twenty'; expected a valid integer" in joined
    assert len(errors) == 3  # the bad respondent is checked only once the schema passes


def test_cross_file_errors(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    strategy = root / "guidance/strategies/agreeing-contact-times.yml"
    strategy.write_text(strategy.read_text().replace("addresses: [keeping-in-touch]", "addresses: [keeping-in-tuch]"))
    challenge = root / "guidance/challenges/keeping-in-touch.yml"
    challenge.write_text(challenge.read_text().replace("respondent: 1, peer_supporter: false", "respondent: 2, peer_supporter: false"))
    errors = errors_of(root)
    assert any("addresses[0]: found 'keeping-in-tuch', which is not the id of any challenge" in e for e in errors)
    assert any("evidence[0].attribution.peer_supporter: found peer_supporter: false; expected true" in e for e in errors)
    assert any("keeping-in-touch.yml:1:1: id: found a challenge that no strategy addresses" in e for e in errors)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    text = (root / "guidance/strategies/agreeing-contact-times.yml").read_text()
    (root / "guidance/strategies/copy.yml").write_text(text.replace("id: agreeing-contact-times", "id: copy", 1))
    errors = errors_of(root)
    assert any("copy.yml" in e and "the quote id 'q-p2-first-day', already used in" in e for e in errors)
    assert any("copy.yml" in e and "order 20, already used" in e for e in errors)


def test_raw_html_is_refused(tmp_path: Path) -> None:
    root = mini_copy(tmp_path)
    path = root / "guidance/themes/theme-one.yml"
    path.write_text(path.read_text().replace("One paragraph about the theme.", "One <script>alert(1)</script> paragraph."))
    (error,) = errors_of(root)
    assert "theme-one.yml:5:1: description: found markup '<s'" in error


# ---- render: golden files -----------------------------------------------------------


def test_rendered_markdown_matches_golden_files() -> None:
    pages = build_pages(load_mini())
    rendered = {page.uri: page.markdown for page in pages}
    if os.environ.get("PSG_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for uri, markdown in rendered.items():
            (GOLDEN / uri).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / uri).write_text(markdown, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(rendered) == sorted(expected)
    for uri, markdown in rendered.items():
        assert markdown == expected[uri], f"{uri} differs from tests/golden/mini/{uri}"


def test_navigation_follows_the_briefing_order() -> None:
    guidance = load_mini()
    nav = nav_sections(guidance, build_pages(guidance))
    assert nav["guidance/index.md"] == [
        "guidance/index.md",
        {
            "Theme one": [
                {"Overview": "themes/theme-one.md"},
                {"Challenge: Keeping in touch": "challenges/keeping-in-touch.md"},
                {"Strategy: Agreeing contact times (first day)": "strategies/agreeing-contact-times.md"},
            ]
        },
    ]


def test_quotes_render_once_with_anchor_and_exact_attribution() -> None:
    pages = {p.uri: p.markdown for p in build_pages(load_mini())}
    strategy = pages["strategies/agreeing-contact-times.md"]
    assert strategy.count('id="q-p2-first-day"') == 1
    assert "Peer supporter respondent 2, Initiative B" in strategy
    assert "[Peer supporter respondent 2, Initiative B](#q-p2-first-day)" in strategy  # the perspective links to it
    assert "Content note: Mentions nothing distressing" in strategy
    assert "Agree limits *early*." in strategy  # descriptions are Markdown
    challenge = pages["challenges/keeping-in-touch.md"]
    assert "From the literature: Smith et al. \\(2020\\)" not in challenge  # parentheses are not escaped
    assert "From the literature: Smith et al. (2020), as quoted in the briefing" in challenge
