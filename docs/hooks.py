"""MkDocs hooks for guidecraft's own documentation: the reference pages, made from the code.

Each reference page is generated at build time (``on_files``, as ``File.generated``), so it
cannot drift from what guidecraft does:

- the content files (``site.yaml``, topics, quizzes, worksheets) from the pydantic models
  in ``generator/models.py`` (their JSON Schemas give types and limits; each field's
  description is its docstring line), with an example of each field taken from the bundled
  site and the test fixtures;
- the plugin options from ``GuidecraftConfig`` in ``generator/plugin.py``;
- the command line from its argparse parser (``generator.cli.build_parser``);
- the lint kinds from ``LINT_KINDS`` and the docstring of ``generator/lint.py``.

Anything left undocumented (a field or option without a description, a lint kind the
docstring does not explain) stops the build with a message that names it.
"""

from __future__ import annotations

import argparse
import ast
import functools
import inspect
import re
import textwrap
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from generator import models
from generator.kinds import CONTENT_KINDS

ROOT = Path(__file__).resolve().parent.parent
"""The checkout: examples come from its bundled site and test fixtures."""


class UndocumentedError(Exception):
    """Something the reference must show has no description in the code."""


# --------------------------------------------------------------------------- content models


@dataclass(frozen=True)
class FieldDoc:
    name: str
    anchor: str
    type_md: str
    required: bool
    default: str | None
    limits: tuple[str, ...]
    description: str
    example: str | None


@dataclass(frozen=True)
class ModelDoc:
    name: str
    anchor: str
    summary: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class ContentPage:
    """One reference page: a top-level model and where its files live."""

    path: str
    title: str
    files: str
    model: type[BaseModel]
    intro: str


CONTENT_PAGES = (
    ContentPage(
        "reference/site-yaml.md",
        "site.yaml",
        "content/site.yaml",
        models.SiteSettings,
        "Site-wide settings: crisis lines, disclaimers, categories, reader safety. There is one per site.",
    ),
    ContentPage(
        "reference/topic.md",
        "Topic files",
        "content/topics/SLUG.yaml",
        models.Topic,
        "A topic page. The file name (SLUG) is the end of the page's address.",
    ),
    ContentPage(
        "reference/quiz.md",
        "Quiz files",
        "content/quizzes/SLUG.yaml",
        models.Quiz,
        "A self-assessment quiz, scored on the reader's device. See "
        "[How quizzes are scored](../explanation/quiz-scoring.md) for what the rules do together.",
    ),
    ContentPage(
        "reference/worksheet.md",
        "Worksheet files",
        "content/worksheets/SLUG.yaml",
        models.Worksheet,
        "A worksheet to fill in on screen, print, or download as a PDF.",
    ),
)

_TEXT_KINDS = {
    models.PROSE_MAX: "Markdown",
    models.LINE_MAX: "text, one line",
    models.TITLE_MAX: "title, one line",
}


def anchor(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9_]+", "-", p.lower()).strip("-") for p in parts)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def describe_type(schema: dict[str, Any]) -> str:
    """A JSON Schema fragment in words, with links to the models it names."""
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        return f"[{name}](#{anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            if {s.get("type") for s in options} == {"integer", "number"}:
                return "number (whole or decimal)"
            return " or ".join(describe_type(s) for s in options)
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if schema.get("pattern") == models.SLUG_PATTERN:
            return "name (a-z, 0-9 and hyphens)"
        if "pattern" in schema:
            return f"text matching `{schema['pattern']}`"
        return _TEXT_KINDS.get(schema.get("maxLength", 0), "text")
    if kind == "integer":
        return "whole number"
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "array":
        return "list of " + describe_type(schema.get("items", {}))
    if kind == "object":
        values = next(iter(schema.get("patternProperties", {}).values()), schema.get("additionalProperties", {}))
        return "map of name (a-z, 0-9 and hyphens) to " + describe_type(values or {})
    raise UndocumentedError(f"no words for the schema {schema!r}")


def describe_limits(schema: dict[str, Any]) -> tuple[str, ...]:
    """Lengths, counts and ranges from a JSON Schema fragment (and its non-null option)."""
    options = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
    if len(options) == 1:
        schema = {**options[0], **{k: v for k, v in schema.items() if k != "anyOf"}}
    found = []

    def span(low: Any, high: Any, unit: str) -> str | None:
        if unit == "items" and 1 in (low, high) and not (low is not None and high is not None):
            unit = "item"
        if low is not None and high is not None:
            return f"{low} to {high} {unit}"
        if low is not None:
            return f"at least {low} {unit}"
        if high is not None:
            return f"at most {high} {unit}"
        return None

    found.append(span(schema.get("minLength"), schema.get("maxLength"), "characters"))
    found.append(span(schema.get("minItems"), schema.get("maxItems"), "items"))
    found.append(span(schema.get("minProperties"), schema.get("maxProperties"), "entries"))
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        found.append(f"from {low} to {high}")
    elif low is not None:
        found.append(f"{low} or more")
    elif high is not None:
        found.append(f"{high} or less")
    items = schema.get("items", {})
    if "$ref" not in items and schema.get("type") == "array":
        each = span(items.get("minLength"), items.get("maxLength"), "characters")
        if each:
            found.append(f"each {each}")
    return tuple(f for f in found if f)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _model_for(annotation: Any, value: Any) -> type[BaseModel] | None:
    """The model a YAML mapping is read as (a worksheet block by its ``kind``)."""
    candidates = list(dict.fromkeys(_models_in(annotation)))
    if not isinstance(value, dict) or not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    for model in candidates:
        kind = model.model_fields.get("kind")
        if kind is not None and value.get("kind") in typing.get_args(kind.annotation):
            return model
    return None


_NOT_AN_EXAMPLE = re.compile(r"TODO|[<>{}]|javascript|pwned|onerror", re.I)


def example_sources(root: Path = ROOT) -> list[tuple[type[BaseModel], Path]]:
    """Content files to take examples from, best first: the bundled site, then the tests' fixtures."""
    folders = {k.folder: k.model for k in CONTENT_KINDS.values()}
    found: list[tuple[type[BaseModel], Path]] = []
    for base in [root / "content", *sorted(p.parent for p in (root / "tests" / "fixtures").rglob("site.yaml"))]:
        found.append((models.SiteSettings, base / "site.yaml"))
        for folder, model in folders.items():
            found += [(model, p) for p in sorted((base / folder).glob("*.yaml"))]
    found += [(models.Quiz, p) for p in sorted((root / "generator" / "templates" / "instruments").glob("*.yaml"))]
    return [(m, p) for m, p in found if p.is_file()]


@functools.lru_cache(maxsize=1)
def field_examples() -> dict[tuple[str, str], Any]:
    """The first value written for each (model, field) in the example sources."""
    examples: dict[tuple[str, str], Any] = {}

    def walk(model: type[BaseModel], data: Any) -> None:
        if not isinstance(data, dict):
            return
        for name, info in model.model_fields.items():
            if name not in data:
                continue
            value = data[name]
            key = (model.__name__, name)
            if key not in examples and not _NOT_AN_EXAMPLE.search(yaml.safe_dump(value, allow_unicode=True)):
                examples[key] = value
            for item in value if isinstance(value, list) else [value]:
                sub = _model_for(info.annotation, item)
                if sub is not None:
                    walk(sub, item)

    for model, path in example_sources():
        try:
            walk(model, yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue  # fixtures that test broken YAML
    return examples


def _shorten(value: Any, depth: int = 0) -> Any:
    """An example cut to a readable size: two list items, one mapping deep, long text ended with '…'."""
    if isinstance(value, str) and len(value) > 80:
        return textwrap.shorten(value, 80, placeholder=" …")
    if isinstance(value, list):
        keep = 1 if any(isinstance(v, (dict, list)) for v in value) else 3
        return [_shorten(v, depth + 1) for v in value[:keep]]
    if isinstance(value, dict):
        if depth >= 2:
            return {k: _shorten(v, depth + 1) for k, v in list(value.items())[:2]}
        return {k: _shorten(v, depth + 1) for k, v in value.items()}
    return value


def example_yaml(name: str, value: Any) -> str:
    text = yaml.safe_dump({name: _shorten(value)}, sort_keys=False, allow_unicode=True, width=1000)
    lines = text.rstrip("\n").splitlines()
    if len(lines) > 14:
        lines = [*lines[:13], "  # ..."]
    return "\n".join(lines)


def model_docs(top: type[BaseModel]) -> list[ModelDoc]:
    """``top`` and every model it contains, in the order they are first reached."""
    schema = top.model_json_schema()
    defs = schema.get("$defs", {})
    classes = {m.__name__: m for m in _all_models(top)}
    examples = field_examples()
    order = [top.__name__]
    docs: list[ModelDoc] = []
    while len(docs) < len(order):
        name = order[len(docs)]
        model = classes[name]
        own = schema if name == top.__name__ else defs[name]
        required = set(own.get("required", []))
        fields = []
        for field_name, info in model.model_fields.items():
            prop = own["properties"][field_name]
            for ref in re.findall(r'"\$ref": "#/\$defs/(\w+)"', _json(prop)):
                if ref not in order:
                    order.append(ref)
            if not info.description:
                raise UndocumentedError(
                    f"{name}.{field_name} has no description: write one as a docstring line under the field "
                    "in generator/models.py"
                )
            default = None
            if prop.get("default") is not None:
                default = yaml.safe_dump(prop["default"], default_flow_style=True).strip().removesuffix("...").strip()
            example = examples.get((name, field_name))
            fields.append(
                FieldDoc(
                    name=field_name,
                    anchor=anchor(name, field_name),
                    type_md=describe_type(prop),
                    required=field_name in required,
                    default=default,
                    limits=describe_limits(prop),
                    description=info.description,
                    example=None if example is None else example_yaml(field_name, example),
                )
            )
        summary = inspect.cleandoc(model.__dict__.get("__doc__") or "")
        docs.append(ModelDoc(name, anchor(name), summary, tuple(fields)))
    return docs


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=False)


def _all_models(top: type[BaseModel]) -> Iterator[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [top]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for info in model.model_fields.values():
            todo += list(_models_in(info.annotation))


def content_page(page: ContentPage) -> str:
    docs = model_docs(page.model)
    out = [
        f"# {page.title}: `{page.files}`",
        "",
        page.intro,
        "",
        "This page is made from guidecraft's content models each time these docs are built, so it always "
        "matches what `guidecraft check` accepts. The same models make the JSON Schemas your editor uses "
        "([set it up](../how-to/editor.md)). Examples come from the bundled site and the tests.",
        "",
        "| Section | Fields |",
        "| --- | --- |",
    ]
    for doc in docs:
        names = ", ".join(f"[`{f.name}`](#{f.anchor})" for f in doc.fields)
        out.append(f"| [{doc.name}](#{doc.anchor}) | {names} |")
    for doc in docs:
        out += ["", f"## {doc.name} {{ #{doc.anchor} }}", ""]
        if doc.summary:
            out += [doc.summary, ""]
        for f in doc.fields:
            meta = ["**Required**" if f.required else "Optional", f.type_md, *f.limits]
            if f.default is not None:
                meta.append(f"default `{f.default}`")
            out += [f"### `{f.name}` {{ #{f.anchor} }}", "", " · ".join(meta), "", f.description, ""]
            if f.example is not None:
                out += ["```yaml", f.example, "```", ""]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- plugin options


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The string written under each attribute of a class body (how MkDocs' own configs document options)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    found = {}
    for node, after in zip(body, body[1:], strict=False):
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if (
            isinstance(target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[target.id] = inspect.cleandoc(after.value.value)
    return found


def _rst_to_md(text: str) -> str:
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def describe_option(option: Any) -> str:
    from mkdocs.config import config_options as c

    if isinstance(option, c.Optional):
        return describe_option(option.option)
    if isinstance(option, c.ListOfItems):
        return "list of " + describe_option(option.option_type)
    if isinstance(option, c.Choice):
        return "one of " + ", ".join(f"`{v}`" for v in option.choices)
    if isinstance(option, c.Type):
        kind = option._type
        return {bool: "`true` or `false`", str: "text (a folder, relative to mkdocs.yml)"}.get(kind, kind.__name__)
    if type(option).__name__ == "_TrueFalseAuto":
        return "`true`, `false` or `auto`"
    raise UndocumentedError(f"no words for the option type {type(option).__name__}")


def plugin_page() -> str:
    from generator.plugin import GuidecraftConfig

    docs = attribute_docstrings(GuidecraftConfig)
    rows = []
    defaults = []
    for name, option in GuidecraftConfig._schema:
        if name not in docs:
            raise UndocumentedError(f"plugin option {name} has no docstring in generator/plugin.py")
        default = option.default
        shown = {True: "true", False: "false", None: "not set"}.get(default, default) if not isinstance(
            default, list
        ) else "[]"
        rows.append(f"| `{name}` | {describe_option(option)} | `{shown}` | {_rst_to_md(docs[name])} |")
        if default is not None:
            defaults.append(f"      {name}: {shown}")
    return "\n".join(
        [
            "# Plugin options",
            "",
            "The plugin works with no options (`plugins: [guidecraft]`). Each option goes under `- guidecraft:` "
            "in `mkdocs.yml`. This table is made from the plugin's own configuration class each time these docs "
            "are built.",
            "",
            "| option | value | default | what it does |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
            "Every option with its default, written out:",
            "",
            "```yaml",
            "plugins:",
            "  - guidecraft:",
            *defaults,
            "```",
            "",
            "See also: [turn a lint off](../how-to/turn-a-lint-off.md), [search](../how-to/search.md), "
            "[worksheet PDFs](../how-to/worksheet-pdfs.md).",
            "",
        ]
    )


# --------------------------------------------------------------------------- command line


def _subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name, ""), sub


def _option_row(action: argparse.Action) -> str | None:
    if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
        return None
    if action.option_strings:
        names = ", ".join(f"`{o}`" for o in action.option_strings)
        if action.nargs != 0 and action.metavar:
            names += f" `{action.metavar}`"
    else:
        names = f"`{action.metavar or action.dest}`"
    text = action.help or ""
    if action.choices and "{" not in text:
        text += " (" + ", ".join(f"`{c}`" for c in action.choices) + ")"
    return f"| {names} | {text.replace('|', '&#124;')} |"


def cli_page() -> str:
    from generator.cli import build_parser

    parser = build_parser()
    wide = functools.partial(argparse.HelpFormatter, width=88)
    out = [
        "# The `guidecraft` command",
        "",
        f"{parser.description} Run it in the site's folder (the one with `mkdocs.yml`). "
        "This page is made from the command's own parser each time these docs are built; "
        "`guidecraft COMMAND --help` prints the same.",
        "",
        "| command | what it does |",
        "| --- | --- |",
    ]
    subs = list(_subcommands(parser))
    out += [f"| [`guidecraft {name}`](#{name}) | {text} |" for name, text, _ in subs]
    out += [
        "",
        "Exit status: 0 when all went well; 1 when problems were found (errors, or warnings with `--strict`) "
        "or the command could not do its work; 2 when the command line itself is wrong.",
    ]
    for name, text, sub in subs:
        sub.formatter_class = wide
        usage = sub.format_usage().removeprefix("usage: ").strip()
        out += ["", f"## `guidecraft {name}` {{ #{name} }}", "", sub.description or text, "", "```text", usage, "```"]
        rows = [r for r in (_option_row(a) for a in sub._actions) if r]
        if rows:
            out += ["", "| argument | what it does |", "| --- | --- |", *rows]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- lint kinds


def lint_descriptions() -> dict[str, str]:
    """Each lint kind's paragraph from generator/lint.py's module docstring."""
    from generator import lint

    found = {}
    for match in re.finditer(r"^``([a-z-]+)``\n((?:    .*\n?)+)", lint.__doc__ or "", re.M):
        found[match.group(1)] = _rst_to_md(" ".join(line.strip() for line in match.group(2).splitlines()))
    missing = [k for k in lint.LINT_KINDS if k not in found]
    if missing:
        raise UndocumentedError(
            f"lint kinds {', '.join(missing)} are not described in the docstring of generator/lint.py"
        )
    return {k: found[k] for k in lint.LINT_KINDS}


def lint_page() -> str:
    rows = [f"| `{kind}` | {text} |" for kind, text in lint_descriptions().items()]
    return "\n".join(
        [
            "# Lint kinds",
            "",
            "`guidecraft check` and the build report these **warnings**: the content is valid, but falls short "
            "of what readers need or of health-information standards (a review cycle, sources, named reviewers, "
            "plain language). Warnings do not stop `mkdocs build` unless it runs with `--strict`, which is how "
            "the Pages workflow publishes. Errors, which always stop the build, are listed in "
            "[error messages](error-messages.md).",
            "",
            "This table is made from `generator/lint.py` each time these docs are built.",
            "",
            "| kind | warns when |",
            "| --- | --- |",
            *rows,
            "",
            "To stop the build reporting a kind, see [turn a lint off](../how-to/turn-a-lint-off.md).",
            "",
        ]
    )


def _summary(obj: Any) -> str:
    """The first paragraph of an object's docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n")[0].replace("\n", " ").strip()
    if not first:
        raise UndocumentedError(f"generator.{getattr(obj, '__name__', obj)} is public but has no docstring")
    return first.replace("|", "\\|")


def _kind_of(obj: Any) -> str:
    if inspect.isclass(obj):
        return "protocol" if getattr(obj, "_is_protocol", False) else "class"
    return "function"


def _literal_block(text: str) -> Iterator[str]:
    """The indented lines after a docstring's ``::``, up to the first line that is not indented."""
    for line in text.split("\n")[1:]:
        if line.strip() and not line.startswith(" "):
            return
        yield line


def api_page() -> str:
    import generator

    rows = [
        f"| `{name}` | {_kind_of(getattr(generator, name))} | `{getattr(generator, name).__module__}` | "
        f"{_rst_to_md(_summary(getattr(generator, name)))} |"
        for name in sorted(generator.__all__, key=str.casefold)
    ]
    example = textwrap.dedent("\n".join(_literal_block((inspect.getdoc(generator) or "").split("::", 1)[1])))
    return "\n".join(
        [
            "# Python API",
            "",
            "Most sites need no Python: `mkdocs.yml`, the `guidecraft` command and the content files are the whole "
            "interface. For tools around a site (a check in another CI system, a report of review dates), the "
            "package `generator` names its public API in `__all__`; everything else may change between releases.",
            "",
            "```python",
            example.strip("\n"),
            "```",
            "",
            "This table is made from `generator/__init__.py` each time these docs are built.",
            "",
            "| name | what | defined in | what it is for |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
        ]
    )


# --------------------------------------------------------------------------- MkDocs


REFERENCE_PAGES: dict[str, Callable[[], str]] = {
    **{page.path: functools.partial(content_page, page) for page in CONTENT_PAGES},
    "reference/plugin-options.md": plugin_page,
    "reference/cli.md": cli_page,
    "reference/lint-kinds.md": lint_page,
    "reference/python-api.md": api_page,
}
"""Generated page path (under docs_dir) to the function that writes it."""


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Material's search dialog as guidecraft's theme layer fixes it (an accessible name; axe: aria-dialog-name)."""
    from jinja2 import ChoiceLoader, DictLoader

    fixed = (ROOT / "generator" / "theme" / "partials" / "search.html").read_text(encoding="utf-8")
    env.loader = ChoiceLoader([DictLoader({"partials/search.html": fixed}), env.loader])
    return env


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    for path, make in REFERENCE_PAGES.items():
        try:
            content = make()
        except UndocumentedError as exc:
            raise PluginError(f"docs reference: {exc}") from exc
        old = files.get_file_from_path(path)
        if old is not None:
            files.remove(old)
        files.append(File.generated(config, path, content=content))
    # guidecraft's palette and its fixes to stock Material, as every site gets them (docs.css adds the rest)
    palette = (ROOT / "generator" / "assets" / "palette.css").read_bytes()
    files.append(File.generated(config, "assets/palette.css", content=palette))
    return files
