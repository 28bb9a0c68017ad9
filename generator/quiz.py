"""The quiz compiler: build-time checks, the reference scorer and the page payload.

The browser runtime (``assets/quiz.js``) must score exactly as :func:`score_answers`
does; ``tests/test_quiz_runtime.py`` runs both on thousands of random answer sets.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .models import Condition, Quiz, ScalePoint

Loc = tuple[str | int, ...]
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
    kind = quiz.score if subscale is None else next(s.score for s in quiz.subscales if s.id == subscale)
    if kind == "sum":
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
    return points if d == 1 and _kind(quiz, subscale) == "sum" else Fraction(points, d)


def _kind(quiz: Quiz, subscale: str | None) -> str:
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


def in_band(band: Any, score: Score) -> bool:
    return exact(band.min) <= score <= exact(band.max)


def _band_index(bands: list[Any], score: Score) -> int:
    for i, band in enumerate(bands):
        if in_band(band, score):
            return i
    raise ValueError(f"no band holds the score {score}")  # impossible after check_quiz


def _bound(c: Condition) -> int | float:
    return c.at_least if c.at_least is not None else c.at_most  # type: ignore[return-value]


def condition_fires(quiz: Quiz, c: Condition, answers: dict[str, int], scores: dict[str | None, Score]) -> bool:
    """Whether one flag condition holds for a complete set of answers."""
    up = c.at_least is not None
    if c.question is not None or c.questions is not None:
        ids = [c.question] if c.question is not None else list(c.questions or [])

        def meets(qid: str) -> bool:
            limit = c.thresholds.get(qid, _bound(c))
            return answers[qid] >= limit if up else answers[qid] <= limit

        met = [q for q in ids if meets(q)]
        return len(met) >= c.how_many and (not c.including_one_of or any(q in met for q in c.including_one_of))
    value = scores[None if c.total else c.subscale]
    return value >= exact(_bound(c)) if up else value <= exact(_bound(c))


def transform_factor(quiz: Quiz) -> Fraction:
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
    sub_bands = {s.id: _band_index(s.bands, scores[s.id]) for s in quiz.subscales}
    red = tuple(i for i, rule in enumerate(quiz.red_flags) if answers[rule.question] >= rule.at_least)
    flags = tuple(i for i, f in enumerate(quiz.flags) if condition_fires(quiz, f.when, answers, scores))
    profile = None
    for i, p in enumerate(quiz.profiles):
        if all(sub_bands[k] in _profile_bands(quiz, k, v) for k, v in p.when.items()):
            profile = i
            break
    view = {
        "total": shown(scores[None]) if quiz.bands else None,
        "transformed": shown(scores[None] * transform_factor(quiz)) if quiz.transform else None,
        "subscales": {s.id: shown(scores[s.id]) for s in quiz.subscales},
    }
    return QuizScore(
        total=total,
        band=_band_index(quiz.bands, scores[None]) if quiz.bands else None,
        subscales=sub_totals,
        subscale_bands=sub_bands,
        red_flags=red,
        flags=flags,
        profile=profile,
        shown=view,
        crisis=bool(red) or any(quiz.flags[i].severity == "crisis" for i in flags),
    )


def _profile_bands(quiz: Quiz, sub_id: str, titles: str | list[str]) -> list[int]:
    wanted = [titles] if isinstance(titles, str) else titles
    sub = next((s for s in quiz.subscales if s.id == sub_id), None)
    if sub is None:
        return []
    return [j for j, b in enumerate(sub.bands) if b.title in wanted]


def _coverage(bands: list[Any], scores: set[Score], where: Loc, what: str) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    lo, hi = min(scores), max(scores)
    ordered = sorted(range(len(bands)), key=lambda i: (exact(bands[i].min), exact(bands[i].max)))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if exact(bands[b].min) <= exact(bands[a].max):
            problems.append(
                (
                    where + (b, "min"),
                    f"band '{bands[b].title}' ({bands[b].min}-{bands[b].max}) overlaps band '{bands[a].title}' "
                    f"({bands[a].min}-{bands[a].max}), expected each score in exactly one band",
                )
            )
    uncovered = sorted(s for s in scores if not any(in_band(bd, s) for bd in bands))
    if uncovered:
        shown_ = ", ".join(exact_text(s) for s in uncovered[:8]) + (" ..." if len(uncovered) > 8 else "")
        problems.append(
            (
                where,
                f"{what} scores {shown_} fall in no band, "
                f"expected bands to cover every possible score from {exact_text(lo)} to {exact_text(hi)}",
            )
        )
    return problems


def _check_flags(quiz: Quiz, ids: dict[str, int], sub_ids: set[str]) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    known = ", ".join(ids)
    for i, flag in enumerate(quiz.flags):
        c, here = flag.when, ("flags", i, "when")
        if c.question is not None or c.questions is not None:
            names = [("question", c.question)] if c.question is not None else [
                (("questions", j), q) for j, q in enumerate(c.questions or [])
            ]
            bad = False
            for key, qid in names:
                if qid not in ids:
                    loc = here + ((key,) if isinstance(key, str) else key)
                    problems.append((loc, f"unknown question id '{qid}', expected one of: {known}"))
                    bad = True
            if bad:
                continue
            qids = [q for _, q in names]
            if len(set(qids)) != len(qids):
                problems.append((here + ("questions",), "a question is named twice, expected each question once"))
            for key, extra in (("including_one_of", c.including_one_of), ("thresholds", list(c.thresholds))):
                for q in extra:
                    if q not in qids:
                        problems.append(
                            (here + (key,),
                             f"'{q}' is not in this rule's questions, expected one of: {', '.join(qids)}")
                        )
            if c.how_many > len(qids):
                problems.append(
                    (here + ("how_many",), f"{c.how_many} is more than the {len(qids)} questions named, "
                     "so this rule can never fire")
                )
            labels = {tuple(p.label for p in quiz.scale_for(quiz.questions[ids[q]])) for q in qids}
            if len(labels) > 1:
                problems.append(
                    (here + ("questions",), "these questions have different answers, "
                     "expected questions that share one scale")
                )
            for q in qids:
                values = [p.value for p in quiz.scale_for(quiz.questions[ids[q]])]
                limit = c.thresholds.get(q, _bound(c))
                up = c.at_least is not None
                if not any(v >= limit if up else v <= limit for v in values):
                    word = "or more" if up else "or less"
                    problems.append(
                        (here + ("at_least" if up else "at_most",),
                         f"question '{q}' has no answer with a value of {limit} {word}, so it can never count")
                    )
            continue
        if c.subscale is not None and c.subscale not in sub_ids:
            problems.append(
                (here + ("subscale",),
                 f"unknown subscale '{c.subscale}', expected one of: {', '.join(sorted(sub_ids)) or 'none'}")
            )
            continue
        scores = possible_scores(quiz, c.subscale)
        up = c.at_least is not None
        edge = exact(_bound(c))
        if not any(s >= edge if up else s <= edge for s in scores):
            problems.append(
                (here + ("at_least" if up else "at_most",),
                 f"no possible score is {exact_text(edge)} {'or more' if up else 'or less'}, "
                 "so this rule can never fire")
            )
    return problems


def _check_profiles(quiz: Quiz) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    subs = {s.id: s for s in quiz.subscales}
    for i, p in enumerate(quiz.profiles):
        for sub_id, titles in p.when.items():
            loc: Loc = ("profiles", i, "when", sub_id)
            if sub_id not in subs:
                problems.append((loc, f"unknown subscale '{sub_id}', expected one of: {', '.join(subs) or 'none'}"))
                continue
            have = [b.title for b in subs[sub_id].bands]
            for t in [titles] if isinstance(titles, str) else titles:
                if t not in have:
                    problems.append((loc, f"subscale '{sub_id}' has no band '{t}', expected one of: {', '.join(have)}"))
    if problems:
        return problems
    reach = {
        s.id: sorted({_band_index(s.bands, v) for v in possible_scores(quiz, s.id)}) for s in quiz.subscales
    }
    names = list(reach)
    # Each profile is a box: for every subscale, the bands it allows (all reachable ones when not named).
    boxes = [
        [sorted(set(_profile_bands(quiz, n, p.when[n])) & set(reach[n])) if n in p.when else reach[n] for n in names]
        for p in quiz.profiles
    ]

    def words(combo: list[int]) -> str:
        return ", ".join(f"{n}: {subs[n].bands[b].title}" for n, b in zip(names, combo, strict=True))

    # Two profiles hold a combination together when every subscale has a band both allow;
    # each later profile is named once, with the first combination it shares.
    overlapping = False
    for j in range(len(boxes)):
        for i in range(j):
            shared = [sorted(set(a) & set(b)) for a, b in zip(boxes[i], boxes[j], strict=True)]
            if all(shared):
                overlapping = True
                problems.append(
                    (("profiles", j, "when"),
                     f"profile '{quiz.profiles[j].title}' also holds {words([b[0] for b in shared])}, which profile "
                     f"{i + 1} '{quiz.profiles[i].title}' holds, expected each combination in exactly one profile")
                )
                break
    total = math.prod(len(reach[n]) for n in names)
    if overlapping and total > PROFILE_COMBINATIONS_MAX:
        problems.append(
            (("profiles",),
             f"this quiz has {total:,} combinations of subscale bands, more than the {PROFILE_COMBINATIONS_MAX:,} "
             "guidecraft can check while profiles overlap; make the profiles above hold separate combinations, "
             "or use fewer subscales or bands")
        )
        return problems
    missing = _uncovered(reach=[reach[n] for n in names], boxes=boxes, disjoint=not overlapping, limit=4)
    if missing:
        shown_ = "; ".join(words(c) for c in missing[:4]) + (" ..." if len(missing) > 4 else "")
        problems.append(
            (("profiles",), f"no profile for {shown_}, expected a profile for every combination of subscale bands")
        )
    return problems


PROFILE_COMBINATIONS_MAX = 10_000
"""Combinations of subscale bands the profile check may go through one by one (only while profiles overlap)."""


def _uncovered(reach: list[list[int]], boxes: list[list[list[int]]], disjoint: bool, limit: int) -> list[list[int]]:
    """The first combinations of bands (in order) that no box holds: ``limit`` of them, and one more
    when there are more. With disjoint boxes the combinations are counted, never listed: a part of
    the space is searched only when some of it is uncovered, so the work grows with the number of
    subscales, bands and profiles, not with their product."""
    if not disjoint:  # small (checked by the caller): go through every combination
        out: list[list[int]] = []
        for combo in itertools.product(*reach):
            if not any(all(b in box[k] for k, b in enumerate(combo)) for box in boxes):
                out.append(list(combo))
                if len(out) > limit:
                    break
        return out
    sets = [[set(allowed) for allowed in box] for box in boxes]

    def uncovered_count(prefix: list[int]) -> int:
        d = len(prefix)
        held = sum(
            math.prod(len(box[k]) for k in range(d, len(reach)))
            for box in sets
            if all(b in box[k] for k, b in enumerate(prefix))
        )
        return math.prod(len(r) for r in reach[d:]) - held

    found: list[list[int]] = []

    def search(prefix: list[int]) -> None:
        if len(prefix) == len(reach):
            found.append(prefix)
            return
        for band in reach[len(prefix)]:
            if len(found) > limit:
                return
            if uncovered_count([*prefix, band]):
                search([*prefix, band])

    if uncovered_count([]):
        search([])
    return found


def check_quiz(quiz: Quiz) -> list[tuple[Loc, str]]:
    """Build-time checks that pydantic alone cannot make. Each problem is (location, message)."""
    from .instruments import instrument_ids

    problems: list[tuple[Loc, str]] = []
    if quiz.instrument is not None and quiz.instrument not in instrument_ids():
        problems.append(
            (("instrument",), f"unknown instrument '{quiz.instrument}', expected one of: {', '.join(instrument_ids())}")
        )
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
        if not q.scored and q.subscale is not None:
            problems.append(
                (("questions", i, "subscale"), "an unscored question adds to no score, expected no subscale")
            )
    if not any(q.scored for q in quiz.questions):
        problems.append((("questions",), "every question is unscored, expected at least one scored question"))
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
    if not quiz.bands and not quiz.subscales:
        problems.append((("bands",), "no bands and no subscales, expected bands for the total, "
                         "or subscales that carry the result"))
    if quiz.bands and quiz.profiles:
        problems.append((("profiles",), "both bands and profiles, expected bands for the total "
                         "or profiles, not both"))
    if quiz.profiles and not quiz.subscales:
        problems.append((("profiles",), "profiles need subscales, expected subscales whose bands they name"))
    if quiz.transform is not None and not quiz.bands:
        problems.append((("transform",), "no total is shown without bands, expected bands for the total"))
    if problems:
        return problems
    for j, sub in enumerate(quiz.subscales):
        if not any(q.subscale == sub.id and q.scored for q in quiz.questions):
            problems.append(
                (("subscales", j, "id"), f"subscale '{sub.id}' has no questions, expected questions to name it")
            )
    if problems:
        return problems
    try:
        if quiz.bands:
            problems += _coverage(quiz.bands, possible_scores(quiz), ("bands",), "total")
        for j, sub in enumerate(quiz.subscales):
            scores = possible_scores(quiz, sub.id)
            problems += _coverage(sub.bands, scores, ("subscales", j, "bands"), f"subscale '{sub.id}'")
        problems += _check_flags(quiz, ids, sub_ids)
    except TooManyScores as exc:
        return [*problems, (("questions",), str(exc))]
    if not problems and quiz.profiles:
        problems += _check_profiles(quiz)
    return problems


# --------------------------------------------------------------------------- the page payload

QUIZ_MESSAGES = (
    "quiz_answered",
    "quiz_your_score",
    "quiz_subscale_score",
    "quiz_transformed",
    "quiz_crisis_title",
    "quiz_crisis_body",
)
"""The catalog strings the runtime formats itself; every other string is in the page already."""


def _key_tables(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points table of the paper key: one table per distinct set of answers, in question order.

    Points are already reversed and weighted, so the key never also asks the reader to reverse.
    Unscored questions are left out.
    """
    tables: dict[tuple[str, ...], dict[str, Any]] = {}
    for q in questions:
        if not q["scored"]:
            continue
        labels = tuple(p["label"] for p in q["scale"])
        table = tables.setdefault(labels, {"labels": list(labels), "rows": []})
        table["rows"].append({"number": q["index"] + 1, "points": [p["scored"] for p in q["scale"]]})
    return list(tables.values())


def _sum_bound(x: int | float, div: int, up: bool) -> int:
    """The whole-number sum of points that matches a score bound: score >= x (up) or score <= x."""
    scaled = exact(x) * div
    return math.ceil(scaled) if up else math.floor(scaled)


def _join(items: list[str], word: str) -> str:
    return ", ".join(items[:-1]) + (f" {word} " if len(items) > 1 else "") + items[-1]


def _flag_payload(quiz: Quiz, c: Condition, div: dict[str | None, int]) -> dict[str, Any]:
    """A condition as the runtime reads it: answer thresholds, or score bounds as whole-number sums."""
    up = c.at_least is not None
    if c.question is not None or c.questions is not None:
        return {
            "q": [c.question] if c.question is not None else list(c.questions or []),
            "lo": c.at_least, "hi": c.at_most, "t": dict(c.thresholds),
            "n": c.how_many, "one": list(c.including_one_of),
        }
    key = None if c.total else c.subscale
    bound = _sum_bound(_bound(c), div[key], up)
    return {"s": key, "lo": bound if up else None, "hi": None if up else bound}


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
    t = messages
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
                "weight": q.weight if q.scored else 0,
                "scored": q.scored,
                "subscale": q.subscale,
                "min": lo,
                "max": hi,
                "scale": [{"label": p.label, "value": p.value, "scored": item_score(quiz, i, p.value)} for p in scale],
                "own_scale": q.scale is not None,
            }
        )
    number = {q["id"]: q["index"] + 1 for q in questions}
    sums = possible_sums(quiz)
    div: dict[str | None, int] = {None: divisor(quiz)}
    div.update({s.id: divisor(quiz, s.id) for s in quiz.subscales})

    def next_steps(band: Any) -> list[dict[str, str]]:
        out = []
        for ns in band.next_steps:
            kind = "topic" if ns.topic else "worksheet" if ns.worksheet else "quiz"
            target = getattr(ns, kind)
            text = ns.text or (title(kind, target) if title else target)
            out.append({"kind": kind, "slug": target, "text": text, "url": url(kind, target, ns.section or "")})
        return out

    def sum_bands(bands: list[Any], d: int) -> list[dict[str, Any]]:
        return [{"min": _sum_bound(b.min, d, True), "max": _sum_bound(b.max, d, False), "title": b.title}
                for b in bands]

    bands = [
        {**sb, "html": render_block(b.body), "next_steps": next_steps(b), "range": (b.min, b.max)}
        for sb, b in zip(sum_bands(quiz.bands, div[None]), quiz.bands, strict=True)
    ]
    subscales = []
    for s in quiz.subscales:
        ssums = possible_sums(quiz, s.id)
        subscales.append(
            {
                "id": s.id,
                "title": s.title,
                "min": min(ssums),
                "max": max(ssums),
                "div": div[s.id],
                "bands": sum_bands(s.bands, div[s.id]),
                "ranges": [(b.min, b.max, b.title) for b in s.bands],
                "numbers": [q["index"] + 1 for q in questions if q["subscale"] == s.id],
                "mean": s.score == "mean",
                "lo": shown(as_score(quiz, min(ssums), s.id)),
                "hi": shown(as_score(quiz, max(ssums), s.id)),
            }
        )
    sub_index = {s.id: j for j, s in enumerate(quiz.subscales)}
    profiles = [
        {
            "when": {k: _profile_bands(quiz, k, v) for k, v in p.when.items()},
            "title": p.title, "html": render_block(p.body), "next_steps": next_steps(p),
        }
        for p in quiz.profiles
    ]

    def answers_text(c_ids: list[str], limit: int | float, up: bool) -> str:
        scale = quiz.scale_for(quiz.questions[number[c_ids[0]] - 1])
        return _join([p.label for p in scale if (p.value >= limit if up else p.value <= limit)], t.quiz_or)

    def describe(c: Condition) -> str:
        up = c.at_least is not None
        if c.question is not None:
            return t("quiz_key_red_flag_item", n=number[c.question], answers=answers_text([c.question], _bound(c), up))
        if c.questions is not None:
            nums = [str(number[q]) for q in c.questions]
            out = t("quiz_key_flag_count", count=c.how_many, numbers=", ".join(nums),
                    answers=answers_text(c.questions, _bound(c), up))
            for q, limit in c.thresholds.items():
                out += "; " + t("quiz_key_flag_own", n=number[q], answers=answers_text([q], limit, up))
            if c.including_one_of:
                out += "; " + t("quiz_key_flag_including",
                                numbers=_join([str(number[q]) for q in c.including_one_of], t.quiz_or))
            return out
        name = t.quiz_key_total_title if c.total else quiz.subscales[sub_index[c.subscale or ""]].title
        return t("quiz_key_flag_at_least" if up else "quiz_key_flag_at_most", title=name, value=_bound(c))

    crisis_keys = []
    for r in quiz.red_flags:  # in rule order: the payload's red flag indexes are score_answers' indexes
        scale = quiz.scale_for(quiz.questions[number[r.question] - 1])
        crisis_keys.append(
            {
                "number": number[r.question],
                "text": t("quiz_key_red_flag_item", n=number[r.question],
                          answers=_join([p.label for p in scale if p.value >= r.at_least], t.quiz_or)),
            }
        )
    crisis_keys.sort(key=lambda r: r["number"])
    advice = []
    for i, f in enumerate(quiz.flags):
        if f.severity == "crisis":
            crisis_keys.append({"number": 0, "text": describe(f.when)})
        else:
            advice.append({"index": i, "title": f.title, "html": render_block(f.message),
                           "next_steps": next_steps(f), "key": describe(f.when)})
    flags_payload = [
        {"q": [r.question], "lo": r.at_least, "hi": None, "t": {}, "n": 1, "one": [], "c": 1,
         "html": render_block(r.message)}
        for r in quiz.red_flags
    ] + [
        {**_flag_payload(quiz, f.when, div), "c": int(f.severity == "crisis"),
         "html": render_block(f.message) if f.severity == "crisis" else ""}
        for f in quiz.flags
    ]
    factor = transform_factor(quiz)
    transform = None
    if quiz.transform is not None:
        lo_t, hi_t = sorted((as_score(quiz, min(sums)) * factor, as_score(quiz, max(sums)) * factor))
        transform = {"label": quiz.transform.label, "unit": quiz.transform.unit,
                     "factor": shown(factor), "min": shown(lo_t), "max": shown(hi_t)}
    payload = {
        "id": slug,
        "min": min(sums),
        "max": max(sums),
        "div": div[None],
        "tf": [factor.numerator, factor.denominator * div[None]] if quiz.transform else None,
        "unit": quiz.transform.unit if quiz.transform else "",
        "tl": quiz.transform.label if quiz.transform else "",
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
        "bands": [{k: v for k, v in b.items() if k != "range"} for b in bands],
        "subscales": [{k: s[k] for k in ("id", "title", "min", "max", "div", "bands")} for s in subscales],
        "profiles": profiles,
        "flags": flags_payload,
        "nr": len(quiz.red_flags),
        "messages": messages.subset(*QUIZ_MESSAGES),
    }
    total_mean = quiz.score == "mean"
    return {
        "slug": slug,
        "ids": f"gcq-{slug}",
        "title": quiz.title,
        "quiz": quiz,
        "questions": questions,
        "key_tables": _key_tables(questions),
        "reversed": [q["index"] + 1 for q in questions if q["reverse"] and q["scored"]],
        "unscored": [q["index"] + 1 for q in questions if not q["scored"]],
        "bands": bands,
        "subscales": subscales,
        "profiles": profiles,
        "red_flags": crisis_keys,
        "advice": advice,
        "transform": transform,
        "total_div": div[None] if total_mean else None,
        "min_total": shown(as_score(quiz, min(sums))),
        "max_total": shown(as_score(quiz, max(sums))),
        "min_sum": min(sums),
        "max_sum": max(sums),
        "citation": quiz.citation or "",
        "licence_html": render_block(quiz.licence) if quiz.licence else "",
        "sources": [{"title": x.title, "url": x.url, "publisher": x.publisher} for x in quiz.sources],
        "intro_html": render_block(quiz.intro),
        "instructions_html": render_block(quiz.instructions),
        "disclaimer_html": render_block(quiz.disclaimer or site.quiz_disclaimer),
        "not_for_others_html": render_block(quiz.not_for_others or messages.quiz_not_for_others),
        "payload": payload,
        "heading_level": heading_level,
    }
