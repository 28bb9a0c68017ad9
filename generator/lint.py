"""Lints: warnings about content that is valid but falls short of health-information standards.

Each lint is a plain function over a loaded :class:`~generator.loading.Content` that
returns :class:`~generator.diagnostics.Diagnostic` warnings with a ``kind``:

``reading-age``
    A prose (Markdown) field of 25 words or more has a reading age above 11. Reading
    age is the school grade from textstat plus 5: Flesch-Kincaid for English,
    Crawford for Spanish, Kandel-Moles for French; other languages are not scored.
``review``
    A topic's or quiz's ``next_review`` date has passed, or a quiz has no review dates.
``sources``
    A topic lists no sources.
``reviewer``
    A topic has no reviewer, or is reviewed only by its own authors.
``link``
    A relative link or image in prose points to no page or file of the site.
``image-alt``
    An image in prose has no alt text.
``quiz-safety``
    A quiz has no disclaimer, or asks about risk but has no ``red_flags`` or ``crisis`` flags.
``crisis-lines``
    The site's crisis lines may not suit its readers' language (see :data:`REGION_LANGUAGES`).
``placeholder``
    Text still holds ``TODO`` placeholders from ``guidecraft new``.
``untranslated``
    A site in several languages has a page with no translation into one of them yet
    (see :mod:`generator.languages`).
``attribution``
    A quiz made from a published questionnaire (``instrument``) lost its ``citation``,
    ``licence`` or ``sources``.
``language``
    ``language`` in site.yaml differs from ``theme.language`` in mkdocs.yml (the build
    reports it; the interface follows mkdocs.yml).
``quiz-topic``
    A quiz names a topic with ``topic:``, but that topic does not list the quiz under
    ``quizzes:`` (so the topic's page does not show it), or a topic lists a quiz whose
    ``topic:`` names another topic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import importlib.metadata
import json
import os
import posixpath
import re
import sys
import types
import typing
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel

from .diagnostics import Diagnostic
from .kinds import CONTENT_KINDS
from .loading import Content, Document
from .markup import page_src, page_url
from .models import Markdown, without_shown
from .yaml_source import Loc

LINT_KINDS = (
    "reading-age",
    "review",
    "sources",
    "reviewer",
    "link",
    "image-alt",
    "quiz-safety",
    "attribution",
    "crisis-lines",
    "placeholder",
    "language",
    "untranslated",
    "quiz-topic",
)
"""Every kind of lint warning, as a site names them in the plugin's ``disable_lints`` option."""

READING_AGE_LIMIT = 11.0
READING_AGE_MIN_WORDS = 25
PLACEHOLDER = "TODO"

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
"""The languages usually spoken in a region, for the ``crisis-lines`` lint.

Deliberately short and simple: a region missing here is never warned about.
"""


def lint(
    content: Content,
    *,
    language: str = "en",
    today: dt.date | None = None,
    page_srcs: Iterable[str] | None = None,
    directory_urls: bool = True,
    cache_dir: Path | None = None,
) -> list[Diagnostic]:
    """Every lint warning for ``content``, sorted by file and position.

    ``language`` is the site's language (theme.language); ``today`` defaults to the
    real date; ``page_srcs`` lists the generated pages (worked out from the content
    when not given); ``directory_urls`` is MkDocs' use_directory_urls; ``cache_dir`` keeps the
    costliest results (reading ages) between runs (:class:`ReadingAgeCache`).
    """
    today = today or dt.date.today()
    pages = set(page_srcs) if page_srcs is not None else site_page_srcs(content)
    diags: list[Diagnostic] = list(content.warnings)
    cache = ReadingAgeCache(cache_dir, language)
    diags += reading_age(content, language, cache)
    cache.save()
    diags += review_dates(content, today)
    diags += sources_and_reviewers(content)
    diags += links_and_images(content, pages, directory_urls)
    diags += quiz_safety(content)
    diags += crisis_lines(content, language)
    diags += placeholders(content)
    diags += attribution(content)
    diags += quiz_topics(content)
    return sorted(diags)


def _warn(doc: Document[Any], loc: Loc, message: str, kind: str) -> Diagnostic:
    return doc.error(loc, message, severity="warning", kind=kind)


# --------------------------------------------------------------------------- prose fields


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
        if not getattr(hyphenator, "_guidecraft_cached", False):
            hyphenator.positions = lru_cache(maxsize=1 << 16)(hyphenator.positions)
            hyphenator._guidecraft_cached = True


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


def reading_age(content: Content, language: str = "en", cache: ReadingAgeCache | None = None) -> list[Diagnostic]:
    """Prose fields of 25+ words with a reading age above 11."""
    diags = []
    for doc in content.documents():
        for loc, markdown in prose_fields(doc.model):
            age = cache.age(markdown) if cache is not None else _prose_reading_age(markdown, language)
            if age is not None and round(age, 1) > READING_AGE_LIMIT:
                diags.append(
                    _warn(
                        doc,
                        loc,
                        f"reading age {age:.1f}, expected {READING_AGE_LIMIT:g} or lower; "
                        "use shorter sentences and everyday words",
                        "reading-age",
                    )
                )
    return diags


# --------------------------------------------------------------------------- review cycle


def review_dates(content: Content, today: dt.date) -> list[Diagnostic]:
    """Review dates that have passed; quizzes without review dates."""
    diags = []
    dated: list[Document[Any]] = [*content.topics.values(), *content.quizzes.values()]
    for doc in dated:
        due = doc.model.next_review
        if due is None:
            diags.append(
                _warn(
                    doc,
                    (),
                    "no next_review date, expected last_reviewed and next_review so readers "
                    "know when it was last checked",
                    "review",
                )
            )
        elif due < today:
            diags.append(
                _warn(
                    doc,
                    ("next_review",),
                    f"the review date {due.isoformat()} has passed, expected a date after today; "
                    "check the page, then update last_reviewed and next_review",
                    "review",
                )
            )
    return diags


def sources_and_reviewers(content: Content) -> list[Diagnostic]:
    """Topics with no sources, or no reviewer other than their authors."""
    diags = []
    for doc in content.topics.values():
        topic = doc.model
        if not topic.sources:
            diags.append(
                _warn(
                    doc,
                    ("sources",),
                    "no sources, expected at least one source (title and url) for the facts on this page",
                    "sources",
                )
            )
        if not topic.reviewers:
            diags.append(
                _warn(
                    doc,
                    ("reviewers",),
                    "no reviewers, expected someone other than the authors to check the page",
                    "reviewer",
                )
            )
        elif {r.casefold() for r in topic.reviewers} <= {a.casefold() for a in topic.authors}:
            diags.append(
                _warn(
                    doc,
                    ("reviewers",),
                    "reviewed only by its authors, expected a reviewer who did not write the page",
                    "reviewer",
                )
            )
    return diags


# --------------------------------------------------------------------------- links and images

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def site_page_srcs(content: Content) -> set[str]:
    """The generated pages' source paths, as the renderer names them."""
    from .rendering import Renderer

    return set(Renderer(content).page_srcs())


def _doc_page(content: Content, doc: Document[Any]) -> str:
    for kind in CONTENT_KINDS:
        if content.of_kind(kind).get(doc.slug) is doc:
            return page_src(kind, doc.slug)
    return "index.md"


def _targets(content: Content, pages: set[str], directory_urls: bool) -> set[str]:
    """Every path of the built site a relative link may reach: page URLs and plain files."""
    out = set()
    for src in pages:
        url = page_url(src, directory_urls)
        out.add(url.rstrip("/") or ".")
        if directory_urls or not url:
            out.add(posixpath.normpath(posixpath.join(url, "index.html")))
    root = content.root
    if root.is_dir():
        out.update(
            p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.suffix not in {".yaml", ".yml"}
        )
    return out


def links_and_images(content: Content, pages: set[str], directory_urls: bool = True) -> list[Diagnostic]:
    """Relative links and images that go nowhere on the built site; images without alt text.

    Prose becomes HTML before MkDocs sees it, so MkDocs does not rewrite its links: a
    relative link must name the final URL, relative to the page's own URL.
    """
    targets = _targets(content, pages, directory_urls)
    diags = []
    for doc in content.documents():
        here = page_url(_doc_page(content, doc), directory_urls)
        base = here if here.endswith("/") or not here else posixpath.dirname(here)
        for loc, markdown in prose_fields(doc.model):
            for kind, url, alt in _links(markdown):
                if kind == "image" and not alt.strip():
                    diags.append(
                        _warn(
                            doc,
                            loc,
                            f"image '{url}' has no alt text, expected a short description "
                            f"in the brackets: ![what it shows]({url})",
                            "image-alt",
                        )
                    )
                if not url or _SCHEME.match(url) or url.startswith(("#", "/")):
                    continue
                path = url.split("#", 1)[0].split("?", 1)[0]
                resolved = posixpath.normpath(posixpath.join(base, path)) if path else "."
                if resolved not in targets:
                    what = "image" if kind == "image" else "link"
                    hint = (
                        "a file in the content folder, written relative to this page's address"
                        if kind == "image"
                        else "topic:SLUG, quiz:SLUG or worksheet:SLUG for pages"
                    )
                    diags.append(
                        _warn(
                            doc,
                            loc,
                            f"{what} '{url}' goes to nothing on the built site, expected {hint}",
                            "link",
                        )
                    )
    return diags


def _links(markdown: str) -> Iterator[tuple[str, str, str]]:
    """``(kind, url, alt)`` for every link and image in Markdown."""
    yield from _prose_facts(markdown)[1]


# --------------------------------------------------------------------------- quizzes and crisis lines


def quiz_safety(content: Content) -> list[Diagnostic]:
    """Quizzes without a disclaimer, or that ask about risk without red flags."""
    diags = []
    site = content.site.model
    for doc in content.quizzes.values():
        quiz = doc.model
        # with errors in site.yaml, its quiz_disclaimer is unknown: say nothing
        if not (quiz.disclaimer or site.quiz_disclaimer or not content.site_loaded):
            diags.append(
                _warn(
                    doc,
                    (),
                    "no disclaimer, expected one here or quiz_disclaimer in site.yaml "
                    "saying the quiz is a reflection, not a diagnosis",
                    "quiz-safety",
                )
            )
        if quiz.asks_about_risk and not (quiz.red_flags or any(f.severity == "crisis" for f in quiz.flags)):
            diags.append(
                _warn(
                    doc,
                    ("asks_about_risk",),
                    "the quiz asks about risk but has no red_flags or crisis flags, expected "
                    "at least one rule that shows crisis help whatever the total",
                    "quiz-safety",
                )
            )
    return diags


def attribution(content: Content) -> list[Diagnostic]:
    """Quizzes from a published questionnaire (``instrument``) without their citation, licence or sources."""
    diags = []
    for doc in content.quizzes.values():
        quiz = doc.model
        if quiz.instrument is None:
            continue
        missing = [name for name in ("citation", "licence", "sources") if not getattr(quiz, name)]
        if missing:
            diags.append(
                _warn(
                    doc,
                    ("instrument",),
                    f"the quiz comes from the published questionnaire '{quiz.instrument}' but has no "
                    f"{', '.join(missing)}, expected the citation, licence and sources it was made with "
                    f"(see: guidecraft new quiz SLUG --from {quiz.instrument})",
                    "attribution",
                )
            )
    return diags


def crisis_lines(content: Content, language: str) -> list[Diagnostic]:
    """Crisis lines that may not suit readers of the site's language.

    Warns when the selected region usually speaks other languages, and when no region
    in ``crisis_regions`` usually speaks the site's language. Regions missing from
    :data:`REGION_LANGUAGES` are not judged.
    """
    doc = content.site
    site = doc.model
    diags: list[Diagnostic] = []
    if not content.site_loaded:  # site.yaml has errors: its crisis lines are not known
        return diags
    region = site.crisis_region()
    if not region.lines:  # the model requires lines; kept so the lint stands alone
        diags.append(_warn(doc, ("region",), f"region {region.code} has no crisis lines", "crisis-lines"))
    usual = REGION_LANGUAGES.get(region.code)
    if usual is not None and language not in usual:
        diags.append(
            _warn(
                doc,
                ("region",),
                f"region {region.code} ({region.name}) usually speaks {', '.join(usual)}, but the site is in "
                f"'{language}', expected crisis lines that readers of '{language}' can use",
                "crisis-lines",
            )
        )
    known = {r.code: REGION_LANGUAGES[r.code] for r in site.crisis_regions if r.code in REGION_LANGUAGES}
    if known and not any(language in langs for langs in known.values()):
        suggestions = [code for code, langs in REGION_LANGUAGES.items() if langs[0] == language][:3]
        hint = f", such as {', '.join(suggestions)}" if suggestions else ""
        diags.append(
            _warn(
                doc,
                ("crisis_regions",),
                f"no region in crisis_regions usually speaks '{language}' "
                f"(have: {', '.join(known)}), expected a region for the site's readers{hint}",
                "crisis-lines",
            )
        )
    return diags


# --------------------------------------------------------------------------- scaffold leftovers


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, loc + (i,))


def placeholders(content: Content) -> list[Diagnostic]:
    """Files that still say TODO (the placeholders ``guidecraft new`` writes): one warning per file."""
    diags = []
    for doc in content.documents():
        found = [loc for loc, text in _strings(doc.data) if PLACEHOLDER in text]
        if found:
            names = _in_words(found)
            line, col = doc.where(found[0])
            diags.append(
                Diagnostic(
                    doc.path,
                    line,
                    col,
                    "warning",
                    f"{len(found)} field{'s' if len(found) != 1 else ''} still hold{'s' if len(found) == 1 else ''} "
                    f"placeholder text ({PLACEHOLDER}), in {names}; expected your own words before readers see it: "
                    f"replace each {PLACEHOLDER}",
                    "placeholder",
                )
            )
    return diags


def _in_words(locs: list[Loc]) -> str:
    """The fields that hold placeholders, by the names the author writes: "summary, authors and sources"."""
    places: list[str] = []
    for loc in locs:
        name = str(loc[0]) if loc else "the file"
        if name not in places:
            places.append(name)
    return places[0] if len(places) == 1 else ", ".join(places[:-1]) + " and " + places[-1]


# --------------------------------------------------------------------------- quizzes and their topics


def quiz_topics(content: Content) -> list[Diagnostic]:
    """A quiz's ``topic:`` and the topic's ``quizzes:`` must agree, or the topic's page leaves the quiz out."""
    diags = []
    for slug, doc in sorted(content.quizzes.items()):
        topic = doc.model.topic
        if topic is None or topic not in content.topics:
            continue  # an unknown topic is an error of its own
        if slug not in content.topics[topic].model.quizzes:
            diags.append(
                _warn(
                    doc,
                    ("topic",),
                    f"this quiz names the topic '{topic}', but topics/{topic}.yaml does not list '{slug}' under "
                    f"quizzes:, so the topic's page does not show this quiz; expected both files to name each other: "
                    f"add '{slug}' to quizzes: in topics/{topic}.yaml",
                    "quiz-topic",
                )
            )
    for slug, topic_doc in sorted(content.topics.items()):
        for i, quiz in enumerate(topic_doc.model.quizzes):
            other = content.quizzes.get(quiz)
            named = other.model.topic if other is not None else None
            if named is not None and named != slug:
                diags.append(
                    _warn(
                        topic_doc,
                        ("quizzes", i),
                        f"this topic lists the quiz '{quiz}', but quizzes/{quiz}.yaml names another topic, "
                        f"'{named}', with topic:; expected them to agree: change topic: in quizzes/{quiz}.yaml "
                        f"to '{slug}', or take '{quiz}' out of quizzes: here",
                        "quiz-topic",
                    )
                )
    return diags
