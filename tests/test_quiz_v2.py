"""Scoring version 2 and the instrument library.

Hand-computed cases from each instrument's published scoring; the build's checks as an
author sees them (``path:line:col: error: ...``); exact coverage of mean scores checked
by Hypothesis against brute force; golden paper keys; ``guidecraft new quiz --from``
and ``--list``; the attribution lint.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from minimal_content import SITE

from generator import cli
from generator.diagnostics import ContentError
from generator.i18n import Messages
from generator.instruments import instrument_data, instrument_ids
from generator.lint import lint
from generator.loading import load_content
from generator.models import Quiz
from generator.quiz.checks import check_quiz
from generator.quiz.page import QuizPage
from generator.quiz.scoring import exact, possible_scores, score_answers, shown
from generator.quiz.view import quiz_view
from generator.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "quizzes" / "content"
GOLDEN = ROOT / "tests" / "golden" / "quizzes"


def filled(ident: str) -> Quiz:
    """A library instrument with each TODO replaced by neutral, distinct test words."""
    counter = itertools.count(1)
    text = json.dumps(instrument_data(ident), default=str)
    text = re.sub(r"TODO:[^\"]*", lambda m: f"Test words {next(counter)}", text)
    return Quiz.model_validate(json.loads(text))


def answers(quiz: Quiz, default: int, **values: int) -> dict[str, int]:
    out = {q.id: default if q.scored else quiz.scale_for(q)[0].value for q in quiz.questions}
    out.update({k.replace("_", "-"): v for k, v in values.items()})
    return out


# --------------------------------------------------------------------------- the library, by hand


def test_library_has_the_promised_instruments() -> None:
    assert {"phq-9", "gad-7", "who-5", "ucla-3", "rosenberg"} <= set(instrument_ids())
    for ident in instrument_ids():
        quiz = filled(ident)
        assert quiz.instrument == ident
        assert check_quiz(quiz) == [], ident
        assert quiz.citation and quiz.licence and quiz.sources, ident


def test_phq9_published_scoring() -> None:
    q = filled("phq-9")
    assert (min(possible_scores(q)), max(possible_scores(q))) == (0, 27)
    cuts = {0: 0, 4: 0, 5: 1, 9: 1, 10: 2, 14: 2, 15: 3, 19: 3, 20: 4, 27: 4}
    for total, band in cuts.items():  # reach each total with items 1..8 only (item 9 stays 0)
        values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
        a = answers(q, 0, **{f"item_{i + 1}": v for i, v in enumerate(values)})
        if total == 27:
            a = answers(q, 3)
        s = score_answers(q, a)
        assert (s.total, s.band) == (total, band)
    # The difficulty question is shown but never scored.
    assert score_answers(q, answers(q, 0, difficulty=3)).total == 0
    # Item 9 at 1 opens the crisis panel, even with the lowest band.
    s = score_answers(q, answers(q, 0, item_9=1))
    assert (s.total, s.band, s.crisis, s.flags) == (1, 0, True, (0,))
    assert not score_answers(q, answers(q, 0)).crisis
    # Item rule: 5 or more of items 1-9 at 2 or more, one of them item 1 or 2; item 9 counts at 1.
    rule = 1
    assert rule in score_answers(q, answers(q, 0, item_1=2, item_3=2, item_4=2, item_5=2, item_6=2)).flags
    assert rule in score_answers(q, answers(q, 0, item_2=3, item_3=2, item_4=2, item_5=2, item_9=1)).flags
    assert rule not in score_answers(q, answers(q, 0, item_3=2, item_4=2, item_5=2, item_6=2, item_7=2)).flags
    assert rule not in score_answers(q, answers(q, 0, item_1=2, item_3=2, item_4=2, item_5=2, item_8=1)).flags
    assert rule not in score_answers(q, answers(q, 1, item_1=2, item_2=2, item_3=2, item_4=2, item_9=0)).flags
    assert rule in score_answers(q, answers(q, 1, item_1=2, item_2=2, item_3=2, item_4=2)).flags  # item 9 at 1


def test_gad7_published_scoring() -> None:
    q = filled("gad-7")
    assert (min(possible_scores(q)), max(possible_scores(q))) == (0, 21)
    for total, band, flagged in ((4, 0, False), (5, 1, False), (9, 1, False), (10, 2, True), (14, 2, True),
                                 (15, 3, True), (21, 3, True)):
        values = [3] * (total // 3) + ([total % 3] if total % 3 else [])
        s = score_answers(q, answers(q, 0, **{f"item_{i + 1}": v for i, v in enumerate(values)}))
        assert (s.total, s.band, bool(s.flags), s.crisis) == (total, band, flagged, False)


def test_who5_percentage_and_flags() -> None:
    q = filled("who-5")
    s = score_answers(q, answers(q, 3))
    assert (s.total, s.shown["transformed"], s.band, s.flags) == (15, "60", 2, ())
    s = score_answers(q, answers(q, 2, item_1=3, item_2=3, item_3=3))  # 3+3+3+2+2 = 13: 52%
    assert (s.total, s.shown["transformed"], s.band, s.flags) == (13, "52", 2, ())
    s = score_answers(q, answers(q, 2, item_1=3, item_2=3))  # 12: 48%, a check for depression
    assert (s.total, s.shown["transformed"], s.band, s.flags) == (12, "48", 1, (0,))
    s = score_answers(q, answers(q, 5, item_4=1))  # 21: 84%, but one item at 1
    assert (s.total, s.shown["transformed"], s.band, s.flags) == (21, "84", 2, (1,))
    s = score_answers(q, answers(q, 2, item_1=1, item_2=0))  # 7: 28%, likely depression
    assert (s.total, s.shown["transformed"], s.band, s.flags) == (7, "28", 0, (0, 1))
    assert not s.crisis


def test_ucla3_and_rosenberg_published_scoring() -> None:
    q = filled("ucla-3")
    assert sorted(possible_scores(q)) == list(range(3, 10))
    assert [score_answers(q, answers(q, 1, **v)).band for v in ({}, {"item_1": 3}, {"item_1": 3, "item_2": 2})] \
        == [0, 0, 1]
    r = filled("rosenberg")
    assert sorted(possible_scores(r)) == list(range(0, 31))
    assert [q.id for q in r.questions if q.reverse] == ["item-2", "item-5", "item-6", "item-8", "item-9"]
    positive = ["item-1", "item-3", "item-4", "item-7", "item-10"]
    agree_all = score_answers(r, answers(r, 3))  # positives 3 each, negatives reversed to 0
    assert (agree_all.total, agree_all.band) == (15, 1)
    best = score_answers(r, {q.id: 3 if q.id in positive else 0 for q in r.questions})
    worst = score_answers(r, {q.id: 0 if q.id in positive else 3 for q in r.questions})
    assert (best.total, best.band, worst.total, worst.band) == (30, 2, 0, 0)
    s = score_answers(r, {q.id: 1 if q.id in positive else 2 for q in r.questions})  # 5 + 5 = 10
    assert (s.total, s.band) == (10, 0)


# --------------------------------------------------------------------------- means, exactly


def test_shown_rounds_half_up_to_two_decimals() -> None:
    assert [shown(x) for x in (Fraction(5, 3), Fraction(7, 2), 4, Fraction(-1, 8), Fraction(1, 200), 0)] == [
        "1.67", "3.5", "4", "-0.12", "0.01", "0"]
    assert exact(0.1666) == Fraction(1666, 10000) and exact(3.5) == Fraction(7, 2)


def test_closeness_fixture_means_and_profiles() -> None:
    q = load_content(FIXTURE_CONTENT).quizzes["closeness-check"].model
    # worry-3 is reversed on 1..7: 8 - value. worry = (5 + 6 + (8 - 4)) / 3 = 5; distance = (1 + (8 - 7) + 2) / 3.
    s = score_answers(q, {"worry-1": 5, "worry-2": 6, "worry-3": 4, "distance-1": 1, "distance-2": 7, "distance-3": 2})
    assert s.subscales == {"worry": 15, "distance": 4}
    assert s.shown["subscales"] == {"worry": "5", "distance": "1.33"}
    assert (s.subscale_bands, s.profile, s.band, s.shown["total"]) == ({"worry": 1, "distance": 0}, 1, None, None)
    # 11/3 = 3.67 is above the 3.5 edge and at or above 3.6: high worry; 10/3 = 3.33 is low.
    s = score_answers(q, {"worry-1": 4, "worry-2": 4, "worry-3": 5, "distance-1": 4, "distance-2": 5, "distance-3": 3})
    assert s.shown["subscales"] == {"worry": "3.67", "distance": "3.33"}
    assert (s.subscale_bands, s.profile) == ({"worry": 1, "distance": 0}, 1)


values = st.lists(st.integers(-2, 6), min_size=2, max_size=4, unique=True)


@st.composite
def mean_quizzes(draw: st.DrawFn) -> Quiz:
    """A quiz scored as a mean, with unscored questions and bands whose edges are decimals."""
    shared = draw(values)
    questions = []
    for i in range(draw(st.integers(1, 4))):
        questions.append({"id": f"q{i}", "text": "A question.", "reverse": draw(st.booleans()),
                          "weight": draw(st.integers(1, 3)), "scored": i == 0 or draw(st.booleans())})
    edges = sorted(draw(st.lists(st.decimals(-3, 6, places=2, allow_nan=False), min_size=1, max_size=4)))
    bands, low = [], Fraction(-3)
    for k, e in enumerate(edges):
        if Fraction(str(e)) < low:
            continue
        bands.append({"min": float(low) if k else -3, "max": float(e), "title": f"band {k}"})
        low = Fraction(str(e)) + Fraction(draw(st.sampled_from([1, 5, 10, 33])), 100)
    bands.append({"min": float(low), "max": 8, "title": "last"})
    return Quiz.model_validate({
        "title": "Q", "summary": "S", "intro": "I", "instructions": "I", "score": "mean",
        "scale": [{"label": f"Answer {v}", "value": v} for v in shared], "questions": questions, "bands": bands,
    })


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mean_quizzes())
def test_mean_coverage_is_exact(quiz: Quiz) -> None:
    """The check passes exactly when every achievable mean (found by brute force) is in one band."""
    scored = [q for q in quiz.questions if q.scored]
    lo, hi = min(p.value for p in quiz.scale or []), max(p.value for p in quiz.scale or [])
    weight = sum(q.weight for q in scored)
    means = set()
    for combo in itertools.product(*[[p.value for p in quiz.scale or []] for _ in scored]):
        points = sum((lo + hi - v if q.reverse else v) * q.weight for q, v in zip(scored, combo, strict=True))
        means.add(Fraction(points, weight))
    assert possible_scores(quiz) == means
    covered = all(sum(exact(b.min) <= m <= exact(b.max) for b in quiz.bands) == 1 for m in means)
    disjoint = all(exact(a.max) < exact(b.min) for a, b in itertools.pairwise(quiz.bands))
    assert (check_quiz(quiz) == []) == (covered and disjoint), check_quiz(quiz)
    if check_quiz(quiz) == []:
        for combo in itertools.islice(itertools.product(*[[p.value for p in quiz.scale or []]] * len(quiz.questions)), 50):
            s = score_answers(quiz, {q.id: v for q, v in zip(quiz.questions, combo, strict=True)})
            m = Fraction(s.total, weight)
            assert exact(quiz.bands[s.band].min) <= m <= exact(quiz.bands[s.band].max)


# --------------------------------------------------------------------------- checks, as authors see them


def load_error(tmp_path: Path, quiz_yaml: str) -> str:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, content)
    (content / "quizzes" / "extra.yaml").write_text(quiz_yaml, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content)
    return "\n".join(str(d) for d in info.value.diagnostics if "extra.yaml" in str(d.path))


CLOSENESS = (FIXTURE_CONTENT / "quizzes" / "closeness-check.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - when: {worry: Low worry, distance: High distance}",
         "  - when: {worry: [Low worry, High worry], distance: Low distance}",
         r"extra\.yaml:\d+:\d+: error: profiles\[1\]\.when: profile 'Wanting closeness, worrying about it' also "
         r"holds worry: High worry, distance: Low distance, which profile 1 'Mostly at ease with closeness' holds|"
         r"profiles: no profile for worry: Low worry, distance: High distance"),
        ("      - {min: 3.6, max: 7, title: High worry}", "      - {min: 3.7, max: 7, title: High worry}",
         r"error: subscales\[0\]\.bands: subscale 'worry' scores 11/3 \(about 3\.67\) fall in no band"),
        ("      - {min: 3.6, max: 7, title: High worry}", "      - {min: 3.5, max: 7, title: High worry}",
         r"error: subscales\[0\]\.bands\[1\]\.min: band 'High worry' \(3\.5-7\) overlaps band 'Low worry'"),
        ("title: Closeness check", "title: Closeness check\ninstrument: phq-99",
         r"error: instrument: unknown instrument 'phq-99', expected one of: gad-7, phq-9, rosenberg, ucla-3, who-5"),
        ("  - when: {worry: Low worry, distance: Low distance}", "  - when: {worry: Low, distance: Low distance}",
         r"error: profiles\[0\]\.when\.worry: subscale 'worry' has no band 'Low', expected one of: Low worry, High worry"),
        ("  - {id: worry-1, text: I worry about people leaving., subscale: worry}",
         "  - {id: worry-1, text: I worry about people leaving., subscale: worry, scored: false}",
         r"error: questions\[0\]\.subscale: an unscored question adds to no score, expected no subscale"),
    ],
)
def test_v2_checks_point_at_the_problem(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in CLOSENESS
    message = load_error(tmp_path, CLOSENESS.replace(old, new))
    assert re.search(expected, message), message
    assert re.match(r"^.*extra\.yaml:\d+:\d+: error: ", message)


WELLBEING = (FIXTURE_CONTENT / "quizzes" / "wellbeing-check.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("including_one_of: [low, flat]", "including_one_of: [low, rested]",
         r"flags\[1\]\.when\.including_one_of: 'rested' is not in this rule's questions"),
        ("how_many: 3", "how_many: 5", r"flags\[1\]\.when\.how_many: 5 is more than the 4 questions named"),
        ("when: {question: unsafe, at_least: 2}", "when: {question: unsure, at_least: 2}",
         r"flags\[0\]\.when\.question: unknown question id 'unsure'"),
        ("when: {question: unsafe, at_least: 2}", "when: {question: unsafe, at_least: 2, at_most: 3}",
         r"flags\[0\]\.when: give exactly one of at_least or at_most"),
        ("when: {subscale: energy, at_least: 2.5}", "when: {subscale: energy, at_least: 3.5}",
         r"flags\[3\]\.when\.at_least: no possible score is 3\.5 or more, so this rule can never fire"),
        ("when: {question: unsafe, at_least: 2}", "when: {question: unsafe, at_least: 1.5}",
         r"flags\[0\]\.when: an answer's value is a whole number"),
        ("  multiply: 2.5", "  multiply: 0", r"transform\.multiply: must be more than 0"),
    ],
)
def test_flag_checks_point_at_the_problem(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in WELLBEING
    message = load_error(tmp_path, WELLBEING.replace(old, new))
    assert re.search(expected, message), message


# --------------------------------------------------------------------------- golden paper keys


def _key(markdown: str) -> str:
    """The paper scoring key and the credits as text, one line per block."""
    start = markdown.index('<details class="gc-quiz__key"')
    end = markdown.index('<script type="application/json"')
    text = re.sub(r"</(p|li|tr|caption|summary|table)>", "\n", markdown[start:end])
    text = re.sub(r"</t[dh]>", " | ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


KEYS = [("fixture", s) for s in ("closeness-check", "wellbeing-check", "weighted-check")] + [
    ("instrument", s) for s in ("phq-9", "who-5", "rosenberg")
]


@pytest.mark.parametrize(("which", "slug"), KEYS, ids=[s for _, s in KEYS])
def test_golden_paper_keys(which: str, slug: str, tmp_path: Path) -> None:
    if which == "fixture":
        content = load_content(FIXTURE_CONTENT)
    else:
        folder = tmp_path / "content"
        (folder / "quizzes").mkdir(parents=True)
        (folder / "site.yaml").write_text(SITE)
        data = filled(slug).model_dump(mode="json", exclude_none=True)
        (folder / "quizzes" / f"{slug}.yaml").write_text(json.dumps(data), encoding="utf-8")
        content = load_content(folder)
    page = Renderer(content).quiz_page(content.quizzes[slug])
    actual = _key(page.markdown)
    golden = GOLDEN / f"{slug}.txt"
    if os.environ.get("GUIDECRAFT_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with GUIDECRAFT_UPDATE_GOLDEN=1 to write it"
    assert actual == golden.read_text(encoding="utf-8"), f"{slug}: the paper key differs from {golden.name}"
    # Points are listed already reversed, so the key never also asks for a reversal.
    assert "scored the other way round" not in actual


def test_paper_key_never_invites_double_reversal() -> None:
    quiz = filled("rosenberg")
    page = QuizPage(url=lambda *a: "", render_block=lambda s: s or "")
    view = quiz_view(quiz, slug="r", site=load_content(FIXTURE_CONTENT).site.model, messages=Messages("en"), page=page)
    [table] = view.key_tables
    assert table.rows[1].points == (0, 1, 2, 3)  # statement 2 is reversed: agreeing scores 0
    assert table.rows[0].points == (3, 2, 1, 0)


# --------------------------------------------------------------------------- the command line and lint


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yaml").write_text(SITE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_new_quiz_list_names_the_instruments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "new", "quiz", "--list")
    assert code == 0
    for ident in ("phq-9", "gad-7", "who-5", "ucla-3", "rosenberg"):
        assert re.search(rf"^  {re.escape(ident)} +\S", out, re.M), ident
    assert "use: " in out


@pytest.mark.parametrize("ident", sorted(instrument_ids()))
def test_new_quiz_from_instrument_passes_strict_check_once_filled(
    project: Path, capsys: pytest.CaptureFixture[str], ident: str
) -> None:
    code, out, _ = run(capsys, "new", "quiz", "my-check", "--from", ident, "--content", "content")
    assert code == 0, out
    path = project / "content" / "quizzes" / "my-check.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"\ninstrument: {ident}\n" in text
    # Every question and answer label is a placeholder: the wording is never written out.
    quiz = load_content(project / "content").quizzes["my-check"].model
    assert all(q.text.startswith("TODO") for q in quiz.questions)
    assert all(p.label.startswith("TODO") for q in quiz.questions for p in quiz.scale_for(q))
    assert quiz.instructions.startswith("TODO")
    code, out, _ = run(capsys, "check", "--strict", "--content", "content")
    assert code == 1 and "placeholder" in out
    counter = itertools.count(1)
    path.write_text(re.sub(r"TODO:[^\"\n]*", lambda m: f"Test words {next(counter)}", text), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--strict", "--content", "content")
    assert code == 0, out


def test_new_from_errors_are_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "new", "quiz", "x", "--from", "phq-99", "--content", "content")
    assert code == 1
    assert err == "guidecraft: error: unknown instrument 'phq-99', did you mean 'phq-9'? expected one of: gad-7, " \
        "phq-9, rosenberg, ucla-3, who-5 (see: guidecraft new quiz --list)\n"
    for written in ("phq9", "PHQ-9", "gad7"):
        code, _, err = run(capsys, "new", "quiz", "x", "--from", written, "--content", "content")
        assert code == 1 and f"unknown instrument '{written}', did you mean '{written.lower()[:3]}-" in err, err
    code, _, err = run(capsys, "new", "quiz", "x", "--from", "sleep-diary", "--content", "content")
    assert code == 1 and "did you mean" not in err and "expected one of: gad-7" in err
    code, _, err = run(capsys, "new", "topic", "x", "--from", "phq-9", "--content", "content")
    assert code == 1 and err.startswith("guidecraft: error: --from makes a quiz") and err.count("\n") == 1
    code, _, err = run(capsys, "new", "quiz", "--content", "content")
    assert code == 1 and err == "guidecraft: error: no SLUG given, expected: guidecraft new quiz SLUG\n"
    assert not (project / "content" / "quizzes").exists()


def test_attribution_lint(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    (folder / "quizzes").mkdir(parents=True)
    (folder / "site.yaml").write_text(SITE)
    data = filled("gad-7").model_dump(mode="json", exclude_none=True)
    (folder / "quizzes" / "kept.yaml").write_text(json.dumps(data), encoding="utf-8")
    lost = {k: v for k, v in data.items() if k not in ("licence", "sources")}
    (folder / "quizzes" / "lost.yaml").write_text(json.dumps(lost), encoding="utf-8")
    own = {k: v for k, v in lost.items() if k not in ("instrument", "citation")}
    (folder / "quizzes" / "own.yaml").write_text(json.dumps(own), encoding="utf-8")
    content = load_content(folder)
    found = [d for d in lint(content, page_srcs=Renderer(content).page_srcs()) if d.kind == "attribution"]
    assert [(Path(d.path).name, d.severity) for d in found] == [("lost.yaml", "warning")]
    assert "has no licence, sources, expected the citation, licence and sources" in found[0].message


# --------------------------------------------------------------------------- bounded work (issue 23)


def many_subscales(subscales: int, bands: int, profiles: list[dict[str, object]]) -> Quiz:
    """A quiz of ``subscales`` subscales with ``bands`` bands each, one question per subscale, every band reachable."""
    return Quiz.model_validate(
        {
            "title": "Many parts", "summary": "s", "intro": "i", "instructions": "i",
            "last_reviewed": "2026-01-01", "next_review": "2099-01-01",
            "scale": [{"label": f"answer {v}", "value": v} for v in range(bands)],
            "questions": [{"id": f"q{k}", "text": f"Question {k}", "subscale": f"s{k}"} for k in range(subscales)],
            "subscales": [
                {"id": f"s{k}", "title": f"Part {k}",
                 "bands": [{"min": b, "max": b, "title": f"B{b}"} for b in range(bands)]}
                for k in range(subscales)
            ],
            "profiles": [{"title": f"Profile {i}", **p} for i, p in enumerate(profiles)],
        }
    )


def test_ten_subscales_of_ten_bands_are_checked_without_listing_every_combination() -> None:
    rest = [f"B{b}" for b in range(1, 10)]
    # Ten thousand million combinations, held by two profiles: nothing to report.
    assert check_quiz(many_subscales(10, 10, [{"when": {"s0": "B0"}}, {"when": {"s0": rest}}])) == []
    # One combination missing (s0 B1 with s9 B9), named in the error, and only it.
    split = [{"when": {"s0": "B0"}}, {"when": {"s0": rest[1:]}}, {"when": {"s0": "B1", "s9": rest[:-1] + ["B0"]}}]
    problems = check_quiz(many_subscales(10, 10, split))
    assert problems == [
        (("profiles",),
         "no profile for s0: B1, s1: B0, s2: B0, s3: B0, s4: B0, s5: B0, s6: B0, s7: B0, s8: B0, s9: B9; "
         "s0: B1, s1: B0, s2: B0, s3: B0, s4: B0, s5: B0, s6: B0, s7: B0, s8: B1, s9: B9; "
         "s0: B1, s1: B0, s2: B0, s3: B0, s4: B0, s5: B0, s6: B0, s7: B0, s8: B2, s9: B9; "
         "s0: B1, s1: B0, s2: B0, s3: B0, s4: B0, s5: B0, s6: B0, s7: B0, s8: B3, s9: B9 ..., "
         "expected a profile for every combination of subscale bands")
    ]


def test_overlapping_profiles_over_too_many_combinations_are_a_clear_error() -> None:
    problems = check_quiz(many_subscales(10, 10, [{"when": {"s0": "B0"}}, {"when": {"s1": "B0"}}]))
    assert problems[0] == (
        ("profiles", 1, "when"),
        "profile 'Profile 1' also holds s0: B0, s1: B0, s2: B0, s3: B0, s4: B0, s5: B0, s6: B0, s7: B0, s8: B0, "
        "s9: B0, which profile 1 'Profile 0' holds, expected each combination in exactly one profile",
    )
    assert problems[1] == (
        ("profiles",),
        "this quiz has 10,000,000,000 combinations of subscale bands, more than the 10,000 guidecraft can check "
        "while profiles overlap; make the profiles above hold separate combinations, or use fewer subscales or bands",
    )
    assert len(problems) == 2


def test_answer_values_that_add_up_to_too_many_scores_are_a_clear_error() -> None:
    """Values 1, 2, 4, 8, ... on each question would give 2 to the power of 40 different totals."""
    quiz = Quiz.model_validate(
        {
            "title": "Powers", "summary": "s", "intro": "i", "instructions": "i",
            "last_reviewed": "2026-01-01", "next_review": "2099-01-01",
            "questions": [
                {"id": f"q{k}", "text": f"Question {k}",
                 "scale": [{"label": "No", "value": 0}, {"label": "Yes", "value": 2**k}]}
                for k in range(40)
            ],
            "bands": [{"min": 0, "max": 2**40, "title": "All"}],
        }
    )
    assert check_quiz(quiz) == [
        (("questions",),
         "the answers' values add up to more than 100,000 different scores, more than guidecraft can check; "
         "expected small whole numbers as answer values, such as 0 to 4")
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shape=st.tuples(st.integers(1, 3), st.integers(2, 3)).flatmap(
        lambda sb: st.tuples(
            st.just(sb),
            st.lists(
                st.dictionaries(
                    st.sampled_from([f"s{k}" for k in range(sb[0])]),
                    st.lists(st.sampled_from([f"B{b}" for b in range(sb[1])]), min_size=1, max_size=sb[1], unique=True),
                    min_size=1,
                ),
                min_size=1,
                max_size=5,
            ),
        )
    )
)
def test_the_profile_check_agrees_with_going_through_every_combination(shape: tuple[tuple[int, int], list[dict[str, list[str]]]]) -> None:
    (subscales, bands), whens = shape
    quiz = many_subscales(subscales, bands, [{"when": w} for w in whens])
    names = [f"s{k}" for k in range(subscales)]
    twice: dict[int, str] = {}
    missing: list[str] = []
    for combo in itertools.product(range(bands), repeat=subscales):
        held = [i for i, w in enumerate(whens) if all(f"B{combo[int(k[1:])]}" in v for k, v in w.items())]
        words = ", ".join(f"{n}: B{b}" for n, b in zip(names, combo, strict=True))
        if not held:
            missing.append(words)
        for j in held[1:]:
            twice.setdefault(j, words)
    problems = check_quiz(quiz)
    overlaps = {loc[1]: msg for loc, msg in problems if loc[:1] == ("profiles",) and len(loc) == 3}
    assert set(overlaps) == set(twice)
    for j, msg in overlaps.items():
        assert f"profile 'Profile {j}' also holds " in msg
    gaps = [msg for loc, msg in problems if loc == ("profiles",)]
    if missing:
        listed = "; ".join(missing[:4]) + (" ..." if len(missing) > 4 else "")
        assert gaps == [f"no profile for {listed}, expected a profile for every combination of subscale bands"]
    else:
        assert gaps == []
