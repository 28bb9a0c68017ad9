"""A site in several languages: which languages, the translated files, and each language's content.

``site.yaml`` names the languages (``languages: [en, es]``, the main one first; ``language: en``
for one). A translation sits beside its original with the language code before ``.yaml``:
``topics/coping.es.yaml`` translates ``topics/coping.yaml``, and ``site.es.yaml`` holds the
translated site texts and the crisis lines in that language. The main language's pages are at
the site's root; every other language's are under its code (``es/topics/coping.md``), with the
same slugs. A page with no translation yet is shown in the main language in every language's
part of the site, with a notice (lint kind ``untranslated``).

Translation files are loaded and checked here, one :class:`LanguageContent` per language, so the
loader and the renderer stay as they were for a site in one language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import ContentError, Diagnostic
from .documents import Content, Document
from .i18n import LANGUAGES, Messages
from .kinds import CONTENT_KINDS, KIND_OF_FOLDER
from .loading import LoadCache, inside, load_file_cached
from .models import CrisisRegion, SiteSettings, SiteTranslation
from .references import check_references

TRANSLATION_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2})\.(?:yaml|yml)$")
"""A translation's file name: ``coping.es.yaml`` (slug ``coping``, language ``es``)."""

UNTRANSLATED = "untranslated"
"""The lint kind for a page that a site language does not have yet."""

__all__ = [
    "UNTRANSLATED",
    "LanguageContent",
    "SiteTranslation",
    "is_translation",
    "language_name",
    "language_prefix",
    "load_languages",
    "site_languages",
    "translation_files",
]


# --------------------------------------------------------------------------- settings


def site_languages(settings: SiteSettings, default: str = "en") -> tuple[str, ...]:
    """The site's languages, main first: ``languages``, else ``language``, else ``default``."""
    if settings.languages:
        return tuple(settings.languages)
    return (settings.language or default,)


def language_prefix(language: str, main: str) -> str:
    """Where a language's pages live: ``""`` for the main language, ``"es/"`` for Spanish."""
    return "" if language == main else f"{language}/"


def language_name(language: str) -> str:
    """A language's name in its own words, from its catalog: "English", "Español"."""
    return Messages(language).language_name


# --------------------------------------------------------------------------- finding translations


@dataclass(frozen=True)
class TranslationFile:
    path: Path
    kind: str | None
    """The content folder (``topics``), or ``None`` for ``site.<lang>.yaml``."""
    slug: str
    language: str


def translation_files(root: Path) -> Iterator[TranslationFile]:
    """Every ``NAME.<lang>.yaml`` in the content folder and its kind folders, sorted (never one
    that leads out of the content folder: :func:`~generator.loading.stray_files` reports those)."""
    for folder, kind in [(root, None), *((root / k, k) for k in KIND_OF_FOLDER)]:
        if not folder.is_dir() or not inside(root, folder):
            continue
        for path in sorted(folder.iterdir()):
            m = TRANSLATION_NAME.match(path.name)
            if m and path.is_file() and inside(root, path):
                if kind is None and m["slug"] != "site":
                    continue
                yield TranslationFile(path, kind, m["slug"], m["lang"])


def is_translation(path: Path) -> bool:
    """Whether ``path`` is a translation (``coping.es.yaml``) rather than an original."""
    return TRANSLATION_NAME.match(path.name) is not None


# --------------------------------------------------------------------------- each language's content


@dataclass
class LanguageContent:
    """One site language: its content (translations in place of originals) and what is not translated."""

    language: str
    prefix: str
    content: Content
    translated: dict[str, set[str]] = field(default_factory=dict)
    """Kind folder to the slugs with a translation in this language (every slug, for the main language)."""

    site_name: str | None = None
    """The site's name in this language (site.<lang>.yaml), when it has one."""

    def is_translated(self, folder: str, slug: str) -> bool:
        return slug in self.translated.get(folder, set())


def load_languages(
    content: Content, *, default: str, relative_to: Path, cache: LoadCache | None = None
) -> dict[str, LanguageContent]:
    """Every site language's content, main first. Raises :class:`ContentError` with every problem found:
    a translation of a file that does not exist, in a language the site does not list or guidecraft
    does not speak, a translated quiz that scores differently, crisis lines missing in a language.
    """
    languages = site_languages(content.site.model, default)
    main = languages[0]
    shown = functools.partial(_shown, base=relative_to)
    diags = _unspoken_languages(content.site, languages)
    found, errs = _found_translations(content, languages, shown)
    diags += errs
    out = {main: LanguageContent(main, "", content, {k: set(content.of_kind(n)) for k, n in _folders()})}
    for language in languages[1:]:
        if language not in LANGUAGES:  # reported above: what to add comes first
            continue
        out[language], errs = _language_content(content, language, main, found.get(language, []), shown, cache)
        diags += errs
    if any(d.severity == "error" for d in diags):
        raise ContentError(diags, partial=content)
    return out


def _shown(path: Path, base: Path) -> str:
    """``path`` as messages name it: relative to ``base`` when it is inside it."""
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _error(path: str, message: str, where: tuple[int, int] = (1, 1)) -> Diagnostic:
    """An error in the file ``path``, at ``where`` (its line and column)."""
    return Diagnostic(path, *where, "error", message)


def _unspoken_languages(site: Document[SiteSettings], languages: tuple[str, ...]) -> list[Diagnostic]:
    """An error for each of the site's languages that guidecraft has no interface words in."""
    diags = []
    for i, language in enumerate(languages):
        if language not in LANGUAGES:
            where = site.where(("languages", i) if site.model.languages else ("language",))
            diags.append(
                _error(
                    site.path,
                    f"guidecraft has no interface words in '{language}', expected one of: {', '.join(LANGUAGES)}; "
                    f"to add it, copy generator/messages/en/ to generator/messages/{language}/ and translate it",
                    where,
                )
            )
    return diags


def _found_translations(
    content: Content, languages: tuple[str, ...], shown: Callable[[Path], str]
) -> tuple[dict[str, list[TranslationFile]], list[Diagnostic]]:
    """The translation files of each site language after the main one, and an error for each stray one."""
    main = languages[0]
    diags = []
    found: dict[str, list[TranslationFile]] = {}
    for tf in translation_files(content.root):
        if tf.language not in languages or tf.language == main:
            why = "is the main language" if tf.language == main else "is not one of the site's languages"
            diags.append(
                _error(
                    shown(tf.path),
                    f"this file translates into '{tf.language}', which {why} ({', '.join(languages)}), expected a "
                    f"language listed after the first in site.yaml's languages; add '{tf.language}' to languages, "
                    "or rename or delete this file",
                )
            )
        elif tf.kind is not None and tf.slug not in content.of_kind(_kind_name(tf.kind)):
            diags.append(
                _error(
                    shown(tf.path),
                    f"this file translates {tf.kind}/{tf.slug}.yaml, which does not exist, expected a translation "
                    f"beside its original; write {tf.kind}/{tf.slug}.yaml first, or rename this file to match one",
                )
            )
        else:
            found.setdefault(tf.language, []).append(tf)
    return found, diags


def _language_content(
    content: Content,
    language: str,
    main: str,
    files: list[TranslationFile],
    shown: Callable[[Path], str],
    cache: LoadCache | None,
) -> tuple[LanguageContent, list[Diagnostic]]:
    """One language after the main one: its content, with its translations in place of their originals."""
    diags: list[Diagnostic] = []
    site_file = next((tf for tf in files if tf.kind is None), None)
    translation: Document[SiteTranslation] | None = None
    if site_file is not None:
        translation, errs = load_file_cached(
            site_file.path, SiteTranslation, display=shown(site_file.path), cache=cache
        )
        diags += errs
    expected = shown(content.root / f"site.{language}.yaml")
    site_doc, errs = _translated_site_doc(content.site, translation, language, expected)
    diags += errs
    docs, translated, unchecked, errs = _translated_docs(content, files, shown, cache)
    diags += errs
    # the slugs a translation names must exist too (they are file names, the same in every language)
    only = {
        folder: {slug: docs[folder][slug] for slug in translated[folder] if (folder, slug) not in unchecked}
        for folder, _ in _folders()
    }
    existing = {folder: set(content.of_kind(kind)) for folder, kind in _folders()}
    diags += check_references(Content.of_folders(content.root, site_doc, only), existing)
    lang_content = Content.of_folders(content.root, site_doc, docs)
    # the translations' own warnings (such as a '#' in reader text), shown with the language's lints
    lang_content.warnings = [d for d in diags if d.severity == "warning"]
    site_name = translation.model.site_name if translation else None
    prefix = language_prefix(language, main)
    return LanguageContent(language, prefix, lang_content, translated, site_name), diags


def _translated_site_doc(
    original: Document[SiteSettings],
    translation: Document[SiteTranslation] | None,
    language: str,
    expected_path: str,
) -> tuple[Document[SiteSettings], list[Diagnostic]]:
    """site.yaml in ``language``, as a document at site.<lang>.yaml's place (site.yaml's when there is none)."""
    site_model, diags = _translated_site(original, translation, language, expected_path)
    where = translation or original
    return Document(where.path, original.slug, site_model, where.positions, where.data), diags


def _translated_docs(
    content: Content, files: list[TranslationFile], shown: Callable[[Path], str], cache: LoadCache | None
) -> tuple[dict[str, dict[str, Document[Any]]], dict[str, set[str]], set[tuple[str, str]], list[Diagnostic]]:
    """Each kind folder's documents with the translations in ``files`` in place of their originals, the
    translated slugs, the translations that score differently (kind folder and slug) and every problem."""
    from .translation_check import check_translation

    diags: list[Diagnostic] = []
    docs: dict[str, dict[str, Document[Any]]] = {folder: dict(content.of_kind(name)) for folder, name in _folders()}
    translated: dict[str, set[str]] = {folder: set() for folder, _ in _folders()}
    unchecked: set[tuple[str, str]] = set()
    for tf in files:
        if tf.kind is None:  # site.<lang>.yaml: see _translated_site_doc
            continue
        doc, errs = load_file_cached(tf.path, KIND_OF_FOLDER[tf.kind].model, display=shown(tf.path), cache=cache)
        diags += errs
        if doc is None:
            continue
        different = check_translation(docs[tf.kind][tf.slug], doc)
        diags += different
        docs[tf.kind][tf.slug] = Document(doc.path, tf.slug, doc.model, doc.positions, doc.data)
        translated[tf.kind].add(tf.slug)
        if different:  # the scoring difference is the problem to fix; the rest follows from it
            unchecked.add((tf.kind, tf.slug))
    return docs, translated, unchecked, diags


def _folders() -> list[tuple[str, str]]:
    return [(k.folder, k.name) for k in CONTENT_KINDS.values()]


def _kind_name(folder: str) -> str:
    return KIND_OF_FOLDER[folder].name


_REACH = ("phone", "sms", "url")


def _translated_site(
    original: Document[SiteSettings],
    translation: Document[SiteTranslation] | None,
    language: str,
    expected_path: str,
) -> tuple[SiteSettings, list[Diagnostic]]:
    """site.yaml with the words of site.<lang>.yaml; the crisis lines must be there in that language."""
    settings = original.model
    if translation is None or translation.model.crisis_regions is None:
        return settings, [_no_crisis_lines(settings, translation.path if translation else expected_path, language)]
    diags = _crisis_region_errors(original, translation, language)
    if diags:
        return settings, diags
    tr = translation.model
    regions = {r.code: r for r in tr.crisis_regions or []}
    update: dict[str, Any] = {
        "crisis_regions": [regions.get(r.code, r) for r in settings.crisis_regions],
        "language": language,
        "languages": None,
    }
    for key in ("disclaimer", "quiz_disclaimer", "home_intro"):
        value = getattr(tr, key)
        if value is not None:
            update[key] = value
    if tr.categories:
        update["categories"], diags = _translated_categories(settings, translation)
    if tr.quick_exit is not None and settings.quick_exit is not None:
        update["quick_exit"] = settings.quick_exit.model_copy(update={"label": tr.quick_exit.label})
    return settings.model_copy(update=update), diags


def _no_crisis_lines(settings: SiteSettings, where: str, language: str) -> Diagnostic:
    name = Messages(settings.languages[0] if settings.languages else "en").name_of(language)
    return _error(
        where,
        f"the crisis lines of region {settings.region} have no words in '{language}' ({name}), expected "
        f"readers of '{language}' to see them in their language; add crisis_regions to {where} with "
        f"region {settings.region}'s lines in '{language}' (the same numbers, the words translated), "
        f"as `guidecraft init --region {settings.region} --language {language}` writes them",
    )


def _crisis_region_errors(
    original: Document[SiteSettings], translation: Document[SiteTranslation], language: str
) -> list[Diagnostic]:
    """site.<lang>.yaml's crisis lines against site.yaml's: the region shown on every page is there, and
    every region has the same services, numbers and addresses."""
    settings = original.model
    theirs = {r.code: r for r in translation.model.crisis_regions or []}
    codes = [r.code for r in translation.model.crisis_regions or []]
    diags = []
    for region in settings.crisis_regions:
        their = theirs.get(region.code)
        if their is None:
            if region.code == settings.region:
                diags.append(
                    _error(
                        translation.path,
                        f"crisis_regions: region {region.code} (shown on every page) is missing, expected its "
                        f"lines in '{language}'; add an entry with code: {region.code}",
                        translation.where(("crisis_regions",)),
                    )
                )
        elif region.emergency != their.emergency or _reach(region) != _reach(their):
            diags.append(
                _error(
                    translation.path,
                    f"crisis_regions: region {region.code}'s services, numbers or addresses differ from "
                    f"{original.path}, expected the same lines in the same order with only their words translated "
                    "(name, text, hours, note); change numbers in both files together",
                    translation.where(("crisis_regions", codes.index(region.code))),
                )
            )
    return diags


def _translated_categories(
    settings: SiteSettings, translation: Document[SiteTranslation]
) -> tuple[list[Any], list[Diagnostic]]:
    """site.yaml's categories with site.<lang>.yaml's titles and summaries; an error for an unknown one."""
    tr_categories = translation.model.categories or []
    words = {c.id: c for c in tr_categories}
    known = {c.id for c in settings.categories}
    diags = [
        _error(
            translation.path,
            f"categories: '{c.id}' is not a category of site.yaml, expected one of: "
            f"{', '.join(sorted(known)) or 'none'}",
            translation.where(("categories", k, "id")),
        )
        for k, c in enumerate(tr_categories)
        if c.id not in known
    ]
    categories = [
        c.model_copy(update={"title": words[c.id].title, "summary": words[c.id].summary or c.summary})
        if c.id in words
        else c
        for c in settings.categories
    ]
    return categories, diags


def _reach(region: CrisisRegion) -> list[dict[str, Any]]:
    return [line.model_dump(include=set(_REACH)) for line in region.lines]
