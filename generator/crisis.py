"""The crisis-line directory that ships in the package (``crisis_lines.yaml``).

``guidecraft init --region CODE`` copies a region's lines into a new site's ``site.yaml``,
in the site's language, so the site owns them and a reviewer sees them in its own files.
:data:`REGION_LANGUAGES` says which languages each region's readers usually speak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .models import CrisisLine, CrisisRegion

REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    "GB": ("en", "cy"),
    "IE": ("en", "ga"),
    "US": ("en", "es"),
    "CA": ("en", "fr"),
    "AU": ("en",),
    "NZ": ("en", "mi"),
    "ZA": ("en", "af", "zu"),
    "IN": ("hi", "en"),
    "SG": ("en", "zh", "ms"),
    "ES": ("es", "ca", "eu", "gl"),
    "MX": ("es",),
    "AR": ("es",),
    "CO": ("es",),
    "CL": ("es",),
    "PE": ("es",),
    "VE": ("es",),
    "EC": ("es",),
    "UY": ("es",),
    "PY": ("es",),
    "BO": ("es",),
    "CR": ("es",),
    "PA": ("es",),
    "DO": ("es",),
    "GT": ("es",),
    "HN": ("es",),
    "SV": ("es",),
    "NI": ("es",),
    "CU": ("es",),
    "PR": ("es", "en"),
    "FR": ("fr",),
    "BE": ("nl", "fr", "de"),
    "DE": ("de",),
    "AT": ("de",),
    "CH": ("de", "fr", "it"),
    "IT": ("it",),
    "PT": ("pt",),
    "BR": ("pt",),
    "NL": ("nl",),
}
"""The languages usually spoken in a region, main first: for the ``crisis-lines`` lint and for the
language ``guidecraft init`` gives a region's site.

Deliberately short and simple: a region missing here is never warned about.
"""


class UnknownRegion(Exception):
    """A region code the directory does not hold, or words it does not hold in a language."""


@dataclass(frozen=True)
class DirectoryEntry:
    region: CrisisRegion
    checked: dt.date
    sources: tuple[str, ...]
    exit_page: str
    """An ordinary local page for "Exit this page" (the national weather service)."""
    unchecked: bool = False
    """The words in this language are a translation no speaker of it has checked yet (``unchecked_words``)."""


def _pick(value: Any, language: str, code: str) -> Any:
    """A value given per language ({en: ..., es: ...}) in ``language``; never another language's words."""
    if isinstance(value, dict):
        if language not in value:
            raise UnknownRegion(
                f"guidecraft's directory has no words in '{language}' for the crisis lines of {code} "
                f"(it has: {', '.join(value)}), expected a region whose lines are written in your readers' "
                f"language; add '{language}' words to {code} in generator/crisis_lines.yaml, or write the lines "
                "in your own words under crisis_regions in content/site.yaml"
            )
        return value[language]
    return value


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    text = (resources.files("generator") / "crisis_lines.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # type: ignore[no-any-return]


def known_regions() -> list[str]:
    return sorted(_raw())


def directory_entry(code: str, language: str = "en") -> DirectoryEntry:
    """One region's lines in ``language``, validated by the same model as site.yaml's."""
    raw = _raw().get(code.upper())
    if raw is None:
        raise UnknownRegion(
            f"there are no crisis lines for region '{code}' in guidecraft's directory, expected one of: "
            f"{', '.join(known_regions())}. For another region, pick the nearest one now, then write your "
            "own lines under crisis_regions in content/site.yaml (name, phone or sms or url, and hours) "
            "and set region: to its code"
        )
    code = code.upper()
    lines = [CrisisLine(**{k: _pick(v, language, code) for k, v in line.items()}) for line in raw["lines"]]
    region = CrisisRegion(code=code, name=_pick(raw["name"], language, code), emergency=raw["emergency"], lines=lines)
    unchecked = language in raw.get("unchecked_words", ())
    return DirectoryEntry(region, raw["checked"], tuple(raw["sources"]), raw["exit_page"], unchecked)


def directory_languages(code: str) -> tuple[str, ...]:
    """The languages the directory holds every word of region ``code``'s lines in."""
    raw = _raw().get(code.upper())
    if raw is None:
        return ()
    values = [raw["name"], *(v for line in raw["lines"] for v in line.values())]
    per_language = [set(v) for v in values if isinstance(v, dict)]
    return tuple(sorted(set.intersection(*per_language))) if per_language else ()
