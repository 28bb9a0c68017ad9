"""``guidecraft init``: a new site folder that builds strictly, safely, at once.

It holds mkdocs.yml, content/site.yaml (the region's crisis lines, disclaimers and a home
intro in the site's language), the Pages workflow, .gitignore, requirements.txt, a short
README for the site's maintainers, and the JSON Schemas wired for the editor.
"""

from __future__ import annotations

import json
from importlib import metadata, resources
from pathlib import Path

import jinja2

from .crisis import UnknownRegion, directory_entry
from .i18n import LANGUAGES, Messages
from .lint import REGION_LANGUAGES
from .schema import write_schemas


class InitError(Exception):
    """The folder or the options cannot make a site; nothing was written."""


def _yaml_str(value: object) -> str:
    """A YAML scalar that reads back as the same text (JSON strings are YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def requirement() -> tuple[str, str]:
    """What a site's requirements.txt names to install guidecraft, and a note for its README."""
    version = metadata.version("guidecraft")
    try:
        direct = json.loads(metadata.distribution("guidecraft").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        direct = None
    vcs = (direct or {}).get("vcs_info")
    if direct and vcs and direct["url"].startswith("https://"):
        ref = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"guidecraft[pdf] @ git+{direct['url']}@{ref}", "It names the guidecraft you installed this site with."
    return f"guidecraft[pdf]=={version}", (
        f"It names guidecraft {version}. Until guidecraft is on PyPI, change that line to where you got "
        "guidecraft: a git address (`guidecraft[pdf] @ git+https://github.com/OWNER/guidecraft@v"
        f"{version}`), or commit the wheel file to this repository and name its path "
        f"(`./guidecraft-{version}-py3-none-any.whl[pdf]`)."
    )


def init_site(dest: Path, *, region: str = "GB", language: str = "en", title: str | None = None) -> list[Path]:
    """Write a new site into ``dest`` (new or empty). Returns the files written, in order.

    ``language`` is one code (``en``) or several, the main one first (``en,es``): then site.yaml
    lists them under ``languages`` and ``content/site.es.yaml`` holds the Spanish site texts.
    """
    codes = [code.strip() for code in language.split(",")]
    for code in codes:
        if code not in LANGUAGES:
            raise InitError(f"language '{code}' is not one guidecraft speaks, expected one of: {', '.join(LANGUAGES)}")
    if len(set(codes)) != len(codes):
        raise InitError(f"--language names a language twice ({language}), expected each once, such as en,es")
    language = codes[0]
    entries = {}
    for code in codes:
        try:
            entries[code] = directory_entry(region, code)
        except UnknownRegion as exc:
            raise InitError(str(exc)) from None
    entry = entries[language]
    spoken = REGION_LANGUAGES.get(entry.region.code)
    for code in codes:
        if spoken and code not in spoken:
            raise InitError(
                f"the crisis lines for {entry.region.code} answer in {', '.join(spoken)}, but the site is in "
                f"'{code}', expected a region whose lines speak your readers' language; choose --language "
                f"{spoken[0]}, or another --region"
            )
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InitError(f"{dest} is not empty, expected a new or empty folder (nothing was changed)")
    t = Messages(language, entry.region.code)
    title_given = bool(title)
    title = (title or t.init_title).strip()
    if not title or "\n" in title:
        raise InitError("the title is empty or has more than one line, expected one line such as --title 'Feeling low'")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates/init"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - YAML and Markdown files, not HTML
    )
    env.filters["yaml_str"] = _yaml_str
    pin, pin_note = requirement()
    values = {
        "title": title,
        "language": language,
        "languages": codes if len(codes) > 1 else None,
        "region": entry.region,
        "checked": entry.checked.isoformat(),
        "unchecked": entry.unchecked,
        "sources": entry.sources,
        "t": t,
        "requirement_note": pin_note,
    }
    files = {
        "mkdocs.yml": env.get_template("mkdocs.yml.j2").render(values),
        "content/site.yaml": env.get_template("site.yaml.j2").render(values),
        ".github/workflows/pages.yml": template_text("pages.yml"),
        ".gitignore": template_text("gitignore"),
        "requirements.txt": f"{pin}\n",
        "README.md": env.get_template("README.md.j2").render(values),
        ".vscode/settings.json": template_text("vscode-settings.json"),
    }
    for code in codes[1:]:  # each other language's site texts and crisis lines
        other = entries[code]
        files[f"content/site.{code}.yaml"] = env.get_template("site.translation.yaml.j2").render(
            language=code,
            region=other.region,
            unchecked=other.unchecked,
            t=Messages(code, other.region.code),
            site_name=None
            if title_given
            else Messages(code).init_title,  # the author's own title is theirs to translate
        )
    written = []
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    written += write_schemas(dest / "schemas")
    return written


def template_text(name: str) -> str:
    """One of init's templates as shipped (tests compare this repository's workflow with it)."""
    return (resources.files("generator") / "templates" / "init" / name).read_text(encoding="utf-8")
