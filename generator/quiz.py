"""The quiz compiler: build-time checks, the reference scorer and the page payload.

The browser runtime (``assets/quiz.js``) must score exactly as :func:`score_answers`
does; ``tests/test_quiz_runtime.py`` runs both on thousands of random answer sets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Quiz, ScalePoint

Loc = tuple[str | int, ...]


def item_range(scale: list[ScalePoint]) -> tuple[int, int]:
    values = [p.value for p in scale]
    return min(values), max(values)


def item_score(quiz: Quiz, index: int, value: int) -> int:
    """The weighted score of one answer: reverse items count from the other end of their scale."""
    question = quiz.questions[index]
    lo, hi = item_range(quiz.scale_for(question))
    scored = lo + hi - value if question.reverse else value
    return scored * question.weight


def possible_scores(quiz: Quiz, subscale: str | None = None) -> set[int]:
    """Every total the quiz (or one subscale) can produce, by dynamic programming over the items."""
    totals = {0}
    for i, q in enumerate(quiz.questions):
        if subscale is not None and q.subscale != subscale:
            continue
        item = {item_score(quiz, i, p.value) for p in quiz.scale_for(q)}
        totals = {t + s for t in totals for s in item}
    return totals


@dataclass(frozen=True)
class QuizScore:
    """What the reader sees: the band for the total, each subscale's band and any red flags."""

    total: int
    band: int
    subscales: dict[str, int] = field(default_factory=dict)
    subscale_bands: dict[str, int] = field(default_factory=dict)
    red_flags: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "band": self.band,
            "subscales": dict(self.subscales),
            "subscale_bands": dict(self.subscale_bands),
            "red_flags": list(self.red_flags),
        }


def _band_index(bands: list[Any], total: int) -> int:
    for i, band in enumerate(bands):
        if band.min <= total <= band.max:
            return i
    raise ValueError(f"no band holds the score {total}")  # impossible after check_quiz


def score_answers(quiz: Quiz, answers: dict[str, int]) -> QuizScore:
    """Score a complete set of answers (question id -> the chosen answer's value)."""
    total = 0
    sub_totals = {s.id: 0 for s in quiz.subscales}
    for i, q in enumerate(quiz.questions):
        s = item_score(quiz, i, answers[q.id])
        total += s
        if q.subscale is not None:
            sub_totals[q.subscale] += s
    flags = tuple(i for i, rule in enumerate(quiz.red_flags) if answers[rule.question] >= rule.at_least)
    return QuizScore(
        total=total,
        band=_band_index(quiz.bands, total),
        subscales=sub_totals,
        subscale_bands={s.id: _band_index(s.bands, sub_totals[s.id]) for s in quiz.subscales},
        red_flags=flags,
    )


def _coverage(bands: list[Any], scores: set[int], where: Loc, what: str) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    lo, hi = min(scores), max(scores)
    ordered = sorted(range(len(bands)), key=lambda i: (bands[i].min, bands[i].max))
    for a, b in zip(ordered, ordered[1:]):
        if bands[b].min <= bands[a].max:
            problems.append((
                where + (b, "min"),
                f"band '{bands[b].title}' ({bands[b].min}-{bands[b].max}) overlaps band '{bands[a].title}' "
                f"({bands[a].min}-{bands[a].max}), expected each score in exactly one band",
            ))
    uncovered = sorted(s for s in scores if not any(bd.min <= s <= bd.max for bd in bands))
    if uncovered:
        shown = ", ".join(str(s) for s in uncovered[:8]) + (" ..." if len(uncovered) > 8 else "")
        problems.append((
            where,
            f"{what} scores {shown} fall in no band, expected bands to cover every possible score from {lo} to {hi}",
        ))
    return problems


def check_quiz(quiz: Quiz) -> list[tuple[Loc, str]]:
    """Build-time checks that pydantic alone cannot make. Each problem is (location, message)."""
    problems: list[tuple[Loc, str]] = []
    ids: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        if q.id in ids:
            problems.append((("questions", i, "id"), f"duplicate question id '{q.id}' (also question {ids[q.id] + 1}), expected unique ids"))
        ids.setdefault(q.id, i)
    scales = [("scale",)] if quiz.scale else []
    scales += [("questions", i, "scale") for i, q in enumerate(quiz.questions) if q.scale]
    for loc in scales:
        scale = quiz.scale if loc == ("scale",) else quiz.questions[int(loc[1])].scale
        assert scale is not None
        values = [p.value for p in scale]
        if len(set(values)) != len(values):
            problems.append((loc, "two answers share a value, expected a different value for each answer"))
    sub_ids = {s.id for s in quiz.subscales}
    for i, q in enumerate(quiz.questions):
        if q.subscale is not None and q.subscale not in sub_ids:
            have = ", ".join(sorted(sub_ids)) or "none: add 'subscales'"
            problems.append((("questions", i, "subscale"), f"unknown subscale '{q.subscale}', expected one of: {have}"))
    for i, rule in enumerate(quiz.red_flags):
        if rule.question not in ids:
            problems.append((("red_flags", i, "question"), f"unknown question id '{rule.question}', expected one of: {', '.join(ids)}"))
            continue
        scale = quiz.scale_for(quiz.questions[ids[rule.question]])
        if not any(p.value >= rule.at_least for p in scale):
            problems.append((("red_flags", i, "at_least"), f"no answer has a value of {rule.at_least} or more, so this rule can never fire"))
    if problems:
        return problems
    problems += _coverage(quiz.bands, possible_scores(quiz), ("bands",), "total")
    for j, sub in enumerate(quiz.subscales):
        scores = possible_scores(quiz, sub.id)
        if scores == {0} and not any(q.subscale == sub.id for q in quiz.questions):
            problems.append((("subscales", j, "id"), f"subscale '{sub.id}' has no questions, expected questions to name it"))
            continue
        problems += _coverage(sub.bands, scores, ("subscales", j, "bands"), f"subscale '{sub.id}'")
    return problems


# --------------------------------------------------------------------------- the page payload

QUIZ_MESSAGES = (
    "quiz_answered", "quiz_unanswered", "quiz_fix_errors", "quiz_result_heading", "quiz_your_score",
    "quiz_subscales_heading", "quiz_next_steps", "quiz_urgent_heading", "quiz_print", "quiz_restart",
)


def quiz_view(
    quiz: Quiz,
    *,
    slug: str,
    site: Any,
    messages: Any,
    url: Any,
    render_block: Any,
    render_inline: Any,
    heading_level: int = 2,
) -> dict[str, Any]:
    """What ``quiz_form.html.j2`` renders: questions, the scoring key and the JSON payload.

    Markdown is rendered here, at build time, so the runtime only inserts trusted HTML
    that the build produced; it never parses content.
    """
    questions = []
    for i, q in enumerate(quiz.questions):
        scale = quiz.scale_for(q)
        lo, hi = item_range(scale)
        questions.append({
            "index": i,
            "id": q.id,
            "text": q.text,
            "reverse": q.reverse,
            "weight": q.weight,
            "subscale": q.subscale,
            "scale": [{"label": p.label, "value": p.value, "scored": (lo + hi - p.value if q.reverse else p.value) * q.weight} for p in scale],
            "own_scale": q.scale is not None,
        })
    totals = possible_scores(quiz)

    def next_steps(band: Any) -> list[dict[str, str]]:
        out = []
        for ns in band.next_steps:
            kind = "topic" if ns.topic else "worksheet" if ns.worksheet else "quiz"
            target = getattr(ns, kind)
            out.append({"kind": kind, "slug": target, "text": ns.text or "", "url": url(kind, target, ns.section or "")})
        return out

    bands = [
        {"min": b.min, "max": b.max, "title": b.title, "html": render_block(b.body), "next_steps": next_steps(b)}
        for b in quiz.bands
    ]
    subscales = []
    for s in quiz.subscales:
        scores = possible_scores(quiz, s.id)
        subscales.append({
            "id": s.id, "title": s.title, "min": min(scores), "max": max(scores),
            "bands": [{"min": b.min, "max": b.max, "title": b.title} for b in s.bands],
        })
    red_flags = [
        {"question": r.question, "at_least": r.at_least, "html": render_block(r.message)} for r in quiz.red_flags
    ]
    payload = {
        "id": slug,
        "questions": [
            {"id": q["id"], "min": min(p["value"] for p in q["scale"]), "max": max(p["value"] for p in q["scale"]),
             "reverse": q["reverse"], "weight": q["weight"], "subscale": q["subscale"]}
            for q in questions
        ],
        "bands": bands,
        "subscales": subscales,
        "red_flags": red_flags,
        "messages": messages.subset(*QUIZ_MESSAGES),
    }
    return {
        "slug": slug,
        "quiz": quiz,
        "questions": questions,
        "shared_scale": quiz.scale,
        "bands": bands,
        "subscales": subscales,
        "red_flags": red_flags,
        "min_total": min(totals),
        "max_total": max(totals),
        "intro_html": render_block(quiz.intro),
        "instructions_html": render_block(quiz.instructions),
        "disclaimer_html": render_block(quiz.disclaimer or site.quiz_disclaimer),
        "not_for_others_html": render_block(quiz.not_for_others or messages.quiz_not_for_others),
        "payload": payload,
        "heading_level": heading_level,
    }
