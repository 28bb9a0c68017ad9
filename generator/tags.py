"""Tags: topics grouped by the short words authors give them, for the "Topics by tag" page.

Tags that differ only in case (or in spacing, or in how an accent is encoded) are one tag.
Each tag gets a stable anchor id on the page, a slug of the tag; when two tags make the same
slug, the one that sorts first keeps it and the others get ``-2``, ``-3``... Everything is
one pass over the topics plus sorting, so a 1,000-topic site costs next to nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[\W_]+")
FALLBACK_ID = "tag"


class Tagged(Protocol):
    @property
    def title(self) -> str: ...

    @property
    def tags(self) -> Sequence[str]: ...


T = TypeVar("T", bound=Tagged)


def _tidy(tag: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", tag)).strip()


def tag_key(tag: str) -> str:
    """What makes two tags the same tag: Unicode-normalised, case-folded, single-spaced."""
    return _tidy(tag).casefold()


def _unaccented(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def sort_key(text: str) -> tuple[str, str, str]:
    """Alphabetical order for readers: case and accents matter only to break ties ("alma" < "Ánimo" < "azul")."""
    folded = text.casefold()
    return _unaccented(folded), folded, text


def tag_slug(tag: str) -> str:
    """An anchor id for a tag: lower case, accents dropped, anything but letters and digits as '-'."""
    slug = _NOT_SLUG.sub("-", _unaccented(tag_key(tag))).strip("-")
    return slug or FALLBACK_ID


@dataclass(frozen=True)
class TagGroup(Generic[T]):
    """One tag: how it is shown, its id on the tags page and its topics, by title."""

    name: str
    id: str
    topics: tuple[tuple[str, T], ...]


@dataclass(frozen=True)
class TagIndex(Generic[T]):
    groups: tuple[TagGroup[T], ...] = ()
    _ids: dict[str, str] = field(default_factory=dict, repr=False)

    def id_of(self, tag: str) -> str:
        """The anchor id of the section that lists ``tag`` (any spelling of it)."""
        return self._ids[tag_key(tag)]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def same_ids(self, other: TagIndex[Any]) -> bool:
        """Whether every tag has the same anchor id in ``other``: pages that link to tags need not change."""
        return self._ids == other._ids


def build_index(topics: Iterable[tuple[str, T]]) -> TagIndex[T]:
    """Group ``(slug, topic)`` pairs by tag; groups and their topics in alphabetical order."""
    spellings: dict[str, Counter[str]] = {}
    members: dict[str, dict[str, T]] = {}
    for slug, topic in topics:
        for tag in topic.tags:
            key = tag_key(tag)
            if not key:
                continue
            spellings.setdefault(key, Counter())[_tidy(tag)] += 1
            members.setdefault(key, {})[slug] = topic  # a topic is listed once, whatever it repeats
    # The spelling most topics use is the one shown; on a tie, the first in code point order.
    names = {key: min(count, key=lambda s: (-count[s], s)) for key, count in spellings.items()}
    keys = sorted(names, key=lambda k: (sort_key(names[k]), k))
    ids = _assign_ids(keys)
    groups = tuple(
        TagGroup(
            name=names[key],
            id=ids[key],
            topics=tuple(sorted(members[key].items(), key=lambda kv: (sort_key(kv[1].title), kv[0]))),
        )
        for key in keys
    )
    return TagIndex(groups, ids)


def _assign_ids(keys: list[str]) -> dict[str, str]:
    """Slug ids, unique on the page. ``keys`` in page order: the first tag with a slug keeps it.

    A suffixed id never takes a slug another tag has of its own, so adding a tag changes
    only the ids of tags that share its slug.
    """
    by_slug: dict[str, list[str]] = {}
    for key in keys:
        by_slug.setdefault(tag_slug(key), []).append(key)
    taken = set(by_slug)
    ids: dict[str, str] = {}
    for slug, same in by_slug.items():
        ids[same[0]] = slug
        n = 2
        for key in same[1:]:
            while f"{slug}-{n}" in taken:
                n += 1
            ids[key] = f"{slug}-{n}"
            taken.add(ids[key])
            n += 1
    return ids
