"""`make bench`: how fast the site builds, reloads and loads, against the issue's budgets.

A benchmark, not a test: it prints figures and says which budgets they meet. Everything
runs on temporary copies of the project, so the real `site/` is never touched.

Usage: `.venv/bin/python scripts/bench.py [--runs N] [--scales 10,100] [--max-build SECONDS] [--steps a,b]`

What it measures:

- cold and warm `make build` (cold: no site/, no Python bytecode caches), without and with
  the checklist PDFs (`PSG_SKIP_PDF=1` skips them);
- a warm `make build` (PDFs from the cache, and skipped) against a bare Material site with
  the same pages and about the same words (Material, only the search plugin), timed
  interleaved; the ratio of the medians is the issue's budget (at most 2×);
- the same site's generated Markdown built with the hooks off, and the hooks' overhead;
- the hooks' own time: load, validate, render, and each hook's share inside a real build;
- the time from saving a YAML edit to the changed page being served by `mkdocs serve`;
- peak memory of each build;
- the first-view transfer of each page (HTML, CSS and JS, gzipped), Material's and ours;
- the size of the search index;
- search (issue 15): the search index and the vocabulary together, gzipped, with the
  maintainers' pages out of the index, and how soon a corrected query shows its results
  after the last keystroke, in Chromium, once the index has loaded;
- the hooks' time and the total build time with the content multiplied 10× and 100×.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from _project import copy_project  # noqa: E402 - the tests' helper: a project copy that links .venv
from psg.loader import load_document  # noqa: E402
from psg.pages import expand_nav  # noqa: E402
from psg.portable import load_config as read_mkdocs_yml  # noqa: E402
from psg.site import SKIP_PDF_ENV, SOURCE_ENV, Settings, assemble, finish_page  # noqa: E402
from psg.validate import find_source, load_guidance  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
SOURCE = find_source(ROOT, os.environ.get(SOURCE_ENV))

#: The issue's budgets.
HOOKS_OVERHEAD_BUDGET = 0.25  # of the bare build
RELOAD_BUDGET = 2.0  # seconds, save → page served
WARM_RATIO_BUDGET = 2.0  # a warm `make build` (PDFs included) against bare Material
OURS_BUDGET = 20 * 1024  # bytes gzipped, added to a page's first view
GZIP_LEVEL = 6  # what most web servers use
#: Search (issue 15): the index and the vocabulary together, gzipped, with the maintainers'
#: pages out of the index; and the time from the last keystroke to a corrected query's results.
SEARCH_BYTES_BUDGET = 100 * 1024
SEARCH_MS_BUDGET = 150
#: Typed with a typo each, so that each is corrected; the first also loads the vocabulary.
SEARCH_TYPOS = ("safegaurding", "boundries", "confidentiallity", "recruitmnet", "exploitaiton", "supervison", "assesment", "organization")
CHROMIUM = os.environ.get("PSG_CHROMIUM", "/usr/bin/chromium")
#: Pages reported one by one in the first-view table.
SAMPLE_PAGES = ("index.html", "challenges/triggering/index.html", "checklists/before-you-start/index.html")


# -------------------------------------------------------------------------------------
# Running things
# -------------------------------------------------------------------------------------


@dataclass
class Run:
    """A finished command: wall time, CPU time (user + system, all its processes), peak memory
    (RSS of its largest process), status and output."""

    seconds: float
    cpu: float
    peak_mib: float
    status: int
    output: str


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run a command; measure its wall time and, with `wait4`, its peak memory."""
    log = tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    deadline = None if timeout is None else started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            status = -1
            break
        time.sleep(0.01)
    seconds = time.perf_counter() - started
    proc.returncode = 0  # reaped here; stop Popen from waiting again
    log.seek(0)
    output = log.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status) if status != -1 else -1
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, output)


def base_env() -> dict[str, str]:
    return {SOURCE_ENV: str(SOURCE)} if SOURCE.is_file() else {}


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL))


def kib(n: float) -> str:
    return f"{n / 1024:.1f} KiB"


# -------------------------------------------------------------------------------------
# 1. make build, cold and warm
# -------------------------------------------------------------------------------------


def make_build(project: Path, *, pdf: bool, cold: bool) -> Run:
    """`make build` in a project copy (`-o venv`: never reinstall the shared .venv)."""
    env = {**base_env(), SKIP_PDF_ENV: "0" if pdf else "1"}
    if cold:
        shutil.rmtree(project / "site", ignore_errors=True)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="psg-bench-pycache-")  # no bytecode: import from source
    result = run(["make", "-o", "venv", "build"], project, env)
    if result.status != 0:
        raise SystemExit(f"make build failed:\n{result.output[-4000:]}")
    return result


# -------------------------------------------------------------------------------------
# 2. The same site with the hooks off
# -------------------------------------------------------------------------------------


def write_bare_project(project: Path) -> Path:
    """Write the generated Markdown to `bare-docs/` and a config without hooks; return it.

    The pages are exactly what the hook gives MkDocs, from `psg.site`: the generated
    pages, and the hand-written ones finished the same way (markers filled, the
    glossary's tooltips added).
    """
    guidance = load_guidance(project, SOURCE if SOURCE.is_file() else None)
    site = assemble(guidance, Settings(skip_pdf_reason="the benchmark builds no PDFs"))
    docs = project / "bare-docs"
    shutil.copytree(project / "docs", docs)
    for path in docs.rglob("*.md"):
        uri = path.relative_to(docs).as_posix()
        path.write_text(finish_page(path.read_text(encoding="utf-8"), uri, guidance, Settings()), encoding="utf-8")
    for page in site.pages():
        target = docs / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(page.content), encoding="utf-8")
    config = {
        "INHERIT": "mkdocs.yml",
        "docs_dir": "bare-docs",
        "hooks": [],
        "watch": [],
        "strict": False,  # the data files and PDFs the hook adds are missing: their links only warn
        "nav": expand_nav(read_mkdocs_yml(project / "mkdocs.yml").get("nav"), site.nav),
    }
    path = project / "mkdocs.bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_bare_material(project: Path, dest: Path, built: Path) -> Path:
    """Write a bare Material site with this site's pages and words into `dest`; return it.

    The pages are this site's own, hand-written and generated, finished as the hook
    finishes them (so they hold the same words); the site uses Material with its defaults
    and only the search plugin: no hooks, no other plugins, no template overrides, no
    stylesheets or scripts of ours. It keeps this site's Markdown extensions (admonitions,
    attribute lists, tables...), without which the same Markdown would not give the same
    text, and its navigation. The API reference's pages, which mkdocstrings fills, hold
    the text of the same pages of `built` (this site, built), as plain paragraphs.
    """
    guidance = load_guidance(project, SOURCE if SOURCE.is_file() else None)
    site = assemble(guidance, Settings(skip_pdf_reason="the benchmark builds no PDFs"))
    docs = dest / "docs"
    for path in (project / "docs").rglob("*.md"):
        uri = path.relative_to(project / "docs").as_posix()
        if uri.startswith("overrides/"):
            continue
        markdown = finish_page(path.read_text(encoding="utf-8"), uri, guidance, Settings())
        if re.search(r"(?m)^::: ", markdown):
            page = uri.removesuffix("index.md").removesuffix(".md")
            markdown = _as_plain_text(markdown, built / page / "index.html")
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(markdown, encoding="utf-8")
    for page in site.pages():
        (docs / page.uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / page.uri).write_text(str(page.content), encoding="utf-8")
    ours = read_mkdocs_yml(project / "mkdocs.yml")
    config = {
        "site_name": ours["site_name"],
        "theme": {"name": "material", "language": "en"},
        "plugins": ["search"],
        "markdown_extensions": ours.get("markdown_extensions", []),
        "not_in_nav": ours.get("not_in_nav", ""),
        "nav": expand_nav(ours.get("nav"), site.nav),
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def _as_plain_text(markdown: str, built_page: Path) -> str:
    """A page's front matter, then its built article's text as plain paragraphs."""
    front = re.match(r"\A---\n.*?\n---\n", markdown, re.DOTALL)
    article = BeautifulSoup(built_page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    lines = [line.strip() for line in (article.get_text("\n") if article else "").splitlines() if line.strip()]
    text = "\n\n".join(re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", line) for line in lines)
    return (front.group(0) if front else "") + "\n" + text + "\n"


def site_words(site: Path) -> tuple[int, int]:
    """Return (pages, words) of a built site: its HTML pages, and the words of their articles."""
    pages = words = 0
    for path in site.rglob("*.html"):
        if path.name == "404.html":
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        pages += 1
        words += len(article.get_text(" ").split()) if article is not None else 0
    return pages, words


def write_pruned_config(project: Path) -> Path:
    """A config that adds Material's `navigation.prune`: each page renders only its own
    branch of the navigation, so a page's size no longer grows with the whole site."""
    theme = dict(read_mkdocs_yml(project / "mkdocs.yml")["theme"])
    theme["features"] = [*theme.get("features", []), "navigation.prune"]
    theme = {k: v for k, v in theme.items() if v is not None}
    path = project / "mkdocs.pruned.yml"
    path.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "theme": theme}, sort_keys=False), encoding="utf-8")
    return path


def mkdocs_build(
    project: Path, config: str = "mkdocs.yml", *, pdf: bool = False, timeout: float | None = None, inspect: Callable[[Path], None] | None = None
) -> Run:
    """`mkdocs build` into a temporary folder; `inspect` sees the built site before it is removed."""
    env = {**base_env(), SKIP_PDF_ENV: "0" if pdf else "1"}
    out = tempfile.mkdtemp(prefix="psg-bench-site-")
    try:
        result = run([PY, "-m", "mkdocs", "build", "-q", "-f", config, "-d", out], project, env, timeout)
        if inspect is not None and result.status == 0:
            inspect(Path(out))
        return result
    finally:
        shutil.rmtree(out, ignore_errors=True)


# -------------------------------------------------------------------------------------
# 3. The hooks' own time
# -------------------------------------------------------------------------------------


def hook_split(project: Path, repeats: int) -> dict[str, float]:
    """Median CPU seconds of load (YAML → documents), validate (→ model) and render (→ every
    generated file, as `psg.site.assemble` makes them under `mkdocs serve`: placeholder PDFs).

    CPU time, not wall time: it does not change with what else the machine is doing.
    """
    files = sorted([*project.glob("guidance/**/*.yml"), *project.glob("checklists/*.yml")])
    source = SOURCE if SOURCE.is_file() else None
    loads, validates, renders = [], [], []
    for _ in range(repeats):
        started = time.process_time()
        for path in files:
            load_document(path)
        loaded = time.process_time()
        guidance = load_guidance(project, source)
        validated = time.process_time()
        pages = assemble(guidance, Settings(skip_pdf_reason="not timed")).pages()
        rendered = time.process_time()
        loads.append(loaded - started)
        validates.append((validated - loaded) - (loaded - started))  # load_guidance loads again
        renders.append(rendered - validated)
    return {"load": median(loads), "validate": median(validates), "render": median(renders), "files": len(files), "pages": len(pages)}


def hooks_in_build(project: Path) -> tuple[float, dict[str, float]]:
    """Build in this process with every hook function timed; return (total, per hook event)."""
    os.environ.update({**base_env(), SKIP_PDF_ENV: "1"})
    cwd = os.getcwd()
    os.chdir(project)
    out = tempfile.mkdtemp(prefix="psg-bench-site-")
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=out)
        modules = {module.__dict__.get("__file__"): name for name, module in (config.hooks or {}).items()}
        spent: dict[str, float] = {}

        def timed(fn: Callable, label: str) -> Callable:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return fn(*args, **kwargs)
                finally:
                    spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

            return wrapper

        for event, methods in config.plugins.events.items():
            for index, method in enumerate(methods):
                source = getattr(method, "__globals__", {}).get("__file__")
                if source in modules:
                    methods[index] = timed(method, f"{Path(source).stem}.on_{event}")
        config.plugins.on_startup(command="build", dirty=False)
        started = time.perf_counter()
        build(config)
        total = time.perf_counter() - started
        config.plugins.on_shutdown()
        return total, spent
    finally:
        os.chdir(cwd)
        shutil.rmtree(out, ignore_errors=True)


def hostile_inputs(work: Path) -> tuple[Run, Run]:
    """Time `psg check` on the content plus an alias bomb, and plus a 10 MB file."""
    runs = []
    bomb = ['lol0: &l0 "lol"'] + [f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 10)]
    line = b"  All work and no play makes a very long content file, line after line after line.\n"
    big = b"id: ten-megabytes\ndescription: >-\n" + line * (10 * 1024 * 1024 // len(line) + 1)
    for name, data in (("alias-bomb", ("\n".join(bomb) + "\n").encode()), ("ten-megabytes", big)):
        root = work / name
        for folder in ("guidance", "checklists"):
            shutil.copytree(ROOT / folder, root / folder)
        (root / "guidance" / "themes" / f"{name}.yml").write_bytes(data)
        result = run([PY, "-m", "psg", "--root", str(root), "check"], ROOT, base_env(), timeout=60)
        if result.status != 1 or name not in result.output:
            raise SystemExit(f"psg check did not refuse the {name} file:\n{result.output[-2000:]}")
        runs.append(result)
    return runs[0], runs[1]


# -------------------------------------------------------------------------------------
# 4. Reload under mkdocs serve
# -------------------------------------------------------------------------------------


def reload_times(project: Path, edits: int) -> tuple[list[tuple[float, float]], float]:
    """Edit a challenge's title `edits` times; return (save → detected, save → served) each, and peak MiB."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [PY, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(cmd, cwd=project, env={**os.environ, **base_env()}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []

    def read() -> None:
        for line in proc.stdout:
            lines.append((time.perf_counter(), line))

    threading.Thread(target=read, daemon=True).start()
    url = f"http://127.0.0.1:{port}/challenges/triggering/"
    path = project / "guidance/challenges/triggering.yml"
    original = path.read_text(encoding="utf-8")
    results = []
    try:
        _wait(lambda: any("Serving on" in text for _, text in lines), 600, "mkdocs serve did not start")
        for n in range(1, edits + 1):
            title = f"Triggering (bench edit {n})"
            saved = time.perf_counter()
            path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", original, count=1), encoding="utf-8")
            _wait(lambda: title in _get(url), 120, "the edit never showed")
            served = time.perf_counter()
            detected = next((at for at, text in list(lines) if at >= saved and "Detected file changes" in text), served)
            results.append((detected - saved, served - saved))
            time.sleep(0.5)
    finally:
        path.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            _, _, usage = os.wait4(proc.pid, 0)
            peak = usage.ru_maxrss / 1024
        except ChildProcessError:
            peak = float("nan")
        proc.returncode = 0
    return results, peak


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return ""


def _wait(condition: Callable[[], bool], timeout: float, message: str) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise SystemExit(message)


# -------------------------------------------------------------------------------------
# 5. First view and search index
# -------------------------------------------------------------------------------------


@dataclass
class FirstView:
    html: int = 0
    material: int = 0
    ours: int = 0
    ours_files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + self.material + self.ours


def first_views(site: Path) -> dict[str, FirstView]:
    """Gzipped bytes each page needs at first view: its HTML, and the CSS and JS it links.

    Material's own assets are `assets/stylesheets/` and `assets/javascripts/` (the search
    worker included: Material loads it at once); everything else linked is ours.
    """
    sizes: dict[Path, int] = {}

    def size(path: Path) -> int:
        if path not in sizes:
            sizes[path] = gz(path.read_bytes()) if path.is_file() else 0
        return sizes[path]

    views = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        view = FirstView(html=size(page))
        assets = [link["href"] for link in soup.select("link[rel~=stylesheet][href]")]
        assets += [script["src"] for script in soup.select("script[src]")]
        config = soup.select_one("#__config")
        if config is not None and '"search"' in config.text:
            match = re.search(r'"search":\s*"([^"]+)"', config.text)
            if match:
                assets.append(match.group(1))
        for href in assets:
            if re.match(r"^[a-z]+:|^//", href):
                continue
            target = (page.parent / href.split("?")[0].split("#")[0]).resolve()
            asset = target.relative_to(site.resolve()).as_posix()
            if asset.startswith(("assets/stylesheets/", "assets/javascripts/")):
                view.material += size(target)
            else:
                view.ours += size(target)
                view.ours_files.append(asset)
        views[rel] = view
    return views


def search_budgets(site: Path) -> list[tuple[str, str, str, str]]:
    """Search's two budgets (issue 15), as table rows (measure, value, budget, result).

    - Size: `search/search_index.json` without the maintainers' pages (`maintaining/`),
      written as Material writes it, plus `search/vocabulary.js`, each gzipped.
    - Speed: in Chromium, on the served site, once the index has loaded: each query of
      `SEARCH_TYPOS` is typed into the search box up to its last letter, and the time is
      taken from that last key press to the first frame that shows the corrected results
      and the "Showing results for" notice. The first query may still be waiting for
      the vocabulary (loaded when the search box is focused), so it is reported apart.
      Each correction is then typed as it should be spelt, and timed the same way: that
      is Material's own search time, for comparison on a busy machine.

    Args:
        site: A built site (directory URLs).
    """
    data = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    reader_docs = [d for d in data["docs"] if not d["location"].startswith("maintaining/")]
    index = json.dumps({**data, "docs": reader_docs}, separators=(",", ":")).encode("utf-8")
    vocabulary = (site / "search" / "vocabulary.js").read_bytes()
    total = gz(index) + gz(vocabulary)
    dropped = len(data["docs"]) - len(reader_docs)
    corrected, plain = _search_times(site)
    typical = median(corrected)
    return [
        (
            "search: index (maintainers' pages out) + vocabulary, gzipped",
            f"{kib(gz(index))} + {kib(gz(vocabulary))} = {kib(total)} ({dropped} maintainers' entries left out of {len(data['docs'])})",
            f"< {kib(SEARCH_BYTES_BUDGET)}",
            verdict(total < SEARCH_BYTES_BUDGET),
        ),
        (
            "search: last keystroke → corrected results shown (median; first query; slowest)",
            f"{typical:.0f} ms; {corrected[0]:.0f} ms; {max(corrected):.0f} ms ({len(corrected)} queries)",
            f"≤ {SEARCH_MS_BUDGET} ms",
            verdict(typical <= SEARCH_MS_BUDGET),
        ),
        ("search: the same words spelt right (Material's own time; median; slowest)", f"{median(plain):.0f} ms; {max(plain):.0f} ms", "", ""),
    ]


#: Run in the page before the last key press. `window.__psgTiming` then resolves to the
#: milliseconds from that key press to the first frame showing results whose notice says
#: `corrected` (or, with `corrected` null, results with no notice).
_TIME_RESULTS = """(corrected) => { window.__psgTiming = new Promise((resolve) => {
    const results = document.querySelector('[data-md-component="search-result"]');
    let pressed = null;
    window.addEventListener("keydown", () => { pressed = performance.now(); }, {capture: true, once: true});
    const shown = () => {
        const notice = results.querySelector(".psg-search-notice");
        const said = notice ? notice.textContent.trim() : "";
        const noted = corrected === null ? said === "" : said !== "" && said.includes(corrected);
        return pressed !== null && noted && results.querySelector(".md-search-result__item");
    };
    const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.now() - pressed));
    });
    observer.observe(results, {childList: true, subtree: true, characterData: true, attributes: true});
}); }"""


def _search_times(site: Path) -> tuple[list[float], list[float]]:
    """Milliseconds from the last key press to the results: each typo, then its correction."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    corrected: list[float] = []
    plain: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            box = page.locator("input.md-search__input")
            box.click()
            page.wait_for_function("() => !/initializ/i.test(document.querySelector('.md-search-result__meta').textContent)")
            for typo in SEARCH_TYPOS:
                # Asking for the first correction beforehand would load the vocabulary early.
                fixed = page.evaluate("q => psgSearch.ready().then(() => psgSearch.correct(q).query)", typo) if corrected else ""
                for query, words, times in ((typo, fixed, corrected), (None, None, plain)):
                    query = query or page.evaluate("q => psgSearch.ready().then(() => psgSearch.correct(q).query)", typo)
                    box.fill(query[:-1])
                    page.evaluate(_TIME_RESULTS, words)
                    box.press(query[-1])
                    times.append(page.evaluate("window.__psgTiming"))
                    page.wait_for_timeout(200)
            browser.close()
    finally:
        server.shutdown()
    return corrected, plain


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


# -------------------------------------------------------------------------------------
# 6. Synthetic content, 10× and 100×
# -------------------------------------------------------------------------------------


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when PyYAML has it


class _NoAliases(_BaseDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def multiply(project: Path, factor: int) -> int:
    """Add `factor - 1` renamed copies of every challenge, strategy and checklist.

    Quotes are copied verbatim (so the quote check still finds them in the briefing) and
    each copied checklist uses the copied strategies, so every check still passes.
    """
    kinds: dict[str, list[tuple[Path, dict[str, Any]]]] = {"challenges": [], "strategies": [], "checklists": []}
    for folder in kinds:
        base = project / ("checklists" if folder == "checklists" else f"guidance/{folder}")
        for path in sorted(base.glob("*.yml")):
            document = load_document(path)[0]
            assert document is not None, path
            kinds[folder].append((base, document.data))
    items = {d["id"] for docs in kinds.values() for _, d in docs}
    written = 0
    for k in range(1, factor):
        suffix = f"-x{k}"
        for folder, docs in kinds.items():
            for base, original in docs:
                data = _renamed_copy(original, k, suffix, items, checklist=folder == "checklists")
                (base / f"{data['id']}.yml").write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
                written += 1
    return written


def _renamed_copy(original: dict[str, Any], k: int, suffix: str, items: set[str], *, checklist: bool) -> dict[str, Any]:
    """The `k`th copy of a content file: its id, its quotes' ids and its links to items renamed."""

    def rename(value: str) -> str:
        return value + suffix if value in items else value

    data = copy.deepcopy(original)
    _rename_unique_ids(data, suffix)
    data["id"] += suffix
    data["order"] = data["order"] + 1000 * k
    data["title"] = f"{data['title']} {k}"
    if checklist:
        _rename_checklist_items(data, suffix, rename)
    else:
        _rename_item_links(data, suffix, rename)
    return data


def _rename_unique_ids(node: Any, suffix: str) -> None:
    """Rename what must be unique across the content in a copy: its perspectives' and site
    notes' ids, and the links to its perspectives; drop its safeguarding duties (the site
    allows only a few)."""
    if isinstance(node, list):
        for value in node:
            _rename_unique_ids(value, suffix)
        return
    if not isinstance(node, dict):
        return
    node.pop("safeguarding_duty", None)
    for key in ("perspectives", "site_notes"):
        for entry in node.get(key, []):
            entry["id"] += suffix
    for entry in node.get("basis", []):
        if isinstance(entry, dict) and isinstance(entry.get("perspective"), str):
            entry["perspective"] += suffix
    for value in node.values():
        _rename_unique_ids(value, suffix)


def _rename_checklist_items(data: dict[str, Any], suffix: str, rename: Callable[[str], str]) -> None:
    for section in data["sections"]:
        for entry in section["items"]:
            entry["id"] += suffix
            source = entry["from"]
            for key in ("strategy", "challenge"):
                if source.get(key):
                    source[key] = rename(source[key])


def _rename_item_links(data: dict[str, Any], suffix: str, rename: Callable[[str], str]) -> None:
    for key in ("addresses", "related"):
        if key in data:
            data[key] = [rename(v) for v in data[key]]
    if data.get("no_strategy"):
        data["no_strategy"]["see"] = [rename(v) for v in data["no_strategy"]["see"]]
    for holder in [data, *data.get("subpoints", [])]:
        for quote in [*holder.get("evidence", []), *holder.get("literature", [])]:
            quote["id"] += suffix
        for perspective in holder.get("perspectives", []):
            for position in perspective["positions"]:
                position["quotes"] = [q + suffix for q in position.get("quotes", [])]


# -------------------------------------------------------------------------------------
# Report
# -------------------------------------------------------------------------------------


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, value: str, budget: str = "", verdict: str = "") -> None:
        self.rows.append((name, value, budget, verdict))
        print(f"  {name}: {value}" + (f"  [{verdict}, budget {budget}]" if budget else ""), flush=True)

    def print(self) -> None:
        widths = [max(len(row[i]) for row in [("Measure", "Value", "Budget", "Result"), *self.rows]) for i in range(4)]
        line = "  ".join("{:<%d}" % w for w in widths)
        print()
        print(line.format("Measure", "Value", "Budget", "Result"))
        print(line.format(*("-" * w for w in widths)))
        for row in self.rows:
            print(line.format(*row))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# -------------------------------------------------------------------------------------
# The steps, in order
# -------------------------------------------------------------------------------------


@dataclass
class Bench:
    """One benchmark run: its options, its table of results, and what later steps reuse."""

    args: argparse.Namespace
    table: Table
    work: Path
    project: Path
    full_cpu: float = float("nan")  # CPU seconds of a build with the hooks on, from step 2
    split: dict[str, float] = field(default_factory=dict)  # the hooks' own time, from step 3


def step_make_build(bench: Bench) -> None:
    """`make build`, cold and warm, without and with the PDFs."""
    project, runs, table = bench.project, bench.args.runs, bench.table
    cold = make_build(project, pdf=False, cold=True)
    warm = [make_build(project, pdf=False, cold=False) for _ in range(runs)]
    with_pdf = []
    for _ in range(max(1, runs // 2)):
        shutil.rmtree(project / ".cache" / "pdf", ignore_errors=True)  # every PDF made
        with_pdf.append(make_build(project, pdf=True, cold=False))
    warm_s, warm_cpu = median([r.seconds for r in warm]), median([r.cpu for r in warm])
    pdf_s, pdf_cpu = median([r.seconds for r in with_pdf]), median([r.cpu for r in with_pdf])
    table.add("make build, cold (no site/, no bytecode; PDFs skipped)", f"{cold.seconds:.2f} s wall, {cold.cpu:.2f} s CPU")
    table.add("make build, warm (PDFs skipped)", f"{warm_s:.2f} s wall, {warm_cpu:.2f} s CPU")
    table.add("make build, warm, with checklist PDFs (PDF cache emptied)", f"{pdf_s:.2f} s wall, {pdf_cpu:.2f} s CPU")
    table.add("  of which PDF generation (reported apart)", f"{pdf_s - warm_s:.2f} s wall, {pdf_cpu - warm_cpu:.2f} s CPU")
    table.add("peak memory, make build (PDFs skipped / with PDFs)", f"{max(r.peak_mib for r in warm):.0f} MiB / {max(r.peak_mib for r in with_pdf):.0f} MiB")


def step_against_bare(bench: Bench) -> None:
    """A warm `make build` (PDFs from the cache, and skipped) against a bare Material
    build of the same pages and words: each timed `--runs` times, interleaved; medians."""
    project, table = bench.project, bench.table
    make_build(project, pdf=True, cold=False)  # warm: bytecode, templates and the PDF cache
    bare = write_bare_material(project, bench.work / "bare", project / "site")
    out = bench.work / "bare-site"
    first = run([PY, "-m", "mkdocs", "build", "-q", "-d", str(out)], bare, {})
    if first.status != 0:
        raise SystemExit(f"the bare Material build failed:\n{first.output[-4000:]}")
    ours_pages, ours_words = site_words(project / "site")
    bare_pages, bare_words = site_words(out)
    table.add("bare Material site: pages / words (ours)", f"{bare_pages} / {bare_words} ({ours_pages} / {ours_words})")
    timings: dict[str, list[Run]] = {"pdf": [], "nopdf": [], "bare": []}
    loads = []
    for _ in range(max(3, bench.args.runs)):  # interleaved, so that a busy moment hits each
        loads.append(os.getloadavg()[0])
        timings["pdf"].append(make_build(project, pdf=True, cold=False))
        timings["nopdf"].append(make_build(project, pdf=False, cold=False))
        timings["bare"].append(run([PY, "-m", "mkdocs", "build", "-q", "-d", str(out)], bare, {}))
    seconds = {name: median([r.seconds for r in runs]) for name, runs in timings.items()}
    load = f"load average {min(loads):.1f}-{max(loads):.1f}"
    table.add("bare Material build (median)", f"{seconds['bare']:.2f} s wall ({load})")
    table.add("make build, warm, PDFs from the cache (median)", f"{seconds['pdf']:.2f} s wall")
    table.add("make build, warm, PDFs skipped (median)", f"{seconds['nopdf']:.2f} s wall")
    ratio = seconds["pdf"] / seconds["bare"]
    table.add("warm make build / bare Material, PDFs included", f"{ratio:.2f}×", f"≤ {WARM_RATIO_BUDGET:.1f}×", verdict(ratio <= WARM_RATIO_BUDGET))
    table.add("warm make build / bare Material, PDFs skipped", f"{seconds['nopdf'] / seconds['bare']:.2f}×")
    cpu = {name: median([r.cpu for r in runs]) for name, runs in timings.items()}
    table.add(
        "warm make build against bare Material, CPU time (less changed by a busy machine)",
        f"bare {cpu['bare']:.1f} s; ours {cpu['pdf']:.1f} s with PDFs ({cpu['pdf'] / cpu['bare']:.2f}×), {cpu['nopdf']:.1f} s without ({cpu['nopdf'] / cpu['bare']:.2f}×)",
    )


def step_hooks_on_and_off(bench: Bench) -> None:
    """The same Markdown built with the hooks on and off: the hooks' overhead."""
    project, table = bench.project, bench.table
    bare_config = write_bare_project(project)
    full, bare = [], []
    for _ in range(max(5, bench.args.runs)):  # interleaved, so that a busy moment hits both
        full.append(mkdocs_build(project))
        bare.append(mkdocs_build(project, bare_config.name))
    for r in (*full, *bare):
        if r.status != 0:
            raise SystemExit(f"a build failed:\n{r.output[-4000:]}")
    full_s, bare_s = median([r.seconds for r in full]), median([r.seconds for r in bare])
    full_cpu, bare_cpu = median([r.cpu for r in full]), median([r.cpu for r in bare])
    overhead = (full_cpu - bare_cpu) / bare_cpu
    least = (min(r.cpu for r in full) - min(r.cpu for r in bare)) / min(r.cpu for r in bare)
    table.add("mkdocs build, hooks on (PDFs skipped)", f"{full_s:.2f} s wall, {full_cpu:.2f} s CPU")
    table.add("mkdocs build, hooks off (the same Markdown)", f"{bare_s:.2f} s wall, {bare_cpu:.2f} s CPU")
    table.add(
        "hooks overhead (CPU; wall in brackets)",
        f"{overhead:+.0%} ({full_cpu - bare_cpu:+.2f} s CPU; fastest runs {least:+.0%}; wall {(full_s - bare_s) / bare_s:+.0%})",
        f"≤ {HOOKS_OVERHEAD_BUDGET:.0%}",
        verdict(overhead <= HOOKS_OVERHEAD_BUDGET),
    )
    table.add("peak memory, hooks on / off", f"{max(r.peak_mib for r in full):.0f} MiB / {max(r.peak_mib for r in bare):.0f} MiB")
    bench.full_cpu = full_cpu


def step_hooks_own_time(bench: Bench) -> None:
    """The hooks' own time: load, validate, render; each hook event in a real build; hostile inputs."""
    table = bench.table
    split = hook_split(bench.project, max(3, bench.args.runs))
    table.add("hooks: load (YAML → documents)", f"{split['load'] * 1000:.0f} ms ({split['files']} files)")
    table.add("hooks: validate (schemas, cross-checks, quotes)", f"{split['validate'] * 1000:.0f} ms")
    table.add("hooks: render (pages, markers, glossary, data files)", f"{split['render'] * 1000:.0f} ms ({split['pages']} pages)")
    in_build_total, spent = hooks_in_build(bench.project)
    for label, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        table.add(f"  in a real build: {label}", f"{seconds * 1000:.0f} ms")
    table.add("  in a real build: all hooks / whole build", f"{sum(spent.values()):.2f} s / {in_build_total:.2f} s (in one process, first build)")
    bomb, big = hostile_inputs(bench.work / "hostile")
    table.add("alias bomb (10^9 strings if expanded): psg check refuses it in", f"{bomb.seconds:.2f} s wall, peak {bomb.peak_mib:.0f} MiB")
    table.add("10 MB content file: psg check refuses it in", f"{big.seconds:.2f} s wall, peak {big.peak_mib:.0f} MiB")
    bench.split = split


def step_reload(bench: Bench) -> None:
    """Save → page served under `mkdocs serve`."""
    reloads, serve_peak = reload_times(bench.project, max(5, bench.args.runs))
    best = min(total for _, total in reloads)
    mid = median([total for _, total in reloads])
    detect = median([d for d, _ in reloads])
    bench.table.add("reload: save → change detected (median)", f"{detect:.2f} s")
    bench.table.add("reload: save → changed page served (median / best)", f"{mid:.2f} s / {best:.2f} s", f"≤ {RELOAD_BUDGET:.0f} s", verdict(mid <= RELOAD_BUDGET))
    bench.table.add("peak memory, mkdocs serve", f"{serve_peak:.0f} MiB")


def step_first_view(bench: Bench) -> None:
    """What each page needs at first view, and the search index."""
    table = bench.table
    site = bench.project / "site"
    make_build(bench.project, pdf=False, cold=False)
    views = first_views(site)
    for rel in SAMPLE_PAGES:
        if rel in views:
            v = views[rel]
            table.add(f"first view {rel}", f"HTML {kib(v.html)} + Material {kib(v.material)} + ours {kib(v.ours)} = {kib(v.total)}")
    worst = max(views.values(), key=lambda v: v.ours)
    table.add("first view, ours (max over pages)", f"{kib(worst.ours)} ({', '.join(sorted(set(worst.ours_files)))})", f"≤ {kib(OURS_BUDGET)}", verdict(worst.ours <= OURS_BUDGET))
    table.add("first view, HTML (median / max over pages)", f"{kib(median([v.html for v in views.values()]))} / {kib(max(v.html for v in views.values()))}")
    table.add("first view, total (median / max over pages)", f"{kib(median([v.total for v in views.values()]))} / {kib(max(v.total for v in views.values()))}")
    raw = (site / "search" / "search_index.json").read_bytes()
    table.add("search index (raw / gzipped; Material fetches it at first view)", f"{kib(len(raw))} / {kib(gz(raw))}")
    for row in search_budgets(site):
        table.add(*row)


def step_scaled(bench: Bench) -> None:
    """The hooks and the build with the content multiplied."""
    if not bench.split:  # run without the steps that measure the 1× site
        bench.split = hook_split(bench.project, 1)
        bench.full_cpu = mkdocs_build(bench.project).cpu
    split, full_cpu = bench.split, bench.full_cpu
    base_hooks = sum(split[k] for k in ("load", "validate", "render"))
    bench.table.add("1×: hooks (load+validate+render, CPU) / build (CPU)", f"{base_hooks:.2f} s / {full_cpu:.2f} s ({split['pages']} generated pages)")
    for factor in [int(s) for s in bench.args.scales.split(",") if s.strip()]:
        scaled = copy_project(bench.work / f"x{factor}")
        added = multiply(scaled, factor)
        s = hook_split(scaled, 1)
        hooks_s = s["load"] + s["validate"] + s["render"]
        bench.table.add(
            f"{factor}×: hooks load / validate / render (CPU)",
            f"{s['load']:.2f} / {s['validate']:.2f} / {s['render']:.2f} s = {hooks_s:.2f} s, {hooks_s / base_hooks:.0f}× the 1× cost ({added} files added)",
        )
        bench.table.add(f"{factor}×: total build (PDFs skipped)", _scaled_build(scaled, "mkdocs.yml", bench))
        bench.table.add(f"{factor}×: total build with navigation.prune", _scaled_build(scaled, write_pruned_config(scaled).name, bench))
        if not bench.args.keep:
            shutil.rmtree(scaled, ignore_errors=True)


def _scaled_build(project: Path, config: str, bench: Bench) -> str:
    limit = bench.args.max_build
    sizes: list[str] = []
    result = mkdocs_build(project, config, timeout=limit, inspect=lambda site: sizes.append(_page_sizes(site)))
    if result.status == 0:
        return (
            f"{result.seconds:.0f} s wall, {result.cpu:.0f} s CPU ({result.cpu / bench.full_cpu:.0f}× the 1× build), {result.peak_mib:.0f} MiB, "
            f"load average {os.getloadavg()[0]:.1f}; {sizes[0]}"
        )
    if result.status == -1:
        return f"> {limit:.0f} s wall (stopped)"
    return f"failed: {result.output.strip().splitlines()[-1][:120]}"


def _page_sizes(site: Path) -> str:
    """The HTML pages' size (median and largest, raw and gzipped) and the site's size on disk."""
    pages = [path for path in site.rglob("*.html") if path.name != "404.html"]
    raw = [path.stat().st_size for path in pages]
    sample = sorted(pages)[:: max(1, len(pages) // 60)]  # gzip a sample: 7,500 pages take long
    zipped = [gz(path.read_bytes()) for path in sample]
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return (
        f"{len(pages)} pages, HTML median {kib(median(raw))} (gzipped {kib(median(zipped))}), "
        f"largest {kib(max(raw))}; site {total / 1024 / 1024:.0f} MiB"
    )


#: The steps, in order, each with the heading it prints.
STEPS: tuple[tuple[str, Callable[[Bench], None]], ...] = (
    ("make build", step_make_build),
    ("warm make build against bare Material", step_against_bare),
    ("hooks on and off", step_hooks_on_and_off),
    ("the hooks' own time", step_hooks_own_time),
    ("reload under mkdocs serve", step_reload),
    ("first view and search index", step_first_view),
    ("content multiplied", step_scaled),
)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if not SOURCE.is_file():
        print(f"notice: the briefing's text is missing at {SOURCE}; the quote check is not timed")
    work = Path(tempfile.mkdtemp(prefix="psg-bench-"))
    print(f"Benchmarking in {work} ({os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})", flush=True)
    total = len(STEPS) + 1
    try:
        bench = Bench(args, Table(), work, copy_project(work / "project"))
        chosen = _chosen_steps(args.steps)
        for number, (heading, step) in enumerate(STEPS, start=1):
            if step.__name__ not in chosen:
                continue
            print(f"\n[{number}/{total}] {heading}", flush=True)
            step(bench)
        print(f"\n[{total}/{total}] done", flush=True)
        bench.table.print()
        print(
            "\nNotes: times are medians of several runs on this machine, whose load changes them; "
            f"gzip level {GZIP_LEVEL}; 'ours' counts the CSS and JS this project adds to every page, "
            "Material's counts assets/stylesheets and assets/javascripts (its search worker included)."
        )
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def _chosen_steps(names: str) -> set[str]:
    """The step functions `--steps` names (`make_build,against_bare`; empty for all)."""
    known = {step.__name__.removeprefix("step_") for _, step in STEPS}
    wanted = {name.strip() for name in names.split(",") if name.strip()} or known
    if wanted - known:
        raise SystemExit(f"unknown steps {sorted(wanted - known)}; choose from {sorted(known)}")
    return {f"step_{name}" for name in wanted}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="repeats for each timing (median reported)")
    parser.add_argument("--scales", default="10,100", help="content multipliers, comma-separated ('' for none)")
    parser.add_argument("--max-build", type=float, default=1800, help="give up on one scaled build after this many seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--steps", default="", help="run only these steps, comma-separated (e.g. against_bare,reload); all by default")
    return parser.parse_args(argv)


if __name__ == "__main__":
    raise SystemExit(main())
