"""guidecraft export: plain Markdown and a mkdocs.yml that builds without the plugin."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import copy_project, mkdocs_build

from generator import assets, cli
from generator.engines import Exported
from generator.loading import load_content
from generator.mkdocs_export import ExportError, dump_config, export_site, read_raw_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Exported]:
    """The bundled site exported once per session."""
    project = copy_project(tmp_path_factory.mktemp("export-project"))
    dest = tmp_path_factory.mktemp("export") / "out"
    info = export_site(project / "mkdocs.yml", dest)
    return dest, info


@pytest.fixture(scope="session")
def exported_site(exported: tuple[Path, Exported], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export built by plain ``mkdocs build --strict``: the guidecraft plugin is not loaded."""
    dest, _ = exported
    site = tmp_path_factory.mktemp("export-site")
    result = mkdocs_build(dest, site)
    assert result.returncode == 0, result.stderr
    return site


def test_exported_config_has_no_plugin(exported: tuple[Path, Exported]) -> None:
    dest, info = exported
    config = yaml.safe_load((dest / "mkdocs.yml").read_text())
    source = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert config["docs_dir"] == "docs"
    assert config["plugins"] == [p for p in source["plugins"] if p != "guidecraft"]
    assert config["theme"] == {**source["theme"], "custom_dir": "overrides"}
    assert config["markdown_extensions"] == source["markdown_extensions"]
    assert config["validation"] == source["validation"]
    assert set(assets.STYLESHEETS) <= set(config["extra_css"])
    settings = config["extra"]["guidecraft"]
    assert settings["language"] == "en" and settings["region"]["code"] == "GB"
    assert settings["messages"]["crisis_banner_lead"]
    content = load_content(ROOT / "content")
    nav_pages = yaml.safe_dump(config["nav"])
    for slug in content.topics:
        assert f"topics/{slug}.md" in nav_pages
    assert info.topics == len(content.topics) and info.quizzes == len(content.quizzes)


def test_exported_tree_holds_pages_assets_and_overrides(exported: tuple[Path, Exported]) -> None:
    dest, info = exported
    docs = dest / "docs"
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert len(pages) == info.pages
    assert {"index.md", "get-help.md", "about.md"} <= set(pages)
    for name in assets.STYLESHEETS + (assets.QUIZ_RUNTIME,):
        assert (docs / name).is_file()
    assert (dest / "overrides" / "main.html").read_bytes() == (ROOT / "generator" / "theme" / "main.html").read_bytes()
    assert not list(docs.rglob("*.yaml"))


@pytest.mark.slow
def test_export_builds_without_the_plugin(exported_site: Path) -> None:
    content = load_content(ROOT / "content")
    for slug in content.topics:
        page = (exported_site / "topics" / slug / "index.html").read_text()
        assert content.topics[slug].model.title.split(",")[0] in page
        assert "gc-crisis-banner" in page  # the theme overrides still find extra.guidecraft
    for slug in content.quizzes:
        assert (exported_site / "quizzes" / slug / "index.html").is_file()
    assert (exported_site / "assets" / "guidecraft" / "guidecraft.css").is_file()


@pytest.mark.slow
def test_export_builds_the_same_pages_as_the_plugin(exported_site: Path, built_site: Path) -> None:
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(exported_site) == pages(built_site)
    home = "index.html"
    assert (exported_site / home).read_text().count("gc-crisis-banner") == (built_site / home).read_text().count(
        "gc-crisis-banner"
    )


def test_export_refuses_a_folder_in_use(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    dest = tmp_path / "used"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="already exists and is not empty"):
        export_site(project / "mkdocs.yml", dest)
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    with pytest.raises(ExportError, match="inside the docs folder"):
        export_site(project / "mkdocs.yml", project / "content" / "out")


def test_export_command_reports_content_errors_in_one_go(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_project(tmp_path / "project")
    site = project / "content" / "site.yaml"
    site.write_text(site.read_text().replace("region: GB", "region: GB\nregoin: GB"))
    code = cli.main(["export", str(tmp_path / "out"), "-f", str(project / "mkdocs.yml")])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert err.startswith("guidecraft: error: 1 error in content; nothing was exported\ncontent/site.yaml:5:1: error:")
    assert "unknown key 'regoin', did you mean 'region'?" in err
    assert not (tmp_path / "out" / "mkdocs.yml").exists()


def test_export_command_words_a_broken_mkdocs_yml_as_check_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A YAML mistake in mkdocs.yml is one file:line:col line, as ``check`` and ``build`` give it; not a crash."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra_css: [\n", encoding="utf-8")
    code = cli.main(["export", str(tmp_path / "out"), "-f", str(config)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err and "this is a bug" not in err
    first, summary_line = out.splitlines()
    assert first.startswith(f"{config}:") and ": error: YAML syntax:" in first
    assert summary_line == "1 error, 0 warnings"
    assert not (tmp_path / "out").exists()


def test_export_command_without_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "out"]) == 1
    assert capsys.readouterr().err == (
        "guidecraft: error: mkdocs.yml: no such file, expected the site's mkdocs.yml (use -f to name it)\n"
    )


def test_mkdocs_tags_survive_the_export(tmp_path: Path) -> None:
    source = tmp_path / "mkdocs.yml"
    source.write_text(
        "site_name: !ENV [SITE_NAME, 'Help']\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - guidecraft:\n      worksheet_pdfs: 'false'\n"
    )
    raw = read_raw_config(source)
    text = dump_config(raw)
    assert "site_name: !ENV\n- SITE_NAME\n- Help\n" in text
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji ''" in text
    from mkdocs.utils.yaml import yaml_load

    reloaded = yaml_load(text)  # MkDocs reads the tags back as it reads the original
    assert reloaded["site_name"] == "Help"
    assert callable(reloaded["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"])
