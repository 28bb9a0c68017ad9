"""The layers, read from the imports: the core never imports MkDocs or an adapter; the MkDocs modules
share only :mod:`generator.mkdocs_config`; the plugin and the command never import each other; the
command imports no MkDocs module (it finds its engine through an entry point); and only
:mod:`generator.mkdocs_inside` uses a private name of MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
ENTRY_POINTS = {"plugin", "cli"}
"""What MkDocs and the shell start: nothing imports them."""
ENGINE = {
    "mkdocs_config",
    "mkdocs_site",
    "mkdocs_export",
    "mkdocs_serve",
    "mkdocs_inside",
    "mkdocs_languages",
    "mkdocs_engine",
}
"""The MkDocs engine in the core's terms, shared by the entry points."""
MAY_IMPORT = {
    "plugin": {"mkdocs_config", "mkdocs_languages"},
    "cli": set(),
    "mkdocs_config": set(),
    "mkdocs_site": {"mkdocs_config"},
    "mkdocs_export": {"mkdocs_config"},
    "mkdocs_serve": {"mkdocs_config", "mkdocs_inside"},
    "mkdocs_inside": set(),
    "mkdocs_languages": set(),
    "mkdocs_engine": {"mkdocs_config", "mkdocs_site", "mkdocs_export", "mkdocs_serve"},
}
"""Which entry-point and engine modules each of them imports (every one may import the core)."""


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """The package's own modules ``path`` imports, and the names it imports from mkdocs."""
    ours: set[str] = set()
    mkdocs: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                ours |= {module.split(".")[0]} if module else {a.name for a in node.names}
            elif module.split(".")[0] == "mkdocs":
                mkdocs |= {f"{module}.{a.name}" for a in node.names} | {module}
        elif isinstance(node, ast.Import):
            mkdocs |= {a.name for a in node.names if a.name.split(".")[0] == "mkdocs"}
    return ours, mkdocs


def _modules() -> dict[str, Path]:
    return {p.stem: p for p in sorted(GENERATOR.glob("*.py")) if p.stem != "__init__"}


def test_the_core_imports_no_mkdocs_and_no_adapter() -> None:
    for name, path in _modules().items():
        if name in ENTRY_POINTS | ENGINE:
            continue
        ours, mkdocs = _imports(path)
        assert not mkdocs, f"{name} (core) imports MkDocs: {sorted(mkdocs)}"
        assert not ours & (ENTRY_POINTS | ENGINE), f"{name} (core) imports {sorted(ours & (ENTRY_POINTS | ENGINE))}"


def test_adapters_import_only_the_core_and_what_they_are_allowed() -> None:
    modules = _modules()
    assert set(MAY_IMPORT) == {n for n in modules if n in ENTRY_POINTS | ENGINE or n.startswith("mkdocs_")}
    for name, allowed in MAY_IMPORT.items():
        ours, _ = _imports(modules[name])
        extra = ours & (ENTRY_POINTS | ENGINE) - allowed
        assert not extra, f"{name} imports {sorted(extra)}; expected only the core and {sorted(allowed)}"


def test_only_mkdocs_inside_uses_private_names_of_mkdocs() -> None:
    for name, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        _, mkdocs = _imports(path)
        private = {m for m in mkdocs if any(part.startswith("_") for part in m.split("."))}
        if name == "mkdocs_inside":
            assert private, "mkdocs_inside is the place for MkDocs' private names"
            continue
        assert not private, f"{name} imports MkDocs' private {sorted(private)}; put it in mkdocs_inside"
        assert "mkdocs_build._" not in text and "_inject_js_into_html" not in text, name
