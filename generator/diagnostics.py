"""Diagnostics: one line per problem, compiler style."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]

Loc = tuple[str | int, ...]
"""A place in a document: the keys and list indexes that lead to a value (``("steps", "items", 0)``)."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a content file: ``path:line:col: severity: message``."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    kind: str = "content"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised when content has errors; holds every diagnostic found in one run.

    ``partial`` is the content that did load (a :class:`~generator.loading.Content` without the
    files that have errors), when there is any: its warnings are still worth showing.
    """

    def __init__(self, diagnostics: list[Diagnostic], *, partial: Any = None) -> None:
        self.diagnostics = sorted(diagnostics)
        self.partial = partial
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    """The closing table of ``guidecraft check``: errors and warnings by kind, then the totals."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    kinds = sorted({d.kind for d in diagnostics})
    counts = Counter((d.kind, d.severity) for d in diagnostics)
    lines = ["", f"Checked {_n(files, 'file')}."]
    if kinds:
        width = max(len("kind"), *(len(k) for k in kinds))
        lines.append(f"  {'kind':<{width}}  errors  warnings")
        lines += [f"  {k:<{width}}  {counts[k, 'error']:>6}  {counts[k, 'warning']:>8}" for k in kinds]
        lines.append(f"  {'total':<{width}}  {errors:>6}  {warnings:>8}")
    lines.append(f"{_n(errors, 'error')}, {_n(warnings, 'warning')}")
    return "\n".join(lines)


def _n(count: int, word: str) -> str:
    return f"{count} {word if count == 1 else word + 's'}"
