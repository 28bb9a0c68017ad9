"""Worksheets in Debian's Chromium: filling in, printing on A4 and Letter, the built PDF.

Runs over the worksheets shipped in content/worksheets/ of the bundled site.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from generator import load_content

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SLUGS = sorted(p.stem for p in (ROOT / "content" / "worksheets").glob("*.y*ml"))
each_worksheet = pytest.mark.parametrize(
    "slug", SLUGS or [pytest.param(None, marks=pytest.mark.skip(reason="no worksheets in content/worksheets/ yet"))]
)
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}
# The printable area of each paper with worksheet.css's @page margins (14 mm at the sides
# and top, 16 mm at the foot), in CSS pixels.
MM = 96 / 25.4
PRINT_AREA = {"A4": (int((210 - 28) * MM), int((297 - 30) * MM)), "Letter": (int((215.9 - 28) * MM), int((279.4 - 30) * MM))}
CHROME = [".md-header", ".md-banner", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".gc-footer-notice", "button"]
SCREEN_ONLY = [".gc-ws-topic", ".gc-ws-pdf", ".gc-ws-privacy"]


@pytest.fixture(scope="module")
def worksheets() -> dict[str, Any]:
    return {slug: doc.model for slug, doc in load_content(ROOT / "content").worksheets.items()}


def squash(text: str) -> str:
    # NFKC: a PDF may hold a ligature ("ﬁ") where the page had two letters, depending on the fonts installed.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [squash(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]


def block_texts(block: Any) -> list[str]:
    texts = [getattr(block, "text", None) or block.title]
    return texts + getattr(block, "items", []) + getattr(block, "rows", []) + getattr(block, "columns", []) + getattr(block, "examples", [])


def footer_text(title: str) -> str:
    return f"{title} · example.github.io/guidecraft"


def open_worksheet(page: Any, site_url: str, slug: str, scheme: str = "light") -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site_url}worksheets/{slug}/")
    page.wait_for_load_state("load")
    expected = "slate" if scheme == "dark" else "default"
    page.wait_for_function(f"document.body.dataset.mdColorScheme === {expected!r}", timeout=5000)


def fill_everything(page: Any) -> list[tuple[str, str]]:
    """Type into every field, more than fits on its lines; returns (start, end) markers per field.

    The first field is typed into for real; the rest get their value by script, which is
    the same to the print layout and much faster on a 28-cell journal.
    """
    fields = page.locator(".gc-worksheet textarea, .gc-worksheet input[type=text]")
    texts = []
    for i, tag in enumerate(fields.evaluate_all("els => els.map(el => el.tagName)")):
        start, end = f"Typedstart{i}", f"typedend{i}"
        long = f"{start} " + "I wrote more words here than the lines were made for. " * 6 + end
        texts.append((start, end, long if tag == "TEXTAREA" else f"{start} {end}"))
    fields.first.fill(texts[0][2])
    page.evaluate(
        """texts => {
          const fields = document.querySelectorAll('.gc-worksheet textarea, .gc-worksheet input[type=text]');
          texts.forEach((text, i) => { if (i) { fields[i].value = text; fields[i].dispatchEvent(new Event('input', {bubbles: true})); } });
          document.querySelectorAll('.gc-worksheet input[type=checkbox]').forEach((box, i) => { box.checked = i % 2 === 0; });
          document.querySelectorAll('.gc-ws-scale').forEach(scale => { scale.querySelectorAll('input[type=radio]')[7].checked = true; });
        }""",
        [text for _, _, text in texts],
    )
    return [(start, end) for start, end, _ in texts]


@each_worksheet
def test_print_shows_only_the_worksheet(page: Any, site_url: str, slug: str) -> None:
    open_worksheet(page, site_url, slug)
    assert page.locator(".md-header").is_visible() and page.locator(".md-banner").is_visible()
    page.emulate_media(media="print")
    for selector in CHROME + SCREEN_ONLY:
        shown = [i for i, el in enumerate(page.locator(selector).all()) if el.is_visible()]
        assert not shown, f"{selector} is printed"
    assert page.locator("h1").is_visible()
    blocks = page.locator(".gc-ws-block")
    assert blocks.count() > 0 and all(b.is_visible() for b in blocks.all())


@each_worksheet
def test_everything_typed_is_printed(page: Any, site_url: str, slug: str) -> None:
    open_worksheet(page, site_url, slug)
    markers = fill_everything(page)
    page.emulate_media(media="print")
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.gc-worksheet textarea, .gc-worksheet input[type=text]')]
              .filter(el => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
              .map(el => el.id)"""
    )
    assert not clipped, f"typed text is cut off in print: {clipped}"
    text = "".join(pdf_pages(page.pdf(format="A4")))
    for start, end in markers:
        assert start in text and end in text, f"{start}…{end} is not in the printed PDF"


@each_worksheet
def test_built_pdf_is_linked_with_its_size(page: Any, site_url: str, built_site: Path, worksheets: dict[str, Any], slug: str) -> None:
    from pypdf import PdfReader

    pytest.importorskip("weasyprint", reason="the site is built without PDFs when WeasyPrint is missing")
    open_worksheet(page, site_url, slug)
    link = page.locator("a.gc-ws-pdf-link")
    assert link.count() == 1
    url = urljoin(page.url, link.get_attribute("href"))
    response = page.request.get(url)
    assert response.status == 200
    data = response.body()
    assert data == (built_site / urlsplit(url).path.lstrip("/")).read_bytes()
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == worksheets[slug].title
    assert squash(worksheets[slug].title) in squash(reader.pages[0].extract_text())
    assert f"({max(1, round(len(data) / 1024))} KB)" in link.inner_text()


@each_worksheet
@pytest.mark.parametrize("paper", PAPERS)
def test_printed_pages(page: Any, site_url: str, worksheets: dict[str, Any], slug: str, paper: str) -> None:
    """On A4 and Letter: every prompt is printed, each page has the footer and no block is split."""
    from pypdf import PdfReader

    worksheet = worksheets[slug]
    open_worksheet(page, site_url, slug)
    width, height = PRINT_AREA[paper]
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(media="print")
    layout = page.evaluate(
        """() => [...document.querySelectorAll('.gc-ws-block')].map(el => {
              const lines = el.innerText.split('\\n').map(s => s.trim()).filter(Boolean);
              return {
                avoid: getComputedStyle(el).breakInside,
                rows: [...el.querySelectorAll('tr')].map(tr => getComputedStyle(tr).breakInside),
                height: el.getBoundingClientRect().height,
                right: Math.max(el.getBoundingClientRect().right,
                  ...[...el.querySelectorAll('*')].map(c => c.getBoundingClientRect().right)),
                first: lines[0], last: lines[lines.length - 1],
              };
            })"""
    )
    assert layout
    for n, block in enumerate(layout, 1):
        assert block["avoid"] == "avoid", f"block {n} may split: break-inside is {block['avoid']}"
        assert all(r == "avoid" for r in block["rows"]), f"a table row in block {n} may split"
        assert block["height"] <= height, f"block {n} is taller than a {paper} page ({block['height']:.0f}px)"
        # Wider than the page area would be cut off at the right edge of the paper.
        assert block["right"] <= width - 1, f"block {n} reaches {block['right']:.0f}px, wider than {paper} ({width}px)"
    data = page.pdf(format=paper)
    size = [float(x) for x in PdfReader(io.BytesIO(data)).pages[0].mediabox[2:]]
    assert size == pytest.approx(PAPERS[paper], abs=2), f"{paper} printed on a {size} page"
    pages = pdf_pages(data)
    text = "".join(pages)
    for expected in [worksheet.title, *(t for b in worksheet.blocks for t in block_texts(b))]:
        assert squash(expected) in text, f"{expected!r} is not in the {paper} print"
    for n, page_text in enumerate(pages, 1):
        assert squash(footer_text(worksheet.title)) in page_text, f"no footer on {paper} page {n}"
        assert f"Page{n}of{len(pages)}" in page_text
    # In the printed pages themselves, each block starts and ends on the same page.
    for n, block in enumerate(layout, 1):
        first, last = squash(block["first"]), squash(block["last"])
        assert any(first in p and last in p for p in pages), f"block {n} ({block['first']!r}) is split on {paper}"


@each_worksheet
def test_dark_mode_prints_on_white(page: Any, site_url: str, slug: str) -> None:
    from PIL import Image

    open_worksheet(page, site_url, slug, scheme="dark")
    fill_everything(page)
    background = "getComputedStyle(document.body).backgroundColor"
    assert _contrast_on_white(page.evaluate(background)) > 7, "the screen should be dark in this test"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => {
          const els = [document.documentElement, document.body,
            ...document.querySelectorAll('.md-container, .md-main, .md-content, .gc-ws-block, .gc-worksheet textarea, .gc-worksheet input, .gc-ws-grid th, .gc-ws-grid td')];
          return els.map(el => [el.tagName + '.' + el.className, getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
        }"""
    )
    for name, bg, fg in colours:
        assert bg in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), f"{name} prints on {bg}"
        assert _contrast_on_white(fg) >= 7, f"{name} prints its text in {fg}"
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
    histogram = shot.histogram()
    paper = sum(histogram[240:]) / sum(histogram)
    assert histogram.index(max(histogram)) >= 250 and paper > 0.8, f"only {paper:.0%} of the printed page is white"


@each_worksheet
def test_filled_worksheet_passes_axe(page: Any, site_url: str, slug: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_worksheet(page, site_url, slug)
    fill_everything(page)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
    # The whole page is checked in every colour scheme by test_accessibility.py; this checks the filled-in form.
    result = Axe().run(page, context=".gc-worksheet", options={"runOnly": {"type": "tag", "values": tags}})
    ran = {r["id"] for key in ("passes", "violations") for r in result.response[key]}
    assert {"label", "color-contrast"} <= ran, "axe did not check the form fields"
    failures = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]
    assert not failures, "\n".join(failures)


def _contrast_on_white(css_colour: str) -> float:
    """WCAG contrast of an rgb()/rgba() colour against white paper; transparent is white."""
    values = [float(v) for v in re.findall(r"[\d.]+", css_colour)]
    if len(values) == 4 and values[3] == 0:
        return 1.0

    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in values[:3])
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
