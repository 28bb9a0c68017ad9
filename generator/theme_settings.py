"""What the theme layer shows from the site (crisis lines, interface words, reader-safety settings),
typed, and escaped once, by :func:`theme_extra`, where it leaves the core.

MkDocs renders theme templates without autoescaping, so the engine adapter hands the theme
:func:`theme_extra`'s dict (``config.extra.guidecraft``), never the text itself.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import markup, sanitize
from .navigation import SAFER_SRC

if TYPE_CHECKING:
    from .i18n import Messages
    from .models import CrisisRegion, SiteSettings

SEARCH_MESSAGES = ("search_label", "search_placeholder", "search_clear", "search_hint", "search_results")
"""The search box's words in the page; search.js carries the rest (assets.search_runtime)."""

THEME_MESSAGES = (
    "crisis_banner_lead",
    "crisis_banner_call",
    "crisis_banner_link",
    "disclaimer_title",
    "privacy_note",
    "not_found_title",
    "not_found_body",
    "not_found_home",
    "get_help_title",
    *SEARCH_MESSAGES,
)
"""Interface words the theme templates show (``gc.messages``), besides ``crisis_banner_emergency``."""

QUICK_EXIT_MESSAGES = ("quick_exit_shift_two", "quick_exit_shift_one", "quick_exit_expired", "quick_exit_leaving")


@dataclass(frozen=True)
class CrisisLineSettings:
    """One crisis line as the banner and footer show it (text, not HTML)."""

    name: str
    phone: str | None
    text: str | None
    hours: str | None


@dataclass(frozen=True)
class RegionSettings:
    """The region whose crisis lines every page shows."""

    code: str
    name: str
    emergency: str
    lines: tuple[CrisisLineSettings, ...]


@dataclass(frozen=True)
class QuickExitSettings:
    """ "Exit this page": where it leads, its words, and the "Browse more safely" page."""

    url: str
    label: str
    messages: tuple[tuple[str, str], ...]
    """``(key, words)`` for the script's announcements."""
    safer_title: str
    safer_url: str
    """The "Browse more safely" page's address, relative to the site root."""


@dataclass(frozen=True)
class ThemeSettings:
    """Everything the theme templates read, as text; :func:`theme_extra` escapes it for them."""

    language: str
    region: RegionSettings
    disclaimer_html: str
    """Already HTML: the disclaimer through markdown-it (and the allow-list), shown as it is."""
    quick_exit: QuickExitSettings | None
    """``None`` when the site does not turn it on."""
    remember_color_scheme: bool
    print_help: str
    """The crisis line printed on paper (:func:`print_help`)."""
    messages: tuple[tuple[str, str], ...]
    """``(key, words)``: :data:`THEME_MESSAGES` and ``crisis_banner_emergency``."""
    search: str
    """The site's search engine (``pagefind`` or ``material``)."""
    prefix: str = ""
    """The language's folder (``es/``) in a site of several languages; empty for the main language."""


def print_help(region: CrisisRegion, t: Messages) -> str:
    """The crisis line printed on paper: the region's first line to call (as on the banner) and its
    emergency number, in plain text."""
    first = next((line for line in region.lines if line.phone), region.lines[0])
    if first.phone:
        reach = f"{t.crisis_banner_call} {first.name}: {first.phone}."
    else:
        reach = f"{first.name}: {first.text or first.url or first.sms}."
    return f"{t.crisis_banner_lead} {reach} {t('crisis_banner_emergency', number=region.emergency)}"


def theme_settings(
    site: SiteSettings, t: Messages, *, language: str, directory_urls: bool, search: str, prefix: str = ""
) -> ThemeSettings:
    """The theme's settings for pages in ``language`` (whose words ``t`` holds), under ``prefix``."""
    region = site.crisis_region()
    lines = tuple(CrisisLineSettings(line.name, line.phone, line.text, line.hours) for line in region.lines)
    messages = tuple(t.subset(*THEME_MESSAGES).items())
    messages += (("crisis_banner_emergency", t("crisis_banner_emergency", number=region.emergency)),)
    return ThemeSettings(
        language=language,
        region=RegionSettings(region.code, region.name, region.emergency, lines),
        # The theme shows it as it is (no Python-Markdown), so the trusted-HTML marks come off here.
        disclaimer_html=sanitize.clean_trusted_regions(
            markup.render_block(site.disclaimer, allow_html=site.allow_html)
        ),
        quick_exit=_quick_exit(site, t, directory_urls, prefix),
        remember_color_scheme=site.remember_color_scheme,
        print_help=print_help(region, t),
        messages=messages,
        search=search,
        prefix=prefix,
    )


def _quick_exit(site: SiteSettings, t: Messages, directory_urls: bool, prefix: str) -> QuickExitSettings | None:
    exit_ = site.quick_exit
    if exit_ is None:
        return None
    return QuickExitSettings(
        url=exit_.url,
        label=exit_.label or t.quick_exit_label,
        messages=tuple(t.subset(*QUICK_EXIT_MESSAGES).items()),
        safer_title=t.safer_title,
        safer_url=prefix + markup.page_url(SAFER_SRC, directory_urls),
    )


# --------------------------------------------------------------------------- leaving the core


def theme_extra(settings: ThemeSettings) -> dict[str, Any]:
    """The theme's ``extra.guidecraft``: every text HTML-escaped, here and only here, because MkDocs
    renders theme templates without autoescaping. Addresses and the disclaimer's HTML stay as they are."""
    esc = _escape
    region = settings.region
    lines = [
        {
            "name": esc(line.name),
            "phone": esc(line.phone),
            "tel": _tel(line.phone) if line.phone else None,
            "text": esc(line.text),
            "hours": esc(line.hours),
        }
        for line in region.lines
    ]
    out: dict[str, Any] = {
        "language": settings.language,
        "region": {
            "code": region.code,
            "name": esc(region.name),
            "emergency": esc(region.emergency),
            "emergency_tel": _tel(region.emergency),
            "lines": lines,
            # The crisis banner shows the first line a reader can call.
            "banner_line": next((line for line in lines if line["tel"]), None),
        },
        "disclaimer_html": settings.disclaimer_html,
        # Reader safety (issue 13): the exit control, whether the colour scheme may be stored,
        # and the crisis line printed on paper (as HTML text and as a CSS string for @page).
        "quick_exit": _quick_exit_extra(settings.quick_exit),
        "remember_color_scheme": settings.remember_color_scheme,
        "print_help": esc(settings.print_help),
        "print_help_css": _css_string(settings.print_help),
        "messages": {k: esc(v) for k, v in settings.messages},
        "search": settings.search,
    }
    if settings.prefix:
        out["prefix"] = settings.prefix
    return out


def _quick_exit_extra(exit_: QuickExitSettings | None) -> dict[str, Any] | None:
    if exit_ is None:
        return None
    return {
        "url": html.escape(exit_.url),
        "label": html.escape(exit_.label),
        "messages": {k: html.escape(v) for k, v in exit_.messages},
        "safer_title": html.escape(exit_.safer_title),
        "safer_url": exit_.safer_url,
    }


def _escape(text: str | None) -> str | None:
    return html.escape(text) if text is not None else None


def _css_string(text: str) -> str:
    """A CSS string literal that nothing in ``text`` can break out of (not even ``</style>``)."""
    escapes = {"\\": "\\5c ", '"': "\\22 ", "<": "\\3c ", ">": "\\3e ", "&": "\\26 ", "\n": "\\a ", "\r": ""}
    return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'


def _tel(number: str | None) -> str:
    return "".join(ch for ch in (number or "") if ch.isdigit() or ch == "+")
