"""The JSON Schemas editors use: up to date with the models, and agreeing with the loader."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli
from generator.scaffold import scaffold_text
from generator.schema import SCHEMA_MODELS, render_schema, schema_filename, stale_schemas, write_schemas
from generator.yaml_source import ContentLoader

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
KIND_OF_FOLDER = {"topics": "topic", "quizzes": "quiz", "worksheets": "worksheet"}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def content_files() -> list[tuple[Path, str]]:
    """Every shipped content file (the site and the Spanish fixture) with its schema name."""
    out = []
    for root in (ROOT / "content", ROOT / "tests" / "fixtures" / "spanish" / "content"):
        out.append((root / "site.yaml", "site"))
        for folder, kind in KIND_OF_FOLDER.items():
            out += [(p, kind) for p in sorted((root / folder).glob("*.yaml"))]
    return out


def as_json(data: Any) -> Any:
    """YAML data as an editor's JSON view sees it: dates are strings."""
    if isinstance(data, dict):
        return {k: as_json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_json(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def test_committed_schemas_are_up_to_date() -> None:
    stale = [p.name for p in stale_schemas(SCHEMAS)]
    assert stale == [], f"run: guidecraft schemas (out of date: {', '.join(stale)})"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schema_filename(n) for n in SCHEMA_MODELS)


def test_schema_files_are_stably_formatted() -> None:
    for name in SCHEMA_MODELS:
        text = (SCHEMAS / schema_filename(name)).read_text()
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert json.loads(text)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schemas_command_writes_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schemas", "--check", "--dir", str(tmp_path)]) == 1
    assert capsys.readouterr().out.count("out of date") == len(SCHEMA_MODELS)
    assert cli.main(["schemas", "--dir", str(tmp_path)]) == 0
    assert cli.main(["schemas", "--check", "--dir", str(tmp_path)]) == 0
    topic = tmp_path / "topic.schema.json"
    topic.write_text(topic.read_text().replace('"Topic"', '"Old"'))
    capsys.readouterr()
    assert cli.main(["schemas", "--check", "--dir", str(tmp_path)]) == 1
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("topic.schema.json: out of date, expected it to match the content models; run: guidecraft schemas")
    )
    assert write_schemas(tmp_path) == [topic]
    assert topic.read_text() == render_schema("topic")


@pytest.mark.parametrize(
    "path,kind", content_files(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v
)
def test_content_files_name_their_schema(path: Path, kind: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path}: the first line should be '# yaml-language-server: $schema=...'"
    assert (path.parent / match.group(1)).resolve() == (SCHEMAS / schema_filename(kind)).resolve()


def load(text: str) -> Any:
    """Parsed as the loader and editors parse it (YAML 1.2 booleans), with dates as strings."""
    return as_json(yaml.load(text, Loader=ContentLoader))  # noqa: S506 - a safe loader


def validator(name: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((SCHEMAS / schema_filename(name)).read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(
    "path,kind", content_files(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v
)
def test_shipped_content_matches_its_schema(path: Path, kind: str) -> None:
    data = load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("kind", ["topic", "quiz", "worksheet"])
def test_scaffolds_match_their_schema(kind: str) -> None:
    text = scaffold_text(kind, "new-page", schema_ref="x", today=dt.date(2026, 6, 1))
    data = load(text)
    assert list(validator(kind).iter_errors(data)) == []


def test_schemas_reject_what_the_loader_rejects() -> None:
    topic = load((ROOT / "content" / "topics" / "pushing-people-away.yaml").read_text())
    check = validator("topic")
    assert check.is_valid(topic)
    assert not check.is_valid({**topic, "sumary": "typo"})  # unknown keys
    assert not check.is_valid({k: v for k, v in topic.items() if k != "title"})  # missing fields
    assert not check.is_valid({**topic, "authors": 5})  # wrong types
    assert not check.is_valid({**topic, "related": ["Not A Slug"]})  # slug pattern
    assert not check.is_valid({**topic, "next_review": "2027-13-01"})  # dates
    worksheet = {
        "title": "T",
        "summary": "S",
        "purpose": "P",
        "instructions": "I",
        "blocks": [{"kind": "poem", "text": "x"}],
    }
    assert not validator("worksheet").is_valid(worksheet)  # unknown block kind
