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
import shutil
import subprocess
import sys
import tempfile
import time
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


def _copy_for_indexing(site_dir: Path, dest: Path, keep_lang: bool = False) -> None:
    """Copy the site's pages (not assets, an old index or the 404 page) for Pagefind to read;
    ``keep_lang``: with each page's ``<html lang>``, for an index per language."""
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir)
        if rel.parts[0] in ("assets", OUTPUT_SUBDIR, "search") or rel.as_posix() in NOT_PAGES:
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_HIDDEN_FROM_PAGEFIND.sub(_readable, _content_only(page.read_bytes(), keep_lang)))


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
    """
    start = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    out = site_dir / OUTPUT_SUBDIR
    if out.exists():  # a dirty rebuild: no fragment of an older index stays behind
        shutil.rmtree(out)
    # One language: forced, whatever a page says. None (a site in several): each page's <html lang>,
    # an index per language, and the box searches its page's language.
    lang = (language.split("-")[0].split("_")[0].lower() or "en") if language is not None else None
    # Only these options count: no pagefind.yml or PAGEFIND_* variable from around the build.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="guidecraft-pagefind-") as tmp:
        copy = Path(tmp) / "site"
        _copy_for_indexing(site_dir, copy, keep_lang=lang is None)
        args = [
            str(pagefind_binary()),
            "--site",
            str(copy),
            "--output-path",
            str(out),
            "--root-selector",
            ROOT_SELECTOR,
            *(("--force-language", lang) if lang else ()),
            "--exclude-selectors",
            ", ".join(EXCLUDE_SELECTORS),
            "--silent",
        ]
        result = subprocess.run(args, cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}): {detail}")
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    entry = out / "pagefind-entry.json"
    if not entry.exists():
        raise SearchIndexError(f"Pagefind wrote no index into {out}")
    if lang is None:  # Pagefind lists the languages in any order: sorted, the same site gives the same bytes
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    pages = sum(int(v.get("page_count", 0)) for v in languages.values())
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return SearchStats(pages=pages, seconds=time.perf_counter() - start, bytes=size)


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
