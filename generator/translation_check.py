"""A translated quiz scores exactly as its original: only words may differ.

Everything that decides a result (the questions' ids and order, scale values, weights, reverse
items, subscales, band bounds, profiles, flags, red flags, the transform and the scoring kind)
must equal the original's, so the same answers give the same result in every language. The
first difference is an error naming both files and where each holds the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .diagnostics import Diagnostic, Loc
from .documents import Document
from .loading import reader_text
from .models import Quiz
from .yaml_source import format_loc

SCORING_FIELDS = (
    "scale",
    "questions",
    "subscales",
    "score",
    "bands",
    "profiles",
    "transform",
    "red_flags",
    "flags",
    "asks_about_risk",
    "topic",
)
"""The quiz fields whose settings (every value that is not reader text) a translation keeps."""


def check_translation(original: Document[Any], translation: Document[Any]) -> list[Diagnostic]:
    """The first scoring difference between a quiz and its translation, as one error; [] for other kinds."""
    if not isinstance(original.model, Quiz) or not isinstance(translation.model, Quiz):
        return []
    difference = first_difference(original.model, translation.model)
    if difference is None:
        return []
    loc, theirs, ours = difference
    line, col = translation.where(loc)
    o_line, _ = original.where(loc)
    return [
        Diagnostic(
            translation.path,
            line,
            col,
            "error",
            f"{format_loc(loc)}: is {_shown(ours)} here but {_shown(theirs)} in {original.path}:{o_line}, expected "
            "a translation to score exactly as its original (only words may change); change scoring in both "
            "files together",
        )
    ]


def first_difference(original: Quiz, translation: Quiz) -> tuple[Loc, Any, Any] | None:
    """``(loc, original value, translated value)`` of the first setting that differs, or None."""
    for name in SCORING_FIELDS:
        a, b = getattr(original, name), getattr(translation, name)
        for found in _differences(type(original), (name,), a, b):
            return found
    return None


def _differences(model: type[BaseModel], loc: Loc, a: Any, b: Any) -> Iterator[tuple[Loc, Any, Any]]:
    if reader_text(model, loc):
        return
    if isinstance(a, BaseModel) and isinstance(b, BaseModel):
        if type(a) is not type(b):
            yield loc, _kind(a), _kind(b)
            return
        for name in type(a).model_fields:
            yield from _differences(model, (*loc, name), getattr(a, name), getattr(b, name))
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield loc, f"{len(a)} entries", f"{len(b)} entries"
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(model, (*loc, i), x, y)
    elif isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            yield loc, sorted(a), sorted(b)
            return
        for key in a:
            yield from _differences(model, (*loc, key), a[key], b[key])
    elif a != b:
        yield loc, a, b


def _kind(value: BaseModel) -> str:
    return str(getattr(value, "kind", type(value).__name__))


def _shown(value: Any) -> str:
    if value is None:
        return "not given"
    if isinstance(value, str) and not value.endswith(" entries"):
        return repr(value)
    return str(value)
