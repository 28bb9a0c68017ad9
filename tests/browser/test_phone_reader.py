"""A reader on a phone (issue 18): nothing covered, cut off or small, on every page.

Every page of the bundled site and of a site made with ``guidecraft init`` (``own_site``) is
opened at 320 x 640, 390 x 844 and 1280 x 800, its quizzes answered with the most worrying
answers (so results and crisis help show) and its closed boxes opened, then scrolled from
top to bottom. On each page:

1. Nothing floating stays over anything: every line of text and every field in the page is
   seen whole, clear of every fixed or sticky element ("Exit this page" in its corner, the
   sticky header, the sidebar), at one scroll position at least.
2. Nothing is cut off: the page never scrolls sideways and no box in it hides part of its
   content behind a sideways scroll. Worksheet tables stack on narrow screens, each field
   under its column's name.
3. Text at reading size: every text in the page body, the crisis banner and the footer is
   at least 16 px, and crisis lines are at least the size of the body text.

One browser for the module, one context per width, one load per page and width.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._sitewalk import ServedSite, serve_site

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "320px": {"width": 320, "height": 640},
    "390px": {"width": 390, "height": 844},
    "1280px": {"width": 1280, "height": 800},
}
MIN_PX = 16

# Answer every quiz with its last (most worrying) answers and submit it; open every <details>.
PREPARE = """() => {
  for (const quiz of document.querySelectorAll('.gc-quiz[data-gc-quiz]')) {
    const names = new Set([...quiz.querySelectorAll('form input[type=radio]')].map(e => e.name));
    for (const n of names) {
      const r = quiz.querySelectorAll(`form input[name="${n}"]`);
      r[r.length - 1].click();
    }
    const submit = quiz.querySelector('form button[type=submit]');
    if (submit) submit.click();
  }
  for (const d of document.querySelectorAll('.md-content details')) d.open = true;
  return {
    quizzes: document.querySelectorAll('.gc-quiz[data-gc-quiz]').length,
    results: [...document.querySelectorAll('.gc-result')].filter(e => e.checkVisibility()).length,
    crisis: [...document.querySelectorAll('.gc-result__urgent')].filter(e => e.checkVisibility()).length,
  };
}"""

# Rules 2 and 3, on the page as it is at the top.
CUT_OFF_AND_SIZE = """(minPx) => {
  const HIDDEN = '.gc-visually-hidden, .gc-ws-sr, script, style';
  const out = {cut: [], small: [], crisis: [], labels: []};
  const name = e => {
    const id = e.id ? '#' + e.id : '';
    const cls = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    return e.tagName.toLowerCase() + id + cls;
  };
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) out.cut.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window`);
  const scopes = [...document.querySelectorAll('.md-banner, .md-main, .gc-footer-notice, .md-footer')];
  const shown = e => e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const onScreen = e => { const r = e.getBoundingClientRect(); return r.right > 0 && r.left < innerWidth && r.width > 1 && r.height > 1; };
  for (const scope of scopes) {
    for (const e of scope.querySelectorAll('*')) {
      if (!shown(e) || !onScreen(e)) continue;
      const s = getComputedStyle(e);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1
          && !e.closest('.gc-visually-hidden, .gc-ws-sr, .md-nav__link, .md-ellipsis'))
        out.cut.push(`${name(e)} shows ${e.clientWidth}px of ${e.scrollWidth}px`);
    }
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!n.textContent.trim() || !e || !shown(e) || !onScreen(e) || e.closest(HIDDEN)) continue;
      const px = parseFloat(getComputedStyle(e).fontSize);
      if (px < minPx - 0.01) out.small.push(`${px}px: ${name(e)} "${n.textContent.trim().slice(0, 40)}"`);
    }
  }
  const body = document.querySelector('.md-content__inner > p, .md-content__inner');
  const bodyPx = body ? parseFloat(getComputedStyle(body).fontSize) : minPx;
  for (const line of document.querySelectorAll('.md-content .gc-crisis-line')) {
    if (!shown(line)) continue;
    for (const e of [line, ...line.querySelectorAll('*')]) {
      const px = parseFloat(getComputedStyle(e).fontSize);
      if (px < bodyPx - 0.01) out.crisis.push(`${px}px beside ${bodyPx}px body text: "${line.textContent.trim().slice(0, 40)}"`);
    }
  }
  // A worksheet field in a stacked table shows its column's name.
  for (const field of document.querySelectorAll('.gc-ws-grid td textarea, .gc-ws-grid td input')) {
    if (getComputedStyle(field.closest('tr')).display === 'table-row') continue;
    const label = field.parentElement.querySelector('.gc-ws-cell-label');
    if (!label || !shown(label)) out.labels.push(`${field.id} has no visible column name`);
  }
  return out;
}"""

# Rule 1: scroll the page top to bottom in quarter-screen steps; a line of text or a field is fine
# once it has been seen whole, inside the window and clear of every fixed or sticky element.
NEVER_UNCOVERED = """async () => {
  const HIDDEN = '.gc-visually-hidden, .gc-ws-sr, script, style';
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const shown = e => e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const items = [];
  const scopes = [...document.querySelectorAll('.md-banner, .md-content, .gc-footer-notice, .md-footer')];
  // Sidebars beside the text (navigation, a table of contents); not the phone's closed menu drawer.
  for (const sidebar of document.querySelectorAll('.md-sidebar')) {
    const r = sidebar.getBoundingClientRect();
    if (shown(sidebar) && r.width > 1 && r.left >= 0 && r.right <= innerWidth && getComputedStyle(sidebar).position !== 'fixed')
      scopes.push(sidebar);
  }
  for (const scope of scopes) {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!n.textContent.trim() || !e || !shown(e) || e.closest(HIDDEN)) continue;
      items.push({node: n, el: e, seen: false, lines: new Set(), text: n.textContent.trim().slice(0, 50)});
    }
    for (const f of scope.querySelectorAll('input, textarea, select, button')) {
      if (!shown(f) || f.closest(HIDDEN)) continue;
      items.push({node: null, el: f, seen: false, text: `<${f.tagName.toLowerCase()} id=${f.id}>`});
    }
  }
  const rectsOf = it => {
    if (!it.node) return [it.el.getBoundingClientRect()];
    const range = document.createRange();
    range.selectNodeContents(it.node);
    return [...range.getClientRects()].filter(r => r.width > 0.5 && r.height > 0.5);
  };
  const floating = () => [...document.querySelectorAll('body *')].filter(e => {
    const p = getComputedStyle(e).position;
    if (p !== 'fixed' && p !== 'sticky') return false;
    if (!shown(e)) return false;
    const r = e.getBoundingClientRect();
    return r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
  });
  const overlaps = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const step = Math.floor(innerHeight / 4);
  const last = () => document.documentElement.scrollHeight - innerHeight;
  const covers = {};
  for (let y = 0; ; y = Math.min(y + step, last())) {
    scrollTo(0, y);
    await frame();
    const fixed = floating().map(e => ({e, r: e.getBoundingClientRect()}));
    for (const it of items) {
      if (it.seen) continue;
      // A text is seen line by line (a paragraph may be taller than the window); a field whole.
      const rects = rectsOf(it);
      if (!rects.length) { it.seen = true; continue; }
      rects.forEach((r, i) => {
        if (it.node && it.lines.has(i)) return;
        const inside = r.top >= -0.5 && r.bottom <= innerHeight + 0.5 && r.left >= -0.5 && r.right <= innerWidth + 0.5;
        if (!inside) return;
        const over = fixed.filter(f => !f.e.contains(it.el) && !it.el.contains(f.e) && overlaps(r, f.r));
        if (!over.length) { if (it.node) it.lines.add(i); else it.seen = true; }
        else covers[items.indexOf(it)] = over.map(f => f.e.className || f.e.tagName).join(', ');
      });
      if (it.node && it.lines.size === rects.length) it.seen = true;
    }
    if (y >= last()) break;
  }
  scrollTo(0, 0);
  return items.filter(it => !it.seen).map((it, i) => `"${it.text}" under ${covers[items.indexOf(it)] || 'nothing, but never inside the window'}`);
}"""


def check_page(page: Any, url: str) -> tuple[list[str], dict[str, int]]:
    page.goto(url)
    page.wait_for_load_state("load")
    quizzes = page.evaluate(PREPARE)
    if quizzes["quizzes"]:
        page.wait_for_function("document.querySelectorAll('.gc-result:not([hidden])').length > 0", timeout=5000)
    problems = []
    found = page.evaluate(CUT_OFF_AND_SIZE, MIN_PX)
    problems += [f"cut off: {p}" for p in found["cut"]]
    problems += [f"under {MIN_PX}px: {p}" for p in found["small"]]
    problems += [f"crisis line smaller than the body text: {p}" for p in found["crisis"]]
    problems += [f"worksheet field: {p}" for p in found["labels"]]
    problems += [f"never seen whole: {p}" for p in page.evaluate(NEVER_UNCOVERED)]
    return [f"{url}: {p}" for p in problems], quizzes


def walk(browser: Any, site: ServedSite, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems: list[str] = []
    results = crisis = 0
    for path in site.pages:
        found, quizzes = check_page(page, site.url(path))
        problems += found
        results += quizzes["results"]
        crisis += quizzes["crisis"]
    context.close()
    assert len(site.pages) >= 10
    # The walk saw quiz results and the crisis help they can bring.
    assert results >= 2 and crisis >= 1, (results, crisis)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_bundled_site_on_a_phone_and_a_laptop(browser: Any, site: ServedSite, viewport: dict[str, int]) -> None:
    walk(browser, site, viewport)


@pytest.fixture(scope="module")
def own_served(own_site: tuple[Path, Path]) -> Iterator[ServedSite]:
    served, stop = serve_site(own_site[1])
    yield served
    stop()


@pytest.mark.parametrize("viewport", VIEWPORTS.values(), ids=VIEWPORTS.keys())
def test_an_init_site_on_a_phone_and_a_laptop(browser: Any, own_served: ServedSite, viewport: dict[str, int]) -> None:
    walk(browser, own_served, viewport)


# --------------------------------------------------------------------------- a health service's page

LAYOUT = """() => {
  const article = document.querySelector('.md-content__inner');
  const audience = document.querySelector('.gc-audience');
  const first = audience && audience.nextElementSibling;
  const range = document.createRange();
  let firstLineBottom = null;
  if (first) { range.selectNodeContents(first); firstLineBottom = range.getClientRects()[0].bottom; }
  // Characters a line in the page's longest paragraph.
  const longest = [...article.querySelectorAll(':scope > p')].sort((a, b) => b.textContent.length - a.textContent.length)[0];
  range.selectNodeContents(longest);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  const contents = document.querySelector('.gc-contents');
  const firstH2 = article.querySelector('h2');
  return {
    firstLineBottom,
    perLine: longest.textContent.length / lines,
    contentsFirst: !!contents && !!firstH2 && !!(contents.compareDocumentPosition(firstH2) & Node.DOCUMENT_POSITION_FOLLOWING),
    contentsTargets: contents ? [...contents.querySelectorAll('a')].map(a => !!document.getElementById(a.hash.slice(1))) : [],
    tocSidebar: document.querySelectorAll('.md-sidebar--secondary').length,
    levels: ['non-urgent', 'urgent', 'emergency'].map(l => document.querySelectorAll('.gc-care--' + l).length),
    footer: document.querySelector('.md-footer').textContent,
  };
}"""


def test_a_topic_reads_like_a_health_service(browser: Any, site: ServedSite) -> None:
    """At 390 x 844 a topic's first sentence is on the first screen; lines run to about 70
    characters; a long topic lists its sections at the top, with no table of contents beside
    it; urgency comes in three levels; the footer credits no software."""
    topics = [p for p in site.pages if p.startswith("topics/") and p.count("/") == 2]
    assert topics
    for name, viewport in (("390px", VIEWPORTS["390px"]), ("1280px", VIEWPORTS["1280px"])):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for path in topics:
            page.goto(site.url(path))
            got = page.evaluate(LAYOUT)
            where = f"{path} at {name}"
            if name == "390px":
                assert got["firstLineBottom"] is not None and got["firstLineBottom"] <= viewport["height"], where
            else:
                assert 60 <= got["perLine"] <= 80, f"{where}: {got['perLine']:.0f} characters a line"
            assert got["contentsFirst"] and len(got["contentsTargets"]) >= 3 and all(got["contentsTargets"]), where
            assert got["tocSidebar"] == 0, where
            assert all(n >= 1 for n in got["levels"]), f"{where}: care cards {got['levels']}"
            assert "Material for MkDocs" not in got["footer"], where
        context.close()


def test_pages_name_the_site_once(browser: Any, own_served: ServedSite) -> None:
    """The home page's title is the site's name once, and the menu does not list it twice."""
    page = browser.new_page(viewport=VIEWPORTS["1280px"])
    page.goto(own_served.url(""))
    assert page.title() == "Feeling low"
    assert page.locator("article h1").inner_text() == "Feeling low"
    nav = page.locator(".md-sidebar--primary .md-nav--primary").first.inner_text()
    assert nav.count("Feeling low") <= 1, nav
    quiz = next(p for p in own_served.pages if p.startswith("quizzes/") and p != "quizzes/")
    page.goto(own_served.url(quiz))
    assert page.locator(".md-sidebar--secondary").count() == 0
    page.close()
