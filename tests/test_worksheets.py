"""Worksheets: the page (golden files), the print rules, the blank PDF and validation.

Regenerate the golden files after an intended change with
``GUIDECRAFT_UPDATE_GOLDEN=1 python -m pytest tests/test_worksheets.py``.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import textwrap
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import ContentError, Renderer, SiteConfig, load_content
from generator.i18n import LANGUAGES
from generator.models import WorksheetBlock

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURE = HERE / "fixtures" / "worksheets" / "content"
GOLDEN = HERE / "golden" / "worksheets"
UPDATE = os.environ.get("GUIDECRAFT_UPDATE_GOLDEN") == "1"
CSS = ROOT / "generator" / "assets" / "worksheet.css"
TEMPLATES = ROOT / "generator" / "templates"
SITE_URL = "https://example.org/guide/"
TRICKY_TITLE = '<script>alert(1)</script> & "quotes" *stars*'

# Every block kind the model allows, read from the model so a new kind cannot be missed.
BLOCK_KINDS = sorted(
    typing.get_args(typing.get_type_hints(m)["kind"])[0] for m in typing.get_args(typing.get_args(WorksheetBlock)[0])
)


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(FIXTURE)


def renderer_for(content, **options):  # type: ignore[no-untyped-def]
    return Renderer(content, SiteConfig(site_name="Test site", site_url=SITE_URL, **options))


@pytest.fixture(scope="module")
def pdfs(content):  # type: ignore[no-untyped-def]
    """Each fixture worksheet's PDF, from a renderer that builds them."""
    pytest.importorskip("weasyprint")
    from generator.pdf import render_worksheet_pdfs

    return render_worksheet_pdfs(renderer_for(content, worksheet_pdfs=True))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    """Text without any whitespace, so line wrapping in a PDF does not matter."""
    return re.sub(r"\s+", "", text)


def block_texts(block) -> list[str]:  # type: ignore[no-untyped-def]
    """The words a reader must see for a block, on screen and on paper."""
    texts = [getattr(block, "text", None) or block.title]
    texts += getattr(block, "items", []) + getattr(block, "rows", []) + getattr(block, "columns", [])
    texts += getattr(block, "examples", [])
    return texts


# --------------------------------------------------------------------------- the page


def test_fixture_has_one_block_of_each_kind(content) -> None:  # type: ignore[no-untyped-def]
    kinds = [b.kind for b in content.worksheets["every-block"].model.blocks]
    assert sorted(kinds) == BLOCK_KINDS


@pytest.mark.parametrize("slug", ["every-block", "tricky-text"])
def test_golden_page(content, slug: str) -> None:  # type: ignore[no-untyped-def]
    actual = renderer_for(content).worksheet_page(content.worksheets[slug]).markdown
    golden = GOLDEN / f"{slug}.md"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with GUIDECRAFT_UPDATE_GOLDEN=1 to write it"
    assert actual == golden.read_text(encoding="utf-8"), f"{slug} differs from {golden.name}; if intended, regenerate"


class _Elements(HTMLParser):
    """Collects start tags with their attributes, and the raw text of <style> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def elements(markdown: str) -> _Elements:
    parser = _Elements()
    parser.feed(markdown)
    return parser


def test_every_field_is_labelled_and_ids_are_unique(content) -> None:  # type: ignore[no-untyped-def]
    page = elements(renderer_for(content).worksheet_page(content.worksheets["every-block"]).markdown)
    ids = [a["id"] for _, a in page.tags if a.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    label_for = {a["for"] for t, a in page.tags if t == "label" and a.get("for")}
    fields = [(t, a) for t, a in page.tags if t in {"textarea", "input"}]
    # every kind of field a worksheet uses; one-line inputs are gone, since typed text in them is cut off in print
    assert {a.get("type", t) for t, a in fields} == {"textarea", "checkbox", "radio"}
    for _tag, attrs in fields:
        assert attrs["id"] in label_for or all(i in ids for i in (attrs.get("aria-labelledby") or "-").split()), attrs
    for tag, attrs in page.tags:
        if tag == "th":
            assert attrs.get("scope") in {"col", "row"}, attrs


def test_nothing_can_be_submitted(content) -> None:  # type: ignore[no-untyped-def]
    """No form, and no name on anything typed: pressing Enter cannot put answers in a URL."""
    page = elements(renderer_for(content).worksheet_page(content.worksheets["every-block"]).markdown)
    assert not [t for t, _ in page.tags if t == "form"]
    typed = [a for t, a in page.tags if t == "textarea" or a.get("type") == "text"]
    assert typed and not [a for a in typed if "name" in a]
    assert not [t for t, _ in page.tags if t == "script"]


def test_page_says_nothing_is_saved_and_links_back_to_its_topic(content) -> None:  # type: ignore[no-untyped-def]
    r = renderer_for(content)
    md = r.worksheet_page(content.worksheets["every-block"]).markdown
    assert r.t.worksheet_privacy.replace("'", "&#39;") in md
    assert "[Feeling far away from people](../topics/feeling-far-away.md)" in md
    assert "goes with" not in r.worksheet_page(content.worksheets["tricky-text"]).markdown  # no topic set


def test_titles_and_labels_are_text_not_markup(content) -> None:  # type: ignore[no-untyped-def]
    md = renderer_for(content).worksheet_page(content.worksheets["tricky-text"]).markdown
    page = elements(md)
    tags = {t for t, _ in page.tags}
    assert not tags & {"script", "img", "b", "i", "u", "low"}
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in md
    assert "Notes &lt;/textarea&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in md
    # The printed footer's CSS string cannot close the <style> element, and reads back as the title.
    import tinycss2

    [style] = page.styles
    assert "<" not in style and ">" not in style
    [rule] = tinycss2.parse_stylesheet(style, skip_comments=True, skip_whitespace=True)
    decls = {
        d.lower_name: [v for v in d.value if v.type != "whitespace"]
        for d in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
        if d.type == "declaration"
    }
    [footer] = decls["--gc-ws-footer"]
    assert footer.type == "string" and footer.value == f"{TRICKY_TITLE} · example.org/guide"
    assert [(v.type, v.name if v.type == "function" else v.value) for v in decls["--gc-ws-page-of"]] == [
        ("string", "Page "), ("function", "counter"), ("string", " of "), ("function", "counter")
    ]


def test_pdf_link_only_when_pdfs_are_built(content, pdfs) -> None:  # type: ignore[no-untyped-def]
    without = renderer_for(content).worksheet_page(content.worksheets["every-block"]).markdown
    assert ".pdf" not in without
    size = len(pdfs["worksheets/every-block.pdf"])
    with_pdf = renderer_for(content).worksheet_page(content.worksheets["every-block"], size).markdown
    kb = max(1, round(size / 1024))
    assert f"[Download PDF ({kb} KB)](every-block.pdf){{ .gc-ws-pdf-link download=\"every-block.pdf\" }}" in with_pdf


def test_catalogs_have_the_same_worksheet_keys_and_every_key_used() -> None:
    import yaml

    keys = {lang: set(yaml.safe_load((ROOT / "generator" / "messages" / lang / "worksheet.yaml").read_text())) for lang in LANGUAGES}
    assert keys["en"] == keys["es"]
    used: set[str] = set()
    for template in TEMPLATES.glob("worksheet*.j2"):
        text = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bt\.(worksheet_\w+)", text)) | set(re.findall(r"\bt\(\"(worksheet_\w+)\"", text))
    assert used <= keys["en"], used - keys["en"]
    assert keys["en"] <= used, f"unused messages: {keys['en'] - used}"


def test_spanish_page_uses_the_spanish_catalog(content) -> None:  # type: ignore[no-untyped-def]
    md = Renderer(content, SiteConfig(language="es")).worksheet_page(content.worksheets["every-block"]).markdown
    assert "Lo que voy a hacer" in md and "Nada de lo que escribas" in md and '"Página " counter(page)' in md


# --------------------------------------------------------------------------- print rules


def _print_rules() -> tuple[list[tuple[list[str], dict[str, str]]], list[dict[str, str]]]:
    """The style rules inside @media print (selectors, declarations) and the @page rules."""
    import tinycss2

    def declarations(content: list) -> dict[str, str]:  # type: ignore[type-arg]
        out = {}
        for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if d.type == "declaration":
                out[d.lower_name] = tinycss2.serialize(d.value).strip()
        return out

    rules, pages = [], []
    for top in tinycss2.parse_stylesheet(CSS.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True):
        if top.type == "at-rule" and top.lower_at_keyword == "media" and tinycss2.serialize(top.prelude).strip() == "print":
            for rule in tinycss2.parse_rule_list(top.content, skip_comments=True, skip_whitespace=True):
                if rule.type == "qualified-rule":
                    selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
                    rules.append((selectors, declarations(rule.content)))
                elif rule.type == "at-rule" and rule.lower_at_keyword == "page":
                    pages.append(declarations(rule.content))
    return rules, pages


def test_every_block_and_table_row_avoids_page_breaks_in_print(content) -> None:  # type: ignore[no-untyped-def]
    rules, _ = _print_rules()
    avoid = {s for selectors, decl in rules if decl.get("break-inside") == "avoid" for s in selectors}
    page = elements(renderer_for(content).worksheet_page(content.worksheets["every-block"]).markdown)
    blocks = [a["class"].split() for _, a in page.tags if "gc-ws-block" in (a.get("class") or "").split()]
    assert len(blocks) == len(BLOCK_KINDS)
    for classes in blocks:
        assert any(f".{c}" in avoid for c in classes), f"block {classes} may split across pages"
    assert ".gc-ws-grid tr" in avoid


def test_print_page_fits_a4_and_letter_with_a_footer() -> None:
    _, pages = _print_rules()
    [page] = pages
    assert "size" not in page, "the paper size is left to the printer, so A4 and Letter both work"
    margins = [float(m.removesuffix("mm")) for m in page["margin"].split()]
    assert all(10 <= m <= 20 for m in margins)
    css = CSS.read_text(encoding="utf-8")
    assert "@bottom-left" in css and "var(--gc-ws-footer" in css


def test_print_hides_chrome_and_keeps_paper_white() -> None:
    rules, _ = _print_rules()
    hidden = {s for selectors, decl in rules if decl.get("display", "").startswith("none") for s in selectors}
    for chrome in (".md-header", ".md-banner", ".md-sidebar", ".md-footer", ".md-search", ".gc-footer-notice", "button"):
        assert chrome in hidden
    white = [decl for selectors, decl in rules if "body" in selectors]
    assert white and white[0]["background"].startswith("#fff") and white[0]["color-scheme"] == "light"
    line = [decl for selectors, decl in rules if ".gc-worksheet" in selectors and "--gc-ws-line" in decl]
    assert line and float(line[0]["--gc-ws-line"].removesuffix("mm")) == pytest.approx(8.5, abs=0.5)


# --------------------------------------------------------------------------- the PDF


def test_pdf_has_the_title_every_label_and_the_footer(content, pdfs) -> None:  # type: ignore[no-untyped-def]
    worksheet = content.worksheets["every-block"].model
    text = squash(pdf_text(pdfs["worksheets/every-block.pdf"]))
    for expected in [worksheet.title, "Thissheethas", *(t for b in worksheet.blocks for t in block_texts(b))]:
        assert squash(expected) in text, expected
    assert text.count(squash(f"{worksheet.title} · example.org/guide")) == 2  # one footer per page
    assert "Page1of2" in text and "Page2of2" in text


def test_pdf_metadata_and_paper(content, pdfs) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdfs["worksheets/every-block.pdf"]))
    assert reader.metadata.title == "Every kind of block"
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 for a GB site
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers


def test_pdf_escapes_text(pdfs) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    data = pdfs["worksheets/tricky-text.pdf"]
    assert PdfReader(io.BytesIO(data)).metadata.title == TRICKY_TITLE
    text = squash(pdf_text(data))
    for shown in [TRICKY_TITLE, "<img src=x onerror=alert(2)> What is \"safe\"?", "<script>alert(4)</script>", "</textarea><script>alert(5)</script>"]:
        assert squash(shown) in text


def test_pdfs_are_byte_identical_across_renders(content, pdfs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from generator.pdf import render_worksheet_pdfs

    again = render_worksheet_pdfs(renderer_for(content, worksheet_pdfs=True))
    assert {k: hashlib.sha256(v).hexdigest() for k, v in again.items()} == {
        k: hashlib.sha256(v).hexdigest() for k, v in pdfs.items()
    }
    assert b"/CreationDate" not in again["worksheets/every-block.pdf"] or "SOURCE_DATE_EPOCH" in os.environ


def test_pdf_dates_come_from_source_date_epoch(content, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from generator.pdf import worksheet_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = worksheet_pdf(renderer_for(content, worksheet_pdfs=True), "tricky-text")
    second = worksheet_pdf(renderer_for(content, worksheet_pdfs=True), "tricky-text")
    assert first == second
    assert PdfReader(io.BytesIO(first)).metadata["/CreationDate"].startswith("D:20260101000000")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert b"/CreationDate" not in worksheet_pdf(renderer_for(content, worksheet_pdfs=True), "tricky-text")


def test_us_sites_get_letter_paper(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from generator.pdf import worksheet_pdf

    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("region: GB", "region: US"), encoding="utf-8")
    data = worksheet_pdf(renderer_for(load_content(root), worksheet_pdfs=True), "every-block")
    assert [round(float(x)) for x in PdfReader(io.BytesIO(data)).pages[0].mediabox[2:]] == [612, 792]


def test_a_last_writing_box_never_takes_a_sheet_of_its_own() -> None:
    """The bundled "Small steps" sheet ends with a notes box that, at its own six lines, would be
    alone on a second sheet: it is shortened (never under three lines) onto the first, and the
    ends of its 0-10 scale stay under their numbers."""
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    from generator.pdf import MIN_LAST_LINES, offline_layout, worksheet_pdf

    renderer = renderer_for(load_content(ROOT / "content"), worksheet_pdfs=True)
    slug = "small-steps-to-reconnect"
    last = renderer.content.worksheets[slug].model.blocks[-1]
    assert last.kind == "notes" and last.lines > MIN_LAST_LINES
    as_written = offline_layout(renderer.worksheet_print_html(slug, paper="A4"), None)
    assert len(as_written.pages) == 2  # the waste this avoids
    reader = PdfReader(io.BytesIO(worksheet_pdf(renderer, slug)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "How did it go?" in text and "10 means: Very ready" in text


def test_pdf_fetches_nothing() -> None:
    pytest.importorskip("weasyprint")
    from generator.pdf import PdfFetchRefused, offline_layout

    with pytest.raises(PdfFetchRefused) as refused:
        offline_layout('<p>x</p><img src="http://127.0.0.1:9/tracker.png">', None)
    assert refused.value.url == "http://127.0.0.1:9/tracker.png"


# --------------------------------------------------------------------------- validation


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "worksheets").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yaml", root / "site.yaml")
    return root


def worksheet_errors(root: Path, blocks: str, topic: str = "") -> list[str]:
    head = "title: A sheet\nsummary: One line.\npurpose: Why.\ninstructions: How.\n" + topic + "blocks:\n"
    (root / "worksheets" / "sheet.yaml").write_text(head + textwrap.indent(textwrap.dedent(blocks), "  "), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=root.parent)
    return [str(d) for d in info.value.diagnostics]


def test_unknown_block_kind(folder: Path) -> None:
    assert worksheet_errors(folder, "  - kind: drawing\n    text: Draw it\n") == [
        "content/worksheets/sheet.yaml:6:5: error: blocks[0]: unknown block kind 'drawing', expected 'kind:' to be one "
        "of 'prompt', 'checklist', 'rating', 'table', 'plan', 'notes'"
    ]


def test_misspelt_block_kind_names_the_kind_it_is_close_to(folder: Path) -> None:
    assert worksheet_errors(folder, "  - kind: promt\n    text: What happened?\n") == [
        "content/worksheets/sheet.yaml:6:5: error: blocks[0]: unknown block kind 'promt', did you mean 'prompt'? "
        "expected 'kind:' to be one of 'prompt', 'checklist', 'rating', 'table', 'plan', 'notes'"
    ]


def test_lines_and_sizes_out_of_range(folder: Path) -> None:
    blocks = """\
      - kind: prompt
        text: Too many lines
        lines: 40
      - kind: notes
        title: No lines
        lines: 0
      - kind: table
        title: Too wide
        row_heading: Day
        rows: [Monday]
        columns: [a, b, c, d, e, f, g]
      - kind: plan
        title: Too long
        steps: 13
    """
    assert worksheet_errors(folder, blocks) == [
        "content/worksheets/sheet.yaml:8:12: error: blocks[0].lines: expected 30 or less",
        "content/worksheets/sheet.yaml:11:12: error: blocks[1].lines: expected 1 or more",
        "content/worksheets/sheet.yaml:16:14: error: blocks[2].columns: expected at most 6 entries",
        "content/worksheets/sheet.yaml:19:12: error: blocks[3].steps: expected 12 or less",
    ]


def test_missing_and_unknown_keys_in_a_block(folder: Path) -> None:
    blocks = """\
      - kind: rating
        text: How do I feel?
        low_label: Low
      - kind: checklist
        title: Empty
        items: []
        colour: red
    """
    lines = worksheet_errors(folder, blocks)
    assert lines[0] == (
        "content/worksheets/sheet.yaml:6:5: error: blocks[0].high_label: missing required key 'high_label', "
        "expected it to be given"
    )
    assert lines[1] == "content/worksheets/sheet.yaml:11:12: error: blocks[1].items: expected at least 1 entry"
    assert re.fullmatch(
        r"content/worksheets/sheet\.yaml:12:5: error: blocks\[1\]\.colour: unknown key 'colour', "
        r"expected one of: items, kind, title",
        lines[2],
    )
    assert len(lines) == 3


def test_unknown_topic(folder: Path) -> None:
    assert worksheet_errors(folder, "  - kind: notes\n    title: Notes\n", topic="topic: nowhere\n") == [
        "content/worksheets/sheet.yaml:5:8: error: topic: unknown topic 'nowhere', expected one of: none yet; write the "
        "file name of a topic that exists, without .yaml, or take it out if that topic was deleted"
    ]


def test_a_pdf_that_would_need_a_file_is_a_located_error_not_a_traceback(build_project) -> None:  # type: ignore[no-untyped-def]
    def trusted_image(project: Path) -> None:
        site = project / "content" / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("allow_html: false", "allow_html: true"), encoding="utf-8")
        sheet = project / "content" / "worksheets" / "small-steps-to-reconnect.yaml"
        text = sheet.read_text(encoding="utf-8")
        assert "purpose: |-\n" in text
        sheet.write_text(text.replace("purpose: |-\n", 'purpose: |-\n  <img src="photo.png" alt="A photo">\n\n', 1), encoding="utf-8")

    result, site = build_project(edit=trusted_image)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert re.search(
        r"^content/worksheets/small-steps-to-reconnect\.yaml:1:1: error: the PDF would need \S*photo\.png, but worksheet "
        r"PDFs use no images or outside files; expected text only$",
        result.stderr,
        re.M,
    ), result.stderr


def test_making_a_pdf_keeps_weasyprints_progress_out_of_the_terminal(content, caplog) -> None:  # type: ignore[no-untyped-def]
    """``guidecraft serve`` logs at INFO: WeasyPrint's "Step 5 - Creating layout" lines must not reach it."""
    import logging

    pytest.importorskip("weasyprint")
    from generator.pdf import CHATTY_LOGGERS, render_worksheet_pdfs

    caplog.set_level(logging.INFO)
    levels = [logging.getLogger(name).level for name in CHATTY_LOGGERS]
    made = render_worksheet_pdfs(renderer_for(content, worksheet_pdfs=True))
    assert made and all(data.startswith(b"%PDF") for data in made.values())
    chatty = [r for r in caplog.records if r.name.split(".")[0] in CHATTY_LOGGERS and r.levelno < logging.WARNING]
    assert chatty == []
    assert [logging.getLogger(name).level for name in CHATTY_LOGGERS] == levels  # put back afterwards
