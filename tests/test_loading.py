"""Loading and validation: every kind of problem gives its exact path:line:col line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from minimal_content import VALID_TOPIC, content_folder

from generator import ContentError, load_content
from generator.yaml_source import ContentLoader, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content folder with the real site settings and one valid topic."""
    return content_folder(tmp_path / "content")


def errors_for(root: Path, name: str, text: str) -> list[str]:
    (root / "topics" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=root.parent)
    return [str(d) for d in info.value.diagnostics]


def test_valid_content_loads(content: Path) -> None:
    loaded = load_content(content)
    assert list(loaded.topics) == ["good"]
    assert loaded.topics["good"].model.authors == ["Someone"]


def test_yaml_syntax_error_points_at_the_problem(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", 'title: "unclosed\nsummary: x\n')
    assert lines == [
        "content/topics/bad.yaml:1:8: error: YAML syntax: a quote mark opens the text here but never closes it, "
        "expected valid YAML; add the closing quote mark"
    ]


PLAIN_YAML = {
    # the most common author mistake: a colon inside a sentence
    "summary: Note: be kind to yourself\n": (1, 14, 'put the whole text in double quotes, like summary: "Note: be kind to yourself"'),
    'title: "Hello" world\n': (1, 16, "put all of the text inside the quotes"),
    "title: *important\n": (1, 8, "text cannot begin with '*'"),
    "title: @name\n": (1, 8, "text cannot begin with '@'"),
    "tags: [a, b\nx: 1\n": (1, 7, "close it with ]"),
    'title: "C:\\qx"\n': (1, 11, "a backslash"),
    "summary: |x\n  text\n": (1, 11, "only |- or >- may follow the key"),
    "authors:\n  - Sam\n - Alex\n": (3, 2, "line it up with the key above"),
}


@pytest.mark.parametrize("text", sorted(PLAIN_YAML))
def test_yaml_syntax_errors_are_said_plainly_with_the_fix(text: str) -> None:
    ((line, col, message),) = parse_yaml(text)[2]
    want_line, want_col, fix = PLAIN_YAML[text]
    assert (line, col) == (want_line, want_col)
    assert message.startswith("YAML syntax: ") and "expected valid YAML; " in message
    assert fix in message
    # programmers' words from libyaml stay out of the message
    for jargon in ("mapping values", "scalar", "stream", "token", "block end", "flow sequence"):
        assert jargon not in message


def test_over_long_text_is_refused_with_its_length(content: Path) -> None:
    lines = errors_for(content, "long.yaml", VALID_TOPIC.replace("title: A topic", "title: " + "x" * 250_000))
    assert any(": error: title: the text is 250,000 characters long, expected at most 120; shorten it" in line for line in lines)


def test_tab_indentation(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", "title: x\nsteps:\n\titems: []\n")
    assert lines == [
        "content/topics/bad.yaml:3:1: error: a tab is used for indentation, expected spaces; "
        "replace the tab with spaces (your editor can do this)"
    ]


def test_duplicate_key(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "title: Again\n")
    assert lines == [
        "content/topics/bad.yaml:7:1: error: title: duplicate key 'title' (first given on line 1), expected each key once"
    ]


def test_wrong_type(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC.replace("authors: [Someone]", "authors: Someone"))
    assert lines == [
        "content/topics/bad.yaml:6:10: error: authors: got 'Someone', expected a list (lines starting with '- '); "
        "write it as authors: [Someone], or one item per line starting with '- '"
    ]


def test_nested_wrong_type_has_field_path(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "steps:\n  items:\n    - title: Go\n      body: [a, b]\n")
    assert lines == [
        "content/topics/bad.yaml:10:13: error: steps.items[0].body: this field is a list, expected text; "
        "write the text without '- ' or brackets, or if it starts with '[', put the whole text in double quotes"
    ]


def test_missing_required_field(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC.replace("summary: One line.\n", ""))
    assert lines == ["content/topics/bad.yaml:1:1: error: summary: missing required key 'summary', expected it to be given"]


def test_unknown_key_suggests_the_near_miss(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "sumary: typo\n")
    assert len(lines) == 1
    assert lines[0].startswith(
        "content/topics/bad.yaml:7:1: error: sumary: unknown key 'sumary', did you mean 'summary'? expected one of: "
    )
    assert "audience, authors, category" in lines[0]


def test_unknown_nested_key(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "steps:\n  items:\n    - title: Go\n      body: Do it.\n      try_ths: x\n")
    assert lines[0].startswith(
        "content/topics/bad.yaml:11:7: error: steps.items[0].try_ths: unknown key 'try_ths', did you mean 'try_this'?"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-13-01", "content/topics/bad.yaml:4:16: error: last_reviewed: '2026-13-01' has month 13, but there are only 12 months (01 to 12), expected a real date written YYYY-MM-DD (year, month, day), like 2026-05-01; check the month and the day"),
        ("soon", "content/topics/bad.yaml:4:16: error: last_reviewed: got 'soon', expected a date written YYYY-MM-DD, like 2026-05-01"),
    ],
)
def test_bad_dates(content: Path, value: str, expected: str) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC.replace("last_reviewed: 2026-01-01", f"last_reviewed: {value}"))
    assert lines == [expected]


def test_review_dates_out_of_order(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC.replace("2027-01-01", "2025-01-01"))
    assert lines == [
        "content/topics/bad.yaml:5:14: error: next_review: next_review 2025-01-01 is before last_reviewed 2026-01-01, "
        "expected a later date"
    ]


def test_empty_file(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", "")
    assert lines == [(
        "content/topics/bad.yaml:1:1: error: the file is empty, expected keys and values such as 'title: ...'; "
        "write the page's keys in it (guidecraft new makes a file to start from), or delete the file"
    )]


def test_top_level_must_be_a_mapping(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", "- just\n- a list\n")
    assert lines == ["content/topics/bad.yaml:1:1: error: expected keys and values such as 'title: ...' at the top of the file"]


def test_unknown_reference_with_suggestion(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "related: [goood]\n")
    assert lines == [
        "content/topics/bad.yaml:7:11: error: related[0]: unknown topic 'goood', did you mean 'good'? expected one of: "
        "bad, good; write the file name of a topic that exists, without .yaml, or take it out if that topic was deleted"
    ]


def test_unknown_link_in_prose(content: Path) -> None:
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "intro: See [this](worksheet:nothing-here).\n")
    assert lines == [
        "content/topics/bad.yaml:7:19: error: intro: unknown worksheet 'nothing-here', expected one of: none yet; write "
        "the file name of a worksheet that exists, without .yaml, or take it out if that worksheet was deleted"
    ]


def test_unknown_reference_lists_ten_names_at_most(content: Path) -> None:
    for n in range(12):
        (content / "topics" / f"topic-{n:02}.yaml").write_text(VALID_TOPIC, encoding="utf-8")
    lines = errors_for(content, "bad.yaml", VALID_TOPIC + "related: [deleted-topic]\n")
    assert lines == [
        "content/topics/bad.yaml:7:11: error: related[0]: unknown topic 'deleted-topic', expected one of: bad, good, "
        "topic-00, topic-01, topic-02, topic-03, topic-04, topic-05, topic-06, topic-07, ... (14 in all); write the "
        "file name of a topic that exists, without .yaml, or take it out if that topic was deleted"
    ]


def test_key_without_its_colon_says_to_add_the_colon() -> None:
    ((line, col, message),) = parse_yaml("title: A topic\nsummary Small steps for a low week\naudience: Anyone.\n")[2]
    assert (line, col) == (2, 1)
    assert message == (
        "YAML syntax: 'summary Small steps for a l...' is text on a line of its own, not after a key, expected "
        "'key: value'; if 'summary' is a key, put a colon after it, like summary: Small steps for a low week; else "
        "indent it by two more spaces than the key it belongs to, or put it on the key's line after ': '"
    )


def test_bad_file_name(content: Path) -> None:
    lines = errors_for(content, "Bad Name.yaml", VALID_TOPIC)
    assert lines == [
        "content/topics/Bad Name.yaml:1:1: error: file name 'Bad Name.yaml' is not a valid slug, expected lower-case "
        "letters, digits and hyphens, like 'fear-of-rejection.yaml'"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(content: Path) -> None:
    (content / "topics" / "one.yaml").write_text(VALID_TOPIC + "sumary: x\n", encoding="utf-8")
    (content / "topics" / "two.yaml").write_text("title: [\n", encoding="utf-8")
    (content / "topics" / "three.yaml").write_text(VALID_TOPIC + "related: [missing]\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content, relative_to=content.parent)
    files = sorted({d.path for d in info.value.diagnostics})
    assert files == ["content/topics/one.yaml", "content/topics/three.yaml", "content/topics/two.yaml"]


def test_missing_site_settings(tmp_path: Path) -> None:
    (tmp_path / "content" / "topics").mkdir(parents=True)
    with pytest.raises(ContentError) as info:
        load_content(tmp_path / "content", relative_to=tmp_path)
    assert [str(d) for d in info.value.diagnostics] == [
        "content/site.yaml:1:1: error: the site settings file is missing, expected content/site.yaml with region, "
        "crisis_regions and disclaimer"
    ]


def test_site_region_must_have_crisis_lines(content: Path) -> None:
    site = (content / "site.yaml").read_text(encoding="utf-8").replace("region: GB", "region: FR")
    (content / "site.yaml").write_text(site, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(content, relative_to=content.parent)
    (line,) = [str(d) for d in info.value.diagnostics]
    assert line == "content/site.yaml:4:9: error: region: region 'FR' has no entry in crisis_regions (have: GB, IE, US)"


def test_yaml_12_booleans_keep_words_as_text() -> None:
    data, _, problems = parse_yaml("a: No\nb: yes\nc: true\nd: off\n")
    assert problems == []
    assert data == {"a": "No", "b": "yes", "c": True, "d": "off"}


def test_positions_are_one_based() -> None:
    _, positions, _ = parse_yaml("title: x\nsteps:\n  items:\n    - title: y\n")
    assert positions.find(("steps", "items", 0, "title")) == (4, 14)
    assert positions.find(("steps", "items", 0, "title"), key=True) == (4, 7)
    assert positions.find(("steps", "nothing", 3)) == (3, 3)  # the nearest ancestor the file has


def test_the_c_loader_is_used_when_present() -> None:
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    assert issubclass(ContentLoader, yaml.CSafeLoader)
