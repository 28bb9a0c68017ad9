"""The prose of content: which fields of a model hold Markdown, and each field's plain sentences and links.

The reading-age lint scores the sentences (:mod:`generator.readability`); the link lint checks the links.
One parse of a field serves both.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel

from .diagnostics import Loc
from .models import Markdown, without_shown


@lru_cache(maxsize=64)
def _hints(model: type[BaseModel]) -> dict[str, Any]:
    return typing.get_type_hints(model, include_extras=True)


def _holds_markdown(annotation: Any) -> bool:
    if without_shown(annotation) == Markdown:
        return True
    return any(_holds_markdown(arg) for arg in typing.get_args(annotation))


@lru_cache(maxsize=256)
def _markdown_field_names(model: type[BaseModel]) -> frozenset[str]:
    """The fields of ``model`` that hold Markdown, worked out once per model."""
    hints = _hints(model)
    return frozenset(name for name in model.model_fields if _holds_markdown(hints.get(name)))


def prose_fields(obj: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every Markdown field of a model, with its location."""
    markdown_fields = _markdown_field_names(type(obj))
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if value is None:
            continue
        here = loc + (name,)
        if name in markdown_fields:
            if isinstance(value, str):
                yield here, value
            elif isinstance(value, list):
                yield from ((here + (i,), v) for i, v in enumerate(value) if isinstance(v, str))
        elif isinstance(value, BaseModel):
            yield from prose_fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from prose_fields(item, here + (i,))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def prose_text(markdown: str) -> str:
    """Markdown as plain sentences: each paragraph, list item or heading ends with a full stop.

    List items rarely end in punctuation; without the added stop, a list would count as
    one very long sentence.
    """
    return _prose_facts(markdown)[0]


# Prose without any of these (and without a line that could open a list, a heading or code)
# is plain paragraphs: its text needs no Markdown parser (see _plain_prose).
_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>!&|#~=]")
_BLOCK_START = re.compile(r"^(?:[ \t]*[-+]|[ \t]*\d+[.)]|(?: {4}|\t))", re.M)


def _plain_prose(markdown: str) -> str | None:
    """The sentences of prose that holds no Markdown at all, as :func:`_prose_facts` finds them; else None.

    Most prose is plain paragraphs, and parsing it took half of the reading-age lint.
    """
    if _MARKUP_CHARS.search(markdown) or _BLOCK_START.search(markdown):
        return None
    blocks = []
    for paragraph in re.split(r"\n[ \t]*\n", markdown):
        text = re.sub(r"\s+", " ", paragraph).strip()
        if text:
            blocks.append(text if text[-1] in ".!?:;" else text + ".")
    return " ".join(blocks)


@lru_cache(maxsize=1 << 16)
def _prose_facts(markdown: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """One parse of a prose field: its plain sentences (see :func:`prose_text`) and its links.

    The reading-age and link lints both need them; parsing once saves a quarter of linting.
    """
    plain = _plain_prose(markdown)
    if plain is not None:
        return plain, ()
    return _parsed_prose_facts(markdown)


def _parsed_prose_facts(markdown: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    blocks = []
    links: list[tuple[str, str, str]] = []
    for token in _parser().parse(markdown):
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "link_open":
                links.append(("link", str(child.attrGet("href") or ""), ""))
            elif child.type == "image":
                links.append(("image", str(child.attrGet("src") or ""), child.content))
        text = "".join(
            child.content if child.type in {"text", "code_inline"} else " "
            for child in token.children or []
            if child.type in {"text", "code_inline", "softbreak", "hardbreak"}
        )
        text = re.sub(r"\s+", " ", text).strip()
        if text:
            blocks.append(text if text[-1] in ".!?:;" else text + ".")
    return " ".join(blocks), tuple(links)


def markdown_links(markdown: str) -> tuple[tuple[str, str, str], ...]:
    """``(kind, url, alt)`` for every link (kind ``link``, no alt) and image (kind ``image``) in Markdown."""
    return _prose_facts(markdown)[1]
