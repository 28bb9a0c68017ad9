"""The browser runtime scores exactly as the Python reference scorer does.

quiz.js's pure scoring function runs under Node 20 on thousands of answer sets for every
shipped quiz (content/quizzes/*.yaml) and every fixture quiz, plus edge cases: all lowest,
all highest, each red-flag threshold exactly and one step below it. The payload it reads
is the one in the rendered page, so the JSON the page carries is tested too, and every
payload handed to Node is first checked against the shipped quiz-payload.schema.json.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import random
import re
import shutil
import subprocess
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.documents import Content
from generator.i18n import Messages
from generator.instruments import instrument_data, instrument_ids
from generator.loading import load_content
from generator.models import Quiz
from generator.quiz.page import QuizPage
from generator.quiz.payload import QUIZ_MESSAGES, SCHEMA_PATH, render_payload_schema
from generator.quiz.scoring import item_score, score_answers
from generator.quiz.view import quiz_view
from generator.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "generator" / "assets" / "quiz.js"
HARNESS = ROOT / "tests" / "js" / "score.js"
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "quizzes" / "content"
RANDOM_SETS = 3000

SHIPPED = sorted(p.stem for p in (ROOT / "content" / "quizzes").glob("*.yaml"))
FIXTURES = sorted(p.stem for p in (FIXTURE_CONTENT / "quizzes").glob("*.yaml"))
INSTRUMENTS = list(instrument_ids())
CASES = (
    [("content", s) for s in SHIPPED]
    + [("fixture", s) for s in FIXTURES]
    + [("instrument", s) for s in INSTRUMENTS]
)


def filled_instrument(ident: str) -> Quiz:
    """A library instrument with its TODO placeholders replaced by neutral test words."""
    data = json.loads(re.sub(r"TODO:[^\"]*", "Test words", json.dumps(instrument_data(ident), default=str)))
    return Quiz.model_validate(data)


def case_quiz(which: str, slug: str) -> Quiz:
    if which == "instrument":
        return filled_instrument(slug)
    return _content(which).quizzes[slug].model


def case_payload(which: str, slug: str) -> dict[str, Any]:
    if which == "instrument":
        return page_payload_for(filled_instrument(slug))
    return page_payload(which, slug)



@pytest.fixture(scope="session")
def node() -> str:
    """Node.js, which runs quiz.js: skipped without it locally, an error in CI."""
    found = shutil.which("node")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but Node.js is missing, so quiz.js cannot be checked against the Python scorer")
    pytest.skip("Node.js is not installed")


@lru_cache(maxsize=2)
def _content(which: str) -> Content:
    return load_content(ROOT / "content" if which == "content" else FIXTURE_CONTENT)


def page_payload(which: str, slug: str) -> dict[str, Any]:
    """The JSON payload exactly as the quiz page carries it."""
    content = _content(which)
    page = Renderer(content).quiz_page(content.quizzes[slug])
    found = re.findall(r'<script type="application/json" class="gc-quiz__data">(.*?)</script>', page.markdown, re.S)
    assert len(found) == 1, "expected exactly one quiz payload on the quiz page"
    return json.loads(found[0])


@lru_cache(maxsize=1)
def payload_validator() -> jsonschema.Draft202012Validator:
    """The validator of the schema file shipped in the package (not of the dataclasses)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check_payload(payload: dict[str, Any]) -> None:
    """Fail with every place where a payload breaks the schema."""
    errors = sorted(payload_validator().iter_errors(payload), key=lambda e: list(e.absolute_path))
    assert not errors, "the payload breaks quiz-payload.schema.json:\n" + "\n".join(
        f"  at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in errors
    )


def run_node(node: str, jobs: list[dict[str, Any]], formats: list[Any] = ()) -> dict[str, Any]:
    """Run quiz.js in Node on each job's payload (each checked against the schema first)."""
    for job in jobs:
        check_payload(job["payload"])
    proc = subprocess.run(
        [node, str(HARNESS)], input=json.dumps({"jobs": jobs, "formats": list(formats)}),
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def answer_sets(quiz: Quiz, rng: random.Random, n: int) -> list[tuple[str, dict[str, int]]]:
    """Named edge cases first, then ``n`` random complete answer sets."""
    scales = {q.id: sorted(p.value for p in quiz.scale_for(q)) for q in quiz.questions}
    low = {q: v[0] for q, v in scales.items()}
    high = {q: v[-1] for q, v in scales.items()}
    def scored(i: int, v: int) -> int:
        return item_score(quiz, i, v)

    lowest_scored = {q.id: min(scales[q.id], key=lambda v, i=i: scored(i, v)) for i, q in enumerate(quiz.questions)}
    highest_scored = {q.id: max(scales[q.id], key=lambda v, i=i: scored(i, v)) for i, q in enumerate(quiz.questions)}
    sets = [("all lowest answers", low), ("all highest answers", high),
            ("lowest possible score", lowest_scored), ("highest possible score", highest_scored)]
    for i, rule in enumerate(quiz.red_flags):
        values = scales[rule.question]
        at = min(v for v in values if v >= rule.at_least)
        sets.append((f"red flag {i} at its threshold", {**low, rule.question: at}))
        sets.append((f"red flag {i} at its threshold, other answers highest", {**high, rule.question: at}))
        below = [v for v in values if v < rule.at_least]
        if below:
            sets.append((f"red flag {i} one answer below its threshold", {**low, rule.question: below[-1]}))
            sets.append((f"red flag {i} one answer below, other answers highest", {**high, rule.question: below[-1]}))
    for i, flag in enumerate(quiz.flags):
        c = flag.when
        ids = [c.question] if c.question else list(c.questions or [])
        up = c.at_least is not None
        for name, base in (("others lowest", low), ("others highest", high)):
            if ids:  # every named answer exactly at its threshold, then one step short of it
                at, short = dict(base), dict(base)
                for q in ids:
                    limit = c.thresholds.get(q, c.at_least if up else c.at_most)
                    ok = [v for v in scales[q] if (v >= limit if up else v <= limit)]
                    no = [v for v in scales[q] if not (v >= limit if up else v <= limit)]
                    at[q] = min(ok) if up else max(ok)
                    short[q] = (max(no) if up else min(no)) if no else at[q]
                sets.append((f"flag {i} at its thresholds, {name}", at))
                sets.append((f"flag {i} short of its thresholds, {name}", short))
    sets += [(f"random set {k}", {q: rng.choice(v) for q, v in scales.items()}) for k in range(n)]
    return sets


@pytest.mark.parametrize(("which", "slug"), CASES, ids=[f"{w}/{s}" for w, s in CASES])
def test_runtime_scores_like_python(node: str, which: str, slug: str) -> None:
    quiz = case_quiz(which, slug)
    sets = answer_sets(quiz, random.Random(f"{which}/{slug}"), RANDOM_SETS)
    [js] = run_node(node, [{"payload": case_payload(which, slug), "answers": [a for _, a in sets]}])["scores"]
    assert len(js) == len(sets)
    for (name, answers), got in zip(sets, js, strict=True):
        want = score_answers(quiz, answers).as_dict()
        assert got == want, f"{slug}, {name}: answers {answers}"
    # The edge cases really reach the edges.
    by_name = dict(zip((n for n, _ in sets), js, strict=True))
    for i in range(len(quiz.red_flags)):
        assert i in by_name[f"red flag {i} at its threshold"]["red_flags"]
        below = f"red flag {i} one answer below its threshold"
        if below in by_name:
            assert i not in by_name[below]["red_flags"]
    totals = [r["total"] for r in js]
    assert by_name["lowest possible score"]["total"] == min(totals)
    assert by_name["highest possible score"]["total"] == max(totals)
    if quiz.bands:
        assert {r["band"] for r in js} == set(range(len(quiz.bands))), "random sets should reach every band"
    else:
        assert {r["band"] for r in js} == {None}
    if quiz.profiles:
        assert {r["profile"] for r in js} == set(range(len(quiz.profiles))), "random sets should reach every profile"
    for i in range(len(quiz.flags)):  # every flag both fires and stays quiet on some answer set
        assert {i in r["flags"] for r in js} == {True, False}, f"flag {i}"
    assert {r["crisis"] for r in js} == ({True, False} if quiz.red_flags or any(
        f.severity == "crisis" for f in quiz.flags) else {False})


def test_runtime_matches_on_generated_quizzes(node: str) -> None:
    """Many small random quizzes (uneven and negative scales, weights, reverse items) in one Node process."""
    from generator.quiz.checks import check_quiz
    from generator.quiz.scoring import possible_scores

    rng = random.Random(20260101)
    jobs, quizzes = [], []
    for _ in range(150):
        shared = rng.sample(range(-3, 7), rng.randint(2, 5))
        questions = []
        for j in range(rng.randint(1, 6)):
            q: dict[str, Any] = {"id": f"q{j}", "text": "A question", "reverse": rng.random() < 0.4,
                                 "weight": rng.randint(1, 4), "subscale": rng.choice([None, "s1", "s2"])}
            if rng.random() < 0.3:
                q["scale"] = [{"label": f"own {v}", "value": v} for v in rng.sample(range(-5, 9), rng.randint(2, 4))]
            questions.append(q)
        draft = Quiz.model_validate({
            "title": "T", "summary": "S", "intro": "I", "instructions": "I",
            "scale": [{"label": f"v{v}", "value": v} for v in shared], "questions": questions,
            "bands": [{"min": -1000, "max": 1000, "title": "all"}],
        })
        subs = sorted({q.subscale for q in draft.questions if q.subscale})
        scores = sorted(possible_scores(draft))
        cut = rng.choice(scores)
        data = draft.model_dump(exclude_none=True)
        data["bands"] = [{"min": scores[0], "max": cut, "title": "low"}] + (
            [{"min": cut + 1, "max": scores[-1], "title": "high"}] if cut < scores[-1] else [])
        data["subscales"] = [
            {"id": s, "title": s, "bands": [{"min": -1000, "max": 1000, "title": "any"}]} for s in subs
        ]
        data["red_flags"] = [{"question": q.id, "at_least": rng.choice([p.value for p in draft.scale_for(q)])}
                             for q in rng.sample(draft.questions, rng.randint(0, len(draft.questions)))]
        quiz = Quiz.model_validate(data)
        assert check_quiz(quiz) == []
        payload = page_payload_for(quiz)
        answers = [a for _, a in answer_sets(quiz, rng, 40)]
        jobs.append({"payload": payload, "answers": answers})
        quizzes.append((quiz, answers))
    out = run_node(node, jobs)["scores"]
    for (quiz, answers), results in zip(quizzes, out, strict=True):
        for a, got in zip(answers, results, strict=True):
            assert got == score_answers(quiz, a).as_dict(), (quiz.model_dump(), a)


def _decimal_cut(lo: Fraction, hi: Fraction, up: bool) -> float:
    """A 3-decimal bound between two neighbouring possible scores: at or above lo (up=False), at or below hi."""
    x = math.ceil(lo * 1000) if not up else math.floor(hi * 1000)
    return x / 1000 if x % 1000 else x // 1000


def _v2_bands(scores: list[Any], rng: random.Random, kind: str) -> list[dict[str, Any]]:
    """Bands that cover the exact scores once, with decimal edges between neighbours for means."""
    scores = sorted(scores)
    cuts = sorted(rng.sample(range(1, len(scores)), min(len(scores) - 1, rng.randint(0, 3))))
    bands, start = [], 0
    for k, cut in enumerate([*cuts, len(scores)]):
        first, last = scores[start], scores[cut - 1]
        if kind == "mean":
            lo = _decimal_cut(scores[start - 1], first, True) if start else -1000
            hi = _decimal_cut(last, scores[cut], False) if cut < len(scores) else 1000
        else:
            lo, hi = (first if start else -1000), (last if cut < len(scores) else 1000)
        bands.append({"min": lo, "max": hi, "title": f"band {k}"})
        start = cut
    return bands


def test_runtime_matches_on_generated_v2_quizzes(node: str) -> None:
    """Random quizzes using every version 2 rule: unscored questions, means with decimal bands,
    no total with profiles, a transform, and flags of every shape and severity."""
    from generator.quiz.checks import check_quiz
    from generator.quiz.scoring import possible_scores

    rng = random.Random(20260202)
    jobs, quizzes = [], []
    for _ in range(150):
        shared = rng.sample(range(-2, 8), rng.randint(2, 5))
        questions = []
        for j in range(rng.randint(2, 7)):
            q: dict[str, Any] = {"id": f"q{j}", "text": "A question", "reverse": rng.random() < 0.4,
                                 "weight": rng.randint(1, 3), "subscale": rng.choice([None, "s1", "s2"])}
            if rng.random() < 0.25:
                q["scale"] = [{"label": f"own {v}", "value": v} for v in rng.sample(range(-5, 9), rng.randint(2, 4))]
            if j and rng.random() < 0.2:
                q["scored"], q["subscale"] = False, None
            questions.append(q)
        subs = sorted({q["subscale"] for q in questions if q["subscale"]})
        kinds = {s: rng.choice(["sum", "mean"]) for s in subs}
        total_kind = rng.choice(["sum", "mean"])
        base: dict[str, Any] = {
            "title": "T", "summary": "S", "intro": "I", "instructions": "I", "score": total_kind,
            "scale": [{"label": f"v{v}", "value": v} for v in shared], "questions": questions,
            "subscales": [{"id": s, "title": s, "score": kinds[s], "bands": [{"min": -1000, "max": 1000, "title": "a"}]}
                          for s in subs],
            "bands": [{"min": -1000, "max": 1000, "title": "all"}],
        }
        draft = Quiz.model_validate(base)
        data = draft.model_dump(exclude_none=True, exclude_defaults=False)
        for sub in data["subscales"]:
            sub["bands"] = _v2_bands(list(possible_scores(draft, sub["id"])), rng, sub["score"])
        use_profiles = subs and rng.random() < 0.4
        if use_profiles:
            data["bands"] = []
            names = [sub["id"] for sub in data["subscales"]]
            titles = [[b["title"] for b in sub["bands"]] for sub in data["subscales"]]
            data["profiles"] = [
                {"when": dict(zip(names, combo, strict=True)), "title": f"profile {k}"}
                for k, combo in enumerate(itertools.product(*titles))
            ]
        else:
            data["bands"] = _v2_bands(list(possible_scores(draft)), rng, total_kind)
            if rng.random() < 0.5:
                data["transform"] = {"multiply": rng.choice([4, 2.5, 0.1666, 1.25, 100]), "unit": "%", "label": "P"}
        scored = [q for q in draft.questions if q.scored]
        flags = []
        for _ in range(rng.randint(1, 5)):
            sev = rng.choice(["crisis", "advice"])
            shape = rng.choice(["question", "questions", "score"])
            up = rng.random() < 0.5
            word = "at_least" if up else "at_most"
            if shape == "question":
                q = rng.choice(draft.questions)
                when = {"question": q.id, word: rng.choice([p.value for p in draft.scale_for(q)])}
            elif shape == "questions":
                group = [q for q in draft.questions if q.scale is None]
                if not group:
                    continue
                group = rng.sample(group, rng.randint(1, len(group)))
                when = {"questions": [q.id for q in group], word: rng.choice(shared),
                        "how_many": rng.randint(1, len(group))}
                if rng.random() < 0.5:
                    when["including_one_of"] = [q.id for q in rng.sample(group, rng.randint(1, len(group)))]
                if rng.random() < 0.5:
                    when["thresholds"] = {group[0].id: rng.choice(shared)}
            else:
                target = rng.choice([None, *subs]) if scored else None
                values = sorted(possible_scores(draft, target))
                v = rng.choice(values)
                if isinstance(v, Fraction) and v.denominator != 1:
                    bound: Any = _decimal_cut(v, v, not up) if rng.random() < 0.5 else float(round(v, 2))
                else:
                    bound = int(v)
                when = {("total" if target is None else "subscale"): (True if target is None else target), word: bound}
            flags.append({"severity": sev, "when": when, "message": f"flag {len(flags)}"})
        data["flags"] = flags
        quiz = Quiz.model_validate(data)
        problems = check_quiz(quiz)
        # A drawn flag may be unable to fire (for example at_least above every answer): drop those.
        bad = {int(loc[1]) for loc, _ in problems if loc[:1] == ("flags",)}
        assert all(loc[:1] == ("flags",) for loc, _ in problems), problems
        data["flags"] = [f for i, f in enumerate(flags) if i not in bad]
        quiz = Quiz.model_validate(data)
        assert check_quiz(quiz) == []
        answers = [a for _, a in answer_sets(quiz, rng, 40)]
        jobs.append({"payload": page_payload_for(quiz), "answers": answers})
        quizzes.append((quiz, answers))
    out = run_node(node, jobs)["scores"]
    seen: set[str] = set()
    for (quiz, answers), results in zip(quizzes, out, strict=True):
        for a, got in zip(answers, results, strict=True):
            want = score_answers(quiz, a).as_dict()
            assert got == want, (quiz.model_dump(), a)
            seen |= {f"{quiz.flags[i].severity} {_shape(quiz.flags[i].when)}" for i in want["flags"]}
            if want["profile"] is not None:
                seen.add("profile")
            if want["shown"]["transformed"]:
                seen.add("transform")
    assert seen >= {f"{s} {k}" for s in ("crisis", "advice") for k in ("question", "questions", "subscale", "total")}
    assert {"profile", "transform"} <= seen


def _shape(c: Any) -> str:
    return next(k for k in ("question", "questions", "subscale", "total") if getattr(c, k) is not None)


def page_payload_for(quiz: Quiz) -> dict[str, Any]:
    """The payload for a quiz that is not in a content folder, as JSON text read back."""
    page = QuizPage(url=lambda kind, slug, anchor="": f"../{slug}/", render_block=lambda s: s or "")
    view = quiz_view(quiz, slug="generated", site=_content("fixture").site.model, messages=Messages("en"), page=page)
    return json.loads(json.dumps(view.payload.as_json()))


@pytest.mark.parametrize("language", ["en", "es"])
def test_runtime_formats_catalog_messages_like_python(node: str, language: str) -> None:
    messages = Messages(language)
    values = {"n": 3, "total": 10, "score": "-2.5", "min": -4, "max": 30, "title": "Ánimo & <calma>", "band": "Bajo",
              "label": "Percentage", "unit": "%"}
    formats = [[messages.subset(key)[key], values] for key in QUIZ_MESSAGES]
    got = run_node(node, [], formats)["formats"]
    assert got == [messages(key, **values) for key in QUIZ_MESSAGES]


def test_runtime_is_small_and_private() -> None:
    """The budget is 4 KB gzipped; the runtime has no way to send, store or run text as code."""
    source = RUNTIME.read_text(encoding="utf-8")
    size = len(gzip.compress(source.encode(), compresslevel=9))
    assert size <= 4096, f"quiz.js is {size} bytes gzipped, over the 4 KB budget"
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", source, flags=re.S)
    forbidden = ["fetch", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "localStorage",
                 "sessionStorage", "indexedDB", "cookie", "eval", "Function(", "location", "history",
                 "import(", "setTimeout(\"", "outerHTML", "insertAdjacentHTML", "document.write", "src ="]
    for word in forbidden:
        assert word not in code, f"quiz.js uses {word!r}"
    # innerHTML only ever receives HTML strings from the build's payload: the result's html
    # (a band's or a profile's) or a crisis flag's html.
    assignments = re.findall(r"innerHTML = ([^\n]*)", code)
    assert len(assignments) == 2, assignments
    assert re.search(r"\bb \? b\.html : \"\"", assignments[1]), assignments
    assert re.search(r"^r\.red_flags\.concat", assignments[0]), assignments
    assert "return d.flags[i].html;" in code


def test_runtime_strings_come_from_the_catalog() -> None:
    """Every message the runtime formats is in the payload, in both languages."""
    source = RUNTIME.read_text(encoding="utf-8")
    used = set(re.findall(r"m\.(quiz_\w+)", source))
    assert used == set(QUIZ_MESSAGES)
    for language in ("en", "es"):
        payload_messages = Messages(language).subset(*QUIZ_MESSAGES)
        assert all(payload_messages.values())
    assert page_payload("fixture", FIXTURES[0])["messages"] == Messages("en").subset(*QUIZ_MESSAGES)


# --------------------------------------------------------------------------- the payload's schema


def test_payload_schema_file_is_generated_from_the_dataclasses() -> None:
    """quiz-payload.schema.json is the dataclasses' schema: a changed field fails here until it is written again."""
    if os.environ.get("GUIDECRAFT_UPDATE_GOLDEN") == "1":
        SCHEMA_PATH.write_text(render_payload_schema(), encoding="utf-8")
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_payload_schema(), (
        f"{SCHEMA_PATH.name} is stale; write it again with GUIDECRAFT_UPDATE_GOLDEN=1 "
        "python -m pytest tests/test_quiz_runtime.py -k schema"
    )


def test_payload_schema_ships_in_the_package() -> None:
    from importlib import resources

    shipped = resources.files("generator.quiz") / "quiz-payload.schema.json"
    assert shipped.is_file()
    assert json.loads(shipped.read_text(encoding="utf-8"))["title"] == "QuizPayload"


def test_a_payload_off_the_schema_fails() -> None:
    """The check in run_node bites: old short keys, a missing key or a wrong type are each refused."""
    good = case_payload("fixture", "weighted-check")
    check_payload(good)
    rule = next(f for f in good["flags"] if "questions" in f)
    broken = [
        {k: v for k, v in good.items() if k != "red_flag_count"},
        {**good, "tf": None},
        {**good, "flags": [{**rule, "q": rule["questions"]}]},
        {**good, "flags": [{**rule, "crisis": 1}]},
        {**good, "min": "0"},
    ]
    for payload in broken:
        with pytest.raises(AssertionError, match="breaks quiz-payload.schema.json"):
            check_payload(payload)
