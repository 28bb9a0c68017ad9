"""Loading: content files to validated documents, and a content folder to :class:`Content`, with a file,
line and column for every problem.

Reading YAML is :mod:`generator.yaml_source`'s job, wording the problems :mod:`generator.wording`'s
and checking the references between files :mod:`generator.references`'.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import types as pytypes
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import ContentError, Diagnostic, Loc
from .documents import Content, Document
from .kinds import KIND_OF_FOLDER
from .models import READER_TEXT, SiteSettings, without_shown
from .references import check_references
from .wording import cut_by_comment, describe_error, model_at, near_miss
from .yaml_source import Positions, format_loc, parse_yaml

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- one file


def validate(doc_path: str, data: Any, positions: Positions, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate parsed data against ``model``; every error is located in the file.

    A misspelt key gives one error, at its own line: the required key it was meant to be is not
    also reported missing.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    meant = _meant_keys(errors, model)
    diags = []
    said: set[Loc] = set()
    for err in errors:
        loc = tuple(err["loc"])
        details: dict[str, Any] = dict(err)
        if loc in positions.unreadable or (err["type"] == "missing" and loc in meant):
            continue
        real = positions.real_loc(loc)
        if err["type"] not in ("missing", "extra_forbidden"):
            # a value the file has: drop the names pydantic gives the choices of a union ('int', 'float')
            while real and real not in positions.values and real[:-1] in positions.values:
                real = real[:-1]
            if real in said:  # one message per value, not one per choice it failed
                continue
            said.add(real)
            details = {**_as_number_error(details, errors), "loc": real}
        line, col = positions.find(loc, key=err["type"] == "extra_forbidden")
        prefix = f"{format_loc(real)}: " if loc else ""
        raw = positions.raw.get(real)
        diags.append(Diagnostic(doc_path, line, col, "error", prefix + describe_error(details, model, raw)))
    return None, diags


def _meant_keys(errors: list[Any], model: type[BaseModel]) -> set[Loc]:
    """The keys that misspelt keys were meant to be: not also reported missing."""
    meant: set[Loc] = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            owner = model_at(model, loc)
            close = near_miss(str(loc[-1]), owner.model_fields) if owner else None
            if close:
                meant.add(loc[:-1] + (close,))
    return meant


def _as_number_error(err: Any, errors: list[Any]) -> Any:
    """A value that is neither a whole number nor a decimal (a union of both) is worded as 'expected a number'."""
    loc = tuple(err["loc"])
    if err["type"].startswith(("int_", "float_")) and any(
        tuple(other["loc"])[: len(loc) - 1] == loc[:-1] and other["type"].startswith("float_") for other in errors
    ):
        return {**err, "type": "float_parsing" if err["type"].endswith("parsing") else "float_type"}
    return err


def reader_text(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the value at ``loc`` is text that readers see (see :data:`~generator.models.READER_TEXT`)."""
    current: list[Any] = [model]
    for part in loc:
        found: list[Any] = []
        for tp in _flatten(current):
            origin = typing.get_origin(tp)
            if isinstance(part, int) and origin in (list, tuple):
                found.append(typing.get_args(tp)[0])
            elif isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
                hint = _type_hints(tp).get(part)
                if hint is not None:
                    found.append(hint)
            elif isinstance(part, str) and origin is dict:
                found.append(typing.get_args(tp)[1])
        current = found
        if not current:
            return False
    return any(tp in READER_TEXT for tp in _flatten(current, keep_annotated=True))


def _flatten(types: Iterable[Any], *, keep_annotated: bool = False) -> Iterator[Any]:
    """Each type, with the parts of unions and Annotated types taken out."""
    for tp in types:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            if keep_annotated:
                yield tp
            yield from _flatten([typing.get_args(tp)[0]], keep_annotated=keep_annotated)
        elif origin in (typing.Union, pytypes.UnionType):
            yield from _flatten(typing.get_args(tp), keep_annotated=keep_annotated)
        else:
            yield tp


@functools.lru_cache(maxsize=128)
def _type_hints(model: type[BaseModel]) -> dict[str, Any]:
    return {name: without_shown(hint) for name, hint in typing.get_type_hints(model, include_extras=True).items()}


def _comment_problems(
    doc_path: str, data: Any, positions: Positions, model: type[BaseModel], text: str
) -> list[Diagnostic]:
    """Reader-facing values cut short by a ' #' comment: the words after it would be lost."""
    diags = []
    lines = text.splitlines()
    for loc, (line, col) in positions.comments.items():
        if not reader_text(model, loc):
            continue
        value: Any = data
        for part in loc:
            value = value[part]
        comment = lines[line - 1][col - 1 :].rstrip()
        key = str(loc[-1]) if isinstance(loc[-1], str) else ""
        positions.unreadable.add(loc)
        message = f"{format_loc(loc)}: {cut_by_comment(key, value, comment)}"
        diags.append(Diagnostic(doc_path, line, col, "error", message))
    return diags


def load_file(
    path: Path, model: type[M], *, display: str | None = None, lenient: bool = False
) -> tuple[Document[M] | None, list[Diagnostic]]:
    """Read, parse and validate one content file.

    With ``lenient``, a file whose only schema problems are unknown keys still gives its document,
    read without those keys, beside the errors: its other problems (links to pages that do not
    exist) can then be reported in the same run.
    """
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        before = exc.object[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        message = (
            f"this character (byte {exc.object[exc.start]:#04x}) is not UTF-8 text, expected a file saved as UTF-8; "
            "save the file again as UTF-8 in your editor, or retype the character"
        )
        return None, [Diagnostic(shown, line, col, "error", message)]
    data, positions, problems = parse_yaml(text)
    diags = [Diagnostic(shown, line, col, "error", msg) for line, col, msg in problems]
    if diags and data is None:
        return None, diags
    if not isinstance(data, dict):
        line, col = positions.find(())
        return None, diags + [
            Diagnostic(
                shown, line, col, "error", "expected keys and values such as 'title: ...' at the top of the file"
            )
        ]
    diags += _comment_problems(shown, data, positions, model, text)
    model_obj, errors = validate(shown, data, positions, model)
    diags += errors
    if model_obj is None and lenient:
        kept = _without_unknown_keys(data, model)
        if kept is not None:
            model_obj, data = model.model_validate(kept), kept
    if model_obj is None or (diags and not lenient):
        return None, diags
    return Document(shown, path.stem, model_obj, positions, data), diags


def _without_unknown_keys(data: Any, model: type[BaseModel]) -> Any | None:
    """``data`` without the keys ``model`` does not know (a misspelt key read as the key it is close to),
    when that makes it valid; else None."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        return data
    unknown = [err for err in errors if err["type"] == "extra_forbidden"]
    if not unknown:
        return None
    kept = copy.deepcopy(data)
    for err in unknown:
        *path, name = err["loc"]
        here = kept
        for part in path:  # pydantic adds the names of union choices: skip what the data lacks
            if isinstance(here, dict) and part in here:
                here = here[part]
            elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
                here = here[part]
        if not (isinstance(here, dict) and name in here):
            return None
        owner = model_at(model, tuple(err["loc"]))
        meant = near_miss(str(name), owner.model_fields) if owner else None
        value = here.pop(name)
        if meant is not None and meant not in here:  # 'audiance:' is read as the 'audience:' it was meant to be
            here[meant] = value
    try:
        model.model_validate(kept)
    except ValidationError:
        return None
    return kept


# --------------------------------------------------------------------------- the whole content folder


_TRANSLATION = re.compile(r"\.[a-z]{2}$")
"""A translation's stem (``coping.es``): loaded with its original by :mod:`generator.languages`."""


def content_files(root: Path) -> dict[str, list[Path]]:
    """The YAML files of each kind folder, sorted by name (translations, ``coping.es.yaml``, apart; never one
    that leads out of the content folder)."""
    return {
        folder: sorted(
            p
            for p in (root / folder).glob("*")
            if p.suffix in CONTENT_SUFFIXES
            and p.is_file()
            and not _TRANSLATION.search(p.stem)
            and inside(root, p)
        )
        if (root / folder).is_dir() and inside(root, root / folder)
        else []
        for folder in KIND_OF_FOLDER
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
        or (len(parts) > 1 and parts[0] in KIND_OF_FOLDER)
        or any(part.startswith(".") or EDITOR_LEFTOVER.search(part) for part in parts)
        or not inside(root, path)
    )


def stray_files(root: Path, shown: Callable[[Path], str] = str) -> tuple[list[Diagnostic], list[str]]:
    """Errors and notes for what in the content folder is not a content file.

    A link that leads out of the folder is an error (its target would be read or published);
    in the folders of topics, quizzes and worksheets, anything but a ``.yaml`` file is an
    error (an editor's backup is a note); a ``.YAML`` file or a folder named like a content
    file is an error that says how to fix it. Names starting with "." are left alone (MkDocs
    ignores them too). ``shown`` turns a path into the text a message shows.
    """
    survey = _Survey(root, shown)
    if root.is_dir():
        for child in sorted(root.iterdir()):
            survey.visit(child, 1)
    return survey.errors, survey.notes


@dataclass
class _Survey:
    """A walk through the content folder for :func:`stray_files`, and what it found."""

    root: Path
    shown: Callable[[Path], str]
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def where(self, path: Path) -> str:  # the link's own place, not its target's
        return str(Path(self.shown(path.parent)) / path.name)

    def error(self, path: Path, message: str) -> None:
        self.errors.append(Diagnostic(self.where(path), 1, 1, "error", message))

    def visit(self, path: Path, depth: int) -> None:
        name = path.name
        if name.startswith("."):
            return
        if path.is_symlink() and not inside(self.root, path):
            try:
                target = str(path.readlink())
            except OSError:
                target = "?"
            self.error(path, f"a link to {target}, outside the content folder, expected the file itself: "
                       "copy it into the content folder, or delete the link")
            return
        if not path.exists():
            self.error(path, "a link to a file that does not exist, expected a file: delete the link")
            return
        if EDITOR_LEFTOVER.search(name):
            self.notes.append(f"{self.where(path)}:1:1: note: an editor's backup copy, not read and not published; "
                              "delete it when you no longer need it")
            return
        kind_folder = depth == 2 and path.parent.name in KIND_OF_FOLDER
        if path.is_dir():
            self.folder(path, depth, kind_folder=kind_folder)
        elif path.suffix not in CONTENT_SUFFIXES:
            self.file(path, depth, kind_folder=kind_folder)

    def folder(self, path: Path, depth: int, *, kind_folder: bool) -> None:
        name = path.name
        if path.suffix.lower() in CONTENT_SUFFIXES and depth <= 2:
            self.error(path, f"a folder named like a content file, expected a file: '{name}' is a folder, "
                       "so it is not read; put the content in a file of that name instead")
        elif kind_folder:
            self.error(path, f"a folder inside {path.parent.name}/ is not read, expected each "
                       f"{KIND_OF_FOLDER[path.parent.name].name} as a .yaml file straight in {path.parent.name}/")
        elif not path.is_symlink():  # a link to a folder inside: its files are visited where they are
            for child in sorted(path.iterdir()):
                self.visit(child, depth + 1)

    def file(self, path: Path, depth: int, *, kind_folder: bool) -> None:
        """A file that is not a ``.yaml`` or ``.yml`` content file."""
        if path.suffix.lower() in CONTENT_SUFFIXES and (kind_folder or depth == 1):
            self.error(path, f"the name ends in '{path.suffix}', expected lower-case '{path.suffix.lower()}': "
                       f"rename it to {path.name.lower()}")
        elif kind_folder:
            self.error(path, f"not a content file: only .yaml files in {path.parent.name}/ are read, and nothing "
                       "else there is published; expected it moved out of the content folder, or deleted")


LoadCache = dict[Path, tuple[Any, Any]]
"""Each file's last load, keyed by its path, stamped with its bytes' hash (see :func:`load_content`)."""


def load_file_cached(
    path: Path, model: type[M], *, display: str, cache: LoadCache | None, lenient: bool = False
) -> tuple[Document[M] | None, list[Diagnostic]]:
    """:func:`load_file`, reusing the last result when the file's bytes, name and model are the same."""
    if cache is None:
        return load_file(path, model, display=display, lenient=lenient)
    try:
        stamp = (hashlib.sha1(path.read_bytes()).digest(), display, model, lenient)
    except OSError:
        return load_file(path, model, display=display, lenient=lenient)
    hit = cache.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]  # type: ignore[no-any-return]
    result = load_file(path, model, display=display, lenient=lenient)
    cache[path] = (stamp, result)
    return result


def stand_in_site(path: str) -> Document[SiteSettings]:
    """Default site settings for a site.yaml that has errors: the other files are checked against these.

    Nothing that needs the site's own settings (categories, crisis lines, disclaimers) is judged with them.
    """
    model = SiteSettings.model_construct(
        language=None,
        crisis_regions=[],
        region="",
        disclaimer="",
        quiz_disclaimer="",
        home_intro=None,
        categories=[],
        allow_html=False,
        quick_exit=None,
        remember_color_scheme=False,
    )
    return Document(path, "site", model, Positions(), {})


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
    site_path, site_doc = _load_site(root, shown, cache, diags)
    files = content_files(root)
    loaded = {folder: _load_kind(folder, paths, shown, cache, diags) for folder, paths in files.items()}
    content = Content.of_folders(
        root,
        site_doc or stand_in_site(shown(site_path or root / "site.yaml")),
        loaded,
        site_loaded=site_doc is not None,
    )
    # Cross-check what did load against every file that exists, so one run reports everything.
    existing = {folder: {p.stem for p in paths} for folder, paths in content_files(root).items()}
    diags += check_references(content, existing)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise ContentError(diags, partial=content)
    content.warnings = diags
    content.notes = notes
    return content


def _load_site(
    root: Path, shown: Callable[[Path], str], cache: LoadCache | None, diags: list[Diagnostic]
) -> tuple[Path | None, Document[SiteSettings] | None]:
    """site.yaml (or site.yml): its path and document, when there is one and it loads; problems go to ``diags``."""
    names = ("site.yaml", "site.yml")
    site_path = next((root / n for n in names if (root / n).is_file() and inside(root, root / n)), None)
    if site_path is None:
        if not any(d.path.endswith(names) for d in diags):  # a link out is reported already
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
        return None, None
    site_doc, errs = load_file_cached(site_path, SiteSettings, display=shown(site_path), cache=cache, lenient=True)
    diags += errs
    return site_path, site_doc


def _load_kind(
    folder: str, paths: list[Path], shown: Callable[[Path], str], cache: LoadCache | None, diags: list[Diagnostic]
) -> dict[str, Document[Any]]:
    """The documents of one kind folder that load, by slug; problems go to ``diags``."""
    loaded: dict[str, Document[Any]] = {}
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
        if p.stem in loaded:
            diags.append(
                Diagnostic(disp, 1, 1, "error", f"'{p.stem}' is given twice (.yaml and .yml), expected one file")
            )
            continue
        doc, errs = load_file_cached(p, KIND_OF_FOLDER[folder].model, display=disp, cache=cache, lenient=True)
        diags += errs
        if doc is not None:
            loaded[p.stem] = doc
    return loaded
