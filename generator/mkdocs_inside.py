"""The one place that reaches inside MkDocs: ``guidecraft serve``'s per-page rebuild.

Why it exists: MkDocs has no public API to rebuild one page. ``mkdocs serve`` rebuilds the whole
site on every save (25 s at 1,000 topics). Rebuilding only what a save reaches needs MkDocs' own
per-page steps, which are private (``mkdocs.commands.build._populate_page``, ``_build_page``,
``_build_theme_template``, ``_build_extra_template``); the search plugin's index has no way to keep
a page's entries from one build to the next; and the live-reload server has no hook to add to the
pages it sends, nor a public way to work out the address it serves at. Everything of that kind is
in this module, written against MkDocs 1.6 (``mkdocs<2``), so an MkDocs upgrade has one module to
check; no other module uses a private name of MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import InclusionLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def serve_url(host: str, port: int, path: str) -> str:
    """The address MkDocs' live-reload server serves the site at (as ``mkdocs serve`` works it out)."""
    from mkdocs.livereload import _serve_url

    return _serve_url(host, port, path)


class PageSteps:
    """MkDocs' own steps for one page and for the theme's templates, as a full build runs them."""

    @staticmethod
    def populate(page: Page, config: MkDocsConfig, files: Files) -> None:
        """Read the page's Markdown and render it to HTML (its ``content``, title and table of contents)."""
        mkdocs_build._populate_page(page, config, files)

    @staticmethod
    def write(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: Any) -> None:
        """Render the page through the theme and write it into the site folder."""
        excluded = page.file.inclusion.is_excluded()
        mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)

    @staticmethod
    def write_templates(config: MkDocsConfig, files: Files, nav: Navigation, env: Any) -> None:
        """The theme's static templates (``404.html``, ``sitemap.xml``) and the site's extra templates."""
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)


def _search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def _search_index(config: MkDocsConfig) -> Any:
    return getattr(_search_plugin(config), "search_index", None)


class SearchEntries:
    """The search plugin's index, kept by page: a page whose content has not changed since the last
    build keeps its entries instead of being indexed again, and the index is put together from
    every page's entries in the order a full build writes them."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[dict[str, Any]]] = {}
        self.kept: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        """``src_uri``: (the page's HTML when it was indexed, its entries)."""
        self._wrapped: Any = None

    @staticmethod
    def supported(config: MkDocsConfig) -> bool:
        """Whether the site's search plugin (if any) indexes pages the way this expects."""
        return _search_plugin(config) is None or hasattr(_search_index(config), "add_entry_from_context")

    def clear(self) -> None:
        """Before a full build: every page is indexed again (or takes the entries it kept)."""
        self.by_page.clear()

    def wrap(self, config: MkDocsConfig) -> None:
        """Index each page once: its entries are taken out of the index and kept by page."""
        index = _search_index(config)
        if index is None or index is self._wrapped:
            return
        original = index.add_entry_from_context
        by_page, kept = self.by_page, self.kept

        def add_entry_from_context(page: Page) -> None:
            src = page.file.src_uri
            if src in kept and kept[src][0] is page.content:
                by_page[src] = kept[src][1]
                return
            start = len(index.entries)
            original(page)
            by_page[src] = index.entries[start:]
            del index.entries[start:]

        # The search plugin calls its index's method from its own on_page_context; there is no hook
        # between the page and its entries, so the method is replaced on this one index object.
        index.add_entry_from_context = add_entry_from_context
        self._wrapped = index

    def remember(self, page: Page) -> None:
        """After the search plugin indexed ``page``: keep its entries with the HTML they came from."""
        entries = self.by_page.get(page.file.src_uri)
        if entries is not None and page.content is not None:
            self.kept[page.file.src_uri] = (page.content, entries)

    def assemble(self, config: MkDocsConfig, files: Files) -> None:
        """Put the index together from each page's entries, before the search plugin writes it."""
        index = _search_index(config)
        if index is None:
            return
        index.entries = [
            entry
            for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for entry in self.by_page.get(f.src_uri, ())
        ]


def server_class(banner: Callable[[bytes], bytes]) -> type:
    """MkDocs' live-reload server, which also passes every page it sends through ``banner``."""
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        """MkDocs' live-reload server, which also shows the last build's problems on each page."""

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            return banner(super()._inject_js_into_html(content, epoch))

    return PreviewServer
