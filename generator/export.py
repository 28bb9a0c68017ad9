"""``guidecraft export``: the generated site as plain Markdown and a ready ``mkdocs.yml``.

The exported folder builds with MkDocs (or an engine that reads ``mkdocs.yml`` but runs
no MkDocs plugins, such as Zensical) without the guidecraft plugin:

    DEST/mkdocs.yml      the site's mkdocs.yml, minus the plugin, with docs_dir: docs,
                         the nav, extra.guidecraft and the stylesheet filled in
    DEST/docs/           generated pages, assets and the content folder's other files
    DEST/overrides/      a copy of the theme's custom_dir
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import ContentError
from .mkdocs_site import apply_site, engine_problems, plugin_options, site_config
from .site import Site, SiteError

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


def load_site(config_file: Path) -> tuple[Any, Site]:
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
    config, site = load_site(config_file)
    docs_dir = Path(config.docs_dir).resolve()
    if dest.resolve().is_relative_to(docs_dir):
        raise ExportError(f"{dest} is inside the docs folder {docs_dir}, expected a folder outside it")

    docs = dest / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    copied = 0
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir)
        if path.is_file() and path.suffix not in {".yaml", ".yml"} and not any(p.startswith(".") for p in rel.parts):
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
    out["theme"] = theme
    if "plugins" in raw:
        out["plugins"] = _without_plugin(raw["plugins"])
    out["nav"] = config.nav
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
