"""The PDF cache (`psg/pdfcache.py`): a warm build makes only the PDFs whose inputs changed,
and never serves a stale or damaged PDF.

The unit tests count calls to the function that makes a PDF; the build test runs two real
`mkdocs build --strict` with the real PDFs in a copy of the project, and proves which
PDFs came from the cache by the identity (inode) of each cache entry.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from _project import copy_project, env
from psg.pdf import BOOKLET_URI
from psg.pdfcache import cache_key, cached, fingerprint_files

PDF_A = b"%PDF-1.7\nfirst\n%%EOF\n"
PDF_B = b"%PDF-1.7\nsecond, a little longer\n%%EOF\n"


class Maker:
    """Makes a given PDF and counts how often it was asked to."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdfc"))


def test_a_second_call_with_the_same_key_is_served_from_the_cache(tmp_path: Path) -> None:
    make = Maker(PDF_A)
    assert cached(["<html>a</html>", "fonts", "maker 1"], tmp_path, make) == PDF_A
    assert cached(["<html>a</html>", "fonts", "maker 1"], tmp_path, make) == PDF_A
    assert make.calls == 1
    assert len(entries(tmp_path)) == 1


@pytest.mark.parametrize("changed", [0, 1, 2], ids=["html", "fonts", "maker"])
def test_any_change_to_the_key_material_makes_the_pdf_again(tmp_path: Path, changed: int) -> None:
    material = ["<html>a</html>", "fonts", "maker 1"]
    cached(material, tmp_path, Maker(PDF_A))
    material[changed] += " changed"
    make = Maker(PDF_B)
    assert cached(material, tmp_path, make) == PDF_B
    assert make.calls == 1


def test_key_parts_are_kept_apart() -> None:
    assert cache_key(["ab", "c"]) != cache_key(["a", "bc"])
    assert cache_key(["ab", "c"]) == cache_key([b"ab", b"c"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-5],  # truncated payload
        lambda raw: raw[: raw.index(b"\n") + 1],  # header only
        lambda raw: raw[:10],  # truncated header
        lambda raw: raw.replace(b"first", b"fir5t"),  # altered payload, same length
        lambda raw: b"",  # empty
        lambda raw: raw.replace(b"psg-pdf-cache", b"something-else"),  # not an entry
    ],
    ids=["truncated", "header-only", "truncated-header", "altered", "empty", "foreign"],
)
def test_a_damaged_entry_is_made_again_never_served(tmp_path: Path, damage) -> None:
    cached(["key"], tmp_path, Maker(PDF_A))
    (entry,) = entries(tmp_path)
    entry.write_bytes(damage(entry.read_bytes()))
    make = Maker(PDF_A)
    assert cached(["key"], tmp_path, make) == PDF_A
    assert make.calls == 1, "a damaged entry was served"
    again = Maker(PDF_A)
    assert cached(["key"], tmp_path, again) == PDF_A
    assert again.calls == 0, "the damaged entry was not replaced by a good one"


def test_no_cache_folder_makes_every_time(tmp_path: Path) -> None:
    make = Maker(PDF_A)
    cached(["key"], None, make)
    cached(["key"], None, make)
    assert make.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_a_cache_that_cannot_be_written_still_gives_the_pdf(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache's folder should be")
    make = Maker(PDF_A)
    assert cached(["key"], blocked / "pdf", make) == PDF_A
    assert cached(["key"], blocked / "pdf", make) == PDF_A
    assert make.calls == 2


def test_the_folder_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    size = len(PDF_A) + 100  # one entry, header included
    cached(["one"], tmp_path, Maker(PDF_A), max_bytes=2 * size)
    cached(["two"], tmp_path, Maker(PDF_A), max_bytes=2 * size)
    os.utime(entries(tmp_path)[0], ns=(0, 0))  # both exist; make one clearly the oldest
    oldest = entries(tmp_path)[0]
    kept = [e for e in entries(tmp_path) if e != oldest][0]
    cached(["three"], tmp_path, Maker(PDF_A), max_bytes=2 * size)
    names = {e.name for e in entries(tmp_path)}
    assert oldest.name not in names and kept.name in names and len(names) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")], "a temporary file was left behind"


def test_fingerprint_changes_with_a_font_file(tmp_path: Path) -> None:
    font = tmp_path / "font.ttf"
    font.write_bytes(b"glyphs")
    before = fingerprint_files([font])
    font.write_bytes(b"glyphs, hinted")
    assert fingerprint_files([font]) != before


# -------------------------------------------------------------------------------------
# A real build, twice, with one checklist item's text changed in between
# -------------------------------------------------------------------------------------

CHANGED_CHECKLIST = "before-you-start"
#: The booklet of every checklist, beside them; any checklist's change remakes it.
BOOKLET = Path(BOOKLET_URI).stem

OLD_TEXT = "Agree who the initiative is for and what complex needs and circumstances they may have."
NEW_TEXT = "Agree who the initiative serves, and note the zebra-crossing test words for the cache."


def squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        env={**env(), "PSG_SKIP_PDF": "0", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def payload(entry: Path) -> bytes:
    return entry.read_bytes().partition(b"\n")[2]


def test_a_warm_build_remakes_only_the_changed_checklist_pdf(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    cache = project / ".cache" / "pdf"
    build(project, tmp_path / "first")
    first = {p.stem: p.read_bytes() for p in (tmp_path / "first" / "checklists").glob("*.pdf")}
    assert len(first) >= 2 and len(entries(cache)) == len(first)
    identity = {e.name: e.stat().st_ino for e in entries(cache)}
    assert squash(OLD_TEXT) in squash("".join(p.extract_text() for p in PdfReader(tmp_path / "first/checklists" / f"{CHANGED_CHECKLIST}.pdf").pages))

    source = project / "checklists" / f"{CHANGED_CHECKLIST}.yml"
    text = source.read_text(encoding="utf-8")
    assert text.count(OLD_TEXT) == 1
    source.write_text(text.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    build(project, tmp_path / "second")
    second = {p.stem: p.read_bytes() for p in (tmp_path / "second" / "checklists").glob("*.pdf")}

    # The changed checklist's PDF was made again, and shows the new words.
    assert second[CHANGED_CHECKLIST] != first[CHANGED_CHECKLIST]
    words = squash("".join(p.extract_text() for p in PdfReader(tmp_path / "second/checklists" / f"{CHANGED_CHECKLIST}.pdf").pages))
    assert squash(NEW_TEXT) in words and squash(OLD_TEXT) not in words
    # The booklet holds every checklist, so it was made again too, with the new words.
    assert second[BOOKLET] != first[BOOKLET]
    booklet_words = squash("".join(p.extract_text() for p in PdfReader(tmp_path / "second" / BOOKLET_URI).pages))
    assert squash(NEW_TEXT) in booklet_words and squash(OLD_TEXT) not in booklet_words
    # Every other PDF came from the cache: its entry is the very file written by the first
    # build (same inode), and the site's PDF is that entry's payload. Two entries are new.
    remade = (CHANGED_CHECKLIST, BOOKLET)
    new = [e for e in entries(cache) if e.name not in identity]
    assert sorted(payload(e) for e in new) == sorted(second[stem] for stem in remade)
    for stem, data in second.items():
        if stem in remade:
            continue
        assert data == first[stem], f"{stem}.pdf changed"
        (entry,) = [e for e in entries(cache) if e.name in identity and payload(e) == data]
        assert entry.stat().st_ino == identity[entry.name], f"{stem}.pdf was made again, not taken from the cache"

    # A truncated entry is made again, never served.
    damaged = next(e for e in entries(cache) if e.name in identity and payload(e) == second["training-plan"])
    damaged.write_bytes(damaged.read_bytes()[:-200])
    build(project, tmp_path / "third")
    third = tmp_path / "third" / "checklists" / "training-plan.pdf"
    title = squash(PdfReader(tmp_path / "first" / "checklists" / "training-plan.pdf").metadata.title)
    assert squash("".join(p.extract_text() for p in PdfReader(third).pages)).count(title) >= 1, "the remade PDF is not whole"
    assert damaged.stat().st_ino != identity[damaged.name], "the truncated entry was not made again"
    assert payload(damaged) == third.read_bytes()
