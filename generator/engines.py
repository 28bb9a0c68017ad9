"""What the commands need from a site engine (:class:`Engine`), and finding the installed one (:func:`find_engine`).

An engine reads the site's settings file, builds, serves and exports the site. The command line
knows engines only through this module: each is registered under the package entry-point group
``guidecraft.engines`` (guidecraft's own, ``mkdocs``, is :mod:`generator.mkdocs_engine`), so a second
engine is one more entry point, in this package or another.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .settings import SiteConfig
    from .site import Site

GROUP = "guidecraft.engines"
"""The entry-point group each engine is registered in, under its name."""
DEFAULT = "mkdocs"
INSTALL = {"mkdocs": "reinstall guidecraft, which registers it (in a source folder: python -m pip install -e .)"}
"""How to get each engine guidecraft knows of, for the message when it is missing."""


class EngineProblem(Exception):
    """The engine cannot read the settings file, build, serve or export; one line for the author.

    ``diagnostics`` holds the mistakes found at a place in the settings file, each a ``path:line:col`` line.
    """

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass(frozen=True)
class Exported:
    """What :meth:`Engine.export` wrote."""

    dest: Path
    config_file: Path
    """The exported settings file (mkdocs.yml)."""
    language: str
    topics: int
    quizzes: int
    worksheets: int
    pages: int
    assets: int
    files: int
    """Files copied from the docs folder as they are."""


@runtime_checkable
class Engine(Protocol):
    """A site engine, as the command line uses it. Every method raises :class:`EngineProblem` for what the
    author can fix."""

    @property
    def name(self) -> str:
        """The engine's entry-point name, also the prefix of its own warnings in the terminal (``mkdocs``)."""
        ...

    @property
    def title(self) -> str:
        """The engine's name in a sentence (``MkDocs``)."""
        ...

    @property
    def logger(self) -> str:
        """The name of the :mod:`logging` logger the engine (and guidecraft's plugin in it) writes to."""
        ...

    @property
    def progress_notes(self) -> tuple[str, ...]:
        """How the engine's progress notes while serving begin: notes an author can do nothing with."""
        ...

    def site_config(self, config_file: Path, *, today: dt.date | None = None) -> SiteConfig:
        """The core's settings that ``config_file`` describes (``today``: the date review lints compare against)."""
        ...

    def config_problems(self, config_file: Path) -> list[Diagnostic]:
        """Mistakes in ``config_file`` that can be placed at a line (none when it reads well)."""
        ...

    def build(self, config_file: Path, site_dir: Path, *, strict: bool, today: dt.date | None = None) -> Site:
        """Build the whole site into ``site_dir``; returns the :class:`~generator.site.Site` it built."""
        ...

    def serve(self, config_file: Path, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
        """Serve the site at ``dev_addr`` until interrupted, rebuilding what each save reaches."""
        ...

    def export(self, config_file: Path, dest: Path) -> Exported:
        """Write the site into ``dest`` (new or empty) for engines that run no guidecraft plugin."""
        ...


def find_engine(name: str = DEFAULT) -> Engine:
    """The engine registered as ``name`` in the ``guidecraft.engines`` entry points; an :class:`EngineProblem`
    naming what to install when there is none, or more than one."""
    found = {ep.value: ep for ep in entry_points(group=GROUP, name=name)}
    if not found:
        installed = sorted({ep.name for ep in entry_points(group=GROUP)})
        how = INSTALL.get(name, "install the package that provides it")
        raise EngineProblem(
            f"no site engine '{name}' is installed (installed: {', '.join(installed) or 'none'}), "
            f"expected one registered in the entry-point group '{GROUP}'; {how}"
        )
    if len(found) > 1:
        raise EngineProblem(
            f"the site engine '{name}' is registered more than once ({', '.join(sorted(found))}), "
            "expected one; uninstall all but one of the packages that provide it"
        )
    (point,) = found.values()
    try:
        engine = point.load()
    except (ImportError, AttributeError) as exc:  # a missing module, dependency or name in the engine's package
        raise EngineProblem(f"the site engine '{name}' ({point.value}) cannot be loaded: {exc}") from None
    if not isinstance(engine, Engine):
        raise EngineProblem(
            f"the site engine '{name}' ({point.value}) is a {type(engine).__name__}, expected an engine "
            "(see generator.engines.Engine)"
        )
    return engine
