"""``guidecraft export``: the site as plain Markdown and a ``mkdocs.yml`` that builds without the plugin.

The exported folder builds with MkDocs (or an engine that reads ``mkdocs.yml`` but runs
no MkDocs plugins, such as Zensical) without the guidecraft plugin:

    DEST/mkdocs.yml      the site's mkdocs.yml, minus the plugin, with docs_dir: docs,
                         the nav, extra.guidecraft and the stylesheet filled in
    DEST/docs/           generated pages, assets and the content folder's other files
    DEST/overrides/      the package's theme layer, with the author's custom_dir over it
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .diagnostics import ContentError
from .engines import EngineProblem, Exported
from .loading import is_published
from .mkdocs_config import (
    PLUGIN_NAME,
    PRUNE,
    MkDocsProblem,
    apply_site,
    engine_problems,
    load_mkdocs_config,
    plugin_options,
    site_config,
    with_missing,
)
from .settings import SiteError
from .site import Site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DOCS = "docs"
OVERRIDES = "overrides"
HEADER = (
    "# Exported by `guidecraft export`: the generated site, built without the guidecraft plugin.\n"
    "# Edit the YAML content and export again rather than editing these files.\n"
)


class ExportError(EngineProblem):
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


def dump_config(data: dict[str, Any]) -> str:
    """Settings read by :func:`read_raw_config` as mkdocs.yml text, tags kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def _without_plugin(plugins: Any) -> Any:
    """The plugins setting without guidecraft, in the same shape (list or mapping)."""
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != PLUGIN_NAME}
    if isinstance(plugins, list):
        return [p for p in plugins if p != PLUGIN_NAME and not (isinstance(p, dict) and PLUGIN_NAME in p)]
    return plugins


# --------------------------------------------------------------------------- export


def load_site_for_export(config_file: Path) -> tuple[MkDocsConfig, Site]:
    """Load mkdocs.yml and the site it describes, checked as a build would check it."""
    try:
        config = load_mkdocs_config(config_file)
    except MkDocsProblem as exc:
        raise ExportError(str(exc), exc.diagnostics) from None
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
    return config, site


def export_site(config_file: Path, dest: Path) -> Exported:
    """Write the site into ``dest`` (which must be empty or new) for engines without MkDocs plugins."""
    config_file, dest = Path(config_file), Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise ExportError(f"{dest} already exists and is not empty, expected a new or empty folder")
    config, site = load_site_for_export(config_file)  # first: it words a broken mkdocs.yml as file:line:col
    raw = read_raw_config(config_file)
    nav_is_ours = config.nav is None
    apply_site(config, site)
    docs_dir = Path(config.docs_dir).resolve()
    if dest.resolve().is_relative_to(docs_dir):
        raise ExportError(f"{dest} is inside the docs folder {docs_dir}, expected a folder outside it")
    copied = _copy_published(docs_dir, site.config.content_dir, dest / DOCS)
    for page in site.pages:
        _write(dest / DOCS / page.src, page.markdown.encode("utf-8"))
    for name, data in site.assets.items():
        _write(dest / DOCS / name, data)
    _copy_theme(config, site, dest / OVERRIDES)
    out = _exported_config(raw, config, site, nav_is_ours)
    (dest / "mkdocs.yml").write_text(HEADER + dump_config(out), encoding="utf-8")
    content = site.content
    return Exported(
        dest=dest,
        config_file=dest / "mkdocs.yml",
        language=site.language,
        topics=len(content.topics),
        quizzes=len(content.quizzes),
        worksheets=len(content.worksheets),
        pages=len(site.pages),
        assets=len(site.assets),
        files=copied,
    )


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _copy_published(docs_dir: Path, content: Path, docs: Path) -> int:
    """Copy the docs folder's files that the site publishes as they are into ``docs``; how many."""
    docs.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        hidden = any(p.startswith(".") for p in rel.parts)
        if path.is_file() and path.suffix not in {".yaml", ".yml"} and not hidden and is_published(content, path):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / rel)
            copied += 1
    return copied


def _copy_theme(config: MkDocsConfig, site: Site, overrides: Path) -> None:
    """The package's theme layer first, then the author's custom_dir over it, as the plugin orders them."""
    shutil.copytree(site.theme_dir, overrides)
    if config.theme.custom_dir:
        shutil.copytree(config.theme.custom_dir, overrides, dirs_exist_ok=True)


def _exported_config(raw: dict[str, Any], config: MkDocsConfig, site: Site, nav_is_ours: bool) -> dict[str, Any]:
    """The author's mkdocs.yml as written, without the plugin, with what the plugin would add filled in."""
    out = {k: v for k, v in raw.items() if k not in {"docs_dir", "site_dir", "nav", "plugins"}}
    out["docs_dir"] = DOCS
    theme = raw.get("theme")
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme or "mkdocs"}
    theme["custom_dir"] = OVERRIDES
    if PRUNE in (config.theme.get("features") or []) and PRUNE not in (theme.get("features") or []):
        theme["features"] = [*(theme.get("features") or []), PRUNE]
    out["theme"] = theme
    if "plugins" in raw:
        out["plugins"] = _without_plugin(raw["plugins"])
    out["nav"] = config.nav
    if site.pages_outside_nav and nav_is_ours:
        # Long sections keep only their index page in the nav; say so, or a strict build warns.
        out["not_in_nav"] = "".join(f"/{src}\n" for src in sorted(site.pages_outside_nav))
    out["extra"] = dict(raw.get("extra") or {}) | {"guidecraft": config.extra["guidecraft"]}
    out["extra_css"] = with_missing(list(raw.get("extra_css") or []), site.stylesheets)
    theme["font"] = False
    out["markdown_extensions"] = with_missing(list(raw.get("markdown_extensions") or []), site.markdown_extensions)
    return out
