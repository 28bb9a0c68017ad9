"""Static assets shipped with the site: the stylesheets and the quiz runtime."""

from __future__ import annotations

from importlib import resources
from importlib.util import find_spec

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


def site_assets() -> dict[str, bytes]:
    """The stylesheets and scripts every site needs, by destination path (PDFs come from the Site)."""
    return {
        f"{ASSET_DIR}/guidecraft.css": read_asset("guidecraft.css"),
        f"{ASSET_DIR}/quiz.css": read_asset("quiz.css"),
        f"{ASSET_DIR}/worksheet.css": read_asset("worksheet.css"),
        QUIZ_RUNTIME: read_asset("quiz.js"),
    }
