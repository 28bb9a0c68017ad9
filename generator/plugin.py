"""The MkDocs plugin: a thin adapter from MkDocs events to the engine-neutral :class:`~generator.site.Site`.

Hook order (all default priority unless noted):

- ``on_config``: refuse settings that would fetch from another host or lose the theme layer;
  load and check ``content/`` (every error at once stops the build); log every lint as a
  warning with its ``path:line:col``, so ``mkdocs build --strict`` refuses what
  ``guidecraft check --strict`` refuses; add the theme layer, stylesheets, Markdown
  extensions, theme settings (``extra.guidecraft``) and the nav.
- ``on_files``: drop the YAML sources and anything else the content folder must not publish
  (``loading.is_published``); add the generated pages and assets as ``File.generated``
  files. Nothing is written into the content folder.
- ``on_page_markdown`` (priority -100, after other plugins) and ``on_page_content``
  (priority 100, before them): generated pages' pre-rendered HTML skips Python-Markdown;
  then trusted HTML from content (``allow_html``) passes the allow-list again, after
  Python-Markdown (``sanitize.clean_trusted_regions``).
- ``on_nav``, ``on_page_context`` and ``on_post_page``: in a site with several languages, each
  page gets its language's nav, theme words, crisis lines, switch and ``hreflang`` links
  (:mod:`generator.mkdocs_languages`); nothing changes for a site in one language.
- ``on_post_page``: then the page without its templates' indentation (``generator.compact``).
- ``on_post_build``: with ``search: pagefind`` (the default), index the built site
  (``Site.index_search``, which runs ``generator.search.index_site``; under ``guidecraft serve``,
  in the background).
- ``on_serve``: watch the content and template folders.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import htmlstash, sanitize
from .compact import squeeze_html
from .diagnostics import ContentError
from .lint import LINT_KINDS
from .loading import is_published
from .mkdocs_config import apply_site, engine_problems, run_options, site_config
from .mkdocs_languages import LanguageNavs, sitemap_alternates
from .search import SearchIndexError
from .settings import SEARCH_ENGINES, SiteError
from .site import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger("guidecraft")


class _TrueFalseAuto(c.BaseConfigOption[Any]):
    """``true``, ``false`` (YAML booleans or the words) or ``auto``; ``auto`` becomes ``None``."""

    def __init__(self, default: str = "auto") -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool | None:
        if value in (True, "true"):
            return True
        if value in (False, "false"):
            return False
        if value in (None, "auto"):
            return None
        raise ValidationError(f"{value!r} is not valid, expected true, false or auto")


class GuidecraftConfig(Config):
    enabled = c.Type(bool, default=True)
    """``false`` builds the site as if the plugin were not listed."""
    content_dir = c.Optional(c.Type(str))
    """The content folder, relative to mkdocs.yml; defaults to ``docs_dir``."""
    templates_dir = c.Optional(c.Type(str))
    """Where an author's template overrides live; defaults to the theme's ``custom_dir``."""
    worksheet_pdfs = _TrueFalseAuto(default="auto")
    """Build a blank PDF of each worksheet: ``auto`` does so when WeasyPrint is installed."""
    disable_lints = c.ListOfItems(c.Choice(LINT_KINDS), default=[])
    """Lint kinds not to report during the build (``guidecraft check`` still reports them)."""
    search = c.Choice(SEARCH_ENGINES, default="pagefind")
    """Search: ``pagefind`` (fragments loaded per query, see generator/search.py) or Material's own."""


class GuidecraftPlugin(BasePlugin[GuidecraftConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self._stashed: dict[str, list[str]] = {}
        self._languages: LanguageNavs | None = None  # a site in several languages: each page's own
        self._outside_nav: frozenset[str] = frozenset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so the plugin object lives across ``mkdocs serve`` rebuilds. What a command adds to a
        build (``--today``, ``guidecraft serve``'s load cache and indexer) comes with each loaded config
        (:func:`generator.mkdocs_config.run_options`), never on this object."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        problems = engine_problems(config)
        if problems:
            raise PluginError("guidecraft: " + "\nguidecraft: ".join(problems))
        try:
            site = Site(site_config(config))
            site.content  # noqa: B018 - load now, so content errors stop the build before anything else
            lints = site.lints
            site.pdfs_enabled  # noqa: B018
        except ContentError as exc:
            for d in site.lints_despite(exc):  # the files that did load still show their warnings
                log.warning(str(d))
            raise PluginError(_report(exc)) from None
        except SiteError as exc:
            raise PluginError(f"guidecraft: {exc}") from None
        for d in lints:
            log.warning(str(d))
        for note in site.notes + site.content.notes:
            log.info(note)
        self.site = site
        # Pages the generated nav leaves out on purpose (long sections; their index page lists them).
        self._outside_nav = site.pages_outside_nav if config.nav is None else frozenset()
        apply_site(config, site)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.site is None:
            return None
        # MkDocs lists every file in docs_dir; only what is_published allows goes into the site as it is.
        root = self.site.config.content_dir
        for f in list(files):
            source = Path(f.abs_src_path) if f.abs_src_path else None
            if f.src_uri.endswith((".yaml", ".yml")) or (source is not None and not is_published(root, source)):
                files.remove(f)
        try:
            pages, extra = self.site.pages, self.site.assets
        except ContentError as exc:  # found only while rendering, e.g. a worksheet PDF that needs a file
            raise PluginError(_report(exc)) from None
        project = self.site.config.project_dir
        for page in pages:
            edit = os.path.relpath(project / page.source, config.docs_dir) if page.source else None
            inclusion = InclusionLevel.NOT_IN_NAV if page.src in self._outside_nav else InclusionLevel.UNDEFINED
            _add(files, config, page.src, page.markdown, edit=edit, inclusion=inclusion)
        for dest, data in extra.items():
            _add(files, config, dest, data)
        return files

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Only pages this plugin generated: their HTML came from markdown-it, and no Markdown
        # link points at an id inside it, so MkDocs' anchor checks lose nothing.
        if not self.config.enabled or page.file.generated_by is None:
            return None
        markdown, kept = htmlstash.stash_html(markdown)
        if kept:
            self._stashed[page.file.src_uri] = kept
        return markdown

    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        kept = self._stashed.pop(page.file.src_uri, None)
        try:
            if kept:
                html = htmlstash.restore_html(html, kept)
            return sanitize.clean_trusted_regions(html)
        except (htmlstash.StashError, sanitize.TrustedHtmlError) as exc:
            raise PluginError(f"guidecraft: {page.file.src_uri}: {exc}") from None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        multilingual = self.config.enabled and self.site is not None and self.site.multilingual
        self._languages = LanguageNavs(self.site, nav) if multilingual and self.site is not None else None
        return nav

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self._languages is None or self.site is None:
            return context
        self._languages.site = self.site  # guidecraft serve swaps in the updated site between saves
        return self._languages.page_context(context, page, config)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self._languages is not None:
            output = self._languages.post_page(output, page, config)
        # Without the templates' indentation and blank lines: a seventh of a page (generator/compact.py).
        return squeeze_html(output) if self.config.enabled else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._languages is not None and self.site is not None:
            sitemap_alternates(self.site, Path(config.site_dir), config)
        if self.site is not None:
            try:
                self.site.index_search(Path(config.site_dir), background=run_options(config).indexer)
            except SearchIndexError as exc:
                raise PluginError(f"guidecraft: {exc}") from None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.site is None:
            return server
        content = self.site.config.content_dir
        if content.resolve() != Path(config.docs_dir).resolve():
            server.watch(str(content))
        server.watch(str(self.site.theme_dir.parent / "templates"))
        return server


def _add(
    files: Files,
    config: MkDocsConfig,
    src: str,
    content: str | bytes,
    edit: str | None = None,
    inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
) -> None:
    existing = files.get_file_from_path(src)
    if existing is not None:
        files.remove(existing)
    new = File.generated(config, src, content=content, inclusion=inclusion)
    if edit is not None:
        new.edit_uri = Path(edit).as_posix()  # "edit this page" opens the YAML source
    files.append(new)


def _report(exc: ContentError) -> str:
    n = len(exc.errors)
    lines = [f"guidecraft: {n} error{'s' if n != 1 else ''} in content; nothing was built"]
    lines += [str(d) for d in exc.diagnostics]
    return "\n".join(lines)
