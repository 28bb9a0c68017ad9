"""The search index of the bundled site: real content in, repeated and hidden blocks out.

Blocks that repeat on every topic (the disclaimer, crisis lines, review dates) or that a
reader never searches for (answer buttons, hidden result panels, the paper scoring key,
worksheet scales and empty rows) carry ``data-search-exclude``, so Material's search skips
them. The get-help and about pages keep the crisis lines and the disclaimer searchable.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from generator import load_content
from generator.i18n import Messages
from generator.markup import plain_text

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).strip()


@pytest.fixture(scope="module")
def entries(built_site: Path) -> list[dict[str, str]]:
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [
        {
            "page": d["location"].split("#")[0],
            "location": d["location"],
            "text": _plain(d["title"] + " \n " + d["text"]),
        }
        for d in docs
    ]


@pytest.fixture(scope="module")
def pages(entries: list[dict[str, str]]) -> dict[str, str]:
    """Each page's indexed text (all its sections), keyed by URL ('' is the home page)."""
    out: dict[str, str] = {}
    for e in entries:
        out[e["page"]] = out.get(e["page"], "") + " \n " + e["text"]
    return out


@pytest.fixture(scope="module")
def content():  # type: ignore[no-untyped-def]
    return load_content(ROOT / "content")


def hits(pages: dict[str, str], needle: str) -> list[str]:
    return sorted(url for url, text in pages.items() if needle.casefold() in text.casefold())


def built_text(site: Path, url: str) -> str:
    return _plain((site / url / "index.html").read_text(encoding="utf-8"))


def test_every_page_is_in_the_index(built_site: Path, pages: dict[str, str]) -> None:
    built = {
        p.parent.relative_to(built_site).as_posix() + "/" if p.parent != built_site else ""
        for p in built_site.rglob("index.html")
        if not p.relative_to(built_site).as_posix().startswith(("assets/", "search/"))
    }
    assert built and built <= set(pages)


def test_the_disclaimer_is_searchable_on_the_about_page_only(built_site: Path, pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    disclaimer = plain_text(content.site.model.disclaimer)
    first = disclaimer.split(". ")[0]
    assert hits(pages, first) == ["about/"]
    for slug in content.topics:
        assert first in built_text(built_site, f"topics/{slug}"), "the disclaimer is still shown on topic pages"


def test_crisis_lines_are_found_on_the_get_help_page_not_on_topics(
    built_site: Path, pages: dict[str, str], content
) -> None:  # type: ignore[no-untyped-def]
    region = content.site.model.crisis_region()
    numbers = [line.phone for line in region.lines if line.phone]
    assert numbers
    for number in numbers:
        assert hits(pages, number) == ["get-help/"], number
        for slug in content.topics:
            assert number in built_text(built_site, f"topics/{slug}"), "crisis lines are still shown on topic pages"
    for line in region.lines:  # "Samaritans: Talk about ... Call: 116 123": words do not run together
        assert f"{line.name}{':' if line.note else ''} " in pages["get-help/"], line.name
    assert hits(pages, "emergency") == ["get-help/"]
    assert not hits(pages, Messages("en")("crisis_banner_emergency", number=region.emergency))
    assert not hits(pages, Messages("en").seek_help_urgent_lead)


def test_topic_prose_and_sections_are_indexed(pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    t = Messages("en")
    for slug, doc in content.topics.items():
        topic = doc.model
        text = pages[f"topics/{slug}/"]
        expected = [topic.title, topic.audience, plain_text(topic.intro), t.steps, t.seek_help]
        expected += [step.title for step in topic.steps.items] if topic.steps else []
        expected += [plain_text(step.body) for step in topic.steps.items] if topic.steps else []
        expected += [sign for sign in topic.seek_help.urgent] if topic.seek_help else []
        expected += [item.question for item in topic.faq]
        expected += list(topic.tags)
        for piece in expected:
            assert piece and piece in text, f"topics/{slug}: {piece!r} is not in the search index"
        assert t.last_reviewed not in text and topic.authors[0] not in text


def test_quizzes_index_title_intro_and_questions_but_not_answers_or_the_key(
    entries: list[dict[str, str]],
    pages: dict[str, str],
    content,  # type: ignore[no-untyped-def]
) -> None:
    t = Messages("en")
    for slug, doc in content.quizzes.items():
        quiz = doc.model
        searchable = [quiz.title, plain_text(quiz.intro), plain_text(quiz.instructions)]
        searchable += [q.text for q in quiz.questions]
        labels = {p.label for q in quiz.questions for p in quiz.scale_for(q)}
        # The quiz's own page, and its section on the topic page that embeds it.
        where = {"quiz page": pages[f"quizzes/{slug}/"]}
        if quiz.topic:
            section = [e for e in entries if e["location"] == f"topics/{quiz.topic}/#gcq-{slug}--title"]
            assert len(section) == 1, f"no search entry for the quiz on topics/{quiz.topic}/"
            where["topic page"] = section[0]["text"]
        for name, text in where.items():
            rest = text
            for piece in searchable:
                assert piece in rest, f"{slug} ({name}): {piece!r} is not in the search index"
                rest = rest.replace(piece, " ")
            for label in labels:
                assert label.casefold() not in rest.casefold(), f"{slug} ({name}): answer {label!r} is in the index"
    for message in (
        t.quiz_scoring_key,
        t.quiz_key_how,
        t.quiz_result_heading,
        t.quiz_unanswered,
        t.quiz_privacy,
        t.quiz_not_for_others,
        t.quiz_key_points,
    ):
        assert not hits(pages, message), message
    assert not hits(pages, plain_text(content.site.model.quiz_disclaimer))
    assert not [e["location"] for e in entries if "--result" in e["location"]], "hidden result panels have entries"


def test_worksheets_index_titles_and_prompts_but_not_empty_fields(pages: dict[str, str], content) -> None:  # type: ignore[no-untyped-def]
    t = Messages("en")
    for slug, doc in content.worksheets.items():
        ws = doc.model
        text = pages[f"worksheets/{slug}/"]
        expected = [ws.title, plain_text(ws.purpose), plain_text(ws.instructions)]
        for block in ws.blocks:
            expected += [getattr(block, "text", None) or block.title]  # type: ignore[union-attr]
            expected += list(getattr(block, "items", [])) + list(getattr(block, "columns", []))
            expected += list(getattr(block, "examples", []))
        for piece in expected:
            assert piece and piece in text, f"worksheets/{slug}: {piece!r} is not in the search index"
        assert not re.search(r"\b1 2 3 4 5 6 7 8 9\b", text), f"worksheets/{slug}: a 0-10 scale is in the index"
    for message in (t.worksheet_privacy, t.worksheet_plan_what, t.worksheet_plan_by_when, t.worksheet_download_pdf):
        assert not hits(pages, message), message


def test_tags_page_indexes_tag_names_not_the_topic_lists(entries: list[dict[str, str]], content) -> None:  # type: ignore[no-untyped-def]
    sections = {e["location"]: e["text"] for e in entries if e["page"] == "tags/" and "#" in e["location"]}
    tags = {tag for doc in content.topics.values() for tag in doc.model.tags}
    assert sorted(sections.values()) == sorted(tags)  # each section: its tag as the title, no text
    titles = {doc.model.title for doc in content.topics.values()}
    assert not [t for t in titles if any(t in text for text in sections.values())]
