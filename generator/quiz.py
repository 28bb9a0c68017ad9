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
    for a, b in zip(ordered, ordered[1:], strict=False):
        if bands[b].min <= bands[a].max:
            problems.append(
                (
                    where + (b, "min"),
                    f"band '{bands[b].title}' ({bands[b].min}-{bands[b].max}) overlaps band '{bands[a].title}' "
                    f"({bands[a].min}-{bands[a].max}), expected each score in exactly one band",
                )
            )
    uncovered = sorted(s for s in scores if not any(bd.min <= s <= bd.max for bd in bands))
    if uncovered:
        shown = ", ".join(str(s) for s in uncovered[:8]) + (" ..." if len(uncovered) > 8 else "")
        problems.append(
            (
                where,
                f"{what} scores {shown} fall in no band, "
                f"expected bands to cover every possible score from {lo} to {hi}",
            )
        )
    return problems


def check_quiz(quiz: Quiz) -> list[tuple[Loc, str]]:
    """Build-time checks that pydantic alone cannot make. Each problem is (location, message)."""
    problems: list[tuple[Loc, str]] = []
    ids: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        if q.id in ids:
            problems.append(
                (
                    ("questions", i, "id"),
                    f"duplicate question id '{q.id}' (also question {ids[q.id] + 1}), expected unique ids",
                )
            )
        ids.setdefault(q.id, i)
    scales: list[Loc] = [("scale",)] if quiz.scale else []
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
            problems.append(
                (
                    ("red_flags", i, "question"),
                    f"unknown question id '{rule.question}', expected one of: {', '.join(ids)}",
                )
            )
            continue
        scale = quiz.scale_for(quiz.questions[ids[rule.question]])
        if not any(p.value >= rule.at_least for p in scale):
            problems.append(
                (
                    ("red_flags", i, "at_least"),
                    f"no answer has a value of {rule.at_least} or more, so this rule can never fire",
                )
            )
    if problems:
        return problems
    problems += _coverage(quiz.bands, possible_scores(quiz), ("bands",), "total")
    for j, sub in enumerate(quiz.subscales):
        scores = possible_scores(quiz, sub.id)
        if scores == {0} and not any(q.subscale == sub.id for q in quiz.questions):
            problems.append(
                (("subscales", j, "id"), f"subscale '{sub.id}' has no questions, expected questions to name it")
            )
            continue
        problems += _coverage(sub.bands, scores, ("subscales", j, "bands"), f"subscale '{sub.id}'")
    return problems


# --------------------------------------------------------------------------- the page payload

QUIZ_MESSAGES = ("quiz_answered", "quiz_your_score", "quiz_subscale_score")
"""The catalog strings the runtime formats itself; every other string is in the page already."""


def _key_tables(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points table of the paper key: one table per distinct set of answers, in question order."""
    tables: dict[tuple[str, ...], dict[str, Any]] = {}
    for q in questions:
        labels = tuple(p["label"] for p in q["scale"])
        table = tables.setdefault(labels, {"labels": list(labels), "rows": []})
        table["rows"].append({"number": q["index"] + 1, "points": [p["scored"] for p in q["scale"]]})
    return list(tables.values())


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
    title: Any = None,
) -> dict[str, Any]:
    """What ``quiz_form.html.j2`` renders: questions, the paper scoring key and the JSON payload.

    ``heading_level`` is the level of the quiz's title heading; 1 means the page's own
    ``h1`` is the title, so the form adds none. ``title(kind, slug)`` names the pages
    that next steps link to when a step has no text of its own.

    Markdown is rendered here, at build time, so the runtime only inserts trusted HTML
    that the build produced; it never parses content.
    """
    questions: list[dict[str, Any]] = []
    for i, q in enumerate(quiz.questions):
        scale = quiz.scale_for(q)
        lo, hi = item_range(scale)
        questions.append(
            {
                "index": i,
                "id": q.id,
                "text": q.text,
                "reverse": q.reverse,
                "weight": q.weight,
                "subscale": q.subscale,
                "min": lo,
                "max": hi,
                "scale": [{"label": p.label, "value": p.value, "scored": item_score(quiz, i, p.value)} for p in scale],
                "own_scale": q.scale is not None,
            }
        )
    number = {q["id"]: q["index"] + 1 for q in questions}
    totals = possible_scores(quiz)

    def next_steps(band: Any) -> list[dict[str, str]]:
        out = []
        for ns in band.next_steps:
            kind = "topic" if ns.topic else "worksheet" if ns.worksheet else "quiz"
            target = getattr(ns, kind)
            text = ns.text or (title(kind, target) if title else target)
            out.append({"kind": kind, "slug": target, "text": text, "url": url(kind, target, ns.section or "")})
        return out

    bands = [
        {"min": b.min, "max": b.max, "title": b.title, "html": render_block(b.body), "next_steps": next_steps(b)}
        for b in quiz.bands
    ]
    subscales = []
    for s in quiz.subscales:
        scores = possible_scores(quiz, s.id)
        subscales.append(
            {
                "id": s.id,
                "title": s.title,
                "min": min(scores),
                "max": max(scores),
                "bands": [{"min": b.min, "max": b.max, "title": b.title} for b in s.bands],
                "numbers": [q["index"] + 1 for q in questions if q["subscale"] == s.id],
            }
        )
    red_flags = []
    for r in quiz.red_flags:  # in rule order: the payload's red flag indexes are score_answers' indexes
        scale = quiz.scale_for(quiz.questions[number[r.question] - 1])
        red_flags.append(
            {
                "question": r.question,
                "at_least": r.at_least,
                "html": render_block(r.message),
                "number": number[r.question],
                "answers": [p.label for p in scale if p.value >= r.at_least],
            }
        )
    payload = {
        "id": slug,
        "min": min(totals),
        "max": max(totals),
        "questions": [
            {
                "id": q["id"],
                "min": q["min"],
                "max": q["max"],
                "reverse": q["reverse"],
                "weight": q["weight"],
                "subscale": q["subscale"],
            }
            for q in questions
        ],
        "bands": bands,
        "subscales": [{k: v for k, v in s.items() if k != "numbers"} for s in subscales],
        "red_flags": [{"question": r["question"], "at_least": r["at_least"], "html": r["html"]} for r in red_flags],
        "messages": messages.subset(*QUIZ_MESSAGES),
    }
    return {
        "slug": slug,
        "ids": f"gcq-{slug}",
        "title": quiz.title,
        "quiz": quiz,
        "questions": questions,
        "key_tables": _key_tables(questions),
        "reversed": [q["index"] + 1 for q in questions if q["reverse"]],
        "bands": bands,
        "subscales": subscales,
        "red_flags": sorted(red_flags, key=lambda r: r["number"]),
        "min_total": min(totals),
        "max_total": max(totals),
        "intro_html": render_block(quiz.intro),
        "instructions_html": render_block(quiz.instructions),
        "disclaimer_html": render_block(quiz.disclaimer or site.quiz_disclaimer),
        "not_for_others_html": render_block(quiz.not_for_others or messages.quiz_not_for_others),
        "payload": payload,
        "heading_level": heading_level,
    }
