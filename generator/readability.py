"""Reading age: a text's school grade from textstat plus 5, in the formula made for its language.

textstat is imported without NLTK and its hyphenation is cached (both without changing a score), and
the ages of prose fields are kept on disk between builds (:class:`ReadingAgeCache`).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import os
import sys
import types
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .prose import prose_text

READING_AGE_MIN_WORDS = 25
"""Prose shorter than this many words is not scored: too short to judge."""

# How each language's grade is computed, with the textstat language it needs.
# English: Flesch-Kincaid. Spanish: Crawford's formula, which was built for Spanish;
# Flesch-Kincaid weighs syllables per word as in English and scores plain Spanish as
# hard (a three-sentence plain disclaimer gets 15.4 with it, 8.7 with Crawford).
#
# English is given as 'en-US', not 'en_US': textstat looks English words up in NLTK's
# cmudict only when the language root (the part before '_') is 'en', and downloads that
# corpus when it is missing. With 'en-US' it counts syllables with Pyphen's bundled
# en_US dictionary instead, so linting never touches the network and scores are the
# same on every machine. tests/test_lint.py fails if textstat ever tries to download.
#
# French: Kandel and Moles' reading ease (1958), Flesch's formula refitted for French, which
# textstat computes as flesch_reading_ease for 'fr'. It is an ease score (higher is easier), so
# it becomes a grade along Flesch's own table (90: 5th grade, 80: 6th, 70: 7th, 60: 8th): see
# _ease_to_grade. textstat has no grade formula made for French.
_GRADE_FORMULAS = {
    "en": ("en-US", "flesch_kincaid_grade"),
    "es": ("es", "crawford"),
    "fr": ("fr", "flesch_reading_ease"),
}


def _ease_to_grade(ease: float) -> float:
    """A Flesch-style reading ease as a school grade, along Flesch's table (90 -> 5, 60 -> 8)."""
    return 14 - ease / 10


def reading_age_of(text: str, language: str = "en") -> float | None:
    """The reading age of plain ``text``: its school grade + 5; None for an unsupported language.

    The grade is Flesch-Kincaid for English, Crawford for Spanish and Kandel-Moles for French
    (see _GRADE_FORMULAS).
    """
    formula = _GRADE_FORMULAS.get(language)
    if formula is None:
        return None
    lang, name = formula
    stats = _textstatistics()()
    stats.set_lang(lang)
    score = float(getattr(stats, name)(text))
    return (_ease_to_grade(score) if name == "flesch_reading_ease" else score) + 5


class _Deferred(types.ModuleType):
    """Stands in for a module until something reads an attribute of it, then imports the real one."""

    def __getattr__(self, attr: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


@lru_cache(maxsize=1)
def _textstatistics() -> Any:
    """textstat's statistics class, imported without importing NLTK (2-3 s at start-up).

    textstat imports NLTK at the top of a module only to look words up in cmudict, which it
    does for the language 'en' alone; guidecraft asks for 'en-US' (see _GRADE_FORMULAS), so
    NLTK is never used. It is still imported, for real, the first time anything touches it.
    """
    if "nltk" not in sys.modules:
        sys.modules["nltk"] = _Deferred("nltk")
    from textstat.textstat import textstatistics

    _cache_hyphenation(lang for lang, _ in _GRADE_FORMULAS.values())
    return textstatistics


_HYPHENATION_CACHED: set[int] = set()
"""The hyphenators whose answers are remembered already (textstat keeps one per language for good)."""


def _cache_hyphenation(languages: Iterable[str]) -> None:
    """Remember each word's hyphenation: textstat asks Pyphen again for every word of every text.

    Pyphen's answer depends on the word alone, so the scores do not change; a 1,000-topic
    site's lints take about a second less. Skipped if textstat's internals are not as expected.
    """
    try:
        from textstat.backend.utils._get_pyphen import get_pyphen
    except ImportError:  # pragma: no cover - another textstat version
        return
    for lang in languages:
        try:
            hyphenator = get_pyphen(lang)
        except Exception:  # noqa: BLE001 - no dictionary for the language: textstat reports it itself
            continue
        if id(hyphenator) not in _HYPHENATION_CACHED:
            hyphenator.positions = lru_cache(maxsize=1 << 16)(hyphenator.positions)
            _HYPHENATION_CACHED.add(id(hyphenator))


@lru_cache(maxsize=1 << 16)
def _prose_reading_age(markdown: str, language: str) -> float | None:
    """The reading age of one prose field, or None when it is too short to judge.

    Cached: ``guidecraft serve`` lints every rebuild, and most prose has not changed.
    """
    text = prose_text(markdown)
    if len(text.split()) < READING_AGE_MIN_WORDS:
        return None
    return reading_age_of(text, language)


class ReadingAgeCache:
    """Reading ages of prose fields, kept on disk between builds: most of the lints' time.

    An age depends on the text, the language and the code that works it out, so entries are
    keyed by a hash of the text, in a file per language that holds the versions of guidecraft and
    textstat it was made with; any other version starts afresh. Unchanged prose is not scored
    again, in any file. The file keeps the fields of the last run only. A cache that cannot be
    read or written is ignored: it only saves time. ``guidecraft init``'s Pages workflow keeps
    the folder (``.cache/guidecraft``) between runs.
    """

    FORMAT = 1

    def __init__(self, folder: Path | None, language: str) -> None:
        self.path = folder / f"reading-age-{language}.json" if folder is not None else None
        self.language = language
        self.stored: dict[str, float | None] = {}
        self.used: dict[str, float | None] = {}
        self.version = f"{self.FORMAT} guidecraft {_version('guidecraft')} textstat {_version('textstat')}"
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == self.version:
                    self.stored = dict(data.get("ages") or {})
            except (OSError, ValueError):
                pass

    def age(self, markdown: str) -> float | None:
        key = hashlib.blake2b(markdown.encode("utf-8"), digest_size=12).hexdigest()
        if key in self.used:
            return self.used[key]
        if key in self.stored:
            age = self.stored[key]
        else:
            age = _prose_reading_age(markdown, self.language)
        self.used[key] = age
        return age

    def save(self) -> None:
        if self.path is None or self.used == self.stored:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            tmp.write_text(json.dumps({"version": self.version, "ages": self.used}, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
