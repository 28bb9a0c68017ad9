"""Static assets shipped with the site: the stylesheet, the quiz runtime and worksheet PDFs."""

from __future__ import annotations

from importlib import resources
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rendering import Renderer

ASSET_DIR = "assets/guidecraft"
STYLESHEETS = (f"{ASSET_DIR}/guidecraft.css",)
QUIZ_RUNTIME = f"{ASSET_DIR}/quiz.js"


def read_asset(name: str) -> bytes:
    return (resources.files("generator") / "assets" / name).read_bytes()


def pdf_support() -> bool:
    """True when WeasyPrint (the ``pdf`` extra) imports, system libraries (Pango) included."""
    if find_spec("weasyprint") is None:
        return False
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def site_assets(renderer: Renderer) -> dict[str, bytes]:
    """Every non-page file the site needs, by destination path."""
    out = {
        f"{ASSET_DIR}/guidecraft.css": read_asset("guidecraft.css"),
        f"{ASSET_DIR}/quiz.css": read_asset("quiz.css"),
        f"{ASSET_DIR}/worksheet.css": read_asset("worksheet.css"),
        QUIZ_RUNTIME: read_asset("quiz.js"),
        f"{ASSET_DIR}/quick-exit.js": read_asset("quick-exit.js"),
    }
    if renderer.options.worksheet_pdfs:
        from .pdf import render_worksheet_pdfs

        out.update(render_worksheet_pdfs(renderer))
    return out
