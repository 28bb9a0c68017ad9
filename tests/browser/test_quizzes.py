"""Quizzes in Chromium: scoring, validation, the crisis panel, the paper form, privacy and print.

Shipped quizzes (content/quizzes/*.yaml) are completed on the bundled site; the behaviour
around them is pinned on a small fixture site (tests/fixtures/quizzes/content) whose quizzes
have reverse items, weights, an uneven scale, subscales and red flags, and whose topic page
holds two quizzes at once.
"""

from __future__ import annotations

import itertools
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import FIXTURE_LINTS_OFF, copy_project, mkdocs_build, serve, set_plugin_options

from generator.loading import load_content
from generator.models import Quiz
from generator.quiz.scoring import item_score, possible_scores, score_answers

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "quizzes" / "content"
SHIPPED = sorted(p.stem for p in (ROOT / "content" / "quizzes").glob("*.yaml"))

browser_test = pytest.mark.browser


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="session")
def quiz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content built with ``mkdocs build --strict`` (worksheet PDFs off: not under test here)."""
    project = copy_project(tmp_path_factory.mktemp("quiz-project"), content=FIXTURE_CONTENT)
    set_plugin_options(project, pdfs=False, lints_off=FIXTURE_LINTS_OFF)
    site = tmp_path_factory.mktemp("quiz-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def quiz_url(quiz_site: Path) -> Iterator[str]:
    base, stop = serve(quiz_site)
    yield base
    stop()


@pytest.fixture(scope="session")
def fixture_quizzes() -> dict[str, Quiz]:
    return {slug: doc.model for slug, doc in load_content(FIXTURE_CONTENT).quizzes.items()}


def quiz(page: Any, slug: str) -> Any:
    return page.locator(f"#gcq-{slug}")


def choose(page: Any, slug: str, answers: dict[str, int]) -> None:
    for qid, value in answers.items():
        page.locator(f'input[name="gcq-{slug}--a-{qid}"][value="{value}"]').check()


def lowest(q: Quiz) -> dict[str, int]:
    """The answers that give the lowest possible total (reverse items count from the other end)."""
    return {
        x.id: min((p.value for p in q.scale_for(x)), key=lambda v, i=i: item_score(q, i, v))
        for i, x in enumerate(q.questions)
    }


def submit(page: Any, slug: str) -> None:
    quiz(page, slug).locator(".gc-quiz__submit").click()


def focused_id(page: Any) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def focused_fieldset(page: Any) -> str:
    return page.evaluate("(document.activeElement && document.activeElement.closest('fieldset') || {}).id || ''")


# --------------------------------------------------------------------------- shipped quizzes


@browser_test
@pytest.mark.parametrize("slug", SHIPPED)
def test_shipped_quiz_gives_the_reference_band(slug: str, built_site: Path, site_url: str, page: Any) -> None:
    """Answer sets reaching every band (with and without red flags) give the band Python gives."""
    q = load_content(ROOT / "content").quizzes[slug].model
    rng = random.Random(slug)
    scales = {x.id: [p.value for p in q.scale_for(x)] for x in q.questions}
    wanted: dict[tuple[int, bool], dict[str, int]] = {}
    for _ in range(20000):
        answers = {k: rng.choice(v) for k, v in scales.items()}
        s = score_answers(q, answers)
        wanted.setdefault((s.band, bool(s.red_flags)), answers)
    assert {band for band, _ in wanted} == set(range(len(q.bands))), "random answers should reach every band"
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + f"quizzes/{slug}/")
    root = quiz(page, slug)
    for answers in wanted.values():
        expected = score_answers(q, answers)
        choose(page, slug, answers)
        expect_progress = f"{len(q.questions)} of {len(q.questions)}"
        assert expect_progress in root.locator(".gc-quiz__progress").inner_text()
        submit(page, slug)
        assert root.locator(".gc-result").is_visible()
        # Under a crisis panel the band never reassures: a plain message takes its place.
        title = "Please talk to someone soon" if expected.crisis else q.bands[expected.band].title
        assert root.locator(".gc-result__title").inner_text() == title
        assert re.search(rf"\b{expected.total} \(possible range {min(possible_scores(q))} to {max(possible_scores(q))}\)",
                         root.locator(".gc-result__score").inner_text())
        assert root.locator(".gc-result__urgent").is_visible() == bool(expected.red_flags)
        assert focused_id(page) == f"gcq-{slug}--result--h"
        root.locator(".gc-result__restart").click()
        assert not root.locator(".gc-result").is_visible()
    assert errors == []


# --------------------------------------------------------------------------- behaviour, on the fixture site


@browser_test
def test_keyboard_alone_completes_a_quiz(quiz_url: str, page: Any) -> None:
    page.goto(quiz_url + "quizzes/short-check/")
    root = quiz(page, "short-check")
    root.locator("input").first.focus()
    page.keyboard.press("Space")  # question 1: Never (0)
    label = root.locator(".gc-option").first
    assert label.evaluate("e => getComputedStyle(e).outlineStyle") != "none", "focus must be visible"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # question 2: Never, reversed: 2 points
    page.keyboard.press("ArrowDown")  # question 2: Sometimes, reversed: 1 point
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # question 3: arrows move and check: Sometimes (1)
    page.keyboard.press("Tab")
    assert focused_id(page) == "" and page.evaluate("document.activeElement.classList.contains('gc-quiz__submit')")
    page.keyboard.press("Enter")
    assert root.locator(".gc-result__title").inner_text() == "Low"  # 0 + 1 + 1 = 2
    assert "2" in root.locator(".gc-result__score").inner_text()
    assert focused_id(page) == "gcq-short-check--result--h"


@browser_test
def test_unanswered_questions_are_marked_and_the_first_gets_focus(quiz_url: str, page: Any) -> None:
    page.goto(quiz_url + "quizzes/weighted-check/")
    root = quiz(page, "weighted-check")
    progress = root.locator(".gc-quiz__progress")
    assert progress.get_attribute("aria-live") == "polite"
    assert progress.inner_text() == "0 of 5 answered"
    choose(page, "weighted-check", {"calls": 2, "energy": 0})
    assert progress.inner_text() == "2 of 5 answered"
    submit(page, "weighted-check")

    for qid in ("alone", "mood", "unsafe"):
        fs = root.locator(f"#gcq-weighted-check--q-{qid}")
        assert fs.get_attribute("aria-invalid") == "true"
        error_id = fs.get_attribute("aria-describedby")
        error = page.locator(f"#{error_id}")
        assert error.is_visible() and error.inner_text() == "Please choose an answer for this question."
        assert fs.locator(f"#{error_id}").count() == 1, "the message sits inside its own question"
    for qid in ("calls", "energy"):
        fs = root.locator(f"#gcq-weighted-check--q-{qid}")
        assert fs.get_attribute("aria-invalid") is None and fs.get_attribute("aria-describedby") is None
    assert focused_fieldset(page) == "gcq-weighted-check--q-alone"
    assert root.locator(".gc-quiz__alert").is_visible()
    assert not root.locator(".gc-result").is_visible()

    # Answering a marked question clears its mark; the others stay marked.
    choose(page, "weighted-check", {"alone": 1})
    assert root.locator("#gcq-weighted-check--q-alone").get_attribute("aria-invalid") is None
    assert not root.locator("#gcq-weighted-check--q-alone .gc-question__error").is_visible()
    assert root.locator("#gcq-weighted-check--q-mood").get_attribute("aria-invalid") == "true"
    submit(page, "weighted-check")
    assert focused_fieldset(page) == "gcq-weighted-check--q-mood"


@browser_test
def test_red_flag_shows_the_crisis_panel_above_the_result(
    quiz_url: str, page: Any, fixture_quizzes: dict[str, Quiz]
) -> None:
    q = fixture_quizzes["weighted-check"]
    page.goto(quiz_url + "quizzes/weighted-check/")
    root = quiz(page, "weighted-check")
    urgent = root.locator(".gc-result__urgent")

    # One answer below the threshold: no panel. (Question 2's lowest score is its raw 4,
    # which would fire the other rule.)
    base = {**lowest(q), "calls": 3}
    below = {**base, "unsafe": 2}
    assert score_answers(q, below).red_flags == ()
    choose(page, "weighted-check", below)
    submit(page, "weighted-check")
    assert root.locator(".gc-result").is_visible() and not urgent.is_visible()

    # Exactly at the threshold, with the lowest total: the panel shows, above the result.
    at = {**base, "unsafe": 3}
    expected = score_answers(q, at)
    assert expected.red_flags == (0,) and expected.band == 0
    choose(page, "weighted-check", at)
    submit(page, "weighted-check")
    assert urgent.is_visible()
    text = urgent.inner_text()
    assert "You said you have felt unsafe most days or more." in text
    assert "You said you return calls every day." not in text
    assert "Samaritans" in text and "116 123" in text and "999" in text
    assert urgent.locator("a[href='tel:116123']").count() == 1
    # The lowest band's reassuring title, text and next steps give way to a plain message.
    assert root.locator(".gc-result__title").inner_text() == "Please talk to someone soon"
    body = root.locator(".gc-result__body").inner_text()
    assert "important to talk to someone" in body and "steady" not in body
    assert not root.locator(".gc-result__next").is_visible()
    panel_top = urgent.bounding_box()["y"]
    assert panel_top < root.locator(".gc-result__title").bounding_box()["y"]
    assert panel_top < root.locator(".gc-result__score").bounding_box()["y"]
    assert panel_top > root.locator(".gc-result__heading").bounding_box()["y"]
    assert focused_id(page) == "gcq-weighted-check--result--h"

    # A flag on a reversed item fires on the raw answer, and both messages show.
    both = {**at, "calls": 4}
    assert score_answers(q, both).red_flags == (0, 1)
    choose(page, "weighted-check", both)
    submit(page, "weighted-check")
    assert urgent.locator(".gc-result__flags p").count() == 2


@browser_test
def test_result_has_subscale_bars_with_text_and_next_steps(
    quiz_url: str, page: Any, fixture_quizzes: dict[str, Quiz]
) -> None:
    q = fixture_quizzes["weighted-check"]
    answers = {"alone": 4, "calls": 1, "mood": 3, "energy": 0, "unsafe": 1}
    expected = score_answers(q, answers)
    assert (expected.total, expected.subscales) == (4 + 8 + 9 + 1 + 1, {"distance": 12, "mood": 10})
    page.goto(quiz_url + "quizzes/weighted-check/")
    choose(page, "weighted-check", answers)
    submit(page, "weighted-check")
    root = quiz(page, "weighted-check")
    assert root.locator(".gc-result__title").inner_text() == "A lot of strain"
    rows = root.locator(".gc-result__bars li")
    assert rows.all_inner_texts() == [
        "Keeping distance: 12 (possible range 3 to 12). Some distance", "Mood: 10 (possible range 2 to 14). Low mood"
    ]
    assert root.locator(".gc-result__score").inner_text() == "Your score: 23 (possible range 6 to 30)"
    fills = root.locator(".gc-bar__fill")
    widths = [float(w.rstrip("%")) for w in fills.evaluate_all("els => els.map(e => e.style.width)")]
    assert widths == [100, pytest.approx(100 * (10 - 2) / (14 - 2), abs=0.001)]
    assert root.locator(".gc-bar").first.get_attribute("aria-hidden") == "true"
    assert not root.locator(".gc-result__next").is_visible(), "this band has no next steps"

    # 1 + (5-3)*2 + 6 + (1-2) + 1 = 11, with no red flag (calls at 4 would fire one and hide next steps)
    choose(page, "weighted-check", {"alone": 1, "calls": 3, "mood": 2, "energy": 2, "unsafe": 1})
    submit(page, "weighted-check")
    links = root.locator(".gc-result__links a")
    assert links.all_inner_texts() == ["Try the worksheet"]
    links.first.click()
    assert urlsplit(page.url).path == "/worksheets/fixture-worksheet/"


@browser_test
def test_two_quizzes_on_one_page_are_independent(quiz_url: str, page: Any) -> None:
    page.goto(quiz_url + "topics/fixture-topic/")
    assert page.locator(".gc-quiz").count() == 2
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "ids must be unique on a page with two quizzes"
    choose(page, "short-check", {"tired": 2, "rested": 0, "worried": 2})
    submit(page, "short-check")
    assert quiz(page, "short-check").locator(".gc-result__title").inner_text() == "Higher"
    assert quiz(page, "short-check").locator(".gc-result__heading").evaluate("e => e.tagName") == "H4"
    other = quiz(page, "weighted-check")
    assert not other.locator(".gc-result").is_visible()
    assert other.locator(".gc-quiz__progress").inner_text() == "0 of 5 answered"
    assert other.locator("[aria-invalid]").count() == 0


@browser_test
def test_start_again_clears_answers_and_result(quiz_url: str, page: Any) -> None:
    page.goto(quiz_url + "quizzes/short-check/")
    root = quiz(page, "short-check")
    choose(page, "short-check", {"tired": 1, "rested": 1, "worried": 1})
    submit(page, "short-check")
    assert root.locator(".gc-result").is_visible()
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    root.locator(".gc-result__print").click()
    assert page.evaluate("window.__printed") == 1
    root.locator(".gc-result__restart").click()
    assert root.locator("input:checked").count() == 0
    assert not root.locator(".gc-result").is_visible()
    assert root.locator(".gc-quiz__progress").inner_text() == "0 of 3 answered"
    assert focused_fieldset(page) == "gcq-short-check--q-tired"


@browser_test
def test_without_javascript_it_is_a_printable_paper_form(
    quiz_url: str, browser: Any, fixture_quizzes: dict[str, Quiz]
) -> None:
    q = fixture_quizzes["weighted-check"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        url = quiz_url + "quizzes/weighted-check/"
        page.goto(url)
        root = quiz(page, "weighted-check")
        fieldsets = root.locator("fieldset.gc-question")
        assert fieldsets.count() == len(q.questions)
        for i, question in enumerate(q.questions):
            fs = fieldsets.nth(i)
            assert fs.locator("legend").inner_text() == f"{i + 1}. {question.text}"
            labels = fs.locator("label.gc-option")
            assert labels.all_inner_texts() == [p.label for p in q.scale_for(question)]
            assert labels.locator("input[type=radio]").count() == len(q.scale_for(question))
            assert fs.is_visible()
        key = root.locator(".gc-quiz__key")
        assert key.get_attribute("open") is not None and key.locator("table").first.is_visible()
        key_text = key.inner_text()
        assert "Questions 2, 4 count the other way round. The table already shows their points that way" in key_text
        assert "scored the other way round" not in key_text
        assert "Your total can be from 6 to 30." in key_text
        for band in q.bands:
            assert f"{band.min} to {band.max}\t{band.title}" in key_text
        assert "Question 5: Most days or Every day" in key_text and "Question 2: Every day" in key_text
        assert "Samaritans" in key_text and "In an emergency, call 999." in key_text
        # Points per answer, reverse items and weights included: question 2 is reversed, weight 2.
        row2 = key.locator("tbody tr").nth(1)
        assert row2.inner_text().split("\t") == ["2", "8", "6", "4", "2"]
        for text in ("A test reflection, not a diagnosis.", "Only for yourself, please.",
                     "Your answers stay on this device."):
            assert text in root.locator(".gc-quiz__about").inner_text()

        # No working submit: nothing to press, and Enter on an answer does not leave the page.
        assert root.locator("button[type=submit]:visible, input[type=submit]").count() == 0
        form = root.locator("form")
        assert form.get_attribute("action") is None and form.get_attribute("method") == "dialog"
        assert form.get_attribute("autocomplete") == "off"
        root.locator("input").first.check()
        root.locator("input").first.press("Enter")
        assert page.url == url
        assert not root.locator(".gc-result").is_visible()
    finally:
        context.close()


@browser_test
def test_privacy_nothing_leaves_the_page(quiz_url: str, page: Any, fixture_quizzes: dict[str, Quiz]) -> None:
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(quiz_url))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    url = quiz_url + "topics/fixture-topic/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    stored = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    loaded = len(requests)
    q = fixture_quizzes["weighted-check"]
    choose(page, "weighted-check", {**lowest(q), "unsafe": 4})
    submit(page, "weighted-check")
    submit(page, "short-check")  # unanswered: validation only
    choose(page, "short-check", {"tired": 1, "rested": 1, "worried": 1})
    submit(page, "short-check")
    quiz(page, "short-check").locator(".gc-result__restart").click()
    assert page.url == url
    assert requests[loaded:] == [], "answering and scoring must make no request"
    assert all(r.startswith(origin) for r in requests), requests
    assert page.context.cookies() == [] and page.evaluate("document.cookie") == ""
    assert page.evaluate("sessionStorage.length") == 0
    # Material itself keeps the colour scheme choice ('/.__palette'); the quiz adds nothing.
    assert page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]") == stored
    assert all(key.endswith("__palette") for key in stored[0]), stored


@browser_test
def test_print_shows_the_result_without_site_chrome(quiz_url: str, page: Any) -> None:
    page.goto(quiz_url + "topics/fixture-topic/")
    choose(page, "short-check", {"tired": 2, "rested": 2, "worried": 2})
    submit(page, "short-check")
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-footer", ".gc-footer-notice", ".md-banner"):
        loc = page.locator(chrome)
        assert loc.count() == 0 or not loc.first.is_visible(), chrome
    done = quiz(page, "short-check")
    assert done.locator(".gc-result__title").is_visible()
    assert done.locator(".gc-result__note").is_visible()
    assert done.locator(".gc-quiz__disclaimer").is_visible()
    for hidden in (".gc-quiz__form", ".gc-quiz__key", ".gc-result__actions"):
        assert not done.locator(hidden).is_visible(), hidden
    assert not quiz(page, "weighted-check").is_visible(), "the rest of the page stays off the printout"
    assert page.locator("h1").is_visible()

    # Printing a blank quiz prints the paper form, with its scoring key opened for the printout.
    page.emulate_media(media="screen")
    page.goto(quiz_url + "quizzes/weighted-check/")
    key = quiz(page, "weighted-check").locator(".gc-quiz__key")
    assert key.get_attribute("open") is None
    page.evaluate("() => { dispatchEvent(new Event('beforeprint')); }")
    page.emulate_media(media="print")
    assert key.get_attribute("open") is not None and key.locator("table").first.is_visible()
    assert quiz(page, "weighted-check").locator("fieldset").first.is_visible()
    page.evaluate("() => { dispatchEvent(new Event('afterprint')); }")
    assert key.get_attribute("open") is None


@browser_test
def test_content_is_text_never_code(quiz_url: str, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(quiz_url + "quizzes/weighted-check/")
    root = quiz(page, "weighted-check")
    assert '<script>alert("intro")</script>' in root.locator(".gc-quiz__about").inner_text()
    choose(page, "weighted-check", {"alone": 1, "calls": 3, "mood": 1, "energy": 2, "unsafe": 1})  # no red flag
    submit(page, "weighted-check")
    body = root.locator(".gc-result__body")
    assert "<img src=x onerror=alert(1)> stays text." in body.inner_text()
    assert body.locator("img, script").count() == 0 and body.locator("strong").count() == 1
    scripts = root.locator("script").evaluate_all("els => els.map(e => e.type)")
    assert scripts == ["application/json"], "content is data, with no inline script"
    assert dialogs == []


@browser_test
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_small_screen_both_schemes_and_reduced_motion(quiz_url: str, browser: Any, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(quiz_url + "topics/fixture-topic/")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        choose(page, "weighted-check", {"alone": 2, "calls": 2, "mood": 2, "energy": 0, "unsafe": 3})
        submit(page, "weighted-check")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, "no sideways scrolling at 320 px"
        for box in page.locator(".gc-question, .gc-option, .gc-result, .gc-quiz__submit").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right])"
        ):
            assert box[0] >= 0 and box[1] <= 320, box
        fill = quiz(page, "weighted-check").locator(".gc-bar__fill").first
        duration = fill.evaluate("e => getComputedStyle(e).transitionDuration")
        assert float(duration.rstrip("s")) < 0.001, duration
        # Text in the quiz and result stays readable in both schemes.
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(page, context={"include": [[".gc-quiz"]]},
                            options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"], "resultTypes": ["violations"]})
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


# --------------------------------------------------------------------------- the built HTML


def test_only_pages_with_a_quiz_load_the_runtime(quiz_site: Path) -> None:
    """Zero bytes added to pages without a quiz."""
    with_quiz = []
    for html_file in sorted(quiz_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        has_quiz = 'class="gc-quiz"' in html
        loads = ("assets/guidecraft/quiz.js" in html, "assets/guidecraft/quiz.css" in html)
        assert loads == (has_quiz, has_quiz), html_file
        if has_quiz:
            with_quiz.append(html_file.relative_to(quiz_site).as_posix())
    assert with_quiz == [
        "quizzes/closeness-check/index.html", "quizzes/short-check/index.html", "quizzes/weighted-check/index.html",
        "quizzes/wellbeing-check/index.html", "topics/fixture-topic/index.html",
    ]


# --------------------------------------------------------------------------- version 2 rules


def result_texts(root: Any) -> dict[str, Any]:
    def visible(sel: str) -> list[str]:
        loc = root.locator(sel)
        return [loc.nth(i).inner_text() for i in range(loc.count()) if loc.nth(i).is_visible()]

    return {
        "title": visible(".gc-result__title"),
        "score": visible(".gc-result__score"),
        "transformed": visible(".gc-result__transformed"),
        # An advice card's heading: its title after the level that only screen readers hear.
        "advice": [t.splitlines()[-1] for t in visible(".gc-result__advice .gc-care__heading")],
        "urgent": root.locator(".gc-result__urgent").is_visible(),
        "body": root.locator(".gc-result__body").inner_text(),
        "next": visible(".gc-result__links a"),
    }


@browser_test
def test_crisis_framing_advice_notes_and_transform(
    quiz_url: str, page: Any, fixture_quizzes: dict[str, Quiz]
) -> None:
    q = fixture_quizzes["wellbeing-check"]
    page.goto(quiz_url + "quizzes/wellbeing-check/")
    root = quiz(page, "wellbeing-check")
    # The lowest total with 'unsafe' at its crisis threshold: the calm band must not show.
    crisis = {"low": 0, "flat": 0, "rested": 3, "tired": 0, "unsafe": 2, "hard": 0}
    s = score_answers(q, crisis)
    assert (s.total, s.band, s.crisis, s.flags) == (2, 0, True, (0, 4))
    choose(page, "wellbeing-check", crisis)
    submit(page, "wellbeing-check")
    got = result_texts(root)
    assert got["urgent"] and "You said you have felt unsafe on most days." in root.locator(".gc-result__urgent").inner_text()
    assert got["title"] == ["Please talk to someone soon"]
    assert "calm and steady" not in got["body"] and "important to talk to someone" in got["body"]
    assert got["next"] == [], "a band's next steps are not shown under a crisis panel"
    assert got["score"] == ["Your score: 2 (possible range 0 to 18)"]
    assert got["transformed"] == ["As a percentage: 5% (possible range 0% to 45%)"]
    assert got["advice"] == ["Total"]
    urgent_top = root.locator(".gc-result__urgent").bounding_box()["y"]
    assert urgent_top < root.locator(".gc-result__title").bounding_box()["y"]

    # No crisis: the band shows with its next steps; advice notes follow the flags that fired.
    calm = {"low": 2, "flat": 0, "rested": 0, "tired": 3, "unsafe": 1, "hard": 2}
    s = score_answers(q, calm)
    assert (s.total, s.band, s.crisis) == (2 + 3 + 6 + 1, 1, False)
    assert [q.flags[i].title for i in s.flags] == ["A pattern worth a check", "Rest", "Energy"]
    choose(page, "wellbeing-check", calm)
    submit(page, "wellbeing-check")
    got = result_texts(root)
    assert not got["urgent"] and got["title"] == ["Some strain"]
    assert got["advice"] == ["A pattern worth a check", "Rest", "Energy"]
    assert got["transformed"] == ["As a percentage: 30% (possible range 0% to 45%)"]
    assert root.locator(".gc-result__advice a").first.inner_text() == "Read the topic"
    bars = root.locator(".gc-result__bars li").all_inner_texts()
    assert bars == ["Mood: 2 (possible range 0 to 6). Steady mood",
                    "Energy: 3 (possible range 0 to 3). Low energy"]

    # The lowest band without a crisis shows its own title and next steps.
    low = {"low": 0, "flat": 0, "rested": 3, "tired": 0, "unsafe": 0, "hard": 0}
    choose(page, "wellbeing-check", low)
    submit(page, "wellbeing-check")
    got = result_texts(root)
    assert got["title"] == ["All calm"] and got["next"] == ["Keep it up with the worksheet"]
    assert got["advice"] == ["Total"] and not got["urgent"]


@browser_test
def test_profiles_from_two_mean_subscales(quiz_url: str, page: Any, fixture_quizzes: dict[str, Quiz]) -> None:
    q = fixture_quizzes["closeness-check"]
    page.goto(quiz_url + "quizzes/closeness-check/")
    root = quiz(page, "closeness-check")
    answers = {"worry-1": 4, "worry-2": 4, "worry-3": 5, "distance-1": 4, "distance-2": 5, "distance-3": 3}
    assert score_answers(q, answers).profile == 1
    choose(page, "closeness-check", answers)
    submit(page, "closeness-check")
    got = result_texts(root)
    assert got["title"] == ["Wanting closeness, worrying about it"] and got["score"] == []
    assert got["next"] == ["Try the worksheet"]
    # No total: the hidden score line is empty (not "Your score: null"), and the paper key
    # does not ask for a total.
    assert root.locator(".gc-result__score").text_content() == ""
    assert "null" not in root.locator(".gc-result").text_content()
    key = root.locator(".gc-quiz__key").text_content()
    assert "total" not in key and "add up the points for each part" in key
    assert root.locator(".gc-result__bars li").all_inner_texts() == [
        "Worry about closeness: 3.67 (possible range 1 to 7). High worry",
        "Keeping a distance: 3.33 (possible range 1 to 7). Low distance",
    ]
    # Each profile is reachable in the page and matches the reference scorer.
    for worry, distance in ((1, 1), (7, 7), (1, 7)):
        a = {"worry-1": worry, "worry-2": worry, "worry-3": 8 - worry,
             "distance-1": distance, "distance-2": 8 - distance, "distance-3": distance}
        choose(page, "closeness-check", a)
        submit(page, "closeness-check")
        assert result_texts(root)["title"] == [q.profiles[score_answers(q, a).profile].title]


# --------------------------------------------------------------------------- the instrument library


@pytest.fixture(scope="session")
def library_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Quiz]]]:
    """Each library instrument scaffolded as an author would, its placeholders filled with neutral
    test words, then built with mkdocs build --strict."""
    from generator.instruments import instrument_ids
    from generator.scaffold import new_file

    base = tmp_path_factory.mktemp("library")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)  # the bundled site, which passes every lint, as the instruments must
    for ident in instrument_ids():
        path, _ = new_file("quiz", ident, content, schemas_dir=base / "schemas", instrument=ident)
        counter = itertools.count(1)
        text = re.sub(r"TODO:[^\"\n]*", lambda m, c=counter: f"Test words {next(c)}", path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    project = copy_project(base / "project", content=content)
    set_plugin_options(project, pdfs=False)  # the instruments themselves pass every lint
    site = base / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    quizzes = {s: d.model for s, d in load_content(content).quizzes.items() if s in instrument_ids()}
    url, stop = serve(site)
    yield url, quizzes
    stop()


@browser_test
@pytest.mark.parametrize("ident", ["phq-9", "gad-7", "who-5", "ucla-3", "rosenberg"])
def test_library_instrument_scores_as_published_in_chromium(
    ident: str, library_url: tuple[str, dict[str, Quiz]], page: Any
) -> None:
    url, quizzes = library_url
    q = quizzes[ident]
    rng = random.Random(ident)
    scales = {x.id: [p.value for p in q.scale_for(x)] for x in q.questions}
    wanted: dict[Any, dict[str, int]] = {}
    for _ in range(20000):
        a = {k: rng.choice(v) for k, v in scales.items()}
        s = score_answers(q, a)
        wanted.setdefault((s.band, s.crisis, s.flags), a)
    assert {band for band, _, _ in wanted} == set(range(len(q.bands)))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url + f"quizzes/{ident}/")
    root = quiz(page, ident)
    lo, hi = min(possible_scores(q)), max(possible_scores(q))
    for a in list(wanted.values())[:12]:
        s = score_answers(q, a)
        choose(page, ident, a)
        submit(page, ident)
        got = result_texts(root)
        assert got["title"] == ["Please talk to someone soon" if s.crisis else q.bands[s.band].title], a
        assert got["score"] == [f"Your score: {s.total} (possible range {lo} to {hi})"]
        assert got["urgent"] == s.crisis
        assert got["advice"] == [q.flags[i].title for i in s.flags if q.flags[i].severity == "advice"]
        if q.transform:
            assert got["transformed"] == [f"Percentage score: {s.shown['transformed']}% (possible range 0% to 100%)"]
    text = root.locator(".gc-quiz__credits").inner_text()
    assert q.licence.split()[1] in text and "Source:" in text
    assert errors == []
