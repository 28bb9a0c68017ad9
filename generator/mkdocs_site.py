"""What a ``mkdocs.yml`` says, in the core's terms: shared by the plugin, the CLI and export.

The three adapters read the same file, so the translation lives here once: which content
folder, language and templates a ``mkdocs.yml`` names (:func:`site_config`), which of its
settings would break a guidecraft site (:func:`engine_problems`), and what a build adds to
it (:func:`apply_site`). No adapter imports another; each imports this.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .site import Site, SiteConfig, check_engine_settings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "guidecraft"


def plugin_options(config: MkDocsConfig) -> Any | None:
    """The guidecraft plugin's validated options in this mkdocs.yml, or ``None`` when it is not listed."""
    plugin = config.plugins.get(PLUGIN_NAME)
    return plugin.config if plugin is not None else None


def site_config(config: MkDocsConfig, *, today: dt.date | None = None) -> SiteConfig:
    """The engine-neutral settings this mkdocs.yml describes."""
    options = plugin_options(config)
    project = Path(config.config_file_path or ".").resolve().parent
    content = (options.content_dir if options else None) or config.docs_dir
    templates = (options.templates_dir if options else None) or config.theme.custom_dir
    language = config.theme.get("language")
    return SiteConfig(
        content_dir=project / content,
        project_dir=project,
        language=str(language) if language else None,
        site_name=config.site_name,
        site_url=config.site_url or "",
        directory_urls=config.use_directory_urls,
        template_dirs=(project / templates,) if templates else (),
        worksheet_pdfs=options.worksheet_pdfs if options else None,
        disabled_lints=frozenset(options.disable_lints if options else ()),
        today=today,
    )


def engine_problems(config: MkDocsConfig) -> list[str]:
    """Settings that would make a page ask another host for something, or lose the theme layer."""
    return check_engine_settings(
        theme=config.theme.name,
        extra_css=[str(u) for u in config.extra_css],
        extra_javascript=[str(getattr(u, "path", u)) for u in config.extra_javascript],
        repo_url=config.repo_url,
        analytics=config.extra.get("analytics"),
    )


def apply_site(config: MkDocsConfig, site: Site) -> None:
    """Add what every guidecraft site needs to a loaded mkdocs.yml: theme layer, fonts off,
    stylesheets, Markdown extensions, theme settings and (unless the author wrote one) the nav."""
    # Material would otherwise load Google Fonts on every page; the system fonts need no request.
    config.theme["font"] = False
    theme_dir = str(site.theme_dir)
    dirs = config.theme.dirs
    if theme_dir not in dirs:
        # After the author's custom_dir, before Material's own folders: the author can still override it.
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, theme_dir)
    config.extra["guidecraft"] = site.theme_settings
    for css in site.stylesheets:
        if css not in config.extra_css:
            config.extra_css.append(css)
    for ext in site.markdown_extensions:
        if ext not in config.markdown_extensions:
            config.markdown_extensions.append(ext)
    if config.nav is None:
        config.nav = site.nav


class MkDocsProblem(Exception):
    """mkdocs.yml cannot be read, or the MkDocs build failed; one line for the author."""


def load_mkdocs_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """Load and validate mkdocs.yml; every problem MkDocs finds becomes one :class:`MkDocsProblem`."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise MkDocsProblem(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    logger = logging.getLogger("mkdocs")
    seen: list[logging.LogRecord] = []
    collect = logging.Handler(logging.ERROR)
    collect.emit = seen.append  # type: ignore[method-assign]
    logger.addHandler(collect)
    try:
        return load_config(config_file=str(config_file), **overrides)
    except MkDocsException as exc:
        errors = [r.getMessage() for r in seen]
        raise MkDocsProblem(f"{config_file}: {'; '.join(errors) or exc.format_message()}") from None
    except (OSError, ValueError) as exc:
        raise MkDocsProblem(f"{config_file}: {exc}") from None
    finally:
        logger.removeHandler(collect)


def build_with_mkdocs(config_file: Path, site_dir: Path, *, strict: bool, today: dt.date | None = None) -> Site:
    """Run a real MkDocs build into ``site_dir``; returns the :class:`Site` the plugin built."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = load_mkdocs_config(config_file, site_dir=str(site_dir), strict=strict)
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise MkDocsProblem(
            f"{config_file}: the guidecraft plugin is not listed under plugins, expected '- guidecraft'"
        )
    plugin.today = today
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
    return plugin.site  # type: ignore[no-any-return]
