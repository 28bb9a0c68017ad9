"""Markdown written in content fields, rendered to safe HTML with markdown-it-py.

Content is data, not code: raw HTML is shown as text unless the site opts in (and then
passes through the allow-list sanitiser in ``sanitize``), and markdown-it-py's link
validation drops ``javascript:`` and similar URLs. Links of
the form ``topic:SLUG``, ``quiz:SLUG`` and ``worksheet:SLUG`` become page URLs.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from . import sanitize
from .kinds import PAGE_FOLDERS

Resolver = Callable[[str, str, str], str]
_INTERNAL = re.compile(rf"^({'|'.join(PAGE_FOLDERS)}):([a-z0-9-]+)(?:#([a-z0-9-]+))?$")


def page_src(kind: str, slug: str) -> str:
    """The source path of a generated page, as MkDocs knows it."""
    return f"{PAGE_FOLDERS[kind]}/{slug}.md"


def page_url(src: str, directory_urls: bool) -> str:
    """The URL of a page, relative to the site root, as MkDocs builds it."""
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(from_src: str, to_src: str, directory_urls: bool, anchor: str = "") -> str:
    """A link from one page to another that works under any subpath."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(there or ".", base or ".") if there else posixpath.relpath(".", base or ".")
    if there.endswith("/") or not there:
        rel = rel.rstrip("/") + "/"
    if rel == "./":
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=2)
def _parser(allow_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table")

    def heading_open(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
        # Prose sits under the page's own h2/h3 headings, so its headings start at h4.
        level = min(int(tokens[idx].tag[1]) + 3, 6)
        tokens[idx].tag = f"h{level}"
        if idx + 2 < len(tokens) and tokens[idx + 2].type == "heading_close":
            tokens[idx + 2].tag = f"h{level}"
        return self.renderToken(tokens, idx, options, env)

    def link_open(self: Any, tokens: list[Any], idx: int, options: Any, env: dict[str, Any]) -> str:
        token = tokens[idx]
        href = token.attrGet("href") or ""
        m = _INTERNAL.match(href)
        if m and env.get("resolve"):
            token.attrSet("href", env["resolve"](m.group(1), m.group(2), m.group(3) or ""))
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("link_open", link_open)
    return md


def render_block(text: str | None, *, resolve: Resolver | None = None, allow_html: bool = False) -> str:
    """Markdown to HTML paragraphs and lists."""
    if not text:
        return ""
    out = _parser(allow_html).render(text, {"resolve": resolve}).strip()
    return sanitize.trusted_block(out) if allow_html else out


def render_inline(text: str | None, *, resolve: Resolver | None = None, allow_html: bool = False) -> str:
    """Markdown to inline HTML (no paragraph), for list items and short lines."""
    if not text:
        return ""
    out = _parser(allow_html).renderInline(text, {"resolve": resolve}).strip()
    return sanitize.trusted_inline(out) if allow_html else out


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(text: str) -> str:
    """Plain text made safe to place in generated Markdown: HTML-escaped, Markdown-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def plain_text(markdown: str | None) -> str:
    """Markdown reduced to plain text (for meta descriptions and PDFs)."""
    if not markdown:
        return ""
    tokens = _parser(False).parseInline(markdown.replace("\n", " "), {})
    out: list[str] = []
    for tok in tokens:
        for child in tok.children or []:
            if child.type in {"text", "code_inline"}:
                out.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()
