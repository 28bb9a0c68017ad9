"""``guidecraft init``: a new site folder that builds strictly, safely, at once.

It holds mkdocs.yml, content/site.yaml (the region's crisis lines, disclaimers and a home
intro in the site's language), the Pages workflow, .gitignore, requirements.txt (and the
guidecraft wheel it names, see :mod:`generator.vendor`), a short README for the site's
maintainers, and the JSON Schemas wired for the editor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
from babel import Locale

from .crisis import REGION_LANGUAGES, DirectoryEntry, UnknownRegion, directory_entry, known_regions
from .i18n import LANGUAGES, Messages
from .schema import write_schemas
from .vendor import Requirement, VendorError, site_requirement


class InitError(Exception):
    """The folder or the options cannot make a site; nothing was written."""


def _yaml_str(value: object) -> str:
    """A YAML scalar that reads back as the same text (JSON strings are YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


DEFAULT_REGION = {"en": "GB", "es": "ES"}
"""The region a site in each language gets when ``--region`` is not given (else the first that speaks it)."""
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Choice:
    """The region and language a new site gets, and a line for the author when guidecraft chose one."""

    region: str
    language: str
    note: str = ""


def _language_name(language: str) -> str:
    return str(Locale.parse(language).english_name)


def regions_speaking(language: str) -> list[str]:
    """The directory's regions whose crisis lines answer in ``language``, those where it comes first first."""
    speaking = [code for code in known_regions() if language in REGION_LANGUAGES.get(code, ())]
    return sorted(speaking, key=lambda code: REGION_LANGUAGES[code].index(language))


def split_languages(language: str | None) -> list[str]:
    """The codes of ``--language`` (``en`` or ``en,es``), checked: each one guidecraft speaks, none twice."""
    if language is None:
        return []
    codes = [code.strip() for code in language.split(",")]
    for code in codes:
        if code not in LANGUAGES:
            raise InitError(f"language '{code}' is not one guidecraft speaks, expected one of: {', '.join(LANGUAGES)}")
    if len(set(codes)) != len(codes):
        raise InitError(f"--language names a language twice ({language}), expected each once, such as en,es")
    return codes


def choose(region: str | None, language: str | None) -> Choice:
    """Fill in what the author left out so the two agree: a language alone picks a region whose
    lines speak it, a region alone picks the language its lines speak (see :data:`DEFAULT_REGION`).
    Raises :class:`InitError` when the two given cannot go together."""
    if language is not None and language not in LANGUAGES:
        raise InitError(f"language '{language}' is not one guidecraft speaks, expected one of: {', '.join(LANGUAGES)}")
    if region is not None:
        try:
            code = directory_entry(region).region.code
        except UnknownRegion as exc:
            raise InitError(str(exc)) from None
        spoken = [lang for lang in REGION_LANGUAGES.get(code, ()) if lang in LANGUAGES] or [DEFAULT_LANGUAGE]
        if language is None:
            note = (
                ""
                if spoken[0] == DEFAULT_LANGUAGE
                else (
                    f"No --language given: the site is in {_language_name(spoken[0])} ({spoken[0]}), "
                    f"the language of {code}'s crisis lines."
                )
            )
            return Choice(code, spoken[0], note)
        if language not in REGION_LANGUAGES.get(code, (language,)):
            fitting = ", ".join(regions_speaking(language)) or "none yet"
            raise InitError(
                f"the crisis lines for {code} answer in {', '.join(REGION_LANGUAGES[code])}, but the site is in "
                f"'{language}', expected a region whose lines speak your readers' language; choose --language "
                f"{spoken[0]}, or a region for '{language}': {fitting}"
            )
        return Choice(code, language)
    language = language or DEFAULT_LANGUAGE
    regions = regions_speaking(language)
    if not regions:
        raise InitError(
            f"guidecraft's directory has no crisis lines in '{language}' yet, expected --region CODE "
            f"(one of: {', '.join(known_regions())}); then write your readers' lines in content/site.yaml"
        )
    code = DEFAULT_REGION.get(language, regions[0])
    if language == DEFAULT_LANGUAGE and code == DEFAULT_REGION[DEFAULT_LANGUAGE]:
        return Choice(code, language)
    others = [r for r in regions if r != code]
    name = directory_entry(code, "en").region.name
    return Choice(
        code,
        language,
        f"No --region given: using {code} ({name}), whose crisis lines answer in {_language_name(language)}."
        + (f" For another country, use --region {' or --region '.join(others)}." if others else ""),
    )


def init_site(
    dest: Path, *, region: str | None = None, language: str | None = None, title: str | None = None
) -> list[Path]:
    """Write a new site into ``dest`` (new or empty). Returns the files written, in order.

    ``language`` is one code (``en``) or several, the main one first (``en,es``): then site.yaml
    lists them under ``languages`` and ``content/site.es.yaml`` holds the Spanish site texts.
    A missing region or language follows from the other (see :func:`choose`); with several
    languages the first one drives that choice, and the region's lines must speak every one."""
    codes = split_languages(language)
    choice = choose(region, codes[0] if codes else None)
    codes = codes or [choice.language]
    _check_lines_speak(choice.region, codes)
    entries = _directory_entries(choice.region, codes)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InitError(f"{dest} is not empty, expected a new or empty folder (nothing was changed)")
    t = Messages(choice.language, entries[choice.language].region.code)
    site_title = (title or t.init_title).strip()
    if not site_title or "\n" in site_title:
        raise InitError("the title is empty or has more than one line, expected one line such as --title 'Feeling low'")
    try:
        needs = site_requirement()
    except VendorError as exc:
        raise InitError(str(exc)) from None
    files = _site_files(codes, entries, site_title, title_given=bool(title), needs=needs)
    written = []
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(dest / "schemas")
    return written


def _check_lines_speak(region: str, codes: list[str]) -> None:
    """Raise :class:`InitError` when the region's lines do not answer in every language after the first."""
    spoken = REGION_LANGUAGES.get(region)
    for code in codes[1:]:
        if spoken and code not in spoken:
            fitting = [r for r in known_regions() if set(codes) <= set(REGION_LANGUAGES.get(r, ()))]
            raise InitError(
                f"the crisis lines for {region} answer in {', '.join(spoken)}, but the site is also in "
                f"'{code}', expected a region whose lines speak every language of the site ({', '.join(codes)}); "
                + (
                    f"choose --region {' or --region '.join(fitting)}"
                    if fitting
                    else f"drop '{code}' from --language, or write your own lines under crisis_regions"
                )
            )


def _directory_entries(region: str, codes: list[str]) -> dict[str, DirectoryEntry]:
    """The region's crisis lines in each language; :class:`InitError` when the directory has no words in one."""
    try:
        return {code: directory_entry(region, code) for code in codes}
    except UnknownRegion as exc:
        raise InitError(str(exc)) from None


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/init"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - YAML and Markdown files, not HTML
    )
    env.filters["yaml_str"] = _yaml_str
    return env


def _site_files(
    codes: list[str], entries: dict[str, DirectoryEntry], title: str, *, title_given: bool, needs: Requirement
) -> dict[str, str | bytes]:
    """Every file of the new site but its schemas, by path: the vendored wheel last."""
    env = _environment()
    language = codes[0]
    entry = entries[language]
    values = {
        "title": title,
        "language": language,
        "languages": codes if len(codes) > 1 else None,
        "region": entry.region,
        "exit_page": entry.exit_page,
        "checked": entry.checked.isoformat(),
        "unchecked": entry.unchecked,
        "sources": entry.sources,
        "t": Messages(language, entry.region.code),
        "requirement": needs.line,
        "vendored": sorted(needs.files),
    }
    files: dict[str, str | bytes] = {
        "mkdocs.yml": env.get_template("mkdocs.yml.j2").render(values),
        "content/site.yaml": env.get_template("site.yaml.j2").render(values),
        ".github/workflows/pages.yml": template_text("pages.yml"),
        ".gitignore": template_text("gitignore"),
        "requirements.txt": f"{needs.line}\n",
        "README.md": env.get_template("README.md.j2").render(values),
        ".vscode/settings.json": template_text("vscode-settings.json"),
    }
    for code in codes[1:]:  # each other language's site texts and crisis lines
        other = entries[code]
        files[f"content/site.{code}.yaml"] = env.get_template("site.translation.yaml.j2").render(
            language=code,
            region=other.region,
            unchecked=other.unchecked,
            t=Messages(code, other.region.code),
            site_name=None
            if title_given
            else Messages(code).init_title,  # the author's own title is theirs to translate
        )
    return {**files, **needs.files}


def template_text(name: str) -> str:
    """One of init's templates as shipped (tests compare this repository's workflow with it)."""
    return (resources.files("generator") / "templates" / "init" / name).read_text(encoding="utf-8")
