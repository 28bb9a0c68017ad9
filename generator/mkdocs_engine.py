"""guidecraft's MkDocs engine: the :class:`~generator.engines.Engine` the commands find under the entry point
``guidecraft.engines: mkdocs``, made of the MkDocs adapters (config, build, serve and export)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .diagnostics import Diagnostic
from .engines import Engine, Exported
from .mkdocs_config import RunOptions, load_mkdocs_config, mkdocs_yml_problems, site_config
from .mkdocs_export import export_site
from .mkdocs_serve import serve
from .mkdocs_site import build_with_mkdocs
from .settings import SiteConfig
from .site import Site


class MkDocsEngine:
    """Builds, serves and exports a site with MkDocs and guidecraft's plugin, from its mkdocs.yml."""

    name = "mkdocs"
    title = "MkDocs"
    logger = "mkdocs"
    # What MkDocs says while serving that an author can do nothing with: guidecraft's own line
    # ("guidecraft: full build in 0.9 s") already says the site was built, and when.
    progress_notes = (
        "Building documentation",
        "Cleaning site directory",
        "Documentation built in",
        "Watching paths for",
    )

    def site_config(self, config_file: Path, *, today: dt.date | None = None) -> SiteConfig:
        return site_config(load_mkdocs_config(config_file, run=RunOptions(today=today)))

    def config_problems(self, config_file: Path) -> list[Diagnostic]:
        return mkdocs_yml_problems(config_file)

    def build(self, config_file: Path, site_dir: Path, *, strict: bool, today: dt.date | None = None) -> Site:
        return build_with_mkdocs(config_file, site_dir, strict=strict, today=today)

    def serve(self, config_file: Path, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
        serve(config_file, dev_addr=dev_addr, open_in_browser=open_in_browser)

    def export(self, config_file: Path, dest: Path) -> Exported:
        return export_site(config_file, dest)


ENGINE: Engine = MkDocsEngine()
"""The engine the entry point names (typed, so mypy checks it keeps to the protocol)."""
