"""Safety and privacy in Chromium: exit this page, content notes, signposting, no requests
to other hosts, no cookies, and what the site keeps in the browser.

The every-page test visits each page of the built site once, in one browser context. Every
request that is not to the site's own server is intercepted, so nothing leaves the
machine; the only one expected is the exit navigation, which the test starts itself.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Iterator

import jinja2
import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup

from conftest import PAGE_SHARDS, ROOT, built_pages, page_shard, shard_id

OVERRIDES = ROOT / "docs" / "overrides"
DEFAULT_EXIT_URL = "https://www.bbc.co.uk/weather"  # GOV.UK's default, and this template's
HIDDEN_CLASS = "psg-exit-hide-content"
NEUTRAL_PAGE = "<!doctype html><title>Weather</title><p>A neutral page.</p>"


def configured_exit_url() -> str:
    """`extra.exit_url` from mkdocs.yml: where exit this page goes."""
    found = re.search(r"^  exit_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found, "mkdocs.yml has no extra.exit_url"
    return found.group(1).strip("\"'")


EXIT_URL = configured_exit_url()


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------


class ExitTrap:
    """Intercept every request to another host, and record the exit navigations.

    Each exit navigation is cancelled (unless `land` is set), so the browser stays on this
    site's page exactly as it was when it asked for the neutral page: a test can then see
    whether the page had already been blanked. With `land`, the browser lands on a stand-in
    neutral page instead. Any other request to another host is refused.
    """

    def __init__(self, context: Any, own_origin: str, exit_url: str, *, land: bool = False) -> None:
        self.own_origin = own_origin
        self.exit_url = exit_url
        self.land = land
        self.requests: list[str] = []
        self.exits = 0
        context.on("request", lambda request: self.requests.append(request.url))
        context.route(lambda url: not url.startswith(own_origin), self._handle)

    def _handle(self, route: Any) -> None:
        if self.is_exit(route.request.url) and route.request.is_navigation_request():
            self.exits += 1
            if self.land:
                route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)
            else:
                route.abort("aborted")
        else:
            route.abort()

    def is_exit(self, url: str) -> bool:
        return url.rstrip("/") == self.exit_url.rstrip("/")

    def wait_for_exit(self, page: Any, exits_before: int = 0, timeout_ms: int = 5000) -> None:
        """Wait until the browser has asked for the exit page once more."""
        waited = 0
        while self.exits <= exits_before:
            assert waited < timeout_ms, "the browser never asked for the exit page"
            page.wait_for_timeout(20)
            waited += 20

    def foreign(self) -> list[str]:
        """Every request that was not to the site's own server, apart from exits."""
        return [u for u in self.requests if not u.startswith(self.own_origin) and not self.is_exit(u)]


def page_is_blank(page: Any) -> bool:
    """True when nothing of the site is shown: only the exit overlay."""
    return page.evaluate(
        """() => {
            if (!document.body.classList.contains('psg-exit-hide-content')) return false;
            const overlay = document.querySelector('.psg-exit-overlay');
            if (!overlay || overlay.getBoundingClientRect().height === 0) return false;
            return [...document.body.children].every(el => el === overlay || el.getClientRects().length === 0);
        }"""
    )


def install_paused_clock(page: Any, url: str) -> None:
    """Open `url` with a fake clock that moves only when the test moves it."""
    page.clock.install(time=0)
    page.goto(url)
    page.clock.pause_at(60_000)


def press_shift(page: Any, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")


def status_text(page: Any) -> str:
    return page.inner_text(".psg-exit__status")


@functools.lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed once for all the static tests."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def relative(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


@pytest.fixture()
def trapped(browser: Any, site_url: str) -> Iterator[tuple[Any, ExitTrap]]:
    """A fresh page whose requests to other hosts are all intercepted."""
    context = browser.new_context()
    trap = ExitTrap(context, site_url.rstrip("/"), EXIT_URL)
    page = context.new_page()
    yield page, trap
    context.close()


def render_partial(name: str, extra: dict[str, Any]) -> BeautifulSoup:
    """Render one of this site's template partials with a given `extra` config."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(OVERRIDES), autoescape=True)
    html = env.get_template(f"partials/{name}").render(config={"extra": extra})
    return BeautifulSoup(html, "html.parser")


# -------------------------------------------------------------------------------------
# Every page, in the browser
# -------------------------------------------------------------------------------------


@pytest.mark.parametrize("shard", range(PAGE_SHARDS), ids=shard_id)
def test_every_page_exit_control_requests_and_cookies(browser: Any, site_url: str, site_dir: Path, shard: int) -> None:
    """On every page: the exit control is there, print hides it, Shift pressed three times
    blanks the page before the browser leaves it, and no request goes to another host.
    The pages come in parts (`page_shard`), one context per part, for xdist to spread."""
    context = browser.new_context()
    trap = ExitTrap(context, site_url.rstrip("/"), EXIT_URL)
    page = context.new_page()
    pages = page_shard(site_dir, shard)
    problems: list[str] = []
    try:
        for rel in pages:
            page.goto(site_url + rel)
            control = page.locator(".psg-exit .psg-exit__button")
            if control.count() != 1 or not control.is_visible():
                problems.append(f"{rel}: no visible exit control")
                continue
            if control.get_attribute("href") != EXIT_URL or control.get_attribute("rel") != "nofollow noreferrer":
                problems.append(f"{rel}: exit link is {control.get_attribute('href')} rel={control.get_attribute('rel')}")
            if page.evaluate("document.cookie") != "":
                problems.append(f"{rel}: document.cookie is {page.evaluate('document.cookie')!r}")
            page.emulate_media(media="print")
            if page.locator(".psg-exit").is_visible():
                problems.append(f"{rel}: the exit control prints")
            page.emulate_media(media="screen")
            exits = trap.exits
            press_shift(page, 3)
            trap.wait_for_exit(page, exits)
            if not page_is_blank(page):
                problems.append(f"{rel}: the page was not blank when the browser asked for the exit page")
        cookies = context.cookies()
    finally:
        context.close()
    own = [u for u in trap.requests if u.startswith(site_url.rstrip("/"))]
    print(
        f"\n{len(pages)} pages: {len(trap.requests)} requests, {len(own)} to the site's own origin, "
        f"{trap.exits} exit navigations (intercepted), {len(trap.foreign())} to any other host"
    )
    assert not problems, "\n".join(problems)
    assert trap.exits == len(pages)
    assert trap.foreign() == [], f"requests to other hosts: {sorted(set(trap.foreign()))}"
    assert cookies == [], f"cookies were set: {cookies}"


# -------------------------------------------------------------------------------------
# Exit this page: the shortcut, in detail
# -------------------------------------------------------------------------------------


def test_shift_three_times_announces_the_count_then_exits(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    page.goto(site_url + "using-this-site/")
    assert status_text(page) == ""
    press_shift(page)
    assert status_text(page) == "Shift, press 2 more times to exit."
    assert page.locator(".psg-exit__light--on").count() == 1
    press_shift(page)
    assert status_text(page) == "Shift, press 1 more time to exit."
    assert page.locator(".psg-exit__light--on").count() == 2
    assert page.get_attribute(".psg-exit__status", "role") == "status"
    press_shift(page)
    trap.wait_for_exit(page)
    assert page_is_blank(page)
    assert page.get_attribute(".psg-exit-overlay", "role") == "alert"
    assert page.inner_text(".psg-exit-overlay") == "Loading."


def test_the_exit_replaces_the_page_in_the_tabs_history(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    _trap = ExitTrap(context, site_url.rstrip("/"), EXIT_URL, land=True)  # routes the exit to a stand-in page
    page = context.new_page()
    try:
        page.goto(site_url)
        page.click(".md-header__button.md-logo")  # a second page of the site in this tab
        page.goto(site_url + "privacy/")
        length = page.evaluate("history.length")
        press_shift(page, 3)
        page.wait_for_url(EXIT_URL.rstrip("/") + "*")
        assert page.evaluate("document.title") == "Weather"
        # location.replace: the neutral page takes the place of the page being read.
        assert page.evaluate("history.length") == length
        page.go_back()
        assert page.url != site_url + "privacy/"
    finally:
        context.close()


def test_each_press_may_come_up_to_five_seconds_after_the_last(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    install_paused_clock(page, site_url)
    press_shift(page)
    page.clock.run_for(4900)
    press_shift(page)
    page.clock.run_for(4900)
    press_shift(page)
    trap.wait_for_exit(page)
    assert page_is_blank(page)


def test_a_gap_of_more_than_five_seconds_resets_the_count(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    install_paused_clock(page, site_url)
    press_shift(page, 2)
    page.clock.run_for(5001)
    assert status_text(page) == "Exit this page expired."
    assert page.locator(".psg-exit__light--on").count() == 0
    press_shift(page)
    assert status_text(page) == "Shift, press 2 more times to exit."
    press_shift(page)
    page.wait_for_timeout(300)
    assert trap.exits == 0 and not page_is_blank(page)


@pytest.mark.parametrize("interruption", ["a", "Tab", "Shift+A"], ids=["letter", "tab", "shift-as-modifier"])
def test_another_key_or_shift_as_a_modifier_resets_the_count(
    trapped: tuple[Any, ExitTrap], site_url: str, interruption: str
) -> None:
    page, trap = trapped
    page.goto(site_url + "privacy/")
    page.focus("input.md-search__input")
    press_shift(page, 2)
    page.keyboard.press(interruption)
    assert status_text(page) == "Exit this page expired."
    press_shift(page, 2)
    assert status_text(page) == "Shift, press 1 more time to exit."
    page.wait_for_timeout(300)
    assert trap.exits == 0 and not page_is_blank(page)


def test_typing_capitals_never_exits(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    page.goto(site_url)
    page.focus("input.md-search__input")
    for letter in "SAFE":  # each capital typed with Shift held, as a person types it
        page.keyboard.press(f"Shift+Key{letter}")
    assert page.input_value("input.md-search__input") == "SAFE"
    page.wait_for_timeout(300)
    assert trap.exits == 0 and not page_is_blank(page)


def test_selecting_the_control_blanks_the_page_then_exits(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    page.goto(site_url + "strategies/support-and-self-care/")
    page.mouse.wheel(0, 3000)
    button = page.locator(".psg-exit__button")
    box = button.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    button.click()
    trap.wait_for_exit(page)
    assert page_is_blank(page)


def test_a_page_restored_with_the_back_button_is_not_left_blank(trapped: tuple[Any, ExitTrap], site_url: str) -> None:
    page, trap = trapped
    page.goto(site_url)
    page.evaluate("document.body.classList.add('psg-exit-hide-content')")
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert not page.evaluate("document.body.classList.contains('psg-exit-hide-content')")
    assert page.locator(".md-content").is_visible()


# -------------------------------------------------------------------------------------
# Exit this page and signposting: their templates and configuration
# -------------------------------------------------------------------------------------


def test_exit_url_comes_from_mkdocs_yml_with_a_weather_page_by_default() -> None:
    assert render_partial("psg-exit.html", {}).a["href"] == DEFAULT_EXIT_URL
    configured = render_partial("psg-exit.html", {"exit_url": "https://example.org/news"})
    assert configured.a["href"] == "https://example.org/news"
    assert configured.a["rel"] == ["nofollow", "noreferrer"]
    assert EXIT_URL.startswith("https://")


def test_signposting_is_generic_by_default() -> None:
    box = render_partial("psg-signpost.html", {"signposting": {"name": "", "contacts": []}})
    text = " ".join(box.get_text(" ", strip=True).split())
    assert box.h2.get_text(strip=True) == "If this raises concerns for you"
    assert "safeguarding lead" in text
    assert not re.search(r"\d", text), "the default wording must not invent a number"
    assert box.find("a") is None


def test_signposting_box_shows_the_list_it_is_given_or_points_to_the_page_list() -> None:
    """The list itself is rendered by psg (tests/test_signposting.py); the box shows it."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(OVERRIDES), autoescape=True)
    template = env.get_template("partials/psg-signpost.html")
    listed = BeautifulSoup(template.render(config={"extra": {}}, psg_signposting=Markup('<ul class="probe"><li>x</li></ul>')), "html.parser")
    assert listed.select_one("aside.psg-signpost ul.probe") is not None
    assert listed.aside["aria-labelledby"] == "psg-signpost-title psg-signpost-note"
    on_page = BeautifulSoup(
        template.render(config={"extra": {}}, psg_signposting=Markup("<ul class='probe'></ul>"), page={"meta": {"signposting": "on-page"}}),
        "html.parser",
    )
    assert on_page.select_one("ul.probe") is None
    assert [a["href"] for a in on_page.find_all("a")] == ["#support"]


def test_every_page_has_the_signposting_box(site_dir: Path) -> None:
    missing = []
    for path in built_pages(site_dir):
        soup = parsed(path)
        box = soup.select_one("aside.psg-signpost")
        if box is None or box.h2 is None or box.h2.get_text(strip=True) != "If this raises concerns for you":
            missing.append(relative(site_dir, path))
    assert not missing, f"pages without the signposting box: {missing}"


# -------------------------------------------------------------------------------------
# Content notes
# -------------------------------------------------------------------------------------


def test_content_notices_follow_the_model(site_dir: Path) -> None:
    """A note near the top of exactly the pages with a quote that has a content note."""
    from psg.pages import page_uri
    from psg.validate import find_source, load_guidance

    guidance = load_guidance(ROOT, find_source(ROOT))
    expected = {"index.html"}
    for place in guidance.quotes():
        if getattr(place.quote, "content_note", None) and place.item is not None:
            expected.add(page_uri(place.item).removesuffix(".md") + "/index.html")
    found = set()
    for path in built_pages(site_dir):
        soup = parsed(path)
        notice = soup.select_one("article .psg-content-notice")
        if notice is None:
            continue
        found.add(relative(site_dir, path))
        assert notice.get_text(" ", strip=True).startswith("Content note:")
        # Near the top: before the page's first second-level heading.
        first_h2 = soup.select_one("article h2")
        assert first_h2 is None or notice.sourceline < first_h2.sourceline, relative(site_dir, path)
    assert len(expected) > 5
    assert found == expected


def test_printing_opens_every_content_note_and_restores_it_afterwards(page: Any, site_url: str) -> None:
    page.goto(site_url + "challenges/confidante-and-safeguarding/")
    notes = page.locator("details.psg-content-note")
    assert notes.count() >= 2
    assert page.evaluate("[...document.querySelectorAll('details.psg-content-note')].every(d => !d.open)")
    quote = notes.first.locator("blockquote")
    assert not quote.is_visible()
    # Print styles alone show the quote (Chromium styles a disclosure's contents in print).
    page.emulate_media(media="print")
    assert quote.is_visible()
    page.emulate_media(media="screen")
    # And the print handlers open every disclosure, then close them again.
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.psg-content-note')].every(d => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.psg-content-note')].every(d => !d.open)")


def test_a_disclosure_the_reader_opened_stays_open_after_printing(page: Any, site_url: str) -> None:
    page.goto(site_url + "challenges/confidante-and-safeguarding/")
    page.locator("details.psg-content-note summary").first.click()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("[...document.querySelectorAll('details.psg-content-note')].map(d => d.open)")[:2] == [True, False]


# -------------------------------------------------------------------------------------
# Privacy: nothing from other hosts, and what is kept in the browser
# -------------------------------------------------------------------------------------

_LOADS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "link": "href",
}


def test_no_page_loads_anything_from_another_host(site_dir: Path) -> None:
    """Static check of the built HTML: what would load is all relative to the site."""
    problems = []
    for path in [*built_pages(site_dir), site_dir / "404.html"]:
        soup = parsed(path)
        for tag, attr in _LOADS.items():
            for element in soup.find_all(tag):
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "icon", "preload", "preconnect", "dns-prefetch", "modulepreload", "prefetch", "manifest"}:
                    continue
                value = element.get(attr) or ""
                if re.match(r"^([a-z]+:)?//", value, re.I):
                    problems.append(f"{relative(site_dir, path)}: <{tag} {attr}={value}>")
        # Material loads Mermaid from a CDN for diagrams, and asks GitHub's API for
        # repository facts: neither may appear.
        if soup.select(".mermaid") or soup.select(".md-source"):
            problems.append(f"{relative(site_dir, path)}: a Mermaid diagram or repository widget")
    assert not problems, "\n".join(problems)


def test_clear_everything_removes_only_this_sites_keys(page: Any, site_url: str) -> None:
    page.goto(site_url + "privacy/")
    page.evaluate(
        """() => {
            localStorage.setItem('psg-answers:before-you-start:bys-1', '{"status":"in-place"}');
            sessionStorage.setItem('psg-something', '1');
            localStorage.setItem('another-site', 'keep me');
        }"""
    )
    page.click("form[data-md-component=palette] label:not([hidden])")
    keys = page.evaluate("Object.keys(localStorage)")
    assert "/.__palette" in keys
    button = page.get_by_role("button", name="Clear everything this site stored")
    button.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("Object.keys(localStorage)") == ["another-site"]
    assert page.evaluate("Object.keys(sessionStorage)") == []
    assert page.inner_text(".psg-clear-storage [role=status]").startswith("Done: this site's 3 stored items were removed")


def test_safety_pages_are_in_the_navigation_with_descriptions(site_dir: Path) -> None:
    soup = parsed(site_dir / "index.html")
    nav_text = soup.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Safety and privacy" in nav_text
    for rel, title in (("leaving-quickly/index.html", "Leaving this site quickly"), ("privacy/index.html", "Privacy")):
        page = parsed(site_dir / rel)
        assert page.h1.get_text(strip=True).removesuffix("¶") == title
        assert len(page.find("meta", attrs={"name": "description"})["content"]) > 40
        assert soup.find("a", href=rel.removesuffix("index.html")) is not None
