"""Loading: YAML files to validated models, with a file, line and column for every problem."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .diagnostics import ContentError, Diagnostic
from .kinds import CONTENT_KINDS
from .models import SiteSettings

try:  # libyaml is about 12x faster than the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class ContentLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with YAML 1.2 booleans: only true/false are booleans, so 'No' stays text."""


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    ContentLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


@dataclass
class Positions:
    """Where each value (and each mapping key) of a YAML document starts, 1-based."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    unreadable: set[Loc] = field(default_factory=set)  # already reported while parsing

    def real_loc(self, loc: Loc) -> Loc:
        """``loc`` without the union tags pydantic adds (``blocks[0].prompt.text`` -> ``blocks[0].text``)."""
        known: Loc = ()
        for i, part in enumerate(loc):
            if known + (part,) in self.values or i == len(loc) - 1:
                known = known + (part,)
        return known

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """The position of ``loc``, or of its nearest ancestor that the file has."""
        known: Loc = ()
        for part in loc:  # pydantic adds union tags to locs; skip parts the file lacks
            if known + (part,) in self.values:
                known = known + (part,)
        if key and known and known[-1] == loc[-1] and known in self.keys:
            return self.keys[known]
        return self.values.get(known, (1, 1))


@dataclass
class Document(Generic[M]):
    """A validated content file."""

    path: str
    slug: str
    model: M
    positions: Positions
    data: Any

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return self.positions.find(loc, key=key)

    def error(self, loc: Loc, message: str, *, severity: str = "error", kind: str = "content") -> Diagnostic:
        line, col = self.where(loc)
        prefix = f"{format_loc(loc)}: " if loc else ""
        return Diagnostic(self.path, line, col, severity, prefix + message, kind)  # type: ignore[arg-type]


def format_loc(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- YAML with positions


class _Problem(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        self.line, self.col, self.message = line, col, message


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def parse_yaml(text: str) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Parse one YAML document into plain data and the position of every node.

    Returns the data, the positions and a list of ``(line, col, message)`` problems.
    """
    problems: list[tuple[int, int, str]] = []
    positions = Positions()
    unreadable = positions.unreadable
    if "\t" in text:
        for n, line in enumerate(text.splitlines(), 1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                problems.append((n, line.index("\t") + 1, "a tab is used for indentation, expected spaces"))
        if problems:
            return None, positions, problems
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, positions, [yaml_problem(exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, positions, [(1, 1, f"YAML syntax: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, positions, [(1, 1, "the file is empty, expected a mapping of keys such as 'title:'")]

    def build(n: yaml.Node, loc: Loc) -> Any:
        positions.values[loc] = _mark(n)
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first_seen: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append((*_mark(key_node), "a key must be plain text"))
                    continue
                key = key_node.value
                if key in first_seen:
                    line, _ = first_seen[key]
                    problems.append(
                        (
                            *_mark(key_node),
                            f"{format_loc(loc + (key,))}: duplicate key '{key}' (first given on line {line}), "
                            "expected each key once",
                        )
                    )
                    continue
                first_seen[key] = _mark(key_node)
                positions.keys[loc + (key,)] = _mark(key_node)
                out[key] = build(value_node, loc + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(item, loc + (i,)) for i, item in enumerate(n.value)]
        if n.tag.startswith("tag:yaml.org,2002:") and n.tag.rsplit(":", 1)[-1] in {
            "str",
            "int",
            "float",
            "bool",
            "null",
            "timestamp",
        }:
            try:
                return loader.construct_object(n, deep=True)
            except (yaml.constructor.ConstructorError, ValueError) as exc:
                expected = "a date like 2026-05-01" if n.tag.endswith("timestamp") else "a plain value"
                problems.append(
                    (*_mark(n), f"{format_loc(loc)}: '{n.value}' is not valid ({exc}), expected {expected}")
                )
                unreadable.add(loc)
                return n.value
        problems.append((*_mark(n), f"{format_loc(loc)}: unsupported YAML tag {n.tag}, expected plain values"))
        return None

    data = build(node, ())
    return data, positions, problems


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """A YAML syntax error in plain words, with the likely fix: (line, col, message)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem, context = exc.problem or "", exc.context or ""
    source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    starts = ""
    if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        starts = f" (it starts on line {exc.context_mark.line + 1})"
    if problem.startswith("mapping values are not allowed"):
        if source[: col - 1].lstrip().startswith(("- ", "-")) or ": " in source[: col - 1]:
            why = "there is a colon and a space (': ') inside this text, so it reads as a new key"
        else:
            why = "this line has a colon (':') but is not lined up with the keys around it"
        written = re.match(r"^\s*(?:- )?([A-Za-z_][\w-]*):\s+(.+?)\s*$", source)
        example = 'summary: "Note: this works"'
        if written and '"' not in written.group(2):
            value = written.group(2)
            example = f'{written.group(1)}: "{value if len(value) <= 40 else value[:37] + "..."}"'
        fix = (
            f"put the whole text in double quotes, like {example}, or write |- after "
            "the key and put the text on the lines below, indented"
        )
    elif "quoted scalar" in context and "end of stream" in problem:
        why, fix = "a quote mark opens the text but never closes it" + starts, "add the closing quote mark"
    elif "unknown escape character" in problem:
        why = "a backslash (\\) inside double quotes starts an unknown code"
        fix = "use single quotes around the text, or write two backslashes"
    elif "undefined alias" in problem or "cannot start any token" in problem:
        char = source[col - 1 : col] or "this character"
        why, fix = f"text cannot begin with {char!r}", "put the whole text in double quotes"
    elif "flow sequence" in context or "flow mapping" in context:
        why = "a list or mapping in brackets is not closed" + starts
        fix = "close it with ] or }, or write each item on its own line starting with '- '"
    elif "expected '-' indicator" in problem:
        why = "this line is not lined up with the list above it"
        fix = "start each list item with '- ' at the same indent, or line this key up with the keys above"
    elif "block scalar" in context:
        why = "only |- or >- may follow the key here"
        fix = "put nothing after |- on the same line, and the text on the lines below"
    elif "block mapping" in context or "simple key" in context:
        why = "this line is not lined up with the keys around it, or text goes on after a closing quote" + starts
        fix = "line it up with the key above (use spaces, not tabs), or put all of the text inside the quotes"
    else:
        why = f"the file cannot be read here ({problem or 'invalid YAML'})" + starts
        fix = "check the indentation and the quote marks near here"
    return line, col, f"YAML syntax: {why}, expected valid YAML; {fix}"


# --------------------------------------------------------------------------- validation messages

_EXPECT = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with '- ')",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "date_type": "expected a date like 2026-05-01",
    "date_parsing": "expected a date like 2026-05-01",
    "date_from_datetime_parsing": "expected a date like 2026-05-01",
    "date_from_datetime_inexact": "expected a date like 2026-05-01, without a time",
    "string_too_short": "expected some text",
    "too_short": "expected at least {min_length} entr{ies}",
    "too_long": "expected at most {max_length} entries",
    "greater_than_equal": "expected {ge} or more",
    "less_than_equal": "expected {le} or less",
    "string_pattern_mismatch": "expected {pattern_hint}",
    "literal_error": "expected one of {expected}",
}

_PATTERN_HINTS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "a slug: lower-case letters, digits and single hyphens, like 'fear-of-rejection'",
    r"^[A-Z]{2}$": "a two-letter country code in capitals, like GB",
    r"^[a-z]{2}$": "a two-letter language code, like en",
    r"^[a-z0-9-]+$": "lower-case letters, digits and hyphens",
}


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last part of ``loc``."""
    import typing

    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            if part in current.model_fields:
                current = current.model_fields[part].annotation
            else:
                # a discriminated union tag ('prompt', ...)
                continue
        current = _unwrap(current, typing)
        if isinstance(current, list):
            current = current[0] if current else None
        if isinstance(current, dict):  # tagged union: pick by tag in the loc
            tag = next((p for p in loc if isinstance(p, str) and p in current), None)
            current = current.get(tag) if tag else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any, typing: Any) -> Any:
    """Strip Optional/list/Annotated to the model (or a tag->model dict for unions)."""
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, __import__("types").UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = {}
            for a in args:
                a = _unwrap(a, typing)
                if isinstance(a, type) and issubclass(a, BaseModel) and "kind" in a.model_fields:
                    models[typing.get_args(a.model_fields["kind"].annotation)[0]] = a
            if models:
                return models
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp
    return tp


def describe_error(err: dict[str, Any], model: type[BaseModel]) -> str:
    """Turn one pydantic error into 'what is wrong, what was expected'."""
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{loc[-1]}', expected it to be given"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        owner = _model_at(model, loc)
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f", did you mean '{close[0]}'?" if close else ","
        return (
            f"unknown key '{name}'{hint} expected one of: {', '.join(allowed)}" if allowed else f"unknown key '{name}'"
        )
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return f"unknown block kind, expected 'kind:' to be one of {ctx.get('expected_tags', '')}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind == "string_too_long":
        got = err.get("input")
        size = f"is {len(got):,} characters long" if isinstance(got, str) else "is too long"
        return f"the text {size}, expected at most {ctx.get('max_length'):,}; shorten it"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(ctx.get("pattern", ""), f"text matching {ctx.get('pattern')}")
        return f"{err.get('input')!r} is not valid, expected {hint}"
    template = _EXPECT.get(kind)
    got = err.get("input")
    got_text = f"got {type(got).__name__ if not isinstance(got, str) else repr(got)}"
    if template:
        if "min_length" in ctx:
            ctx = {**ctx, "ies": "y" if ctx["min_length"] == 1 else "ies"}
        return f"{got_text}, {template.format(**ctx)}" if kind.endswith(("type", "parsing")) else template.format(**ctx)
    return f"{err['msg']}"


def validate(doc_path: str, data: Any, positions: Positions, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate parsed data against ``model``; every error is located in the file."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        diags = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if loc in positions.unreadable:
                continue
            line, col = positions.find(loc, key=err["type"] == "extra_forbidden")
            prefix = f"{format_loc(positions.real_loc(loc))}: " if loc else ""
            diags.append(Diagnostic(doc_path, line, col, "error", prefix + describe_error(dict(err), model)))
        return None, diags


def load_file(path: Path, model: type[M], *, display: str | None = None) -> tuple[Document[M] | None, list[Diagnostic]]:
    """Read, parse and validate one content file."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Diagnostic(shown, 1, 1, "error", f"the file is not UTF-8 text ({exc.reason}), expected UTF-8")]
    data, positions, problems = parse_yaml(text)
    diags = [Diagnostic(shown, line, col, "error", msg) for line, col, msg in problems]
    if diags and data is None:
        return None, diags
    if not isinstance(data, dict):
        line, col = positions.find(())
        return None, diags + [
            Diagnostic(shown, line, col, "error", "expected a mapping of keys such as 'title:' at the top of the file")
        ]
    model_obj, errors = validate(shown, data, positions, model)
    diags += errors
    if model_obj is None or diags:
        return None, diags
    return Document(shown, path.stem, model_obj, positions, data), diags


# --------------------------------------------------------------------------- the whole content folder


@dataclass
class Content:
    """Everything in a content folder, validated and cross-checked."""

    root: Path
    site: Document[SiteSettings]
    topics: dict[str, Document[Any]]
    quizzes: dict[str, Document[Any]]
    worksheets: dict[str, Document[Any]]
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Lines for the author that are no problem (an editor's backup copy in the content folder)."""

    def of_kind(self, kind: str) -> dict[str, Document[Any]]:
        """The documents of one kind, by slug: ``content.of_kind("quiz")``."""
        return getattr(self, CONTENT_KINDS[kind].folder)  # type: ignore[no-any-return]

    def documents(self) -> Iterator[Document[Any]]:
        yield self.site
        yield from self.topics.values()
        yield from self.quizzes.values()
        yield from self.worksheets.values()


KINDS: dict[str, type[BaseModel]] = {k.folder: k.model for k in CONTENT_KINDS.values()}
"""Content folder to model, from :data:`~generator.kinds.CONTENT_KINDS`."""


def content_files(root: Path) -> dict[str, list[Path]]:
    """The YAML files of each kind, sorted by name (never one that leads out of the content folder)."""
    return {
        kind: sorted(
            p for p in (root / kind).glob("*") if p.suffix in CONTENT_SUFFIXES and p.is_file() and inside(root, p)
        )
        if (root / kind).is_dir() and inside(root, root / kind)
        else []
        for kind in KINDS
    }


# --------------------------------------------------------------------------- what else is in the content folder

CONTENT_SUFFIXES = (".yaml", ".yml")
EDITOR_LEFTOVER = re.compile(r"(?:~|\.bak|\.orig|\.swp|\.swo|\.tmp)$|^#.*#$", re.IGNORECASE)
"""Names editors give backup and autosave copies: ``x.yaml~``, ``x.yaml.bak``, ``x.swp``, ``#x.yaml#``."""


def inside(root: Path, path: Path) -> bool:
    """Whether ``path``, with every link in it followed, is in the folder ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return True


def is_published(root: Path, path: Path) -> bool:
    """Whether a file in the content folder may be copied into the built site as it is.

    Content files are read, not copied; nothing else in the content kinds' folders is
    published; nor are editors' backups, nor anything that leads out of the content folder.
    """
    for base, where in ((root, path), (root.resolve(), path.parent.resolve() / path.name)):
        try:
            parts = where.relative_to(base).parts
            break
        except (ValueError, OSError, RuntimeError):
            continue
    else:
        return True  # not in the content folder (a docs_dir apart from it): not guidecraft's to judge
    return not (
        path.suffix in CONTENT_SUFFIXES
        or (len(parts) > 1 and parts[0] in KINDS)
        or any(part.startswith(".") or EDITOR_LEFTOVER.search(part) for part in parts)
        or not inside(root, path)
    )


def stray_files(root: Path, shown: Any = str) -> tuple[list[Diagnostic], list[str]]:
    """Errors and notes for what in the content folder is not a content file.

    A link that leads out of the folder is an error (its target would be read or published);
    in the folders of topics, quizzes and worksheets, anything but a ``.yaml`` file is an
    error (an editor's backup is a note); a ``.YAML`` file or a folder named like a content
    file is an error that says how to fix it. Names starting with "." are left alone (MkDocs
    ignores them too). ``shown`` turns a path into the text a message shows.
    """
    errors: list[Diagnostic] = []
    notes: list[str] = []

    def where(path: Path) -> str:  # the link's own place, not its target's
        return str(Path(shown(path.parent)) / path.name)

    def error(path: Path, message: str) -> None:
        errors.append(Diagnostic(where(path), 1, 1, "error", message))

    def visit(path: Path, depth: int) -> None:
        name = path.name
        if name.startswith("."):
            return
        if path.is_symlink() and not inside(root, path):
            try:
                target = str(path.readlink())
            except OSError:
                target = "?"
            error(path, f"a link to {target}, outside the content folder, expected the file itself: "
                  "copy it into the content folder, or delete the link")
            return
        if not path.exists():
            error(path, "a link to a file that does not exist, expected a file: delete the link")
            return
        if EDITOR_LEFTOVER.search(name):
            notes.append(f"{where(path)}:1:1: note: an editor's backup copy, not read and not published; "
                         "delete it when you no longer need it")
            return
        kind_folder = depth == 2 and path.parent.name in KINDS
        if path.is_dir():
            if path.suffix.lower() in CONTENT_SUFFIXES and depth <= 2:
                error(path, f"a folder named like a content file, expected a file: '{name}' is a folder, "
                      "so it is not read; put the content in a file of that name instead")
            elif kind_folder:
                error(path, f"a folder inside {path.parent.name}/ is not read, expected each "
                      f"{CONTENT_KINDS_BY_FOLDER[path.parent.name]} as a .yaml file straight in {path.parent.name}/")
            elif not path.is_symlink():  # a link to a folder inside: its files are visited where they are
                for child in sorted(path.iterdir()):
                    visit(child, depth + 1)
            return
        if path.suffix in CONTENT_SUFFIXES:
            return
        if path.suffix.lower() in CONTENT_SUFFIXES and (kind_folder or depth == 1):
            error(path, f"the name ends in '{path.suffix}', expected lower-case '{path.suffix.lower()}': "
                  f"rename it to {name.lower()}")
        elif kind_folder:
            error(path, f"not a content file: only .yaml files in {path.parent.name}/ are read, and nothing else "
                  "there is published; expected it moved out of the content folder, or deleted")

    if root.is_dir():
        for child in sorted(root.iterdir()):
            visit(child, 1)
    return errors, notes


CONTENT_KINDS_BY_FOLDER = {k.folder: k.name for k in CONTENT_KINDS.values()}


LoadCache = dict[Path, tuple[Any, Any]]
"""Each file's last load, keyed by its path, stamped with its bytes' hash (see :func:`load_content`)."""


def load_file_cached(
    path: Path, model: type[M], *, display: str, cache: LoadCache | None
) -> tuple[Document[M] | None, list[Diagnostic]]:
    """:func:`load_file`, reusing the last result when the file's bytes, name and model are the same."""
    if cache is None:
        return load_file(path, model, display=display)
    try:
        stamp = (hashlib.sha1(path.read_bytes()).digest(), display, model)
    except OSError:
        return load_file(path, model, display=display)
    hit = cache.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[no-any-return]
    result = load_file(path, model, display=display)
    cache[path] = (stamp, result)
    return result


def load_content(root: Path | str, *, relative_to: Path | None = None, cache: LoadCache | None = None) -> Content:
    """Load and check a content folder. Raises ContentError with every problem found.

    With a ``cache`` (kept by ``guidecraft serve`` between rebuilds), a file whose bytes have
    not changed is not parsed or validated again.
    """
    root = Path(root)
    base = relative_to or Path.cwd()

    def shown(p: Path) -> str:
        try:
            return str(p.resolve().relative_to(base.resolve()))
        except ValueError:
            return str(p)

    diags, notes = stray_files(root, shown)
    names = ("site.yaml", "site.yml")
    site_path = next((root / n for n in names if (root / n).is_file() and inside(root, root / n)), None)
    site_doc = None
    if site_path is None and not any(d.path.endswith(names) for d in diags):  # a link out is reported already
        diags.append(
            Diagnostic(
                shown(root / "site.yaml"),
                1,
                1,
                "error",
                "the site settings file is missing, "
                "expected content/site.yaml with region, crisis_regions and disclaimer",
            )
        )
    elif site_path is not None:
        site_doc, errs = load_file_cached(site_path, SiteSettings, display=shown(site_path), cache=cache)
        diags += errs

    loaded: dict[str, dict[str, Document[Any]]] = {}
    for kind, paths in content_files(root).items():
        loaded[kind] = {}
        for p in paths:
            disp = shown(p)
            if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", p.stem):
                diags.append(
                    Diagnostic(
                        disp,
                        1,
                        1,
                        "error",
                        f"file name '{p.name}' is not a valid slug, "
                        "expected lower-case letters, digits and hyphens, like 'fear-of-rejection.yaml'",
                    )
                )
                continue
            if p.stem in loaded[kind]:
                diags.append(
                    Diagnostic(disp, 1, 1, "error", f"'{p.stem}' is given twice (.yaml and .yml), expected one file")
                )
                continue
            doc, errs = load_file_cached(p, KINDS[kind], display=disp, cache=cache)
            diags += errs
            if doc is not None:
                loaded[kind][p.stem] = doc

    if site_doc is None:
        raise ContentError(diags)
    content = Content(root, site_doc, **loaded)  # type: ignore[arg-type]  # one dict per kind, by folder
    # Cross-check what did load against every file that exists, so one run reports everything.
    existing = {kind: {p.stem for p in paths} for kind, paths in content_files(root).items()}
    diags += check_references(content, existing)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise ContentError(diags)
    content.warnings = diags
    content.notes = notes
    return content


# --------------------------------------------------------------------------- cross references

_PROSE_LINK = re.compile(rf"\]\(\s*({'|'.join(CONTENT_KINDS)}):([^)\s#]*)")


def _walk_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _walk_strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk_strings(v, loc + (i,))


def check_references(content: Content, existing: dict[str, set[str]] | None = None) -> list[Diagnostic]:
    """Every slug named in the content must exist. Linear in the size of the content."""
    from . import quiz as quiz_checks

    existing = existing or {k.folder: set(content.of_kind(k.name)) for k in CONTENT_KINDS.values()}
    names = {k.name: existing[k.folder] for k in CONTENT_KINDS.values()}
    categories = {c.id for c in content.site.model.categories}
    diags: list[Diagnostic] = []

    def need(doc: Document[Any], loc: Loc, kind: str, slug: str | None) -> None:
        if slug is not None and slug not in names[kind]:
            close = difflib.get_close_matches(slug, list(names[kind]), n=1)
            hint = f", did you mean '{close[0]}'?" if close else ","
            have = ", ".join(sorted(names[kind])) or "none yet"
            diags.append(doc.error(loc, f"unknown {kind} '{slug}'{hint} expected one of: {have}"))

    for doc in content.topics.values():
        t = doc.model
        if t.category is not None and t.category not in categories:
            have = ", ".join(sorted(categories)) or "none: add 'categories' to site.yaml"
            diags.append(doc.error(("category",), f"unknown category '{t.category}', expected one of: {have}"))
        for i, slug in enumerate(t.related):
            need(doc, ("related", i), "topic", slug)
            if slug == doc.slug:
                diags.append(doc.error(("related", i), "a topic cannot be related to itself, expected another topic"))
        for i, slug in enumerate(t.quizzes):
            need(doc, ("quizzes", i), "quiz", slug)
        if t.steps:
            for i, step in enumerate(t.steps.items):
                need(doc, ("steps", "items", i, "worksheet"), "worksheet", step.worksheet)
    for quiz in content.quizzes.values():
        need(quiz, ("topic",), "topic", quiz.model.topic)
        for part in ("bands", "profiles", "flags"):
            for i, band in enumerate(getattr(quiz.model, part)):
                for j, ns in enumerate(band.next_steps):
                    for kind in ("topic", "worksheet", "quiz"):
                        need(quiz, (part, i, "next_steps", j, kind), kind, getattr(ns, kind))
        for loc, message in quiz_checks.check_quiz(quiz.model):
            diags.append(quiz.error(loc, message))
    for sheet in content.worksheets.values():
        need(sheet, ("topic",), "topic", sheet.model.topic)
    for any_doc in content.documents():
        for loc, text in _walk_strings(any_doc.data):
            for m in _PROSE_LINK.finditer(text):
                need(any_doc, loc, m.group(1), m.group(2))
    return diags
