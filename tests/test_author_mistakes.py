"""The mistakes authors make, each in plain words at its own line: a corpus run at unit level and
through ``guidecraft check`` on a real site.

Each case is one content file with one mistake. It names the line (and the column, where the
column helps) of its one error, and words the message must hold. No message may use a
programmer's word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import minimal_content
import pytest
from minimal_content import REVIEW_DATES, SITE, TOPIC, write_content

from generator import ContentError, cli, load_content

QUIZ = minimal_content.QUIZ.replace(REVIEW_DATES, "")  # no review dates: a warning, never an error

WORKSHEET = """\
title: A worksheet
summary: One line.
purpose: To plan.
instructions: Fill it in.
blocks:
  - kind: prompt
    text: What went well?
"""

BASE = {"topics": TOPIC, "quizzes": QUIZ, "worksheets": WORKSHEET, "site": SITE}

PROGRAMMER_WORDS = re.compile(
    r"\b(dict|NoneType|int|str|mapping|scalar|sequence|traceback|float|bool|list\[|pydantic)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Mistake:
    name: str
    folder: str  # topics, quizzes, worksheets or site
    text: str
    line: int
    col: int | None  # None: the column says nothing useful
    words: tuple[str, ...]
    encoding: str = "utf-8"


def topic(old: str, new: str) -> str:
    assert old in TOPIC, old
    return TOPIC.replace(old, new, 1)


def quiz(old: str, new: str) -> str:
    assert old in QUIZ, old
    return QUIZ.replace(old, new, 1)


def sheet(old: str, new: str) -> str:
    assert old in WORKSHEET, old
    return WORKSHEET.replace(old, new, 1)


def site(old: str, new: str) -> str:
    assert old in SITE, old
    return SITE.replace(old, new, 1)


SEEK_HELP = "seek_help:\n  urgent:\n    - {urgent}\n  non_urgent:\n    - Talk to your doctor.\n"

MISTAKES = [
    # --- words lost to a ' #' comment (issue 19, item 2)
    Mistake(
        "hash-in-summary",
        "topics",
        topic("summary: One line about it.", "summary: Small steps #1 is sleep, and more."),
        2,
        22,
        ("comment", "'#1 is sleep, and more.' was left out", 'summary: "Small steps #1 is sleep, and more."'),
    ),
    Mistake(
        "hash-starts-title",
        "topics",
        topic("title: A topic", "title: #1 tip for sleep"),
        1,
        8,
        ("starts with '#'", "comment", 'title: "#1 tip for sleep"'),
    ),
    Mistake(
        "hash-in-list-item",
        "topics",
        topic("authors: [Sam]", "authors:\n  - Sam #2 on the team"),
        7,
        9,
        ("comment", 'double quotes, like - "Sam #2 on the team"'),
    ),
    # --- wrong kinds of value (item 3)
    Mistake(
        "number-for-text",
        "site",
        site('emergency: "999"', "emergency: 999"),
        5,
        16,
        ("999 is read as a number", 'put it in quotes, as in emergency: "999"'),
    ),
    Mistake(
        "number-as-title",
        "topics",
        topic("title: A topic", "title: 2026"),
        1,
        8,
        ("read as a number", 'title: "2026"'),
    ),
    Mistake(
        "true-as-text",
        "topics",
        topic("audience: Anyone.", "audience: true"),
        3,
        11,
        ("read as true or false", 'audience: "true"'),
    ),
    Mistake(
        "date-as-text",
        "topics",
        topic("summary: One line about it.", "summary: 2026-05-01"),
        2,
        10,
        ("read as a date", 'summary: "2026-05-01"'),
    ),
    Mistake(
        "colon-in-list-item",
        "topics",
        TOPIC + SEEK_HELP.format(urgent="Warning sign: you feel unsafe."),
        13,
        7,
        ("colon and a space", "double quotes", '- "Warning sign: you feel unsafe."'),
    ),
    Mistake(
        "colon-in-summary",
        "topics",
        topic("summary: One line about it.", "summary: Note: be kind to yourself"),
        2,
        14,
        ("colon and a space", 'summary: "Note: be kind to yourself"'),
    ),
    Mistake(
        "empty-title",
        "topics",
        topic("title: A topic", "title:"),
        1,
        None,
        ("this field is empty", "write the text after 'title: '"),
    ),
    Mistake(
        "empty-list-item",
        "topics",
        topic("authors: [Sam]", "authors:\n  - Sam\n  -"),
        8,
        None,
        ("list item is empty",),
    ),
    Mistake(
        "empty-date",
        "topics",
        topic("last_reviewed: 2026-01-01", "last_reviewed:"),
        4,
        None,
        ("this field is empty", "a date written YYYY-MM-DD, like 2026-05-01"),
    ),
    Mistake(
        "text-not-list",
        "topics",
        topic("authors: [Sam]", "authors: Sam"),
        6,
        10,
        ("expected a list", "authors: [Sam]"),
    ),
    Mistake(
        "list-not-text",
        "topics",
        topic("audience: Anyone.", "audience:\n  - Parents\n  - Carers"),
        4,
        3,
        ("this field is a list, expected text",),
    ),
    Mistake(
        "text-not-section",
        "topics",
        TOPIC + "steps: Take a walk.\n",
        11,
        8,
        ("expected keys such as 'items:'", "indented"),
    ),
    Mistake(
        "word-not-number",
        "quizzes",
        quiz("    text: A question.", "    text: A question.\n    weight: high"),
        11,
        13,
        ("got 'high'", "expected a whole number"),
    ),
    Mistake(
        "word-not-true",
        "quizzes",
        quiz("    text: A question.", "    text: A question.\n    reverse: maybe"),
        11,
        14,
        ("got 'maybe'", "expected true or false"),
    ),
    Mistake(
        "word-not-score",
        "quizzes",
        quiz("{min: 0, max: 1, title: Any}", "{min: low, max: 1, title: Any}"),
        12,
        11,
        ("got 'low'", "expected a number (a whole number, or a decimal such as 3.5)"),
    ),
    Mistake(
        "block-without-kind",
        "worksheets",
        sheet("  - kind: prompt\n", "  - "),
        6,
        None,
        ("no 'kind:'", "'prompt', 'checklist'"),
    ),
    # --- keys
    Mistake(
        "misspelt-key",
        "topics",
        topic("summary: One line about it.", "sumary: One line about it."),
        2,
        1,
        ("unknown key 'sumary', did you mean 'summary'?",),
    ),
    Mistake(
        "misspelt-nested-key",
        "topics",
        topic("    url: https://example.org", "    ulr: https://example.org"),
        10,
        5,
        ("unknown key 'ulr', did you mean 'url'?",),
    ),
    Mistake(
        "items-at-top",
        "topics",
        TOPIC + "items:\n  - title: One\n",
        11,
        1,
        ("unknown key 'items'", "goes inside", "steps"),
    ),
    Mistake(
        "duplicate-key",
        "topics",
        TOPIC + "title: Again\n",
        11,
        1,
        ("duplicate key 'title'", "first given on line 1"),
    ),
    Mistake(
        "missing-key",
        "topics",
        topic("audience: Anyone.\n", ""),
        1,
        1,
        ("missing required key 'audience'",),
    ),
    # --- indentation, quotes and other YAML (item 3)
    Mistake(
        "key-indented-one-space",
        "topics",
        topic("audience: Anyone.", " audience: Anyone."),
        3,
        10,
        ("indent",),
    ),
    Mistake(
        "key-indented-too-far",
        "topics",
        topic("audience: Anyone.", "    audience: Anyone."),
        3,
        13,
        ("indent",),
    ),
    Mistake(
        "apostrophe-in-single-quotes",
        "topics",
        topic("summary: One line about it.", "summary: 'It's fine to rest.'"),
        2,
        13,
        ("apostrophe", "double quotes", 'summary: "It\'s fine to rest."'),
    ),
    Mistake(
        "unclosed-quote",
        "topics",
        topic("summary: One line about it.", 'summary: "One line about it.'),
        2,
        10,
        ("opens the text here but never closes", "add the closing quote mark"),
    ),
    Mistake(
        "text-after-quote",
        "topics",
        topic("summary: One line about it.", 'summary: "One line" about it.'),
        2,
        21,
        ("goes on after its closing quote", "inside the quotes"),
    ),
    Mistake("tab-indent", "topics", topic("    url:", "\turl:"), 10, 1, ("tab", "spaces")),
    Mistake(
        "no-space-after-colon",
        "topics",
        topic("audience: Anyone.", "audience:Anyone."),
        3,
        10,
        ("no space after the colon", "audience: Anyone."),
    ),
    Mistake(
        "text-on-own-line",
        "topics",
        topic("audience: Anyone.", "audience:\nAnyone."),
        4,
        1,
        ("not after a key", "indent"),
    ),
    Mistake(
        "star-starts-text", "topics", topic("title: A topic", "title: *Really* good"), 1, 8, ("'*'", "double quotes")
    ),
    Mistake(
        "unclosed-bracket",
        "topics",
        topic("authors: [Sam]", "authors: [Sam, Alex"),
        6,
        10,
        ("opens a list here but is not closed", "close it with ]"),
    ),
    Mistake(
        "backslash",
        "topics",
        topic("summary: One line about it.", 'summary: "Save to C:\\qx"'),
        2,
        None,
        ("backslash",),
    ),
    Mistake(
        "backslash-u",
        "topics",
        topic("summary: One line about it.", 'summary: "Save to C:\\Users\\sam"'),
        2,
        None,
        ("backslash", "single quotes"),
    ),
    Mistake(
        "second-document",
        "topics",
        TOPIC + "---\ntitle: Another\n",
        11,
        1,
        ("'---'", "delete the '---' line"),
    ),
    # --- values that are checked
    Mistake(
        "bad-date",
        "topics",
        topic("next_review: 2027-01-01", "next_review: 2027-13-01"),
        5,
        14,
        ("'2027-13-01' has month 13, but there are only 12 months", "written YYYY-MM-DD"),
    ),
    Mistake(
        "no-such-day",
        "topics",
        topic("next_review: 2027-01-01", "next_review: 2027-02-30"),
        5,
        14,
        ("has day 30, but February 2027 has no day 30", "written YYYY-MM-DD"),
    ),
    Mistake(
        "empty-file",
        "topics",
        "",
        1,
        1,
        ("the file is empty", "or delete the file"),
    ),
    Mistake(
        "link-to-missing-page-in-prose",
        "topics",
        TOPIC + "intro: |\n  Some people feel this way.\n  Read [more about it](topic:no-such-page) soon.\n",
        13,
        24,
        ("unknown topic 'no-such-page'",),
    ),
    Mistake(
        "dates-out-of-order",
        "topics",
        topic("next_review: 2027-01-01", "next_review: 2025-01-01"),
        5,
        14,
        ("before last_reviewed",),
    ),
    Mistake(
        "url-without-https",
        "topics",
        topic("url: https://example.org", "url: example.org"),
        10,
        10,
        ("https://",),
    ),
    Mistake(
        "unknown-related",
        "topics",
        TOPIC + "related: [no-such-topic]\n",
        11,
        11,
        ("unknown topic 'no-such-topic'",),
    ),
    Mistake(
        "slug-with-capitals",
        "topics",
        TOPIC + "related: [Sleep]\n",
        11,
        11,
        ("'Sleep' is not valid", "lower-case"),
    ),
    Mistake(
        "band-max-below-min",
        "quizzes",
        quiz("{min: 0, max: 1, title: Any}", "{min: 3, max: 1, title: Any}"),
        12,
        None,
        ("max 1 is less than min 3",),
    ),
    Mistake(
        "unknown-block-kind",
        "worksheets",
        sheet("kind: prompt", "kind: promt"),
        6,
        None,
        ("unknown block kind", "'prompt'"),
    ),
    Mistake(
        "too-many-lines",
        "worksheets",
        sheet("    text: What went well?", "    text: What went well?\n    lines: 50"),
        8,
        12,
        ("30 or less",),
    ),
    Mistake(
        "empty-list",
        "worksheets",
        sheet("blocks:\n  - kind: prompt\n    text: What went well?\n", "blocks: []\n"),
        5,
        9,
        ("at least 1",),
    ),
    # --- hostile input (issue 23): refused before it is expanded, at its own line
    Mistake(
        "tag-on-list",
        "topics",
        TOPIC + "tags: !!python/object/apply:os.system [echo hi]\n",
        11,
        7,
        ("YAML tag", "remove the '!!python/object/apply:os.system' part"),
    ),
    Mistake(
        "tag-starts-text",
        "topics",
        topic("summary: One line about it.", "summary: !Important read this"),
        2,
        10,
        ("'!Important' is a YAML tag", "double quotes"),
    ),
    Mistake(
        "anchor-starts-text",
        "topics",
        topic("summary: One line about it.", "summary: &more about it"),
        2,
        10,
        ("'&more'", "double quotes"),
    ),
    Mistake(
        "nul-byte",
        "topics",
        topic("audience: Anyone.", "audience: Any\x00one."),
        3,
        14,
        ("control character", "delete it"),
    ),
    Mistake(
        "not-utf-8",
        "topics",
        topic("audience: Anyone.", "audience: Caf\u00e9 owners."),
        3,
        14,
        ("not UTF-8", "save the file again as UTF-8"),
        encoding="latin-1",
    ),
    Mistake(
        "deep-nesting",
        "topics",
        TOPIC + "tags: " + "[" * 500 + "]" * 500 + "\n",
        11,
        None,
        ("nested more than 20 levels",),
    ),
]

BOMB = (
    TOPIC
    + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9))
    + "tags: *a8\n"
)


def _write(root: Path, mistake: Mistake, slug: str) -> Path:
    """Write one mistake into a content folder; returns the file's path."""
    if mistake.folder == "site":
        path = root / "site.yaml"
    else:
        (root / mistake.folder).mkdir(parents=True, exist_ok=True)
        path = root / mistake.folder / f"{slug}.yaml"
    path.write_bytes(mistake.text.encode(mistake.encoding))
    return path


def _content(tmp_path: Path) -> Path:
    return write_content(tmp_path / "content")


def _check_lines(lines: list[str], shown: str, mistake: Mistake) -> None:
    errors = [line for line in lines if line.startswith(f"{shown}:") and ": error: " in line]
    assert len(errors) == 1, "\n".join(lines)
    where, message = errors[0].split(": error: ", 1)
    line, col = (int(n) for n in where.split(":")[-2:])
    assert line == mistake.line, errors[0]
    if mistake.col is not None:
        assert col == mistake.col, errors[0]
    for words in mistake.words:
        assert words in message, errors[0]


def test_the_corpus_is_large_enough() -> None:
    assert len(MISTAKES) >= 30
    assert len({m.name for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_each_mistake_is_one_plain_error_at_its_line(tmp_path: Path, mistake: Mistake) -> None:
    root = _content(tmp_path)
    path = _write(root, mistake, "case")
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=tmp_path)
    lines = [str(d) for d in info.value.diagnostics]
    _check_lines(lines, path.relative_to(tmp_path).as_posix(), mistake)
    for line in lines:
        assert not PROGRAMMER_WORDS.search(line.split(": ", 2)[-1]), line


def test_every_mistake_in_one_check_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``guidecraft check`` on a real site holding every mistake but the site's own: one run, each at its line."""
    root = _content(tmp_path)
    (root / "topics" / "fine.yaml").write_text(TOPIC, encoding="utf-8")
    files = {}
    for n, mistake in enumerate(MISTAKES):
        if mistake.folder != "site":
            files[mistake.name] = _write(root, mistake, f"case-{n}")
    monkeypatch.chdir(tmp_path)
    code = cli.main(["check", "--content", "content"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err and not err
    lines = out.splitlines()
    for mistake in MISTAKES:
        if mistake.folder != "site":
            _check_lines(lines, files[mistake.name].relative_to(tmp_path).as_posix(), mistake)
    problems = [line for line in lines if ": error: " in line or ": warning: " in line]
    for line in problems:
        assert not PROGRAMMER_WORDS.search(line.split(": ", 2)[-1]), line
    errors = sum(": error: " in line for line in problems)
    assert f"\n{errors} errors, {len(problems) - errors} warnings" in out


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.folder == "site"], ids=lambda m: m.name)
def test_site_mistakes_through_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], mistake: Mistake
) -> None:
    root = _content(tmp_path)
    (root / "topics" / "fine.yaml").write_text(TOPIC, encoding="utf-8")
    _write(root, mistake, "")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--content", "content"]) == 1
    _check_lines(capsys.readouterr().out.splitlines(), "content/site.yaml", mistake)


def test_comments_after_settings_stay_allowed(tmp_path: Path) -> None:
    """A ' #' comment after a setting (a code, a slug, a number, a date) loses nothing a reader sees."""
    root = _content(tmp_path)
    (root / "site.yaml").write_text(site("region: GB", "region: GB  # the UK"), encoding="utf-8")
    text = topic("next_review: 2027-01-01", "next_review: 2027-01-01  # a year on") + "related: [other]  # see also\n"
    (root / "topics" / "one.yaml").write_text(text, encoding="utf-8")
    (root / "topics" / "other.yaml").write_text(TOPIC + "# a comment on its own line\n", encoding="utf-8")
    content = load_content(root)
    assert content.site.model.region == "GB"
    assert content.topics["one"].model.related == ["other"]


def test_quoted_hash_is_kept(tmp_path: Path) -> None:
    root = _content(tmp_path)
    (root / "topics" / "one.yaml").write_text(
        topic("summary: One line about it.", 'summary: "Small steps #1 is sleep, and more."  # ok'), encoding="utf-8"
    )
    assert load_content(root).topics["one"].model.summary == "Small steps #1 is sleep, and more."


def test_an_alias_bomb_is_refused_before_it_grows(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be 387 million entries; each line is refused as written instead."""
    root = _content(tmp_path)
    (root / "topics" / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=tmp_path)
    lines = [str(d) for d in info.value.diagnostics]
    assert len(lines) == 10, lines  # one per line of the file that uses an anchor or an alias
    assert lines[0].startswith("content/topics/bomb.yaml:11:5: error: '&a0' marks this part to be repeated")
    assert lines[-1] == (
        "content/topics/bomb.yaml:20:7: error: '*a8' repeats the part marked '&a8' on line 19 (a YAML alias), "
        "which guidecraft does not allow, expected the text written out in full; write it out here, "
        "or if the text starts with '*', put the whole text in double quotes"
    )


MKDOCS = """\
site_name: Test site
docs_dir: content
theme:
  name: material
  language: en
plugins:
  - guidecraft:
      worksheet_pdfs: "false"
"""


def test_build_shows_the_warnings_of_files_that_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error in one file stops the build, and the other files' warnings are still shown."""
    root = _content(tmp_path)
    (root / "topics" / "unreviewed.yaml").write_text(TOPIC.replace("reviewers: [Alex]\n", ""), encoding="utf-8")
    (root / "topics" / "broken.yaml").write_text(TOPIC + "related: [no-such-topic]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 1
    out = capsys.readouterr().out
    assert "content/topics/broken.yaml:11:11: error: related[0]: unknown topic 'no-such-topic'" in out
    assert "content/topics/unreviewed.yaml:1:1: warning: reviewers: no reviewers" in out
    assert "content/topics/broken.yaml:1:1: warning" not in out  # it has reviewers


@pytest.mark.parametrize(
    ("site_text", "site_error"),
    [
        (site("region: GB", "regoin: GB"), "content/site.yaml:1:1: error: regoin: unknown key 'regoin', did you mean"),
        (site("region: GB", "region: GB\ndisclaimer: [x"), "content/site.yaml:2:13: error: YAML syntax"),
        (site("region: GB", "region: [GB]"), "content/site.yaml:1:9: error: region: this field is a list"),
    ],
    ids=["misspelt-key", "yaml-syntax", "wrong-value"],
)
def test_a_broken_site_yaml_hides_no_other_file_s_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], site_text: str, site_error: str
) -> None:
    """Mistakes in site.yaml: the quizzes' own checks, the links between files and the warnings of the
    files that load are still reported in the same run."""
    root = _content(tmp_path)
    (root / "site.yaml").write_text(site_text, encoding="utf-8")
    (root / "topics" / "linked.yaml").write_text(TOPIC + "related: [old-topic]\n", encoding="utf-8")
    (root / "topics" / "unreviewed.yaml").write_text(TOPIC.replace("reviewers: [Alex]\n", ""), encoding="utf-8")
    (root / "quizzes").mkdir()
    (root / "quizzes" / "gap.yaml").write_text(
        quiz("  - {min: 0, max: 1, title: Any}", "  - {min: 0, max: 0, title: Low}"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "--content", "content"]) == 1
    out = capsys.readouterr().out
    assert site_error in out
    assert "content/topics/linked.yaml:11:11: error: related[0]: unknown topic 'old-topic'" in out
    assert "content/quizzes/gap.yaml:" in out and "fall in no band" in out
    assert "content/topics/unreviewed.yaml:1:1: warning: reviewers: no reviewers" in out
    assert "Traceback" not in out


def test_a_file_with_an_unknown_key_still_has_its_links_checked(tmp_path: Path) -> None:
    """'audiance:' is an error, and the file's own 'related: [old-topic]' is reported with it."""
    root = _content(tmp_path)
    text = topic("audience: Anyone.", "audiance: Anyone.") + "related: [old-topic]\nextra: 1\n"
    (root / "topics" / "one.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_content(root, relative_to=tmp_path)
    lines = [str(d) for d in info.value.diagnostics]
    assert any(line.startswith("content/topics/one.yaml:3:1: error: audiance: unknown key 'audiance'") for line in lines), lines
    assert any(line.startswith("content/topics/one.yaml:12:1: error: extra: unknown key 'extra'") for line in lines), lines
    assert any(
        line.startswith("content/topics/one.yaml:11:11: error: related[0]: unknown topic 'old-topic'") for line in lines
    ), lines
    assert len(lines) == 3, lines


MKDOCS_MISTAKES = [
    ("tab", MKDOCS.replace("  - guidecraft:", "\t- guidecraft:"), "7:1", "a tab is used for indentation"),
    ("misspelt-plugin", MKDOCS.replace("- guidecraft:", "- guidecfraft:"), "7:5", "did you mean 'guidecraft'?"),
    ("misspelt-plugin-alone", MKDOCS.replace("- guidecraft:\n      worksheet_pdfs: \"false\"", "- guidcraft"),
     "7:5", "unknown plugin 'guidcraft', did you mean 'guidecraft'?"),
    ("no-space-after-colon", MKDOCS.replace("site_name: Test site", "site_name:Test site"), "1:11",
     "there is no space after the colon in 'site_name:'"),
]


@pytest.mark.parametrize("command", ["check", "build", "serve"])
@pytest.mark.parametrize(("text", "where", "words"), [m[1:] for m in MKDOCS_MISTAKES], ids=[m[0] for m in MKDOCS_MISTAKES])
def test_mistakes_in_mkdocs_yml_are_placed_in_plain_words(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    text: str,
    where: str,
    words: str,
) -> None:
    """guidecraft's own commands read mkdocs.yml first: a mistake there is one line at its place, not MkDocs'
    parser text."""
    _content(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main([command]) == 1
    out, err = capsys.readouterr()
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1, out + err
    assert errors[0].startswith(f"mkdocs.yml:{where}: error: ") and words in errors[0], errors[0]
    assert not PROGRAMMER_WORDS.search(errors[0].split(": ", 2)[-1]), errors[0]
    assert "Traceback" not in out + err and "MkDocs encountered" not in out + err
    assert not (tmp_path / "site").exists()


DOCS = Path(__file__).resolve().parent.parent / "docs" / "pages" / "reference" / "error-messages.md"


def test_the_error_messages_page_quotes_real_messages(tmp_path: Path) -> None:
    """Every message the reference page quotes is said, word for word, by a mistake in the corpus."""
    said = []
    for n, mistake in enumerate([*MISTAKES, Mistake("bomb", "topics", BOMB, 0, None, ())]):
        root = _content(tmp_path / str(n))
        _write(root, mistake, "case")
        with pytest.raises(ContentError) as info:
            load_content(root)
        said += [d.message for d in info.value.diagnostics]
    from generator.mkdocs_config import mkdocs_yml_problems

    for name, text, _, _ in MKDOCS_MISTAKES:
        (tmp_path / f"{name}.yml").write_text(text, encoding="utf-8")
        said += [d.message for d in mkdocs_yml_problems(tmp_path / f"{name}.yml")]
    rows = [line.split(" | ") for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    quoted = [row[1].strip("`") for row in rows if len(row) == 3 and row[1].startswith("`")]
    assert len(quoted) >= 30
    unsaid = [
        message
        for message in quoted
        if not any(all(part in text for part in message.split("...") if part.strip(" '")) for text in said)
    ]
    assert not unsaid, "\n".join(unsaid)


def test_serve_refuses_an_alias_bomb_and_recovers_when_it_is_fixed(tmp_path: Path) -> None:
    """``guidecraft serve`` loads a saved file through the same reader: the bomb is an error, the fix is taken in."""
    from generator.incremental import LiveSite
    from generator.settings import SiteConfig
    from generator.site import Site

    root = _content(tmp_path)
    path = root / "topics" / "one.yaml"
    path.write_text(TOPIC, encoding="utf-8")
    site = Site(SiteConfig(content_dir=root, project_dir=tmp_path, worksheet_pdfs=False))
    site.pages  # noqa: B018 - rendered once, as after the first build
    live = LiveSite(site)
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        live.update([path])
    assert [d.line for d in info.value.errors] == list(range(11, 21))
    assert live.site is site
    path.write_text(topic("title: A topic", "title: Fixed"), encoding="utf-8")
    update = live.update([path])
    assert update.full is None and update.pages
    assert live.site.content.topics["one"].model.title == "Fixed"
