"""The quiz compiler: the reference arithmetic, build-time checks and the page it renders.

The arithmetic is pinned by a small quiz scored by hand; the checks are seen the way an
author sees them, as ``path:line:col: error: ...`` lines from ``load_content``; properties
of scoring and band coverage are checked with Hypothesis on generated quizzes.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import ContentError
from generator.i18n import Messages
from generator.loading import load_content
from generator.models import Quiz
from generator.quiz.checks import check_quiz
from generator.quiz.key import KeyRow
from generator.quiz.page import QuizPage
from generator.quiz.payload import QUIZ_MESSAGES
from generator.quiz.scoring import item_score, possible_scores, score_answers
from generator.quiz.view import quiz_view
from generator.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "quizzes" / "content"

# --------------------------------------------------------------------------- the arithmetic, by hand

HAND = {
    "title": "Hand", "summary": "S", "intro": "I", "instructions": "I",
    "scale": [{"label": "Never", "value": 0}, {"label": "Rarely", "value": 1},
              {"label": "Often", "value": 2}, {"label": "Always", "value": 3}],
    "questions": [
        {"id": "a", "text": "A", "subscale": "x"},
        {"id": "b", "text": "B", "reverse": True, "weight": 2, "subscale": "x"},
        {"id": "c", "text": "C", "weight": 3, "subscale": "y"},
        {"id": "d", "text": "D", "reverse": True, "subscale": "y",
         "scale": [{"label": "Low", "value": 1}, {"label": "Mid", "value": 2}, {"label": "High", "value": 5}]},
        {"id": "e", "text": "E"},
    ],
    "subscales": [
        {"id": "x", "title": "X",
         "bands": [{"min": 0, "max": 4, "title": "x low"}, {"min": 5, "max": 9, "title": "x high"}]},
        {"id": "y", "title": "Y",
         "bands": [{"min": 1, "max": 7, "title": "y low"}, {"min": 8, "max": 14, "title": "y high"}]},
    ],
    "bands": [{"min": 1, "max": 8, "title": "low"}, {"min": 9, "max": 17, "title": "mid"},
              {"min": 18, "max": 26, "title": "high"}],
    "red_flags": [{"question": "e", "at_least": 2}, {"question": "b", "at_least": 3}],
}


def core(s: Any) -> dict[str, Any]:
    """The version 1 part of a score (the keys every quiz has always had)."""
    d = s.as_dict()
    return {k: d[k] for k in ("total", "band", "subscales", "subscale_bands", "red_flags")}


def test_hand_computed_scores() -> None:
    quiz = Quiz.model_validate(HAND)
    assert check_quiz(quiz) == []
    # a: 0..3; b reversed, x2: (0+3-v)*2; c x3; d reversed on its own 1..5 scale: 1+5-v; e: 0..3.
    assert [item_score(quiz, 1, v) for v in (0, 1, 2, 3)] == [6, 4, 2, 0]
    assert [item_score(quiz, 2, v) for v in (0, 1, 2, 3)] == [0, 3, 6, 9]
    assert [item_score(quiz, 3, v) for v in (1, 2, 5)] == [5, 4, 1]
    assert min(possible_scores(quiz)) == 0 + 0 + 0 + 1 + 0
    assert max(possible_scores(quiz)) == 3 + 6 + 9 + 5 + 3
    assert possible_scores(quiz, "x") == set(range(10))
    assert possible_scores(quiz, "y") == {1, 4, 5, 7, 8, 10, 11, 13, 14}

    # 2 + (3-1)*2 + 3*3 + (6-2) + 2 = 21: high. x = 2 + 4 = 6; y = 9 + 4 = 13. e = 2 fires rule 0.
    s = score_answers(quiz, {"a": 2, "b": 1, "c": 3, "d": 2, "e": 2})
    assert core(s) == {"total": 21, "band": 2, "subscales": {"x": 6, "y": 13},
                           "subscale_bands": {"x": 1, "y": 1}, "red_flags": [0]}

    # The lowest total, yet b's raw answer 3 (scored 0 after reversing) fires rule 1.
    s = score_answers(quiz, {"a": 0, "b": 3, "c": 0, "d": 5, "e": 0})
    assert core(s) == {"total": 1, "band": 0, "subscales": {"x": 0, "y": 1},
                           "subscale_bands": {"x": 0, "y": 0}, "red_flags": [1]}

    # One below each threshold fires nothing; both at once fire both, in rule order.
    assert score_answers(quiz, {"a": 0, "b": 2, "c": 0, "d": 1, "e": 1}).red_flags == ()
    assert score_answers(quiz, {"a": 0, "b": 3, "c": 0, "d": 1, "e": 2}).red_flags == (0, 1)
    # Band edges: 8 is low, 9 is mid.
    assert score_answers(quiz, {"a": 3, "b": 3, "c": 1, "d": 5, "e": 1}).total == 8
    assert score_answers(quiz, {"a": 3, "b": 3, "c": 1, "d": 5, "e": 1}).band == 0
    assert score_answers(quiz, {"a": 3, "b": 3, "c": 1, "d": 5, "e": 2}).band == 1


# --------------------------------------------------------------------------- checks, as authors see them

BROKEN = """\
title: Broken
summary: A quiz with one mistake.
intro: Intro.
instructions: Choose one answer for each line.
scale:
  - {label: "No", value: 0}
  - {label: "Yes", value: 1}
questions:
  - {id: a, text: First.}
  - {id: b, text: Second.}
  - {id: c, text: Third.}
bands:
  - {min: 0, max: 1, title: Low}
  - {min: 2, max: 3, title: High}
"""


def load_errors(tmp_path: Path, quiz_text: str) -> list[str]:
    content = tmp_path / "content"
    (content / "quizzes").mkdir(parents=True)
    shutil.copy(FIXTURE_CONTENT / "site.yaml", content / "site.yaml")
    (content / "quizzes" / "broken.yaml").write_text(quiz_text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content, relative_to=tmp_path)
    return [str(d) for d in info.value.diagnostics]


def test_the_unbroken_quiz_loads(tmp_path: Path) -> None:
    (tmp_path / "content" / "quizzes").mkdir(parents=True)
    shutil.copy(FIXTURE_CONTENT / "site.yaml", tmp_path / "content" / "site.yaml")
    (tmp_path / "content" / "quizzes" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    assert set(load_content(tmp_path / "content").quizzes) == {"broken"}


LAST = "  - {min: 2, max: 3, title: High}\n"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(
            [(LAST, "  - {min: 3, max: 3, title: High}\n")],
            "content/quizzes/broken.yaml:13:3: error: bands: total scores 2 fall in no band, "
            "expected bands to cover every possible score from 0 to 3",
            id="gap",
        ),
        pytest.param(
            [(LAST, "  - {min: 1, max: 3, title: High}\n")],
            "content/quizzes/broken.yaml:14:11: error: bands[1].min: band 'High' (1-3) overlaps band 'Low' (0-1), "
            "expected each score in exactly one band",
            id="overlap",
        ),
        pytest.param(
            [(LAST, LAST + "red_flags:\n  - {question: d, at_least: 1}\n")],
            "content/quizzes/broken.yaml:16:16: error: red_flags[0].question: unknown question id 'd', "
            "expected one of: a, b, c",
            id="unknown-question-in-red-flag",
        ),
        pytest.param(
            [("  - {id: b, text: Second.}", "  - {id: b, text: Second., subscale: mood}")],
            "content/quizzes/broken.yaml:10:38: error: questions[1].subscale: unknown subscale 'mood', "
            "expected one of: none: add 'subscales'",
            id="unknown-subscale",
        ),
        pytest.param(
            [("  - {id: c, text: Third.}", "  - {id: a, text: Third.}")],
            "content/quizzes/broken.yaml:11:10: error: questions[2].id: duplicate question id 'a' (also question 1), "
            "expected unique ids",
            id="duplicate-id",
        ),
        pytest.param(
            [(LAST, LAST + "red_flags:\n  - {question: c, at_least: 2}\n")],
            "content/quizzes/broken.yaml:16:29: error: red_flags[0].at_least: no answer has a value of 2 or more, "
            "so this rule can never fire",
            id="red-flag-never-fires",
        ),
        pytest.param(
            [('  - {label: "Yes", value: 1}', '  - {label: "Yes", value: 0}')],
            "content/quizzes/broken.yaml:6:3: error: scale: two answers share a value, "
            "expected a different value for each answer",
            id="duplicate-value",
        ),
        pytest.param(
            [("  - {id: b, text: Second.}", "  - {id: b, text: Second., subscale: x}"),
             (LAST, LAST + "subscales:\n  - {id: x, title: X, bands: [{min: 1, max: 1, title: One}]}\n")],
            "content/quizzes/broken.yaml:16:30: error: subscales[0].bands: subscale 'x' scores 0 fall in no band, "
            "expected bands to cover every possible score from 0 to 1",
            id="subscale-gap",
        ),
    ],
)
def test_check_quiz_reports_through_load_content(tmp_path: Path, edits: list[tuple[str, str]], expected: str) -> None:
    text = BROKEN
    for old, new in edits:
        assert text.count(old) == 1
        text = text.replace(old, new)
    assert load_errors(tmp_path, text) == [expected]


# --------------------------------------------------------------------------- properties

values = st.lists(st.integers(-4, 6), min_size=2, max_size=4, unique=True)


@st.composite
def quizzes(draw: st.DrawFn, *, valid_bands: bool) -> Quiz:
    """A quiz with uneven, possibly negative scales, reverse items, weights and subscales.

    With ``valid_bands`` the bands split the possible totals into contiguous runs; without,
    some of their edges are moved or a band is dropped, which may leave gaps or overlaps.
    """
    shared = draw(values)
    questions = []
    for i in range(draw(st.integers(1, 5))):
        q: dict[str, Any] = {
            "id": f"q{i}", "text": "A question.", "reverse": draw(st.booleans()),
            "weight": draw(st.integers(1, 3)), "subscale": draw(st.sampled_from([None, "s"])),
        }
        if draw(st.booleans()):
            q["scale"] = [{"label": f"Answer {v}", "value": v} for v in draw(values)]
        questions.append(q)
    data: dict[str, Any] = {
        "title": "Q", "summary": "S", "intro": "I", "instructions": "I",
        "scale": [{"label": f"Answer {v}", "value": v} for v in shared],
        "questions": questions, "bands": [{"min": -999, "max": 999, "title": "all"}],
    }
    if any(q["subscale"] for q in questions):
        data["subscales"] = [{"id": "s", "title": "S", "bands": [{"min": -999, "max": 999, "title": "all"}]}]
    draft = Quiz.model_validate(data)
    scores = sorted(possible_scores(draft))
    cuts = sorted(draw(st.sets(st.sampled_from(scores[1:]), max_size=3))) if len(scores) > 1 else []
    starts = [scores[0] - draw(st.integers(0, 2)), *cuts]  # outer bands may reach past what is possible
    ends = [c - 1 for c in cuts] + [scores[-1] + draw(st.integers(0, 2))]
    bands = [{"min": a, "max": b, "title": f"band {k}"} for k, (a, b) in enumerate(zip(starts, ends, strict=True))]
    if not valid_bands:
        # Nudge edges or drop a band: some nudges open a gap or an overlap, some change nothing.
        for _ in range(draw(st.integers(0, 2))):
            k = draw(st.integers(0, len(bands) - 1))
            edge = draw(st.sampled_from(["min", "max", "drop"]))
            if edge == "drop" and len(bands) > 1:
                bands.pop(k)
            elif edge != "drop":
                bands[k][edge] += draw(st.integers(-2, 2))
                bands[k]["max"] = max(bands[k]["min"], bands[k]["max"])
    data["bands"] = bands
    return Quiz.model_validate(data)


def answers_for(quiz: Quiz) -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries({q.id: st.sampled_from([p.value for p in quiz.scale_for(q)]) for q in quiz.questions})


def holders(quiz: Quiz, score: int) -> int:
    return sum(1 for b in quiz.bands if b.min <= score <= b.max)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quizzes(valid_bands=False))
def test_passing_check_means_every_score_in_exactly_one_band(quiz: Quiz) -> None:
    problems = check_quiz(quiz)
    scores = possible_scores(quiz)
    exactly_once = all(holders(quiz, s) == 1 for s in scores)
    ranges_disjoint = all(
        a.max < b.min or b.max < a.min for i, a in enumerate(quiz.bands) for b in quiz.bands[i + 1:]
    )
    assert (problems == []) == (exactly_once and ranges_disjoint), problems
    if not exactly_once:
        assert any(loc[:1] == ("bands",) for loc, _ in problems)


@settings(max_examples=150, deadline=None)
@given(quizzes(valid_bands=True), st.data())
def test_scores_stay_within_what_is_possible(quiz: Quiz, data: st.DataObject) -> None:
    assert check_quiz(quiz) == []
    scores = possible_scores(quiz)
    answers = data.draw(answers_for(quiz))
    result = score_answers(quiz, answers)
    assert min(scores) <= result.total <= max(scores) and result.total in scores
    band = quiz.bands[result.band]
    assert band.min <= result.total <= band.max and holders(quiz, result.total) == 1
    outside = sum(item_score(quiz, i, answers[q.id]) for i, q in enumerate(quiz.questions) if q.subscale is None)
    assert sum(result.subscales.values()) + outside == result.total
    for sid, sub_total in result.subscales.items():
        assert sub_total in possible_scores(quiz, sid)
    assert result.red_flags == tuple(
        i for i, r in enumerate(quiz.red_flags) if answers[r.question] >= r.at_least
    )


@settings(max_examples=100, deadline=None)
@given(quizzes(valid_bands=True))
def test_extremes_reach_the_ends_of_possible_scores(quiz: Quiz) -> None:
    def pick(best: Any) -> dict[str, int]:
        return {
            q.id: best((p.value for p in quiz.scale_for(q)), key=lambda v, i=i: item_score(quiz, i, v))
            for i, q in enumerate(quiz.questions)
        }

    scores = possible_scores(quiz)
    assert score_answers(quiz, pick(min)).total == min(scores)
    assert score_answers(quiz, pick(max)).total == max(scores)


# --------------------------------------------------------------------------- the page: data, not code


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    content = load_content(FIXTURE_CONTENT)
    return {p.src: p.markdown for p in Renderer(content).pages()}


def payload_of(markdown: str) -> list[dict[str, Any]]:
    return [json.loads(m) for m in re.findall(
        r'<script type="application/json" class="gc-quiz__data">(.*?)</script>', markdown, re.S)]


def test_payload_is_escaped_json_data(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["quizzes/weighted-check.md"]
    raw = re.search(r'class="gc-quiz__data">(.*?)</script>', page, re.S)
    assert raw is not None
    assert not re.search(r"[<>&]", raw.group(1)), "the payload cannot close its <script> element"
    [payload] = payload_of(page)
    mostly_steady = payload["bands"][0]
    # The body's raw HTML was rendered as text at build time.
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in mostly_steady["html"]
    assert "<strong>steady</strong>" in mostly_steady["html"]
    assert "<img" not in mostly_steady["html"]
    assert '&lt;script&gt;alert(&quot;intro&quot;)&lt;/script&gt;' in page
    assert payload["messages"] == Messages("en").subset(*QUIZ_MESSAGES)
    assert (payload["min"], payload["max"]) == (6, 30)


def test_next_steps_resolve_per_page_and_fall_back_to_titles(fixture_pages: dict[str, str]) -> None:
    [on_quiz_page] = payload_of(fixture_pages["quizzes/weighted-check.md"])
    on_topic_page = [p for p in payload_of(fixture_pages["topics/fixture-topic.md"]) if p["id"] == "weighted-check"][0]
    steps = on_quiz_page["bands"][1]["next_steps"]
    assert [(s["text"], s["url"]) for s in steps] == [
        ("Read the steps", "../../topics/fixture-topic/#steps"), ("Short check", "../short-check/"),
    ]
    assert [s["url"] for s in on_topic_page["bands"][1]["next_steps"]] == ["./#steps", "../../quizzes/short-check/"]


def test_form_markup(fixture_pages: dict[str, str]) -> None:
    topic = fixture_pages["topics/fixture-topic.md"]
    ids = re.findall(r'\sid="([^"]+)"', topic)
    assert len(ids) == len(set(ids)), "two quizzes on one page must not share an id"
    form = re.search(r'<form [^>]*>', topic)
    assert form is not None and "action=" not in form.group(0) and 'method="dialog"' in form.group(0)
    quiz_page = fixture_pages["quizzes/short-check.md"]
    assert quiz_page.count("<fieldset") == quiz_page.count("<legend") == 3
    radios = re.findall(r'<label class="gc-option"><input type="radio" name="gcq-short-check--a-\w+"', quiz_page)
    assert len(radios) == 9
    assert re.search(r'<button type="submit"[^>]* hidden disabled>', quiz_page)
    assert '<details class="gc-quiz__key" open data-search-exclude>' in quiz_page
    # The quiz page's h1 is the quiz title, so the form adds none; on the topic page quizzes are h3.
    assert 'class="gc-quiz__title"' not in quiz_page
    assert '<h3 class="gc-quiz__title" id="gcq-short-check--title">Short check</h3>' in topic
    assert '<h4 class="gc-result__heading"' in topic


def test_paper_key_matches_the_scorer() -> None:
    quiz = Quiz.model_validate(HAND)
    view = quiz_view(
        quiz, slug="hand", site=load_content(FIXTURE_CONTENT).site.model, messages=Messages("en"),
        page=QuizPage(url=lambda *a: "", render_block=lambda s: s or ""),
    )
    shared, own = view.key_tables
    assert shared.labels == ("Never", "Rarely", "Often", "Always")
    assert [(r.number, r.points) for r in shared.rows] == [
        (1, (0, 1, 2, 3)), (2, (6, 4, 2, 0)), (3, (0, 3, 6, 9)), (5, (0, 1, 2, 3)),
    ]
    assert own.labels == ("Low", "Mid", "High") and own.rows == (KeyRow(number=4, points=(5, 4, 1)),)
    assert view.reversed == (2, 4)
    assert view.crisis_keys == ("Question 2: Always", "Question 5: Often or Always")
    assert [s.numbers for s in view.subscales] == [(1, 2), (3, 4)]
    assert (view.total.min, view.total.max) == ("1", "26")


# --------------------------------------------------------------------------- the catalog


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_quiz_catalogs_match() -> None:
    en = yaml.safe_load((ROOT / "generator/messages/en/quiz.yaml").read_text(encoding="utf-8"))
    es = yaml.safe_load((ROOT / "generator/messages/es/quiz.yaml").read_text(encoding="utf-8"))
    assert set(en) == set(es)
    for key in en:
        assert _placeholders(en[key]) == _placeholders(es[key]), key
    assert set(QUIZ_MESSAGES) <= set(en)
    used = set()
    for template in ("quiz_form.html.j2", "quiz.md.j2"):
        text = (ROOT / "generator/templates" / template).read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt(?:\.|\(\")(quiz_\w+)", text))
    assert used <= set(en)
