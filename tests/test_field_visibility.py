"""Where each content field shows is declared once, on the model (``Annotated[..., shown(...)]``).

This test reads every page template (and what they include and import) and follows each topic, quiz
and worksheet into it: which variables hold one, through loops, tuples, macros and includes. A
template that shows a field on a page its declaration does not name fails here until the declaration
says so, since live previews re-render only a document's own page when such a field changes
(``OWN_PAGE_FIELDS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import nodes

from generator.incremental import OWN_PAGE_FIELDS
from generator.kinds import CONTENT_KINDS
from generator.loading import load_content
from generator.models import field_pages
from generator.rendering import Renderer

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
TEMPLATES = GENERATOR / "templates"
THEME = GENERATOR / "theme"


# --------------------------------------------------------------------------- what a variable holds


@dataclass(frozen=True)
class Model:
    """A topic, quiz or worksheet: the page's own document, or another one."""

    kind: str
    own: bool


@dataclass(frozen=True)
class Seq:
    item: Any


@dataclass(frozen=True)
class Pair:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Map:
    value: Any


@dataclass(frozen=True)
class Obj:
    attrs: tuple[tuple[str, Any], ...]

    def get(self, name: str) -> Any:
        return dict(self.attrs).get(name)


def own(kind: str) -> Model:
    return Model(kind, True)


def other(kind: str) -> Model:
    return Model(kind, False)


def by_slug(kind: str) -> Seq:
    """``[(slug, model), ...]``, as rendering passes lists of documents."""
    return Seq(Pair((None, other(kind))))


LETTER = Obj((("topics", by_slug("topic")),))
GROUPS = Seq(Pair((None, by_slug("topic"))))

PAGES: dict[str, tuple[str, dict[str, Any]]] = {
    # template: (where another document's fields show, the variables rendering.py passes that hold documents)
    "topic.md.j2": (
        "linking pages",
        {
            "topic": own("topic"),
            "related": by_slug("topic"),
            "worksheets": Map(other("worksheet")),
            "quizzes": by_slug("quiz"),
        },
    ),
    "quiz.md.j2": ("linking pages", {"quiz": own("quiz"), "topic": other("topic")}),
    "worksheet.md.j2": ("linking pages", {"worksheet": own("worksheet"), "topic": other("topic")}),
    "worksheet_pdf.html.j2": ("linking pages", {"worksheet": own("worksheet")}),
    "home.md.j2": (
        "home",
        {
            "groups": GROUPS,
            "categories": GROUPS,
            "quizzes": by_slug("quiz"),
            "worksheets": by_slug("worksheet"),
            "letters": Seq(LETTER),
        },
    ),
    "category.md.j2": ("topic lists", {"topics": by_slug("topic")}),
    "topics-index.md.j2": ("topic lists", {"topics": by_slug("topic"), "letters": Seq(LETTER)}),
    "az-letter.md.j2": ("topic lists", {"letter": LETTER, "letters": Seq(LETTER)}),
    "tags.md.j2": ("tags page", {}),
    "quizzes-index.md.j2": ("index pages", {"quizzes": by_slug("quiz")}),
    "worksheets-index.md.j2": ("index pages", {"worksheets": by_slug("worksheet")}),
    "get-help.md.j2": ("linking pages", {}),
    "about.md.j2": ("linking pages", {}),
    "safer-browsing.md.j2": ("linking pages", {}),
}
GLOBALS: dict[str, Any] = {"tag_index": Obj((("groups", Seq(Obj((("topics", by_slug("topic")),)))),))}
"""What every template sees (``Renderer.env.globals`` and ``_render``) that holds documents."""

GROUPING = {"by_letter", "letter_parts"}
"""Functions that turn ``[(slug, model)]`` into ``[(label, [(slug, model)])]``."""


# --------------------------------------------------------------------------- following them


class Reader:
    """Walks a template's syntax tree and notes each (kind, field) -> {(page, template)}."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), extensions=["jinja2.ext.do"])
        self.found: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.reached: set[str] = set()

    def page(self, name: str) -> None:
        place, variables = PAGES[name]
        self.template(name, place, {**GLOBALS, **variables})

    def template(self, name: str, place: str, scope: dict[str, Any]) -> None:
        self.reached.add(name)
        tree = self.env.parse(self.env.loader.get_source(self.env, name)[0])  # type: ignore[union-attr]
        self.body(tree.body, _State(self, name, place, scope, {}))

    def body(self, body: list[nodes.Node], state: _State) -> None:
        for node in body:
            state.node(node)


@dataclass
class _State:
    reader: Reader
    template: str
    place: str
    scope: dict[str, Any]
    macros: dict[str, tuple[str, nodes.Macro]]

    def child(self, **scope: Any) -> _State:
        return _State(self.reader, self.template, self.place, {**self.scope, **scope}, self.macros)

    def node(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            inner = self.child()
            _bind(node.target, _item(self.expr(node.iter)), inner.scope)
            if node.test is not None:
                inner.expr(node.test)
            for n in node.body:
                inner.node(n)
            for n in node.else_:
                self.node(n)
        elif isinstance(node, nodes.Assign):
            _bind(node.target, self.expr(node.node), self.scope)
        elif isinstance(node, nodes.Include):
            self.reader.reached.add(node.template.value)
            self.reader.template(node.template.value, self.place, dict(self.scope))
        elif isinstance(node, (nodes.FromImport, nodes.Import)):
            self.imports(node)
        elif isinstance(node, nodes.Macro):
            self.macros[node.name] = (self.template, node)
        elif isinstance(node, nodes.Expr):
            self.expr(node)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child)
                else:
                    self.node(child)

    def imports(self, node: nodes.FromImport | nodes.Import) -> None:
        name = node.template.value  # type: ignore[attr-defined]
        self.reader.reached.add(name)
        tree = self.reader.env.parse(self.reader.env.loader.get_source(self.reader.env, name)[0])  # type: ignore[union-attr]
        defined = {m.name: m for m in tree.find_all(nodes.Macro)}
        wanted = node.names if isinstance(node, nodes.FromImport) else list(defined)
        for entry in wanted:
            macro, alias = (entry, entry) if isinstance(entry, str) else entry
            self.macros[alias] = (name, defined[macro])

    def expr(self, e: nodes.Node) -> Any:
        if isinstance(e, nodes.Name):
            return self.scope.get(e.name)
        if isinstance(e, nodes.Getattr):
            return self.attr(self.expr(e.node), e.attr)
        if isinstance(e, nodes.Getitem):
            base = self.expr(e.node)
            self.expr(e.arg)
            if isinstance(base, Map):
                return base.value
            if isinstance(base, Seq):
                return base.item
            if isinstance(base, Pair) and isinstance(e.arg, nodes.Const) and isinstance(e.arg.value, int):
                return base.items[e.arg.value] if e.arg.value < len(base.items) else None
            if isinstance(e.arg, nodes.Const) and isinstance(e.arg.value, str):
                return self.attr(base, e.arg.value)
            return None
        if isinstance(e, nodes.Call):
            return self.call(e)
        if isinstance(e, nodes.Filter):
            for arg in [*e.args, *(kw.value for kw in e.kwargs)]:
                self.expr(arg)
            return self.expr(e.node) if e.node is not None else None  # list, sort, ...: the same items
        if isinstance(e, nodes.CondExpr):
            self.expr(e.test)
            first = self.expr(e.expr1)
            second = self.expr(e.expr2) if e.expr2 is not None else None
            return first or second
        for child in e.iter_child_nodes():
            self.expr(child)
        return None

    def attr(self, base: Any, name: str) -> Any:
        if isinstance(base, Model):
            place = "own page" if base.own else self.place
            self.reader.found.setdefault((base.kind, name), set()).add((place, self.template))
            return None
        if isinstance(base, Obj):
            return base.get(name)
        return None

    def call(self, e: nodes.Call) -> Any:
        args = [self.expr(a) for a in e.args]
        kwargs = {kw.key: self.expr(kw.value) for kw in e.kwargs}
        if isinstance(e.node, nodes.Name) and e.node.name in self.macros:
            where, macro = self.macros[e.node.name]
            scope = {a.name: None for a in macro.args}
            scope |= {a.name: v for a, v in zip(macro.args, args, strict=False)} | kwargs
            inner = _State(self.reader, where, self.place, {**GLOBALS, **scope}, dict(self.macros))
            for n in macro.body:
                inner.node(n)
            return None
        if isinstance(e.node, nodes.Name) and e.node.name in GROUPING and args:
            return Seq(Pair((None, args[0])))
        self.expr(e.node)
        return None


def _item(t: Any) -> Any:
    """What a loop over ``t`` gives (a loop over a dict gives its keys: slugs)."""
    return t.item if isinstance(t, Seq) else None


def _bind(target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
    if isinstance(target, nodes.Name):
        scope[target.name] = value
    elif isinstance(target, nodes.Tuple):
        items = value.items if isinstance(value, Pair) else ()
        for i, part in enumerate(target.items):
            _bind(part, items[i] if i < len(items) else None, scope)


@pytest.fixture(scope="module")
def reader() -> Reader:
    reader = Reader()
    for name in PAGES:
        reader.page(name)
    return reader


# --------------------------------------------------------------------------- the tests


def test_every_template_is_read(reader: Reader) -> None:
    """Each template is a page of PAGES or is included or imported by one; every page template that
    rendering.py names is in PAGES, so a new page cannot escape the check."""
    files = {p.name for p in TEMPLATES.glob("*.j2")}
    assert files <= reader.reached, sorted(files - reader.reached)
    rendering = (GENERATOR / "rendering.py").read_text(encoding="utf-8")
    named = set(re.findall(r'"([\w-]+\.(?:md|html)\.j2)"', rendering))
    assert named <= set(PAGES), sorted(named - set(PAGES))


def _holds_documents(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is or holds a topic, quiz or worksheet (in lists, dicts and frozen dataclasses)."""
    models = tuple(k.model for k in CONTENT_KINDS.values())
    if isinstance(value, models):
        return True
    if depth > 4:
        return False
    if isinstance(value, dict):
        return any(_holds_documents(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_holds_documents(v, depth + 1) for v in value)
    params = getattr(type(value), "__dataclass_params__", None)
    if params is not None and params.frozen:
        return any(_holds_documents(getattr(value, f), depth + 1) for f in type(value).__dataclass_fields__)
    return False


def test_the_table_names_every_variable_that_holds_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render a real site and note what each template is given: each value that holds a topic, quiz or
    worksheet must be in PAGES (or GLOBALS), so the walk above follows it."""
    given: dict[str, set[str]] = {}
    render = jinja2.Template.render

    def noting(template: jinja2.Template, *args: Any, **values: Any) -> str:
        held = {name for name, value in values.items() if _holds_documents(value)}
        given.setdefault(str(template.name), set()).update(held)
        return render(template, *args, **values)

    monkeypatch.setattr(jinja2.Template, "render", noting)
    for fixture in ("golden", "quizzes/content", "worksheets/content"):
        Renderer(load_content(Path(__file__).parent / "fixtures" / fixture)).pages()
    assert {"topic.md.j2", "quiz.md.j2", "worksheet.md.j2", "home.md.j2"} <= set(given)
    for template, names in sorted(given.items()):
        known = set(PAGES[template][1]) | set(GLOBALS)
        assert names <= known, (template, sorted(names - known))


def test_templates_show_fields_only_where_the_models_say(reader: Reader) -> None:
    declared = {k.name: field_pages(k.model) for k in CONTENT_KINDS.values()}
    wrong = []
    for (kind, name), places in sorted(reader.found.items()):
        fields = declared[kind]
        if name not in fields:
            assert not hasattr(CONTENT_KINDS[kind].model, name) or callable(getattr(CONTENT_KINDS[kind].model, name))
            continue
        for place, template in sorted(places):
            if place not in fields[name].on:
                wrong.append(
                    f"{template} shows {kind}.{name} on {place!r}, but the model says {sorted(fields[name].on)}"
                )
    assert not wrong, "\n".join(wrong)


def test_the_reading_sees_each_kind_of_page(reader: Reader) -> None:
    """The walk is not vacuous: fields are followed onto every kind of page, through loops and macros."""
    assert {place for place, _ in reader.found[("topic", "title")]} >= {
        "own page",
        "linking pages",
        "home",
        "topic lists",
        "tags page",
    }
    assert ("own page", "topic.md.j2") in reader.found[("topic", "audience")]
    assert ("index pages", "_macros.j2") in reader.found[("quiz", "summary")]  # through link_list
    assert ("linking pages", "topic.md.j2") in reader.found[("worksheet", "title")]  # a step's worksheet
    assert ("own page", "worksheet_form.html.j2") in reader.found[("worksheet", "blocks")]  # an include


def test_own_page_fields_follow_the_declarations() -> None:
    assert OWN_PAGE_FIELDS == {
        "topics": frozenset(
            {
                "audience",
                "last_reviewed",
                "next_review",
                "authors",
                "reviewers",
                "sources",
                "intro",
                "causes",
                "signs",
                "steps",
                "seek_help",
                "helping_others",
                "faq",
            }
        ),
        "worksheets": frozenset({"purpose", "instructions", "blocks"}),
    }


FRONT_MATTER = {"title", "description", "guidecraft", "guidecraft_quiz", "hide"}
"""What page templates write into a page's front matter (``_macros.j2``'s ``front_matter``)."""


def test_the_theme_sees_documents_only_through_front_matter() -> None:
    """The theme gets no topic, quiz or worksheet: only the front matter of the page it shows, which
    each document's own page writes (its title and summary, read above)."""
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"])
    for path in sorted(THEME.rglob("*.html")):
        tree = env.parse(path.read_text(encoding="utf-8"))
        names = {n.name for n in tree.find_all(nodes.Name)}
        assert not names & {k.name for k in CONTENT_KINDS.values()}, path
        meta = {
            n.attr for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Getattr) and n.node.attr == "meta"
        }
        assert meta <= FRONT_MATTER | {"author"}, (path, meta - FRONT_MATTER)
