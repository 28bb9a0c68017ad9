"""The table of kinds (generator/kinds.py) is the one list of the kinds of content file."""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

from generator.documents import Content, Document
from generator.kinds import CONTENT_KINDS, KIND_OF_FOLDER
from generator.schema import SCHEMA_MODELS

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

WORDS = {k.name for k in CONTENT_KINDS.values()} | {k.folder for k in CONTENT_KINDS.values()}

READERS = ("loading", "yaml_source", "wording", "references", "incremental", "scaffold", "schema", "cli")
"""The modules that read the table instead of listing kinds: loading, incremental rebuilds, scaffolds,
schemas and the CLI."""


def _lists_of_kinds(path: Path) -> list[str]:
    """Each tuple, list, set or dict literal in ``path`` that names two kinds or more (``("topic", "quiz")``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        words = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)} & WORDS
        if len(words) >= 2:
            found.append(f"{path.name}:{node.lineno}: {sorted(words)}")
    return found


def test_no_module_that_reads_the_table_lists_the_kinds_again() -> None:
    found = [line for name in READERS for line in _lists_of_kinds(GENERATOR / f"{name}.py")]
    assert not found, "\n".join(found)


def test_content_holds_one_typed_dict_per_kind() -> None:
    """``Content`` has a field per kind folder, typed by the kind's model, so mypy checks its callers."""
    hints = typing.get_type_hints(Content)
    fields = {f.name for f in dataclasses.fields(Content)}
    assert set(KIND_OF_FOLDER) <= fields
    for kind in CONTENT_KINDS.values():
        assert hints[kind.folder] == dict[str, Document[kind.model]]


def test_schemas_and_scaffolds_follow_the_table() -> None:
    assert [n for n in SCHEMA_MODELS if n in CONTENT_KINDS] == list(CONTENT_KINDS)
    for kind in CONTENT_KINDS.values():
        assert SCHEMA_MODELS[kind.schema] is kind.model
        assert (GENERATOR / "templates" / "scaffold" / kind.scaffold).is_file()
        assert kind.page_maker.endswith("_page")
