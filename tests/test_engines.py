"""The command line's engine, found through the ``guidecraft.engines`` entry points: guidecraft's own
MkDocs engine, a second engine registered the same way, and a clear error when none is installed."""

from __future__ import annotations

import datetime as dt
import logging
from importlib.metadata import EntryPoint, EntryPoints
from pathlib import Path

import pytest
from minimal_content import SITE, TOPIC

from generator import cli, engines
from generator.diagnostics import Diagnostic
from generator.engines import GROUP, Engine, EngineProblem, Exported, find_engine
from generator.settings import SiteConfig
from generator.site import Site


class FakeEngine:
    """A second engine: says what it was asked to do, builds nothing."""

    name = "fake"
    title = "Fake"
    logger = "fake"
    progress_notes = ("Working",)

    def __init__(self) -> None:
        self.calls: list[str] = []

    def site_config(self, config_file: Path, *, today: dt.date | None = None) -> SiteConfig:
        self.calls.append(f"site_config {config_file}")
        root = config_file.resolve().parent
        return SiteConfig(content_dir=root / "content", project_dir=root, today=today)

    def config_problems(self, config_file: Path) -> list[Diagnostic]:
        return [Diagnostic(str(config_file), 2, 1, "error", "a mistake the fake engine found")]

    def build(self, config_file: Path, site_dir: Path, *, strict: bool, today: dt.date | None = None) -> Site:
        self.calls.append(f"build strict={strict}")
        logging.getLogger("fake").warning("the fake engine's own warning")
        raise EngineProblem("it only pretends")

    def serve(self, config_file: Path, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
        raise AssertionError("serve stops at config_problems")

    def export(self, config_file: Path, dest: Path) -> Exported:
        self.calls.append(f"export {dest}")
        return Exported(dest, dest / "site.toml", "en", 1, 0, 0, pages=3, assets=2, files=1)


FAKE = FakeEngine()


def registered(monkeypatch: pytest.MonkeyPatch, *points: tuple[str, str]) -> None:
    """Make ``points`` (name, ``module:attribute``) the only engines installed."""
    found = EntryPoints(EntryPoint(name, value, GROUP) for name, value in points)

    def entry_points(*, group: str, name: str | None = None) -> EntryPoints:
        assert group == GROUP
        return found.select(name=name) if name else found

    monkeypatch.setattr(engines, "entry_points", entry_points)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "content" / "topics").mkdir(parents=True)
    (tmp_path / "content" / "site.yaml").write_text(SITE)
    (tmp_path / "content" / "topics" / "ok.yaml").write_text(TOPIC)
    (tmp_path / "mkdocs.yml").write_text("site_name: Test site\n")
    monkeypatch.chdir(tmp_path)
    FAKE.calls.clear()
    return tmp_path


def test_guidecraft_registers_its_mkdocs_engine() -> None:
    engine = find_engine()
    assert isinstance(engine, Engine)
    assert (engine.name, engine.title, type(engine).__module__) == ("mkdocs", "MkDocs", "generator.mkdocs_engine")


def test_no_engine_is_a_clear_error_naming_what_to_install(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(EngineProblem) as problem:
        find_engine("nope")
    assert str(problem.value) == (
        "no site engine 'nope' is installed (installed: mkdocs), expected one registered in the entry-point "
        "group 'guidecraft.engines'; install the package that provides it"
    )
    registered(monkeypatch)
    assert cli.main(["build"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == (
        "guidecraft: error: no site engine 'mkdocs' is installed (installed: none), expected one registered in the "
        "entry-point group 'guidecraft.engines'; reinstall guidecraft, which registers it "
        "(in a source folder: python -m pip install -e .)\n"
    )


def test_an_engine_registered_twice_or_not_an_engine_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    registered(monkeypatch, ("fake", f"{__name__}:FAKE"), ("fake", f"{__name__}:FakeEngine"))
    with pytest.raises(EngineProblem, match=r"'fake' is registered more than once \(test_engines:FAKE, "):
        find_engine("fake")
    registered(monkeypatch, ("fake", f"{__name__}:registered"))
    with pytest.raises(EngineProblem, match=r"'fake' \(test_engines:registered\) is a function, expected an engine"):
        find_engine("fake")
    registered(monkeypatch, ("fake", "no_such_module:ENGINE"))
    with pytest.raises(EngineProblem, match=r"'fake' \(no_such_module:ENGINE\) cannot be loaded: No module named"):
        find_engine("fake")


def test_the_commands_run_the_engine_the_entry_point_names(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    registered(monkeypatch, ("mkdocs", f"{__name__}:FAKE"))
    assert cli.main(["export", "out"]) == 0
    out, _ = capsys.readouterr()
    assert out.startswith("Exported 3 pages, 2 assets and 1 other files to out.\n")
    assert cli.main(["build", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert (
        err
        == "fake: warning: the fake engine's own warning\nguidecraft: error: the Fake build failed: it only pretends\n"
    )
    assert out == "Nothing was built; site was not changed.\n" and not (site / "site").exists()
    assert cli.main(["serve"]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith("mkdocs.yml:2:1: error: a mistake the fake engine found\n")
    assert FAKE.calls == ["export out", "site_config mkdocs.yml", "build strict=True"]
