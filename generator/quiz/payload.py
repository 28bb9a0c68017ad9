"""The page payload: the JSON data each quiz carries for ``assets/quiz.js``, and its JSON Schema.

The frozen dataclasses below are the contract with the runtime. ``quiz-payload.schema.json``,
beside this module, is generated from them (``tests/test_quiz_runtime.py`` fails when it is
stale and rewrites it with ``GUIDECRAFT_UPDATE_GOLDEN=1``), and the Node tests check every
payload they run against it. Bounds on scores come as whole-number sums of points, so the runtime
never divides to find a band or a flag.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict, TypeAdapter

from ..models import Condition, Flag, Quiz, RedFlag, Subscale
from .page import StepLink
from .scoring import condition_bound, divisor, exact, item_range, possible_sums, profile_bands, transform_factor

if TYPE_CHECKING:
    from ..i18n import Messages
    from .page import QuizPage

SCHEMA_PATH = Path(__file__).with_name("quiz-payload.schema.json")
"""The payload's JSON Schema, shipped in the package."""

QUIZ_MESSAGES = (
    "quiz_answered",
    "quiz_your_score",
    "quiz_subscale_score",
    "quiz_transformed",
    "quiz_crisis_title",
    "quiz_crisis_body",
)
"""The catalog strings the runtime formats itself; every other string is in the page already."""

_SCHEMA = ConfigDict(extra="forbid", use_attribute_docstrings=True)
"""How pydantic reads the dataclasses for the schema: no other keys, field docstrings as descriptions."""


@dataclass(frozen=True)
class PayloadQuestion:
    """A question as the runtime scores it."""

    __pydantic_config__ = _SCHEMA
    id: str
    """The question's id; its answers are the radio buttons named gcq-SLUG--a-ID."""
    min: int
    """The lowest answer value on its scale."""
    max: int
    """The highest answer value on its scale."""
    reverse: bool
    """Scored from the other end of its scale: min + max - value."""
    weight: int
    """The points an answer's value is multiplied by; 0 for an unscored question."""
    subscale: str | None
    """The id of the subscale it counts towards, if any."""


@dataclass(frozen=True)
class SumBand:
    """A subscale band, with its bounds as sums of points."""

    __pydantic_config__ = _SCHEMA
    min: int
    """The lowest sum of points in the band."""
    max: int
    """The highest sum of points in the band."""
    title: str
    """The band's title."""


@dataclass(frozen=True)
class ResultBand:
    """A band of the total: its bounds as sums of points, and the result it shows."""

    __pydantic_config__ = _SCHEMA
    min: int
    """The lowest sum of points in the band."""
    max: int
    """The highest sum of points in the band."""
    title: str
    """The result's heading."""
    html: str
    """The result's text, rendered by the build."""
    next_steps: tuple[StepLink, ...]
    """Links shown with the result."""


@dataclass(frozen=True)
class PayloadSubscale:
    """A subscale: its range and bands as sums of points."""

    __pydantic_config__ = _SCHEMA
    id: str
    """The subscale's id."""
    title: str
    """The subscale's title."""
    min: int
    """The lowest possible sum of points."""
    max: int
    """The highest possible sum of points."""
    divisor: int
    """What the sum is divided by to show the score: 1 for a sum, the total weight for a mean."""
    bands: tuple[SumBand, ...]
    """The subscale's bands."""


@dataclass(frozen=True)
class PayloadProfile:
    """A result chosen by the bands of several subscales together."""

    __pydantic_config__ = _SCHEMA
    when: dict[str, tuple[int, ...]]
    """For each subscale id named, the indexes of the bands that fit; others may be in any band."""
    title: str
    """The result's heading."""
    html: str
    """The result's text, rendered by the build."""
    next_steps: tuple[StepLink, ...]
    """Links shown with the result."""


@dataclass(frozen=True)
class AnswerRule:
    """A rule on answers: fires when enough of its questions' answers (raw values) meet a threshold."""

    __pydantic_config__ = _SCHEMA
    questions: tuple[str, ...]
    """The ids of the questions it looks at."""
    at_least: int | None
    """Met by an answer of this value or more (null when the rule uses at_most)."""
    at_most: int | None
    """Met by an answer of this value or less (null when the rule uses at_least)."""
    thresholds: dict[str, int]
    """A threshold of their own for some of the questions, used instead of at_least or at_most."""
    how_many: int
    """How many of the questions must meet the threshold."""
    including_one_of: tuple[str, ...]
    """When not empty, one of these questions must be among those that meet it."""
    crisis: bool
    """Whether it shows the urgent-help panel."""
    html: str
    """The crisis message, rendered by the build ('' for an advice flag, whose note is in the page)."""


@dataclass(frozen=True)
class ScoreRule:
    """A rule on a score: fires when the total's or a subscale's sum of points meets a bound."""

    __pydantic_config__ = _SCHEMA
    subscale: str | None
    """The subscale whose sum it looks at; null for the total."""
    at_least: int | None
    """Met by a sum of this or more (null when the rule uses at_most)."""
    at_most: int | None
    """Met by a sum of this or less (null when the rule uses at_least)."""
    crisis: bool
    """Whether it shows the urgent-help panel."""
    html: str
    """The crisis message, rendered by the build ('' for an advice flag, whose note is in the page)."""


@dataclass(frozen=True)
class QuizPayload:
    """Everything quiz.js needs to score one quiz and show the result."""

    __pydantic_config__ = _SCHEMA
    id: str
    """The quiz's slug: its elements' ids start gcq-SLUG."""
    min: int
    """The lowest possible total, as a sum of points."""
    max: int
    """The highest possible total, as a sum of points."""
    divisor: int
    """What the total's sum is divided by to show the score: 1 for a sum, the total weight for a mean."""
    transform_factor: tuple[int, int] | None
    """The transformed total is the sum times the first number, divided by the second; null without one."""
    transform_label: str
    """What the transformed total is called ('' without one)."""
    transform_unit: str
    """Written after the transformed total, for example '%' ('' without one)."""
    questions: tuple[PayloadQuestion, ...]
    """Every question, in order."""
    bands: tuple[ResultBand, ...]
    """The total's bands; empty when subscales carry the result."""
    subscales: tuple[PayloadSubscale, ...]
    """The subscales, in order."""
    profiles: tuple[PayloadProfile, ...]
    """The profiles, in order: the first that fits is the result."""
    flags: tuple[AnswerRule | ScoreRule, ...]
    """The red flags (the first red_flag_count rules), then the flags, each in the order written."""
    red_flag_count: int
    """How many of the rules are red flags."""
    messages: dict[str, str]
    """The catalog strings the runtime formats (QUIZ_MESSAGES), in the page's language."""

    def as_json(self) -> dict[str, Any]:
        """The payload as JSON data."""
        return asdict(self)


# --------------------------------------------------------------------------- building it


def quiz_payload(quiz: Quiz, *, slug: str, page: QuizPage, messages: Messages) -> QuizPayload:
    """The payload of one quiz on one page (its links and rendered text are the page's)."""
    sums = possible_sums(quiz)
    total_div = divisor(quiz)
    factor = transform_factor(quiz)
    return QuizPayload(
        id=slug,
        min=min(sums),
        max=max(sums),
        divisor=total_div,
        transform_factor=(factor.numerator, factor.denominator * total_div) if quiz.transform else None,
        transform_label=quiz.transform.label if quiz.transform else "",
        transform_unit=quiz.transform.unit if quiz.transform else "",
        questions=tuple(_question(quiz, i) for i in range(len(quiz.questions))),
        bands=tuple(
            ResultBand(
                min=_sum_bound(b.min, total_div, True),
                max=_sum_bound(b.max, total_div, False),
                title=b.title,
                html=page.render_block(b.body),
                next_steps=page.steps(b.next_steps),
            )
            for b in quiz.bands
        ),
        subscales=tuple(_subscale(quiz, s) for s in quiz.subscales),
        profiles=tuple(
            PayloadProfile(
                when={k: tuple(profile_bands(quiz, k, v)) for k, v in p.when.items()},
                title=p.title,
                html=page.render_block(p.body),
                next_steps=page.steps(p.next_steps),
            )
            for p in quiz.profiles
        ),
        flags=(*(_red_flag(r, page) for r in quiz.red_flags), *(_flag(quiz, f, page) for f in quiz.flags)),
        red_flag_count=len(quiz.red_flags),
        messages=messages.subset(*QUIZ_MESSAGES),
    )


def _question(quiz: Quiz, index: int) -> PayloadQuestion:
    q = quiz.questions[index]
    lo, hi = item_range(quiz.scale_for(q))
    weight = q.weight if q.scored else 0
    return PayloadQuestion(id=q.id, min=lo, max=hi, reverse=q.reverse, weight=weight, subscale=q.subscale)


def _subscale(quiz: Quiz, sub: Subscale) -> PayloadSubscale:
    sums = possible_sums(quiz, sub.id)
    div = divisor(quiz, sub.id)
    bands = tuple(
        SumBand(min=_sum_bound(b.min, div, True), max=_sum_bound(b.max, div, False), title=b.title) for b in sub.bands
    )
    return PayloadSubscale(id=sub.id, title=sub.title, min=min(sums), max=max(sums), divisor=div, bands=bands)


def _red_flag(rule: RedFlag, page: QuizPage) -> AnswerRule:
    return AnswerRule(
        questions=(rule.question,),
        at_least=rule.at_least,
        at_most=None,
        thresholds={},
        how_many=1,
        including_one_of=(),
        crisis=True,
        html=page.render_block(rule.message),
    )


def _flag(quiz: Quiz, flag: Flag, page: QuizPage) -> AnswerRule | ScoreRule:
    """A flag as the runtime reads it: answer thresholds, or score bounds as whole-number sums."""
    c: Condition = flag.when
    crisis = flag.severity == "crisis"
    html = page.render_block(flag.message) if crisis else ""
    if c.question is not None or c.questions is not None:
        return AnswerRule(
            questions=(c.question,) if c.question is not None else tuple(c.questions or ()),
            at_least=_whole(c.at_least),
            at_most=_whole(c.at_most),
            thresholds=dict(c.thresholds),
            how_many=c.how_many,
            including_one_of=tuple(c.including_one_of),
            crisis=crisis,
            html=html,
        )
    subscale = None if c.total else c.subscale
    up = c.at_least is not None
    bound = _sum_bound(condition_bound(c), divisor(quiz, subscale), up)
    return ScoreRule(
        subscale=subscale, at_least=bound if up else None, at_most=None if up else bound, crisis=crisis, html=html
    )


def _whole(x: int | float | None) -> int | None:
    """An answer threshold: the model accepts only whole numbers for answers."""
    return None if x is None else int(x)


def _sum_bound(x: int | float, div: int, up: bool) -> int:
    """The whole-number sum of points that matches a score bound: score >= x (up) or score <= x."""
    scaled = exact(x) * div
    return math.ceil(scaled) if up else math.floor(scaled)


# --------------------------------------------------------------------------- the schema


def payload_schema() -> dict[str, Any]:
    """The payload's JSON Schema, from the dataclasses."""
    schema = TypeAdapter(QuizPayload).json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def render_payload_schema() -> str:
    """The schema as the file holds it: sorted keys, two-space indent, newline at the end."""
    return json.dumps(payload_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
