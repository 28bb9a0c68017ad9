"""The quiz build checks: what pydantic alone cannot check, each problem with its place in the file.

Every possible score is worked out exactly (see :mod:`generator.quiz.scoring`), so a quiz that
passes has bands that hold each score once, flags that can fire and profiles for every
combination of subscale bands.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from ..instruments import instrument_ids
from ..models import Band, Condition, Quiz, SubscaleBand
from .scoring import (
    Score,
    TooManyScores,
    band_index,
    condition_bound,
    exact,
    exact_text,
    in_band,
    possible_scores,
    profile_bands,
)

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]
"""A problem: where in the quiz file (field names and list indexes), and what is wrong."""

PROFILE_COMBINATIONS_MAX = 10_000
"""Combinations of subscale bands the profile check may go through one by one (only while profiles overlap)."""


def check_quiz(quiz: Quiz) -> list[Problem]:
    """Build-time checks that pydantic alone cannot make. Each problem is (location, message)."""
    ids = question_ids(quiz)
    problems = [
        *_check_instrument(quiz),
        *_check_questions(quiz, ids),
        *_check_scales(quiz),
        *_check_references(quiz, ids),
        *_check_structure(quiz),
    ]
    if problems:
        return problems
    problems = _check_subscales_used(quiz)
    if problems:
        return problems
    problems = _check_scores(quiz, ids)
    if not problems and quiz.profiles:
        problems += _check_profiles(quiz)
    return problems


def question_ids(quiz: Quiz) -> dict[str, int]:
    """Each question id and the index of the first question with it."""
    ids: dict[str, int] = {}
    for i, q in enumerate(quiz.questions):
        ids.setdefault(q.id, i)
    return ids


def _check_instrument(quiz: Quiz) -> list[Problem]:
    if quiz.instrument is None or quiz.instrument in instrument_ids():
        return []
    known = ", ".join(instrument_ids())
    return [(("instrument",), f"unknown instrument '{quiz.instrument}', expected one of: {known}")]


def _check_questions(quiz: Quiz, ids: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    for i, q in enumerate(quiz.questions):
        if ids[q.id] != i:
            problems.append(
                (("questions", i, "id"),
                 f"duplicate question id '{q.id}' (also question {ids[q.id] + 1}), expected unique ids")
            )
        if not q.scored and q.subscale is not None:
            problems.append(
                (("questions", i, "subscale"), "an unscored question adds to no score, expected no subscale")
            )
    if not any(q.scored for q in quiz.questions):
        problems.append((("questions",), "every question is unscored, expected at least one scored question"))
    return problems


def _check_scales(quiz: Quiz) -> list[Problem]:
    scales: list[tuple[Loc, Sequence[int]]] = [(("scale",), [p.value for p in quiz.scale])] if quiz.scale else []
    scales += [(("questions", i, "scale"), [p.value for p in q.scale]) for i, q in enumerate(quiz.questions) if q.scale]
    return [
        (loc, "two answers share a value, expected a different value for each answer")
        for loc, values in scales
        if len(set(values)) != len(values)
    ]


def _check_references(quiz: Quiz, ids: dict[str, int]) -> list[Problem]:
    """Subscales that questions name, and the questions and thresholds of red flags."""
    problems: list[Problem] = []
    sub_ids = {s.id for s in quiz.subscales}
    for i, q in enumerate(quiz.questions):
        if q.subscale is not None and q.subscale not in sub_ids:
            have = ", ".join(sorted(sub_ids)) or "none: add 'subscales'"
            problems.append((("questions", i, "subscale"), f"unknown subscale '{q.subscale}', expected one of: {have}"))
    for i, rule in enumerate(quiz.red_flags):
        if rule.question not in ids:
            problems.append(
                (("red_flags", i, "question"),
                 f"unknown question id '{rule.question}', expected one of: {', '.join(ids)}")
            )
            continue
        scale = quiz.scale_for(quiz.questions[ids[rule.question]])
        if not any(p.value >= rule.at_least for p in scale):
            problems.append(
                (("red_flags", i, "at_least"),
                 f"no answer has a value of {rule.at_least} or more, so this rule can never fire")
            )
    return problems


def _check_structure(quiz: Quiz) -> list[Problem]:
    """Which parts carry the result: bands, subscales, profiles and the transform must fit together."""
    problems: list[Problem] = []
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
    return problems


def _check_subscales_used(quiz: Quiz) -> list[Problem]:
    return [
        (("subscales", j, "id"), f"subscale '{sub.id}' has no questions, expected questions to name it")
        for j, sub in enumerate(quiz.subscales)
        if not any(q.subscale == sub.id and q.scored for q in quiz.questions)
    ]


def _check_scores(quiz: Quiz, ids: dict[str, int]) -> list[Problem]:
    """Bands against every possible score, and flags against the answers and scores they can meet.

    Too many possible scores to go through ends the checks, after the problems found so far.
    """
    problems: list[Problem] = []
    try:
        if quiz.bands:
            problems += _coverage(quiz.bands, possible_scores(quiz), ("bands",), "total")
        for j, sub in enumerate(quiz.subscales):
            scores = possible_scores(quiz, sub.id)
            problems += _coverage(sub.bands, scores, ("subscales", j, "bands"), f"subscale '{sub.id}'")
        for i, flag in enumerate(quiz.flags):
            here: Loc = ("flags", i, "when")
            if flag.when.question is not None or flag.when.questions is not None:
                problems += _check_answer_rule(quiz, flag.when, here, ids)
            else:
                problems += _check_score_rule(quiz, flag.when, here)
    except TooManyScores as exc:
        problems.append((("questions",), str(exc)))
    return problems


def _coverage(bands: Sequence[Band | SubscaleBand], scores: set[Score], where: Loc, what: str) -> list[Problem]:
    problems: list[Problem] = []
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


def _check_answer_rule(quiz: Quiz, c: Condition, here: Loc, ids: dict[str, int]) -> list[Problem]:
    """A flag on answers: the questions it names exist, once each, share a scale and can meet it."""
    names: list[tuple[Loc, str]] = [(("question",), c.question)] if c.question is not None else [
        (("questions", j), q) for j, q in enumerate(c.questions or [])
    ]
    known = ", ".join(ids)
    unknown = [
        (here + key, f"unknown question id '{qid}', expected one of: {known}") for key, qid in names if qid not in ids
    ]
    if unknown:
        return unknown
    problems: list[Problem] = []
    qids = [q for _, q in names]
    if len(set(qids)) != len(qids):
        problems.append((here + ("questions",), "a question is named twice, expected each question once"))
    for key, extra in (("including_one_of", c.including_one_of), ("thresholds", list(c.thresholds))):
        problems += [
            (here + (key,), f"'{q}' is not in this rule's questions, expected one of: {', '.join(qids)}")
            for q in extra
            if q not in qids
        ]
    if c.how_many > len(qids):
        problems.append(
            (here + ("how_many",), f"{c.how_many} is more than the {len(qids)} questions named, "
             "so this rule can never fire")
        )
    labels = {tuple(p.label for p in quiz.scale_for(quiz.questions[ids[q]])) for q in qids}
    if len(labels) > 1:
        problems.append(
            (here + ("questions",), "these questions have different answers, expected questions that share one scale")
        )
    up = c.at_least is not None
    for q in qids:
        values = [p.value for p in quiz.scale_for(quiz.questions[ids[q]])]
        limit = c.thresholds.get(q, condition_bound(c))
        if not any(v >= limit if up else v <= limit for v in values):
            problems.append(
                (here + ("at_least" if up else "at_most",),
                 f"question '{q}' has no answer with a value of {limit} {'or more' if up else 'or less'}, "
                 "so it can never count")
            )
    return problems


def _check_score_rule(quiz: Quiz, c: Condition, here: Loc) -> list[Problem]:
    """A flag on the total or a subscale: the subscale exists and some possible score meets the bound."""
    sub_ids = {s.id for s in quiz.subscales}
    if c.subscale is not None and c.subscale not in sub_ids:
        known = ", ".join(sorted(sub_ids)) or "none"
        return [(here + ("subscale",), f"unknown subscale '{c.subscale}', expected one of: {known}")]
    up = c.at_least is not None
    edge = exact(condition_bound(c))
    if any(s >= edge if up else s <= edge for s in possible_scores(quiz, c.subscale)):
        return []
    return [
        (here + ("at_least" if up else "at_most",),
         f"no possible score is {exact_text(edge)} {'or more' if up else 'or less'}, so this rule can never fire")
    ]


# --------------------------------------------------------------------------- profiles


def _check_profiles(quiz: Quiz) -> list[Problem]:
    """Profiles name real subscale bands and hold every reachable combination of bands exactly once."""
    problems = _check_profile_names(quiz)
    if problems:
        return problems
    reach = {s.id: sorted({band_index(s.bands, v) for v in possible_scores(quiz, s.id)}) for s in quiz.subscales}
    names = list(reach)
    # Each profile is a box: for every subscale, the bands it allows (all reachable ones when not named).
    boxes = [
        [sorted(set(profile_bands(quiz, n, p.when[n])) & set(reach[n])) if n in p.when else reach[n] for n in names]
        for p in quiz.profiles
    ]
    subs = {s.id: s for s in quiz.subscales}

    def words(combo: list[int]) -> str:
        return ", ".join(f"{n}: {subs[n].bands[b].title}" for n, b in zip(names, combo, strict=True))

    problems = _profile_overlaps(quiz, boxes, words)
    total = math.prod(len(reach[n]) for n in names)
    if problems and total > PROFILE_COMBINATIONS_MAX:
        problems.append(
            (("profiles",),
             f"this quiz has {total:,} combinations of subscale bands, more than the {PROFILE_COMBINATIONS_MAX:,} "
             "guidecraft can check while profiles overlap; make the profiles above hold separate combinations, "
             "or use fewer subscales or bands")
        )
        return problems
    missing = _uncovered(reach=[reach[n] for n in names], boxes=boxes, disjoint=not problems, limit=4)
    if missing:
        shown_ = "; ".join(words(c) for c in missing[:4]) + (" ..." if len(missing) > 4 else "")
        problems.append(
            (("profiles",), f"no profile for {shown_}, expected a profile for every combination of subscale bands")
        )
    return problems


def _check_profile_names(quiz: Quiz) -> list[Problem]:
    """Each subscale a profile names exists and has the bands it names."""
    problems: list[Problem] = []
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
    return problems


def _profile_overlaps(quiz: Quiz, boxes: list[list[list[int]]], words: Callable[[list[int]], str]) -> list[Problem]:
    """Two profiles hold a combination together when every subscale has a band both allow;
    each later profile is named once, with the first combination it shares."""
    problems: list[Problem] = []
    for j in range(len(boxes)):
        for i in range(j):
            shared = [sorted(set(a) & set(b)) for a, b in zip(boxes[i], boxes[j], strict=True)]
            if all(shared):
                problems.append(
                    (("profiles", j, "when"),
                     f"profile '{quiz.profiles[j].title}' also holds {words([b[0] for b in shared])}, which profile "
                     f"{i + 1} '{quiz.profiles[i].title}' holds, expected each combination in exactly one profile")
                )
                break
    return problems


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
