"""Lints: health-information standards checked as warnings, offline and with an injectable date."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from pathlib import Path

import pytest
from minimal_content import QUIZ, SITE, TOPIC, UNSPOKEN, write_content
from textstat.textstat import textstatistics

from generator import lint, prose, readability
from generator.documents import Content
from generator.loading import load_content
from generator.rendering import Renderer

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 1)

HARD = (
    "Interpersonal withdrawal frequently constitutes an unconscious protective mechanism, "
    "characterised by diminished communicative reciprocity, heightened sensitivity regarding "
    "anticipated rejection, and progressively deteriorating relationships with significant "
    "individuals throughout prolonged psychological difficulties."
)
EASY = (
    "Sometimes we pull back from the people we love. We stop replying. We cancel plans. "
    "This is common. It does not make you a bad person. You can take small steps to let "
    "people back in."
)


def page_srcs(content: Content) -> set[str]:
    """The generated pages' sources, as the site hands them to the lints."""
    return set(Renderer(content).page_srcs())


def make(
    tmp_path: Path,
    *,
    site: str = SITE,
    topics: dict[str, str] | None = None,
    quizzes: dict[str, str] | None = None,
    files: dict[str, bytes] | None = None,
) -> Content:
    written: dict[str, str | bytes] = {
        **{f"topics/{slug}.yaml": text for slug, text in (topics if topics is not None else {"t": TOPIC}).items()},
        **{f"quizzes/{slug}.yaml": text for slug, text in (quizzes or {}).items()},
        **(files or {}),
    }
    root = write_content(tmp_path / "content", written, site=site)
    (root / "quizzes").mkdir(exist_ok=True)
    return load_content(root, relative_to=tmp_path)


def lines(diags: list[lint.Diagnostic], kind: str | None = None) -> list[str]:
    return [str(d) for d in diags if kind is None or d.kind == kind]


# --------------------------------------------------------------------------- reading age


def test_textstat_never_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    import nltk

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("textstat tried to download NLTK data")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    for language, text in (("en", HARD), ("es", "Dejamos de contestar. Cancelamos planes y nos quedamos en casa.")):
        age = readability.reading_age_of(prose.prose_text(text), language)
        assert age is not None and age > 5


def test_reading_age_is_the_grade_plus_five() -> None:
    english, spanish = textstatistics(), textstatistics()
    english.set_lang("en-US")
    spanish.set_lang("es")
    text = prose.prose_text(HARD)
    assert readability.reading_age_of(text, "en") == pytest.approx(english.flesch_kincaid_grade(text) + 5)
    es = "Esta web da información general para ayudarte a pensar. No es consejo médico."
    assert readability.reading_age_of(es, "es") == pytest.approx(spanish.crawford(es) + 5)
    assert readability.reading_age_of(text, UNSPOKEN) is None
    assert readability.reading_age_of(HARD) > 16 > 11 > readability.reading_age_of(prose.prose_text(EASY))


def test_prose_text_ends_every_block_with_a_stop() -> None:
    assert prose.prose_text("A **list**:\n\n- one thing\n- two things!\n\n## A heading") == (
        "A list: one thing. two things! A heading."
    )


def test_hard_prose_is_flagged_with_field_and_score(tmp_path: Path) -> None:
    text = (
        TOPIC
        + f"steps:\n  items:\n    - title: Easy\n      body: {EASY}\n"
        + f"    - title: Hard\n      body: |-\n        {HARD}\n"
    )
    content = make(tmp_path, topics={"t": text})
    found = lines(lint.reading_age(content), "reading-age")
    assert len(found) == 1
    assert re.fullmatch(
        r"content/topics/t\.yaml:16:13: warning: steps\.items\[1\]\.body: reading age (\d+\.\d), "
        r"expected 11 or lower; use shorter sentences and everyday words",
        found[0],
    )
    score = float(found[0].split("reading age ")[1].split(",")[0])
    assert score == round(readability.reading_age_of(prose.prose_text(HARD)), 1)



def test_reading_ages_are_kept_between_runs_for_prose_that_did_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 24: a cache keyed by the text, the language and the versions, kept in a folder."""
    text = TOPIC + f"steps:\n  items:\n    - title: Easy\n      body: {EASY}\n    - title: Hard\n      body: {HARD}\n"
    content = make(tmp_path, topics={"t": text})
    cache = tmp_path / "cache"
    first = lint.lint(content, page_srcs=page_srcs(content), today=TODAY, cache_dir=cache)
    assert (cache / "reading-age-en.json").is_file()
    scored: list[str] = []
    real = readability._prose_reading_age

    def counting(markdown: str, language: str) -> float | None:
        scored.append(markdown)
        return real(markdown, language)

    monkeypatch.setattr(readability, "_prose_reading_age", counting)
    assert lint.lint(content, page_srcs=page_srcs(content), today=TODAY, cache_dir=cache) == first
    assert scored == []  # nothing scored again
    # A changed field is scored again (and only it); another language is another file.
    changed = make(tmp_path / "2", topics={"t": text.replace("Sometimes we pull back", "Often we pull back")})
    lint.lint(changed, page_srcs=page_srcs(changed), today=TODAY, cache_dir=cache)
    assert [s.split(".")[0] for s in scored] == ["Often we pull back from the people we love"]
    lint.lint(changed, page_srcs=page_srcs(changed), language="es", today=TODAY, cache_dir=cache)
    assert (cache / "reading-age-es.json").is_file()
    # Another version of guidecraft or textstat starts afresh.
    data = json.loads((cache / "reading-age-en.json").read_text())
    (cache / "reading-age-en.json").write_text(json.dumps({**data, "version": "0 older"}))
    scored.clear()
    again = lint.lint(changed, page_srcs=page_srcs(changed), today=TODAY, cache_dir=cache)
    assert any(s.startswith("Interpersonal") for s in scored)  # scored again
    assert again == lint.lint(changed, page_srcs=page_srcs(changed), today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "One line.\nTwo lines\n\nA second  paragraph\n   \n\n\nthird",
        "Ten people came. 2026 was long.\n  Indented a little.",
        "Numbers: 1. first\n2) second",
        "A list\n- one\n+ two",
        "Heading\n---",
        "    code block",
        "Tom & Jerry, *bold*, `code`, [link](topic:x), <b>html</b>, a | table, # hash, ~strike~, x = y, a_b",
        "Trailing hard break  \nnext\\\nline",
        "Nbsp\u00a0inside\u00a0words.",
        "",
    ],
)
def test_plain_prose_skips_the_parser_only_where_it_finds_the_same(text: str) -> None:
    plain = prose._plain_prose(text)
    if plain is not None:
        assert plain == prose._parsed_prose_facts(text)[0]
        assert prose._parsed_prose_facts(text)[1] == ()


def test_plain_prose_matches_the_parser_on_real_content() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import random

    from synth import Words

    texts = [md for doc in load_content(ROOT / "content").documents() for _, md in prose.prose_fields(doc.model)]
    words = Words(random.Random(7))
    texts += [words.text(60) for _ in range(50)]
    fast = [t for t in texts if prose._plain_prose(t) is not None]
    assert len(fast) > len(texts) / 3  # the fast path is taken, not only safe
    for text in fast:
        assert prose._plain_prose(text) == prose._parsed_prose_facts(text)[0], text

def test_short_fields_are_not_scored(tmp_path: Path) -> None:
    short = " ".join(HARD.split()[:20])
    content = make(tmp_path, topics={"t": TOPIC + f"intro: {short}\n"})
    assert lint.reading_age(content) == []


def test_shipped_content_lints_without_errors() -> None:
    content = load_content(ROOT / "content", relative_to=ROOT)
    diags = lint.lint(content, page_srcs=page_srcs(content), today=TODAY)
    assert all(d.severity == "warning" for d in diags)
    assert not lines(diags, "link") and not lines(diags, "quiz-safety") and not lines(diags, "crisis-lines")


# --------------------------------------------------------------------------- review cycle, sources, reviewers


def test_review_dates(tmp_path: Path) -> None:
    content = make(
        tmp_path,
        quizzes={"q": QUIZ, "undated": QUIZ.replace("last_reviewed: 2026-01-01\nnext_review: 2027-01-01\n", "")},
    )
    assert lines(lint.review_dates(content, TODAY)) == [
        "content/quizzes/undated.yaml:1:1: warning: no next_review date, expected last_reviewed and next_review "
        "so readers know when it was last checked",
    ]
    overdue = lines(lint.review_dates(content, dt.date(2027, 1, 2)))
    assert (
        "content/topics/t.yaml:5:14: warning: next_review: the review date 2027-01-01 has passed, expected a date "
        "after today; check the page, then update last_reviewed and next_review" in overdue
    )
    assert len(overdue) == 3  # the topic, the dated quiz and the undated quiz
    assert len(lint.review_dates(content, dt.date(2027, 1, 1))) == 1  # due today is not overdue yet


def test_sources_and_reviewers(tmp_path: Path) -> None:
    content = make(
        tmp_path,
        topics={
            "ok": TOPIC,
            "bare": TOPIC.replace("reviewers: [Alex]\n", "").split("sources:")[0],
            "self": TOPIC.replace("reviewers: [Alex]", "reviewers: [sam]"),
        },
    )
    assert lines(lint.sources_and_reviewers(content)) == [
        "content/topics/bare.yaml:1:1: warning: sources: no sources, expected at least one source (title and url) "
        "for the facts on this page",
        "content/topics/bare.yaml:1:1: warning: reviewers: no reviewers, expected someone other than the authors "
        "to check the page",
        "content/topics/self.yaml:7:12: warning: reviewers: reviewed only by its authors, expected a reviewer who "
        "did not write the page",
    ]


# --------------------------------------------------------------------------- links and images


def test_links_and_images(tmp_path: Path) -> None:
    intro = (
        "intro: |-\n"
        "  Read [about](../../about/), [the other](topic:other), [a site](https://example.org),\n"
        "  [here](#faq), [mail](mailto:a@example.org), ![A photo](../../img/photo.png).\n"
        "  Broken: [gone](missing.md), [source](../other.md), ![](../../img/photo.png), ![x](nope.png).\n"
    )
    content = make(tmp_path, topics={"t": TOPIC + intro, "other": TOPIC}, files={"img/photo.png": b"png"})
    found = lines(lint.links_and_images(content, page_srcs(content)))
    prefix = "content/topics/t.yaml:11:8: warning: intro: "
    assert found == [
        prefix + "link 'missing.md' goes to nothing on the built site, "
        "expected topic:SLUG, quiz:SLUG or worksheet:SLUG for pages",
        prefix + "link '../other.md' goes to nothing on the built site, "
        "expected topic:SLUG, quiz:SLUG or worksheet:SLUG for pages",
        prefix + "image '../../img/photo.png' has no alt text, expected a short description in the brackets: "
        "![what it shows](../../img/photo.png)",
        prefix + "image 'nope.png' goes to nothing on the built site, expected a file in the content folder, "
        "written relative to this page's address",
    ]


def test_links_follow_the_url_style(tmp_path: Path) -> None:
    content = make(
        tmp_path, topics={"t": TOPIC + "intro: See [about](../about.html) and [other](other.html).\n", "other": TOPIC}
    )
    pages = page_srcs(content)
    assert lint.links_and_images(content, pages, directory_urls=False) == []
    assert len(lint.links_and_images(content, pages, directory_urls=True)) == 2


# --------------------------------------------------------------------------- quizzes and crisis lines


def test_quiz_safety(tmp_path: Path) -> None:
    risky = QUIZ.replace("bands:", "asks_about_risk: true\nbands:")
    content = make(tmp_path, quizzes={"safe": QUIZ, "risky": risky})
    assert lines(lint.quiz_safety(content)) == [
        "content/quizzes/risky.yaml:13:18: warning: asks_about_risk: the quiz asks about risk but has no red_flags "
        "or crisis flags, expected at least one rule that shows crisis help whatever the total",
    ]
    flagged = risky + "red_flags:\n  - {question: one, at_least: 1}\n"
    content = make(tmp_path / "2", quizzes={"risky": flagged})
    assert lint.quiz_safety(content) == []
    # A version 2 crisis flag counts; an advice flag does not.
    for severity, warned in (("crisis", 0), ("advice", 1)):
        v2 = risky + f"flags:\n  - severity: {severity}\n    when: {{question: one, at_least: 1}}\n    message: Talk.\n"
        assert len(lint.quiz_safety(make(tmp_path / severity, quizzes={"risky": v2}))) == warned, severity
    # the model requires quiz_disclaimer, so a quiz can only lose it in code; the lint still guards it
    content.site.model.quiz_disclaimer = ""
    assert [d.message for d in lint.quiz_safety(content)] == [
        "no disclaimer, expected one here or quiz_disclaimer in site.yaml saying the quiz is a reflection, "
        "not a diagnosis",
    ]


def test_crisis_lines_match_the_site_language(tmp_path: Path) -> None:
    content = make(tmp_path)
    assert lint.crisis_lines(content, "en") == []
    assert lines(lint.crisis_lines(content, "es")) == [
        "content/site.yaml:1:9: warning: region: region GB (United Kingdom) usually speaks en, cy, but the site is in "
        "'es', expected crisis lines that readers of 'es' can use",
        "content/site.yaml:3:3: warning: crisis_regions: no region in crisis_regions usually speaks 'es' (have: GB), "
        "expected a region for the site's readers, such as ES, MX, AR",
    ]
    # an unknown region is not judged
    unknown = make(tmp_path / "2", site=SITE.replace("GB", "XX"))
    assert lint.crisis_lines(unknown, "es") == []


def test_spanish_region_among_others_only_flags_the_chosen_region(tmp_path: Path) -> None:
    regions, rest = SITE.split("disclaimer:", 1)
    spain = (
        "  - code: ES\n    name: España\n    emergency: '112'\n    lines:\n      - {name: Línea 024, phone: '024'}\n"
    )
    content = make(tmp_path, site=regions + spain + "disclaimer:" + rest)
    assert [d.message for d in lint.crisis_lines(content, "es")] == [
        "region: region GB (United Kingdom) usually speaks en, cy, but the site is in 'es', "
        "expected crisis lines that readers of 'es' can use",
    ]
    content.site.model.region = "ES"
    assert lint.crisis_lines(content, "es") == []


# --------------------------------------------------------------------------- placeholders and the whole run


def test_placeholders_are_one_warning_per_file(tmp_path: Path) -> None:
    content = make(
        tmp_path, topics={"t": TOPIC.replace("One line about it.", "TODO one line").replace("[Sam]", "[TODO me]")}
    )
    assert lines(lint.placeholders(content)) == [
        "content/topics/t.yaml:2:10: warning: 2 fields still hold placeholder text (TODO), in summary and authors; "
        "expected your own words before readers see it: replace each TODO",
    ]


def test_placeholders_name_every_field_in_words(tmp_path: Path) -> None:
    """No programmer's notation (authors[0]) and no list cut short with '...'."""
    topic = (
        TOPIC.replace("One line about it.", "TODO")
        .replace("Anyone.", "TODO")
        .replace("[Sam]", "[Sam, TODO]")
        .replace("title: A source", "title: TODO")
    )
    (message,) = [d.message for d in lint.placeholders(make(tmp_path, topics={"t": topic}))]
    assert message.startswith("4 fields still hold placeholder text (TODO), in summary, audience, authors and sources;")
    assert "[" not in message and "..." not in message


QUIZ_ON_TOPIC = QUIZ + "topic: t\n"


def test_a_quiz_and_its_topic_name_each_other(tmp_path: Path) -> None:
    """A quiz's topic: alone leaves it off the topic's page: a warning names both files and the fix."""
    content = make(tmp_path, quizzes={"q": QUIZ_ON_TOPIC})
    assert lines(lint.quiz_topics(content)) == [
        "content/quizzes/q.yaml:15:8: warning: topic: this quiz names the topic 't', but topics/t.yaml does not "
        "list 'q' under quizzes:, so the topic's page does not show this quiz; expected both files to name each "
        "other: add 'q' to quizzes: in topics/t.yaml",
    ]
    assert lint.quiz_topics(make(tmp_path / "both", topics={"t": TOPIC + "quizzes: [q]\n"}, quizzes={"q": QUIZ_ON_TOPIC})) == []
    assert lint.quiz_topics(make(tmp_path / "list", topics={"t": TOPIC + "quizzes: [q]\n"}, quizzes={"q": QUIZ})) == []
    other = make(
        tmp_path / "other",
        topics={"t": TOPIC + "quizzes: [q]\n", "u": TOPIC},
        quizzes={"q": QUIZ + "topic: u\n"},
    )
    assert [d.path for d in lint.quiz_topics(other)] == ["content/quizzes/q.yaml", "content/topics/t.yaml"]
    assert "names another topic, 'u', with topic:" in lint.quiz_topics(other)[1].message


def test_the_quiz_topic_lint_can_be_switched_off(tmp_path: Path) -> None:
    from generator.settings import SiteConfig
    from generator.site import Site

    make(tmp_path, quizzes={"q": QUIZ_ON_TOPIC})
    root = tmp_path / "content"
    on = Site(SiteConfig(content_dir=root, project_dir=tmp_path, worksheet_pdfs=False))
    assert "quiz-topic" in {d.kind for d in on.lints}
    off = Site(
        SiteConfig(
            content_dir=root, project_dir=tmp_path, worksheet_pdfs=False, disabled_lints=frozenset({"quiz-topic"})
        )
    )
    assert "quiz-topic" not in {d.kind for d in off.lints}


def test_lint_collects_every_kind_sorted(tmp_path: Path) -> None:
    topic = TOPIC.replace("reviewers: [Alex]\n", "") + f"intro: {HARD} [x](gone.md)\n"
    content = make(tmp_path, topics={"t": topic})
    diags = lint.lint(content, page_srcs=page_srcs(content), language="en", today=dt.date(2027, 2, 1))
    assert diags == sorted(diags)
    assert {d.kind for d in diags} == {"reading-age", "review", "reviewer", "link"}
    assert all(d.severity == "warning" for d in diags)


def test_every_lint_kind_is_documented_and_can_be_switched_off() -> None:
    """The kinds the module documents are the kinds disable_lints accepts (plus 'language', from the Site)."""
    import re

    import generator.lint as lint_module
    from generator.lint import LINT_KINDS

    documented = set(re.findall(r"^``([a-z-]+)``$", lint_module.__doc__ or "", re.M))
    assert documented | {"language"} == set(LINT_KINDS)
