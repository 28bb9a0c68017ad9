"""Blank worksheet PDFs, made at build time with WeasyPrint (the optional ``pdf`` extra).

Each worksheet becomes ``worksheets/<slug>.pdf``. The renderer writes the print HTML; this
module only prints it, and runs before the pages are rendered (they show each PDF's size).
The PDFs are byte-stable: the only date written is taken from ``SOURCE_DATE_EPOCH`` when it is set, and nothing is ever
fetched, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import weakref
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from . import markup
from .diagnostics import ContentError, Diagnostic

if TYPE_CHECKING:
    from .rendering import Renderer

# Regions that print on US Letter; everywhere else uses A4.
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE"})


def paper_for(region: str) -> str:
    return "letter" if region in LETTER_REGIONS else "A4"


_cache: weakref.WeakKeyDictionary[Renderer, dict[str, bytes]] = weakref.WeakKeyDictionary()


def pdf_path(slug: str) -> str:
    """Where a worksheet's PDF goes in the built site."""
    return f"{markup.PAGE_FOLDERS['worksheet']}/{slug}.pdf"


def worksheet_pdf(renderer: Renderer, slug: str) -> bytes:
    """One worksheet as a blank PDF, rendered once per renderer."""
    done = _cache.setdefault(renderer, {})
    if slug not in done:
        try:
            done[slug] = _print_fitted(renderer, slug)
        except PdfFetchRefused as exc:
            doc = renderer.content.worksheets[slug]
            raise ContentError(
                [
                    Diagnostic(
                        doc.path,
                        1,
                        1,
                        "error",
                        f"the PDF would need {exc.url}, but worksheet PDFs use no images or outside files; "
                        "expected text only",
                    )
                ]
            ) from None
    return done[slug]


class PdfFetchRefused(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def render_worksheet_pdfs(renderer: Renderer) -> dict[str, bytes]:
    """Every worksheet's PDF, by destination path in the built site."""
    return {pdf_path(slug): worksheet_pdf(renderer, slug) for slug in sorted(renderer.content.worksheets)}


# WeasyPrint logs each layout step ("Step 5 - Creating layout - Page 2") and fontTools each font
# subset at INFO: about 30 lines per worksheet that an author can do nothing about.
CHATTY_LOGGERS = ("weasyprint", "fontTools")


@contextlib.contextmanager
def quiet_printing() -> Iterator[None]:
    """Keep WeasyPrint's and fontTools' progress notes (below WARNING) out of the author's terminal."""
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        if logger.getEffectiveLevel() < logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


# The fewest writing lines a last prompt or notes box keeps when it is shortened to save a sheet.
MIN_LAST_LINES = 3


def _print_fitted(renderer: Renderer, slug: str) -> bytes:
    """Print a worksheet; a last prompt or notes box that would take a sheet of its own is
    shortened (to no fewer than MIN_LAST_LINES lines, as many as fit) onto the sheet before."""
    paper = paper_for(renderer.content.site.model.region)
    base_url = _base_url(renderer, slug)

    def layout(last_lines: int | None = None) -> Any:
        html = renderer.worksheet_print_html(slug, paper=paper, created=source_date(), last_lines=last_lines)
        return offline_layout(html, base_url)

    document = layout()
    last = renderer.content.worksheets[slug].model.blocks[-1]
    lines = getattr(last, "lines", 0) if last.kind in ("prompt", "notes") else 0
    if len(document.pages) > 1 and lines > MIN_LAST_LINES:
        shortest = layout(MIN_LAST_LINES)
        if len(shortest.pages) < len(document.pages):
            document = shortest
            for n in range(MIN_LAST_LINES + 1, lines):
                longer = layout(n)
                if len(longer.pages) > len(shortest.pages):
                    break
                document = longer
    # Tagged (headings, tables, lists), so screen readers can follow the PDF too.
    with quiet_printing():
        return bytes(document.write_pdf(pdf_tags=True))


def offline_layout(html: str, base_url: str | None) -> Any:
    """The laid-out pages (a WeasyPrint document), fetching nothing."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Offline(URLFetcher):  # type: ignore[misc]
        """Refuses every fetch: a worksheet PDF is made from local text and styles only."""

        def fetch(self, url: str, headers: object = None) -> object:
            raise FatalURLFetchingError(f"worksheet PDFs fetch nothing, but the HTML asked for {url}")

    try:
        with quiet_printing():
            return HTML(string=html, base_url=base_url, url_fetcher=Offline(fail_on_errors=True)).render(
                font_config=FontConfiguration(), pdf_tags=True
            )
    except FatalURLFetchingError as exc:
        raise PdfFetchRefused(str(exc).rsplit(" ", 1)[-1]) from None


def _base_url(renderer: Renderer, slug: str) -> str | None:
    """Links in the PDF resolve against the worksheet page's public address."""
    site_url = renderer.config.site_url
    if not site_url:
        return None
    page = markup.page_url(markup.page_src("worksheet", slug), renderer.config.directory_urls)
    return site_url.rstrip("/") + "/" + page


def source_date() -> str | None:
    """The reproducible-builds date (SOURCE_DATE_EPOCH) in W3C form, or None to write no date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
