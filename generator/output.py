"""Publishing a built site into its output folder without ever losing the last good one."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
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
    """An empty folder beside ``dest`` to build into; :func:`swap_into_place` publishes it.

    Folders that killed builds left beside ``dest`` are removed first (see :func:`remove_leftovers`).
    """
    dest.resolve().parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(dest)
    return Path(tempfile.mkdtemp(prefix=f".{dest.resolve().name}-new-{os.getpid()}-", dir=dest.resolve().parent))


LEGACY_LEFTOVER_AGE = 3600
"""Seconds after which a work folder without a process id in its name (older guidecraft) counts as left over."""


def remove_leftovers(dest: Path) -> list[Path]:
    """Remove the work folders (``.site-new-*``, ``.site-old-*``) of builds that are no longer running.

    Each folder's name holds the id of the process that made it, so a build running at the
    same time keeps its own. Returns what was removed.
    """
    parent, name = dest.resolve().parent, dest.resolve().name
    pattern = re.compile(rf"^\.{re.escape(name)}-(?:new|old)-(?:(\d+)-)?[^/]+$")
    removed = []
    for path in sorted(parent.glob(f".{name}-*-*")):
        m = pattern.match(path.name)
        if not m or not path.is_dir() or path.is_symlink():
            continue
        if m.group(1) is not None:
            stale = int(m.group(1)) != os.getpid() and not _running(int(m.group(1)))
        else:
            try:
                stale = time.time() - path.stat().st_mtime > LEGACY_LEFTOVER_AGE
            except OSError:
                stale = False
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process, or no way to tell: leave its folder alone
    return True


def swap_into_place(new: Path, dest: Path) -> None:
    """Replace ``dest`` by ``new``; the old site survives any failure before the final rename."""
    backup = None
    if dest.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{dest.name}-old-{os.getpid()}-", dir=dest.parent))
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
