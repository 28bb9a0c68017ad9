"""A site in several languages, in MkDocs' terms: each page speaks its own language.

MkDocs builds one site with one nav and one ``theme.language``. For each page this module
(called from the plugin's ``on_page_context`` and ``on_post_page``) gives the theme:

- the page's language as ``theme.language``, so Material's own words and ``<html lang>`` follow it;
- the crisis lines and interface words of that language (``extra.guidecraft``), and the site's
  name in it (``site_name`` in site.<lang>.yaml);
- only that language's part of the nav;
- a language switch (Material's ``extra.alternate``: plain links, no JavaScript) that leads to the
  same page in each language, named in its own words;
  Material also writes ``<link rel="alternate" hreflang>`` for each of them into the head;
- the translations of each page in sitemap.xml (:func:`sitemap_alternates`, after the build);
- ``lang`` on the article of a page shown in the main language because it is not translated yet.

Everything is put back for the main language after each page, so the 404 page and a site in one
language are built exactly as before.
"""

from __future__ import annotations

import gzip
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from .i18n import Messages
from .markup import page_url
from .theme_settings import theme_extra

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .site import Site

ARTICLE = '<article class="md-content__inner md-typeset">'


class LanguageNavs:
    """Each language's part of a built nav: the main language's items, and each other language's section."""

    def __init__(self, site: Site, nav: Navigation) -> None:
        self.site = site
        self._palette: Any = None  # mkdocs.yml's, in the main language
        self._site_name: str | None = None  # mkdocs.yml's
        self.navs: dict[str, Navigation] = {}
        self._extras: dict[str, dict[str, Any]] = {}  # each language's escaped theme settings, made once
        prefixes = {lang: lc.prefix for lang, lc in site.languages.items() if lc.prefix}
        sections: dict[str, Section] = {}
        for item in nav.items:
            if isinstance(item, Section):
                pages = _pages(item)
                lang = next(
                    (lg for lg, p in prefixes.items() if pages and all(_src(pg).startswith(p) for pg in pages)), None
                )
                if lang is not None:
                    sections[lang] = item
        main_items = [item for item in nav.items if item not in sections.values()]
        main_pages = [p for p in nav.pages if not any(_src(p).startswith(pre) for pre in prefixes.values())]
        self.navs[site.language] = _navigation(main_items, main_pages)
        for lang, section in sections.items():
            self.navs[lang] = _navigation(list(section.children), _pages(section))

    def page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        src = _src(page)
        lang = self.site.page_language(src)
        if lang in self.navs:
            context["nav"] = self.navs[lang]
        config.theme["language"] = lang
        config.extra["guidecraft"] = self._extra(lang)
        if self._site_name is None:
            self._site_name = config.site_name
        config.site_name = self.site.languages[lang].site_name or self._site_name
        if self._palette is None:
            self._palette = config.theme.get("palette")
        config.theme["palette"] = _palette_in(self._palette, self.site.language, lang)
        directory_urls = config.use_directory_urls
        config.extra["alternate"] = [
            {"name": name, "link": page_url(other, directory_urls) or "./", "lang": code}
            for code, name, other in self.site.alternates(src)
        ]
        return context

    def post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        src = _src(page)
        lang = self.site.page_language(src)
        if lang != self.site.language and not self._translated(src, lang):
            output = output.replace(ARTICLE, ARTICLE[:-1] + f' lang="{self.site.language}">', 1)
        self.restore(config)
        return output

    def restore(self, config: MkDocsConfig) -> None:
        config.theme["language"] = self.site.language
        if self._site_name is not None:
            config.site_name = self._site_name
        if self._palette is not None:
            config.theme["palette"] = self._palette
        config.extra["guidecraft"] = self._extra(self.site.language)
        config.extra.pop("alternate", None)

    def _extra(self, lang: str) -> dict[str, Any]:
        if lang not in self._extras:
            self._extras[lang] = theme_extra(self.site.theme_settings_for(lang))
        return self._extras[lang]

    def _translated(self, src: str, lang: str) -> bool:
        lc = self.site.languages[lang]
        folder, _, rest = src[len(lc.prefix) :].partition("/")
        slug = rest[:-3] if rest.endswith(".md") else ""
        if "/" in slug or slug in {"", "index"}:
            return True  # the site's own pages (home, help, indexes) speak the reader's language
        return folder not in lc.translated or lc.is_translated(folder, slug)


def _palette_in(palette: Any, main: str, language: str) -> Any:
    """The colour scheme switch's words in ``language``, where mkdocs.yml has the words
    ``guidecraft init`` wrote in the main language; any other words stay as the author wrote them."""
    if language == main or not isinstance(palette, list):
        return palette
    ours, theirs = Messages(main), Messages(language)
    words = {ours.init_dark_mode: theirs.init_dark_mode, ours.init_light_mode: theirs.init_light_mode}
    out = []
    for scheme in palette:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict) and toggle.get("name") in words:
            scheme = {**scheme, "toggle": {**toggle, "name": words[toggle["name"]]}}
        out.append(scheme)
    return out


def _navigation(items: list[Any], pages: list[Page]) -> Navigation:
    nav = Navigation(items, pages)
    if nav.homepage is None and pages:
        nav.homepage = next((p for p in pages if _src(p).endswith("index.md")), pages[0])
    return nav


def _pages(section: Section) -> list[Page]:
    out: list[Page] = []
    for child in section.children:
        if isinstance(child, Page):
            out.append(child)
        elif isinstance(child, Section):
            out += _pages(child)
    return out


def _src(page: Page) -> str:
    return page.file.src_uri


SITEMAP_NS = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def sitemap_alternates(site: Site, site_dir: Path, config: MkDocsConfig) -> None:
    """Add each page's translations to sitemap.xml (and its .gz) as ``xhtml:link`` alternates.

    MkDocs lists pages only when ``site_url`` is set; then every generated page gets one
    ``<xhtml:link rel="alternate" hreflang>`` per site language, itself included.
    """
    sitemap = site_dir / "sitemap.xml"
    if not config.site_url or not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    if SITEMAP_NS not in text:  # not MkDocs' sitemap, or one this already completed (serve kept it)
        return
    base = config.site_url.rstrip("/") + "/"
    for page in site.pages:
        loc = f"<loc>{html.escape(base + page_url(page.src, config.use_directory_urls))}</loc>"
        links = "".join(
            f'\n         <xhtml:link rel="alternate" hreflang="{code}" '
            f'href="{html.escape(base + page_url(other, config.use_directory_urls))}"/>'
            for code, _, other in site.alternates(page.src)
        )
        text = text.replace(loc, loc + links, 1)
    text = text.replace(SITEMAP_NS, SITEMAP_NS[:-1] + ' xmlns:xhtml="http://www.w3.org/1999/xhtml">', 1)
    sitemap.write_text(text, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        mtime = int.from_bytes(packed.read_bytes()[4:8], "little")  # keep MkDocs' stamp: builds stay reproducible
        with packed.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=mtime) as gz:
            gz.write(text.encode("utf-8"))
