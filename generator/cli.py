"""The ``guidecraft`` command: a thin adapter from the command line to the core.

Every problem an author can fix is one line, ``path:line:col: error|warning: message``,
or one ``guidecraft: error: ...`` line, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import ContentError, Diagnostic, summary
from .engines import Engine, EngineProblem, find_engine

if TYPE_CHECKING:
    from .site import Site

PROG = "guidecraft"


_RUN_IN_THE_SITE = "run this in your site's folder (the one with mkdocs.yml in it; cd to it first)"
_NAME_IT = "name its settings file with -f, like -f my-site/mkdocs.yml"


class CliError(Exception):
    """A problem the user can fix; printed as one line (or one line per mistake in a file), exit status 1."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)


def _shown(path: Path) -> Path:
    """A path relative to the working folder when it is inside it, for shorter messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _engine() -> Engine:
    """The site engine the commands run (MkDocs), found through its entry point."""
    try:
        return find_engine()
    except EngineProblem as exc:
        raise CliError(str(exc)) from None


def _site(args: argparse.Namespace) -> tuple[Site, Path | None]:
    """The :class:`~generator.site.Site` named by ``-f``/``--content``, else ./mkdocs.yml, else ./content."""
    from .settings import SiteConfig, SiteError
    from .site import Site

    config_file = getattr(args, "config_file", None)
    content = getattr(args, "content", None)
    today = getattr(args, "today", None)
    path = Path(config_file or "mkdocs.yml")
    try:
        if content is not None or (config_file is None and not path.is_file()):
            folder = Path(content or "content")
            return Site(SiteConfig(content_dir=folder.resolve(), project_dir=Path.cwd(), today=today)), None
        return Site(_engine().site_config(path, today=today)), path
    except EngineProblem as exc:
        raise CliError(str(exc), exc.diagnostics) from None
    except SiteError as exc:
        raise CliError(str(exc)) from None


def _check(site: Site) -> tuple[list[Diagnostic], int]:
    """Every error (or, when the content loads, every lint warning), and how many files were read."""
    from .languages import translation_files
    from .loading import content_files
    from .settings import SiteError

    root = site.config.content_dir
    if not root.is_dir():
        raise CliError(
            f"there is no content folder at {_shown(root)}, expected a site's folder here; {_RUN_IN_THE_SITE}, "
            "or name the content folder with --content FOLDER"
        )
    files = 1 + sum(len(v) for v in content_files(root).values()) + len(list(translation_files(root)))
    try:
        return site.lints, files
    except ContentError as exc:
        return sorted(exc.diagnostics + site.lints_despite(exc)), files
    except SiteError as exc:
        raise CliError(str(exc)) from None


def cmd_check(args: argparse.Namespace) -> int:
    site, _ = _site(args)
    diagnostics, files = _check(site)
    for d in diagnostics:
        print(d)
    if site.content_loaded:  # its notes (an editor's backup copy left in content/)
        for note in site.content.notes:
            print(note)
    print(summary(diagnostics, files))
    errors = sum(d.severity == "error" for d in diagnostics)
    if errors == 0 and args.strict and diagnostics:
        print("--strict: warnings count as errors")
    return 1 if errors or (args.strict and diagnostics) else 0


class _Echo(logging.Handler):
    """Prints each warning of the engine as one line: content findings as they are, others prefixed."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(logging.WARNING)
        self.prefix = engine.name
        self.findings = 0
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.endswith("guidecraft") and ": warning: " in message:
            self.findings += 1
            print(message.removeprefix("guidecraft: "))
            return
        if record.levelno >= logging.ERROR:
            self.errors += 1
            if message.startswith("guidecraft: "):  # the plugin's own errors: content lines as they are
                print(message.removeprefix("guidecraft: "))
                return
        level = "error" if record.levelno >= logging.ERROR else "warning"
        print(f"{self.prefix}: {level}: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from .kinds import CONTENT_KINDS
    from .output import count_pages, new_output_dir, swap_into_place, unsafe_output_dir

    start = time.monotonic()
    site, config_file = _site(args)
    if config_file is None:
        raise CliError(f"there is no mkdocs.yml here, expected a site's folder; {_RUN_IN_THE_SITE}, or {_NAME_IT}")
    dest = Path(args.site_dir)
    config = site.config
    problem = unsafe_output_dir(dest, project=config.project_dir, content=config.content_dir, docs=config.content_dir)
    if problem:
        raise CliError(problem)
    engine = _engine()
    work = new_output_dir(dest)
    echo = _Echo(engine)
    logger = logging.getLogger(engine.logger)
    old = logger.level, logger.propagate
    logger.addHandler(echo)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        built = engine.build(config_file, work, strict=args.strict, today=args.today)
        pages = count_pages(work)
        swap_into_place(work, dest.resolve())
    except EngineProblem as exc:
        shutil.rmtree(work, ignore_errors=True)
        if not echo.errors:  # else the engine logged the cause (MkDocs then says only "Aborted with a BuildError!")
            print(f"{PROG}: error: the {engine.title} build failed: {exc}", file=sys.stderr)
        print(f"Nothing was built; {args.site_dir} was not changed.")
        return 1
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(echo)
        logger.setLevel(old[0])
        logger.propagate = old[1]
    content = built.content
    kinds = ", ".join(_n(len(content.of_kind(k.name)), k.name, k.plural) for k in CONTENT_KINDS.values())
    print(
        f"Built {kinds}: {_n(pages, 'page')} in {time.monotonic() - start:.1f} seconds, "
        f"into {dest}" + (f" ({_n(echo.findings, 'warning')})" if echo.findings else "")
    )
    return 0


class _ServeLog(logging.Handler):
    """``guidecraft serve``'s terminal: content findings as ``path:line:col: warning: ...`` (as check
    prints them), other warnings and errors with their level, and no progress notes."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(logging.INFO)
        self.source = engine.logger
        self.noise = engine.progress_notes

    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(r"^\[\d\d:\d\d:\d\d\] ", "", record.getMessage())  # livereload's clock
        if record.levelno < logging.WARNING and (
            message.startswith(self.noise) or not record.name.startswith(self.source)
        ):
            return
        if ": warning: " in message or ": error: " in message:
            message = message.removeprefix("guidecraft: ")
        elif record.levelno >= logging.WARNING:
            message = f"{'error' if record.levelno >= logging.ERROR else 'warning'}: {message}"
        try:
            print(message, file=sys.stderr, flush=True)
        except (OSError, ValueError):
            self.handleError(record)


def cmd_serve(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file or "mkdocs.yml")
    if not config_file.is_file():
        raise CliError(f"{config_file}: no such file, expected a site's folder; {_RUN_IN_THE_SITE}, or {_NAME_IT}")

    engine = _engine()
    found = engine.config_problems(config_file)
    if found:
        raise CliError("mkdocs.yml has mistakes", found)
    root = logging.getLogger()
    root.addHandler(_ServeLog(engine))
    root.setLevel(logging.INFO)
    try:
        engine.serve(config_file, dev_addr=args.dev_addr, open_in_browser=args.open)
    except EngineProblem as exc:
        raise CliError(str(exc)) from None
    return 0


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, instrument_list, new_file, site_language

    if args.list:
        if args.kind != "quiz":
            raise CliError("--list names the questionnaires for quizzes, expected: new quiz --list")
        print(instrument_list())
        return 0
    if not args.slug:
        raise CliError(f"no SLUG given, expected: {PROG} new {args.kind} SLUG")
    site, config_file = _site(args)
    root = config_file.resolve().parent if config_file else Path.cwd()
    try:
        path, schemas = new_file(
            args.kind,
            args.slug,
            _shown(site.config.content_dir),
            schemas_dir=root / "schemas",
            instrument=args.instrument,
            language=site_language(site.config.content_dir, site.config.language),
        )
    except ScaffoldError as exc:
        raise CliError(str(exc)) from None
    for schema in schemas:
        print(f"Wrote {_shown(schema)} so editors can check content files.")
    print(f"Created {_shown(path)}. Replace each TODO, then run: {PROG} check")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .init import InitError, choose, init_site, split_languages

    dest = Path(args.dir)
    try:
        codes = split_languages(args.language)  # the first language drives the choice of region
        choice = choose(args.region, codes[0] if codes else None)
        written = init_site(dest, region=choice.region, language=",".join(codes) or choice.language, title=args.title)
    except InitError as exc:
        raise CliError(str(exc)) from None
    for path in written:
        print(f"Wrote {_shown(path)}")
    if choice.note:
        print(f"\n{choice.note}")
    print(
        f"\nYour site is ready in {dest}. Next:\n"
        f"  cd {dest}\n"
        f"  {PROG} new topic my-first-topic\n"
        "  guidecraft serve\n"
        "Check the crisis lines in content/site.yaml before you publish. README.md there says how to publish."
    )
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    from .schema import write_schemas
    from .vendor import VendorError, use_installed

    config_file = Path(args.config_file or "mkdocs.yml")
    if not config_file.is_file():
        raise CliError(f"{config_file}: no such file, expected a site's folder; {_RUN_IN_THE_SITE}, or {_NAME_IT}")
    folder = config_file.resolve().parent
    try:
        done = use_installed(folder)
    except VendorError as exc:
        raise CliError(str(exc)) from None
    for path in done.removed:
        print(f"Removed {_shown(path)}")
    for path in done.written + write_schemas(folder / "schemas"):
        print(f"Wrote {_shown(path)}")
    print(
        f"\nThis site now installs {done.line}. Next:\n"
        "  python -m pip install -r requirements.txt\n"
        f"  {PROG} check --strict\n"
        "Then commit and push, the vendor/ folder included."
    )
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from .schema import stale_schemas, write_schemas

    if args.dir:
        folder = Path(args.dir)
    else:
        _, config_file = _site(args)
        folder = (config_file.resolve().parent if config_file else Path.cwd()) / "schemas"
    if args.check:
        stale = stale_schemas(folder)
        for path in stale:
            print(f"{_shown(path)}: out of date, expected it to match the content models; run: {PROG} schemas")
        if not stale:
            print(f"The schemas in {_shown(folder)} are up to date.")
        return 1 if stale else 0
    for path in write_schemas(folder) or []:
        print(f"Wrote {_shown(path)}")
    if not stale_schemas(folder):
        print(f"The schemas in {_shown(folder)} are up to date.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file or "mkdocs.yml")
    if not config_file.is_file():
        raise CliError(f"{config_file}: no such file, expected the site's mkdocs.yml (use -f to name it)")
    try:
        info = _engine().export(config_file, Path(args.dest))
    except EngineProblem as exc:
        raise CliError(str(exc), exc.diagnostics) from None
    print(
        f"Exported {info.pages} pages, {info.assets} assets and {info.files} other files to {args.dest}.\n"
        f"Build it without the guidecraft plugin: mkdocs build -f {Path(args.dest) / 'mkdocs.yml'}"
    )
    return 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-05-01") from None


@dataclass(frozen=True)
class Option:
    """One argument of a subcommand, as ``add_argument`` takes it."""

    flags: tuple[str, ...]
    settings: Mapping[str, Any]
    exclusive: bool = False
    """In the command's one group of options that exclude each other."""
    later: Callable[[], Mapping[str, Any]] | None = None
    """More settings, worked out only when the parser is built (they need the package's data)."""


def _opt(
    *flags: str, exclusive: bool = False, later: Callable[[], Mapping[str, Any]] | None = None, **settings: Any
) -> Option:
    return Option(flags, settings, exclusive, later)


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, its one-line help, its ``--help`` description, what runs it and its options."""

    name: str
    help: str
    description: str
    run: Callable[[argparse.Namespace], int]
    options: tuple[Option, ...]


def _region_help() -> Mapping[str, Any]:
    from .crisis import known_regions

    return {
        "help": f"whose crisis lines to show: {', '.join(known_regions())} "
        "(default: GB, or a region whose lines speak --language: ES for es)"
    }


def _language_help() -> Mapping[str, Any]:
    from .i18n import LANGUAGES

    return {
        "help": f"the site's language, or several with the main one first, such as en,es ({', '.join(LANGUAGES)}; "
        "default: the language of the region's crisis lines, else en)"
    }


def _kinds() -> Mapping[str, Any]:
    from .kinds import CONTENT_KINDS

    return {"choices": tuple(CONTENT_KINDS)}


_CONFIG = _opt("-f", "--config-file", metavar="FILE", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
_TODAY = _opt("--today", type=_date, default=None, metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
_STRICT = "fail on warnings too"

COMMANDS = (
    Command(
        "init",
        "start a new site in an empty folder",
        "Make DIR with mkdocs.yml, content/site.yaml (your region's crisis lines), a GitHub Pages "
        "workflow, .gitignore, a README and editor schemas. The site builds at once.",
        cmd_init,
        (
            _opt("dir", metavar="DIR", help="a new or empty folder"),
            _opt("--region", default=None, type=str.upper, later=_region_help),
            _opt("--language", default=None, metavar="LANG[,LANG...]", later=_language_help),
            _opt("--title", help="the site's name"),
        ),
    ),
    Command(
        "new",
        "start a new {kinds} from a filled-in template",
        "Create content/<kind>s/SLUG.yaml with every field explained. Never overwrites a file.",
        cmd_new,
        (
            _opt("kind", help="what to create", later=_kinds),
            _opt("slug", metavar="SLUG", nargs="?", help="the file name without .yaml, e.g. fear-of-rejection"),
            _opt("--from", dest="instrument", metavar="ID", help="a quiz from a published questionnaire (see --list)"),
            _opt("--list", action="store_true", help="list the published questionnaires a quiz can start from"),
            Option(_CONFIG.flags, _CONFIG.settings, exclusive=True),
            _opt(
                "--content",
                exclusive=True,
                metavar="DIR",
                help="the content folder (default: from mkdocs.yml, or ./content)",
            ),
        ),
    ),
    Command(
        "check",
        "find mistakes in the content before readers see them",
        "Report content errors (the build stops on these) and warnings "
        "(reading age, review dates, sources, links, quiz safety, crisis lines, TODOs), "
        "one line each: path:line:col: error|warning: message.",
        cmd_check,
        (
            Option(_CONFIG.flags, _CONFIG.settings, exclusive=True),
            _opt("--content", exclusive=True, metavar="DIR", help="check this content folder instead"),
            _opt("--strict", action="store_true", help=_STRICT),
            _TODAY,
        ),
    ),
    Command(
        "build",
        "check, then build the website; the old site stays if anything fails",
        "Build the site with MkDocs into a temporary folder, reporting every content finding, "
        "and replace the output folder only when the build succeeded.",
        cmd_build,
        (
            _opt("-d", "--site-dir", default="site", metavar="DIR", help="where to put the site (default: site)"),
            _CONFIG,
            _opt("--strict", action="store_true", help=f"{_STRICT} (content and MkDocs)"),
            _TODAY,
        ),
    ),
    Command(
        "serve",
        "preview the site while you write; each save shows in about a second",
        "Build the site and serve it at http://127.0.0.1:8000/ (like mkdocs serve). On each save "
        "only the pages the change reaches are rebuilt; the browser reloads by itself. A mistake in a file "
        "is printed here and the last good site stays on screen.",
        cmd_serve,
        (
            _opt("-a", "--dev-addr", metavar="IP:PORT", default=None, help="where to serve (default: 127.0.0.1:8000)"),
            _opt("-o", "--open", action="store_true", help="open the site in a browser"),
            _CONFIG,
        ),
    ),
    Command(
        "export",
        "write plain Markdown and a mkdocs.yml that builds without the plugin",
        "Write the generated pages, assets, theme layer and a ready mkdocs.yml "
        "into DIR, for engines that read mkdocs.yml but run no MkDocs plugins.",
        cmd_export,
        (_opt("dest", metavar="DIR", help="a new or empty folder"), _CONFIG),
    ),
    Command(
        "upgrade",
        "make this site use the guidecraft installed here (after you install a newer one)",
        "Copy the guidecraft you have installed into vendor/, name it in requirements.txt "
        "(other lines stay), remove older guidecraft wheels from vendor/ and update schemas/. "
        "The Pages workflow then builds the site with the same guidecraft as your computer.",
        cmd_upgrade,
        (_CONFIG,),
    ),
    Command(
        "schemas",
        "write or check the JSON Schemas editors use",
        "Write schemas/*.schema.json from the content models, or with --check fail when they are out of date.",
        cmd_schemas,
        (
            _opt("--check", action="store_true", help="only check; exit 1 when a schema is out of date"),
            _opt("--dir", metavar="DIR", help="the schemas folder (default: schemas/ next to mkdocs.yml)"),
            _CONFIG,
        ),
    ),
)
"""The subcommands, in the order ``guidecraft --help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    from .kinds import kind_names

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Start, write, check and build a guidecraft self-help site.",
        epilog=f"Run '{PROG} COMMAND --help' for each command's options.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        help_text = command.help.replace("{kinds}", kind_names())  # the table of kinds names them
        p = sub.add_parser(command.name, help=help_text, description=command.description)
        group = None
        for option in command.options:
            if option.exclusive and group is None:
                group = p.add_mutually_exclusive_group()
            settings = {**option.settings, **(option.later() if option.later else {})}
            (group if option.exclusive and group else p).add_argument(*option.flags, **settings)
        p.set_defaults(func=command.run)
    return parser


def _reader_left() -> int:
    """The command's output went to a pipe that closed early (``guidecraft check | head``): end quietly.

    Python would report the lost output twice (here, and when it flushes stdout at exit); sending
    the rest to /dev/null ends it the way other command-line tools end, with SIGPIPE's status.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing will flush later
        pass
    return 128 + 13  # SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems found, 2 bad usage)."""
    args = build_parser().parse_args(argv)
    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not as Python's "Exception ignored" at exit
        return status
    except CliError as exc:
        if exc.diagnostics:  # mistakes at places in a file: one line each, as check prints them
            for d in exc.diagnostics:
                print(d)
            print(summary(exc.diagnostics, 1).lstrip("\n").splitlines()[-1])
        else:
            print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _reader_left()
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
