"""What loading hands on: a validated content file (:class:`Document`) and a content folder's
documents, one dict per kind (:class:`Content`). Loading them is :mod:`generator.loading`'s job.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .diagnostics import Diagnostic, Loc
from .kinds import CONTENT_KINDS, KIND_OF_FOLDER
from .models import Quiz, SiteSettings, Topic, Worksheet
from .yaml_source import Positions, format_loc

M = TypeVar("M", bound=BaseModel)


@dataclass
class Document(Generic[M]):
    """A validated content file."""

    path: str
    slug: str
    model: M
    positions: Positions
    data: Any

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return self.positions.find(loc, key=key)

    def error(self, loc: Loc, message: str, *, severity: str = "error", kind: str = "content") -> Diagnostic:
        line, col = self.where(loc)
        prefix = f"{format_loc(loc)}: " if loc else ""
        return Diagnostic(self.path, line, col, severity, prefix + message, kind)  # type: ignore[arg-type]


@dataclass
class Content:
    """Everything in a content folder, validated and cross-checked.

    One field of documents per kind of :data:`~generator.kinds.CONTENT_KINDS`, named for its folder
    (``tests/test_kinds.py`` checks that they agree).
    """

    root: Path
    site: Document[SiteSettings]
    topics: dict[str, Document[Topic]]
    quizzes: dict[str, Document[Quiz]]
    worksheets: dict[str, Document[Worksheet]]
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Lines for the author that are no problem (an editor's backup copy in the content folder)."""
    site_loaded: bool = True
    """False when site.yaml has errors: ``site`` then holds defaults, so the other files can still be checked."""

    @classmethod
    def of_folders(
        cls, root: Path, site: Document[SiteSettings], documents: Mapping[str, dict[str, Document[Any]]], **rest: Any
    ) -> Content:
        """Content from the documents of each kind folder (every folder of the table of kinds, and no other)."""
        if set(documents) != set(KIND_OF_FOLDER):
            raise ValueError(f"documents of {sorted(documents)}, expected one dict per kind folder")
        return cls(root, site, **documents, **rest)  # type: ignore[arg-type]  # one dict per kind folder

    def with_documents(self, documents: Mapping[str, dict[str, Document[Any]]], **rest: Any) -> Content:
        """This content with the documents of each kind folder replaced (same site settings and root)."""
        return Content.of_folders(self.root, self.site, documents, **rest)

    def of_kind(self, kind: str) -> dict[str, Document[Any]]:
        """The documents of one kind, by slug: ``content.of_kind("quiz")``."""
        return getattr(self, CONTENT_KINDS[kind].folder)  # type: ignore[no-any-return]

    def by_folder(self) -> dict[str, dict[str, Document[Any]]]:
        """The documents of each kind, by folder and slug."""
        return {k.folder: self.of_kind(k.name) for k in CONTENT_KINDS.values()}

    def documents(self) -> Iterator[Document[Any]]:
        if self.site_loaded:
            yield self.site
        for docs in self.by_folder().values():
            yield from docs.values()
