"""The guidecraft command: output lines, exit codes, scaffolds and the safe build swap."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from minimal_content import TOPIC, write_content

from generator import cli
from generator.loading import load_content

ROOT = Path(__file__).resolve().parent.parent

MKDOCS = """\
site_name: Test site
docs_dir: content
theme:
  name: material
  custom_dir: overrides
  language: en
plugins:
  - search
  - guidecraft:
      worksheet_pdfs: "false"
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid site in the working folder: mkdocs.yml, content/ with one topic, overrides/."""
    write_content(tmp_path / "content", {"topics/ok.yaml": TOPIC})
    (tmp_path / "mkdocs.yml").write_text(MKDOCS)
    (tmp_path / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def topic(project: Path, slug: str, text: str) -> None:
    (project / "content" / "topics" / f"{slug}.yaml").write_text(text)


# --------------------------------------------------------------------------- a quiet terminal


@pytest.mark.parametrize("topics", [1, 150], ids=["flushed-at-exit", "while-printing"])
def test_a_closed_pipe_ends_quietly(project: Path, topics: int) -> None:
    """``guidecraft check | head``: the reader left early; no "Broken pipe" and no Python noise."""
    import os

    for n in range(topics):  # each without a reviewer: one warning line each
        topic(project, f"t{n}", TOPIC.replace("reviewers: [Alex]\n", ""))
    read, write = os.pipe()
    os.close(read)  # the reader is gone before guidecraft prints anything
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "check"], stdout=write, stderr=subprocess.PIPE, text=True, timeout=300
        )
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == 141  # 128 + SIGPIPE, as other command-line tools end


# --------------------------------------------------------------------------- help and usage


@pytest.mark.parametrize("command", [[], ["new"], ["check"], ["build"], ["export"], ["schemas"], ["upgrade"]])
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: guidecraft")
    assert "--help" in out


def test_console_script_is_declared_and_runs() -> None:
    (script,) = entry_points(group="console_scripts", name="guidecraft")
    assert script.load() is cli.main
    done = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--strict" in done.stdout


def test_bad_usage_is_one_message_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["publish"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'publish'" in err and "Traceback" not in err


def test_missing_content_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "check")
    assert code == 1
    assert err == (
        "guidecraft: error: there is no content folder at content, expected a site's folder here; run this in your "
        "site's folder (the one with mkdocs.yml in it; cd to it first), or name the content folder with "
        "--content FOLDER\n"
    )


def test_missing_config_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "check", "-f", "nope.yml")
    assert code == 1
    assert err.startswith("guidecraft: error: nope.yml: no such file") and err.count("\n") == 1


def test_broken_mkdocs_yml_is_one_message(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").write_text(MKDOCS.replace("name: material", "name: no-such-theme"))
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err.startswith("guidecraft: error: mkdocs.yml:") and "no-such-theme" in err


# --------------------------------------------------------------------------- check: every error kind


ERROR_CASES = {
    "yaml-syntax": (
        TOPIC.replace("title: A topic", "title: [unclosed"),
        "content/topics/case.yaml:1:8: error: YAML syntax: a bracket opens a list here but is not closed",
    ),
    "tab": (
        TOPIC.replace("    url:", "\turl:"),
        "content/topics/case.yaml:10:1: error: a tab is used for indentation, expected spaces",
    ),
    "duplicate-key": (
        TOPIC + "title: Again\n",
        "content/topics/case.yaml:11:1: error: title: duplicate key 'title' (first given on line 1)",
    ),
    "wrong-type": (
        TOPIC.replace("authors: [Sam]", "authors: 5"),
        "content/topics/case.yaml:6:10: error: authors: got a number, expected a list",
    ),
    "missing-field": (
        TOPIC.replace("summary: One line about it.\n", ""),
        "content/topics/case.yaml:1:1: error: summary: missing required key 'summary'",
    ),
    "unknown-key": (
        TOPIC + "tagz: [friendship]\n",
        "content/topics/case.yaml:11:1: error: tagz: unknown key 'tagz', did you mean 'tags'?",
    ),
    "bad-date": (
        TOPIC.replace("next_review: 2027-01-01", "next_review: 2027-13-01"),
        "content/topics/case.yaml:5:14: error: next_review: '2027-13-01' has month 13, but there are only 12 months",
    ),
    "empty-file": (
        "",
        "content/topics/case.yaml:1:1: error: the file is empty, expected keys and values",
    ),
    "unknown-slug": (
        TOPIC + "related: [okk]\n",
        "content/topics/case.yaml:11:11: error: related[0]: unknown topic 'okk', did you mean 'ok'?",
    ),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_check_reports_each_error_kind_at_its_place(
    project: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, expected = ERROR_CASES[case]
    topic(project, "case", text)
    code, out, _ = run(capsys, "check")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1, out
    assert errors[0].startswith(expected), errors[0]
    assert "\n1 error, " in out


def test_check_reports_every_broken_file_in_one_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for case, (text, _) in ERROR_CASES.items():
        topic(project, case, text)
    code, out, _ = run(capsys, "check")
    assert code == 1
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == len(ERROR_CASES)
    assert {line.split(":")[0] for line in errors} == {f"content/topics/{case}.yaml" for case in ERROR_CASES}
    assert f"\n{len(errors)} errors, " in out


def test_check_summary_table_counts_by_kind(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topic(project, "bare", TOPIC.replace("reviewers: [Alex]\n", "").split("sources:")[0])
    topic(project, "broken", "title: [x")
    code, out, _ = run(capsys, "check", "--today", "2026-06-01")
    assert code == 1
    assert "Checked 4 files." in out
    assert [line.split() for line in out.splitlines()[-6:-1]] == [
        ["kind", "errors", "warnings"],
        ["content", "1", "0"],
        ["reviewer", "0", "1"],
        ["sources", "0", "1"],
        ["total", "1", "2"],
    ]
    assert "1 error, 2 warnings" in out  # an error hides no warning of the files that did load
    topic(project, "broken", TOPIC)
    code, out, _ = run(capsys, "check", "--today", "2026-06-01")
    assert code == 0
    table = out.split("Checked 4 files.\n")[1].splitlines()
    assert table[0].split() == ["kind", "errors", "warnings"]
    assert table[1].split() == ["reviewer", "0", "1"]
    assert table[2].split() == ["sources", "0", "1"]
    assert table[3].split() == ["total", "0", "2"]
    assert table[4] == "0 errors, 2 warnings"


def test_check_warnings_pass_unless_strict(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--today", "2026-06-01")
    assert (code, out.splitlines()[-1]) == (0, "0 errors, 0 warnings")
    assert run(capsys, "check", "--strict", "--today", "2026-06-01")[0] == 0
    code, out, _ = run(capsys, "check", "--strict", "--today", "2027-06-01")
    assert code == 1
    assert out.startswith("content/topics/ok.yaml:5:14: warning: next_review: the review date 2027-01-01 has passed")
    assert run(capsys, "check", "--today", "2027-06-01")[0] == 0


def test_check_with_content_option(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mkdocs.yml").unlink()
    moved = project / "elsewhere"
    (project / "content").rename(moved)
    code, out, _ = run(capsys, "check", "--content", "elsewhere")
    assert code == 0 and "Checked 2 files." in out


def test_check_passes_on_the_shipped_site(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "check")
    assert code == 0, out
    assert ": error: " not in out


# --------------------------------------------------------------------------- new


@pytest.mark.parametrize("kind,folder", [("topic", "topics"), ("quiz", "quizzes"), ("worksheet", "worksheets")])
def test_new_scaffold_is_valid_and_explained(
    project: Path, capsys: pytest.CaptureFixture[str], kind: str, folder: str
) -> None:
    code, out, _ = run(capsys, "new", kind, "fear-of-rejection")
    assert code == 0
    path = project / "content" / folder / "fear-of-rejection.yaml"
    assert f"Created content/{folder}/fear-of-rejection.yaml" in out
    text = path.read_text()
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert (path.parent / "../../schemas" / f"{kind}.schema.json").resolve().is_file()
    content = load_content(project / "content")
    docs = {"topic": content.topics, "quiz": content.quizzes, "worksheet": content.worksheets}[kind]
    model = docs["fear-of-rejection"].model
    # every field of the model is written out, each under a comment that explains it
    lines = text.splitlines()
    for name in type(model).model_fields:
        index = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        assert any(line.startswith("#") for line in lines[max(index - 3, 0) : index]), name
    code, out, _ = run(capsys, "check")
    assert code == 0
    assert "\n0 errors, " in out
    assert "placeholder" in out  # the TODOs are flagged until the author replaces them


def test_new_quiz_title_keeps_i_a_capital(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A title made from the name capitalises its first word only, and "I" stays "I"."""
    code, _, _ = run(capsys, "new", "quiz", "how-am-i-doing")
    assert code == 0
    quiz = load_content(project / "content").quizzes["how-am-i-doing"].model
    assert quiz.title == "How am I doing"


def test_new_refuses_to_overwrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (project / "content" / "topics" / "ok.yaml").read_bytes()
    code, out, err = run(capsys, "new", "topic", "ok")
    assert code == 1 and out == ""
    assert (
        err == "guidecraft: error: content/topics/ok.yaml already exists, expected a new name (nothing was changed)\n"
    )
    assert (project / "content" / "topics" / "ok.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "slug,hint", [("Fear Of Rejection", "fear-of-rejection"), ("bad--slug", "bad-slug"), ("x.yaml", "x-yaml")]
)
def test_new_validates_the_slug(project: Path, capsys: pytest.CaptureFixture[str], slug: str, hint: str) -> None:
    code, _, err = run(capsys, "new", "quiz", slug)
    assert code == 1
    assert err == (
        f"guidecraft: error: '{slug}' is not a valid name, expected lower-case letters, digits "
        f"and single hyphens such as '{hint}'\n"
    )
    assert not (project / "content" / "quizzes").exists()


def test_new_writes_missing_schemas_and_follows_mkdocs_yml(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content").rename(project / "pages")
    (project / "mkdocs.yml").write_text(MKDOCS.replace("docs_dir: content", "docs_dir: pages"))
    code, out, _ = run(capsys, "new", "worksheet", "journal")
    assert code == 0
    assert "Wrote schemas/worksheet.schema.json" in out
    assert (project / "pages" / "worksheets" / "journal.yaml").is_file()
    assert sorted(p.name for p in (project / "schemas").iterdir()) == [
        "quiz.schema.json",
        "site-translation.schema.json",
        "site.schema.json",
        "topic.schema.json",
        "worksheet.schema.json",
    ]


# --------------------------------------------------------------------------- build


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def built(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """The small project built once into site/; returns the hash of every file."""
    code, out, err = run(capsys, "build", "--today", "2026-06-01")
    assert code == 0, out + err
    assert out.splitlines()[-1].startswith("Built 1 topic, 0 quizzes, 0 worksheets: 5 pages in ")
    assert out.splitlines()[-1].endswith(" seconds, into site")
    return tree_hashes(project / "site")


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site"))


@pytest.mark.slow
def test_build_publishes_the_site(project: Path, built: dict[str, str]) -> None:
    assert "index.html" in built and "topics/ok/index.html" in built
    assert "Samaritans" in (project / "site" / "index.html").read_text()
    assert leftovers(project) == []


@pytest.mark.slow
def test_failed_checks_leave_the_last_site_untouched(
    project: Path, built: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    topic(project, "ok", TOPIC.replace("authors: [Sam]", "authors: 5"))
    code, out, _ = run(capsys, "build", "--today", "2026-06-01")
    assert code == 1
    assert "content/topics/ok.yaml:6:10: error: authors:" in out
    assert "Nothing was built; site was not changed." in out
    assert tree_hashes(project / "site") == built
    assert leftovers(project) == []


@pytest.mark.slow
def test_failed_mkdocs_build_leaves_the_last_site_untouched(
    project: Path, built: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "overrides").unlink()
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{% if %}{% endblock %}'
    )
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "guidecraft: error: the MkDocs build failed: TemplateSyntaxError" in err
    assert tree_hashes(project / "site") == built
    assert leftovers(project) == []


@pytest.mark.slow
def test_strict_build_fails_on_warnings_and_keeps_the_site(
    project: Path, built: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    topic(project, "ok", TOPIC.replace("reviewers: [Alex]\n", ""))
    code, out, _ = run(capsys, "build", "--strict", "--today", "2026-06-01")
    assert code == 1
    assert "warning: reviewers: no reviewers" in out
    assert tree_hashes(project / "site") == built
    code, out, _ = run(
        capsys, "build", "-d", "site", "--today", "2026-06-01"
    )  # without --strict the warning does not stop it
    assert code == 0 and "(1 warning)" in out
    assert tree_hashes(project / "site") != built
    assert leftovers(project) == []


def test_build_refuses_to_replace_the_content(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_hashes(project / "content")
    for target in ("content", ".", "content/topics"):
        code, _, err = run(capsys, "build", "-d", target)
        assert code == 1
        assert err.startswith("guidecraft: error: ") and "expected" in err
    assert tree_hashes(project / "content") == before


# --------------------------------------------------------------------------- moving a site to a newer guidecraft


def test_upgrade_puts_the_installed_guidecraft_in_vendor_and_requirements(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile
    from importlib.metadata import version

    old = project / "vendor" / "guidecraft-0.0.9-py3-none-any.whl"
    old.parent.mkdir()
    old.write_bytes(b"an older guidecraft")
    (project / "requirements.txt").write_text("./vendor/guidecraft-0.0.9-py3-none-any.whl[pdf]\nmkdocs-redirects==1.2.1\n")
    code, out, _ = run(capsys, "upgrade")
    assert code == 0
    new = f"vendor/guidecraft-{version('guidecraft')}-py3-none-any.whl"
    assert "Removed vendor/guidecraft-0.0.9-py3-none-any.whl" in out and f"Wrote {new}" in out
    assert not old.exists()
    assert (project / "requirements.txt").read_text() == f"./{new}[pdf]\nmkdocs-redirects==1.2.1\n"
    with zipfile.ZipFile(project / new) as wheel:
        names = wheel.namelist()
        assert "generator/cli.py" in names and "generator/templates/init/pages.yml" in names
        assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
        info = f"guidecraft-{version('guidecraft')}.dist-info"
        assert f"Version: {version('guidecraft')}" in wheel.read(f"{info}/METADATA").decode()
        points = wheel.read(f"{info}/entry_points.txt").decode()
        assert "guidecraft = generator.plugin:GuidecraftPlugin" in points
        assert "[guidecraft.engines]\nmkdocs = generator.mkdocs_engine:ENGINE" in points
        assert "Tag: py3-none-any" in wheel.read(f"{info}/WHEEL").decode()
        record = wheel.read(f"{info}/RECORD").decode().splitlines()
        assert len(record) == len(names) and f"{info}/RECORD,," in record
    first = (project / new).read_bytes()
    assert run(capsys, "upgrade")[0] == 0
    assert (project / new).read_bytes() == first  # the same guidecraft gives the same bytes
    assert (project / "requirements.txt").read_text().count("guidecraft") == 1
