"""The package's public API and its private names, read from the source.

``generator/__init__.py`` names the public API in ``__all__``; anything else may change between
releases. A private name (``_like_this``) belongs to its module: no module imports another's, and no
code reaches into an object's private attributes or ``__dict__`` unless the object is of a class its
own module defines. The one exception is :mod:`generator.mkdocs_inside`, which says why at its top.
(Which layer may import which is :mod:`test_layers`.)
"""

from __future__ import annotations

import ast
import importlib
import itertools
import textwrap
from pathlib import Path
from typing import Any

import pytest

import generator

PACKAGE = Path(generator.__file__).parent
ROOT = PACKAGE.parent

PUBLIC_API = {
    "Content",
    "ContentError",
    "Diagnostic",
    "Document",
    "Engine",
    "EngineProblem",
    "Exported",
    "GeneratedPage",
    "Quiz",
    "QuizScore",
    "Renderer",
    "Site",
    "SiteConfig",
    "SiteError",
    "SiteSettings",
    "Topic",
    "Worksheet",
    "find_engine",
    "load_content",
    "render_pages",
    "score_answers",
}
"""Adding or removing a public name is a decision: change this set with ``__all__``."""

MKDOCS_INSIDE = "generator.mkdocs_inside"
"""The one module that uses MkDocs' private API (MkDocs has no public per-page rebuild)."""


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("generator", *parts))] = path
    return found


MODULES = _modules()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _source_of(module: str, path: Path, node: ast.ImportFrom) -> str:
    """The absolute name of the module a ``from ... import`` reads from."""
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _own_private_attributes(tree: ast.Module) -> set[str]:
    """Private attributes the module's own classes define: ``self._x = ...`` and ``_x: T`` in a class body."""
    names = set()
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _private(node.attr):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, ast.FunctionDef) and _private(node.name):
                names.add(node.name)
    return names


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in {"self", "cls"}


def test_the_public_api_is_marked_documented_and_importable() -> None:
    assert len(generator.__all__) == len(set(generator.__all__)), "__all__ names something twice"
    assert set(generator.__all__) == PUBLIC_API
    for name in generator.__all__:
        obj = getattr(generator, name)
        assert (obj.__doc__ or "").strip(), f"generator.{name} is public but has no docstring"
        home = importlib.import_module(obj.__module__)
        assert getattr(home, name) is obj, f"generator.{name} is not the object its module defines"


def test_the_public_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The package docstring's example, run as written in the bundled site's folder: lints and pages, no MkDocs."""
    after = (generator.__doc__ or "").split("::", 1)[1].split("\n")[1:]
    block = list(itertools.takewhile(lambda line: not line.strip() or line.startswith(" "), after))
    monkeypatch.chdir(ROOT)
    names: dict[str, Any] = {}
    exec(textwrap.dedent("\n".join(block)), names)  # noqa: S102 - our own docstring
    assert names["site"].lints == []
    assert "index.md" in {page.src for page in names["site"].pages}


def test_no_module_imports_another_modules_private_name() -> None:
    found = []
    for module, path in MODULES.items():
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ImportFrom):
                continue
            source = _source_of(module, path, node)
            if source.split(".")[0] != "generator":
                continue
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {source}.{a.name}" for a in node.names if _private(a.name)
            ]
    assert found == []


def test_private_attributes_are_used_only_by_their_own_module() -> None:
    found = []
    for module, path in MODULES.items():
        if module == MKDOCS_INSIDE:
            continue
        tree = _tree(path)
        own = _own_private_attributes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or _is_self(node.value):
                continue
            if node.attr == "__dict__" or (_private(node.attr) and node.attr not in own):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_the_one_module_inside_mkdocs_says_why() -> None:
    doc = ast.get_docstring(_tree(MODULES[MKDOCS_INSIDE])) or ""
    assert "private" in doc and "public" in doc, doc


def test_the_checks_see_a_breach(tmp_path: Path) -> None:
    """The readers above find what they look for: a private import, and a reach into another object."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from .loading import _hidden\n"
        "class A:\n    def f(self, other):\n        return other._mine\n"
        "    def __init__(self):\n        self._mine = 1\n"
        "def g(site):\n    site.__dict__['x'] = 1\n    return site._theirs\n",
        encoding="utf-8",
    )
    tree = _tree(sample)
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert _source_of("generator.sample", sample, imports[0]) == "generator.loading"
    assert _private(imports[0].names[0].name)
    own = _own_private_attributes(tree)
    reaches = [
        ast.unparse(n)
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and not _is_self(n.value)
        and (n.attr == "__dict__" or (_private(n.attr) and n.attr not in own))
    ]
    assert sorted(reaches) == ["site.__dict__", "site._theirs"]


def test_developers_md_names_every_module() -> None:
    """DEVELOPERS.md's module table is how a newcomer finds where a change belongs: it names every module."""
    table = (ROOT / "DEVELOPERS.md").read_text(encoding="utf-8")
    missing = []
    for module, path in MODULES.items():
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(ROOT).as_posix()
        # the quiz package's row names its folder and each module by file name
        if rel not in table and not (module.startswith("generator.quiz.") and f"`{path.name}`" in table):
            missing.append(rel)
    assert missing == []


def _package_imports(module: str, path: Path) -> set[str]:
    """The package's modules that ``module`` imports anywhere: at the top, in a function, or for types only."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            source = _source_of(module, path, node)
            for alias in node.names:  # ``from . import markup`` names a module, ``from .site import Site`` a name
                found.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m in MODULES and m != module and m != "generator"}


def test_no_import_circles() -> None:
    """Each module stands above what it imports (type-only and in-function imports count too), so a module
    can be read, tested and moved with what is below it."""
    graph = {module: _package_imports(module, path) for module, path in MODULES.items()}
    state: dict[str, str] = {}
    circles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                circles.append(" -> ".join([*trail[trail.index(other) :], other]))
            elif other not in state:
                visit(other, [*trail, other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_tests_docs_and_bench_use_only_public_names_of_the_package() -> None:
    """What tests, the docs' hooks and the benchmarks import from the package is public too: a private
    name may change with its module, and a test that needs one is asking for it to be public."""
    found = []
    for folder in ("tests", "docs", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(_tree(path)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "generator":
                    found += [
                        f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}.{a.name}"
                        for a in node.names
                        if _private(a.name)
                    ]
    assert found == []
