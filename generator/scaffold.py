"""``guidecraft new``: a new content file with every field present and explained.

The file is in the site's language: every note, example and word a reader could see, or a
``TODO`` that the strict build refuses. English scaffolds are ``templates/scaffold/KIND.yaml``;
another language's are ``messages/<lang>/scaffold/KIND.yaml``, the same fields in the same order.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from importlib import resources
from pathlib import Path
from string import Template

import yaml

from .instruments import describe_instruments, instrument_ids, instrument_template
from .kinds import CONTENT_KINDS
from .models import SLUG_PATTERN
from .schema import schema_filename, write_schemas


class ScaffoldError(Exception):
    """A problem the author can fix: a bad slug, a file that exists, no content folder."""


def suggest_slug(text: str) -> str:
    """A valid slug close to ``text``: 'My Topic!' -> 'my-topic'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def check_slug(slug: str) -> None:
    if not re.match(SLUG_PATTERN, slug):
        hint = suggest_slug(slug)
        tip = f" such as '{hint}'" if hint and hint != slug else ""
        raise ScaffoldError(
            f"'{slug}' is not a valid name, expected lower-case letters, digits and single hyphens{tip}"
        )


def title_from_slug(slug: str) -> str:
    """'how-am-i-doing' -> 'How am I doing': only the first word gets a capital, and "I" keeps its own."""
    text = " ".join("I" if word == "i" else word for word in slug.split("-"))
    return text[:1].upper() + text[1:]


def scaffold_template(kind: str, language: str = "en") -> str:
    """The scaffold of ``kind`` in ``language``; :class:`ScaffoldError` when there is none in it, never English."""
    name = CONTENT_KINDS[kind].scaffold
    if language == "en":
        return (resources.files("generator") / "templates" / "scaffold" / name).read_text(encoding="utf-8")
    translated = resources.files("generator") / "messages" / language / "scaffold" / name
    if not translated.is_file():
        raise ScaffoldError(_not_in_language(kind, "scaffold", language))
    return translated.read_text(encoding="utf-8")


def _not_in_language(name: str, folder: str, language: str) -> str:
    return (
        f"guidecraft has no {name} to write in '{language}' yet (generator/messages/{language}/{folder}/"
        f"{name}.yaml is missing), expected one in the site's language; nothing was written. Copy the "
        f"Spanish one from generator/messages/es/{folder}/ and translate it"
    )


def site_language(content_dir: Path, default: str | None = None) -> str:
    """The language a site's content is written in: ``language`` (or the first of ``languages``)
    in site.yaml, else ``default`` (the theme's), else English. A site.yaml that does not read is
    left for ``check`` to report."""
    path = content_dir / "site.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    language = data.get("language") if isinstance(data, dict) else None
    languages = data.get("languages") if isinstance(data, dict) else None
    if isinstance(languages, list) and languages:  # a site in several languages: the main one, first
        language = languages[0]
    return str(language or default or "en")


def scaffold_text(
    kind: str,
    slug: str,
    *,
    schema_ref: str,
    today: dt.date | None = None,
    instrument: str | None = None,
    language: str = "en",
) -> str:
    """The text of a new ``kind`` file in ``language``: valid, with TODO placeholders and notes on every field.

    With ``instrument``, a quiz from the instrument library (see :mod:`generator.instruments`).
    """
    today = today or dt.date.today()
    if language != "en":  # never English words in another language's site without saying so
        folder, name = ("instruments", instrument) if instrument is not None else ("scaffold", kind)
        if not (resources.files("generator") / "messages" / language / folder / f"{name}.yaml").is_file():
            raise ScaffoldError(_not_in_language(name, folder, language))
    if instrument is not None:
        template = instrument_template(instrument, language)
    else:
        template = scaffold_template(kind, language)
    next_review = (
        today.replace(year=today.year + 1) if (today.month, today.day) != (2, 29) else today + dt.timedelta(days=365)
    )
    return Template(template).substitute(
        schema=schema_ref,
        title=title_from_slug(slug),
        today=today.isoformat(),
        next_review=next_review.isoformat(),
    )


def check_instrument(kind: str, instrument: str) -> None:
    if kind != "quiz":
        raise ScaffoldError(f"--from makes a quiz, expected: new quiz SLUG --from {instrument}")
    if instrument not in instrument_ids():
        ids = instrument_ids()
        same = [i for i in ids if _letters(i) == _letters(instrument)]  # phq9, PHQ-9, phq_9: phq-9
        close = same or difflib.get_close_matches(instrument.lower(), ids, n=1, cutoff=0.6)
        hint = f", did you mean '{close[0]}'?" if close else ","
        raise ScaffoldError(
            f"unknown instrument '{instrument}'{hint} expected one of: {', '.join(ids)} "
            f"(see: guidecraft new quiz --list)"
        )


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def instrument_list() -> str:
    """The text of ``guidecraft new quiz --list``: one instrument a line, with how it may be used."""
    rows = describe_instruments()
    width = max(len(ident) for ident, _, _ in rows)
    lines = ["Published questionnaires you can start a quiz from (guidecraft new quiz SLUG --from ID):", ""]
    for ident, name, use in rows:
        lines.append(f"  {ident.ljust(width)}  {name}")
        if use:
            lines.append(f"  {' ' * width}  use: {use}")
    lines += ["", "You paste in each question's published wording: guidecraft never writes it out."]
    return "\n".join(lines)


def new_file(
    kind: str,
    slug: str,
    content_dir: Path,
    *,
    schemas_dir: Path,
    today: dt.date | None = None,
    instrument: str | None = None,
    language: str | None = None,
) -> tuple[Path, list[Path]]:
    """Write ``content_dir/<kind folder>/<slug>.yaml``, from an instrument of the library if given,
    in ``language`` (default: the site's, see :func:`site_language`).

    Returns the new file and any schema files written so the editor can check it.
    Raises :class:`ScaffoldError` for a bad slug, an unknown instrument, an existing file or a missing folder.
    """
    if kind not in CONTENT_KINDS:
        raise ScaffoldError(f"unknown kind '{kind}', expected one of: {', '.join(CONTENT_KINDS)}")
    if instrument is not None:
        check_instrument(kind, instrument)
    check_slug(slug)
    if not content_dir.is_dir():
        raise ScaffoldError(
            f"there is no content folder at {content_dir}, expected a site's folder here; run this in your site's "
            "folder (the one with mkdocs.yml in it; cd to it first), or name the content folder with --content FOLDER"
        )
    folder = content_dir / CONTENT_KINDS[kind].folder
    for existing in (folder / f"{slug}.yaml", folder / f"{slug}.yml"):
        if existing.exists():
            raise ScaffoldError(f"{existing} already exists, expected a new name (nothing was changed)")
    target = folder / f"{slug}.yaml"
    schema = schemas_dir / schema_filename(CONTENT_KINDS[kind].schema)
    written = write_schemas(schemas_dir) if not schema.is_file() else []
    schema_ref = Path(os.path.relpath(schema, folder)).as_posix()
    language = language or site_language(content_dir)
    text = scaffold_text(kind, slug, schema_ref=schema_ref, today=today, instrument=instrument, language=language)
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(text)
    return target, written
