"""The nav tree and the topics A to Z: which pages the site's menu lists, in the core's own types.

The tree is engine-neutral (:class:`NavPage`, :class:`NavSection`); the MkDocs adapter turns it
into ``mkdocs.yml``'s shape (:func:`generator.mkdocs_config.mkdocs_nav`). No section lists more than
:data:`NAV_SECTION_MAX` entries: past it topics go by first letter (:func:`az_letters`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import markup

if TYPE_CHECKING:
    from .documents import Content
    from .i18n import Messages
    from .models import Category, Topic

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


# --------------------------------------------------------------------------- the tree


@dataclass(frozen=True)
class NavPage:
    """A page in the nav."""

    src: str
    """The page's source path (``topics/coping.md``)."""
    title: str | None = None
    """The nav's words for it (text, not HTML); ``None``: the page's own title."""

    def srcs(self) -> Iterator[str]:
        yield self.src

    def prefixed(self, prefix: str) -> NavPage:
        return NavPage(prefix + self.src, self.title)


@dataclass(frozen=True)
class NavSection:
    """A titled group of nav entries."""

    title: str
    """Text, not HTML."""
    children: tuple[NavItem, ...]

    def srcs(self) -> Iterator[str]:
        for child in self.children:
            yield from child.srcs()

    def prefixed(self, prefix: str) -> NavSection:
        return NavSection(self.title, tuple(child.prefixed(prefix) for child in self.children))


NavItem = NavPage | NavSection
Nav = tuple[NavItem, ...]
"""A whole nav: its top-level entries, in order."""


def nav_srcs(nav: Nav) -> Iterator[str]:
    """Every page the nav lists."""
    for item in nav:
        yield from item.srcs()


def section(title: str, index: str, entries: list[str]) -> NavItem:
    """A nav section: its index page, then its pages while they are few enough (:data:`NAV_SECTION_MAX`)."""
    if len(entries) > NAV_SECTION_MAX:
        return NavPage(index, title)
    return NavSection(title, (NavPage(index), *(NavPage(src) for src in entries)))


def site_nav(content: Content, t: Messages, *, letters: list[Letter], tagged: bool) -> Nav:
    """Topics grouped by category, topics by tag (``tagged``), then quizzes, worksheets and help.

    No section lists more than :data:`NAV_SECTION_MAX` entries (see there): a longer one keeps
    only its index page, and its pages are reached from that page.
    """
    nav: list[NavItem] = [NavPage("index.md", t.home_title)]  # "Home": the menu is headed by the site's name
    topics = _topics(content, t, letters)
    if topics:
        nav.append(NavSection(t.home_topics, tuple(topics)))
    if tagged:
        nav.append(NavPage(TAGS_SRC))
    if content.quizzes:
        quizzes = [markup.page_src("quiz", s) for s in sorted(content.quizzes)]
        nav.append(section(t.quizzes_title, "quizzes/index.md", quizzes))
    if content.worksheets:
        worksheets = [markup.page_src("worksheet", s) for s in sorted(content.worksheets)]
        nav.append(section(t.worksheets_title, "worksheets/index.md", worksheets))
    nav += [NavPage("get-help.md"), NavPage("about.md")]
    if content.site.model.quick_exit:
        nav.append(NavPage(SAFER_SRC))
    return tuple(nav)


def _topics(content: Content, t: Messages, letters: list[Letter]) -> list[NavItem]:
    groups = grouped_topics(content)
    categories = [(c, items) for c, items in groups if c is not None]
    loose = [markup.page_src("topic", slug) for c, items in groups if c is None for slug, _ in items]
    topics: list[NavItem] = []
    if content.topics:
        topics.append(NavPage(TOPICS_SRC))
    if len(categories) + len(loose) > NAV_SECTION_MAX:
        # Too many for one list: the A to Z's letters, and the sections if they are few.
        topics.append(NavSection(t.topics_a_to_z, tuple(NavPage(letter.src, letter.label) for letter in letters)))
        loose = []
        if len(categories) > NAV_SECTION_MAX:
            categories = []
    for category, items in categories:
        entries = [markup.page_src("topic", slug) for slug, _ in items]
        topics.append(section(category.title, f"topics/{category.id}/index.md", entries))
    return topics + [NavPage(src) for src in loose]


def grouped_topics(content: Content) -> list[tuple[Category | None, list[tuple[str, Topic]]]]:
    """Topics by category, in the order site.yaml lists categories; uncategorised last."""
    groups: dict[str | None, list[tuple[str, Topic]]] = {}
    for slug, doc in sorted(content.topics.items(), key=lambda kv: kv[1].model.title.casefold()):
        groups.setdefault(doc.model.category, []).append((slug, doc.model))
    ordered: list[tuple[Category | None, list[tuple[str, Topic]]]] = [
        (c, groups.pop(c.id)) for c in content.site.model.categories if c.id in groups
    ]
    if None in groups:
        ordered.append((None, groups.pop(None)))
    return ordered


# --------------------------------------------------------------------------- A to Z


@dataclass(frozen=True)
class Letter:
    """One letter of the topics A to Z, and its page."""

    label: str
    """What a reader sees: ``A``, or ``#`` for titles that do not start with a letter."""
    src: str
    topics: list[tuple[str, Topic]]
    """``(slug, topic)`` by title."""


def az_letters(content: Content) -> list[Letter]:
    """The topics A to Z, a page per letter; none while the site has :data:`NAV_SECTION_MAX` topics or fewer."""
    topics = [(s, d.model) for s, d in content.topics.items()]
    if len(topics) <= NAV_SECTION_MAX:
        return []
    return [
        Letter(label, f"{AZ_FOLDER}/{'other' if label == '#' else label.lower()}.md", items)
        for label, items in sorted(by_letter(topics), key=lambda kv: (kv[0] == "#", kv[0]))
    ]


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
