"""What a quiz needs from the page it is shown on: its Markdown rendered and its links resolved.

Markdown is rendered at build time, so the runtime only inserts trusted HTML that the
build produced; it never parses content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import ConfigDict

from ..models import NextStep


@dataclass(frozen=True)
class StepLink:
    """A next step as a link from the page the quiz is on."""

    __pydantic_config__ = ConfigDict(extra="forbid", use_attribute_docstrings=True)  # as the payload's
    kind: str
    """The kind of page linked to: 'topic', 'worksheet' or 'quiz'."""
    slug: str
    """The linked page's file name, without .yaml."""
    text: str
    """The link's words: the step's own, or the linked page's title."""
    url: str
    """The link, relative to the page the quiz is on."""


@dataclass(frozen=True)
class QuizPage:
    """The page a quiz is rendered on: links are relative to it, so the same quiz differs per page."""

    url: Callable[[str, str, str], str]
    """The link from this page to a page of a kind ('topic', 'worksheet' or 'quiz'), slug and anchor."""
    render_block: Callable[[str | None], str]
    """Markdown to HTML, with links resolved for this page ('' for no text)."""
    title: Callable[[str, str], str] | None = None
    """The title of a page of a kind and slug, for a next step without words; without it, the slug."""

    def steps(self, next_steps: Sequence[NextStep]) -> tuple[StepLink, ...]:
        """Next steps as links from this page."""
        return tuple(self._link(step) for step in next_steps)

    def _link(self, step: NextStep) -> StepLink:
        kind = "topic" if step.topic else "worksheet" if step.worksheet else "quiz"
        slug = step.topic or step.worksheet or step.quiz or ""
        text = step.text or (self.title(kind, slug) if self.title else slug)
        return StepLink(kind=kind, slug=slug, text=text, url=self.url(kind, slug, step.section or ""))
