"""Search (Pagefind, issue 15) in Debian's Chromium: it loads nothing until the reader
types, then only what the query needs; it finds pages, says how many in a live region,
works from the keyboard, closes with Escape, and keeps the reader's words out of every
URL and the history. Accessibility (axe) is in test_accessibility, a subpath in
test_subpath, storage and other hosts in test_privacy.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.i18n import Messages

from ._sitewalk import ServedSite

pytestmark = pytest.mark.browser

BOX = ".gc-search input.md-search__input"
RESULT = ".gc-search .md-search-result__item a"
STATUS = "#gc-search-status"
TOPIC = "topics/pushing-people-away/"
# A word only the get-help page has (the crisis lines are left out of every other page's index).
ONLY_GET_HELP = "samaritans"


def pagefind_requests(urls: list[str]) -> list[str]:
    return [u for u in urls if "/pagefind/" in urlsplit(u).path]


def search(page: Any, word: str) -> None:
    """Open search with "/", type the word and wait until the status line reports it."""
    page.keyboard.press("/")
    page.locator(BOX).fill("")
    page.locator(BOX).press_sequentially(word)
    page.wait_for_function(
        "([s, w]) => document.querySelector(s).textContent.includes(w)",  # "Searching…" does not hold it
        arg=[STATUS, word],
        timeout=10000,
    )


def test_nothing_loads_until_the_reader_types_then_only_a_few_fragments(browser: Any, site: ServedSite) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(site.url(TOPIC))
    page.wait_for_load_state("networkidle")
    page.locator(BOX).focus()  # Tabbing past the box must not cost the reader anything either
    page.wait_for_load_state("networkidle")
    assert pagefind_requests(urls) == [], "search files load before the reader has typed"
    search(page, ONLY_GET_HELP)
    page.wait_for_load_state("networkidle")
    loaded = [urlsplit(u).path.rsplit("/pagefind/", 1)[1] for u in pagefind_requests(urls)]
    context.close()
    fragments = [p for p in loaded if p.startswith("fragment/")]
    chunks = [p for p in loaded if p.startswith("index/")]
    assert "pagefind.js" in loaded and len(fragments) == 1 and 1 <= len(chunks) <= 2, loaded
    assert not [p for p in loaded if "ui" in p], f"Pagefind's own interface was loaded: {loaded}"


def test_a_search_finds_the_page_and_says_how_many_in_a_live_region(browser: Any, site: ServedSite) -> None:
    t = Messages("en")
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url(TOPIC))
    status = page.locator(STATUS)
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert status.inner_text(timeout=1000) == t.search_hint or not status.is_visible()
    search(page, ONLY_GET_HELP)
    page.wait_for_function(
        f"document.querySelector({STATUS!r}).textContent.trim() === {t('search_one', query=ONLY_GET_HELP)!r}",
        timeout=10000,
    )
    hrefs = page.locator(RESULT).evaluate_all("as => as.map(a => a.href)")
    assert hrefs == [site.url("get-help/")]
    assert page.locator(RESULT).first.locator("mark").count() >= 1, "the matched word is not marked"
    page.locator(BOX).fill("")
    # Pagefind tries ever shorter starts of a word it does not know, down to its first letter, and the
    # All topics page says "A to Z": the word starts with a letter no word of the site starts with.
    page.locator(BOX).press_sequentially("xqzvnothing")
    page.wait_for_function(
        f"document.querySelector({STATUS!r}).textContent.trim() === {t('search_none', query='xqzvnothing')!r}",
        timeout=10000,
    )
    assert page.locator(RESULT).count() == 0
    context.close()


def test_search_works_from_the_keyboard_and_escape_closes_it(browser: Any, site: ServedSite) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url(TOPIC))
    history = page.evaluate("history.length")
    search(page, "friends")
    assert page.evaluate("document.getElementById('__search').checked"), "search did not open"
    assert page.evaluate("document.activeElement.matches('.gc-search input')")
    page.keyboard.press("ArrowDown")
    first = page.locator(RESULT).first
    assert first.evaluate("a => a === document.activeElement"), "ArrowDown did not reach the first result"
    page.keyboard.press("ArrowDown")
    assert page.locator(RESULT).nth(1).evaluate("a => a === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.gc-search input')"), "ArrowUp did not return to the box"
    assert page.url == site.url(TOPIC)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked"), "Escape did not close search"
    assert page.locator(".gc-search .md-search__output").evaluate("e => getComputedStyle(e).visibility") == "hidden"
    # Following a result opens its page; the reader's words are nowhere in the URL or history.
    search(page, ONLY_GET_HELP)
    page.keyboard.press("Enter")  # the form is never sent: Enter opens the best result
    page.wait_for_url(site.url("get-help/"))
    assert ONLY_GET_HELP not in page.url and "?" not in page.url
    assert page.evaluate("history.length") == history + 1
    page.go_back()
    assert page.url == site.url(TOPIC)
    context.close()


def test_search_speaks_the_sites_language(browser: Any, site: ServedSite) -> None:
    """The words come from the catalog (here English); tests/test_i18n checks the Spanish site."""
    t = Messages("en")
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url(""))
    box = page.locator(BOX)
    assert box.get_attribute("aria-label") == t.search_label
    assert box.get_attribute("placeholder") == t.search_placeholder
    assert page.locator(".gc-search").get_attribute("role") == "dialog"
    context.close()
