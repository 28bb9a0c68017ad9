"""What the browser tests share: every page of a built site, served the way GitHub Pages serves it.

The site is served under the path of its ``site_url`` (``/guidecraft/`` for the bundled
site), so absolute links, such as those on the 404 page, resolve as they would online.
Pages are found by walking the built HTML, so new topics, quizzes and worksheets are
tested as soon as they exist.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conftest import serve

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

QUIZ = ".gc-quiz[data-gc-quiz]"


@dataclass(frozen=True)
class ServedSite:
    """A built site on 127.0.0.1: ``base`` ends with the site path, for example ``/guidecraft/``."""

    root: Path
    base: str
    pages: tuple[str, ...]

    def url(self, page: str) -> str:
        return self.base + page

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def path(self) -> str:
        return urlsplit(self.base).path

    def content_pages(self) -> list[str]:
        """Every page but the 404 page."""
        return [p for p in self.pages if p != "404.html"]


def built_site_url(site: Path) -> str:
    """The site's ``site_url`` as the build wrote it into sitemap.xml ('' without one)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return ""
    locs = [e.text or "" for e in ET.parse(sitemap).getroot().iterfind("sm:url/sm:loc", SITEMAP_NS)]
    locs = [loc for loc in locs if loc.startswith(("http://", "https://"))]
    return min(locs, key=len) if locs else ""


def site_path(site: Path) -> str:
    """The path part of the site's ``site_url`` ('/guidecraft/')."""
    return urlsplit(built_site_url(site)).path or "/"


def page_paths(site: Path) -> tuple[str, ...]:
    """Every HTML page of a built site, as a URL relative to the site ('' is the home page)."""
    out = []
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        if rel.startswith("assets/"):
            continue
        out.append(rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel)
    return tuple(out)


def serve_site(site: Path, prefix: str | None = None) -> tuple[ServedSite, Callable[[], None]]:
    """Serve a built site under ``prefix`` (default: its own site_url path)."""
    path = prefix if prefix is not None else site_path(site)
    base, stop = serve(site, prefix=path if path.strip("/") else "")
    return ServedSite(site, base, page_paths(site)), stop


def axe_failures(url: str, violations: Iterable[dict[str, Any]]) -> list[str]:
    """One line per failing element: rule id, impact, target selector, page and axe's summary."""
    lines = []
    for v in violations:
        for node in v["nodes"]:
            target = " >> ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())[:300]
            lines.append(f"{v['id']} ({v['impact']}) {target} on {url}: {summary}")
    return lines


def quiz_roots(page: Any) -> list[Any]:
    return page.locator(QUIZ).all()


def answer_quiz(root: Any, pick: str = "first") -> None:
    """Choose an answer to every question of one quiz with the mouse (``pick``: first or last)."""
    names = root.locator("form input[type=radio]").evaluate_all(
        "els => [...new Set(els.map(e => e.name))]"
    )
    assert names, "a quiz with no radio buttons"
    for name in names:
        radios = root.locator(f"form input[type=radio][name='{name}']")
        (radios.first if pick == "first" else radios.last).check()


def quiz_result_text(root: Any) -> str:
    """The text of the quiz's live region outside the form (the result), once it shows."""
    live = root.locator("[aria-live]:not(form [aria-live])")
    assert live.count() >= 1, "the quiz has no aria-live region for its result"
    return live.first.inner_text().strip()


def submit_quiz(root: Any) -> str:
    """Submit an answered quiz with its own button and return the result as read out."""
    root.locator("form button[type=submit]").click()
    live = root.locator("[aria-live]:not(form [aria-live])").first
    live.locator(":scope > *:visible").first.wait_for(state="visible", timeout=5000)
    return quiz_result_text(root)
