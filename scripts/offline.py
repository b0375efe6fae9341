"""Build the offline copy of the site: a zip that works opened from file://.

Usage: `python scripts/offline.py [ZIP]` (default `dist/peer-support-guidance-offline.zip`);
`make offline` runs it after `npm ci`.

Steps:

1. A strict build with Material's offline plugin (`PSG_OFFLINE=true`, no directory URLs)
   from `mkdocs.offline.yml`, which names a local iframe-worker shim instead of the
   plugin's copy on unpkg. The shim lets search run from file://.
2. The shim, and its licence, are copied from `node_modules/iframe-worker`, installed by
   `npm ci` at the version pinned in package.json. No third-party code is committed.
3. Material's script names two optional scripts on unpkg: a ResizeObserver polyfill for
   browsers too old to need one, and Mermaid, for diagrams this site does not have. The
   copy must load nothing from the network, so both become empty scripts, and source
   maps are left out. Then no file in the copy refers to unpkg, which is checked.
4. The site is zipped under one folder, `peer-support-guidance/`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "node_modules" / "iframe-worker"
#: Where the shim goes in the site: keep in step with `extra.polyfills` in mkdocs.offline.yml.
SHIM = "assets/javascripts/iframe-worker/shim.js"
FOLDER = "peer-support-guidance"
#: Optional scripts Material's bundle would fetch from unpkg, and what replaces them.
OPTIONAL_SCRIPTS = {
    "https://unpkg.com/resize-observer-polyfill": "data:text/javascript,",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "data:text/javascript,",
}


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "dist/peer-support-guidance-offline.zip").resolve()
    _check_package()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / FOLDER
        env = {**os.environ, "PSG_OFFLINE": "true", "PSG_DIRECTORY_URLS": "false"}
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.offline.yml", "-d", str(site)]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        (site / SHIM).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE / "shim" / "index.js", site / SHIM)
        shutil.copyfile(PACKAGE / "LICENSE", (site / SHIM).parent / "LICENSE")
        _neutralise_optional_scripts(site)
        _check(site)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".tmp")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(site.rglob("*")):
                zf.write(path, path.relative_to(site.parent).as_posix())
        partial.replace(out)
    print(f"Built {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: open {FOLDER}/index.html from the zip")
    return 0


def _check_package() -> None:
    """Stop unless node_modules holds iframe-worker at the version package.json pins."""
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"]
    installed = PACKAGE / "package.json"
    if not installed.is_file():
        raise SystemExit("node_modules/iframe-worker is missing: run `make node` (npm ci) first")
    version = json.loads(installed.read_text(encoding="utf-8"))["version"]
    if version != pinned:
        raise SystemExit(f"node_modules/iframe-worker is {version}, package.json pins {pinned}: run `make node` (npm ci)")


def _neutralise_optional_scripts(site: Path) -> None:
    for source_map in site.rglob("*.js.map"):
        source_map.unlink()
    bundles = list(site.glob("assets/javascripts/bundle.*.min.js"))
    if len(bundles) != 1:
        raise SystemExit(f"expected one Material bundle in assets/javascripts, found {len(bundles)}")
    text = bundles[0].read_text(encoding="utf-8")
    for url, replacement in OPTIONAL_SCRIPTS.items():
        if url not in text:
            raise SystemExit(f"Material's bundle no longer names {url}: update OPTIONAL_SCRIPTS in {Path(__file__).name}")
        text = text.replace(url, replacement)
    bundles[0].write_text(text, encoding="utf-8")


def _check(site: Path) -> None:
    """Stop if any file still refers to unpkg, or a page lacks the local shim."""
    unpkg = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and b"unpkg" in p.read_bytes()]
    if unpkg:
        raise SystemExit("the offline copy still refers to unpkg in: " + ", ".join(unpkg))
    index = (site / "index.html").read_text(encoding="utf-8")
    if SHIM not in index:
        raise SystemExit(f"index.html does not load {SHIM}: check extra.polyfills in mkdocs.offline.yml")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
