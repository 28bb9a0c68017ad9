"""GitHub Pages serves a project site under a subpath (https://user.github.io/repo/).

The site is built with that site_url, served under /repo/ on 127.0.0.1, and crawled from
the home page: every internal link, script, stylesheet, image and PDF must load (HTTP 200)
and stay under /repo/, every #anchor must exist, and every page must be reachable. Then a
browser loads every page and fails on any request that errs or leaves /repo/. Last, a
missing page is served the way GitHub Pages does it (404.html, status 404) at a deep path,
and it must still look right and offer crisis help.
"""

from __future__ import annotations

import functools
import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from conftest import Tags

from ._sitewalk import ServedSite, page_paths, serve_site

pytestmark = pytest.mark.browser

PUBLIC = "https://user.github.io/repo/"
PREFIX = "/repo/"
UNSTYLED = {"rgba(0, 0, 0, 0)", ""}  # the banner's background when the stylesheets did not load
# Attributes through which a page links to or loads something.
URL_ATTRS = {
    "a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "form": "action",
}


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site built for https://user.github.io/repo/."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path_factory.mktemp("repo-project"))
    config = project / "mkdocs.yml"
    text = config.read_text()
    lines = [f"site_url: {PUBLIC}" if line.startswith("site_url:") else line for line in text.splitlines()]
    if not any(line.startswith("site_url:") for line in lines):
        lines.insert(0, f"site_url: {PUBLIC}")
    config.write_text("\n".join(lines) + "\n")
    site = tmp_path_factory.mktemp("repo-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def served(repo_site: Path) -> Iterator[ServedSite]:
    site, stop = serve_site(repo_site, prefix=PREFIX)
    assert site.path == PREFIX
    yield site
    stop()


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:  # noqa: S310 - 127.0.0.1 only
            return r.status, r.read(), r.headers.get_content_type()
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers.get_content_type()


def local(url: str, base: str) -> str:
    """A URL of the published site, mapped onto the local server."""
    return base + url[len(PUBLIC):] if url.startswith(PUBLIC) else url


def ids_of(html: bytes) -> set[str]:
    return {a["id"] for _, a in Tags(html.decode("utf-8")).tags if a.get("id")}


def test_every_link_and_asset_resolves_under_the_subpath(served: ServedSite) -> None:
    base = served.base
    origin = served.origin
    queue = [base]
    seen_pages: dict[str, bytes] = {}
    checked: dict[str, tuple[int, bytes, str]] = {}
    anchors: list[tuple[str, str, str]] = []
    problems: list[str] = []
    external = 0
    while queue:
        page_url = queue.pop()
        if page_url in seen_pages:
            continue
        status, body, kind = checked.get(page_url) or fetch(page_url)
        seen_pages[page_url] = body
        if status != 200 or kind != "text/html":
            continue
        for tag, attrs in Tags(body.decode("utf-8")).tags:
            attr = URL_ATTRS.get(tag)
            raw = attrs.get(attr or "", "")
            if not raw:
                continue
            scheme = urlsplit(raw).scheme
            if scheme in {"tel", "sms", "mailto"}:
                continue
            if scheme not in {"", "http", "https"}:
                problems.append(f"{page_url}: <{tag} {attr}={raw}> uses the {scheme}: scheme")
                continue
            url, fragment = urldefrag(local(urljoin(page_url, raw), base))
            if not url.startswith(origin):
                external += 1
                continue
            if not url.startswith(base):
                problems.append(f"{page_url}: <{tag} {attr}={raw}> leaves {PREFIX}: {url}")
                continue
            if url not in checked:
                checked[url] = fetch(url)
            status, data, kind = checked[url]
            if status != 200:
                problems.append(f"{page_url}: <{tag} {attr}={raw}> gives HTTP {status}")
            elif kind == "text/html":
                queue.append(url)
                if fragment:
                    anchors.append((page_url, url, fragment))
            elif url.endswith(".pdf") and not data.startswith(b"%PDF-"):
                problems.append(f"{page_url}: {raw} is not a PDF")
    for page_url, url, fragment in anchors:
        if fragment not in ids_of(seen_pages.get(url) or checked[url][1]):
            problems.append(f"{page_url}: link to {url}#{fragment}, which has no such id")
    built = {served.url(p) for p in served.content_pages()}
    unreachable = sorted(built - set(seen_pages))
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems)
    assert not unreachable, f"pages no link reaches: {unreachable}"
    assert len(checked) > len(built), "the crawl checked too little to be working"
    assert external > 0, "found no external link at all (crisis line websites), so the crawl missed links"


def test_every_page_loads_everything_it_needs_from_the_subpath(browser: Any, served: ServedSite) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    def on_response(r: Any) -> None:
        if r.status >= 400:
            problems.append(f"{page.url}: HTTP {r.status} for {r.url}")

    def on_request(r: Any) -> None:
        if not r.url.startswith((served.base, "data:", "blob:")):
            problems.append(f"{page.url}: request outside {PREFIX}: {r.url}")

    page.on("response", on_response)
    page.on("request", on_request)
    for path in served.content_pages():
        page.goto(served.url(path))
        page.wait_for_load_state("networkidle")
        # The stylesheets really applied: the crisis banner has its own background colour.
        if page.locator(".md-banner").evaluate("e => getComputedStyle(e).backgroundColor") in UNSTYLED:
            problems.append(f"{page.url}: the crisis banner has no style, so CSS did not load")
    context.close()
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- the 404 page


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages: a missing file gets the site's 404.html with status 404."""

    not_found: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or not self.not_found.exists():
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="module")
def pages_server(repo_site: Path, served: ServedSite) -> Iterator[str]:
    """The site under /repo/ with GitHub Pages' 404 handling; yields the base URL."""
    root = repo_site.parent / f"{repo_site.name}-served"  # made by serve(): root/repo -> the site
    handler: Callable[..., Any] = functools.partial(
        type("Handler", (_PagesHandler,), {"not_found": repo_site / "404.html"}), directory=str(root)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
    server.server_close()


def test_a_missing_page_gets_a_helpful_404_with_crisis_help(browser: Any, repo_site: Path, pages_server: str) -> None:
    assert "404.html" in page_paths(repo_site)
    missing = pages_server + "does-not-exist/deeper/"
    status, _, _ = fetch(missing)
    assert status == 404

    context = browser.new_context()
    page = context.new_page()
    failed: list[str] = []
    def on_response(r: Any) -> None:
        if r.status >= 400 and r.url != missing:
            failed.append(f"HTTP {r.status} {r.url}")

    page.on("response", on_response)
    response = page.goto(missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert not failed, "the 404 page could not load what it needs at a deep path:\n" + "\n".join(failed)

    # It looks like the site (styles applied) and says what happened.
    assert page.locator(".md-banner").evaluate("e => getComputedStyle(e).backgroundColor") not in UNSTYLED
    assert page.locator("article h1").inner_text().strip()

    # Crisis help: a tel: link and a link to the help page, both on screen.
    assert page.locator(".md-banner a[href^='tel:']").count() == 1
    links = page.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    problems = []
    resolved = []
    for href in links:
        if not href or href.startswith(("tel:", "sms:", "mailto:", "#")):
            continue
        url = urljoin(missing, href)
        if urlsplit(url).netloc not in {urlsplit(missing).netloc, urlsplit(PUBLIC).netloc}:
            continue  # a link to another site
        if not urlsplit(url).path.startswith(PREFIX):
            problems.append(f"{href} leaves {PREFIX}")
            continue
        target = pages_server + urlsplit(url).path[len(PREFIX):]
        resolved.append(target)
        if fetch(target)[0] != 200:
            problems.append(f"{href} does not load (as {target})")
    context.close()
    assert not problems, "links on the 404 page:\n" + "\n".join(problems)
    to_help = any(u.endswith(("/get-help/", "/get-help.html")) for u in resolved)
    assert to_help, "the 404 page has no link to the help page"
    assert pages_server in resolved, "the 404 page has no link to the home page"


def test_search_works_under_the_subpath(browser: Any, served: ServedSite) -> None:
    """Search (Pagefind) loads its files from /repo/pagefind/ and its results lead to /repo/ pages."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served.url("topics/pushing-people-away/"))
    page.keyboard.press("/")
    page.locator(".gc-search input.md-search__input").press_sequentially("samaritans")
    page.locator(".gc-search .md-search-result__item a").first.wait_for(timeout=10000)
    hrefs = page.locator(".gc-search .md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    context.close()
    assert hrefs == [served.url("get-help/")]
    search_files = [u for u in requested if "/pagefind/" in u]
    assert search_files and all(urlsplit(u).path.startswith(PREFIX + "pagefind/") for u in search_files), search_files
