"""Rendering: golden files (YAML in, Markdown out) and the rules rendering must keep."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator import Renderer, SiteConfig, load_content
from generator.markup import md_text, relative_url, render_block
from generator.mkdocs_config import mkdocs_nav

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "golden"
GOLDEN = HERE / "golden" / "pages"
UPDATE = os.environ.get("GUIDECRAFT_UPDATE_GOLDEN") == "1"

# Pages whose templates belong to the core; quiz and worksheet pages have their own golden tests.
CORE_PAGES = [
    "index.md", "get-help.md", "about.md", "topics/full.md", "topics/feelings/index.md", "tags.md", "topics/index.md",
]  # fmt: skip


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(load_content(FIXTURE), SiteConfig(site_name="Test site"))


@pytest.mark.parametrize("src", CORE_PAGES)
def test_golden_pages(renderer: Renderer, src: str) -> None:
    pages = {p.src: p for p in renderer.pages()}
    golden = GOLDEN / (src.replace("/", "__"))
    actual = pages[src].markdown
    if UPDATE:
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run with GUIDECRAFT_UPDATE_GOLDEN=1 to write it"
    assert actual == golden.read_text(encoding="utf-8"), f"{src} differs from {golden.name}; if intended, regenerate"


def test_nav_groups_topics_by_category(renderer: Renderer) -> None:
    assert mkdocs_nav(renderer.nav()) == [
        {"Home": "index.md"},
        {
            "Topics": [
                "topics/index.md",
                {"Feelings &amp; moods": ["topics/feelings/index.md", "topics/full.md"]},
                "topics/other.md",
            ]
        },
        "tags.md",
        {"Worksheets": ["worksheets/index.md", "worksheets/journal.md"]},
        "get-help.md",
        "about.md",
    ]


def test_pages_record_their_source_file(renderer: Renderer) -> None:
    pages = {p.src: p for p in renderer.pages()}
    assert pages["topics/full.md"].source.endswith("topics/full.yaml")


def test_raw_html_in_prose_is_text() -> None:
    html = render_block("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_trusted_html_is_allowed_when_the_site_opts_in() -> None:
    assert "<b>bold</b>" in render_block("<b>bold</b>", allow_html=True)


def test_dangerous_link_schemes_are_dropped() -> None:
    html = render_block("[x](javascript:alert(1)) [y](vbscript:x) [z](https://example.org)")
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="https://example.org"' in html


def test_md_text_neutralises_markdown_and_html() -> None:
    assert md_text("<b>{: onclick=x}</b> *a*") == r"&lt;b&gt;\{: onclick=x\}&lt;/b&gt; \*a\*"


def test_titles_in_front_matter_are_escaped_once(renderer: Renderer) -> None:
    page = {p.src: p for p in renderer.pages()}["topics/full.md"]
    assert 'title: "Every \\u003csection\\u003e &amp; more"' not in page.markdown  # not double-escaped
    assert 'title: "Every &lt;section&gt; &amp;amp; more"' not in page.markdown
    assert 'title: "Every &lt;section&gt; &amp; more"' in page.markdown


@pytest.mark.parametrize(
    ("src", "dst", "directory_urls", "expected"),
    [
        ("topics/a.md", "worksheets/b.md", True, "../../worksheets/b/"),
        ("topics/a.md", "worksheets/b.md", False, "../worksheets/b.html"),
        ("index.md", "topics/a.md", True, "topics/a/"),
        ("topics/a.md", "index.md", True, "../../"),
        ("topics/a.md", "topics/a.md", True, "./"),
        ("quizzes/index.md", "quizzes/q.md", True, "q/"),
    ],
)
def test_relative_urls_match_mkdocs(src: str, dst: str, directory_urls: bool, expected: str) -> None:
    assert relative_url(src, dst, directory_urls) == expected


def test_spanish_ui_strings(tmp_path: Path) -> None:
    content = load_content(FIXTURE)
    page = {p.src: p for p in Renderer(content, SiteConfig(language="es")).pages()}["topics/full.md"]
    assert "## Pasos que puedes dar { #steps }" in page.markdown
    assert "1 de marzo de 2026" in page.markdown
    assert "Steps you can take" not in page.markdown


def test_author_can_override_a_template(tmp_path: Path) -> None:
    (tmp_path / "about.md.j2").write_text("---\ntitle: Custom\n---\n\n# {{ t.about_title }} (ours)\n", encoding="utf-8")
    renderer = Renderer(load_content(FIXTURE), SiteConfig(template_dirs=(tmp_path,)))
    about = {p.src: p for p in renderer.pages()}["about.md"]
    assert about.markdown == "---\ntitle: Custom\n---\n\n# About this site (ours)\n"


def test_every_catalog_message_is_used() -> None:
    """A message nobody shows is a translation nobody needs; keep the catalogs honest."""
    from generator.i18n import catalog

    root = HERE.parent
    sources = [*(root / "generator" / "templates").rglob("*.j2"), *(root / "overrides").rglob("*.html"), *(root / "generator" / "theme").rglob("*.html")]
    sources += [*(root / "generator").rglob("*.py"), *(root / "generator" / "assets").glob("*.js")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    unused = [key for key in catalog("en") if not re.search(rf"\b{re.escape(key)}\b", text)]
    assert unused == []


@pytest.mark.parametrize(
    "folder", ["content", "tests/fixtures/quizzes/content", "tests/fixtures/worksheets/content", "tests/fixtures/spanish/content"]
)
def test_page_srcs_name_every_generated_page(folder: str) -> None:
    """guidecraft check lints links against the nav's pages instead of rendering them (and their PDFs)."""
    from generator.site import Site

    root = Path(__file__).resolve().parent.parent
    site = Site(SiteConfig(content_dir=root / folder, project_dir=root, worksheet_pdfs=False))
    from_nav = site.page_srcs
    assert from_nav == [p.src for p in site.pages]
    assert len(from_nav) == len(set(from_nav))
    assert site.pages_outside_nav == frozenset()  # small sites: the nav names every page


def test_theme_settings_are_text_until_theme_extra_escapes_them_once() -> None:
    """ThemeSettings hold text; theme_extra, where they leave the core, escapes every text once and leaves
    addresses and the disclaimer's HTML as they are."""
    import dataclasses

    from generator.theme_settings import theme_extra

    content = load_content(FIXTURE)
    settings = Renderer(content, SiteConfig(site_name="Test site")).theme_settings()
    line = dataclasses.replace(settings.region.lines[0], name="A & B <i>")
    region = dataclasses.replace(settings.region, name="Here & <there>", lines=(line,))
    hostile = dataclasses.replace(settings, region=region, print_help='Call "A & B" </style>')
    extra = theme_extra(hostile)
    assert extra["region"]["name"] == "Here &amp; &lt;there&gt;"
    assert extra["region"]["lines"][0]["name"] == "A &amp; B &lt;i&gt;"
    assert extra["print_help"] == "Call &quot;A &amp; B&quot; &lt;/style&gt;"
    assert "</style>" not in extra["print_help_css"] and "<" not in extra["print_help_css"]
    assert extra["disclaimer_html"] == settings.disclaimer_html and extra["search"] == "pagefind"
    assert "prefix" not in extra and theme_extra(dataclasses.replace(settings, prefix="es/"))["prefix"] == "es/"
