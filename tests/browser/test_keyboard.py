"""A reader with only a keyboard: skip to the content, take a quiz, hear the result, open a
worksheet, fill it in and print it. Every step uses keys, never the mouse."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from ._sitewalk import ServedSite

pytestmark = pytest.mark.browser

# Material's chrome, which has no place on paper.
CHROME = [
    ".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-skip",
]
QUIZ_PAGE = re.compile(r"/quizzes/[a-z0-9-]+/$")
WORKSHEET_PAGE = re.compile(r"/worksheets/[a-z0-9-]+/$")
QUIZ_LINK = r"el => el.tagName === 'A' && /\/quizzes\/[a-z0-9-]+\/$/.test(el.href)"
WORKSHEET_LINK = r"el => el.tagName === 'A' && /\/worksheets\/[a-z0-9-]+\/$/.test(el.href)"


@pytest.fixture
def kb(browser: Any) -> Iterator[Any]:
    # Reduced motion: what fades in on focus is checked as it ends up, not half-way.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = context.new_page()
    yield page
    context.close()


def settle(page: Any) -> None:
    """Let scripts react to a key as they would for a person."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 20))))")


def press(page: Any, key: str) -> None:
    page.keyboard.press(key)
    settle(page)


def focused(page: Any, js: str) -> Any:
    """Evaluate ``js`` (a function of the focused element) on the focused element."""
    return page.evaluate(f"(() => {{ const el = document.activeElement; return ({js})(el); }})()")


def tab_to(page: Any, predicate: str, limit: int = 500) -> None:
    """Press Tab until the focused element satisfies ``predicate`` (JS: el => boolean)."""
    for _ in range(limit):
        press(page, "Tab")
        if focused(page, predicate):
            return
    raise AssertionError(f"Tab never reached an element where {predicate} on {page.url}")


ON_SCREEN = """el => {
  const r = el.getBoundingClientRect();
  return el.checkVisibility({opacityProperty: true, visibilityProperty: true}) && r.width > 0 && r.height > 0
    && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
}"""


def is_visible(page: Any) -> bool:
    """The focused element can be seen on screen."""
    return bool(focused(page, ON_SCREEN))


def test_skip_link_is_first_and_moves_focus_to_the_content(site: ServedSite, kb: Any) -> None:
    kb.goto(site.url(""))
    press(kb, "Tab")
    assert focused(kb, "el => el.matches('a.md-skip')"), "the first Tab stop is not the skip link"
    assert is_visible(kb), "the skip link is not visible when focused"
    target = focused(kb, "el => el.hash")
    assert target, "the skip link has no target"
    press(kb, "Enter")
    assert kb.evaluate("location.hash") == target
    press(kb, "Tab")
    assert focused(kb, "el => !!el.closest('article')"), "after skipping, Tab does not go into the content"
    assert is_visible(kb)


def test_keyboard_journey_quiz_result_worksheet_and_print(site: ServedSite, kb: Any) -> None:
    page = kb
    page.goto(site.url(""))

    # Crisis help comes before everything but the skip link.
    press(page, "Tab")
    press(page, "Tab")
    on_crisis_line = focused(page, "el => !!el.closest('.md-banner') && el.href.startsWith('tel:')")
    assert on_crisis_line, "the crisis line is not the second Tab stop"

    # Reach a quiz from the home page and open it.
    tab_to(page, QUIZ_LINK)
    assert is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert QUIZ_PAGE.search(page.url), page.url
    settle(page)
    quiz = page.locator(".gc-quiz[data-gc-quiz]").first

    # Answer every question: Space picks the focused answer, an arrow key moves to the next one.
    tab_to(page, "el => el.type === 'radio' && !!el.closest('.gc-quiz form')")
    groups = quiz.locator("form input[type=radio]").evaluate_all("els => [...new Set(els.map(e => e.name))].length")
    for n in range(groups):
        assert focused(page, "el => el.type === 'radio'"), f"question {n + 1}: focus is not on an answer"
        press(page, "Space")
        if n % 2:
            press(page, "ArrowDown")
        assert focused(page, "el => el.checked"), f"question {n + 1}: the keyboard did not choose an answer"
        assert is_visible(page)
        press(page, "Tab")
    assert focused(page, "el => el.type === 'submit'"), "after the last question Tab does not reach the submit button"
    answered = quiz.locator("form input[type=radio]:checked").count()
    assert answered == groups

    url_before = page.url
    press(page, "Enter")
    live = quiz.locator("[aria-live]:not(form [aria-live])").first
    assert live.get_attribute("aria-live") in {"polite", "assertive"}
    live.locator(":scope *:visible").first.wait_for(timeout=5000)
    text = live.inner_text().strip()
    assert text, "the result did not appear in the live region"
    assert page.url == url_before, "submitting the quiz changed the URL"
    assert is_visible(page), "focus was lost after submitting the quiz"

    # The result prints without the site's chrome.
    page.emulate_media(media="print")
    hidden_in_print(page)
    # Buttons may hide on paper; the result itself must not.
    assert live.is_visible() and text[:200] in live.inner_text(), "the result does not print"
    page.emulate_media(media="screen")

    # Open a worksheet with the keyboard, write in it and print it.
    page.goto(site.url(""))
    tab_to(page, WORKSHEET_LINK)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert WORKSHEET_PAGE.search(page.url), page.url
    settle(page)
    tab_to(page, "el => (el.tagName === 'TEXTAREA' || el.type === 'text') && !!el.closest('article')")
    page.keyboard.type("Call my sister on Sunday")
    assert focused(page, "el => el.value") == "Call my sister on Sunday"
    field = focused(page, "el => el.id")
    page.emulate_media(media="print")
    hidden_in_print(page)
    assert page.locator("article h1").is_visible()
    assert page.locator(f"[id='{field}']").input_value() == "Call my sister on Sunday"


def hidden_in_print(page: Any) -> None:
    showing = [sel for sel in CHROME if any(el.is_visible() for el in page.locator(sel).all())]
    assert not showing, f"{', '.join(showing)} still show when printing {page.url}"
