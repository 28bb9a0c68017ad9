"""The library of published questionnaires: ``guidecraft new quiz SLUG --from ID``.

Each instrument is a quiz scaffold in ``templates/instruments/ID.yaml`` with its published
scoring, bands, flags, citation and licence filled in. Item wording (and the answer labels
and instructions, which are part of the published wording) is never written out: each is a
TODO placeholder that names the item's subject and points to the published source, so
``guidecraft check --strict`` fails until the author pastes in the official words.

The English template is the source. Another language's copy, with every note, title and
placeholder in that language, is ``messages/<lang>/instruments/ID.yaml``: the same file
with its words translated and its scoring untouched (``tests/test_scaffold_language.py``
compares every number, id and setting with the English one).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _folder() -> Any:
    return resources.files("generator") / "templates" / "instruments"


@lru_cache(maxsize=1)
def instrument_ids() -> tuple[str, ...]:
    """Every instrument id, sorted."""
    return tuple(sorted(p.name[:-5] for p in _folder().iterdir() if p.name.endswith(".yaml")))


class NotTranslated(LookupError):
    """An instrument guidecraft has no copy of in a language: never the English one in its place."""


def instrument_template(instrument: str, language: str = "en") -> str:
    """The scaffold text of one instrument in ``language``, with ${schema}, ${today} and ${next_review} to fill in.

    Raises ``KeyError`` for an unknown instrument and :class:`NotTranslated` when it has no copy in ``language``.
    """
    if instrument not in instrument_ids():
        raise KeyError(instrument)
    if language == "en":
        return (_folder() / f"{instrument}.yaml").read_text(encoding="utf-8")
    translated = resources.files("generator") / "messages" / language / "instruments" / f"{instrument}.yaml"
    if not translated.is_file():
        raise NotTranslated(
            f"guidecraft has no copy of the instrument '{instrument}' in '{language}' "
            f"(generator/messages/{language}/instruments/{instrument}.yaml), expected one in the site's language"
        )
    return translated.read_text(encoding="utf-8")


def describe_instruments() -> list[tuple[str, str, str]]:
    """``(id, title, how it may be used)`` for each instrument, from its ``# name:`` and ``# use:`` lines."""
    out = []
    for ident in instrument_ids():
        head = {"name": ident, "use": ""}
        for line in instrument_template(ident).splitlines():
            for key in head:
                if line.startswith(f"# {key}: "):
                    head[key] = line.split(": ", 1)[1].strip()
        out.append((ident, head["name"], head["use"]))
    return out


def instrument_data(instrument: str, language: str = "en") -> dict[str, Any]:
    """The instrument's scaffold as data (for tests and tools)."""
    from string import Template

    text = Template(instrument_template(instrument, language)).substitute(
        schema="quiz.schema.json", today="2026-01-01", next_review="2027-01-01"
    )
    return yaml.safe_load(text)
