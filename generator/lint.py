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
    The site's crisis lines may not suit its readers' language (see :data:`generator.crisis.REGION_LANGUAGES`).
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
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .crisis import REGION_LANGUAGES
from .diagnostics import Diagnostic, Loc
from .documents import Content, Document
from .kinds import CONTENT_KINDS
from .markup import page_src, page_url
from .prose import markdown_links, prose_fields
from .readability import ReadingAgeCache
from .yaml_source import walk_strings

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
PLACEHOLDER = "TODO"


def lint(
    content: Content,
    *,
    page_srcs: Iterable[str],
    language: str = "en",
    today: dt.date | None = None,
    directory_urls: bool = True,
    cache_dir: Path | None = None,
) -> list[Diagnostic]:
    """Every lint warning for ``content``, sorted by file and position.

    ``language`` is the site's language (theme.language); ``today`` defaults to the
    real date; ``page_srcs`` lists the generated pages (links to them are not broken);
    ``directory_urls`` is MkDocs' use_directory_urls; ``cache_dir`` keeps the
    costliest results (reading ages) between runs (:class:`~generator.readability.ReadingAgeCache`).
    """
    today = today or dt.date.today()
    pages = set(page_srcs)
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


# --------------------------------------------------------------------------- reading age


def reading_age(content: Content, language: str = "en", cache: ReadingAgeCache | None = None) -> list[Diagnostic]:
    """Prose fields of 25+ words with a reading age above 11 (each scored once per ``cache``)."""
    if cache is None:
        cache = ReadingAgeCache(None, language)
    diags = []
    for doc in content.documents():
        for loc, markdown in prose_fields(doc.model):
            age = cache.age(markdown)
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
            for kind, url, alt in markdown_links(markdown):
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
    :data:`~generator.crisis.REGION_LANGUAGES` are not judged.
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


def placeholders(content: Content) -> list[Diagnostic]:
    """Files that still say TODO (the placeholders ``guidecraft new`` writes): one warning per file."""
    diags = []
    for doc in content.documents():
        found = [loc for loc, text in walk_strings(doc.data) if PLACEHOLDER in text]
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
