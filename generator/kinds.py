"""The kinds of content file, declared once: name, folder and model.

Loading, rendering, scaffolding, schemas, lints and the CLI all read this table, so a new
kind of content is added here and nowhere else is a list of kinds typed out.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from .models import Quiz, Topic, Worksheet


@dataclass(frozen=True)
class ContentKind:
    name: str
    """Singular, as authors write it: ``guidecraft new topic``, ``topic:SLUG`` links."""
    folder: str
    """The folder under content/ and under the built site."""
    model: type[BaseModel]


CONTENT_KINDS: dict[str, ContentKind] = {
    k.name: k
    for k in (
        ContentKind("topic", "topics", Topic),
        ContentKind("quiz", "quizzes", Quiz),
        ContentKind("worksheet", "worksheets", Worksheet),
    )
}

PAGE_FOLDERS: dict[str, str] = {k.name: k.folder for k in CONTENT_KINDS.values()}
"""Kind name to folder: ``{"topic": "topics", ...}``."""
