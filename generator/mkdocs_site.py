"""The MkDocs engine in the core's terms: shared by the MkDocs plugin and the ``guidecraft`` command.

Both adapters read the same ``mkdocs.yml``, so the translation lives here once: which content
folder, language and templates it names (:func:`site_config`), which of its settings would
break a guidecraft site (:func:`engine_problems`), what a build adds to it (:func:`apply_site`),
a whole build (:func:`build_with_mkdocs`) and the plugin-free copy that ``guidecraft export``
writes (:func:`export_site`). Neither adapter imports the other; each imports this.

The exported folder builds with MkDocs (or an engine that reads ``mkdocs.yml`` but runs
no MkDocs plugins, such as Zensical) without the guidecraft plugin:

    DEST/mkdocs.yml      the site's mkdocs.yml, minus the plugin, with docs_dir: docs,
                         the nav, extra.guidecraft and the stylesheet filled in
    DEST/docs/           generated pages, assets and the content folder's other files
    DEST/overrides/      the package's theme layer, with the author's custom_dir over it
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .diagnostics import ContentError, Diagnostic
from .loading import is_published
from .site import Site, SiteConfig, SiteError, check_engine_settings
from .yaml_source import ContentLoader, yaml_syntax_problems

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN_NAME = "guidecraft"
PRUNE = "navigation.prune"


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
        search=options.search if options else "pagefind",
        today=today,
        # GUIDECRAFT_NO_CACHE=1: every build from scratch (the benchmark's cold builds).
        cache_dir=None if os.environ.get("GUIDECRAFT_NO_CACHE") == "1" else project / ".cache" / "guidecraft",
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
        features = list(config.theme.get("features") or [])
        if PRUNE not in features:
            # Without it Material draws every section of the nav on every page; the nav's cap on
            # each section (issue 24) counts on each page showing only its own branch.
            config.theme["features"] = [*features, PRUNE]
            logging.getLogger("mkdocs.plugins.guidecraft").info(
                f"guidecraft: theme feature {PRUNE} added, so each page's nav shows only its own section"
            )
    material = config.plugins.get("material/search")
    if site.config.search == "pagefind" and material is not None and material.config.enabled:
        # guidecraft's box and index replace Material's, which would otherwise build a whole-site index too.
        material.config.enabled = False
        logging.getLogger("mkdocs.plugins.guidecraft").info(
            "guidecraft: search is Pagefind, so Material's search plugin is turned off (search: material keeps it)"
        )


class MkDocsProblem(Exception):
    """mkdocs.yml cannot be read, or the MkDocs build failed; one line for the author.

    ``diagnostics`` holds the mistakes found at a place in mkdocs.yml, each a ``path:line:col`` line.
    """

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


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


class _Collect(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """Load and validate mkdocs.yml; every problem MkDocs finds becomes one :class:`MkDocsProblem`."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise MkDocsProblem(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    found = mkdocs_yml_problems(config_file)
    if found:
        raise MkDocsProblem("\n".join(str(d) for d in found), found)
    logger = logging.getLogger("mkdocs")
    collect = _Collect(logging.ERROR)
    seen = collect.records
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


# --------------------------------------------------------------------------- export, for engines without plugins

DOCS = "docs"
OVERRIDES = "overrides"


class ExportError(Exception):
    """The site cannot be exported: bad mkdocs.yml, content errors or no guidecraft plugin."""


# --------------------------------------------------------------------------- mkdocs.yml, tags kept


class _Tagged:
    """A YAML value with a tag MkDocs resolves itself (``!ENV``, ``!!python/name:...``), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> _Tagged:
    value: Any
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def read_raw_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as written (tags kept), to copy into the export."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader subclass
    if not isinstance(data, dict):
        raise ExportError(f"{config_file}: expected a mapping of settings")
    return data


def _without_plugin(plugins: Any) -> Any:
    """The plugins setting without guidecraft, in the same shape (list or mapping)."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != "guidecraft"}
    if isinstance(plugins, list):
        return [p for p in plugins if p != "guidecraft" and not (isinstance(p, dict) and "guidecraft" in p)]
    return plugins


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


# --------------------------------------------------------------------------- export


def load_site_for_export(config_file: Path) -> tuple[Any, Site]:
    """Load mkdocs.yml and the site it describes, checked as a build would check it."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file=str(config_file))
    except (MkDocsException, OSError) as exc:
        raise ExportError(f"{config_file}: {exc}") from None
    options = plugin_options(config)
    if options is None:
        raise ExportError(f"{config_file}: the guidecraft plugin is not listed under plugins")
    if not options.enabled:
        raise ExportError(f"{config_file}: the guidecraft plugin is disabled (enabled: false)")
    problems = engine_problems(config)
    if problems:
        raise ExportError(f"{config_file}: " + f"\n{config_file}: ".join(problems))
    try:
        site = Site(site_config(config))
        site.pages  # noqa: B018 - content and PDF errors surface here, before anything is written
        if site.multilingual:
            raise ExportError(
                f"{config_file}: the site is in several languages ({', '.join(site.languages)}), which only the "
                "guidecraft plugin can build (each page's language, nav and crisis lines); expected mkdocs build"
            )
    except ContentError as exc:
        n = len(exc.errors)
        raise ExportError(f"{n} error{'s' if n != 1 else ''} in content; nothing was exported\n{exc}") from None
    except SiteError as exc:
        raise ExportError(f"{config_file}: {exc}") from None
    apply_site(config, site)
    return config, site


def export_site(config_file: Path, dest: Path) -> dict[str, Any]:
    """Write the site into ``dest`` (which must be empty or new) for engines without MkDocs plugins.

    Returns counts: ``pages``, ``assets``, ``files`` (copied from the docs folder),
    ``topics``, ``quizzes``, ``worksheets``, and the ``language`` and ``config_file``.
    """
    config_file = Path(config_file)
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(f"{dest} already exists and is not empty, expected a new or empty folder")
    raw = read_raw_config(config_file)
    config, site = load_site_for_export(config_file)
    docs_dir = Path(config.docs_dir).resolve()
    if dest.resolve().is_relative_to(docs_dir):
        raise ExportError(f"{dest} is inside the docs folder {docs_dir}, expected a folder outside it")

    docs = dest / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    copied = 0
    content = site.config.content_dir
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        hidden = any(p.startswith(".") for p in rel.parts)
        if path.is_file() and path.suffix not in {".yaml", ".yml"} and not hidden and is_published(content, path):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / rel)
            copied += 1
    pages = site.pages
    for page in pages:
        target = docs / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    site_assets = site.assets
    for name, data in site_assets.items():
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    out = {k: v for k, v in raw.items() if k not in {"docs_dir", "site_dir", "nav", "plugins"}}
    out["docs_dir"] = DOCS
    theme = raw.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "mkdocs"}
    # The package's theme layer first, then the author's custom_dir over it, as the plugin orders them.
    shutil.copytree(site.theme_dir, dest / OVERRIDES)
    custom_dir = config.theme.custom_dir
    if custom_dir:
        shutil.copytree(custom_dir, dest / OVERRIDES, dirs_exist_ok=True)
    theme["custom_dir"] = OVERRIDES
    if PRUNE in (config.theme.get("features") or []) and PRUNE not in (theme.get("features") or []):
        theme["features"] = [*(theme.get("features") or []), PRUNE]
    out["theme"] = theme
    if "plugins" in raw:
        out["plugins"] = _without_plugin(raw["plugins"])
    out["nav"] = config.nav
    if site.pages_outside_nav and config.nav is site.nav:
        # Long sections keep only their index page in the nav; say so, or a strict build warns.
        out["not_in_nav"] = "".join(f"/{src}\n" for src in sorted(site.pages_outside_nav))
    extra = dict(raw.get("extra") or {})
    extra["guidecraft"] = config.extra["guidecraft"]
    out["extra"] = extra
    extra_css = list(raw.get("extra_css") or [])
    out["extra_css"] = extra_css + [css for css in site.stylesheets if css not in extra_css]
    theme["font"] = False
    extensions = list(raw.get("markdown_extensions") or [])
    named = {e if isinstance(e, str) else next(iter(e)) for e in extensions}
    out["markdown_extensions"] = extensions + [e for e in site.markdown_extensions if e not in named]
    header = (
        "# Exported by `guidecraft export`: the generated site, built without the guidecraft plugin.\n"
        "# Edit the YAML content and export again rather than editing these files.\n"
    )
    (dest / "mkdocs.yml").write_text(header + _dump(out), encoding="utf-8")
    return {
        "dest": str(dest),
        "config_file": str(dest / "mkdocs.yml"),
        "language": site.language,
        "topics": len(site.content.topics),
        "quizzes": len(site.content.quizzes),
        "worksheets": len(site.content.worksheets),
        "pages": len(pages),
        "assets": len(site_assets),
        "files": copied,
    }
