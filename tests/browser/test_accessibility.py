"""WCAG 2.2 AA and beyond, checked in Debian's Chromium on every page of the built site.

axe-core runs every rule it has (WCAG A to AAA, best practice and experimental), in the
light and dark schemes, on a phone-sized screen, after a quiz shows its result and with
the search dialog open. Then checks axe cannot make: the crisis banner is on screen when
a page opens, nothing scrolls sideways at 320 px, text can grow to 200 %, focus is
always visible and motion stops when the reader asks for less.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from ._sitewalk import (
    ServedSite,
    answer_quiz,
    axe_failures,
    quiz_roots,
    submit_quiz,
)

pytestmark = pytest.mark.browser

AXE = Axe()
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"width": 320, "height": 568}
DESKTOP = {"width": 1280, "height": 720}
# Tags the run must cover: a rule set missing from axe would make "0 violations" meaningless.
REQUIRED_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "wcag2aaa", "best-practice", "experimental"}


def all_rule_ids(page: Any) -> list[str]:
    """Every rule axe-core knows, including those it leaves off by default."""
    inject_axe(page)
    rules = page.evaluate("axe.getRules()")
    tags = {t for r in rules for t in r["tags"]}
    assert REQUIRED_TAGS <= tags, f"axe-core lacks rule sets {REQUIRED_TAGS - tags}"
    return [r["ruleId"] for r in rules]


def inject_axe(page: Any) -> None:
    # The bundled axe-core, once per page load (no network).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)


# Running CSS transitions and animations that end (Material fades search results and hover
# backgrounds in over ~0.25 s). Mid-fade, colours are blends, and on a loaded machine axe can
# catch them there, so checks wait for them to finish. Endless animations are ignored.
_RUNNING = """() => document.getAnimations().filter(a => a.playState === 'running'
    && a.effect && a.effect.getComputedTiming().endTime !== Infinity).length === 0"""


def wait_for_transitions(page: Any) -> None:
    page.wait_for_function(_RUNNING, timeout=10000)


def axe_check(page: Any, rules: list[str], within: str | None = None) -> list[str]:
    """Run every rule on the page as it is now (or on the part ``within`` selects); one line per failing element."""
    wait_for_transitions(page)
    inject_axe(page)
    options = {"runOnly": {"type": "rule", "values": rules}, "resultTypes": ["violations"]}
    context = {"include": [[within]]} if within else "document"
    result = page.evaluate("([c, o]) => axe.run(c === 'document' ? document : c, o)", [context, options])
    ran = {r["id"] for key in ("passes", "violations", "incomplete") for r in result[key]}
    # color-contrast applies to any page with text: if it did not run, axe did not look at the page.
    assert "color-contrast" in ran, f"axe did not check colour contrast on {page.url}"
    return axe_failures(page.url + (f" [{within}]" if within else ""), result["violations"])


def open_page(page: Any, url: str, scheme: str = "light") -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    # Material picks the palette from prefers-color-scheme in its own script: wait for it.
    page.wait_for_function(f"document.body.dataset.mdColorScheme === {SCHEMES[scheme]!r}", timeout=5000)


def report(failures: list[str]) -> str:
    return f"{len(failures)} accessibility violations:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE), ("dark", PHONE)],
    ids=["light-1280px", "dark-1280px", "light-320px", "dark-320px"],
)
def test_every_page(browser: Any, site: ServedSite, scheme: str, viewport: dict[str, int]) -> None:
    """Every page: axe finds nothing; the crisis line and the get-help link are on screen
    when the page opens; on a 320 px phone nothing scrolls sideways (WCAG 1.4.10)."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    failures: list[str] = []
    rules: list[str] = []
    for path in site.pages:
        open_page(page, site.url(path), scheme)
        if scheme == "light":  # the same layout in both schemes
            failures += crisis_help_on_screen(page)
        if viewport is PHONE:
            failures += sideways_scroll(page, "loaded")
        rules = rules or all_rule_ids(page)
        failures += axe_check(page, rules)
    context.close()
    assert len(site.pages) >= 5, f"only {len(site.pages)} pages built"
    assert not failures, report(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quiz_results_and_errors_pass_every_axe_rule(browser: Any, site: ServedSite, scheme: str) -> None:
    """Each quiz with the 'please answer' errors showing, then with a result showing (the highest
    answers, so the urgent-help panel shows too). The rest of the page is checked above."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures: list[str] = []
    rules: list[str] = []
    quizzes = 0
    for path in site.content_pages():
        open_page(page, site.url(path), scheme)
        for root in quiz_roots(page):
            rules = rules or all_rule_ids(page)
            quizzes += 1
            within = "#" + root.evaluate("e => e.id")
            assert within != "#", f"a quiz without an id on {page.url}"
            root.locator("form button[type=submit]").click()
            failures += axe_check(page, rules, within)
            answer_quiz(root, "last")
            assert submit_quiz(root), f"no result text on {page.url}"
            failures += axe_check(page, rules, within)
    context.close()
    assert quizzes, "the site has no quiz to test"
    assert not failures, report(failures)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "1280px"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_dialog_with_results_passes_every_axe_rule(
    browser: Any, site: ServedSite, scheme: str, viewport: dict[str, int]
) -> None:
    """guidecraft's search (Pagefind) open with results showing, and the status line read out."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    open_page(page, site.url(""), scheme)
    rules = all_rule_ids(page)
    word = page.locator("article h1, article h2").first.inner_text().split()[0]
    page.keyboard.press("/")  # the shortcut opens search, as in Material
    page.locator(".gc-search input.md-search__input").press_sequentially(word)
    page.locator(".gc-search .md-search-result__item").first.wait_for(timeout=10000)
    page.wait_for_function("w => document.getElementById('gc-search-status').textContent.includes(w)", arg=word)
    failures = axe_check(page, rules)
    if viewport is PHONE:
        failures += sideways_scroll(page, "search results showing")
    context.close()
    assert not failures, report(failures)


# --------------------------------------------------------------------------- crisis help and small screens

IN_VIEWPORT = """el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
    && r.bottom <= innerHeight && r.right <= innerWidth && el.checkVisibility();
}"""


def crisis_help_on_screen(page: Any) -> list[str]:
    """The banner's tel: link and its get-help link, fully on screen as the page opens."""
    links = page.locator(".md-banner a")
    hrefs = links.evaluate_all("as => as.map(a => a.href)")
    tels = [i for i, h in enumerate(hrefs) if h.startswith("tel:")]
    # Resolved, because on the help page itself the link is to "./".
    helps = [i for i, h in enumerate(hrefs) if h.endswith(("/get-help/", "/get-help.html"))]
    if len(tels) != 1 or len(helps) != 1:
        return [f"crisis banner on {page.url} has {len(tels)} tel: links and {len(helps)} get-help links"]
    problems = []
    if page.request.get(hrefs[helps[0]]).status != 200:
        problems.append(f"crisis banner on {page.url}: get-help link {hrefs[helps[0]]} does not load")
    for name, i in (("tel: link", tels[0]), ("get-help link", helps[0])):
        if not links.nth(i).evaluate(IN_VIEWPORT):
            width = page.viewport_size["width"]
            problems.append(f"crisis banner on {page.url}: the {name} is not fully on screen at {width}px")
    return problems


NO_SIDEWAYS_SCROLL = "() => document.scrollingElement.scrollWidth - innerWidth"


def sideways_scroll(page: Any, state: str) -> list[str]:
    extra = page.evaluate(NO_SIDEWAYS_SCROLL)
    if extra <= 0:
        return []
    return [f"{page.url} ({state}): page is {extra}px wider than the screen; widest: {page.evaluate(WIDEST)}"]


def test_quiz_results_fit_320px(browser: Any, site: ServedSite) -> None:
    """WCAG 1.4.10 reflow with each quiz's result showing (the pages as loaded are checked above)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems = []
    quizzes = 0
    for path in site.content_pages():
        page.goto(site.url(path))
        for root in quiz_roots(page):
            quizzes += 1
            answer_quiz(root, "last")
            submit_quiz(root)
            problems += sideways_scroll(page, "with a quiz result")
    context.close()
    assert quizzes, "the site has no quiz to test"
    assert not problems, "\n".join(problems)


# The elements that stick out furthest to the right, to say what to fix.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.checkVisibility())
  .map(e => [e.getBoundingClientRect().right, e.tagName.toLowerCase()
    + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).join('.') : '')])
  .filter(([r]) => r > innerWidth + 0.5)
  .sort((a, b) => b[0] - a[0]).slice(0, 5)"""

# Elements in the article or the crisis banner whose own text is cut off by overflow.
CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('article *, .md-banner *')) {
    const box = el.getBoundingClientRect();
    // Text kept for screen readers only is 1px and clipped on purpose.
    if (!el.checkVisibility() || box.width <= 1 || box.height <= 1) continue;
    const cs = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(cs.overflowX) || ['hidden', 'clip'].includes(cs.overflowY);
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (clips && ownText && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      out.push(el.tagName.toLowerCase() + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
    }
  }
  return out;
}"""

WIDEST_IN_CONTENT = WIDEST.replace("'body *'", "'.md-content *'").replace(
    "r > innerWidth + 0.5", "r > document.querySelector('.md-content').getBoundingClientRect().right + 0.5"
)

CONTENT_OVERFLOW = """() => {
  const c = document.querySelector('.md-content');
  return c ? c.scrollWidth - c.clientWidth : 0;
}"""


def test_text_resized_to_200_percent_still_fits(browser: Any, site: ServedSite) -> None:
    """WCAG 1.4.4: with the browser's text size doubled at 1280 px, no sideways scroll and no text cut off.

    The browser's own font-size setting (through the DevTools protocol) doubles the root size
    the theme builds on, and em-based media queries follow it, as they do for a reader."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    before = text_size(page, site.url(""))
    cdp = context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    after = text_size(page, site.url(""))
    assert after >= 1.99 * before, f"text did not double: {before}px to {after}px"
    problems = []
    for path in site.pages:
        page.goto(site.url(path))
        if (extra := page.evaluate(NO_SIDEWAYS_SCROLL)) > 0:
            problems.append(f"{page.url}: page scrolls sideways by {extra}px; widest: {page.evaluate(WIDEST)}")
        if (extra := page.evaluate(CONTENT_OVERFLOW)) > 0:
            widest = page.evaluate(WIDEST_IN_CONTENT)
            problems.append(f"{page.url}: main content overflows by {extra}px; widest: {widest}")
        if clipped := page.evaluate(CLIPPED):
            problems.append(f"{page.url}: text cut off: {clipped}")
    context.close()
    assert not problems, "\n".join(problems)


def text_size(page: Any, url: str) -> float:
    page.goto(url)
    return float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"))


# --------------------------------------------------------------------------- focus and motion

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const shown = e => {
    const r = e.getBoundingClientRect();
    return e.checkVisibility({visibilityProperty: true, opacityProperty: true}) && r.width > 0 && r.height > 0;
  };
  // A visually hidden radio or checkbox shows its focus on the label beside it (Material's palette toggle).
  const next = el.nextElementSibling;
  const ring = shown(el) ? el : (next && next.tagName === 'LABEL' && shown(next) ? next : null);
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const what = name(el) + ' "' + (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30) + '"';
  if (!ring) return {what, visible: false};
  const cs = getComputedStyle(ring);
  return {
    what,
    visible: true,
    indicator: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none',
  };
}"""


def settle(page: Any) -> None:
    """Let the page react to a key as it would for a person (Material handles focus a moment later)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 20))))")


def sample_pages(site: ServedSite) -> list[str]:
    """Home, help, and the first page of each kind (topic, quiz, worksheet, index)."""
    chosen = ["", "get-help/"]
    for prefix in ("topics/", "quizzes/", "worksheets/"):
        kind = [p for p in site.pages if p.startswith(prefix) and p != prefix]
        chosen += kind[:1]
        if prefix in site.pages:
            chosen.append(prefix)
    return [p for p in chosen if p in site.pages]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "320px"])
def test_focus_is_always_visible(browser: Any, site: ServedSite, viewport: dict[str, int]) -> None:
    """Tab through every focusable element of a sample of pages: each shows an outline or ring.

    Reduced motion, so elements that fade in on focus (the skip link) are checked as they end up."""
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    page = context.new_page()
    problems = []
    reached = 0
    for path in sample_pages(site):
        page.goto(site.url(path))
        seen: set[str] = set()
        for _ in range(400):
            page.keyboard.press("Tab")
            settle(page)
            state = page.evaluate(FOCUS_STYLE)
            if state is None:
                continue
            if state["what"] in seen:
                break  # wrapped round to the start
            seen.add(state["what"])
            reached += 1
            if not state["visible"]:
                problems.append(f"{page.url}: focus went to something invisible: {state['what']}")
            elif not state["indicator"]:
                problems.append(f"{page.url}: no visible focus indicator on {state['what']}")
    context.close()
    assert reached > 20, f"Tab reached only {reached} elements"
    assert not problems, "\n".join(problems)


DURATIONS = """() => {
  const secs = v => v.split(',').map(s => s.trim().endsWith('ms') ? parseFloat(s) / 1000 : parseFloat(s));
  let worst = [0, ''];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      for (const d of [...secs(cs.transitionDuration), ...secs(cs.animationDuration)]) {
        if (d > worst[0]) worst = [d, el.tagName.toLowerCase() + '.' + el.className + (pseudo || '')];
      }
    }
  }
  return {worst, smooth: getComputedStyle(document.documentElement).scrollBehavior};
}"""


def test_motion_stops_when_the_reader_asks_for_less(browser: Any, site: ServedSite) -> None:
    """Every transition and animation on a sample of pages (one of each kind) lasts ~0 s."""
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    problems = []
    for path in sample_pages(site):
        page.goto(site.url(path))
        found = page.evaluate(DURATIONS)
        seconds, where = found["worst"]
        if seconds > 0.001:
            problems.append(f"{page.url}: {where} moves for {seconds}s with reduced motion")
        if found["smooth"] == "smooth":
            problems.append(f"{page.url}: smooth scrolling with reduced motion")
    # The check must be able to fail: without the preference, Material's transitions are there.
    moving = browser.new_context(reduced_motion="no-preference").new_page()
    moving.goto(site.url(""))
    assert moving.evaluate(DURATIONS)["worst"][0] > 0.01, "found no motion even without reduced motion"
    moving.context.close()
    context.close()
    assert not problems, "\n".join(problems)


def test_failure_lines_name_rule_impact_element_and_page() -> None:
    """The report format names the rule, its impact, the element and the page."""
    line = axe_failures("http://x/", [{"id": "color-contrast", "impact": "serious", "nodes": [
        {"target": [".a"], "failureSummary": "Fix any of the following:\n  low contrast"}]}])[0]
    assert re.fullmatch(r"color-contrast \(serious\) \.a on http://x/: Fix any of the following: low contrast", line)
