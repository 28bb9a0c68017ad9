"""The one settings object the core takes: :class:`SiteConfig`, engine-neutral.

Each adapter fills it from its own settings (the MkDocs plugin's options and ``mkdocs.yml``
through :func:`generator.mkdocs_config.site_config`, the ``guidecraft`` command's ``--content``),
and :class:`~generator.site.Site` and :class:`~generator.rendering.Renderer` read it. Nothing
else carries settings into the core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .lint import LINT_KINDS
from .loading import LoadCache

SEARCH_ENGINES = ("pagefind", "material")
"""``search:`` choices: ``pagefind`` indexes the built HTML; ``material`` keeps the engine's own search."""


class SiteError(Exception):
    """A site setting that cannot work; one line that names the setting and the fix."""


@dataclass(frozen=True)
class SiteConfig:
    """What a build needs to know, in engine-neutral terms."""

    content_dir: Path = Path("content")
    project_dir: Path = Path(".")
    """Paths in messages are shown relative to this folder (where mkdocs.yml is)."""
    language: str | None = None
    """The interface language (theme.language); ``None`` takes site.yaml's, then English.

    :class:`~generator.site.Site` hands each renderer a copy with the language it speaks."""
    site_name: str = ""
    site_url: str = ""
    directory_urls: bool = True
    template_dirs: tuple[Path, ...] = ()
    """Folders whose templates replace the package's (an author's ``custom_dir``)."""
    worksheet_pdfs: bool | None = None
    """``True``: PDFs are required; ``False``: none; ``None`` (auto): when WeasyPrint is installed."""
    disabled_lints: frozenset[str] = frozenset()
    today: dt.date | None = None
    """The date review lints compare against; today when not given (tests pin it)."""
    search: str = "pagefind"
    """``pagefind``: index the built HTML (:meth:`Site.index_search`); ``material``: the engine's own search."""
    cache_dir: Path | None = None
    """Where lints keep results between builds (``.cache/guidecraft`` beside mkdocs.yml); ``None``: nowhere."""
    load_cache: LoadCache | None = field(default=None, compare=False, repr=False)
    """Content files already loaded, reused when unchanged (``guidecraft serve`` keeps one across builds)."""

    def __post_init__(self) -> None:
        if self.search not in SEARCH_ENGINES:
            raise SiteError(f"search is '{self.search}', expected one of: {', '.join(SEARCH_ENGINES)}")
        unknown = sorted(set(self.disabled_lints) - set(LINT_KINDS))
        if unknown:
            raise SiteError(
                f"unknown lint {', '.join(repr(u) for u in unknown)} in disable_lints, "
                f"expected some of: {', '.join(LINT_KINDS)}"
            )
