"""Worksheet PDFs with WeasyPrint (optional extra). Placeholder, to be completed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rendering import Renderer


def render_worksheet_pdfs(renderer: Renderer) -> dict[str, bytes]:
    return {}
