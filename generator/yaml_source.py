"""Reading YAML: one document's text to plain data and the position of every value in it.

Aliases, anchors and tags are refused before anything is built, and so are nesting deeper than
:data:`MAX_DEPTH`, invisible control characters and tabs used for indentation: the work is bounded
by the size of the text. Syntax errors are worded for authors by :mod:`generator.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from .diagnostics import Loc
from .kinds import PROSE_LINK
from .wording import not_a_date, yaml_problem

try:  # libyaml is about 12x faster than the pure-Python parser.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Problem = tuple[int, int, str]
"""A problem found while reading: 1-based line, column, and the message."""


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


def format_loc(loc: Iterable[str | int]) -> str:
    """A place as a message writes it: ``steps.items[0].title``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def walk_strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value in parsed ``data``, with its place."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from walk_strings(v, loc + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from walk_strings(v, loc + (i,))


MAX_DEPTH = 20
"""How deep lists and keys may nest. Real content needs about 6 levels; past this the file is refused."""

_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PROPERTY_START = re.compile(r"[&!]\S")
_TAB_MESSAGE = "a tab is used for indentation, expected spaces; replace the tab with spaces (your editor can do this)"
_TOO_DEEP = (
    f"the lists and keys here are nested more than {MAX_DEPTH} levels deep, expected at most "
    f"{MAX_DEPTH}; check the indentation and the brackets"
)
_EMPTY = (
    "the file is empty, expected keys and values such as 'title: ...'; write the page's keys in it "
    "(guidecraft new makes a file to start from), or delete the file"
)
_PLAIN_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
"""The YAML core tags a content value may have (``tag:yaml.org,2002:str``, ...)."""


class _TooDeep(Exception):
    """Lists and keys nest deeper than :data:`MAX_DEPTH` at ``problem``'s place."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Alias(Exception):
    """A node was reached twice: the file uses a YAML alias."""


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _control_characters(text: str) -> list[Problem]:
    """Characters YAML refuses (NUL and other invisible control codes): one problem per line, where it is."""
    problems: list[Problem] = []
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


def _indent_tabs(text: str) -> list[Problem]:
    """A problem on each line indented with a tab."""
    if "\t" not in text:
        return []
    return [
        (n, line.index("\t") + 1, _TAB_MESSAGE)
        for n, line in enumerate(text.splitlines(), 1)
        if "\t" in line[: len(line) - len(line.lstrip(" \t"))]
    ]


def _may_have_properties(text: str) -> bool:
    """Whether an anchor (&name) or a tag (!name) may start somewhere in ``text``: a quick look before the full one."""
    return any(m.start() == 0 or text[m.start() - 1] in " \t\r\n[{," for m in _PROPERTY_START.finditer(text))


def _token(lines: list[str], line: int, col: int) -> str:
    """The word written at 1-based ``line``, ``col``, for a message."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    word = re.match(r"[^\s,\[\]{}]*", source[col - 1 :])
    text = word.group() if word else ""
    return text if len(text) <= 40 else text[:37] + "..."


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """A YAML syntax error in plain words; the parser's own nesting limit says :data:`MAX_DEPTH`."""
    if "maximum nesting depth" in (exc.problem or ""):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return line, col, _TOO_DEEP
    return yaml_problem(exc, text)


def yaml_properties(text: str) -> list[Problem]:
    """Anchors (&name), aliases (*name) and tags (!name) in ``text``, each a problem at its place.

    Content never needs them: an alias repeats part of the file (and nested aliases can grow a few
    lines into billions of entries), a tag asks for a kind of value that guidecraft does not read,
    and both are most often a value that happens to start with '&', '*' or '!'. The events are
    read one at a time, so nothing is expanded.
    """
    lines = text.splitlines()
    problems: list[Problem] = []
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
                problems.append((line, col, _alias_message(event.anchor, anchors.get(event.anchor))))
                continue
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                problems.append((line, col, _tag_message(lines, line, col)))
            elif anchor is not None:
                problems.append((line, col, _anchor_message(anchor)))
    except yaml.YAMLError:
        pass  # a syntax error: the full parse reports it
    return problems


def _alias_message(anchor: str, written: int | None) -> str:
    where = f" on line {written}" if written else ""
    return (
        f"'*{anchor}' repeats the part marked '&{anchor}'{where} (a YAML alias), "
        "which guidecraft does not allow, expected the text written out in full; write it out here, "
        "or if the text starts with '*', put the whole text in double quotes"
    )


def _tag_message(lines: list[str], line: int, col: int) -> str:
    word = _token(lines, line, col)
    if word.startswith("&"):  # the anchor comes first: find the tag after it
        rest = lines[line - 1][col - 1 + len(word) :]
        word = _token([rest.lstrip()], 1, 1)
    return (
        f"'{word}' is a YAML tag, which guidecraft does not read, expected plain text, a list or keys; "
        f"remove the '{word}' part, or if the text starts with '!', "
        "put the whole text in double quotes"
    )


def _anchor_message(anchor: str) -> str:
    return (
        f"'&{anchor}' marks this part to be repeated elsewhere (a YAML anchor), which guidecraft does "
        f"not allow, expected plain text; remove '&{anchor}', or if the text starts with '&', "
        "put the whole text in double quotes"
    )


def yaml_syntax_problems(text: str) -> list[Problem]:
    """The YAML syntax mistakes in ``text`` (control characters, tabs, quotes, indentation), in plain words.

    For files guidecraft does not read into a model (mkdocs.yml): tags (``!ENV``) and aliases are
    allowed, since MkDocs reads them. Returns ``(line, col, message)`` problems; empty when the text parses.
    """
    refused = _control_characters(text) or _indent_tabs(text)
    if refused:
        return refused
    try:
        yaml.compose(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as exc:
        return [_syntax_problem(exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return [(1, 1, f"YAML syntax: {exc}")]
    return []


def parse_yaml(text: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document into plain data and the position of every node.

    Returns the data, the positions and a list of ``(line, col, message)`` problems. The work is
    bounded by the size of the text: aliases, anchors and tags are refused before anything is
    built, and nesting deeper than :data:`MAX_DEPTH` is refused.
    """
    positions = Positions()
    refused = _control_characters(text) or _indent_tabs(text)
    if not refused and _may_have_properties(text):
        refused = yaml_properties(text)
    if refused:
        return None, positions, refused
    loader = ContentLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, positions, [_syntax_problem(exc, text)]
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        return None, positions, [(1, 1, f"YAML syntax: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, positions, [(1, 1, _EMPTY)]
    builder = _Builder(text, loader, positions)
    try:
        data = builder.build(node, ())
    except _TooDeep as exc:
        return None, positions, [exc.problem]
    except _Alias:
        return None, positions, yaml_properties(text) or [(1, 1, "a part of the file is repeated with a YAML alias")]
    return data, positions, builder.problems


class _Builder:
    """Plain data from a composed YAML document, noting in ``positions`` where each value is written."""

    def __init__(self, text: str, loader: ContentLoader, positions: Positions) -> None:
        self.text = text
        self.loader = loader
        self.positions = positions
        self.problems: list[Problem] = []
        self.lines = text.splitlines() if "#" in text else []
        # lines where a comment follows something: only there can a value have been cut short
        self.commented = {n for n, line in enumerate(self.lines) if "#" in line and not line.lstrip().startswith("#")}
        self.seen: set[int] = set()
        self.kept_ends: list[str] = []  # the lines with their ends, split once when a value holds a link

    def build(self, n: yaml.Node, loc: Loc) -> Any:
        if id(n) in self.seen:
            raise _Alias
        self.seen.add(id(n))
        if len(loc) > MAX_DEPTH:
            raise _TooDeep((*_mark(n), _TOO_DEEP))
        self.positions.values[loc] = _mark(n)
        if isinstance(n, yaml.MappingNode):
            return self._mapping(n, loc)
        if isinstance(n, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(n.value)]
        return self._scalar(n, loc)

    def _mapping(self, n: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in n.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    (*_mark(key_node), "a key must be a plain word, expected 'key: value' like 'title: ...'")
                )
                continue
            key = key_node.value
            if key in first_seen:
                line, _ = first_seen[key]
                self.problems.append(
                    (
                        *_mark(key_node),
                        f"{format_loc(loc + (key,))}: duplicate key '{key}' (first given on line {line}), "
                        "expected each key once",
                    )
                )
                continue
            first_seen[key] = _mark(key_node)
            self.positions.keys[loc + (key,)] = _mark(key_node)
            out[key] = self.build(value_node, loc + (key,))
        return out

    def _scalar(self, n: yaml.Node, loc: Loc) -> Any:
        if n.end_mark.line in self.commented and n.style == "" and isinstance(n, yaml.ScalarNode):
            self._comment_after(n, loc)
        if "](" in n.value:
            if not self.kept_ends:
                self.kept_ends.extend(self.text.splitlines(keepends=True))
            found = _written_links(self.kept_ends, n)
            if found:
                self.positions.links[loc] = found
        if n.tag.startswith("tag:yaml.org,2002:") and n.tag.rsplit(":", 1)[-1] in _PLAIN_TAGS:
            return self._construct(n, loc)
        self.problems.append((*_mark(n), f"{format_loc(loc)}: unsupported YAML tag {n.tag}, expected plain values"))
        self.positions.unreadable.add(loc)
        return None

    def _construct(self, n: yaml.Node, loc: Loc) -> Any:
        """A plain value (text, number, date, true/false, null); one that does not read is a problem."""
        if not n.tag.endswith(":str"):
            self.positions.raw[loc] = n.value
        try:
            return self.loader.construct_object(n, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            if n.tag.endswith("timestamp"):
                message = f"{format_loc(loc)}: {not_a_date(n.value)}"
            else:
                message = f"{format_loc(loc)}: '{n.value}' is not valid ({exc}), expected a plain value"
            self.problems.append((*_mark(n), message))
            self.positions.unreadable.add(loc)
            return n.value

    def _comment_after(self, n: yaml.Node, loc: Loc) -> None:
        """Note a plain value that a ' #' comment cut short (or left empty): words a reader would lose."""
        end = n.end_mark
        source = self.lines[end.line] if end.line < len(self.lines) else ""
        rest = source[end.column :]
        if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#"):
            self.positions.comments[loc] = (end.line + 1, end.column + len(rest) - len(rest.lstrip()) + 1)


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
    for m in PROSE_LINK.finditer(source, start.column, stop):
        offset = m.start(1)
        found.append((start.line + source.count("\n", 0, offset) + 1, offset - source.rfind("\n", 0, offset)))
    return found
