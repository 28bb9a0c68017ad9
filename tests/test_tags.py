"""Tags: grouping (case folded), alphabetical order, stable unique ids, and the links to them."""

from __future__ import annotations

import posixpath
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import Renderer, SiteConfig, load_content
from generator.markup import page_url
from generator.mkdocs_config import mkdocs_nav
from generator.tags import build_index, sort_key, tag_key, tag_slug

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "golden"


@dataclass(frozen=True)
class T:
    title: str
    tags: tuple[str, ...]


def summary(topics: list[tuple[str, T]]) -> list[tuple[str, str, list[str]]]:
    return [(g.name, g.id, [slug for slug, _ in g.topics]) for g in build_index(topics).groups]


def test_tags_that_differ_only_in_case_or_spacing_are_one_tag() -> None:
    topics = [
        ("a", T("A", ("Low mood",))),
        ("b", T("B", ("low  mood", "LOW MOOD"))),  # one topic, two spellings: listed once
        ("c", T("C", ("low mood",))),
        ("d", T("D", ("Cafe\u0301",))),  # e + combining accent
        ("e", T("E", ("café",))),
    ]
    assert summary(topics) == [
        ("Café", "cafe", ["d", "e"]),
        ("low mood", "low-mood", ["a", "b", "c"]),  # the spelling most topics use is shown
    ]
    index = build_index(topics)
    assert {index.id_of(s) for s in ("Low mood", "LOW MOOD", "low  mood", " low mood ")} == {"low-mood"}


def test_a_tie_between_spellings_is_settled_the_same_way_every_time() -> None:
    topics = [("a", T("A", ("sleep",))), ("b", T("B", ("Sleep",)))]
    assert summary(topics) == summary(list(reversed(topics))) == [("Sleep", "sleep", ["a", "b"])]


def test_tags_and_their_topics_are_in_alphabetical_order_ignoring_case_and_accents() -> None:
    topics = [
        ("z", T("zebra", ("b", "Ánimo", "alma", "Azul"))),
        ("y", T("Ábaco", ("b",))),
        ("x", T("abeja", ("b",))),
        ("w", T("Banana", ("b",))),
    ]
    assert [name for name, _, _ in summary(topics)] == ["alma", "Ánimo", "Azul", "b"]
    assert summary(topics)[-1][2] == ["y", "x", "w", "z"]  # Ábaco, abeja, Banana, zebra
    assert sorted(["b", "Á", "a", "B"], key=sort_key) == ["a", "Á", "B", "b"]  # ties: code point order


def test_the_result_does_not_depend_on_the_order_topics_come_in() -> None:
    topics = [(f"t{i}", T(f"Topic {i % 7}", (f"tag {i % 5}", f"TAG {i % 3}", "same"))) for i in range(40)]
    shuffled = topics[:]
    random.Random(1).shuffle(shuffled)
    assert summary(shuffled) == summary(topics)
    same = next(g for g in build_index(topics).groups if g.name == "same")
    assert [slug for slug, _ in same.topics] == [s for s, _ in sorted(topics, key=lambda kv: (kv[1].title, kv[0]))]


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("fear of rejection", "fear-of-rejection"),
        ("  Friends & Family ", "friends-family"),
        ("Ánimo", "animo"),
        ("self_care", "self-care"),
        ("焦虑", "焦虑"),
        ("???", "tag"),
        ("2024 -- news!", "2024-news"),
    ],
)
def test_slugs(tag: str, slug: str) -> None:
    assert tag_slug(tag) == slug
    assert re.fullmatch(r"[^\W_]+(-[^\W_]+)*", tag_slug(tag))


def test_colliding_slugs_get_numbers_in_page_order_and_never_take_another_tags_own_slug() -> None:
    topics = [("a", T("A", ("a-b", "a b 2", "A & B", "?", "!")))]
    # Page order: "A & B" < "a b 2" < "a-b" < "!" ... as sort_key orders them.
    groups = build_index(topics).groups
    ids = {g.name: g.id for g in groups}
    assert ids["A & B"] == "a-b"  # first on the page keeps the slug
    assert ids["a b 2"] == "a-b-2"  # its own slug, even though "a-b" collides
    assert ids["a-b"] == "a-b-3"  # so the second "a-b" skips -2
    assert {ids["!"], ids["?"]} == {"tag", "tag-2"}
    assert len({g.id for g in groups}) == len(groups)


def test_no_tags_no_groups() -> None:
    assert not build_index([("a", T("A", ()))])
    assert tag_key(" A  b ") == "a b"


# --------------------------------------------------------------------------- the rendered site


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_tag_chip_links_to_its_section_on_the_tags_page(directory_urls: bool) -> None:
    content = load_content(FIXTURE)
    pages = {p.src: p.markdown for p in Renderer(content, SiteConfig(directory_urls=directory_urls)).pages()}
    sections = re.findall(r"^## .* \{ #([^ ]+) \}$", pages["tags.md"], re.M)
    assert len(sections) == len(set(sections)) == 4  # a & b, a-b, Ánimo, Testing/testing
    seen = 0
    for slug, topic in content.topics.items():
        src = f"topics/{slug}.md"
        hrefs = re.findall(r'<li class="gc-tag"><a href="([^"]+)">', pages[src])
        assert len(hrefs) == len(topic.model.tags)
        for href in hrefs:
            path, anchor = href.split("#")
            here = page_url(src, directory_urls)
            base = here if here.endswith("/") else posixpath.dirname(here) + "/"
            assert posixpath.normpath(posixpath.join(base, path)) + ("/" if directory_urls else "") == page_url(
                "tags.md", directory_urls
            )
            assert anchor in sections
            seen += 1
    assert seen == 5


def test_home_page_links_each_tag_to_its_section() -> None:
    pages = {p.src: p.markdown for p in Renderer(load_content(FIXTURE)).pages()}
    assert "[Testing](tags.md#testing) · [a\\-b](tags.md#a-b-2) · [Ánimo](tags.md#animo)" in pages["index.md"]


def test_no_tags_page_when_no_topic_has_tags(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(FIXTURE, tmp_path / "c")
    for path in (tmp_path / "c" / "topics").glob("*.yaml"):
        path.write_text(re.sub(r"^tags: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    renderer = Renderer(load_content(tmp_path / "c"))
    assert "tags.md" not in {p.src for p in renderer.pages()}
    assert "tags.md" not in mkdocs_nav(renderer.nav())
    assert "gc-tag" not in "".join(p.markdown for p in renderer.pages())
