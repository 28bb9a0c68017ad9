"""The ``guidecraft`` command: write, check, build and export a guidecraft site.

Every problem an author can fix is one line, ``path:line:col: error|warning: message``,
or one ``guidecraft: error: ...`` line, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .diagnostics import ContentError, Diagnostic

PROG = "guidecraft"


class CliError(Exception):
    """A problem the user can fix; printed as one line, exit status 1."""


# --------------------------------------------------------------------------- the site being worked on


@dataclass
class Project:
    """Where the content is, and what mkdocs.yml says about it."""

    content_dir: Path
    root: Path
    config_file: Path | None = None
    language: str | None = None
    docs_dir: Path | None = None
    directory_urls: bool = True

    @property
    def schemas_dir(self) -> Path:
        return self.root / "schemas"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _load_mkdocs_config(config_file: Path) -> Any:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if not config_file.is_file():
        raise CliError(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(config_file=str(config_file))
    except MkDocsException as exc:
        errors = [r.getMessage() for r in collect.records if r.levelno >= logging.ERROR]
        raise CliError(f"{config_file}: {'; '.join(errors) or exc.format_message()}") from None
    except (OSError, ValueError) as exc:
        raise CliError(f"{config_file}: {exc}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    for record in collect.records:
        print(f"{config_file}: warning: {record.getMessage()}", file=sys.stderr)
    return config


def find_project(config_file: str | None = None, content: str | None = None) -> Project:
    """The project named by ``-f``/``--content``, else ./mkdocs.yml, else ./content."""
    if content is not None and config_file is None:
        content_dir = Path(content)
        return Project(content_dir=content_dir, root=content_dir.resolve().parent)
    path = Path(config_file or "mkdocs.yml")
    if config_file is None and not path.is_file():
        return Project(content_dir=Path("content"), root=Path.cwd())
    config = _load_mkdocs_config(path)
    from .plugin import GuidecraftPlugin

    root = path.resolve().parent
    content_dir = Path(config.docs_dir)
    plugin = next((p for p in config.plugins.values() if isinstance(p, GuidecraftPlugin)), None)
    if plugin is not None and plugin.config.content_dir:
        content_dir = root / plugin.config.content_dir
    if content is not None:
        content_dir = Path(content)
    language = config.theme.get("language")
    return Project(
        content_dir=_shown(content_dir),
        root=root,
        config_file=path,
        language=str(language) if language else None,
        docs_dir=Path(config.docs_dir),
        directory_urls=bool(config.use_directory_urls),
    )


def _shown(path: Path) -> Path:
    """A path relative to the working folder when it is inside it, for shorter messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


# --------------------------------------------------------------------------- check


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    files: int
    content: Any = None  # the loaded Content when it had no errors
    language: str = "en"

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def run_check(project: Project, *, today: dt.date | None = None) -> CheckResult:
    """Load the content (errors) and lint it (warnings)."""
    from .lint import lint
    from .loading import content_files, load_content

    root = project.content_dir
    if not root.is_dir():
        raise CliError(f"there is no content folder at {root}, expected to run in the site's folder, or -f / --content")
    files = 1 + sum(len(v) for v in content_files(root).values())
    try:
        content = load_content(root, relative_to=Path.cwd())
    except ContentError as exc:
        return CheckResult(list(exc.diagnostics), files)
    language = project.language or content.site.model.language or "en"
    diags = lint(content, language=language, today=today, directory_urls=project.directory_urls)
    return CheckResult(diags, files, content, language)


def _summary(result: CheckResult, out: TextIO) -> None:
    kinds = sorted({d.kind for d in result.diagnostics})
    counts = Counter((d.kind, d.severity) for d in result.diagnostics)
    print(f"\nChecked {_n(result.files, 'file')}.", file=out)
    if kinds:
        width = max(len("kind"), *(len(k) for k in kinds))
        print(f"  {'kind':<{width}}  errors  warnings", file=out)
        for kind in kinds:
            print(f"  {kind:<{width}}  {counts[kind, 'error']:>6}  {counts[kind, 'warning']:>8}", file=out)
        print(f"  {'total':<{width}}  {result.errors:>6}  {result.warnings:>8}", file=out)
    print(f"{_n(result.errors, 'error')}, {_n(result.warnings, 'warning')}", file=out)


def _report(result: CheckResult, out: TextIO) -> None:
    for d in result.diagnostics:
        print(d, file=out)
    _summary(result, out)


def _check_failed(result: CheckResult, strict: bool) -> bool:
    return result.errors > 0 or (strict and result.warnings > 0)


def cmd_check(args: argparse.Namespace) -> int:
    project = find_project(args.config_file, args.content)
    result = run_check(project, today=args.today)
    _report(result, sys.stdout)
    if result.errors == 0 and args.strict and result.warnings:
        print("--strict: warnings count as errors", file=sys.stdout)
    return 1 if _check_failed(result, args.strict) else 0


# --------------------------------------------------------------------------- build


class _EchoHandler(logging.Handler):
    """Prints MkDocs warnings and errors as one line each."""

    def emit(self, record: logging.LogRecord) -> None:
        level = "error" if record.levelno >= logging.ERROR else "warning"
        print(f"mkdocs: {level}: {record.getMessage()}", file=sys.stderr)


def _unsafe_site_dir(site: Path, project: Project, docs_dir: Path) -> str | None:
    site = site.resolve()
    root = project.root.resolve()
    for name, folder in (
        ("the project folder", root),
        ("the docs folder", docs_dir.resolve()),
        ("the content folder", project.content_dir.resolve()),
    ):
        if site == folder or folder.is_relative_to(site):
            return f"{site} holds {name}, expected a separate output folder such as 'site'"
        if site.is_relative_to(folder) and name != "the project folder":
            return f"{site} is inside {name}, expected a folder outside it"
    if site.exists() and not site.is_dir():
        return f"{site} is a file, expected a folder"
    return None


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool) -> None:
    """Build with MkDocs' Python API; raises CliError when the build fails."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _EchoHandler(logging.WARNING)
    logger.addHandler(handler)
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise CliError(f"the MkDocs build failed: {exc.format_message()}") from None
    except Exception as exc:  # a broken theme override or extension must not hide behind a traceback
        raise CliError(f"the MkDocs build failed: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


def swap_into_place(new: Path, dest: Path) -> None:
    """Replace ``dest`` by ``new``; the old site survives any failure before the final rename."""
    backup = None
    if dest.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".{dest.name}-old-", dir=dest.parent))
        backup.rmdir()
        dest.rename(backup)
    try:
        new.rename(dest)
    except OSError:
        if backup is not None:
            backup.rename(dest)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def cmd_build(args: argparse.Namespace) -> int:
    start = time.monotonic()
    project = find_project(args.config_file, None)
    if project.config_file is None:
        raise CliError("no mkdocs.yml here, expected to run in the site's folder or -f mkdocs.yml")
    result = run_check(project, today=args.today)
    for d in result.diagnostics:
        print(d)
    if _check_failed(result, args.strict):
        _summary(result, sys.stdout)
        print(f"Nothing was built; {args.site_dir} was not changed.")
        return 1
    dest = Path(args.site_dir)
    problem = _unsafe_site_dir(dest, project, project.docs_dir or project.content_dir)
    if problem:
        raise CliError(problem)
    dest.resolve().parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.resolve().name}-new-", dir=dest.resolve().parent))
    try:
        mkdocs_build(project.config_file, work, strict=args.strict)
        pages = _count_pages(work)
        swap_into_place(work, dest.resolve())
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Nothing was published; {dest} was not changed.", file=sys.stderr)
        raise
    content = result.content
    print(
        f"Built {_n(len(content.topics), 'topic')}, {_n(len(content.quizzes), 'quiz', 'quizzes')}, "
        f"{_n(len(content.worksheets), 'worksheet')}: {_n(pages, 'page')} in {time.monotonic() - start:.1f} seconds, "
        f"into {dest}" + (f" ({_n(result.warnings, 'warning')})" if result.warnings else "")
    )
    return 0


# --------------------------------------------------------------------------- new, schemas, export


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, instrument_list, new_file

    if args.list:
        if args.kind != "quiz":
            raise CliError("--list names the questionnaires for quizzes, expected: new quiz --list")
        print(instrument_list())
        return 0
    if not args.slug:
        raise CliError(f"no SLUG given, expected: {PROG} new {args.kind} SLUG")
    project = find_project(args.config_file, args.content)
    try:
        path, schemas = new_file(
            args.kind, args.slug, project.content_dir, schemas_dir=project.schemas_dir, instrument=args.instrument
        )
    except ScaffoldError as exc:
        raise CliError(str(exc)) from None
    for schema in schemas:
        print(f"Wrote {_shown(schema)} so editors can check content files.")
    print(f"Created {_shown(path)}. Replace each TODO, then run: {PROG} check")
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from .schema import stale_schemas, write_schemas

    folder = Path(args.dir) if args.dir else find_project(args.config_file, None).schemas_dir
    if args.check:
        stale = stale_schemas(folder)
        for path in stale:
            print(f"{_shown(path)}: out of date, expected it to match the content models; run: {PROG} schemas")
        if not stale:
            print(f"The schemas in {_shown(folder)} are up to date.")
        return 1 if stale else 0
    changed = write_schemas(folder)
    for path in changed:
        print(f"Wrote {_shown(path)}")
    if not changed:
        print(f"The schemas in {_shown(folder)} are up to date.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import ExportError, export_site

    config_file = Path(args.config_file or "mkdocs.yml")
    if not config_file.is_file():
        raise CliError(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    try:
        info = export_site(config_file, Path(args.dest))
    except ExportError as exc:
        raise CliError(str(exc)) from None
    print(
        f"Exported {info['pages']} pages, {info['assets']} assets and {info['files']} other files to {args.dest}.\n"
        f"Build it without the guidecraft plugin: mkdocs build -f {Path(args.dest) / 'mkdocs.yml'}"
    )
    return 0


# --------------------------------------------------------------------------- arguments


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-05-01") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Write, check and build a guidecraft self-help site.",
        epilog=f"Run '{PROG} COMMAND --help' for each command's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def config_option(p: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
        p.add_argument("-f", "--config-file", metavar="FILE", help="the site's mkdocs.yml (default: ./mkdocs.yml)")

    p = sub.add_parser(
        "new",
        help="start a new topic, quiz or worksheet from a filled-in template",
        description="Create content/<kind>s/SLUG.yaml with every field explained. Never overwrites a file.",
    )
    p.add_argument("kind", choices=("topic", "quiz", "worksheet"), help="what to create")
    p.add_argument("slug", metavar="SLUG", nargs="?", help="the file name without .yaml, e.g. fear-of-rejection")
    p.add_argument("--from", dest="instrument", metavar="ID", help="a quiz from a published questionnaire (see --list)")
    p.add_argument("--list", action="store_true", help="list the published questionnaires a quiz can start from")
    group = p.add_mutually_exclusive_group()
    config_option(group)
    group.add_argument("--content", metavar="DIR", help="the content folder (default: from mkdocs.yml, or ./content)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "check",
        help="find mistakes in the content before readers see them",
        description="Report content errors (the build stops on these) and warnings "
        "(reading age, review dates, sources, links, quiz safety, crisis lines), "
        "one line each: path:line:col: error|warning: message.",
    )
    group = p.add_mutually_exclusive_group()
    config_option(group)
    group.add_argument("--content", metavar="DIR", help="check this content folder instead")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "build",
        help="check, then build the website; the old site stays if anything fails",
        description="Check the content, build the site with MkDocs into a temporary folder, "
        "and replace the output folder only when the build succeeded.",
    )
    p.add_argument("-d", "--site-dir", default="site", metavar="DIR", help="where to put the site (default: site)")
    config_option(p)
    p.add_argument("--strict", action="store_true", help="fail on warnings too (content and MkDocs)")
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "export",
        help="write plain Markdown and a mkdocs.yml that builds without the plugin",
        description="Write the generated pages, assets, theme overrides and a ready mkdocs.yml "
        "into DIR, for engines that read mkdocs.yml but run no MkDocs plugins.",
    )
    p.add_argument("dest", metavar="DIR", help="a new or empty folder")
    config_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "schemas",
        help="write or check the JSON Schemas editors use",
        description="Write schemas/*.schema.json from the content models, "
        "or with --check fail when they are out of date.",
    )
    p.add_argument("--check", action="store_true", help="only check; exit 1 when a schema is out of date")
    p.add_argument("--dir", metavar="DIR", help="the schemas folder (default: schemas/ next to mkdocs.yml)")
    config_option(p)
    p.set_defaults(func=cmd_schemas)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems found, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{PROG}: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: stopped", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("GUIDECRAFT_DEBUG"):
            raise
        print(
            f"{PROG}: error: unexpected {type(exc).__name__}: {exc} "
            f"(this is a bug; run again with GUIDECRAFT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
