"""Publishing a built site into its output folder without ever losing the last good one."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def unsafe_output_dir(site: Path, *, project: Path, content: Path, docs: Path) -> str | None:
    """Why ``site`` must not be the output folder (it holds or sits in the sources), or ``None``."""
    site = site.resolve()
    for name, folder in (("the project folder", project), ("the docs folder", docs), ("the content folder", content)):
        folder = folder.resolve()
        if site == folder or folder.is_relative_to(site):
            return f"{site} holds {name}, expected a separate output folder such as 'site'"
        if site.is_relative_to(folder) and name != "the project folder":
            return f"{site} is inside {name}, expected a folder outside it"
    if site.exists() and not site.is_dir():
        return f"{site} is a file, expected a folder"
    return None


def new_output_dir(dest: Path) -> Path:
    """An empty folder beside ``dest`` to build into; :func:`swap_into_place` publishes it."""
    dest.resolve().parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{dest.resolve().name}-new-", dir=dest.resolve().parent))


def swap_into_place(new: Path, dest: Path) -> None:
    """Replace ``dest`` by ``new``; the old site survives any failure before the final rename."""
    backup = None
    if dest.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{dest.name}-old-", dir=dest.parent))
        backup.rmdir()
        dest.rename(backup)
    try:
        new.rename(dest)
    except OSError:
        if backup is not None:
            backup.rename(dest)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")
