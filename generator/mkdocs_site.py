"""A whole MkDocs build of a guidecraft site, for ``guidecraft build``.

mkdocs.yml is read through :mod:`generator.mkdocs_config`, with the command's
:class:`~generator.mkdocs_config.RunOptions`; the plugin does the rest, and the :class:`Site`
it built is handed back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .mkdocs_config import MkDocsProblem, RunOptions, built_site, load_mkdocs_config
from .site import Site


def build_with_mkdocs(config_file: Path, site_dir: Path, *, strict: bool, today: dt.date | None = None) -> Site:
    """Run a real MkDocs build into ``site_dir``; returns the :class:`Site` the plugin built."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    run = RunOptions(today=today)
    config = load_mkdocs_config(config_file, run=run, need_plugin=True, site_dir=str(site_dir), strict=strict)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise MkDocsProblem(exc.format_message()) from None
    except Exception as exc:  # a broken theme override or extension must not hide behind a traceback
        raise MkDocsProblem(f"{type(exc).__name__}: {exc}") from None
    return built_site(config)
