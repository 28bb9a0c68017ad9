"""The kinds of content file, declared once: name, folder, model, and what each part of guidecraft needs of them.

Loading, incremental rebuilds, rendering, scaffolding, schemas, lints and the CLI all read this table,
so a new kind of content is added here and nowhere else is a list of kinds typed out. It also says how
prose names a page of a kind: ``[words](topic:SLUG)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from .models import Quiz, Topic, Worksheet, field_pages


@dataclass(frozen=True)
class ContentKind:
    name: str
    """Singular, as authors write it: ``guidecraft new topic``, ``topic:SLUG`` links."""
    folder: str
    """The folder under content/ and under the built site."""
    model: type[BaseModel]
    plural: str
    """The word for several, in messages: "3 quizzes"."""
    page_maker: str
    """The name of the :class:`~generator.rendering.Renderer` method that makes a document's page."""
    has_pdf: bool = False
    """Whether each document also gets a PDF, built with the site."""

    @property
    def own_page_fields(self) -> frozenset[str]:
        """The fields that only a document's own page shows, as the model declares (:func:`~generator.models.shown`),
        and that name no other document: a change confined to them re-renders that page alone."""
        declared = field_pages(self.model).items()
        return frozenset(name for name, shown in declared if shown.on == {"own page"} and not shown.names_others)

    @property
    def schema(self) -> str:
        """The name of its JSON Schema: ``schemas/<schema>.schema.json``."""
        return self.name

    @property
    def scaffold(self) -> str:
        """The file name of its scaffold, for ``guidecraft new``: ``templates/scaffold/<scaffold>``."""
        return f"{self.name}.yaml"


CONTENT_KINDS: dict[str, ContentKind] = {
    k.name: k
    for k in (
        ContentKind("topic", "topics", Topic, "topics", "topic_page"),
        ContentKind("quiz", "quizzes", Quiz, "quizzes", "quiz_page"),
        ContentKind("worksheet", "worksheets", Worksheet, "worksheets", "worksheet_page", has_pdf=True),
    )
}

PAGE_FOLDERS: dict[str, str] = {k.name: k.folder for k in CONTENT_KINDS.values()}
"""Kind name to folder: ``{"topic": "topics", ...}``."""

KIND_OF_FOLDER: dict[str, ContentKind] = {k.folder: k for k in CONTENT_KINDS.values()}
"""Folder to kind: ``{"topics": <topic>, ...}``."""


def kind_names(joiner: str = "or") -> str:
    """The kinds' names for a message: ``topic, quiz or worksheet``."""
    names = list(CONTENT_KINDS)
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}" if len(names) > 1 else names[0]


PROSE_LINK = re.compile(rf"\]\(\s*({'|'.join(CONTENT_KINDS)}):([^)\s#]*)")
"""A link to a page of a kind written in Markdown prose: ``](topic:slug``; groups: the kind, the slug."""


def prose_links(text: str) -> Iterator[tuple[str, str]]:
    """The ``(kind, slug)`` of every ``[words](kind:slug)`` link written in ``text``."""
    if "](" in text:
        for m in PROSE_LINK.finditer(text):
            yield m.group(1), m.group(2)
