"""Assemble the site: every generated file, from the knowledge base and typed settings.

This is the one place that decides what the site holds beyond `docs/`.
[`assemble`][psg.site.assemble] takes a [`Guidance`][psg.model.Guidance] and
[`Settings`][psg.site.Settings] and returns a [`Site`][psg.site.Site]: every generated
page (finished, as readers get it), every data file, every checklist PDF, the booklet of
all the checklists and search's vocabulary, keyed by its path in the site, with the
navigation of the generated sections and the list of whom to contact that the theme shows
in the box on every page.
[`finish_page`][psg.site.finish_page] finishes a page, hand-written or generated, the
same way for every adapter; [`finish_html`][psg.site.finish_html] finishes its HTML, for
the adapters that turn Markdown into HTML.

The adapters only hand these to their target and read their own settings:

- the MkDocs hook (`hooks/guidance.py`) adds the files to MkDocs' files and finishes the
  hand-written pages as MkDocs reads them;
- the portable export ([`psg.portable`][], `python -m psg export`) writes them to a folder;
- the benchmark (`scripts/bench.py`) writes them for a build without hooks.

Nothing here reads the environment or imports MkDocs: the adapters read `PSG_SKIP_PDF`,
`PSG_SOURCE`, `PSG_API_REFERENCE` and their configuration (such as the organisation's
contacts, `extra.signposting`), and pass the result in `Settings`.

How to add a generated file (a page, a data file, a PDF):

1. Write the function that makes its content in the module of its kind: a page's
   template and context in [`psg.pages`][] (or a module of its own beside it), data in
   [`psg.data`][], a PDF in [`psg.pdf`][], a file for the site's scripts in a module of
   its own (as [`psg.vocabulary`][] makes search's vocabulary). Keep it pure: the same model and settings
   always give the same bytes.
2. Add a producer below: a function `(guidance, settings) -> Iterator[SiteFile]` that
   yields one [`SiteFile`][psg.site.SiteFile] per file. A page is a `SiteFile` whose
   path ends in `.md`, with a `title` and, for edit links, the `source_file` it is made
   from; its Markdown is finished by `assemble`.
3. Append the producer to `PRODUCERS`. The MkDocs build, `mkdocs serve`, the portable
   export and the benchmark then all have the file; a path that clashes with another
   generated file, or with a file in `docs/`, is an error.
4. A new page also needs a navigation entry: list it under `nav` in `mkdocs.yml` (as the
   `browse/` pages are), or add it to a generated section in
   [`nav_sections`][psg.pages.nav_sections].
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from psg.data import data_files
from psg.markers import fill_markers, fill_tags_index, focusable_glossary_terms, glossary_abbreviations, replace_api_blocks
from psg.model import Guidance
from psg.pages import INDEX_PAGES, build_pages, nav_sections, peer_supporters_page
from psg.pdf import BOOKLET_TITLE, BOOKLET_URI, booklet_html, checklist_html, html_to_pdf, pdf_page_count, placeholder_pdf
from psg.pdfcache import cached
from psg.progress import PROGRESS_TITLE, PROGRESS_URI, progress_page
from psg.render import page_url, pdf_uri, render_template, uri_for
from psg.vocabulary import VOCABULARY_URI, vocabulary_script
from psg.signposting import Signposts, SignpostSettings, choose_signposts, render_signposts

__all__ = [
    "API_REFERENCE_ENV",
    "PRODUCERS",
    "PdfCache",
    "SKIP_PDF_ENV",
    "SOURCE_ENV",
    "Settings",
    "Site",
    "SiteFile",
    "assemble",
    "finish_html",
    "finish_page",
    "flag",
]

#: Names of the environment variables the adapters read (psg itself reads none).
#: `PSG_SOURCE`: the briefing's text file, for the quote check.
SOURCE_ENV = "PSG_SOURCE"
#: `PSG_SKIP_PDF=1`: make placeholder PDFs instead of the real ones, in any build.
SKIP_PDF_ENV = "PSG_SKIP_PDF"
#: `PSG_API_REFERENCE=1`: render the API reference under `mkdocs serve` too.
API_REFERENCE_ENV = "PSG_API_REFERENCE"

#: The checklists' index page, made by `_booklet` rather than `_pages`: it links the booklet.
CHECKLISTS_INDEX = "checklists/index.md"


@dataclass(frozen=True)
class PdfCache:
    """Where made PDFs are kept between builds (see [`psg.pdfcache`][]).

    A PDF is taken from the cache only when its HTML (which holds its stylesheet) and
    everything named here are what they were when it was made.

    Attributes:
        directory: The cache's folder, for example `<project>/.cache/pdf`.
        fonts: A fingerprint of the font files the PDFs use (`PRINT_FONTS`, resolved to
            files by the adapter, see [`fingerprint_files`][psg.pdfcache.fingerprint_files]).
        maker: The PDF maker and its version, for example `weasyprint 62.3, pydyf 0.11.0`.
    """

    directory: Path
    fonts: str
    maker: str


@dataclass(frozen=True)
class Settings:
    """What a build of the site needs to know beyond the content.

    The adapters make it from their configuration and environment; everything in
    `psg` that depends on them takes it as an argument.

    Attributes:
        site_url: The site's web address (MkDocs' `site_url`), or None when unknown.
        use_directory_urls: Whether page addresses end in `/` (MkDocs' default) or `.html`.
        skip_pdf_reason: Why the real checklist PDFs are not made (placeholders stand in
            for them), or None to make them.
        edit_base_url: Where "Edit this page" links point: the web address of the
            repository's files (`extra.edit_base_url`); empty for no edit links.
        api_reference_note: When set, each mkdocstrings block is replaced by a note whose
            first sentence ends with this text (see
            [`replace_api_blocks`][psg.markers.replace_api_blocks]); None keeps the blocks.
        tags_index: Write out the tags plugin's index (`<!-- material/tags -->`), for
            generators that run without the plugin.
        source: The briefing's text file, for the quote check when the content is
            loaded; None skips it.
        signposting: The organisation's own contacts, and whether the national services
            are listed too (`extra.signposting`, checked by
            [`signpost_settings`][psg.signposting.signpost_settings]).
        pdf_cache: Where made PDFs are kept between builds, and what else shapes them
            beyond their HTML; None makes every PDF each build.
    """

    site_url: str | None = None
    use_directory_urls: bool = True
    skip_pdf_reason: str | None = None
    edit_base_url: str = ""
    api_reference_note: str | None = None
    tags_index: bool = False
    source: Path | None = None
    signposting: SignpostSettings = field(default_factory=SignpostSettings)
    pdf_cache: PdfCache | None = None

    @property
    def skip_pdf(self) -> bool:
        """Whether placeholders stand in for the real checklist PDFs."""
        return self.skip_pdf_reason is not None

    @property
    def site_root(self) -> str | None:
        """The site's address ending in `/`, or None when it is not known."""
        url = (self.site_url or "").strip()
        return url.rstrip("/") + "/" if url else None

    def page_address(self, uri: str) -> str | None:
        """Return a page's full web address, as MkDocs gives it.

        Args:
            uri: The page's source path, for example `checklists/training-plan.md`.

        Returns:
            For example `https://example.org/checklists/training-plan/`, or None when
            the site's address is not known.
        """
        root = self.site_root
        return root + page_url(uri, self.use_directory_urls) if root else None

    def edit_url(self, path: str | None) -> str | None:
        """Return the "Edit this page" address of a file of the repository.

        Args:
            path: The file's path in the repository, for example
                `guidance/challenges/triggering.yml`, or None when there is none.

        Returns:
            The address, or None when there is no file or no `edit_base_url`.
        """
        base = self.edit_base_url.strip().rstrip("/")
        return f"{base}/{path}" if base and path else None

    def signposts(self, guidance: Guidance) -> Signposts:
        """Return whom a reader can contact: the organisation's contacts and the national services.

        Args:
            guidance: The knowledge base, which holds the national services.

        Returns:
            The list the box on every page and the `signposting` marker show.
        """
        return choose_signposts(guidance.signposting, self.signposting)


@dataclass(frozen=True)
class SiteFile:
    """One generated file of the site.

    Attributes:
        uri: Its path in the site's sources, as MkDocs sees it, for example
            `challenges/triggering.md` or `data/guidance.json`.
        content: Its text (pages, data) or bytes (PDFs).
        title: A page's title, for the navigation; None for other files.
        source_file: The repository file a page is made from, for edit links.
    """

    uri: str
    content: str | bytes
    title: str | None = None
    source_file: str | None = None

    @property
    def is_page(self) -> bool:
        """Whether this is a Markdown page."""
        return self.uri.endswith(".md")


@dataclass(frozen=True)
class Site:
    """Everything the site generates.

    Attributes:
        files: Every generated file, keyed by its path in the site, in the order added.
        nav: The navigation of each generated section, keyed by its index page, ready
            to replace that page's entry in `nav` (see
            [`expand_nav`][psg.pages.expand_nav]).
        signposting: Whom to contact, as HTML, for the "If this raises concerns for you"
            box on every page (the theme's `psg_signposting`, in
            `docs/overrides/partials/psg-signpost.html`).
    """

    files: dict[str, SiteFile]
    nav: dict[str, list[Any]]
    signposting: str = ""

    def pages(self) -> list[SiteFile]:
        """Return the generated pages, in the order added."""
        return [file for file in self.files.values() if file.is_page]


def assemble(guidance: Guidance, settings: Settings) -> Site:
    """Return every generated file of the site and the navigation of the generated sections.

    Runs each of `PRODUCERS` in turn. Pages are finished with
    [`finish_page`][psg.site.finish_page].

    Args:
        guidance: The validated knowledge base.
        settings: The build's settings.

    Returns:
        The generated site.

    Raises:
        ValueError: If two producers make a file at the same path, or a page has an
            unknown marker.
    """
    files: dict[str, SiteFile] = {}
    glossary = glossary_abbreviations(guidance)
    for producer in PRODUCERS:
        for file in producer(guidance, settings):
            if file.uri in files:
                raise ValueError(f"two generated files at {file.uri}")
            if file.is_page and isinstance(file.content, str):
                content = finish_page(file.content, file.uri, guidance, settings, glossary_text=glossary)
                file = SiteFile(file.uri, content, file.title, file.source_file)
            files[file.uri] = file
    nav = nav_sections(guidance, [f for f in files.values() if f.is_page])
    return Site(files, nav, render_signposts(settings.signposts(guidance)))


def finish_page(
    markdown: str,
    uri: str,
    guidance: Guidance,
    settings: Settings,
    *,
    glossary: bool | None = None,
    glossary_text: str | None = None,
) -> str:
    """Finish a page's Markdown, hand-written or generated, as every adapter publishes it.

    Fills the `<!-- psg:… -->` markers (the `signposting` marker with the settings'
    list of whom to contact); writes out the tags index and stands in for the
    API reference when the settings ask; and appends the glossary's definitions as
    tooltips, unless the page's front matter says `glossary: false`.

    Args:
        markdown: The page's Markdown, with or without its front matter.
        uri: The page's source path, for relative links.
        guidance: The knowledge base.
        settings: The build's settings.
        glossary: Whether to add the glossary's tooltips; None reads `glossary` from the
            front matter in `markdown` (MkDocs passes its own reading of it).
        glossary_text: The tooltips, when the caller has made them already.

    Returns:
        The finished Markdown.

    Raises:
        ValueError: If the page has an unknown marker.
    """
    markdown = fill_markers(markdown, guidance, uri, signposts=settings.signposts(guidance))
    if settings.tags_index:
        markdown = fill_tags_index(markdown, guidance, uri)
    if settings.api_reference_note is not None:
        markdown = replace_api_blocks(markdown, settings.api_reference_note)
    if glossary is None:
        glossary = bool(_front_matter(markdown).get("glossary", True))
    if glossary:
        markdown += glossary_text if glossary_text is not None else glossary_abbreviations(guidance)
    return markdown


def finish_html(html: str) -> str:
    """Finish a page's HTML, once Markdown has made it, as every adapter that makes HTML does.

    The first use of each glossary term on the page can take focus, so that its
    definition shows from the keyboard and on a tap (see
    [`focusable_glossary_terms`][psg.markers.focusable_glossary_terms]).

    Args:
        html: The page's content, as HTML.

    Returns:
        The finished HTML.
    """
    return focusable_glossary_terms(html)


def flag(value: str | None) -> bool:
    """Read an on/off setting as the adapters take it from the environment.

    Args:
        value: The variable's value, or None when it is not set.

    Returns:
        False when it is unset, empty or `0`; True otherwise.
    """
    return (value or "").strip() not in ("", "0")


# -------------------------------------------------------------------------------------
# Producers: each yields the generated files of one kind
# -------------------------------------------------------------------------------------


def _pages(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """The generated pages: guidance, checklists, study and browse pages.

    All but the checklists' index, which `_booklet` makes: it gives the booklet's page count.
    """
    for page in build_pages(guidance):
        if page.uri != CHECKLISTS_INDEX:
            yield SiteFile(page.uri, page.markdown, page.title, page.source_file)


def _peer_supporters(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """The page written to peer supporters, `peer-supporters.md` (listed in `nav` in `mkdocs.yml`)."""
    page = peer_supporters_page(guidance)
    yield SiteFile(page.uri, page.markdown, page.title, page.source_file)


def _progress(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """"Your progress": every checklist's answers in one view (built in the browser)."""
    yield SiteFile(PROGRESS_URI, progress_page(guidance), PROGRESS_TITLE)


def _data(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """`data/guidance.json`, its JSON Schema and `data/checklists.csv`."""
    texts = data_files(guidance, directory_urls=settings.use_directory_urls, site_url=settings.site_root)
    for uri, text in texts.items():
        yield SiteFile(uri, text)


def _checklist_pdfs(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """One A4 PDF per checklist, beside its page; placeholders when PDFs are skipped."""
    for checklist in guidance.checklists:
        if settings.skip_pdf_reason is not None:
            content = placeholder_pdf(checklist.title, _placeholder_note(settings.skip_pdf_reason))
        else:
            content = _cached_pdf(checklist_html(guidance, checklist, page_url=_checklist_address(settings, checklist.id)), settings)
        yield SiteFile(pdf_uri(checklist.id), content)


def _booklet(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """The booklet of every checklist, and the checklists' index, which links it with its page count.

    A placeholder stands in for the booklet when PDFs are skipped. Each checklist keeps
    its own "Page X of Y" in the booklet, so its pages are counted first, from its own
    PDF: the same HTML that `_checklist_pdfs` converts, so with a PDF cache
    (`Settings.pdf_cache`) the count costs no second conversion.
    """
    if settings.skip_pdf_reason is not None:
        content = placeholder_pdf(BOOKLET_TITLE, _placeholder_note(settings.skip_pdf_reason))
    else:
        urls = {c.id: _checklist_address(settings, c.id) for c in guidance.checklists}
        counts = {c.id: pdf_page_count(_cached_pdf(checklist_html(guidance, c, page_url=urls[c.id]), settings)) for c in guidance.checklists}
        content = _cached_pdf(booklet_html(guidance, counts, page_urls=urls), settings)
    yield SiteFile(BOOKLET_URI, content)
    markdown = render_template(
        "checklists-index.md.j2",
        uri=CHECKLISTS_INDEX,
        checklists=guidance.checklists,
        booklet=BOOKLET_URI,
        booklet_pages=None if settings.skip_pdf_reason is not None else pdf_page_count(content),
    )
    yield SiteFile(CHECKLISTS_INDEX, markdown, INDEX_PAGES[CHECKLISTS_INDEX])


def _checklist_address(settings: Settings, checklist_id: str) -> str | None:
    """The web address of a checklist's page, printed in its PDF, or None when unknown."""
    return settings.page_address(uri_for("checklist", checklist_id))


def _placeholder_note(reason: str) -> str:
    """The line a placeholder PDF shows instead of the real one."""
    return f"This is a placeholder: {reason}. Run `make build` for the real PDF."


def _cached_pdf(html: str, settings: Settings) -> bytes:
    """Convert `html` to a PDF, or take it from the cache when nothing that shapes it changed."""
    cache = settings.pdf_cache
    if cache is None:
        return html_to_pdf(html)
    return cached(("pdf/ua-1", cache.maker, cache.fonts, html), cache.directory, functools.partial(html_to_pdf, html))


def _search_vocabulary(guidance: Guidance, settings: Settings) -> Iterator[SiteFile]:
    """`search/vocabulary.js`: the guidance's own words and the spelling variants, for search."""
    yield SiteFile(VOCABULARY_URI, vocabulary_script(guidance))


#: A producer: given the knowledge base and the settings, yields generated files.
Producer = Callable[[Guidance, Settings], Iterator[SiteFile]]

#: Every producer of generated files, in the order their files are added.
#: Add a producer here to add generated files (see the module's docstring).
PRODUCERS: tuple[Producer, ...] = (_pages, _peer_supporters, _progress, _data, _checklist_pdfs, _booklet, _search_vocabulary)


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def _front_matter(markdown: str) -> Mapping[str, Any]:
    """Return a page's front matter, or an empty mapping when it has none or it is not a mapping."""
    match = _FRONT_MATTER.match(markdown)
    if not match:
        return {}
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}
