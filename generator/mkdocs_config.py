"""mkdocs.yml in the core's terms: the one module every MkDocs adapter shares.

It reads ``mkdocs.yml`` (:func:`load_mkdocs_config`, with what a command adds to it:
:class:`RunOptions`), turns it and the plugin's options into the core's one settings object
(:func:`site_config`), names the settings that would break a guidecraft site
(:func:`engine_problems`), and adds what a build needs to the loaded config (:func:`apply_site`,
with the nav in MkDocs' shape: :func:`mkdocs_nav`). The plugin, ``guidecraft serve``, the build and
the export import this; none of them imports another.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .diagnostics import Diagnostic
from .engines import EngineProblem
from .loading import LoadCache
from .navigation import Nav, NavItem, NavPage
from .search import BackgroundIndexer
from .settings import SiteConfig
from .site import Site, check_engine_settings
from .theme_settings import theme_extra
from .yaml_source import ContentLoader, yaml_syntax_problems

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "guidecraft"
PRUNE = "navigation.prune"
RUN_OPTIONS = "guidecraft_run"
"""The key of the loaded config that carries :class:`RunOptions` to the plugin (never in a file)."""


@dataclass(frozen=True)
class RunOptions:
    """What a command gives a build besides mkdocs.yml; :func:`load_mkdocs_config` carries it to the plugin."""

    today: dt.date | None = None
    """The date review lints compare against (``--today``); today when not given."""
    load_cache: LoadCache | None = None
    """Content files already loaded (``guidecraft serve`` keeps one across builds)."""
    indexer: BackgroundIndexer | None = None
    """``guidecraft serve``'s: the search index is written off the rebuild's path."""


def run_options(config: MkDocsConfig) -> RunOptions:
    """The :class:`RunOptions` this config was loaded with (none for a plain ``mkdocs build``)."""
    found = config.get(RUN_OPTIONS)
    return found if isinstance(found, RunOptions) else RunOptions()


def built_site(config: MkDocsConfig) -> Site:
    """The :class:`Site` the guidecraft plugin built from this config, once MkDocs has run it."""
    site = getattr(config.plugins.get(PLUGIN_NAME), "site", None)
    if not isinstance(site, Site):
        raise MkDocsProblem("the guidecraft plugin built no site, expected it listed and enabled in mkdocs.yml")
    return site


def use_site(config: MkDocsConfig, site: Site) -> None:
    """Give the plugin's per-page hooks (a site's languages) ``site``: ``guidecraft serve``'s after a save."""
    config.plugins[PLUGIN_NAME].site = site  # type: ignore[attr-defined]


def plugin_options(config: MkDocsConfig) -> Any | None:
    """The guidecraft plugin's validated options in this mkdocs.yml, or ``None`` when it is not listed."""
    plugin = config.plugins.get(PLUGIN_NAME)
    return plugin.config if plugin is not None else None


def site_config(config: MkDocsConfig) -> SiteConfig:
    """The engine-neutral settings this mkdocs.yml, its plugin options and its :class:`RunOptions` describe."""
    options = plugin_options(config)
    run = run_options(config)
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
        search=options.search if options else "pagefind",
        today=run.today,
        # GUIDECRAFT_NO_CACHE=1: every build from scratch (the benchmark's cold builds).
        cache_dir=None if os.environ.get("GUIDECRAFT_NO_CACHE") == "1" else project / ".cache" / "guidecraft",
        load_cache=run.load_cache,
    )


def engine_problems(config: MkDocsConfig) -> list[str]:
    """Settings that would make a page ask another host for something, or lose the theme layer."""
    problems = check_engine_settings(
        theme=config.theme.name,
        extra_css=[str(u) for u in config.extra_css],
        extra_javascript=[str(getattr(u, "path", u)) for u in config.extra_javascript],
        repo_url=config.repo_url,
        analytics=config.extra.get("analytics"),
    )
    options = plugin_options(config)
    material = config.plugins.get("material/search")
    if options is not None and options.search == "material" and (material is None or not material.config.enabled):
        problems.append("search: material needs Material's search plugin, expected 'search' listed in plugins")
    return problems


def mkdocs_nav(nav: Nav) -> list[Any]:
    """The core's nav tree in ``mkdocs.yml``'s shape. Titles are HTML-escaped: MkDocs and Material
    put them into pages as they are."""
    return [_mkdocs_nav_item(item) for item in nav]


def _mkdocs_nav_item(item: NavItem) -> Any:
    if isinstance(item, NavPage):
        return item.src if item.title is None else {html.escape(item.title): item.src}
    return {html.escape(item.title): mkdocs_nav(item.children)}


def with_missing(items: list[Any], wanted: tuple[str, ...]) -> list[Any]:
    """``items`` (a list of names, or of ``{name: options}``) and each of ``wanted`` not yet named in it."""
    named = {next(iter(e)) if isinstance(e, dict) else e for e in items}
    return items + [w for w in wanted if w not in named]


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
    config.extra["guidecraft"] = theme_extra(site.theme_settings)
    config.extra_css[:] = with_missing(list(config.extra_css), site.stylesheets)
    config.markdown_extensions[:] = with_missing(list(config.markdown_extensions), site.markdown_extensions)
    log = logging.getLogger("mkdocs.plugins.guidecraft")
    if config.nav is None:
        config.nav = mkdocs_nav(site.nav)
        features = list(config.theme.get("features") or [])
        if PRUNE not in features:
            # Without it Material draws every section of the nav on every page; the nav's cap on
            # each section (issue 24) counts on each page showing only its own branch.
            config.theme["features"] = [*features, PRUNE]
            log.info(f"guidecraft: theme feature {PRUNE} added, so each page's nav shows only its own section")
    material = config.plugins.get("material/search")
    if site.config.search == "pagefind" and material is not None and material.config.enabled:
        # guidecraft's box and index replace Material's, which would otherwise build a whole-site index too.
        material.config.enabled = False
        log.info(
            "guidecraft: search is Pagefind, so Material's search plugin is turned off (search: material keeps it)"
        )


class MkDocsProblem(EngineProblem):
    """mkdocs.yml cannot be read, or the MkDocs build failed; one line for the author.

    ``diagnostics`` holds the mistakes found at a place in mkdocs.yml, each a ``path:line:col`` line.
    """


def mkdocs_yml_problems(config_file: Path) -> list[Diagnostic]:
    """Mistakes in mkdocs.yml that guidecraft can place at a line: YAML syntax, and a misspelt 'guidecraft'
    under ``plugins``. MkDocs itself reports the rest, without a line."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # MkDocs says why it cannot read the file
    shown = str(config_file)
    problems = yaml_syntax_problems(text)
    if problems:
        return [Diagnostic(shown, line, col, "error", message) for line, col, message in problems]
    root = yaml.compose(text, Loader=ContentLoader)
    if not isinstance(root, yaml.MappingNode):
        return []
    names = _plugin_names(root)
    written = [str(n.value) for n in names]
    if PLUGIN_NAME in written:
        return []
    for node, name in zip(names, written, strict=True):
        if difflib.get_close_matches(name.lower(), [PLUGIN_NAME], n=1, cutoff=0.75):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            return [
                Diagnostic(
                    shown,
                    line,
                    col,
                    "error",
                    f"plugins: unknown plugin '{name}', did you mean '{PLUGIN_NAME}'? expected the name of an "
                    f"installed plugin; correct the spelling to {PLUGIN_NAME}",
                )
            ]
    return []


def _plugin_names(root: yaml.MappingNode) -> list[yaml.Node]:
    """The nodes naming each plugin under ``plugins`` (a list of names or ``{name: options}``, or a mapping)."""
    plugins = next((value for key, value in root.value if getattr(key, "value", None) == "plugins"), None)
    names: list[yaml.Node] = []
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.ScalarNode):
                names.append(item)
            elif isinstance(item, yaml.MappingNode) and item.value:
                names.append(item.value[0][0])
    elif isinstance(plugins, yaml.MappingNode):
        names = [key for key, _ in plugins.value]
    return names


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs_config(
    config_file: Path, *, run: RunOptions | None = None, need_plugin: bool = False, **overrides: Any
) -> MkDocsConfig:
    """Load and validate mkdocs.yml (``overrides``: MkDocs settings, such as ``site_dir``), carrying
    ``run`` to the plugin; every problem MkDocs finds becomes one :class:`MkDocsProblem`, and so does
    a missing guidecraft plugin when ``need_plugin``."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise MkDocsProblem(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    found = mkdocs_yml_problems(config_file)
    if found:
        raise MkDocsProblem("\n".join(str(d) for d in found), found)
    logger = logging.getLogger("mkdocs")
    collect = _Collect(logging.ERROR)
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except MkDocsException as exc:
        errors = [r.getMessage() for r in collect.records]
        raise MkDocsProblem(f"{config_file}: {'; '.join(errors) or exc.format_message()}") from None
    except (OSError, ValueError) as exc:
        raise MkDocsProblem(f"{config_file}: {exc}") from None
    finally:
        logger.removeHandler(collect)
    if need_plugin and PLUGIN_NAME not in config.plugins:
        raise MkDocsProblem(
            f"{config_file}: the guidecraft plugin is not listed under plugins, expected '- guidecraft'"
        )
    config[RUN_OPTIONS] = run or RunOptions()
    return config
