"""Message catalogs: every UI string in templates, the quiz runtime and worksheets.

Catalogs are YAML files under ``messages/<language>/``, one per area, so translators
edit plain text. A missing key in a non-English catalog is an error in the tests.

Interface languages are found, not listed: a folder of catalogs is a language. Asking for
a language without one is an :class:`UnknownLanguage` error, never English in disguise.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date


def _found_languages() -> tuple[str, ...]:
    folder = resources.files("generator") / "messages"
    return tuple(
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and any(f.name.endswith(".yaml") for f in entry.iterdir())
        )
    )


LANGUAGES: tuple[str, ...] = _found_languages()
"""Every interface language: the folders under ``generator/messages/`` that hold catalogs."""


class UnknownLanguage(ValueError):
    """A language guidecraft has no message catalogs for."""

    def __init__(self, language: str) -> None:
        self.language = language
        super().__init__(
            f"guidecraft has no interface words in '{language}', expected one of: {', '.join(LANGUAGES)}. "
            f"To add '{language}', copy generator/messages/en/ to generator/messages/{language}/ and translate "
            "every file (see docs/pages/how-to/several-languages.md)"
        )


def check_language(language: str) -> str:
    """``language`` itself when guidecraft speaks it; raises :class:`UnknownLanguage` otherwise."""
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    return language


@lru_cache(maxsize=8)
def catalog(language: str) -> dict[str, str]:
    """All messages for a language; :class:`UnknownLanguage` when it has no catalogs."""
    folder = resources.files("generator") / "messages" / check_language(language)
    messages: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            data: Any = yaml.load(
                entry.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            )
            messages.update({str(k): str(v) for k, v in (data or {}).items()})
    return messages


class Messages:
    """Attribute and call access to a catalog: ``t.causes`` or ``t('answered', n=1, total=9)``."""

    def __init__(self, language: str, region: str | None = None) -> None:
        self.language = check_language(language)
        self._messages = catalog(self.language)
        self.locale = self.language
        if region:  # dates as readers in that region write them: 1 March 2026 in GB, March 1, 2026 in US
            try:
                self.locale = str(Locale.parse(f"{self.language}_{region}"))
            except (UnknownLocaleError, ValueError):
                pass

    def __getattr__(self, key: str) -> str:
        try:
            return self._messages[key]
        except KeyError:
            raise AttributeError(f"no message '{key}' in the '{self.language}' catalog") from None

    def __call__(self, key: str, **values: Any) -> str:
        return getattr(self, key).format(**values)

    def subset(self, *keys: str) -> dict[str, str]:
        return {k: self._messages[k] for k in keys}

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def name_of(self, code: str) -> str:
        """The name of language ``code`` in this catalog's language ("inglés" for en in Spanish)."""
        try:
            name = Locale.parse(self.language).languages.get(code)
        except (UnknownLocaleError, ValueError):
            name = None
        return str(name or code)
