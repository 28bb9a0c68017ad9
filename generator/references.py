"""Checking references: every slug a content file names (related topics, quizzes, worksheets, next
steps, ``topic:SLUG`` links in prose, a topic's category) must exist, and each mistake says what does.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

from .diagnostics import Diagnostic, Loc
from .documents import Content, Document
from .kinds import CONTENT_KINDS, PROSE_LINK
from .models import Quiz, Topic, Worksheet
from .quiz.checks import check_quiz
from .yaml_source import walk_strings

_SHOWN_NAMES = 10
"""How many names an 'unknown topic' message lists: a site with a thousand topics gets a short line."""


def _names_list(names: set[str]) -> str:
    shown = sorted(names)
    if len(shown) > _SHOWN_NAMES:
        return ", ".join(shown[:_SHOWN_NAMES]) + f", ... ({len(shown)} in all)"
    return ", ".join(shown) or "none yet"


def check_references(content: Content, existing: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Every slug named in the content must exist. Linear in the size of the content.

    ``existing``: the slugs of each kind folder that exist (default: those in ``content``).
    """
    existing = existing or {k.folder: set(content.of_kind(k.name)) for k in CONTENT_KINDS.values()}
    check = _References({k.name: existing[k.folder] for k in CONTENT_KINDS.values()})
    categories = {c.id for c in content.site.model.categories}
    for topic in content.topics.values():
        check.topic(topic, categories if content.site_loaded else None)
    for quiz in content.quizzes.values():
        check.quiz(quiz)
    for sheet in content.worksheets.values():
        check.worksheet(sheet)
    for doc in content.documents():
        check.prose(doc)
    return check.diags


@dataclasses.dataclass
class _References:
    """The checks of one run, and what they found."""

    names: dict[str, set[str]]
    """The slugs that exist, by kind name."""
    diags: list[Diagnostic] = dataclasses.field(default_factory=list)

    def need(self, doc: Document[Any], loc: Loc, kind: str, slug: str | None) -> None:
        """An error unless ``slug`` (when given) names a ``kind`` that exists."""
        names = self.names[kind]
        if slug is not None and slug not in names:
            close = difflib.get_close_matches(slug, list(names), n=1)
            hint = f", did you mean '{close[0]}'?" if close else ","
            have = _names_list(names)
            fix = (
                f"write the file name of a {kind} that exists, without .yaml, or take it out if that {kind} was deleted"
            )
            self.diags.append(doc.error(loc, f"unknown {kind} '{slug}'{hint} expected one of: {have}; {fix}"))

    def topic(self, doc: Document[Topic], categories: set[str] | None) -> None:
        """``categories``: the site's, or None when site.yaml did not load (categories are not judged)."""
        t = doc.model
        if t.category is not None and categories is not None and t.category not in categories:
            have = ", ".join(sorted(categories)) or "none: add 'categories' to site.yaml"
            self.diags.append(doc.error(("category",), f"unknown category '{t.category}', expected one of: {have}"))
        for i, slug in enumerate(t.related):
            self.need(doc, ("related", i), "topic", slug)
            if slug == doc.slug:
                self.diags.append(
                    doc.error(("related", i), "a topic cannot be related to itself, expected another topic")
                )
        for i, slug in enumerate(t.quizzes):
            self.need(doc, ("quizzes", i), "quiz", slug)
        if t.steps:
            for i, step in enumerate(t.steps.items):
                self.need(doc, ("steps", "items", i, "worksheet"), "worksheet", step.worksheet)

    def quiz(self, doc: Document[Quiz]) -> None:
        self.need(doc, ("topic",), "topic", doc.model.topic)
        for part in ("bands", "profiles", "flags"):
            for i, band in enumerate(getattr(doc.model, part)):
                for j, ns in enumerate(band.next_steps):
                    for kind in CONTENT_KINDS:  # a next step names one page, by its kind
                        self.need(doc, (part, i, "next_steps", j, kind), kind, getattr(ns, kind))
        for loc, message in check_quiz(doc.model):
            self.diags.append(doc.error(loc, message))

    def worksheet(self, doc: Document[Worksheet]) -> None:
        self.need(doc, ("topic",), "topic", doc.model.topic)

    def prose(self, doc: Document[Any]) -> None:
        """``[words](topic:SLUG)`` links in any text: an error is put at the link itself when its place is known."""
        for loc, text in walk_strings(doc.data):
            links = list(PROSE_LINK.finditer(text))
            written = doc.positions.links.get(loc, [])
            for n, m in enumerate(links):
                before = len(self.diags)
                self.need(doc, loc, m.group(1), m.group(2))
                if len(self.diags) > before and len(written) == len(links):  # at the link itself, not the text's start
                    line, col = written[n]
                    self.diags[-1] = dataclasses.replace(self.diags[-1], line=line, col=col)
