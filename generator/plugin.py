"""The MkDocs plugin: a thin adapter from MkDocs events to the generator core.

Hook order (all default priority unless noted):

- ``on_config``: load and check ``content/``; stop the build with every error at once.
  Adds the stylesheet, the theme settings (``config.extra.guidecraft``) and the nav.
- ``on_files``: drop the YAML sources and add the generated pages and assets as
  ``File.generated`` files. Nothing is written into the content folder.
- ``on_page_markdown`` (priority -100, after other plugins) and ``on_page_content``
  (priority 100, before them): generated pages' pre-rendered HTML blocks skip
  Python-Markdown (see ``htmlstash``); the built HTML is the same.
- ``on_post_build``: with ``search: pagefind`` (the default), index the built site
  (``generator.search.index_site``).
- ``on_serve``: watch the content and template folders.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from . import assets, htmlstash, search
from .diagnostics import ContentError
from .loading import Content, load_content
from .rendering import Renderer, SiteOptions

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("guidecraft")


class GuidecraftConfig(Config):
    enabled = c.Type(bool, default=True)
    content_dir = c.Optional(c.Type(str))
    """The content folder; defaults to ``docs_dir``."""
    templates_dir = c.Optional(c.Type(str))
    """Where an author's template overrides live; defaults to the theme's ``custom_dir``."""
    worksheet_pdfs = c.Choice(("auto", "true", "false"), default="auto")
    """Build a blank PDF of each worksheet: ``auto`` does so when WeasyPrint is installed."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """Search: ``pagefind`` (fragments loaded per query, see generator/search.py) or Material's own."""


class GuidecraftPlugin(BasePlugin[GuidecraftConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.content: Content | None = None
        self.renderer: Renderer | None = None
        self._stashed: dict[str, list[str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so the plugin object lives across ``mkdocs serve`` rebuilds."""

    def _content_dir(self, config: MkDocsConfig) -> Path:
        # Relative to mkdocs.yml, as MkDocs resolves docs_dir, not to the working folder.
        project = Path(config.config_file_path or ".").resolve().parent
        return project / (self.config.content_dir or config.docs_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = self._content_dir(config)
        project = Path(config.config_file_path or ".").resolve().parent
        try:
            content = load_content(root, relative_to=project)
        except ContentError as exc:
            raise PluginError(_report(exc)) from None
        for warning in content.warnings:
            log.warning(str(warning))
        language = str(config.theme.get("language") or content.site.model.language or "en")
        if content.site.model.language and content.site.model.language != language:
            log.warning(
                f"{content.site.path}:1:1: warning: language '{content.site.model.language}' differs from "
                f"theme.language '{language}' in mkdocs.yml; the site's interface follows mkdocs.yml"
            )
        template_dirs = []
        overrides = self.config.templates_dir or config.theme.custom_dir
        if overrides:
            template_dirs.append(Path(overrides))
        options = SiteOptions(
            language=language,
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
            template_dirs=tuple(template_dirs),
            worksheet_pdfs=self._pdfs_wanted(),
            site_url=config.site_url or "",
        )
        self.content = content
        self.renderer = Renderer(content, options)
        config.extra["guidecraft"] = self.renderer.theme_settings()
        # Search (issue 15): the theme shows Pagefind's box; Material's index is not built.
        config.extra["guidecraft"]["search"] = _choose_search(config, self.config.search)
        _add_theme_layer(config)
        for css in assets.STYLESHEETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        if config.nav is None:
            config.nav = self.renderer.nav()
        return config

    def _pdfs_wanted(self) -> bool:
        choice = self.config.worksheet_pdfs
        if choice == "false":
            return False
        available = assets.pdf_support()
        if not available:
            msg = "WeasyPrint is not installed, so worksheets have no PDF; install guidecraft[pdf] to add them"
            if choice == "true":
                raise PluginError(msg)
            log.warning(msg)
        return available

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.renderer is None:
            return None
        for f in list(files):
            if f.src_uri.endswith((".yaml", ".yml")):
                files.remove(f)
        project = Path(config.config_file_path or ".").resolve().parent
        try:
            pages = self.renderer.pages()
            extra = assets.site_assets(self.renderer)
        except ContentError as exc:  # found only while rendering, e.g. a worksheet PDF that needs a file
            raise PluginError(_report(exc)) from None
        for page in pages:
            edit = os.path.relpath(project / page.source, config.docs_dir) if page.source else None
            self._add(files, config, page.src, page.markdown, edit=edit)
        for dest, data in extra.items():
            self._add(files, config, dest, data)
        return files

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src: str, content: str | bytes, edit: str | None = None) -> None:
        existing = files.get_file_from_path(src)
        if existing is not None:
            files.remove(existing)
        new = File.generated(config, src, content=content)
        if edit is not None:
            new.edit_uri = Path(edit).as_posix()  # "edit this page" opens the YAML source
        files.append(new)

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
        if not kept:
            return None
        try:
            return htmlstash.restore_html(html, kept)
        except htmlstash.StashError as exc:
            raise PluginError(f"guidecraft: {page.file.src_uri}: {exc}") from None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Search (issue 15): index the built HTML; the core does the work.
        if self.config.enabled and self.config.search == "pagefind" and self.renderer is not None:
            try:
                search.index_site(Path(config.site_dir), language=self.renderer.options.language)
            except search.SearchIndexError as exc:
                raise PluginError(f"guidecraft: {exc}") from None

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        root = self._content_dir(config)
        if Path(root).resolve() != Path(config.docs_dir).resolve():
            server.watch(str(root))
        server.watch(str(resources.files("generator") / "templates"))
        return server


THEME_DIR = str(resources.files("generator") / "theme")


def _add_theme_layer(config: MkDocsConfig) -> None:
    """Put the package's theme layer after the author's ``custom_dir`` and before Material's own folders."""
    dirs = config.theme.dirs
    if THEME_DIR in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, THEME_DIR)


def _choose_search(config: MkDocsConfig, choice: str) -> str:
    """Search (issue 15): with Pagefind, Material's search plugin, if listed, builds no index and shows no box."""
    material = config.plugins.get("material/search")
    if choice == "material":
        if material is None or not material.config.enabled:
            raise PluginError("guidecraft: search: material needs Material's search plugin; list 'search' in plugins")
        return choice
    if material is not None and material.config.enabled:
        material.config.enabled = False
        log.info("search is Pagefind, so Material's search plugin is turned off (search: material keeps it)")
    return choice


def _report(exc: ContentError) -> str:
    n = len(exc.errors)
    lines = [f"guidecraft: {n} error{'s' if n != 1 else ''} in content; nothing was built"]
    lines += [str(d) for d in exc.diagnostics]
    return "\n".join(lines)
