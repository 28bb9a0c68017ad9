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
from .documents import Content, Document
from .kinds import CONTENT_KINDS, KIND_OF_FOLDER, kind_names, prose_links
from .languages import TRANSLATION_NAME, is_translation
from .lint import lint
from .loading import CONTENT_SUFFIXES, load_file
from .references import check_references
from .rendering import GeneratedPage
from .site import Site
from .yaml_source import walk_strings

Node = tuple[str, str]
"""A document: its folder (``topics``) and slug."""

OWN_PAGE_FIELDS: dict[str, frozenset[str]] = {
    k.folder: k.own_page_fields for k in CONTENT_KINDS.values() if k.own_page_fields
}
"""Fields that only the document's own page shows, by folder: a change confined to them
re-renders that page alone. Worked out from where each field of the models says it shows
(:func:`generator.models.shown`); every other field (title, summary, tags, category, related,
quizzes, topic; all of a quiz, which topic pages embed) reaches the pages around it.
``tests/test_incremental.py`` changes each of these fields and checks that no other page
changes; ``tests/test_field_visibility.py`` checks the declarations against the templates."""


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


@dataclass
class _Changed:
    """The changed files of one update, found in the live site."""

    originals: dict[Node, Path] = field(default_factory=dict)
    """Changed topics, quizzes and worksheets (not translations)."""
    shown_paths: set[str] = field(default_factory=set)
    """Every changed file as messages show it."""


@dataclass
class _Loaded:
    """The changed originals, loaded and checked, and the content with them."""

    docs: dict[Node, Document[Any]]
    only: Content
    """The changed documents alone (with the site settings)."""
    content: Content
    """The whole content with the changed documents in it."""
    diags: list[Diagnostic]
    """Warnings of the changed files."""


class LiveSite:
    """The last good :class:`Site` of a long-running preview, updated file by file."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._refs: dict[Node, set[Node]] | None = None

    # ------------------------------------------------------------------ references

    @staticmethod
    def _names(content: Content) -> dict[str, set[str]]:
        return {folder: set(docs) for folder, docs in content.by_folder().items()}

    @staticmethod
    def _refs_of(doc: Document[Any], names: dict[str, set[str]]) -> set[Node]:
        """Every document ``doc`` could name: any string that is a slug, and every prose link."""
        out: set[Node] = set()
        for _, text in walk_strings(doc.data):
            for folder, slugs in names.items():
                if text in slugs:
                    out.add((folder, text))
            out |= {(CONTENT_KINDS[kind].folder, slug) for kind, slug in prose_links(text)}
        return out

    def references(self) -> dict[Node, set[Node]]:
        if self._refs is None:
            content = self.site.content
            names = self._names(content)
            self._refs = {
                (folder, slug): self._refs_of(doc, names)
                for folder, docs in content.by_folder().items()
                for slug, doc in docs.items()
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
        """Take in changed files of the content folder. Raises :class:`ContentError` (the site stays).

        A site in several languages (or a changed translation) renders every page again and reports those
        whose Markdown changed; a site in one language renders only the pages the change can reach.
        """
        changed = list(changed)
        several = self.site.multilingual or any(is_translation(p) for p in changed)
        found = self._changed(changed)
        if isinstance(found, SiteUpdate):
            return found
        if not several and not found.originals:
            return SiteUpdate()
        loaded = self._load(found)
        if several:
            return self._update_languages(loaded, found.shown_paths)
        return self._update_pages(loaded, found)

    def _changed(self, changed: list[Path]) -> _Changed | SiteUpdate:
        """The changed files by document, or the full rebuild one of them needs (see :func:`_kind_folder`)."""
        old = self.site
        root = old.config.content_dir
        docs = old.content.by_folder()
        found = _Changed()
        for path in changed:
            folder = _kind_folder(path, root, pdfs=bool(old.pdfs))
            if isinstance(folder, SiteUpdate):
                return folder
            rel = path.relative_to(root)
            translation = TRANSLATION_NAME.match(path.name)
            if translation:
                lc = old.languages.get(translation["lang"])
                if lc is None or not lc.is_translated(folder, translation["slug"]) or not path.is_file():
                    return SiteUpdate(full=f"{rel.as_posix()} was added or deleted")
                doc = lc.content.by_folder()[folder].get(translation["slug"])
                found.shown_paths.add(doc.path if doc is not None else rel.as_posix())
                continue
            doc = docs[folder].get(path.stem)
            if doc is None or not path.is_file() or Path(doc.path).name != path.name:
                return SiteUpdate(full=f"{rel.as_posix()} was added or deleted")
            found.originals[(folder, path.stem)] = path
            found.shown_paths.add(doc.path)
        return found

    def _load(self, found: _Changed) -> _Loaded:
        """Load and check only the changed originals; references to them still hold (no slug changed).

        Raises :class:`ContentError` when one has errors."""
        content = self.site.content
        before = content.by_folder()
        diags: list[Diagnostic] = []
        docs: dict[Node, Document[Any]] = {}
        for (folder, slug), path in found.originals.items():
            doc, errs = load_file(path, KIND_OF_FOLDER[folder].model, display=before[folder][slug].path)
            diags += errs
            if doc is not None:
                docs[(folder, slug)] = doc
        only = content.with_documents(
            {folder: {s: d for (f, s), d in docs.items() if f == folder} for folder in before}
        )
        diags += check_references(only, self._names(content))
        if any(d.severity == "error" for d in diags):
            raise ContentError(diags)
        merged = {folder: dict(docs_of) for folder, docs_of in before.items()}
        for (folder, slug), doc in docs.items():
            merged[folder][slug] = doc
        warnings = [w for w in content.warnings if w.path not in found.shown_paths] + diags
        return _Loaded(docs, only, content.with_documents(merged, warnings=warnings), diags)

    def _update_pages(self, loaded: _Loaded, found: _Changed) -> SiteUpdate:
        """A site in one language: render only the pages that can show something from the changed documents."""
        old, content = self.site, self.site.content
        names = self._names(content)
        refs = dict(self.references())
        new_refs = {node: self._refs_of(doc, names) for node, doc in loaded.docs.items()}
        start = set(found.originals)
        before = content.by_folder()
        shared = {(f, s) for f, s in start if not _own_page_only(f, before[f][s], loaded.docs[(f, s)])}
        new = old.with_content(loaded.content, same_tags=not shared)
        reach = start | (self._around(shared, refs, new_refs, new, old) if shared else set())
        fresh = self._site_pages(new, old) if shared else []
        if isinstance(fresh, SiteUpdate):
            return fresh
        fresh += _document_pages(new, old, reach)
        old_pages = {p.src: p for p in old.pages}
        changed_pages = {p.src: p for p in fresh if old_pages[p.src].markdown != p.markdown}
        # the nav reads only titles, categories and which documents exist
        new.use_worked_out(pages=[changed_pages.get(p.src, p) for p in old.pages], nav=None if shared else old.nav)
        nav_changed = _nav_changed(new, old) if shared else False
        if isinstance(nav_changed, SiteUpdate):
            return nav_changed
        warnings = _lints_of(new, loaded, found.shown_paths)
        self.site = new
        refs.update(new_refs)
        self._refs = refs
        return SiteUpdate(pages=changed_pages, nav_changed=nav_changed, warnings=warnings, rendered=len(fresh))

    def _around(
        self, shared: set[Node], refs: dict[Node, set[Node]], new_refs: dict[Node, set[Node]], new: Site, old: Site
    ) -> set[Node]:
        """The documents within two references of ``shared``, either way, and every topic when a tag's id changed."""
        into: dict[Node, set[Node]] = {}
        for node, targets in list(refs.items()) + list(new_refs.items()):
            for t in targets:
                into.setdefault(t, set()).add(node)
        out = refs | {n: refs.get(n, set()) | r for n, r in new_refs.items()}
        near = self._neighbours(shared, out, into)
        reach = near | self._neighbours(near, out, into)
        if not new.renderer.tag_index.same_ids(old.renderer.tag_index):
            reach |= {(CONTENT_KINDS["topic"].folder, s) for s in new.content.topics}  # topic pages link their tags
        return reach

    @staticmethod
    def _site_pages(new: Site, old: Site) -> list[GeneratedPage] | SiteUpdate:
        """The site pages (home, indexes, help, about) rendered again, or the full rebuild a new or lost one needs."""
        site_pages = new.renderer.site_pages()
        if {p.src for p in site_pages} != {p.src for p in old.pages if p.source == old.content.site.path}:
            return SiteUpdate(full="a site page was added or removed")
        return site_pages

    def _update_languages(self, loaded: _Loaded, shown_paths: set[str]) -> SiteUpdate:
        """A site in several languages: the changed originals and translations are loaded again (the
        others come from the load cache), every page's Markdown is rendered again, and only the pages
        whose Markdown changed are reported: an original reaches its untranslated copies too."""
        old = self.site
        new = old.with_content(loaded.content)
        new.languages  # noqa: B018 - the translations, checked again; raises ContentError
        old_pages = {p.src: p for p in old.pages}
        pages = new.pages
        if {p.src for p in pages} != set(old_pages):
            return SiteUpdate(full="a page was added or removed")
        changed_pages = {p.src: p for p in pages if old_pages[p.src].markdown != p.markdown}
        warnings = sorted(d for d in new.lints if d.path in shown_paths and d.severity == "warning")
        nav_changed = _nav_changed(new, old)
        if isinstance(nav_changed, SiteUpdate):
            return nav_changed
        self.site = new
        self._refs = None
        return SiteUpdate(pages=changed_pages, nav_changed=nav_changed, warnings=warnings, rendered=len(pages))


def _document_pages(new: Site, old: Site, reach: set[Node]) -> list[GeneratedPage]:
    """The pages of the documents in ``reach``, rendered again (a worksheet's with its PDF's size)."""
    docs = new.content.by_folder()
    pdf_sizes = {s: len(old.pdfs[k]) for s in new.content.worksheets if (k := pdf.pdf_path(s)) in old.pdfs}
    out = []
    for folder, slug in sorted(reach):
        doc = docs[folder].get(slug)
        if doc is None:
            continue
        kind = KIND_OF_FOLDER[folder]
        maker = getattr(new.renderer, kind.page_maker)
        out.append(maker(doc, pdf_sizes.get(slug)) if kind.has_pdf else maker(doc))
    return out


def _nav_changed(new: Site, old: Site) -> bool | SiteUpdate:
    """Whether the nav changed, or the full rebuild it needs when a page moved into or out of it."""
    nav_changed = new.nav != old.nav
    if nav_changed and new.pages_outside_nav != old.pages_outside_nav:
        # Which pages the nav leaves out is settled when the engine reads the files.
        return SiteUpdate(full="a page moved into or out of the nav")
    return nav_changed


def _lints_of(new: Site, loaded: _Loaded, shown_paths: set[str]) -> list[Diagnostic]:
    """The warnings of the changed files: their lints and the problems loading them found."""
    found = lint(
        loaded.only,
        language=new.language,
        today=new.config.today,
        page_srcs=[p.src for p in new.pages],
        directory_urls=new.config.directory_urls,
    )
    return sorted(
        d
        for d in found + loaded.diags
        if d.path in shown_paths and d.kind not in new.config.disabled_lints and d.severity == "warning"
    )


def _own_page_only(folder: str, old: Document[Any], new: Document[Any]) -> bool:
    """Whether every field that changed is one only the document's own page shows."""
    own = OWN_PAGE_FIELDS.get(folder, frozenset())
    keys = set(old.data) | set(new.data)
    return all(k in own for k in keys if old.data.get(k) != new.data.get(k))


def _kind_folder(path: Path, root: Path, *, pdfs: bool) -> str | SiteUpdate:
    """The kind folder (``topics``, ...) of a changed content file, or the full build it needs: a file
    outside the content folder or the kind folders, or a document whose PDF is built with the site."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return SiteUpdate(full=f"{path} is outside the content folder")
    parts = rel.parts
    if len(parts) != 2 or parts[0] not in KIND_OF_FOLDER or path.suffix not in CONTENT_SUFFIXES:
        return SiteUpdate(full=f"{rel.as_posix()} is not a {kind_names()}")
    kind = KIND_OF_FOLDER[parts[0]]
    if kind.has_pdf and pdfs:
        return SiteUpdate(full=f"a {kind.name} changed and its PDF is rebuilt with the site")
    return parts[0]
