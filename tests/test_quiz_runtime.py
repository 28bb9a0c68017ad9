"""The browser runtime scores exactly as the Python reference scorer does.

quiz.js's pure scoring function runs under Node 20 on thousands of answer sets for every
shipped quiz (content/quizzes/*.yaml) and every fixture quiz, plus edge cases: all lowest,
all highest, each red-flag threshold exactly and one step below it. The payload it reads
is the one in the rendered page, so the JSON the page carries is tested too.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from generator.i18n import Messages
from generator.loading import Content, load_content
from generator.models import Quiz
from generator.quiz import QUIZ_MESSAGES, item_score, score_answers
from generator.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "generator" / "assets" / "quiz.js"
HARNESS = ROOT / "tests" / "js" / "score.js"
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "quizzes" / "content"
RANDOM_SETS = 3000

SHIPPED = sorted(p.stem for p in (ROOT / "content" / "quizzes").glob("*.yaml"))
FIXTURES = sorted(p.stem for p in (FIXTURE_CONTENT / "quizzes").glob("*.yaml"))
CASES = [("content", s) for s in SHIPPED] + [("fixture", s) for s in FIXTURES]



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


def run_node(node: str, jobs: list[dict[str, Any]], formats: list[Any] = ()) -> dict[str, Any]:
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
    sets += [(f"random set {k}", {q: rng.choice(v) for q, v in scales.items()}) for k in range(n)]
    return sets


@pytest.mark.parametrize(("which", "slug"), CASES, ids=[f"{w}/{s}" for w, s in CASES])
def test_runtime_scores_like_python(node: str, which: str, slug: str) -> None:
    quiz = _content(which).quizzes[slug].model
    sets = answer_sets(quiz, random.Random(f"{which}/{slug}"), RANDOM_SETS)
    [js] = run_node(node, [{"payload": page_payload(which, slug), "answers": [a for _, a in sets]}])["scores"]
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
    assert {r["band"] for r in js} == set(range(len(quiz.bands))), "random sets should reach every band"


def test_runtime_matches_on_generated_quizzes(node: str) -> None:
    """Many small random quizzes (uneven and negative scales, weights, reverse items) in one Node process."""
    from generator.quiz import check_quiz, possible_scores

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


def page_payload_for(quiz: Quiz) -> dict[str, Any]:
    """The payload for a quiz that is not in a content folder, through the page's JSON filter."""
    from generator import quiz as compiler
    from generator.rendering import _json_for_script

    view = compiler.quiz_view(
        quiz, slug="generated", site=_content("fixture").site.model, messages=Messages("en"),
        url=lambda kind, slug, anchor="": f"../{slug}/",
        render_block=lambda s: s or "",
        render_inline=lambda s: s or "",
    )
    return json.loads(str(_json_for_script(view["payload"])))


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
