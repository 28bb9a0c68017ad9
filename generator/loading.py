"""Loading: YAML files to validated models, with a file, line and column for every problem."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import functools
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
from .models import READER_TEXT, SiteSettings

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
    raw: dict[Loc, str] = field(default_factory=dict)  # values read as numbers, dates, true/false: as written
    comments: dict[Loc, tuple[int, int]] = field(default_factory=dict)  # plain values a ' #' cut short: the '#'
    links: dict[Loc, list[tuple[int, int]]] = field(default_factory=dict)  # where each '](topic:...' link is written

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

MAX_DEPTH = 20
"""How deep lists and keys may nest. Real content needs about 6 levels; past this the file is refused."""

_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PROPERTY_START = re.compile(r"[&!]\S")
_TAB_MESSAGE = "a tab is used for indentation, expected spaces; replace the tab with spaces (your editor can do this)"


class _Problem(Exception):
    def __init__(self, line: int, col: int, message: str) -> None:
        self.line, self.col, self.message = line, col, message


class _Alias(Exception):
    """A node was reached twice: the file uses a YAML alias."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _control_characters(text: str) -> list[tuple[int, int, str]]:
    """Characters YAML refuses (NUL and other invisible control codes): one problem per line, where it is."""
    problems: list[tuple[int, int, str]] = []
    if not _NOT_TEXT.search(text):
        return problems
    for n, line in enumerate(text.splitlines(), 1):
        found = _NOT_TEXT.search(line)
        if found:
            code = f"U+{ord(found.group()):04X}"
            problems.append(
                (
                    n,
                    found.start() + 1,
                    f"there is an invisible control character ({code}) here, expected only ordinary text; "
                    "delete it (it often comes from copying text out of another program)",
                )
            )
    return problems


def _may_have_properties(text: str) -> bool:
    """Whether an anchor (&name) or a tag (!name) may start somewhere in ``text``: a quick look before the full one."""
    return any(m.start() == 0 or text[m.start() - 1] in " \t\r\n[{," for m in _PROPERTY_START.finditer(text))


def _token(lines: list[str], line: int, col: int) -> str:
    """The word written at 1-based ``line``, ``col``, for a message."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    word = re.match(r"[^\s,\[\]{}]*", source[col - 1 :])
    text = word.group() if word else ""
    return text if len(text) <= 40 else text[:37] + "..."


def yaml_properties(text: str) -> list[tuple[int, int, str]]:
    """Anchors (&name), aliases (*name) and tags (!name) in ``text``, each a problem at its place.

    Content never needs them: an alias repeats part of the file (and nested aliases can grow a few
    lines into billions of entries), a tag asks for a kind of value that guidecraft does not read,
    and both are most often a value that happens to start with '&', '*' or '!'. The events are
    read one at a time, so nothing is expanded.
    """
    lines = text.splitlines()
    problems: list[tuple[int, int, str]] = []
    anchors: dict[str, int] = {}
    try:
        for event in yaml.parse(text, Loader=ContentLoader):
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            anchor = getattr(event, "anchor", None)
            if anchor is not None and not isinstance(event, yaml.AliasEvent):
                anchors.setdefault(anchor, line)
            if problems and problems[-1][0] == line:
                continue  # one problem per line: nested aliases put many on one
            if isinstance(event, yaml.AliasEvent):
                written = anchors.get(event.anchor)
                where = f" on line {written}" if written else ""
                problems.append(
                    (
                        line,
                        col,
                        f"'*{event.anchor}' repeats the part marked '&{event.anchor}'{where} (a YAML alias), "
                        "which guidecraft does not allow, expected the text written out in full; write it out here, "
                        "or if the text starts with '*', put the whole text in double quotes",
                    )
                )
                continue
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                word = _token(lines, line, col)
                if word.startswith("&"):  # the anchor comes first: find the tag after it
                    rest = lines[line - 1][col - 1 + len(word) :]
                    word = _token([rest.lstrip()], 1, 1)
                problems.append(
                    (
                        line,
                        col,
                        f"'{word}' is a YAML tag, which guidecraft does not read, expected plain text, a list or keys; "
                        f"remove the '{word}' part, or if the text starts with '!', "
                        "put the whole text in double quotes",
                    )
                )
            elif anchor is not None:
                problems.append(
                    (
                        line,
                        col,
                        f"'&{anchor}' marks this part to be repeated elsewhere (a YAML anchor), which guidecraft does "
                        f"not allow, expected plain text; remove '&{anchor}', or if the text starts with '&', "
                        "put the whole text in double quotes",
                    )
                )
    except yaml.YAMLError:
        pass  # a syntax error: the full parse reports it
    return problems


def yaml_syntax_problems(text: str) -> list[tuple[int, int, str]]:
    """The YAML syntax mistakes in ``text`` (control characters, tabs, quotes, indentation), in plain words.

    For files guidecraft does not read into a model (mkdocs.yml): tags (``!ENV``) and aliases are
    allowed, since MkDocs reads them. Returns ``(line, col, message)`` problems; empty when the text parses.
    """
    control = _control_characters(text)
    if control:
        return control
    tabs = [
        (n, line.index("\t") + 1, _TAB_MESSAGE)
        for n, line in enumerate(text.splitlines(), 1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]
    if tabs:
        return tabs
    try:
        yaml.compose(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        return [yaml_problem(exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return [(1, 1, f"YAML syntax: {exc}")]
    return []


def parse_yaml(text: str) -> tuple[Any, Positions, list[tuple[int, int, str]]]:
    """Parse one YAML document into plain data and the position of every node.

    Returns the data, the positions and a list of ``(line, col, message)`` problems. The work is
    bounded by the size of the text: aliases, anchors and tags are refused before anything is
    built, and nesting deeper than :data:`MAX_DEPTH` is refused.
    """
    problems: list[tuple[int, int, str]] = []
    positions = Positions()
    unreadable = positions.unreadable
    control = _control_characters(text)
    if control:
        return None, positions, control
    if "\t" in text:
        for n, line in enumerate(text.splitlines(), 1):
            indent = len(line) - len(line.lstrip(" \t"))
            if "\t" in line[:indent]:
                problems.append((n, line.index("\t") + 1, _TAB_MESSAGE))
        if problems:
            return None, positions, problems
    if _may_have_properties(text):
        properties = yaml_properties(text)
        if properties:
            return None, positions, properties
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
        return None, positions, [
            (
                1,
                1,
                "the file is empty, expected keys and values such as 'title: ...'; write the page's keys in it "
                "(guidecraft new makes a file to start from), or delete the file",
            )
        ]

    lines = text.splitlines() if "#" in text else []
    # lines where a comment follows something: only there can a value have been cut short
    commented = {n for n, line in enumerate(lines) if ("#" in line and not line.lstrip().startswith("#"))}
    seen: set[int] = set()
    kept_ends: list[str] = []  # the lines with their ends, split once when a value holds a link

    def comment_after(n: yaml.Node, loc: Loc) -> None:
        """Note a plain value that a ' #' comment cut short (or left empty): words a reader would lose."""
        end = n.end_mark
        source = lines[end.line] if end.line < len(lines) else ""
        rest = source[end.column :]
        if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#"):
            positions.comments[loc] = (end.line + 1, end.column + len(rest) - len(rest.lstrip()) + 1)

    def build(n: yaml.Node, loc: Loc) -> Any:
        if id(n) in seen:
            raise _Alias
        seen.add(id(n))
        if len(loc) > MAX_DEPTH:
            raise _Problem(
                *_mark(n),
                f"the lists and keys here are nested more than {MAX_DEPTH} levels deep, expected at most "
                f"{MAX_DEPTH}; check the indentation and the brackets",
            )
        positions.values[loc] = _mark(n)
        if isinstance(n, yaml.MappingNode):
            out: dict[Any, Any] = {}
            first_seen: dict[Any, tuple[int, int]] = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(
                        (*_mark(key_node), "a key must be a plain word, expected 'key: value' like 'title: ...'")
                    )
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
        if n.end_mark.line in commented and n.style == "" and isinstance(n, yaml.ScalarNode):
            comment_after(n, loc)
        if "](" in n.value:
            if not kept_ends:
                kept_ends.extend(text.splitlines(keepends=True))
            found = _written_links(kept_ends, n)
            if found:
                positions.links[loc] = found
        if n.tag.startswith("tag:yaml.org,2002:") and n.tag.rsplit(":", 1)[-1] in {
            "str",
            "int",
            "float",
            "bool",
            "null",
            "timestamp",
        }:
            if not n.tag.endswith(":str"):
                positions.raw[loc] = n.value
            try:
                return loader.construct_object(n, deep=True)
            except (yaml.constructor.ConstructorError, ValueError) as exc:
                if n.tag.endswith("timestamp"):
                    message = f"{format_loc(loc)}: {not_a_date(n.value)}"
                else:
                    message = f"{format_loc(loc)}: '{n.value}' is not valid ({exc}), expected a plain value"
                problems.append((*_mark(n), message))
                unreadable.add(loc)
                return n.value
        problems.append((*_mark(n), f"{format_loc(loc)}: unsupported YAML tag {n.tag}, expected plain values"))
        unreadable.add(loc)
        return None

    try:
        data = build(node, ())
    except _Problem as exc:
        return None, positions, [(exc.line, exc.col, exc.message)]
    except _Alias:
        return None, positions, yaml_properties(text) or [(1, 1, "a part of the file is repeated with a YAML alias")]
    return data, positions, problems


def _written_links(all_lines: list[str], node: yaml.Node) -> list[tuple[int, int]]:
    """Where each ``](topic:slug)`` link of a text value is written in the file: (line, col) of ``topic:``.

    ``all_lines`` is the file's text split with the line ends kept.
    """
    start, end = node.start_mark, node.end_mark
    lines = all_lines[start.line : end.line + 1]
    source = "".join(lines)
    ends_inside = len(lines) == end.line - start.line + 1  # else it ends with the file
    stop = sum(len(line) for line in lines[:-1]) + end.column if ends_inside else len(source)
    found = []
    for m in _PROSE_LINK.finditer(source, start.column, stop):
        offset = m.start(1)
        found.append((start.line + source.count("\n", 0, offset) + 1, offset - source.rfind("\n", 0, offset)))
    return found


_MONTHS = "January February March April May June July August September October November December".split()


def not_a_date(written: str) -> str:
    """Why ``written`` (read as a date, like 2026-13-01) is no real date, in plain words, with the form expected."""
    expected = "expected a real date written YYYY-MM-DD (year, month, day), like 2026-05-01"
    m = re.match(r"^(\d{4})-(\d\d?)-(\d\d?)", written)
    why = "is not a real date"
    if m:
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            why = f"has month {m.group(2)}, but there are only 12 months (01 to 12)"
        else:
            try:
                dt.date(year, month, day)
            except ValueError:
                why = f"has day {m.group(3)}, but {_MONTHS[month - 1]} {year} has no day {day}"
    return f"'{written}' {why}, {expected}; check the month and the day"


def _quoted(key: str, value: str) -> str:
    """``key: "value"`` (or ``- "value"``), shortened for a message."""
    value = value if len(value) <= 40 else value[:37] + "..."
    return f'{key}: "{value}"' if key else f'- "{value}"'


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """A YAML syntax error in plain words, with the likely fix: (line, col, message)."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem, context = exc.problem or "", exc.context or ""
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    starts = ""
    if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        starts = f" (it starts on line {exc.context_mark.line + 1})"
    # the nearest line above with something on it, and its number
    above_n = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() if n <= len(lines)), 0)
    above = lines[above_n - 1] if above_n else ""
    # an apostrophe inside single quotes ends the text early: 'It's fine'
    apostrophe = next(
        (
            (n, m)
            for n in (line, above_n)
            if 0 < n <= len(lines)
            for m in [re.match(r"^(\s*(?:- )?(?:([A-Za-z_][\w-]*):\s+)?)'([^']*)'(?=[^\s'])", lines[n - 1])]
            if m
        ),
        None,
    )
    no_space = re.match(r"^(\s*(?:- )?)([A-Za-z_][\w-]*):(\S.*)$", above)
    if "maximum nesting depth" in problem:
        why = f"the lists and keys here are nested more than {MAX_DEPTH} levels deep"
        return line, col, f"{why}, expected at most {MAX_DEPTH}; check the indentation and the brackets"
    if apostrophe:
        n, m = apostrophe
        quoted = lines[n - 1][m.end(1) + 1 :].rstrip()
        quoted = quoted[:-1] if quoted.endswith("'") else quoted
        why = "an apostrophe (') inside text that starts with a single quote ends the text there"
        fix = f"put the whole text in double quotes instead, like {_quoted(m.group(2) or '', quoted)}"
        return n, m.end(), f"YAML syntax: {why}, expected the text to end at its last quote mark; {fix}"
    if (
        no_space
        and not no_space.group(3).startswith(("/", "\\"))
        and problem.startswith(("mapping values are not allowed", "could not find expected ':'"))
    ):
        key = no_space.group(2)
        why = f"there is no space after the colon in '{key}:', so it is not read as a key"
        fix = f"put a space after the colon, like {key}: {no_space.group(3)[:30]}"
        return above_n, len(no_space.group(1)) + len(key) + 2, f"YAML syntax: {why}, expected 'key: value'; {fix}"
    if problem.startswith("mapping values are not allowed"):
        before = source[: col - 1]
        first_key = re.match(r"^(\s*)(?:- )?[^\s:#'\"][^:#]*$", before)
        if first_key and above_n and ":" in above:
            indent = len(first_key.group(1))
            above_indent = len(above) - len(above.lstrip())
            why = (
                f"this line is indented by {indent} space{'s' if indent != 1 else ''} where line {above_n} "
                f"has {above_indent}, so the key reads as more of the text above"
            )
            fix = (
                "indent each key by the same number of spaces as the keys beside it; "
                "if this line is more of the text, put the whole text in double quotes"
            )
            return line, col, f"YAML syntax: {why}, expected the keys lined up; {fix}"
        if before.lstrip().startswith(("- ", "-")) or ": " in before:
            why = "there is a colon and a space (': ') inside this text, so it reads as a new key"
        else:
            why = "this line has a colon (':') but is not lined up with the keys around it"
        written = re.match(r"^\s*(?:- )?([A-Za-z_][\w-]*):\s+(.+?)\s*$", source)
        example = 'summary: "Note: this works"'
        if written and '"' not in written.group(2):
            example = _quoted(written.group(1), written.group(2))
        fix = (
            f"put the whole text in double quotes, like {example}, or write |- after "
            "the key and put the text on the lines below, indented"
        )
    elif "another document" in problem:
        why = "a line of '---' starts a second part (a new YAML document) here"
        fix = "delete the '---' line: each file holds one page"
        return line, col, f"YAML syntax: {why}, expected one document per file; {fix}"
    elif "quoted scalar" in context and "end of stream" in problem and exc.context_mark:
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        why, fix = "a quote mark opens the text here but never closes it", "add the closing quote mark"
    elif "unknown escape character" in problem or "hexdecimal number" in problem:
        why = "a backslash (\\) inside double quotes starts an unknown code"
        fix = "use single quotes around the text, or write two backslashes"
    elif ("scanning an alias" in context or "scanning an anchor" in context) and exc.context_mark:
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        char = source[col - 1 : col] or "this character"
        why, fix = f"text cannot begin with {char!r}", "put the whole text in double quotes"
    elif "undefined alias" in problem or "cannot start any token" in problem:
        char = source[col - 1 : col] or "this character"
        why, fix = f"text cannot begin with {char!r}", "put the whole text in double quotes"
    elif ("flow sequence" in context or "flow mapping" in context) and exc.context_mark:
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
        why = "a bracket opens a list here but is not closed"
        fix = "close it with ] or }, or write each item on its own line starting with '- '"
    elif "expected '-' indicator" in problem:
        why = "this line is not lined up with the list above it"
        fix = (
            "indent each list item by the same number of spaces and start it with '- ', "
            "or line this key up with the keys above"
        )
    elif "block scalar" in context:
        why = "only |- or >- may follow the key here"
        fix = "put nothing after |- on the same line, and the text on the lines below"
    elif (
        ("block mapping" in context or "simple key" in context)
        and above_n
        and ":" not in above
        and not above.lstrip().startswith(("-", "'", '"', "#"))
    ):
        word = above.strip()
        word = word if len(word) <= 30 else word[:27] + "..."
        why = f"'{word}' is text on a line of its own, not after a key"
        fix = "indent it by two more spaces than the key it belongs to, or put it on the key's line after ': '"
        key_without_colon = re.match(r"([a-z_][a-z0-9_]*) +(\S.*)", above.strip())
        if key_without_colon:  # 'summary Small things': the author forgot the colon after the key
            key, rest = key_without_colon.groups()
            rest = rest if len(rest) <= 30 else rest[:27] + "..."
            fix = f"if '{key}' is a key, put a colon after it, like {key}: {rest}; else {fix}"
        return above_n, len(above) - len(above.lstrip()) + 1, f"YAML syntax: {why}, expected 'key: value'; {fix}"
    elif ("block mapping" in context or "simple key" in context) and re.search(r"\S[\"']\s*$", source[: col - 1]):
        why = "the text goes on after its closing quote mark"
        fix = "put all of the text inside the quotes"
    elif "block mapping" in context or "simple key" in context:
        why = "this line is not lined up with the keys around it, or text goes on after a closing quote"
        fix = (
            "line it up with the key above: indent it by the same number of spaces (spaces, not tabs), "
            "or put all of the text inside the quotes"
        )
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
    "dict_type": "expected keys and values",
    "model_type": "expected keys and values",
    "model_attributes_type": "expected keys and values",
    "float_type": "expected a number (a whole number, or a decimal such as 3.5)",
    "float_parsing": "expected a number (a whole number, or a decimal such as 3.5)",
    "finite_number": "expected a number (a whole number, or a decimal such as 3.5)",
    "date_type": "expected a date written YYYY-MM-DD, like 2026-05-01",
    "date_parsing": "expected a date written YYYY-MM-DD, like 2026-05-01",
    "date_from_datetime_parsing": "expected a date written YYYY-MM-DD, like 2026-05-01",
    "date_from_datetime_inexact": "expected a date written YYYY-MM-DD, like 2026-05-01, without a time",
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


def _plain_kind(value: Any) -> str:
    """What a value was read as, in an author's words."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "keys and values"
    return "nothing"


def _fields_holding(owner: type[BaseModel], name: str) -> list[str]:
    """The fields of ``owner`` whose parts (one level down) may hold a key called ``name``."""
    import typing

    found = []
    for field_name, info in owner.model_fields.items():
        inner = _unwrap(info.annotation, typing)
        models = inner.values() if isinstance(inner, dict) else [inner]
        if any(isinstance(m, type) and issubclass(m, BaseModel) and name in m.model_fields for m in models):
            found.append(field_name)
    return found


def _near_miss(name: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.65)
    return close[0] if close else None


def _wrong_kind(kind: str, loc: Loc, got: Any, expected: str, model: type[BaseModel], raw: str | None) -> str | None:
    """The message for a value of the wrong kind, with what to write instead; None when nothing better is known."""
    key = loc[-1] if loc and isinstance(loc[-1], str) else ""
    what = "this field" if key else "this list item"
    if got is None:
        where = f"after '{key}: '" if key else "after '- ', or delete the line"
        if kind == "string_type":
            return f"{what} is empty, expected text; write the text {where}"
        return f"{what} is empty, {expected}"
    if kind == "string_type":
        if raw is not None and not isinstance(got, (list, dict)):
            return (
                f"{raw} is read as {_plain_kind(got)}, expected text; put it in quotes, as in {_quoted(str(key), raw)}"
            )
        if isinstance(got, dict) and len(got) == 1:
            ((k, v),) = got.items()
            if isinstance(k, str) and isinstance(v, (str, type(None))):
                written = f"{k}: {v}" if v is not None else f"{k}:"
                return (
                    "there is a colon and a space (': ') inside this text, so it reads as a key and a value, "
                    f"expected text; put the whole text in double quotes, like {_quoted(str(key), written)}"
                )
        if isinstance(got, list):
            return (
                f"{what} is a list, expected text; write the text without '- ' or brackets, "
                "or if it starts with '[', put the whole text in double quotes"
            )
        if isinstance(got, dict):
            return f"{what} holds keys and values, expected text; write the text on one line after '{key}: '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        inner = _model_at(model, loc + ("",))
        keys = [n for n, f in inner.model_fields.items() if f.is_required()] if inner else []
        keys = keys or (list(inner.model_fields)[:2] if inner else [])
        example = " and ".join(f"'{k}:'" for k in keys[:3])
        below = f"keys such as {example}" if example else "keys"
        return f"got {_plain_kind(got)}, expected {below} on the lines below, indented under {what}"
    if kind == "list_type" and isinstance(got, (str, int, float)):
        shown = got if isinstance(got, str) else raw or got
        return (
            f"got {_plain_kind(got)}, {expected}; write it as {key}: [{shown}], or one item per line starting with '- '"
        )
    return None


def describe_error(err: dict[str, Any], model: type[BaseModel], raw: str | None = None) -> str:
    """Turn one pydantic error into 'what is wrong, what was expected'.

    ``raw`` is the value as written in the file, when YAML read it as a number, a date or true/false.
    """
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{loc[-1]}', expected it to be given"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        owner = _model_at(model, loc)
        allowed = sorted(owner.model_fields) if owner else []
        close = _near_miss(name, allowed)
        if close:
            hint = f", did you mean '{close}'?"
        else:
            homes = _fields_holding(owner, name) if owner else []
            hint = f"; '{name}' goes inside {' or '.join(homes)}, indented under it;" if homes else ","
        return (
            f"unknown key '{name}'{hint} expected one of: {', '.join(allowed)}" if allowed else f"unknown key '{name}'"
        )
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        import typing

        last = max((i for i, p in enumerate(loc) if isinstance(p, str)), default=-1)
        owner = _model_at(model, loc[: last + 1]) if last >= 0 else None
        field_name = str(loc[last]) if last >= 0 else ""
        info = owner.model_fields.get(field_name) if owner else None
        tags = _unwrap(info.annotation, typing) if info else None
        expected = ", ".join(f"'{t}'" for t in tags) if isinstance(tags, dict) else ctx.get("expected_tags", "")
        if kind == "union_tag_not_found":
            return f"this block has no 'kind:', expected 'kind:' to be one of {expected}"
        given = ctx.get("tag")
        if not isinstance(given, str):
            return f"unknown block kind, expected 'kind:' to be one of {expected}"
        # stricter than for keys: 'drawing' is not a misspelt 'rating'
        near = difflib.get_close_matches(given, list(tags), n=1, cutoff=0.8) if isinstance(tags, dict) else []
        hint = f", did you mean '{near[0]}'?" if near else ","
        return f"unknown block kind '{given}'{hint} expected 'kind:' to be one of {expected}"
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
    if template:
        if "min_length" in ctx:
            ctx = {**ctx, "ies": "y" if ctx["min_length"] == 1 else "ies"}
        expected = template.format(**ctx)
        if not kind.endswith(("type", "parsing")):
            return expected
        better = _wrong_kind(kind, loc, got, expected, model, raw)
        return better or f"got {_plain_kind(got)}, {expected}"
    return f"{err['msg']}"


def validate(doc_path: str, data: Any, positions: Positions, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate parsed data against ``model``; every error is located in the file.

    A misspelt key gives one error, at its own line: the required key it was meant to be is not
    also reported missing.
    """
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        meant: set[Loc] = set()
        for err in errors:
            if err["type"] == "extra_forbidden":
                loc = tuple(err["loc"])
                owner = _model_at(model, loc)
                close = _near_miss(str(loc[-1]), owner.model_fields) if owner else None
                if close:
                    meant.add(loc[:-1] + (close,))
        diags = []
        said: set[Loc] = set()
        for err in errors:
            loc = tuple(err["loc"])
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
                if err["type"].startswith(("int_", "float_")) and any(
                    tuple(other["loc"])[: len(loc) - 1] == loc[:-1] and other["type"].startswith("float_")
                    for other in errors
                ):
                    err = {**err, "type": "float_parsing" if err["type"].endswith("parsing") else "float_type"}
                err = {**err, "loc": real}
            line, col = positions.find(loc, key=err["type"] == "extra_forbidden")
            prefix = f"{format_loc(real)}: " if loc else ""
            raw = positions.raw.get(real)
            diags.append(Diagnostic(doc_path, line, col, "error", prefix + describe_error(dict(err), model, raw)))
        return None, diags


def reader_text(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the value at ``loc`` is text that readers see (see :data:`~generator.models.READER_TEXT`)."""
    import typing

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
    import types as pytypes
    import typing

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
    import typing

    return typing.get_type_hints(model, include_extras=True)


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
        whole = f"{value} {comment}" if value else comment
        fix = f"put the whole text in double quotes, like {_quoted(key, whole)}"
        if value:
            fix += " (or, if it is a note for other authors, put only the text before ' #' in double quotes)"
            message = (
                "the text stops at ' #', because a space and then '#' starts a comment, so "
                f"'{comment if len(comment) <= 30 else comment[:27] + '...'}' was left out, "
                f"expected the whole text; {fix}"
            )
        else:
            message = f"the text starts with '#', which starts a comment, so the value is empty, expected text; {fix}"
        positions.unreadable.add(loc)
        diags.append(Diagnostic(doc_path, line, col, "error", f"{format_loc(loc)}: {message}"))
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
        owner = _model_at(model, tuple(err["loc"]))
        meant = _near_miss(str(name), owner.model_fields) if owner else None
        value = here.pop(name)
        if meant is not None and meant not in here:  # 'audiance:' is read as the 'audience:' it was meant to be
            here[meant] = value
    try:
        model.model_validate(kept)
    except ValidationError:
        return None
    return kept


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
    site_loaded: bool = True
    """False when site.yaml has errors: ``site`` then holds defaults, so the other files can still be checked."""

    def of_kind(self, kind: str) -> dict[str, Document[Any]]:
        """The documents of one kind, by slug: ``content.of_kind("quiz")``."""
        return getattr(self, CONTENT_KINDS[kind].folder)  # type: ignore[no-any-return]

    def documents(self) -> Iterator[Document[Any]]:
        if self.site_loaded:
            yield self.site
        yield from self.topics.values()
        yield from self.quizzes.values()
        yield from self.worksheets.values()


KINDS: dict[str, type[BaseModel]] = {k.folder: k.model for k in CONTENT_KINDS.values()}
"""Content folder to model, from :data:`~generator.kinds.CONTENT_KINDS`."""


_TRANSLATION = re.compile(r"\.[a-z]{2}$")
"""A translation's stem (``coping.es``): loaded with its original by :mod:`generator.languages`."""


def content_files(root: Path) -> dict[str, list[Path]]:
    """The YAML files of each kind, sorted by name (translations, ``coping.es.yaml``, apart; never one
    that leads out of the content folder)."""
    return {
        kind: sorted(
            p
            for p in (root / kind).glob("*")
            if p.suffix in CONTENT_SUFFIXES
            and p.is_file()
            and not _TRANSLATION.search(p.stem)
            and inside(root, p)
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
        site_doc, errs = load_file_cached(
            site_path, SiteSettings, display=shown(site_path), cache=cache, lenient=True
        )
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
            doc, errs = load_file_cached(p, KINDS[kind], display=disp, cache=cache, lenient=True)
            diags += errs
            if doc is not None:
                loaded[kind][p.stem] = doc

    content = Content(
        root,
        site_doc or stand_in_site(shown(site_path or root / "site.yaml")),
        **loaded,  # type: ignore[arg-type]  # one dict per kind, by folder
        site_loaded=site_doc is not None,
    )
    # Cross-check what did load against every file that exists, so one run reports everything.
    existing = {kind: {p.stem for p in paths} for kind, paths in content_files(root).items()}
    diags += check_references(content, existing)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise ContentError(diags, partial=content)
    content.warnings = diags
    content.notes = notes
    return content


# --------------------------------------------------------------------------- cross references

_PROSE_LINK = re.compile(rf"\]\(\s*({'|'.join(CONTENT_KINDS)}):([^)\s#]*)")


def walk_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string in parsed YAML ``data``, with its location."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from walk_strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk_strings(v, loc + (i,))


_SHOWN_NAMES = 10
"""How many names an 'unknown topic' message lists: a site with a thousand topics gets a short line."""


def _names_list(names: set[str]) -> str:
    shown = sorted(names)
    if len(shown) > _SHOWN_NAMES:
        return ", ".join(shown[:_SHOWN_NAMES]) + f", ... ({len(shown)} in all)"
    return ", ".join(shown) or "none yet"


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
            have = _names_list(names[kind])
            fix = (
                f"write the file name of a {kind} that exists, without .yaml, "
                f"or take it out if that {kind} was deleted"
            )
            diags.append(doc.error(loc, f"unknown {kind} '{slug}'{hint} expected one of: {have}; {fix}"))

    for doc in content.topics.values():
        t = doc.model
        if t.category is not None and t.category not in categories and content.site_loaded:
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
        for loc, text in walk_strings(any_doc.data):
            links = list(_PROSE_LINK.finditer(text))
            written = any_doc.positions.links.get(loc, [])
            for n, m in enumerate(links):
                before = len(diags)
                need(any_doc, loc, m.group(1), m.group(2))
                if len(diags) > before and len(written) == len(links):  # at the link itself, not the text's start
                    line, col = written[n]
                    diags[-1] = dataclasses.replace(diags[-1], line=line, col=col)
    return diags
