"""Message catalogs: every UI string in templates, the quiz runtime and worksheets.

Catalogs are YAML files under ``messages/<language>/``, one per area, so translators
edit plain text. A missing key in a non-English catalog is an error in the tests.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

LANGUAGES = ("en", "es")


@lru_cache(maxsize=8)
def catalog(language: str) -> dict[str, str]:
    """All messages for a language, with English as the fallback for unknown languages."""
    lang = language if language in LANGUAGES else "en"
    folder = resources.files("generator") / "messages" / lang
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
        self.language = language if language in LANGUAGES else "en"
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
