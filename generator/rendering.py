"""Rendering: validated content to Markdown pages, through Jinja2 templates.

Pure functions of the content and the site's settings (:class:`~generator.settings.SiteConfig`),
so the MkDocs plugin, the CLI's ``export`` and the tests all produce the same pages. Templates
are compiled once per :class:`Renderer`; an author overrides one by putting a file with the same
name in ``overrides/``. Which pages the nav lists is :mod:`generator.navigation`'s job, and what
the theme shows is :mod:`generator.theme_settings`'.
"""

from __future__ import annotations

import copy
import html
import json
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jinja2
from markupsafe import Markup

from . import markup
from . import tags as tagging
from .documents import Content, Document
from .i18n import Messages
from .models import Category, Quiz, Topic, Worksheet
from .navigation import (
    NAV_SECTION_MAX,
    SAFER_SRC,
    TAGS_SRC,
    TOPICS_SRC,
    Letter,
    Nav,
    az_letters,
    by_letter,
    grouped_topics,
    letter_parts,
    site_nav,
)
from .quiz.page import QuizPage
from .quiz.view import QuizView, quiz_view
from .settings import SiteConfig
from .theme_settings import ThemeSettings, print_help, theme_settings


@dataclass(frozen=True)
class GeneratedPage:
    """A Markdown page to add to the build."""

    src: str
    markdown: str
    source: str | None = None  # the content file it came from, for "edit this page"


@dataclass
class _PageContext:
    renderer: Renderer
    src: str
    uses_quiz: bool = False
    anchors: set[str] = field(default_factory=set)

    def url(self, kind: str, slug: str, anchor: str = "") -> str:
        """A final URL for links inside HTML blocks (MkDocs does not rewrite those)."""
        target = markup.page_src(kind, slug) if kind != "page" else slug
        return markup.relative_url(self.src, target, self.renderer.config.directory_urls, anchor)

    def link(self, kind: str, slug: str, anchor: str = "") -> str:
        """A Markdown link target: MkDocs checks it and rewrites it for the final URL layout."""
        target = markup.page_src(kind, slug) if kind != "page" else slug
        rel = posixpath.relpath(target, posixpath.dirname(self.src) or ".")
        return rel + (f"#{anchor}" if anchor else "")


class Renderer:
    """Turns a :class:`Content` into pages. Build one per site build."""

    def __init__(self, content: Content, config: SiteConfig | None = None) -> None:
        self.content = content
        self.config = config or SiteConfig()
        self.language = self.config.language or "en"
        """The language the pages speak (:class:`~generator.site.Site` resolves it into ``config``)."""
        self.t = Messages(self.language, content.site.model.region)
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in self.config.template_dirs])]
        loaders.append(jinja2.PackageLoader("generator", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(
            mdtext=lambda s: Markup(markup.md_text(str(s))),
            meta=_front_matter_value,
            plain=markup.plain_text,
            date=self.t.date,
            json_data=_json_for_script,
        )
        self.env.globals.update(
            t=self.t,
            site=self.content.site.model,
            region=self.content.site.model.crisis_region(),
            list_max=NAV_SECTION_MAX,
            by_letter=by_letter,
            letter_parts=letter_parts,
        )
        self._tag_index: tagging.TagIndex[Topic] | None = None

    def with_content(self, content: Content, *, same_tags: bool = False) -> Renderer:
        """A renderer for changed content with the same site settings, sharing the compiled templates.

        ``same_tags``: no topic's title or tags changed, so the tag index carries over.
        """
        other = copy.copy(self)
        other.content = content
        other._tag_index = self._tag_index if same_tags else None
        other._forget_letters()
        return other

    def _forget_letters(self) -> None:
        """The A to Z is worked out again from this renderer's content when next asked for."""
        self.__dict__.pop("letters", None)

    @property
    def tag_index(self) -> tagging.TagIndex[Topic]:
        """Topics grouped by tag, worked out once per build (topic pages link to it)."""
        if self._tag_index is None:
            self._tag_index = tagging.build_index((s, d.model) for s, d in sorted(self.content.topics.items()))
        return self._tag_index

    # ----------------------------------------------------------------- helpers for templates

    def _render(self, template: str, src: str, **values: Any) -> str:
        page = _PageContext(self, src)
        allow = self.content.site.model.allow_html

        def md(text: str | None) -> Markup:
            return Markup(markup.render_block(text, resolve=page.url, allow_html=allow))

        def mdi(text: str | None) -> Markup:
            return Markup(markup.render_inline(text, resolve=page.url, allow_html=allow))

        text = self.env.get_template(template).render(
            page=page,
            md=md,
            mdi=mdi,
            options=self.config,
            quiz_view=self.quiz_view,
            tag_index=self.tag_index,
            tags_src=TAGS_SRC,
            **values,
        )
        return text

    def quiz_view(self, slug: str, page: _PageContext, heading_level: int = 2) -> QuizView:
        """Everything the quiz form template needs, with links resolved for ``page``."""
        page.uses_quiz = True
        doc = self.content.quizzes[slug]
        allow = self.content.site.model.allow_html
        quiz_page = QuizPage(
            url=page.url,
            render_block=lambda s: markup.render_block(s, resolve=page.url, allow_html=allow),
            title=lambda kind, target: self.content.of_kind(kind)[target].model.title,
        )
        return quiz_view(
            doc.model,
            slug=slug,
            site=self.content.site.model,
            messages=self.t,
            page=quiz_page,
            heading_level=heading_level,
        )

    # ----------------------------------------------------------------- pages

    def topic_page(self, doc: Document[Topic]) -> GeneratedPage:
        src = markup.page_src("topic", doc.slug)
        topic = doc.model
        related = [(s, self.content.topics[s].model) for s in topic.related]
        worksheets = {s: w.model for s, w in self.content.worksheets.items()}
        quizzes = [(s, self.content.quizzes[s].model) for s in topic.quizzes]
        md = self._render(
            "topic.md.j2",
            src,
            slug=doc.slug,
            topic=topic,
            related=related,
            worksheets=worksheets,
            quizzes=quizzes,
            category=self._category(topic.category),
        )
        return GeneratedPage(src, md, doc.path)

    def quiz_page(self, doc: Document[Quiz]) -> GeneratedPage:
        src = markup.page_src("quiz", doc.slug)
        topic = self.content.topics[doc.model.topic].model if doc.model.topic else None
        md = self._render("quiz.md.j2", src, slug=doc.slug, quiz=doc.model, topic=topic)
        return GeneratedPage(src, md, doc.path)

    def worksheet_page(self, doc: Document[Worksheet], pdf_size: int | None = None) -> GeneratedPage:
        """The worksheet's page; ``pdf_size`` (bytes) adds the link to its PDF, made beforehand."""
        src = markup.page_src("worksheet", doc.slug)
        topic = self.content.topics[doc.model.topic].model if doc.model.topic else None
        md = self._render("worksheet.md.j2", src, slug=doc.slug, worksheet=doc.model, topic=topic, pdf_size=pdf_size)
        return GeneratedPage(src, md, doc.path)

    def worksheet_print_html(
        self, slug: str, *, paper: str, created: str | None = None, last_lines: int | None = None
    ) -> str:
        """The standalone HTML a worksheet's PDF is printed from (``paper``: A4 or letter; ``created``: W3C date;
        ``last_lines``: the last block's writing lines, when it is a prompt or notes box, instead of its own)."""
        doc = self.content.worksheets[slug]
        return self._render(
            "worksheet_pdf.html.j2",
            markup.page_src("worksheet", slug),
            slug=slug,
            worksheet=doc.model,
            paper=paper,
            created=created,
            last_lines=last_lines,
            print_help=self.print_help(),  # the crisis line at the top of every sheet
        )

    def _category(self, cid: str | None) -> Category | None:
        return next((c for c in self.content.site.model.categories if c.id == cid), None)

    @cached_property
    def letters(self) -> list[Letter]:
        """The topics A to Z (:func:`generator.navigation.az_letters`), worked out once per build."""
        return az_letters(self.content)

    def _site_page_plan(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Each site page as (src, template, values), in a stable order, without rendering it."""
        site = self.content.site
        quizzes = sorted(((s, d.model) for s, d in self.content.quizzes.items()), key=lambda kv: kv[1].title.casefold())
        worksheets = sorted(
            ((s, d.model) for s, d in self.content.worksheets.items()), key=lambda kv: kv[1].title.casefold()
        )
        groups = grouped_topics(self.content)
        categories = [(c, topics) for c, topics in groups if c is not None]
        letters = self.letters
        home = {"groups": groups, "quizzes": quizzes, "worksheets": worksheets, "letters": letters}
        plan: list[tuple[str, str, dict[str, Any]]] = [
            ("index.md", "home.md.j2", home | {"categories": categories}),
            ("get-help.md", "get-help.md.j2", {}),
            ("about.md", "about.md.j2", {}),
        ]
        if site.model.quick_exit:
            plan.append((SAFER_SRC, "safer-browsing.md.j2", {}))
        if quizzes:
            plan.append(("quizzes/index.md", "quizzes-index.md.j2", {"quizzes": quizzes}))
        if worksheets:
            plan.append(("worksheets/index.md", "worksheets-index.md.j2", {"worksheets": worksheets}))
        if self.content.topics:
            links = [(f"topics/{c.id}/index.md", c) for c, _ in categories]
            every = sorted(
                ((s, d.model) for s, d in self.content.topics.items()),
                key=lambda kv: kv[1].title.casefold(),
            )
            values = {"categories": links, "topics": every, "letters": letters}
            plan.append((TOPICS_SRC, "topics-index.md.j2", values))
        for category, topics in categories:
            plan.append((f"topics/{category.id}/index.md", "category.md.j2", {"category": category, "topics": topics}))
        for letter in letters:
            plan.append((letter.src, "az-letter.md.j2", {"letter": letter, "letters": letters}))
        if self.tag_index:
            plan.append((TAGS_SRC, "tags.md.j2", {}))
        return plan

    def site_pages(self) -> list[GeneratedPage]:
        """The home, help, about and index pages."""
        path = self.content.site.path
        plan = self._site_page_plan()
        return [GeneratedPage(src, self._render(template, src, **values), path) for src, template, values in plan]

    def page_srcs(self) -> list[str]:
        """Every generated page's source path, in the order of :meth:`pages`, without rendering any."""
        out = [src for src, _, _ in self._site_page_plan()]
        out += [markup.page_src("topic", s) for s in sorted(self.content.topics)]
        out += [markup.page_src("quiz", s) for s in sorted(self.content.quizzes)]
        out += [markup.page_src("worksheet", s) for s in sorted(self.content.worksheets)]
        return out

    def pages(self, pdf_sizes: dict[str, int] | None = None) -> list[GeneratedPage]:
        """Every generated page of the site, in a stable order; ``pdf_sizes`` by worksheet slug."""
        sizes = pdf_sizes or {}
        out = self.site_pages()
        out += [self.topic_page(d) for _, d in sorted(self.content.topics.items())]
        out += [self.quiz_page(d) for _, d in sorted(self.content.quizzes.items())]
        out += [self.worksheet_page(d, sizes.get(s)) for s, d in sorted(self.content.worksheets.items())]
        return out

    def nav(self) -> Nav:
        """The nav of the pages this renderer makes (:func:`generator.navigation.site_nav`). Pages left out
        (long sections, see :data:`~generator.navigation.NAV_SECTION_MAX`) are :meth:`page_srcs` minus the nav's."""
        return site_nav(self.content, self.t, letters=self.letters, tagged=bool(self.tag_index))

    def print_help(self) -> str:
        """The crisis line printed on paper (:func:`generator.theme_settings.print_help`)."""
        return print_help(self.content.site.model.crisis_region(), self.t)

    def theme_settings(self, *, prefix: str = "") -> ThemeSettings:
        """What the theme shows on this renderer's pages, typed (escaped by ``theme_settings.theme_extra``)."""
        return theme_settings(
            self.content.site.model,
            self.t,
            language=self.language,
            directory_urls=self.config.directory_urls,
            search=self.config.search,
            prefix=prefix,
        )


def _front_matter_value(value: Any) -> Markup:
    """A YAML front-matter value: JSON (a subset of YAML) of HTML-escaped text.

    MkDocs and Material put page titles into HTML without escaping them, so they are
    escaped here, once, for the nav, ``<title>`` and the search index alike.
    """
    if isinstance(value, str):
        value = html.escape(value)
    elif isinstance(value, list):
        value = [html.escape(v) if isinstance(v, str) else v for v in value]
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e"))


def _json_for_script(value: Any) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no '<', '>' or '&' can close the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_pages(content: Content, config: SiteConfig | None = None) -> list[GeneratedPage]:
    """Every page of the site as Markdown."""
    return Renderer(content, config).pages()
