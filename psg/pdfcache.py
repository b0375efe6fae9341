"""A cache of generated PDFs, keyed by everything that shapes each one.

Making a PDF with WeasyPrint takes seconds; a warm build makes again only the PDFs whose
inputs changed. [`cached`][psg.pdfcache.cached] takes the key material (the PDF's HTML,
which holds its stylesheet, the fonts' fingerprint and the PDF maker's version, see
[`cache_key`][psg.pdfcache.cache_key]), the cache's folder and a function that makes
the PDF, and returns the PDF's bytes: from the cache when an intact entry has the same
key, otherwise made, stored and returned.

It never serves a stale or damaged PDF:

- the key is a SHA-256 of every part of the key material, so a change to any of them
  is a different entry;
- each entry starts with a header holding its payload's length and SHA-256; an entry
  that is truncated or altered fails the check and is made again;
- entries are written to a temporary file in the same folder and renamed into place,
  so a build stopped halfway never leaves half an entry.

The folder is bounded: after each new entry, the least recently used entries beyond
`max_bytes` are removed (a hit marks its entry as used).

Nothing here reads the environment: the adapters choose the folder and pass it in
[`Settings`][psg.site.Settings].
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["MAX_BYTES", "cache_key", "cached", "fingerprint_files"]

#: The most the cache's folder holds, in bytes, before its least recently used entries go.
MAX_BYTES = 64 * 1024 * 1024

#: The first bytes of every entry; a new format gets a new magic, so old entries miss.
_MAGIC = b"psg-pdf-cache 1 "
#: An entry's name: its key, then this suffix.
_SUFFIX = ".pdfc"


def cache_key(parts: Iterable[str | bytes]) -> str:
    """Return the cache key of some key material: a SHA-256 of every part, in order.

    Each part is length-prefixed, so `("ab", "c")` and `("a", "bc")` differ.

    Args:
        parts: The key material, for example the PDF's HTML, the fonts' fingerprint and
            the PDF maker's version.

    Returns:
        The key, 64 hexadecimal digits.
    """
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


def fingerprint_files(paths: Iterable[Path]) -> str:
    """Return a SHA-256 of some files' names and contents, for key material (fonts, say).

    Args:
        paths: The files, in any order (they are sorted).

    Returns:
        64 hexadecimal digits.

    Raises:
        OSError: If a file cannot be read.
    """
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        data = path.read_bytes()
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def cached(
    key_material: Iterable[str | bytes],
    cache_dir: Path | None,
    make: Callable[[], bytes],
    *,
    max_bytes: int = MAX_BYTES,
) -> bytes:
    """Return a PDF from the cache, or make it (and store it) when the cache lacks it.

    Args:
        key_material: Everything that shapes the PDF (see `cache_key`).
        cache_dir: The cache's folder (made when missing), or None for no cache: the PDF
            is always made.
        make: Makes the PDF's bytes.
        max_bytes: The most the folder holds after a new entry is stored.

    Returns:
        The PDF's bytes. A cache folder that cannot be written is not an error: the PDF is
        made and returned, and made again next time.
    """
    if cache_dir is None:
        return make()
    entry = cache_dir / (cache_key(key_material) + _SUFFIX)
    hit = _read_entry(entry)
    if hit is not None:
        try:
            entry.touch()  # recently used: pruned last
        except OSError:
            pass  # a read-only cache still serves
        return hit
    data = make()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_entry(entry, data)
        _prune(cache_dir, max_bytes, keep=entry)
    except OSError:
        pass  # a cache that cannot be written only costs time: the PDF is made every build
    return data


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


def _read_entry(entry: Path) -> bytes | None:
    """Return an entry's payload, or None when it is missing, truncated or altered."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return None
    header, newline, payload = raw.partition(b"\n")
    if not newline or not header.startswith(_MAGIC):
        return None
    fields = header[len(_MAGIC) :].split(b" ")
    if len(fields) != 2 or not fields[0].isdigit():
        return None
    length, checksum = int(fields[0]), fields[1].decode("ascii", "replace")
    if len(payload) != length or hashlib.sha256(payload).hexdigest() != checksum:
        return None
    return payload


def _write_entry(entry: Path, data: bytes) -> None:
    """Write an entry atomically: a temporary file in the same folder, renamed into place."""
    header = _MAGIC + f"{len(data)} {hashlib.sha256(data).hexdigest()}\n".encode("ascii")
    with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".tmp-", suffix=_SUFFIX, delete=False) as handle:
        handle.write(header + data)
        temporary = Path(handle.name)
    temporary.replace(entry)


def _prune(cache_dir: Path, max_bytes: int, *, keep: Path) -> None:
    """Remove the least recently used entries until the folder holds at most `max_bytes`."""
    entries = []
    for path in cache_dir.glob("*" + _SUFFIX):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed meanwhile by another build
        entries.append((stat.st_mtime_ns, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        if path != keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
            total -= size
