"""Static assets shipped with the site: the stylesheets and the quiz runtime."""

from __future__ import annotations

import json
from importlib import resources
from importlib.util import find_spec
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .i18n import Messages

ASSET_DIR = "assets/guidecraft"
STYLESHEETS = (f"{ASSET_DIR}/guidecraft.css",)
QUIZ_RUNTIME = f"{ASSET_DIR}/quiz.js"


def read_asset(name: str) -> bytes:
    return (resources.files("generator") / "assets" / name).read_bytes()


def pdf_support() -> bool:
    """True when WeasyPrint (the ``pdf`` extra) imports, system libraries (Pango) included."""
    if find_spec("weasyprint") is None:
        return False
    from .pdf import quiet_printing

    try:
        with quiet_printing():  # importing WeasyPrint parses its stylesheets, and logs each step
            import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


# What search.js says as it works (the box's own labels are in the page).
SEARCH_RUNTIME_MESSAGES = (
    "search_hint",
    "search_searching",
    "search_none",
    "search_one",
    "search_other",
    "search_failed",
)


def search_runtime(t: Messages) -> bytes:
    """search.js with the site language's messages in front: in the cached script, not on every page."""
    messages = t.subset(*SEARCH_RUNTIME_MESSAGES)
    data = json.dumps(messages, sort_keys=True).replace("<", "\\u003c")
    return f"var GC_SEARCH_MESSAGES = {data};\n".encode() + read_asset("search.js")


def site_assets(t: Messages) -> dict[str, bytes]:
    """The stylesheets and scripts every site needs, by destination path (PDFs come from the Site);
    ``t`` is the site language's catalog, for the search runtime's words."""
    return {
        f"{ASSET_DIR}/guidecraft.css": read_asset("palette.css") + read_asset("guidecraft.css"),
        f"{ASSET_DIR}/quiz.css": read_asset("quiz.css"),
        f"{ASSET_DIR}/worksheet.css": read_asset("worksheet.css"),
        QUIZ_RUNTIME: read_asset("quiz.js"),
        f"{ASSET_DIR}/search.js": search_runtime(t),
        f"{ASSET_DIR}/quick-exit.js": read_asset("quick-exit.js"),
    }
