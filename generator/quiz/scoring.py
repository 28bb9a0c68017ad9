"""The reference scorer: exact arithmetic on answers, every possible score, and one reader's result.

The browser runtime (``assets/quiz.js``) must score exactly as :func:`score_answers`
does; ``tests/test_quiz_runtime.py`` runs both on thousands of random answer sets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..models import Band, Condition, Quiz, ScalePoint, SubscaleBand

Score = int | Fraction


def exact(x: int | float) -> Fraction:
    """A bound as written: 3.5 is 7/2 exactly (a YAML float is read through its decimal text)."""
    return Fraction(x) if isinstance(x, int) else Fraction(str(x))


def shown(x: Score) -> str:
    """How a score is shown: rounded half up to at most 2 decimals, without trailing zeros.

    quiz.js shows the same text: ``String(Math.round(n * 100 / d) / 100)``.
    """
    k = math.floor(Fraction(x) * 100 + Fraction(1, 2))
    whole, cents = divmod(abs(k), 100)
    return ("-" if k < 0 else "") + str(whole) + ("." + f"{cents:02d}".rstrip("0") if cents else "")


def exact_text(x: Score) -> str:
    """A score for an error message: exact, as a decimal when it has one, else as a fraction."""
    x = Fraction(x)
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        return format(Decimal(x.numerator) / Decimal(x.denominator), "f")
    return f"{x.numerator}/{x.denominator} (about {shown(x)})"


def item_range(scale: list[ScalePoint]) -> tuple[int, int]:
    """The lowest and highest answer value of a scale."""
    values = [p.value for p in scale]
    return min(values), max(values)


def item_score(quiz: Quiz, index: int, value: int) -> int:
    """The weighted score of one answer: reverse items count from the other end of their scale.

    An unscored question (``scored: false``) scores 0 and counts towards nothing.
    """
    question = quiz.questions[index]
    if not question.scored:
        return 0
    lo, hi = item_range(quiz.scale_for(question))
    scored = lo + hi - value if question.reverse else value
    return scored * question.weight


def _in_scope(quiz: Quiz, subscale: str | None) -> list[int]:
    return [
        i for i, q in enumerate(quiz.questions) if q.scored and (subscale is None or q.subscale == subscale)
    ]


def divisor(quiz: Quiz, subscale: str | None = None) -> int:
    """What the sum is divided by: 1 for a sum, the questions' total weight for a mean."""
    if score_kind(quiz, subscale) == "sum":
        return 1
    return sum(quiz.questions[i].weight for i in _in_scope(quiz, subscale)) or 1


SCORES_MAX = 100_000
"""Different sums of points a quiz (or a subscale) may have: the checks go through each of them."""


class TooManyScores(ValueError):
    """The answers' values add up to too many different sums to check one by one."""


def possible_sums(quiz: Quiz, subscale: str | None = None) -> set[int]:
    """Every sum of points the quiz (or one subscale) can produce, by dynamic programming over the items.

    Raises :class:`TooManyScores` past :data:`SCORES_MAX` sums (answer values such as 1, 2, 4, 8, ...
    on every question would otherwise give 2 to the power of the number of questions).
    """
    totals = {0}
    for i in _in_scope(quiz, subscale):
        item = {item_score(quiz, i, p.value) for p in quiz.scale_for(quiz.questions[i])}
        totals = {t + s for t in totals for s in item}
        if len(totals) > SCORES_MAX:
            raise TooManyScores(
                f"the answers' values add up to more than {SCORES_MAX:,} different scores"
                f"{f' in subscale {subscale!r}' if subscale else ''}, more than guidecraft can check; "
                "expected small whole numbers as answer values, such as 0 to 4"
            )
    return totals


def as_score(quiz: Quiz, points: int, subscale: str | None = None) -> Score:
    """The score for a sum of points: the sum itself, or the exact mean."""
    d = divisor(quiz, subscale)
    return points if d == 1 and score_kind(quiz, subscale) == "sum" else Fraction(points, d)


def score_kind(quiz: Quiz, subscale: str | None = None) -> str:
    """How the total (or a subscale) is worked out: 'sum' or 'mean'."""
    return quiz.score if subscale is None else next(s.score for s in quiz.subscales if s.id == subscale)


def possible_scores(quiz: Quiz, subscale: str | None = None) -> set[Score]:
    """Every score the quiz (or one subscale) can produce: exact sums or exact means."""
    return {as_score(quiz, t, subscale) for t in possible_sums(quiz, subscale)}


@dataclass(frozen=True)
class QuizScore:
    """What the reader sees: the band or profile, each subscale's band, and the flags that fired.

    ``total`` and ``subscales`` are sums of points; ``shown`` holds the scores as the
    page shows them (means and the transformed total rounded for display only).
    """

    total: int
    band: int | None
    subscales: dict[str, int] = field(default_factory=dict)
    subscale_bands: dict[str, int] = field(default_factory=dict)
    red_flags: tuple[int, ...] = ()
    flags: tuple[int, ...] = ()
    profile: int | None = None
    shown: dict[str, Any] = field(default_factory=dict)
    crisis: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "band": self.band,
            "profile": self.profile,
            "subscales": dict(self.subscales),
            "subscale_bands": dict(self.subscale_bands),
            "red_flags": list(self.red_flags),
            "flags": list(self.flags),
            "crisis": self.crisis,
            "shown": self.shown,
        }


def in_band(band: Band | SubscaleBand, score: Score) -> bool:
    """Whether a band (both ends included, read exactly) holds a score."""
    return exact(band.min) <= score <= exact(band.max)


def band_index(bands: Sequence[Band | SubscaleBand], score: Score) -> int:
    """The index of the band holding a score."""
    for i, band in enumerate(bands):
        if in_band(band, score):
            return i
    raise ValueError(f"no band holds the score {score}")  # impossible after check_quiz


def condition_bound(c: Condition) -> int | float:
    """The condition's threshold, whichever of ``at_least`` or ``at_most`` it has."""
    return c.at_least if c.at_least is not None else c.at_most  # type: ignore[return-value]


def condition_fires(quiz: Quiz, c: Condition, answers: dict[str, int], scores: dict[str | None, Score]) -> bool:
    """Whether one flag condition holds for a complete set of answers."""
    up = c.at_least is not None
    if c.question is not None or c.questions is not None:
        ids = [c.question] if c.question is not None else list(c.questions or [])

        def meets(qid: str) -> bool:
            limit = c.thresholds.get(qid, condition_bound(c))
            return answers[qid] >= limit if up else answers[qid] <= limit

        met = [q for q in ids if meets(q)]
        return len(met) >= c.how_many and (not c.including_one_of or any(q in met for q in c.including_one_of))
    value = scores[None if c.total else c.subscale]
    return value >= exact(condition_bound(c)) if up else value <= exact(condition_bound(c))


def transform_factor(quiz: Quiz) -> Fraction:
    """The exact number the total is multiplied by when it is shown transformed (1 without a transform)."""
    return exact(quiz.transform.multiply) if quiz.transform else Fraction(1)


def score_answers(quiz: Quiz, answers: dict[str, int]) -> QuizScore:
    """Score a complete set of answers (question id -> the chosen answer's value)."""
    total = 0
    sub_totals = {s.id: 0 for s in quiz.subscales}
    for i, q in enumerate(quiz.questions):
        s = item_score(quiz, i, answers[q.id])
        total += s
        if q.subscale is not None:
            sub_totals[q.subscale] += s
    scores: dict[str | None, Score] = {None: as_score(quiz, total)}
    scores.update({s.id: as_score(quiz, sub_totals[s.id], s.id) for s in quiz.subscales})
    sub_bands = {s.id: band_index(s.bands, scores[s.id]) for s in quiz.subscales}
    red = tuple(i for i, rule in enumerate(quiz.red_flags) if answers[rule.question] >= rule.at_least)
    flags = tuple(i for i, f in enumerate(quiz.flags) if condition_fires(quiz, f.when, answers, scores))
    profile = None
    for i, p in enumerate(quiz.profiles):
        if all(sub_bands[k] in profile_bands(quiz, k, v) for k, v in p.when.items()):
            profile = i
            break
    view = {
        "total": shown(scores[None]) if quiz.bands else None,
        "transformed": shown(scores[None] * transform_factor(quiz)) if quiz.transform else None,
        "subscales": {s.id: shown(scores[s.id]) for s in quiz.subscales},
    }
    return QuizScore(
        total=total,
        band=band_index(quiz.bands, scores[None]) if quiz.bands else None,
        subscales=sub_totals,
        subscale_bands=sub_bands,
        red_flags=red,
        flags=flags,
        profile=profile,
        shown=view,
        crisis=bool(red) or any(quiz.flags[i].severity == "crisis" for i in flags),
    )


def profile_bands(quiz: Quiz, sub_id: str, titles: str | list[str]) -> list[int]:
    """The indexes of a subscale's bands that a profile names by title (none for an unknown subscale)."""
    wanted = [titles] if isinstance(titles, str) else titles
    sub = next((s for s in quiz.subscales if s.id == sub_id), None)
    if sub is None:
        return []
    return [j for j, b in enumerate(sub.bands) if b.title in wanted]

