"""Reader safety (issue 13), in Debian's Chromium: "Exit this page", no trace left on the
device, and the crisis line on paper.

The bundled site turns on ``quick_exit`` (content/site.yaml). A second build of it turns
``quick_exit`` off and ``remember_color_scheme`` on, to check the control is absent and
what the opt-in stores. The exit address is never really fetched: the tests answer it
with a stand-in page (or hold it, to look at the page being left).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator import load_content

from ._sitewalk import ServedSite, answer_quiz, quiz_roots, serve_site, submit_quiz

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = load_content(ROOT / "content").site.model
EXIT_URL = SITE.quick_exit.url if SITE.quick_exit else ""
EXIT_PATTERN = f"{urlsplit(EXIT_URL).scheme}://{urlsplit(EXIT_URL).netloc}/**"
STAND_IN = "<!doctype html><html lang=en><title>Weather</title><p>An ordinary page.</p></html>"
PHONE = {"width": 320, "height": 568}
DESKTOP = {"width": 1280, "height": 720}
SCHEMES = {"light": "default", "dark": "slate"}
REGION = SITE.crisis_region()
FIRST_LINE = REGION.lines[0]

EXIT = "[data-gc-exit] a[data-gc-exit-link]"
STATUS = "[data-gc-exit] [data-gc-exit-status]"


def test_the_bundled_site_turns_quick_exit_on() -> None:
    assert SITE.quick_exit is not None and EXIT_URL.startswith("https://")
    assert not SITE.remember_color_scheme


def open_page(page: Any, url: str, scheme: str = "light") -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_function(f"document.body.dataset.mdColorScheme === {SCHEMES[scheme]!r}", timeout=5000)


def stand_in(context: Any) -> list[str]:
    """Answer the exit address with a plain page; returns the URLs asked for."""
    asked: list[str] = []

    def fulfil(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STAND_IN)

    context.route(EXIT_PATTERN, fulfil)
    return asked


# --------------------------------------------------------------------------- the control on every page

ON_SCREEN = """el => {
  const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height,
          inView: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight
            && r.right <= innerWidth && el.checkVisibility()};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "1280px"])
def test_every_page_has_the_exit_control_at_the_top(
    browser: Any, site: ServedSite, scheme: str, viewport: dict[str, int]
) -> None:
    """Labelled, on screen as the page opens, at least 44 px high, reachable with Tab, a real
    link to the neutral page; the crisis line stays on screen beside or above it."""
    context = browser.new_context(color_scheme=scheme, viewport=viewport)
    page = context.new_page()
    problems = []
    for path in site.pages:
        open_page(page, site.url(path), scheme)
        link = page.locator(EXIT)
        if link.count() != 1:
            problems.append(f"{page.url}: {link.count()} exit controls")
            continue
        box = link.evaluate(ON_SCREEN)
        tel = page.locator(".md-banner a[href^='tel:']").first.evaluate(ON_SCREEN)
        if not box["inView"]:
            problems.append(f"{page.url}: the exit control is not on screen: {box}")
        if box["height"] < 44 or box["width"] < 44:
            problems.append(f"{page.url}: the exit control is {box['width']}x{box['height']}px, under 44px")
        if not tel["inView"]:
            problems.append(f"{page.url}: the crisis line is pushed off screen")
        if box["top"] > 200:
            problems.append(f"{page.url}: the exit control starts {box['top']}px down, not at the top")
        label = link.inner_text().strip()
        if label != "Exit this page" or link.get_attribute("href") != EXIT_URL:
            problems.append(f"{page.url}: exit control reads {label!r} and goes to {link.get_attribute('href')!r}")
        if set((link.get_attribute("rel") or "").split()) != {"nofollow", "noreferrer"}:
            problems.append(f"{page.url}: rel is {link.get_attribute('rel')!r}")
        # Reached with Tab from the top of the page, after the crisis line.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        reached = False
        for _ in range(8):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('[data-gc-exit-link]')"):
                reached = True
                break
        if not reached:
            problems.append(f"{page.url}: Tab does not reach the exit control within 8 presses")
    context.close()
    assert len(site.pages) >= 5
    assert not problems, "\n".join(problems)


def test_without_javascript_it_is_a_plain_link(browser: Any, site: ServedSite) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    asked = stand_in(context)
    page = context.new_page()
    page.goto(site.url("topics/pushing-people-away/"))
    link = page.locator(EXIT)
    assert link.is_visible() and link.inner_text().strip() == "Exit this page"
    link.click()
    page.wait_for_url(EXIT_URL)
    context.close()
    assert asked == [EXIT_URL]


# --------------------------------------------------------------------------- using it


def fill_worksheet(page: Any) -> None:
    page.locator(".gc-worksheet textarea").first.fill("private words")
    page.locator(".gc-worksheet input[type=checkbox]").first.check()


def page_state(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
      typed: [...document.querySelectorAll('textarea, input[type=text], input:not([type])')].map(e => e.value).filter(Boolean),
      ticked: [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
        .filter(e => e.checked && !e.classList.contains('md-toggle') && e.name !== '__palette').length,
      covered: !!document.querySelector('.gc-exit-overlay') && document.querySelector('.gc-exit-overlay').checkVisibility(),
      contentShown: document.querySelector('article').checkVisibility({visibilityProperty: true}),
    })""")


def answer_exit(context: Any) -> dict[str, Any]:
    """Answer the exit address: '204' keeps the page being left on screen (a 204 answer cancels
    the navigation), so the test can look at it; '200' gives a plain stand-in page."""
    state: dict[str, Any] = {"status": 204, "asked": []}

    def fulfil(route: Any) -> None:
        state["asked"].append(route.request.url)
        route.fulfill(status=state["status"], content_type="text/html", body=STAND_IN if state["status"] == 200 else "")

    context.route(EXIT_PATTERN, fulfil)
    return state


def use_exit(page: Any, how: str) -> None:
    if how == "click":
        page.locator(EXIT).click(no_wait_after=True)
    elif how == "tap-320px":
        page.locator(EXIT).tap(no_wait_after=True)
    elif how == "keyboard-enter":
        page.locator(EXIT).focus()
        page.keyboard.press("Enter")
    else:
        page.locator(".gc-worksheet textarea").first.focus()
        for _ in range(3):
            page.keyboard.press("Shift")


@pytest.mark.parametrize("how", ["click", "tap-320px", "keyboard-enter", "shift-three-times"])
def test_exit_covers_clears_and_replaces_the_history_entry(browser: Any, site: ServedSite, how: str) -> None:
    viewport = PHONE if how == "tap-320px" else DESKTOP
    context = browser.new_context(viewport=viewport, has_touch=how == "tap-320px")
    exit_page = answer_exit(context)
    page = context.new_page()
    worksheet = next(p for p in site.pages if p.startswith("worksheets/") and p != "worksheets/")
    page.goto(site.url(""))
    page.goto(site.url(worksheet))
    fill_worksheet(page)
    page.locator("input.md-search__input").fill("friends")  # the search box is cleared too
    page.keyboard.press("Escape")  # search closes and keeps its words, as for a reader who looked something up
    before = page_state(page)
    assert before["typed"] and before["ticked"] and not before["covered"]

    # 1. The page as it is left: covered at once, with nothing typed or chosen left in it.
    use_exit(page, how)
    page.wait_for_function("document.querySelector('.gc-exit-overlay') !== null", timeout=5000)
    page.wait_for_timeout(200)
    during = page_state(page)
    assert exit_page["asked"] == [EXIT_URL], exit_page["asked"]
    assert during["typed"] == [] and during["ticked"] == 0, f"fields were not cleared: {during}"
    assert during["covered"] and not during["contentShown"], f"the page was not covered: {during}"
    assert page.locator(".gc-exit-overlay").inner_text().strip() == "Leaving this page."

    # 2. Leaving for real (the same way, on the page loaded afresh): Back skips the page left.
    exit_page["status"] = 200
    page.reload()
    page.wait_for_load_state("load")
    use_exit(page, how)
    page.wait_for_url(EXIT_URL)
    page.go_back()
    page.wait_for_load_state("load")
    assert page.url == site.url(""), f"Back returned to {page.url}"
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "1280px"])
def test_the_exit_control_stays_in_reach_after_scrolling(
    browser: Any, site: ServedSite, viewport: dict[str, int]
) -> None:
    """Scrolled past the banner, the button waits in a corner of the screen and still works;
    back at the top it is in the banner again, and nothing on the page moved or widened."""
    context = browser.new_context(viewport=viewport, has_touch=True)
    asked = stand_in(context)
    page = context.new_page()
    topic = next(p for p in site.pages if p.startswith("topics/") and p.count("/") == 2)
    page.goto(site.url(topic))
    page.wait_for_load_state("load")
    banner_height = page.evaluate("document.querySelector('.gc-announce').offsetHeight")
    assert not page.evaluate("document.querySelector('[data-gc-exit]').classList.contains('gc-exit--float')")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "document.querySelector('[data-gc-exit]').classList.contains('gc-exit--float')", timeout=5000
    )
    box = page.locator(EXIT).bounding_box()
    assert box is not None and box["height"] >= 43, box
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], box
    assert page.evaluate("document.querySelector('.gc-announce').offsetHeight") == banner_height
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function(
        "!document.querySelector('[data-gc-exit]').classList.contains('gc-exit--float')", timeout=5000
    )
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function(
        "document.querySelector('[data-gc-exit]').classList.contains('gc-exit--float')", timeout=5000
    )
    page.locator(EXIT).tap(no_wait_after=True) if viewport is PHONE else page.locator(EXIT).click(no_wait_after=True)
    page.wait_for_url(EXIT_URL)
    assert asked == [EXIT_URL]
    context.close()


def test_shift_counts_are_announced_and_expire(browser: Any, site: ServedSite) -> None:
    context = browser.new_context()
    exit_page = answer_exit(context)
    page = context.new_page()
    page.goto(site.url(""))
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 1 more time to exit."
    page.wait_for_timeout(5500)
    assert status.inner_text() == "Exit this page timed out."
    page.keyboard.press("Shift")  # the count starts again: one press is not enough
    page.wait_for_timeout(300)
    assert not exit_page["asked"] and page.url == site.url("")
    context.close()


def test_typing_capitals_does_not_exit(browser: Any, site: ServedSite) -> None:
    context = browser.new_context()
    exit_page = answer_exit(context)
    page = context.new_page()
    worksheet = next(p for p in site.pages if p.startswith("worksheets/") and p != "worksheets/")
    page.goto(site.url(worksheet))
    page.locator(".gc-worksheet textarea").first.focus()
    for letter in "ABCD":
        page.keyboard.down("Shift")
        page.keyboard.press(f"Key{letter}")
        page.keyboard.up("Shift")
    page.wait_for_timeout(300)
    assert not exit_page["asked"] and page.url == site.url(worksheet)
    assert page.locator(".gc-worksheet textarea").first.input_value() == "ABCD"
    context.close()


def test_exit_works_under_instant_navigation_and_sets_up_once(browser: Any, site: ServedSite) -> None:
    """Material's instant navigation swaps pages without loading them: the control on the new
    page works, and one activation asks for the exit page once."""
    context = browser.new_context()
    asked = stand_in(context)
    page = context.new_page()
    page.goto(site.url(""))
    page.evaluate("""() => new Promise(resolve => {
      // What Material does on an instant page change: new content, then document$ emits.
      const again = document.createElement('script');
      again.src = document.querySelector('script[src*="quick-exit.js"]').src + '?again';
      again.onload = resolve;
      document.body.appendChild(again);
    })""")
    assert page.locator("[data-gc-exit][data-gc-exit-ready]").count() == 1
    page.locator(EXIT).click()
    page.wait_for_url(EXIT_URL)
    context.close()
    assert asked == [EXIT_URL]


# --------------------------------------------------------------------------- the "Browse more safely" page


def test_browse_more_safely_page_is_linked_from_every_footer(browser: Any, site: ServedSite) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path in site.pages:
        page.goto(site.url(path))
        link = page.locator(".gc-footer-notice a", has_text="Browse more safely")
        if link.count() != 1:
            problems.append(f"{page.url}: no 'Browse more safely' link in the footer")
    page.goto(site.url("safer-browsing/"))
    text = page.locator("article").inner_text()
    context.close()
    assert not problems, "\n".join(problems)
    for words in ("Browse more safely", "private window", "History", "Exit this page", "Shift key three times"):
        assert words in text, words


# --------------------------------------------------------------------------- no trace left


def test_colour_choice_lasts_while_the_page_is_open_but_is_never_stored(browser: Any, site: ServedSite) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    open_page(page, site.url(""), "light")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    page.reload()
    page.wait_for_load_state("load")
    # A new load follows the device again.
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    state = context.storage_state()
    context.close()
    assert state["cookies"] == [] and all(not o.get("localStorage") for o in state["origins"]), state


def test_a_dark_device_gets_the_dark_scheme_with_nothing_stored(browser: Any, site: ServedSite) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    open_page(page, site.url("about/"), "dark")
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    context.close()


def test_an_old_stored_colour_scheme_is_removed(browser: Any, site: ServedSite) -> None:
    """A visit to an earlier version of the site (stock Material) left '<path>.__palette': it goes."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site.url(""))
    page.evaluate(f"localStorage.setItem({site.path + '.__palette'!r}, JSON.stringify({{index: 1}}))")
    page.reload()
    page.wait_for_load_state("load")
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    context.close()


# --------------------------------------------------------------------------- the opt-outs and opt-ins


@pytest.fixture(scope="module")
def other_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The bundled site with quick_exit off and remember_color_scheme on."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path_factory.mktemp("no-exit-project"))
    settings = project / "content" / "site.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    data.pop("quick_exit", None)
    data["remember_color_scheme"] = True
    settings.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    built = tmp_path_factory.mktemp("no-exit-site")
    result = mkdocs_build(project, built)
    assert result.returncode == 0, result.stderr
    served, stop = serve_site(built)
    yield served
    stop()


def test_without_quick_exit_there_is_no_control(browser: Any, other_site: ServedSite) -> None:
    assert "safer-browsing/" not in other_site.pages
    for f in other_site.root.rglob("*.html"):
        html = f.read_text(encoding="utf-8")
        assert "data-gc-exit" not in html and "quick-exit.js" not in html and "safer-browsing" not in html, f
    context = browser.new_context()
    page = context.new_page()
    page.goto(other_site.url(""))
    assert page.locator("[data-gc-exit]").count() == 0
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(200)
    assert page.url == other_site.url("")
    context.close()


def test_remember_color_scheme_stores_one_key(browser: Any, other_site: ServedSite) -> None:
    """The opt-in keeps Material's one localStorage key, '<site path>.__palette', and nothing else."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    open_page(page, other_site.url(""), "light")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.goto(other_site.url("about/"))
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    stored = page.evaluate("Object.keys(localStorage)")
    session = page.evaluate("sessionStorage.length")
    context.close()
    assert stored == [f"{other_site.path}.__palette"] and session == 0, stored


# --------------------------------------------------------------------------- help travels with the paper


def pdf_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [
        re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p.extract_text() or ""))
        for p in PdfReader(io.BytesIO(data)).pages
    ]


def has_help(
    text: str, name: str = FIRST_LINE.name, phone: str = FIRST_LINE.phone or "", emergency: str = REGION.emergency
) -> bool:
    return name in text and phone in text and re.search(rf"(?<!\d){re.escape(emergency)}(?!\d)", text) is not None


def test_the_help_check_can_fail() -> None:
    assert has_help(f"Call {FIRST_LINE.name}: {FIRST_LINE.phone}. In an emergency, call {REGION.emergency}.")
    assert not has_help(f"Call {FIRST_LINE.name}. In an emergency, call {REGION.emergency}.")
    assert not has_help(f"Call {FIRST_LINE.name}: {FIRST_LINE.phone}.")


def test_every_built_worksheet_pdf_carries_the_crisis_line_on_every_sheet(built_site: Path) -> None:
    pytest.importorskip("weasyprint", reason="the site is built without PDFs when WeasyPrint is missing")
    pdfs = sorted(built_site.glob("worksheets/*.pdf"))
    assert pdfs, "no worksheet PDFs were built"
    for pdf in pdfs:
        for n, text in enumerate(pdf_texts(pdf.read_bytes()), 1):
            assert has_help(text), f"{pdf.name} page {n} has no crisis line: {text[-200:]!r}"


@pytest.mark.parametrize("kind", ["topic", "quiz-result", "worksheet", "home"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_printed_pages_carry_the_crisis_line(browser: Any, site: ServedSite, kind: str, scheme: str) -> None:
    """Chromium's own print (page.pdf): the line on every sheet, and once in the page's flow."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    prefix = {"topic": "topics/", "quiz-result": "quizzes/", "worksheet": "worksheets/", "home": ""}[kind]
    path = next(p for p in site.pages if p.startswith(prefix) and (p != prefix or kind == "home"))
    if kind == "home":
        path = ""
    open_page(page, site.url(path), scheme)
    if kind == "quiz-result":
        root = quiz_roots(page)[0]
        answer_quiz(root, "last")
        submit_quiz(root)
    page.emulate_media(media="print")
    assert page.locator(".gc-print-help").is_visible(), "the crisis line is not in the printed page"
    assert not page.locator("[data-gc-exit]").is_visible(), "the exit button is printed"
    texts = pdf_texts(page.pdf(format="A4"))
    context.close()
    assert texts
    missing = [n for n, text in enumerate(texts, 1) if not has_help(text)]
    assert not missing, f"printed {kind} sheets {missing} of {len(texts)} have no crisis line"
