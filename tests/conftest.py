"""Shared fixtures: real builds of a site, a local web server and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("GUIDECRAFT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() == "true"


def copy_project(dest: Path, *, content: Path | None = None) -> Path:
    """A copy of the bundled site (mkdocs.yml, content, overrides) to build or break safely."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(content or ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


def mkdocs_build(
    project: Path, site_dir: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a real ``mkdocs build --strict`` in a subprocess."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=project,
        timeout=600,
    )


FIXTURE_LINTS_OFF = ("reading-age", "review", "reviewer", "sources")
"""Lints a test fixture may switch off: its text tests scoring or escaping, it is not guidance for readers."""


def set_plugin_options(project: Path, *, pdfs: bool | None = None, lints_off: tuple[str, ...] = ()) -> None:
    """Give the guidecraft plugin in ``project``'s mkdocs.yml options, as an author would write them."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - guidecraft\n" in text
    options = ""
    if pdfs is not None:
        options += f"      worksheet_pdfs: {str(pdfs).lower()}\n"
    if lints_off:
        options += f"      disable_lints: [{', '.join(lints_off)}]\n"
    config.write_text(text.replace("  - guidecraft\n", "  - guidecraft:\n" + options), encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site, built once per test session with ``mkdocs build --strict``."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site, env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def spanish_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Spanish fixture (tests/fixtures/spanish) built once with ``mkdocs build --strict``."""
    project = tmp_path_factory.mktemp("spanish-project")
    shutil.copytree(ROOT / "tests" / "fixtures" / "spanish", project, dirs_exist_ok=True)
    site = tmp_path_factory.mktemp("spanish-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def build_project(tmp_path: Path) -> Callable[..., tuple[subprocess.CompletedProcess[str], Path]]:
    """Build a modified copy of the bundled site: ``build_project(edit=fn)``; ``fn(project_dir)`` edits it first."""

    def build(edit: Callable[[Path], None] | None = None) -> tuple[subprocess.CompletedProcess[str], Path]:
        project = copy_project(tmp_path / "project")
        if edit:
            edit(project)
        site = tmp_path / "site"
        return mkdocs_build(project, site), site

    return build


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


def serve(directory: Path, prefix: str = "") -> tuple[str, Callable[[], None]]:
    """Serve ``directory`` on 127.0.0.1 (under ``prefix`` when given, like GitHub Pages' /repo/)."""
    root = directory
    if prefix:
        root = directory.parent / f"{directory.name}-served"
        target = root / prefix.strip("/")
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(directory, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{prefix.strip('/') + '/' if prefix else ''}"

    def stop() -> None:
        server.shutdown()
        server.server_close()

    return base, stop


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served from 127.0.0.1; ends with '/'."""
    base, stop = serve(built_site)
    yield base
    stop()


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium through Playwright. Never downloads a browser."""
    if not chromium_available():
        if IN_CI:
            pytest.fail(f"CI=true but Chromium is missing at {CHROMIUM}; .ci/run installs it with apt")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with 'apt-get install -y chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context and page per test (no shared cookies or storage)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


# --------------------------------------------------------------------------- a site of one's own, from the wheel


@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with guidecraft installed from its built wheel, as a new user would have it.

    No ``-e``, no system site-packages: the wheel and its dependencies from the package index
    (pip's cache makes a second run quick). The ``pdf`` extra is left out on purpose, so the
    build also shows that ``worksheet_pdfs: auto`` without WeasyPrint is a note, not a failure.
    """
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    (wheel,) = dist.glob("guidecraft-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    return venv


def in_venv(venv: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one of the venv's commands (``guidecraft``, ``mkdocs``) in ``cwd``, as a shell would."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env |= {"PATH": f"{venv / 'bin'}:{env.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(venv / "bin" / argv[0]), *argv[1:]], capture_output=True, text=True, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture(scope="session")
def own_site(wheel_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``guidecraft init`` for the US, then the bundled topics, quizzes and worksheets copied in,
    built with ``mkdocs build --strict`` from the wheel. Returns (project folder, built site)."""
    home = tmp_path_factory.mktemp("own")
    made = in_venv(wheel_venv, "guidecraft", "init", "my-site", "--region", "US", "--title", "Feeling low", cwd=home)
    assert made.returncode == 0, made.stdout + made.stderr
    project = home / "my-site"
    for kind in ("topics", "quizzes", "worksheets"):
        shutil.copytree(ROOT / "content" / kind, project / "content" / kind)
    built = in_venv(wheel_venv, "mkdocs", "build", "--strict", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    return project, project / "site"


def build_docs(site_dir: Path) -> subprocess.CompletedProcess[str]:
    """guidecraft's own documentation (docs/mkdocs.yml), built strictly as CI builds it, into ``site_dir``."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "docs" / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=ROOT,
        timeout=600,
    )


class Tags(HTMLParser):
    """Every start tag of an HTML document, with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]
