"""Rendering: validated content to Markdown pages, through Jinja2 templates.

Pure functions of the content and a few site options, so the MkDocs plugin, the
CLI's ``export`` and the tests all produce the same pages. Templates are compiled
once per :class:`Renderer`; an author overrides one by putting a file with the same
name in ``overrides/``.
"""

from __future__ import annotations

import copy
import html
import json
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import markup, sanitize
from . import tags as tagging
from .i18n import Messages
from .loading import Content, Document
from .models import Quiz, Topic, Worksheet
from .quiz.page import QuizPage
from .quiz.view import QuizView, quiz_view

TAGS_SRC = "tags.md"
"""The "Topics by tag" page, built when at least one topic has a tag."""

SAFER_SRC = "safer-browsing.md"
"""The "Browse more safely" page, built when site.yaml turns on ``quick_exit``."""

TOPICS_SRC = "topics/index.md"
"""Every topic: the sections (categories) and the topics A to Z."""

AZ_FOLDER = "topics/a-z"
"""The A to Z's letter pages (``topics/a-z/f.md``), made once a site has more than :data:`NAV_SECTION_MAX` topics."""

NAV_SECTION_MAX = 40
"""The most entries a section of the nav or a list on an index page holds.

Past it a section keeps only its index page in the nav, and lists go by first letter: topics
get an A to Z (a page per letter, two steps from home), and index pages put their entries under
letter headings. So a page's nav holds the top level, one open section and one open
subsection: about 100 links at most, at any size.
"""


@dataclass(frozen=True)
class Letter:
    """One letter of the topics A to Z, and its page."""

    label: str
    """What a reader sees: ``A``, or ``#`` for titles that do not start with a letter."""
    src: str
    topics: list[tuple[str, Topic]]
    """``(slug, topic)`` by title."""


def initial(title: str) -> str:
    """The letter a title is filed under in an A to Z: its first letter without accents, or ``#``."""
    for ch in unicodedata.normalize("NFKD", title.strip()):
        if unicodedata.combining(ch):
            continue
        ch = ch.upper()
        return ch if "A" <= ch <= "Z" else "#"
    return "#"


def letter_parts(items: list[tuple[str, Any]]) -> list[tuple[str, list[tuple[str, Any]]]]:
    """A letter's topics in parts a reader can scan: by their first two letters ("Fe"), and a part
    still longer than :data:`NAV_SECTION_MAX` in runs of that many, named by their first and last
    titles ("Feeling far from ... – Feeling hopeless ..."). One unnamed part while they are few."""
    if len(items) <= NAV_SECTION_MAX:
        return [("", sorted(items, key=lambda kv: kv[1].title.casefold()))]
    parts: list[tuple[str, list[tuple[str, Any]]]] = []
    for label, group in by_letter(items, prefix=2):
        if len(group) <= NAV_SECTION_MAX:
            parts.append((label, group))
            continue
        for start in range(0, len(group), NAV_SECTION_MAX):
            run = group[start : start + NAV_SECTION_MAX]
            parts.append((f"{_short(run[0][1].title)} – {_short(run[-1][1].title)}", run))
    return parts


def _short(title: str, words: int = 4) -> str:
    head = title.split()
    return " ".join(head[:words]) + (" …" if len(head) > words else "")


def by_letter(items: Iterable[tuple[str, Any]], *, prefix: int = 1) -> list[tuple[str, list[tuple[str, Any]]]]:
    """``(slug, model)`` pairs under the first ``prefix`` letters of their titles, in title order."""
    groups: dict[str, list[tuple[str, Any]]] = {}
    for slug, model in sorted(items, key=lambda kv: kv[1].title.casefold()):
        head = initial(model.title)
        if prefix > 1 and head != "#":
            head = (head + model.title.strip()[1:prefix].lower()).rstrip()
        groups.setdefault(head, []).append((slug, model))
    return list(groups.items())


@dataclass(frozen=True)
class SiteOptions:
    """What rendering needs to know about the site being built."""

    language: str = "en"
    site_name: str = ""
    directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()
    worksheet_pdfs: bool = False
    site_url: str = ""


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
        return markup.relative_url(self.src, target, self.renderer.options.directory_urls, anchor)

    def link(self, kind: str, slug: str, anchor: str = "") -> str:
        """A Markdown link target: MkDocs checks it and rewrites it for the final URL layout."""
        target = markup.page_src(kind, slug) if kind != "page" else slug
        rel = posixpath.relpath(target, posixpath.dirname(self.src) or ".")
        return rel + (f"#{anchor}" if anchor else "")


class Renderer:
    """Turns a :class:`Content` into pages. Build one per site build."""

    def __init__(self, content: Content, options: SiteOptions | None = None) -> None:
        self.content = content
        self.options = options or SiteOptions()
        self.t = Messages(self.options.language, content.site.model.region)
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in self.options.template_dirs])]
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
        other.__dict__.pop("letters", None)
        return other

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
            options=self.options,
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
            doc.model, slug=slug, site=self.content.site.model, messages=self.t, page=quiz_page,
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

    def _category(self, cid: str | None) -> Any:
        return next((c for c in self.content.site.model.categories if c.id == cid), None)

    def _grouped_topics(self) -> list[tuple[Any, list[tuple[str, Topic]]]]:
        """Topics by category, in the order site.yaml lists categories; uncategorised last."""
        groups: dict[str | None, list[tuple[str, Topic]]] = {}
        for slug, doc in sorted(self.content.topics.items(), key=lambda kv: kv[1].model.title.casefold()):
            groups.setdefault(doc.model.category, []).append((slug, doc.model))
        ordered: list[tuple[Any, list[tuple[str, Topic]]]] = [
            (c, groups.pop(c.id)) for c in self.content.site.model.categories if c.id in groups
        ]
        if None in groups:
            ordered.append((None, groups.pop(None)))
        return ordered

    @cached_property
    def letters(self) -> list[Letter]:
        """The topics A to Z, a page per letter; none while the site has :data:`NAV_SECTION_MAX` topics or fewer."""
        topics = [(s, d.model) for s, d in self.content.topics.items()]
        if len(topics) <= NAV_SECTION_MAX:
            return []
        return [
            Letter(label, f"{AZ_FOLDER}/{'other' if label == '#' else label.lower()}.md", items)
            for label, items in sorted(by_letter(topics), key=lambda kv: (kv[0] == "#", kv[0]))
        ]

    def _site_page_plan(self) -> list[tuple[str, str, dict[str, Any]]]:
        """Each site page as (src, template, values), in a stable order, without rendering it."""
        site = self.content.site
        quizzes = sorted(((s, d.model) for s, d in self.content.quizzes.items()), key=lambda kv: kv[1].title.casefold())
        worksheets = sorted(
            ((s, d.model) for s, d in self.content.worksheets.items()), key=lambda kv: kv[1].title.casefold()
        )
        groups = self._grouped_topics()
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

    def nav(self) -> list[Any]:
        """A MkDocs ``nav``: topics grouped by category, topics by tag, then quizzes, worksheets and help.

        No section lists more than :data:`NAV_SECTION_MAX` entries (see there): a longer one keeps
        only its index page, and its pages are reached from that page. Pages left out this way are
        :meth:`page_srcs` minus the nav's (engines mark them "not in nav").
        """
        t = self.t
        groups = self._grouped_topics()
        categories = [(c, items) for c, items in groups if c is not None]
        loose = [markup.page_src("topic", slug) for c, items in groups if c is None for slug, _ in items]
        topics: list[Any] = []
        if self.content.topics:
            topics.append(TOPICS_SRC)
        if len(categories) + len(loose) > NAV_SECTION_MAX:
            # Too many for one list: the A to Z's letters, and the sections if they are few.
            topics.append({t.topics_a_to_z: [{letter.label: letter.src} for letter in self.letters]})
            loose = []
            if len(categories) > NAV_SECTION_MAX:
                categories = []
        for category, items in categories:
            entries = [markup.page_src("topic", slug) for slug, _ in items]
            topics.append(_section(html.escape(category.title), f"topics/{category.id}/index.md", entries))
        topics += loose
        # "Home", not the site's name again: the menu is headed by the site's name already.
        nav: list[Any] = [{t.home_title: "index.md"}]
        if topics:
            nav.append({t.home_topics: topics})
        if self.tag_index:
            nav.append(TAGS_SRC)
        if self.content.quizzes:
            quizzes = [markup.page_src("quiz", s) for s in sorted(self.content.quizzes)]
            nav.append(_section(t.quizzes_title, "quizzes/index.md", quizzes))
        if self.content.worksheets:
            worksheets = [markup.page_src("worksheet", s) for s in sorted(self.content.worksheets)]
            nav.append(_section(t.worksheets_title, "worksheets/index.md", worksheets))
        nav += ["get-help.md", "about.md"]
        if self.content.site.model.quick_exit:
            nav.append(SAFER_SRC)
        return nav

    def print_help(self) -> str:
        """The crisis line printed on paper: the region's first line to call (as on the banner) and its
        emergency number, in plain text."""
        region = self.content.site.model.crisis_region()
        t = self.t
        first = next((line for line in region.lines if line.phone), region.lines[0])
        if first.phone:
            reach = f"{t.crisis_banner_call} {first.name}: {first.phone}."
        else:
            reach = f"{first.name}: {first.text or first.url or first.sms}."
        return f"{t.crisis_banner_lead} {reach} {t('crisis_banner_emergency', number=region.emergency)}"

    def quick_exit_settings(self) -> dict[str, Any] | None:
        """What the theme needs for "Exit this page", HTML-escaped; None when the site does not turn it on."""
        exit_ = self.content.site.model.quick_exit
        if exit_ is None:
            return None
        t = self.t
        keys = ("quick_exit_shift_two", "quick_exit_shift_one", "quick_exit_expired", "quick_exit_leaving")
        return {
            "url": html.escape(exit_.url),
            "label": html.escape(exit_.label or t.quick_exit_label),
            "messages": {k: html.escape(v) for k, v in t.subset(*keys).items()},
            "safer_title": html.escape(t.safer_title),
            "safer_url": markup.page_url(SAFER_SRC, self.options.directory_urls),
        }

    def theme_settings(self) -> dict[str, Any]:
        """What the theme templates read from ``config.extra.guidecraft``: crisis lines and UI strings.

        Text is HTML-escaped here because MkDocs renders theme templates without autoescaping.
        """
        site = self.content.site.model
        region = site.crisis_region()
        t = self.t

        def esc(s: str | None) -> str | None:
            return html.escape(s) if s is not None else None

        lines = [
            {
                "name": esc(line.name),
                "phone": esc(line.phone),
                "tel": _tel(line.phone) if line.phone else None,
                "text": esc(line.text),
                "hours": esc(line.hours),
            }
            for line in region.lines
        ]

        return {
            "language": self.options.language,
            "region": {
                "code": region.code,
                "name": esc(region.name),
                "emergency": esc(region.emergency),
                "emergency_tel": _tel(region.emergency),
                "lines": lines,
                # The crisis banner shows the first line a reader can call.
                "banner_line": next((line for line in lines if line["tel"]), None),
            },
            # The theme shows it as it is (no Python-Markdown), so the trusted-HTML marks come off here.
            "disclaimer_html": sanitize.clean_trusted_regions(
                markup.render_block(site.disclaimer, allow_html=site.allow_html)
            ),
            # Reader safety (issue 13): the exit control, whether the colour scheme may be stored,
            # and the crisis line printed on paper (as HTML text and as a CSS string for @page).
            "quick_exit": self.quick_exit_settings(),
            "remember_color_scheme": site.remember_color_scheme,
            "print_help": esc(self.print_help()),
            "print_help_css": _css_string(self.print_help()),
            "messages": {
                k: esc(v)
                for k, v in t.subset(
                    "crisis_banner_lead",
                    "crisis_banner_call",
                    "crisis_banner_link",
                    "disclaimer_title",
                    "privacy_note",
                    "not_found_title",
                    "not_found_body",
                    "not_found_home",
                    "get_help_title",
                    *SEARCH_MESSAGES,
                ).items()
            }
            | {"crisis_banner_emergency": esc(t("crisis_banner_emergency", number=region.emergency))},
        }


# The search box's words in the page; search.js carries the rest (assets.search_runtime).
SEARCH_MESSAGES = ("search_label", "search_placeholder", "search_clear", "search_hint", "search_results")


def _section(title: str, index: str, entries: list[str]) -> dict[str, Any]:
    """A nav section: its index page, then its pages while they are few enough (:data:`NAV_SECTION_MAX`)."""
    return {title: [index, *entries] if len(entries) <= NAV_SECTION_MAX else index}


def _css_string(text: str) -> str:
    """A CSS string literal that nothing in ``text`` can break out of (not even ``</style>``)."""
    escapes = {"\\": "\\5c ", '"': "\\22 ", "<": "\\3c ", ">": "\\3e ", "&": "\\26 ", "\n": "\\a ", "\r": ""}
    return '"' + "".join(escapes.get(ch, ch) for ch in text) + '"'


def _tel(number: str | None) -> str:
    return "".join(ch for ch in (number or "") if ch.isdigit() or ch == "+")


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


def render_pages(content: Content, options: SiteOptions | None = None) -> list[GeneratedPage]:
    """Every page of the site as Markdown."""
    return Renderer(content, options).pages()


def page_sources(pages: Iterable[GeneratedPage]) -> dict[str, GeneratedPage]:
    return {p.src: p for p in pages}
