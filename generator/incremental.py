"""Incremental rebuilds: what a saved content file reaches, worked out by the core.

A live preview (``guidecraft serve``) keeps the last good :class:`~generator.site.Site` in a
:class:`LiveSite`. When topic, quiz or worksheet files change, :meth:`LiveSite.update`
loads only those files, checks only their references, re-renders only the pages that can
show something from them, and reports which generated pages' Markdown changed and whether
the nav did. The engine adapter rebuilds those pages; the core never imports an engine.

What a change reaches (a superset, so nothing goes stale):

- the changed document's own page;
- every page of a document within two references of it, either way (a topic's related
  topics, its quizzes and worksheets, a quiz's next steps, ``topic:`` links in prose, and
  the documents that name it): two, because a topic page shows its quizzes, and a quiz
  shows the titles of its next steps;
- every site page (home, category, tags, quizzes and worksheets indexes, help, about);
- every topic page when a tag's anchor id changed (each topic page links its tags).

The new Markdown of each of these is compared with the old; only pages whose Markdown
changed are reported. Anything this cannot follow asks for a full rebuild instead: a file
added or deleted, ``site.yaml``, another file in the content folder, a worksheet when PDFs
are on, or a change to which site pages exist.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import pdf
from .diagnostics import ContentError, Diagnostic
from .kinds import CONTENT_KINDS
from .languages import TRANSLATION_NAME, is_translation
from .lint import lint
from .loading import _PROSE_LINK, KINDS, Content, Document, check_references, load_file, walk_strings
from .rendering import GeneratedPage
from .site import Site

Node = tuple[str, str]
"""A document: its folder (``topics``) and slug."""

_FOLDER_OF_KIND = {k.name: k.folder for k in CONTENT_KINDS.values()}
_KIND_OF_FOLDER = {k.folder: k.name for k in CONTENT_KINDS.values()}

OWN_PAGE_FIELDS: dict[str, frozenset[str]] = {
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
"""Fields that only the document's own page shows, by folder: a change confined to them
re-renders that page alone. Every other field (title, summary, tags, category, related,
quizzes, topic; all of a quiz, which topic pages embed) reaches the pages around it.
``tests/test_incremental.py`` changes each of these fields and checks that no other page
changes; a template that shows one of them on another page must take it out of this list."""
_PAGE_MAKERS = {"topics": "topic_page", "quizzes": "quiz_page", "worksheets": "worksheet_page"}


@dataclass
class SiteUpdate:
    """What one change to the content folder reaches."""

    full: str | None = None
    """Why only a full rebuild can be trusted, or ``None``."""
    pages: dict[str, GeneratedPage] = field(default_factory=dict)
    """Generated pages whose Markdown changed, by ``src``."""
    nav_changed: bool = False
    warnings: list[Diagnostic] = field(default_factory=list)
    """Lint warnings for the changed files (the rest of the site's were reported before)."""
    rendered: int = 0
    """How many pages were rendered to find the changed ones."""


class LiveSite:
    """The last good :class:`Site` of a long-running preview, updated file by file."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._refs: dict[Node, set[Node]] | None = None

    # ------------------------------------------------------------------ references

    def _names(self, content: Content) -> dict[str, set[str]]:
        return {k.folder: set(content.of_kind(k.name)) for k in CONTENT_KINDS.values()}

    @staticmethod
    def _refs_of(doc: Document[Any], names: dict[str, set[str]]) -> set[Node]:
        """Every document ``doc`` could name: any string that is a slug, and every prose link."""
        out: set[Node] = set()
        for _, text in walk_strings(doc.data):
            for folder, slugs in names.items():
                if text in slugs:
                    out.add((folder, text))
            if "](" in text:
                for m in _PROSE_LINK.finditer(text):
                    out.add((_FOLDER_OF_KIND[m.group(1)], m.group(2)))
        return out

    def references(self) -> dict[Node, set[Node]]:
        if self._refs is None:
            content = self.site.content
            names = self._names(content)
            self._refs = {
                (folder, slug): self._refs_of(doc, names)
                for folder in KINDS
                for slug, doc in getattr(content, folder).items()
            }
        return self._refs

    @staticmethod
    def _neighbours(nodes: set[Node], out: dict[Node, set[Node]], into: dict[Node, set[Node]]) -> set[Node]:
        found: set[Node] = set()
        for n in nodes:
            found |= out.get(n, set()) | into.get(n, set())
        return found

    # ------------------------------------------------------------------ the update

    def update(self, changed: Iterable[Path]) -> SiteUpdate:
        """Take in changed files of the content folder. Raises :class:`ContentError` (the site stays)."""
        old = self.site
        changed = list(changed)
        if old.multilingual or any(is_translation(p) for p in changed):
            return self._update_languages(changed)
        content = old.content
        root = old.config.content_dir
        by_node: dict[Node, Path] = {}
        for path in changed:
            where = _kind_folder(path, root, pdfs=bool(old.pdfs))
            if isinstance(where, SiteUpdate):
                return where
            folder, slug = where, path.stem
            doc = getattr(content, folder).get(slug)
            if doc is None or not path.is_file() or Path(doc.path).name != path.name:
                return SiteUpdate(full=f"{path.relative_to(root).as_posix()} was added or deleted")
            by_node[(folder, slug)] = path
        if not by_node:
            return SiteUpdate()

        # Load and check only the changed files; references to them still hold (no slug changed).
        diags: list[Diagnostic] = []
        docs: dict[Node, Document[Any]] = {}
        for (folder, slug), path in by_node.items():
            shown = getattr(content, folder)[slug].path
            doc, errs = load_file(path, KINDS[folder], display=shown)
            diags += errs
            if doc is not None:
                docs[(folder, slug)] = doc
        shown_paths = {getattr(content, f)[s].path for f, s in by_node}
        only = {folder: {s: d for (f, s), d in docs.items() if f == folder} for folder in KINDS}
        changed_only = Content(root, content.site, only["topics"], only["quizzes"], only["worksheets"])
        names = self._names(content)
        diags += check_references(changed_only, names)
        if any(d.severity == "error" for d in diags):
            raise ContentError(diags)
        kinds = {folder: dict(getattr(content, folder)) for folder in KINDS}
        for (folder, slug), doc in docs.items():
            kinds[folder][slug] = doc
        warnings = [w for w in content.warnings if w.path not in shown_paths] + diags
        new_content = Content(root, content.site, kinds["topics"], kinds["quizzes"], kinds["worksheets"], warnings)
        new = old.with_content(new_content)

        # What can show something from the changed documents.
        refs = dict(self.references())
        into: dict[Node, set[Node]] = {}
        new_refs = {node: self._refs_of(doc, names) for node, doc in docs.items()}
        for node, targets in list(refs.items()) + list(new_refs.items()):
            for t in targets:
                into.setdefault(t, set()).add(node)
        out = refs | {n: refs.get(n, set()) | r for n, r in new_refs.items()}
        start = set(by_node)
        shared = {node for node in start if not _own_page_only(node[0], getattr(content, node[0])[node[1]], docs[node])}
        old_pages = {p.src: p for p in old.pages}
        fresh: list[GeneratedPage] = []
        reach = set(start)
        if not shared and old.renderer._tag_index is not None:
            new.renderer._tag_index = old.renderer._tag_index  # no title or tag changed: same ids
        if shared:
            near = self._neighbours(shared, out, into)
            reach |= near | self._neighbours(near, out, into)
            if new.renderer.tag_index._ids != old.renderer.tag_index._ids:
                reach |= {("topics", s) for s in new_content.topics}
            site_pages = new.renderer.site_pages()
            if {p.src for p in site_pages} != {p.src for p in old.pages if p.source == content.site.path}:
                return SiteUpdate(full="a site page was added or removed")
            fresh += site_pages
        pdf_sizes = {s: len(old.pdfs[k]) for s in new_content.worksheets if (k := pdf.pdf_path(s)) in old.pdfs}
        for folder, slug in sorted(reach):
            doc = kinds[folder].get(slug)
            if doc is None:
                continue
            maker = getattr(new.renderer, _PAGE_MAKERS[folder])
            fresh.append(maker(doc, pdf_sizes.get(slug)) if folder == "worksheets" else maker(doc))
        changed_pages = {p.src: p for p in fresh if old_pages[p.src].markdown != p.markdown}
        new.__dict__["pages"] = [changed_pages.get(p.src, p) for p in old.pages]
        if shared:
            nav_changed = new.nav != old.nav
            if nav_changed and new.pages_outside_nav != old.pages_outside_nav:
                # Which pages the nav leaves out is settled when the engine reads the files.
                return SiteUpdate(full="a page moved into or out of the nav")
        else:  # the nav reads only titles, categories and which documents exist
            new.__dict__["nav"] = old.nav
            nav_changed = False

        page_srcs = [p.src for p in old.pages]
        found = lint(
            changed_only,
            language=new.language,
            today=new.config.today,
            page_srcs=page_srcs,
            directory_urls=new.config.directory_urls,
        )
        found = sorted(
            d
            for d in found + diags
            if d.path in shown_paths and d.kind not in new.config.disabled_lints and d.severity == "warning"
        )

        self.site = new
        refs.update(new_refs)
        self._refs = refs
        return SiteUpdate(pages=changed_pages, nav_changed=nav_changed, warnings=found, rendered=len(fresh))

    def _update_languages(self, changed: list[Path]) -> SiteUpdate:
        """A site in several languages: the changed originals and translations are loaded again (the
        others come from the load cache), every page's Markdown is rendered again, and only the pages
        whose Markdown changed are reported: an original reaches its untranslated copies too."""
        old = self.site
        content = old.content
        root = old.config.content_dir
        originals: dict[Node, Path] = {}
        shown_paths: set[str] = set()
        for path in changed:
            where = _kind_folder(path, root, pdfs=bool(old.pdfs))
            if isinstance(where, SiteUpdate):
                return where
            folder, rel = where, path.relative_to(root)
            translation = TRANSLATION_NAME.match(path.name)
            if translation:
                lc = old.languages.get(translation["lang"])
                if lc is None or not lc.is_translated(folder, translation["slug"]) or not path.is_file():
                    return SiteUpdate(full=f"{rel.as_posix()} was added or deleted")
                doc = lc.content.of_kind(_KIND_OF_FOLDER[folder]).get(translation["slug"])
                shown_paths.add(doc.path if doc is not None else rel.as_posix())
                continue
            doc = getattr(content, folder).get(path.stem)
            if doc is None or not path.is_file() or Path(doc.path).name != path.name:
                return SiteUpdate(full=f"{rel.as_posix()} was added or deleted")
            originals[(folder, path.stem)] = path
            shown_paths.add(doc.path)

        diags: list[Diagnostic] = []
        kinds = {folder: dict(getattr(content, folder)) for folder in KINDS}
        only: dict[str, dict[str, Document[Any]]] = {folder: {} for folder in KINDS}
        for (folder, slug), path in originals.items():
            doc, errs = load_file(path, KINDS[folder], display=getattr(content, folder)[slug].path)
            diags += errs
            if doc is not None:
                kinds[folder][slug] = only[folder][slug] = doc
        changed_only = Content(root, content.site, only["topics"], only["quizzes"], only["worksheets"])
        diags += check_references(changed_only, self._names(content))
        if any(d.severity == "error" for d in diags):
            raise ContentError(diags)
        warnings = [w for w in content.warnings if w.path not in shown_paths] + diags
        new_content = Content(root, content.site, kinds["topics"], kinds["quizzes"], kinds["worksheets"], warnings)
        new = old.with_content(new_content)
        new.languages  # noqa: B018 - the translations, checked again; raises ContentError
        old_pages = {p.src: p for p in old.pages}
        pages = new.pages
        if {p.src for p in pages} != set(old_pages):
            return SiteUpdate(full="a page was added or removed")
        changed_pages = {p.src: p for p in pages if old_pages[p.src].markdown != p.markdown}
        found = sorted(d for d in new.lints if d.path in shown_paths and d.severity == "warning")
        nav_changed = new.nav != old.nav
        if nav_changed and new.pages_outside_nav != old.pages_outside_nav:
            # Which pages the nav leaves out is settled when the engine reads the files (as in update).
            return SiteUpdate(full="a page moved into or out of the nav")
        self.site = new
        self._refs = None
        return SiteUpdate(pages=changed_pages, nav_changed=nav_changed, warnings=found, rendered=len(pages))


def _own_page_only(folder: str, old: Document[Any], new: Document[Any]) -> bool:
    """Whether every field that changed is one only the document's own page shows."""
    own = OWN_PAGE_FIELDS.get(folder, frozenset())
    keys = set(old.data) | set(new.data)
    return all(k in own for k in keys if old.data.get(k) != new.data.get(k))


def _kind_folder(path: Path, root: Path, *, pdfs: bool) -> str | SiteUpdate:
    """The kind folder (``topics``, ...) of a changed content file, or the full build it needs: a file
    outside the content folder or the kind folders, or a worksheet whose PDF is built with the site."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return SiteUpdate(full=f"{path} is outside the content folder")
    parts = rel.parts
    if len(parts) != 2 or parts[0] not in KINDS or path.suffix not in {".yaml", ".yml"}:
        return SiteUpdate(full=f"{rel.as_posix()} is not a topic, quiz or worksheet")
    if parts[0] == "worksheets" and pdfs:
        return SiteUpdate(full="a worksheet changed and its PDF is rebuilt with the site")
    return parts[0]
