"""guidecraft: structured YAML self-help guidance to a calm, accessible MkDocs Material site."""

from __future__ import annotations

from .diagnostics import ContentError, Diagnostic
from .loading import Content, load_content
from .rendering import GeneratedPage, Renderer, render_pages
from .settings import SiteConfig

__all__ = [
    "Content",
    "ContentError",
    "Diagnostic",
    "GeneratedPage",
    "Renderer",
    "SiteConfig",
    "load_content",
    "render_pages",
]
__version__ = "0.1.0"
