"""guidecraft's own documentation: every model field is described, and the docs build lists them all.

The reference pages are made from the code by docs/hooks.py at build time; these tests build
the docs strictly (as the Pages workflow does) and read the built pages back.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from conftest import ROOT, build_docs
from pydantic import BaseModel

import generator
from generator import models
from generator.cli import build_parser
from generator.lint import LINT_KINDS
from generator.plugin import GuidecraftConfig

TOP_MODELS = (models.SiteSettings, models.Topic, models.Quiz, models.Worksheet)
PAGES = {
    models.SiteSettings: "reference/site-yaml",
    models.Topic: "reference/topic",
    models.Quiz: "reference/quiz",
    models.Worksheet: "reference/worksheet",
}


def load_hooks() -> ModuleType:
    """docs/hooks.py, imported as MkDocs imports a hook file (it is not part of the package)."""
    name = "guidecraft_docs_hooks"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "docs" / "hooks.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the file runs
        spec.loader.exec_module(module)
    return sys.modules[name]


def reachable(top: type[BaseModel]) -> list[type[BaseModel]]:
    """``top`` and every model its fields contain, however deep."""
    found: list[type[BaseModel]] = []

    def models_in(annotation: Any) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models_in(arg)]

    todo = [top]
    while todo:
        model = todo.pop(0)
        if model not in found:
            found.append(model)
            todo += [m for info in model.model_fields.values() for m in models_in(info.annotation)]
    return found


def test_every_model_field_has_a_description() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for top in TOP_MODELS
        for model in reachable(top)
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert not missing, (
        f"fields with no description: {', '.join(sorted(set(missing)))}; "
        "write a docstring line under each in generator/models.py"
    )


TYPE_DESCRIPTIONS = {
    meta.description
    for alias in (models.Markdown, models.ShortText, models.Title, models.Slug, models.Bound)
    for meta in typing.get_args(alias)[1:]
}
"""What a field's type says about any such field ("A title or label..."): not a description of the field."""


def test_every_model_field_says_what_it_is_for_not_only_its_type() -> None:
    generic = [
        f"{model.__name__}.{name}"
        for top in TOP_MODELS
        for model in reachable(top)
        for name, info in model.model_fields.items()
        if info.description in TYPE_DESCRIPTIONS
    ]
    assert not generic, (
        f"fields described only by their type: {', '.join(sorted(set(generic)))}; "
        "give each Field(description=...) in generator/models.py"
    )


def test_a_field_without_a_description_stops_the_reference() -> None:
    hooks = load_hooks()

    class Undocumented(BaseModel):
        colour: str

    with pytest.raises(hooks.UndocumentedError, match=r"Undocumented\.colour has no description"):
        hooks.model_docs(Undocumented)


def test_a_lint_kind_the_lint_docstring_does_not_explain_stops_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import lint

    hooks = load_hooks()
    monkeypatch.setattr(lint, "LINT_KINDS", (*lint.LINT_KINDS, "new-kind"))
    with pytest.raises(hooks.UndocumentedError, match="new-kind"):
        hooks.lint_descriptions()


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("docs-site")
    built = build_docs(site)
    assert built.returncode == 0, built.stderr
    return site


def page_ids(site: Path, page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', (site / page / "index.html").read_text(encoding="utf-8")))


@pytest.mark.slow
@pytest.mark.parametrize("top", TOP_MODELS, ids=lambda m: m.__name__)
def test_the_reference_lists_every_field_of_every_model(docs_site: Path, top: type[BaseModel]) -> None:
    ids = page_ids(docs_site, PAGES[top])
    hooks = load_hooks()
    missing = [
        f"{model.__name__}.{name}"
        for model in reachable(top)
        for name in model.model_fields
        if hooks.anchor(model.__name__, name) not in ids
    ]
    assert not missing, f"{PAGES[top]} lacks {', '.join(missing)}"
    text = (docs_site / PAGES[top] / "index.html").read_text(encoding="utf-8")
    for model in reachable(top):
        for info in model.model_fields.values():
            assert info.description and _html_text(info.description) in text, info.description


def _html_text(description: str) -> str:
    # How the description reads once Markdown and HTML escaping are done: its first few plain words.
    words = re.split(r"[*`'\"<>&]", description)[0].strip()
    return words[:40]


@pytest.mark.slow
def test_the_reference_lists_every_plugin_option_command_and_lint_kind(docs_site: Path) -> None:
    options = (docs_site / "reference" / "plugin-options" / "index.html").read_text(encoding="utf-8")
    for name, _ in GuidecraftConfig._schema:
        assert f"<code>{name}</code>" in options, name
    cli_ids = page_ids(docs_site, "reference/cli")
    cli = (docs_site / "reference" / "cli" / "index.html").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a.choices, dict)).choices
    assert commands and set(commands) <= cli_ids
    for sub in commands.values():
        for action in sub._actions:
            for flag in action.option_strings:
                if action.help != "==SUPPRESS==" and flag not in ("-h", "--help"):
                    assert f"<code>{flag}</code>" in cli, flag
    lints = (docs_site / "reference" / "lint-kinds" / "index.html").read_text(encoding="utf-8")
    for kind in LINT_KINDS:
        assert f"<code>{kind}</code>" in lints, kind
    api = (docs_site / "reference" / "python-api" / "index.html").read_text(encoding="utf-8")
    for name in generator.__all__:
        assert f"<code>{name}</code>" in api, name


@pytest.mark.slow
def test_the_docs_have_a_search_index_and_load_nothing_from_another_host(docs_site: Path) -> None:
    index = (docs_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "next_review" in index and "Exit this page" in index
    for page in docs_site.rglob("*.html"):
        # The canonical link names the page's own address; the browser fetches nothing from it.
        text = re.sub(r'<link rel="canonical"[^>]*>', "", page.read_text(encoding="utf-8"))
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert not re.search(r"""<(?:script|link|img)[^>]+(?:src|href)=["']?(?:https?:)?//""", text), page


def test_the_readme_is_short_and_its_links_into_the_docs_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= 12 * 1024
    links = re.findall(r"\]\((?!https?:|#|mailto:)([^)#\s]+)", readme)
    assert any(link.startswith("docs/pages/") for link in links)
    for link in links:
        assert (ROOT / link).exists(), link


def test_the_screenshots_are_small_pngs_and_the_docs_show_them() -> None:
    shots = sorted((ROOT / "docs" / "pages" / "assets" / "screenshots").glob("*.png"))
    assert {"home-1280.png", "topic-390.png", "quiz-result-390.png"} <= {p.name for p in shots}
    for shot in shots:
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size < 150_000, shot
    tutorial = (ROOT / "docs" / "pages" / "tutorial" / "index.md").read_text(encoding="utf-8")
    assert tutorial.count("assets/screenshots/") >= 3
