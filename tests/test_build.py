"""End to end: a real ``mkdocs build --strict`` of the bundled site and of broken copies."""

from __future__ import annotations

import re
from pathlib import Path

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
    assert 'class="admonition danger gc-urgent"' in html


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
    assert any(re.fullmatch(r"content/topics/broken\.yaml:2:1: error: YAML syntax: .*", ln) for ln in lines), result.stderr
    assert not (site / "index.html").exists()


def test_strict_mode_counts_plugin_warnings(build_project) -> None:  # type: ignore[no-untyped-def]
    def mismatch(project: Path) -> None:
        site = project / "content" / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("language: en", "language: es"), encoding="utf-8")

    result, _ = build_project(edit=mismatch)
    assert result.returncode != 0
    assert "language 'es' differs from theme.language 'en'" in result.stderr
