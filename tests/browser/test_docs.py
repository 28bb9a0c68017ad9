"""guidecraft's own documentation in Debian's Chromium: axe finds nothing, in light and dark.

The docs are built strictly from docs/mkdocs.yml, as the Pages workflow builds them, and served
from 127.0.0.1. axe-core runs the WCAG 2.0, 2.1 and 2.2 A and AA rules and best practice on a
sample of pages (one of each Diataxis kind, and a reference page made from the code), at
1280 px and on a 390 px phone, and with the search box showing results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_docs, serve

from ._sitewalk import axe_failures
from .test_accessibility import inject_axe, open_page, report, wait_for_transitions

pytestmark = pytest.mark.browser

PAGES = (
    "",
    "tutorial/",
    "how-to/exit-page/",
    "reference/quiz/",
    "reference/cli/",
    "explanation/quiz-scoring/",
)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def docs_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("docs") / "site"
    built = build_docs(site)
    assert built.returncode == 0, built.stderr
    base, stop = serve(Path(site))
    yield base
    stop()


def axe_run(page: Any) -> list[str]:
    wait_for_transitions(page)
    inject_axe(page)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("o => axe.run(document, o)", options)
    assert any(r["id"] == "color-contrast" for key in ("passes", "violations", "incomplete") for r in result[key])
    return axe_failures(page.url, result["violations"])


@pytest.mark.parametrize(
    ("scheme", "width"),
    [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)],
    ids=["light-1280px", "dark-1280px", "light-390px", "dark-390px"],
)
def test_docs_pages_pass_axe(browser: Any, docs_url: str, scheme: str, width: int) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(docs_url) else r.abort())
    failures: list[str] = []
    for path in PAGES:
        open_page(page, docs_url + path, scheme)
        failures += axe_run(page)
    context.close()
    assert not failures, report(failures)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_docs_search_finds_a_reference_field_and_passes_axe(browser: Any, docs_url: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    open_page(page, docs_url, scheme)
    box = page.locator("input.md-search__input")
    box.click()
    # Material says "Initializing search" until its worker has the index, and ignores typing before that.
    page.wait_for_function("!/Initializing/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.press_sequentially("remember_color_scheme")  # Material searches on keyup, not on input
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10000)
    assert "reference/site-yaml/" in (first.get_attribute("href") or "")
    failures = axe_run(page)
    context.close()
    assert not failures, report(failures)
