"""`make lighthouse`: Lighthouse 12 on four pages of the built site, served gzipped on loopback.

Builds the site (`scripts/build.sh` into `.lighthouse/site`), serves it with gzip
`Content-Encoding` from a small server on 127.0.0.1, and runs Lighthouse 12.2.3 (installed
on demand into `.lighthouse/`, never into package.json) with Debian's Chromium and the
default mobile preset, on the home page, a challenge page, a strategy page and a checklist
page. Each page is run several times (3; the checklist page 5, as issue 14 asks) and each
score is the median of its runs. Prints the performance, accessibility, best-practices
and SEO scores, the DOM size and transfer size, every audit that cost points, the load
average before and after (the machine is shared: compare figures taken in like
conditions), and whether the targets are met: performance at least 0.98, the others 1.0.

Usage: `.venv/bin/python scripts/lighthouse.py [--no-build] [--runs N] [--page NAME ...]
[--site DIR]`. `--site` runs on another built site (for example a bare Material site, to
see Material's own floor); its pages are those of this site that it has. Exits 1 when a
target is missed. `CHROME_PATH` overrides the browser (default /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import mimetypes
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".lighthouse"
LIGHTHOUSE = TOOLS / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.2.3"
SITE = TOOLS / "site"
# The pages measured, and how many runs each gets by default (the median is reported).
# The strategy page is a typical one: its size and element count are the median of the
# strategy pages'.
PAGES = {
    "home": "",
    "challenge": "challenges/triggering/",
    "strategy": "strategies/limits-of-confidentiality/",
    "checklist": "checklists/before-you-start/",
}
RUNS = {"checklist": 5}
DEFAULT_RUNS = 3
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking"
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


# -------------------------------------------------------------------------------------
# A static server with gzip
# -------------------------------------------------------------------------------------


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files, gzipped when the client accepts it, as a production server would."""

    _cache: dict[Path, bytes] = {}

    def send_head(self):  # noqa: ANN201 - the base class's signature
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        gzipped = path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            if path not in self._cache:
                self._cache[path] = gzip.compress(body, compresslevel=6)
            body = self._cache[path]
        self.send_response(200)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "json")) else ""))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        hashed = "/assets/" in self.path and path.name.count(".") >= 2  # such as main.484c7ddc.min.css
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -------------------------------------------------------------------------------------
# Lighthouse
# -------------------------------------------------------------------------------------


def install() -> None:
    """Install lighthouse@12.2.3 into .lighthouse/ unless it is there already."""
    if LIGHTHOUSE.exists():
        package = json.loads((TOOLS / "node_modules" / "lighthouse" / "package.json").read_text())
        if package.get("version") == VERSION:
            return
    print(f"Installing lighthouse@{VERSION} into {TOOLS.relative_to(ROOT)}/ ...", flush=True)
    TOOLS.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "i", "-E", f"lighthouse@{VERSION}", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--loglevel=error"],
        check=True,
    )


def build(site_url: str) -> None:
    env = {**os.environ, "PSG_SITE_URL": site_url, "PSG_SKIP_PDF": os.environ.get("PSG_SKIP_PDF", "1")}
    subprocess.run(["scripts/build.sh", str(SITE.relative_to(ROOT))], cwd=ROOT, env=env, check=True)


def lighthouse(url: str, out: Path) -> dict:
    """Run Lighthouse once (mobile preset) and return its report."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility,best-practices,seo",
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def lost_points(report: dict, category: str) -> list[str]:
    """The audits of a category that scored below 1, with their weight and a short detail."""
    audits = report["audits"]
    out = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        score = audit.get("score")
        if score is None or score >= 1 or (ref.get("weight", 0) == 0 and audit.get("scoreDisplayMode") != "binary"):
            continue
        detail = audit.get("displayValue") or ""
        items = (audit.get("details") or {}).get("items") or []
        nodes = [i.get("node", {}).get("snippet") or i.get("url") or i.get("source", {}).get("url") for i in items[:3]]
        nodes = [n for n in nodes if n]
        out.append(f"{ref['id']} (score {score:.2f}, weight {ref.get('weight', 0)}){': ' + detail if detail else ''}{' — ' + '; '.join(nodes)[:300] if nodes else ''}")
    return out


def metrics(report: dict) -> str:
    audits = report["audits"]
    names = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
    return ", ".join(f"{name.replace('-', ' ')} {audits[name].get('displayValue', '?')}" for name in names if name in audits)


def weight(report: dict) -> tuple[int, int, int]:
    """The page's DOM size (elements after load), transfer size (bytes) and request count."""
    audits = report["audits"]
    elements = int(audits.get("dom-size", {}).get("numericValue") or 0)
    transfer = int(audits.get("total-byte-weight", {}).get("numericValue") or 0)
    requests = len(((audits.get("network-requests") or {}).get("details") or {}).get("items") or [])
    return elements, transfer, requests


def load_average() -> str:
    return "load average " + ", ".join(f"{n:.2f}" for n in os.getloadavg())


def median_run(reports: list[dict]) -> dict:
    """The run whose performance score is the median (the lower middle one for an even count)."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"] or 0.0)
    return ranked[(len(ranked) - 1) // 2]


def measure(name: str, url: str, runs: int, reports: Path) -> tuple[dict[str, float], dict]:
    """Run Lighthouse `runs` times on one page; the median of each score, and the median run."""
    done = [lighthouse(url, reports / f"{name}-{run + 1}.json") for run in range(runs)]
    scores = {c: statistics.median(r["categories"][c]["score"] or 0.0 for r in done) for c in TARGETS}
    print(f"\n{name} ({url}): " + ", ".join(f"{c} {s:.2f}" for c, s in scores.items()), flush=True)
    print("  performance of each run: " + ", ".join(f"{r['categories']['performance']['score']:.2f}" for r in done))
    return scores, median_run(done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="use the last build in .lighthouse/site")
    parser.add_argument("--runs", type=int, help=f"runs per page (default {DEFAULT_RUNS}, the checklist page {RUNS['checklist']}); the median is reported")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="measure only this page (repeatable)")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building this one")
    args = parser.parse_args(argv)
    install()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    site = args.site.resolve() if args.site else SITE
    if not args.site and (not args.no_build or not SITE.is_dir()):
        build(base)
    pages = {name: path for name, path in PAGES.items() if (not args.page or name in args.page) and (site / path / "index.html").is_file()}
    server = serve(site, port)
    reports = TOOLS / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    missed = []
    rows = []
    print(f"Before: {load_average()}", flush=True)
    try:
        for name, path in pages.items():
            result, median = measure(name, base + path, args.runs or RUNS.get(name, DEFAULT_RUNS), reports)
            elements, transfer, requests = weight(median)
            rows.append((name, path or "/", result, elements, transfer))
            print(f"  median run: {metrics(median)}")
            print(f"  DOM elements {elements}, transferred {transfer / 1024:.1f} KiB in {requests} requests; {load_average()}")
            for category, target in TARGETS.items():
                if result[category] < target:
                    missed.append(f"{name} {category} {result[category]:.2f} < {target}")
                for line in lost_points(median, category):
                    print(f"  {category}: {line}")
    finally:
        server.shutdown()
        server.server_close()

    print(f"\nLighthouse {VERSION}, mobile preset, Chromium {CHROME_FLAGS.split()[0]}; served gzipped from {base}")
    print(f"Site: {site}; after: {load_average()}")
    header = f"{'page':<10} {'path':<40} " + " ".join(f"{c:>14}" for c in TARGETS) + f" {'DOM':>6} {'KiB':>7}"
    print(header)
    print("-" * len(header))
    for name, path, result, elements, transfer in rows:
        print(f"{name:<10} {path:<40} " + " ".join(f"{result[c]:>14.2f}" for c in TARGETS) + f" {elements:>6} {transfer / 1024:>7.1f}")
    print(f"{'target':<10} {'':<40} " + " ".join(f"{'≥ ' + str(t):>14}" for t in TARGETS.values()))
    print(f"\nReports: {reports.relative_to(ROOT)}/")
    if missed:
        print("Missed: " + "; ".join(missed))
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
