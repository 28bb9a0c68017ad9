"""End to end: a real ``mkdocs build --strict`` of the bundled site and of broken copies."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

from generator import load_content

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["causes", "signs", "steps", "seek-help", "helping-others", "faq", "related", "sources"]
TOPICS = ["pushing-people-away", "when-someone-pushes-you-away"]

pytestmark = pytest.mark.slow


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", TOPICS)
def test_both_topics_are_built_with_every_section(built_site: Path, slug: str) -> None:
    html = html_of(built_site, f"topics/{slug}")
    for section in SECTIONS:
        assert re.search(rf'<h2 id="{section}"', html), f"topics/{slug}: no section #{section}"
    assert "gc-review" in html and "Next review due" in html
    # Urgency in three levels, as NHS care cards: see a professional, get help today, crisis help now.
    for level in ("non-urgent gc-soon", "urgent gc-urgent", "emergency gc-crisis"):
        assert f'class="gc-care gc-care--{level}"' in html


def test_every_page_has_crisis_help_and_the_disclaimer(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="gc-crisis-banner"' in html, page
        assert 'href="tel:116123"' in html, page
        assert "not medical advice" in html.lower(), page


def test_home_page_shows_topics_as_cards_with_tags(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    cards = html.split('class="grid cards gc-cards"')[1]
    for slug in TOPICS:
        assert f'href="topics/{slug}/"' in cards
    content = load_content(ROOT / "content")
    for tag in content.topics["pushing-people-away"].model.tags:
        assert tag in cards


class _ChipsAndIds(HTMLParser):
    """Links inside tag chips (``li.gc-tag > a``), and every id on the page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.chips: list[str] = []
        self.ids: set[str] = set()
        self._in_chip = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "li":
            self._in_chip = "gc-tag" in (a.get("class") or "").split()
        elif tag == "a" and self._in_chip:
            self.chips.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._in_chip = False


def _chips_resolve_to_tag_sections(site: Path, directory_urls: bool) -> int:
    tags_page = site / ("tags/index.html" if directory_urls else "tags.html")
    ids = _ChipsAndIds(tags_page.read_text(encoding="utf-8")).ids
    topic_pages = sorted((site / "topics").glob("*/index.html" if directory_urls else "*.html"))
    topic_pages = [p for p in topic_pages if p != site / "topics" / "index.html"]  # All topics: no chips
    assert topic_pages
    checked = 0
    for page in topic_pages:
        chips = _ChipsAndIds(page.read_text(encoding="utf-8")).chips
        assert chips, f"{page}: no tag links"
        for href in chips:
            path, anchor = urldefrag(href)
            target = site / posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), path))
            if directory_urls:
                assert path.endswith("/"), href
                target = target / "index.html"
            assert target == tags_page, f"{page}: {href} leads to {target}, not the tags page"
            assert unquote(anchor) in ids, f"{page}: {href}: no id {anchor!r} on the tags page"
            checked += 1
    return checked


def test_every_tag_chip_links_to_a_section_of_the_tags_page(built_site: Path) -> None:
    content = load_content(ROOT / "content")
    uses = sum(len(d.model.tags) for d in content.topics.values())
    assert _chips_resolve_to_tag_sections(built_site, directory_urls=True) == uses
    html = html_of(built_site, "tags")
    for doc in content.topics.values():
        for tag in doc.model.tags:
            assert f">{tag}</h2>" in html


def test_tag_chips_link_to_the_tags_page_without_directory_urls(build_project) -> None:  # type: ignore[no-untyped-def]
    def flat_urls(project: Path) -> None:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")

    result, site = build_project(edit=flat_urls)
    assert result.returncode == 0, result.stderr
    content = load_content(ROOT / "content")
    assert _chips_resolve_to_tag_sections(site, directory_urls=False) == sum(
        len(d.model.tags) for d in content.topics.values()
    )


def test_no_yaml_sources_or_other_hosts_in_the_site(built_site: Path) -> None:
    assert not list(built_site.rglob("*.yaml")) and not list(built_site.rglob("*.yml"))
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


def test_quiz_runtime_only_on_quiz_pages(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_quiz = "data-gc-quiz=" in html
        assert ("assets/guidecraft/quiz.js" in html) == has_quiz, page


def test_the_build_writes_nothing_into_content(tmp_path: Path, build_project) -> None:  # type: ignore[no-untyped-def]
    before: dict[str, bytes] = {}

    def snapshot(project: Path) -> None:
        before.update({str(p.relative_to(project)): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()})

    result, _ = build_project(edit=snapshot)
    assert result.returncode == 0, result.stderr
    project = tmp_path / "project"
    after = {str(p.relative_to(project)): p.read_bytes() for p in (project / "content").rglob("*") if p.is_file()}
    assert after == before
    assert not (project / "docs").exists()


def test_broken_yaml_stops_the_build_with_located_errors_and_no_traceback(build_project) -> None:  # type: ignore[no-untyped-def]
    def break_it(project: Path) -> None:
        topic = project / "content" / "topics" / "pushing-people-away.yaml"
        topic.write_text(topic.read_text(encoding="utf-8").replace("summary:", "sumary:", 1), encoding="utf-8")
        (project / "content" / "topics" / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")

    result, site = build_project(edit=break_it)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(re.fullmatch(r"content/topics/pushing-people-away\.yaml:\d+:1: error: sumary: unknown key 'sumary', did you mean 'summary'\? .*", ln) for ln in lines), result.stderr
    assert any(re.fullmatch(r"content/topics/broken\.yaml:1:8: error: YAML syntax: a bracket opens a list here but is not closed.*", ln) for ln in lines), result.stderr
    assert not (site / "index.html").exists()


def test_strict_mode_counts_plugin_warnings(build_project) -> None:  # type: ignore[no-untyped-def]
    def mismatch(project: Path) -> None:
        site = project / "content" / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")

    result, _ = build_project(edit=mismatch)
    assert result.returncode != 0
    assert "language 'es' differs from theme.language 'en'" in result.stderr
