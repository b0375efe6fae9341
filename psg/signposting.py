"""Signposting: whom a reader can contact, on every page and on "Leaving this site quickly".

The national services come from `guidance/study/signposting.yml`, validated with the rest
of the content ([`psg.validate`][]). An organisation adds its own contacts, or lists only
its own, in `mkdocs.yml` under `extra.signposting`. The adapters read that setting (the
MkDocs hook from MkDocs' configuration, the portable export from the file),
[`signpost_settings`][psg.signposting.signpost_settings] checks it, and it reaches
[`psg.site`][] as `Settings.signposting`. [`choose_signposts`][psg.signposting.choose_signposts]
combines the two lists, and [`render_signposts`][psg.signposting.render_signposts]
renders them as HTML, the same in the box on every page and on the page about leaving
quickly, inside this site's note (`psg/templates/_site_note.html.j2`).

[`stale_checks`][psg.signposting.stale_checks] finds the services whose details were last
checked more than 12 months before a given day. Only `python -m psg check` asks, and it
passes the day in: a build never warns, since a strict build would start failing on a
date, and nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import ErrorDetails

from psg.errors import ContentError, format_path
from psg.loader import load_document
from psg.render import render_template
from psg.schema import NATIONS, SignpostService, Signposting
from psg.validate import SIGNPOSTING_FILE

__all__ = [
    "SIGNPOSTING_FILE",
    "STALE_AFTER_MONTHS",
    "OrganisationContact",
    "SignpostSettings",
    "Signposts",
    "StaleCheck",
    "choose_signposts",
    "nations_text",
    "render_signposts",
    "signpost_settings",
    "stale_checks",
    "stale_warnings",
    "tel_href",
]

#: `make check` warns when a service was last checked more than this many months ago.
STALE_AFTER_MONTHS = 12


# -------------------------------------------------------------------------------------
# The organisation's settings (mkdocs.yml, extra.signposting)
# -------------------------------------------------------------------------------------

_Href = Annotated[
    str,
    StringConstraints(pattern=r"^(?:tel:\+?[0-9]+|mailto:[^\s<>\"'`]+@[^\s<>\"'`]+|https?://[^\s<>\"'`]+)$"),
]


class OrganisationContact(BaseModel):
    """One of the organisation's own contacts: a label, a value, and an optional link."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    label: str | None = Field(default=None, description="For example 'Safeguarding lead'.")
    value: str | None = Field(default=None, description="For example the lead's name and phone number.")
    href: _Href | None = Field(default=None, description="A tel:, mailto: or web address for the value.")


class SignpostSettings(BaseModel):
    """`extra.signposting` in `mkdocs.yml`: the organisation's own contacts.

    Attributes:
        name: The organisation's name.
        contacts: Its contacts, listed before the national services. Each is plain text
            or an [`OrganisationContact`][psg.signposting.OrganisationContact].
        national_services: False lists only the organisation's own contacts.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str = ""
    contacts: list[OrganisationContact | str] = Field(default=[])
    national_services: bool = True


def signpost_settings(raw: Any) -> SignpostSettings:
    """Check the organisation's signposting settings.

    Args:
        raw: The value of `extra.signposting` in `mkdocs.yml` (None when it is not set).

    Returns:
        The settings.

    Raises:
        ValueError: Naming every setting that is wrong, one per line.
    """
    try:
        return SignpostSettings.model_validate(raw or {})
    except ValidationError as exc:
        lines = [_setting_error(error) for error in exc.errors() if not _wrong_branch(error)]
        raise ValueError("\n".join(dict.fromkeys(lines))) from None


# -------------------------------------------------------------------------------------
# The list a reader sees
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signposts:
    """Whom a reader can contact, in the order shown.

    Attributes:
        organisation: The organisation's name, or "".
        contacts: The organisation's own contacts.
        services: The national services listed.
    """

    organisation: str
    contacts: tuple[OrganisationContact, ...]
    services: tuple[SignpostService, ...]


def choose_signposts(signposting: Signposting | None, settings: SignpostSettings) -> Signposts:
    """Combine the national services with the organisation's own contacts.

    Args:
        signposting: The national services (None lists none).
        settings: The organisation's settings.

    Returns:
        The organisation's contacts, then the national services unless the settings
        leave them out.
    """
    contacts = tuple(c if isinstance(c, OrganisationContact) else OrganisationContact(value=c) for c in settings.contacts)
    services = tuple(signposting.services) if signposting and settings.national_services else ()
    return Signposts(organisation=settings.name.strip(), contacts=contacts, services=services)


def render_signposts(signposts: Signposts, *, as_note: bool = False) -> str:
    """Render whom to contact as an HTML fragment, with no Markdown in it.

    Args:
        signposts: The contacts and services.
        as_note: Wrap it in the site's-note markup ("This site's note"), for a page.

    Returns:
        The organisation's contacts (or generic advice), each service with what and whom
        it is for, where it works, a `tel:` link when it has a number and its website,
        and when the services were checked.
    """
    oldest = min((dt.date.fromisoformat(s.checked.on) for s in signposts.services), default=None)
    return render_template(
        "signposting.html.j2",
        signposts=signposts,
        as_note=as_note,
        checked=_month(oldest) if oldest else "",
        nations_text=nations_text,
        tel_href=tel_href,
        site_of=_site_of,
    ).strip()


def tel_href(phone: str) -> str:
    """Return the `tel:` link of a phone number: `0800 1111` → `tel:08001111`."""
    return "tel:" + re.sub(r"\D", "", phone)


def nations_text(nations: list[str] | tuple[str, ...]) -> str:
    """Say where a service works: "UK-wide", "England and Wales only", "Scotland only"."""
    if set(nations) >= set(NATIONS):
        return "UK-wide"
    names = [NATIONS[n] for n in NATIONS if n in nations]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined} only"


# -------------------------------------------------------------------------------------
# When the details were checked
# -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaleCheck:
    """A service whose details were last checked too long ago.

    Attributes:
        index: Its position in the file's `services` list.
        service: The service.
        checked_on: When it was last checked.
    """

    index: int
    service: SignpostService
    checked_on: dt.date


def stale_checks(signposting: Signposting, today: dt.date, months: int = STALE_AFTER_MONTHS) -> list[StaleCheck]:
    """Find the services last checked more than `months` months before `today`.

    Args:
        signposting: The national services.
        today: The day to judge by (the caller reads the clock).
        months: How old a check may be.

    Returns:
        The stale services, in file order.
    """
    stale = []
    for index, service in enumerate(signposting.services):
        checked_on = dt.date.fromisoformat(service.checked.on)
        if today > _add_months(checked_on, months):
            stale.append(StaleCheck(index, service, checked_on))
    return stale


def stale_warnings(root: Path, signposting: Signposting, today: dt.date) -> list[str]:
    """Describe each stale check at its place in the signposting file.

    Args:
        root: The project root.
        signposting: The national services, as loaded from `root`.
        today: The day to judge by.

    Returns:
        One line per stale service: `file:line:column: field: found …; expected …`.
    """
    stale = stale_checks(signposting, today)
    if not stale:
        return []
    document, _ = load_document(root / SIGNPOSTING_FILE, SIGNPOSTING_FILE)
    out = []
    for entry in stale:
        path = ("services", entry.index, "checked", "on")
        line, column = document.position(path) if document else (0, 0)
        found = f"{entry.service.name} last checked on {entry.checked_on.isoformat()}, more than {STALE_AFTER_MONTHS} months before {today.isoformat()}"
        expected = f"a check within {STALE_AFTER_MONTHS} months: read {entry.service.checked.page} again, then update the number (if it changed) and this date"
        out.append(str(ContentError(SIGNPOSTING_FILE, line, column, format_path(path), found, expected)))
    return out


# -------------------------------------------------------------------------------------
# Helpers
# -------------------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _month(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months later (the month's last day when it has no such day)."""
    years, index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, index + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _site_of(url: str) -> str:
    """A web address as a reader would say it: `https://www.childline.org.uk/` → `childline.org.uk`."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _expected(error: ErrorDetails) -> str:
    if error["type"] == "extra_forbidden":
        return "only name, contacts and national_services (each contact: label, value, href)"
    if error["type"] == "string_pattern_mismatch":
        return "a tel: (digits only), mailto: or web address"
    return str(error["msg"]).replace("Input should be", "").strip() or "a valid value"


def _wrong_branch(error: ErrorDetails) -> bool:
    """A contact is text or a mapping: keep one complaint per mistake, not one per branch."""
    loc = error["loc"]
    if len(loc) < 3 or loc[0] != "contacts":
        return False
    meant_mapping = len(loc) > 3 or isinstance(error.get("input"), dict)
    return loc[2] == ("str" if meant_mapping else "OrganisationContact")


def _setting_error(error: ErrorDetails) -> str:
    loc = tuple(part for part in error["loc"] if part not in ("str", "OrganisationContact"))
    where = format_path(("extra", "signposting", *loc))
    if loc[:1] == ("contacts",) and len(loc) == 2:
        return f"mkdocs.yml: {where}: found {error.get('input')!r}; expected plain text, or a mapping with label, value and href"
    return f"mkdocs.yml: {where}: found {error.get('input')!r}; expected {_expected(error)}"
