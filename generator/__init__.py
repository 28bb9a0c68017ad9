"""guidecraft: structured YAML self-help guidance to a calm, accessible MkDocs Material site.

The public API is what ``__all__`` names; everything else may change between releases. A site goes
from its settings to its files in the core's own terms, with no MkDocs involved::

    from pathlib import Path

    from generator import Site, SiteConfig

    site = Site(SiteConfig(project_dir=Path("."), content_dir=Path("content")))
    site.lints  # every finding, as Diagnostic lines
    site.pages  # the generated Markdown pages

A second site engine (Zensical, say) implements :class:`Engine` and registers it in the
``guidecraft.engines`` entry-point group; the ``guidecraft`` command finds it with
:func:`find_engine`. ``tests/test_architecture.py`` guards this list and the rule that no module imports another's
private names.
"""

from __future__ import annotations

from .diagnostics import ContentError, Diagnostic
from .documents import Content, Document
from .engines import Engine, EngineProblem, Exported, find_engine
from .loading import load_content
from .models import Quiz, SiteSettings, Topic, Worksheet
from .quiz.scoring import QuizScore, score_answers
from .rendering import GeneratedPage, Renderer, render_pages
from .settings import SiteConfig, SiteError
from .site import Site

__all__ = [
    "Content",
    "ContentError",
    "Diagnostic",
    "Document",
    "Engine",
    "EngineProblem",
    "Exported",
    "GeneratedPage",
    "Quiz",
    "QuizScore",
    "Renderer",
    "Site",
    "SiteConfig",
    "SiteError",
    "SiteSettings",
    "Topic",
    "Worksheet",
    "find_engine",
    "load_content",
    "render_pages",
    "score_answers",
]
__version__ = "0.1.0"
