"""A site of one's own: the wheel in a fresh venv, ``guidecraft init``, a strict build, and what it makes.

These follow the README's "Start your own site" steps with the installed wheel, not this
checkout, so the theme layer, the templates and the crisis-line directory must all ship in it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import in_venv

from generator import cli
from generator.crisis import REGION_LANGUAGES, directory_entry, known_regions
from generator.init import template_text

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = re.compile(r"""<(?:script|img|iframe)[^>]+src=["']?(?:https?:)?//|<link[^>]+href=["']?(?:https?:)?//""", re.I)

pytestmark = pytest.mark.slow


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/"))


def test_every_page_of_an_init_site_carries_the_988_line(own_site: tuple[Path, Path]) -> None:
    _, site = own_site
    pages = html_pages(site)
    assert (site / "404.html") in pages and len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        banner = re.search(r'<div class="gc-crisis-banner".*?</div>', text, re.S)
        assert banner, f"{page}: no crisis banner"
        assert "988 Suicide &amp; Crisis Lifeline" in banner.group(0) and 'href="tel:988"' in banner.group(0), page
        assert "911" in banner.group(0), page


def test_an_init_site_loads_nothing_from_another_host(own_site: tuple[Path, Path]) -> None:
    _, site = own_site
    for page in html_pages(site):
        text = page.read_text(encoding="utf-8")
        assert not FOREIGN.findall(text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        assert '<meta name="referrer" content="no-referrer">' in text, page
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import\s+['\"]?(?:https?:)?//", css.read_text()), css


def test_the_404_page_is_guidecrafts_not_materials(own_site: tuple[Path, Path]) -> None:
    text = (own_site[1] / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in text and "get-help/" in text


def test_a_new_topic_stops_the_strict_build_at_its_todos(
    wheel_venv: Path, own_site: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    project = tmp_path / "copy"
    shutil.copytree(own_site[0], project, ignore=shutil.ignore_patterns("site"))
    made = in_venv(wheel_venv, "guidecraft", "new", "topic", "first-steps", cwd=project)
    assert made.returncode == 0, made.stderr
    built = in_venv(wheel_venv, "mkdocs", "build", "--strict", cwd=project)
    assert built.returncode == 1
    assert re.search(r"content/topics/first-steps\.yaml:\d+:\d+: warning: .*placeholder text \(TODO\)", built.stderr)
    published = in_venv(wheel_venv, "guidecraft", "build", "--strict", "-d", "out", cwd=project)
    assert published.returncode == 1 and "Nothing was built; out was not changed." in published.stdout
    assert not (project / "out").exists()
    checked = in_venv(wheel_venv, "guidecraft", "check", "--strict", cwd=project)
    assert checked.returncode == 1 and "content/topics/first-steps.yaml:" in checked.stdout


def test_pdfs_on_auto_without_weasyprint_are_a_note(wheel_venv: Path, own_site: tuple[Path, Path]) -> None:
    """The wheel was installed without the pdf extra: the strict build passed, and says why there are no PDFs."""
    gone = in_venv(wheel_venv, "python", "-c", "import weasyprint", cwd=own_site[0])
    assert gone.returncode != 0
    assert not list(own_site[1].rglob("*.pdf"))
    built = in_venv(wheel_venv, "mkdocs", "build", "--strict", "-d", "again", cwd=own_site[0])
    assert built.returncode == 0
    assert "INFO    -  guidecraft: worksheets have no PDF because WeasyPrint is not installed" in built.stderr


def test_pdfs_set_to_true_without_weasyprint_stop_the_build_with_the_fix(
    wheel_venv: Path, own_site: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    project = tmp_path / "copy"
    shutil.copytree(own_site[0], project, ignore=shutil.ignore_patterns("site"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - guidecraft\n", "  - guidecraft:\n      worksheet_pdfs: true\n"))
    built = in_venv(wheel_venv, "mkdocs", "build", "--strict", cwd=project)
    assert built.returncode == 1
    assert "worksheet_pdfs is true, but WeasyPrint is not installed; install guidecraft[pdf]" in built.stderr


def test_init_writes_every_file_and_a_site_yaml_that_validates(wheel_venv: Path, own_site: tuple[Path, Path]) -> None:
    project = own_site[0]
    for name in (
        "mkdocs.yml",
        "content/site.yaml",
        ".github/workflows/pages.yml",
        ".gitignore",
        "requirements.txt",
        "README.md",
        ".vscode/settings.json",
        "schemas/topic.schema.json",
        "schemas/site.schema.json",
    ):
        assert (project / name).is_file(), name
    site = yaml.safe_load((project / "content" / "site.yaml").read_text())
    assert site["region"] == "US" and site["crisis_regions"][0]["lines"][0]["phone"] == "988"
    assert site["quick_exit"] == {"url": "https://www.weather.gov/"}  # on from the first build, and American
    assert yaml.safe_load((project / "mkdocs.yml").read_text())["site_name"] == "Feeling low"
    assert (project / "requirements.txt").read_text() == "./vendor/guidecraft-0.1.0-py3-none-any.whl[pdf]\n"
    assert (project / "vendor" / "guidecraft-0.1.0-py3-none-any.whl").is_file()
    assert "site/" in (project / ".gitignore").read_text().split()


# --------------------------------------------------------------------------- init, in process


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 1
    assert err == f"guidecraft: error: {tmp_path} is not empty, expected a new or empty folder (nothing was changed)\n"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_an_unknown_region_lists_the_known_ones_and_how_to_write_your_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", str(tmp_path / "s"), "--region", "fr")
    assert code == 1 and err.count("\n") == 1
    assert "no crisis lines for region 'FR'" in err
    assert "expected one of: AU, CA, ES, GB, IE, MX, NZ, US" in err
    assert "crisis_regions in content/site.yaml" in err
    assert not (tmp_path / "s").exists()


def test_a_region_whose_lines_do_not_speak_the_sites_language_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "init", str(tmp_path / "s"), "--region", "MX", "--language", "en")
    assert code == 1 and "choose --language es" in err
    assert "or a region for 'en': AU, CA, GB, IE, NZ, US" in err
    assert not (tmp_path / "s").exists()


def test_a_language_alone_picks_a_region_whose_lines_speak_it_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "init", str(tmp_path / "s"), "--language", "es")
    assert code == 0
    assert "No --region given: using ES (Spain), whose crisis lines answer in Spanish." in out
    assert "use --region MX or --region US" in out
    site = yaml.safe_load((tmp_path / "s" / "content" / "site.yaml").read_text())
    assert (site["language"], site["region"]) == ("es", "ES")
    assert site["quick_exit"]["url"] == "https://www.aemet.es/"
    assert yaml.safe_load((tmp_path / "s" / "mkdocs.yml").read_text())["site_name"] == "Nuestra guía de autoayuda"


def test_a_region_alone_picks_the_language_of_its_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", str(tmp_path / "mx"), "--region", "mx")
    assert code == 0 and "No --language given: the site is in Spanish (es)" in out
    site = yaml.safe_load((tmp_path / "mx" / "content" / "site.yaml").read_text())
    assert (site["language"], site["region"]) == ("es", "MX")
    assert site["crisis_regions"][0]["lines"][0]["hours"] == "24 horas, todos los días"
    assert yaml.safe_load((tmp_path / "mx" / "mkdocs.yml").read_text())["theme"]["language"] == "es"
    code, out, _ = run(capsys, "init", str(tmp_path / "ca"), "--region", "CA")
    assert code == 0 and "No --" not in out  # English, as the region's lines: nothing to explain
    assert yaml.safe_load((tmp_path / "ca" / "content" / "site.yaml").read_text())["language"] == "en"
    code, out, _ = run(capsys, "init", str(tmp_path / "gb"))
    assert code == 0 and "No --" not in out
    site = yaml.safe_load((tmp_path / "gb" / "content" / "site.yaml").read_text())
    assert (site["language"], site["region"]) == ("en", "GB")


def test_the_first_of_several_languages_picks_the_region_and_every_one_must_be_spoken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "init", str(tmp_path / "fr"), "--language", "fr,en")
    assert code == 0 and "No --region given: using CA (Canada), whose crisis lines answer in French." in out
    site = yaml.safe_load((tmp_path / "fr" / "content" / "site.yaml").read_text())
    assert (site["languages"], site["region"]) == (["fr", "en"], "CA")
    assert site["quick_exit"]["url"] == "https://weather.gc.ca/"  # the region's own exit page
    assert (tmp_path / "fr" / "content" / "site.en.yaml").is_file()
    code, _, err = run(capsys, "init", str(tmp_path / "en"), "--language", "en,es")  # en alone picks GB
    assert code == 1 and err.count("\n") == 1
    assert "the crisis lines for GB answer in en, cy, but the site is also in 'es'" in err
    assert "choose --region US" in err and not (tmp_path / "en").exists()
    code, _, err = run(capsys, "init", str(tmp_path / "mx"), "--region", "MX", "--language", "es,en")
    assert code == 1 and "the crisis lines for MX answer in es, but the site is also in 'en'" in err
    code, _, _ = run(capsys, "init", str(tmp_path / "us"), "--region", "us", "--language", "en,es")
    assert code == 0
    site = yaml.safe_load((tmp_path / "us" / "content" / "site.yaml").read_text())
    assert (site["languages"], site["region"]) == (["en", "es"], "US")
    assert site["quick_exit"]["url"] == "https://www.weather.gov/"


def test_each_region_exits_to_an_ordinary_page_of_its_own() -> None:
    pages = {code: directory_entry(code).exit_page for code in known_regions()}
    assert len(set(pages.values())) == len(pages), pages  # no region borrows another's
    for code, url in pages.items():
        assert url.startswith("https://"), code
        assert "bbc.co.uk" not in url or code == "GB", code
    assert pages["US"] == "https://www.weather.gov/" and pages["AU"] == "https://www.bom.gov.au/"


def test_a_spanish_site_gets_spanish_words_and_builds_strictly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import mkdocs_build

    code, _, _ = run(capsys, "init", str(tmp_path / "s"), "--region", "ES", "--language", "es")
    assert code == 0
    site = yaml.safe_load((tmp_path / "s" / "content" / "site.yaml").read_text())
    assert site["language"] == "es" and site["crisis_regions"][0]["name"] == "España"
    assert "No es un diagnóstico" in site["quiz_disclaimer"]
    assert site["quick_exit"]["url"] == "https://www.aemet.es/"  # Spain's weather service
    result = mkdocs_build(tmp_path / "s", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "out" / "index.html").read_text()
    assert 'href="tel:024"' in home and 'lang="es"' in home


def test_the_directory_has_every_region_with_sources_dates_and_a_line_to_call() -> None:
    assert {"GB", "IE", "US", "CA", "AU", "NZ", "ES", "MX"} <= set(known_regions())
    for code in known_regions():
        for language in ("en", "es"):
            entry = directory_entry(code, language)
            assert entry.sources and all(s.startswith("https://") for s in entry.sources)
            assert any(line.phone for line in entry.region.lines), code
            assert all(line.hours for line in entry.region.lines), code
        assert REGION_LANGUAGES.get(code), f"{code} has no languages for the crisis-lines lint"
    assert directory_entry("US").region.lines[0].name == "988 Suicide & Crisis Lifeline"


DOCS_STEP = re.compile(r"\n\n      # This repository only: guidecraft's own documentation.*?(?=\n\n      - uses: )", re.S)
"""The one step this repository adds to init's workflow: it builds guidecraft's own docs (docs/mkdocs.yml),
which a site made by init does not have."""


def test_this_repositorys_workflow_is_inits_with_the_checkout_installed_and_the_docs() -> None:
    ours = (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    docs_step = DOCS_STEP.search(ours)
    assert docs_step, "the workflow no longer builds the docs"
    assert "mkdocs build --strict -f docs/mkdocs.yml" in docs_step.group(0)
    assert '-d "$PWD/_site/docs"' in docs_step.group(0)  # published beside the bundled site, under /docs/
    without_docs = ours[: docs_step.start()] + ours[docs_step.end() :]
    assert without_docs == template_text("pages.yml").replace("-r requirements.txt", '".[pdf]"')
    workflow = yaml.safe_load(ours)
    assert "pull_request" in workflow[True] and workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    assert "guidecraft check --strict" in runs and "mkdocs build --strict" in runs


# --------------------------------------------------------------------------- publishing from the site's own repository


def workflow_steps(project: Path) -> list[dict[str, object]]:
    """The build job's steps in the site's own Pages workflow, as written."""
    workflow = yaml.safe_load((project / ".github" / "workflows" / "pages.yml").read_text())
    return list(workflow["jobs"]["build"]["steps"])


def test_an_init_site_publishes_with_its_own_workflow_on_a_machine_without_guidecraft(
    wheel_venv: Path, own_site: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The site's folder alone, a fresh Python, and the public package index: the workflow's own
    install, check and build steps pass. Only the apt step (Pango is on this machine) and the
    GitHub actions (``uses:``) are left out; ``actions/setup-python`` is the fresh venv on PATH."""
    machine = tmp_path_factory.mktemp("runner")
    assert not machine.resolve().is_relative_to(ROOT)
    repo = machine / "repo"
    shutil.copytree(own_site[0], repo, ignore=shutil.ignore_patterns("site", "__pycache__"))
    git_env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    git_env |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "My site"]):
        subprocess.run(["git", *command], cwd=repo, env=git_env, check=True, timeout=60)  # actions/checkout
    assert "vendor/guidecraft-0.1.0-py3-none-any.whl" in subprocess.run(
        ["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout.split()

    python = machine / "python"  # actions/setup-python: a Python with nothing installed
    subprocess.run([sys.executable, "-m", "venv", str(python)], check=True, timeout=300)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH"}}
    env |= {"PATH": f"{python / 'bin'}:{env.get('PATH', '')}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    expressions = {"${{ steps.pages.outputs.base_url }}": "https://owner.github.io/my-site"}  # configure-pages
    ran = []
    for step in workflow_steps(repo):
        script = step.get("run")
        if not isinstance(script, str) or "apt-get" in script:
            continue
        step_env = {str(k): str(v) for k, v in dict(step.get("env") or {}).items()}
        for key, value in step_env.items():
            for expression, result in expressions.items():
                step_env[key] = value.replace(expression, result)
        assert not any("${{" in v for v in step_env.values()) and "${{" not in script, step
        done = subprocess.run(  # GitHub runs each step with bash -e -o pipefail
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=repo,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, f"{step.get('name')}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
        ran.append(step.get("name"))
    assert ran == ["Install guidecraft", "Check the content", "Build the site"]
    site = repo / "_site"
    assert (site / "index.html").is_file() and list(site.rglob("worksheets/*.pdf"))  # [pdf] was installed
    assert '<link rel="canonical" href="https://owner.github.io/my-site/">' in (site / "index.html").read_text()
    shown = subprocess.run(
        [str(python / "bin" / "python"), "-m", "pip", "show", "-f", "guidecraft"], capture_output=True, text=True
    )
    assert str(ROOT) not in shown.stdout and "Location: " + str(python) in shown.stdout
# A site name, description and author that try to break out of the <title>, an attribute
# and the text, with an ampersand that must not show as "&amp;".
HOSTILE_NAME = '</title><script>document.title="PWN"</script>"><img src=x onerror=alert(1)> Tom & Jerry\'s'
HOSTILE_DESCRIPTION = '</title><script>window.__pwned=1</script>" onload="window.__pwned=1'
HOSTILE_AUTHOR = "<b>A & B</b>'\"><svg onload=alert(1)>"
HOSTILE_LABEL = 'Dark & <b>calm</b>" onclick="alert(1)'  # a colour switch's name (theme.palette toggle.name)


class _Page(HTMLParser):
    """What a browser's parser makes of a page: every element with its attributes, the title, script texts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag if tag in {"title", "script"} else None
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts[-1] += data


def test_the_sites_name_description_and_author_show_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``guidecraft init --title`` with markup (and the same in site_description, site_author and a colour switch's name):
    nothing from them becomes an element or an attribute, and they read as typed."""
    from conftest import mkdocs_build

    code, _, _ = run(capsys, "init", str(tmp_path / "s"), "--title", HOSTILE_NAME)
    assert code == 0
    config = tmp_path / "s" / "mkdocs.yml"
    extra = yaml.safe_dump({"site_description": HOSTILE_DESCRIPTION, "site_author": HOSTILE_AUTHOR})
    text = config.read_text(encoding="utf-8")
    assert 'name: "Switch to dark mode"' in text
    text = text.replace('name: "Switch to dark mode"', f"name: {json.dumps(HOSTILE_LABEL)}")
    config.write_text(text + extra, encoding="utf-8")
    result = mkdocs_build(tmp_path / "s", tmp_path / "out")
    assert result.returncode == 0, result.stderr

    pages = html_pages(tmp_path / "out")
    assert len(pages) >= 4
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = _Page(text)
        injected = [
            f"<{tag} {name}>"
            for tag, attrs in page.elements
            for name in attrs
            if name.startswith("on")
        ]
        injected += [f"<{tag}>" for tag, attrs in page.elements if tag == "b" or attrs.get("src") == "x"]
        injected += [s[:40] for s in page.scripts if "PWN" in s or "__pwned" in s]
        assert not injected, f"{path}: the site's settings became markup: {injected}"
        assert page.title == HOSTILE_NAME or page.title.endswith(" - " + HOSTILE_NAME), (path, page.title)
        logos = [a["aria-label"] for tag, a in page.elements if "md-logo" in a.get("class", "")]
        assert logos and all(label == HOSTILE_NAME for label in logos), (path, logos)
        switches = [a["aria-label"] for tag, a in page.elements if tag == "input" and "aria-label" in a]
        assert HOSTILE_LABEL in switches, (path, switches)
        authors = [a["content"] for tag, a in page.elements if tag == "meta" and a.get("name") == "author"]
        assert authors == [HOSTILE_AUTHOR], (path, authors)
        assert "&amp;amp;" not in text and "&amp;lt;" not in text and "&amp;#" not in text, f"{path}: escaped twice"
        if path.name == "404.html":  # no description of its own: the site's shows
            descriptions = [a["content"] for tag, a in page.elements if tag == "meta" and a.get("name") == "description"]
            assert descriptions == [HOSTILE_DESCRIPTION]
