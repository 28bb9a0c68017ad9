"""The MkDocs plugin on a minimal mkdocs.yml: safe by default, typed options, lints in the build.

Each test builds a small real project with ``mkdocs build --strict`` in a subprocess.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import mkdocs_build
from minimal_content import SITE, TOPIC

pytestmark = pytest.mark.slow

# A topic that stays in date for years, so these builds do not start failing on a calendar date.
FRESH_TOPIC = TOPIC.replace("next_review: 2027-01-01", "next_review: 2099-01-01")
MINIMAL = "site_name: Mine\ndocs_dir: content\ntheme:\n  name: material\nplugins:\n  - guidecraft\n"


def project(tmp_path: Path, mkdocs_yml: str = MINIMAL, topic: str = FRESH_TOPIC) -> Path:
    (tmp_path / "content" / "topics").mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_text(SITE)
    (tmp_path / "content" / "topics" / "ok.yaml").write_text(topic)
    (tmp_path / "mkdocs.yml").write_text(mkdocs_yml)
    return tmp_path


def build(root: Path) -> tuple[int, str]:
    result = mkdocs_build(root, root / "site")
    return result.returncode, result.stderr + result.stdout


def test_a_minimal_mkdocs_yml_gets_the_whole_theme_layer(tmp_path: Path) -> None:
    root = project(tmp_path, MINIMAL.replace("  name: material\n", "  name: material\n  font:\n    text: Roboto\n"))
    code, log = build(root)
    assert code == 0, log
    pages = [p for p in (root / "site").rglob("*.html") if "assets" not in p.parts]
    assert len(pages) >= 4
    for page in pages:
        text = page.read_text()
        assert 'href="tel:116123"' in text and "gc-crisis-banner" in text, page
        assert "gc-footer-notice" in text and '<meta name="referrer" content="no-referrer">' in text, page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
    not_found = (root / "site" / "404.html").read_text()
    assert "Page not found" in not_found and "get-help/" in not_found


def test_an_authors_custom_dir_still_overrides_the_theme_layer(tmp_path: Path) -> None:
    root = project(tmp_path, MINIMAL.replace("  name: material\n", "  name: material\n  custom_dir: mine\n"))
    (root / "mine").mkdir()
    (root / "mine" / "404.html").write_text(
        '{% extends "main.html" %}{% block content %}<p>OUR OWN 404</p>{% endblock %}'
    )
    code, log = build(root)
    assert code == 0, log
    not_found = (root / "site" / "404.html").read_text()
    assert "OUR OWN 404" in not_found and "gc-crisis-banner" in not_found  # theirs, inside ours


@pytest.mark.parametrize(
    "setting, reason",
    [
        (
            "extra_css:\n  - https://cdn.example.org/x.css\n",
            "extra_css loads https://cdn.example.org/x.css from another host",
        ),
        (
            "extra_javascript:\n  - //cdn.example.org/x.js\n",
            "extra_javascript loads //cdn.example.org/x.js from another host",
        ),
        ("repo_url: https://github.com/example/site\n", "repo_url is https://github.com/example/site"),
        ("extra:\n  analytics:\n    provider: google\n    property: G-X\n", "extra.analytics is set"),
    ],
    ids=["css", "js", "repo", "analytics"],
)
def test_settings_that_would_reach_another_host_stop_the_build(tmp_path: Path, setting: str, reason: str) -> None:
    code, log = build(project(tmp_path, MINIMAL + setting))
    assert code == 1
    assert re.search(r"ERROR\s+-\s+guidecraft: " + re.escape(reason), log), log
    assert "Traceback" not in log


def test_another_theme_is_refused_with_the_fix(tmp_path: Path) -> None:
    code, log = build(project(tmp_path, MINIMAL.replace("name: material", "name: mkdocs")))
    assert code == 1
    assert "theme.name is 'mkdocs', but guidecraft needs the Material theme" in log
    assert "expected theme: {name: material}" in log


@pytest.mark.parametrize("value", ["false", "true", "'false'", "auto"])
def test_worksheet_pdfs_takes_yaml_booleans_and_the_words(tmp_path: Path, value: str) -> None:
    options = f"  - guidecraft:\n      worksheet_pdfs: {value}\n"
    code, log = build(project(tmp_path, MINIMAL.replace("  - guidecraft\n", options)))
    assert code == 0, log


def test_worksheet_pdfs_refuses_other_words(tmp_path: Path) -> None:
    code, log = build(
        project(tmp_path, MINIMAL.replace("  - guidecraft\n", "  - guidecraft:\n      worksheet_pdfs: maybe\n"))
    )
    assert code == 1
    assert "'maybe' is not valid, expected true, false or auto" in log


def test_every_lint_reaches_the_strict_build_with_its_place_and_can_be_switched_off(tmp_path: Path) -> None:
    topic = FRESH_TOPIC.replace("reviewers: [Alex]\n", "").replace(
        "summary: One line about it.", "summary: TODO say it"
    )
    root = project(tmp_path, topic=topic)
    code, log = build(root)
    assert code == 1
    assert re.search(
        r"WARNING\s+-\s+guidecraft: content/topics/ok\.yaml:\d+:\d+: warning: reviewers: no reviewers", log
    )
    assert re.search(r"content/topics/ok\.yaml:2:10: warning: .*placeholder text \(TODO\)", log), log
    assert "Aborted with 2 warnings in strict mode!" in log
    (root / "mkdocs.yml").write_text(
        MINIMAL.replace("  - guidecraft\n", "  - guidecraft:\n      disable_lints: [reviewer, placeholder]\n")
    )
    code, log = build(root)
    assert code == 0, log


def test_an_unknown_lint_name_is_refused(tmp_path: Path) -> None:
    root = project(tmp_path, MINIMAL.replace("  - guidecraft\n", "  - guidecraft:\n      disable_lints: [reviewers]\n"))
    code, log = build(root)
    assert code == 1
    assert "disable_lints" in log and "'reviewers'" in log and "reviewer" in log


def test_one_settings_path_from_mkdocs_yml_and_the_command_to_the_site(tmp_path: Path) -> None:
    """The plugin's options and mkdocs.yml become one SiteConfig; what a command adds (--today, serve's
    load cache) comes with the loaded config (RunOptions), not set on the plugin by hand."""
    import datetime as dt

    from generator.mkdocs_config import RunOptions, load_mkdocs_config, run_options, site_config

    yml = MINIMAL.replace("  - guidecraft\n", "  - guidecraft:\n      disable_lints: [placeholder]\n      search: material\n")
    root = project(tmp_path, yml + "  - search\n")
    plain = load_mkdocs_config(root / "mkdocs.yml")
    assert run_options(plain) == RunOptions()
    assert site_config(plain).today is None and site_config(plain).load_cache is None
    cache: dict[Path, tuple[object, object]] = {}
    config = load_mkdocs_config(root / "mkdocs.yml", run=RunOptions(today=dt.date(2030, 1, 2), load_cache=cache))
    settings = site_config(config)
    assert settings.today == dt.date(2030, 1, 2) and settings.load_cache is cache
    assert settings.disabled_lints == frozenset({"placeholder"}) and settings.search == "material"
    assert settings.content_dir == root.resolve() / "content" and settings.site_name == "Mine"
