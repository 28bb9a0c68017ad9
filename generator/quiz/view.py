"""The quiz view: everything ``templates/quiz_form.html.j2`` shows of one quiz on one page.

The form, the paper scoring key, the notes shown with a result and the payload for
``assets/quiz.js``, as frozen dataclasses built once per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Messages
from ..models import Quiz, ScalePoint, SiteSettings, Source
from .key import KeyBand, KeyTable, RuleWords, key_bands, key_tables
from .page import QuizPage, StepLink
from .payload import PayloadProfile, QuizPayload, quiz_payload
from .scoring import as_score, divisor, shown, transform_factor


@dataclass(frozen=True)
class QuestionView:
    """A question of the form: one radio group."""

    index: int
    """Its place in the quiz, from 0."""
    id: str
    """Its id, part of its elements' ids."""
    text: str
    """The question."""
    answers: tuple[ScalePoint, ...]
    """Its answers, in scale order."""


@dataclass(frozen=True)
class SubscaleView:
    """A subscale as the key lists it."""

    id: str
    """The subscale's id."""
    title: str
    """The subscale's title."""
    numbers: tuple[int, ...]
    """The numbers of its questions."""
    mean: bool
    """Whether its score is a mean."""
    divisor: int
    """What its sum is divided by: the questions' total weight for a mean."""
    bands: tuple[KeyBand, ...]
    """Its bands, as written."""


@dataclass(frozen=True)
class AdviceView:
    """An advice flag: the note shown with the result when it fires, and its line in the key."""

    index: int
    """The flag's index among the quiz's flags (the runtime shows the note by it)."""
    title: str | None
    """The note's own heading, if any."""
    html: str
    """The note's text, rendered."""
    next_steps: tuple[StepLink, ...]
    """Links shown with the note."""
    key: str
    """The rule in words, for the key."""


@dataclass(frozen=True)
class TransformView:
    """The transformed total, as the key explains it."""

    label: str
    """What the transformed total is called."""
    unit: str
    """Written after the number."""
    factor: str
    """The number the score is multiplied by, as shown."""
    min: str
    """The lowest transformed total, as shown."""
    max: str
    """The highest transformed total, as shown."""


@dataclass(frozen=True)
class TotalView:
    """The total's range, as the key gives it."""

    min_sum: int
    """The lowest sum of points."""
    max_sum: int
    """The highest sum of points."""
    divisor: int | None
    """For a mean, what the sum is divided by; None for a sum."""
    min: str
    """The lowest score, as shown."""
    max: str
    """The highest score, as shown."""


@dataclass(frozen=True)
class QuizView:
    """One quiz on one page: the form, the result's parts, the paper key, the credits and the payload."""

    slug: str
    """The quiz's file name, without .yaml."""
    title: str
    """The quiz's title."""
    heading_level: int
    """The level of the quiz's title heading; 1 means the page's own h1 is the title, so the form adds none."""
    intro_html: str
    """What the quiz is for, rendered."""
    instructions_html: str
    """How to answer, rendered."""
    disclaimer_html: str
    """The quiz's disclaimer, or the site's, rendered."""
    not_for_others_html: str
    """The request not to answer for someone else, rendered."""
    questions: tuple[QuestionView, ...]
    """The form's questions, in order."""
    key_tables: tuple[KeyTable, ...]
    """The key's points tables."""
    reversed: tuple[int, ...]
    """The numbers of the scored questions that count the other way round."""
    unscored: tuple[int, ...]
    """The numbers of the questions that add to no score."""
    total: TotalView
    """The total's range, for the key."""
    bands: tuple[KeyBand, ...]
    """The total's bands as written, for the key; empty when subscales carry the result."""
    subscales: tuple[SubscaleView, ...]
    """The subscales, for the key."""
    profiles: tuple[PayloadProfile, ...]
    """The profiles (the payload's), for the key's table of subscale bands."""
    crisis_keys: tuple[str, ...]
    """The key's urgent lines: the red flags by question number, then the crisis flags."""
    advice: tuple[AdviceView, ...]
    """The advice flags: notes shown with a result, and lines of the key."""
    transform: TransformView | None
    """The transformed total, when the quiz has one."""
    citation: str
    """The published source to cite ('' for none)."""
    licence_html: str
    """Who owns the questionnaire and how it may be used, rendered ('' for none)."""
    sources: tuple[Source, ...]
    """Where the quiz came from."""
    payload: QuizPayload
    """The JSON data for quiz.js."""

    @property
    def ids(self) -> str:
        """The prefix of every id in the quiz's markup: gcq-SLUG."""
        return f"gcq-{self.slug}"


def quiz_view(
    quiz: Quiz, *, slug: str, site: SiteSettings, messages: Messages, page: QuizPage, heading_level: int = 2
) -> QuizView:
    """What ``quiz_form.html.j2`` renders of a quiz on ``page``: questions, the paper key and the payload."""
    payload = quiz_payload(quiz, slug=slug, page=page, messages=messages)
    words = RuleWords(quiz, messages)
    numbered = list(enumerate(quiz.questions, start=1))
    return QuizView(
        slug=slug,
        title=quiz.title,
        heading_level=heading_level,
        intro_html=page.render_block(quiz.intro),
        instructions_html=page.render_block(quiz.instructions),
        disclaimer_html=page.render_block(quiz.disclaimer or site.quiz_disclaimer),
        not_for_others_html=page.render_block(quiz.not_for_others or messages.quiz_not_for_others),
        questions=tuple(
            QuestionView(index=i, id=q.id, text=q.text, answers=tuple(quiz.scale_for(q)))
            for i, q in enumerate(quiz.questions)
        ),
        key_tables=key_tables(quiz),
        reversed=tuple(n for n, q in numbered if q.reverse and q.scored),
        unscored=tuple(n for n, q in numbered if not q.scored),
        total=_total(quiz, payload),
        bands=key_bands(quiz.bands),
        subscales=tuple(
            SubscaleView(
                id=s.id, title=s.title, numbers=tuple(n for n, q in numbered if q.subscale == s.id),
                mean=s.score == "mean", divisor=divisor(quiz, s.id), bands=key_bands(s.bands),
            )
            for s in quiz.subscales
        ),
        profiles=payload.profiles,
        crisis_keys=words.crisis_keys(),
        advice=tuple(
            AdviceView(index=i, title=f.title, html=page.render_block(f.message), next_steps=page.steps(f.next_steps),
                       key=words.describe(f.when))
            for i, f in enumerate(quiz.flags)
            if f.severity != "crisis"
        ),
        transform=_transform(quiz, payload),
        citation=quiz.citation or "",
        licence_html=page.render_block(quiz.licence),
        sources=tuple(quiz.sources),
        payload=payload,
    )


def _total(quiz: Quiz, payload: QuizPayload) -> TotalView:
    return TotalView(
        min_sum=payload.min,
        max_sum=payload.max,
        divisor=payload.divisor if quiz.score == "mean" else None,
        min=shown(as_score(quiz, payload.min)),
        max=shown(as_score(quiz, payload.max)),
    )


def _transform(quiz: Quiz, payload: QuizPayload) -> TransformView | None:
    if quiz.transform is None:
        return None
    factor = transform_factor(quiz)
    lo, hi = sorted((as_score(quiz, payload.min) * factor, as_score(quiz, payload.max) * factor))
    return TransformView(
        label=quiz.transform.label, unit=quiz.transform.unit, factor=shown(factor), min=shown(lo), max=shown(hi)
    )
