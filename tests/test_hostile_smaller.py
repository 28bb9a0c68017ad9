"""Smaller things from issue 23: serve names the real problem, killed builds leave nothing behind
for long, and a crisis line's numbers and address can only be numbers and an https address."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project
from pydantic import ValidationError

from generator import cli
from generator.models import CrisisLine, CrisisRegion


def test_serve_names_the_problem_when_a_topic_still_linked_to_is_deleted(tmp_path: Path) -> None:
    from generator.mkdocs_serve import Preview

    project = copy_project(tmp_path / "project")
    preview = Preview(project / "mkdocs.yml", site_dir=tmp_path / "served")
    preview()
    assert preview.problems == [] and preview.last.startswith("full build")
    (project / "content" / "topics" / "when-someone-pushes-you-away.yaml").unlink()
    preview()
    assert preview.last == "error"
    assert "Aborted with a BuildError!" not in preview.problems
    assert any(
        p.startswith("content/topics/pushing-people-away.yaml:")
        and "related[0]: unknown topic 'when-someone-pushes-you-away'" in p
        for p in preview.problems
    ), preview.problems


def test_the_build_after_a_killed_one_removes_what_it_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    killed = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".site-new-*")) and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.02)
    killed.kill()
    killed.wait()
    assert list(tmp_path.glob(".site-new-*")), "the build was not caught while it ran"
    # Another build that is still running keeps its folder.
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".site-new-{running.pid}-abcd1234"
        theirs.mkdir()
        monkeypatch.chdir(project)
        assert cli.main(["build", "-d", str(tmp_path / "site")]) == 0
        left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-"))
        assert left == [theirs.name]
        assert (tmp_path / "site" / "index.html").is_file()
    finally:
        running.kill()
        running.wait()


def line(**fields: str) -> CrisisLine:
    return CrisisLine.model_validate({"name": "A line", **fields})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "javascript:alert(1)"),
        ("phone", "116 123\"><script>"),
        ("phone", "call us"),
        ("phone", "+"),
        ("sms", "85258?body=hello"),
        ("sms", "sms:85258"),
        ("url", "javascript:alert(1)"),
        ("url", 'https://example.org/" onmouseover="alert(1)'),
        ("url", "https://example.org/ x"),
        ("url", "http://example.org/"),
        ("url", "https://"),
    ],
)
def test_a_crisis_line_refuses_what_is_not_a_number_or_a_safe_address(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as info:
        line(**{field: value, **({} if field == "phone" else {"phone": "116 123"})})
    message = info.value.errors()[0]["msg"]
    expected = "is not a number to dial, expected digits" if field != "url" else "is not a safe web address"
    assert expected in message and repr(value) in message


@pytest.mark.parametrize("number", ["116 123", "1-800-668-6868", "+44 116 123", "(02) 9999 9999", "988"])
def test_numbers_as_people_write_them_are_accepted(number: str) -> None:
    assert line(phone=number, sms=number, url="https://www.samaritans.org/how-we-can-help/?a=1&b=2").phone == number


def test_the_emergency_number_is_a_number_too() -> None:
    with pytest.raises(ValidationError, match="'999</b>' is not a number to dial"):
        CrisisRegion.model_validate(
            {"code": "GB", "name": "UK", "emergency": "999</b>", "lines": [{"name": "A", "phone": "116 123"}]}
        )


def test_every_region_in_the_directory_still_loads() -> None:
    from generator.crisis import directory_entry, known_regions

    for code in known_regions():
        for language in ("en", "es"):
            assert directory_entry(code, language).region.lines
