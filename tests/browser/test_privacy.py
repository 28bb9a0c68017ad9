"""Privacy, checked in a real browser on every page: nothing a reader reads, types or
chooses leaves the machine, lands in the URL, or is kept after the page closes.

Nothing at all is kept on the device. Stock Material for MkDocs writes
``<site path>.__palette`` (for example ``/guidecraft/.__palette``) to localStorage on every
page load; guidecraft's theme keeps Material's settings in the page's memory instead, so
the colour scheme follows the device. (A site may opt in to remembering the scheme with
``remember_color_scheme: true``; tests/browser/test_reader_safety.py checks that case.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import Tags

from ._sitewalk import ServedSite, answer_quiz, built_site_url, quiz_roots, submit_quiz

pytestmark = pytest.mark.browser

TYPED = "my private words 4829"


def allowed_storage_keys(site: ServedSite) -> set[str]:
    return set()


class Recorder:
    """Every request the browser makes; any to another host is blocked and noted."""

    def __init__(self, context: Any) -> None:
        self.local = 0
        self.blocked: list[str] = []
        self.current = ""
        context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            self.local += 1
            route.continue_()
        else:
            self.blocked.append(f"{self.current}: {route.request.resource_type} {url}")
            route.abort()


def use_page_like_a_reader(page: Any) -> None:
    """Answer and submit every quiz; write in every text field; tick and choose on worksheets."""
    for i in range(len(quiz_roots(page))):
        root = quiz_roots(page)[i]
        answer_quiz(root, "last")
        submit_quiz(root)
    fields = page.locator("article textarea, article input[type=text]")
    for i in range(min(fields.count(), 8)):
        fields.nth(i).fill(TYPED)
    for box in page.locator("article form input[type=checkbox], article .gc-worksheet input[type=checkbox]").all()[:4]:
        box.check()
    for radio in page.locator("article .gc-worksheet input[type=radio]").all()[:2]:
        radio.check()


def test_no_request_leaves_the_machine_and_nothing_is_kept(browser: Any, site: ServedSite) -> None:
    context = browser.new_context()
    recorder = Recorder(context)
    page = context.new_page()
    changed_urls = []
    for path in site.pages:
        recorder.current = site.url(path)
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
        use_page_like_a_reader(page)
        page.wait_for_load_state("networkidle")
        if page.url != site.url(path):
            changed_urls.append(f"{site.url(path)} became {page.url}")

    # Search, and switch the colour scheme with the toggle.
    page.goto(site.url(""))
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("friends")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    page.keyboard.press("Escape")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== {scheme!r}")
    page.wait_for_load_state("networkidle")

    storage = page.evaluate("""async () => ({
      local: Object.fromEntries(Object.entries(localStorage)),
      session: Object.keys(sessionStorage),
      cookie: document.cookie,
      idb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : [],
      caches: await caches.keys(),
      workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    })""")
    cookies = context.cookies()
    state = context.storage_state(indexed_db=True)  # every origin the context touched, not only this page's
    context.close()

    assert recorder.local > len(site.pages), "the recorder saw too few requests to be working"
    assert not recorder.blocked, f"{len(recorder.blocked)} requests to other hosts:\n" + "\n".join(recorder.blocked)
    assert not changed_urls, "using a page changed its URL:\n" + "\n".join(changed_urls)
    assert cookies == [] and storage["cookie"] == "", f"cookies were set: {cookies}"
    extra = set(storage["local"]) - allowed_storage_keys(site)
    assert not extra, f"unexpected localStorage keys: {sorted(extra)}"
    assert storage["session"] == [], f"sessionStorage keys: {storage['session']}"
    assert storage["idb"] == [] and storage["caches"] == [] and storage["workers"] == 0, storage
    assert state["cookies"] == [], state["cookies"]
    kept = [o for o in state["origins"] if o.get("localStorage") or o.get("indexedDB")]
    assert not kept, f"the browser context keeps data for: {kept}"
    assert TYPED not in json.dumps(storage["local"])
    for value in storage["local"].values():
        palette = json.loads(value)
        assert set(palette) <= {"index", "color"}, f"Material's palette entry holds more than the palette: {palette}"


def test_search_words_stay_out_of_the_url(browser: Any, site: ServedSite) -> None:
    """What a reader searches for must not reach the server or the history through the URL."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site.url(""))
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("friends")
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # search.js opens the best result
    settled_url = page.url
    context.close()
    leaks = [u for u in [*hrefs, settled_url, *requested] if added_by_search(u, "friends", site)]
    leaks = sorted(set(leaks))
    assert not leaks, "the search words are in URLs (sent to the server, kept in history):\n" + "\n".join(leaks)


def added_by_search(url: str, word: str, site: ServedSite) -> bool:
    """``word`` is in ``url`` other than as the address of one of the site's pages or of an id on it.

    A result may rightly lead to tags/#friends-and-family (a section the site has); a search
    that put the word into a query (?h=friends) or into an address the site lacks would not.
    """
    if word not in url:
        return False
    parts = urlsplit(url)
    if word in parts.query or word in parts.netloc or not url.startswith(site.base):
        return True
    rel = parts.path[len(site.path) :]
    file = site.root / rel / "index.html" if rel == "" or rel.endswith("/") else site.root / rel
    if not file.is_file():
        return True
    ids = {a.get("id") for _, a in Tags(file.read_text(encoding="utf-8")).tags}
    return word in parts.fragment and parts.fragment not in ids


def test_search_word_check_tells_a_page_section_from_a_search_parameter(site: ServedSite) -> None:
    assert not added_by_search(site.url("tags/#friends-and-family"), "friends", site)
    assert added_by_search(site.url("tags/?h=friends"), "friends", site)
    assert added_by_search(site.url("tags/#friends-only"), "friends", site)
    assert added_by_search(site.url("friends/"), "friends", site)


# Elements whose URL the browser fetches by itself when a page loads.
FETCHED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
           "embed": "src", "object": "data", "track": "src", "input": "src"}
LOADED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload", "manifest"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)")


def is_foreign(url: str, site_host: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname not in {site_host, "127.0.0.1"}


def test_no_page_or_stylesheet_refers_to_another_host_for_anything_it_loads(built_site: Path, site: ServedSite) -> None:
    """The HTML and CSS themselves name no font, script, image or style from elsewhere, so
    nothing a test run happened not to trigger (a lazy image, a print stylesheet) can leak.
    Every page also asks the browser to send no Referer when a reader follows a link out."""
    site_host = urlsplit(built_site_url(built_site)).hostname or "127.0.0.1"
    problems = []
    pages = [built_site / (p + "index.html" if p == "" or p.endswith("/") else p) for p in site.pages]
    for f in pages:
        name = f.relative_to(built_site).as_posix()
        doc = Tags(f.read_text(encoding="utf-8"))
        for tag, attr in FETCHED.items():
            found = [a[attr] for a in doc.find(tag) if is_foreign(a.get(attr, ""), site_host)]
            problems += [f"{name}: <{tag} {attr}={url}>" for url in found]
        for a in doc.find("link"):
            if set(a.get("rel", "").split()) & LOADED_LINKS and is_foreign(a.get("href", ""), site_host):
                problems.append(f"{name}: <link rel={a['rel']} href={a['href']}>")
        for _, a in doc.tags:
            problems += [f"{name}: srcset {u}" for u in a.get("srcset", "").split() if is_foreign(u, site_host)]
        problems += [f"{name}: a form sends to {a['action']}" for a in doc.find("form") if a.get("action")]
        if not any(a.get("name") == "referrer" and a.get("content") == "no-referrer" for a in doc.find("meta")):
            problems.append(f"{name}: no <meta name=referrer content=no-referrer>")
    for css in sorted(built_site.rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        for url in CSS_URL.findall(text) + IMPORT.findall(text):
            if is_foreign(url, site_host):
                problems.append(f"{css.relative_to(built_site)}: url({url})")
    assert len(pages) == len(site.pages)
    assert not problems, "\n".join(problems)
