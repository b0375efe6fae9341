"""Markup safety: raw HTML in content is refused, and what is let through never runs.

Content may come from partner organisations. `psg check` refuses raw HTML, event-handler
attributes and script links in any YAML text, also when they are written with character
references (`&lt;script&gt;`, `java&#115;cript:`): Markdown keeps those, the browser
decodes them, and Material's tooltips then render a `title` attribute (such as a glossary
definition) as HTML. What it lets through (`5 < 6`, ampersands, quotation marks, the
words "javascript" or "onerror") must reach the reader as inert text: the browser test
builds a site full of such text and proves in Chromium that none of it runs, when the
page loads, when a tooltip opens, or when the reader searches for it.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

from _project import copy_content, copy_project, env, reported, run_check
from psg.loader import load_document

#: xdist: these tests share one build of hostile content, served once, so they run on one worker.
pytestmark = pytest.mark.xdist_group("markup_safety")

THEME = """\
id: probe
order: 9
title: {title}
summary: {summary}
description: {description}
source:
  section: "Research findings"
  lines: [1, 2]
last_reviewed: 2026-11-26
"""

# -------------------------------------------------------------------------------------
# Refused by `psg check`
# -------------------------------------------------------------------------------------

REFUSED = {
    "script-tag": "Read this <script>alert(1)</script>",
    "script-tag-spaced": "Read this < script >alert(1)",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "bare-event-handler": "a paragraph {: onclick=alert(1) }",
    "event-handler-spaced": "a link onmouseover = alert(1)",
    "javascript-link": "[read more](javascript:alert(1))",
    "javascript-mixed-case": "[read more](JaVaScRiPt :alert(1))",
    "data-link": "[read more](data:text/html;base64,PHNjcmlwdD4=)",
    "html-comment": "hidden <!-- comment -->",
    "closing-tag": "text</p><p>",
    # Markdown decodes these into a live `javascript:` address; browsers drop the tab.
    "entity-link": "[read more](java&#115;cript:alert(1))",
    "hex-entity-link": "[read more](&#x6A;avascript:alert(1))",
    "named-entity-link": "[read more](javascript&colon;alert(1))",
    "tab-entity-link": "[read more](jav&#x09;ascript:alert(1))",
    "backslash-link": "[read more](javascript\\:alert(1))",
    "reference-link": "[read more][r]\n\n[r]: java&#115;cript:alert(1)",
    "data-reference-link": "[read more][r]\n\n[r]: data:text/html;base64,PHNjcmlwdD4=",
    # Escaped markup: inert in a text node, live in a tooltip (Material renders titles as HTML).
    "entity-script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "numeric-entity-img": "&#60;img src=x onerror&#61;alert(1)&#62;",
    "entity-without-semicolon": "&#60img src=x",
    "double-escaped": "&amp;lt;script&amp;gt;alert(1)",
    "entity-event-handler": "a word onerror&#61;alert(1)",
}


FIELDS = ("title", "summary", "description")  # Text and Prose fields, in turn


@pytest.mark.parametrize(
    "payload, field", [(text, FIELDS[n % len(FIELDS)]) for n, text in enumerate(REFUSED.values())], ids=list(REFUSED)
)
def test_raw_html_event_handlers_and_script_links_are_refused(tmp_path: Path, payload: str, field: str) -> None:
    values = {"title": "A probe", "summary": "A probe.", "description": "A probe."}
    values[field] = yaml.safe_dump(payload, default_style='"').strip()
    root = copy_content(tmp_path / "project")
    (root / "guidance/themes/probe.yml").write_text(THEME.format(**values), encoding="utf-8")

    result = run_check(root)

    assert result.returncode == 1, result.stdout
    errors = [e for e in reported(result.stderr) if e.file == "guidance/themes/probe.yml"]
    assert [(e.field, e.found.startswith("markup")) for e in errors] == [(field, True)], result.stderr


def test_markup_is_refused_in_nested_text_such_as_a_quote(tmp_path: Path) -> None:
    root = copy_content(tmp_path / "project")
    rel = "guidance/challenges/triggering.yml"
    data = load_document(root / rel)[0].data
    data["evidence"][0]["text"] += ' <a href="javascript:alert(1)">more</a>'
    (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = run_check(root)

    assert result.returncode == 1
    assert any(e.file == rel and e.field == "evidence[0].text" and e.found.startswith("markup") for e in reported(result.stderr))


# -------------------------------------------------------------------------------------
# Let through, and inert in the browser
# -------------------------------------------------------------------------------------

FLAG = "__psgInjected"
#: Text that passes `psg check` and looks like markup to a careless renderer.
LOOKS_LIKE_MARKUP = f"5 < 6 and 7 > 3, a <3 b, Tom & Jerry's \"quote\", %3Cscript%3Ewindow.{FLAG}=1%3C/script%3E"
WORDS = f"javascript alert(1) and on error = window.{FLAG}=2 and onerror alone"
#: Markdown that makes `title` attributes, which Material's tooltips render as HTML.
TITLED = [
    "[a link with a title](https://example.org/ \"4 < 5 & 8 > 1\")",
    "A paragraph with attributes. {: title=\"2 < 3 & z\" data-psg=\"1\" }",
]


def _rewrite(path: Path, change: Any) -> None:
    data = load_document(path)[0].data
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site built from content full of escaped markup, served on loopback."""
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    theme = THEME.format(
        title=yaml.safe_dump(f"Probe {LOOKS_LIKE_MARKUP}", default_style='"').strip(),
        summary=yaml.safe_dump(f"Summary {WORDS}", default_style='"').strip(),
        description=yaml.safe_dump("\n\n".join([LOOKS_LIKE_MARKUP, WORDS, *TITLED]), default_style='"').strip(),
    )
    (root / "guidance/themes/probe.yml").write_text(theme, encoding="utf-8")

    def challenge(data: dict) -> None:
        data["summary"] += f" {LOOKS_LIKE_MARKUP}"
        data["description"] += "\n\n" + "\n\n".join(TITLED)
        data["actions"][0]["text"] += f" {WORDS}"
        data["site_notes"] = [{"id": "probe-note", "text": f"Note {LOOKS_LIKE_MARKUP}", "source": f"Source {LOOKS_LIKE_MARKUP}"}]
        data["keywords"] = [*data.get("keywords", []), LOOKS_LIKE_MARKUP]
        data["evidence"][0]["text"] += f" {LOOKS_LIKE_MARKUP}"  # the quote check is off: no briefing beside the copy
        data["evidence"][0]["content_note"] = f"Note {LOOKS_LIKE_MARKUP}"

    def checklist(data: dict) -> None:
        data["sections"][0]["items"][0]["text"] = "Check that 5 < 6 & 7 > 3 shows as written."
        data["site_notes"] = [{"id": "probe-checklist-note", "text": f"Note {LOOKS_LIKE_MARKUP}", "source": f"Source {LOOKS_LIKE_MARKUP}"}]

    def glossary(data: dict) -> None:
        data["terms"][0]["definition"] += f" {LOOKS_LIKE_MARKUP} {WORDS}"

    _rewrite(root / "guidance/challenges/triggering.yml", challenge)
    first_checklist = sorted((root / "checklists").glob("*.yml"))[0]
    _rewrite(first_checklist, checklist)
    _rewrite(root / "guidance/study/glossary.yml", glossary)

    quiet = {k: v for k, v in env().items() if k != "PSG_SOURCE"}  # no briefing beside the copy: no quote check
    check = subprocess.run([sys.executable, "-m", "psg", "--root", str(root), "check"], env=quiet, capture_output=True, text=True)
    assert check.returncode == 0, f"the hostile text should pass validation:\n{check.stderr}"
    site = root / "out"
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    result = subprocess.run(cmd, cwd=root, env={**quiet, "PSG_SKIP_PDF": "1"}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", first_checklist.stem
    finally:
        server.shutdown()
        server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


_INSPECT = """() => {
  const scope = [...document.querySelectorAll('.md-content, .md-tooltip2, .md-search-result, .md-nav')];
  const all = scope.flatMap(root => [root, ...root.querySelectorAll('*')]);
  const handlers = all.flatMap(el =>
    [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name));
  const scriptLinks = [...document.querySelectorAll('a[href]')]
    .filter(a => a.protocol === 'javascript:').map(a => a.getAttribute('href'));
  const injected = all.filter(el => ['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName))
    .map(el => el.outerHTML.slice(0, 120));
  const tooltips = [...document.querySelectorAll('.md-tooltip2__inner')].map(el => el.innerText);
  const content = document.querySelector('.md-content');
  return {flag: window.%s, handlers, scriptLinks, injected, tooltips, text: content ? content.innerText : ''};
}""" % FLAG


def _inspect(page: Any, where: str) -> dict:
    found = page.evaluate(_INSPECT)
    assert found["flag"] is None, f"injected script ran on {where}"
    assert (found["handlers"], found["scriptLinks"], found["injected"]) == ([], [], []), (where, found)
    return found


def test_text_that_looks_like_markup_never_runs_in_the_browser(hostile_site: tuple[str, str], page: Any) -> None:
    base, checklist = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tooltips: list[str] = []
    for path in ("themes/probe/", "challenges/triggering/", f"checklists/{checklist}/", "study/glossary/", "guidance/", ""):
        page.goto(base + path, wait_until="load")
        _inspect(page, path)
        for summary in page.locator(".md-content details > summary").all():
            summary.click()
        for titled in page.locator(".md-content a[title]:not(.headerlink), .md-content abbr, .md-content p[title]").all()[:40]:
            if titled.is_visible():
                titled.hover()
                tooltips += _inspect(page, f"{path} (tooltip)")["tooltips"]
        found = _inspect(page, path)
        if path in ("themes/probe/", "challenges/triggering/"):
            assert "5 < 6 and 7 > 3, a <3 b, Tom & Jerry" in found["text"], f"the text should show as written on {path}"
        if path in ("challenges/triggering/", f"checklists/{checklist}/"):  # in this site's notes too
            assert "Source 5 < 6 and 7 > 3, a <3 b, Tom & Jerry" in found["text"], f"a site note's source should show as written on {path}"
    assert any("5 < 6" in tip for tip in tooltips), "no tooltip showed the text as written"
    assert any("4 < 5 & 8 > 1" in tip for tip in tooltips), "the link title's tooltip was not checked"

    # The search index holds the same text: showing it in search results must not run it.
    page.goto(base + "themes/probe/", wait_until="load")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("probe")  # Material searches on key-up, not on fill
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(500)
    _inspect(page, "search results")
    assert dialogs == []


def test_serve_error_banner_escapes_what_it_quotes_and_is_replaced_then_removed() -> None:
    """Under `mkdocs serve`, content errors go in a banner; the messages quote the YAML, so they are escaped."""
    from psg.errors import ContentError, ContentErrors, mark_pages_with_errors

    page = '<!doctype html><html><head><title>t</title></head><body dir="ltr"><p>Page</p></body></html>'
    first = ContentErrors([ContentError("guidance/themes/x.yml", 3, 8, "title", "text '<script>alert(1)</script>'", "plain text")])
    shown = mark_pages_with_errors({"a": page}, first)["a"]
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert shown.index('<body dir="ltr">') < shown.index("psg-content-errors") < shown.index("<p>Page</p>")
    assert "guidance/themes/x.yml:3:8: title:" in shown

    second = ContentErrors([ContentError("guidance/themes/y.yml", 1, 1, "id", "no value", "an id")])
    again = mark_pages_with_errors({"a": shown}, second)["a"]
    assert again.count("psg-content-errors") == 1 and "x.yml" not in again and "y.yml:1:1: id:" in again

    assert mark_pages_with_errors({"a": again}, None) == {"a": page}
    assert mark_pages_with_errors({"a": page}, None) == {}  # unchanged pages are not rewritten
