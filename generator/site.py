"""The engine-neutral site: settings in; content, pages, assets, nav, theme settings, lints and PDFs out.

One :class:`Site` per build. Each product is computed once, on first use, in pipeline order:
content (loading) -> PDFs -> pages (rendering) -> assets, nav, theme settings -> lints.
The MkDocs plugin, the ``guidecraft`` command and ``guidecraft export`` each build a
:class:`~generator.settings.SiteConfig` from their own settings and drive a :class:`Site`; none of them holds
logic of its own, and none imports another. A second engine (Zensical) is one more adapter.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from . import language_pages, markup, pdf, search
from . import languages as langs
from .assets import ASSET_DIR, STYLESHEETS, pdf_support, site_assets
from .diagnostics import ContentError, Diagnostic
from .documents import Content
from .i18n import LANGUAGES, UnknownLanguage
from .kinds import CONTENT_KINDS
from .lint import lint
from .loading import is_published, load_content
from .navigation import AZ_FOLDER, TOPICS_SRC, Nav, NavSection, nav_srcs
from .rendering import GeneratedPage, Renderer
from .settings import SiteConfig, SiteError
from .theme_settings import ThemeSettings

THEME_DIR = Path(str(resources.files("generator") / "theme"))
"""The theme layer every guidecraft site needs: crisis banner, notices, 404 page, asset tags.

Engines put it after the author's own theme folder and before Material's, so an author can
still override any file in it.
"""

MARKDOWN_EXTENSIONS: tuple[str, ...] = ("attr_list", "md_in_html", "admonition", "pymdownx.details", "tables", "toc")
"""Python-Markdown extensions the generated pages use; adapters switch on any the site lacks."""

SUPPORTED_THEMES = ("material",)

_CARRIED_OVER = ("language", "pdfs_enabled", "pdfs", "assets", "theme_settings")
"""What :meth:`Site.with_content` keeps: it follows from the settings and site.yaml, not from the documents."""


@dataclass
class Site:
    """A guidecraft site, computed lazily and once from a :class:`SiteConfig`."""

    config: SiteConfig
    notes: list[str] = field(default_factory=list)
    """Information for the author that is not a problem (for example: PDFs are off, and why)."""

    @cached_property
    def content(self) -> Content:
        """The content folder, loaded and checked. Raises :class:`ContentError` with every problem."""
        config = self.config
        return load_content(config.content_dir, relative_to=config.project_dir, cache=config.load_cache)

    @property
    def content_loaded(self) -> bool:
        """Whether :attr:`content` was loaded (by a build, a check or a page)."""
        return "content" in self.__dict__

    def with_content(self, content: Content, *, same_tags: bool = False) -> Site:
        """This site with changed topics, quizzes or worksheets (same settings and site.yaml).

        Settings, theme settings, PDFs and compiled templates carry over (and the tag index, with
        ``same_tags``: no topic's title or tags changed); pages, nav and lints are worked out again
        when asked for, unless :meth:`use_worked_out` gives them. See :mod:`generator.incremental`.
        """
        other = Site(self.config, notes=list(self.notes))
        kept = {name: self.__dict__[name] for name in _CARRIED_OVER if name in self.__dict__}
        other._already_worked_out(
            content=content, renderer=self.renderer.with_content(content, same_tags=same_tags), **kept
        )
        return other

    def use_worked_out(self, *, pages: list[GeneratedPage], nav: Nav | None = None) -> None:
        """Take the pages (and the nav) that an incremental update worked out, instead of working them out again."""
        self._already_worked_out(pages=pages, **({"nav": nav} if nav is not None else {}))

    def _already_worked_out(self, **values: Any) -> None:
        """Fill cached properties with values worked out elsewhere (by the site this one follows)."""
        self.__dict__.update(values)

    @cached_property
    def languages(self) -> dict[str, langs.LanguageContent]:
        """Each site language's content, main first (one entry for a site in one language)."""
        return langs.load_languages(
            self.content,
            default=self.language,
            relative_to=self.config.project_dir,
            cache=self.config.load_cache,
        )

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    @cached_property
    def language(self) -> str:
        settings = self.content.site.model
        if settings.languages:  # a site in several languages: its main language is site.yaml's first
            language = settings.languages[0]
        else:
            language = self.config.language or settings.language or "en"
        if language not in LANGUAGES:
            where = "theme.language in mkdocs.yml" if language == self.config.language else self.content.site.path
            raise SiteError(f"{where}: {UnknownLanguage(language)}")
        return language

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
        """The main language's renderer: the settings, with the language resolved."""
        return Renderer(self.content, dataclasses.replace(self.config, language=self.language))

    @cached_property
    def renderers(self) -> dict[str, Renderer]:
        """A renderer per site language, main first; each speaks its language and shows its translations."""
        out = {self.language: self.renderer}
        for lang, lc in list(self.languages.items())[1:]:
            config = dataclasses.replace(self.config, language=lang, site_name=lc.site_name or self.config.site_name)
            out[lang] = Renderer(lc.content, config)
        return out

    @cached_property
    def pdfs(self) -> dict[str, bytes]:
        """Each worksheet's blank PDF by destination path; made before the pages, which show their size."""
        if not self.pdfs_enabled:
            return {}
        out = pdf.render_worksheet_pdfs(self.renderer)
        for lang, renderer in list(self.renderers.items())[1:]:
            prefix = self.languages[lang].prefix
            out |= {prefix + path: data for path, data in pdf.render_worksheet_pdfs(renderer).items()}
        return out

    @cached_property
    def addresses(self) -> dict[str, str]:
        """Every address the build writes (a page's directory URL, a file's path) and the file it comes from.

        Each address is claimed once. A second claim (a quiz named ``index``, a topic named like
        a category, a file in the content folder at one of guidecraft's own addresses) would
        silently replace a page, so it raises :class:`ContentError` naming both files.
        """
        taken: dict[str, tuple[str, str]] = {}
        problems: list[Diagnostic] = []
        for address, what, where in self._page_claims() + self._file_claims():
            if address in taken:
                problems.append(_clash(address, what, where, taken[address][0]))
            else:
                taken[address] = (what, where)
        if problems:
            raise ContentError(problems)
        return {address: where for address, (_, where) in taken.items()}

    def _page_claims(self) -> list[tuple[str, str, str]]:
        """``(address, what, file)`` of every generated page, and of the A to Z's folder."""
        site_file = self.content.site.path
        # every language's pages: the main one's at the root, each other's under its prefix (es/),
        # from its translation or, when there is none yet, from the original
        docs = [
            (lc.prefix + markup.page_src(kind, slug), doc.path)
            for lc in self.languages.values()
            for kind in CONTENT_KINDS
            for slug, doc in sorted(lc.content.of_kind(kind).items())
        ]
        # Every generated page (the nav may leave some out: NAV_SECTION_MAX); those not made from a
        # topic, quiz or worksheet come from site.yaml: home, indexes, All topics, the A to Z's letters.
        left = Counter(src for src, _ in docs)
        own: list[str] = []
        for src in self.page_srcs:
            if left[src] > 0:
                left[src] -= 1
            else:
                own.append(src)
        claims = [(markup.page_url(src, True), _site_page(src, site_file), site_file) for src in own]
        # The A to Z's folder (topics/a-z/): a topic named a-z would sit above its letter pages.
        az = f"{AZ_FOLDER}.md"
        claims += [
            (lc.prefix + markup.page_url(az, True), _site_page(az, site_file), site_file)
            for lc, renderer in zip(self.languages.values(), self.renderers.values(), strict=True)  # main first
            if renderer.letters
        ]
        return claims + [(markup.page_url(src, True), f"the page of {where}", where) for src, where in docs]

    def _file_claims(self) -> list[tuple[str, str, str]]:
        """``(address, what, file)`` of guidecraft's own files and of the files the content folder publishes."""
        pdfs = (
            [lc.prefix + pdf.pdf_path(slug) for lc in self.languages.values() for slug in self.content.worksheets]
            if self.pdfs_enabled
            else []
        )
        files = [*site_assets(self.renderer.t), *pdfs]
        claims = [(path, f"guidecraft's own file {path}", GUIDECRAFT_FILE) for path in files]
        return claims + [
            (markup.page_url(rel, True) if rel.endswith(".md") else rel, f"the file {where}", where)
            for rel, where in _published_files(self.config.content_dir, self.config.project_dir)
        ]

    @cached_property
    def pages(self) -> list[GeneratedPage]:
        self.addresses  # noqa: B018 - no page may replace another
        sizes = {slug: len(self.pdfs[pdf.pdf_path(slug)]) for slug in self.content.worksheets if self.pdfs}
        out = self.renderer.pages(pdf_sizes=sizes)
        for lang, renderer in list(self.renderers.items())[1:]:
            lc = self.languages[lang]
            lang_sizes = {s: len(self.pdfs[lc.prefix + pdf.pdf_path(s)]) for s in self.content.worksheets if self.pdfs}
            out += language_pages.language_pages(renderer, lc, self.language, lang_sizes)
        return out

    @cached_property
    def assets(self) -> dict[str, bytes]:
        """Every file that is not a page (stylesheets, scripts, PDFs), by destination path."""
        assets = site_assets(self.renderer.t) | self.pdfs
        if self.multilingual:
            search_js = language_pages.search_runtime({lang: r.t for lang, r in self.renderers.items()})
            assets[f"{ASSET_DIR}/search.js"] = search_js
        return assets

    @cached_property
    def nav(self) -> Nav:
        """The site's nav tree (:mod:`generator.navigation`); adapters turn it into their engine's shape."""
        nav = self.renderer.nav()
        for lang, renderer in list(self.renderers.items())[1:]:
            # each language's pages as one section, named in its own words; the theme shows readers
            # only their language's section (see the adapters' per-page nav)
            prefix = self.languages[lang].prefix
            nav += (NavSection(renderer.t.language_name, tuple(item.prefixed(prefix) for item in renderer.nav())),)
        return nav

    @cached_property
    def theme_settings(self) -> ThemeSettings:
        """What the theme layer shows (crisis lines and interface words), typed; adapters hand the theme
        :func:`generator.theme_settings.theme_extra` of it."""
        return self.renderer.theme_settings()

    def theme_settings_for(self, language: str) -> ThemeSettings:
        """:attr:`theme_settings` for pages in ``language``: its crisis lines, words and addresses."""
        return self._theme_settings_by_language[language]

    @cached_property
    def _theme_settings_by_language(self) -> dict[str, ThemeSettings]:
        """Each language's theme settings, worked out once per build (a page asks for its language's)."""
        return {
            lang: self.theme_settings
            if lang == self.language
            else self.renderers[lang].theme_settings(prefix=self.languages[lang].prefix)
            for lang in self.languages
        }

    def page_language(self, src: str) -> str:
        """The language of the generated page ``src``."""
        return language_pages.page_language(src, self.languages)

    def alternates(self, src: str) -> list[tuple[str, str, str]]:
        """``(language, its name in its own words, source path)`` of page ``src`` in every site language;
        empty for a site in one language."""
        if not self.multilingual:
            return []
        return [
            (lang, self.renderers[lang].t.language_name, other)
            for lang, other in language_pages.alternates(src, self.languages)
        ]

    def index_search(
        self, site_dir: Path, *, background: search.BackgroundIndexer | None = None
    ) -> search.SearchStats | None:
        """With ``search: pagefind``, index the built site in ``site_dir``, in the site's language
        (each page in the language of its ``<html lang>`` when the site has several).

        With ``background`` (``guidecraft serve``), ask it to and return at once: the pages show
        before their search index is written, and the next rebuild does not wait for it.
        """
        if self.config.search != "pagefind":
            return None
        language = None if self.multilingual else self.language
        if background is not None:
            background.request(site_dir, language=language)
            return None
        return search.index_site(site_dir, language=language)

    @property
    def page_srcs(self) -> list[str]:
        """Every generated page's source path, worked out without rendering the pages (or printing the
        worksheet PDFs they wait for), so ``guidecraft check`` needs neither."""
        if "pages" in self.__dict__:
            return [p.src for p in self.pages]
        out = self.renderer.page_srcs()
        for lang, renderer in list(self.renderers.items())[1:]:
            out += [self.languages[lang].prefix + src for src in renderer.page_srcs()]
        return out

    @cached_property
    def pages_outside_nav(self) -> frozenset[str]:
        """Generated pages the nav leaves out because their section is too long to list; an index page
        lists them (see :data:`generator.navigation.NAV_SECTION_MAX`). Engines mark them "not in nav"."""
        return frozenset(self.page_srcs) - set(nav_srcs(self.nav))

    @cached_property
    def lints(self) -> list[Diagnostic]:
        """Every ``guidecraft check`` warning, minus the kinds the site turned off.

        Raises :class:`ContentError` when the content does not load, or two pages claim one address.
        """
        self.addresses  # noqa: B018
        found = lint(
            self.content,
            language=self.language,
            today=self.config.today,
            page_srcs=self.page_srcs,
            directory_urls=self.config.directory_urls,
            cache_dir=self.config.cache_dir,
        )
        found += language_pages.untranslated_lints(self.languages)
        for lang, lc in list(self.languages.items())[1:]:  # the translations, judged in their own language
            translated = lint(
                lc.content,
                language=lang,
                today=self.config.today,
                page_srcs=self.page_srcs,
                directory_urls=self.config.directory_urls,
            )
            found += [d for d in translated if langs.is_translation(Path(d.path)) and d not in found]
        found += self._language_lints()
        return sorted(d for d in found if d.kind not in self.config.disabled_lints)

    def _language_lints(self) -> list[Diagnostic]:
        """Where site.yaml's language and mkdocs.yml's ``theme.language`` disagree."""
        theme = self.config.language
        if not theme:
            return []
        settings = self.content.site.model
        main = next(iter(settings.languages or ()), None)
        found = []
        if settings.language and settings.language != theme:
            found.append(
                f"language '{settings.language}' differs from theme.language '{theme}' in "
                "mkdocs.yml, expected them to agree; the interface follows mkdocs.yml"
            )
        if main and main != theme:
            found.append(
                f"the main language '{main}' (first in languages) differs from theme.language "
                f"'{theme}' in mkdocs.yml, expected them to agree; the site follows site.yaml"
            )
        return [Diagnostic(self.content.site.path, 1, 1, "warning", message, "language") for message in found]

    def lints_despite(self, error: ContentError) -> list[Diagnostic]:
        """The warnings of the files that did load, when other files have errors: one run shows every problem.

        Links between pages are not checked, since the pages of the files with errors are unknown.
        """
        partial = error.partial
        if not isinstance(partial, Content):
            return []
        settings = partial.site.model
        main = settings.languages[0] if settings.languages else None  # as :attr:`language` picks it
        found = lint(
            partial,
            language=main or self.config.language or settings.language or "en",
            today=self.config.today,
            page_srcs=(),
            directory_urls=self.config.directory_urls,
        )
        known = set(error.diagnostics)
        skip = set(self.config.disabled_lints) | {"link"}
        return sorted(d for d in found if d.kind not in skip and d not in known)

    stylesheets = STYLESHEETS
    theme_dir = THEME_DIR
    markdown_extensions = MARKDOWN_EXTENSIONS


GUIDECRAFT_FILE = "guidecraft"
"""The source of the files guidecraft itself adds (stylesheets, scripts, PDFs)."""

_SITE_PAGES = {
    "index.md": "the home page",
    "get-help.md": "the Get help page",
    "about.md": "the About page",
    "quizzes/index.md": "the list of quizzes",
    "worksheets/index.md": "the list of worksheets",
    TOPICS_SRC: "the All topics page",
    f"{AZ_FOLDER}.md": "the A to Z of topics",
}


def _clash(address: str, what: str, where: str, first_what: str) -> Diagnostic:
    """A second claim on ``address``: ``what`` (from ``where``) would replace ``first_what``."""
    return Diagnostic(
        where,
        1,
        1,
        "error",
        f"{what} would be at {address or 'the home page'}, the address of {first_what}, "
        "expected each page at an address of its own: rename this file"
        + (" or change the category's id" if "category" in first_what else ""),
    )


def _site_page(src: str, site_file: str) -> str:
    """A page made from site.yaml, as a message names it."""
    if src in _SITE_PAGES:
        return f"{_SITE_PAGES[src]} (made from {site_file})"
    if src.startswith(AZ_FOLDER + "/"):
        return f"the A to Z page {src} (made from {site_file})"
    folder, _, rest = src.partition("/")
    if folder == markup.PAGE_FOLDERS["topic"] and rest.endswith("/index.md"):
        return f"the page of category '{rest.split('/')[0]}' in {site_file}"
    return f"the page {src} (made from {site_file})"


def _published_files(root: Path, project: Path) -> Iterator[tuple[str, str]]:
    """Files of the author's own in the content folder that the build copies (or, for Markdown, renders),
    as (path in the site, path shown in messages)."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and is_published(root, path):
            rel = path.relative_to(root).as_posix()
            try:
                shown = str(path.relative_to(project))
            except ValueError:
                shown = str(path)
            yield rel, shown


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
    "check_engine_settings",
]
