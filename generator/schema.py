"""JSON Schemas for content files, generated from the pydantic models.

Editors use them for autocompletion and inline errors (see the ``# yaml-language-server:
$schema=...`` line at the top of each content file). They are committed under
``schemas/`` and kept up to date with ``guidecraft schemas``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .kinds import CONTENT_KINDS
from .models import SiteSettings, SiteTranslation

SCHEMA_MODELS: dict[str, type[BaseModel]] = {k.schema: k.model for k in CONTENT_KINDS.values()} | {
    "site": SiteSettings,
    "site-translation": SiteTranslation,
}
"""Schema name (``schemas/<name>.schema.json``) to model: one per kind of content file, and the site's."""

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_filename(name: str) -> str:
    return f"{name}.schema.json"


def build_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file."""
    schema = SCHEMA_MODELS[name].model_json_schema()
    return {"$schema": _DIALECT, **schema}


def render_schema(name: str) -> str:
    """The schema as committed: sorted keys, two-space indent, newline at the end."""
    return json.dumps(build_schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name in SCHEMA_MODELS:
        path = folder / schema_filename(name)
        text = render_schema(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[Path]:
    """Schema files in ``folder`` that are missing or differ from the models."""
    stale = []
    for name in SCHEMA_MODELS:
        path = folder / schema_filename(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != render_schema(name):
            stale.append(path)
    return stale
