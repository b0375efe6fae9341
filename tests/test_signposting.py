"""Signposting: the national services, checked and labelled, in the box on every page and
on "Leaving this site quickly"; an organisation's own list; and the check's age.

The services are the site's own content (guidance/study/signposting.yml): validated like
the rest, with located errors. `python -m psg check` warns when a check is more than 12
months old; the tests give it a fixed day (`--today`), and nothing in `psg` reads the
clock. The build never warns. In Chromium, every listed service has a visible, working
`tel:` link (when it has a number) and its own web address, and a test configuration
that replaces the list shows only the organisation's contacts.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from _project import ROOT, copy_content, copy_project, env, reported, run_check
from conftest import built_pages
from psg.loader import load_document
from psg.schema import Signposting
from psg.signposting import (
    OrganisationContact,
    SignpostSettings,
    choose_signposts,
    nations_text,
    render_signposts,
    signpost_settings,
    stale_checks,
    stale_warnings,
    tel_href,
)
from psg.validate import load_guidance

FILE = "guidance/study/signposting.yml"
#: The services the issue asks for, by id: each must be listed.
REQUIRED = {"emergency-services", "childline", "nspcc-helpline", "samaritans", "rape-crisis-england-wales"}


@pytest.fixture(scope="module")
def signposting() -> Signposting:
    guidance = load_guidance(ROOT, None)
    assert guidance.signposting is not None
    return guidance.signposting


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# -------------------------------------------------------------------------------------
# The content
# -------------------------------------------------------------------------------------


def test_the_required_services_are_listed_with_checked_details(signposting: Signposting) -> None:
    services = {s.id: s for s in signposting.services}
    assert REQUIRED <= set(services)
    assert services["childline"].phone == "0800 1111"
    assert services["nspcc-helpline"].phone == "0808 800 5000"
    assert services["samaritans"].phone == "116 123"
    assert services["emergency-services"].phone == "999"
    assert nations_text(services["rape-crisis-england-wales"].nations) == "England and Wales only"
    for service in signposting.services:
        assert service.web.startswith("https://"), service.id
        assert service.checked.page.startswith(("https://", "http://")), service.id
        dt.date.fromisoformat(service.checked.on)


def test_a_wrong_signposting_file_is_reported_at_each_mistake(tmp_path: Path) -> None:
    root = copy_content(tmp_path / "project")
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace('phone: "999"', 'phone: "999-999"', 1)
    text = text.replace("nations: [england, wales]", "nations: [england, cymru]", 1)
    text = text.replace("    web: https://www.childline.org.uk/\n", "    web: http://www.childline.org.uk/\n", 1)
    text = text.replace('      on: "2026-11-29"\n', '      on: "2026-02-30"\n', 1)
    path.write_text(text, encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = {(e.file, e.field): e for e in reported(result.stderr)}
    lines = text.splitlines()

    def line_of(pattern: str) -> int:
        return next(n for n, line in enumerate(lines, 1) if re.search(pattern, line))

    expected = {
        "services[0].phone": line_of(r'phone: "999-999"'),
        "services[0].checked.on": line_of(r'on: "2026-02-30"'),
        "services[1].web": line_of(r"web: http://www\.childline"),
        "services[2].nations[1]": line_of(r"nations: \[england, cymru\]"),
    }
    for field, line in expected.items():
        assert (FILE, field) in errors, f"no error for {field}:\n{result.stderr}"
        assert errors[(FILE, field)].line == line, errors[(FILE, field)]


def test_a_service_id_used_twice_is_reported_at_the_second(tmp_path: Path) -> None:
    root = copy_content(tmp_path / "project")
    path = root / FILE
    text = path.read_text(encoding="utf-8").replace("  - id: samaritans\n", "  - id: childline\n", 1)
    path.write_text(text, encoding="utf-8")
    result = run_check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    (error,) = reported(result.stderr)
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - id: childline"][1]
    assert (error.file, error.line, error.found) == (FILE, second, "the service id 'childline' a second time")


# -------------------------------------------------------------------------------------
# How old the checks are: a fixed clock, passed in
# -------------------------------------------------------------------------------------


def test_a_check_goes_stale_after_12_months_to_the_day(signposting: Signposting) -> None:
    checked = dt.date.fromisoformat(signposting.services[0].checked.on)
    year_later = checked.replace(year=checked.year + 1)
    assert not stale_checks(signposting, checked)
    assert not stale_checks(signposting, year_later)
    stale = stale_checks(signposting, year_later + dt.timedelta(days=1))
    assert [s.service.id for s in stale][:1] == [signposting.services[0].id]


def test_a_check_on_29_february_is_due_on_28_february(signposting: Signposting) -> None:
    service = signposting.services[0]
    leap = service.model_copy(update={"checked": service.checked.model_copy(update={"on": "2024-02-29"})})
    one = Signposting(services=[leap])
    assert not stale_checks(one, dt.date(2025, 2, 28))
    assert stale_checks(one, dt.date(2025, 3, 1))


def test_stale_warnings_name_the_line_of_the_date(signposting: Signposting) -> None:
    future = dt.date.fromisoformat(max(s.checked.on for s in signposting.services)) + dt.timedelta(days=400)
    warnings = stale_warnings(ROOT, signposting, future)
    assert len(warnings) == len(signposting.services)
    document, _ = load_document(ROOT / FILE, FILE)
    for index, warning in enumerate(warnings):
        line, column = document.position(("services", index, "checked", "on"))
        assert warning.startswith(f"{FILE}:{line}:{column}: services[{index}].checked.on: found ")
        assert signposting.services[index].checked.page in warning


def test_make_check_warns_about_a_stale_check_but_still_passes(tmp_path: Path) -> None:
    root = copy_content(tmp_path / "project")
    cmd = [sys.executable, "-m", "psg", "--root", str(root), "check"]
    fresh = subprocess.run([*cmd, "--today", "2026-12-01"], env=env(), capture_output=True, text=True, timeout=60)
    assert fresh.returncode == 0, fresh.stderr
    assert "warning:" not in fresh.stderr
    stale = subprocess.run([*cmd, "--today", "2031-01-01"], env=env(), capture_output=True, text=True, timeout=60)
    assert stale.returncode == 0, stale.stderr
    warnings = [line for line in stale.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and all(f"warning: {FILE}:" in w and "more than 12 months before 2031-01-01" in w for w in warnings)
    assert stale.stdout.startswith("ok:")


def test_nothing_in_psg_reads_the_clock() -> None:
    clock = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today|time\.time|utcnow)\s*\(")
    readers = [p.relative_to(ROOT).as_posix() for p in (ROOT / "psg").glob("*.py") if clock.search(p.read_text(encoding="utf-8"))]
    assert readers == ["psg/cli.py"], f"only the command-line adapter may read the clock: {readers}"


def test_the_build_never_warns_about_stale_checks() -> None:
    hooks = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "hooks").glob("*.py"))
    assert "stale_" not in hooks


# -------------------------------------------------------------------------------------
# The organisation's settings, and the rendered list
# -------------------------------------------------------------------------------------


def test_settings_mistakes_are_named_in_full() -> None:
    with pytest.raises(ValueError) as info:
        signpost_settings({"contacts": [{"label": "Lead", "href": "javascript:alert(1)"}, 3], "national_services": "no", "nme": "x"})
    lines = str(info.value).splitlines()
    assert lines == [
        "mkdocs.yml: extra.signposting.contacts[0].href: found 'javascript:alert(1)'; expected a tel: (digits only), mailto: or web address",
        "mkdocs.yml: extra.signposting.contacts[1]: found 3; expected plain text, or a mapping with label, value and href",
        "mkdocs.yml: extra.signposting.national_services: found 'no'; expected a valid boolean",
        "mkdocs.yml: extra.signposting.nme: found 'x'; expected only name, contacts and national_services (each contact: label, value, href)",
    ]


def test_the_list_by_default_gives_every_service_with_a_tel_link_and_its_website(signposting: Signposting) -> None:
    html = BeautifulSoup(render_signposts(choose_signposts(signposting, signpost_settings(None))), "html.parser")
    items = html.select("li.psg-signposts__service")
    assert [li["data-psg-service"] for li in items] == [s.id for s in signposting.services]
    for li, service in zip(items, signposting.services):
        text = " ".join(li.get_text(" ", strip=True).split())
        assert service.name in text and service.who in text
        assert nations_text(service.nations) in text
        assert [a["href"] for a in li.select("a.psg-signposts__web")] == [service.web]
        phones = li.select("a.psg-signposts__phone")
        if service.phone:
            assert [(a["href"], a.get_text()) for a in phones] == [(tel_href(service.phone), f"Call {service.phone}")]
        else:
            assert not phones and not li.select("a[href^='tel:']"), service.id
    assert "Source: each service's own website, checked" in html.get_text()


def test_an_organisation_can_extend_or_replace_the_list(signposting: Signposting) -> None:
    contacts = [{"label": "Safeguarding lead", "value": "0000 000 000", "href": "tel:0000000000"}, "Drop-in, Tuesdays <after school>"]
    extended = choose_signposts(signposting, SignpostSettings.model_validate({"name": "Example Youth Project", "contacts": contacts}))
    assert extended.contacts == (OrganisationContact(label="Safeguarding lead", value="0000 000 000", href="tel:0000000000"), OrganisationContact(value="Drop-in, Tuesdays <after school>"))
    assert len(extended.services) == len(signposting.services)
    html = BeautifulSoup(render_signposts(extended), "html.parser")
    text = " ".join(html.get_text(" ", strip=True).split())
    assert text.startswith("At Example Youth Project, you can contact:")
    assert "Drop-in, Tuesdays <after school>" in text  # escaped, shown as text
    assert html.select("a")[0]["href"] == "tel:0000000000"
    assert "You can also contact these national services" in text

    replaced = choose_signposts(signposting, signpost_settings({"contacts": contacts, "national_services": False}))
    assert replaced.services == ()
    html = BeautifulSoup(render_signposts(replaced), "html.parser")
    assert not html.select("li.psg-signposts__service")
    assert [a["href"] for a in html.select("a")] == ["tel:0000000000"]


# -------------------------------------------------------------------------------------
# The built site, in Chromium
# -------------------------------------------------------------------------------------


def test_every_page_box_is_the_sites_note_inside_the_page_layout(site_dir: Path) -> None:
    """After the article, inside the content column of <main>: never after the layout."""
    problems = []
    for path in built_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site_dir).as_posix()
        start = html.find('<aside class="psg-signpost psg-site-note')
        end = html.find("</aside>", start)
        content, article_end, main_end = html.find('<div class="md-content"'), html.rfind("</article>"), html.find("</main>")
        if not 0 <= content < article_end < start < end < main_end:
            problems.append(f"{rel}: the box is not after the article inside the page layout")
            continue
        box = BeautifulSoup(html[start : end + len("</aside>")], "html.parser").aside
        if box.select_one(".psg-site-note__label").get_text(strip=True) != "This site's note":
            problems.append(f"{rel}: the box is not labelled as this site's note")
        if rel != "leaving-quickly/index.html" and len(box.select("li.psg-signposts__service")) < len(REQUIRED):
            problems.append(f"{rel}: the box lists {len(box.select('li.psg-signposts__service'))} services")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("where", ["box on the home page", "Leaving this site quickly"])
def test_each_service_has_a_working_tel_link_and_its_web_address(browser: Any, site_url: str, signposting: Signposting, where: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        if where.startswith("box"):
            page.goto(site_url)
            scope = page.locator("aside.psg-signpost")
        else:
            page.goto(site_url + "leaving-quickly/")
            scope = page.locator("article .psg-signposts-note")
            assert scope.get_attribute("aria-label") == "Note from this site, not from the briefing"
            box = page.locator("aside.psg-signpost")
            assert box.locator("a[href='#support']").count() == 1
            assert box.locator("li.psg-signposts__service").count() == 0, "the box repeats the page's own list"
        for service in signposting.services:
            item = scope.locator(f"li[data-psg-service='{service.id}']")
            item.scroll_into_view_if_needed()
            web = item.locator("a.psg-signposts__web")
            assert web.get_attribute("href") == service.web
            links = [web]
            if service.phone:
                tel = item.get_by_role("link", name=f"Call {service.phone}")
                assert tel.get_attribute("href") == "tel:" + _digits(service.phone)
                links.append(tel)
            for link in links:
                link.scroll_into_view_if_needed()
                # Visible, and the element a tap at its centre lands on.
                assert page.evaluate(
                    """el => { const r = el.getBoundingClientRect();
                        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                        return r.width > 0 && r.height > 0 && (hit === el || el.contains(hit)); }""",
                    link.element_handle(),
                ), f"{service.id}: {link.get_attribute('href')} cannot be tapped"
    finally:
        context.close()


def test_an_organisations_list_in_mkdocs_yml_replaces_the_national_one(tmp_path: Path, browser: Any) -> None:
    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    ours = (
        "  signposting:\n"
        "    name: Example Youth Project\n"
        "    national_services: false\n"
        "    contacts:\n"
        "      - label: Safeguarding lead\n"
        '        value: "0000 000 000"\n'
        '        href: "tel:0000000000"\n'
        "      - Drop-in on Tuesdays\n"
    )
    text, count = re.subn(r"  signposting:\n    name: \"\"\n    contacts: \[\]\n", ours, text)
    assert count == 1, "mkdocs.yml no longer has the default extra.signposting"
    config.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=root,
        env={**env(), "PSG_SKIP_PDF": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    page = browser.new_page()
    try:
        page.goto((site / "about" / "licence" / "index.html").as_uri())
        box = page.locator("aside.psg-signpost")
        assert "At Example Youth Project, you can contact:" in " ".join(box.inner_text().split())
        assert box.locator("li.psg-signposts__service").count() == 0
        assert [a.get_attribute("href") for a in box.locator("a").all()] == ["tel:0000000000"]
        page.goto((site / "leaving-quickly" / "index.html").as_uri())
        note = page.locator("article .psg-signposts-note")
        assert "Drop-in on Tuesdays" in note.inner_text() and note.locator("li.psg-signposts__service").count() == 0
    finally:
        page.close()
