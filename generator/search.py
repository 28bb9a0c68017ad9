"""Search that loads only what a query needs: Pagefind over the built HTML.

``index_site`` runs after any engine has written the site. Pagefind splits the index into
small fragments, so a reader's first visit fetches nothing for search, and a query fetches
only the index chunks and page fragments it matches (see DEVELOPERS.md, Design notes).

What is indexed: each page's content (Material's ``article.md-content__inner``), on every
page but the 404 page. Inside it, anything marked
``data-search-exclude`` stays out, as with Material's search: repeated notices, the crisis
lines on topics, answer buttons and scoring keys. The crisis banner, header, nav and
footer notice are outside the body, and excluded again here in case a template moves.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
NOT_PAGES = ("404.html",)

EXCLUDE_SELECTORS = (
    "[data-search-exclude]",
    ".md-header",
    ".md-tabs",
    ".md-sidebar",
    ".md-footer",
    ".md-banner",
    ".gc-crisis-banner",
    ".gc-footer-notice",
    ".md-content__button",
)

# Pagefind's ready-made interfaces; the site uses its own (generator/assets/search.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


# Pagefind never indexes text inside <form> or <label> (a fixed list in its parser), but
# quiz questions and worksheet prompts live there. The indexer reads a copy of each page
# in which they are <div> and <span>; the pages the site serves are not changed. The copy
# holds only the page's content (Material's <article>), so Pagefind reads and we write
# about a sixth of the bytes; a page without that element is copied whole.
_HIDDEN_FROM_PAGEFIND = re.compile(rb"<(/?)(form|label)(?=[\s>/])", re.IGNORECASE)
_READABLE = {b"form": b"div", b"label": b"span"}
_ARTICLE = re.compile(rb'<article class="md-content__inner[\s"]')


def _readable(match: re.Match[bytes]) -> bytes:
    return b"<" + match.group(1) + _READABLE[match.group(2).lower()]


_HTML_LANG = re.compile(rb'<html lang="([A-Za-z-]+)"')


def _content_only(html: bytes, keep_lang: bool = False) -> bytes:
    start, end = _ARTICLE.search(html), html.rfind(b"</article>")
    if start is None or end < start.start():
        return html
    body = html[start.start() : end + len(b"</article>")]
    lang = _HTML_LANG.search(html) if keep_lang else None
    root = b'<html lang="' + lang.group(1) + b'">' if lang else b"<html>"
    return b"<!doctype html>" + root + b"<head></head><body>" + body + b"</body></html>"


def _pages(site_dir: Path) -> dict[str, tuple[int, int]]:
    """The site's pages to index (not assets, an old index or the 404 page), with mtime and size."""
    out: dict[str, tuple[int, int]] = {}
    for page in site_dir.rglob("*.html"):
        rel = page.relative_to(site_dir)
        if rel.parts[0].startswith((".", "assets", OUTPUT_SUBDIR, "search")) or rel.as_posix() in NOT_PAGES:
            continue
        try:
            st = page.stat()
        except OSError:  # deleted while we looked (a rebuild under serve)
            continue
        out[rel.as_posix()] = (st.st_mtime_ns, st.st_size)
    return out


Kept = dict[str, tuple[tuple[int, int], bytes]]
"""Pages read for indexing: by path, their modification time and size, and the bytes Pagefind reads."""


def _copy_for_indexing(site_dir: Path, dest: Path, kept: Kept | None = None, keep_lang: bool = False) -> None:
    """Write the site's pages into ``dest`` (a new folder), as Pagefind should read them;
    ``keep_lang``: with each page's ``<html lang>``, for an index per language.

    ``kept`` (held by the caller between runs) saves reading pages that did not change since:
    re-indexing under ``serve`` reads only what a rebuild wrote. Every page is written anew, in
    the order of its path: Pagefind numbers pages in the order the folder lists them, and some
    file systems list files in the order they were made, so only this gives the same index
    as a clean build's.
    """
    kept = {} if kept is None else kept
    pages = _pages(site_dir)
    for rel in set(kept) - set(pages):
        del kept[rel]
    for rel, stamp in pages.items():
        if rel in kept and kept[rel][0] == stamp:
            continue
        try:
            data = (site_dir / rel).read_bytes()
        except OSError:  # deleted while we looked
            kept.pop(rel, None)
            continue
        kept[rel] = (stamp, _HIDDEN_FROM_PAGEFIND.sub(_readable, _content_only(data, keep_lang)))
    for rel in sorted(kept):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(kept[rel][1])


SHM = Path("/dev/shm")
SHM_MIN_FREE = 1 << 30


def scratch_dir() -> str | None:
    """Where Pagefind's copy of the pages goes: memory (``/dev/shm``) when it has room to spare.

    The copy is a folder per page, made and removed on every build; on a disk that costs a
    tenth of a 1,000-topic build, in memory almost nothing. ``None``: the usual temp folder.
    """
    try:
        st = os.statvfs(SHM)
    except OSError:
        return None
    if st.f_bavail * st.f_frsize < SHM_MIN_FREE or not os.access(SHM, os.W_OK):
        return None
    # A process killed while indexing leaves its copy in memory; none lives for a day.
    for old in SHM.glob("guidecraft-pagefind-*"):
        try:
            if time.time() - old.stat().st_mtime > 86400:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return str(SHM)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""


@dataclass(frozen=True)
class SearchStats:
    pages: int
    """Pages in the index."""
    seconds: float
    """Time the indexing step took."""
    bytes: int
    """Size of ``pagefind/`` on disk."""


def pagefind_binary() -> Path:
    """The Pagefind executable that ``pagefind[bin]`` installs."""
    try:
        import pagefind_bin
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SearchIndexError("Pagefind is not installed; install guidecraft's dependencies (pagefind[bin])") from exc
    return Path(pagefind_bin.get_executable())


def index_site(site_dir: Path, *, language: str | None, timeout: float = 600) -> SearchStats:
    """Write a Pagefind index of the built site at ``site_dir`` into ``site_dir/pagefind/``.

    The output depends only on the built HTML, so rebuilding the same site writes the same files.
    The index is written beside the old one and then put in its place (:func:`_publish`), so a
    reader never finds it half written or gone.
    """
    site_dir = Path(site_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="guidecraft-pagefind-", dir=scratch_dir()) as tmp:
        copy = Path(tmp) / "site"
        _copy_for_indexing(site_dir, copy, keep_lang=language is None)
        return _index_copy(copy, site_dir, language=language, timeout=timeout, keep=frozenset())[0]


def _index_copy(
    copy: Path, site_dir: Path, *, language: str | None, timeout: float, keep: frozenset[str]
) -> tuple[SearchStats, frozenset[str]]:
    """Run Pagefind over ``copy`` and publish its index into ``site_dir``; keep the files ``keep`` names."""
    start = time.perf_counter()
    out = site_dir / OUTPUT_SUBDIR
    _remove_leftovers(site_dir)
    # One language: forced, whatever a page says. None (a site in several): each page's <html lang>,
    # an index per language, and the box searches its page's language.
    lang = (language.split("-")[0].split("_")[0].lower() or "en") if language is not None else None
    # Only these options count: no pagefind.yml or PAGEFIND_* variable from around the build.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    # Hidden (MkDocs' clean-up leaves it alone) and on the same disk as the index, so it moves by renaming.
    fresh = site_dir / f"{NEW_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    fresh.mkdir()  # with the usual permissions (mkdtemp's are the owner's only), as it becomes pagefind/
    try:
        args = [
            str(pagefind_binary()),
            "--site",
            str(copy),
            "--output-path",
            str(fresh),
            "--root-selector",
            ROOT_SELECTOR,
            *(("--force-language", lang) if lang else ()),
            "--exclude-selectors",
            ", ".join(EXCLUDE_SELECTORS),
            "--silent",
        ]
        result = subprocess.run(args, cwd=copy.parent, env=env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip()
            raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {detail}")
        for name in UNUSED:
            (fresh / name).unlink(missing_ok=True)
        entry = fresh / ENTRY
        if not entry.exists():
            raise SearchIndexError(f"Pagefind wrote no index into {out}")
        if lang is None:  # Pagefind lists the languages in any order: sorted, the same site gives the same bytes
            data = json.loads(entry.read_text(encoding="utf-8"))
            data["languages"] = dict(sorted(data.get("languages", {}).items()))
            entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        pages = sum(int(v.get("page_count", 0)) for v in languages.values())
        size = sum(f.stat().st_size for f in fresh.rglob("*") if f.is_file())
        names = _publish(fresh, out, keep=keep)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return SearchStats(pages=pages, seconds=time.perf_counter() - start, bytes=size), names


NEW_PREFIX = ".pagefind-new-"
ENTRY = "pagefind-entry.json"


def _remove_leftovers(site_dir: Path) -> None:
    """New indexes an interrupted build left behind (one site is indexed by one run at a time)."""
    for old in site_dir.glob(NEW_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)


def _files(folder: Path) -> frozenset[str]:
    return frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _publish(fresh: Path, out: Path, *, keep: frozenset[str] = frozenset()) -> frozenset[str]:
    """Put the index in ``fresh`` in the place of ``out``, so that a reader gets a whole index, old or new.

    Pagefind names its chunks and fragments by their content, and a reader finds them through
    ``pagefind-entry.json``. So the new files go in beside the old ones first, each by one rename;
    then the files with fixed names, the entry file last. Files of the old index are removed
    after that, but for those in ``keep`` (a reader may still be following the index before).
    Returns the new index's files.
    """
    names = _files(fresh)
    if not out.exists():
        os.rename(fresh, out)  # one step: nothing to replace
        return names
    fixed = sorted(n for n in names if _fixed_name(n))
    for name in sorted(names - set(fixed)):
        target = out / name
        if not target.exists():  # same name, same bytes
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(fresh / name, target)
    for name in sorted(fixed, key=lambda n: n == ENTRY):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh / name, out / name)
    prune(out, names | keep)
    return names


def prune(out: Path, keep: frozenset[str]) -> None:
    """Remove the files of ``out`` (an index folder) that ``keep`` does not name, and empty folders."""
    for name in sorted(_files(out) - keep):
        (out / name).unlink(missing_ok=True)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


def _fixed_name(name: str) -> bool:
    """Whether Pagefind gives this file the same name whatever it holds (its script, the entry file)."""
    return "/" not in name and not re.search(r"_[0-9a-f]{6,}\.pf_", name)


class BackgroundIndexer:
    """Indexes a site in a thread of its own, so ``guidecraft serve`` never waits for search.

    :meth:`request` returns at once. Requests made while an index is being written are merged:
    the next run reads the site as it is then, but only the pages that changed since the last
    run. Each new index replaces the old one as :func:`_publish` does, keeping the files of the
    index before it until the next run or :meth:`wait`, for a reader who loaded that one a
    moment ago. A run that finds no pages (a full build has just cleaned the folder) writes
    nothing: that build asks again when it is done.
    """

    def __init__(self, *, on_error: Callable[[Exception], None] | None = None, timeout: float = 600) -> None:
        self.on_error = on_error
        self.timeout = timeout
        self.last: SearchStats | None = None
        self.runs = 0
        self._cond = threading.Condition()
        self._todo: tuple[Path, str | None] | None = None
        self._busy = False
        self._kept: Kept = {}
        self._kept_from: tuple[Path, bool] | None = None  # the folder, and whether pages keep <html lang>
        self._current: frozenset[str] = frozenset()
        self._site_dir: Path | None = None

    def request(self, site_dir: Path, *, language: str | None) -> None:
        """Index ``site_dir`` as soon as the run under way (if any) is done."""
        with self._cond:
            self._todo = (Path(site_dir).resolve(), language)
            if not self._busy:
                self._busy = True
                threading.Thread(target=self._work, name="guidecraft-search", daemon=True).start()

    def _work(self) -> None:
        while True:
            with self._cond:
                if self._todo is None:
                    self._busy = False
                    self._cond.notify_all()
                    return
                site_dir, language = self._todo
                self._todo = None
            try:
                keep_lang = language is None  # a site in several languages: an index per <html lang>
                if self._kept_from != (site_dir, keep_lang):
                    self._kept.clear()
                    self._kept_from = (site_dir, keep_lang)
                with tempfile.TemporaryDirectory(prefix="guidecraft-pagefind-", dir=scratch_dir()) as tmp:
                    copy = Path(tmp) / "site"
                    _copy_for_indexing(site_dir, copy, self._kept, keep_lang=keep_lang)
                    if not self._kept:
                        continue
                    stats, names = _index_copy(
                        copy, site_dir, language=language, timeout=self.timeout, keep=self._current
                    )
                self.last, self._current, self._site_dir = stats, names, site_dir
                self.runs += 1
            except Exception as exc:  # noqa: BLE001 - reported; the next request tries again
                with self._cond:
                    newer = self._todo is not None
                if not newer and self.on_error is not None:  # a newer run will replace this one anyway
                    self.on_error(exc)

    def wait(self) -> None:
        """Until every requested index is written; then the index before the newest is removed."""
        with self._cond:
            while self._busy:
                self._cond.wait()
            if self._site_dir is not None and (self._site_dir / OUTPUT_SUBDIR).is_dir():
                prune(self._site_dir / OUTPUT_SUBDIR, self._current)

    def close(self) -> None:
        """Wait, then let go of the pages kept for the next run."""
        self.wait()
        self._kept.clear()


def main(argv: list[str] | None = None) -> int:
    """``python -m generator.search SITE_DIR``: index a site another engine built (e.g. a ``guidecraft export``)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m generator.search", description=main.__doc__)
    ap.add_argument("site_dir", type=Path, help="the built site (the folder with index.html)")
    ap.add_argument("--language", help="the site's language (default: <html lang> of index.html, else en)")
    args = ap.parse_args(argv)
    language = args.language or _page_language(args.site_dir / "index.html")
    try:
        stats = index_site(args.site_dir, language=language)
    except (SearchIndexError, OSError) as exc:
        print(f"guidecraft search: {exc}", file=sys.stderr)
        return 1
    print(f"indexed {stats.pages} pages in {stats.seconds:.2f} s into {args.site_dir / OUTPUT_SUBDIR}")
    return 0


def _page_language(page: Path) -> str:
    try:
        head = page.read_text(encoding="utf-8", errors="replace")[:2000]
    except OSError:
        return "en"
    found = re.search(r"<html[^>]*\blang=\"([A-Za-z-]+)\"", head)
    return found.group(1) if found else "en"


if __name__ == "__main__":
    raise SystemExit(main())
