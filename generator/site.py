"""The engine-neutral site: settings in; content, pages, assets, nav, theme settings, lints and PDFs out.

One :class:`Site` per build. Each product is computed once, on first use, in pipeline order:
content (loading) -> PDFs -> pages (rendering) -> assets, nav, theme settings -> lints.
The MkDocs plugin, the ``guidecraft`` command and ``guidecraft export`` each build a
:class:`SiteConfig` from their own settings and drive a :class:`Site`; none of them holds
logic of its own, and none imports another. A second engine (Zensical) is one more adapter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from . import pdf, search
from .assets import STYLESHEETS, pdf_support, site_assets
from .diagnostics import ContentError, Diagnostic
from .lint import LINT_KINDS, lint
from .loading import Content, LoadCache, load_content
from .rendering import GeneratedPage, Renderer, SiteOptions

THEME_DIR = Path(str(resources.files("generator") / "theme"))
"""The theme layer every guidecraft site needs: crisis banner, notices, 404 page, asset tags.

Engines put it after the author's own theme folder and before Material's, so an author can
still override any file in it.
"""

MARKDOWN_EXTENSIONS: tuple[str, ...] = ("attr_list", "md_in_html", "admonition", "pymdownx.details", "tables", "toc")
"""Python-Markdown extensions the generated pages use; adapters switch on any the site lacks."""

SUPPORTED_THEMES = ("material",)
SEARCH_ENGINES = ("pagefind", "material")


class SiteError(Exception):
    """A site setting that cannot work; one line that names the setting and the fix."""


@dataclass(frozen=True)
class SiteConfig:
    """What a build needs to know, in engine-neutral terms."""

    content_dir: Path
    project_dir: Path
    """Paths in messages are shown relative to this folder (where mkdocs.yml is)."""
    language: str | None = None
    """The interface language (theme.language); ``None`` takes site.yaml's, then English."""
    site_name: str = ""
    site_url: str = ""
    directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()
    """Folders whose templates replace the package's (an author's ``custom_dir``)."""
    worksheet_pdfs: bool | None = None
    """``True``: PDFs are required; ``False``: none; ``None`` (auto): when WeasyPrint is installed."""
    disabled_lints: frozenset[str] = frozenset()
    today: dt.date | None = None
    """The date review lints compare against; today when not given (tests pin it)."""
    search: str = "pagefind"
    """``pagefind``: index the built HTML (:meth:`Site.index_search`); ``material``: the engine's own search."""
    cache_dir: Path | None = None
    """Where lints keep results between builds (``.cache/guidecraft`` beside mkdocs.yml); ``None``: nowhere."""

    def __post_init__(self) -> None:
        if self.search not in SEARCH_ENGINES:
            raise SiteError(f"search is '{self.search}', expected one of: {', '.join(SEARCH_ENGINES)}")
        unknown = sorted(set(self.disabled_lints) - set(LINT_KINDS))
        if unknown:
            raise SiteError(
                f"unknown lint {', '.join(repr(u) for u in unknown)} in disable_lints, "
                f"expected some of: {', '.join(LINT_KINDS)}"
            )


@dataclass
class Site:
    """A guidecraft site, computed lazily and once from a :class:`SiteConfig`."""

    config: SiteConfig
    notes: list[str] = field(default_factory=list)
    """Information for the author that is not a problem (for example: PDFs are off, and why)."""
    load_cache: LoadCache | None = field(default=None, repr=False)
    """Content files already loaded, reused when unchanged (``guidecraft serve`` keeps one)."""

    @cached_property
    def content(self) -> Content:
        """The content folder, loaded and checked. Raises :class:`ContentError` with every problem."""
        return load_content(self.config.content_dir, relative_to=self.config.project_dir, cache=self.load_cache)

    def with_content(self, content: Content) -> Site:
        """This site with changed topics, quizzes or worksheets (same settings and site.yaml).

        Settings, theme settings, PDFs and compiled templates carry over; pages, nav and lints
        are worked out again when asked for. See :mod:`generator.incremental`.
        """
        other = Site(self.config, notes=list(self.notes), load_cache=self.load_cache)
        for name in ("language", "pdfs_enabled", "pdfs", "assets", "theme_settings"):
            if name in self.__dict__:
                other.__dict__[name] = self.__dict__[name]
        other.__dict__["content"] = content
        other.__dict__["renderer"] = self.renderer.with_content(content)
        return other

    @cached_property
    def language(self) -> str:
        return self.config.language or self.content.site.model.language or "en"

    @cached_property
    def pdfs_enabled(self) -> bool:
        choice = self.config.worksheet_pdfs
        if choice is False:
            return False
        if pdf_support():
            return True
        if choice is True:
            raise SiteError(
                "worksheet_pdfs is true, but WeasyPrint is not installed; install guidecraft[pdf] "
                "(and Pango, see the README), or set worksheet_pdfs: auto"
            )
        self.notes.append(
            "worksheets have no PDF because WeasyPrint is not installed; install guidecraft[pdf] to add them"
        )
        return False

    @cached_property
    def renderer(self) -> Renderer:
        options = SiteOptions(
            language=self.language,
            site_name=self.config.site_name,
            directory_urls=self.config.directory_urls,
            template_dirs=self.config.template_dirs,
            worksheet_pdfs=self.pdfs_enabled,
            site_url=self.config.site_url,
        )
        return Renderer(self.content, options)

    @cached_property
    def pdfs(self) -> dict[str, bytes]:
        """Each worksheet's blank PDF by destination path; made before the pages, which show their size."""
        if not self.pdfs_enabled:
            return {}
        return pdf.render_worksheet_pdfs(self.renderer)

    @cached_property
    def pages(self) -> list[GeneratedPage]:
        sizes = {slug: len(self.pdfs[pdf.pdf_path(slug)]) for slug in self.content.worksheets if self.pdfs}
        return self.renderer.pages(pdf_sizes=sizes)

    @cached_property
    def assets(self) -> dict[str, bytes]:
        """Every file that is not a page (stylesheets, scripts, PDFs), by destination path."""
        return site_assets(self.renderer.t) | self.pdfs

    @cached_property
    def nav(self) -> list[Any]:
        return self.renderer.nav()

    @cached_property
    def theme_settings(self) -> dict[str, Any]:
        """What the theme layer reads (``extra.guidecraft``): crisis lines and interface words, escaped."""
        return self.renderer.theme_settings() | {"search": self.config.search}

    def index_search(
        self, site_dir: Path, *, background: search.BackgroundIndexer | None = None
    ) -> search.SearchStats | None:
        """With ``search: pagefind``, index the built site in ``site_dir``, in the site's language.

        With ``background`` (``guidecraft serve``), ask it to and return at once: the pages show
        before their search index is written, and the next rebuild does not wait for it.
        """
        if self.config.search != "pagefind":
            return None
        if background is not None:
            background.request(site_dir, language=self.language)
            return None
        return search.index_site(site_dir, language=self.language)

    @property
    def page_srcs(self) -> list[str]:
        """Every generated page's source path, worked out without rendering the pages (or printing the
        worksheet PDFs they wait for), so ``guidecraft check`` needs neither."""
        if "pages" in self.__dict__:
            return [p.src for p in self.pages]
        return self.renderer.page_srcs()

    @cached_property
    def pages_outside_nav(self) -> frozenset[str]:
        """Generated pages the nav leaves out because their section is too long to list; an index page
        lists them (see :data:`generator.rendering.NAV_SECTION_MAX`). Engines mark them "not in nav"."""
        return frozenset(self.page_srcs) - set(_nav_srcs(self.nav))

    @cached_property
    def lints(self) -> list[Diagnostic]:
        """Every ``guidecraft check`` warning, minus the kinds the site turned off."""
        found = lint(
            self.content,
            language=self.language,
            today=self.config.today,
            page_srcs=self.page_srcs,
            directory_urls=self.config.directory_urls,
            cache_dir=self.config.cache_dir,
        )
        site_language = self.content.site.model.language
        if self.config.language and site_language and site_language != self.config.language:
            found.append(
                Diagnostic(
                    self.content.site.path,
                    1,
                    1,
                    "warning",
                    f"language '{site_language}' differs from theme.language '{self.config.language}' in "
                    "mkdocs.yml, expected them to agree; the interface follows mkdocs.yml",
                    "language",
                )
            )
        return sorted(d for d in found if d.kind not in self.config.disabled_lints)

    stylesheets = STYLESHEETS
    theme_dir = THEME_DIR
    markdown_extensions = MARKDOWN_EXTENSIONS


def _nav_srcs(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_srcs(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_srcs(item)


def check_engine_settings(
    *,
    theme: str | None,
    extra_css: list[str],
    extra_javascript: list[str],
    repo_url: str | None = None,
    analytics: Any = None,
) -> list[str]:
    """Problems that would make a built page ask another host for something, or lose the theme layer.

    Each is one line that names the setting and the fix.
    """
    problems = []
    if theme not in SUPPORTED_THEMES:
        problems.append(
            f"theme.name is '{theme}', but guidecraft needs the Material theme for its crisis banner and "
            "notices; expected theme: {name: material}"
        )
    for setting, urls in (("extra_css", extra_css), ("extra_javascript", extra_javascript)):
        for url in urls:
            if _other_host(url):
                problems.append(
                    f"{setting} loads {url} from another host, which would tell that host about every reader; "
                    f"expected a file inside the site, such as {setting.split('_')[-1]}/{_file_name(url)}"
                )
    if repo_url:
        problems.append(
            f"repo_url is {repo_url}: Material would ask that host for the repository's star counts on every "
            "visit; expected no repo_url (put a plain link in site.yaml's home_intro instead)"
        )
    if analytics:
        problems.append("extra.analytics is set, but guidecraft sites track no one; expected no analytics")
    return problems


def _file_name(url: str) -> str:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def _other_host(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


__all__ = [
    "MARKDOWN_EXTENSIONS",
    "THEME_DIR",
    "ContentError",
    "Site",
    "SiteConfig",
    "SiteError",
    "check_engine_settings",
]
