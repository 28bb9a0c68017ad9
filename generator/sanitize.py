"""Trusted HTML, made safe: an allow-list sanitiser for sites that set ``allow_html: true``.

With ``allow_html`` on, markdown-it passes raw HTML written in content through. Before it
reaches a page it goes through nh3, the Python binding of the Rust ammonia library: it
parses the HTML the way a browser does and keeps only the tags, attributes and URL schemes
listed here. Formatting survives; anything that can run code, load something from
elsewhere, send a form or change how the page looks from outside the content does not.

Rules, and why:

- Tags: text formatting, headings, lists, tables, quotes, links, images, ``details``.
  ``script``, ``style``, ``iframe``, ``object``, ``embed``, ``form``, ``input``, ``svg``,
  ``math``, ``template`` and the like are removed together with what is inside them.
- Attributes: a short list per tag. No ``on...`` handler, no ``style`` (it can load URLs
  and hide or fake parts of the page), no ``id`` or ``name`` (they could shadow elements
  the site's own scripts look up).
- URLs in ``href``, ``src`` and ``cite``: https, http, mailto and tel, or relative (the
  site's own links). ``javascript:``, ``data:``, ``vbscript:`` and every other scheme are
  dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

TAGS = frozenset(
    {
        # text
        "p", "br", "hr", "span", "div", "b", "strong", "i", "em", "u", "s", "del", "ins", "mark", "small",
        "sub", "sup", "abbr", "cite", "q", "code", "kbd", "samp", "var", "pre", "blockquote", "dfn", "time",
        "wbr", "bdi", "bdo",
        # headings
        "h1", "h2", "h3", "h4", "h5", "h6",
        # lists
        "ul", "ol", "li", "dl", "dt", "dd",
        # tables
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
        # links, pictures, disclosure
        "a", "img", "figure", "figcaption", "details", "summary",
    }
)  # fmt: skip

# Removed with everything inside them (the rest lose only their tags and keep their text).
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
     "svg", "math", "form", "textarea", "select", "button", "canvas", "audio", "video", "title"}
)  # fmt: skip

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "abbr": set(),
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "td": {"colspan", "rowspan", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
}

URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})


@lru_cache(maxsize=1)
def _cleaner() -> Callable[[str], str]:
    import nh3

    options: dict[str, Any] = {
        "tags": set(TAGS),
        "clean_content_tags": set(DROPPED_WITH_CONTENT),
        "attributes": {k: set(v) for k, v in ATTRIBUTES.items()},
        "url_schemes": set(URL_SCHEMES),
        "strip_comments": True,
        "link_rel": None,  # keep the author's own rel; links out send no Referer anyway (meta referrer)
    }
    if hasattr(nh3, "Cleaner"):  # nh3 0.3: the rules are compiled once
        return nh3.Cleaner(**options).clean  # type: ignore[no-any-return]
    return partial(nh3.clean, **options)


def clean_html(html: str) -> str:
    """Trusted HTML reduced to the allow-list above."""
    if not html:
        return html
    return _cleaner()(html)
