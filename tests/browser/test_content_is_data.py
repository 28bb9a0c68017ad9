"""Content is data, not code. Many hands edit content/ through pull requests, so nothing
written in a YAML field may run in a reader's browser.

A copy of the site is built whose content carries script and event-handler payloads in
every kind of field: topic, quiz and worksheet titles, summaries, tags, labels, prose,
questions, answers, band titles and bodies, red-flag messages, checklist items, table
headers, the site disclaimer and crisis line names. Then, on every page, in Chromium:
nothing ran (window.__pwned stays undefined, no dialog opened), no element carries an
event-handler attribute or a javascript: URL, and every field's text shows literally,
in the page, the <title>, the nav, accessible names, search results, the quiz result and
the worksheet PDF. With ``allow_html: true`` the site trusts HTML in prose, and only there.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ._sitewalk import ServedSite, answer_quiz, quiz_roots, serve_site, submit_quiz

pytestmark = pytest.mark.browser

# The tricks that break out of text, on one line short enough for a title (120 characters):
# raw HTML, an attribute break-out, closing tags of the elements text lands in, a Jinja
# expression, and an ampersand (which must not show as "&amp;").
ATTACK = (
    '<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>\'"><svg onload=alert(1)>'
    "</title>{{ 7*7 }}&ok"
)
# For Markdown fields, more lines: the rest of the tricks (Markdown links and images with
# javascript:, an attr_list attribute, closing style and script tags), a code block with a
# blank line (so the HTML the build makes has a paragraph break inside it), a
# Markdown-in-HTML switch and an indented script.
MARKDOWN_TAIL = (
    "\n\n'><b onmouseover=alert(1)>b</b> </textarea></style></script><script>alert(1)</script> "
    '<a href="javascript:window.__pwned=1">a</a> [l](javascript:window.__pwned=1) ![i](x" onerror="window.__pwned=1) '
    '{: onclick="window.__pwned=1" }'
    "\n\n```\ncode\n\n[d](javascript:window.__pwned=1){: onclick=\"window.__pwned=1\" }\n"
    "<script>window.__pwned=1</script>\n```\n\n<div markdown=\"1\">*e*</div>\n\n"
    "    <script>window.__pwned=1</script>\n\n[x](https://example.org/){: onclick=\"window.__pwned=1\" }\n"
    # Blocks that open with an inline tag: raw HTML to markdown-it (so the sanitiser sees the
    # Markdown as text), a paragraph to Python-Markdown (issue 23): an image with a handler,
    # attributes on a heading, a list, a link and a paragraph, and a reference link.
    '\n<br>\n![i](data:,x){: onerror="window.__pwned=1" } [a](javascript:window.__pwned=1)\n'
    '\n<b>b</b>\n# h {: onclick="window.__pwned=1" }\n- item {: onclick="window.__pwned=1" }\n'
    "[r][ref]\n[ref]: javascript:window.__pwned=1\n"
    '\n<span>s</span> [l](https://example.org/){: onclick="window.__pwned=1" }\n{: onmouseover="window.__pwned=1" }\n'
)
TRUSTED = '<span class="gc-trusted-html">trusted</span>'


class Fields:
    """Numbered payloads, one per field, so a failure names the field."""

    def __init__(self) -> None:
        self.where: dict[str, str] = {}
        self.markdown: set[str] = set()  # markers of Markdown fields (trusted HTML in them renders when allowed)

    def __call__(self, where: str, markdown: bool = False) -> str:
        marker = f"Z{len(self.where) + 1:02d}Z"
        self.where[marker] = where
        if markdown:
            self.markdown.add(marker)
        return f"{marker} {ATTACK}" + (MARKDOWN_TAIL if markdown else "")

    def shown(self, marker: str) -> str:
        """How the field must read on the page: its first line, literally."""
        return f"{marker} {ATTACK}"


def hostile_content(root: Path, fields: Fields, allow_html: bool = False) -> None:
    """Replace the project's content with a small site whose every text field is an attack."""
    f = fields
    content = root / "content"
    for old in content.rglob("*.y*ml"):
        old.unlink()
    for folder in ("topics", "quizzes", "worksheets"):
        (content / folder).mkdir(parents=True, exist_ok=True)

    def line(name: str) -> dict[str, str]:
        return {"name": f(f"crisis line {name} name"), "phone": "116 123",
                # A quote mark or a space in the address is refused (tests/test_hostile_smaller.py); an
                # ampersand must reach the page escaped once.
                "url": "https://example.org/?a=1&b=2",
                "hours": f(f"crisis line {name} hours"), "note": f(f"crisis line {name} note"),
                "text": f(f"crisis line {name} text"), "sms": "85258"}

    site = {
        "language": "en",
        "region": "GB",
        "crisis_regions": [
            {"code": "GB", "name": f("region name"), "emergency": "999", "lines": [line("GB")]},
            {"code": "IE", "name": f("other region name"), "emergency": "112", "lines": [line("IE")]},
        ],
        "disclaimer": f("site disclaimer", True),
        "quiz_disclaimer": f("site quiz disclaimer", True),
        "home_intro": f("home intro", True) + ("\n\n" + TRUSTED if allow_html else ""),
        "categories": [{"id": "cat", "title": f("category title"), "summary": f("category summary")}],
        "allow_html": allow_html,
    }
    topic = {
        "title": f("topic title"), "summary": f("topic summary"), "audience": f("topic audience"),
        "category": "cat", "tags": [f("topic tag")],
        "last_reviewed": "2026-01-01", "next_review": "2027-01-01",
        "authors": [f("topic author")], "reviewers": [f("topic reviewer")],
        "sources": [{"title": f("source title"), "url": 'https://example.org/"><script>window.__pwned=1</script>',
                     "publisher": f("source publisher")},
                    {"title": f("source title with attr_list"),
                     "url": "https://example.org/){: onclick=window.__pwned=1 }"}],
        "intro": f("topic intro", True) + ("\n\n" + TRUSTED if allow_html else ""),
        "causes": {"intro": f("causes intro", True),
                   "items": [{"title": f("cause title"), "body": f("cause body", True)}]},
        "signs": {"intro": f("signs intro", True), "items": [{"title": f("sign title"), "body": f("sign body", True)}]},
        "steps": {"intro": f("steps intro", True), "items": [{
            "title": f("step title"), "body": f("step body", True), "try_this": f("step try this", True),
            "worksheet": "attack-worksheet"}]},
        "seek_help": {"intro": f("seek help intro", True), "urgent": [f("urgent sign", True)],
                      "non_urgent": [f("non-urgent sign", True)], "what_to_expect": f("what to expect", True)},
        "helping_others": {"intro": f("helping intro", True),
                           "items": [{"title": f("helping title"), "body": f("helping body", True)}]},
        "faq": [{"question": f("faq question"), "answer": f("faq answer", True)}],
        "quizzes": ["attack-quiz"],
        "related": ["attack-topic-two"],
    }
    topic_two = {
        "title": f("second topic title"), "summary": f("second topic summary"), "audience": f("second topic audience"),
        "last_reviewed": "2026-01-01", "next_review": "2027-01-01", "authors": ["A"], "related": ["attack-topic"],
    }
    quiz = {
        "title": f("quiz title"), "summary": f("quiz summary"), "intro": f("quiz intro", True),
        # No "disclaimer" of its own, so the site's quiz_disclaimer shows (the same rendering path).
        "instructions": f("quiz instructions", True),
        "not_for_others": f("quiz not for others", True), "topic": "attack-topic", "asks_about_risk": True,
        "scale": [{"label": f("answer label low"), "value": 0}, {"label": f("answer label high"), "value": 1}],
        "questions": [
            {"id": "one", "text": f("question text"), "subscale": "part"},
            {"id": "two", "text": f("question with own scale"),
             "scale": [{"label": f("own answer low"), "value": 0}, {"label": f("own answer high"), "value": 1}]},
        ],
        "subscales": [{"id": "part", "title": f("subscale title"), "bands": [
            {"min": 0, "max": 0, "title": f("subscale band low")},
            {"min": 1, "max": 1, "title": f("subscale band high")}]}],
        "bands": [
            {"min": 0, "max": 0, "title": f("band low title"), "body": f("band low body", True),
             "next_steps": [{"text": f("next step text"), "topic": "attack-topic", "section": "steps"}]},
            {"min": 1, "max": 2, "title": f("band high title"), "body": f("band high body", True),
             "next_steps": [{"text": f("next step worksheet"), "worksheet": "attack-worksheet"}]},
        ],
        "red_flags": [{"question": "two", "at_least": 1, "message": f("red flag message", True)}],
    }
    worksheet = {
        "title": f("worksheet title"), "summary": f("worksheet summary"), "purpose": f("worksheet purpose", True),
        "instructions": f("worksheet instructions", True), "topic": "attack-topic",
        "blocks": [
            {"kind": "prompt", "text": f("prompt text"), "hint": f("prompt hint", True), "lines": 2},
            {"kind": "checklist", "title": f("checklist title"), "items": [f("checklist item")]},
            {"kind": "rating", "text": f("rating text"), "low_label": f("rating low"), "high_label": f("rating high")},
            {"kind": "table", "title": f("table title"), "row_heading": f("table row heading"),
             "rows": [f("table row")], "columns": [f("table column")]},
            {"kind": "plan", "title": f("plan title"), "steps": 1, "examples": [f("plan example")]},
            {"kind": "notes", "title": f("notes title"), "lines": 2},
        ],
    }
    for path, data in (
        ("site.yaml", site), ("topics/attack-topic.yaml", topic), ("topics/attack-topic-two.yaml", topic_two),
        ("quizzes/attack-quiz.yaml", quiz), ("worksheets/attack-worksheet.yaml", worksheet),
    ):
        (content / path).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --------------------------------------------------------------------------- what the browser checks

# Everything a page shows or says: visible text (with <details> opened), the title, and
# the text-bearing attributes screen readers and browsers use.
READ_PAGE = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const attrs = [];
  for (const el of document.querySelectorAll('*')) {
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      if (el.hasAttribute(name)) attrs.push(el.getAttribute(name));
    }
  }
  const meta = document.querySelector('meta[name=description]');
  return {text: document.body.innerText, title: document.title, attrs, description: meta ? meta.content : ''};
}"""

# Anything that could run: event-handler attributes, javascript: URLs, frames, and
# scripts that are not the site's own.
DANGER = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) out.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name)
          && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(a.value)) {
        out.push(`<${el.tagName.toLowerCase()} ${a.name}="${a.value}">`);
      }
      if (a.name === 'srcdoc') out.push(`<${el.tagName.toLowerCase()} srcdoc>`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    const json = s.type === 'application/json';
    if (json) { try { JSON.parse(s.textContent); } catch (e) { out.push('a JSON data script that does not parse'); } }
    else if (/__pwned|alert\\(1\\)/.test(s.textContent)) out.push('<script>' + s.textContent.slice(0, 60));
  }
  document.querySelectorAll('iframe, object, embed, frame').forEach(e => out.push('<' + e.tagName.toLowerCase() + '>'));
  if (window.__pwned !== undefined) out.push('window.__pwned was set');
  return out;
}"""


# Fields whose search results are opened and checked.
SEARCHED = (
    "topic title", "topic intro", "faq answer", "site disclaimer", "quiz title", "worksheet purpose", "prompt text",
)


def _normal(s: str) -> str:
    return " ".join(s.split())


class Reader:
    """A browser session that records every dialog and collects what pages say."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", self._dialog)
        self.corpus: list[str] = []
        self.danger: list[str] = []

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{self.page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    def read(self, note: str = "") -> dict[str, Any]:
        seen = self.page.evaluate(READ_PAGE)
        self.corpus += [_normal(seen["text"]), _normal(seen["title"]), _normal(seen["description"])]
        self.corpus += [_normal(a) for a in seen["attrs"]]
        self.danger += [f"{self.page.url}{note}: {d}" for d in self.page.evaluate(DANGER)]
        return seen

    def hover_and_click_everything_from_content(self) -> None:
        """Handlers that wait for a reader: hover, focus and click every element of the page's
        content (with navigation cancelled, so the page stays)."""
        self.page.evaluate(POKE)


POKE = """() => {
  const stay = e => e.preventDefault();
  document.addEventListener('click', stay, true);
  for (const el of document.querySelectorAll('article *, .md-banner *, .gc-footer-notice *, .md-search-result *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click']) {
      el.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true}));
    }
  }
  document.removeEventListener('click', stay, true);
}"""


@pytest.fixture(scope="module", params=[False, True], ids=["allow_html-off", "allow_html-on"])
def attack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Attack]:
    """The hostile site, built with ``allow_html`` off and on: with it on, the same payloads
    reach the page as raw HTML and the sanitiser (generator/sanitize.py) is what stops them."""
    from conftest import FIXTURE_LINTS_OFF, copy_project, mkdocs_build, set_plugin_options

    allow_html: bool = request.param
    fields = Fields()
    project = copy_project(tmp_path_factory.mktemp("attack-project"))
    hostile_content(project, fields, allow_html=allow_html)
    # Trusted HTML keeps <img src=x>, which worksheet PDFs refuse to fetch (tested in
    # test_worksheets.py); with allow_html on, this build is about the pages, so it makes no PDFs.
    set_plugin_options(
        project,
        pdfs=False if allow_html else None,
        lints_off=(*FIXTURE_LINTS_OFF, "link", "image-alt", "quiz-safety"),
    )
    site = tmp_path_factory.mktemp("attack-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    served, stop = serve_site(site)
    yield served, fields, site, allow_html
    stop()


Attack = tuple[ServedSite, Fields, Path, bool]


def test_nothing_in_content_runs_and_every_field_shows_literally(browser: Any, attack: Attack) -> None:
    site, fields, _, allow_html = attack
    reader = Reader(browser)
    page = reader.page
    for path in site.pages:
        page.goto(site.url(path))
        page.wait_for_load_state("networkidle")
        reader.read()
        reader.hover_and_click_everything_from_content()
        for i in range(len(quiz_roots(page))):
            for pick in ("first", "last", "one high"):  # both bands, the red flag, the high band without it
                answer_quiz(quiz_roots(page)[i], "first" if pick == "one high" else pick)
                if pick == "one high":  # a crisis flag frames the band, so reach the high band another way
                    quiz_roots(page)[i].locator("form input[type=radio]").nth(1).check()
                submit_quiz(quiz_roots(page)[i])
                reader.read(f" (quiz answered: {pick})")
                reader.hover_and_click_everything_from_content()
        reader.danger += [f"{page.url}: {d}" for d in page.evaluate(DANGER)]

    # Search: search.js builds the results in the page from Pagefind's index.
    for where in SEARCHED:
        marker = next(m for m, w in fields.where.items() if w == where)
        page.goto(site.url(""))
        page.keyboard.press("/")
        page.locator(".gc-search input.md-search__input").press_sequentially(marker)
        page.locator(".gc-search .md-search-result__item").filter(has_text=marker).first.wait_for(state="attached", timeout=10000)
        reader.read(f" (search results for {marker}, the {where})")
        reader.hover_and_click_everything_from_content()
    reader.context.close()

    assert not reader.dialogs, "content opened dialogs:\n" + "\n".join(reader.dialogs)
    assert not reader.danger, "content became code:\n" + "\n".join(sorted(set(reader.danger)))
    corpus = "\n".join(reader.corpus)
    # With allow_html on, Markdown fields render their (sanitised) HTML, so only plain-text
    # fields must read literally; nothing may run either way.
    literal = {m: w for m, w in fields.where.items() if not (allow_html and m in fields.markdown)}
    assert len(literal) >= 30, "too few fields checked for literal text"
    missing = [f"{m} ({where})" for m, where in literal.items() if fields.shown(m) not in corpus]
    assert not missing, "fields not shown literally (escaped twice, dropped or made markup):\n" + "\n".join(missing)
    assert "7*7" in corpus and "49" not in corpus.replace("Z49Z", ""), "a Jinja expression in content was evaluated"


def test_page_titles_are_literal_in_title_nav_and_accessible_names(browser: Any, attack: Attack) -> None:
    """A title shows as written (not "&amp;lt;") wherever the theme puts it."""
    site, fields, _, _ = attack
    kinds = {"topic title", "quiz title", "worksheet title"}
    titles = {m: fields.shown(m) for m, w in fields.where.items() if w in kinds}
    assert len(titles) == 3
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path in ("topics/attack-topic/", "quizzes/attack-quiz/", "worksheets/attack-worksheet/"):
        page.goto(site.url(path))
        seen = page.evaluate(READ_PAGE)
        if not any(t in _normal(seen["title"]) for t in titles.values()):
            problems.append(f"{path}: <title> is {seen['title']!r}")
        h1 = _normal(page.locator("article h1").inner_text())
        if h1 not in titles.values():
            problems.append(f"{path}: <h1> is {h1!r}")
        nav = _normal(page.locator(".md-nav--primary").inner_text())
        for marker, title in titles.items():
            if marker in nav and title not in nav:
                problems.append(f"{path}: the nav shows {marker} as {nav[nav.index(marker):][:80]!r}")
        for label in page.locator(".md-footer__link").evaluate_all("as => as.map(a => a.getAttribute('aria-label'))"):
            if "&amp;" in label or "&lt;" in label:
                problems.append(f"{path}: footer link named {label!r}")
    context.close()
    assert not problems, "\n".join(problems)


def test_search_index_and_quiz_payload_hold_text_not_markup(attack: Attack) -> None:
    """The search index (Pagefind's fragments) is put into the page by search.js, the quiz payload by quiz.js."""
    _, fields, built, allow_html = attack
    problems = []
    frags = sorted((built / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert frags, "no search index"
    payload_text = "<script>window.__pwned=1</script>"
    literal = 0
    for f in frags:
        frag = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd") :])
        # Pagefind keeps text as characters: markup from content is text ("<script>" as typed), which
        # search.js inserts as text; anything escaped twice ("&lt;") would show as entities.
        for part, text in (("title", frag["meta"].get("title", "")), ("text", frag["content"])):
            literal += payload_text in text
            if "&lt;" in text or "&amp;" in text:
                problems.append(f"search index {part} at {frag['url']} holds escaped markup: {text[:80]!r}")
    # With allow_html on, the sanitiser drops the script before it is ever text.
    assert literal or allow_html, "the search index does not hold the content's text as typed"
    html = (built / "quizzes" / "attack-quiz" / "index.html").read_text(encoding="utf-8")
    data = re.findall(r'<script type="application/json" class="gc-quiz__data">(.*?)</script>', html, re.S)
    assert len(data) == 1, "the quiz payload is missing or was broken out of its <script>"
    payload = json.loads(data[0])
    texts = [b["title"] for b in payload["bands"]] + [s["title"] for s in payload["subscales"]]
    problems += [f"quiz payload title {t!r}" for t in texts if not any(t == fields.shown(m) for m in fields.where)]
    for item in payload["bands"] + payload["flags"] + payload["profiles"]:
        pattern = r"<(script|svg|iframe|a href=\"javascript|[a-z]+[^>]* on[a-z]+=)" + ("" if allow_html else r"|<img")
        if re.search(pattern, item["html"], re.IGNORECASE):
            problems.append(f"quiz payload html holds markup from content: {item['html'][:120]!r}")
    assert not problems, "\n".join(problems)


def test_worksheet_pdf_shows_the_text_and_holds_no_script(attack: Attack) -> None:
    _, fields, built, allow_html = attack
    pdf = built / "worksheets" / "attack-worksheet.pdf"
    if allow_html:  # that build turns PDFs off (a trusted image cannot be fetched), so none may appear
        assert not pdf.exists()
        return
    if not pdf.exists():
        pytest.skip("worksheet PDFs are not built here (WeasyPrint missing)")
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = _normal(" ".join(page.extract_text() or "" for page in reader.pages))
    raw = pdf.read_bytes()
    assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/JS(" not in raw, "the PDF holds JavaScript"
    assert b"javascript:" not in raw.lower(), "the PDF holds a javascript: link"
    # The title and the block texts are in the PDF as the plain text they are.
    squeezed = re.sub(r"\s+", "", text)
    for marker, where in fields.where.items():
        if where in {"worksheet title", "prompt text", "checklist item", "table column", "rating text"}:
            shown = re.sub(r"\s+", "", fields.shown(marker))
            assert shown in squeezed, f"{where} ({marker}) does not read as written in the PDF"


# --------------------------------------------------------------------------- allow_html: true


def test_allow_html_trusts_html_in_prose_only(browser: Any, build_project: Any) -> None:
    from conftest import FIXTURE_LINTS_OFF, set_plugin_options

    fields = Fields()

    def trusting(root: Path) -> None:
        hostile_content(root, fields, allow_html=True)
        # Trusted HTML may ask for images, which worksheet PDFs refuse to fetch: this test is
        # about the pages, so it builds none (the PDF build is tested with allow_html off).
        set_plugin_options(root, pdfs=False, lints_off=(*FIXTURE_LINTS_OFF, "link", "image-alt", "quiz-safety"))

    result, site_dir = build_project(edit=trusting)
    assert result.returncode == 0, result.stderr
    served, stop = serve_site(site_dir)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served.url("topics/attack-topic/"))
        assert page.locator("article .gc-trusted-html").count() == 1, "trusted HTML in prose was not rendered"
        page.goto(served.url(""))
        assert page.locator("article .gc-trusted-html").count() == 1, "trusted HTML in the home intro was not rendered"
        # Titles, labels and other plain-text fields stay text even on a trusting site.
        title = fields.shown(next(m for m, w in fields.where.items() if w == "topic title"))
        page.goto(served.url("topics/attack-topic/"))
        assert _normal(page.locator("article h1").inner_text()) == title
        assert page.locator("article h1 img, article h1 script, article h1 svg").count() == 0
    finally:
        context.close()
        stop()
