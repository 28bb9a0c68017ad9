"""``guidecraft serve``: MkDocs' live preview, rebuilding only what a saved file reaches.

``mkdocs serve`` rebuilds the whole site on every save: 25 s at 1,000 topics. This module
serves the same site with MkDocs' own :class:`~mkdocs.livereload.LiveReloadServer`, but its
builder keeps the MkDocs config, files, nav, theme environment and every built page in memory
between saves, and asks the core (:class:`~generator.incremental.LiveSite`) what a change to
topics, quizzes or worksheets reaches. Then it runs MkDocs' own per-page steps
(:mod:`generator.mkdocs_inside`, the one module that uses MkDocs' private API) for:

- the generated pages whose Markdown changed;
- when a page title, page metadata or the nav changed, every page whose navigation (as
  Material draws it with ``navigation.prune``: the top level, and the branch the page is in)
  or previous/next links show something that changed, and ``sitemap.xml`` and ``404.html``.

The search index is put together from each page's entries, kept from the last time the page
was indexed, in the order a full build writes them; then, just after the page shows, every
``on_post_build`` hook runs, so indexers that read the whole site catch up. guidecraft's own
(Pagefind) runs in a thread of its own (:class:`~generator.search.BackgroundIndexer`): the next
save never waits for it, and the index is replaced whole, never missing, even during a full
build (which cleans the site folder but for the index).

Anything else is a full MkDocs build, exactly as ``mkdocs serve`` would run it (with unchanged
content files not loaded again): ``mkdocs.yml``, ``site.yaml``, a template or theme file, any
other file in the content folder, a content file added or deleted, a plugin other than
``search`` and ``guidecraft``, or the first build. A content error leaves the last good site
served and is printed as ``path:line:col: error: ...``, in the terminal and in a box at the
top of every page the server sends (the built files are not changed); the fix rebuilds from there.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.nav import get_navigation

from .diagnostics import ContentError
from .incremental import LiveSite, SiteUpdate
from .loading import LoadCache
from .mkdocs_config import (
    PLUGIN_NAME,
    MkDocsProblem,
    RunOptions,
    built_site,
    load_mkdocs_config,
    mkdocs_nav,
    site_config,
    use_site,
)
from .mkdocs_inside import PageSteps, SearchEntries, serve_url, server_class
from .search import OUTPUT_SUBDIR as SEARCH_DIR
from .search import BackgroundIndexer
from .site import THEME_DIR

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.guidecraft.serve")

RECORDER = "guidecraft/serve"
INCREMENTAL_PLUGINS = frozenset({"search", "material/search", PLUGIN_NAME, RECORDER})
"""Plugins whose state is known; with any other plugin every rebuild is a full build."""

_EXPANDING = frozenset({"navigation.sections", "navigation.tabs", "navigation.expand"})


# --------------------------------------------------------------------------- watched files


def _walk(root: Path) -> dict[Path, tuple[int, int]]:
    stamps: dict[Path, tuple[int, int]] = {}
    if root.is_file():
        st = root.stat()
        return {root: (st.st_mtime_ns, st.st_size)}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or name.endswith(("~", ".swp", ".swx")):
                continue
            path = Path(folder, name)
            try:
                st = path.stat()
            except OSError:
                continue
            stamps[path] = (st.st_mtime_ns, st.st_size)
    return stamps


@dataclass
class Snapshot:
    """Every watched file's modification time and size, and content files' hashes."""

    roots: tuple[Path, ...]
    content_dir: Path
    stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)
    hashes: dict[Path, bytes] = field(default_factory=dict)

    @classmethod
    def take(cls, roots: tuple[Path, ...], content_dir: Path, previous: Snapshot | None = None) -> Snapshot:
        stamps: dict[Path, tuple[int, int]] = {}
        for root in roots:
            if root.exists():
                stamps |= _walk(root)
        snap = cls(roots, content_dir, stamps)
        old = previous.hashes if previous else {}
        # A file changed twice within the file system's timestamp granularity keeps its stamp:
        # files changed in the last two seconds are read again.
        recent = time.time_ns() - 2_000_000_000
        for path, stamp in stamps.items():
            if snap.is_content(path):
                if previous is not None and previous.stamps.get(path) == stamp and path in old and stamp[0] < recent:
                    snap.hashes[path] = old[path]
                else:
                    try:
                        snap.hashes[path] = hashlib.sha1(path.read_bytes()).digest()
                    except OSError:
                        snap.hashes[path] = b""
        return snap

    def is_content(self, path: Path) -> bool:
        return path.parent.parent == self.content_dir and path.suffix in {".yaml", ".yml"}

    def changes(self, newer: Snapshot) -> tuple[list[Path], list[Path]]:
        """Content files whose bytes changed, and every other file added, deleted or touched."""
        content: list[Path] = []
        other: list[Path] = []
        for path in sorted(set(self.stamps) | set(newer.stamps)):
            if path in self.hashes and path in newer.hashes:
                if self.hashes[path] != newer.hashes[path]:
                    content.append(path)
            elif self.stamps.get(path) != newer.stamps.get(path):
                other.append(path)
        return content, other


# --------------------------------------------------------------------------- what a build leaves behind


class Recorder(BasePlugin):  # type: ignore[type-arg]
    """Added to the serve config only: keeps what a full build made, and the search entries by page."""

    def __init__(self) -> None:
        super().__init__()
        self.search = SearchEntries()
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.error: Exception | None = None
        """The build's real error (MkDocs logs a BuildError, then raises ``Abort``)."""

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.search.clear()
        self.search.wrap(config)
        _clean_but_search(Path(config.site_dir))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.files, self.nav = files, nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.env = env
        return env

    @event_priority(-100)  # after the search plugin indexed the page and stripped its attributes
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self.search.remember(page)
        return context

    @event_priority(100)  # before the search plugin writes the index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.files is not None:
            self.search.assemble(config, self.files)

    def on_build_error(self, *, error: Exception) -> None:
        self.error = error


def _clean_but_search(site_dir: Path) -> None:
    """MkDocs' cleaning of the site folder, but for the search index (replaced when the new one is written)."""
    if not site_dir.is_dir():
        return
    for entry in site_dir.iterdir():
        if entry.name.startswith(".") or entry.name == SEARCH_DIR:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


@contextlib.contextmanager
def _without_dirty_warning() -> Iterator[None]:
    logger = logging.getLogger("mkdocs.commands.build")
    drop = _DropDirtyWarning()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


@dataclass
class _Built:
    """The MkDocs objects of the site being served."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any
    nav_managed: bool
    """The nav comes from guidecraft (mkdocs.yml has none)."""
    views: dict[str, Any] = field(default_factory=dict)


class Preview:
    """The builder ``guidecraft serve`` gives MkDocs' live-reload server."""

    def __init__(self, config_file: Path, *, site_dir: Path, dev_addr: str | None = None) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.dev_addr = dev_addr
        self.serve_url = ""
        self.load_cache: LoadCache = {}
        self.live: LiveSite | None = None
        self.built: _Built | None = None
        self.snapshot: Snapshot | None = None
        self.last: str = ""
        """What the last build did: ``full``, ``pages N`` or ``error``; for tests and the benchmark."""
        self.recorder = Recorder()
        self._catch_up: threading.Thread | None = None
        self.indexer = BackgroundIndexer(on_error=lambda exc: log.error(f"guidecraft: search index: {exc}"))
        self.problems: list[str] = []
        """Why the last save could not be built, shown on every served page until the fix (empty when fine)."""

    # ------------------------------------------------------------------ config

    def load_config(self) -> MkDocsConfig:
        overrides: dict[str, Any] = {"site_dir": str(self.site_dir)}
        if self.dev_addr:
            overrides["dev_addr"] = self.dev_addr
        run = RunOptions(load_cache=self.load_cache, indexer=self.indexer)
        config = load_mkdocs_config(self.config_file, run=run, need_plugin=True, **overrides)
        if not self.serve_url:
            host, port = config.dev_addr
            self.serve_url = serve_url(host, port, urlsplit(config.site_url or "/").path)
        config.site_url = self.serve_url
        return config

    def watched(self, config: MkDocsConfig) -> tuple[tuple[Path, ...], Path]:
        """What a change to rebuilds the site (content, mkdocs.yml, templates, theme layers), and the content folder."""
        settings = site_config(config)
        roots = [Path(config.docs_dir), self.config_file, settings.content_dir, *settings.template_dirs]
        roots += [THEME_DIR, THEME_DIR.parent / "templates"]
        if config.theme.custom_dir:
            roots.append(Path(config.theme.custom_dir))
        roots += [Path(w) for w in config.watch]
        unique: list[Path] = []
        for r in roots:
            r = r.resolve()
            if r not in unique:
                unique.append(r)
        return tuple(unique), settings.content_dir.resolve()

    # ------------------------------------------------------------------ the builder

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        """Rebuild what changed since the last good build. Never raises for a problem in the site."""
        self._join_post_build()  # quick: the search index is written in the background, never waited for
        start = time.monotonic()
        self.recorder.error = None
        try:
            if self.built is None or self.snapshot is None or config is not None:
                self._full(config, "first build" if self.built is None else "the last build failed or other plugins")
            else:
                newer = Snapshot.take(self.snapshot.roots, self.snapshot.content_dir, self.snapshot)
                content, other = self.snapshot.changes(newer)
                if other:
                    self._full(None, f"{_shown(other[0])} changed", newer)
                elif content:
                    self._partial(content, newer)
                else:
                    self.last = "nothing"
                    return
        except ContentError as exc:
            self.last = "error"
            self.problems = [str(d) for d in exc.errors]
            _log_content_error(exc)
            log.error("The preview still shows the last site that built. Fix the file and save it again.")
            return
        except Exception as exc:  # noqa: BLE001 - a broken template or mkdocs.yml must not stop the server
            self.last = "error"
            error = self.recorder.error
            cause = error if isinstance(exc, Abort) and error is not None else exc
            lines = [line.removeprefix("guidecraft: ") for line in _message(cause).splitlines() if line.strip()]
            self.problems = lines or [type(cause).__name__]
            log.error(f"guidecraft: the site could not be built: {self.problems[0]}")
            log.error("The preview shows the last site that built. Fix the problem and save again.")
            return
        self.problems = []
        log.info(f"guidecraft: {self.last} in {time.monotonic() - start:.2f} s")

    def with_problems(self, page: bytes) -> bytes:
        """A page as the server sends it: with the last build's problems at its top, while there are any."""
        return _with_banner(page, self.problems) if self.problems else page

    def wait(self) -> None:
        """Until the last rebuild's post-build steps and the search index it asked for have finished."""
        self._join_post_build()
        self.indexer.wait()

    def close(self) -> None:
        """Wait for the search index (later builds in this process index search themselves: the indexer
        comes with each config this preview loads, never on the plugin object)."""
        self._join_post_build()
        self.indexer.close()

    def _join_post_build(self) -> None:
        if self._catch_up is not None:
            self._catch_up.join()
            self._catch_up = None

    # ------------------------------------------------------------------ full build

    def _full(self, config: MkDocsConfig | None, reason: str, snapshot: Snapshot | None = None) -> None:
        self.built = None  # until this build succeeds, every build is a full one
        if config is None:
            config = self.load_config()
        if not config.plugins.get(RECORDER):
            config.plugins[RECORDER] = self.recorder
        roots, content_dir = self.watched(config)
        if snapshot is None or snapshot.roots != roots or snapshot.content_dir != content_dir:
            snapshot = Snapshot.take(roots, content_dir, snapshot)  # before the build: a save during it is seen
        nav_managed = config.nav is None
        # The recorder cleans the site folder as MkDocs would, but for the search index, which stays
        # searchable until the new one replaces it; so MkDocs is told not to clean ("dirty"). Every
        # page is then written again, as none is left to compare with.
        with _without_dirty_warning():
            mkdocs_build.build(config, serve_url=self.serve_url, dirty=True)
        recorder = self.recorder
        assert recorder.files is not None and recorder.nav is not None
        self.built = _Built(config, recorder.files, recorder.nav, recorder.env, nav_managed)
        self.live = LiveSite(built_site(config))
        self.live.references()  # worked out now, while the author reads, not on the next save
        incremental = set(config.plugins) <= INCREMENTAL_PLUGINS and SearchEntries.supported(config)
        # With other plugins every rebuild is a full one: they keep state this cannot follow.
        self.snapshot = snapshot if incremental else None
        self.last = f"full build ({reason})"

    # ------------------------------------------------------------------ incremental build

    def _partial(self, changed: list[Path], snapshot: Snapshot) -> None:
        assert self.live is not None and self.built is not None
        update = self.live.update(changed)
        if update.full:
            self._full(None, update.full, snapshot)
            return
        try:
            self._apply(update)
        except BaseException:
            self.built = None  # half applied: the next build is a full one
            raise
        self.snapshot = snapshot

    def _apply(self, update: SiteUpdate) -> None:
        assert self.live is not None and self.built is not None
        for d in update.warnings:
            log.warning(f"guidecraft: {d}")
        built = self.built
        config, files = built.config, built.files
        use_site(config, self.live.site)
        self.recorder.search.wrap(config)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        pages, before, expected = self._new_markdown(update)
        if expected and not built.views:  # what each page showed before this change
            built.views = self._views(doc_files)
        if update.nav_changed and built.nav_managed:
            config.nav = mkdocs_nav(self.live.site.nav)
            built.nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
        for page in pages:
            PageSteps.populate(page, config, files)
        looks_changed = update.nav_changed or any(_looks(p) != before[p.file.src_uri] for p in pages)
        build_now = self._to_write(pages, doc_files, looks_changed)
        for file in build_now:
            assert file.page is not None
            PageSteps.write(file.page, config, doc_files, built.nav, built.env)
        if looks_changed:
            PageSteps.write_templates(config, files, built.nav, built.env)
        for file in build_now:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        # The search index (and any indexer that reads the whole site) catches up after the page shows.
        self._catch_up = threading.Thread(target=config.plugins.on_post_build, kwargs={"config": config}, daemon=True)
        self._catch_up.start()
        self.last = f"{len(build_now)} of {len(doc_files)} pages rebuilt ({len(update.pages)} changed)"

    def _new_markdown(self, update: SiteUpdate) -> tuple[list[Page], dict[str, Any], bool]:
        """Give each changed page its new Markdown; returns the pages, how each looked to other pages
        before, and whether their front matter says other pages will show something new."""
        assert self.built is not None
        files = self.built.files
        pages: list[Page] = []
        before: dict[str, Any] = {}
        expected = update.nav_changed
        for src, generated in update.pages.items():
            file = files.get_file_from_path(src)
            assert file is not None and file.page is not None, src
            before[src] = _looks(file.page)
            expected = expected or _front_matter_looks(generated.markdown) != _meta_looks(file.page.meta)
            file.content_string = generated.markdown
            pages.append(file.page)
        return pages, before, expected

    def _views(self, doc_files: Sequence[File]) -> dict[str, Any]:
        assert self.built is not None
        features = set(self.built.config.theme.get("features") or ())
        return {f.src_uri: _view(f.page, self.built.nav, features) for f in doc_files if f.page is not None}

    def _to_write(self, pages: list[Page], doc_files: Sequence[File], looks_changed: bool) -> list[File]:
        """The changed pages, and every page whose nav or neighbours show something that changed."""
        assert self.built is not None
        built = self.built
        todo = {id(p) for p in pages}
        if looks_changed:
            views = self._views(doc_files)
            if built.views:
                todo |= {id(f.page) for f in doc_files if views[f.src_uri] != built.views.get(f.src_uri)}
            else:  # not foreseen from the front matter: every page
                todo |= {id(f.page) for f in doc_files}
            built.views = views
        return [f for f in doc_files if id(f.page) in todo]


_SHOWN_META = ("title", "icon", "subtitle", "status", "search")


def _looks(page: Page) -> tuple[Any, ...]:
    """What other pages can show of ``page``: its title and the metadata Material's nav reads."""
    return (page.title, _meta_looks(page.meta))


def _meta_looks(meta: Mapping[str, Any] | None) -> tuple[Any, ...] | None:
    meta = meta or {}
    if "title" not in meta:
        return None  # the title comes from the page's heading or file name: assume it changed
    return tuple((k, repr(meta.get(k))) for k in _SHOWN_META)


def _front_matter_looks(markdown: str) -> tuple[Any, ...] | None:
    from mkdocs.utils import meta

    return _meta_looks(meta.get_data(markdown)[1])


def _view(page: Page, nav: Navigation, features: set[str]) -> Any:
    """Everything of the nav that ``page``'s template can show, besides the page itself."""
    trail = {id(page)} | {id(a) for a in page.ancestors}
    expand_all = "navigation.prune" not in features or bool(features & _EXPANDING)

    def leaf_url(item: Any) -> str | None:
        while item.children:
            item = item.children[0]
        return getattr(item, "url", None)

    def walk(items: list[Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for item in items:
            if item.children:
                if expand_all or id(item) in trail:
                    out.append(("section", item.title, walk(item.children)))
                else:
                    out.append(("pruned", item.title, leaf_url(item), len(item.children)))
            elif item.is_page:
                out.append(("page", _looks(item), item.url, id(item) in trail))
            else:
                out.append(("link", item.title, item.url))
        return tuple(out)

    neighbours = tuple((_looks(p), p.url) if p is not None else None for p in (page.previous_page, page.next_page))
    return (walk(nav.items), neighbours, tuple(a.title for a in page.ancestors))


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _message(exc: BaseException) -> str:
    text = getattr(exc, "format_message", None)
    return str(text() if callable(text) else exc) or type(exc).__name__


def _log_content_error(exc: ContentError) -> None:
    n = len(exc.errors)
    log.error(f"guidecraft: {n} error{'s' if n != 1 else ''} in content; the preview was not changed")
    for d in exc.diagnostics:
        (log.error if d.severity == "error" else log.warning)(str(d))


_BANNER = (
    '<div role="alert" style="position:sticky;top:0;z-index:10000;margin:0;padding:.8em 1em;'
    'background:#fff3cd;color:#3d2c00;border-bottom:3px solid #b58100;font:15px/1.4 system-ui,sans-serif">'
    "<strong>This preview is out of date: your last change could not be built.</strong> "
    'Fix it and save again; the page updates by itself.<ul style="margin:.4em 0 0 1.2em">{items}</ul></div>'
)


def _with_banner(page: bytes, problems: list[str]) -> bytes:
    """The served page with the build problems at its top (the file on disk is not changed)."""
    items = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems[:20])
    banner = _BANNER.format(items=items).encode()
    m = re.search(rb"<body[^>]*>", page)
    at = m.end() if m else 0
    return page[:at] + banner + page[at:]


def serve(config_file: Path, *, dev_addr: str | None = None, open_in_browser: bool = False) -> None:
    """Serve the site at ``dev_addr`` until interrupted, rebuilding what each save reaches."""
    site_dir = Path(tempfile.mkdtemp(prefix="guidecraft_"))
    preview = Preview(config_file, site_dir=site_dir, dev_addr=dev_addr)
    try:
        config = preview.load_config()
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            host, port = config.dev_addr
            mount_path = urlsplit(preview.serve_url).path
            server = server_class(preview.with_problems)(
                builder=preview, host=host, port=port, root=str(site_dir), mount_path=mount_path, polling_interval=0.25
            )

            def error_page(code: int) -> bytes | None:
                page = site_dir / f"{code}.html"
                return page.read_bytes() if code in (404, 500) and page.is_file() else None

            server.error_handler = error_page
            preview(config)
            if preview.built is None:
                raise MkDocsProblem("the first build failed; fix the problem above and run guidecraft serve again")
            for root in preview.watched(preview.built.config)[0]:
                server.watch(str(root))
            try:
                server.serve(open_in_browser=open_in_browser)
            except KeyboardInterrupt:
                log.info("Shutting down...")
            finally:
                server.shutdown()
                preview.close()
        finally:
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
