"""Wording: what is wrong in a content file, in an author's words, with what was expected and the fix.

YAML syntax errors (:func:`yaml_problem`), pydantic validation errors (:func:`describe_error`), dates
that do not exist and text a comment cut short. Nothing here reads files or knows positions: callers
say where.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types as pytypes
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

if TYPE_CHECKING:
    from .diagnostics import Loc

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


def quoted(key: str, value: str) -> str:
    """``key: "value"`` (or ``- "value"``), shortened for a message."""
    value = value if len(value) <= 40 else value[:37] + "..."
    return f'{key}: "{value}"' if key else f'- "{value}"'


def cut_by_comment(key: str, value: Any, comment: str) -> str:
    """The message for reader-facing text that a ' #' comment cut short (``value``: what is left of it)."""
    whole = f"{value} {comment}" if value else comment
    fix = f"put the whole text in double quotes, like {quoted(key, whole)}"
    if not value:
        return f"the text starts with '#', which starts a comment, so the value is empty, expected text; {fix}"
    fix += " (or, if it is a note for other authors, put only the text before ' #' in double quotes)"
    return (
        "the text stops at ' #', because a space and then '#' starts a comment, so "
        f"'{comment if len(comment) <= 30 else comment[:27] + '...'}' was left out, "
        f"expected the whole text; {fix}"
    )


# --------------------------------------------------------------------------- YAML syntax errors


@dataclass(frozen=True)
class _Spot:
    """A YAML syntax error and the lines around it."""

    exc: yaml.MarkedYAMLError
    lines: list[str]
    line: int
    col: int
    problem: str
    context: str
    source: str
    """The line the error is on."""
    above_n: int
    """The nearest line above with something on it (1-based), or 0."""
    above: str

    def text_at(self, mark: Any) -> tuple[int, int, str]:
        """The 1-based line and column of ``mark``, and the text of that line."""
        line, col = mark.line + 1, mark.column + 1
        return line, col, self.lines[line - 1] if 0 < line <= len(self.lines) else ""


def _spot(exc: yaml.MarkedYAMLError, text: str) -> _Spot:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    above_n = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip() if n <= len(lines)), 0)
    above = lines[above_n - 1] if above_n else ""
    return _Spot(exc, lines, line, col, exc.problem or "", exc.context or "", source, above_n, above)


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """A YAML syntax error in plain words, with the likely fix: (line, col, message)."""
    spot = _spot(exc, text)
    for rule in _YAML_RULES:
        found = rule(spot)
        if found is not None:
            return found
    return _unreadable(spot)  # pragma: no cover - the last rule always answers


def _syntax(line: int, col: int, why: str, fix: str, expected: str = "valid YAML") -> tuple[int, int, str]:
    return line, col, f"YAML syntax: {why}, expected {expected}; {fix}"


def _apostrophe(spot: _Spot) -> tuple[int, int, str] | None:
    """An apostrophe inside single quotes ends the text early: 'It's fine'."""
    lines = spot.lines
    for n in (spot.line, spot.above_n):
        if not 0 < n <= len(lines):
            continue
        m = re.match(r"^(\s*(?:- )?(?:([A-Za-z_][\w-]*):\s+)?)'([^']*)'(?=[^\s'])", lines[n - 1])
        if m:
            text = lines[n - 1][m.end(1) + 1 :].rstrip()
            text = text[:-1] if text.endswith("'") else text
            why = "an apostrophe (') inside text that starts with a single quote ends the text there"
            fix = f"put the whole text in double quotes instead, like {quoted(m.group(2) or '', text)}"
            return _syntax(n, m.end(), why, fix, "the text to end at its last quote mark")
    return None


def _no_space_after_colon(spot: _Spot) -> tuple[int, int, str] | None:
    no_space = re.match(r"^(\s*(?:- )?)([A-Za-z_][\w-]*):(\S.*)$", spot.above)
    if (
        not no_space
        or no_space.group(3).startswith(("/", "\\"))
        or not spot.problem.startswith(("mapping values are not allowed", "could not find expected ':'"))
    ):
        return None
    key = no_space.group(2)
    why = f"there is no space after the colon in '{key}:', so it is not read as a key"
    fix = f"put a space after the colon, like {key}: {no_space.group(3)[:30]}"
    return _syntax(spot.above_n, len(no_space.group(1)) + len(key) + 2, why, fix, "'key: value'")


def _colon_in_text(spot: _Spot) -> tuple[int, int, str] | None:
    """A ': ' inside text, or a key indented deeper than the keys above it."""
    if not spot.problem.startswith("mapping values are not allowed"):
        return None
    before = spot.source[: spot.col - 1]
    first_key = re.match(r"^(\s*)(?:- )?[^\s:#'\"][^:#]*$", before)
    if first_key and spot.above_n and ":" in spot.above:
        indent = len(first_key.group(1))
        above_indent = len(spot.above) - len(spot.above.lstrip())
        why = (
            f"this line is indented by {indent} space{'s' if indent != 1 else ''} where line {spot.above_n} "
            f"has {above_indent}, so the key reads as more of the text above"
        )
        fix = (
            "indent each key by the same number of spaces as the keys beside it; "
            "if this line is more of the text, put the whole text in double quotes"
        )
        return _syntax(spot.line, spot.col, why, fix, "the keys lined up")
    if before.lstrip().startswith(("- ", "-")) or ": " in before:
        why = "there is a colon and a space (': ') inside this text, so it reads as a new key"
    else:
        why = "this line has a colon (':') but is not lined up with the keys around it"
    written = re.match(r"^\s*(?:- )?([A-Za-z_][\w-]*):\s+(.+?)\s*$", spot.source)
    example = 'summary: "Note: this works"'
    if written and '"' not in written.group(2):
        example = quoted(written.group(1), written.group(2))
    fix = (
        f"put the whole text in double quotes, like {example}, or write |- after "
        "the key and put the text on the lines below, indented"
    )
    return _syntax(spot.line, spot.col, why, fix)


def _second_document(spot: _Spot) -> tuple[int, int, str] | None:
    if "another document" not in spot.problem:
        return None
    why = "a line of '---' starts a second part (a new YAML document) here"
    fix = "delete the '---' line: each file holds one page"
    return _syntax(spot.line, spot.col, why, fix, "one document per file")


def _unclosed_quote(spot: _Spot) -> tuple[int, int, str] | None:
    mark = spot.exc.context_mark
    if not ("quoted scalar" in spot.context and "end of stream" in spot.problem and mark):
        return None
    line, col, _ = spot.text_at(mark)
    return _syntax(line, col, "a quote mark opens the text here but never closes it", "add the closing quote mark")


def _bad_escape(spot: _Spot) -> tuple[int, int, str] | None:
    if not ("unknown escape character" in spot.problem or "hexdecimal number" in spot.problem):
        return None
    why = "a backslash (\\) inside double quotes starts an unknown code"
    return _syntax(spot.line, spot.col, why, "use single quotes around the text, or write two backslashes")


def _bad_start(spot: _Spot) -> tuple[int, int, str] | None:
    """Text that starts with a character YAML keeps for itself ('*', '&', '@', '`', ...)."""
    mark = spot.exc.context_mark
    if ("scanning an alias" in spot.context or "scanning an anchor" in spot.context) and mark:
        line, col, source = spot.text_at(mark)
    elif "undefined alias" in spot.problem or "cannot start any token" in spot.problem:
        line, col, source = spot.line, spot.col, spot.source
    else:
        return None
    char = source[col - 1 : col] or "this character"
    return _syntax(line, col, f"text cannot begin with {char!r}", "put the whole text in double quotes")


def _unclosed_bracket(spot: _Spot) -> tuple[int, int, str] | None:
    mark = spot.exc.context_mark
    if not (("flow sequence" in spot.context or "flow mapping" in spot.context) and mark):
        return None
    line, col, _ = spot.text_at(mark)
    why = "a bracket opens a list here but is not closed"
    return _syntax(line, col, why, "close it with ] or }, or write each item on its own line starting with '- '")


def _list_item(spot: _Spot) -> tuple[int, int, str] | None:
    if "expected '-' indicator" not in spot.problem:
        return None
    fix = (
        "indent each list item by the same number of spaces and start it with '- ', "
        "or line this key up with the keys above"
    )
    return _syntax(spot.line, spot.col, "this line is not lined up with the list above it", fix)


def _block_scalar(spot: _Spot) -> tuple[int, int, str] | None:
    if "block scalar" not in spot.context:
        return None
    fix = "put nothing after |- on the same line, and the text on the lines below"
    return _syntax(spot.line, spot.col, "only |- or >- may follow the key here", fix)


def _in_block(spot: _Spot) -> bool:
    return "block mapping" in spot.context or "simple key" in spot.context


def _text_on_own_line(spot: _Spot) -> tuple[int, int, str] | None:
    above = spot.above
    if not _in_block(spot) or not spot.above_n or ":" in above or above.lstrip().startswith(("-", "'", '"', "#")):
        return None
    word = above.strip()
    word = word if len(word) <= 30 else word[:27] + "..."
    why = f"'{word}' is text on a line of its own, not after a key"
    fix = "indent it by two more spaces than the key it belongs to, or put it on the key's line after ': '"
    key_without_colon = re.match(r"([a-z_][a-z0-9_]*) +(\S.*)", above.strip())
    if key_without_colon:  # 'summary Small things': the author forgot the colon after the key
        key, rest = key_without_colon.groups()
        rest = rest if len(rest) <= 30 else rest[:27] + "..."
        fix = f"if '{key}' is a key, put a colon after it, like {key}: {rest}; else {fix}"
    return _syntax(spot.above_n, len(above) - len(above.lstrip()) + 1, why, fix, "'key: value'")


def _misaligned(spot: _Spot) -> tuple[int, int, str] | None:
    if not _in_block(spot):
        return None
    if re.search(r"\S[\"']\s*$", spot.source[: spot.col - 1]):
        why, fix = "the text goes on after its closing quote mark", "put all of the text inside the quotes"
        return _syntax(spot.line, spot.col, why, fix)
    why = "this line is not lined up with the keys around it, or text goes on after a closing quote"
    fix = (
        "line it up with the key above: indent it by the same number of spaces (spaces, not tabs), "
        "or put all of the text inside the quotes"
    )
    return _syntax(spot.line, spot.col, why, fix)


def _unreadable(spot: _Spot) -> tuple[int, int, str]:
    exc = spot.exc
    starts = ""
    if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        starts = f" (it starts on line {exc.context_mark.line + 1})"
    why = f"the file cannot be read here ({spot.problem or 'invalid YAML'})" + starts
    return _syntax(spot.line, spot.col, why, "check the indentation and the quote marks near here")


_YAML_RULES = (
    _apostrophe,
    _no_space_after_colon,
    _colon_in_text,
    _second_document,
    _unclosed_quote,
    _bad_escape,
    _bad_start,
    _unclosed_bracket,
    _list_item,
    _block_scalar,
    _text_on_own_line,
    _misaligned,
    _unreadable,
)
"""The likely causes of a YAML syntax error, most telling first: the first that fits words the message."""


# --------------------------------------------------------------------------- validation errors

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


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last part of ``loc``."""
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
        current = _unwrap(current)
        if isinstance(current, list):
            current = current[0] if current else None
        if isinstance(current, dict):  # tagged union: pick by tag in the loc
            tag = next((p for p in loc if isinstance(p, str) and p in current), None)
            current = current.get(tag) if tag else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Optional/list/Annotated to the model (or a tag->model dict for unions)."""
    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (list, tuple):
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, pytypes.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = {}
            for a in args:
                a = _unwrap(a)
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
    found = []
    for field_name, info in owner.model_fields.items():
        inner = _unwrap(info.annotation)
        models = inner.values() if isinstance(inner, dict) else [inner]
        if any(isinstance(m, type) and issubclass(m, BaseModel) and name in m.model_fields for m in models):
            found.append(field_name)
    return found


def near_miss(name: str, allowed: Iterable[str]) -> str | None:
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
                f"{raw} is read as {_plain_kind(got)}, expected text; put it in quotes, as in {quoted(str(key), raw)}"
            )
        if isinstance(got, dict) and len(got) == 1:
            ((k, v),) = got.items()
            if isinstance(k, str) and isinstance(v, (str, type(None))):
                written = f"{k}: {v}" if v is not None else f"{k}:"
                return (
                    "there is a colon and a space (': ') inside this text, so it reads as a key and a value, "
                    f"expected text; put the whole text in double quotes, like {quoted(str(key), written)}"
                )
        if isinstance(got, list):
            return (
                f"{what} is a list, expected text; write the text without '- ' or brackets, "
                "or if it starts with '[', put the whole text in double quotes"
            )
        if isinstance(got, dict):
            return f"{what} holds keys and values, expected text; write the text on one line after '{key}: '"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        inner = model_at(model, loc + ("",))
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
        return _unknown_key(loc, model)
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return _unknown_block_kind(kind, loc, ctx, model)
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


def _unknown_key(loc: Loc, model: type[BaseModel]) -> str:
    """A key the model does not know: the key it is close to, or the field it belongs inside."""
    name = str(loc[-1])
    owner = model_at(model, loc)
    allowed = sorted(owner.model_fields) if owner else []
    close = near_miss(name, allowed)
    if close:
        hint = f", did you mean '{close}'?"
    else:
        homes = _fields_holding(owner, name) if owner else []
        hint = f"; '{name}' goes inside {' or '.join(homes)}, indented under it;" if homes else ","
    return f"unknown key '{name}'{hint} expected one of: {', '.join(allowed)}" if allowed else f"unknown key '{name}'"


def _unknown_block_kind(kind: str, loc: Loc, ctx: dict[str, Any], model: type[BaseModel]) -> str:
    """A block (of a worksheet) whose 'kind:' is missing or unknown."""
    last = max((i for i, p in enumerate(loc) if isinstance(p, str)), default=-1)
    owner = model_at(model, loc[: last + 1]) if last >= 0 else None
    field_name = str(loc[last]) if last >= 0 else ""
    info = owner.model_fields.get(field_name) if owner else None
    tags = _unwrap(info.annotation) if info else None
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
