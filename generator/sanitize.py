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

The allow-list applies to the HTML the browser gets, not only to what markdown-it made. The
generated page is Markdown, and MkDocs runs Python-Markdown over it: text that nh3 saw as
text (``![i](data:,x){: onerror=...}`` after an inline tag) would become tags there. So
trusted HTML leaves :func:`trusted_block` and :func:`trusted_inline` between two comments
that content can never write (nh3 drops comments, and escapes ``<`` in text and attribute
values), block HTML also inside a ``<div>`` so Python-Markdown keeps it as one raw block,
with ``[``, ``]``, ``{`` and ``}`` in its text written as character references (the same
text to a reader, no link, image or attr_list syntax to Python-Markdown), and
:func:`clean_trusted_regions` runs the allow-list again over every such region of the
converted page, then removes the comments.
"""

from __future__ import annotations

import re
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


TRUSTED_OPEN = "<!--gc-html-->"
TRUSTED_CLOSE = "<!--/gc-html-->"
# On lines of their own, so no Markdown construct that ends at a line's end (a reference
# definition, a heading) takes a mark into its text.
_TRUSTED_REGION = re.compile(re.escape(TRUSTED_OPEN) + "\n?(.*?)\n?" + re.escape(TRUSTED_CLOSE), re.S)


class TrustedHtmlError(Exception):
    """A page holds half of a trusted-HTML region, so the allow-list cannot be applied to it."""


_TAG = re.compile(r"(<[^>]*>)")  # nh3 escapes "<" and ">" in text and attribute values, so every "<" opens a tag
_MARKDOWN_SYNTAX = str.maketrans({"[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"})


def _inert(html: str) -> str:
    """Cleaned HTML whose text holds no link, image, reference or attr_list syntax for Python-Markdown.

    The browser shows the same characters. This matters where a template puts the HTML in a
    Markdown paragraph: a ``{: onclick=...}`` line would otherwise give the paragraph, which
    starts before the trusted region, an attribute.
    """
    parts = _TAG.split(html)
    parts[::2] = [text.translate(_MARKDOWN_SYNTAX) for text in parts[::2]]
    return "".join(parts)


def trusted_block(html: str) -> str:
    """Trusted block HTML, cleaned and marked, in a ``<div>`` that Python-Markdown keeps as one raw block."""
    cleaned = _inert(clean_html(html))
    return f'<div class="gc-html">{TRUSTED_OPEN}\n{cleaned}\n{TRUSTED_CLOSE}</div>' if cleaned else ""


def trusted_inline(html: str) -> str:
    """Trusted inline HTML, cleaned and marked (it goes inside the page's own elements)."""
    cleaned = _inert(clean_html(html))
    return f"{TRUSTED_OPEN}\n{cleaned}\n{TRUSTED_CLOSE}" if cleaned else ""


def clean_trusted_regions(html: str) -> str:
    """A converted page with the allow-list applied again to every trusted region, and the marks removed.

    Whatever Python-Markdown (or an extension) made of the text inside a region stays inside
    it, so nothing the allow-list refuses reaches the page by that route either.
    """
    if TRUSTED_OPEN not in html and TRUSTED_CLOSE not in html:
        return html
    out = _TRUSTED_REGION.sub(lambda m: clean_html(m.group(1)), html)
    if TRUSTED_OPEN in out or TRUSTED_CLOSE in out:
        raise TrustedHtmlError(
            "trusted HTML from content lost its start or end in the Markdown conversion, so it cannot be "
            "checked; a Markdown extension or template override changed it"
        )
    return out
