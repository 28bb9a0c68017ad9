"""Navigation that stays small at any size (issue 24).

A site's nav lists at most ``NAV_SECTION_MAX`` entries per section. Past that, topics get an
A to Z (a page per letter) and long sections keep only their index page, so no built page
carries more than about 100 nav links, and every topic stays within two links of the home page.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from pathlib import Path

import pytest
import yaml
from conftest import mkdocs_build

from generator.mkdocs_config import mkdocs_nav
from generator.navigation import NAV_SECTION_MAX, initial, letter_parts
from generator.settings import SiteConfig
from generator.site import Site

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_project  # noqa: E402

NAV_LINKS_MAX = 100
_NAV_LINK = re.compile(r'<a [^>]*class="md-nav__link[^"]*"[^>]*>|<a href="[^"]*"[^>]*class="md-nav__link')
_HREF = re.compile(r'href="([^"#?]*)')


def _project(tmp_path: Path, topics: int, *, categories: int = 0) -> Path:
    """A synthetic site of ``topics`` topics, without categories or with ``categories`` of them."""
    project = tmp_path / f"site-{topics}-{categories}"
    make_project(project, topics, seed=1, categories=False)
    if categories:
        site_file = project / "content" / "site.yaml"
        site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
        site["categories"] = [{"id": f"shelf-{k}", "title": f"Shelf {k}"} for k in range(categories)]
        site_file.write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
        for k, path in enumerate(sorted((project / "content" / "topics").glob("*.yaml"))):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["category"] = f"shelf-{k % categories}"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project


def _site(project: Path) -> Site:
    return Site(SiteConfig(content_dir=project / "content", project_dir=project, worksheet_pdfs=False))


def _nav_srcs(nav: object) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [s for v in nav.values() for s in _nav_srcs(v)]
    if isinstance(nav, list):
        return [s for v in nav for s in _nav_srcs(v)]
    return []


def _topics_section(site: Site) -> list[object]:
    (topics,) = [entry["Topics"] for entry in mkdocs_nav(site.nav) if isinstance(entry, dict) and "Topics" in entry]
    return topics  # type: ignore[no-any-return]


def test_initials_file_accents_under_their_letter_and_the_rest_under_hash() -> None:
    assert [initial(t) for t in ("apple", "Émotions", "ñu", " zebra", "3 things", "«Quote»", "")] == [
        "A", "E", "N", "Z", "#", "#", "#",
    ]  # fmt: skip


def test_a_long_letter_is_split_into_parts_no_longer_than_the_threshold() -> None:
    class T:
        def __init__(self, title: str) -> None:
            self.title = title

    few = [(f"s{k}", T(f"Feeling {k}")) for k in range(NAV_SECTION_MAX)]
    assert letter_parts(few) == [("", sorted(few, key=lambda kv: kv[1].title.casefold()))]
    many = [(f"f{k:03}", T(f"Feeling number {k:03} today")) for k in range(NAV_SECTION_MAX + 5)]
    many += [(f"a{k}", T(f"Fa {k}")) for k in range(3)]
    parts = letter_parts(many)
    assert [label for label, _ in parts] == [
        "Fa",
        f"Feeling number 000 today – Feeling number {NAV_SECTION_MAX - 1:03} today",
        f"Feeling number {NAV_SECTION_MAX:03} today – Feeling number {NAV_SECTION_MAX + 4:03} today",
    ]
    assert [slug for _, part in parts for slug, _ in part] == ["a0", "a1", "a2", *(s for s, _ in many[:-3])]
    assert max(len(part) for _, part in parts) <= NAV_SECTION_MAX


def test_up_to_the_threshold_the_nav_lists_every_topic(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, NAV_SECTION_MAX))
    topics = _topics_section(site)
    assert topics[0] == "topics/index.md"
    assert sorted(topics[1:]) == sorted(f"topics/{s}.md" for s in site.content.topics)
    assert not any(p.startswith("topics/a-z/") for p in site.page_srcs)  # no A to Z yet
    assert site.pages_outside_nav == frozenset()


def test_past_the_threshold_topics_are_grouped_a_to_z(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, NAV_SECTION_MAX + 1))
    topics = _topics_section(site)
    assert topics[0] == "topics/index.md"
    (az,) = topics[1:]
    letters = az["Topics A to Z"]
    assert letters and all(isinstance(e, dict) and len(e) == 1 for e in letters)
    assert all(next(iter(e.values())).startswith("topics/a-z/") for e in letters)
    # No topic page is in the nav; each is on its letter's page, which the nav names.
    in_nav = set(_nav_srcs(mkdocs_nav(site.nav)))
    topic_pages = {f"topics/{s}.md" for s in site.content.topics}
    assert not topic_pages & in_nav
    assert site.pages_outside_nav == topic_pages
    pages = {p.src: p.markdown for p in site.pages}
    for slug, doc in site.content.topics.items():
        letter = initial(doc.model.title)
        assert f'<a href="../../{slug}/">' in pages[f"topics/a-z/{letter.lower()}.md"], (slug, letter)
    # The home page links the letters, not every topic.
    assert "topics/a-z/" in pages["index.md"]
    assert not any(f"topics/{s}/" in pages["index.md"] for s in site.content.topics)


def test_many_sections_leave_the_nav_but_stay_on_the_topics_page(tmp_path: Path) -> None:
    site = _site(_project(tmp_path, NAV_SECTION_MAX + 1, categories=NAV_SECTION_MAX + 1))
    topics = _topics_section(site)
    assert [e if isinstance(e, str) else next(iter(e)) for e in topics] == ["topics/index.md", "Topics A to Z"]
    index = {p.src: p.markdown for p in site.pages}["topics/index.md"]
    for k in range(NAV_SECTION_MAX + 1):
        assert f"(shelf-{k}/index.md)" in index
    assert "### S { #letter-s }" in index  # a long list goes under letter headings


def _links(page: Path, site_dir: Path) -> set[Path]:
    out = set()
    for href in _HREF.findall(page.read_text(encoding="utf-8")):
        if not href or re.match(r"^[a-z]+:|^//", href):
            continue
        target = (page.parent / href).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_relative_to(site_dir):
            out.add(target)
    return out


@pytest.mark.parametrize("categories", [0, NAV_SECTION_MAX + 1])
def test_a_grouped_site_builds_with_small_navs_and_topics_two_steps_from_home(
    tmp_path: Path, categories: int
) -> None:
    project = _project(tmp_path, NAV_SECTION_MAX + 1, categories=categories)
    site_dir = tmp_path / "built"
    result = mkdocs_build(project, site_dir)  # --strict: no page left out of the nav without a word
    assert result.returncode == 0, result.stderr[-3000:]
    site_dir = site_dir.resolve()
    pages = sorted(site_dir.rglob("*.html"))
    for page in pages:
        links = [m for m in _NAV_LINK.findall(page.read_text(encoding="utf-8")) if 'href="#' not in m]
        assert len(links) <= NAV_LINKS_MAX, (page, len(links))
    # Breadth first from the home page: every topic within two links.
    steps = {site_dir / "index.html": 0}
    queue = deque(steps)
    while queue:
        here = queue.popleft()
        if steps[here] == 2:
            continue
        for there in _links(here, site_dir):
            if there not in steps:
                steps[there] = steps[here] + 1
                queue.append(there)
    slugs = [p.stem for p in (project / "content" / "topics").glob("*.yaml")]
    far = [s for s in slugs if site_dir / "topics" / s / "index.html" not in steps]
    assert far == [], f"{len(far)} topics more than two steps from home"


def test_the_generated_nav_comes_with_navigation_prune(tmp_path: Path) -> None:
    """Without it Material draws every section on every page, and the cap on each section means nothing."""
    from conftest import copy_project

    from generator.mkdocs_export import export_site

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    - navigation.prune\n", ""), encoding="utf-8")
    assert "navigation.prune" not in config.read_text(encoding="utf-8")
    export_site(config, tmp_path / "export")
    exported = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "navigation.prune" in exported["theme"]["features"]


def test_the_nav_tree_becomes_mkdocs_shape_in_the_adapter() -> None:
    """The core's nav is typed and holds text; the MkDocs adapter escapes titles and gives mkdocs.yml's shape."""
    from generator.navigation import NavPage, NavSection, nav_srcs

    nav = (
        NavPage("index.md", "Home"),
        NavSection("Feelings & <moods>", (NavPage("topics/feelings/index.md"), NavPage("topics/a.md"))),
        NavPage("get-help.md"),
    )
    assert mkdocs_nav(nav) == [
        {"Home": "index.md"},
        {"Feelings &amp; &lt;moods&gt;": ["topics/feelings/index.md", "topics/a.md"]},
        "get-help.md",
    ]
    spanish = NavSection("Español", tuple(item.prefixed("es/") for item in nav))
    assert list(nav_srcs((spanish,))) == ["es/index.md", "es/topics/feelings/index.md", "es/topics/a.md", "es/get-help.md"]
